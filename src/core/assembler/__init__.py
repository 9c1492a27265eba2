"""Document -> Report: the only code that knows what a report looks like.

It finds the six sections and the preamble, locates each table, aligns its rows with the
template, parses values and records for every cell where it came from.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from ..errors import NotAReportError
from ..labels import normalize
from ..model import Location, Meta, Report, Section
from ..template import SectionSpec, TableTemplate
from .glued import unglue
from .lines import Line, flatten
from .metadata import (
    clean_title,
    gives_year,
    looks_like_organ,
    looks_like_title,
    organ_and_year,
    qualify_organ,
    split_title,
)
from .published import publication
from .rows import observed_rows
from .sections import Heading, find_headings
from .stated import Stated, stated_figures
from .tables import TableReading, read_table

PROSE_MIN = 60
MAX_ANCHOR_LINE = 40
MAX_ANCHOR_TRIES = 5


def assemble(doc: Document, sections: tuple[SectionSpec, ...], tables: dict[str, list[TableTemplate]],
             first_year: int | None = None) -> Report:
    """Build the Report of `doc` with the given section specs and table variants (by table id). A
    report for a year before `first_year` (the first the formats were issued for: 2008–2018 reports
    follow no national table format) has no tables, unless every table of the format is there in
    full (the year, then, is what is wrong)."""
    lines = unglue(flatten(doc), sections, tables)
    headings = find_headings(lines, sections)
    first = headings[0].index if headings else len(lines)
    title_at, title_end = _find_title(lines, first)
    title = doc.meta.get("title") or (_title(lines, title_at, title_end) if title_at is not None else None)
    opening = [ln for ln in lines[title_end:first] if not ln.grid]   # title_end is 0 with no title
    preamble = [ln.text for ln in opening]

    report = Report(Meta(title=title, source=doc.source, reader=doc.reader,
                         attachments=list(doc.attachments),
                         skipped=list(doc.skipped)), preamble,
                    preamble_locations=[ln.cells[0].location for ln in opening])
    organ, report.meta.year = organ_and_year(title, preamble)
    report.meta.organ = qualify_organ(organ, preamble) if organ else None
    table_sections = {variants[0].section for variants in tables.values()}
    for k, h in enumerate(headings):
        end = headings[k + 1].index if k + 1 < len(headings) else len(lines)
        body = lines[h.index + 1:end]
        at = lines[h.index].cells[0].location
        prose = ([(h.rest, at)] if h.rest else []) + _prose(body, h.number in table_sections)
        report.sections.append(Section(h.number, h.text, [text for text, _ in prose], at,
                                       [location for _, location in prose]))
    report.meta.published, report.meta.published_from, report.meta.published_at = publication(
        report, doc.meta.get("published"), doc.meta.get("published_from", doc.reader), doc.published_at)

    old = first_year is not None and report.meta.year is not None and report.meta.year < first_year
    stated = stated_figures(report.preamble + [p for s in report.sections for p in s.paragraphs],
                            [tpl for variants in tables.values() for tpl in variants], report.meta.year)
    readings = {name: _read(lines, headings, variants, stated) for name, variants in tables.items()}
    old = old and not all(r.table.found and r.table.complete for r in readings.values())
    for name, reading in readings.items():
        report.tables[name] = read_table([], tables[name]).table if old else reading.table
        if not old:
            report.ambiguities.extend(reading.ambiguities)
            report.splits.extend(reading.splits)
            report.placements.extend(reading.placements)

    if old:
        report.meta.no_tables_reason = (f"not the national format (2019 or 2021): a report for {report.meta.year}, "
                                        f"before the first format ({first_year})")
    elif not any(t.found for t in report.tables.values()):
        if not headings and title is None and not doc.no_tables_reason:
            raise NotAReportError("no report found: no section headings, title or tables")
        report.meta.no_tables_reason = doc.no_tables_reason or "no table of the report was found"
    return report


def _read(lines: list[Line], headings: list[Heading], variants: list[TableTemplate], stated: Stated
          ) -> TableReading:
    """The table in the first region of the text where it is found (all cells missing if none)."""
    for region in _regions(lines, headings, variants[0]):
        reading = read_table(observed_rows(region), variants, stated)
        if reading.table.found:
            return reading
    return read_table([], variants)


TITLE_LINES = 3


def _find_title(lines: list[Line], first: int) -> tuple[int | None, int]:
    """Where the title stands before the first heading: a line, or up to three short lines read
    together ("2025 年上海市人民政府办公厅政府信息公开" / "工作年度报告"); one that gives the year
    before one that does not (a page's running header, the title without its year, printed above
    the title itself); (start, end)."""
    found: tuple[int | None, int] = (None, 0)
    for i in range(first):
        for end in range(i + 1, min(i + TITLE_LINES, first) + 1):
            if any(ln.grid for ln in lines[i:end]):
                break
            if looks_like_title("".join(ln.text for ln in lines[i:end])):
                while (end - i > 1 and not gives_year(lines[i].text)
                       and looks_like_title("".join(ln.text for ln in lines[i + 1:end]))):
                    i += 1   # a line before the title ("正文") is not part of it, unless it gives the year
                if gives_year("".join(ln.text for ln in lines[i:end])):
                    return i, end
                found = found if found[0] is not None else (i, end)
                break
    return found


def _title(lines: list[Line], at: int, end: int) -> str:
    """The title, with the line before it when the organ stands there on its own
    (洪泽区人民政府 / 2023 年政府信息公开工作年度报告)."""
    title = clean_title("".join(ln.text for ln in lines[at:end]))
    if at > 0 and split_title(title) and not lines[at - 1].grid and looks_like_organ(lines[at - 1].text):
        return clean_title(lines[at - 1].text) + title
    return title


def _prose(lines: list[Line], in_table_section: bool) -> list[tuple[str, Location | None]]:
    """(paragraph, its location) of a section; in a table's section, only lines that read as prose."""
    out = []
    for line in lines:
        if line.grid:
            continue
        text = line.text
        if not in_table_section or "。" in text or len(text) >= PROSE_MIN:
            out.append((text, line.cells[0].location))
    return out


def _regions(lines: list[Line], headings: list[Heading], tpl: TableTemplate) -> Iterator[list[Line]]:
    """Where to look for a table: its section, then from each short non-prose line holding one of
    its anchors (a few at most), up to the next heading."""
    own = [h for h in headings if h.number == tpl.section]
    if own:
        yield lines[own[0].index + 1:_next_heading(headings, own[0].index, len(lines))]
    anchors = [normalize(a) for a in tpl.anchors]
    starts = [i for i, ln in enumerate(lines) if len(ln.norm) <= MAX_ANCHOR_LINE and "。" not in ln.text
              and "，" not in ln.text and any(a in ln.norm for a in anchors)]
    for start in starts[:MAX_ANCHOR_TRIES]:
        yield lines[start:_next_heading(headings, start, len(lines))]


def _next_heading(headings: list[Heading], index: int, default: int) -> int:
    return next((h.index for h in headings if h.index > index), default)
