"""The end of a batch: the batch rules, the datasets (one file for the batch: reports.csv, …) and the
findings file, all made from every record in OUT, whichever runs made them, so that they always
describe every report OUT holds. Reports are read from the records one at a time: memory stays
flat on any batch.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from itertools import chain
from typing import BinaryIO

from .. import manager
from ..errors import ReadError, XxgkError
from ..model import Finding, Report
from . import records
from .options import FileResult, Options
from .storage import Folder, write_to

DatasetWriter = Callable[[str, list[str], str], object]   # (format, records, outdir): writes OUT/reports.<ext>


def finish(options: Options, findings_out: str | None = None, write: DatasetWriter | None = None
           ) -> tuple[list[tuple[str, Finding]], list[str]]:
    """Apply the batch rules and write the combined outputs from OUT's records (`write` writes a
    dataset, `write_dataset` by default). Returns the batch findings as (source, finding), and the
    outputs that could not be written, one message each."""
    folder = Folder(options.outdir)
    registry = manager.default().registry
    done = [h.result() for h in sorted(records.index(folder).values(), key=lambda h: (h.source, h.name))
            if h.status == "converted"]
    batch_findings = [pair for validator in registry.batch_validators for pair in validator.check(done)]
    errors: list[str] = []
    for name in options.formats:
        if registry.writer(name).write_all is not None:
            try:
                (write or write_dataset)(name, [r.record for r in done if r.record], options.outdir)
            except XxgkError as exc:
                errors.append(str(exc))
    if findings_out:
        try:
            write_to(findings_out, lambda out: _write_findings(folder, done, batch_findings, out))
        except XxgkError as exc:
            errors.append(str(exc))
    return batch_findings, errors


def write_dataset(name: str, names: list[str], outdir: str) -> str:
    """OUT/reports<extension> in format `name`, from the records `names` (paths below OUT), in order."""
    writer = manager.default().registry.writer(name)
    write_all = writer.write_all
    assert write_all is not None
    folder = Folder(outdir)
    return folder.write(f"reports{writer.extension}", lambda out: write_all(reports(folder, names), out))


def reports(folder: Folder, names: list[str]) -> Iterator[Report]:
    for name in names:
        yield _load(folder, name)[0]


def _load(folder: Folder, name: str) -> tuple[Report, list[Finding]]:
    try:
        return records.load(folder, name)
    except (OSError, ValueError, KeyError) as exc:
        raise ReadError(f"record {folder.path(name)} cannot be read ({exc}): "
                        "convert its input again with --force") from exc


def _write_findings(folder: Folder, done: list[FileResult], batch: list[tuple[str, Finding]], out: BinaryIO) -> None:
    pairs = ((result.source, finding) for result in done if result.record
             for finding in _load(folder, result.record)[1])
    for source, finding in chain(pairs, batch):
        out.write((json.dumps({"source": source, **finding.to_dict()}, ensure_ascii=False) + "\n").encode())
