"""The `xxgk` entry points of the installed distributions, scanned once and kept in a cache until a
distribution is installed, removed or changed.

Scanning every distribution's metadata (`importlib.metadata.entry_points`, which first imports
email, zipfile and csv) costs more than reading and checking a small report. The scan's result is
kept in $XDG_CACHE_HOME/xxgk (~/.cache/xxgk), one file for each list of import folders (sys.path),
with a stamp of what the scan read: the *.dist-info and *.egg-info in each folder, each with the
modification time and size of its entry_points.txt and METADATA (PKG-INFO), and the modification
time and size of each sys.path entry that is a file (a zip). When the stamp differs, or the file
cannot be read or is not of the expected shape, the distributions are scanned again and the file
rewritten (atomically); a cache that cannot be written is no error. A finder on sys.meta_path that
finds distributions elsewhere than on sys.path leaves nothing to stamp: then every load scans (the
importlib_metadata backport's path finder, which reads sys.path as the standard one does, is no such
finder).
"""
from __future__ import annotations

import importlib
import json
import os
import re
import stat
import sys
import zlib
from importlib.machinery import PathFinder

FORMAT = 1
# What importlib.metadata.EntryPoint.load accepts: "module", "module:attr.attr", with [extras].
VALUE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")

EntryPoint = tuple[str, str, "str | None"]   # name, value ("module:attr"), its distribution's version


def installed(group: str) -> list[EntryPoint]:
    """The entry points of `group`, in the order importlib.metadata gives them: from the cache
    when its stamp matches, scanned (and the cache rewritten) otherwise."""
    if any(_elsewhere(finder) for finder in sys.meta_path):
        return scan(group)
    folders = [os.path.abspath(entry) for entry in sys.path]
    path = cache_file(group, folders)
    now = stamp(folders)
    cached = _read(path, group, folders, now)
    if cached is not None:
        return cached
    found = scan(group)
    _write(path, {"format": FORMAT, "group": group, "path": folders, "stamp": now,
                  "entry_points": [list(ep) for ep in found]})
    return found


def _elsewhere(finder: object) -> bool:
    """Whether a finder on sys.meta_path may find distributions elsewhere than the sys.path folders
    the stamp covers: not the standard PathFinder, nor the importlib_metadata backport's
    MetadataPathFinder (which Dask's dependencies install), which read those very folders."""
    if finder is PathFinder or not hasattr(finder, "find_distributions"):
        return False
    kind = type(finder)
    return (kind.__name__, kind.__module__) != ("MetadataPathFinder", "importlib_metadata")


def scan(group: str) -> list[EntryPoint]:
    """The entry points of `group` as importlib.metadata finds them (each distribution's version
    read once, not once an entry point)."""
    from importlib.metadata import entry_points

    versions: dict[object, str] = {}
    found = []
    for ep in entry_points(group=group):
        dist = getattr(ep, "dist", None)
        if dist is not None and dist not in versions:
            versions[dist] = dist.version
        found.append((ep.name, ep.value, versions.get(dist)))
    return found


def load(value: str) -> object:
    """What an entry point's value names: the module, or the attribute in it (ImportError,
    AttributeError as importlib.metadata raises them; ValueError for a malformed value)."""
    match = VALUE.match(value)
    if match is None:
        raise ValueError(f"not an entry point: {value!r}")
    found: object = importlib.import_module(match.group("module"))
    for attr in (match.group("attr") or "").split("."):
        if attr:
            found = getattr(found, attr)
    return found


def cache_folder() -> str:
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "xxgk")


def cache_file(group: str, folders: list[str]) -> str:
    """The cache file of `group` for these import folders (their list, hashed, names it)."""
    key = zlib.crc32(json.dumps([group, sys.executable, folders]).encode())
    return os.path.join(cache_folder(), f"entry-points-{key:08x}.json")


def stamp(folders: list[str]) -> list:
    """What the scan of these sys.path entries read, as JSON data that compares equal while
    nothing was installed, removed or changed."""
    out: list = []
    for folder in folders:
        try:
            info = os.stat(folder)
        except OSError:
            out.append([folder, None])
            continue
        if not stat.S_ISDIR(info.st_mode):
            out.append([folder, info.st_mtime_ns, info.st_size])
            continue
        try:
            with os.scandir(folder) as entries:
                names = sorted(e.name for e in entries if e.name.endswith((".dist-info", ".egg-info")))
        except OSError:
            out.append([folder, None])
            continue
        dists = []
        for name in names:
            metadata = "METADATA" if name.endswith(".dist-info") else "PKG-INFO"
            dists.append([name, _file(os.path.join(folder, name, "entry_points.txt")),
                          _file(os.path.join(folder, name, metadata))])
        out.append([folder, dists])
    return out


def _file(path: str) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_mtime_ns, info.st_size]


def _read(path: str, group: str, folders: list[str], now: list) -> list[EntryPoint] | None:
    """The cached entry points, or None: no file, unreadable, of another shape, or stale."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        if (data["format"] != FORMAT or data["group"] != group or data["path"] != folders
                or data["stamp"] != now):
            return None
        found = [(name, value, version) for name, value, version in data["entry_points"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if all(isinstance(n, str) and isinstance(v, str) and (r is None or isinstance(r, str)) for n, v, r in found):
        return found
    return None


def _write(path: str, data: dict) -> None:
    """Write the cache file whole or not at all (a temporary file beside it, renamed over it)."""
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "w", encoding="utf-8") as f:
            json.dump(data, f)
        os.replace(temporary, path)
    except OSError:
        try:
            os.remove(temporary)
        except OSError:
            pass
