"""The OCR evaluation set (tests/scangen.py): its values, its scanning, its scoring, and the small
slice of it read through xxgk: every cell exact, or null with a finding naming it.

The whole set is measured by benchmarks/bench_ocr.py; here only the slice (three reports, one per
renderer, modest degradation) is read, to keep the cost low (about 9 pages of OCR).
"""
from __future__ import annotations

import io
import json
import random
from decimal import Decimal

import pdfplumber
import pytest

import xxgk
from xxgk.model import Cell, Finding
from xxgk.plugins import ocr_engine
from xxgk.registry import Source

from conftest import read_text
from scangen import (
    BLANK_STYLES,
    WRITING_RULES,
    Scan,
    Style,
    build_report,
    check_rules,
    expected_document,
    generate,
    image_pdf,
    plan,
    realistic_values,
    render_reportlab,
    report_source,
    scan_pdf,
    score,
)

# The least share of the slice's cells read exactly: 597 of 598 when this was written.
MIN_EXACT = 0.99
SEED = 0

# scanning needs OpenCV and numpy, which come with the OCR extra, as reading does
pytestmark = pytest.mark.skipif(not ocr_engine.available(), reason="the OCR extra is part of the test extra")


@pytest.fixture(scope="session")
def small_set(tmp_path_factory, chromium, libreoffice, cjk_font):
    """The slice written once per session, each file read and validated through xxgk and scored."""
    folder = tmp_path_factory.mktemp("ocr-set")
    manifest = generate(folder, seed=SEED, small=True, programs={"chromium": chromium, "libreoffice": libreoffice})
    results = {}
    for entry in manifest["files"]:
        report = xxgk.read(folder / entry["file"])
        findings = xxgk.validate(report)
        expected = json.loads((folder / entry["expected"]).read_text(encoding="utf-8"))
        results[entry["file"]] = (report, findings, expected, score(report, findings, expected))
    return folder, manifest, results


# ---- the values --------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["2021", "2019", "hybrid"])
def test_values_keep_every_rule_and_read_back_from_text(fmt):
    for seed in range(12):
        blanks = BLANK_STYLES[seed % len(BLANK_STYLES)]
        values = realistic_values(seed, fmt, blanks)
        assert check_rules(values, fmt) == []
        assert realistic_values(seed, fmt, blanks) == values
        report = build_report(values, fmt, "临江市人民政府办公室", 2020 if fmt != "2021" else 2023, {})
        assert report.format() == ("hybrid" if fmt == "hybrid" else fmt)
        assert {f.rule for f in xxgk.validate(report)} <= WRITING_RULES


def test_values_are_varied_like_real_reports():
    values = [v for seed in range(40) for fmt in ("2021", "2019") for blanks in ("none", "t2+t4")
              for v in realistic_values(seed, fmt, blanks).values()]
    counts = [v for v in values if isinstance(v, int)]
    amounts = [v for v in values if isinstance(v, Decimal)]
    assert 0.4 < counts.count(0) / len(counts) < 0.9                 # many zeros, not only zeros
    assert {len(str(abs(n))) for n in counts} >= {1, 2, 3, 4}        # 1-4 digit counts
    assert any(n < 0 for n in counts)                                # 本年增/减 of the 2019 format
    assert any(a != a.to_integral_value() and a > 1000 for a in amounts)   # "18651.06"
    assert any(0 < a < 1 for a in amounts)                           # "0.35"
    assert None in values


def test_only_city_organs_make_regulations():
    for seed in range(20):
        for fmt in ("2021", "2019"):
            values = realistic_values(seed, fmt, city=False)
            assert not any(v for k, v in values.items() if k.startswith("t2.regulations."))
    assert any(v for seed in range(20) for k, v in realistic_values(seed).items() if k.startswith("t2.regulations."))


def test_blank_styles_leave_only_zeros_blank():
    full = realistic_values(5, "2021")
    for blanks in BLANK_STYLES[1:]:
        values = realistic_values(5, "2021", blanks)
        gone = [k for k, v in values.items() if v is None]
        assert gone and all(full[k] == 0 for k in gone)
        assert {k.split(".")[0] for k in gone} <= {"t2", "t3", "t4"} & set(blanks.replace("rows", "").split("+"))


def test_expected_document_has_the_shape_of_the_committed_one():
    values = realistic_values(3, "2019", "t4")
    doc = expected_document(values, "2019", "某某县人民政府", 2020)
    assert doc["meta"] == {"organ": "某某县人民政府", "year": 2020}
    assert isinstance(doc["cells"]["t2.procurement.amount"], str)
    assert "t3.other_handling.total" in doc["cells"] and "t3.other_handling.other.total" not in doc["cells"]
    assert json.loads(json.dumps(doc)) == doc


# ---- scanning ----------------------------------------------------------------------------------

def test_reportlab_pages_and_scans_are_the_same_for_the_same_seed(cjk_font):
    import numpy

    p = plan(7, small=True)[2]
    values = realistic_values(p.report_seed, p.format, p.blanks)
    report = build_report(values, p.format, p.organ, p.year, {})
    printed = render_reportlab(report, Style(rule=0.25, split_t3=8, repeat_header=False))
    assert printed == render_reportlab(report, Style(rule=0.25, split_t3=8, repeat_header=False))
    pages = len(pdfplumber.open(io.BytesIO(printed)).pages)
    scan = Scan(dpi=100, angles=[1.5] * pages, photographed=[True] + [False] * (pages - 1), blur=0.8,
                jpeg_quality=40, speckle=0.002)
    first = scan_pdf(printed, scan, numpy.random.default_rng(1))
    assert first == scan_pdf(printed, scan, numpy.random.default_rng(1))
    assert first != scan_pdf(printed, scan, numpy.random.default_rng(2))
    with pdfplumber.open(io.BytesIO(first)) as pdf:
        assert len(pdf.pages) == pages and not any(page.chars for page in pdf.pages)   # no text layer
        assert [round(float(pdf.pages[0].width)), round(float(pdf.pages[0].height))] == [595, 842]   # A4


def test_image_pdf_keeps_the_jpeg_bytes():
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 32 + b"\xff\xd9"
    pdf = image_pdf([(jpeg, 1240, 1754)], 150)
    assert pdf.startswith(b"%PDF-1.4") and jpeg in pdf and b"/DCTDecode" in pdf
    assert b"/MediaBox [0 0 595.200 841.920]" in pdf


# ---- scoring -----------------------------------------------------------------------------------

def test_score_counts_each_cell_once():
    values = realistic_values(11, "2021", "t4")
    expected = expected_document(values, "2021", "临江市人民政府办公室", 2023)
    report = build_report(values, "2021", "临江市人民政府办公室", 2023, {})
    blank = next(k for k, v in values.items() if v is None)
    amount = "t2.fees.amount"
    cells = report.tables["t2"].cells
    cells["t2.licensing.decisions"].value = (values["t2.licensing.decisions"] or 0) + 1     # wrong
    written = expected["cells"][amount]
    cells[amount].value = Decimal(written + ("0" if "." in written else ".0"))              # "1.50" for "1.5": exact
    report.cell(blank).value = 8                                                            # invented
    report.cell("t3.disclosed.total").value = None                                          # null, named
    report.cell("t3.withheld.state_secret.total").value = None                              # null, silent
    result = score(report, [Finding("LOW-CONFIDENCE", "warning", "", ["t3.disclosed.total"])], expected)
    assert sorted(result.wrong) == sorted([("t2.licensing.decisions", expected["cells"]["t2.licensing.decisions"],
                                            expected["cells"]["t2.licensing.decisions"] + 1), (blank, None, 8)])
    assert result.flagged == ["t3.disclosed.total"] and result.silent == ["t3.withheld.state_secret.total"]
    assert len(result.exact) == len(expected["cells"]) - 4 and amount in result.exact
    assert result.cells == len(expected["cells"]) and result.meta == []


def test_score_counts_values_under_keys_the_format_has_not_as_wrong():
    values = realistic_values(2, "2019")
    expected = expected_document(values, "2019", "某某县人民政府", 2020)
    report = read_text(report_source(values, "2019", "某某县人民政府", 2020))
    assert score(report, [], expected).summary()["exact"] == len(expected["cells"])
    report.tables["t2"].cells["t2.regulations.issued"] = Cell(value=4, status="read")
    assert score(report, [], expected).wrong == [("t2.regulations.issued", None, 4)]


# ---- the slice read by OCR ---------------------------------------------------------------------

def test_slice_is_three_scanned_reports_one_per_renderer(small_set):
    folder, manifest, _ = small_set
    assert [f["renderer"] for f in manifest["files"]] == ["libreoffice", "chromium", "reportlab"]
    assert {f["format"] for f in manifest["files"]} == {"2021", "2019"}
    assert 6 <= manifest["pages"] <= 10   # 3 + 4 + 3 since the documents are laid out for print
    for entry in manifest["files"]:
        assert (folder / entry["file"]).read_bytes().startswith(b"%PDF")
        expected = json.loads((folder / entry["expected"]).read_text(encoding="utf-8"))
        assert set(expected) == {"meta", "cells"} and len(expected["cells"]) == entry["cells"]
        assert len(entry["angles"]) == len(entry["lighting"]) == entry["pages"]


SLICE = plan(SEED, small=True)


@pytest.mark.parametrize("name", [p.name + ".pdf" for p in SLICE], ids=[p.name for p in SLICE])
def test_slice_has_no_wrong_value(small_set, name):
    """No value read wrong, none invented in a blank cell, the organ and year read."""
    _, _, results = small_set
    result = results[name][3]
    assert result.wrong == []
    assert result.meta == []


@pytest.mark.parametrize("name", [p.name + ".pdf" for p in SLICE], ids=[p.name for p in SLICE])
def test_slice_has_no_cell_left_empty_silently(small_set, name):
    """Every cell not read exactly is empty with a finding naming it."""
    _, _, results = small_set
    assert results[name][3].silent == []


def test_slice_exact_share(small_set):
    _, _, results = small_set
    exact = sum(len(r.exact) for *_, r in results.values())
    cells = sum(r.cells for *_, r in results.values())
    assert exact / cells >= MIN_EXACT


def test_values_read_are_the_printed_ones(small_set):
    """Each value the reader gives equals the expected one, amounts as Decimal."""
    _, _, results = small_set
    for report, _, expected, _ in results.values():
        for key, want in expected["cells"].items():
            got = report.value(key)
            if got is not None:
                assert got == (Decimal(want) if isinstance(want, str) else want), key


def test_prose_is_drawn_from_the_seed():
    from scangen import _prose

    values = realistic_values(1)
    assert _prose(random.Random(4), values, False) == _prose(random.Random(4), values, False)


@pytest.mark.parametrize("fmt, blanks, seed", [("2019", "t2", 3), ("2021", "t2+t4", 5)])
def test_unruled_tables_with_blank_cells_printed_as_nothing(cjk_font, fmt, blanks, seed):
    """Tables without rules whose blank cells are printed as nothing: each value is placed in the
    column it stands under (the headings' and fuller rows' columns), a blank cell read blank, and a
    value the detector passes over found in its row; nothing wrong, nothing empty in silence."""
    import numpy

    values = realistic_values(seed, fmt, blanks)
    report = build_report(values, fmt, "南湖县自然资源局", 2020 if fmt == "2019" else 2023, {})
    printed = render_reportlab(report, Style(rule=0, blank_mark=""))
    pages = len(pdfplumber.open(io.BytesIO(printed)).pages)
    scan = Scan(dpi=200, angles=[-0.8] * pages, photographed=[False] * pages, blur=0.3, jpeg_quality=70,
                speckle=0.002)
    read = xxgk.read_source(Source(scan_pdf(printed, scan, numpy.random.default_rng(seed)), "unruled.pdf"))
    result = score(read, xxgk.validate(read), expected_document(values, fmt, report.meta.organ, report.meta.year))
    assert result.wrong == [] and result.silent == []
    out = io.BytesIO()
    xxgk.write(read, "json", out)   # every location a plain number
    written = json.loads(out.getvalue())["tables"]["t3"]["cells"]
    assert {k: c["value"] for k, c in written.items()} == {k: read.value(k) for k in written}
    row_given = {k.rsplit(".", 1)[0] for k, v in values.items() if v is not None}
    blank = [k for k, v in values.items() if v is None and k.startswith("t2.") and k.rsplit(".", 1)[0] in row_given]
    assert blank and {read.cell(k).status for k in blank} == {"blank"}   # beside a value of their row
    assert len(result.exact) / result.cells >= 0.97


@pytest.mark.parametrize("fmt, rule, size, dpi, seed", [("2021", 1.0, 7.0, 150, 1), ("2019", 1.5, 6.5, 200, 2)])
def test_digits_set_hard_against_thick_rules(cjk_font, fmt, rule, size, dpi, seed):
    """Small values set flush right with no padding, so that each touches the rule beside it (the
    text starts at the rule's edge): the rule is erased without the digits' strokes, nothing is
    wrong or empty in silence, and nearly every cell is read."""
    import numpy

    values = realistic_values(seed, fmt)
    report = build_report(values, fmt, "南湖县自然资源局", 2020 if fmt == "2019" else 2023, {})
    printed = render_reportlab(report, Style(rule=rule, size=size, padding=rule / 2, values_right=True,
                                             split_t3=None))
    pages = len(pdfplumber.open(io.BytesIO(printed)).pages)
    scan = Scan(dpi=dpi, angles=[0.6] * pages, photographed=[False] * pages, blur=0.6, jpeg_quality=70)
    read = xxgk.read_source(Source(scan_pdf(printed, scan, numpy.random.default_rng(seed)), "touching.pdf"))
    result = score(read, xxgk.validate(read), expected_document(values, fmt, report.meta.organ, report.meta.year))
    assert result.wrong == [] and result.silent == []
    assert len(result.exact) / result.cells >= 0.97


def test_values_printed_grey_beside_black_labels_are_never_blank_in_silence(cjk_font):
    """Values printed light grey (a report typeset so, or printed with little toner) beside black
    labels and rules, lighter than the page's threshold between ink and paper: each value cell is
    read or reported, none blank without a finding and none wrong."""
    import numpy

    values = realistic_values(6, "2021")
    report = build_report(values, "2021", "东城区教育局", 2023, {})
    printed = render_reportlab(report, Style(value_grey=0.72, split_t3=None))
    pages = len(pdfplumber.open(io.BytesIO(printed)).pages)
    scan = Scan(dpi=150, angles=[0.4] * pages, photographed=[False] * pages, blur=0.4, jpeg_quality=80)
    read = xxgk.read_source(Source(scan_pdf(printed, scan, numpy.random.default_rng(6)), "grey.pdf"))
    result = score(read, xxgk.validate(read), expected_document(values, "2021", report.meta.organ, report.meta.year))
    assert result.wrong == [] and result.silent == []
    assert len(result.flagged) > 0   # the greyest values are reported, not read
