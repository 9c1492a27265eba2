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
from pathlib import Path

from . import api, manager
from .errors import WriteError, XxgkError
from .inputs import STDIN, Task, plan
from .limits import FILE_TIME_LIMIT, time_limit
from .model import CellValue, Finding, Report
from .registry import Source

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


def record_path(options: Options, task: Task) -> Path:
    return _inside(Path(options.outdir, STATE), task.rel + ".json")


def output_paths(options: Options, task: Task) -> dict[str, Path]:
    registry = manager.default().registry
    return {name: _inside(Path(options.outdir), task.rel + registry.writer(name).extension)
            for name in options.formats if registry.writer(name).write is not None}


def _inside(folder: Path, rel: str) -> Path:
    """folder/rel, refused if it would land outside folder (a name made of .. or an absolute path)."""
    path = (folder / rel).resolve()
    if not path.is_relative_to(folder.resolve()):
        raise WriteError(f"output path {rel!r} leaves {folder}")
    return path


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
    if not options.force and record.exists() and all(p.exists() for p in outputs.values()):
        return _skipped(task, record, fact_keys)
    report = read_input(task.source)          # a ReadError or WriteError fails this input (convert_one)
    findings = api.validate(report)
    for name, path in outputs.items():
        api.write(report, name, path, findings=findings if options.findings_in_documents else None)
    data = {"report": report.to_dict(), "findings": [f.to_dict() for f in findings]}
    api.write_atomically(record, lambda out: out.write(json.dumps(data, ensure_ascii=False).encode()))
    return _summarise(task.source, "converted", report, findings, record, fact_keys)


def read_input(source: str) -> Report:
    """A path, an http(s) URL, or - for standard input."""
    if source == STDIN:
        return api.read_source(Source(sys.stdin.buffer.read(), "<stdin>"))
    return api.read(source)


def load_record(path: str | Path) -> tuple[Report, list[Finding]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return Report.from_dict(data["report"]), [Finding.from_dict(f) for f in data["findings"]]


def _skipped(task: Task, record: Path, fact_keys) -> FileResult:
    """An input converted by an earlier run: its summary from its record."""
    try:
        report, findings = load_record(record)
    except (OSError, ValueError, KeyError) as exc:
        return FileResult(task.source, "failed", f"unreadable record {record}: {exc}")
    return _summarise(task.source, "skipped", report, findings, record, fact_keys)


def _summarise(source, status, report: Report, findings: list[Finding], record: Path, fact_keys) -> FileResult:
    return FileResult(source, status, None, report.meta.organ, report.meta.year,
                      dict(Counter(f.severity for f in findings)), dict(Counter(f.rule for f in findings)),
                      {k: report.value(k) for k in fact_keys}, str(record))


def convert_many(inputs: list[str], outdir: str | os.PathLike, formats: Iterable[str] = ("json",), *,
                 jobs: int = 1, force: bool = False, findings_in_documents: bool = False) -> Iterator[FileResult]:
    """Convert every input (files, folders, globs, URLs), yielding a FileResult per input as it
    finishes. Combined outputs are not written here: see `finish`."""
    options = Options(str(outdir), tuple(formats), force, findings_in_documents)
    tasks = plan(inputs, manager.default().registry, exclude=Path(outdir))
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
            path = Path(options.outdir, f"reports{writer.extension}")
            api.write_atomically(path, lambda out, w=writer: w.write_all(_reports(done), out))
    if findings_out:
        api.write_atomically(Path(findings_out), lambda out: _write_findings(done, batch_findings, out))
    return batch_findings


def _reports(results: list[FileResult]) -> Iterator[Report]:
    for result in results:
        yield load_record(result.record)[0]   # type: ignore[arg-type]


def _write_findings(results: list[FileResult], batch: list[tuple[str, Finding]], out) -> None:
    for result in results:
        for finding in load_record(result.record)[1]:   # type: ignore[arg-type]
            out.write((json.dumps({"source": result.source, **finding.to_dict()}, ensure_ascii=False) + "\n").encode())
    for source, finding in batch:
        out.write((json.dumps({"source": source, **finding.to_dict()}, ensure_ascii=False) + "\n").encode())
