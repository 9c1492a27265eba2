"""Hostile inputs, made in a few lines each: small files that loop, inflate or multiply when read.

Each returns bytes (or writes a file); docs/robustness.md names the tests that read them.
"""
from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib

PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R >>"


def pdf(objects: list[bytes], more_entries: int = 0) -> bytes:
    """A PDF of `objects` (bodies numbered from 1; 1 is the catalog), with its xref table; that
    table lists `more_entries` objects more, each at the catalog's place (20 bytes an entry)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref, size = out.tell(), len(objects) + 1 + more_entries
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets + [offsets[0]] * more_entries))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
    return out.getvalue()


def stream(dictionary: bytes, data: bytes) -> bytes:
    """A stream object: `dictionary`'s entries and /Length, then `data`."""
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(data), data)


def one_page_pdf(contents: bytes, width: int = 595, height: int = 842) -> bytes:
    """A one-page PDF whose page draws `contents` (a stream object, dictionary and data)."""
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                PAGE % (width, height), contents])


def self_referring_length_pdf() -> bytes:
    """A stream whose /Length is an object that is a reference to itself (pdfminer loops on it)."""
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                PAGE % (595, 842), b"<< /Length 5 0 R >>\nstream\nBT ET\nendstream", b"5 0 R"])


def flate_bomb_pdf(inflated: int) -> bytes:
    """A page whose Flate content stream inflates to `inflated` bytes of spaces (about 1/1000 of it)."""
    deflater = zlib.compressobj(9)
    block = b" " * (1 << 20)
    data = b"".join(deflater.compress(block) for _ in range(inflated >> 20)) + deflater.flush()
    return one_page_pdf(b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data))


def content_pdf(head: bytes, piece: bytes, repeat: int, tail: bytes = b"") -> bytes:
    """A one-page PDF whose content stream is `head`, `piece` `repeat` times and `tail`, Flate-
    compressed as it is made (`piece` of 1 KB a million times is about 1 MB)."""
    deflater = zlib.compressobj(9)
    data = deflater.compress(head) + b"".join(deflater.compress(piece) for _ in range(repeat))
    data += deflater.compress(tail) + deflater.flush()
    return one_page_pdf(b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data))


def form_pdf(draws: int, chars: int = 100) -> bytes:
    """A page that draws one form `draws` times (a few bytes each), the form showing `chars` characters."""
    show = b"BT /F1 12 Tf (%s) Tj ET" % (b"A" * chars)   # a font the page does not define: a default one
    page = b"/X Do " * draws
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /XObject << /X 5 0 R >> >> >>",
                b"<< /Length %d >>\nstream\n%s\nendstream" % (len(page), page),
                b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length %d >>\nstream\n%s\nendstream"
                % (len(show), show)])


def poster_pdf(points: int, pages: int = 1) -> bytes:
    """`pages` pages of `points` × `points` with nothing on them but a rule: no text layer (OCR'd)."""
    kids = b" ".join(b"%d 0 R" % (4 + n) for n in range(pages))
    draw = b"1 w 10 10 m 500 10 l S"
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
                b"<< /Length %d >>\nstream\n%s\nendstream" % (len(draw), draw)]
               + [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 3 0 R >>" % (points, points)] * pages)


def image_bomb_pdf(side: int) -> bytes:
    """An A4 page with no text whose only content is a `side` × `side` grey image, all white,
    Flate-compressed (a few hundred bytes per million pixels)."""
    deflater = zlib.compressobj(9)
    row = b"\xff" * side
    data = b"".join(deflater.compress(row) for _ in range(side)) + deflater.flush()
    image = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
             b"/Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (side, side, len(data), data))
    draw = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
                b"<< /Length %d >>\nstream\n%s\nendstream" % (len(draw), draw), image])


def many_pages_pdf(pages: int, stated: int | None = None, object_streams: bool = False) -> bytes:
    """A PDF of `pages` empty pages whose page tree states `stated` pages (default: the truth); with
    `object_streams`, the pages are packed into object streams of 1,000 (PDF 1.5 §7.5.7) under a
    cross-reference stream."""
    count = pages if stated is None else stated
    kids = b" ".join(b"%d 0 R" % (3 + n) for n in range(pages))
    head = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    if not object_streams:
        return pdf(head + [page] * pages)
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n")
    entries = {0: (0, 0, 65535)}   # object number: (type, field 2, field 3) of its xref stream entry
    for number, body in enumerate(head, start=1):
        entries[number] = (1, out.tell(), 0)
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    first = 3 + pages   # the number of the first object stream
    for k, start in enumerate(range(0, pages, 1000)):
        numbers = range(3 + start, 3 + min(start + 1000, pages))
        index = b" ".join(b"%d %d" % (number, i * (len(page) + 1)) for i, number in enumerate(numbers)) + b"\n"
        data = zlib.compress(index + b"\n".join([page] * len(numbers)))
        entries.update({number: (2, first + k, i) for i, number in enumerate(numbers)})
        entries[first + k] = (1, out.tell(), 0)
        out.write(b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
                  % (first + k, len(numbers), len(index), len(data)) + data + b"\nendstream\nendobj\n")
    xref_number = max(entries) + 1
    entries[xref_number] = (1, out.tell(), 0)
    table = zlib.compress(b"".join(bytes([kind]) + a.to_bytes(4, "big") + b.to_bytes(2, "big")
                                   for kind, a, b in (entries[n] for n in range(xref_number + 1))))
    out.write(b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\n"
              b"stream\n" % (xref_number, xref_number + 1, len(table)) + table + b"\nendstream\nendobj\n")
    out.write(b"startxref\n%d\n%%%%EOF\n" % entries[xref_number][1])
    return out.getvalue()


DOCX_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
              b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
              b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/'
              b'word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
              b'document.main+xml"/></Types>')
DOCX_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
             b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
             b'2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


DOCX_TABLE = (b"<w:tbl>" + (b"<w:tr>" + b"<w:tc><w:p><w:r><w:t>0</w:t></w:r></w:p></w:tc>" * 8 + b"</w:tr>") * 25
              + b"</w:tbl>")   # 826 elements


def docx(body_piece: bytes, repeat: int, ratio: int | None = None, within: tuple[bytes, bytes] = (b"", b""),
         name: str = "word/document.xml", types: bytes | None = None) -> bytes:
    """A minimal DOCX whose body is `body_piece` `repeat` times (between the two pieces of `within`:
    runs in one paragraph), deflated as it is written; with `ratio`, random bytes in a comment bring
    its document part to about that ratio of unpacked to packed size (under the reader's zip-bomb
    limit). The document part is `name`, its content type given by `types` ([Content_Types].xml;
    default: DOCX_TYPES overriding `name`)."""
    unpacked = len(body_piece) * repeat
    padding = os.urandom(unpacked // ratio).hex().encode() if ratio else b""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        types = types or DOCX_TYPES.replace(b"/word/document.xml", b"/" + name.encode())
        package.writestr("[Content_Types].xml", types)
        package.writestr("_rels/.rels", DOCX_RELS.replace(b"word/document.xml", name.encode()))
        with package.open(name, "w") as part:
            part.write(b'<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body><!--%s-->' % (W, padding))
            part.write(within[0])
            block = body_piece * 10_000
            for _ in range(repeat // 10_000):
                part.write(block)
            part.write(body_piece * (repeat % 10_000) + within[1] + b"</w:body></w:document>")
    return out.getvalue()


def png(width: int, height: int, chunk_before_data: tuple[bytes, bytes] | None = None) -> bytes:
    """A white grey-scale PNG of `width` × `height` pixels, its rows deflated as they are made (a
    picture of a billion pixels is a few megabytes); with `chunk_before_data` (kind, data), that
    chunk before them (PNG 1.2 §4)."""
    deflater = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * width   # filter type 0, then the pixels
    rows = b"".join(deflater.compress(row) for _ in range(height)) + deflater.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    extra = chunk(*chunk_before_data) if chunk_before_data else b""
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + extra + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def truetype(cmap_subtable: bytes) -> bytes:
    """A TrueType font program holding only a `cmap` table of one Unicode subtable (3, 10)."""
    cmap = struct.pack(">HHHHL", 0, 1, 3, 10, 12) + cmap_subtable
    return b"\x00\x01\x00\x00" + struct.pack(">HHHH", 1, 16, 0, 0) + struct.pack(">4sLLL", b"cmap", 0, 28, len(cmap)) \
        + cmap


def fonts_pdf(ranges: bytes, widths: bytes, font_program: bytes) -> bytes:
    """A page showing 中文 twelve times in a CID font (Identity-H) whose ToUnicode CMap declares
    `ranges` (its `bfrange` lines) and whose widths are `widths` (/W), then CID 1 in a second one
    with no ToUnicode, whose Unicode comes from its embedded TrueType `font_program`."""
    cmap = b"begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange %s endcmap" % ranges
    show = b"BT /F1 12 Tf 50 800 Td <%s> Tj /F2 12 Tf <0001> Tj ET" % (b"4E2D6587" * 12)
    cid_font = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /CIDSystemInfo << /Registry (Adobe) /Ordering "
                b"(Identity) /Supplement 0 >> %s >>")
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
                b"<< /Length %d >>\nstream\n%s\nendstream" % (len(show), show),
                b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [7 0 R] "
                b"/ToUnicode 8 0 R >>",
                b"<< /Type /Font /Subtype /Type0 /BaseFont /Y /Encoding /Identity-H /DescendantFonts [9 0 R] >>",
                cid_font % (b"/W " + widths), b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
                cid_font % b"/FontDescriptor 10 0 R",
                b"<< /Type /FontDescriptor /FontName /Y /FontFile2 11 0 R >>",
                b"<< /Length %d >>\nstream\n%s\nendstream" % (len(font_program), font_program)])


def packed_pdf(objects: list[bytes], streams: tuple[bytes, ...] = ()) -> bytes:
    """A PDF of `objects` (bodies numbered from 1; 1 is the catalog) packed into one Flate object
    stream (PDF 1.5 §7.5.7) and `streams` (numbered after them: a stream cannot be packed), found
    through a cross-reference stream."""
    index, offset = [], 0
    for number, body in enumerate(objects, start=1):
        index.append(b"%d %d" % (number, offset))
        offset += len(body) + 1
    head = b" ".join(index) + b"\n"
    data = zlib.compress(head + b"\n".join(objects))
    entries = [(0, 0, 65535)] + [(2, len(objects) + len(streams) + 1, i) for i in range(len(objects))]
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n")
    bodies = [*streams, b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
              % (len(objects), len(head), len(data), data)]
    for number, body in enumerate(bodies, start=len(objects) + 1):
        entries.append((1, out.tell(), 0))
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    entries.append((1, out.tell(), 0))
    table = zlib.compress(b"".join(struct.pack(">BIH", *entry) for entry in entries))
    out.write(b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\n"
              b"stream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % (len(entries) - 1, len(entries), len(table),
                                                                          table, entries[-1][1]))
    return out.getvalue()


def _grey_image(side: int, extra: bytes = b"") -> bytes:
    """A `side` × `side` white grey image XObject, Flate-compressed (a few hundred bytes per million pixels)."""
    deflater = zlib.compressobj(9)
    data = b"".join(deflater.compress(b"\xff" * side) for _ in range(side)) + deflater.flush()
    return (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 %s"
            b"/Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (side, side, extra, len(data), data))


def hidden_image_pdf(where: str, side: int) -> bytes:
    """An A4 page with no text that makes the renderer decode a `side` × `side` image hidden
    `where`: "smask" (the soft mask of a small image the page draws), "annotation" (drawn by an
    annotation's appearance stream), "deep form" (drawn by the twentieth of nested forms) or
    "inline" (an inline image of an annotation's appearance stream)."""
    draw = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
    uses_image = b"/Resources << /XObject << /Im1 5 0 R >> >>"
    form = b"/Type /XObject /Subtype /Form /BBox [0 0 595 842]"
    page, content, objects = b"", draw, [_grey_image(side)]
    if where == "smask":
        uses_image = b"/Resources << /XObject << /Im1 6 0 R >> >>"
        objects.append(_grey_image(10, b"/SMask 5 0 R "))
    elif where == "annotation":
        page, content = b"/Annots [<< /Type /Annot /Subtype /Stamp /Rect [0 0 595 842] /AP << /N 6 0 R >> >>]", b"%"
        objects.append(stream(form + b" " + uses_image, draw))
        uses_image = b""
    elif where == "deep form":
        uses_image = b"/Resources << /XObject << /Fm1 6 0 R >> >>"
        content = b"/Fm1 Do"
        objects += [stream(form + b" /Resources << /XObject << /Fm1 %d 0 R >> >>" % (7 + n), b"/Fm1 Do")
                    for n in range(19)]
        objects.append(stream(form + b" /Resources << /XObject << /Im1 5 0 R >> >>", draw))
    elif where == "inline":
        inline = _grey_image(side).split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
        page, content = b"/Annots [<< /Type /Annot /Subtype /Stamp /Rect [0 0 595 842] /AP << /N 6 0 R >> >>]", b"%"
        objects.append(stream(form, b"q 595 0 0 842 0 0 cm BI /W %d /H %d /BPC 8 /CS /G /F /Fl ID %s EI Q"
                              % (side, side, inline)))
        uses_image = b""
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R %s %s >>" % (uses_image, page),
                stream(b"", content), *objects])


def jpeg_header(width: int, height: int) -> bytes:
    """The markers of a baseline JPEG up to its frame header (SOI, APP0 JFIF, SOF0 of one grey
    component), declaring `width` × `height` pixels, then EOI: nothing to decode."""
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    frame = b"\xff\xc0\x00\x0b\x08" + struct.pack(">HH", height, width) + b"\x01\x01\x11\x00"
    return b"\xff\xd8" + app0 + frame + b"\xff\xd9"


def jpx_codestream(width: int, height: int) -> bytes:
    """A JPEG 2000 codestream's SOC and SIZ segment (one 8-bit component) declaring `width` × `height`
    pixels, then EOC."""
    return (b"\xff\x4f\xff\x51\x00\x29\x00\x00" + struct.pack(">8I", width, height, 0, 0, width, height, 0, 0)
            + b"\x00\x01\x07\x01\x01\xff\xd9")


def jp2(header: tuple[int, int], codestream: bytes) -> bytes:
    """A JP2 file whose image header box (ihdr) declares `header` (width, height) pixels, holding `codestream`."""
    def box(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", 8 + len(data)) + kind + data

    ihdr = struct.pack(">IIHBBBB", header[1], header[0], 1, 7, 7, 0, 0)
    colour = box(b"colr", b"\x01\x00\x00\x00\x00\x00\x11")   # enumerated: greyscale
    return (box(b"jP  ", b"\r\n\x87\n") + box(b"ftyp", b"jp2 \x00\x00\x00\x00jp2 ")
            + box(b"jp2h", box(b"ihdr", ihdr) + colour) + box(b"jp2c", codestream))


def encoded_image_pdf(data: bytes, filters: bytes, side: int = 10) -> bytes:
    """An A4 page with no text whose only content is a `side` × `side` grey image (by its
    dictionary) whose data is `data`, under `filters`."""
    image = b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 " \
            b"/Filter %s" % (side, side, filters)
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
                stream(b"", b"q 595 0 0 842 0 0 cm /Im1 Do Q"), stream(image, data)])


def inline_image_pdf(data: bytes, filters: bytes, side: int = 10) -> bytes:
    """An A4 page with no text whose only content is an inline `side` × `side` grey image (BI … ID …
    EI) whose data is `data`, under `filters`."""
    content = (b"q 595 0 0 842 0 0 cm BI /W %d /H %d /CS /G /BPC 8 /F %s ID " % (side, side, filters)
               + data + b" EI Q")
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>", stream(b"", content)])


def ruled_pdf(rules: int) -> bytes:
    """A page of `rules` horizontal and `rules` vertical rules 10 pt apart, crossing each other, under
    a line of text."""
    side = rules * 10 + 40
    draw = b"".join(b"20 %d m %d %d l S %d 20 m %d %d l S " % (20 + i * 10, side - 20, 20 + i * 10, 20 + i * 10,
                                                              20 + i * 10, side - 20) for i in range(rules))
    data = zlib.compress(b"0.1 w BT /F1 12 Tf 50 %d Td (%s) Tj ET " % (side - 15, b"x" * 40) + draw)
    return one_page_pdf(b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data), side, side)


def array_page_pdf(numbers: int, packed: bool = True) -> bytes:
    """A page showing a line of text whose dictionary holds an array of `numbers` zeros, packed in
    an object stream (two bytes a number before Flate: 3 million in 6 KB) or written in the file."""
    show = b"BT /F1 12 Tf 50 800 Td (" + b"x" * 40 + b") Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Junk [%s] >>"
               % (b"0 " * numbers)]
    content = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(show), show)
    return packed_pdf(objects, (content,)) if packed else pdf([*objects, content])


def forms_pdf(where: str, depth: int = 1) -> bytes:
    """An A4 page with no text whose rendering runs forms: "self" (a form drawing itself twice),
    "inherited" (a form without resources drawing itself through the page's), "mutual" (two forms
    drawing each other twice), "annotation" (an annotation's appearance drawing a form that draws
    itself), "reference loop" (an annotation's appearance that is a reference to itself),
    "pattern" (a tiling pattern painting with itself) or "nested" (an annotation's appearance
    drawing a form, each of the `depth` forms after it drawn twice by the one before: 2^(depth+1) - 1
    draws)."""
    def form(resources: bytes, data: bytes) -> bytes:
        return stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + resources, data)

    uses_a, page, content = b"/Resources << /XObject << /A 5 0 R >> >>", b"", b"/A Do"
    annotation = b"/Annots [<< /Type /Annot /Subtype /Stamp /Rect [0 0 595 842] /AP << /N 5 0 R >> >>]"
    if where == "self":
        objects = [form(uses_a, b"/A Do /A Do")]
    elif where == "inherited":
        objects = [form(b"", b"/A Do")]
    elif where == "mutual":
        objects = [form(b"/Resources << /XObject << /B 6 0 R >> >>", b"/B Do /B Do"), form(uses_a, b"/A Do /A Do")]
    elif where == "annotation":
        uses_a, page, content = b"", annotation, b"%"
        objects = [form(b"/Resources << /XObject << /A 6 0 R >> >>", b"/A Do"),
                   form(b"/Resources << /XObject << /A 6 0 R >> >>", b"/A Do /A Do")]
    elif where == "reference loop":
        uses_a, page, content = b"", annotation, b"%"
        objects = [b"5 0 R"]
    elif where == "pattern":
        uses_a, content = b"/Resources << /Pattern << /P 5 0 R >> >>", b"/Pattern cs /P scn 0 0 595 842 re f"
        objects = [stream(b"/PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 100 100] /XStep 100 /YStep 100 "
                          + uses_a, b"/Pattern cs /P scn 0 0 50 50 re f")]
    else:
        uses_a, page, content = b"", annotation, b"%"
        objects = [form(b"/Resources << /XObject << /F %d 0 R >> >>" % (6 + n), b"/F Do /F Do") for n in range(depth)]
        objects.append(form(b"", b"0 0 1 1 re f"))
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R %s %s >>" % (uses_a, page),
                stream(b"", content), *objects])


def deflated_zeros(size: int) -> bytes:
    """`size` zero bytes, Flate-compressed (about 1/1000 of it)."""
    deflater = zlib.compressobj(9)
    block = b"\x00" * (1 << 20)
    data = b"".join(deflater.compress(block) for _ in range(size >> 20))
    return data + deflater.compress(b"\x00" * (size & ((1 << 20) - 1))) + deflater.flush()


def unread_stream_pdf(where: str, data: bytes, filters: bytes = b"/FlateDecode", more: tuple[bytes, ...] = ()) -> bytes:
    """An A4 page showing one character (no text layer to read: rendered for OCR) with a stream of
    `data` under `filters` that pdfminer never decodes on the way, `where`: "metadata" (the catalog's
    /Metadata), "font" (the /FontFile2 of the page's TrueType font) or "icc" (the profile of an
    /ICCBased colour space the page paints with); `more` objects after it (from 7)."""
    kind = {"metadata": b"/Type /Metadata /Subtype /XML", "font": b"/Length1 1000", "icc": b"/N 3"}[where]
    catalog = b"<< /Type /Catalog /Pages 2 0 R %s>>" % (b"/Metadata 6 0 R " if where == "metadata" else b"")
    font = (b"<< /Type /Font /Subtype /TrueType /BaseFont /Bomb /FirstChar 120 /LastChar 120 /Widths [500] "
            b"/FontDescriptor << /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 0 500 700] "
            b"/ItalicAngle 0 /Ascent 700 /Descent 0 /CapHeight 700 /StemV 80 %s>> >>"
            % (b"/FontFile2 6 0 R " if where == "font" else b""))
    icc = where == "icc"
    paint = b"/CS0 cs 0.5 0.5 0.5 sc 10 10 100 100 re f " if icc else b""
    return pdf([catalog, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << "
                b"/F1 5 0 R >> %s>> >>" % (b"/ColorSpace << /CS0 [/ICCBased 6 0 R] >> " if icc else b""),
                stream(b"", paint + b"BT /F1 12 Tf 50 800 Td (x) Tj ET"), font,
                stream(kind + b" /Filter " + filters, data), *more])
