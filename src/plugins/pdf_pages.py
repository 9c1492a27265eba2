"""pdfplumber pages whose objects are lean: only the characters, lines, rectangles and curves the
PDF reader uses, with only the attributes its table finding and line grouping read.

pdfplumber turns every pdfminer object into a dictionary of all its attributes, colours and paths
resolved (about a quarter of a report's read); this page builds the few keys needed instead and
leaves the rest of pdfplumber (table finder, text lines) as it is. The same dictionaries are built
from pdfium's objects where it may read the page (`pdf_native`).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from pdfminer.layout import LTChar, LTContainer, LTCurve, LTLine, LTPage, LTRect
from pdfminer.pdfpage import PDFPage
from pdfplumber.page import Page

from xxgk.errors import ReadError

from .pdf_content import page_layout
from .pdf_objects import resolved

if TYPE_CHECKING:
    from .pdf_native import NativeDocument

_KINDS = ((LTChar, "char"), (LTRect, "rect"), (LTLine, "line"), (LTCurve, "curve"))   # subclasses first


class LeanPage(Page):
    """A pdfplumber page with lean object dictionaries (coordinates as pdfplumber gives them), its
    content interpreted within the limits of `pdf_content`; its objects read by pdfium when
    `native` (a pdf_native.NativeDocument of the PDF) can read the page (then `by_pdfium`)."""

    native: NativeDocument | None = None
    by_pdfium = False

    @property
    def layout(self) -> LTPage:
        if not hasattr(self, "_layout"):
            self._layout = page_layout(self)
        return self._layout

    def parse_objects(self) -> dict[str, list[dict]]:
        objects = self.native.objects(self) if self.native is not None else None
        self.by_pdfium = objects is not None
        return objects if objects is not None else self._pdfminer_objects()

    def _pdfminer_objects(self) -> dict[str, list[dict]]:
        objects: dict[str, list[dict]] = {kind: [] for _, kind in _KINDS}
        for obj in _leaves(self.layout._objs):
            kind = next((name for cls, name in _KINDS if isinstance(obj, cls)), None)
            if kind is None:
                continue
            item = self.item(kind, obj.x0, obj.y0, obj.x1, obj.y1)
            if kind == "char":
                item.update(text=obj.get_text(), size=obj.size, upright=obj.upright, matrix=obj.matrix,
                            fontname=obj.fontname)
            elif kind == "curve":
                item["pts"] = [self.point2coord(point) for point in obj.pts]
            objects[kind].append(item)
        return objects

    def item(self, kind: str, x0: float, y0: float, x1: float, y1: float) -> dict:
        """The lean dictionary of an object of `kind` whose box in pdfminer's layout coordinates
        (points from the bottom left of the turned page) is (x0, y0, x1, y1)."""
        height, (x_shift, y_shift) = float(self.height), self.mediabox[:2]
        top = height - y1 + y_shift
        return {"object_type": kind, "page_number": self.page_number, "x0": x0 + x_shift, "x1": x1 + x_shift,
                "y0": y0, "y1": y1, "top": top, "bottom": height - y0 + y_shift, "doctop": self.initial_doctop + top,
                "width": x1 - x0, "height": y1 - y0}


def _leaves(objs: Iterable) -> Iterator:
    """The layout objects inside figures and other containers, in drawing order."""
    for obj in objs:
        if isinstance(obj, LTContainer):
            yield from _leaves(obj._objs)
        else:
            yield obj


def lean_pages(pdf, limit: int, native: NativeDocument | None = None) -> Iterator[LeanPage]:
    """The pages of an open pdfplumber PDF as LeanPages, one at a time (nothing parsed until a page
    is used), their objects read by pdfium through `native` where it can. ReadError, before any
    page is built, for a PDF whose page tree says it has more than `limit` pages, and when the walk
    meets page `limit` + 1 (the count may lie)."""
    count = _count(pdf.doc)
    if count is not None and count > limit:
        raise ReadError(f"{count} pages: over the limit of {limit} pages for one report")
    doctop = 0.0
    for number, page_obj in enumerate(PDFPage.create_pages(pdf.doc), start=1):
        if number > limit:
            raise ReadError(f"more than {limit} pages: over the limit of {limit} pages for one report")
        page = LeanPage(pdf, page_obj, page_number=number, initial_doctop=doctop)
        page.native = native
        doctop += float(page.height)
        yield page


def _count(document) -> int | None:
    """The page count the page tree's root states (PDF 1.7 §7.7.3.2), None if it states none."""
    root = resolved(document.catalog.get("Pages"))
    count = resolved(root.get("Count")) if isinstance(root, dict) else None
    return count if isinstance(count, int) else None

