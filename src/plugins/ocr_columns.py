"""Tables without rules, read by OCR: each value of a row placed in the column it stands under.

Recognised text gives a row of such a table only the values it found: a blank cell, or ink the
recogniser could not read, leaves no trace, and a row of six values for seven cells cannot be laid
out. The columns come from the lines about the row instead (the fullest row, or the headings above).
"""
from __future__ import annotations

import math
from collections.abc import Callable

from xxgk.document import TableCell
from xxgk.model import Location
from xxgk.values import parse_token

from .pdf_layout import TextLine

Box = tuple[float, float, float, float]   # x0, y0, x1, y1 in pixels


def in_columns(lines: list[TextLine], spans: list[list[Box]], inked: Callable[[Box], bool]) -> None:
    """Rows of a table without rules with a value not found (a blank cell, or ink not read) given a
    slot for it, in place. In a run of lines of several columns (headings and rows; a label alone
    on its line does not end it, a title across the columns does), the columns are those of the
    line with the most, a heading's parts over the labels left out; a row's values are
    matched to the nearest column each, in order, each within half a column's spacing, and a column
    right of the row's label that no value matches becomes an empty cell: not read (confidence 0)
    when ink stands there, blank otherwise. A row whose values do not match stays as it is."""
    firsts = [v[0][0] for line, line_spans in zip(lines, spans) if line.cells
              and (v := _value_spans(line, line_spans, -math.inf))]
    runs: list[list[int]] = []
    last = -2
    for i, line_spans in enumerate(spans):
        if len(line_spans) < 2:
            if not (firsts and lines[i].x1 < min(firsts)):
                last = -2   # a line across the columns (a title) ends a run; a label alone does not
            continue
        if runs and last == runs[-1][-1]:
            runs[-1].append(i)
        else:
            runs.append([i])
        last = i
    for run in runs:
        labels_end = max((_label_end(lines[i], spans[i]) for i in run if lines[i].cells), default=-math.inf)
        reference = max((_value_spans(lines[i], spans[i], labels_end) for i in run), key=len)
        centres = [(b[0] + b[2]) / 2 for b in reference]
        if len(centres) < 2:
            continue
        reach = min(b - a for a, b in zip(centres, centres[1:])) / 2
        for i in run:
            row = lines[i]
            if row.cells is None:
                continue
            values = _value_spans(row, spans[i], labels_end)
            label = row.cells[:len(row.cells) - len(values)]
            matched = [min(range(len(centres)), key=lambda c: abs(centres[c] - (b[0] + b[2]) / 2)) for b in values]
            if len(values) >= len(centres) or matched != sorted(set(matched)) or any(
                    abs(centres[c] - (b[0] + b[2]) / 2) >= reach for c, b in zip(matched, values)):
                continue
            start = spans[i][len(label) - 1][2] if label else -math.inf
            given = dict(zip(matched, row.cells[len(label):]))
            row.cells = label + [given.get(c) or _slot(reference[c], row, inked)
                                 for c in range(len(centres)) if c in given or reference[c][0] > start]


def _value_spans(line: TextLine, line_spans: list[Box], labels_end: float) -> list[Box]:
    """The value columns of a line: a heading's (no cells) centred right of where the rows'
    labels end, a row's after its last label (numbers, slashes, cells not read)."""
    if line.cells is None:
        return [b for b in line_spans if (b[0] + b[2]) / 2 > labels_end]
    return line_spans[_last_label(line) + 1:]


def _label_end(line: TextLine, line_spans: list[Box]) -> float:
    last = _last_label(line)
    return line_spans[last][2] if last >= 0 else -math.inf


def _last_label(line: TextLine) -> int:
    """The index of a row's last label cell, -1 for none."""
    return max((k for k, c in enumerate(line.cells or []) if c.text and parse_token(c.text) is None), default=-1)


def _slot(column: Box, row: TextLine, inked: Callable[[Box], bool]) -> TableCell:
    """The empty cell of a row of a table without rules in a column where no value was found."""
    box = (column[0], row.top, column[2], row.bottom)
    return TableCell("", Location(page=row.page, bbox=[round(v, 1) for v in box]),
                     confidence=0.0 if inked(box) else None)
