"""PDF reader (pdfplumber): ruled and unruled tables, tables across pages, paragraphs in reading order.

Limits: MAX_PAGES pages for one report (an annual report runs to about ten). A PDF with no text
layer gives a Document with no blocks and the reason, so the report gets a NO-TABLES finding.
"""
from __future__ import annotations

import gc
import io
from contextlib import contextmanager

from xxgk import hookimpl
from xxgk.document import Document, Table
from xxgk.errors import ReadError
from xxgk.registry import Reader, Source

MAX_PAGES = 200
MIN_TEXT_CHARS = 20     # fewer characters in the whole text layer: a scanned PDF
SCANNED = "no text layer (scanned PDF)"
OCR_DPI = 150           # a scanned page is rendered at this resolution for OCR


def sniff(head: bytes) -> bool:
    return b"%PDF-" in head[:1024]


def read(source: Source) -> Document:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    from .pdf_layout import blocks, drop_furniture, page_items
    from .pdf_pages import lean_pages

    if not sniff(source.data):
        raise ReadError("not a PDF (no %PDF- header)")
    try:
        pdf = pdfplumber.open(io.BytesIO(source.data))
    except Exception as exc:
        if any(isinstance(e, PDFPasswordIncorrect) for e in (exc, *exc.args)):
            raise ReadError("encrypted PDF: it needs a password") from exc
        raise ReadError(f"corrupt PDF: {_reason(exc)}") from exc
    with pdf, _gc_paused():
        try:
            pages = lean_pages(pdf)
            if len(pages) > MAX_PAGES:
                raise ReadError(f"{len(pages)} pages: over the limit of {MAX_PAGES} pages for one report")
            items, heights, chars = [], {}, 0
            for n, page in enumerate(pages, start=1):   # one page's objects alive at a time
                chars += len(page.chars)
                items += [item for _, item in page_items(page, n)]
                heights[n] = float(page.height)
                page.close()
        except ReadError:
            raise
        except Exception as exc:
            raise ReadError(f"corrupt PDF: {_reason(exc)}") from exc
    if chars < MIN_TEXT_CHARS:
        return _scanned(source)
    tables = [i for i in items if isinstance(i, Table)]
    kept = set(map(id, drop_furniture([i for i in items if not isinstance(i, Table)], heights)))
    ordered = [i for i in items if isinstance(i, Table) or id(i) in kept]
    doc = Document(blocks(ordered), source=source.name, reader="pdf")
    if not tables and not any(isinstance(b, Table) for b in doc.blocks):
        doc.no_tables_reason = "no table found in the PDF"
    return doc


def _scanned(source: Source) -> Document:
    """A PDF without a text layer: read by OCR when the extra is installed."""
    from . import ocr_engine

    if not ocr_engine.available():
        return Document(source=source.name, reader="pdf", no_tables_reason=f"{SCANNED}; {ocr_engine.INSTALL_HINT}")
    from .ocr_image import pdf_pages
    from .ocr_reader import MAX_PAGES as OCR_PAGES
    from .ocr_reader import read_images

    try:
        pages = pdf_pages(source.data, OCR_DPI, OCR_PAGES)
    except ValueError as exc:
        raise ReadError(str(exc)) from exc
    doc = read_images(pages, source.name)
    if doc.no_tables_reason:
        doc.no_tables_reason = f"{SCANNED}: {doc.no_tables_reason}"
    return doc


@contextmanager
def _gc_paused():
    """pdfminer allocates hundreds of thousands of short-lived objects per report, and the cyclic
    garbage collector rescans them again and again (a fifth of the read); nothing needs
    collecting mid-parse, so it waits until the pages are read (its state is restored)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


@hookimpl
def xxgk_register_readers(registry):
    registry.add_reader(Reader(name="pdf", read=read, extensions=(".pdf",), media_types=("application/pdf",),
                               sniff=sniff, priority=20))
