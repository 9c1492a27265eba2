"""Hostile and broken inputs: every reader gives a report or a ReadError, within bounds; limits hold;
no XML entity is expanded; outputs stay inert and inside OUT. docs/robustness.md lists these tests."""
from __future__ import annotations

import io
import os
import re
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xxgk
from xxgk import api, limits
from xxgk.batch.inputs import plan
from xxgk.batch.names import Namer
from xxgk.batch.records import record_name
from xxgk.batch.storage import Folder
from xxgk.cli import main
from xxgk.errors import ReadError, WriteError, XxgkError
from xxgk.plugins import docx_reader
from xxgk.registry import Source

from conftest import SAMPLES
from pagegen import mht, page
from reportgen import zero_values

SAMPLE_OF = {"text": "004_12d7c137f1960f71.txt", "html": "xigong-2024-portal.html", "pdf": "hongze-2023.pdf",
             "docx": "baiyu-2023.docx"}
BYTES = {name: (SAMPLES / sample).read_bytes() for name, sample in SAMPLE_OF.items()}
SAMPLE_OF["mht"], BYTES["mht"] = "page.mht", mht(page(zero_values(), charset="gb2312"), "gb2312", image=True)
HANG = 30   # seconds any one input may take here before it counts as a hang


def read_or_error(data: bytes, name: str):
    """A report or the project's own error: anything else (or a hang) fails the test."""
    with limits.time_limit(HANG):   # TimedOut is no XxgkError: a hang fails the test
        try:
            return xxgk.read_source(Source(data, name))
        except XxgkError:
            return None


@st.composite
def mutated(draw, original: bytes):
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "misencode"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "truncate":
            data = data[:at]
        elif op == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 512))]
        elif op == "misencode":
            data = bytearray(bytes(data).decode("utf-8", "replace").encode(
                draw(st.sampled_from(["utf-16-le", "gb18030", "latin-1"])), "replace"))
    return bytes(data)


FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@pytest.mark.parametrize("reader", sorted(SAMPLE_OF))
def test_mutated_inputs_give_a_report_or_a_read_error(reader):
    name = SAMPLE_OF[reader]

    @FUZZ
    @given(mutated(BYTES[reader]))
    def check(data):
        read_or_error(data, name)

    check()


@pytest.mark.parametrize("name", ["r.txt", "r.md", "r.html", "r.mht", "r.pdf", "r.docx", "r"])
@FUZZ
@given(data=st.binary(max_size=4096))
def test_random_bytes_give_a_report_or_a_read_error(name, data):
    read_or_error(data, name)


def test_format_headers_with_garbage_behind_them():
    mime = b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=b\n\n--b\nContent-Type: text/html\n\n"
    for head in (b"%PDF-1.7\n", b"PK\x03\x04word/", b"<html><body>", b"\xef\xbb\xbf", mime):
        assert read_or_error(head + bytes(range(256)) * 20, "x") is None


# ---- limits ----------------------------------------------------------------------------------

def test_input_size_limit(monkeypatch, tmp_path):
    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", 1000)
    with pytest.raises(ReadError, match="over the limit"):
        xxgk.read(SAMPLES / SAMPLE_OF["text"])
    with pytest.raises(ReadError, match="over the limit"):
        xxgk.read_source(Source(BYTES["text"], "stdin"))


def _docx_with(extra: dict[str, bytes], base: bytes = BYTES["docx"]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in extra:
                target.writestr(info, source.read(info))
        for name, data in extra.items():
            target.writestr(name, data)
    return out.getvalue()


def test_docx_zip_bomb():
    bomb = _docx_with({"word/media/bomb.xml": b"<a>" + b" " * (8 * 1024 * 1024) + b"</a>"})
    assert len(bomb) < 200_000
    started = time.perf_counter()
    with pytest.raises(ReadError, match="zip bomb"):
        xxgk.read_source(Source(bomb, "bomb.docx"))
    assert time.perf_counter() - started < 2


def test_docx_unpacked_size_and_parts(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_DOCX_UNPACKED", 10_000)
    with pytest.raises(ReadError, match="unpacks to"):
        xxgk.read_source(Source(BYTES["docx"], "r.docx"))
    monkeypatch.setattr(docx_reader, "MAX_DOCX_PARTS", 3)
    with pytest.raises(ReadError, match="parts"):
        xxgk.read_source(Source(BYTES["docx"], "r.docx"))


XXE = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"""
LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""


@pytest.mark.parametrize("document", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_docx_entities_are_refused(document):
    with pytest.raises(ReadError, match="DTD"):
        xxgk.read_source(Source(_docx_with({"word/document.xml": document}), "evil.docx"))


def _behind_a_comment(document: bytes, comment: int) -> bytes:
    """`document` with a comment of `comment` random hexadecimal characters after its XML declaration."""
    declaration, rest = document.split(b"\n", 1)
    return declaration + b"<!--" + os.urandom(comment // 2).hex().encode() + b"-->" + rest


@pytest.mark.parametrize("document", [_behind_a_comment(XXE, 5000), _behind_a_comment(XXE, (1 << 20) - 50),
                                      XXE.decode().replace("UTF-8", "UTF-16").encode("utf-16")],
                         ids=["after-5-kb", "cut-between-two-mib", "utf-16"])
def test_a_dtd_anywhere_in_a_docx_part_is_refused(document):
    """Only a part's first 4 KB were looked at: a DTD behind a comment passed."""
    if len(document) > 1 << 20:   # read a MiB at a time: the DTD is cut between two pieces
        assert document.index(b"<!DOCTYPE") < 1 << 20 < document.index(b"<!DOCTYPE") + 9
    with pytest.raises(ReadError, match=r"^DOCX part word/document.xml declares a DTD or entities: refused$"):
        xxgk.read_source(Source(_docx_with({"word/document.xml": document}), "evil.docx"))


@pytest.mark.parametrize("document", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_the_docx_parser_itself_expands_no_entity(document):
    """Beneath the DTD refusal, python-docx's parser resolves no entity either."""
    from docx.oxml.parser import oxml_parser
    from lxml import etree

    try:
        root = etree.fromstring(document, oxml_parser)
    except etree.XMLSyntaxError:
        return   # refused outright
    text = "".join(root.itertext())
    assert "lollol" not in text and len(text) < 100
    with open("/etc/hostname", encoding="utf-8") as fh:
        hostname = fh.read().strip()
    assert not hostname or hostname not in text


def test_html_nesting_depth():
    html = page(zero_values())
    assert read_or_error(html.replace('<div class="article">', "<div>" * 150 + '<div class="article">').encode(),
                         "r.html") is not None
    with pytest.raises(ReadError, match="nested deeper"):
        xxgk.read_source(Source(html.replace('<div class="article">', "<div>" * 5000 + "<div>").encode(), "r.html"))
    deep_inside = html.replace("<p>本年度各项工作有序开展。</p>", "<span>" * 400 + "深" + "</span>" * 400, 1)
    with pytest.raises(ReadError, match="nested"):
        xxgk.read_source(Source(deep_inside.encode(), "r.html"))


def test_table_size_limit():
    big = "<table>" + ("<tr>" + "<td>1</td>" * 200 + "</tr>") * 200 + "</table>"
    with pytest.raises(ReadError, match="over the limit of 20000"):
        xxgk.read_source(Source(page(zero_values(), prose={2: big}).encode(), "big.html"))
    spans = "<table>" + '<tr><td colspan="100">x</td></tr>' * 300 + "</table>"
    with pytest.raises(ReadError, match="cells"):
        xxgk.read_source(Source(page(zero_values(), prose={2: spans}).encode(), "spans.html"))


def test_time_limit_per_file_in_a_batch(tmp_path, monkeypatch):
    slow = tmp_path / "src" / "slow.txt"
    slow.parent.mkdir()
    slow.write_bytes(BYTES["text"])
    (tmp_path / "src" / "quick.txt").write_bytes(BYTES["text"])
    original = api.read_source

    def stalling(source, **kwargs):
        if source.name.endswith("slow.txt"):
            time.sleep(30)
        return original(source, **kwargs)

    monkeypatch.setattr(api, "read_source", stalling)
    started = time.perf_counter()
    batch = xxgk.convert_many([str(tmp_path / "src")], tmp_path / "out", time_limit=0.5)
    results = {r.source.rsplit("/", 1)[1]: r for r in batch.results}
    assert time.perf_counter() - started < HANG
    assert results["slow.txt"].status == "failed"
    assert results["slow.txt"].error == "timed out: not done after 1.5 s (--time-limit, waiting)"
    assert results["quick.txt"].status == "converted"


# ---- outputs ---------------------------------------------------------------------------------

HOSTILE = page(zero_values(), prose={1: '<p>正常<script>alert(1)</script><a href="javascript:alert(2)">链接</a>'
                                         '<img src=x onerror="alert(3)">&lt;script&gt;x()&lt;/script&gt;</p>'})


def test_docx_output_carries_nothing_active():
    report = xxgk.read_source(Source(HOSTILE.encode(), "javascript:alert(4)"))
    out = io.BytesIO()
    xxgk.write(report, "docx", out, findings=xxgk.validate(report))
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as package:
        names = package.namelist()
        parts = {n: package.read(n) for n in names if n.endswith((".xml", ".rels"))}
    xml = b"".join(parts.values())
    assert not [n for n in names if "vba" in n.lower() or n.endswith((".bin", ".js"))]
    assert b'TargetMode="External"' not in xml and b"javascript" not in xml.lower()
    assert b"fldSimple" not in xml and b"<w:hyperlink" not in xml
    fields = {(n, code) for n, data in parts.items() for code in re.findall(rb"<w:instrText[^>]*>([^<]*)<", data)}
    assert {code for _, code in fields} == {b" PAGE "} and all(n.startswith("word/footer") for n, _ in fields)


@pytest.mark.parametrize("url", ["http://x.example/../../etc/passwd", "http://x.example/a/..%2F..%2Fetc",
                                 "http://x.example/%00/..", "http://../../"])
def test_output_names_from_urls_stay_inside_out(url, tmp_path):
    (task,) = plan([url], xxgk.manager.default().registry)
    name = Namer([".json", ".html"], (), (), lambda rel: None).name(task.rel)
    assert ".." not in name.split("/") and not name.startswith("/")
    for rel in (name + ".json", name + ".html", record_name(name)):
        assert Path(Folder(str(tmp_path / "out")).path(rel)).is_relative_to((tmp_path / "out").resolve())


def test_an_escaping_output_name_is_refused(tmp_path):
    with pytest.raises(WriteError, match="leaves"):
        Folder(str(tmp_path / "out")).path("../../escaped.json")


# ---- errors ----------------------------------------------------------------------------------

def test_debug_shows_the_traceback(tmp_path, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("xxgk.commands.list_plugins", broken)
    assert main(["plugins"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "xxgk: internal error: ZeroDivisionError: a bug (--debug shows where)"
    assert main(["--debug", "plugins"]) == 2
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "ZeroDivisionError: a bug" in err


def test_internal_error_in_a_batch_names_the_file(tmp_path, monkeypatch):
    (tmp_path / "r.txt").write_bytes(BYTES["text"])
    monkeypatch.setattr(api, "validate", lambda report, settings=None: 1 / 0)
    (result,) = xxgk.convert_many([str(tmp_path / "r.txt")], tmp_path / "out").results
    assert result.status == "failed" and result.error == "internal error: ZeroDivisionError: division by zero"
    with pytest.raises(ZeroDivisionError):
        api.validate(None)
