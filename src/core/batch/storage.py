"""Where a batch reads and writes: local paths, or fsspec URLs (file://, s3://, … whatever fsspec
backends are installed), so that workers on other machines reach the same files.

http(s) sources are fetched as before (`xxgk.fetch`); any other `protocol://` goes through fsspec
(installed with the dask extra). Local paths and file:// URLs stay plain local files, written
atomically.
"""
from __future__ import annotations

import io
import os
import posixpath
import re
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import ReadError, UsageError, WriteError
from ..limits import MAX_INPUT_BYTES, read_at_most
from ..urls import is_url

_PROTOCOL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")


def remote(location: str) -> bool:
    """Whether `location` is an fsspec URL other than file:// (and not http(s), which is fetched)."""
    m = _PROTOCOL.match(location)
    return m is not None and m.group(1).lower() != "file" and not is_url(location)


def local_path(location: str) -> str:
    """A file:// URL as a path; anything else unchanged."""
    return location[len("file://"):] if location.lower().startswith("file://") else location


def local_folder(location: str) -> Path | None:
    """A local output folder as a Path (inputs inside it are not read), None for a remote one."""
    return None if remote(location) else Path(local_path(location))


def read_bytes(location: str) -> bytes:
    """The bytes of a remote source (at most MAX_INPUT_BYTES)."""
    fsspec = _fsspec()
    try:
        with fsspec.open(location, "rb") as f:
            data = read_at_most(f)
    except (OSError, ValueError, ImportError) as exc:   # ImportError: the scheme's backend is not installed
        raise ReadError(f"cannot read: {exc}") from exc
    if len(data) > MAX_INPUT_BYTES:
        raise ReadError(f"input larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB")
    return data


class Folder:
    """An output folder, local or remote; `rel` names below it use / and never leave it."""

    def __init__(self, location: str):
        self.location = location
        if remote(location):
            self.fs, self.root = _fsspec().core.url_to_fs(location)
        else:
            self.fs, self.root = None, local_path(location)

    def path(self, rel: str) -> str:
        """The location of `rel`: a local path, or a URL (WriteError if it would leave the folder)."""
        if self.fs is None:
            path = os.path.normpath(os.path.join(self._local_root, rel))
            if not (path + os.sep).startswith(self._local_root + os.sep) and path != self._local_root:
                raise WriteError(f"output path {rel!r} leaves {self.root}")
            return path
        return self.fs.unstrip_protocol(self._remote(rel))

    @cached_property
    def _local_root(self) -> str:
        return os.path.realpath(self.root)

    def _remote(self, rel: str) -> str:
        clean = posixpath.normpath(rel.replace("\\", "/")) if rel else "."
        if clean.startswith(("../", "/")) or clean == "..":
            raise WriteError(f"output path {rel!r} leaves {self.location}")
        return posixpath.normpath(posixpath.join(self.root, clean))

    def relative(self, location: str) -> str | None:
        """`location` as a name below this folder, or None when it lies elsewhere."""
        if self.fs is not None:
            base = self.fs.unstrip_protocol(self._remote("")) + "/"
            return location[len(base):] if location.startswith(base) and len(location) > len(base) else None
        path = os.path.realpath(local_path(location))
        return os.path.relpath(path, self._local_root) if path.startswith(self._local_root + os.sep) else None

    def write(self, rel: str, emit: Callable[[BinaryIO], Any]) -> str:
        """Write `rel` with emit(out); its location."""
        location = self.path(rel)
        write_to(location, emit)
        return location

    def open(self, rel: str) -> BinaryIO:
        """`rel` opened for reading bytes."""
        if self.fs is None:
            return open(self.path(rel), "rb")
        return self.fs.open(self._remote(rel), "rb")

    def kind(self, rel: str) -> str | None:
        """What stands at `rel`: "dir", "file" or None."""
        if self.fs is None:
            path = Path(self.root, rel)
            return "dir" if path.is_dir() else "file" if path.exists() or path.is_symlink() else None
        remote_path = self._remote(rel)
        return ("dir" if self.fs.isdir(remote_path) else "file") if self.fs.exists(remote_path) else None

    def find(self, rel: str, extension: str) -> list[str]:
        """The files below the folder `rel` whose names end with `extension`, as sorted paths below
        this folder."""
        if self.fs is None:
            root = Path(self.root)
            return sorted(str(Path(folder, name).relative_to(root)) for folder, _, names in os.walk(root / rel)
                          for name in names if name.endswith(extension))
        base = self._remote("")
        return sorted(p[len(base):].lstrip("/") for p in self.fs.find(self._remote(rel)) if p.endswith(extension))

    def remove(self, rel: str) -> None:
        """Remove the file `rel`, if it is there (WriteError if it cannot be)."""
        try:
            if self.fs is None:
                Path(self.path(rel)).unlink(missing_ok=True)
            elif self.fs.exists(self._remote(rel)):
                self.fs.rm(self._remote(rel))
        except OSError as exc:
            raise WriteError(f"cannot remove {self.path(rel)}: {exc.strerror or exc}") from exc


def refuse_special(location: Path, name: str) -> None:
    """UsageError when the local `location` exists (through its links) and is not a regular file:
    a pipe, a device, a socket or a folder (`name`: how the message names it). Such a place is
    never replaced by an output."""
    if location.exists() and not location.is_file():
        raise UsageError(f"{name} is not a regular file (a pipe or a device)")


def write_to(location: str, emit: Callable[[BinaryIO], Any]) -> None:
    """Write a local path (atomically) or a remote URL with emit(out)."""
    if not remote(location):
        from ..api import write_atomically
        write_atomically(Path(local_path(location)), emit)
        return
    buffer = io.BytesIO()
    emit(buffer)
    fs, path = _fsspec().core.url_to_fs(location)
    fs.pipe(path, buffer.getvalue())


def _fsspec():
    try:
        import fsspec
    except ImportError as exc:
        raise ReadError('fsspec URLs need the dask extra: pip install "xxgk[dask]"') from exc
    return fsspec
