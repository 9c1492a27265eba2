"""PDF input: ruled tables across pages, vertical and wrapped labels, unruled tables, tables printed
sideways, bad PDFs."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

import xxgk
from xxgk.document import Paragraph, Table
from xxgk.errors import ReadError
from xxgk.plugins import pdf_reader
from xxgk.plugins.pdf_turns import quarter_turn
from xxgk.registry import Source
from xxgk.templates.y2021 import TABLE4

from conftest import SAMPLES, rules
from reportgen import consistent_values

pytestmark = pytest.mark.usefixtures("pdf_backend")   # every test through both backends

DATA = Path(__file__).resolve().parent / "data"
PDFS = DATA / "pdf"
EXPECTED = json.loads((PDFS / "expected.json").read_text(encoding="utf-8"))
COUNTS = {k: v for k, v in EXPECTED["cells"].items() if k != "t2.fees.amount"}
# the fixtures' 五 is a line, their CreationDate the day they were made: what those rules say of them
WRITING = {"SECTION-EMPTY", "PUBLISHED-LATE"}


@pytest.mark.parametrize("name", ["ruled", "unruled"])
def test_fixture_reads_every_cell(name):
    report = xxgk.read(PDFS / f"{name}.pdf")
    assert {k: report.cells()[k] for k in COUNTS} == COUNTS
    assert (report.meta.organ, report.meta.year) == (EXPECTED["organ"], EXPECTED["year"])
    assert rules(xxgk.validate(report)) - WRITING == {"TEMPLATE"}


def test_blank_table_4_cells_are_empty_cells():
    """t4-blank.pdf: ruled.pdf with table 4's first, a middle and its last cell blank."""
    report = xxgk.read(PDFS / "t4-blank.pdf")
    blank = ("t4.review.upheld", "t4.litigation_direct.total", "t4.litigation_after_review.total")
    assert [report.cell(k).status for k in blank] == ["blank"] * 3
    assert {k: report.cells()[k] for k in COUNTS} == {**COUNTS, **dict.fromkeys(blank)}
    assert "AMBIGUOUS-CELLS" not in rules(xxgk.validate(report))


def test_table_across_pages_with_vertical_and_wrapped_labels():
    report = xxgk.read(PDFS / "ruled.pdf")
    first, last = report.cell("t3.new_received.total"), report.cell("t3.carried_forward.total")
    assert first.location.page < last.location.page          # table 3 was stitched across a page break
    assert len(first.location.bbox) == 4
    # 三、本年度办理结果 stands one character per line in a merged cell; （二）部分公开… wraps in its cell
    assert report.value("t3.disclosed.total") == COUNTS["t3.disclosed.total"]
    assert report.value("t3.partially_disclosed.natural_person") == COUNTS["t3.partially_disclosed.natural_person"]


def test_paragraphs_are_rejoined_without_page_furniture():
    report = xxgk.read(PDFS / "ruled.pdf")
    first = report.sections[0].paragraphs
    assert len(first) == 2 and first[0] == first[1]
    assert first[0].startswith("本年度，我办") and first[0].endswith("进展。")
    everything = " ".join(report.preamble + [p for s in report.sections for p in s.paragraphs])
    assert "- 1 -" not in everything and "- 2 -" not in everything
    assert report.meta.title == f"{EXPECTED['organ']}{EXPECTED['year']}年政府信息公开工作年度报告"


SIDEWAYS = ["sideways-90", "sideways-270", "sideways-90-unruled", "sideways-270-unruled"]


@pytest.mark.parametrize("name", SIDEWAYS)
def test_tables_printed_sideways_read_upright(name):
    """Table 3 printed turned by its text matrix (no /Rotate) under upright prose, ruled or in columns,
    table 4 turned the other way, the page number turned with table 3: every cell read, the turned
    heading and prose in their places, cell boxes on the page as it stands."""
    report = xxgk.read(PDFS / f"{name}.pdf")
    assert {k: report.cells()[k] for k in COUNTS} == COUNTS
    assert rules(xxgk.validate(report)) - WRITING == {"TEMPLATE"}
    prose = [len(section.paragraphs) for section in report.sections]
    # ruled: heading 3 upright above the prose; in columns: heading 3 turned with the table, below it
    assert prose == ([1, 0, 1, 0, 1, 1] if "unruled" not in name else [1, 1, 0, 0, 1, 1])
    with pdfplumber.open(PDFS / f"{name}.pdf") as pdf:
        for key in ("t3.new_received.total", "t3.carried_forward.natural_person", "t4.review.total"):
            cell = report.cell(key)
            printed = pdf.pages[cell.location.page - 1].crop(cell.location.bbox).chars
            assert sorted(c["text"] for c in printed) == sorted(str(cell.value))


def test_label_turned_inside_an_upright_table_stays_in_its_cell():
    doc = pdf_reader.read(Source((PDFS / "sideways-90.pdf").read_bytes(), "sideways-90.pdf"))
    first = next(block for block in doc.blocks if isinstance(block, Table))
    assert [cell.text for cell in first.rows[0]] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert not any(isinstance(block, Paragraph) and "信息内容" in block.text for block in doc.blocks)


def test_tables_turned_both_ways_on_one_page():
    """Two tables 4 side by side, turned 90° (left) and 270° (right), between upright prose."""
    doc = pdf_reader.read(Source((PDFS / "sideways-both.pdf").read_bytes(), "sideways-both.pdf"))
    assert [type(block) for block in doc.blocks] == [Paragraph, Table, Table, Paragraph]
    values = [[cell.text for cell in block.rows[-1]] for block in doc.blocks if isinstance(block, Table)]
    assert values == [[str(cells[k]) for k in TABLE4.cell_keys()] for cells in (COUNTS, consistent_values(7, 9))]


@pytest.mark.parametrize("matrix, upright, turn", [
    ((9, 0, 0, 9, 0, 0), True, 0), ((0, 9, -9, 0, 0, 0), False, 90), ((0, -9, 9, 0, 0, 0), False, 270),
    ((-9, 0, 0, -9, 0, 0), True, 0),                # upside down: read as it stands
    ((0.3, 9, -9, 0.3, 0, 0), False, 90),            # 2° off a quarter turn
    ((5, 7.5, -7.5, 5, 0, 0), True, 0),              # slanted 56°
])
def test_quarter_turn_of_a_text_matrix(matrix, upright, turn):
    assert quarter_turn({"matrix": matrix, "upright": upright}) == turn


def test_scanned_pdf_has_no_tables():
    report = xxgk.read(PDFS / "scanned.pdf")
    finding = next(f for f in xxgk.validate(report) if f.rule == "NO-TABLES")
    assert "no text layer (scanned PDF)" in finding.message
    assert all(v is None for v in report.cells().values())


def test_encrypted_pdf():
    with pytest.raises(ReadError, match="encrypted PDF"):
        xxgk.read(PDFS / "encrypted.pdf")


def test_corrupt_and_fake_pdfs():
    data = (PDFS / "ruled.pdf").read_bytes()
    with pytest.raises(ReadError, match="PDF"):
        xxgk.read_source(Source(data[: len(data) // 3], "cut.pdf"))
    with pytest.raises(ReadError, match="not a PDF"):
        xxgk.read_source(Source("一、总体情况".encode() * 3 + b"\x00\x01", "fake.pdf"))


def test_page_limit(monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    with pytest.raises(ReadError, match="over the limit of 2 pages"):
        xxgk.read(PDFS / "ruled.pdf")


def test_real_wps_report_with_wrong_table4_totals():
    """samples/hongze-2023.pdf: prose in ruled boxes, table 3 over two pages, single （六） row,
    and table 4 totals that really are wrong in the source: reported, not repaired."""
    expected = json.loads((DATA / "hongze-2023.expected.json").read_text(encoding="utf-8"))
    report = xxgk.read(SAMPLES / "hongze-2023.pdf")
    cells = report.cells()
    assert {k: cells.get(k) for k in expected["cells"]} == {
        k: (Decimal(str(v)) if k == "t2.fees.amount" else v) for k, v in expected["cells"].items()}
    assert (report.meta.organ, report.meta.year) == (expected["meta"]["organ"], expected["meta"]["year"])
    found = xxgk.validate(report)
    totals = [f for f in found if f.rule == "T4-TOTAL"]
    assert {f.cells[0] for f in totals} == {"t4.review.total", "t4.litigation_after_review.total"}
    assert report.value("t4.review.total") == 0     # as printed, not the 11 the parts add up to
    assert not rules(found) & set(expected["findings"]["must_not"])
