"""Bounded on any input: every hostile input ends within its limit with a one-line error naming it,
the process tree stays under 1 GiB, the other inputs of the run are converted, and nothing leaves
the machine that should not (issue: memory, time and what leaves the machine).

Each input is made here in a few lines (`hostile`); `boundkit` runs xxgk in a child process and
measures its whole process tree. Assertions count processor time and memory, never the clock.
docs/robustness.md names these tests.
"""
from __future__ import annotations

import base64
import codecs
import csv
import inspect
import io
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xxgk
from xxgk import api, fetch, limits, spacing
from xxgk.errors import ReadError
from xxgk.messages import chinese
from xxgk.plugins import docx_reader, ocr_engine
from xxgk.registry import Source

import hostile
from batchkit import report
from boundkit import GIB, timed_out
from boundkit import xxgk as run_xxgk
from pagegen import mht, page
from reportgen import consistent_values

LIMIT = 8   # --time-limit here, in seconds of processor time: 3 times what the slowest refusal takes
HANG_AFTER = 300   # seconds on the clock after which a thread still reading counts as hung
needs_ocr = pytest.mark.skipif(not ocr_engine.available(), reason="needs the OCR extra")


def good(folder: Path, name: str = "good.txt") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report(0), encoding="utf-8")
    return path


def one_line_naming(run, name: str) -> str:
    """The one stderr line that names the input `name` (exactly one does)."""
    lines = [line for line in run.lines if re.search(rf"/{re.escape(name)}: ", line)]
    assert len(lines) == 1, (name, run.err)
    return lines[0]


# ---- one batch of hostile files: each fails alone, on one line, the tree under 1 GiB -----------------------

HOSTILE = {
    # name: (contents, what its one-line error says)
    "loop.pdf": (hostile.self_referring_length_pdf, "timed out: "),   # on processor time, or the clock under load
    "bomb.pdf": (lambda: hostile.flate_bomb_pdf(1 << 30), "decodes to more than 64 MiB: over the limit"),
    "pages.pdf": (lambda: hostile.many_pages_pdf(200_000), "200000 pages: over the limit of 200 pages"),
    "lying.pdf": (lambda: hostile.many_pages_pdf(300_000, stated=1, object_streams=True),
                  "more than 200 pages: over the limit of 200 pages"),
    "objects.pdf": (lambda: hostile.array_page_pdf(3_000_000), "its objects parse into more than 1,000,000 tokens"),
    "paragraphs.docx": (lambda: hostile.docx(b"<w:p/>", 30_000_000, ratio=176),
                        "more than 2,000,000 XML elements and attributes: over the limit"),
    "tables.docx": (lambda: hostile.docx(hostile.DOCX_TABLE, 9_000, ratio=176),
                    "more than 2,000,000 XML elements and attributes: over the limit"),
    "elements.html": (lambda: b"<html><body>" + b"<p>" * 3_000_000, "page of more than 200,000 elements"),
    "lines.txt": (lambda: b"x\n" * 10_000_000, "more than 100,000 lines: over the limit"),
    "paragraphs.mht": (lambda: mht("<html><body>" + "<p>x</p>" * 110_000 + "</body></html>"),
                       "110,000 paragraphs and tables: over the limit of 100,000"),
    "words.txt": (lambda: b"12 " * 20_000_000, "line 1 of 60,000,000 characters: over the limit of 200,000"),
    "cells.txt": (lambda: (b"1|" * 1000 + b"\n") * 30_000, "a table of more than 20,000 cells: over the limit"),
    "comment.html": (lambda: b"<html><body><p>x</p><!--" + (report(0).encode() * 4000)[:19 << 20],
                     "characters of text: over the limit of 2,000,000"),
    "paragraph.docx": (lambda: hostile.docx(b"<w:r><w:t>" + "中 ".encode() * 1000 + b"</w:t></w:r>", 45_000,
                                            ratio=176, within=(b"<w:p>", b"</w:p>")),
                       "a paragraph or cell of more than 200,000 characters: over the limit"),
}


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "in"
    folder.mkdir()
    for name, (make, _) in HOSTILE.items():
        (folder / name).write_bytes(make())
    (folder / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(folder.parent / "fifo")
    (folder / "fifo-link").symlink_to(folder.parent / "fifo")      # no extension: never opened, its own error
    (folder / "dashes.txt").write_text("-" * 199_999 + "x\n" + report(1), encoding="utf-8")
    (folder / "digits.txt").write_text(report(2).replace("一、总体情况", "一、总体情况\n本年度共收到政府信息公开申请"
                                                           + "9" * 5000 + "件。", 1), encoding="utf-8")
    good(folder)
    return folder


def test_hostile_inputs_in_one_batch_fail_alone_within_bounds(hostile_folder, tmp_path):
    """Every hostile file fails on one line naming it; the others are converted; the tree held under
    1 GiB and used little more processor time than the limits allow; no output is left of a failure."""
    run = run_xxgk(["convert", str(hostile_folder), "-o", str(tmp_path / "out"), "--to", "json,docx",
                    "--time-limit", str(LIMIT)], tmp_path)
    assert run.code == 2, run.err
    for name, (_, error) in HOSTILE.items():
        assert error in one_line_naming(run, name)
    assert "not a regular file (a pipe, socket or device): refused" in one_line_naming(run, "zero.txt")
    assert "not a regular file (a pipe, socket or device): refused" in one_line_naming(run, "fifo-link")
    assert all(line.startswith("xxgk: ") for line in run.lines)
    converted = sorted(p.name for p in (tmp_path / "out").glob("*.json"))
    assert converted == ["dashes.txt.json", "digits.txt.json", "good.txt.json"]
    assert not list((tmp_path / "out").glob(".xxgk-partial-*"))
    assert run.peak < GIB, run.peak
    assert run.cpu < 2 * LIMIT + 120, run.cpu   # the one loop stopped at its limit; the rest is refused at once


def test_hostile_inputs_with_two_workers(hostile_folder, tmp_path):
    """The loop's worker shares the cores with the other worker (and, on a busy machine, with other
    work): under a third of a core, the clock backstop comes before its processor time is used."""
    run = run_xxgk(["convert", str(hostile_folder), "-o", str(tmp_path / "out"), "-j", "2", "--time-limit",
                    str(LIMIT)], tmp_path)
    assert run.code == 2
    for name, (_, error) in HOSTILE.items():
        if name == "loop.pdf":
            assert re.search(rf"loop\.pdf: timed out: (used {LIMIT} s of processor time|not done after "
                             rf"{3 * LIMIT} s) \(--time-limit", one_line_naming(run, name))
            continue
        assert error in one_line_naming(run, name)
    assert (tmp_path / "out" / "good.txt.json").exists()
    assert run.peak < GIB, run.peak


def test_validate_is_bounded_per_input_and_goes_on(hostile_folder, tmp_path):
    run = run_xxgk(["validate", str(hostile_folder), "--time-limit", str(LIMIT)], tmp_path)
    assert run.code == 2
    for name, (_, error) in HOSTILE.items():
        assert error in one_line_naming(run, name)
    assert f"{hostile_folder}/good.txt: info TEMPLATE" in run.out
    assert f"{hostile_folder}/digits.txt:" in run.out and "internal error" not in run.err
    assert run.peak < GIB, run.peak


@pytest.mark.parametrize("read", [xxgk.read, lambda path, **kw: xxgk.read_source(Source(path.read_bytes(), path.name),
                                                                                   **kw)])
def test_the_api_reads_within_the_command_lines_time_limit(tmp_path, read):
    """xxgk.read and read_source had no limit: the looping PDF hung them. In the main thread and in
    any other, a time-out is a ReadError; inside a caller's own limit, that limit holds."""
    path = tmp_path / "loop.pdf"
    path.write_bytes(hostile.self_referring_length_pdf())
    assert inspect.signature(xxgk.read).parameters["time_limit"].default == limits.FILE_TIME_LIMIT == 120
    assert inspect.signature(xxgk.read_source).parameters["time_limit"].default == limits.FILE_TIME_LIMIT
    with pytest.raises(ReadError) as raised:
        read(path, time_limit=1)
    assert str(raised.value) in timed_out(1)
    with pytest.raises(limits.TimedOut) as stopped, limits.time_limit(1):
        read(path)
    assert str(stopped.value) in timed_out(1)
    met: list[BaseException] = []

    def in_a_thread():
        try:
            read(path, time_limit=1)
        except BaseException as exc:
            met.append(exc)

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join(HANG_AFTER)
    assert not thread.is_alive() and isinstance(met[0], ReadError)
    assert str(met[0]) in timed_out(1)


def test_validate_reads_standard_input_up_to_its_limit(tmp_path):
    run = run_xxgk(["validate", "-"], tmp_path, stdin="/dev/zero")
    assert run.code == 2 and run.lines[-1].endswith("over the limit of 100 MiB for one input")
    assert run.peak < GIB, run.peak


REFUSED_FILE = "not a regular file (a pipe, socket or device): refused"


def test_a_pipe_behind_a_link_is_never_opened(tmp_path):
    """Walking a folder opens no pipe (opening one waits for a writer), nor its ignore file; the
    link to it is that input's error."""
    good(tmp_path / "in")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "in" / "report").symlink_to(tmp_path / "fifo")
    (tmp_path / "in" / ".xxgkignore").symlink_to(tmp_path / "fifo")
    run = run_xxgk(["validate", str(tmp_path / "in")], tmp_path)
    assert run.code == 2 and f"{tmp_path}/in/good.txt: info TEMPLATE" in run.out
    assert one_line_naming(run, "report") == f"xxgk: {tmp_path}/in/report: {REFUSED_FILE}"
    run = run_xxgk(["validate", str(tmp_path / "in" / "report")], tmp_path)
    assert run.code == 2
    assert run.lines == [f"xxgk: {tmp_path}/in/report: {REFUSED_FILE}"]


@pytest.mark.parametrize("command", [["validate"], ["convert", "-o", "out", "--to", "json"],
                                     ["convert", "-o", "out", "--to", "json", "-j", "2"]])
def test_pipes_and_devices_in_a_folder_are_their_inputs_errors(tmp_path, command):
    """A FIFO inside a folder was skipped without a word (a link to /dev/zero beside it was refused):
    each, with or without a reader's extension, is its own one-line error; the report beside them is read."""
    folder = tmp_path / "in"
    good(folder)
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(folder / "pipe")
    (folder / "zero.pdf").symlink_to("/dev/zero")
    run = run_xxgk([command[0], str(folder), *command[1:]], tmp_path)
    assert run.code == 2
    for name in ("pipe.txt", "pipe", "zero.pdf"):
        assert one_line_naming(run, name) == f"xxgk: {folder}/{name}: {REFUSED_FILE}"
    if command[0] == "convert":
        assert sorted(os.listdir(tmp_path / "out")) == [".xxgk", "good.txt.json"]
        assert "xxgk: 4 input(s): 1 converted (0 up to date, skipped), 3 failed" in run.lines
    else:
        assert f"{folder}/good.txt: info TEMPLATE" in run.out


def test_pdf_pages_are_refused_before_their_objects_are_built(tmp_path):
    """Small content streams that make pdfminer build an object per character, rectangle, form or
    array item (each peaked at gigabytes) fail on one line before the objects are built."""
    folder = tmp_path / "in"
    folder.mkdir()
    drawn = "page 1 draws more than 200,000 characters, lines and images: over the limit"
    inputs = {
        "chars.pdf": (hostile.content_pdf(b"BT /F1 12 Tf ", b"(" + b"A" * 1000 + b") Tj ", 60_000, b"ET"), drawn),
        "rects.pdf": (hostile.content_pdf(b"", b"0 0 1 1 re f " * 100, 40_000), drawn),
        "forms.pdf": (hostile.form_pdf(300_000), drawn),
        "array.pdf": (hostile.content_pdf(b"BT [", b"1 " * 1000, 25_000, b"] TJ ET"),
                      "page 1: more than 500,000 operators and operands: over the limit"),
    }
    for name, (data, _) in inputs.items():
        (folder / name).write_bytes(data)
    good(folder)
    run = run_xxgk(["convert", str(folder), "-o", str(tmp_path / "out")], tmp_path)
    assert run.code == 2
    for name, (_, error) in inputs.items():
        assert error in one_line_naming(run, name)
    assert (tmp_path / "out" / "good.txt.json").exists()
    assert run.peak < GIB, run.peak


def test_the_attributes_of_a_docx_count_with_its_elements():
    """2,100 paragraphs of 1,000 attributes each (2.1 million, about 150 bytes each in lxml): only the
    elements were counted."""
    attributes = b" ".join(b'w:a%d="1"' % n for n in range(1000))
    data = hostile.docx(b"<w:p " + attributes + b"/>", 2_100, ratio=176)
    with pytest.raises(ReadError, match=r"^DOCX of more than 2,000,000 XML elements and attributes: over the limit$"):
        xxgk.read_source(Source(data, "attributes.docx"))


DAT_TYPES = hostile.DOCX_TYPES.replace(b'<Override PartName="/word/document.xml"', b'<Default Extension="DAT"')


@pytest.mark.parametrize(("name", "types"), [("word/document.bin", None), ("word/document.dat", DAT_TYPES)],
                         ids=["override", "default"])
def test_a_docx_part_parsed_as_xml_is_measured_whatever_its_name(name, types, monkeypatch):
    """python-docx parses a part for its content type, an Override or its extension's Default in
    [Content_Types].xml: a document part named .bin was neither counted nor searched for a DTD."""
    monkeypatch.setattr(docx_reader, "MAX_XML_NODES", 1_000)
    data = hostile.docx(b"<w:p/>", 1_000, name=name, types=types)
    with pytest.raises(ReadError, match=r"^DOCX of more than 1,000 XML elements and attributes: over the limit$"):
        xxgk.read_source(Source(data, "parts.docx"))
    data = hostile.docx(b"<w:p/>", 1, name=name, types=types, within=(b"<!--<!ENTITY e 'x'>-->", b""))
    with pytest.raises(ReadError, match=f"^DOCX part {name} declares a DTD or entities: refused$"):
        xxgk.read_source(Source(data, "parts.docx"))


def test_a_docx_part_not_parsed_as_xml_is_not_measured():
    """A picture (an SVG with its DTD) and an altChunk page of XHTML keep their declarations."""
    types = hostile.DOCX_TYPES.replace(b"</Types>", b'<Default Extension="svg" ContentType="image/svg+xml"/>'
                                       b'<Default Extension="xhtml" ContentType="application/xhtml+xml"/></Types>')
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(hostile.docx(b"<w:p><w:r><w:t>x</w:t></w:r></w:p>", 1, types=types))) as source, \
            zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        for name in ("word/media/image1.svg", "word/chunk.xhtml"):
            target.writestr(name, b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><svg/>')
    assert [block.text for block in docx_reader.read(Source(out.getvalue(), "r.docx")).blocks] == ["x"]


def with_hyperlinks(data: bytes, links: int) -> bytes:
    """The DOCX `data` with `links` relationships of its document part: external hyperlinks."""
    rels = b"".join(b'<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/hyperlink" Target="http://e.example/%d" TargetMode="External"/>' % (n, n)
                    for n in range(links))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("word/_rels/document.xml.rels", b'<?xml version="1.0" encoding="UTF-8"?><Relationships '
                        b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>'
                        % rels)
    return out.getvalue()


def test_the_relationships_of_a_docx_are_counted():
    """399,000 hyperlinks of 200-character targets, under the element limit, peaked at 1.07 GB:
    python-docx keeps 2 KB a relationship."""
    data = hostile.docx(b"<w:p><w:r><w:t>x</w:t></w:r></w:p>", 1)
    assert [block.text for block in docx_reader.read(Source(with_hyperlinks(data, 19_000), "r.docx")).blocks] == ["x"]
    with pytest.raises(ReadError, match=r"^DOCX of more than 20,000 relationships: over the limit$"):
        docx_reader.read(Source(with_hyperlinks(data, 20_000), "r.docx"))


MHT_HEAD = b'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="B"\n\n--B\nContent-Type: text/html\n'


@pytest.mark.parametrize(("rest", "error"), [
    (b"\n" + b"x\n" * 1_000_000 + b"--B--\n", "MHT of 1,000,008 lines: over the limit of 1,000,000"),
    (b"X: a\n" * 20_000 + b"\n<p>x</p>\n--B--\n", "MHT of more than 20,000 header lines: over the limit"),
    (b"\nx\n--B\nContent-Type: text/html\n" * 10_001 + b"\n--B--\n", "MHT of more than 10,000 parts: over the limit"),
    (b"\n" + (b"PHA+eDwvcD4K" * 90_000 + b"\n") * 50 + b"--B--\n", "MHT of 51 MiB: over the limit of 50 MiB"),
], ids=["lines", "header lines", "parts", "bytes"])
@pytest.mark.parametrize("end", [b"\n", b"\r", b"\r\n"], ids=["lf", "cr", "crlf"])
def test_an_mht_is_measured_before_the_email_parser_reads_it(rest, error, end):
    """The email parser keeps a string for every line: 19 MB of short lines took 835 MB, of header
    lines 705 MB, of tiny parts 350 MB. It ends a line at a CR alone too: lines ended so were not
    counted, nor boundaries and headers after them."""
    with pytest.raises(ReadError, match=f"^{re.escape(error)}$"):
        xxgk.read_source(Source((MHT_HEAD + rest).replace(b"\n", end), "r.mht"))


# ---- OCR: pages and pictures rendered or decoded only within their pixel limits ---------------------------

@needs_ocr
def test_posters_and_pixel_bombs_stay_small(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "poster.pdf").write_bytes(hostile.poster_pdf(14_400, pages=3))      # 675 bytes
    (folder / "huge.png").write_bytes(hostile.png(12_000, 12_000))                # 144 million pixels
    (folder / "drawn.pdf").write_bytes(hostile.image_bomb_pdf(9_000))              # an A4 page drawing 81 M
    good(folder)
    run = run_xxgk(["convert", str(folder), "-o", str(tmp_path / "out")], tmp_path)
    assert "poster.pdf" not in run.err   # read by OCR, each page rendered small, one at a time
    assert "huge.png: image of 144,000,000 pixels: over the limit of 60,000,000" in one_line_naming(run, "huge.png")
    assert "drawn.pdf: page 1 draws an image of 81,000,000 pixels: over the limit of 60,000,000" in \
        one_line_naming(run, "drawn.pdf")
    assert all(line.startswith("xxgk: ") for line in run.lines)   # no warning of Pillow's
    assert (tmp_path / "out" / "good.txt.json").exists()
    assert run.peak < GIB, run.peak


@needs_ocr
def test_native_libraries_print_nothing_of_their_own(tmp_path):
    """A picture whose colour profile is damaged: libpng's warning, written by the library itself
    to standard error, is not shown (--debug shows it)."""
    picture = tmp_path / "damaged.png"
    picture.write_bytes(hostile.png(200, 100, (b"iCCP", b"x\x00\x00" + zlib.compress(b"not a profile"))))
    run = run_xxgk(["validate", str(picture)], tmp_path)
    assert run.code == 1 and f"{picture}: error NO-TABLES" in run.out and run.err == ""
    run = run_xxgk(["--debug", "validate", str(picture)], tmp_path)
    assert "libpng warning: iCCP" in run.err


@needs_ocr
def test_an_ocr_time_out_is_one_line(tmp_path):
    scan = Path(__file__).parent / "data" / "pdf" / "scanned.pdf"
    run = run_xxgk(["validate", str(scan), "--time-limit", "1"], tmp_path)
    assert run.code == 2 and run.lines in [[f"xxgk: {scan}: {message}"] for message in timed_out(1)]


def test_errors_of_many_lines_are_one_line(tmp_path, monkeypatch):
    """A library's error of several lines (OpenCV's, a redirect loop's) becomes one line, whether
    it is read as the input's error or met as a bug."""
    assert str(ReadError("cannot fetch:\n  The last 30x error message was:\nFound")) == \
        "cannot fetch: The last 30x error message was: Found"
    src = good(tmp_path / "in")
    monkeypatch.setattr(api, "assemble", lambda *a: (_ for _ in ()).throw(ValueError("OpenCV(5.0)\n error: -2")))
    (result,) = xxgk.convert_many(str(src), tmp_path / "out").results
    assert result.error == "internal error: ValueError: OpenCV(5.0) error: -2"


# ---- super-linear work ------------------------------------------------------------------------------------

def test_reading_a_rule_line_is_linear():
    """The longest line read, dashes ending in a letter: the rule pattern backtracked quadratically (a
    1 MB line took an hour)."""
    text = ("-" * 199_999 + "x\n" + report(0)).encode()
    started = time.process_time()
    xxgk.read_source(Source(text, "r.txt"))
    assert time.process_time() - started < 30   # linear: well under a second


def test_finding_the_report_in_a_deep_page_is_linear():
    """A report under 190 nested elements, each with 10,000 characters of its own: each element's
    text was normalised again on the way down (34 s and 580 MB for this page)."""
    values = consistent_values(4, 9)
    report_page = page(values)
    body = report_page[report_page.index("<body>") + 6:report_page.index("</body>")]
    filler = "<p>" + "中 " * 5_000 + "</p>"
    html = "<html><body>" + ("<div>" + filler) * 190 + body + "</div>" * 190 + "</body></html>"
    started = time.process_time()
    report_ = xxgk.read_source(Source(html.encode(), "r.html"))
    assert time.process_time() - started < 10   # linear: about a second
    assert report_.value("t3.new_received.total") == values["t3.new_received.total"]


def test_an_inline_image_is_gathered_in_linear_time():
    """2 MB of "E" in an inline image: pdfminer copied what it had gathered at every byte (124 s)."""
    text = b"BT /F1 12 Tf 50 800 Td (" + b"x" * 40 + b") Tj ET "   # a text layer: the page is not read by OCR
    data = hostile.content_pdf(text + b"BI /W 1 /H 1 /BPC 8 /CS /G ID ", b"E" * 1000, 2000, b" EI")
    started = time.process_time()
    report_ = xxgk.read_source(Source(data, "r.pdf"))
    assert time.process_time() - started < 20   # linear: about a second
    assert [f.rule for f in xxgk.validate(report_)] == ["NO-TABLES"]


def test_nested_docx_tables_are_read_in_linear_time():
    """A table of 8,000 rows inside 80 nested layout tables: each level walked all the cells under
    it again (13 s for 20,000 rows, where one level takes 1 s). Processor time, read twice alike."""
    row = b"<w:tr>" + b"<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>" * 2 + b"</w:tr>"

    def reading(depth: int) -> float:
        data = hostile.docx(row, 8_000, ratio=150, within=(b"<w:tbl><w:tr><w:tc>" * depth + b"<w:tbl>",
                                                           b"</w:tbl>" + b"<w:p/></w:tc></w:tr></w:tbl>" * depth))
        started = time.process_time()
        with pytest.raises(ReadError, match="^no report found"):
            xxgk.read_source(Source(data, "nested.docx"))
        return time.process_time() - started

    reading(1)   # python-docx imported and warmed up
    assert reading(80) < 3 * reading(1)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a中，1 \t\n\u3000\u00a0\u200b\ufeff", max_size=40), st.integers(1, 6))
def test_text_is_cleaned_a_piece_at_a_time_as_it_would_be_whole(text, piece):
    whole = spacing.clean_text(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spacing, "PIECE", piece)
        assert spacing.clean_text(text) == whole


def test_a_number_too_long_to_be_a_count_is_a_finding():
    big = "9" * 5000
    text = report(0).replace("一、总体情况", f"一、总体情况\n本年度共收到政府信息公开申请{big}件，行政复议{big}件。", 1)
    text = re.sub(r"^(一、本年新收政府信息公开申请数量\s+)\d+", rf"\g<1>{big}", text, count=1, flags=re.M)
    report_ = xxgk.read_source(Source(text.encode(), "r.txt"))
    cell = report_.cell("t3.new_received.natural_person")
    assert cell.value is None and "5000 digits: too long to be a count" in cell.note
    assert any(f.rule == "T2-VALUES" and "too long to be a count" in f.message for f in xxgk.validate(report_))


def test_findings_quote_long_values_shortened():
    """A cell of 150,000 characters was quoted whole in its finding, twice (300 KB on one line)."""
    words = chinese(xxgk.manager.default().registry)
    for value, raw, note in (("1." + "5" * 150_000, "1." + "5" * 98 + "…", "not an integer (1." + "5" * 98 + "…)"),
                             ("1.5", "1.5", "not an integer (1.5)")):
        report_ = xxgk.read_source(Source(report(0).replace("行政许可\t6", "行政许可\t" + value, 1).encode(), "r.txt"))
        (finding,) = [f for f in xxgk.validate(report_) if f.rule == "T2-VALUES"]
        assert finding.message == f"t2.licensing.decisions: {raw!r} is not a valid value ({note})"
        assert words.message(finding).endswith(f"：“{raw}”不是有效的数值（不是整数（{raw}））")


# ---- one bad input never stops the run --------------------------------------------------------------------

def test_malformed_urls_are_their_inputs_errors(tmp_path, capsys):
    src = good(tmp_path / "in")
    code = xxgk.cli.main(["convert", "http://[::1", "http://127.0.0.1:abc/", str(src), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err.splitlines()
    assert code == 2 and (tmp_path / "out" / "good.txt.json").exists()
    assert "xxgk: http://[::1: malformed URL: Invalid IPv6 URL" in err
    assert any(line.startswith("xxgk: http://127.0.0.1:abc/: malformed URL") for line in err)
    code = xxgk.cli.main(["validate", "http://127.0.0.1:abc/", str(src)])
    captured = capsys.readouterr()
    assert code == 2 and f"{src}: info TEMPLATE" in captured.out and "malformed URL" in captured.err


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_urls_of_other_schemes_are_their_inputs_errors(tmp_path, capsys, jobs):
    """ftp://, s3:// (its backend not installed), memory:// and a scheme nobody knows: listing them
    while the batch was planned raised, and the whole run stopped on an internal error."""
    src = good(tmp_path / "in")
    ftp = f"ftp://127.0.0.1:{closed_port()}/x.pdf"
    urls = [ftp, "s3://bucket/x.pdf", "memory://x.txt", "nosuch://host/x.txt"]
    code = xxgk.cli.main(["convert", *urls, str(src), "-o", str(tmp_path / "out"), "-j", jobs])
    err = capsys.readouterr().err.splitlines()
    assert code == 2 and (tmp_path / "out" / "good.txt.json").exists()
    assert f"xxgk: {ftp}: cannot read: [Errno 111] Connection refused" in err
    assert "xxgk: s3://bucket/x.pdf: cannot read: Install s3fs to access S3" in err
    assert "xxgk: nosuch://host/x.txt: cannot read: Protocol not known: nosuch" in err
    assert any(line.startswith("xxgk: memory:///x.txt: cannot read") for line in err)
    assert "xxgk: 5 input(s): 1 converted (0 up to date, skipped), 4 failed" in err


def test_urls_of_other_schemes_without_fsspec_are_their_inputs_errors(tmp_path, capsys, monkeypatch):
    """Without fsspec (the dask extra) installed, each such input says how to install it."""
    monkeypatch.setitem(sys.modules, "fsspec", None)   # import fsspec: ImportError
    src = good(tmp_path / "in")
    code = xxgk.cli.main(["convert", "ftp://127.0.0.1/x", str(src), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err.splitlines()
    assert code == 2 and (tmp_path / "out" / "good.txt.json").exists()
    assert 'xxgk: ftp://127.0.0.1/x: fsspec URLs need the dask extra: pip install "xxgk[dask]"' in err
    code = xxgk.cli.main(["validate", str(src), "s3://bucket/x.pdf", "memory://x.txt"])
    captured = capsys.readouterr()
    assert code == 2 and f"{src}: info TEMPLATE" in captured.out
    assert sorted(line for line in captured.err.splitlines() if "://" in line) == [
        'xxgk: memory://x.txt: fsspec URLs need the dask extra: pip install "xxgk[dask]"',
        'xxgk: s3://bucket/x.pdf: fsspec URLs need the dask extra: pip install "xxgk[dask]"']


def test_nothing_printed_commands_the_terminal(tmp_path):
    """ESC, BEL and a direction mark in a report's organ and in a file's name: every line printed is
    escaped ("\\x1b"), while JSON keeps the text exact."""
    folder = tmp_path / "in"
    folder.mkdir()
    organ = "甲县\x1b[2J\x1b]0;title\x07人民政府办公室\u202e"
    (folder / "r.txt").write_text(report(0).replace("甲县人民政府办公室", organ, 1), encoding="utf-8")
    (folder / "\x1b[31mred.pdf").write_bytes(b"%PDF-1.4 broken")
    run = run_xxgk(["validate", str(folder)], tmp_path)
    printed = run.out + run.err
    assert run.code == 2 and "\\x1b[2J\\x1b]0;title\\x07人民政府办公室\\u202e reports 规章" in run.out
    assert "xxgk: " + str(folder) + "/\\x1b[31mred.pdf: corrupt PDF" in run.err
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]", printed)
    run = run_xxgk(["validate", "--format", "json", str(folder / "r.txt")], tmp_path)
    assert organ in json.loads(run.out)["findings"][0]["message"]
    assert "\x1b" not in run.out and "\u202e" not in run.out


def test_control_characters_are_left_out_of_docx_and_noted(tmp_path):
    src = tmp_path / "in" / "r.txt"
    src.parent.mkdir()
    text = report(0).replace("一、总体情况", "一、总体情况\n本机关\x01全年\x1f主动公开信息。", 1)
    src.write_text(text, encoding="utf-8")
    (result,) = xxgk.convert_many(str(src), tmp_path / "out", "json,html,docx").results
    assert result.status == "converted" and result.rules.get("XML-CHARS") == 1
    with zipfile.ZipFile(tmp_path / "out" / "r.txt.docx") as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert "本机关全年主动公开信息。" in body


def test_control_characters_are_left_out_of_the_docx_properties_and_noted(tmp_path):
    """U+0001, ESC or U+FFFE in the title (and so the organ) made python-docx refuse the title
    property, an internal error; U+FFFE in the organ failed the whole batch's workbook."""
    from openpyxl import load_workbook

    src = tmp_path / "in" / "r.txt"
    src.parent.mkdir()
    src.write_text(report(0).replace("甲县人民政府办公室", "甲县\x1b人民政府\x01办公室\ufffe", 1), encoding="utf-8")
    (result,) = xxgk.convert_many(str(src), tmp_path / "out", "json,docx,xlsx").results
    assert result.status == "converted" and result.rules.get("XML-CHARS") == 1
    (finding,) = [f for f in xxgk.validate(xxgk.read(src)) if f.rule == "XML-CHARS"]
    assert finding.message.startswith("the text holds characters XML cannot hold (U+0001, U+001B, U+FFFE)")
    with zipfile.ZipFile(tmp_path / "out" / "r.txt.docx") as package:
        core, app = package.read("docProps/core.xml").decode(), package.read("docProps/app.xml").decode()
    assert "<dc:title>甲县人民政府办公室2024年政府信息公开工作年度报告</dc:title>" in core
    assert "<dc:creator>甲县人民政府办公室</dc:creator>" in core and "<Company>甲县人民政府办公室</Company>" in app
    sheet = load_workbook(tmp_path / "out" / "reports.xlsx")["reports"]
    assert "甲县人民政府办公室" in [cell.value for cell in sheet[3]]


def test_a_failed_input_leaves_no_partial_outputs(tmp_path, monkeypatch):
    """The JSON and HTML written before the DOCX writer failed go with the failure, also when an
    earlier conversion of the same source had written them."""
    src = good(tmp_path / "in")
    assert xxgk.convert_many(str(src), tmp_path / "out", "json,html").results[0].status == "converted"
    src.write_text(report(1), encoding="utf-8")
    from xxgk.plugins import docx_document

    def broken(*args, **kwargs):
        raise ValueError("the writer broke")

    monkeypatch.setattr(docx_document, "write", broken)
    (result,) = xxgk.convert_many(str(src), tmp_path / "out", "json,html,docx").results
    assert result.status == "failed" and "the writer broke" in result.error
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".xxgk"]


def test_a_newline_in_a_file_name_forges_no_line(tmp_path):
    forged = "a\nxxgk: 1 input(s): 1 converted (0 up to date, skipped), 0 failed.pdf"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / forged).write_bytes(b"%PDF-1.4 broken")
    good(tmp_path / "in")
    run = run_xxgk(["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out")], tmp_path)
    assert run.code == 2
    assert "a\\nxxgk: 1 input(s)" in run.err
    assert [line for line in run.lines if line.startswith("xxgk: 1 input")] == []
    assert [line for line in run.lines if re.match(r"xxgk: \d+ input", line)] == [
        "xxgk: 2 input(s): 1 converted (0 up to date, skipped), 1 failed"]


# ---- what leaves the machine ------------------------------------------------------------------------------

class Site(BaseHTTPRequestHandler):
    """A local server: `pages` maps a path to (status, headers, body); /drip answers a byte every
    DRIP seconds, for as long as the client listens. Requests are recorded in `seen`."""

    pages: dict[str, tuple[int, dict[str, str], bytes]] = {}
    seen: list[tuple[str, dict[str, str]]] = []
    DRIP = 0.3

    def do_GET(self):
        self.seen.append((self.path, dict(self.headers)))
        if self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(1 << 30))
            self.end_headers()
            while True:
                try:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(self.DRIP)
        status, headers, body = self.pages.get(self.path, (404, {}, b""))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", Site.pages, Site.seen
    server.shutdown()
    Site.pages.clear()
    Site.seen.clear()


def test_a_dripping_server_meets_the_whole_request_deadline(site, monkeypatch):
    """A server that sends the headers, then a byte of the body every 0.3 s for ever (each within the
    30 s a wait may take): the body was read past the deadline, for as long as the server went on
    (urllib lets go of a connection's socket once the headers are read, and the deadline shut down
    only the sockets connections held)."""
    base, _, _ = site
    monkeypatch.setattr(fetch, "DEADLINE", 1.0)
    met: list[BaseException] = []

    def fetching():
        try:
            xxgk.read(f"{base}/drip")
        except ReadError as exc:
            met.append(exc)

    thread = threading.Thread(target=fetching, daemon=True)
    thread.start()
    thread.join(60)   # a bound no ending fetch comes near, not a measure of speed
    assert not thread.is_alive(), "the dripping body was read past the deadline"
    assert [str(exc) for exc in met] == ["cannot fetch: no whole answer within 1 s"]


def test_credentials_go_as_basic_auth_and_are_never_shown(site, tmp_path, capsys):
    base, pages, seen = site
    pages["/r.html"] = (200, {"Content-Type": "text/html; charset=utf-8"}, page(consistent_values(3, 9)).encode())
    url = base.replace("http://", "http://user:pa%40ss@") + "/r.html"
    code = xxgk.cli.main(["convert", url, url.replace("r.html", "gone.html"), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and ": HTTP 404" in err
    (path, headers), _ = seen
    assert path == "/r.html" and headers["Host"] == base.removeprefix("http://")
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"user:pa@ss").decode()
    written = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert "pa%40ss" not in err and "pa%40ss" not in written and "user:***@" in written


def test_urls_shown_alike_keep_their_own_records_rows_and_errors(site, tmp_path, capsys):
    """http://a:pw-alpha@H/… and http://a:pw-beta@H/… are both shown http://a:***@H/…: they were
    one record (one row of the dataset), and their errors one line twice. Each is tagged by a key
    kept in OUT, the same from run to run (a second run leaves four rows), and neither password
    is shown."""
    from xxgk.batch import tags

    base, pages, _ = site
    pages["/r.html"] = (200, {"Content-Type": "text/html; charset=utf-8"}, page(consistent_values(3, 9)).encode())
    urls = [base.replace("http://", f"http://a:{password}@") + path
            for password in ("pw-alpha", "pw-beta") for path in ("/r.html", "/gone.html")]
    out = tmp_path / "out"
    for _ in range(2):
        assert xxgk.cli.main(["convert", *urls, "-o", str(out), "--to", "json,csv"]) == 2
        err = capsys.readouterr().err
    key = bytes.fromhex((out / ".xxgk" / "key").read_text())
    tagged = sorted(f"{fetch.redacted(url)} <credentials:{tags.tag(url, key)}>" for url in urls)
    with open(out / "reports.csv", encoding="utf-8-sig", newline="") as rows:
        assert sorted(row["source"] for row in csv.DictReader(rows)) == tagged
    assert sorted(line for line in err.splitlines() if "HTTP 404" in line) == [
        f"xxgk: {source}: HTTP 404 Not Found" for source in tagged if "/gone.html" in source]
    written = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file())
    assert "pw-alpha" not in err + written and "pw-beta" not in err + written


@pytest.mark.parametrize(("userinfo", "secrets"), [("user:pa#ss", ["pa#ss", "'pa'"]), ("u:p/w", ["p/w", "'p'"]),
                                                   ("u:pa?ss", ["pa?ss", "'pa'"]), ("TOKEN1234", ["TOKEN1234"])],
                         ids=["hash", "slash", "question-mark", "token"])
def test_credentials_of_any_form_are_never_shown(site, tmp_path, capsys, userinfo, secrets):
    """A password with a raw "#", "/" or "?" (which make the URL malformed: the password's start is
    taken for a port) was shown whole in messages and records, and its start quoted in the error; a
    token given as the user alone was shown as it is."""
    base, pages, _ = site
    pages["/r.html"] = (200, {"Content-Type": "text/html; charset=utf-8"}, page(consistent_values(3, 9)).encode())
    url = base.replace("http://", f"http://{userinfo}@") + "/r.html"
    code = xxgk.cli.main(["convert", url, "-o", str(tmp_path / "out"), "--to", "json,csv"])
    err = capsys.readouterr().err
    code_validating = xxgk.cli.main(["validate", "--format", "json", url])
    validated = capsys.readouterr()
    written = [(path.relative_to(tmp_path).as_posix(), path.read_text(encoding="utf-8"))
               for path in (tmp_path / "out").rglob("*") if path.is_file()]
    shown = err + validated.out + validated.err + "".join(name + text for name, text in written)
    assert not [secret for secret in secrets if secret in shown], shown
    masked = "***@" if userinfo.startswith("TOKEN") else f"{userinfo.split(':')[0]}:***@"
    if userinfo.startswith("TOKEN"):   # well formed: fetched, its token sent as Basic auth
        assert code == 0 and code_validating in (0, 1)
        assert masked + base.removeprefix("http://") in next(text for name, text in written if name.endswith(".csv"))
    else:
        assert code == 2 and code_validating == 2
        shown = re.escape(f"xxgk: http://{masked}{base.removeprefix('http://')}/r.html")
        assert re.search(f"^{shown} <credentials:[0-9a-f]{{12}}>: malformed URL: ", err, re.M)


def test_redirects_go_to_http_only_and_loops_are_one_line(site):
    base, pages, _ = site
    listener = socket.create_server(("127.0.0.1", 0))   # where the ftp: redirect points: nobody may call
    listener.settimeout(0.5)
    pages["/ftp"] = (302, {"Location": f"ftp://127.0.0.1:{listener.getsockname()[1]}/r.html"}, b"")
    pages["/loop"] = (302, {"Location": "/loop"}, b"")
    with pytest.raises(ReadError, match="redirect to ftp: refused"):
        xxgk.read(f"{base}/ftp")
    with pytest.raises(socket.timeout):
        listener.accept()
    listener.close()
    with pytest.raises(ReadError) as loop:
        xxgk.read(f"{base}/loop")
    assert "\n" not in str(loop.value) and "infinite loop" in str(loop.value)
    host, port = base.split("//")[1].split(":")
    pages["/secret"] = (302, {"Location": f"http://evil:pw2@{host}:{port}/r.html"}, b"")
    pages["/broken"] = (302, {"Location": "http://[::1"}, b"")
    with pytest.raises(ReadError, match="redirect to a URL with credentials: refused") as secret:
        xxgk.read(f"{base}/secret")
    assert "pw2" not in str(secret.value)
    with pytest.raises(ReadError, match="redirect to a malformed URL: refused"):
        xxgk.read(f"{base}/broken")
    for host_name in ("a..b", "x" * 70 + ".example"):
        with pytest.raises(ReadError, match="malformed URL: host name"):
            xxgk.read(f"http://{host_name}/r.html")


@needs_ocr
def test_pictures_are_read_from_the_page_folder_only(tmp_path, monkeypatch):
    """A saved page's <img src> naming an absolute path, a way out (..), a huge file or a broken
    picture: none is read; each is noted (SKIPPED) and the page is still read."""
    outside = tmp_path / "secret.png"
    outside.write_bytes(hostile.png(10, 10))
    folder = tmp_path / "page"
    (folder / "files").mkdir(parents=True)
    with open(folder / "files" / "huge.png", "wb") as huge:
        huge.truncate(3 * GIB)                                                   # sparse: takes no disk
    (folder / "files" / "broken.png").write_bytes(hostile.png(10, 10)[:60])
    images = "".join(f'<img src="{src}">' for src in (outside, "../secret.png", "files/huge.png", "files/broken.png"))
    html = page(consistent_values(1, 9), tables=False, prose={2: images})
    (folder / "r.html").write_text(html, encoding="utf-8")
    opened = []
    load = api.load_source
    monkeypatch.setattr(api, "load_source", lambda path, *a: opened.append(Path(path)) or load(path, *a))
    report_ = xxgk.read(folder / "r.html")
    assert all(path.is_relative_to(folder) for path in opened)
    skipped = report_.meta.skipped
    assert f"picture {str(outside)!r}: outside the page's folder, not read" in skipped
    assert "picture '../secret.png': outside the page's folder, not read" in skipped
    assert any(s.startswith("picture 'files/huge.png': 3072 MiB: over the limit of 20 MiB") for s in skipped)
    assert "picture 'files/broken.png': not a readable image" in skipped
    assert sum(f.rule == "SKIPPED" for f in xxgk.validate(report_)) == 4


def test_pictures_no_file_can_be_named_after_are_skipped(tmp_path, monkeypatch):
    """An <img src> with a NUL byte, a name too long for the file system or a link that leads to
    itself raised out of the reader: the whole page failed."""
    monkeypatch.setattr(ocr_engine, "available", lambda: True)   # no picture here is read by OCR
    (tmp_path / "loop.png").symlink_to(tmp_path / "loop.png")
    long_name = "x" * 5000 + ".png"
    images = "".join(f'<img src="{src}">' for src in ("a%00.png", long_name, "loop.png"))
    (tmp_path / "r.html").write_text(page(consistent_values(1, 9), tables=False, prose={2: images}), encoding="utf-8")
    report_ = xxgk.read(tmp_path / "r.html")
    assert report_.meta.skipped == ["picture 'a%00.png': not a file name (embedded null byte), not read",
                                    f"picture '{'x' * 100}…': cannot be opened (File name too long), not read",
                                    "picture 'loop.png': a loop of symbolic links, not read"]
    assert sum(f.rule == "SKIPPED" for f in xxgk.validate(report_)) == 3


# ---- decoding ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1252", "euc-jp", "shift_jis", "cp932", "euc-kr"])
def test_a_declaration_of_another_script_on_a_gbk_page_loses(declared):
    """A Latin declaration reads GBK as mojibake; most GBK pairs are EUC-JP's too, so the page
    decoded cleanly into kanji and held no report. The decode holding more of the format's words
    wins (Shift JIS and EUC-KR too, where they decode)."""
    values = consistent_values(5, 9)
    data = page(values, charset=declared).encode("gbk")
    for source in (Source(data, "r.html"), Source(data.replace(declared.encode(), b""), "r.html", "text/html",
                                                  declared)):
        report_ = xxgk.read_source(source)
        assert report_.meta.organ == "某某区人民政府办公室"
        assert report_.value("t3.new_received.total") == values["t3.new_received.total"]


@pytest.mark.parametrize(("name", "label"), [("r.html", "meta x-user-defined"), ("r.html", "UTF-8 BOM"),
                                             ("r.html", "XML declaration"), ("r.txt", "UTF-8 BOM"),
                                             ("r.txt", "XML declaration")])
def test_gbk_behind_a_lying_label_is_read_as_gb18030(name, label):
    """What chardet reads too (a meta charset, an XML declaration) loses as a declaration does, and
    a BOM the bytes behind it do not follow is passed over (it raised UnicodeDecodeError)."""
    values = consistent_values(6, 9)
    text = page(values, charset="x-user-defined") if label.startswith("meta") else page(values)
    if name == "r.txt":
        text = report(0).replace("甲县", "某某区", 1)
    data = text.replace("; charset=utf-8", "").encode("gbk")
    if label == "UTF-8 BOM":
        data = codecs.BOM_UTF8 + data
    elif label == "XML declaration":
        data = b'<?xml version="1.0" encoding="iso-8859-1"?>\n' + data
    report_ = xxgk.read_source(Source(data, name))
    assert report_.meta.organ == "某某区人民政府办公室"
    if name == "r.html":
        assert report_.value("t3.new_received.total") == values["t3.new_received.total"]




@pytest.mark.parametrize("codec", ["utf-8", "gb18030"])
@pytest.mark.parametrize("damage", ["stray byte", "cut at the end"])
def test_text_with_a_damaged_byte_is_read_in_its_encoding(codec, damage):
    """UTF-8 with one stray byte was read as Greek (chardet's cp737), no report found; cut inside
    its last character (a truncated download), "unknown text encoding". Read in its codec with
    U+FFFD in the damaged place, the damage said."""
    text = report(0) + "。"
    data = text.encode(codec)
    at = len(text[:100].encode(codec))
    if damage == "stray byte":
        data, bad = data[:at] + b"\xff" + data[at:], "ff"
    else:
        last = "。".encode(codec)
        at, bad = len(data) - len(last), last[:-1].hex(" ")
        data = data[:-1]
    report_ = xxgk.read_source(Source(data, "r.txt"))
    assert report_.meta.organ == "甲县人民政府办公室" and report_.value("t3.new_received.total") is not None
    assert report_.meta.skipped == [f"1 byte sequence not {codec.upper()} (at byte {at:,}: {bad}), read as U+FFFD"]


def test_a_latin_page_keeps_its_declaration():
    data = "<html><head><meta charset='iso-8859-1'></head><body><p>Café</p></body></html>".encode("latin-1")
    assert xxgk.decoding.decode(data, "iso-8859-1")[0].endswith("<p>Café</p></body></html>")


def test_a_page_saved_as_xhtml_is_read_without_a_library_warning(tmp_path):
    """An XML declaration before the page (XHTML): the page is read, and BeautifulSoup's many-line
    warning about it is not printed."""
    path = tmp_path / "r.html"
    html = page(consistent_values(2, 9))
    path.write_bytes(b'<?xml version="1.0" encoding="utf-8"?>\n' + html.encode("utf-8"))
    run = subprocess.run([sys.executable, "-m", "xxgk", "validate", str(path)], capture_output=True, text=True,
                         timeout=300)   # a child process: Python's warnings reach stderr as a user's would
    assert run.returncode in (0, 1) and f"{path}: info TEMPLATE" in run.stdout
    assert "Warning" not in run.stderr and run.stderr.count("\n") <= 1
