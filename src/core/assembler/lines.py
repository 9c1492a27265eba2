"""A Document flattened into lines: a paragraph is a one-cell line, a table row a grid line."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..document import Document, Paragraph, TableCell
from ..errors import ReadError
from ..labels import normalize
from ..limits import MAX_TABLE_CELLS
from ..spacing import has_invisible, visible


@dataclass
class Line:
    """A paragraph (one cell) or a grid row; `full` when the row spans its table's whole width."""

    cells: list[TableCell]
    grid: bool
    full: bool = False
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = " ".join(t for t in (c.text.strip() for c in self.cells) if t)

    @property
    def norm(self) -> str:
        return normalize(self.text)   # cached by text


def flatten(doc: Document) -> list[Line]:
    """The document's paragraphs and table rows as lines, with no invisible characters."""
    lines: list[Line] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if text := visible(block.text).strip():
                lines.append(Line([TableCell(text, block.location)], grid=False))
        else:
            cells = sum(max(c.colspan, 1) for row in block.rows for c in row)
            if cells > MAX_TABLE_CELLS or len(block.rows) > MAX_TABLE_CELLS:
                raise ReadError(f"a table of {cells} cells: over the limit of {MAX_TABLE_CELLS}")
            rows = block.grid()
            if has_invisible("".join(c.text for row in rows for c in row)):
                rows = [[_visible_cell(c) for c in row] for row in rows]
            width = max((len(r) for r in rows), default=0)
            lines.extend(Line(row, grid=True, full=len(row) == width)
                         for row in rows if any(c.text.strip() for c in row))
    return lines


def _visible_cell(cell: TableCell) -> TableCell:
    text = visible(cell.text)
    return cell if text == cell.text else replace(cell, text=text)
