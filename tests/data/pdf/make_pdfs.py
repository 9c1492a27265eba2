"""Writes the PDF fixtures of tests/test_pdf.py and their expected cell values.

    pip install reportlab && python tests/data/pdf/make_pdfs.py

- ruled.pdf: the official ruled tables, table 3 broken over two pages with its header repeated,
  a running header and "- N -" page numbers between the parts, labels wrapped in narrow cells and
  三、本年度办理结果 written vertically, one character per line, in merged cells.
- unruled.pdf: the same report with tables drawn as text in columns, without any rule.
- sideways-90.pdf, sideways-270.pdf (ruled) and sideways-90-unruled.pdf, sideways-270-unruled.pdf
  (columns, its heading turned with it): table 3 printed turned by the angle under upright prose on a
  portrait page, table 4 turned the other way between upright sections, a label of table 2 turned
  inside its upright cell, bare page numbers (turned with table 3 on its page).
- sideways-both.pdf: two tables 4 side by side on one page, turned 90° and 270°, between upright prose.
- scanned.pdf: pages that are only an image (no text layer).
- encrypted.pdf: a report that needs the password "secret".
- t4-blank.pdf: ruled.pdf with three of table 4's cells blank (BLANK).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from xxgk.templates.y2021 import T3_COLUMNS, TABLE2, TABLE3, TABLE4  # noqa: E402

from reportgen import HEADINGS, T2_BLOCKS, T2_HEADERS, consistent_values  # noqa: E402

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
BODY = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=20, firstLineIndent=24)
TITLE = ParagraphStyle("title", fontName=FONT, fontSize=18, leading=28, alignment=1)
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10)
ORGAN, YEAR = "某某市人民政府办公室", 2024
PROSE = ("本年度，我办坚持以公开为常态、不公开为例外，严格落实政府信息公开条例各项规定，围绕中心工作"
         "推进决策、执行、管理、服务、结果公开，持续完善政府信息公开制度，规范依申请公开办理流程，"
         "加强政府网站和政务新媒体管理，政府信息公开工作取得新的进展。")


def _p(text: str, style=CELL) -> Paragraph:
    return Paragraph(text, style)


def table2(values, turned_label: bool = False) -> Table:
    """Table 2, ruled; with `turned_label` its first 信息内容 is printed turned in its cell."""
    rows, spans = [], []
    for row in TABLE2.rows:
        if row.key in T2_BLOCKS:
            spans.append(("SPAN", (0, len(rows)), (3, len(rows))))
            rows.append([T2_BLOCKS[row.key], "", "", ""])
            head = list(T2_HEADERS[row.key])
            if turned_label and len(rows) == 1:
                head[0] = TurnedLabel(head[0])
            if len(head) == 2:
                spans.append(("SPAN", (1, len(rows)), (3, len(rows))))
            rows.append((head + ["", ""])[:4] if len(head) == 2 else head)
        keys = TABLE2.row_keys(row)
        if len(keys) == 1:
            spans.append(("SPAN", (1, len(rows)), (3, len(rows))))
        rows.append(([row.label] + [str(values[k]) for k in keys] + ["", ""])[:4])
    return _grid(rows, spans, [150, 100, 100, 100])


def table3_parts(values, split_at: int) -> tuple[Table, Table]:
    body = _table3_body(values)
    return table3(body[:split_at], "三、本年度办"), table3(body[split_at:], "理结果")


def _table3_body(values) -> list[tuple[str, str, list[str]]]:
    """Table 3's rows as (key, label as the ruled table prints it, values)."""
    body = []
    for row in TABLE3.rows:
        label = row.label.split("）", 1)[1] if row.key.count(".") and row.label.startswith("（") else row.label
        if row.key == "disclosed":
            label = "（一）予以公开"
        body.append((row.key, label, [str(values[f"t3.{row.key}.{c.key}"]) for c in T3_COLUMNS]))
    return body


def table3(body: list[tuple[str, str, list[str]]], vertical: str, label_width: int = 130) -> Table:
    """Table 3's header and `body` rows, `vertical` written one character per line beside the results,
    the labels of the results in a column `label_width` points wide."""
    balance = _p("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    rows = [[balance, "", "", "申请人情况"] + [""] * 6,
            ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
            ["", "", "", "", _p("商业企业"), _p("科研机构"), _p("社会公益组织"), _p("法律服务机构"), "其他", ""]]
    spans = [("SPAN", (0, 0), (2, 2)), ("SPAN", (3, 0), (9, 0)), ("SPAN", (3, 1), (3, 2)),
             ("SPAN", (4, 1), (8, 1)), ("SPAN", (9, 1), (9, 2))]
    first_result = None
    for key, label, nums in body:
        n = len(rows)
        if key in ("new_received", "carried_over", "carried_forward"):
            spans.append(("SPAN", (0, n), (2, n)))
            rows.append([_p(label), "", ""] + nums)
        else:
            first_result = n if first_result is None else first_result
            if "." in key:
                rows.append(["", "", _p(label)] + nums)
            else:
                spans.append(("SPAN", (1, n), (2, n)))
                rows.append(["", _p(label), ""] + nums)
    last_result = max(i for i, r in enumerate(rows) if i >= 3 and (r[1] or r[2]))
    if first_result is not None:
        rows[first_result][0] = _p("<br/>".join(vertical))
        spans.append(("SPAN", (0, first_result), (0, last_result)))
    return _grid(rows, spans, [22, 50, label_width] + [36] * 7)


def table4(values) -> Table:
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9,
            [_p(o) for o in outcomes] + ["未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
            [""] * 5 + [_p(o) for o in outcomes * 2],
            ["" if values[k] is None else str(values[k]) for k in TABLE4.cell_keys()]]
    spans = [("SPAN", (0, 0), (4, 0)), ("SPAN", (5, 0), (14, 0)), ("SPAN", (5, 1), (9, 1)),
             ("SPAN", (10, 1), (14, 1))] + [("SPAN", (i, 1), (i, 2)) for i in range(5)]
    return _grid(rows, spans, [30] * 15)


def _grid(rows, spans, widths) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")] + spans))
    return table


def _furniture(pdf, doc) -> None:
    pdf.setFont(FONT, 9)
    pdf.drawCentredString(A4[0] / 2, A4[1] - 30, f"{ORGAN}政府信息公开工作年度报告")
    pdf.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")


def ruled(values, path: Path) -> None:
    story = [_p(ORGAN, TITLE), _p(f"{YEAR}年政府信息公开工作年度报告", TITLE), Spacer(1, 12),
             _p("本报告根据《中华人民共和国政府信息公开条例》编制。", BODY)]
    t3a, t3b = table3_parts(values, 14)
    for n, heading in enumerate(HEADINGS, start=1):
        story.append(_p(heading, BODY))
        if n in (1, 5, 6):
            story += [_p(PROSE, BODY), _p(PROSE, BODY)]
        if n == 2:
            story.append(table2(values))
        if n == 3:
            story += [PageBreak(), t3a, PageBreak(), t3b]
        if n == 4:
            story.append(table4(values))
    SimpleDocTemplate(str(path), pagesize=A4, topMargin=60, bottomMargin=60).build(
        story, onFirstPage=_furniture, onLaterPages=_furniture)


def unruled(values, path: Path) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = A4[1] - 72

    def line(*cells, x=72, step=16, size=9):
        nonlocal y
        if y < 72:
            pdf.showPage()
            y = A4[1] - 72
        pdf.setFont(FONT, size)
        for i, text in enumerate(cells):
            pdf.drawString(x if i == 0 else 300 + 34 * (i - 1), y, str(text))
        y -= step

    line(f"{ORGAN}{YEAR}年政府信息公开工作年度报告", x=150, size=14, step=30)
    line("本报告根据《中华人民共和国政府信息公开条例》编制。", size=11)
    for n, heading in enumerate(HEADINGS, start=1):
        line(heading, size=11, step=20)
        if n == 2:
            for row in TABLE2.rows:
                line(row.label, *[values[k] for k in TABLE2.row_keys(row)])
        if n == 3:
            line("申请人情况", "自然人", "商业", "科研", "公益", "法律", "其他", "总计")
            for row in TABLE3.rows:
                label = row.labels[-1][:20]   # the short form, as the unruled table's narrow column prints it
                line(label, *[values[f"t3.{row.key}.{c.key}"] for c in T3_COLUMNS])
        if n == 4:
            line("行政复议 行政诉讼")
            pdf.setFont(FONT, 8)
            for i, key in enumerate(TABLE4.cell_keys()):
                pdf.drawString(72 + 30 * i, y, str(values[key]))
            y -= 16
        if n in (1, 5, 6):
            line("本年度各项工作有序开展。", size=11)
    pdf.save()


class Sideways(Flowable):
    """Flowables stacked top to bottom, as wide as the last (the table), and turned by `angle`
    (90: counterclockwise, 270: clockwise), as Word and WPS print a landscape table on a portrait page."""

    def __init__(self, flowables: list, angle: int) -> None:
        super().__init__()
        self.flowables, self.angle = flowables, angle

    def wrap(self, avail_width, avail_height):
        width = self.flowables[-1].wrap(avail_height, avail_width)[0]
        self.heights = [f.wrap(width, avail_width)[1] for f in self.flowables]
        self.turned = (width, sum(self.heights))
        return self.turned[1], self.turned[0]

    def draw(self) -> None:
        width, height = self.turned
        if self.angle == 90:
            self.canv.translate(height, 0)
        else:
            self.canv.translate(0, width)
        self.canv.rotate(self.angle)
        for flowable, own in zip(self.flowables, self.heights):
            height -= own
            flowable.drawOn(self.canv, 0, height)


class TurnedLabel(Flowable):
    """One line of 8 pt text turned clockwise (read top to bottom), as a narrow table cell holds a label."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text, self.width, self.height = text, 10, pdfmetrics.stringWidth(text, FONT, 8)

    def draw(self) -> None:
        self.canv.setFont(FONT, 8)
        self.canv.translate(2, self.height)
        self.canv.rotate(-90)
        self.canv.drawString(0, 0, self.text)


class Columns(Flowable):
    """Table 3 without rules: the short label and the values of each row in columns (9 pt, 16 pt apart)."""

    def __init__(self, values) -> None:
        super().__init__()
        self.rows = [["申请人情况", "自然人", "商业", "科研", "公益", "法律", "其他", "总计"]]
        self.rows += [[row.labels[-1][:20]] + [str(values[f"t3.{row.key}.{c.key}"]) for c in T3_COLUMNS]
                      for row in TABLE3.rows]
        self.width, self.height = 228 + 34 * 8, 16 * len(self.rows)

    def draw(self) -> None:
        self.canv.setFont(FONT, 9)
        for r, row in enumerate(self.rows, start=1):
            for i, text in enumerate(row):
                self.canv.drawString(0 if i == 0 else 228 + 34 * (i - 1), self.height - 16 * r + 4, text)


def sideways(values, path: Path, angle: int, ruled_table: bool) -> None:
    """Table 3 printed turned by `angle` under upright prose on a portrait page (no /Rotate), ruled or
    in columns; without rules, section three's heading is turned with it. Table 4 is turned the other
    way between upright sections, and a label of table 2 is turned inside its upright cell. The page
    number of the page with table 3 is turned with it."""
    heading3 = _p(HEADINGS[2], BODY)
    t3 = [table3(_table3_body(values), "三、本年度办理结果", 200)] if ruled_table else [heading3, Columns(values)]
    story = [_p(ORGAN, TITLE), _p(f"{YEAR}年政府信息公开工作年度报告", TITLE), Spacer(1, 12),
             _p("本报告根据《中华人民共和国政府信息公开条例》编制。", BODY),
             _p(HEADINGS[0], BODY), _p(PROSE, BODY), _p(HEADINGS[1], BODY), table2(values, turned_label=True),
             PageBreak()] + ([heading3] if ruled_table else [])
    story += [_p(PROSE, BODY), Sideways(t3, angle), PageBreak(),
              _p(HEADINGS[3], BODY), Sideways([table4(values)], 360 - angle)]
    story += [_p(HEADINGS[4], BODY), _p(PROSE, BODY), _p(HEADINGS[5], BODY), _p(PROSE, BODY)]

    def page_number(pdf, doc) -> None:
        """A bare page number at the foot of the page; on the turned page, at the foot of the turned page."""
        pdf.saveState()
        pdf.setFont(FONT, 9)
        if doc.page == 2:
            pdf.translate(A4[0] - 30 if angle == 90 else 30, A4[1] / 2)
            pdf.rotate(angle)
        else:
            pdf.translate(A4[0] / 2, 30)
        pdf.drawCentredString(0, 0, str(doc.page))
        pdf.restoreState()

    SimpleDocTemplate(str(path), pagesize=A4, topMargin=60, bottomMargin=60, leftMargin=40,
                      rightMargin=40).build(story, onFirstPage=page_number, onLaterPages=page_number)


def both_turns(path: Path, values: list) -> None:
    """Two tables 4 side by side on one page, one turned 90° and one 270°, between upright prose."""
    pair = Table([[Sideways([table4(values[0])], 90), Sideways([table4(values[1])], 270)]])
    SimpleDocTemplate(str(path), pagesize=A4).build([_p(PROSE, BODY), pair, _p("本年度各项工作有序开展。", BODY)])


BLANK = ("t4.review.upheld", "t4.litigation_direct.total", "t4.litigation_after_review.total")


def with_blank_cells(values) -> dict:
    """The values with table 4's first, a middle and its last cell left blank (a way to write zero)."""
    return {**values, **dict.fromkeys(BLANK)}


def scanned(path: Path) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        pdf.setFillColor(colors.lightgrey)
        pdf.rect(60, 60, A4[0] - 120, A4[1] - 120, fill=1, stroke=0)
        pdf.showPage()
    pdf.save()


def encrypted(path: Path) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt="secret")
    pdf.setFont(FONT, 12)
    pdf.drawString(72, 760, f"{ORGAN}{YEAR}年政府信息公开工作年度报告")
    pdf.save()


def main() -> None:
    values = consistent_values(41, 60)
    ruled(values, HERE / "ruled.pdf")
    unruled(values, HERE / "unruled.pdf")
    for angle in (90, 270):
        sideways(values, HERE / f"sideways-{angle}.pdf", angle, ruled_table=True)
        sideways(values, HERE / f"sideways-{angle}-unruled.pdf", angle, ruled_table=False)
    both_turns(HERE / "sideways-both.pdf", [values, consistent_values(7, 9)])
    ruled(with_blank_cells(values), HERE / "t4-blank.pdf")
    scanned(HERE / "scanned.pdf")
    encrypted(HERE / "encrypted.pdf")
    (HERE / "expected.json").write_text(json.dumps({"organ": ORGAN, "year": YEAR, "cells": values},
                                                   ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
