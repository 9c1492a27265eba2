"""The DOCX writer's document (`docx_writer` registers it): the report as the national format prints
it (python-docx), ready to print.

Typography after GB/T 9704 (党政机关公文格式): A4, margins 3.7/3.5/2.8/2.6 cm, title 2号 (22 pt)
in 小标宋 (宋体 named as its altName in the font table, for machines without it), body 3号 (16 pt)
仿宋 on a 28 pt line, section headings 黑体, numbered sub-headings 楷体, tables 5号 (10.5 pt) 宋体;
page numbers and the file's properties in `docx_page`. For paper: headings are kept with what follows
them, a table's header rows are repeated on every page it runs onto (a table whose labels recur
between its blocks, table 2, is kept on one page instead), no row is split over two pages, and the
tables are as wide as the type area. Null cells stay empty; characters XML cannot hold are left out
(`xxgk.xmltext`; the XML-CHARS finding names them). With findings, an appendix lists them in Chinese.
"""
from __future__ import annotations

import re

from xxgk.layout import column_shares, header_rows, official_layout, placed, width
from xxgk.messages import chinese
from xxgk.model import Finding, Report
from xxgk.registry import Registry
from xxgk.template import TableTemplate
from xxgk.xmltext import xml_text

from .docx_page import declare_fallback, set_up, text_width_twips
from .packages import write_stable

TITLE_FONT, TITLE_FALLBACK = "方正小标宋简体", "宋体"
BODY_FONT, HEADING_FONT, SUBHEADING_FONT, TABLE_FONT = "仿宋", "黑体", "楷体", "宋体"
TITLE_SIZE, BODY_SIZE, TABLE_SIZE = 22, 16, 10.5
LINE_PITCH = 28
AFTER_TABLE = LINE_PITCH / 2    # points of space between a table and the heading below it
_SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


def _title(report: Report) -> str:
    return report.meta.title or f"{report.meta.organ or ''}{report.meta.year or ''}年政府信息公开工作年度报告"


def write(report: Report, out, registry: Registry, findings: list[Finding] | None = None) -> None:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    title = _title(report)
    set_up(document, report, title)
    declare_fallback(document, TITLE_FONT, TITLE_FALLBACK)
    _paragraph(document, title, TITLE_FONT, TITLE_SIZE, center=True)
    for text in report.preamble:
        _paragraph(document, text, BODY_FONT, BODY_SIZE, indent=True)
    tables = registry.report_tables(report)
    after_table = False
    for spec in registry.sections():
        heading = _paragraph(document, spec.heading, HEADING_FONT, BODY_SIZE, keep=True)
        if after_table:
            heading.paragraph_format.space_before = Pt(AFTER_TABLE)
        for section in (s for s in report.sections if s.number == spec.number):
            for text in section.paragraphs:
                sub = bool(_SUBHEADING.match(text)) and len(text) < 40
                _paragraph(document, text, SUBHEADING_FONT if sub else BODY_FONT, BODY_SIZE, indent=True, keep=sub)
        held = [t for t in tables if t.section == spec.number]
        for tpl in held:
            _table(document, tpl, report)
        after_table = bool(held)
    listed = [f for f in findings or () if f.severity != "info"]
    if listed:
        _appendix(document, listed, registry)
    write_stable(document.save, out)


def _font(run, name: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "Times New Roman"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(document, text: str, font: str, size: float, center=False, indent=False, keep=False):
    """A paragraph on the line grid; `keep`: on the same page as the paragraph or table after it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH if size <= BODY_SIZE else size * 1.5)
    fmt.space_after = Pt(0)
    fmt.keep_with_next = keep or None
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent:
        fmt.first_line_indent = Pt(2 * size)
    _font(paragraph.add_run(xml_text(text)), font, size)
    return paragraph


def _table(document, tpl: TableTemplate, report: Report) -> None:
    """The table written as WordprocessingML: a merged cell is gridSpan across and vMerge down; as
    wide as the type area, in fixed columns; its header rows repeated on every page, or, without a
    header that holds for every row, the whole table kept on one page; no row split."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    layout = official_layout(tpl)
    columns = width(layout)
    shares = column_shares(tpl)
    widths = [int(text_width_twips() * share / sum(shares)) for share in shares]   # never wider than it
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    table_width = table._tbl.tblPr.find(qn("w:tblW"))
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(sum(widths)))
    for grid_col, twips in zip(table._tbl.tblGrid.iterchildren(qn("w:gridCol")), widths):
        grid_col.set(qn("w:w"), str(twips))
    head = header_rows(layout)
    starts = {(r, c): cell for r, c, cell in placed(layout)}
    covered = {(r + dr, c): cell for (r, c), cell in starts.items() for dr in range(1, cell.rowspan)}
    for r in range(len(layout)):
        tr = OxmlElement("w:tr")
        table._tbl.append(tr)
        properties = OxmlElement("w:trPr")
        tr.append(properties)
        properties.append(OxmlElement("w:cantSplit"))
        if r < head:
            properties.append(OxmlElement("w:tblHeader"))
        # the header with the first row below it; a table without a repeatable header all together
        keep = r < head or (head == 0 and r < len(layout) - 1)
        c = 0
        while c < columns:
            spec = starts.get((r, c)) or covered[(r, c)]
            text = "" if (r, c) in covered else _cell_text(spec, report)
            tr.append(_tc(text, sum(widths[c:c + spec.colspan]), spec.colspan,
                          None if spec.rowspan == 1 else ("continue" if (r, c) in covered else "restart"), keep))
            c += spec.colspan


def _cell_text(spec, report: Report) -> str:
    if spec.key is None:
        return spec.text or ""
    value = report.value(spec.key)
    return "" if value is None else str(value)


def _tc(text: str, twips: int, colspan: int, vmerge: str | None, keep: bool):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    tc = OxmlElement("w:tc")
    props = OxmlElement("w:tcPr")
    tc.append(props)
    props.append(OxmlElement("w:tcW", {qn("w:w"): str(twips), qn("w:type"): "dxa"}))
    if colspan > 1:
        props.append(OxmlElement("w:gridSpan", {qn("w:val"): str(colspan)}))
    if vmerge:
        props.append(OxmlElement("w:vMerge", {qn("w:val"): vmerge}))
    props.append(OxmlElement("w:vAlign", {qn("w:val"): "center"}))
    p = OxmlElement("w:p")
    tc.append(p)
    paragraph = Paragraph(p, None)  # type: ignore[arg-type]  # a detached paragraph needs no story part
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = keep or None
    if text:
        _font(paragraph.add_run(xml_text(text)), TABLE_FONT, TABLE_SIZE)
    return tc


def _appendix(document, findings: list[Finding], registry: Registry) -> None:
    """The findings on a page of their own, in Chinese: severity, rule, what is wrong, where in the
    source."""
    words = chinese(registry)
    document.add_page_break()
    _paragraph(document, "附：检查发现的问题", HEADING_FONT, BODY_SIZE, keep=True)
    for n, finding in enumerate(findings, start=1):
        where = words.location(finding.location)
        text = (f"{n}. {SEVERITY.get(finding.severity, finding.severity)} {finding.rule}："
                f"{words.message(finding)}" + (f"（见原文{where}）" if where else ""))
        _paragraph(document, text, BODY_FONT, BODY_SIZE, indent=True)

