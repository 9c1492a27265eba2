"""CSV dataset: one row per input, one header row of column names (`xxgk.dataset`), an empty field
for null. UTF-8 with a byte-order mark by default, so that Excel reads the Chinese right
(`Settings.csv_encoding`: "utf-8" for programs that dislike it); text that a spreadsheet would take
for a formula starts with a single quote."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from xxgk import hookimpl
from xxgk.dataset import Column, Entry, Settings, columns, spreadsheet_text, values
from xxgk.registry import Writer


def write_all(entries: Iterable[Entry], out, settings: Settings, header: list[Column]) -> None:
    text = io.TextIOWrapper(out, encoding=settings.csv_encoding, newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow([c.name for c in header])
    for entry in entries:
        writer.writerow(["" if v is None else spreadsheet_text(v) if isinstance(v, str) else v
                         for v in values(entry, header)])
    text.detach()


@hookimpl
def xxgk_register_writers(registry):
    registry.add_writer(Writer("csv", ".csv", write_all=lambda entries, out, settings: write_all(
        entries, out, settings, columns(registry))))
