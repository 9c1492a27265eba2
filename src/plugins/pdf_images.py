"""The images a PDF page may make the renderer decode, told from the PDF's objects before the page is
rendered for OCR: pdfium decodes an image whole (a byte or more a pixel), whatever the scale it is
drawn at, so a page of a few kilobytes can draw one of billions of pixels.

Every object reachable from the page is looked at once (pdfminer's, in any nesting): the images of
its resources and of forms nested at any depth, their soft masks and masks, annotations'
appearance streams, patterns, Type 3 glyphs, soft-mask groups, and the inline images (BI … ID) of
every content stream among them (one the renderer cannot decode either, of a filter pdfminer does
not know, is passed over). Other pages (a link's destination, the page tree) are not followed.
`xxgk.limits.MAX_IMAGE_PIXELS` bounds the largest.

An image is as large as its dictionary says (/Width × /Height) or, for a JPEG (DCTDecode) or
JPEG 2000 (JPXDecode) one, as the header of its encoded data says when that is larger: pdfium
decodes those at the size of their own header (a 10 × 10 image holding a 12,000 × 12,000 JPEG of
1.7 MB took it from 20 to 205 MiB). The header is read, the image never decoded.
"""
from __future__ import annotations

import re
import struct
from collections.abc import Iterator

from pdfminer.pdfexceptions import PDFException
from pdfminer.pdftypes import PDFObjRef, PDFStream
from pdfminer.psparser import LIT

from .pdf_objects import resolved
from .pdf_streams import filter_names

MAX_INLINE_DICT = 4096          # bytes between BI and ID read as an inline image's dictionary
CONTENT_KEYS = ("Contents", "CharProcs", "AP")   # what holds content streams besides forms and tiling patterns
_IMAGE, _FORM, _PAGES = LIT("Image"), LIT("Form"), (LIT("Page"), LIT("Pages"))
_INLINE = re.compile(rb"(?<![^\s\])>])(BI|ID)(?=\s)")
_SIDES = (re.compile(rb"/W(?:idth)?\s+(\d+)"), re.compile(rb"/H(?:eight)?\s+(\d+)"))
MAX_MARKERS = 1000              # JPEG markers, or JPEG 2000 boxes, read for the header before giving up
UNMEASURED = 1 << 32            # the pixels counted for an image whose header lies past MAX_MARKERS
_NOT_FILL = re.compile(rb"[^\xff]")   # the byte after a JPEG marker's 0xFF and its fill bytes
_DCT = re.compile(rb"/DCT(?:Decode)?(?![A-Za-z])")   # an inline image's JPEG filter
_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}   # SOF0–SOF15, not DHT, JPG, DAC
_STANDALONE = frozenset(range(0xD0, 0xD8)) | {0x01}       # RST0–RST7, TEM: markers without a segment
_ENDS = frozenset((0xD8, 0xD9, 0xDA))                      # SOI again, EOI, SOS: no frame header before


def largest_image(page) -> int:
    """The pixels of the largest image the pdfminer page `page` (PDFPage) may draw; 0 for none."""
    return max(_images(page), default=0)


def _images(page) -> Iterator[int]:
    """The pixels of each image reachable from the page, each object looked at once."""
    seen = {page.pageid}
    stack: list[tuple[object, bool]] = [(page.attrs, False)]   # an object, and whether it holds content
    while stack:
        obj, content = stack.pop()
        if isinstance(obj, PDFObjRef):
            if obj.objid not in seen:
                seen.add(obj.objid)
                stack.append((obj.resolve(), content))
            continue
        if isinstance(obj, PDFStream):
            kind = obj.get("Subtype")
            if kind is _IMAGE:
                yield max(_pixels(obj.get("Width"), obj.get("Height")), _encoded_pixels(obj))
            elif content or kind is _FORM or obj.get("PatternType") == 1:
                try:
                    data = obj.get_data()
                except PDFException:
                    data = b""
                yield from _inline_images(data)
            stack += [(value, False) for value in obj.attrs.values()]
        elif isinstance(obj, dict) and (obj is page.attrs or obj.get("Type") not in _PAGES):
            stack += [(value, content or key in CONTENT_KEYS) for key, value in obj.items() if key != "Parent"]
        elif isinstance(obj, list):
            stack += [(value, content) for value in obj]


def _pixels(width: object, height: object) -> int:
    width, height = resolved(width), resolved(height)
    return width * height if isinstance(width, int) and isinstance(height, int) and width > 0 < height else 0


def _inline_images(data: bytes) -> Iterator[int]:
    """The pixels of each inline image of a content stream (PDF 1.7 §8.9.7), from the /W and /H of
    the dictionary between its BI and ID, and for a JPEG (/F /DCT) from its frame header too, read
    up to the next BI; found in one pass."""
    begin = jpeg = None   # where the dictionary begins; where the JPEG data of the last image begins
    for found in _INLINE.finditer(data):
        if found[1] == b"BI":
            if jpeg is not None:
                yield _measured(data, jpeg, found.start())
            begin, jpeg = found.end(), None
        elif begin is not None:
            head = data[begin:found.start()] if found.start() - begin <= MAX_INLINE_DICT else b""
            sides = [side.search(head) for side in _SIDES]
            if sides[0] and sides[1]:
                yield _pixels(int(sides[0][1]), int(sides[1][1]))
            jpeg = found.end() if _DCT.search(head) else None
            begin = None
    if jpeg is not None:
        yield _measured(data, jpeg, len(data))


def _measured(data: bytes, begin: int, end: int) -> int:
    """The pixels of the JPEG in data[begin:end] (UNMEASURED past MAX_MARKERS markers)."""
    try:
        return _jpeg_pixels(data, begin, end)
    except _TooLong:
        return UNMEASURED


class _TooLong(Exception):
    """More than MAX_MARKERS markers or boxes before an image's header."""


def _encoded_pixels(image: PDFStream) -> int:
    """The pixels the header of the encoded data of the image `image` declares when its last filter
    is DCTDecode or JPXDecode (the filters before it decoded, within `pdf_streams.bounded`); 0 for
    other images and for data the renderer could not decode either; UNMEASURED for a header past
    MAX_MARKERS markers or boxes."""
    names = filter_names(image.attrs)
    if not names or names[-1] not in ("DCTDecode", "DCT", "JPXDecode"):
        return 0
    try:
        raw = image.rawdata   # the codec's data as it is: get_data would run a /Predictor over it
        data = raw if len(names) == 1 and raw is not None and not image.decipher else image.get_data()
        return _jpx_pixels(data) if names[-1] == "JPXDecode" else _jpeg_pixels(data)
    except PDFException:
        return 0
    except _TooLong:
        return UNMEASURED


def _jpeg_pixels(data: bytes, begin: int = 0, end: int | None = None) -> int:
    """The pixels of the frame a JPEG in data[begin:end] declares (ITU-T T.81 §B.2.2: the Y and X
    of its SOFn segment), its markers read as libjpeg reads them from the first SOI (pdfium looks for
    one anywhere in the data): other bytes and fill bytes before a marker passed over, a segment
    skipped by its length; 0 when SOS, EOI or the end of the data comes first."""
    end = len(data) if end is None else end
    at = data.find(b"\xff\xd8", begin, end) + 2
    if at < 2:
        return 0
    for _ in range(MAX_MARKERS):
        if (marker := _marker(data, at, end)) is None or marker[0] in _ENDS:
            return 0
        code, at = marker
        if code in _FRAMES:
            if at + 7 > end:
                return 0
            height, width = struct.unpack_from(">HH", data, at + 3)
            return width * height
        if code not in _STANDALONE:
            if at + 2 > end:
                return 0
            at += struct.unpack_from(">H", data, at)[0]
    raise _TooLong


def _marker(data: bytes, at: int, end: int) -> tuple[int, int] | None:
    """(code, where its segment begins) of the first JPEG marker in data[at:end]: 0xFF, any fill
    bytes 0xFF, then a code other than 0x00 (0xFF 0x00 is a stuffed byte, not a marker); each byte
    looked at once, however long a run of 0xFF; None at the end."""
    while (start := data.find(b"\xff", at, end)) >= 0:
        code = _NOT_FILL.search(data, start, end)
        if code is None:
            return None
        at = code.end()
        if data[code.start()]:
            return data[code.start()], at
    return None


def _jpx_pixels(data: bytes) -> int:
    """The pixels a JPEG 2000 image declares: the image area of a codestream's SIZ segment, or of a
    JP2 file (ISO/IEC 15444-1 Annex I) the larger of its image header box (ihdr, in jp2h) and its
    codestream's (jp2c); 0 for none."""
    if data.startswith(b"\xff\x4f\xff\x51"):
        return _siz_pixels(data, 0)
    pixels = 0
    for kind, begin, end in _boxes(data, 0, len(data)):
        if kind == b"jp2h":
            for inner, at, _ in _boxes(data, begin, end):
                if inner == b"ihdr" and at + 8 <= len(data):
                    height, width = struct.unpack_from(">II", data, at)
                    pixels = max(pixels, width * height)
        elif kind == b"jp2c":
            return max(pixels, _siz_pixels(data, begin))
    return pixels


def _siz_pixels(data: bytes, at: int) -> int:
    """The image area of the codestream from `at` (ITU-T T.800 §A.5.1: SOC, then SIZ's Lsiz, Rsiz,
    Xsiz, Ysiz, XOsiz, YOsiz): (Xsiz − XOsiz) × (Ysiz − YOsiz); 0 for no SIZ there."""
    if data[at:at + 4] != b"\xff\x4f\xff\x51" or at + 24 > len(data):
        return 0
    width, height, left, top = struct.unpack_from(">IIII", data, at + 8)
    return max(0, width - left) * max(0, height - top)


def _boxes(data: bytes, begin: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """The type, content start and end of each JP2 box from `begin` to `end` (ISO/IEC 15444-1
    §I.4: LBox, TBox, XLBox when LBox is 1, to the end when LBox is 0); _TooLong past MAX_MARKERS."""
    for _ in range(MAX_MARKERS):
        if begin + 8 > end:
            return
        size, kind = struct.unpack_from(">I4s", data, begin)
        start = begin + 8
        if size == 1:
            if start + 8 > end:
                return
            size, start = struct.unpack_from(">Q", data, start)[0], start + 8
        stop = end if size == 0 else min(begin + size, end)   # a box past its container: what there is
        if stop < start:
            return
        yield kind, start, stop
        begin = stop
        if size == 0:
            return
    raise _TooLong
