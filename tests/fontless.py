"""Generated reports drawn as PDFs whose CJK text cannot be decoded, as some official PDFs are.

draw() prints report_text's report on three A4 pages (sections 1–2, 3, 4–6), its tables ruled, each
page's text in an embedded TrueType CJK font (reportlab) or in STSong-Light, which decodes, and
the values in a Latin font if asked. hide() then turns every embedded TrueType font into a Type0
font with Identity-H encoding whose glyph ids are the character codes (pypdf), as Word and
WPS embed CJK fonts, and drops its ToUnicode map, so that pdfminer reads "(cid:NN)", or maps it to
private-use code points. The pages render as before.
"""
from __future__ import annotations

import re
import struct
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from reportgen import HEADINGS, report_text

DECODABLE = "STSong-Light"
HIDDEN = "xxgk-test-cjk"       # the embedded font hide() makes undecodable
LEFT, RIGHT = 40, 555          # points: the tables' edges
VALUE_WIDTH = 28               # points: a column of values
FIRST_LABEL = 62               # points: the first of two label cells ("（三）不予公开")
ROW, LINE = 14, 20             # points: a table row's height, a text line's step
PUA = 0xE000                   # glyph g decodes as U+E000 + g with a private-use map
_VALUE = re.compile(r"[\d.]*")
_NEW_PAGE = (HEADINGS[2], HEADINGS[3])


def register(font_file: str, index: int) -> None:
    """The fonts draw() uses: a CJK TrueType font (file, index in a collection) and STSong-Light."""
    pdfmetrics.registerFont(TTFont(HIDDEN, font_file, subfontIndex=index))
    pdfmetrics.registerFont(UnicodeCIDFont(DECODABLE))


def draw(path: Path, values: dict, hidden_pages: set[int], digits_font: str | None = None) -> None:
    """The report of `values` on three pages; pages in `hidden_pages` in the embedded font."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    page, y = 1, A4[1] - 60

    def font(text: str) -> str:
        if digits_font and _VALUE.fullmatch(text):
            return digits_font
        return HIDDEN if page in hidden_pages else DECODABLE

    for line in filter(None, report_text(values).splitlines()):
        if line in _NEW_PAGE:
            pdf.showPage()
            page, y = page + 1, A4[1] - 60
        if "\t" in line:
            cells = line.split("\t")
            edges = _edges(cells)
            pdf.setLineWidth(0.5)
            for top in (y + ROW - 4, y - 4):
                pdf.line(edges[0], top, edges[-1], top)
            for x in edges:
                pdf.line(x, y - 4, x, y + ROW - 4)
            for text, x0, x1 in zip(cells, edges, edges[1:]):
                pdf.setFont(font(text), min(8.0, (x1 - x0 - 4) / max(1, len(text))))
                pdf.drawString(x0 + 2, y, text)
            y -= ROW
        else:
            y -= 6
            pdf.setFont(font(line), 10)
            pdf.drawString(LEFT, y, line)
            y -= LINE
    pdf.save()


def _edges(cells: list[str]) -> list[float]:
    """The x of the rules of a row: values in narrow columns at the right, labels sharing the rest."""
    count = len(cells)
    while count and _VALUE.fullmatch(cells[count - 1]):
        count -= 1
    values = len(cells) - count
    right = RIGHT - VALUE_WIDTH * values
    if count == 2 and values:
        labels = [LEFT, LEFT + FIRST_LABEL, right]
    else:
        labels = [LEFT + (right - LEFT) * i / max(1, count) for i in range(count + 1)]
    return labels + [right + VALUE_WIDTH * (i + 1) for i in range(values)]


def hide(path: Path, private_use: bool = False) -> None:
    """Rewrite the PDF at `path`: its embedded TrueType fonts become Type0 fonts without ToUnicode
    (or with one to private-use code points), the text drawn in them rewritten to glyph ids."""
    import pypdf
    from pypdf.generic import ContentStream

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(path))
    glyphs: dict[int, list[int]] = {}            # font object: glyph of each character code
    for page in writer.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            if ref.idnum not in glyphs and font.get("/Subtype") == "/TrueType":
                glyphs[ref.idnum] = _type0(font, private_use)
        codes = {name: glyphs[ref.idnum] for name, ref in fonts.items() if ref.idnum in glyphs}
        content = ContentStream(page.get_contents(), writer)
        current = None
        for operands, operator in content.operations:
            if operator == b"Tf":
                current = codes.get(operands[0])
            elif operator == b"Tj" and current is not None:
                operands[0] = _glyph_string(operands[0], current)
            elif operator in (b"TJ", b"'", b'"') and current is not None:
                raise ValueError(f"text shown with {operator!r}: not rewritten")
        page.replace_contents(content)
    writer.write(path)


def _type0(font, private_use: bool) -> list[int]:
    """Turn a reportlab TrueType subset font dictionary into a Type0 one, in place; its glyphs by code."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

    glyphs = _cmap(font["/FontDescriptor"]["/FontFile2"].get_data())
    widths = ArrayObject()
    for code, width in enumerate(font["/Widths"], start=font["/FirstChar"]):
        widths += [NumberObject(glyphs[code]), ArrayObject([width])]
    name = NameObject
    descendant = DictionaryObject({
        name("/Type"): name("/Font"), name("/Subtype"): name("/CIDFontType2"), name("/BaseFont"): font["/BaseFont"],
        name("/CIDSystemInfo"): DictionaryObject({name("/Registry"): TextStringObject("Adobe"),
                                                  name("/Ordering"): TextStringObject("Identity"),
                                                  name("/Supplement"): NumberObject(0)}),
        name("/FontDescriptor"): font.raw_get("/FontDescriptor"), name("/CIDToGIDMap"): name("/Identity"),
        name("/W"): widths})
    keep = {}
    if private_use:
        font["/ToUnicode"].set_data(_private_use_map(glyphs))
        keep = {name("/ToUnicode"): font.raw_get("/ToUnicode")}
    font.clear()
    font.update({name("/Type"): name("/Font"), name("/Subtype"): name("/Type0"),
                 name("/BaseFont"): descendant["/BaseFont"], name("/Encoding"): name("/Identity-H"),
                 name("/DescendantFonts"): ArrayObject([descendant]), **keep})
    return glyphs


def _cmap(font_file: bytes) -> list[int]:
    """The glyph of each character code: the format 6 cmap that reportlab writes into a subset."""
    for i in range(struct.unpack_from(">H", font_file, 4)[0]):
        tag, _, offset, _ = struct.unpack_from(">4sLLL", font_file, 12 + 16 * i)
        if tag == b"cmap":
            form, _, _, first, count = struct.unpack_from(">5H", font_file, offset + 12)
            if form != 6 or first != 0:
                raise ValueError(f"cmap format {form} from {first}: not reportlab's")
            return list(struct.unpack_from(f">{count}H", font_file, offset + 22))
    raise ValueError("no cmap")


def _glyph_string(string, glyphs: list[int]):
    """A string of one-byte character codes as two-byte glyph ids."""
    from pypdf.generic import ByteStringObject, TextStringObject

    raw = string.get_original_bytes() if isinstance(string, TextStringObject) else bytes(string)
    return ByteStringObject(b"".join(struct.pack(">H", glyphs[code]) for code in raw))


def _private_use_map(glyphs: list[int]) -> bytes:
    """A ToUnicode CMap taking glyph g to U+E000 + g."""
    pairs = [f"<{g:04X}> <{PUA + g:04X}>" for g in sorted(set(glyphs))]
    return "\n".join(["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
                      "/CMapName /Xxgk-PrivateUse def", "/CMapType 2 def", "1 begincodespacerange", "<0000> <FFFF>",
                      "endcodespacerange", f"{len(pairs)} beginbfchar", *pairs, "endbfchar", "endcmap",
                      "CMapName currentdict /CMap defineresource pop", "end", "end"]).encode()
