"""Plain-text reader (.txt, .md, stdin, and any textual input no other reader claims): lines to
paragraphs, `|`- (or `｜`, `│`) and tab-separated rows to tables.

Tables flattened to one cell per line stay paragraphs: the assembler reads them as cell runs.
"""
from __future__ import annotations

import re
from functools import cache

from xxgk import hookimpl
from xxgk.chrome import strip_chrome
from xxgk.decoding import decode
from xxgk.document import Document, Paragraph, Table, TableCell
from xxgk.errors import ReadError
from xxgk.limits import MAX_BLOCKS, MAX_LINE_CHARS, MAX_TABLE_CELLS
from xxgk.model import Location
from xxgk.registry import Reader, Source

# markdown, ascii and box-drawing table rules (|---|, +---+, ├──┼──┤): only rule characters, one of
# them a dash; two linear passes (one pattern with a dash between two runs backtracks quadratically)
_RULE_CHARS = re.compile(r"[\s|:+=\-—\u2500-\u257f]*")
_DASH = r"[-─━═]"
_BARS = re.compile("[｜│┃║]")   # full-width and box-drawing column bars
MIN_RULE = 3   # "-" or "--" on its own line is a cell written "not given", not a rule
_MARKUP = re.compile(r"^(?:#{1,6}\s+|>\s*)|\*\*|__")
MAX_PIPE_PROSE = 80
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"   # where str.splitlines breaks


def split_row(line: str) -> list[str] | None:
    """The cells of a table row, or None for a line of prose."""
    body = _BARS.sub("|", line.strip(" \r\n"))
    if "\t" in body.strip():
        return [c.strip() for c in body.split("\t")]
    pipes = body.count("|")
    if pipes >= 2 or (pipes == 1 and len(body) < MAX_PIPE_PROSE):
        cells = [c.strip() for c in body.split("|")]
        if body.startswith("|"):
            cells = cells[1:]
        if body.endswith("|"):
            cells = cells[:-1]
        return cells
    return None


def _is_rule(line: str) -> bool:
    return bool(_RULE_CHARS.fullmatch(line) and _dash().search(line))


@cache
def _dash() -> re.Pattern:
    """_DASH compiled when a line of rule characters is first met (a table drawn in text), not on
    every start of xxgk."""
    return re.compile(_DASH)


def parse_text(text: str, name: str) -> Document:
    """ReadError for text of more than MAX_BLOCKS lines (told before they are split), a line of more
    than MAX_LINE_CHARS characters, or a table of more than MAX_TABLE_CELLS cells (told before
    the lines are read: a line of words or cells takes tens of bytes a character)."""
    breaks = sum(text.count(c) for c in LINE_BREAKS)
    if breaks > MAX_BLOCKS:
        raise ReadError(f"more than {MAX_BLOCKS:,} lines: over the limit")
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise ReadError(f"line {number} of {len(line):,} characters: over the limit of {MAX_LINE_CHARS:,}")
    keep, published, at = strip_chrome([ln.strip() for ln in lines])
    doc = Document(source=name, reader="text", meta={"published": published, "published_from": "page"}
                   if published else {}, published_at=None if at is None else Location(line=at + 1))
    table: Table | None = None
    for number, (line, kept) in enumerate(zip(lines, keep), start=1):
        if not kept or not line.strip() or (_is_rule(line) and len(line.strip()) >= MIN_RULE):
            continue
        loc = Location(line=number)
        cells = split_row(line)
        if cells is not None:
            if table is None:
                table, size = Table(location=loc), 0
                doc.blocks.append(table)
            size += len(cells)
            if size > MAX_TABLE_CELLS:
                raise ReadError(f"a table of more than {MAX_TABLE_CELLS:,} cells: over the limit")
            table.rows.append([TableCell(c, loc) for c in cells])
            continue
        table = None
        doc.blocks.append(Paragraph(_MARKUP.sub("", line.strip()).strip(), loc))
    return doc


def read(source: Source) -> Document:
    decoded = decode(source.data)
    doc = parse_text(decoded.text, source.name)
    if decoded.damage:
        doc.skipped.append(decoded.damage)
    return doc


@hookimpl
def xxgk_register_readers(registry):
    registry.add_reader(Reader(
        name="text", read=read, extensions=(".txt", ".text", ".md", ".markdown"),
        media_types=("text/plain", "text/markdown"), priority=0))
