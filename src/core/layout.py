"""The official printed layout of each table, derived from the template: rows of cells with their
merges, as writers lay them out (HTML rowspan/colspan, DOCX merged cells), and the labels printed
around each value (the data dictionary's)."""
from __future__ import annotations

from dataclasses import dataclass

from .template import RowSpec, TableTemplate

T3_HEADER_TEXT = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T4_GROUPS = ("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉")
# each grid column's share of the table's width as printed: labels wide, values narrow
COLUMN_SHARES: dict[str, tuple[float, ...]] = {"t2": (3, 2, 2, 2), "t3": (0.9, 1.9, 4.2) + (1.23,) * 7,
                                               "t4": (1,) * 15}


@dataclass(frozen=True)
class LayoutCell:
    """A printed cell: header or label text, or the canonical key of a value."""

    text: str | None = None
    key: str | None = None
    rowspan: int = 1
    colspan: int = 1


Layout = list[list[LayoutCell]]    # rows; a merged cell appears once, in its top-left slot


def official_layout(tpl: TableTemplate) -> Layout:
    if tpl.table == "t2":
        return _table2(tpl)
    if tpl.table == "t3":
        return _table3(tpl)
    return _table4(tpl)


def width(layout: Layout) -> int:
    return sum(c.colspan for c in layout[0])


def column_shares(tpl: TableTemplate) -> tuple[float, ...]:
    """Each grid column's share of the printed table's width (they add up to any total; divide)."""
    return COLUMN_SHARES.get(tpl.table) or (1.0,) * width(official_layout(tpl))


def header_rows(layout: Layout) -> int:
    """How many rows at the top hold labels only: the table's header, which a printer repeats on
    each page the table runs onto. 0 when label rows stand between the values further down too
    (table 2's blocks, each under its own heading): such a header holds for its first block
    alone, and the table is best kept on one page."""
    labelled = [not any(cell.key for cell in row) for row in layout]
    head = labelled.index(False) if False in labelled else len(layout)
    return 0 if any(labelled[head:]) else head


def placed(layout: Layout) -> list[tuple[int, int, LayoutCell]]:
    """(row, column, cell) for every cell, columns counted with the merged cells above taken out."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(layout):
        col = 0
        for cell in row:
            while (r, col) in taken:
                col += 1
            out.append((r, col, cell))
            taken.update((r + dr, col + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            col += cell.colspan
    return out


def printed_labels(layout: Layout) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """key -> (the labels of its row, the labels of its column), each outermost first, as printed:
    a row's labels stand to the left of its values (and a heading spanning the whole table above
    its block), a column's stand in the band of header rows above the block of values."""
    cells = placed(layout)
    full = width(layout)
    value_rows = {r for r, _, cell in cells if cell.key}
    out = {}
    for r, c, cell in cells:
        if cell.key is None:
            continue
        top = r
        while top - 1 in value_rows:
            top -= 1
        band = top
        while band - 1 >= 0 and band - 1 not in value_rows:
            band -= 1
        rows: list[str] = []
        columns: list[str] = []
        for r2, c2, label in cells:
            if label.key is not None or not label.text:
                continue
            if band <= r2 < top and label.colspan == full:
                rows.append(label.text)
            elif band <= r2 < top and c2 <= c < c2 + label.colspan:
                columns.append(label.text)
            elif r2 <= r < r2 + label.rowspan and c2 < c:
                rows.append(label.text)
        out[cell.key] = (tuple(rows), tuple(columns))
    return out


def _values(tpl: TableTemplate, row: RowSpec, span_last_to: int = 0) -> list[LayoutCell]:
    keys = tpl.row_keys(row)
    cells = [LayoutCell(key=k) for k in keys]
    if span_last_to > len(keys):
        cells[-1] = LayoutCell(key=keys[-1], colspan=span_last_to - len(keys) + 1)
    return cells


def _table2(tpl: TableTemplate) -> Layout:
    columns = tpl.value_columns
    out: Layout = []
    group = None
    for row in tpl.rows:
        if row.group != group:
            group = row.group
            out.append([LayoutCell(group, colspan=columns + 1)])
            heads = [LayoutCell(c.label) for c in row.columns]
            heads[-1] = LayoutCell(row.columns[-1].label, colspan=columns - len(row.columns) + 1)
            out.append([LayoutCell("信息内容")] + heads)
        out.append([LayoutCell(row.label)] + _values(tpl, row, columns))
    return out


def _table3(tpl: TableTemplate) -> Layout:
    head, results, tail = tpl.rows[:2], tpl.rows[2:-1], tpl.rows[-1:]
    labels = [c.label for c in head[0].columns]
    out: Layout = [
        [LayoutCell(T3_HEADER_TEXT, rowspan=3, colspan=3), LayoutCell("申请人情况", colspan=7)],
        [LayoutCell(labels[0], rowspan=2), LayoutCell("法人或其他组织", colspan=5), LayoutCell(labels[-1], rowspan=2)],
        [LayoutCell(label) for label in labels[1:-1]],
    ]
    for row in head:
        out.append([LayoutCell(row.label, colspan=3)] + _values(tpl, row))
    for i, row in enumerate(results):
        cells = [LayoutCell(tpl.results_label, rowspan=len(results))] if i == 0 else []
        if row.group is None:
            cells.append(LayoutCell(row.label, colspan=2))
        else:
            if i == 0 or results[i - 1].group != row.group:
                cells.append(LayoutCell(row.group, rowspan=sum(1 for r in results if r.group == row.group)))
            cells.append(LayoutCell(row.label))
        out.append(cells + _values(tpl, row))
    for row in tail:
        out.append([LayoutCell(row.label, colspan=3)] + _values(tpl, row))
    return out


def _table4(tpl: TableTemplate) -> Layout:
    (row,) = tpl.rows
    outcomes = [c.label for c in row.columns[:5]]
    review, suits, direct, after = T4_GROUPS
    return [
        [LayoutCell(review, colspan=5), LayoutCell(suits, colspan=10)],
        [LayoutCell(o, rowspan=2) for o in outcomes] + [LayoutCell(direct, colspan=5), LayoutCell(after, colspan=5)],
        [LayoutCell(o) for o in outcomes * 2],
        _values(tpl, row),
    ]
