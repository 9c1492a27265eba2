"""A grid row's slots as readers give them: a slot a merged cell covers has no box of its own and
is passed over; a cell whose ink OCR did not read is a slot of its own, wherever it stands, and
the values beside it stay in their columns; a row broken over a page is one row."""
from __future__ import annotations

import io
from dataclasses import replace

import pytest

import xxgk
from xxgk import manager
from xxgk.assembler import assemble
from xxgk.document import Document, Paragraph, Table, TableCell
from xxgk.model import Location
from xxgk.plugins import docx_reader
from xxgk.registry import Source

from reportgen import consistent_values, report_text

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


def _on_page(block, page: int):
    """A copy of a Table block whose cells stand on `page`."""
    return Table([[replace(c, location=Location(page=page)) for c in row] for row in block.rows], Location(page=page))


@pytest.mark.parametrize("label, at", [("2.没有现成信息需要另行制作", 3), ("2.其他法律行政法规禁止公开", 5),
                                       ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 17)])
@pytest.mark.parametrize("seed, at_foot", [(61, 7), (62, 7), (63, 3)])
def test_a_row_broken_over_a_page_is_one_row(label, at, seed, at_foot):
    """Word lets a row break over a page: its values (the first `at_foot` of them) and the first part of
    its label at the foot of one page, the rest of the label (and of the values, in their columns)
    beside empty cells at the head of the next ("2.没" 0 0 … / "有现成信息需要另行制作"). The row keeps
    its values, where the rest of the label alone had taken the row's name with its empty cells,
    leaving the numbers out in silence."""
    values = consistent_values(seed, 40)
    out = io.BytesIO()
    xxgk.write(xxgk.read_source(Source(report_text(values).encode(), "r.txt")), "docx", out)
    doc = docx_reader.read(Source(out.getvalue(), "r.docx"))
    index, table = next((i, b) for i, b in enumerate(doc.blocks)
                        if isinstance(b, Table) and any(c.text == label for row in b.rows for c in row))
    r, c = next((r, c) for r, row in enumerate(table.rows) for c, cell in enumerate(row) if cell.text == label)
    broken, first_value = table.rows[r], len(table.rows[r]) - 7
    foot = [replace(cell, text=label[:at] if i == c else cell.text if i < first_value + at_foot else "")
            for i, cell in enumerate(broken)]
    head = [replace(cell, text=label[at:] if i == c else cell.text if i >= first_value + at_foot else "")
            for i, cell in enumerate(broken)]
    first, second = Table(table.rows[:r] + [foot]), Table([head] + table.rows[r + 1:])
    doc.blocks[index:index + 1] = [_on_page(first, 1), _on_page(second, 2)]
    registry = manager.default().registry
    report = assemble(doc, registry.sections(), registry.table_variants(), registry.first_year())
    t3 = {k: v for k, v in values.items() if k.startswith("t3.")}
    assert {k: report.value(k) for k in t3} == t3
