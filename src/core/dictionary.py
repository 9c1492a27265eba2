"""The data dictionary: every cell key of the registered formats with its table, the labels printed
on its row and column, its type and unit, and the formats it belongs to. It is made from the template
data (through the official layout), so it cannot drift from what is read and written.

    xxgk keys [--format 2021|2019] [--to csv|json|markdown]
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # imported on use: `xxgk --help` names the forms without loading templates
    from .registry import Registry
    from .template import TableTemplate, Template

FORMS = ("csv", "json", "markdown")
SEPARATOR = " · "    # between the labels of one row or column, outermost first, in CSV and Markdown
TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}


@dataclass(frozen=True)
class KeyInfo:
    """One cell key. `row` and `column` are the labels printed around the cell, outermost first
    (table 4 has no row label); `type` is "integer", "signed integer" (本年增/减) or "decimal";
    `unit` is 件 for counts and 万元 for amounts; `formats` the formats holding the key."""

    key: str
    formats: tuple[str, ...]
    table: str
    title: str
    row: tuple[str, ...]
    column: tuple[str, ...]
    type: str
    unit: str

    @property
    def label(self) -> str:
        """The row's and the column's labels in one line, as a spreadsheet header gives them."""
        return SEPARATOR.join(self.row + self.column)


def keys(registry: Registry, format: str | None = None) -> list[KeyInfo]:
    """Every key in the datasets' column order (the first format's keys table by table, then the
    other formats'), or only those of `format` (ValueError when no such format is registered). A key
    several formats share takes its labels from the first of them, or from `format` when given."""
    from .layout import official_layout, printed_labels

    templates = sorted(registry.templates, key=lambda t: t.rank)
    if format is not None:
        known = [t.name for t in templates]
        if format not in known:
            raise ValueError(f"no format {format!r} (known: {', '.join(known)})")
    owners: dict[str, list[Template]] = {}
    for template in templates:
        for table in template.tables:
            for key in table.cell_keys():
                owners.setdefault(key, []).append(template)
    tables = {id(t): t for template in templates for t in template.tables}
    labels = {id(t): printed_labels(official_layout(t)) for t in tables.values()}
    out = []
    for key in registry.cell_keys():
        held = [t for t in owners[key] if format is None or t.name == format]
        if not held:
            continue
        table = next(t for t in held[0].tables if key in t.cell_keys())
        row, column = labels[id(table)][key]
        out.append(KeyInfo(key, tuple(t.name for t in owners[key]), table.table, table.title, row, column,
                           _type(table, key), "万元" if key in table.decimal_keys else "件"))
    return out


def _type(table: TableTemplate, key: str) -> str:
    if key in table.decimal_keys:
        return "decimal"
    return "signed integer" if key in table.signed_keys else "integer"


def render(infos: list[KeyInfo], to: str) -> str:
    """The dictionary as CSV (labels joined by SEPARATOR, formats by ";"), JSON (a list of objects,
    labels and formats as lists) or Markdown (a table per table, as docs/keys.md carries it)."""
    if to == "json":
        return json.dumps([asdict(info) for info in infos], ensure_ascii=False, indent=1) + "\n"
    if to == "csv":
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(["key", "formats", "table", "title", "row", "column", "type", "unit"])
        for i in infos:
            writer.writerow([i.key, ";".join(i.formats), i.table, i.title, SEPARATOR.join(i.row),
                             SEPARATOR.join(i.column), i.type, i.unit])
        return text.getvalue()
    if to == "markdown":
        return _markdown(infos)
    raise ValueError(f"no form {to!r} (known: {', '.join(FORMS)})")


def _markdown(infos: list[KeyInfo]) -> str:
    lines = ["# Keys of the report formats", "",
             "Generated from the template data by `xxgk keys --to markdown` (`xxgk keys --to csv` and `--to json`",
             "give the same; `--format 2021` or `--format 2019` one format's keys). Every column of",
             "`reports.csv` after the per-report ones is one of these keys, in this order; a report fills the",
             "keys of the format each of its tables follows and leaves the others empty. Labels are printed",
             "outermost first, separated by `·`; counts are integers in 件, amounts decimals in 万元.", ""]
    for table in dict.fromkeys(i.table for i in infos):
        rows = [i for i in infos if i.table == table]
        lines += [f"## {TABLE_NAMES.get(table, table)} {rows[0].title} ({len(rows)} keys)", "",
                  "| key | row | column | type | unit | formats |", "|---|---|---|---|---|---|"]
        lines += [f"| `{i.key}` | {SEPARATOR.join(i.row)} | {SEPARATOR.join(i.column)} | {i.type} | {i.unit} | "
                  f"{', '.join(i.formats)} |" for i in rows]
        lines.append("")
    return "\n".join(lines)
