"""OUT for the length of a batch: checked usable before any work, held by one run at a time, and rid
of the temporary files that killed runs left behind.

Runs into one local OUT take turns: each holds an exclusive lock on OUT/.xxgk/lock (flock; released
by the kernel when the process ends, however it ends), and one that finds it held waits, saying
so. Under the lock, no other run writes in OUT, so any temporary output file found there is a
leftover and is removed. A remote OUT (fsspec URL) is not locked: its runs must not overlap.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..api import TEMPORARY, temporary_tag
from ..errors import UsageError
from .records import ROOT
from .storage import Folder

LOCK = f"{ROOT}/lock"
PARTS = f"{ROOT}/parts"
PROBE_BYTES = 4096


@contextmanager
def held(folder: Folder, waiting: Callable[[str], None]) -> Iterator[None]:
    """Hold OUT for one batch. UsageError when it is not a folder or cannot be written; while
    another run holds it, `waiting(message)` is called once and the run waits its turn."""
    if folder.fs is not None:
        _usable_remote(folder)
        yield
        return
    root = Path(folder.root)
    fd = _open_lock(root)
    try:
        _lock(fd, root, waiting)
        _remove_leftovers(root)
        yield
    finally:
        os.close(fd)


@contextmanager
def read(folder: Folder, waiting: Callable[[str], None]) -> Iterator[None]:
    """Read OUT's batch while no run writes in it: a shared lock on OUT/.xxgk/lock, taken without
    writing in OUT (so a folder that cannot be written is read too); while a run holds OUT,
    `waiting(message)` is called once and the reader waits for it to finish. A remote OUT, or one
    no run ever held, is read as it is."""
    try:
        import fcntl
        fd = os.open(Path(folder.root, LOCK), os.O_RDONLY) if folder.fs is None else None
    except (ImportError, OSError):
        fd = None
    if fd is None:
        yield
        return
    try:
        _flock(fd, fcntl.LOCK_SH, folder.root, waiting)
        yield
    finally:
        os.close(fd)


def _open_lock(root: Path) -> int:
    if root.exists() and not root.is_dir():
        raise UsageError(f"output folder {root} is a file")
    try:
        (root / ROOT).mkdir(parents=True, exist_ok=True)
        fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise UsageError(f"cannot write in the output folder {root}: {exc.strerror or exc}") from exc
    try:
        probe(root, f"cannot write in the output folder {root}")
    except UsageError:
        os.close(fd)
        raise
    return fd


def probe(folder: Path, failure: str) -> None:
    """Check that files can be written in `folder`, or in the nearest folder above it that exists
    (it will be made), by writing one (UsageError `failure: reason`)."""
    while not folder.exists() and not folder.is_symlink() and folder.parent != folder:
        folder = folder.parent
    try:
        fd, name = tempfile.mkstemp(prefix=f".xxgk-partial-{temporary_tag('')}-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(bytes(PROBE_BYTES))   # a full disk fails here, not in the run
        finally:
            os.unlink(name)
    except OSError as exc:
        raise UsageError(f"{failure}: {exc.strerror or exc}") from exc


def _lock(fd: int, root: Path, waiting: Callable[[str], None]) -> None:
    try:
        import fcntl
    except ImportError:   # not POSIX: runs are not serialised
        return
    _flock(fd, fcntl.LOCK_EX, root, waiting)
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)


def _flock(fd: int, kind: int, root: object, waiting: Callable[[str], None]) -> None:
    """Lock OUT's lock file `fd` (fcntl.LOCK_EX or LOCK_SH); while another run holds it, `waiting`
    is told once, naming the process the file names, and the lock is waited for."""
    import fcntl
    try:
        fcntl.flock(fd, kind | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
        waiting(f"{root} is in use by another xxgk run (process {holder}); waiting for it to finish")
        fcntl.flock(fd, kind)


def _remove_leftovers(root: Path) -> None:
    """Temporary files of killed runs, and the parts of combined datasets (remade each run)."""
    parts = root / PARTS
    try:
        if parts.is_dir() and not parts.is_symlink():
            shutil.rmtree(parts)
        else:
            parts.unlink(missing_ok=True)
        for folder, _, names in os.walk(root):
            for name in names:
                if TEMPORARY.match(name):
                    Path(folder, name).unlink(missing_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot clear what a killed run left in {root}: {exc.strerror or exc}") from exc


def remove_leftovers_of(path: Path) -> None:
    """The temporary files a killed run left beside the file `path` (a findings file outside OUT)."""
    tag = temporary_tag(path.name)
    for entry in path.parent.glob(".xxgk-partial-*.tmp"):
        match = TEMPORARY.match(entry.name)
        if match and match["tag"] == tag:
            entry.unlink(missing_ok=True)


def _usable_remote(folder: Folder) -> None:
    try:
        folder.fs.makedirs(folder.root, exist_ok=True)
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot write in the output folder {folder.location}: {exc}") from exc
