"""DOCX writer: the report as the national format prints it (python-docx).

Typography after GB/T 9704 (党政机关公文格式): A4, margins 3.7/3.5/2.8/2.6 cm, title 2号 (22 pt)
in 小标宋 (宋体 named as its altName in the font table, for machines without it), body 3号 (16 pt)
仿宋 on a 28 pt line, section headings 黑体, numbered sub-headings 楷体, tables 5号 (10.5 pt) 宋体.
Null cells stay empty; characters XML cannot hold are left out (`xxgk.xmltext`; the XML-CHARS
finding names them).
"""
from __future__ import annotations

import re

from xxgk import hookimpl
from xxgk.layout import official_layout, placed, width
from xxgk.model import Finding, Report
from xxgk.registry import Registry, Writer
from xxgk.template import TableTemplate
from xxgk.xmltext import xml_text

from .packages import write_stable

TITLE_FONT, TITLE_FALLBACK = "方正小标宋简体", "宋体"
BODY_FONT, HEADING_FONT, SUBHEADING_FONT, TABLE_FONT = "仿宋", "黑体", "楷体", "宋体"
TITLE_SIZE, BODY_SIZE, TABLE_SIZE = 22, 16, 10.5
LINE_PITCH = 28
MARGINS_CM = {"top": 3.7, "bottom": 3.5, "left": 2.8, "right": 2.6}
TEXT_WIDTH_CM = 21.0 - MARGINS_CM["left"] - MARGINS_CM["right"]
COLUMN_SHARES: dict[str, list[float]] = {"t2": [3, 2, 2, 2], "t3": [0.9, 1.9, 4.2] + [1.23] * 7, "t4": [1] * 15}
_SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


def write(report: Report, out, registry: Registry, findings: list[Finding] | None = None) -> None:
    import docx

    document = docx.Document()
    _page(document)
    _declare_fallback(document, TITLE_FONT, TITLE_FALLBACK)
    _paragraph(document, report.meta.title or _title(report), TITLE_FONT, TITLE_SIZE, center=True)
    for text in report.preamble:
        _paragraph(document, text, BODY_FONT, BODY_SIZE, indent=True)
    tables = registry.report_tables(report)
    for spec in registry.sections():
        _paragraph(document, spec.heading, HEADING_FONT, BODY_SIZE)
        for section in (s for s in report.sections if s.number == spec.number):
            for text in section.paragraphs:
                sub = bool(_SUBHEADING.match(text)) and len(text) < 40
                _paragraph(document, text, SUBHEADING_FONT if sub else BODY_FONT, BODY_SIZE, indent=True)
        for tpl in (t for t in tables if t.section == spec.number):
            _table(document, tpl, report)
    if findings:
        _appendix(document, [f for f in findings if f.severity != "info"])
    write_stable(document.save, out)


def _title(report: Report) -> str:
    return f"{report.meta.organ or ''}{report.meta.year or ''}年政府信息公开工作年度报告"


def _page(document) -> None:
    from docx.shared import Cm

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side, cm in MARGINS_CM.items():
        setattr(section, f"{side}_margin", Cm(cm))


def _declare_fallback(document, font: str, fallback: str) -> None:
    """Name `fallback` as the font's altName in the font table: Word uses it where `font` is
    not installed (小标宋 rarely is)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from lxml import etree

    part = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    root = etree.fromstring(part.blob)
    ns = root.nsmap["w"]
    entry = etree.SubElement(root, f"{{{ns}}}font", {f"{{{ns}}}name": font})
    etree.SubElement(entry, f"{{{ns}}}altName", {f"{{{ns}}}val": fallback})
    etree.SubElement(entry, f"{{{ns}}}charset", {f"{{{ns}}}val": "86"})   # GB2312
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _font(run, name: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "Times New Roman"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(document, text: str, font: str, size: float, center=False, indent=False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH if size <= BODY_SIZE else size * 1.5)
    fmt.space_after = Pt(0)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent:
        fmt.first_line_indent = Pt(2 * size)
    _font(paragraph.add_run(xml_text(text)), font, size)


def _table(document, tpl: TableTemplate, report: Report) -> None:
    """The table written as WordprocessingML: a merged cell is gridSpan across and vMerge down."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    layout = official_layout(tpl)
    columns = width(layout)
    shares = COLUMN_SHARES[tpl.table]
    widths = [int(Cm(TEXT_WIDTH_CM * share / sum(shares)).twips) for share in shares]
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for grid_col, twips in zip(table._tbl.tblGrid.iterchildren(qn("w:gridCol")), widths):
        grid_col.set(qn("w:w"), str(twips))
    starts = {(r, c): cell for r, c, cell in placed(layout)}
    covered = {(r + dr, c): cell for (r, c), cell in starts.items() for dr in range(1, cell.rowspan)}
    for r in range(len(layout)):
        tr = OxmlElement("w:tr")
        table._tbl.append(tr)
        c = 0
        while c < columns:
            spec = starts.get((r, c)) or covered[(r, c)]
            text = "" if (r, c) in covered else _cell_text(spec, report)
            tr.append(_tc(text, sum(widths[c:c + spec.colspan]), spec.colspan,
                          None if spec.rowspan == 1 else ("continue" if (r, c) in covered else "restart")))
            c += spec.colspan


def _cell_text(spec, report: Report) -> str:
    if spec.key is None:
        return spec.text or ""
    value = report.value(spec.key)
    return "" if value is None else str(value)


def _tc(text: str, twips: int, colspan: int, vmerge: str | None):
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
    if text:
        _font(paragraph.add_run(xml_text(text)), TABLE_FONT, TABLE_SIZE)
    return tc


def _appendix(document, findings: list[Finding]) -> None:
    document.add_page_break()
    _paragraph(document, "附：检查发现的问题", HEADING_FONT, BODY_SIZE)
    for finding in findings:
        where = f"（{finding.location}）" if finding.location and str(finding.location) else ""
        text = f"{SEVERITY.get(finding.severity, finding.severity)} {finding.rule}：{finding.message}{where}"
        _paragraph(document, text, BODY_FONT, BODY_SIZE, indent=True)


@hookimpl
def xxgk_register_writers(registry):
    registry.add_writer(Writer("docx", ".docx", write=lambda report, out, findings=None: write(
        report, out, registry, findings)))
