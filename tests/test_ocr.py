"""Scanned reports: OCR of a rasterised PDF, an image of table 3, a page with no report, images in a
saved page, low-confidence digits, and what happens without the OCR extra."""
from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

import xxgk
from xxgk.errors import NotAReportError, ReadError
from xxgk.plugins import image_reader, ocr_engine, ocr_reader
from xxgk.registry import Source

from conftest import rules

DATA = Path(__file__).resolve().parent / "data"
OCR = DATA / "ocr"
HONGZE = json.loads((DATA / "hongze-2023.expected.json").read_text(encoding="utf-8"))
TABLE3 = {k: v for k, v in HONGZE["cells"].items() if k.startswith("t3.")}

pytestmark = pytest.mark.skipif(not ocr_engine.available(), reason="the OCR extra is part of the test extra")


def misread(monkeypatch, change) -> None:
    """Every crop's reading changed by change(text, confidence, second) -> (text, confidence),
    whether the crop is read alone or side by side with others (a change applied twice must give
    what it gives once: crops read side by side may be read alone again)."""
    alone, side_by_side = ocr_engine.recognise, ocr_engine.recognise_side_by_side
    monkeypatch.setattr(ocr_engine, "recognise", lambda crops, second=False: [
        change(text, score, second) for text, score in alone(crops, second)])
    monkeypatch.setattr(ocr_engine, "recognise_side_by_side", lambda crops: [
        change(text, score, False) for text, score in side_by_side(crops)])


def expected(key: str):
    value = HONGZE["cells"][key]
    return Decimal(str(value)) if key == "t2.fees.amount" else value


def test_scanned_pdf_reads_like_the_printed_one():
    """hongze-2023 rasterised at 150 dpi, grey, turned 0.8°, JPEG: at least 99% of the cells exact,
    and every other cell null with a finding naming it; table 4's wrong totals still reported."""
    report = xxgk.read(OCR / "hongze-2023-scan.pdf")
    findings = xxgk.validate(report)
    named = {key for f in findings for key in f.cells}
    cells = report.cells()
    exact = [k for k in HONGZE["cells"] if cells.get(k) == expected(k)]
    assert len(exact) >= 0.99 * len(HONGZE["cells"])
    assert all(cells.get(k) is None and k in named for k in HONGZE["cells"] if k not in exact)
    assert {f.cells[0] for f in findings if f.rule == "T4-TOTAL"} == {"t4.review.total",
                                                                       "t4.litigation_after_review.total"}
    assert (report.meta.organ, report.meta.year) == (HONGZE["meta"]["organ"], HONGZE["meta"]["year"])
    located = report.cell("t3.new_received.total").location
    assert located.page == 3 and len(located.bbox) == 4 and located.bbox[2] > 595   # pixels, not points


def test_image_of_table3_alone_is_read_and_repeatable():
    first = xxgk.read(OCR / "table3.png")
    assert {k: first.cells()[k] for k in TABLE3} == TABLE3
    outputs = [io.BytesIO(), io.BytesIO()]
    xxgk.write(first, "json", outputs[0])
    xxgk.write(xxgk.read(OCR / "table3.png"), "json", outputs[1])
    assert outputs[0].getvalue() == outputs[1].getvalue()


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_a_page_scanned_on_its_side_or_upside_down_is_read(tmp_path, turns):
    import cv2
    import numpy

    image = cv2.imread(str(OCR / "table3.png"), cv2.IMREAD_GRAYSCALE)
    turned = tmp_path / "turned.png"
    cv2.imwrite(str(turned), numpy.rot90(image, turns))
    report = xxgk.read(turned)
    assert {k: report.cells()[k] for k in TABLE3} == TABLE3


def test_table_without_rules_is_read_from_the_positions_of_its_text():
    report = xxgk.read(OCR / "table3-unruled.png")
    assert {k: report.cells()[k] for k in TABLE3} == TABLE3


def test_every_page_of_a_tiff_is_read(tmp_path):
    """A scanner's multi-page TIFF: table 3 on its second page."""
    from PIL import Image

    pages = [Image.open(OCR / "not-a-report.png").convert("L"), Image.open(OCR / "table3.png").convert("L")]
    pages[0].save(tmp_path / "scan.tif", save_all=True, append_images=pages[1:], compression="tiff_lzw")
    report = xxgk.read(tmp_path / "scan.tif")
    assert {k: report.cells()[k] for k in TABLE3} == TABLE3
    assert {c.location.page for k, c in report.tables["t3"].cells.items() if c.location} == {2}


def test_a_last_column_whose_outer_rule_did_not_print_is_read(tmp_path):
    """Browsers often leave a table's right border off the printed page: the last column's text,
    level with the rows, is still each row's last cell."""
    import cv2
    import numpy as np

    image = cv2.imread(str(OCR / "table3.png"), cv2.IMREAD_GRAYSCALE)
    columns = np.flatnonzero((image < 128).mean(axis=0) > 0.5)   # the vertical rules
    right = columns[columns > columns.max() - 10]
    image[:, right.min() - 2:right.max() + 3] = 255
    cv2.imwrite(str(tmp_path / "open.png"), image)
    report = xxgk.read(tmp_path / "open.png")
    assert {k: report.cells()[k] for k in TABLE3} == TABLE3


def test_marks_beside_a_few_rows_of_a_table_are_not_its_cells(tmp_path):
    """Specks or stray characters just right of two rows of a ruled table are no last column: they
    are left out, and the rows keep their own cells."""
    import cv2
    import numpy as np

    image = cv2.imread(str(OCR / "table3.png"), cv2.IMREAD_GRAYSCALE)
    image = cv2.copyMakeBorder(image, 0, 0, 0, 60, cv2.BORDER_CONSTANT, value=255)
    columns = np.flatnonzero((image < 128).mean(axis=0) > 0.5)
    rules = np.flatnonzero((image < 128).mean(axis=1) > 0.5)   # the horizontal rules
    for top, mark in zip(rules[[8, 12]], ("5", "8")):
        cv2.putText(image, mark, (int(columns.max()) + 12, int(top) + 20), cv2.FONT_HERSHEY_SIMPLEX, 0.5, 60, 1)
    cv2.imwrite(str(tmp_path / "marked.png"), image)
    report = xxgk.read(tmp_path / "marked.png")
    assert {k: report.cells()[k] for k in TABLE3} == TABLE3


def test_page_with_no_report():
    with pytest.raises(NotAReportError):
        xxgk.read(OCR / "not-a-report.png")


def test_tables_published_as_images_beside_a_saved_page():
    report = xxgk.read(OCR / "saved-page.html")
    assert {k: report.cells()[k] for k in TABLE3} == TABLE3
    assert "NO-TABLES" not in rules(xxgk.validate(report))


def test_low_confidence_number_is_left_empty_with_a_finding(monkeypatch):
    """The recogniser unsure of "10" (t3.unavailable.not_held: natural person and total)."""
    misread(monkeypatch, lambda text, score, second: (text, 0.31 if text == "10" else score))
    report = xxgk.read(OCR / "table3.png")
    keys = ["t3.unavailable.not_held.natural_person", "t3.unavailable.not_held.total"]
    cells = [report.cell(k) for k in keys]
    assert [(c.value, c.status, c.raw) for c in cells] == [(None, "unsure", "10")] * 2
    unsure = [f for f in xxgk.validate(report) if f.rule == "LOW-CONFIDENCE"]
    assert [f.cells for f in unsure] == [[k] for k in keys] and all("0.31" in f.message for f in unsure)
    assert report.value("t3.unavailable.not_held.commercial") == 0     # the rest of the row is read


def test_a_number_the_first_recogniser_misreads_in_every_crop_is_read_by_the_second(monkeypatch):
    """The first recogniser reads "10" as 16 however it is cropped (t3.unavailable.not_held: natural
    person and total, so the row still adds up); the second, of another generation, reads 10, and
    the column sums choose it."""
    misread(monkeypatch, lambda text, score, second: (text if second or text != "10" else "16", score))
    report = xxgk.read(OCR / "table3.png")
    for key in ("t3.unavailable.not_held.natural_person", "t3.unavailable.not_held.total"):
        cell = report.cell(key)
        assert (cell.value, cell.raw) == (10, "16") and "a second reading gives 10" in cell.note
    assert {k: report.cells()[k] for k in TABLE3} == TABLE3


def test_ink_recognised_as_nothing_is_never_blank(monkeypatch):
    """The recogniser confidently sees nothing in the cells holding "10": they have ink, so they are
    unread (LOW-CONFIDENCE), not "not given"."""
    misread(monkeypatch, lambda text, score, second: ("" if text == "10" else text, score))
    report = xxgk.read(OCR / "table3.png")
    keys = ["t3.unavailable.not_held.natural_person", "t3.unavailable.not_held.total"]
    assert [(report.value(k), report.cell(k).status) for k in keys] == [(None, "unsure")] * 2
    unsure = [f for f in xxgk.validate(report) if f.rule == "LOW-CONFIDENCE"]
    assert [f.cells for f in unsure] == [[k] for k in keys] and all("0.00" in f.message for f in unsure)


def test_ocr_confusions_in_numbers_are_undone():
    assert [ocr_reader._number(t)[0] for t in ("O", "l0", "1,234.", "2O21", "其他", "l.属于")] == [
        "0", "10", "1,234", "2021", "其他", "l.属于"]
    assert [ocr_reader._number(t)[1] for t in ("l0", "1,234.", "2O21")] == [
        "OCR read 'l0': l taken for digits", None, "OCR read '2O21': O taken for digits"]
    assert [ocr_reader._number(t) for t in ("0°", "：12", "'O", "一、", "°")] == [
        ("0", "OCR read '0°': ° dropped"), ("12", "OCR read '：12': ： dropped"),
        ("'O", None), ("一、", None), ("°", None)]
    readings = (("m", 0.37), ("m", 0.9), ("三本年度", 0.4), ("9", 0.5), ("9法", 0.8), ("9件", 0.8), ("·", 0.9),
                ("“", 0.7), ("", 0.9), ("1.属于国家秘密", 0.9), ("", None))
    assert [ocr_reader._legible(t, c) for t, c in readings] == [
        ("", 0.0), ("m", 0.9), ("三本年度", 0.4), ("9", 0.5), ("", 0.0), ("9件", 0.8), ("", 0.0), ("", 0.0), ("", 0.0),
        ("1.属于国家秘密", 0.9), ("", None)]


def test_without_the_extra(monkeypatch):
    monkeypatch.setattr(ocr_engine, "available", lambda: False)
    report = xxgk.read(OCR / "hongze-2023-scan.pdf")
    reason = next(f for f in xxgk.validate(report) if f.rule == "NO-TABLES").message
    assert "no text layer (scanned PDF)" in reason and 'pip install "xxgk[ocr]"' in reason
    with pytest.raises(ReadError, match=r'xxgk\[ocr\]'):
        xxgk.read(OCR / "table3.png")
    page = xxgk.read(OCR / "saved-page.html")
    assert 'xxgk[ocr]' in page.meta.no_tables_reason


def test_bad_images():
    with pytest.raises(ReadError, match="not a readable image"):
        image_reader.read(Source(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "broken.png"))
    with pytest.raises(ReadError, match="over the limit"):
        ocr_reader.read_images([None] * (ocr_reader.MAX_PAGES + 1), "many.pdf")
    from PIL import Image

    tiff = io.BytesIO()
    pages = [Image.new("L", (8, 8), 255) for _ in range(ocr_reader.MAX_PAGES + 1)]
    pages[0].save(tiff, format="TIFF", save_all=True, append_images=pages[1:])
    with pytest.raises(ReadError, match="51 pages: over the limit of 50 pages"):
        image_reader.read(Source(tiff.getvalue(), "many.tif"))


def test_a_merged_value_cell_read_as_no_number_is_never_blank(monkeypatch):
    """Table 2's value cells span three columns of the grid. Read as digits beside a stray
    character ("4119法"), as a mark alone, or as two groups of digits apart, such a cell is unread
    (LOW-CONFIDENCE), never taken for blank through the empty slots its span leaves, and never a
    label."""
    cells = HONGZE["cells"]
    garbled = {str(cells["t2.penalty.decisions"]): "4119法", str(cells["t2.coercion.decisions"]): "·",
               str(cells["t2.fees.amount"]): "7730 28"}   # digits apart: two numbers, never one
    misread(monkeypatch, lambda text, score, second: (garbled.get(text, text), score))
    report = xxgk.read(OCR / "hongze-2023-scan.pdf")
    keys = ["t2.penalty.decisions", "t2.coercion.decisions", "t2.fees.amount"]
    assert [(report.value(k), report.cell(k).status) for k in keys] == [(None, "unsure")] * 3
    unsure = {k for f in xxgk.validate(report) if f.rule == "LOW-CONFIDENCE" for k in f.cells}
    assert set(keys) <= unsure
    assert report.value("t2.licensing.decisions") == HONGZE["cells"]["t2.licensing.decisions"]


def test_blots_of_ink_across_a_row_are_found_as_plain_numbers():
    """The runs of ink a row's band holds, split at gaps, each as a box of plain ints (it becomes a
    cell's location, written to JSON)."""
    import cv2
    import numpy as np

    image = np.full((40, 200), 255, np.uint8)
    for x, digit in ((20, "0"), (120, "7")):
        cv2.putText(image, digit, (x, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)
    image[5, 170] = 0   # a speck: too short to be a digit
    blots = ocr_reader._Crops(image, [], 1.0).blots((0, 0, 200, 40), min_height=8)
    assert json.loads(json.dumps(blots)) == [list(b) for b in blots]
    assert [(b[0] // 10, b[2] // 10) for b in blots] == [(2, 3), (12, 13)]


def test_a_line_of_a_cell_detection_passed_over_is_read_with_the_others():
    """A number wrapped in a narrow cell, "123" over "4", where detection found the first line
    only: the second is a crop of its own after the first, never dropped (1234 read as 123)."""
    import cv2
    import numpy as np

    image = np.full((120, 200), 255, np.uint8)
    cv2.putText(image, "123", (60, 40), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)
    cv2.putText(image, "4", (60, 75), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)
    crops = ocr_reader._Crops(image, [(55.0, 18.0, 115.0, 45.0)], 1.0)
    assert crops.cell((40, 5, 160, 110)) == [0, 1]
    (first, second) = crops.sources
    assert first == (55.0, 18.0, 115.0, 45.0) and (second[0] // 10, second[1] // 10, second[3] // 10) == (6, 5, 7)


@pytest.mark.parametrize("grey", [150, 190])
def test_a_cell_whose_only_marks_are_faint_is_unread_not_blank(grey):
    """A digit printed grey beside black rules and labels, lighter than the page's threshold between
    ink and paper: the cell is TOO_FAINT (reported unread), where a cell with nothing in it is empty."""
    import cv2
    import numpy as np

    image = np.full((120, 400), 255, np.uint8)
    cv2.putText(image, "LABEL", (10, 60), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 3)
    image[:, 199:202] = image[:, 299:302] = 0
    cv2.putText(image, "7", (240, 60), cv2.FONT_HERSHEY_SIMPLEX, 0.8, grey, 2)
    crops = ocr_reader._Crops(image, [], 1.0)
    assert crops.cell((200.5, 20, 300.5, 80)) == ocr_reader.TOO_FAINT
    assert crops.cell((300.5, 20, 399, 80)) == []


@pytest.fixture(scope="module")
def table3_crops():
    """The crops of table3.png the reader sends to the recogniser in its first reading."""
    sent = []
    side_by_side = ocr_engine.recognise_side_by_side

    def keeping(crops):
        sent.extend(c.copy() for c in crops)
        return side_by_side(crops)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ocr_engine, "recognise_side_by_side", keeping)
        xxgk.read(OCR / "table3.png")
    return sent


def test_narrow_crops_read_side_by_side_read_as_each_alone(table3_crops):
    """Table 3's cells (mostly lone numbers) read several to a line: the same text as each read
    alone, in far fewer runs of the recogniser."""
    alone = ocr_engine.recognise(table3_crops)
    assert [text for text, _ in ocr_engine.recognise_side_by_side(table3_crops)] == [text for text, _ in alone]
    lines = ocr_engine._side_by_side(table3_crops, 48, 320)
    narrow = [i for i, c in enumerate(table3_crops) if c.shape[1] <= ocr_engine.NARROW * c.shape[0]]
    assert sorted(i for line in lines for i, _, _ in line.spans) == narrow and len(narrow) > 100
    assert len(lines) < len(narrow) / 3 and all(line.width <= 320 for line in lines)
    assert sum(text.isdigit() for text, _ in alone) > 100


@pytest.mark.parametrize("how", ["split fails", "unsure"])
def test_crops_of_a_line_that_cannot_be_split_or_read_unsurely_are_read_alone(monkeypatch, table3_crops, how):
    if how == "split fails":
        monkeypatch.setattr(ocr_engine._Line, "split", lambda self, text, steps: None)
    else:
        monkeypatch.setattr(ocr_engine, "SURE_SIDE_BY_SIDE", 1.01)
    read, alone = ocr_engine.recognise_side_by_side(table3_crops), ocr_engine.recognise(table3_crops)
    assert [text for text, _ in read] == [text for text, _ in alone]
    # the recogniser pads a batch to its widest crop, so batches made otherwise differ in the last digits
    assert [score for _, score in read] == pytest.approx([score for _, score in alone], abs=0.01)


def test_characters_of_a_line_go_to_the_crop_under_them():
    """Three 24-pixel crops at the recogniser's 48 pixels: [0, 48), [80, 128), [160, 208); the
    time steps are 8 pixels wide. A space between crops is dropped; a digit there spoils the line."""
    import numpy as np

    line = ocr_engine._Line(48)
    for i in range(3):
        line.add(i, np.full((24, 24), 255, np.uint8))
    assert [(s, e) for _, s, e in line.spans] == [(0, 48), (80, 128), (160, 208)] and line.image.shape == (48, 208)
    steps = [26, [["1"], [" "], ["0", "7"]], [[2], [7], [12, 22]], ["en&num"] * 3, [0.9, 0.5, 0.8, 0.6]]
    assert line.split("1 07", steps) == {0: ("1", 0.9), 1: ("0", 0.8), 2: ("7", 0.6)}
    steps = [26, [["1", "5"]], [[2, 8]], ["en&num"], [0.9, 0.9]]
    assert line.split("15", steps) is None
    assert line.split("", [26, [], [], [], [0]]) == {0: ("", 0.0), 1: ("", 0.0), 2: ("", 0.0)}


def test_readings_kept_side_by_side_are_digits_or_chinese_characters_alone():
    texts = ("0", "1234", "总计", "", "0.", "52.", "O", "三、", "机构\u3000", "²", "1人")
    assert [ocr_engine._plain(t) for t in texts] == [True, True, True] + [False] * 8


def test_digits_run_into_chinese_characters_or_standing_apart_are_ink_not_read():
    """A value read together with the specks beside it ("0的间8"), or two numbers in one cell, is
    unread (never a label, never one number); units, and labels numbered "1.", stay as read."""
    texts = ("0的间8·", "1属于国家秘密", "10 11", "12万元", "3件", "1.属于国家秘密", "自然人")
    assert [ocr_reader._legible(t, 0.9) for t in texts] == [("", 0.0)] * 3 + [(t, 0.9) for t in texts[3:]]
