"""The images a PDF page may make the renderer decode, told from the PDF's objects before the page is
rendered for OCR: pdfium decodes an image whole (a byte or more a pixel), whatever the scale it is
drawn at, so a page of a few kilobytes can draw one of billions of pixels.

Every object reachable from the page is looked at once (pdfminer's, in any nesting): the images of
its resources and of forms nested at any depth, their soft masks and masks, annotations'
appearance streams, patterns, Type 3 glyphs, soft-mask groups, and the inline images (BI … ID) of
every content stream among them (one the renderer cannot decode either, of a filter pdfminer does
not know, is passed over). Other pages (a link's destination, the page tree) are not followed.
`xxgk.limits.MAX_IMAGE_PIXELS` bounds the largest.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from pdfminer.pdfexceptions import PDFException
from pdfminer.pdftypes import PDFObjRef, PDFStream
from pdfminer.psparser import LIT

from .pdf_objects import resolved

MAX_INLINE_DICT = 4096          # bytes between BI and ID read as an inline image's dictionary
CONTENT_KEYS = ("Contents", "CharProcs", "AP")   # what holds content streams besides forms and tiling patterns
_IMAGE, _FORM, _PAGES = LIT("Image"), LIT("Form"), (LIT("Page"), LIT("Pages"))
_INLINE = re.compile(rb"(?<![^\s\])>])(BI|ID)(?=\s)")
_SIDES = (re.compile(rb"/W(?:idth)?\s+(\d+)"), re.compile(rb"/H(?:eight)?\s+(\d+)"))


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
                yield _pixels(obj.get("Width"), obj.get("Height"))
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
    the dictionary between its BI and ID; found in one pass."""
    begin = None
    for found in _INLINE.finditer(data):
        if found[1] == b"BI":
            begin = found.end()
        elif begin is not None:
            head = data[begin:found.start()] if found.start() - begin <= MAX_INLINE_DICT else b""
            sides = [side.search(head) for side in _SIDES]
            if sides[0] and sides[1]:
                yield _pixels(int(sides[0][1]), int(sides[1][1]))
            begin = None
