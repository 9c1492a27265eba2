"""CSV dataset (spec §8): one row per report, the canonical keys in spec order, empty for null."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from xxgk import hookimpl
from xxgk.model import Report
from xxgk.registry import Writer

META = ("source", "organ", "year", "template")


def write_all(reports: Iterable[Report], out, keys: list[str]) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(META + tuple(keys))
    for report in reports:
        cells = report.cells()
        meta = (report.meta.source, report.meta.organ, report.meta.year, report.format())
        writer.writerow(["" if v is None else v for v in meta + tuple(cells.get(k) for k in keys)])
    text.detach()


@hookimpl
def xxgk_register_writers(registry):
    registry.add_writer(Writer("csv", ".csv", write_all=lambda reports, out: write_all(reports, out,
                                                                                       registry.cell_keys())))
