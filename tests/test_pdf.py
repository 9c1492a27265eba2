"""PDF input: ruled tables across pages, vertical and wrapped labels, unruled tables, bad PDFs."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import xxgk
from xxgk.errors import ReadError
from xxgk.plugins import pdf_reader
from xxgk.registry import Source

from conftest import SAMPLES, rules

DATA = Path(__file__).resolve().parent / "data"
PDFS = DATA / "pdf"
EXPECTED = json.loads((PDFS / "expected.json").read_text(encoding="utf-8"))
COUNTS = {k: v for k, v in EXPECTED["cells"].items() if k != "t2.fees.amount"}


@pytest.mark.parametrize("name", ["ruled", "unruled"])
def test_fixture_reads_every_cell(name):
    report = xxgk.read(PDFS / f"{name}.pdf")
    assert {k: report.cells()[k] for k in COUNTS} == COUNTS
    assert (report.meta.organ, report.meta.year) == (EXPECTED["organ"], EXPECTED["year"])
    assert rules(xxgk.validate(report)) == {"TEMPLATE"}


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
