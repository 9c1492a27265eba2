"""Decoding: BOM, UTF-8, GB18030 (GB2312/GBK declared or detected), UTF-16; bad bytes are errors."""
from __future__ import annotations

import pytest

import xxgk
from xxgk import decoding
from xxgk.decoding import codec_name, decode, utf16_codec
from xxgk.errors import ReadError
from xxgk.registry import Source

from conftest import sample_text
from pagegen import page
from reportgen import consistent_values, report_text

TEXT = sample_text("004_12d7c137f1960f71")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le"])
def test_report_reads_in_every_encoding(encoding):
    data = TEXT.encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data   # UTF-16 is only recognised with its BOM
    report = xxgk.read_source(Source(data, "report.txt"))
    assert report.meta.organ == "西工区人民政府办公室"
    assert report.value("t3.new_received.total") == 35


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("name", ["report.txt", "report"], ids=["txt", "sniffed"])
def test_utf16_without_a_bom_is_read(encoding, name):
    """UTF-16 saved without a BOM (Notepad's "Unicode" after an editor dropped the BOM) was refused
    as binary data for its NUL bytes."""
    values = consistent_values(4, 9)
    data = report_text(values).encode(encoding)
    assert decode(data) == (report_text(values), encoding, None)
    report = xxgk.read_source(Source(data, name))
    assert report.meta.organ == "某某市人民政府办公室"
    assert {key: str(report.value(key)) for key in values} == {key: str(value) for key, value in values.items()}


def test_binary_data_with_nul_bytes_is_not_taken_for_utf16():
    for data in (bytes(range(256)) * 4, bytes(range(0, 256, 2)) * 8, b"x\x00" * 99 + b"x"):   # the last: odd
        assert utf16_codec(data) is None


def test_gb_family_decodes_as_gb18030():
    assert codec_name("GB2312") == "gb18030" and codec_name("gbk") == "gb18030"
    text, codec, _ = decode("政府信息公开".encode("gb18030"), declared="gb2312")
    assert (text, codec) == ("政府信息公开", "gb18030")


def test_wrong_declaration_falls_back():
    text, codec, _ = decode("政府信息公开工作年度报告".encode(), declared="gb2312")
    assert text == "政府信息公开工作年度报告"


@pytest.mark.parametrize("data, message", [
    (b"", "empty"), (b"  \n\t ", "empty"), (bytes(range(256)) * 4, "binary"),
])
def test_unreadable_bytes(data, message):
    with pytest.raises(ReadError, match=message):
        xxgk.read_source(Source(data, "bad.txt"))


def test_text_without_report():
    with pytest.raises(ReadError, match="no report"):
        xxgk.read_source(Source("今天天气很好。".encode(), "note.txt"))


def test_unknown_format_is_a_read_error():
    with pytest.raises(ReadError, match="no reader"):
        xxgk.read_source(Source(b"\x00\x01\x02" * 100, "data.bin"))


NOT_WEB = ["undefined", "rot13", "zlib", "unicode_escape", "raw_unicode_escape", "base64", "hex", "cp037", "utf-7",
           "idna", "x-user-defined"]


@pytest.mark.parametrize("declared", NOT_WEB)
def test_a_declaration_of_no_web_encoding_is_as_if_none_were_made(declared):
    """A GBK page declaring `charset=undefined` failed ("decoding with 'undefined' codec failed");
    rot13, zlib and the like were used as codecs. Only the WHATWG Encoding Standard's encodings
    are taken from a declaration, in the page (meta) or from its server; the others are passed over,
    and the server's, if a web page's, is then used."""
    values = consistent_values(5, 9)
    data = page(values, charset=declared).encode("gbk")
    meta_only, header_only = Source(data, "r.html"), Source(data.replace(declared.encode(), b""), "r.html",
                                                            "text/html", declared)
    for source in (meta_only, header_only, Source(data, "r.html", "text/html", "gb2312")):
        report = xxgk.read_source(source)
        assert report.meta.organ == "某某区人民政府办公室"
        assert report.value("t3.new_received.total") == values["t3.new_received.total"]
    assert decoding.web_codec(declared) is None


@pytest.mark.parametrize("declared, codec", [("GB2312", "gb18030"), ("latin1", "iso8859-1"), ("Windows-1252", "cp1252"),
                                             ("euc-jp", "euc_jp"), ("utf_8", "utf-8"), ("shift_jis", "shift_jis")])
def test_a_web_encodings_label_is_taken(declared, codec):
    assert decoding.web_codec(declared) == codec
