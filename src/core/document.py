"""What a reader returns: the source's blocks (paragraphs and table grids) with locations.

A reader knows its format and nothing about reports; the assembler turns a Document into a Report.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import Location

if TYPE_CHECKING:
    from .rereading import Reread


@dataclass
class Paragraph:
    text: str
    location: Location | None = None


@dataclass
class TableCell:
    """`confidence` is the recogniser's (0-1) when the text was read by OCR, None for printed text;
    `note` says how the reader made the text (OCR's letters taken for digits); `covered` marks a
    slot of `Table.grid` that a merged cell with text to its left covers (no cell of its own)."""

    text: str
    location: Location | None = None
    rowspan: int = 1
    colspan: int = 1
    confidence: float | None = None
    note: str | None = None
    covered: bool = False


@dataclass
class Table:
    """A grid of cells, one list per row, merged cells given once with their spans."""

    rows: list[list[TableCell]] = field(default_factory=list)
    location: Location | None = None

    def grid(self) -> list[list[TableCell]]:
        """Rows with spans expanded: a merged cell keeps its first slot, the slots it covers are blank,
        those to its right marked `covered` when it holds text (a blank merged over columns is a blank
        in each).

        Blank cover slots keep a merged number from being counted twice."""
        out: list[list[TableCell]] = []
        pending: dict[tuple[int, int], TableCell] = {}
        for r, row in enumerate(self.rows):
            line: list[TableCell] = []
            col = 0
            for cell in row:
                while (r, col) in pending:
                    line.append(pending.pop((r, col)))
                    col += 1
                below = TableCell("", cell.location)
                right = TableCell("", cell.location, covered=bool(cell.text.strip()))
                for dc in range(max(cell.colspan, 1)):
                    line.append(cell if dc == 0 else right)
                    for dr in range(1, max(cell.rowspan, 1)):
                        pending[(r + dr, col + dc)] = right if dc else below
                col += max(cell.colspan, 1)
            while (r, col) in pending:
                line.append(pending.pop((r, col)))
                col += 1
            out.append(line)
        return out


Block = Paragraph | Table


@dataclass
class Document:
    """A reader's output. `meta` may carry what the format knows (title, published date), and
    `published_at` where the date stands in the source (None for a file's metadata);
    `no_tables_reason`, `attachments` and `images` (tables published as pictures: their
    addresses) explain a source whose tables are elsewhere; `skipped` says what the reader left out,
    and why (a picture it could not read). `reread` (OCR readers) reads the
    cells at given locations again, other ways: see `xxgk.rereading`."""

    blocks: list[Block] = field(default_factory=list)
    source: str | None = None
    reader: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    no_tables_reason: str | None = None
    attachments: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    reread: Reread | None = None
    published_at: Location | None = None
