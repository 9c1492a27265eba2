"""An HTML element to Document blocks: paragraphs in reading order, data tables as grids.

A table that holds other tables is a layout table: its cells are read as containers of blocks.
"""
from __future__ import annotations

import re

from bs4 import Comment, NavigableString, Tag

from xxgk.document import Block, Paragraph, Table, TableCell
from xxgk.errors import ReadError
from xxgk.limits import MAX_HTML_DEPTH
from xxgk.model import Location
from xxgk.spacing import clean_text

BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
              "article", "blockquote", "center", "pre", "header", "footer", "main", "aside", "form", "tbody",
              "thead", "tfoot", "tr", "td", "th", "caption", "figure", "figcaption", "address", "hr"}
MAX_SPAN = 100
# an inline style a browser (or Word, mso-hide) shows nothing of: display:none, visibility:hidden, mso-hide:all
_HIDING = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all)\s*"
                     r"(?:!\s*important\s*)?(?:;|$)", re.I)


class BlockWalker:
    """Collects blocks from an element tree, numbering paragraphs and tables for locations."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.images: list[Tag] = []
        self._buffer: list[str] = []
        self._paragraphs = 0
        self._tables = 0

    def walk(self, element: Tag) -> list[Block]:
        self._walk(element, 0)
        self._flush()
        return self.blocks

    def _walk(self, element: Tag, depth: int) -> None:
        if depth > MAX_HTML_DEPTH:
            raise ReadError(f"HTML nested deeper than {MAX_HTML_DEPTH} elements")
        for child in element.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                self._buffer.append(str(child))
            elif isinstance(child, Tag):
                self._tag(child, depth + 1)

    def _tag(self, tag: Tag, depth: int) -> None:
        name = tag.name
        if hidden(tag):
            return
        if name == "br":
            self._flush()
        elif name == "img":
            self.images.append(tag)
        elif name == "table":
            self._flush()
            if any(isinstance(d, Tag) and d.name == "table" for d in tag.descendants):
                self._walk(tag, depth)      # layout table: its cells hold the content
            else:
                self._table(tag)
            self._flush()
        elif name in BLOCK_TAGS:
            self._flush()
            self._walk(tag, depth)
            self._flush()
        else:
            self._walk(tag, depth)

    def _flush(self) -> None:
        text = clean_text("".join(self._buffer))
        self._buffer = []
        if text:
            self._paragraphs += 1
            self.blocks.append(Paragraph(text, Location(path=f"p[{self._paragraphs}]")))

    def _table(self, table: Tag) -> None:
        self._tables += 1
        rows = []
        for r, tr in enumerate(_children(table, "tr", through=("tbody", "thead", "tfoot")), start=1):
            cells = []
            for c, td in enumerate(_children(tr, "td", "th"), start=1):
                loc = Location(path=f"table[{self._tables}]/tr[{r}]/td[{c}]")
                cells.append(TableCell(self._cell_text(td), loc, _span(td, "rowspan"), _span(td, "colspan")))
            rows.append(cells)
        self.blocks.append(Table(rows, Location(path=f"table[{self._tables}]")))

    def _cell_text(self, td: Tag) -> str:
        """The cell's text joined without separators (a label wrapped over <p>s or <br>s is one label);
        a superscript (a footnote mark, 4529<sup>1</sup>) in brackets, a note, never digits; hidden
        elements left out (walked with a stack of their children: a cell may nest deeply)."""
        parts = []
        stack = [iter(td.children)]
        while stack:
            node = next(stack[-1], None)
            if node is None:
                stack.pop()
            elif isinstance(node, NavigableString):
                if not isinstance(node, Comment):
                    parts.append(f"[{node}]" if node.parent is not None and node.parent.name == "sup" else str(node))
            elif isinstance(node, Tag) and not hidden(node):
                if node.name == "img":
                    self.images.append(node)
                stack.append(iter(node.children))
        return clean_text("".join(parts))


def hidden(tag: Tag) -> bool:
    """An element a browser shows nothing of: the `hidden` attribute, or an inline style that hides
    it (`_HIDING`); a stylesheet's rules are not read."""
    return tag.has_attr("hidden") or bool(_HIDING.search(str(tag.get("style") or "")))


def _children(tag: Tag, *names: str, through: tuple[str, ...] = ()):
    """Child elements named `names`, not hidden, looking inside the `through` wrappers (tbody) too."""
    for child in tag.children:
        if isinstance(child, Tag) and not hidden(child):
            if child.name in names:
                yield child
            elif child.name in through:
                yield from _children(child, *names)


def _span(td: Tag, attr: str) -> int:
    value = td.get(attr)
    try:
        return max(1, min(int(str(value).strip()), MAX_SPAN)) if value is not None else 1
    except ValueError:
        return 1
