"""The spreadsheet dataset's workbook (`xlsx_writer` registers it; openpyxl): reports.xlsx with three
sheets, each with two header rows (the Chinese labels, then the column names) and frozen panes.

- reports: the CSV's rows and columns (`xxgk.dataset`); the labels are those printed on the report's
  tables, the columns of one table row shaded alike; counts are numbers, amounts in 万元 decimals,
  null an empty cell.
- findings: one row per finding of a converted input: source, rule, severity, cells, message,
  location; the message and the location in Chinese, as the sheet's labels are (`xxgk.messages`:
  what `validate --lang zh` prints), the rule, severity and cells as their ids.
- sources: every input, converted or failed, with the reason.

Printed, each sheet is landscape A4 with a grid, its header rows (and a report's source and organ)
on every page.

Text a spreadsheet would take for a formula starts with a single quote, as in the CSV. Rows are
streamed (write-only mode): memory stays flat on any batch. A sheet holds at most Excel's
1,048,576 rows; its last row then says how many were left out.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from xxgk.dataset import Column, Entry, spreadsheet_text, values
from xxgk.messages import Chinese
from xxgk.xmltext import xml_text

from .packages import EPOCH, write_stable

MAX_ROWS = 1_048_576
MAX_TEXT = 32_767    # characters in one cell
FINDINGS = (Column("source", "来源", "text"), Column("rule", "规则", "text"), Column("severity", "严重程度", "text"),
            Column("cells", "单元格", "text"), Column("message", "说明", "text"), Column("location", "位置", "text"))
SOURCES = (Column("source", "来源", "text"), Column("status", "转换结果", "text"), Column("reason", "失败原因", "text"),
           Column("reader", "读取方式", "text"), Column("organ", "机关", "text"), Column("year", "年度", "integer"))
SHADES = {None: ("E7E6E6", "E7E6E6"), "t2": ("DDEBF7", "BDD7EE"), "t3": ("E2EFDA", "C6E0B4"),   # per table, two
          "t4": ("FCE4D6", "F8CBAD")}                                                        # alternating shades
WIDTHS = {"source": 32, "organ": 26, "year": 7, "template": 9, "reader": 9, "status": 10, "reason": 30, "errors": 7,
          "warnings": 9, "rules": 24, "rule": 18, "severity": 9, "cells": 30, "message": 60, "location": 18}


class Sheet:
    """A write-only sheet with its two header rows, that counts the rows it holds; its `side` first
    columns stay in view, on screen and on every printed page, like the header rows."""

    def __init__(self, book, title: str, header: list[Column] | tuple[Column, ...], side: int = 0):
        from openpyxl.utils import get_column_letter

        self.sheet = book.create_sheet(title)
        self.dropped = 0
        for n, column in enumerate(header, start=1):
            self.sheet.column_dimensions[get_column_letter(n)].width = WIDTHS.get(column.name, 18)
        self.sheet.freeze_panes = f"{get_column_letter(side + 1)}3"
        self.sheet.print_title_rows = "1:2"    # printed on landscape A4 with a grid
        if side:
            self.sheet.print_title_cols = f"A:{get_column_letter(side)}"
        self.sheet.page_setup.orientation, self.sheet.page_setup.paperSize = "landscape", "9"
        self.sheet.print_options.gridLines = True
        self.sheet.row_dimensions[1].height = 120 if any(c.info for c in header) else 18   # keys' labels wrap
        self.sheet.append(_labels(self.sheet, list(header)))
        self.sheet.append([_bold(self.sheet, c.name) for c in header])
        self.rows = 2

    def append(self, row: list) -> None:
        if self.rows < MAX_ROWS - 1:
            self.sheet.append([_cell(self.sheet, v) for v in row])
            self.rows += 1
        else:
            self.dropped += 1

    def close(self) -> None:
        if self.dropped:
            self.sheet.append([f"… {self.dropped} more rows left out: a sheet holds at most {MAX_ROWS:,}"])


def write_all(entries: Iterable[Entry], out, header: list[Column], words: Chinese) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    reports, findings, sources = (Sheet(book, "reports", header, side=2), Sheet(book, "findings", FINDINGS),
                                  Sheet(book, "sources", SOURCES))
    for entry in entries:
        reports.append(values(entry, header))
        for f in entry.findings:
            findings.append([entry.source, f.rule, f.severity, ";".join(f.cells) or None, words.message(f),
                             words.location(f.location) or None])
        meta = entry.report.meta if entry.report else None
        known = (meta.reader, meta.organ, meta.year) if meta else ()
        sources.append([entry.source, entry.status, entry.reason, *known])
    for sheet in (reports, findings, sources):
        sheet.close()
    write_stable(lambda raw: _save(book, raw), out)


def _save(book, raw) -> None:
    """Save as `Workbook.save` does, but dated EPOCH rather than now: the same data gives the same bytes."""
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    book.properties.creator = "xxgk"
    book.properties.created = book.properties.modified = datetime(*EPOCH)
    ExcelWriter(book, ZipFile(raw, "w", ZIP_DEFLATED, allowZip64=True)).save()


def _cell(sheet, value):
    """A value as a cell: text neutralised (see the module) and cleared of what XML cannot hold,
    numbers as numbers, an amount with its decimals."""
    from decimal import Decimal

    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        return spreadsheet_text(xml_text(value))[:MAX_TEXT]
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "0.00####"
        return cell
    return value


def _labels(sheet, header: list[Column]) -> list:
    """The Chinese header row: each label shaded by its table, alternately from one table row to the next."""
    from openpyxl.styles import Alignment, PatternFill

    cells, group, shade = [], None, 0
    for column in header:
        info = column.info
        if info and (info.table, info.row) != group:
            group, shade = (info.table, info.row), 1 - shade
        cell = _bold(sheet, column.label)
        cell.fill = PatternFill("solid", fgColor=SHADES[info.table if info else None][shade])
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cells.append(cell)
    return cells


def _bold(sheet, text: str):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell = WriteOnlyCell(sheet, text)
    cell.font = Font(bold=True)
    return cell

