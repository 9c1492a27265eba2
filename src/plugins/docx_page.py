"""The page and the package of a written DOCX, after GB/T 9704 (党政机关公文格式): A4 with the
standard's type area, page numbers in the footer, Chinese as the document's language, and the
file's properties taken from the report, so that the same report gives the same bytes.

Page numbers (GB/T 9704 7.5): 4号 (14 pt) half-width 宋体 Arabic numerals with a 一字线 on each
side ("— 1 —"), 7 mm below the type area; odd pages at the right, even pages at the left, one
character in from the edge of the type area.
"""
from __future__ import annotations

import datetime

from xxgk import __version__
from xxgk.model import Report
from xxgk.xmltext import xml_text

PAGE_CM = (21.0, 29.7)
MARGINS_CM = {"top": 3.7, "bottom": 3.5, "left": 2.8, "right": 2.6}
PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE = "宋体", 14   # 4号
PAGE_NUMBER_GAP_MM = 7                           # from the type area's lower edge to the number
LANGUAGE = "zh-CN"
GENERATOR = f"xxgk {__version__}"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def text_width_twips() -> int:
    """The type area's width in twips, as the page's size and margins are written (each rounded)."""
    from docx.shared import Cm
    return Cm(PAGE_CM[0]).twips - Cm(MARGINS_CM["left"]).twips - Cm(MARGINS_CM["right"]).twips


def set_up(document, report: Report, title: str) -> None:
    """A4 and the type area, numbered pages, Chinese as the language, the file's properties."""
    _page(document)
    _page_numbers(document)
    _language(document)
    _properties(document, report, title)


def _page(document) -> None:
    from docx.shared import Cm, Mm, Pt

    section = document.sections[0]
    section.page_width, section.page_height = Cm(PAGE_CM[0]), Cm(PAGE_CM[1])
    for side, cm in MARGINS_CM.items():
        setattr(section, f"{side}_margin", Cm(cm))
    # the footer's last line ends this far above the paper's edge: the number's line starts 7 mm
    # below the type area
    section.footer_distance = Cm(MARGINS_CM["bottom"]) - Mm(PAGE_NUMBER_GAP_MM) - Pt(PAGE_NUMBER_SIZE)


def _page_numbers(document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph, alignment) -> None:
    """"— N —" with N the PAGE field, one character in from the type area's edge on its side."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph.alignment = alignment
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(PAGE_NUMBER_SIZE)
    fmt.space_before = fmt.space_after = Pt(0)
    inset = Pt(PAGE_NUMBER_SIZE)   # 空一字
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = inset
    else:
        fmt.left_indent = inset
    parts = [("text", "— "), ("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"),
             ("end", None), ("text", " —")]
    for kind, text in parts:
        run = paragraph.add_run()
        fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
        for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(script), PAGE_NUMBER_FONT)
        run.font.size = Pt(PAGE_NUMBER_SIZE)
        if kind == "text":
            run.text = text
        elif kind == "instr":
            instr = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
            instr.text = text
            run._element.append(instr)
        else:
            run._element.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))


def _language(document) -> None:
    """Chinese as the language of East Asian text, for spelling and for the fonts Word picks."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), LANGUAGE)
    theme = document.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:eastAsia"), LANGUAGE)


def report_date(report: Report) -> datetime.datetime | None:
    """The report's publication date (midnight UTC), when the source gave one."""
    try:
        day = datetime.date.fromisoformat(report.meta.published or "")
    except ValueError:
        return None
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc)


def _properties(document, report: Report, title: str) -> None:
    """Title, the organ as author, xxgk as the program that made it, the dates of the report's
    publication (none when it is not known: never the day of writing); no thumbnail (the
    template's would show a blank page). Characters XML cannot hold are left out (XML-CHARS)."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    core = document.core_properties
    core.title = xml_text(title)
    core.subject = "政府信息公开工作年度报告"
    core.author = xml_text(report.meta.organ or "")
    core.last_modified_by = GENERATOR
    core.comments = ""
    core.keywords = "政府信息公开" + (f"; {report.meta.year}" if report.meta.year else "")
    core.language = LANGUAGE
    core.revision = 1
    when = report_date(report)
    element = core._element
    if when is None:
        element._remove_created()
        element._remove_modified()
    else:
        core.created = core.modified = when
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package.rels[rid]
        elif rel.reltype == RELATIONSHIP_TYPE.EXTENDED_PROPERTIES:
            rel.target_part._blob = _app_properties(report)


def _app_properties(report: Report) -> bytes:
    """docProps/app.xml: the program that made the file, the organ as the company."""
    from xml.sax.saxutils import escape  # not with the plugin: it imports urllib.request, http.client, email

    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f'<Properties xmlns="{ns}"><Application>{escape(GENERATOR)}</Application>'
            f"<Company>{escape(xml_text(report.meta.organ or ''))}</Company><DocSecurity>0</DocSecurity></Properties>"
            ).encode()


def declare_fallback(document, font: str, fallback: str) -> None:
    """Name `fallback` as the font's altName in the font table: Word uses it where `font` is
    not installed (小标宋 rarely is)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from lxml import etree

    part = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    root = etree.fromstring(part.blob)
    entry = etree.SubElement(root, f"{{{W}}}font", {f"{{{W}}}name": font})
    etree.SubElement(entry, f"{{{W}}}altName", {f"{{{W}}}val": fallback})
    etree.SubElement(entry, f"{{{W}}}charset", {f"{{{W}}}val": "86"})   # GB2312
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
