"""Cells, sections and places named as the printed report names them, for people who read findings.

A cell is named by its table and the labels printed on its row and column (the data dictionary's):
"表三 · （三）不予公开 1.属于国家秘密 · 自然人". The label over all of table 3's result rows
(三、本年度办理结果) is left out of row names, and a column is named by the fewest of its innermost
labels that tell it from the table's other columns ("自然人", not "申请人情况 自然人"; "复议后起诉
总计"). A place in the source is "第4页", "第12行", "第3段" or "表2第5行第3格", never `p[3]`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .dictionary import SEPARATOR, TABLE_NAMES, keys
from .model import Location

if TYPE_CHECKING:
    from .registry import Registry

_PARAGRAPH = re.compile(r"p\[(\d+)\]")
_TABLE_CELL = re.compile(r"table\[(\d+)\](?:/tr\[(\d+)\](?:/t[dhc]\[(\d+)\])?)?")


class Names:
    """The printed names of the registry's cells and sections."""

    def __init__(self, registry: Registry):
        infos = keys(registry)
        grouping = {t.results_label for variants in registry.table_variants().values() for t in variants}
        columns: dict[str, set[tuple[str, ...]]] = {}
        for info in infos:
            columns.setdefault(info.table, set()).add(info.column)
        self._parts = {info.key: (TABLE_NAMES.get(info.table, info.table),
                                  " ".join(label for label in info.row if label not in grouping),
                                  " ".join(_shortest(info.column, columns[info.table])))
                       for info in infos}
        self._rows_of: dict[tuple[str, str], set[str]] = {}   # (table, row) -> the row's columns
        for table, row, column in self._parts.values():
            if row:
                self._rows_of.setdefault((table, row), set()).add(column)
        self._sections = {spec.number: spec.heading for spec in registry.sections()}

    def cell(self, key: str) -> str:
        """One cell's name; an unknown key as it is."""
        parts = self._parts.get(key)
        return SEPARATOR.join(p for p in parts if p) if parts else key

    def cells(self, keys: Iterable[str]) -> str:
        """Several cells, those of one row named together: "表三 · （一）予以公开 · 自然人、商业企业",
        or "… · 全行" for every cell of the row."""
        return "；".join(SEPARATOR.join(p for p in (*head, self._columns(head, columns)) if p)
                        for head, columns in self._rows((k, None) for k in keys))

    def _columns(self, row: tuple[str, str], columns: list[str]) -> str:
        return "全行" if len(columns) > 1 and set(columns) == self._rows_of.get(row) else "、".join(columns)

    def values(self, pairs: Iterable[tuple[str, str]]) -> str:
        """Cells with their values, a row at a time: "表三 · （一）予以公开：自然人 = 0，商业企业 = 0"."""
        return "；".join(SEPARATOR.join(p for p in head if p) + "：" + "，".join(columns)
                        for head, columns in self._rows(pairs))

    def _rows(self, pairs: Iterable[tuple[str, str | None]]) -> list[tuple[tuple[str, str], list[str]]]:
        """Consecutive cells of one row grouped: ((table, row), [column or "column = value", …]); an
        unknown key stands alone."""
        out: list[tuple[tuple[str, str], list[str]]] = []
        for key, value in pairs:
            table, row, column = self._parts.get(key, (key, "", ""))
            shown = column if value is None else f"{column or key} = {value}"
            if out and out[-1][0] == (table, row) and key in self._parts:
                out[-1][1].append(shown)
            else:
                out.append(((table, row), [shown] if shown else []))
        return out

    def section(self, number: int) -> str:
        """A section by its heading in quotes: “三、收到和处理政府信息公开申请情况”."""
        return f"“{self._sections[number]}”" if number in self._sections else f"第{number}部分"


def _shortest(labels: tuple[str, ...], others: set[tuple[str, ...]]) -> tuple[str, ...]:
    """The fewest innermost labels that no other column of the table ends with."""
    for n in range(1, len(labels)):
        if sum(1 for other in others if other[-n:] == labels[-n:]) == 1:
            return labels[-n:]
    return labels


def place(location: Location | None) -> str:
    """Where in the source, as a person looks for it: "第4页", "第12行", "第3段", "表2第5行第3格"
    (a source's own table count, not the report's 表二-表四); "" when nothing is known. A path of
    another shape is given as it is."""
    if location is None:
        return ""
    parts = []
    if location.page is not None:
        parts.append(f"第{location.page}页")
    if location.line is not None:
        parts.append(f"第{location.line}行")
    if location.path:
        parts.append(_path(location.path))
    return "，".join(parts)


def _path(path: str) -> str:
    if m := _PARAGRAPH.fullmatch(path):
        return f"第{m[1]}段"
    if m := _TABLE_CELL.fullmatch(path):
        return f"表{m[1]}" + (f"第{m[2]}行" if m[2] else "") + (f"第{m[3]}格" if m[3] else "")
    return path
