"""Batch conversion: many inputs into one output folder, in parallel, resumable, never losing or
mixing up a report.

    batch = xxgk.convert_many(["crawl/"], "out", ["json", "csv"], jobs=2)
    batch.results     # a FileResult per input: converted, skipped (up to date) or failed, and why
    batch.findings    # the batch rules' findings (CROSS-YEAR), as (source, finding)
    batch.errors      # combined outputs that could not be written, one message each

The steps: hold OUT (`outdir`: one run at a time, leftovers of killed runs removed); read the
records earlier runs left in it (`records`); plan the inputs (`inputs`), never reading back what xxgk
wrote; give each its name under OUT (`names`: its record's name if it has one, else a free one);
run the per-file job (`job`) here, in worker processes (`pool`) or on a Dask cluster (`dask`); and
write the datasets and the findings file from every record in OUT (`combined`).
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from .. import manager
from ..errors import UsageError
from ..limits import FILE_TIME_LIMIT
from ..model import Finding
from . import combined, pool, records
from .inputs import STDIN, Task, plan
from .job import convert_one, failed
from .names import Namer
from .options import FileResult, Options
from .outdir import held, probe
from .progress import Reporter
from .records import Header
from .storage import Folder, local_folder, local_path

__all__ = ["Batch", "FileResult", "Options", "Task", "convert_many", "convert_one"]


@dataclass
class Batch:
    """A finished batch: a FileResult per input (in the order they finished), the batch rules'
    findings as (source, finding), and the combined outputs that could not be written."""

    results: list[FileResult]
    findings: list[tuple[str, Finding]]
    errors: list[str]


def convert_many(inputs: Iterable[str], outdir: str | os.PathLike, formats: Iterable[str] = ("json",), *,
                 jobs: int = 1, force: bool = False, findings_in_documents: bool = False,
                 time_limit: float | None = FILE_TIME_LIMIT, findings_out: str | None = None, debug: bool = False,
                 client=None, reporter: Reporter | None = None) -> Batch:
    """Convert every input (files, folders, globs, http(s) and fsspec URLs, - for standard input)
    into `outdir`, and finish the batch: the datasets (reports.csv, …) and the findings file
    (`findings_out`, JSON Lines) describe every report recorded in `outdir`. `jobs` worker
    processes, or the Dask cluster of `client` (distributed.Client); `time_limit` in seconds per
    input (None: none). UsageError, before any work, for bad arguments or an unusable `outdir`."""
    options = Options(str(outdir), tuple(formats), force, findings_in_documents, time_limit, debug)
    if jobs < 1:
        raise UsageError(f"jobs {jobs}: must be 1 or more")
    inputs = list(inputs)
    if client is not None and STDIN in inputs:
        raise UsageError("standard input cannot be handed to Dask workers: save it to a file")
    reporter = reporter or Reporter()
    if findings_out:
        _check_writable(findings_out)
    folder = Folder(options.outdir)
    with held(folder, reporter.waiting):
        results = _convert_all(inputs, options, folder, jobs, findings_out, client, reporter)
        writer = None
        if client is not None:
            from .dask import dataset_writer
            writer = dataset_writer(client)
        findings, errors = combined.finish(options, findings_out, writer)
    return Batch(results, findings, errors)


def _convert_all(inputs: list[str], options: Options, folder: Folder, jobs: int, findings_out: str | None, client,
                 reporter: Reporter) -> list[FileResult]:
    """Plan the inputs, name them and convert them: a FileResult each."""
    prior = records.index(folder)
    written = _written(folder, prior, findings_out)
    tasks = plan(inputs, manager.default().registry, local_folder(options.outdir), written)
    if not tasks:
        raise UsageError("no input files found")
    tasks = _named(tasks, prior, folder)
    reporter.started(len(tasks))
    results = []
    for result in _run(tasks, options, jobs, client, folder):
        results.append(result)
        reporter.finished(result)
    return results


def _run(tasks: list[Task], options: Options, jobs: int, client, folder: Folder):
    fact_keys = manager.default().registry.batch_fact_keys()
    lost = partial(_lost, folder, options)
    if client is not None:
        from . import dask
        with closing(dask.run(tasks, options, client, fact_keys, lost)) as results:
            yield from results
        return
    job = partial(convert_one, options=options, fact_keys=fact_keys)
    with closing(pool.run(tasks, job, jobs, options.time_limit, lost)) as results:
        yield from results


def _lost(folder: Folder, options: Options, task: Task, reason: str) -> FileResult:
    return failed(folder, task, options, reason)


def _named(tasks: list[Task], prior: dict[str, Header], folder: Folder) -> list[Task]:
    """Each task with its name under OUT and its earlier record: a source keeps the name its record
    has; a new one gets a free name."""
    extensions = [w.extension for w in manager.default().registry.writers if w.write is not None]
    namer = Namer(extensions, (h.name for h in prior.values()), _inputs_in(tasks, folder),
                  folder.kind if folder.fs is None else lambda rel: None)
    named = []
    for task in tasks:
        header = prior.get(task.location)
        named.append(replace(task, rel=header.name if header else namer.name(task.rel), prior=header))
    return named


def _inputs_in(tasks: list[Task], folder: Folder) -> list[str]:
    """The inputs that lie inside a local OUT, as paths below it (no output may take their place)."""
    if folder.fs is not None:
        return []
    root = Path(os.path.realpath(folder.root))
    inside = []
    for task in tasks:
        path = Path(os.path.realpath(local_path(task.source)))
        if task.source != STDIN and path.is_relative_to(root):
            inside.append(path.relative_to(root).as_posix())
    return inside


def _written(folder: Folder, prior: dict[str, Header], findings_out: str | None) -> set[str]:
    """Real paths of the files xxgk wrote in a local OUT, and of the findings file."""
    if folder.fs is not None:
        return set()
    registry = manager.default().registry
    names = [rel for h in prior.values() for rel in h.outputs]
    names += [f"reports{w.extension}" for w in registry.writers if w.write_all is not None]
    written = {os.path.realpath(os.path.join(folder.root, rel)) for rel in names}
    return written | ({os.path.realpath(findings_out)} if findings_out else set())


def _check_writable(path: str) -> None:
    """A findings file can be written where it is asked for (UsageError otherwise)."""
    if local_folder(path) is None:
        return
    location = Path(local_path(path))
    if location.is_dir():
        raise UsageError(f"findings file {location} is a folder")
    probe(location.parent, f"cannot write the findings file {location}")
