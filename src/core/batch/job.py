"""The per-file job of a batch: up to date, or read, checked and written, never raising.

`convert_one` takes only picklable arguments, so any scheduler can run it. Resume decides by the
source, never by the name: an input is skipped only when its record (`task.prior`) was made from
the same location with the same content (same size and modification time, or else the same
SHA-256 of its bytes), by the same xxgk, plugins and document options, and every output asked for
is there. Anything else is converted again.

An input writes only the outputs its record names and those the run claimed for it (`task.claimed`,
free when the run began: see `records.claim`); a file in OUT that neither names is never written
over. When the source's content or the options changed, the outputs of the earlier conversion that
this one does not write again are removed: OUT never holds an output of content the source no
longer has.
"""
from __future__ import annotations

import hashlib
import os
import traceback
from collections import Counter
from functools import partial

from .. import api, manager
from ..decoding import readable_path
from ..errors import ReadError, XxgkError, one_line
from ..limits import MAX_INPUT_BYTES, TimedOut, time_limit
from ..registry import Source
from ..urls import is_url, redacted
from . import records
from .inputs import STDIN, Task
from .options import FileResult, Options
from .records import Header
from .storage import Folder, local_path, read_bytes, remote
from .tags import shown_tag


def convert_one(task: Task, options: Options, fact_keys: tuple[str, ...] = ()) -> FileResult:
    """Convert one input unless its record is up to date; whatever the input, a FileResult."""
    folder = Folder(options.outdir)
    try:
        with time_limit(options.time_limit):
            return _convert(task, options, folder, fact_keys)
    except TimedOut as exc:
        return failed(folder, task, options, str(exc))
    except XxgkError as exc:
        return failed(folder, task, options, str(exc))
    except Exception as exc:   # a bug met on one input must not stop the batch
        detail = traceback.format_exc() if options.debug else one_line(f"{type(exc).__name__}: {exc}")
        return failed(folder, task, options, f"internal error: {detail}")


def shown(task: Task) -> str:
    """The input as messages and datasets show it (standard input with the start of its hash, a
    URL that carries credentials with its tag: `tags`)."""
    if task.source == STDIN:
        return f"<stdin:{task.location.removeprefix('stdin:')[:12]}>"
    return readable_path(redacted(task.source)) + shown_tag(task.location)


def given(task: Task) -> str:
    """The input as datasets give it: a file's path below the batch's input folder, a URL as given,
    standard input by the start of its hash."""
    return readable_path(task.relative) if task.relative else shown(task)


def _convert(task: Task, options: Options, folder: Folder, fact_keys: tuple[str, ...]) -> FileResult:
    prior, stat = task.prior, _stat(task)
    # the earlier conversion, while it stands for this xxgk, these options and (below) this content
    current = prior is not None and prior.status == "converted" and prior.identity == options.identity
    earlier = prior if current else None
    wanted = wanted_outputs(task.rel, options)
    complete = not options.force and earlier is not None and all(
        rel in earlier.outputs and folder.kind(rel) == "file" for rel in wanted)
    if earlier is not None and complete and stat == (earlier.size, earlier.mtime_ns):
        return earlier.result("skipped")
    try:
        source = load(task)
    except ReadError as exc:
        return failed(folder, task, options, str(exc), keep=True)
    sha256 = hashlib.sha256(source.data).hexdigest()
    if earlier is not None and earlier.sha256 != sha256:
        earlier = None
    if earlier is not None and complete:
        return earlier.result("skipped")
    ours = set(prior.outputs if prior else ())
    blocked = [rel for rel in wanted if rel not in ours and rel not in task.claimed]
    if blocked:
        return failed(folder, task, options, f"{folder.path(blocked[0])} is in the way: xxgk did not write it "
                      "(move it, or choose another OUT)", keep=True)
    report = api.read_source(source, time_limit=None)   # within convert_one's own limit
    findings = api.validate(report, settings=options.rule_settings)
    kept = [rel for rel in earlier.outputs if rel not in wanted and folder.kind(rel) == "file"] if earlier else []
    registry = manager.default().registry
    for name in options.formats:
        if registry.writer(name).write is not None:
            document = partial(api.write, report, name, findings=findings if options.findings_in_documents else None)
            folder.write(task.rel + registry.writer(name).extension, document)
    header = Header(task.location, shown(task), task.rel, "converted", options.identity, len(source.data),
                    stat[1] if stat else None, sha256, None, wanted + kept, report.meta.organ, report.meta.year,
                    dict(Counter(f.severity for f in findings)), dict(Counter(f.rule for f in findings)),
                    {k: report.value(k) for k in fact_keys}, given(task), registry.batch_extracts(report))
    records.write(folder, header, report, findings)
    _remove(folder, ours - set(header.outputs))
    return header.result()


def wanted_outputs(name: str, options: Options) -> list[str]:
    """The outputs asked for of the input called `name` below OUT."""
    registry = manager.default().registry
    return [name + registry.writer(n).extension for n in options.formats if registry.writer(n).write is not None]


def _stat(task: Task) -> tuple[int, int] | None:
    """(size, modification time in ns) of a local file; None for anything else or on error."""
    if task.source == STDIN or is_url(task.source) or remote(task.source):
        return None
    try:
        st = os.stat(local_path(task.source))
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def load(task: Task) -> Source:
    """The input's bytes (at most MAX_INPUT_BYTES) under the name it is shown by (ReadError)."""
    if task.source == STDIN:
        data = task.data or b""
        if len(data) > MAX_INPUT_BYTES:
            raise ReadError(f"over the limit of {MAX_INPUT_BYTES // (1024 * 1024)} MiB for one input")
        return Source(data, shown(task))
    if remote(task.source):
        return Source(read_bytes(task.source), task.source)
    return api.load_source(local_path(task.source))


def failed(folder: Folder, task: Task, options: Options, error: str, keep: bool = False) -> FileResult:
    """Record that `task` failed and why. With `keep` (the source could not be reached, or an output
    it asks for is in the way) an earlier conversion stays as it was; otherwise the failure replaces
    it, and the outputs of the earlier conversion and any this attempt wrote are removed."""
    result = FileResult(shown(task), "failed", error)
    if keep and task.prior is not None and task.prior.status == "converted":
        return result
    try:
        records.write(folder, Header(task.location, shown(task), task.rel, "failed", options.identity, error=error,
                                     relative=given(task)))
    except XxgkError as exc:
        result.error = f"{error}; its record could not be written: {exc}"
        return result
    try:
        _remove(folder, set(task.prior.outputs if task.prior else ()) | set(task.claimed))
    except XxgkError as exc:
        result.error = f"{error}; its earlier outputs could not all be removed: {exc}"
    return result


def _remove(folder: Folder, names: set[str]) -> None:
    for rel in sorted(names):
        folder.remove(rel)
