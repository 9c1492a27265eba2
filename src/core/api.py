"""The Python API: read a source into a Report, validate it, write it in any registered format."""
from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from . import limits, manager
from .assembler import assemble
from .dataset import Entry, Settings, batch_page
from .decoding import readable_path
from .document import Block, Paragraph
from .errors import ReadError, WriteError, XxgkError
from .model import Finding, Report
from .registry import Source
from .rulesettings import RuleSettings
from .urls import is_url

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
# An output being written is .xxgk-partial-<tag>-<random>.tmp beside it, <tag> naming the output;
# only a killed process leaves one behind.
TEMPORARY = re.compile(r"^\.xxgk-partial-(?P<tag>[0-9a-f]{8})-[a-z0-9_]{8}\.tmp$")


def _registry(plugins: manager.Plugins | None):
    return (plugins or manager.default()).registry


def read(path: str | os.PathLike, *, plugins: manager.Plugins | None = None,
         time_limit: float | None = limits.FILE_TIME_LIMIT) -> Report:
    """Read a report file or an http(s) URL (any format a reader plugin accepts) into a Report.
    ReadError when it cannot be read, also when reading it takes more than `time_limit` seconds of
    processor time (default 120, as the command line's --time-limit), or 3 times as many on the
    clock; None or 0: no limit; inside a caller's own `limits.time_limit` block, that one. The limit
    is met when Python next runs: a native call that never returns is stopped only in a batch's
    worker processes."""
    with _limited(time_limit):
        return read_source(load_source(path), plugins=plugins, time_limit=None)


def load_source(path: str | os.PathLike, limit: int | None = None) -> Source:
    """The bytes of a regular file or an http(s) URL, at most `limit` bytes (default
    MAX_INPUT_BYTES; ReadError otherwise: a FIFO or a device, even behind a symlink, is refused
    before it is read, and a file that grows while read is cut at the limit, whatever its size said)."""
    if is_url(str(path)):
        from .fetch import fetch  # the HTTP client, imported for a URL only

        return fetch(str(path))
    limit = limits.MAX_INPUT_BYTES if limit is None else limit
    try:
        size = os.stat(path).st_size
        if size > limit:
            raise ReadError(f"{size // (1024 * 1024)} MiB: over the limit of {limit // (1024 * 1024)} MiB "
                            "for one input")
        data = limits.read_file(path, limit)
    except limits.NotRegularFile as exc:
        raise ReadError("not a regular file (a pipe, socket or device): refused") from exc
    except OSError as exc:
        raise ReadError(f"cannot open: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise ReadError(f"over the limit of {limit // (1024 * 1024)} MiB for one input")
    return Source(data, str(path))


def read_source(source: Source, *, plugins: manager.Plugins | None = None,
                time_limit: float | None = limits.FILE_TIME_LIMIT) -> Report:
    """Read a report from bytes already in hand (stdin, a download); ReadError and `time_limit` as
    for `read`."""
    with _limited(time_limit):
        return _read_source(source, _registry(plugins))


@contextmanager
def _limited(seconds: float | None) -> Iterator[None]:
    """The block within `seconds` of processor time, a time-out a ReadError; inside a caller's own
    `limits.time_limit` block, that block's limit holds (its TimedOut is not a ReadError)."""
    if limits.within_a_limit():
        yield
        return
    try:
        with limits.time_limit(seconds):
            yield
    except limits.TimedOut as exc:
        raise ReadError(str(exc)) from None


BATCH_PAGE_READ = "a batch page xxgk wrote (xxgk report), not a report: not read back"


def _read_source(source: Source, registry) -> Report:
    if len(source.data) > limits.MAX_INPUT_BYTES:
        raise ReadError(f"over the limit of {limits.MAX_INPUT_BYTES // (1024 * 1024)} MiB for one input")
    if batch_page(source.data):
        raise ReadError(BATCH_PAGE_READ)
    reader = registry.reader_for(source)
    try:
        doc = reader.read(source)
    except XxgkError:
        raise
    except RecursionError as exc:
        raise ReadError(f"{reader.name} reader: structure nested too deeply") from exc
    except Exception as exc:  # a reader's own failure is a read error of this input, not a crash
        raise ReadError(f"{reader.name} reader failed: {type(exc).__name__}: {exc}") from exc
    if len(doc.blocks) > limits.MAX_BLOCKS:   # the assembler keeps several objects a block
        raise ReadError(f"{len(doc.blocks):,} paragraphs and tables: over the limit of {limits.MAX_BLOCKS:,}")
    limits.check_text(max((len(text) for text in _texts(doc.blocks)), default=0))   # tens of bytes a character
    report = assemble(doc, registry.sections(), registry.table_variants(), registry.first_year())
    if doc.reread is not None:   # a scan's cells read a second way (`rereading`), imported for one only
        from .rereading import confirm

        confirm(report, doc.reread, registry)
    if report.meta.source:
        report.meta.source = readable_path(report.meta.source)   # a file name that is not UTF-8
    return report


def _texts(blocks: list[Block]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.text
        else:
            yield from (cell.text for row in block.rows for cell in row)


def validate(report: Report, *, plugins: manager.Plugins | None = None,
             settings: Mapping[str, object] | RuleSettings | None = None) -> list[Finding]:
    """Every finding of every registered validator, errors first. The report is not changed.
    `settings` gives rules values other than their defaults ({"SECTION-EMPTY.min-chars": 50};
    `xxgk plugins` lists them): ValueError for one no rule declares or a value it refuses."""
    registry = _registry(plugins)
    given = registry.rule_settings(settings)
    findings = [f for v in registry.validators for f in v.run(report, given)]
    return sorted(findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 3))


def write(report: Report, format: str, dest: str | os.PathLike | BinaryIO, *,
          findings: list[Finding] | None = None, plugins: manager.Plugins | None = None) -> None:
    """Write one report as `format` ("json", "csv", "docx", …) to a path (atomically) or a binary
    stream; a document format lists `findings`, when given, apart from the official tables; a
    dataset format (csv, xlsx, …) counts them, the report's own findings (`validate`) when not given."""
    writer = _registry(plugins).writer(format)

    def emit(out: BinaryIO) -> None:
        if writer.write is not None:
            writer.write(report, out, findings)
        else:
            assert writer.write_all is not None
            found = validate(report, plugins=plugins) if findings is None else findings
            writer.write_all([Entry(report.meta.source or "", report=report, findings=found)], out, Settings())

    if hasattr(dest, "write"):
        emit(dest)  # type: ignore[arg-type]
    else:
        write_atomically(Path(dest), emit)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def temporary_tag(name: str) -> str:
    """The tag of the temporary files of an output called `name` (see TEMPORARY)."""
    return hashlib.sha1(name.encode("utf-8", "surrogateescape")).hexdigest()[:8]


def write_atomically(path: Path, emit) -> None:
    """Write through a temporary file in the same folder (see TEMPORARY), renamed into place when
    complete."""
    import tempfile  # with shutil and random: imported to write, not on every start

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".xxgk-partial-{temporary_tag(path.name)}-", suffix=".tmp",
                                   dir=path.parent)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as out:
            emit(out)
        os.chmod(tmp, 0o666 & ~_umask())   # mkstemp's 0600 would hide the output from other users
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
