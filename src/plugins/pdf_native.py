"""PDF pages' characters and ruling lines read by pdfium (pypdfium2's library, `pdfium_library`), in
the coordinates and with the boxes pdfminer gives them, so that pdfplumber's table finder and the
reader's grouping run on them as on pdfminer's (`pdf_pages.LeanPage`), in about a third of the time
of the whole read.

A character's box is pdfminer's (pdfminer.layout.LTChar): from its origin, its advance (the font's
width for its code) and the font's size from the font's descent up, through the character's
matrix; a path is split into subpaths and each made a line, a rectangle or a curve by pdfminer's
rules (pdfminer.converter.PDFLayoutAnalyzer.paint_path), from its points in page space. The
coordinates are turned by the page's /Rotate as pdfminer's interpreter turns them (`rotation`), and
the numbers pdfium keeps in single precision are read as the decimals they stand for (`_decimal`):
the boxes agree with pdfminer's to about 0.00001 pt.

A page on which pdfium draws a character without Unicode (a font without ToUnicode whose codes map
to none, or a map pdfium refuses) is read by pdfminer, so that whether its text layer can be read
(`pdf_text_layer`) is told from pdfminer's text as before: pdfium would give the bare code as the
character.

pdfium reads a page only within bounds, else pdfminer does (whose limits then name what is over
them): the PDF well formed (`well_formed`) and its streams all measured before it is opened
(`pdf_streams.oversized`); the content streams the page runs, forms each time drawn, at most
MAX_CONTENT_BYTES (`readable`); at most `pdf_content.MAX_PAGE_OBJECTS` characters and paths.
"""
from __future__ import annotations

import ctypes
import functools
import os
import re
import struct
import threading
from collections.abc import Iterator
from types import SimpleNamespace

from xxgk.errors import ReadError

from .pdf_content import MAX_PAGE_OBJECTS

MAX_CONTENT_BYTES = 1024 * 1024   # decoded content a page runs, forms each time drawn (a report page: ~100 KB)
MAX_MEASURED_TOKENS = 100_000     # tokens of the PDF's objects parsed to measure its streams (a report: a few thousand)
BACKEND = "XXGK_PDF_BACKEND"      # environment variable: "pdfminer" reads every page with pdfminer
Matrix = tuple[float, float, float, float, float, float]
_SINGLE = struct.Struct("f")
_SIGNIFICANT = ("%.6g", "%.7g", "%.8g", "%.9g")   # a single's decimal, from 6 significant digits to the 9 that give it
_SPACES = frozenset(map(ord, " \r\n"))   # what pdfium adds between words and lines
_SUBSET = re.compile(r"^[A-Z]{6}\+")   # a subset font's name's prefix (PDF 1.7 §9.6.4)
PDFIUM = threading.Lock()   # pdfium is not thread-safe: one thread at a time calls it


def wanted() -> bool:
    """Whether pages are to be read by pdfium (not when XXGK_PDF_BACKEND is "pdfminer")."""
    return os.environ.get(BACKEND, "native").strip().lower() != "pdfminer"


def rotation(rotate: int, mediabox) -> Matrix:
    """The matrix pdfminer's interpreter starts a page with (PDFPageInterpreter.process_page): the
    page turned by its /Rotate (0, 90, 180 or 270) and moved to its media box's origin."""
    x0, y0, x1, y1 = mediabox
    if rotate == 90:
        return (0, -1, 1, 0, -y0, x1)
    if rotate == 180:
        return (-1, 0, 0, -1, x1, y1)
    if rotate == 270:
        return (0, 1, -1, 0, y1, -x0)
    return (1, 0, 0, 1, -x0, -y0)


def _times(m: Matrix, n: Matrix) -> Matrix:
    """m then n (row vectors, as PDF matrices compose)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _decimal(value: float) -> float:
    """A number pdfium holds in single precision as the shortest decimal that rounds to it (the
    number as the PDF wrote it, most often): pdfminer computes from the written number in double
    precision, and a coordinate 123.95 kept as 123.9499969 would round to 123.9, not 124.0.
    A page's reading keeps its own cache of it (`_objects`)."""
    single = _SINGLE.unpack(_SINGLE.pack(value))[0]
    if -1024 < single < 1024:   # single precision spaces these closer than 0.0001: one 4-place decimal at most
        # round(single, 4), faster: a single's product by 10^4 is exact in double precision (at most 34 bits), so
        # rounding it to an integer (half to even) and dividing rounds as round() does; a zero keeps its sign
        near = round(single * 10000) / 10000 if single else single
        if _SINGLE.unpack(_SINGLE.pack(near))[0] == single:
            return near
    for digits in _SIGNIFICANT:
        short = float(digits % single)
        if _SINGLE.unpack(_SINGLE.pack(short))[0] == single:
            return short
    return single


class NativeDocument:
    """One PDF open in pdfium for its pages' objects, opened at the first page asked for, if it may
    be (`open`), and closed once its last page is read: else `objects` is None for every page."""

    def __init__(self, data: bytes, doc) -> None:
        self.data, self.doc = data, doc   # the PDF's bytes and its pdfminer PDFDocument
        self.pdf: int | None = None   # pdfium's handle, from the first page asked for to the last
        self.measured = False   # whether its streams were measured whole (`over` then says why not to open it)
        self.over: str | None = None
        self.tried = False

    def oversized(self) -> str | None:
        """Why pdfium is not to open the PDF for OCR (`pdf_streams.oversized`), or None."""
        if self.measured:
            return self.over
        from .pdf_streams import oversized

        return oversized(self.data, self.doc)

    def open(self) -> int | None:
        """pdfium's handle of the document (`pdfium_library.load`), or None when it is not to be
        opened (`well_formed`, its streams `oversized`, or its objects more than MAX_MEASURED_TOKENS
        to measure them) or cannot be."""
        if not self.tried:
            self.tried = True
            if well_formed(self.data, self.doc) and self._measure() is None:
                from .pdfium_library import load

                with PDFIUM:
                    self.pdf = load(self.data)
        return self.pdf

    def _measure(self) -> str | None:
        """Why pdfium is not to open the PDF: its streams (`pdf_streams.oversized`), measured with a
        budget of their own of MAX_MEASURED_TOKENS (the reading's budget left as it is)."""
        from .pdf_objects import counted
        from .pdf_streams import oversized

        try:
            with counted(MAX_MEASURED_TOKENS):
                self.over = oversized(self.data, self.doc)
        except ReadError as exc:
            return str(exc)
        self.measured = True
        return self.over

    def objects(self, page) -> dict[str, list[dict]] | None:
        """The objects of a LeanPage (`pdf_pages`) as pdfminer's would be, or None when pdfium is
        not to read it (`readable`) or cannot."""
        if (fonts := readable(page.page_obj, page.page_number)) is None or (pdf := self.open()) is None:
            return None
        api = _pdfium()
        with PDFIUM:
            native = api.FPDF_LoadPage(pdf, page.page_number - 1)
            if not native:
                return None
            try:
                objects = _objects(api, native, page, fonts)
            finally:
                api.FPDF_ClosePage(native)
            last = page.page_number >= api.FPDF_GetPageCount(pdf)
        if last:   # what pdfium holds for the document (its fonts) let go before the page's tables are found
            self.close()
        return objects

    def close(self) -> None:
        if self.pdf is not None:
            with PDFIUM:
                _pdfium().FPDF_CloseDocument(self.pdf)
            self.pdf = None


def well_formed(data: bytes, doc) -> bool:
    """Whether pdfium may open the PDF `data` (its pdfminer PDFDocument `doc`) for its pages'
    objects: its cross-reference tables are whole (pdfminer did not rebuild them) and no stream
    lacks its `endstream`. pdfium rebuilds a broken table by searching the file for each object's
    end, in time growing with the square of their number (30,000 streams without `endstream`, 1.6 MB:
    144 s of processor time); such a PDF is read by pdfminer."""
    from pdfminer.pdfdocument import PDFXRefFallback

    if any(isinstance(xref, PDFXRefFallback) for xref in doc.xrefs):
        return False
    ends = data.count(b"endstream")
    return data.count(b"stream") - ends <= ends


def readable(page_obj, number: int) -> dict[str, float | None] | None:
    """The descents of the fonts page `number` (a pdfminer PDFPage) selects, as pdfminer takes them
    (`descents`), when pdfium may read it: the content streams it runs, each time run, decode to
    at most MAX_CONTENT_BYTES, with no form drawing itself (`pdf_forms`). None when not, or when
    that cannot be told: pdfminer reads the page and says what is wrong with it."""
    from .pdf_forms import content

    try:
        size, fonts = content(page_obj, number)
        return descents(fonts) if size <= MAX_CONTENT_BYTES else None
    except Exception:   # noqa: BLE001 – a limit passed, or objects pdfminer cannot resolve
        return None


def descents(fonts: list[dict]) -> dict[str, float | None]:
    """The descent (thousandths of the size, negative) pdfminer gives each font (pdfminer.pdffont:
    its descriptor's /Descent, that of the standard font's metrics for a Type 1 or TrueType font
    named as one), by its name without the subset prefix (as pdfium names it); None for a Type 3
    font, or a name two fonts of different descents share. pdfium takes a font's own metrics when
    its descriptor gives an ascent and a descent of 0 (LibreOffice writes such descriptors)."""
    from pdfminer.fontmetrics import FONT_METRICS

    from .pdf_objects import resolved

    out: dict[str, float | None] = {}
    for font in fonts:
        subtype, base = _name(font.get("Subtype")), _name(font.get("BaseFont"))
        spec = font
        if subtype == "Type0":
            listed = resolved(font.get("DescendantFonts"))
            spec = _dictionary(listed[0] if isinstance(listed, list) and listed else None)
        descent: float | None
        if subtype == "Type3":
            descent = None
        elif subtype not in ("Type0", "CIDFontType0", "CIDFontType2") and base in FONT_METRICS:
            metrics: dict = FONT_METRICS[base][0]
            descent = metrics["Descent"]
        else:
            value = resolved(_dictionary(spec.get("FontDescriptor")).get("Descent", 0))
            descent = -abs(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0
        key = _SUBSET.sub("", base)
        out[key] = descent if out.get(key, descent) == descent else None
    return out


def _name(value: object) -> str:
    """A PDF name's text (pdfminer's PSLiteral), or "" for anything else."""
    from pdfminer.psparser import PSLiteral

    from .pdf_objects import resolved

    value = resolved(value)
    if not isinstance(value, PSLiteral):
        return ""
    name = value.name
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


def _dictionary(value: object) -> dict:
    from .pdf_objects import resolved

    value = resolved(value)
    return value if isinstance(value, dict) else {}


def _objects(api, page_handle: int, page, descents: dict[str, float | None]) -> dict[str, list[dict]] | None:
    """The chars, lines, rects and curves of a pdfium page (its handle), as LeanPage items
    (`descents`: the fonts' as pdfminer takes them, by name); None over the limit."""
    start = rotation(page.page_obj.rotate, page.page_obj.mediabox)
    objects: dict[str, list[dict]] = {"char": [], "rect": [], "line": [], "curve": []}
    paths: list[list[tuple[str, float, float, bool]]] = []
    texts: dict[int | None, int] = {}   # text object (its handle): its place in drawing order
    decimal = functools.cache(_decimal)   # the page's numbers (a baseline, a column's edge) recur on it, seldom after
    for points in _drawn(api, page_handle, start, texts, decimal):
        paths.append(points)
        if len(paths) > MAX_PAGE_OBJECTS:
            return None
    for points in paths:
        for shape, pts in _subpaths(points):
            kind, pts = _shape(shape, pts)
            xs, ys = [x for x, _ in pts], [y for _, y in pts]
            item = page.item(kind, min(xs), min(ys), max(xs), max(ys))
            if kind == "curve":
                item["pts"] = [page.point2coord(point) for point in pts]
            objects[kind].append(item)
    text_page = api.FPDFText_LoadPage(page_handle)
    if not text_page:
        return None
    try:
        chars = _chars(api, text_page, start, texts, page, descents, decimal)
    finally:
        api.FPDFText_ClosePage(text_page)
    if chars is None:
        return None
    objects["char"] = chars
    return objects


@functools.cache
def _pdfium() -> SimpleNamespace:
    """pdfium's functions (`pdfium_library`), with its structures and constants."""
    from . import pdfium_library as c

    return SimpleNamespace(**vars(c.pdfium()), FS_MATRIX=c.FS_MATRIX, FS_RECTF=c.FS_RECTF, TEXT=c.TEXT,
                           PATH=c.PATH, FORM=c.FORM, SEGMENTS={c.MOVETO: "m", c.LINETO: "l", c.BEZIERTO: "c"})


def _chars(api, text_page: int, start: Matrix, texts: dict[int | None, int], page,
           descents: dict[str, float | None], decimal) -> list[dict] | None:
    """The LeanPage items (`page.item`, with the text, size, upright, matrix and font name) of
    every character drawn (not those pdfium adds between words and lines), in drawing order
    (`texts`: text objects by handle; pdfium orders the characters of a line by their place on
    it; `decimal`: the page's _decimal); None over the limit, at a character without Unicode, in
    a font whose descent pdfminer would take otherwise than from `descents` (by name: none there,
    or None), or when pdfium left out a text object for want of its glyphs (`_glyphless`).

    The box is pdfminer's (LTChar): from the origin, the advance along the baseline and the font's
    size up from its descent; for a font written vertically (a negative advance: pdfium's width
    of a vertical font is its vertical advance, and its origin is moved by the glyph's position
    vector), the size square from the origin down the advance. Computed in pdfminer's order
    (apply_matrix_pt) from the same numbers, so that it differs only by pdfium's rounding."""
    count = api.FPDFText_CountChars(text_page)
    if count > MAX_PAGE_OBJECTS:
        return None
    unicode_of, generated = api.FPDFText_GetUnicode, api.FPDFText_IsGenerated
    object_of, origin_of = api.FPDFText_GetTextObject, api.FPDFText_GetCharOrigin
    unmapped_at = api.FPDFText_HasUnicodeMapError
    matrix_of, font_of, size_of = api.FPDFText_GetMatrix, api.FPDFTextObj_GetFont, api.FPDFText_GetFontSize
    x, y = ctypes.c_double(), ctypes.c_double()
    drawn: dict[int | None, _Shared] = {}   # text object: what its characters share
    fonts: dict[int | None, tuple[str, float | None, dict]] = {}   # font: its name, descent and advances by code
    m = api.FS_MATRIX()
    state = (ctypes.c_float(), ctypes.c_float(1000.0), decimal)   # for _width
    seen: dict[tuple, _Shared] = {}   # (font, size, matrix) as pdfium gives them: what they share
    s0, s1, s2, s3, s4, s5 = start
    height, (x_shift, y_shift) = float(page.height), page.mediabox[:2]
    number, doctop = page.page_number, page.initial_doctop
    chars: list[dict] = []
    places: list[int] = []   # each character's text object's place in drawing order
    last, in_order = -1, True
    for i in range(count):
        code = unicode_of(text_page, i)
        if code in _SPACES and generated(text_page, i) == 1:   # pdfium's own, between words and lines
            continue
        text_object = object_of(text_page, i)
        shared = drawn.get(text_object)
        if shared is None:   # what pdfium gives for the object, then what that makes of it (`_text_object`)
            matrix_of(text_page, i, m)
            raw = (font_of(text_object), size_of(text_page, i), m.a, m.b, m.c, m.d)
            shared = seen.get(raw) or _text_object(api, raw, fonts, descents, start, seen)
            drawn[text_object] = shared
        size, a, b, c, d, font, font_name, advances, low, high, upright, square = shared
        if low is None:
            return None
        origin_of(text_page, i, x, y)
        if unmapped_at(text_page, i) == 1:
            return None
        advance = advances.get(code, _UNKNOWN)
        if advance is _UNKNOWN:
            advance = advances[code] = _width(api, font, code, state)
        if advance is not None:
            advance = advance * 0.001 * size
        elif b == 0 and a != 0:   # pdfium's loose box: from the origin, a × the advance along the baseline
            loose = api.FS_RECTF()
            api.FPDFText_GetLooseCharBox(text_page, i, loose)
            advance = (loose.right - loose.left) / a
        else:
            advance = 0.0
        u, v = decimal(x.value), decimal(y.value)
        e, f = u * s0 + v * s2 + s4, u * s1 + v * s3 + s5
        if advance < 0:
            bottom, top_, right = size + advance, size, size
        else:
            bottom, top_, right = low, high, advance
        if square and right >= 0:   # upright: the corners need no sorting
            x0, x1, y0, y1 = e, a * right + e, d * bottom + f, d * top_ + f
        else:
            xs = (c * bottom + e, a * right + c * bottom + e, a * right + c * top_ + e, c * top_ + e)
            ys = (d * bottom + f, b * right + d * bottom + f, b * right + d * top_ + f, d * top_ + f)
            x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        top = height - y1 + y_shift
        chars.append({
            "object_type": "char", "page_number": number, "x0": x0 + x_shift, "x1": x1 + x_shift, "y0": y0, "y1": y1,
            "top": top, "bottom": height - y0 + y_shift, "doctop": doctop + top, "width": x1 - x0, "height": y1 - y0,
            "text": chr(code), "size": x1 - x0 if advance < 0 else y1 - y0,
            "upright": upright, "matrix": (a, b, c, d, e, f), "fontname": font_name})
        place = texts.get(text_object, len(texts))
        in_order = in_order and place >= last
        last = place
        places.append(place)
    if any(text_object not in drawn and _glyphless(api, text_object) for text_object in texts):
        return None
    if in_order:
        return chars
    return [chars[n] for n in sorted(range(len(chars)), key=places.__getitem__)]   # stable: in pdfium's order within


def _glyphless(api, text_object: int | None) -> bool:
    """Whether pdfium's text page left out `text_object` (one none of whose characters it gave) for
    want of its glyphs' outlines: a box under 0.01 pt wide, which CPDF_TextPage skips, in a font the
    PDF does not embed. pdfium draws such a font with one of this machine's fonts; on a machine
    without one that has the glyphs (a server with no Chinese fonts), a one-character object (a
    title's last character wrapped to its own line, a label written one character a line) has an
    empty box and is lost, where pdfminer reads it from the PDF's own widths."""
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    api.FPDFPageObj_GetBounds(text_object, left, bottom, right, top)
    return right.value - left.value < 0.01 and api.FPDFFont_GetIsEmbedded(api.FPDFTextObj_GetFont(text_object)) != 1


_UNKNOWN = object()   # an advance not yet asked of pdfium
# what the characters of one text object share: the font size, the matrix (a, b, c, d) turned as the page is, the
# font's handle, name and advances by code, the bottom and top of a box from the descent (None: the descent unknown),
# whether the character is upright, and whether its box's corners need no sorting (a > 0, d > 0, b = c = 0)
_Shared = tuple[float, float, float, float, float, int | None, str, dict, float | None, float, bool, bool]


def _text_object(api, raw: tuple, fonts: dict[int | None, tuple[str, float | None, dict]],
                 descents: dict[str, float | None], start: Matrix, seen: dict[tuple, _Shared]) -> _Shared:
    """What the characters of text objects of `raw` (font handle, size, and matrix a, b, c, d, as
    pdfium gives them) share (`_Shared`), noted in `seen` (`fonts`: the name, descent as pdfminer
    takes it, looked up by name in `descents`, and advances of the fonts met, by handle)."""
    font, size, ma, mb, mc, md = raw
    if font not in fonts:
        font_name = _font_name(api, font)
        fonts[font] = (font_name, descents.get(_SUBSET.sub("", font_name)), {})
    font_name, descent, advances = fonts[font]
    a, b, c, d, _, _ = _times((_decimal(ma), _decimal(mb), _decimal(mc), _decimal(md), 0.0, 0.0), start)
    size = _decimal(size)
    low = None if descent is None else descent * 0.001 * size
    shared = seen[raw] = (size, a, b, c, d, font, font_name, advances, low, size if low is None else low + size,
                          a * d > 0 and b * c <= 0, b == 0 and c == 0 and a > 0 and d > 0)
    return shared


def _width(api, font: int | None, code: int, state) -> float | None:
    """The font's advance for the code Unicode `code` maps back to, thousandths of the size (of a
    font written vertically, its vertical advance: negative), or None when pdfium has none
    (`state`: _chars', its floats for the width and for the size, 1000, and its _decimal)."""
    width, size, decimal = state
    return decimal(width.value) if api.FPDFFont_GetGlyphWidth(font, code, size, width) else None


def _font_name(api, font: int | None) -> str:
    """A font's base font name (pdfium leaves a simple font's subset prefix out)."""
    length = api.FPDFFont_GetBaseFontName(font, None, 0)
    if length <= 1:
        return ""
    buffer = ctypes.create_string_buffer(length)
    api.FPDFFont_GetBaseFontName(font, buffer, length)
    return buffer.value.decode("utf-8", "replace")


def _drawn(api, page: int | None, start: Matrix, texts: dict[int | None, int],
           decimal) -> Iterator[list[tuple[str, float, float, bool]]]:
    """The points of every path the page fills or strokes, inside forms too, in drawing order: in
    pdfminer's layout coordinates, each as (segment: "m", "l" or "c", x, y, whether it closes).
    The text objects met are numbered in `texts` (by handle) in drawing order; `decimal`: the
    page's _decimal."""
    state = (api.FS_MATRIX(), ctypes.c_float(), ctypes.c_float(), ctypes.c_int(), ctypes.c_int(), decimal)
    objects = (api.FPDFPage_GetObject(page, i) for i in range(api.FPDFPage_CountObjects(page)))
    yield from _drawn_in(api, objects, start, state, texts)


def _drawn_in(api, objects, outer: Matrix, state,
              texts: dict[int | None, int]) -> Iterator[list[tuple[str, float, float, bool]]]:
    m, x, y, fill, stroke, decimal = state
    segment_at, point_of = api.FPDFPath_GetPathSegment, api.FPDFPathSegment_GetPoint
    type_of, closes, kind_of = api.FPDFPathSegment_GetType, api.FPDFPathSegment_GetClose, api.FPDFPageObj_GetType
    text, path, form, kinds = api.TEXT, api.PATH, api.FORM, api.SEGMENTS
    for obj in objects:
        kind = kind_of(obj)
        if kind == text:
            texts[obj] = len(texts)
            continue
        if kind != path and kind != form:
            continue
        api.FPDFPageObj_GetMatrix(obj, m)
        own = (decimal(m.a), decimal(m.b), decimal(m.c), decimal(m.d), decimal(m.e), decimal(m.f))
        matrix = _times(own, outer)
        if kind == form:
            inner = (api.FPDFFormObj_GetObject(obj, j) for j in range(api.FPDFFormObj_CountObjects(obj)))
            yield from _drawn_in(api, inner, matrix, state, texts)
            continue
        api.FPDFPath_GetDrawMode(obj, fill, stroke)
        if not fill.value and not stroke.value:
            continue
        a, b, c, d, e, f = matrix
        points = []
        for s in range(api.FPDFPath_CountSegments(obj)):
            segment = segment_at(obj, s)
            point_of(segment, x, y)
            u, v = decimal(x.value), decimal(y.value)
            points.append((kinds.get(type_of(segment), "l"), a * u + c * v + e, b * u + d * v + f,
                           bool(closes(segment))))
        yield points


def _subpaths(points: list[tuple[str, float, float, bool]]) -> Iterator[tuple[str, list[tuple[float, float]]]]:
    """A pdfium path's subpaths as pdfminer's interpreter records them: (operators, end points).
    pdfium gives a Bézier curve as three points (pdfminer: one "c", its end point), and closes a
    subpath by marking its last point, first adding a line back to the start when it ends
    elsewhere (pdfminer: "h", whose point is the start)."""
    shape, curve = "", 0
    pts: list[tuple[float, float]] = []
    for kind, x, y, closes in points:
        if kind == "m":
            if len(shape) > 1:
                yield shape, pts
            shape, pts, curve = "", [], 0
        if kind == "c":
            curve += 1
            if curve % 3:
                continue
        if closes and pts and kind == "l" and (x, y) == pts[0]:
            kind = "h"
        shape += kind
        pts.append((x, y))
        if closes and kind != "h":
            shape += "h"
            pts.append(pts[0])
    if len(shape) > 1:
        yield shape, pts


def _shape(shape: str, pts: list[tuple[float, float]]) -> tuple[str, list[tuple[float, float]]]:
    """What pdfminer makes of a subpath (PDFLayoutAnalyzer.paint_path): "line", "rect" or "curve",
    and its points (a redundant line closing it dropped, as there)."""
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape, pts = shape[:-2] + "h", pts[:-1]
    if shape in ("mlh", "ml"):
        return "line", pts
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            return "rect", pts
    return "curve", pts
