"""Batch conversion: many inputs, in parallel processes, resumable, with one dataset at the end.

`convert_one` is the whole per-file job and takes only picklable arguments, so any scheduler can
run it. Each converted file leaves its report and findings in OUTDIR/.xxgk/<rel>.json; the combined
outputs (the CSV dataset, the findings file) and the batch rules (CROSS-YEAR) are made from those
records at the end, one report at a time, so a resumed batch is complete and memory stays flat.
"""
from __future__ import annotations

import json
import os
import sys
import traceback
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from functools import partial
from typing import BinaryIO

from . import api, manager
from .errors import XxgkError
from .inputs import STDIN, Task, plan
from .limits import FILE_TIME_LIMIT, time_limit
from .model import CellValue, Finding, Report
from .registry import Source, Writer
from .storage import Folder, exists, local_folder, local_path, open_bytes, read_bytes, remote, write_to

STATE = ".xxgk"
WINDOW = 4    # tasks in flight per worker: keeps the queue, and memory, bounded on any batch size


@dataclass(frozen=True)
class Options:
    outdir: str
    formats: tuple[str, ...] = ("json",)
    force: bool = False
    findings_in_documents: bool = False
    time_limit: float | None = FILE_TIME_LIMIT   # seconds for one input; None for no limit
    debug: bool = False                          # keep the traceback of an internal error

    def __post_init__(self) -> None:
        registry = manager.default().registry
        for name in self.formats:
            registry.writer(name)   # an unknown format fails (WriteError) before any work


@dataclass
class FileResult:
    """What became of one input. `facts` holds the cells the batch rules need."""

    source: str
    status: str                      # converted, skipped (done before), failed
    error: str | None = None
    organ: str | None = None
    year: int | None = None
    severities: dict[str, int] = field(default_factory=dict)
    rules: dict[str, int] = field(default_factory=dict)
    facts: dict[str, CellValue] = field(default_factory=dict)
    record: str | None = None        # the path of the report-and-findings record


def record_path(options: Options, task: Task) -> str:
    return Folder(options.outdir).path(f"{STATE}/{task.rel}.json")


def output_paths(options: Options, task: Task) -> dict[str, str]:
    registry = manager.default().registry
    folder = Folder(options.outdir)
    return {name: folder.path(task.rel + registry.writer(name).extension)
            for name in options.formats if registry.writer(name).write is not None}


def convert_one(task: Task, options: Options, fact_keys: tuple[str, ...] = ()) -> FileResult:
    """Read, check and write one input; never raises, whatever the input."""
    try:
        with time_limit(options.time_limit):
            return _convert(task, options, fact_keys)
    except XxgkError as exc:
        return FileResult(task.source, "failed", str(exc))
    except Exception as exc:   # a bug met on one input must not stop the batch
        detail = traceback.format_exc() if options.debug else f"{type(exc).__name__}: {exc}"
        return FileResult(task.source, "failed", f"internal error: {detail}")


def _convert(task: Task, options: Options, fact_keys: tuple[str, ...]) -> FileResult:
    record = record_path(options, task)
    outputs = output_paths(options, task)
    if not options.force and all(exists(p) for p in (record, *outputs.values())):
        return _skipped(task, record, fact_keys)
    report = read_input(task.source)          # a ReadError or WriteError fails this input (convert_one)
    findings = api.validate(report)
    shown = findings if options.findings_in_documents else None
    for name, path in outputs.items():
        write_to(path, partial(api.write, report, name, findings=shown))
    data = json.dumps({"report": report.to_dict(), "findings": [f.to_dict() for f in findings]}, ensure_ascii=False)
    write_to(record, lambda out: out.write(data.encode()))
    return _summarise(task.source, "converted", report, findings, record, fact_keys)


def read_input(source: str) -> Report:
    """A path, an http(s) URL, or - for standard input."""
    if source == STDIN:
        return api.read_source(Source(sys.stdin.buffer.read(), "<stdin>"))
    if remote(source):
        return api.read_source(Source(read_bytes(source), source))
    return api.read(local_path(source))


def load_record(location: str) -> tuple[Report, list[Finding]]:
    data = json.loads(open_bytes(location).decode("utf-8"))
    return Report.from_dict(data["report"]), [Finding.from_dict(f) for f in data["findings"]]


def _skipped(task: Task, record: str, fact_keys) -> FileResult:
    """An input converted by an earlier run: its summary from its record."""
    try:
        report, findings = load_record(record)
    except (OSError, ValueError, KeyError) as exc:
        return FileResult(task.source, "failed", f"unreadable record {record}: {exc}")
    return _summarise(task.source, "skipped", report, findings, record, fact_keys)


def _summarise(source, status, report: Report, findings: list[Finding], record: str, fact_keys) -> FileResult:
    return FileResult(source, status, None, report.meta.organ, report.meta.year,
                      dict(Counter(f.severity for f in findings)), dict(Counter(f.rule for f in findings)),
                      {k: report.value(k) for k in fact_keys}, record)


def convert_many(inputs: list[str], outdir: str | os.PathLike, formats: Iterable[str] = ("json",), *,
                 jobs: int = 1, force: bool = False, findings_in_documents: bool = False) -> Iterator[FileResult]:
    """Convert every input (files, folders, globs, URLs), yielding a FileResult per input as it
    finishes. Combined outputs are not written here: see `finish`."""
    options = Options(str(outdir), tuple(formats), force, findings_in_documents)
    tasks = plan(inputs, manager.default().registry, exclude=local_folder(str(outdir)))
    yield from run(tasks, options, jobs)


def run(tasks: list[Task], options: Options, jobs: int = 1) -> Iterator[FileResult]:
    fact_keys = manager.default().registry.batch_fact_keys()
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield convert_one(task, options, fact_keys)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending = set()
        queue = iter(tasks)
        while True:
            for task in queue:
                pending.add(pool.submit(convert_one, task, options, fact_keys))
                if len(pending) >= jobs * WINDOW:
                    break
            if not pending:
                return
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()


def finish(results: list[FileResult], options: Options, findings_out: str | None = None) -> list[tuple[str, Finding]]:
    """Write the combined outputs (one per batch) from the records, and apply the batch rules.
    Returns the batch findings as (source, finding)."""
    registry = manager.default().registry
    done = sorted((r for r in results if r.record), key=lambda r: r.source)
    batch_findings = [pair for validator in registry.batch_validators for pair in validator.check(done)]
    for name in options.formats:
        writer = registry.writer(name)
        if writer.write_all is not None and done:
            Folder(options.outdir).write(f"reports{writer.extension}", partial(_write_all, writer, done))
    if findings_out:
        write_to(findings_out, lambda out: _write_findings(done, batch_findings, out))
    return batch_findings


def _write_all(writer: Writer, results: list[FileResult], out: BinaryIO) -> None:
    assert writer.write_all is not None
    writer.write_all(_reports(results), out)


def _reports(results: list[FileResult]) -> Iterator[Report]:
    for result in results:
        yield load_record(result.record)[0]   # type: ignore[arg-type]


def _write_findings(results: list[FileResult], batch: list[tuple[str, Finding]], out) -> None:
    for result in results:
        for finding in load_record(result.record)[1]:   # type: ignore[arg-type]
            out.write((json.dumps({"source": result.source, **finding.to_dict()}, ensure_ascii=False) + "\n").encode())
    for source, finding in batch:
        out.write((json.dumps({"source": source, **finding.to_dict()}, ensure_ascii=False) + "\n").encode())
