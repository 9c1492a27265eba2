"""The native PDF backend (pdf_native, pdfium) against pdfminer's: the same page objects and the
same report from every PDF the project has, and pdfminer reading what pdfium is not to read."""
from __future__ import annotations

import io
import json
import os
import struct
from pathlib import Path

import pdfplumber
import pytest

import xxgk
from xxgk.plugins import pdf_fonts, pdf_native, pdf_objects, pdf_streams
from xxgk.plugins.pdf_pages import lean_pages
from xxgk.registry import Source

import hostile
from conftest import SAMPLES

PDFS = Path(__file__).resolve().parent / "data" / "pdf"
# every PDF with a text layer (the scanned and encrypted ones are read alike by tests/test_pdf.py)
TEXT_PDFS = sorted([*SAMPLES.glob("*.pdf"), *(p for p in PDFS.glob("*.pdf") if p.stem not in ("scanned", "encrypted"))])
FIGURES = ("x0", "x1", "top", "bottom", "doctop", "y0", "y1", "width", "height")


def page_objects(data: bytes, native: bool) -> list[tuple[dict[str, list[dict]], bool]]:
    """Each page's objects (LeanPage) and whether pdfium read them."""
    out = []
    with pdf_streams.bounded(), pdf_objects.counted(), pdf_fonts.bounded():
        pdf = pdfplumber.open(io.BytesIO(data))
        document = pdf_native.NativeDocument(data, pdf.doc) if native else None
        for page in lean_pages(pdf, 200, document):
            out.append((page.objects, page.by_pdfium))
        if document:
            document.close()
    return out


def converted(data: bytes, backend: str, monkeypatch) -> tuple[bytes, list[str]]:
    """The report's JSON and its findings, the PDF's pages read by `backend`."""
    monkeypatch.setenv(pdf_native.BACKEND, backend)
    report = xxgk.read_source(Source(data, "report.pdf"))
    out = io.BytesIO()
    xxgk.write(report, "json", out)
    return out.getvalue(), sorted(map(repr, xxgk.validate(report)))


@pytest.mark.parametrize("path", TEXT_PDFS, ids=lambda p: p.name)
def test_every_pdf_gives_the_same_report_through_both_backends(path, monkeypatch):
    data = path.read_bytes()
    native = converted(data, "native", monkeypatch)
    assert native == converted(data, "pdfminer", monkeypatch)
    assert json.loads(native[0])["tables"]   # tables were read, not two empty reports


@pytest.mark.parametrize("path", TEXT_PDFS, ids=lambda p: p.name)
def test_pdfium_gives_pdfminers_objects(path, cjk_font):
    """Characters (text, size, upright, box), lines, rectangles and curves, in drawing order: the
    same texts and kinds, the figures within 0.001 pt (pdfium keeps them in single precision).
    Read by pdfium on a machine with a Chinese font: the generated PDFs do not embed theirs
    (STSong-Light), and without one pdfminer reads their pages (`test_a_machine_without_…`)."""
    data = path.read_bytes()
    mined, native = page_objects(data, False), page_objects(data, True)
    assert [by_pdfium for _, by_pdfium in native] == [True] * len(mined)
    for (ours, _), (theirs, _) in zip(native, mined):
        assert {kind: len(v) for kind, v in ours.items()} == {kind: len(v) for kind, v in theirs.items()}
        for kind in theirs:
            for a, b in zip(ours[kind], theirs[kind]):
                assert a.keys() == b.keys()
                figures = [k for k in (*FIGURES, "size") if k in b]
                assert {k: a[k] for k in a if k not in (*figures, "matrix", "fontname", "pts")} == \
                       {k: b[k] for k in b if k not in (*figures, "matrix", "fontname", "pts")}
                assert max(abs(a[k] - b[k]) for k in figures) < 0.001


def test_vertical_labels_and_sideways_tables_have_pdfminers_boxes():
    """ruled.pdf's 三、本年度办理结果 stands one character per line; sideways-90.pdf prints table 3 turned
    a quarter: the characters' sizes and turns as pdfminer gives them."""
    for name in ("ruled.pdf", "sideways-90.pdf", "sideways-270.pdf"):
        data = (PDFS / name).read_bytes()
        native = [c for objects, _ in page_objects(data, True) for c in objects["char"]]
        mined = [c for objects, _ in page_objects(data, False) for c in objects["char"]]
        assert [(c["text"], c["upright"], round(c["size"], 3)) for c in native] == \
               [(c["text"], c["upright"], round(c["size"], 3)) for c in mined]
        assert any(not c["upright"] for c in native) == name.startswith("sideways")


def test_a_page_over_the_content_limit_is_read_by_pdfminer(monkeypatch):
    data = (PDFS / "ruled.pdf").read_bytes()
    monkeypatch.setattr(pdf_native, "MAX_CONTENT_BYTES", 100)
    native = page_objects(data, True)
    assert [by_pdfium for _, by_pdfium in native] == [False] * len(native)
    assert [objects for objects, _ in native] == [objects for objects, _ in page_objects(data, False)]


def test_a_pdf_whose_streams_lack_endstream_is_read_by_pdfminer():
    """pdfium rebuilds its table by searching for each stream's end: 30,000 of them took 144 s."""
    junk = b"".join(b"%d 0 obj << /Filter /FlateDecode >> stream\nx\n" % (100 + i) for i in range(300))
    data = hostile.unread_stream_pdf("metadata", hostile.deflated_zeros(1000)) + junk
    assert [by_pdfium for _, by_pdfium in page_objects(data, True)] == [False]
    whole = hostile.unread_stream_pdf("metadata", hostile.deflated_zeros(1000))
    assert [by_pdfium for _, by_pdfium in page_objects(whole, True)] == [True]


def test_a_pdf_with_an_oversized_stream_is_never_opened_by_pdfium(monkeypatch):
    opened = []
    monkeypatch.setattr("xxgk.plugins.pdfium_library.load", lambda *args: opened.append(args))
    data = hostile.unread_stream_pdf("font", hostile.deflated_zeros(pdf_streams.MAX_STREAM_BYTES + 1))
    assert [by_pdfium for _, by_pdfium in page_objects(data, True)] == [False]
    assert opened == []


def test_a_rectangle_closed_by_h_and_a_line_are_read_as_pdfminer_reads_them():
    """`re`, `m l l l h`, `m l l l l` back to the start, a lone `m l`, a Bézier curve, and a path
    that is only clipped (`W n`: not drawn)."""
    content = (b"10 10 100 50 re S 200 200 m 300 200 l 300 250 l 200 250 l h S 20 300 m 120 300 l 120 350 l "
               b"20 350 l 20 300 l S 50 500 m 400 500 l S 50 600 m 100 700 150 700 200 600 c S 0 0 50 50 re W n")
    data = hostile.one_page_pdf(hostile.stream(b"", content))
    (native, by_pdfium), = page_objects(data, True)
    (mined, _), = page_objects(data, False)
    assert by_pdfium
    assert {kind: len(items) for kind, items in native.items()} == {"char": 0, "rect": 3, "line": 1, "curve": 1}
    for kind in ("rect", "line", "curve"):
        assert [[round(item[k], 3) for k in FIGURES] for item in native[kind]] == \
               [[round(item[k], 3) for k in FIGURES] for item in mined[kind]]
    assert native["curve"][0]["pts"] == mined["curve"][0]["pts"]


def test_a_page_with_characters_without_unicode_is_read_by_pdfminer():
    """A font whose ToUnicode map pdfium refuses (four billion codes): pdfium gives each code as its
    character, unmapped; pdfminer reads the map within its limits (pdf_fonts), as before."""
    font_program = hostile.truetype(struct.pack(">HHIII", 12, 0, 28, 0, 1) + struct.pack(">III", 0, 0xFFFFFFFF, 0))
    data = hostile.fonts_pdf(b"1 beginbfrange <00000000> <FFFFFFFF> <0000> endbfrange", b"[0 4294967295 500]",
                             font_program)
    (native, by_pdfium), = page_objects(data, True)
    assert not by_pdfium
    assert "".join(c["text"] for c in native["char"]) == "中文" * 12 + "(cid:1)"


# Reads the PDF at argv[2] with pdfium's font folders an empty one (argv[1]): pdfium finds none of the
# machine's fonts, as on a server without Chinese fonts; prints the report's organ, title and cells.
WITHOUT_FONTS = """
import ctypes, json, sys
from xxgk.plugins import pdfium_library
folders = (ctypes.c_char_p * 2)(sys.argv[1].encode(), None)
made = pdfium_library._Config.__init__
def made_without_fonts(config, version, paths, isolate, slot):
    made(config, version, ctypes.cast(folders, ctypes.c_void_p), isolate, slot)
pdfium_library._Config.__init__ = made_without_fonts
import xxgk
report = xxgk.read(sys.argv[2])
print(json.dumps({"organ": report.meta.organ, "title": report.meta.title, "cells": report.cells()}, default=str))
"""


def read_without_fonts(path: Path, folder: Path) -> dict:
    """The organ, title and cells of the PDF at `path` read in a process whose pdfium has no fonts
    (`WITHOUT_FONTS`; `folder`: an empty folder of its own)."""
    import subprocess
    import sys

    folder.mkdir()
    done = subprocess.run([sys.executable, "-c", WITHOUT_FONTS, str(folder), str(path)], capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("seed, style", [(10, {}), (26, {"rule": 0}), (9, {"size": 7})])
def test_a_machine_without_chinese_fonts_reads_pdfs_that_do_not_embed_theirs(tmp_path, seed, style):
    """A PDF whose Chinese font is not embedded (STSong-Light), read where pdfium has no font to draw
    it with: pdfium gives a one-character text object no box and leaves it out (a title's last
    character wrapped to a line of its own, 清源市住房和城乡建设局…年度报 / 告, lost the title and the
    organ). Such a page is read by pdfminer, from the PDF's own widths: the organ, title and every
    cell as written."""
    from scangen import CID_FONT, ORGANS, Style, build_report, realistic_values, render_reportlab, same_value

    fmt, organ, year = ("2021", "2019", "hybrid")[seed % 3], ORGANS[seed % len(ORGANS)], 2023
    values = realistic_values(seed, fmt, "t2+t4", city="市" in organ)
    report = build_report(values, fmt, organ, year, {1: "本年度各项工作有序开展。"})
    path = tmp_path / "report.pdf"
    path.write_bytes(render_reportlab(report, Style(font=CID_FONT, **style)))
    read = read_without_fonts(path, tmp_path / "fonts")
    assert (read["organ"], read["title"]) == (organ, f"{organ}{year}年政府信息公开工作年度报告")
    assert [k for k, v in values.items() if not same_value(read["cells"].get(k), v)] == []


@pytest.mark.parametrize("name", ["ruled", "sideways-90", "sideways-270-unruled"])
def test_labels_written_a_character_a_line_without_chinese_fonts(tmp_path, monkeypatch, name):
    """三、本年度办理结果 written a character a line, table 3 turned a quarter: read on a machine
    without Chinese fonts as pdfminer reads them."""
    read = read_without_fonts(PDFS / f"{name}.pdf", tmp_path / "fonts")
    monkeypatch.setenv(pdf_native.BACKEND, "pdfminer")
    mined = json.loads(json.dumps((report := xxgk.read(PDFS / f"{name}.pdf")).cells(), default=str))
    assert read == {"organ": report.meta.organ, "title": report.meta.title, "cells": mined}


@pytest.mark.parametrize("turn", [90, 180, 270, "shifted"])
def test_rotated_pages_and_shifted_media_boxes_have_pdfminers_objects(turn, cjk_font):
    """ruled.pdf with /Rotate on every page, or its media box's origin moved to (-20, -30): pdfium
    gives its coordinates unturned, and they are turned and moved as pdfminer's interpreter does
    (read by pdfium with a Chinese font on the machine, as the test above)."""
    import pypdf

    writer = pypdf.PdfWriter()
    for page in pypdf.PdfReader(PDFS / "ruled.pdf").pages:
        if turn == "shifted":
            page.mediabox.lower_left = (-20, -30)
        else:
            page.rotate(turn)
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    native, mined = page_objects(out.getvalue(), True), page_objects(out.getvalue(), False)
    assert [by_pdfium for _, by_pdfium in native] == [True] * 4
    for (ours, _), (theirs, _) in zip(native, mined):
        for kind in theirs:
            assert [[round(item[k], 3) for k in FIGURES] for item in ours[kind]] == \
                   [[round(item[k], 3) for k in FIGURES] for item in theirs[kind]]
            assert [item.get("text") for item in ours[kind]] == [item.get("text") for item in theirs[kind]]


def test_pdfiums_functions_are_bound_as_pypdfium2_binds_them():
    """The prototypes of pdfium_library against pypdfium2's bindings (generated from pdfium's
    headers): the same results and arguments, a handle (a pointer to one of pdfium's opaque
    structures) as an integer, a structure by its fields, a char buffer as c_char_p."""
    import ctypes

    import pypdfium2.raw as bindings

    from xxgk.plugins import pdfium_library

    def plain(kind):
        pointee = getattr(kind, "_type_", None)
        if getattr(pointee, "__name__", "").startswith("struct_fpdf_"):
            return ctypes.c_void_p
        if isinstance(pointee, type) and issubclass(pointee, ctypes.Structure):
            return [(name, plain(field)) for name, field in pointee._fields_]
        return ctypes.c_char_p if pointee is ctypes.c_char else kind

    for name, (result, arguments) in pdfium_library.PROTOTYPES.items():
        bound = getattr(bindings, name)
        assert (plain(result), [plain(a) for a in arguments]) == (plain(bound.restype),
                                                                  [plain(a) for a in bound.argtypes]), name
    assert (pdfium_library.TEXT, pdfium_library.PATH, pdfium_library.FORM) == (
        bindings.FPDF_PAGEOBJ_TEXT, bindings.FPDF_PAGEOBJ_PATH, bindings.FPDF_PAGEOBJ_FORM)
    assert (pdfium_library.LINETO, pdfium_library.BEZIERTO, pdfium_library.MOVETO) == (
        bindings.FPDF_SEGMENT_LINETO, bindings.FPDF_SEGMENT_BEZIERTO, bindings.FPDF_SEGMENT_MOVETO)


def test_a_pdf_pdfium_cannot_open_is_none():
    from xxgk.plugins import pdfium_library

    assert pdfium_library.load(b"%PDF-1.4\nnot a PDF") is None


def test_reading_natively_leaves_pypdfium2s_bindings_unimported():
    """pypdfium2's bindings of all of pdfium and its helpers take about 2.3 MiB of resident memory:
    the native backend binds the few functions it calls (pdfium_library), in a process of its own."""
    import subprocess
    import sys

    code = ("import sys, xxgk; from xxgk.registry import Source; "
            f"xxgk.read_source(Source(open({str(SAMPLES / 'hongze-2023.pdf')!r}, 'rb').read(), 'r.pdf')); "
            "names = ('pypdfium2', 'pypdfium2_raw', 'xxgk.plugins.pdfium_library'); "
            "print(sorted(m for m in names if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, pdf_native.BACKEND: "native"}).stdout
    assert out.split("\n")[-2] == "['xxgk.plugins.pdfium_library']"


def test_a_single_precision_number_is_read_as_its_decimal():
    """`_decimal` against its definition with round(single, 4): ties at the fifth place (m/32),
    4-place decimals, signed zeros, numbers past 1024 and random single-precision bit patterns."""
    import math
    import random

    single = struct.Struct("f")

    def defined(value: float) -> float:
        kept = single.unpack(single.pack(value))[0]
        if -1024 < kept < 1024 and single.unpack(single.pack(round(kept, 4)))[0] == kept:
            return round(kept, 4)
        for digits in range(6, 10):
            if single.unpack(single.pack(short := float(f"{kept:.{digits}g}")))[0] == kept:
                return short
        return kept

    draw = random.Random(25)
    patterns = (single.unpack(struct.pack("<I", draw.getrandbits(32)))[0] for _ in range(20_000))
    values = [0.0, -0.0, 1e-9, -1e-9, 1023.9999, 1024.5, -2048.25, *(m / 32 for m in range(-4001, 4001, 2)),
              *(m / 10_000 for m in range(-10_239_999, 10_240_000, 10_007)), 123.95, 0.1,
              *(v for v in patterns if math.isfinite(v) and abs(v) < 1e38)]
    for value in values:
        got, want = pdf_native._decimal(value), defined(value)
        assert (got, math.copysign(1, got)) == (want, math.copysign(1, want)), value
    assert pdf_native._decimal(123.94999694824219) == 123.95
