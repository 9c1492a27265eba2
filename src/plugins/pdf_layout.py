"""PDF pages (pdfplumber) to Document blocks.

Ruled tables become grids; a full-width one-cell row of a ruled box is text, not a table row
(WPS draws boxes round prose). Text lines outside the grids are rejoined into paragraphs across
line and page breaks; a line whose words stand in columns with numbers among them is a table row
without rules. Page numbers and running headers/footers are dropped. Text printed sideways is read
turned upright (pdf_turns).

pdfplumber's table finder does work that grows with the square of the cells its rules' crossings
make (a page of 200 rules each way took 31 s): a page of more than MAX_TABLE_RULES ruling lines
(merged, as the finder takes them) is read without them, its tables as tables without rules, and
that is noted (`noting`).
"""
from __future__ import annotations

import bisect
import operator
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING

from pdfplumber.table import TableFinder

from xxgk.document import Block, Document, Paragraph, Table, TableCell
from xxgk.model import Location
from xxgk.spacing import clean_text
from xxgk.values import parse_token

if TYPE_CHECKING:
    from .pdf_turns import TurnedPage

FULL_WIDTH = 0.9          # a one-cell row this wide (share of the table) is a box round text
COLUMN_GAP = 1.2          # a gap this many character widths wide separates columns
INDENT = 1.5              # an indent or a short line of this many characters starts a paragraph
LINE_STEP = 3.0           # points: characters whose tops round alike stand on one line
SIZE_CHANGE = 1.0         # points of font size between a title and body text
MARGIN = 0.1              # running headers and footers live in this share of the page at top and bottom
MAX_TABLE_RULES = 200     # ruling lines of a page, merged, given the table finder (a report's page: up to about 55)
_HEIGHT = operator.itemgetter(0)   # of a centred character (`_centred`)
_PAGE_NUMBER = re.compile(r"^(?:[-—–－~]\s*\d{1,4}\s*[-—–－~]|第\s*\d{1,4}\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?"
                          r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})$")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)])")


@dataclass
class TextLine:
    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    cells: list[TableCell] | None = None   # set when the line is a row of a table without rules
    turned: TurnedPage | None = None       # set when the line was read on a page turned upright

    @property
    def location(self) -> Location:
        box = [self.x0, self.top, self.x1, self.bottom]
        return Location(page=self.page, bbox=[round(v, 1) for v in (self.turned.page_box(box) if self.turned else box)])


def page_items(page, number: int) -> list[tuple[float, TextLine | Table]]:
    """A page's tables and text lines, each with its top, in reading order. Text printed sideways is
    read turned upright (pdf_turns) and stands, in its own order, where its region begins."""
    found = _tables(page, number)
    if all(char["upright"] for char in page.chars):
        return _items(page, found, number)
    from .pdf_turns import split

    rest, upright, turned = split(page, found)
    items = _items(rest, upright, number)
    for view in turned:
        items += [(view.region[1], _on_page(item, view)) for _, item in _items(view, _tables(view, number), number)]
    return sorted(items, key=lambda item: item[0])


def _tables(page, number: int) -> list:
    """pdfplumber's tables found from the page's rules (none without rules, or with too many)."""
    return _Finder(page, number).tables if page.lines or page.rects or page.curves else []


class _Finder(TableFinder):
    """pdfplumber's table finder, given the page's rules only within MAX_TABLE_RULES."""

    def __init__(self, page, number: int) -> None:
        self.number = number
        super().__init__(page)

    def get_edges(self) -> list[dict]:
        return table_rules(super().get_edges(), self.number)


_noted: ContextVar[list[str] | None] = ContextVar("pdf_layout_noted", default=None)


@contextmanager
def noting() -> Iterator[list[str]]:
    """Within the block, what the reading of a page leaves out is noted in the list it yields (for
    the Document's `skipped`)."""
    noted: list[str] = []
    token = _noted.set(noted)
    try:
        yield noted
    finally:
        _noted.reset(token)


def table_rules(edges: list[dict], number: int) -> list[dict]:
    """The ruling lines (pdfplumber edges, merged) page `number`'s tables are found from: `edges`,
    or none when there are more than MAX_TABLE_RULES, noted once for the page."""
    if len(edges) <= MAX_TABLE_RULES:
        return edges
    note = f"page {number}: more than {MAX_TABLE_RULES} ruling lines, its tables read without them"
    noted = _noted.get()
    if noted is not None and note not in noted:
        noted.append(note)
    return []


def _items(page, found: list, number: int) -> list[tuple[float, TextLine | Table]]:
    """The grids of the found tables and the text lines outside them, each with its top, in order."""
    items: list[tuple[float, TextLine | Table]] = []
    bands = []
    centred = _centred(page.chars) if found else []
    for table in found:
        for top, grid, band in grids(table, _cell_texts(table, centred), number):
            items.append((top, grid))
            bands.append(band)
    for raw in page.extract_text_lines(return_chars=True):
        if in_bands(raw["top"], raw["bottom"], raw["x0"], raw["x1"], bands):
            continue
        line = _text_line(raw, number)
        if line.text:
            items.append((line.top, line))
    return sorted(items, key=lambda item: item[0])


def _on_page(item: TextLine | Table, turned: TurnedPage) -> TextLine | Table:
    """An item read on a turned page, the boxes of its cells given on the page."""
    for row in item.rows if isinstance(item, Table) else [item.cells or []]:
        for cell in row:
            if cell.location and cell.location.bbox:
                cell.location.bbox = [round(v, 1) for v in turned.page_box(cell.location.bbox)]
    if isinstance(item, TextLine):
        item.turned = turned
    return item


def in_bands(top: float, bottom: float, x0: float, x1: float, bands) -> bool:
    """Whether a line stands inside one of the tables' bands (top, bottom, left, right)."""
    middle = (top + bottom) / 2
    return any(t <= middle <= b and x0 < right and x1 > left for t, b, left, right in bands)


def _centred(chars: list[dict]) -> list[tuple[float, float, dict]]:
    """A page's characters with their centres, (y, x, char), by y (in drawing order at one y)."""
    return sorted((((c["top"] + c["bottom"]) / 2, (c["x0"] + c["x1"]) / 2, c) for c in chars), key=_HEIGHT)


def _cell_texts(found, centred: list[tuple[float, float, dict]]) -> list[list[str | None]]:
    """The text of every cell (None where a merged cell covers the slot): its characters in
    reading order, joined without separators (wrapped and vertical labels become one label).
    `centred`: the page's characters (`_centred`)."""
    x0, top, x1, bottom = found.bbox
    lo, hi = bisect.bisect_left(centred, top, key=_HEIGHT), bisect.bisect_right(centred, bottom, key=_HEIGHT)
    inside = [(y, x, c) for y, x, c in centred[lo:hi] if x0 <= x <= x1]
    heights = [y for y, _, _ in inside]
    texts: list[list[str | None]] = []
    for row in found.rows:
        boxes = [box for box in row.cells if box]
        lo = bisect.bisect_left(heights, min((box[1] for box in boxes), default=0))
        hi = bisect.bisect_right(heights, max((box[3] for box in boxes), default=-1))
        near = inside[lo:hi]
        line: list[str | None] = []
        for box in row.cells:
            if box is None:
                line.append(None)
                continue
            own = sorted((c for y, x, c in near if box[0] <= x <= box[2] and box[1] <= y <= box[3]),
                         key=lambda c: (round(c["top"] / LINE_STEP), c["x0"]))
            line.append("".join(c["text"] for c in own))
        texts.append(line)
    return texts


def grids(found, texts: list[list[str | None]], number: int, scores: list[list[float | None]] | None = None,
          notes: list[list[str | None]] | None = None):
    """Runs of real table rows of a found table (pdfplumber's Table: bbox, rows of cell boxes):
    (top, Table, band). `scores` gives each cell's OCR confidence and `notes` how its text was
    made, when the text was recognised."""
    width = found.bbox[2] - found.bbox[0]
    run: list[list[TableCell]] = []
    run_top = run_bottom = 0.0
    for r, (row, cells_text) in enumerate(zip(found.rows, texts)):
        cells = [c for c in row.cells if c is not None]
        boxed_text = len(cells) == 1 and cells[0][2] - cells[0][0] >= FULL_WIDTH * width
        if boxed_text or not cells:
            if run:
                yield run_top, Table(run, Location(page=number)), (run_top, run_bottom, found.bbox[0], found.bbox[2])
            run = []
            continue
        if not run:
            run_top = row.bbox[1]
        run_bottom = row.bbox[3]
        confidences = scores[r] if scores else [None] * len(row.cells)
        made = notes[r] if notes else [None] * len(row.cells)
        run.append([TableCell(clean_text(text or ""),
                              Location(page=number, bbox=[round(v, 1) for v in box]) if box else Location(page=number),
                              confidence=confidence, note=note)
                    for text, box, confidence, note in zip(cells_text, row.cells, confidences, made)])
    if run:
        yield run_top, Table(run, Location(page=number)), (run_top, run_bottom, found.bbox[0], found.bbox[2])


def is_table_row(line_text: str, texts: list[str]) -> bool:
    """Whether a line whose parts stand apart (`texts`) is a table row: numbers among them, not prose."""
    is_prose = "。" in line_text or ("，" in line_text and len(texts) < 3)
    return len(texts) >= 2 and not is_prose and any(parse_token(t) for t in texts)


def _text_line(raw: dict, number: int) -> TextLine:
    chars = sorted((c for c in raw["chars"] if c["text"].strip()), key=lambda c: c["x0"])
    size = statistics.median(c["size"] for c in chars) if chars else 10.0
    line = TextLine(clean_text(raw["text"]), number, raw["x0"], raw["x1"], raw["top"], raw["bottom"], size)
    columns: list[list[dict]] = []
    for char in chars:
        if columns and char["x0"] - columns[-1][-1]["x1"] <= COLUMN_GAP * size:
            columns[-1].append(char)
        else:
            columns.append([char])
    texts = [clean_text("".join(c["text"] for c in column)) for column in columns]
    if is_table_row(line.text, texts):
        line.cells = [TableCell(t, Location(page=number, bbox=[round(col[0]["x0"], 1), round(line.top, 1),
                                                               round(col[-1]["x1"], 1), round(line.bottom, 1)]))
                      for t, col in zip(texts, columns)]
    return line


def drop_furniture(lines: list[TextLine], heights: dict[int, float]) -> list[TextLine]:
    """Without page numbers and the running headers/footers repeated in the page margins (of the page
    turned upright, for a line read so)."""
    def in_margin(line: TextLine) -> bool:
        height = float(line.turned.height) if line.turned else heights[line.page]
        return line.top < MARGIN * height or line.bottom > (1 - MARGIN) * height

    def key(line: TextLine) -> str:
        return re.sub(r"\d+", "#", line.text)

    repeated = Counter(key(ln) for ln in lines if in_margin(ln))
    pages = len(heights)
    return [ln for ln in lines if not (in_margin(ln) and (_PAGE_NUMBER.match(ln.text)
                                                          or (pages >= 2 and repeated[key(ln)] >= max(2, pages // 2))))
            and not re.fullmatch(r"[-—–－~]\s*\d{1,4}\s*[-—–－~]", ln.text)]


def blocks(items: list[TextLine | Table]) -> list[Block]:
    """Text lines rejoined into paragraphs; tables and column rows kept as they are."""
    lines = [i for i in items if isinstance(i, TextLine) and i.cells is None]
    left = _quantile([ln.x0 for ln in lines], 0.1)
    right = _quantile([ln.x1 for ln in lines], 0.9)
    out: list[Block] = []
    current: list[TextLine] = []

    def flush() -> None:
        if current:
            out.append(Paragraph(_join(current), current[0].location))
            current.clear()

    for item in items:
        if isinstance(item, Table):
            flush()
            out.append(item)
        elif item.cells is not None:
            flush()
            out.append(Table([item.cells], item.location))
        else:
            if current and _starts_paragraph(item, current[-1], left, right):
                flush()
            current.append(item)
    flush()
    return out


def _starts_paragraph(line: TextLine, previous: TextLine, left: float, right: float) -> bool:
    """An indent, a short line before, another font size, or a numbered heading."""
    return (line.x0 > left + INDENT * line.size or previous.x1 < right - INDENT * previous.size
            or abs(line.size - previous.size) > SIZE_CHANGE or bool(_HEADING.match(line.text)))


def _join(lines: list[TextLine]) -> str:
    text = lines[0].text
    for line in lines[1:]:
        gap = " " if text[-1:].isascii() and text[-1:].isalnum() and line.text[:1].isascii() else ""
        text += gap + line.text
    return text


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def document(pages: dict[int, tuple[list, float]], by_ocr: set[int], name: str | None) -> Document:
    """One Document from the items (TextLines and Tables, top to bottom) of every page read, keyed
    by page number with the page's height, in page order. Running headers and page numbers go by
    each page's own height; lines become paragraphs within a run of pages read alike, since pages
    read by OCR (`by_ocr`) measure in pixels and the others in points."""
    numbers = sorted(pages)
    lines = [i for n in numbers for i in pages[n][0] if isinstance(i, TextLine)]
    kept = set(map(id, drop_furniture(lines, {n: pages[n][1] for n in numbers})))
    out = []
    for _, run in groupby(numbers, key=lambda n: n in by_ocr):
        out += blocks([i for n in run for i in pages[n][0] if isinstance(i, Table) or id(i) in kept])
    reader = "ocr" if numbers and set(numbers) == by_ocr else "pdf"
    return Document(out, source=name, reader=reader)
