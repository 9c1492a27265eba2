"""DOCX in and out: the official template written, and read back; Word's quirks read."""
from __future__ import annotations

import copy
import datetime
import io
import zipfile
from decimal import Decimal

import docx
import docx.text.paragraph
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, Twips
from lxml import etree

import xxgk
from xxgk.errors import ReadError
from xxgk.registry import Source

from conftest import SAMPLES, corpus_reports, read_text, rules
from reportgen import consistent_values, report_text

REPORTS = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".html", ".pdf")) + corpus_reports()
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def to_docx(report, findings=None) -> bytes:
    out = io.BytesIO()
    xxgk.write(report, "docx", out, findings=findings)
    return out.getvalue()


def read_docx(data: bytes, name="report.docx"):
    return xxgk.read_source(Source(data, name))


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_round_trip_keeps_every_cell(path):
    report = xxgk.read(path)
    again = read_docx(to_docx(report))
    assert again.cells() == report.cells()
    # a table the source lacked is printed empty, as the official form has it, and read back empty
    assert {k: v for k, v in again.templates().items() if k in report.templates()} == report.templates()
    assert (again.meta.organ, again.meta.year) == (report.meta.organ, report.meta.year)


def test_round_trip_with_blank_cells_and_a_fee():
    values = consistent_values(51, 80)
    values["t2.fees.amount"] = "7730.28"
    for key in [k for k in values if k.startswith("t3.") and k.endswith(".research")]:
        values[key] = None
    report = read_text(report_text(values))
    data = to_docx(report)
    again = read_docx(data)
    assert again.cells() == report.cells()
    assert again.value("t3.new_received.research") is None
    assert again.value("t2.fees.amount") == Decimal("7730.28")


def _official_tables(data: bytes):
    return docx.Document(io.BytesIO(data)).tables


def test_written_tables_follow_the_official_layout():
    report = xxgk.read(SAMPLES / "hongze-2023.pdf")
    t2, t3, t4 = _official_tables(to_docx(report))
    assert (len(t3.columns), len(t3.rows)) == (10, 26)   # single （六） row: 3 header rows + 23
    top_left = t3.rows[0].cells[0]._tc
    assert top_left.tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "3"
    assert top_left.tcPr.find(qn("w:vMerge")).get(qn("w:val")) == "restart"
    assert "勾稽关系" in t3.cell(2, 2).text and t3.cell(0, 3).text == "申请人情况" == t3.cell(0, 9).text
    assert t3.cell(1, 3).text == t3.cell(2, 3).text == "自然人"
    assert t3.cell(5, 0).text == t3.cell(24, 0).text == "三、本年度办理结果"
    assert [t4.cell(3, i).text for i in range(5)] == ["10", "1", "0", "0", "0"]
    assert t4.cell(1, 0).text == t4.cell(2, 0).text == "结果维持"
    assert t2.cell(0, 0).text == t2.cell(0, 3).text == "第二十条第（一）项"


def test_null_cells_stay_empty():
    values = consistent_values(52, 80)
    values["t3.carried_over.legal_service"] = None
    report = read_text(report_text(values))
    t3 = _official_tables(to_docx(report))[1]
    row = next(r for r in t3.rows if r.cells[0].text.startswith("二、上年结转"))
    assert row.cells[7].text == "" and row.cells[3].text == str(values["t3.carried_over.natural_person"])


def test_typography_and_page():
    document = docx.Document(io.BytesIO(to_docx(xxgk.read(SAMPLES / "003_dfbb28bce6ca2542.txt"))))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.top_margin.cm, 1) == 3.7 and round(section.left_margin.cm, 1) == 2.8
    title = document.paragraphs[0].runs[0]
    assert title.font.size.pt == 22 and title._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    heading = next(p for p in document.paragraphs if p.text == "一、总体情况").runs[0]
    assert heading._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体" and heading.font.size.pt == 16
    body = next(p for p in document.paragraphs if p.text.startswith("着力提高依申请")).runs[0]
    assert body._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    cell_run = document.tables[1].cell(3, 3).paragraphs[0].runs[0]
    assert cell_run.font.size.pt == 10.5
    fonts = zipfile.ZipFile(io.BytesIO(to_docx(xxgk.read(SAMPLES / "003_dfbb28bce6ca2542.txt")))).read(
        "word/fontTable.xml").decode()
    assert 'w:name="方正小标宋简体"' in fonts and 'w:altName w:val="宋体"' in fonts


def test_findings_appendix_only_when_asked():
    report = xxgk.read(SAMPLES / "hongze-2023.pdf")
    plain = docx.Document(io.BytesIO(to_docx(report)))
    assert not any("检查发现的问题" in p.text for p in plain.paragraphs)
    with_findings = docx.Document(io.BytesIO(to_docx(report, xxgk.validate(report))))
    texts = [p.text for p in with_findings.paragraphs]
    appendix = texts[texts.index("附：检查发现的问题") + 1:]
    assert appendix == ["1. 错误 T4-TOTAL：表四 行政复议：总计 = 0，维持+纠正+其他+未审结 = 11，"
                        "二者应当相等（见原文第4页）",
                        "2. 错误 T4-TOTAL：表四 行政诉讼·复议后起诉：总计 = 0，维持+纠正+其他+未审结 = 5，"
                        "二者应当相等（见原文第4页）"]
    tables_text = " ".join(c.text for t in with_findings.tables for r in t.rows for c in r.cells)
    assert "T4-TOTAL" not in tables_text
    assert [t.cell(3, 0).text for t in with_findings.tables[2:]] == ["10"]
    info_only = [f for f in xxgk.validate(report) if f.severity == "info"]
    assert not any("检查发现的问题" in p.text for p in docx.Document(io.BytesIO(to_docx(report, info_only))).paragraphs)


# ---- for print (GB/T 9704) -------------------------------------------------------------------

def test_page_numbers_in_the_footer_as_gbt_9704_sets_them():
    """"— N —" in 4号 宋体: odd pages at the right, even pages at the left, one character in, 7 mm
    below the type area."""
    document = docx.Document(io.BytesIO(to_docx(read_text(report_text(consistent_values(56, 9))))))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    assert abs(section.footer_distance - (Cm(3.5) - Mm(7) - Pt(14))) < Twips(1)
    for footer, side, indent in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right_indent"),
                                 (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left_indent")):
        (paragraph,) = footer.paragraphs
        assert paragraph.alignment == side and getattr(paragraph.paragraph_format, indent) == Pt(14)
        assert paragraph.text == "— 1 —"     # 1 is the PAGE field's result until a page is laid out
        assert [i.text for i in paragraph._p.iter(qn("w:instrText"))] == [" PAGE "]
        for run in paragraph.runs:
            assert run.font.size == Pt(14) and run._element.rPr.rFonts.get(qn("w:ascii")) == "宋体"
            assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"


def test_headings_stay_with_what_follows_them():
    report = xxgk.read(SAMPLES / "hongze-2023.pdf")
    report.sections[0].paragraphs.insert(1, "（二）依申请公开情况")
    document = docx.Document(io.BytesIO(to_docx(report)))
    kept = {p.text for p in document.paragraphs if p.paragraph_format.keep_with_next}
    headings = {"一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"}
    assert kept == headings | {"（二）依申请公开情况", "（三）政府信息管理情况。"}   # and sub-headings; not prose


def test_tables_repeat_their_header_rows_and_keep_rows_whole():
    document = docx.Document(io.BytesIO(to_docx(xxgk.read(SAMPLES / "hongze-2023.pdf"))))
    t2, t3, t4 = document.tables
    for table, head in ((t3, 3), (t4, 3)):
        rows = table._tbl.tr_lst
        repeated = [r.trPr.find(qn("w:tblHeader")) is not None for r in rows]
        assert repeated == [True] * head + [False] * (len(rows) - head)
    rows = t2._tbl.tr_lst     # labels recur between its blocks: no header to repeat, kept on one page
    assert not any(r.trPr.find(qn("w:tblHeader")) is not None for r in rows)
    keeps = [all(p.paragraph_format.keep_with_next for c in r.tc_lst for p in c.iter(qn("w:p"))
                 for p in [docx.text.paragraph.Paragraph(p, None)]) for r in rows]
    assert keeps == [True] * (len(rows) - 1) + [False]
    width = int(Cm(21 - 2.8 - 2.6).twips)
    for table in document.tables:
        assert all(r.trPr.find(qn("w:cantSplit")) is not None for r in table._tbl.tr_lst)
        grid = sum(int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iterchildren(qn("w:gridCol")))
        assert abs(grid - width) <= len(table.columns)       # as wide as the type area
        assert table._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w")) == str(grid)
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def test_properties_come_from_the_report_and_the_bytes_stay_the_same():
    report = xxgk.read(SAMPLES / "hongze-2023.pdf")
    data = to_docx(report)
    assert to_docx(report) == data
    document = docx.Document(io.BytesIO(data))
    core = document.core_properties
    assert (core.title, core.author, core.language) == (report.meta.title, "淮安市洪泽区人民政府", "zh-CN")
    assert core.last_modified_by == f"xxgk {xxgk.__version__}"
    assert core.created == core.modified == datetime.datetime(2024, 2, 26, tzinfo=datetime.timezone.utc)   # the PDF's
    package = zipfile.ZipFile(io.BytesIO(data))
    app = package.read("docProps/app.xml").decode()
    assert f"<Application>xxgk {xxgk.__version__}</Application>" in app
    assert "<Company>淮安市洪泽区人民政府</Company>" in app
    assert not any(n.startswith("docProps/thumbnail") for n in package.namelist())
    assert not any(b"python-docx" in package.read(n) or b"2013" in package.read(n)
                   for n in package.namelist() if n.startswith("docProps/"))
    assert 'w:eastAsia="zh-CN"' in package.read("word/styles.xml").decode()
    report.meta.published = None   # not known: no date, never the day of writing
    assert docx.Document(io.BytesIO(to_docx(report))).core_properties.created is None


# ---- reading Word's own quirks ---------------------------------------------------------------

def _edit(report, change) -> bytes:
    document = docx.Document(io.BytesIO(to_docx(report)))
    change(document.element.body)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _split_runs(body):
    """Every digit in a run of its own, as Word leaves numbers typed and corrected piecemeal."""
    for r in list(body.iter(qn("w:r"))):
        t = r.find(qn("w:t"))
        if t is None or not t.text or not any(ch.isdigit() for ch in t.text) or len(t.text) < 2:
            continue
        for ch in t.text:
            piece = copy.deepcopy(r)
            piece.find(qn("w:t")).text = ch
            r.addprevious(piece)
        r.getparent().remove(r)


def _nest(body):
    """The whole report inside one cell of a layout table."""
    outer = etree.SubElement(body, qn("w:tbl"))
    tc = etree.SubElement(etree.SubElement(outer, qn("w:tr")), qn("w:tc"))
    for child in [c for c in body if c is not outer and c.tag != qn("w:sectPr")]:
        tc.append(child)
    etree.SubElement(tc, qn("w:p"))
    body.insert(0, outer)


def _table3_in_text_box(body):
    """Table 3 moved into a text box, drawn (mc:Choice) and again as VML (mc:Fallback)."""
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    t3 = [t for t in body.iter(qn("w:tbl"))][1]
    anchor = t3.getprevious()
    alt = etree.SubElement(etree.SubElement(anchor, qn("w:r")), f"{{{mc}}}AlternateContent")
    for branch in ("Choice", "Fallback"):
        holder = etree.SubElement(alt, f"{{{mc}}}{branch}")
        box = etree.SubElement(etree.SubElement(holder, qn("w:pict")), qn("w:txbxContent"))
        box.append(copy.deepcopy(t3))
        etree.SubElement(box, qn("w:p"))
    body.remove(t3)


def _content_controls(body):
    """Section 1's paragraphs inside a content control (w:sdt)."""
    first = next(p for p in body.iter(qn("w:p")) if "".join(t.text for t in p.iter(qn("w:t"))) == "一、总体情况")
    sdt = etree.Element(qn("w:sdt"))
    content = etree.SubElement(sdt, qn("w:sdtContent"))
    first.addprevious(sdt)
    content.append(first)


def _hidden_digits(body):
    """A run of hidden text (w:vanish) after every number in a cell, "0" or "7": shown by Word in no
    view it prints, and no part of the number."""
    for n, r in enumerate([r for r in body.iter(qn("w:r")) if (r.findtext(qn("w:t")) or "").isdigit()]):
        hidden = copy.deepcopy(r)
        properties = hidden.find(qn("w:rPr"))
        if properties is None:
            properties = etree.Element(qn("w:rPr"))
            hidden.insert(0, properties)
        etree.SubElement(properties, qn("w:vanish"))
        hidden.find(qn("w:t")).text = "07"[n % 2]
        r.addnext(hidden)


def _runs_marked_shown(body):
    """Every run marked not hidden (w:vanish w:val="0"), as Word writes a run unhidden by hand."""
    for r in body.iter(qn("w:r")):
        properties = r.find(qn("w:rPr"))
        if properties is None:
            properties = etree.Element(qn("w:rPr"))
            r.insert(0, properties)
        etree.SubElement(properties, qn("w:vanish")).set(qn("w:val"), "0")


@pytest.mark.parametrize("change", [_split_runs, _nest, _table3_in_text_box, _content_controls, _hidden_digits,
                                    _runs_marked_shown])
def test_word_quirks(change):
    report = read_text(report_text(consistent_values(53, 80)))
    again = read_docx(_edit(report, change))
    assert again.cells() == report.cells()
    assert [s.number for s in again.sections] == [1, 2, 3, 4, 5, 6]
    assert not rules(xxgk.validate(again)) & {"CELL-MISSING", "AMBIGUOUS-CELLS", "STRUCTURE"}


def test_text_hidden_by_a_character_style_is_no_part_of_a_number():
    """A run hidden through its character style (w:rStyle, the style's w:vanish, or that of the style
    it is based on), as Word's 隐藏 applied by a style: left out; a style based on a hidden one that
    shows its text again (w:vanish w:val="0") is read."""
    report = read_text(report_text(consistent_values(54, 80)))
    document = docx.Document(io.BytesIO(to_docx(report)))
    for style_id, based_on, vanish in (("Hid", None, ""), ("HidToo", "Hid", None), ("Shown", "Hid", "0")):
        style = etree.SubElement(document.styles.element, qn("w:style"))
        style.set(qn("w:type"), "character")
        style.set(qn("w:styleId"), style_id)
        if based_on:
            etree.SubElement(style, qn("w:basedOn")).set(qn("w:val"), based_on)
        if vanish is not None:
            mark = etree.SubElement(etree.SubElement(style, qn("w:rPr")), qn("w:vanish"))
            if vanish:
                mark.set(qn("w:val"), vanish)
    runs = [r for r in document.element.body.iter(qn("w:r")) if (r.findtext(qn("w:t")) or "").isdigit()]
    for n, r in enumerate(runs):
        hidden = copy.deepcopy(r)
        properties = hidden.find(qn("w:rPr"))
        if properties is None:
            properties = etree.Element(qn("w:rPr"))
            hidden.insert(0, properties)
        etree.SubElement(properties, qn("w:rStyle")).set(qn("w:val"), ("Hid", "HidToo")[n % 2])
        hidden.find(qn("w:t")).text = "0"
        r.addnext(hidden)
    shown = next(r for r in runs if r.findtext(qn("w:t")) == "1")
    properties = shown.find(qn("w:rPr"))
    if properties is None:
        properties = etree.Element(qn("w:rPr"))
        shown.insert(0, properties)
    etree.SubElement(properties, qn("w:rStyle")).set(qn("w:val"), "Shown")
    out = io.BytesIO()
    document.save(out)
    assert read_docx(out.getvalue()).cells() == report.cells()


def test_a_superscript_footnote_mark_in_a_cell_is_a_note():
    values = consistent_values(55, 80)
    values["t2.licensing.decisions"] = 4529

    def mark(body):
        t = next(t for t in body.iter(qn("w:t")) if t.text == "4529")
        run = copy.deepcopy(t.getparent())
        run.find(qn("w:t")).text = "2"
        properties = run.find(qn("w:rPr"))
        if properties is None:
            properties = etree.SubElement(run, qn("w:rPr"))
            run.insert(0, properties)
        etree.SubElement(properties, qn("w:vertAlign")).set(qn("w:val"), "superscript")
        t.getparent().addnext(run)

    again = read_docx(_edit(read_text(report_text(values)), mark))
    cell = again.cell("t2.licensing.decisions")
    assert (cell.value, cell.raw, cell.note) == (4529, "4529[2]", "2")


def test_cell_locations_are_table_paths():
    report = read_docx(to_docx(read_text(report_text(consistent_values(54, 80)))))
    assert report.cell("t3.disclosed.total").location.path == "table[2]/tr[6]/tc[9]"


@pytest.mark.parametrize("data, message", [
    (b"PK\x03\x04" + b"\x00" * 100, "DOCX"),
    (b"not a zip at all, just text named .docx" * 3, "DOCX"),
])
def test_bad_docx(data, message):
    with pytest.raises(ReadError, match=message):
        xxgk.read_source(Source(data, "bad.docx"))


def test_zip_that_is_not_a_word_document():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ReadError, match="DOCX"):
        xxgk.read_source(Source(out.getvalue(), "x.docx"))


@pytest.mark.parametrize("key", ["t4.litigation_direct.total", "t4.review.upheld", "t4.litigation_after_review.total"])
def test_one_blank_table_4_cell_is_one_empty_cell(key):
    values = consistent_values(62, 9)
    values[key] = None
    again = read_docx(to_docx(read_text(report_text(values))))
    assert again.cell(key).status == "blank"
    assert {k: again.value(k) for k in values if k.startswith("t4.")} == {
        k: v for k, v in values.items() if k.startswith("t4.")}
    assert "AMBIGUOUS-CELLS" not in rules(xxgk.validate(again))
