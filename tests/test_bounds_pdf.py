"""Bounded on any PDF: what a few bytes of a PDF make pdfminer and pdfplumber expand, parse or
compare is counted before the work (issue: memory, time and what leaves the machine).

Each input is made here in a few lines (`hostile`). Assertions count entries, tokens and pixels,
never the clock; each read runs inside a time limit of processor time, so that code without the
bound fails rather than hangs. docs/robustness.md names these tests.
"""
from __future__ import annotations

import base64
import binascii
import codecs
import io
import struct
import zlib

import pytest
from pdfminer.psparser import LIT

from xxgk import limits
from xxgk.document import Table
from xxgk.errors import ReadError
from xxgk.plugins import ocr_engine, pdf_fonts, pdf_images, pdf_layout, pdf_objects, pdf_reader, pdf_streams
from xxgk.registry import Source

import hostile

pytestmark = pytest.mark.usefixtures("pdf_backend")   # every test through both backends

LIMIT = 8   # seconds of processor time for one read here: far more than a bounded read takes
needs_ocr = pytest.mark.skipif(not ocr_engine.available(), reason="needs the OCR extra")


def read_pdf(data: bytes):
    """The PDF reader's Document for `data`, read within LIMIT."""
    with limits.time_limit(LIMIT):
        return pdf_reader.read(Source(data, "hostile.pdf"))


# ---- fonts ------------------------------------------------------------------------------------------------

def format_12(first: int, last: int, glyph: int) -> bytes:
    """A TrueType cmap subtable of format 12 with one group: codes `first`…`last` to glyphs from `glyph`."""
    return struct.pack(">HHIII", 12, 0, 28, 0, 1) + struct.pack(">III", first, last, glyph)


def test_font_ranges_are_cut_before_they_are_expanded():
    """A ToUnicode bfrange, /W widths and a TrueType cmap group of four billion codes each, in 1 KB:
    pdfminer expanded them into dictionaries (gigabytes, hours). Each is cut at the limit and noted;
    the codes inside it read, those past it not."""
    data = hostile.fonts_pdf(b"1 beginbfrange <00000000> <FFFFFFFF> <0000> endbfrange", b"[0 4294967295 500]",
                             hostile.truetype(format_12(0, 0xFFFFFFFF, 0)))
    doc = read_pdf(data)
    assert [block.text for block in doc.blocks] == ["中文" * 12 + "(cid:1)"]   # 中 is CID 0x4E2D, inside the cut
    limits_ = f"more codes than the limits allow ({pdf_fonts.MAX_MAP_ENTRIES} a font, 2000000 a PDF)"
    assert doc.skipped == [f"a font's ToUnicode map: {limits_}, the codes past them left undecoded",
                           f"a font's widths: {limits_}, the characters past them given the default width",
                           f"an embedded TrueType font's character map: {limits_}, its characters left undecoded"]
    assert doc.blocks[0].location.bbox[2] == 50 + 24 * 6 + 12   # 中文 500/1000 of 12 pt wide; CID 1 the default


def test_font_ranges_within_the_limits_are_read_whole():
    data = hostile.fonts_pdf(b"1 beginbfrange <0000> <FFFF> <0000> endbfrange", b"[0 65535 500]",
                             hostile.truetype(format_12(0x4E2D, 0x4E2D, 1)))
    doc = read_pdf(data)
    assert [block.text for block in doc.blocks] == ["中文" * 12 + "中"] and doc.skipped == []


def test_the_fonts_of_one_pdf_share_a_budget(monkeypatch):
    monkeypatch.setattr(pdf_fonts, "MAX_PDF_ENTRIES", 100_000)
    data = hostile.fonts_pdf(b"2 beginbfrange <0000> <FFFF> <0000> <0000> <FFFF> <0000> endbfrange", b"[0 10 500]",
                             hostile.truetype(format_12(0x4E2D, 0x4E2D, 1)))
    doc = read_pdf(data)   # the second range is cut to what the first left; the other maps find none
    assert [block.text for block in doc.blocks] == ["中文" * 12 + "(cid:1)"]
    assert [note.split(":")[0] for note in doc.skipped] == ["a font's ToUnicode map", "a font's widths",
                                                           "an embedded TrueType font's character map"]
    assert doc.blocks[0].location.bbox[2] == 50 + 25 * 12   # every character the default width, 1000/1000


def test_a_time_out_inside_a_codec_says_what_it_is():
    """pdfminer decodes with 'UTF-16BE' (a Python codec): a time-out met inside it was reworded by
    Python as "decoding with 'UTF-16BE' codec failed (TimedOut: …)"."""
    message = limits.time_out_message(LIMIT, True)

    def stopped(*_args):
        raise limits.TimedOut(message)

    def search(name: str):
        return codecs.CodecInfo(stopped, stopped, name=name) if name == "xxgk_stops" else None

    codecs.register(search)
    try:
        with pytest.raises(limits.TimedOut) as raised:
            b"\x00A".decode("xxgk_stops")
    finally:
        codecs.unregister(search)
    assert str(raised.value) == message


# ---- objects ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("packed", [True, False], ids=["object stream", "file"])
def test_the_tokens_of_a_pdfs_objects_are_counted(monkeypatch, packed):
    """A page dictionary holding an array of 150,000 numbers, packed in an object stream or not:
    pdfminer keeps about 100 bytes a token (an object stream of 6 KB held 3 million)."""
    monkeypatch.setattr(pdf_objects, "MAX_OBJECT_TOKENS", 100_000)
    assert [block.text for block in read_pdf(hostile.array_page_pdf(10, packed)).blocks] == ["x" * 40]
    with pytest.raises(ReadError, match=r"^its objects parse into more than 100,000 tokens: over the limit$"):
        read_pdf(hostile.array_page_pdf(150_000, packed))


def test_a_page_count_that_refers_to_itself_is_passed_over():
    """A page tree whose /Count is an object that is a reference to itself: reading the count
    before any page is built went round for ever."""
    show = b"BT /F1 12 Tf 50 800 Td (" + b"x" * 40 + b") Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 5 0 R >>",
               hostile.PAGE % (595, 842), hostile.stream(b"", show), b"5 0 R"]
    assert [block.text for block in read_pdf(hostile.pdf(objects)).blocks] == ["x" * 40]


def test_the_entries_of_a_pdfs_cross_reference_tables_are_counted():
    """A table of 4.9 million entries (98 MB, within the input limit) peaked at 1.1 GB: pdfminer
    keeps each in a dictionary, before any object is parsed."""
    show = b"BT /F1 12 Tf 50 800 Td (" + b"x" * 40 + b") Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               hostile.PAGE % (595, 842), b"<< /Length %d >>\nstream\n%s\nendstream" % (len(show), show)]
    assert [block.text for block in read_pdf(hostile.pdf(objects, 400_000)).blocks] == ["x" * 40]
    with pytest.raises(ReadError, match=r"^its cross-reference tables hold more than 500,000 entries: over the limit$"):
        read_pdf(hostile.pdf(objects, 500_000))


# ---- images rendered for OCR --------------------------------------------------------------------------------

@needs_ocr
@pytest.mark.parametrize("where", ["smask", "annotation", "deep form", "inline"])
def test_an_image_hidden_anywhere_on_a_page_is_measured_before_it_is_rendered(where):
    """A page without text (read by OCR) making the renderer decode a 9,000 × 9,000 image (80 KB
    here, 81 MB or more decoded) as a soft mask, in an annotation, under 20 nested forms or inline:
    only the images of the page's objects down to 15 forms deep were measured."""
    with pytest.raises(ReadError, match=r"^page 1 draws an image of 81,000,000 pixels: over the limit of 60,000,000$"):
        read_pdf(hostile.hidden_image_pdf(where, 9000))


@pytest.fixture
def renders(monkeypatch) -> list[list[int]]:
    """The pages the PDF reader renders for OCR, recorded instead of rendered (OCR taken as installed)."""
    rendered: list[list[int]] = []
    monkeypatch.setattr(ocr_engine, "available", lambda: True)
    monkeypatch.setattr(pdf_reader, "_ocr", lambda _data, numbers: (rendered.append(numbers), ({}, None))[1])
    return rendered


@pytest.mark.parametrize("where", ["self", "inherited", "mutual", "annotation", "pattern"])
def test_forms_drawn_in_a_loop_are_never_rendered(where, renders):
    """A form drawing itself twice (805 bytes) made pdfium draw it 2^64 times, down to its depth
    limit (22.8 GB); so did two forms drawing each other, and a tiling pattern painting with itself.
    pdfminer passes over the loop in the page's contents and never runs annotations or patterns."""
    with pytest.raises(ReadError, match=r"^page 1 draws a form that draws itself: a loop, not rendered for OCR$"):
        read_pdf(hostile.forms_pdf(where))
    assert renders == []


def test_the_forms_a_page_draws_are_counted_before_it_is_rendered(renders):
    """An annotation drawing 14 levels of forms, each drawing the next twice: 32,767 draws in 2 KB."""
    with pytest.raises(ReadError, match=r"^page 1 draws forms more than 10,000 times: over the limit$"):
        read_pdf(hostile.forms_pdf("nested", 14))
    assert renders == []
    read_pdf(hostile.forms_pdf("nested", 12))   # 8,191 draws
    assert renders == [[1]]


def test_a_reference_to_itself_among_a_pages_forms_is_passed_over(renders):
    """An annotation's appearance that is an object referring to itself: resolving it went round
    for ever."""
    read_pdf(hostile.forms_pdf("reference loop"))
    assert renders == [[1]]


def test_an_image_size_that_refers_to_itself_is_passed_over(renders):
    """An image whose /Width is an object that is a reference to itself: measuring the image before
    the page was rendered for OCR went round for ever."""
    image = b"/Type /XObject /Subtype /Image /Width 6 0 R /Height 10 /BitsPerComponent 8 /ColorSpace /DeviceGray"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
               hostile.stream(b"", b"q 595 0 0 842 0 0 cm /Im1 Do Q"), hostile.stream(image, b"\x00" * 100), b"6 0 R"]
    read_pdf(hostile.pdf(objects))
    assert renders == [[1]]


BOMB = r"^page 1 draws an image of 144,000,000 pixels: over the limit of 60,000,000$"


@pytest.mark.parametrize("filters, data", [
    (b"/DCTDecode", hostile.jpeg_header(12_000, 12_000)),
    (b"/DCTDecode", b"\x00" * 100 + hostile.jpeg_header(12_000, 12_000)),   # pdfium finds the SOI anywhere
    (b"[/FlateDecode /DCTDecode]", zlib.compress(hostile.jpeg_header(12_000, 12_000))),
    (b"/JPXDecode", hostile.jpx_codestream(12_000, 12_000)),
    (b"/JPXDecode", hostile.jp2((12_000, 12_000), hostile.jpx_codestream(10, 10))),
    (b"/JPXDecode", hostile.jp2((10, 10), hostile.jpx_codestream(12_000, 12_000))),
], ids=["jpeg", "jpeg after other bytes", "deflated jpeg", "jpx codestream", "jp2 header", "jp2 codestream"])
def test_an_image_is_measured_by_the_header_of_its_encoded_data(filters, data, renders):
    """A 10 × 10 image whose JPEG or JPEG 2000 data declares 12,000 × 12,000 pixels: pdfium decodes
    it at its header's size (a 1.7 MB JPEG took it from 20 to 205 MiB; one of 65,000 × 65,000 fits
    in the 100 MiB input limit). Measured by its /Width and /Height, it was rendered."""
    with pytest.raises(ReadError, match=BOMB):
        read_pdf(hostile.encoded_image_pdf(data, filters))
    assert renders == []


def test_an_inline_jpeg_is_measured_by_its_header(renders):
    """An inline image (BI /F /DCT … ID) of 10 × 10 by its dictionary whose JPEG declares 12,000 ×
    12,000 pixels: measured by its /W and /H alone, it was rendered."""
    with pytest.raises(ReadError, match=BOMB):
        read_pdf(hostile.inline_image_pdf(hostile.jpeg_header(12_000, 12_000), b"/DCT"))
    assert renders == []
    read_pdf(hostile.inline_image_pdf(hostile.jpeg_header(100, 100), b"/DCT"))
    assert renders == [[1]]


@pytest.mark.parametrize("pdf", [hostile.encoded_image_pdf, hostile.inline_image_pdf], ids=["image", "inline"])
def test_a_run_of_fill_bytes_in_a_jpeg_is_read_once(pdf, renders):
    """A JPEG's marker may follow any number of fill bytes 0xFF: 8 MB of them, looked for again from
    each one, took hours (40,000 took 8.6 s). Within LIMIT (a tenth of a second is enough) the image
    is measured by its dictionary, its data having no frame header, and rendered."""
    read_pdf(pdf(b"\xff\xd8" + b"\xff" * 8_000_000, b"/DCTDecode" if pdf is hostile.encoded_image_pdf else b"/DCT"))
    assert renders == [[1]]


def test_a_jpeg_image_within_the_limit_is_rendered(renders):
    """A real 200 × 100 JPEG, drawn as a 10 × 10 image."""
    from PIL import Image

    encoded = io.BytesIO()
    Image.new("L", (200, 100), 255).save(encoded, "JPEG")
    read_pdf(hostile.encoded_image_pdf(encoded.getvalue(), b"/DCTDecode"))
    assert renders == [[1]]
    assert pdf_images._jpeg_pixels(encoded.getvalue()) == 20_000


def test_markers_before_a_jpeg_frame_are_read_up_to_a_limit(renders):
    """A JPEG whose frame header is its 1,000th marker (after APP0 and 998 restart markers) is
    measured; one whose header comes later counts as over any limit (libjpeg reads on, to any number)."""
    header = hostile.jpeg_header(200, 100)
    with_markers = [header[:2] + b"\xff\xd0" * markers + header[2:] for markers in (998, 999)]
    assert pdf_images._jpeg_pixels(with_markers[0]) == 20_000
    read_pdf(hostile.encoded_image_pdf(with_markers[0], b"/DCTDecode"))
    assert renders == [[1]]
    with pytest.raises(ReadError, match=r"^page 1 draws an image of 4,294,967,296 pixels: over the limit"):
        read_pdf(hostile.encoded_image_pdf(with_markers[1], b"/DCTDecode"))
    assert renders == [[1]]


# ---- streams decoded by the renderer --------------------------------------------------------------------------

OVER = pdf_streams.MAX_STREAM_BYTES + 1
REFUSED = "object 6's stream decodes to more than 64 MiB: over the limit (a decompression bomb?), not rendered for OCR"


@needs_ocr
@pytest.mark.parametrize("where", ["metadata", "font", "icc"])
def test_a_stream_only_the_renderer_decodes_is_measured_before_it_opens_the_pdf(where, monkeypatch):
    """A page read by OCR with a Flate bomb pdfminer never decodes, as the catalog's /Metadata (a
    bare pypdfium2.PdfDocument aborted on it), an embedded font's /FontFile2 or an ICC profile:
    1.2 GiB of zeros in 1.2 MB took 2.4–2.6 GB. OCR is refused and said why; pdfium never opens it."""
    import pypdfium2

    opened: list[object] = []
    monkeypatch.setattr(pypdfium2, "PdfDocument", lambda data, *_: opened.append(data))
    doc = read_pdf(hostile.unread_stream_pdf(where, hostile.deflated_zeros(OVER)))
    assert doc.skipped == [f"{REFUSED} on page 1"]
    assert doc.no_tables_reason == f"no text layer (scanned PDF); {REFUSED}"
    assert opened == [] and doc.blocks == []


@pytest.mark.parametrize("where", ["metadata", "font", "icc"])
def test_a_stream_within_the_limit_is_rendered(where, renders):
    doc = read_pdf(hostile.unread_stream_pdf(where, hostile.deflated_zeros(pdf_streams.MAX_STREAM_BYTES)))
    assert renders == [[1]] and doc.skipped == []


def test_streams_without_endstream_are_measured_in_linear_time(renders):
    """30,000 streams with no `endstream` after them: each ran to the end of the file, which was
    searched and copied again for each (8,000 took 1.1 s, the time growing with the square of their
    number). Within LIMIT (a tenth of it is enough), the page is rendered."""
    junk = b"".join(b"%d 0 obj << /Filter /FlateDecode >> stream\nx\n" % (100 + i) for i in range(30_000))
    read_pdf(hostile.unread_stream_pdf("metadata", hostile.deflated_zeros(1000)) + junk)
    assert renders == [[1]]


def assert_over_3_mib_together(doc, refused: bool, renders: list) -> None:
    """The PDF read (`doc`) refused for OCR because its streams decode to over 3 MiB together, or
    (not `refused`) its page rendered."""
    if refused:
        assert doc.skipped == ["the file's streams decode to more than 3 MiB together: over the limit, not rendered "
                               "for OCR on page 1"] and renders == []
    else:
        assert doc.skipped == [] and renders == [[1]]


@pytest.mark.parametrize("streams, refused", [(4, True), (3, False)])
def test_the_streams_of_a_file_are_measured_to_a_total(streams, refused, renders, monkeypatch):
    """Streams that share the rest of a file (no `endstream` between them) would each be decoded
    anew: what all of them decode to is counted (MAX_MEASURED_BYTES, here 3 MiB), and OCR refused past it."""
    monkeypatch.setattr(pdf_streams, "MAX_MEASURED_BYTES", 3 * pdf_streams.MIB)
    more = tuple(hostile.stream(b"/Filter /FlateDecode", hostile.deflated_zeros(pdf_streams.MIB))
                 for _ in range(streams - 1))
    doc = read_pdf(hostile.unread_stream_pdf("metadata", hostile.deflated_zeros(pdf_streams.MIB), more=more))
    assert_over_3_mib_together(doc, refused, renders)


@pytest.mark.parametrize("filters, data", [
    (b"[/ASCIIHexDecode /FlateDecode]", binascii.hexlify(hostile.deflated_zeros(OVER)) + b">"),
    (b"[/A85 /Fl]", base64.a85encode(hostile.deflated_zeros(OVER), wrapcol=72) + b"~>"),
    (b"/RunLengthDecode", b"\x81\x00" * (OVER // 128) + b"\x00\x00\x80"),
    (b"[/FlateDecode /RunLengthDecode]", zlib.compress(b"\x81\x00" * (OVER // 128) + b"\x00\x00\x80")),
    (b"7 0 R", hostile.deflated_zeros(OVER)),   # object 7: [/FlateDecode]
])
def test_every_filter_the_renderer_expands_is_followed(filters, data, renders):
    doc = read_pdf(hostile.unread_stream_pdf("metadata", data, filters, (b"[/FlateDecode]",)))
    assert doc.skipped == [f"{REFUSED} on page 1"] and renders == []


def test_an_image_may_decode_to_what_its_rows_need():
    """An image of 6,000 × 4,000 RGB pixels needs 72,000,000 bytes: over 64 MiB, within its size."""
    head = {"Subtype": LIT("Image"), "Width": 6000, "Height": 4000, "ColorSpace": LIT("DeviceRGB"),
            "BitsPerComponent": 8}
    assert pdf_streams._cap(head) == 72_000_000
    assert pdf_streams._cap({**head, "Width": 60_000_000}) == 60_000_000 * 3   # rows past the pixel limit not counted
    assert pdf_streams._cap({**head, "Height": 10}) == pdf_streams.MAX_STREAM_BYTES
    assert pdf_streams._cap({**head, "ColorSpace": LIT("ICCBased")}) == 96_000_000


# ---- rules ------------------------------------------------------------------------------------------------

def test_a_page_of_too_many_rules_is_read_without_them():
    """150 rules each way, 22,201 cells: pdfplumber's table finder took 10 s (200 each way, 31 s)."""
    doc = read_pdf(hostile.ruled_pdf(150))
    assert doc.skipped == ["page 1: more than 200 ruling lines, its tables read without them"]
    assert [block.text for block in doc.blocks] == ["x" * 40]


def test_a_page_within_the_rules_limit_is_read_with_them():
    doc = read_pdf(hostile.ruled_pdf(8))   # 16 rules: a table of 7 × 7 empty cells
    assert doc.skipped == [] and [len(block.rows) for block in doc.blocks if isinstance(block, Table)] == [7]


@needs_ocr
def test_a_scanned_page_of_too_many_rules_is_read_without_them():
    from xxgk.plugins import ocr_image, ocr_reader

    rules = [ocr_image.Segment(20.0, y, 3020.0, y, 1.0) for y in range(20, 3020, 20)]
    rules += [ocr_image.Segment(x, 20.0, x, 3020.0, 1.0) for x in range(20, 3020, 20)]
    with pdf_layout.noting() as noted:
        assert ocr_reader._grids(rules, 3.0, 4) == []
        assert len(ocr_reader._grids(rules[:10] + rules[150:160], 3.0, 5)) == 1
    assert noted == ["page 4: more than 200 ruling lines, its tables read without them"]


def test_object_headers_are_found_as_the_expression_finds_them():
    """pdf_streams.object_headers reads the numbers back from each `obj`: the same headers as the
    expression it replaces, on every arrangement of digits, white space and keywords up to a size."""
    import random
    import re

    expression = re.compile(rb"(?<![0-9])([0-9]+)\s+([0-9]+)\s+obj(?![^\s/\[\]()<>{}%])")
    pieces = [b"0", b"1", b"97", b" ", b"\n", b"\t", b"\x0c", b"\r\n", b"obj", b"o", b"bj", b"end", b"%", b"/", b"<",
              b"x", b"stream"]
    rng = random.Random(25)
    for _ in range(20_000):
        data = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 24)))
        assert list(pdf_streams.object_headers(data)) == [(m.end(), m[1], m[2]) for m in expression.finditer(data)]
    assert list(pdf_streams.object_headers(b"12 0 obj<<>>endobj 1 2 3 obj 4 5 objx")) == [(8, b"12", b"0"),
                                                                                         (28, b"2", b"3")]


def test_flate_data_inflates_to_at_most_flate_most_bytes_a_byte():
    """Zeros at level 9, Flate's greatest expansion in practice, come within FLATE_MOST a byte."""
    for size in (1, 1000, pdf_streams.MIB, 8 * pdf_streams.MIB):
        data = hostile.deflated_zeros(size)
        assert len(zlib.decompress(data)) == size <= pdf_streams.FLATE_MOST * len(data)
    assert 8 * pdf_streams.MIB > 1000 * len(hostile.deflated_zeros(8 * pdf_streams.MIB))


@pytest.mark.parametrize("zeros, refused", [(2, False), (3, True)])
def test_streams_counted_at_their_most_are_decoded_when_that_is_over_the_total(zeros, refused, renders,
                                                                               monkeypatch):
    """2,000 random bytes (counted at ~2 MB, their most) and `zeros` MiB of zeros against a total of
    3 MiB: the zeros are over what the first leaves when counted at its most, so both are decoded
    and counted at what they are: within the total with 2 MiB, over it with 3."""
    import random

    monkeypatch.setattr(pdf_streams, "MAX_MEASURED_BYTES", 3 * pdf_streams.MIB)
    noise = zlib.compress(random.Random(25).randbytes(2000))
    more = (hostile.stream(b"/Filter /FlateDecode", hostile.deflated_zeros(zeros * pdf_streams.MIB)),)
    doc = read_pdf(hostile.unread_stream_pdf("metadata", noise, more=more))
    assert_over_3_mib_together(doc, refused, renders)


@pytest.mark.parametrize("body, passed_over", [
    (b" << /Type /Font /W [1 [500 500] 3 5 600] /DW 1000 /Kids [4 0 R] >> ", True),
    (b"\n[1 0 R 2 0 R]", True),
    (b" <</A<</B[/C]>>>>", True),
    (b" <</FontFamily (Times New Roman)/FontFile2 12 0 R/Flags 34>>\n", True),
    (b" << /A (endobj) >> ", False),              # a string
    (b" << /A (a(b)c) >> ", False),               # parentheses in a string
    (b" << /A (a\\) endobj) >> ", False),         # an escaped parenthesis
    (b" << /A (x) /B (y)>>", True),
    (b" << /A <656e646f626a> >> ", False),        # a hex string
    (b" << /A 1 >> % endobj\n", False),           # a comment
    (b" << /Aendobj 1 >> ", False),               # inside a name
    (b" [ << ] >> ", False),                      # nested wrongly
    (b" [ 1 ", False),                            # not closed
    (b" 12 ", False),                             # no dictionary or array
    (b" [1] 0 R ", False),                        # R takes the array off the stack, and the parser reads on
    (b" <<>> <<>> ", False),                      # two objects
])
def test_objects_passed_over_unparsed_are_those_the_parser_ends_at_endobj(body, passed_over):
    """pdf_streams._ends_before passes over an object only when pdfminer's parser, reading it, would
    stop at its `endobj` without meeting a `stream` keyword."""
    data = b"1 0 obj" + body + b"endobj\n2 0 obj\n<< /Length 1 >>\nstream\nx\nendstream\nendobj\n"
    limit = pdf_streams._STREAM.search(data).start(1)
    assert pdf_streams._ends_before(data, 7, limit) is passed_over
    if passed_over:
        parser = pdf_streams._heads()(io.BytesIO(data))
        parser.seek(7)
        _, obj = parser.nextobject()
        assert parser.stream_at is None and isinstance(obj, (dict, list))
