"""Containers: single-file web pages (MHT), read through the HTML reader."""
from __future__ import annotations

from decimal import Decimal

import pytest

import xxgk
from xxgk.errors import ReadError
from xxgk.registry import Source

from pagegen import mht, page
from reportgen import consistent_values


def expected(values: dict) -> dict:
    return {k: Decimal(v) if isinstance(v, str) else v for k, v in values.items()}


def read(data: bytes, name: str):
    return xxgk.read_source(Source(data, name))


def read_error(data: bytes, name: str) -> str:
    with pytest.raises(ReadError) as caught:
        read(data, name)
    message = str(caught.value)
    assert message and "\n" not in message
    return message


# ---- MHT -------------------------------------------------------------------------------------

@pytest.mark.parametrize("charset, transfer, meta, options", [
    ("gb2312", "quoted-printable", True, {"image": True, "newline": "\r\n"}),   # as Word saves it
    ("utf-8", "quoted-printable", True, {}),
    ("gb2312", "base64", False, {}),                                           # charset in the MIME header only
    (None, "quoted-printable", True, {"image": True}),                         # in the meta only (gbk)
    ("utf-8", "base64", False, {"saved_by": "Blink", "newline": "\r\n"}),      # a browser's MHTML
], ids=["word-gb2312-qp-image", "utf8-qp", "gb2312-base64-header", "gbk-meta-only", "browser-utf8-base64"])
def test_single_file_web_page(charset, transfer, meta, options):
    values = consistent_values(181, 60)
    html = page(values, charset=charset or "gbk", word=charset == "gb2312")
    report = read(mht(html, charset, transfer, meta, **options), "report.mht")
    assert report.cells() == expected(values)
    assert report.meta.reader == "mht"
    assert (report.meta.organ, report.meta.year) == ("某某区人民政府办公室", 2024)
    assert report.meta.title == "某某区人民政府办公室2024年政府信息公开工作年度报告"
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]


def test_an_mht_is_known_by_its_content_not_its_name():
    data = mht(page(consistent_values(182, 60)), image=True)
    assert read(data, "report.html").meta.reader == "mht"
    assert read(data, "report").meta.reader == "mht"


def test_bad_mht_files():
    data = mht(page(consistent_values(183, 60)), image=True)
    assert "truncated" in read_error(data[: len(data) // 2], "report.mht")
    assert "truncated" in read_error(data[:-40], "report.mht")
    image_only = data.replace(b"Content-Type: text/html", b"Content-Type: image/gif")
    assert "without an HTML part" in read_error(image_only, "report.mht")
    assert read_error(b"", "report.mht") == "empty input"
