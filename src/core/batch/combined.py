"""The end of a batch: the batch rules (their findings added to the documents of the reports they
name, `documents`), the datasets (one file for the batch: reports.csv, …, and the batch page,
reports.html) and the findings file, all made from every record in OUT, whichever runs made them,
so that they always describe every input OUT holds (a dataset has a row for a failed one too). A
dataset is written when asked for, and written again whenever it is in OUT, so that none goes
stale. Reports are read from the records one at a time: memory stays flat on any batch. The batch
page can also be written later, from what a batch left in OUT (`write_page`).

The batch rules' findings, made with the settings the run was given, are kept in OUT
(`.xxgk/batch.json`), so that what reads the batch later without settings (`xxgk.read_dataset`)
reads what was written.
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

from .. import manager
from ..dataset import Entry, Settings, batch_page
from ..errors import UsageError, XxgkError
from ..model import Finding
from ..rulesettings import RuleSettings
from . import records
from .documents import add_batch_findings
from .options import FileResult, Options
from .outdir import held, read
from .records import Header
from .storage import Folder, local_folder, local_path, refuse_special, remote, write_to

DAMAGED = "its record in OUT was damaged: it is converted again on the next run"
WRITTEN = f"{records.ROOT}/written.json"
BATCH = f"{records.ROOT}/batch.json"
FINDINGS = "findings"
PAGE = "report"   # the writer of the batch page (xxgk.plugins.report_page)


@dataclass
class Contents:
    """What OUT's records hold: every record (converted or failed) in the datasets' order, the
    converted inputs' results and their records' headers, the batch rules' findings as (source,
    finding) and by record, and the records whose header cannot be read."""

    records: list[str]
    done: list[FileResult]
    batch: list[tuple[str, Finding]]
    added: dict[str, list[Finding]] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)
    converted: list[Header] = field(default_factory=list)


# (format, contents, outdir, settings) -> the records that could not be read; writes OUT/reports<extension>
DatasetWriter = Callable[[str, Contents, str, Settings], set[str]]


def contents(folder: Folder, settings: RuleSettings | None = None) -> Contents:
    """Every record in OUT, sorted by source, and the batch rules applied to the converted ones
    with the values `settings` gives their settings; without `settings`, the batch rules'
    findings kept in OUT by the last run that finished over these records (else their defaults')."""
    unreadable: list[str] = []
    headers = sorted(records.index(folder, unreadable).values(), key=lambda h: (h.source, h.name))
    converted = [h for h in headers if h.status == "converted"]
    done = [h.result() for h in converted]
    names = [records.record_name(h.name) for h in headers]
    kept = _kept(folder, names) if settings is None else None
    batch = kept if kept is not None else manager.default().registry.batch_findings(done, settings)
    by_source = {r.source: r.record for r in done if r.record}
    added: dict[str, list[Finding]] = {}
    for source, finding in batch:
        if source in by_source:
            added.setdefault(by_source[source], []).append(finding)
    return Contents(names, done, batch, added, unreadable, converted)


def _kept(folder: Folder, names: list[str]) -> list[tuple[str, Finding]] | None:
    """The batch findings kept in OUT, if they were made over the records `names`."""
    try:
        with folder.open(BATCH) as fh:
            kept = json.loads(fh.read())
        if kept["records"] != names:
            return None
        return [(source, Finding.from_dict(finding)) for source, finding in kept["findings"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _keep(folder: Folder, held: Contents) -> None:
    """Keep the batch findings in OUT, with the records they were made over (unless they are kept
    already: a run that changes nothing writes nothing)."""
    kept = {"records": held.records, "findings": [[source, f.to_dict()] for source, f in held.batch]}
    data = json.dumps(kept, ensure_ascii=False).encode("utf-8")
    try:
        with folder.open(BATCH) as fh:
            if fh.read() == data:
                return
    except OSError:
        pass
    folder.write(BATCH, lambda out: out.write(data))


def finish(options: Options, findings_out: str | None = None, write: DatasetWriter | None = None
           ) -> tuple[list[tuple[str, Finding]], list[str]]:
    """Apply the batch rules and write the combined outputs from OUT's records (`write` writes a
    dataset, `write_dataset` by default): the datasets asked for and those xxgk wrote in OUT before,
    the findings file asked for and one it wrote in OUT before. A file in their place that xxgk did
    not write is left alone. Returns the batch findings as (source, finding), and the problems met
    (outputs that could not be written, damaged records), one message each."""
    folder = Folder(options.outdir)
    registry = manager.default().registry
    held = contents(folder, options.rule_settings)
    done, batch_findings = held.done, held.batch
    errors: list[str] = []
    try:
        _keep(folder, held)
    except XxgkError as exc:
        errors.append(str(exc))
    errors += add_batch_findings(folder, held.converted, held.added)
    damaged: set[str] = set()
    owned = written_here(folder)
    for writer in registry.writers:
        rel = f"reports{writer.extension}"
        if writer.write_all is None or not (writer.name in options.formats or rel in owned):
            continue
        if _in_the_way(folder, rel, owned, errors):
            continue
        try:
            damaged.update((write or write_dataset)(writer.name, held, options.outdir, options.settings))
            owned[rel] = writer.name
        except XxgkError as exc:
            errors.append(str(exc))
    for target in _findings_files(folder, findings_out, owned):
        inside = folder.relative(target)
        if inside is not None and _in_the_way(folder, inside, owned, errors):
            continue
        try:
            write_to(target, lambda out: _write_findings(folder, done, batch_findings, damaged, out))
            if inside is not None:
                owned[inside] = FINDINGS
        except XxgkError as exc:
            errors.append(str(exc))
    _keep_written(folder, owned, errors)
    for record in sorted(damaged):
        errors.append(_mark_damaged(folder, record))
    errors += [unreadable(folder, r) for r in held.unreadable]
    return batch_findings, errors


def unreadable(folder: Folder, record: str) -> str:
    """The message on a record whose header cannot be read (`record`: its path below OUT)."""
    return (f"record {folder.path(record)} cannot be read: the files it named are no longer tracked, and its input, "
            "when met, is converted again under a new name; delete the record")


def dataset_names() -> list[str]:
    """The datasets a batch may write in OUT (reports.csv, …): one per writer of a whole batch."""
    return [f"reports{w.extension}" for w in manager.default().registry.writers if w.write_all is not None]


def written_here(folder: Folder) -> dict[str, str]:
    """The files made once per batch that xxgk wrote in OUT (below it): name -> format, or
    "findings" for a findings file."""
    try:
        with folder.open(WRITTEN) as fh:
            found = json.loads(fh.read())
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str) and ".." not in k.split("/")}


def _keep_written(folder: Folder, owned: dict[str, str], errors: list[str]) -> None:
    if owned != written_here(folder):
        try:
            folder.write(WRITTEN, lambda out: out.write(json.dumps(owned, sort_keys=True).encode("utf-8")))
        except XxgkError as exc:
            errors.append(str(exc))


def _in_the_way(folder: Folder, rel: str, owned: dict[str, str], errors: list[str]) -> bool:
    if rel not in owned and folder.kind(rel) is not None:
        errors.append(f"{folder.path(rel)} is in the way: xxgk did not write it (move it, or choose another OUT)")
        return True
    return False


def _findings_files(folder: Folder, findings_out: str | None, owned: dict[str, str]) -> list[str]:
    """The findings file asked for, and any xxgk wrote in OUT before."""
    targets = [findings_out] if findings_out else []
    return targets + [folder.path(rel) for rel, kind in sorted(owned.items())
                      if kind == FINDINGS and folder.path(rel) not in targets]


def write_dataset(name: str, held: Contents, outdir: str, settings: Settings) -> set[str]:
    """OUT/reports<extension> in format `name`, from the records `held` names, in order. Returns
    the records that could not be read (left out)."""
    writer = manager.default().registry.writer(name)
    write_all = writer.write_all
    assert write_all is not None
    folder = Folder(outdir)
    damaged: set[str] = set()
    folder.write(f"reports{writer.extension}",
                 lambda out: write_all(entries(folder, held.records, held.added, damaged), out, settings))
    return damaged


def entries(folder: Folder, names: list[str], added: dict[str, list[Finding]], damaged: set[str]
            ) -> Iterator[Entry]:
    """The dataset's entries of the records `names` (paths below OUT), each with the batch rules'
    findings `added` to it; a record that cannot be read is added to `damaged` and left out."""
    for name in names:
        if name in damaged:
            continue
        try:
            entry = records.entry(folder, name)
        except Exception:   # any damage to the record
            damaged.add(name)
            continue
        entry.findings += added.get(name, [])
        yield entry


def _mark_damaged(folder: Folder, record: str) -> str:
    """A record whose report cannot be read becomes a failure (its outputs still its own), so that
    its input is converted again; the message that says so."""
    header = records.header(folder, record)
    assert header is not None   # the index read it
    header.status, header.error = "failed", DAMAGED
    try:
        records.write(folder, header)
    except XxgkError as exc:
        return f"{header.source}: {DAMAGED}, but it could not be marked: {exc}"
    return f"{header.source}: {DAMAGED}"


def _write_findings(folder: Folder, done: list[FileResult], batch: list[tuple[str, Finding]], damaged: set[str],
                    out: BinaryIO) -> None:
    pairs = ((result.source, finding) for result in done if result.record
             for entry in entries(folder, [result.record], {}, damaged) for finding in entry.findings)
    for source, finding in chain(pairs, batch):
        out.write((json.dumps({"source": source, **finding.to_dict()}, ensure_ascii=False) + "\n").encode())


def write_page(outdir: str, target: str | None = None, waiting: Callable[[str], None] = lambda _: None
               ) -> tuple[str, list[str]]:
    """The batch page (format PAGE) of the batch in `outdir`, from its records, with the batch
    rules' findings its last run kept: to `target` (its links to the reports' outputs relative to
    it), or to OUT/reports.html, which the runs that follow then keep up to date; either way while
    no run writes in OUT (holding it, `outdir.held`, or reading it, `outdir.read`: `waiting` is told
    when another run holds it, and the page waits for it). UsageError when the page's writer cannot
    work here, OUT does not exist, is a file or holds no batch, or `target` lies in OUT's own files
    (.xxgk, a dataset, a findings file or an output the batch wrote) or is refused (`_page_target`:
    "-" is standard output, a folder takes reports.html, and only a batch page is replaced).
    Returns where the page went, and the problems met (the page not written, a record that could
    not be read and was left out), one message each."""
    try:
        writer = manager.default().registry.writer(PAGE)
        if writer.check is not None:
            writer.check()
    except XxgkError as exc:
        raise UsageError(str(exc)) from exc
    folder = Folder(outdir)
    if folder.kind("") is None:
        raise UsageError(f"{folder.location} does not exist")
    if folder.kind("") == "file":
        raise UsageError(f"{folder.location} is a file, not a batch's output folder")
    if folder.kind(records.RECORDS) != "dir":
        raise UsageError(f"{folder.location} holds no batch: convert into it first (xxgk convert … -o {outdir})")
    rel = f"reports{writer.extension}"
    target = _page_target(target, rel)
    inside = folder.relative(target) if target not in (None, STDOUT) else None
    if inside == rel:
        target = None
    elif inside is not None and _batchs_own(folder, inside):
        raise UsageError(f"{target}: the batch in {folder.location} wrote that place (its own files): "
                         "write the page elsewhere, or leave out -o for OUT/reports.html")
    if target not in (None, STDOUT):
        _replaceable(target)
    errors: list[str] = []
    damaged: set[str] = set()
    unread: list[str] = []
    if target is None:
        rel = f"reports{writer.extension}"
        target = folder.path(rel)
        with held(folder, waiting):
            owned = written_here(folder)
            if _in_the_way(folder, rel, owned, errors):
                return target, errors
            try:
                kept = contents(folder)
                unread = kept.unreadable
                damaged = write_dataset(PAGE, kept, outdir, Settings())
                owned[rel] = PAGE
            except XxgkError as exc:
                errors.append(str(exc))
            _keep_written(folder, owned, errors)
    else:
        write_all = writer.write_all
        assert write_all is not None
        settings = Settings(outdir_url=_url_of(folder, os.path.join(os.getcwd(), rel) if target == STDOUT
                                               else target))
        with read(folder, waiting):
            kept = contents(folder)
            unread = kept.unreadable

            def emit(out: BinaryIO) -> None:
                write_all(entries(folder, kept.records, kept.added, damaged), out, settings)
            try:
                if target == STDOUT:
                    emit(sys.stdout.buffer)
                    sys.stdout.buffer.flush()
                else:
                    write_to(target, emit)
            except XxgkError as exc:
                errors.append(str(exc))
    errors += [unreadable(folder, r) for r in unread]
    errors += [f"record {folder.path(r)} cannot be read: its input is left out of the page" for r in sorted(damaged)]
    return target, errors


STDOUT = "-"


def _page_target(target: str | None, rel: str) -> str | None:
    """Where `xxgk report -o target` writes: standard output for "-", TARGET/`rel` for a local
    folder, else `target`. UsageError for ""."""
    if target is None or target == STDOUT:
        return target
    if not target:
        raise UsageError("-o needs a file name (or - for standard output)")
    if local_folder(target) is not None and Path(local_path(target)).is_dir():
        return os.path.join(target, rel)
    return target


def _replaceable(target: str) -> None:
    """UsageError for a local `target` that is not a regular file (a pipe, a device) or a file that
    is not a batch page xxgk wrote (a report, another batch's dataset): only a page is replaced."""
    if local_folder(target) is None:
        return
    location = Path(local_path(target))
    refuse_special(location, target)
    if not location.exists():
        return
    try:
        with open(location, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise UsageError(f"cannot read {target}: {exc.strerror or exc}") from exc
    if not batch_page(head):
        raise UsageError(f"{target} is in the way: it is not a batch page xxgk wrote (choose another file)")


def _batchs_own(folder: Folder, rel: str) -> bool:
    """Whether `rel` (below OUT) is in .xxgk, or a file the batch wrote: a dataset, a findings file,
    a report's output."""
    if rel.replace(os.sep, "/").split("/")[0] == records.ROOT or rel in dataset_names() or rel in written_here(folder):
        return True
    return any(rel in h.outputs for h in records.index(folder).values())


def _url_of(folder: Folder, target: str) -> str:
    """OUT as seen from the folder of the file `target`: a relative URL ending in "/" ("" for
    OUT itself) when both are local, else OUT's location."""
    if folder.fs is not None or remote(target):
        return folder.location.rstrip("/") + "/"
    beside = os.path.dirname(os.path.realpath(local_path(target)))
    way = os.path.relpath(os.path.realpath(folder.root), beside)
    return "" if way == "." else quote(Path(way).as_posix()) + "/"
