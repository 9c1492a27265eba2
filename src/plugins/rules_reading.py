"""What reading found: NO-TABLES, CELL-MISSING, AMBIGUOUS-CELLS, DIGITS-SPLIT, PLACED, LOW-CONFIDENCE,
OCR-CHECK, STRUCTURE, TEMPLATE, SKIPPED and XML-CHARS."""
from __future__ import annotations

from xxgk import hookimpl
from xxgk.model import Finding, Report, quoted
from xxgk.registry import Validator
from xxgk.xmltext import not_in_xml

RULES = ("NO-TABLES", "CELL-MISSING", "AMBIGUOUS-CELLS", "DIGITS-SPLIT", "PLACED", "LOW-CONFIDENCE", "OCR-CHECK",
         "STRUCTURE", "TEMPLATE", "SKIPPED", "XML-CHARS")
SECTION_COUNT = 6


def check(report: Report):
    yield from _tables(report)
    yield from _ambiguities(report)
    yield from _splits(report)
    yield from _placements(report)
    yield from _unsure(report)
    yield from _unconfirmed(report)
    yield from _structure(report)
    yield from _skipped(report)
    yield from _not_in_xml(report)


def _tables(report: Report):
    if report.meta.no_tables_reason:
        yield Finding("NO-TABLES", "error", f"the report's tables were not found: {report.meta.no_tables_reason}"
                      + (f"; attachments: {', '.join(report.meta.attachments)}" if report.meta.attachments else ""))
        return
    for name, table in report.tables.items():
        missing = [k for k, c in table.cells.items() if c.status == "missing"]
        if not table.found:
            yield Finding("CELL-MISSING", "warning", f"table {name[1:]} not found ({len(missing)} cells)", missing)
        elif missing:
            yield Finding("CELL-MISSING", "warning", f"table {name[1:]}: {len(missing)} cells not found: "
                          + ", ".join(missing[:8]) + (" …" if len(missing) > 8 else ""), missing, table.location)
    found = report.templates()
    if found:
        yield Finding("TEMPLATE", "info", "tables follow " + ", ".join(f"{k}: {v}" for k, v in found.items()))


def _ambiguities(report: Report):
    for amb in report.ambiguities:
        if amb.reason:
            why = amb.reason
        elif amb.candidates:
            options = "; ".join(" ".join(map(str, c)) for c in amb.candidates[:5])
            why = f"{len(amb.candidates)} splits fit the rules: {options}"
        else:
            why = f"cannot be laid over {len(amb.cells)} cells"
        yield Finding("AMBIGUOUS-CELLS", "warning", f"{quoted(amb.raw)}: {why}; cells left empty",
                      list(amb.cells), amb.location)


def _splits(report: Report):
    """Info for a split the rules decided; a warning for one the prose decided, a weaker reading."""
    for split in report.splits:
        read = ", ".join(f"{k} = {v}" for k, v in zip(split.cells, split.values))
        why = f", and by the figure the prose states: {split.confirmed_by}" if split.confirmed_by else ""
        yield Finding("DIGITS-SPLIT", "warning" if split.confirmed_by else "info",
                      f"{quoted(split.raw)} split into cells by the table's rules{why} (as if none of them were "
                      f"blank): {read}", list(split.cells), split.location)


def _placements(report: Report):
    for placed in report.placements:
        yield Finding("PLACED", "warning", f"{quoted(placed.raw)} placed in {', '.join(placed.cells)}: {placed.reason}",
                      list(placed.cells), placed.location)


def _unsure(report: Report):
    for key, cell in ((k, c) for t in report.tables.values() for k, c in t.cells.items()):
        if cell.status == "unsure":
            yield Finding("LOW-CONFIDENCE", "warning", f"{key}: {quoted(cell.raw)} {cell.note}; cell left empty",
                          [key], cell.location)


def _unconfirmed(report: Report):
    """OCR readings the equations or a second reading do not confirm: one finding per reason."""
    reasons: dict[str, list[str]] = {}
    for key, cell in ((k, c) for t in report.tables.values() for k, c in t.cells.items()):
        if cell.status == "unconfirmed":
            reasons.setdefault(cell.note or "", []).append(key)
    for why, keys in reasons.items():
        first = report.cell(keys[0])
        yield Finding("OCR-CHECK", "warning", f"{', '.join(keys)}: {why}; cells left empty", keys,
                      first.location if first else None)


def _structure(report: Report):
    if report.meta.no_tables_reason and not report.sections:
        return   # nothing of the report could be read: NO-TABLES says why
    numbers = [s.number for s in report.sections]
    missing = [n for n in range(1, SECTION_COUNT + 1) if n not in numbers]
    duplicated = sorted({n for n in numbers if numbers.count(n) > 1})
    if missing:
        yield Finding("STRUCTURE", "warning", "section(s) missing: " + ", ".join(map(str, missing)))
    for n in duplicated:
        again = [s for s in report.sections if s.number == n][1]
        yield Finding("STRUCTURE", "warning", f"section {n} appears more than once", location=again.location)
    firsts = list(dict.fromkeys(numbers))
    if firsts != sorted(firsts):
        yield Finding("STRUCTURE", "warning", "sections out of order: " + " ".join(map(str, firsts)))


def _skipped(report: Report):
    """What the reader left out of the reading, and why (a picture beside a page it could not read)."""
    for why in report.meta.skipped:
        yield Finding("SKIPPED", "warning", f"left out of the reading: {why}")


def _not_in_xml(report: Report):
    texts = [report.meta.title, report.meta.organ, *report.preamble]
    texts += [text for s in report.sections for text in (s.heading, *s.paragraphs)]
    found = not_in_xml(texts)
    if found:
        yield Finding("XML-CHARS", "info", f"the text holds characters XML cannot hold ({', '.join(found)}): "
                      "left out of DOCX")


@hookimpl
def xxgk_register_validators(registry):
    registry.add_validator(Validator("reading", RULES, check))
