"""A batch's run (`convert_many`): hold OUT, plan and name the inputs, convert them and finish the
batch's datasets and findings file (the steps: `xxgk.batch`)."""
from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from .. import manager
from ..dataset import ENCODINGS
from ..errors import UsageError, XxgkError
from ..limits import FILE_TIME_LIMIT
from ..model import Finding
from . import combined, pool, records
from .combined import dataset_names, written_here
from .inputs import STDIN, Task, outputs, plan
from .job import convert_one, failed, wanted_outputs
from .names import Namer
from .options import FileResult, Options
from .outdir import held, probe, remove_leftovers_of
from .progress import Reporter
from .records import ROOT, Header
from .storage import Folder, local_folder, local_path, refuse_special
from .tags import folder_key


@dataclass
class Batch:
    """A finished batch: a FileResult per input (in the order they finished), the batch rules'
    findings as (source, finding), and the combined outputs that could not be written."""

    results: list[FileResult]
    findings: list[tuple[str, Finding]]
    errors: list[str]


def convert_many(inputs: Iterable[str] | str, outdir: str | os.PathLike, formats: Iterable[str] | str = ("json",), *,
                 jobs: int = 1, force: bool = False, findings_in_documents: bool = False,
                 time_limit: float | None = FILE_TIME_LIMIT, findings_out: str | None = None, debug: bool = False,
                 csv_encoding: str = ENCODINGS[0], settings: Mapping[str, object] | None = None, client=None,
                 reporter: Reporter | None = None) -> Batch:
    """Convert every input (files, folders, globs, http(s) and fsspec URLs, - for standard input;
    one as a string, or several) into `outdir`, and finish the batch: the datasets (reports.csv, …)
    and the findings file (`findings_out`, JSON Lines) describe every report recorded in `outdir`.
    `formats` as names or "json,csv"; `jobs` worker processes (never more than inputs), or the
    Dask cluster of `client` (distributed.Client); `time_limit` in seconds of processor time per
    input, and WAIT_FACTOR times as many on the clock (`xxgk.limits.time_limit`; None or 0: none);
    `csv_encoding` of reports.csv, "utf-8-sig" (with a byte-order mark, for Excel) or "utf-8";
    `settings` the values of rules' settings ({"TEXT-REUSE.threshold": 0.6}, as `xxgk.validate`).
    UsageError, before any work, for bad arguments or an unusable `outdir`."""
    inputs = [os.fspath(i) for i in ([inputs] if isinstance(inputs, (str, os.PathLike)) else inputs)]
    formats = formats.split(",") if isinstance(formats, str) else formats
    if outdir is None:
        raise UsageError("no output folder given")
    try:
        given = manager.default().registry.rule_settings(settings)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    options = Options(os.fspath(outdir), tuple(f.strip() for f in formats if f.strip()), force,
                      findings_in_documents, time_limit or None, debug, csv_encoding, given)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise UsageError(f"jobs {jobs!r}: must be a whole number of 1 or more")
    if client is not None and STDIN in inputs:
        raise UsageError("standard input cannot be handed to Dask workers: save it to a file")
    if findings_out:
        findings_out = _findings_file(os.fspath(findings_out), options.outdir)
    reporter = reporter or Reporter()
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
    registry = manager.default().registry
    prior = records.index(folder)
    records.clear_claims(folder, prior)
    written = outputs(folder, prior) if folder.fs is None else set()
    try:
        tasks = plan(inputs, registry, written, partial(folder_key, folder))
    except XxgkError as exc:   # the key of URLs' tags could not be kept
        raise UsageError(f"cannot write in the output folder {folder.location}: {exc}") from exc
    if not tasks:
        raise UsageError("no input files found")
    reserved = dataset_names() + list(written_here(folder))
    if findings_out:
        reserved += _findings_file_in(folder, findings_out, tasks, prior)
    tasks = _named(tasks, prior, folder, reserved, options)
    try:
        records.claim(folder, [rel for task in tasks for rel in task.claimed])
    except XxgkError as exc:
        raise UsageError(f"cannot write in the output folder {folder.location}: {exc}") from exc
    reporter.started(len(tasks))
    results = []
    for result in _run(tasks, options, min(jobs, len(tasks)), client, folder):
        results.append(result)
        reporter.finished(result)
    records.release(folder)
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


def _named(tasks: list[Task], prior: dict[str, Header], folder: Folder, reserved: list[str], options: Options
           ) -> list[Task]:
    """Each task with its name under OUT, its earlier record, and the outputs it may create: a
    source keeps the name its record has, a new one gets a free name (`reserved`: names below OUT
    no output may take); it claims the outputs asked for that its record lacks and nothing stands in."""
    extensions = [w.extension for w in manager.default().registry.writers if w.write is not None]
    on_disk = _listing(folder) if folder.fs is None else lambda rel: None
    namer = Namer(extensions, (h.name for h in prior.values()), reserved + _inputs_in(tasks, folder), on_disk)
    named = []
    for task in tasks:
        header = prior.get(task.location)
        name = header.name if header else namer.name(task.rel)
        ours = set(header.outputs) if header else set()
        claimed = tuple(rel for rel in wanted_outputs(name, options) if rel not in ours and on_disk(rel) is None)
        named.append(replace(task, rel=name, prior=header, claimed=claimed))
    return named


def _listing(folder: Folder) -> Callable[[str], str | None]:
    """What stands at a path below a local OUT ("dir", "file" or None), each folder listed once."""
    listed: dict[str, dict[str, bool]] = {}

    def kind(rel: str) -> str | None:
        parent, name = posixpath.split(rel)
        if parent not in listed:
            try:
                listed[parent] = {e.name: e.is_dir() for e in os.scandir(os.path.join(folder.root, parent))}
            except OSError:
                listed[parent] = {}
        found = listed[parent].get(name)
        return None if found is None else "dir" if found else "file"
    return kind


def _inputs_in(tasks: list[Task], folder: Folder) -> list[str]:
    """The inputs that lie inside a local OUT, as paths below it (no output may take their place)."""
    if folder.fs is not None:
        return []
    root = Path(os.path.realpath(folder.root))
    return [Path(t.location).relative_to(root).as_posix() for t in tasks
            if t.source != STDIN and Path(t.location).is_relative_to(root)]


def _findings_file(path: str, outdir: str) -> str:
    """Where the findings file is written: a local one through its links (UsageError when it is a
    folder, OUT, a pipe or a device, or cannot be written)."""
    if local_folder(path) is None:
        return path
    location = Path(os.path.realpath(local_path(path)))
    if location.is_dir() or (local_folder(outdir) and str(location) == os.path.realpath(outdir)):
        raise UsageError(f"findings file {path} is a folder")
    refuse_special(location, f"findings file {path}")
    probe(location.parent, f"cannot write the findings file {path}")
    return str(location)


def _findings_file_in(folder: Folder, path: str, tasks: list[Task], prior: dict[str, Header]) -> list[str]:
    """The findings file's name below a local OUT, if it lies there ([] if not); UsageError where
    it would take the place of an input or of what xxgk writes in OUT."""
    if local_folder(path) is None or folder.fs is not None:
        return []
    real = Path(os.path.realpath(local_path(path)))
    if any(t.location == str(real) for t in tasks):
        raise UsageError(f"findings file {path} is one of the inputs")
    root = Path(os.path.realpath(folder.root))
    if not real.is_relative_to(root):
        remove_leftovers_of(real)
        return []
    rel = real.relative_to(root).as_posix()
    if rel.split("/")[0] == ROOT or rel in dataset_names():
        raise UsageError(f"findings file {path} would take the place of what xxgk writes in {folder.location}")
    for header in prior.values():
        if rel in header.outputs:
            raise UsageError(f"findings file {path} would take the place of an output ({header.source})")
    return [rel]
