"""A grid row's slots as readers give them: a slot a merged cell covers has no box of its own and
is passed over; a cell whose ink OCR did not read is a slot of its own, wherever it stands, and
the values beside it stay in their columns."""
from __future__ import annotations

import pytest

from xxgk import manager
from xxgk.assembler import assemble
from xxgk.document import Document, Paragraph, Table, TableCell
from xxgk.model import Location

KEYS = ("t2.regulations.issued", "t2.regulations.repealed", "t2.regulations.in_force")
HEADINGS = ("本年制发件数", "本年废止件数", "现行有效件数")
MERGED = Location(page=1)   # a slot a merged cell covers: no box


def _box(column: int, row: int) -> Location:
    return Location(page=1, bbox=[100.0 * column, 20.0 * row, 100.0 * column + 100, 20.0 * row + 20])


def _report(values: list[TableCell]):
    rows = [[TableCell("第二十条第（一）项", _box(0, 0))] + [TableCell("", MERGED)] * 3,
            [TableCell("信息内容", _box(0, 1))] + [TableCell(h, _box(i + 1, 1)) for i, h in enumerate(HEADINGS)],
            [TableCell("规章", _box(0, 2))] + values]
    doc = Document([Paragraph("二、主动公开政府信息情况"), Table(rows)], source="scan.png", reader="image")
    registry = manager.default().registry
    return assemble(doc, registry.sections(), registry.table_variants(), registry.first_year())


@pytest.mark.parametrize("unread", [0, 1, 2])
@pytest.mark.parametrize("merged", [0, 1, 2, 3])
def test_an_unread_cell_keeps_its_column_beside_a_merged_slot(unread, merged):
    printed = ["5", "3", "12"]
    values = [TableCell("", _box(i + 1, 2), confidence=0.0) if i == unread else
              TableCell(text, _box(i + 1, 2), confidence=0.99) for i, text in enumerate(printed)]
    values.insert(merged, TableCell("", MERGED))
    report = _report(values)
    for i, key in enumerate(KEYS):
        cell = report.cell(key)
        assert (cell.value, cell.status) == ((None, "unsure") if i == unread else (int(printed[i]), "read"))
