"""PDFs whose text layer cannot be decoded (CJK fonts without ToUnicode, private-use code points):
such pages are read by OCR, the others from their text, into one report; without the OCR extra the
report says why it has no tables and how to read it. Pages are rendered within a pixel budget."""
from __future__ import annotations

import math
import os
import shutil
import subprocess
from decimal import Decimal

import pdfplumber
import pytest
from reportlab.pdfgen import canvas

import xxgk
from xxgk.plugins import ocr_engine, ocr_reader
from xxgk.plugins.pdf_text_layer import NO_TEXT, UNDECODABLE, unreadable

from fontless import draw, hide, register
from reportgen import consistent_values

pytestmark = pytest.mark.usefixtures("pdf_backend")   # every test through both backends

VALUES = consistent_values(11, 40)
PREFERRED = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "AR PL UMing CN")   # plain faces OCR reads surely
needs_ocr = pytest.mark.skipif(not ocr_engine.available(), reason="the OCR extra is part of the test extra")


def _truetype_cjk() -> tuple[str, int] | None:
    """A CJK font with TrueType outlines (reportlab embeds no other kind): file and index."""
    if not shutil.which("fc-list"):
        return None
    listing = subprocess.run(["fc-list", "-f", "%{file}\t%{index}\t%{family}\n", ":lang=zh:fontformat=TrueType"],
                             capture_output=True, text=True, check=False).stdout
    faces = sorted(tuple(line.split("\t")) for line in listing.splitlines() if line.count("\t") == 2)

    def rank(face: tuple[str, ...]) -> int:
        family = face[2].split(",")[0]
        return PREFERRED.index(family) if family in PREFERRED else len(PREFERRED)

    best = min(faces, key=rank, default=None)
    return (best[0], int(best[1])) if best else None


@pytest.fixture(scope="session")
def fonts() -> None:
    """reportlab's fonts for the fixtures, a CJK TrueType font installed from Debian's packages when
    none is (root, apt)."""
    found = _truetype_cjk()
    if found is None and shutil.which("apt-get") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "fonts-wqy-microhei"], check=False, env=env,
                       capture_output=True)
        found = _truetype_cjk()
    if found is None:
        pytest.fail("these tests need a CJK TrueType font: apt-get install fonts-wqy-microhei")
    register(*found)


def report_pdf(folder, hidden_pages=frozenset({1, 2, 3}), private_use=False, digits_font=None):
    """VALUES drawn on three pages (sections 1–2, 3, 4–6), `hidden_pages` in a font without Unicode."""
    path = folder / "report.pdf"
    draw(path, VALUES, set(hidden_pages), digits_font)
    hide(path, private_use)
    return path


@pytest.fixture
def ocr_pages(monkeypatch) -> list[int]:
    """The numbers of the pages read by OCR, as they are read."""
    seen: list[int] = []
    page_items = ocr_reader.page_items

    def spy(image, number, second):
        seen.append(number)
        return page_items(image, number, second)

    monkeypatch.setattr(ocr_reader, "page_items", spy)
    return seen


def expected() -> dict:
    return {k: Decimal(str(v)) if k == "t2.fees.amount" else v for k, v in VALUES.items()}


def page_texts(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return ["".join(c["text"] for c in page.chars) for page in pdf.pages]


def chars(*texts: str) -> list[dict]:
    return [{"text": t} for text in texts for t in ([text] if text.startswith("(cid") else text)]


def test_pages_told_apart_by_their_characters():
    assert unreadable(chars(*["(cid:12)"] * 30)) == UNDECODABLE
    for bad in ("\ufffd", "\ue001", "\U000f0001", "\x03"):
        assert unreadable(chars(bad * 30)) == UNDECODABLE
    assert unreadable(chars(*["(cid:7)"] * 25, "1234567890" * 20)) == UNDECODABLE   # digits decode, labels do not
    assert unreadable(chars("政府信息公开工作年度报告" * 3, "\uf06c", "(cid:3)", "2024")) is None
    assert unreadable(chars("政" * 20)) is None
    assert unreadable(chars("政" * 19, " " * 10)) == NO_TEXT
    assert unreadable([]) == NO_TEXT


@needs_ocr
def test_report_without_tounicode_is_read_by_ocr(tmp_path, fonts, ocr_pages):
    path = report_pdf(tmp_path)
    assert all("(cid:" in text and "政府" not in text for text in page_texts(path))
    report = xxgk.read(path)
    assert report.cells() == expected()
    assert ocr_pages == [1, 2, 3]
    assert report.meta.reader == "ocr"


@needs_ocr
def test_decodable_and_private_use_pages_read_into_one_report(tmp_path, fonts, ocr_pages):
    """Table 3 on a page that decodes, table 4 on one that maps to private-use code points."""
    path = report_pdf(tmp_path, hidden_pages={3}, private_use=True)
    texts = page_texts(path)
    assert "三、收到和处理政府信息公开申请情况" in texts[1]
    assert all("\ue000" <= c <= "\uf8ff" for c in texts[2])
    report = xxgk.read(path)
    assert report.cells() == expected()
    assert ocr_pages == [3]
    assert report.meta.reader == "pdf"


@needs_ocr
def test_page_of_undecodable_labels_and_readable_digits_is_read_by_ocr(tmp_path, fonts, ocr_pages):
    path = report_pdf(tmp_path, hidden_pages={2}, digits_font="Times-Roman")
    assert str(VALUES["t3.new_received.total"]) in page_texts(path)[1]
    report = xxgk.read(path)
    assert report.cells() == expected()
    assert ocr_pages == [2]


def test_without_the_extra(tmp_path, fonts, monkeypatch):
    monkeypatch.setattr(ocr_engine, "available", lambda: False)
    report = xxgk.read(report_pdf(tmp_path))
    reason = next(f for f in xxgk.validate(report) if f.rule == "NO-TABLES").message
    assert "text layer cannot be decoded (fonts without ToUnicode)" in reason and 'pip install "xxgk[ocr]"' in reason
    assert all(v is None for v in report.cells().values())
    mixed = xxgk.read(report_pdf(tmp_path, hidden_pages={3}, private_use=True))
    cells = mixed.cells()
    assert all(cells[k] == v for k, v in expected().items() if not k.startswith("t4."))
    assert all(cells[k] is None for k in VALUES if k.startswith("t4."))
    assert "NO-TABLES" not in {f.rule for f in xxgk.validate(mixed)}


def test_oversize_page_is_rendered_small(tmp_path):
    """A 14400 pt square page (30,000 pixels a side at 150 dpi) is rendered within MAX_PIXELS; an A4
    page at 150 dpi; only the pages asked for."""
    pytest.importorskip("cv2")
    from xxgk.plugins.ocr_image import MAX_PIXELS, pdf_pages

    path = tmp_path / "poster.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(14400, 14400))
    pdf.showPage()
    pdf.setPageSize((595, 842))
    pdf.showPage()
    pdf.showPage()
    pdf.save()
    images = dict(pdf_pages(path.read_bytes(), [1, 2], 150))
    assert sorted(images) == [1, 2]
    assert 0.99 * MAX_PIXELS <= images[1].size <= MAX_PIXELS
    assert images[1].shape[0] == images[1].shape[1]
    assert images[2].shape == (math.ceil(842 * 150 / 72), math.ceil(595 * 150 / 72))   # rendered as ever
