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
# an inline style a browser (or Word, mso-hide) shows nothing of, descendants included: display:none, mso-hide:all
_HIDING = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|mso-hide\s*:\s*all)\s*(?:!\s*important\s*)?(?:;|$)", re.I)
# visibility, which descendants inherit and may set again: hidden text keeps its place, shown empty
_VISIBILITY = re.compile(r"(?:^|;)\s*visibility\s*:\s*(visible|hidden|collapse)\b", re.I)


class BlockWalker:
    """Collects blocks from an element tree, numbering paragraphs and tables for locations."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.images: list[Tag] = []
        self._buffer: list[str] = []
        self._paragraphs = 0
        self._tables = 0

    def walk(self, element: Tag) -> list[Block]:
        self._walk(element, 0, True)
        self._flush()
        return self.blocks

    def _walk(self, element: Tag, depth: int, visible: bool) -> None:
        if depth > MAX_HTML_DEPTH:
            raise ReadError(f"HTML nested deeper than {MAX_HTML_DEPTH} elements")
        for child in element.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                if visible:
                    self._buffer.append(str(child))
            elif isinstance(child, Tag):
                self._tag(child, depth + 1, visible)

    def _tag(self, tag: Tag, depth: int, visible: bool) -> None:
        name = tag.name
        if hidden(tag):
            return
        visible = shown(tag, visible)
        if name == "br":
            self._flush()
        elif name == "img":
            self.images.append(tag)
        elif name == "table":
            self._flush()
            if any(isinstance(d, Tag) and d.name == "table" for d in tag.descendants):
                self._walk(tag, depth, visible)      # layout table: its cells hold the content
            else:
                self._table(tag, visible)
            self._flush()
        elif name in BLOCK_TAGS:
            self._flush()
            self._walk(tag, depth, visible)
            self._flush()
        else:
            self._walk(tag, depth, visible)

    def _flush(self) -> None:
        text = clean_text("".join(self._buffer))
        self._buffer = []
        if text:
            self._paragraphs += 1
            self.blocks.append(Paragraph(text, Location(path=f"p[{self._paragraphs}]")))

    def _table(self, table: Tag, visible: bool) -> None:
        self._tables += 1
        rows = []
        for r, tr in enumerate(_children(table, "tr", through=("tbody", "thead", "tfoot")), start=1):
            cells = []
            for c, td in enumerate(_children(tr, "td", "th"), start=1):
                loc = Location(path=f"table[{self._tables}]/tr[{r}]/td[{c}]")
                text = shown_text(td, shown(tr, visible), self.images)
                cells.append(TableCell(text, loc, _span(td, "rowspan"), _span(td, "colspan")))
            rows.append(cells)
        self.blocks.append(Table(rows, Location(path=f"table[{self._tables}]")))


def shown_text(element: Tag, visible: bool = True, images: list[Tag] | None = None) -> str:
    """The text a browser shows of `element` (`visible`: whether it inherits visibility), joined
    without separators (a label wrapped over <p>s or <br>s is one label): hidden elements left out,
    text under visibility:hidden left out unless a descendant is visible again; a superscript (a
    footnote mark, 4529<sup>1</sup>) in brackets, a note, never digits; its pictures added to
    `images`. Walked with a stack of children, as a cell may nest deeply."""
    parts = []
    stack = [(iter(element.children), shown(element, visible))]
    while stack:
        children, visible = stack[-1]
        node = next(children, None)
        if node is None:
            stack.pop()
        elif isinstance(node, NavigableString):
            if visible and not isinstance(node, Comment):
                parts.append(f"[{node}]" if node.parent is not None and node.parent.name == "sup" else str(node))
        elif isinstance(node, Tag) and not hidden(node):
            if node.name == "img" and images is not None:
                images.append(node)
            stack.append((iter(node.children), shown(node, visible)))
    return clean_text("".join(parts))


def hidden(tag: Tag) -> bool:
    """An element a browser shows nothing of, descendants included: the `hidden` attribute, or an
    inline style that hides it (`_HIDING`); a stylesheet's rules are not read."""
    return tag.has_attr("hidden") or bool(_HIDING.search(str(tag.get("style") or "")))


def shown(tag: Tag, inherited: bool) -> bool:
    """Whether the text of `tag` itself is visible: its inline visibility, else its parent's."""
    m = _VISIBILITY.search(str(tag.get("style") or ""))
    return inherited if m is None else m.group(1).lower() == "visible"


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
