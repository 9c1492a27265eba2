"""What a batch reads: files, folders, globs, URLs and stdin, each with the output path it maps to.

Folders are walked for files some reader accepts, by extension or, failing that, by sniffing their
first bytes. Hidden entries are skipped, and so are those a folder's `.xxgkignore` names (a glob
pattern a line, matched against the names in that folder; `name/` for folders only).
Output paths mirror the inputs' tree below their common folder and keep the source's file name
(report.pdf -> report.pdf.json), so they are stable and never collide.
"""
from __future__ import annotations

import fnmatch
import glob
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .fetch import is_url
from .registry import SNIFF_BYTES, Registry
from .storage import local_path, remote

STDIN = "-"
IGNORE_FILE = ".xxgkignore"
_GLOB = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class Task:
    """One input and where its outputs go: OUTDIR/<rel><extension>."""

    source: str
    rel: str


def plan(inputs: list[str], registry: Registry, exclude: Path | None = None) -> list[Task]:
    """The batch's tasks, in a stable order, each input once."""
    files: list[Path] = []
    others: list[str] = []
    remote_files: list[tuple[str, str]] = []
    for item in inputs:
        if item == STDIN or is_url(item):
            others.append(item)
            continue
        if remote(item):
            remote_files += _remote(item, registry)
            continue
        item = local_path(item)
        matches = sorted(glob.glob(item, recursive=True)) if _GLOB.search(item) and not Path(item).exists() else [item]
        for match in matches:
            path = Path(match)
            if path.is_dir():
                files.extend(_walk(path, registry, exclude))
            else:
                files.append(path)   # named explicitly: a missing or unreadable file is reported, not skipped
    unique = list(dict.fromkeys(p.absolute() for p in files))
    base = _common_folder(unique)
    tasks = [Task(str(p), str(p.relative_to(base)) if base else p.name) for p in unique]
    used = {t.rel for t in tasks}
    for url, rel in dict.fromkeys(remote_files):
        tasks.append(Task(url, _unique(rel, used)))
    for item in dict.fromkeys(others):
        tasks.append(Task(item, _unique(_other_rel(item), used)))
    return tasks


def _remote(item: str, registry: Registry) -> list[tuple[str, str]]:
    """The files an fsspec URL names (a file, a folder walked for known extensions, or a glob),
    as (url, path below the folder or the glob's fixed part); a missing file is kept, to fail."""
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


def _walk(root: Path, registry: Registry, exclude: Path | None) -> list[Path]:
    extensions = {ext for reader in registry.readers for ext in reader.extensions}
    sniffers = [r.sniff for r in registry.readers if r.sniff]
    found = []
    for folder, dirs, names in os.walk(root):
        ignored = _ignore_patterns(Path(folder))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _ignored(d, ignored, folder=True)
                         and not (exclude and Path(folder, d).resolve() == exclude.resolve()))
        for name in sorted(names):
            path = Path(folder, name)
            if name.startswith(".") or _ignored(name, ignored, folder=False):
                continue
            if not (path.is_file() or path.is_symlink()):
                continue   # a broken link is kept, to be reported as unreadable
            if path.suffix.lower() in extensions or _sniffed(path, sniffers):
                found.append(path)
    return found


def _ignore_patterns(folder: Path) -> list[str]:
    try:
        lines = (folder / IGNORE_FILE).read_text(encoding="utf-8").splitlines()
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


def _sniffed(path: Path, sniffers) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return False
    return any(sniff(head) for sniff in sniffers)


def _common_folder(paths: list[Path]) -> Path | None:
    if not paths:
        return None
    return Path(os.path.commonpath([str(p.parent) for p in paths]))


def _other_rel(item: str) -> str:
    if item == STDIN:
        return "stdin"
    url = urlsplit(item)
    segments = [s for s in url.path.split("/") if s] or ["index"]
    return "/".join(_safe_name(s) for s in [url.hostname or "web"] + segments)


def _safe_name(text: str) -> str:
    """A file name from URL text: word characters, dots and dashes; never "." or ".."."""
    return re.sub(r"[^\w.-]+", "_", text).strip(".") or "_"


def _unique(rel: str, used: set[str]) -> str:
    candidate, n = rel, 1
    while candidate in used:
        n += 1
        candidate = f"{rel}-{n}"
    used.add(candidate)
    return candidate
