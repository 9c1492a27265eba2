"""The dataset: one row per input, the same columns in reports.csv, reports.xlsx, reports.parquet
and `xxgk.to_dataframe` — the per-report columns (COLUMNS), the columns the batch rules fill
(TEXT-REUSE's share of sentences), then every cell key in the data dictionary's order
(`xxgk.dictionary`).

A dataset writer (`Writer.write_all`) is handed `Entry`s, one per input, and `Settings`.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from .dates import publishable
from .dictionary import KeyInfo, keys

BATCH_PAGE = '<meta name="xxgk-page" content="batch">'
"""The mark the batch page carries in its head (beside its generator): what `xxgk report -o` may
replace, and what no reader reads back as a report."""


def batch_page(head: bytes) -> bool:
    """Whether a file's first bytes (its first 4 KiB suffice) are those of a batch page xxgk wrote."""
    return BATCH_PAGE.encode() in head[:4096]


if TYPE_CHECKING:   # imported on use: the command line takes ENCODINGS from here
    from .model import Finding, Report
    from .registry import Registry

CONVERTED, FAILED = "converted", "failed"
ENCODINGS = ("utf-8-sig", "utf-8")   # reports.csv: with a byte-order mark (for Excel), or without
# OWASP's CSV injection: a text cell starting so is taken for a formula by spreadsheets
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
RULE_SEVERITIES = ("error", "warning")   # the findings the `rules` column names


@dataclass(frozen=True)
class Column:
    """A column of the dataset: its name (the CSV's header), its label (the spreadsheet's Chinese
    header), its type ("text", "integer", "signed integer" or "decimal") and, for a cell key, its
    dictionary entry; for a column a batch rule fills, that rule: the column holds `lhs` of the
    report's finding of it."""

    name: str
    label: str
    type: str
    info: KeyInfo | None = None
    rule: str | None = None


COLUMNS = (
    Column("source", "来源", "text"),     # below the batch's input folder; a URL as given
    Column("organ", "机关", "text"),
    Column("year", "年度", "integer"),
    Column("template", "格式", "text"),   # 2021, 2019, 2019/2021, or hybrid
    Column("reader", "读取方式", "text"),
    Column("status", "转换结果", "text"),  # converted or failed
    Column("reason", "失败原因", "text"),
    Column("errors", "错误数", "integer"),
    Column("warnings", "警告数", "integer"),
    Column("rules", "错误和警告的规则", "text"),
    Column("published", "发布日期", "text"),           # YYYY-MM-DD
    Column("published_from", "发布日期来源", "text"),   # page, pdf, docx or signature
)


@dataclass
class Entry:
    """One input of a dataset: its source as the dataset gives it, whether it was converted or
    failed (and why), when converted its report and findings, and the files a batch wrote of it
    (paths below OUT: "2024/a.pdf.html"), and where its source stands (its real path or URL, as
    the batch rules place it; None when not known)."""

    source: str
    status: str = CONVERTED
    reason: str | None = None
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    location: str | None = None


@dataclass(frozen=True)
class Settings:
    """What the user chose for the datasets: the encoding of reports.csv (one of ENCODINGS); and
    where OUT is seen from the dataset's folder, as the start of a relative URL ("" for a dataset
    in OUT, "../out/" for one beside it), for links to the files a batch wrote of each input."""

    csv_encoding: str = ENCODINGS[0]
    outdir_url: str = ""


def columns(registry: Registry) -> list[Column]:
    """Every column of the dataset, in order."""
    return (list(COLUMNS) + [c for v in registry.batch_validators for c in v.columns]
            + [Column(i.key, i.label, i.type, i) for i in keys(registry)])


def values(entry: Entry, columns: list[Column]) -> list[str | int | Decimal | None]:
    """The entry's row: a value per column, None where there is none (a failed input has no cells
    and no counts of findings)."""
    report = entry.report
    cells = report.cells() if report else {}
    counted = {s: sum(f.severity == s for f in entry.findings) if report else None for s in RULE_SEVERITIES}
    measured = {f.rule: f.lhs for f in reversed(entry.findings)}   # a rule's first finding
    published, found = _published(report)
    per_report = {
        "source": entry.source, "status": entry.status, "reason": entry.reason,
        "organ": report.meta.organ if report else None, "year": report.meta.year if report else None,
        "published": published, "published_from": found,
        "template": report.format() if report else None, "reader": report.meta.reader if report else None,
        "errors": counted["error"], "warnings": counted["warning"],
        "rules": (rules(entry.findings) or None) if report else None,
    }
    return [cells.get(c.name) if c.info else measured.get(c.rule) if c.rule else per_report[c.name]
            for c in columns]


def _published(report: Report | None) -> tuple[str | None, str | None]:
    """The publication date and where it was found; none for a date that cannot be the day of
    publication (before the end of the year reported on: PUBLISHED-LATE says so)."""
    date = report.meta.published if report else None
    if report is None or date is None or not publishable(date, report.meta.year):
        return None, None
    return date, report.meta.published_from


def rules(findings: Iterable[Finding]) -> str:
    """The rules of the errors, then of the warnings, each once: "T3-BALANCE;PROSE-TABLE"."""
    return ";".join(dict.fromkeys(f.rule for s in RULE_SEVERITIES for f in findings if f.severity == s))


def spreadsheet_text(text: str) -> str:
    """Text a spreadsheet shows as text: one that would be taken for a formula (it starts with
    =, +, -, @, a tab or a carriage return) gets a single quote in front (OWASP)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
