"""The names an input's outputs get under OUT.

Outputs mirror the inputs' folder tree and keep the source's file name (report.pdf ->
report.pdf.json, report.pdf.html). A file name that is not UTF-8 (GBK names from zips made on
Chinese Windows) is decoded as GB18030 where it is valid; a name longer than MAX_NAME_BYTES is
shortened with a hash of the whole name. Where a name would collide with another input's outputs,
with a folder, with an input, or with the outputs another source already has in OUT, it is
numbered: report~2.pdf, then report~3.pdf.
"""
from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable, Iterable, Iterator

from ..decoding import readable_name

MAX_NAME_BYTES = 200   # one path component, leaving room for an output extension within NAME_MAX (255)
RECORD_EXTENSION = ".json"


def safe(part: str) -> str:
    """One path component as an output name: readable (see `readable_name`), at most MAX_NAME_BYTES."""
    name = readable_name(part)
    raw = name.encode("utf-8")
    if len(raw) <= MAX_NAME_BYTES:
        return name
    stem, suffix = _split(name)
    suffix = suffix if len(suffix.encode()) <= 16 else ""
    tag = "~" + hashlib.sha1(raw).hexdigest()[:10]
    room = MAX_NAME_BYTES - len(tag.encode()) - len(suffix.encode())
    return stem.encode("utf-8")[:room].decode("utf-8", "ignore") + tag + suffix


def numbered(name: str) -> Iterator[str]:
    """name, then name~2, name~3, … with the number before the file's extension."""
    yield name
    stem, suffix = _split(name)
    n = 2
    while True:
        yield f"{stem}~{n}{suffix}"
        n += 1


def _split(name: str) -> tuple[str, str]:
    stem, suffix = posixpath.splitext(name)
    return (stem, suffix) if stem else (name, "")


class Namer:
    """Hands out output names (paths below OUT, with /) that collide with nothing: not with each
    other, nor with a folder, nor with a file already there (which xxgk never writes over).

    `extensions` are those every name gets (the writers' and the record's); `taken` are the names
    other sources' records hold; `reserved` are files below OUT no output may take (inputs when
    OUT holds inputs, the batch's combined files); `on_disk(rel)` says what is already there: "dir",
    "file" or None."""

    def __init__(self, extensions: Iterable[str], taken: Iterable[str], reserved: Iterable[str],
                 on_disk: Callable[[str], str | None]):
        self.extensions = tuple(dict.fromkeys((*extensions, RECORD_EXTENSION)))
        self.files: set[str] = set(reserved)
        self.dirs: set[str] = set()
        self.folders: dict[tuple[str, str], str] = {}
        self.on_disk = on_disk
        for name in taken:
            self.hold(name)

    def hold(self, name: str) -> None:
        """Keep `name` (and its outputs) for the source that has it."""
        self.files.update(name + ext for ext in self.extensions)
        parent = posixpath.dirname(name)
        while parent and parent not in self.dirs:
            self.dirs.add(parent)
            parent = posixpath.dirname(parent)

    def name(self, wanted: str) -> str:
        """A free name for the input whose mirrored name is `wanted`; it is held from now on."""
        *folders, file = wanted.split("/")
        parent = ""
        for folder in folders:
            parent = self._folder(parent, safe(folder))
        for candidate in numbered(safe(file)):
            name = posixpath.join(parent, candidate)
            if all(self._free_file(name + ext) for ext in self.extensions):
                self.hold(name)
                return name
        raise AssertionError("unreachable: numbered names never end")

    def _folder(self, parent: str, folder: str) -> str:
        key = (parent, folder)
        if key not in self.folders:
            for candidate in numbered(folder):
                path = posixpath.join(parent, candidate)
                if path not in self.files and self.on_disk(path) != "file":
                    break
            self.folders[key] = path
            self.dirs.add(path)
        return self.folders[key]

    def _free_file(self, path: str) -> bool:
        return path not in self.files and path not in self.dirs and self.on_disk(path) is None
