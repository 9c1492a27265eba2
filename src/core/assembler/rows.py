"""Source lines to observed rows: label fragments followed by value cells.

One reading serves every layout: a grid row ("label | 0 | 0"), hierarchical labels over several
cells, and tables flattened into one cell per line, where a row's values are the value lines
between its label and the next label.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from ..document import TableCell
from ..labels import normalize
from ..model import Location
from ..values import Parsed, clean, parse_token
from .lines import Line

_NUMBER = r"[+-]?\d[\d.,]*(?:万元|元)?"   # an amount may carry its unit
_MARK = r"[/／\\—－―–]+"       # "not given", written between numbers with no space ("102/5")
# a run of marks is one token, never cut in two (each way of cutting "////…" was tried: exponential)
_VALUE_RUN = re.compile(rf"^\s*(?:(?:{_NUMBER}|{_MARK}(?![/／\\—－―–])|-)"
                        rf"(?:\s+|$|(?={_MARK})|(?<=[/／\\—－―–])(?=\d)))+$")
_VALUE_TOKEN = re.compile(rf"{_NUMBER}|{_MARK}|-")
_PAGE_NUMBER = re.compile(r"^\s*[—－―–-]+\s*\d+\s*[—－―–-]+\s*$")   # "— 4 —": a page's number, not values
# the label ends at the last word end followed by more words; if the words after it are no numbers, neither are
# those after any earlier end, so that end alone is tried (each end tried read to the line's end: quadratic)
_LABEL_THEN_NUMBERS = re.compile(rf"^(?=(?P<label>.*[^\d\s.,，、:：(（+-])\s+\S)(?P=label)"
                                 rf"\s+(?P<numbers>{_NUMBER}(?:\s+{_NUMBER})*)\s*$")
# a grid cell among a row's values that holds digits but is no number ("3O", "1l2", "4.5.6"): a value
# misread, never a label (which would cut the row in two and move its other values)
# (or Latin letters alone, "abc", "x": no label of the format is written in them)
_MISREAD = re.compile(r"(?=.*\d)[0-9A-Za-z.,+'`|~-]{1,12}|[A-Za-z]{1,12}")
_ITEM_NUMBER = re.compile(r"\d+[.、]?")
LABEL_FRAGMENTS = 3   # a label may be wrapped over up to three cells or lines
LABEL_WINDOW = 8      # torn labels: how far back a label may stand from its values


@dataclass
class Value:
    """A value slot: `token` is None for a blank grid cell; `confidence` is OCR's, if recognised,
    and `note` the reader's (see TableCell)."""

    token: Parsed | None
    text: str
    location: Location | None
    confidence: float | None = None
    note: str | None = None
    covered: bool = False   # a slot a merged cell to its left covers (TableCell.covered)


@dataclass
class ObservedRow:
    """Label fragments and the value slots after them; `aligned` when the slots are the tail of one
    full-width grid row, so that they stand right-aligned under the table's value columns."""

    fragments: list[TableCell] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    aligned: bool = False
    from_grid: bool = False

    @cached_property
    def labels(self) -> tuple[str, ...]:
        """The normalised label candidates: the last one, two, three fragments joined."""
        texts = [f.text for f in self.fragments[-LABEL_FRAGMENTS:]]
        return tuple(normalize("".join(texts[start:])) for start in range(len(texts)))

    @cached_property
    def earlier_labels(self) -> tuple[str, ...]:
        """Labels standing further back (one to three fragments joined), for labels torn from their
        values by a converter: several labels in a row, then their values."""
        texts = [f.text for f in self.fragments[-LABEL_WINDOW:-1]]
        return tuple(normalize("".join(texts[i:j])) for i in range(len(texts))
                     for j in range(i + 1, min(i + LABEL_FRAGMENTS, len(texts)) + 1))

    @property
    def splittable(self) -> bool:
        """Its values could be run-together digits split into more cells."""
        return any(v.token and v.token.number and v.token.number.isdigit() and len(v.token.number) > 1
                   for v in self.values)

    @property
    def location(self) -> Location | None:
        places = [c.location for c in self.fragments[-1:]] + [v.location for v in self.values]
        return next((loc for loc in places if loc), None)


def observed_rows(lines: list[Line]) -> list[ObservedRow]:
    rows: list[ObservedRow] = []
    current = ObservedRow()

    def close() -> None:
        nonlocal current
        if current.values:
            rows.append(current)
            current = ObservedRow()

    for line in lines:
        cells = _line_cells(line)
        tokens = _misread_values(cells, [parse_token(c.text) for c in cells]) if line.grid else \
            [parse_token(c.text) for c in cells]
        numbers = any(t is not None and t.number is not None for t in tokens)
        if line.grid and current.values and not current.from_grid and numbers:
            close()   # numbers from paragraphs, met by a grid row of numbers: a loose row of their own
        first_label = next((i for i, t in enumerate(tokens) if t is None), None)
        for i, (cell, token) in enumerate(zip(cells, tokens)):
            if token is None:
                close()
                current.fragments.append(cell)
            elif token.number is not None or clean(cell.text):
                current.values.append(Value(token, cell.text, cell.location, cell.confidence, cell.note))
                current.from_grid = current.from_grid or line.grid
            elif line.grid and (first_label is None or i > first_label):
                current.values.append(Value(None, "", cell.location, cell.confidence, covered=cell.covered))
        if line.grid:
            # the row's values all come from this line: a full-width one has them in their columns
            current.aligned = line.full
            close()
    close()
    return rows


def _misread_values(cells: list[TableCell], tokens: list[Parsed | None]) -> list[Parsed | None]:
    """The tokens of a grid row, a misread value among its values, or in its last cell, kept as a
    value (reported invalid by its cell) rather than read as a label."""
    first_label = next((i for i, t in enumerate(tokens) if t is None), len(tokens))
    if None not in tokens[first_label + 1:]:
        return tokens   # no label among the values
    numbers = [i for i, t in enumerate(tokens) if t is not None and t.number is not None and i > first_label]
    last = max((i for i, c in enumerate(cells) if c.text.strip()), default=-1)
    return [Parsed(text) if t is None and i > first_label and (i == last or any(n != i for n in numbers))
            and _MISREAD.fullmatch(text := clean(c.text)) and not _ITEM_NUMBER.fullmatch(text) else t
            for i, (c, t) in enumerate(zip(cells, tokens))]


def _line_cells(line: Line) -> list[TableCell]:
    """The line's cells; a paragraph of numbers and "not given" marks ("0 0 0", "45 +3 1280",
    "102/5") is several value cells, and one that ends in numbers ("行政许可 97") a label and its
    values."""
    if line.grid:
        return line.cells
    text, loc = line.cells[0].text, line.cells[0].location
    tokens = _VALUE_TOKEN.findall(text) if _VALUE_RUN.match(text) and not _PAGE_NUMBER.match(text) else []
    if len(tokens) > 1:
        return [TableCell(token, loc) for token in tokens]
    m = _LABEL_THEN_NUMBERS.match(text)
    if m and "。" not in text:
        return [TableCell(m["label"], loc)] + [TableCell(part, loc) for part in m["numbers"].split()]
    return line.cells
