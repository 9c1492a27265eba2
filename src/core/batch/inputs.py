"""What a batch reads: files, folders, globs, URLs and stdin, each with the name it wants under OUT.

Folders are walked for files some reader accepts, by extension or, failing that, by sniffing their
first bytes. Hidden entries are skipped, and so are those a folder's `.xxgkignore` names (a glob
pattern a line, matched against the names in that folder; `name/` for folders only). What xxgk
wrote is never read back: OUT is skipped when it lies inside a walked folder, and the files OUT's
records name are skipped wherever they are met.
Wanted names mirror the inputs' tree below the folder given (`xxgk convert crawl/`: crawl/x/report.pdf
-> x/report.pdf.json, however many folders crawl/ holds), or below the folder holding everything
given (a file given counts as its folder: `xxgk convert a/ b/r.pdf` -> a/…, b/r.pdf.json), and keep
the source's file name (report.pdf -> report.pdf.json); `xxgk.batch.names` makes them safe and unique. Datasets give a
file by its path below the folder that holds everything given (`xxgk convert crawl/` ->
crawl/2024/report.pdf), a URL as given.
"""
from __future__ import annotations

import fnmatch
import glob
import hashlib
import os
import posixpath
import re
import stat
import sys
from collections.abc import Callable, Set
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from ..limits import read_at_most, read_file
from ..registry import SNIFF_BYTES, Registry
from ..urls import is_url, redacted
from . import records, tags
from .records import ROOT, Header
from .storage import Folder, local_path, remote

STDIN = "-"
IGNORE_FILE = ".xxgkignore"
IGNORE_BYTES = 1024 * 1024   # of an ignore file read
_GLOB = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class Task:
    """One input and where its outputs go: OUTDIR/<rel><extension>. `source` is a path as given, a
    URL, or - for standard input (its bytes in `data`); `location` names the source from run to
    run: a file's real path (links and .. resolved), a URL (tagged when it carries credentials),
    or standard input by its content's hash. `prior` is the record an earlier run left of it;
    `claimed` the outputs this run may create for it; `relative` a file's path below the batch's
    input folder, as datasets give it."""

    source: str
    rel: str
    location: str
    data: bytes | None = None
    prior: Header | None = None
    claimed: tuple[str, ...] = ()
    relative: str | None = None


def plan(inputs: list[str], registry: Registry, written: Set[str] = frozenset(),
         key: Callable[[], bytes] = tags.run_key) -> list[Task]:
    """The batch's tasks, in a stable order, each source once. Files xxgk wrote are skipped:
    `written` (real paths), and those of any output folder that holds an input or is met in a walk."""
    written = set(written)
    above: dict[Path, set[str]] = {}
    files: list[Path] = []
    given: list[str] = []
    others: list[str] = []
    remote_files: list[tuple[str, str]] = []
    for item in inputs:
        if item == STDIN or is_url(item):
            others.append(item)
            continue
        if remote(item):
            try:
                remote_files += _remote(item, registry)
            except Exception:   # noqa: BLE001 – fsspec or its backend missing, a scheme nobody knows, a server down:
                remote_files.append((item, _other_rel(redacted(item))))   # the input read as it is, and failing alone
            continue
        item = local_path(item)
        globbed = _GLOB.search(item) and not Path(item).exists()
        for match in sorted(glob.glob(item, recursive=True)) if globbed else [item]:
            path = Path(match)
            given.append(match)
            written |= _outputs_above(path.absolute(), above)
            if path.is_dir():
                files.extend(_walk(path, registry, written))
            else:
                files.append(path)   # named explicitly: a missing or unreadable file is reported, not skipped
    unique: dict[str, Path] = {}   # a file met by several paths (links, ..) is one source
    for path in files:
        location = os.path.realpath(path)
        if location not in written:
            unique.setdefault(location, path.absolute())
    base = _mirrored_folder(given)
    root = _input_root(given)
    tasks = [Task(str(p), Path(os.path.abspath(p)).relative_to(base).as_posix() if base else p.name, location,
                  relative=_below(p, root))
             for location, p in unique.items()]
    tasks += [Task(url, rel, url) for url, rel in dict.fromkeys(remote_files)]
    key = cache(key)
    for item in dict.fromkeys(others):
        data = _stdin() if item == STDIN else None
        tasks.append(Task(item, _other_rel(redacted(item)), _location(item, data, key), data))
    return tasks


def _location(item: str, data: bytes | None, key: Callable[[], bytes]) -> str:
    """How standard input or a URL is known from run to run: standard input by its content's hash;
    a URL as shown, without its fragment, and tagged when it carries credentials (`tags`: URLs
    that differ only in them are shown alike)."""
    if data is not None:
        return f"stdin:{hashlib.sha256(data).hexdigest()}"
    shown = redacted(item).split("#")[0]
    return shown if redacted(item) == item else f"{tags.PREFIX}{tags.tag(item, key())}:{shown}"


def outputs(folder: Folder, index: dict[str, Header]) -> set[str]:
    """Real paths of the files xxgk wrote in a local output folder: what its records name, what a
    killed run claimed, and the batch's own files (reports.csv, a findings file)."""
    from .combined import written_here  # what a batch writes, imported for an output folder met only

    names = [rel for h in index.values() for rel in h.outputs] + sorted(records.claimed(folder))
    names += list(written_here(folder))
    return {os.path.realpath(os.path.join(folder.root, rel)) for rel in names}


def _outputs_above(path: Path, seen: dict[Path, set[str]]) -> set[str]:
    """What xxgk wrote in the output folders that hold `path` (a folder or file named as input):
    a folder with an .xxgk state folder is one."""
    found: set[str] = set()
    for folder in [path, *path.parents] if path.is_dir() else path.parents:
        if folder not in seen:
            seen[folder] = outputs(Folder(str(folder)), records.index(Folder(str(folder)))) \
                if (folder / ROOT).is_dir() else set()
        found |= seen[folder]
    return found


def _stdin() -> bytes:
    """Standard input, read up to one byte over the size limit (the job refuses what is over)."""
    return read_at_most(sys.stdin.buffer)


def _remote(item: str, registry: Registry) -> list[tuple[str, str]]:
    """The files an fsspec URL names (a file, a folder walked for known extensions, or a glob),
    as (url, path below the folder or the glob's fixed part); a missing file is kept, to fail.
    Whatever fsspec raises (ImportError without it or its backend, ValueError for an unknown
    scheme, OSError) is the caller's to make that input's own error."""
    import fsspec

    fs, path = fsspec.core.url_to_fs(item)
    extensions = tuple(ext for reader in registry.readers for ext in reader.extensions)
    wildcard = _GLOB.search(path)
    if wildcard:
        base = path[:wildcard.start()].rsplit("/", 1)[0]
        found = sorted(fs.glob(path))
    elif fs.isdir(path):
        base = path.rstrip("/")
        found = sorted(p for p in fs.find(path) if p.lower().endswith(extensions)
                       and not any(part.startswith(".") for part in p[len(base):].split("/")))
    else:
        base, found = path.rsplit("/", 1)[0], [path]
    return [(fs.unstrip_protocol(p), p[len(base):].lstrip("/") or posixpath.basename(p)) for p in found]


def _walk(root: Path, registry: Registry, written: set[str]) -> list[Path]:
    extensions = {ext for reader in registry.readers for ext in reader.extensions}
    sniffers = [r.sniff for r in registry.readers if r.sniff]
    found = []
    for folder, dirs, names in os.walk(root):
        ignored = _ignore_patterns(Path(folder))
        real = os.path.realpath(folder)
        if ROOT in dirs:   # an output folder of xxgk: what its records name was written, not given
            written.update(outputs(Folder(folder), records.index(Folder(folder))))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _ignored(d, ignored, folder=True))
        for name in sorted(names):
            path = Path(folder, name)
            if name.startswith(".") or _ignored(name, ignored, folder=False) or os.path.join(real, name) in written:
                continue
            if _special(path):   # a pipe, socket or device (or a link to one): its own error, never opened
                found.append(path)
                continue
            if not (path.is_file() or path.is_symlink()):
                continue   # a broken link is kept, to be reported as unreadable
            if path.suffix.lower() in extensions or _sniffed(path, sniffers):
                found.append(path)
    return found


def _ignore_patterns(folder: Path) -> list[str]:
    try:
        lines = read_file(folder / IGNORE_FILE, IGNORE_BYTES).decode("utf-8", "replace").splitlines()
    except OSError:
        return []
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _ignored(name: str, patterns: list[str], folder: bool) -> bool:
    for pattern in patterns:
        if pattern.endswith("/"):
            if folder and fnmatch.fnmatch(name, pattern[:-1]):
                return True
        elif fnmatch.fnmatch(name, pattern):
            return True
    return False


def _special(path: Path) -> bool:
    """Whether `path` is, or links to, neither a regular file nor a folder (told by stat, which
    opens nothing)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _sniffed(path: Path, sniffers) -> bool:
    try:
        head = read_file(path, SNIFF_BYTES)[:SNIFF_BYTES]   # never a pipe: opening one would wait
    except OSError:
        return False
    return any(sniff(head) for sniff in sniffers)


def _input_root(given: list[str]) -> str | None:
    """The batch's input folder: the one holding every file and folder given (their common parent)."""
    parents = [os.path.dirname(os.path.abspath(g)) for g in given]
    return os.path.commonpath(parents) if parents else None


def _below(path: Path, root: str | None) -> str:
    """A file's path below the input folder, as datasets give it (crawl/2024/report.pdf)."""
    rel = Path(os.path.relpath(os.path.normpath(path), root) if root else path.name)
    return path.name if rel.parts[0] == os.pardir else rel.as_posix()


def _mirrored_folder(given: list[str]) -> Path | None:
    """The folder whose tree the outputs mirror: the one folder given, or the one holding every file
    and folder given (a file counts as the folder it is in)."""
    folders = [os.path.abspath(g) if os.path.isdir(g) else os.path.dirname(os.path.abspath(g)) for g in given]
    return Path(os.path.commonpath(folders)) if folders else None


def _other_rel(item: str) -> str:
    if item == STDIN:
        return "stdin"
    try:
        url = urlsplit(item)
        host = url.hostname
    except ValueError:   # a malformed URL is named as it is, and fails when fetched
        url, host = urlsplit(""), None
    segments = [s for s in url.path.split("/") if s] or ["index"]
    return "/".join(_safe_name(s) for s in [host or "web"] + segments)


def _safe_name(text: str) -> str:
    """A file name from URL text: word characters, dots and dashes; never "." or ".."."""
    return re.sub(r"[^\w.-]+", "_", text).strip(".") or "_"
