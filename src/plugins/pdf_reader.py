"""PDF reader (pdfplumber): ruled and unruled tables, tables across pages, paragraphs in reading order.

A page's characters and rules are read by pdfium where it may read them (`pdf_native`), else by
pdfminer (`pdf_pages`), in the same boxes and coordinates; XXGK_PDF_BACKEND=pdfminer reads every
page with pdfminer.

A page whose text layer cannot be read (pdf_text_layer: no text, a scan; or mostly characters
without Unicode, fonts without ToUnicode) is read by OCR when the extra is installed, the other
pages from their text; the items of both go into one Document in page order (OCR'd items in pixels
of the page image, the others in points). Without the extra such pages are left out, and a PDF
whose tables were all on them gives a Document whose reason says why and how to read it, so the
report gets a NO-TABLES finding.

Limits: MAX_PAGES pages for one report (an annual report runs to about ten), counted before any
page is built; decoded streams (`pdf_streams`); the tokens the PDF's objects parse into
(`pdf_objects`); the entries its fonts' maps expand to, a font over them read with the codes past
the cut undecoded and noted (`pdf_fonts`); the tokens a page's content parses into and the objects
it draws (`pdf_content`); the largest image a page to be read by OCR may draw (`pdf_images`) and
the forms it draws (`pdf_forms`); every stream of the file the renderer may decode, measured
before it opens the PDF (`pdf_streams.oversized`: over the limit, the pages are not read by OCR and
a SKIPPED finding says why); and the OCR reader's MAX_PAGES pages read by OCR.
"""
from __future__ import annotations

import gc
import io
from contextlib import ExitStack, contextmanager

from xxgk import hookimpl
from xxgk.dates import pdf_date
from xxgk.document import Document, Table
from xxgk.errors import ReadError
from xxgk.limits import MAX_IMAGE_PIXELS, give_back_memory
from xxgk.registry import Reader, Source

from . import ocr_engine
from .pdf_text_layer import UNDECODABLE, unreadable

MAX_PAGES = 200
SCANNED = "no text layer (scanned PDF)"
CANNOT_DECODE = "text layer cannot be decoded (fonts without ToUnicode)"
OCR_DPI = 150           # a page read by OCR is rendered at this resolution (lower for a page over A3)


def sniff(head: bytes) -> bool:
    return b"%PDF-" in head[:1024]


def read(source: Source) -> Document:
    from . import pdf_fonts
    from .pdf_layout import document, noting
    from .pdf_objects import counted
    from .pdf_streams import bounded

    if not sniff(source.data):
        raise ReadError("not a PDF (no %PDF- header)")
    with noting() as noted:
        with bounded(), counted(), pdf_fonts.bounded() as cuts:
            pages, unread, created, refused = _text_pages(source.data)
        to_ocr = unread and ocr_engine.available() and not refused
        ocr, second = _ocr(source.data, sorted(unread)) if to_ocr else ({}, None)
    doc = document({**pages, **ocr}, set(ocr), source.name)
    doc.reread = second
    doc.skipped += cuts + noted
    if refused:
        doc.skipped.append(_on_pages(refused, unread))
    if created:
        doc.meta.update(published=created, published_from="pdf")
    if not any(isinstance(b, Table) for b in doc.blocks):
        doc.no_tables_reason = _no_tables_reason(unread, len(pages) + len(unread), bool(ocr), bool(doc.blocks),
                                                 refused)
    return doc


def _text_pages(data: bytes) -> tuple[dict[int, tuple[list, float]], dict[int, str], str | None, str | None]:
    """The items and height of each page whose text layer can be read, by page number, why the
    others' cannot, the day the PDF was made (its CreationDate: a later ModDate may be a portal's
    stamp or a re-save after publication), and why the PDF is not to be rendered for OCR (a stream
    of it decoding past the limit, `pdf_streams.oversized`) or None. With the OCR extra installed
    (those are to be rendered for OCR), ReadError for one that may draw an image over
    limits.MAX_IMAGE_PIXELS, or forms in a loop or over pdf_forms.MAX_FORM_DRAWS times."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    from . import pdf_forms
    from .pdf_images import largest_image
    from .pdf_layout import page_items
    from .pdf_native import NativeDocument, wanted
    from .pdf_pages import lean_pages
    from .pdf_streams import oversized

    pages: dict[int, tuple[list, float]] = {}   # page number: its items and its height
    unread: dict[int, str] = {}                 # page number: why its text layer cannot be read
    refused = None
    # the stream is closed, not the PDF: pdfplumber's close() builds every page it has not built
    with io.BytesIO(data) as stream, _gc_paused(), ExitStack() as stack:
        try:
            pdf = pdfplumber.open(stream)
            made = pdf.metadata.get("CreationDate")
            created = pdf_date(made if isinstance(made, (str, bytes)) else None)
            native = NativeDocument(data, pdf.doc) if wanted() else None
            if native:
                stack.callback(native.close)
            # one page's objects alive at a time
            for n, page in enumerate(lean_pages(pdf, MAX_PAGES, native), start=1):
                why = unreadable(page.chars)
                if why and ocr_engine.available():   # the OCR extra imported for a page it is to read, never before
                    if (pixels := largest_image(page.page_obj)) > MAX_IMAGE_PIXELS:
                        raise ReadError(f"page {n} draws an image of {pixels:,} pixels: over the limit of "
                                        f"{MAX_IMAGE_PIXELS:,}")
                    pdf_forms.check(page.page_obj, n)
                if why:
                    unread[n] = why
                else:
                    pages[n] = ([item for _, item in page_items(page, n)], float(page.height))
                page.close()
            if unread and ocr_engine.available():   # before pdfium opens it: it may decode any stream
                refused = native.oversized() if native else oversized(data, pdf.doc)
        except ReadError:
            raise
        except Exception as exc:
            causes = (exc, *exc.args)
            if any(isinstance(e, PDFPasswordIncorrect) for e in causes):
                raise ReadError("encrypted PDF: it needs a password") from exc
            limit = next((e for e in causes if isinstance(e, ReadError)), None)   # wrapped by pdfplumber
            raise limit or ReadError(f"corrupt PDF: {_reason(exc)}") from exc
    return pages, unread, created, refused


def _ocr(data: bytes, numbers: list[int]):
    """Pages `numbers` read by OCR, rendered one at a time: {page number: (its items, its height)},
    and the pages kept for second readings of their cells (ocr_reader.SecondReading)."""
    from . import ocr_reader
    from .ocr_image import pdf_pages

    if len(numbers) > ocr_reader.MAX_PAGES:
        raise ReadError(f"{len(numbers)} pages to read by OCR: over the limit of {ocr_reader.MAX_PAGES} pages")
    out = {}
    second = ocr_reader.SecondReading()
    try:
        for n, image in pdf_pages(data, numbers, OCR_DPI):
            out[n] = ocr_reader.page_items(image, n, second)
            give_back_memory()
    except ValueError as exc:
        raise ReadError(str(exc)) from exc
    return out, second


def _no_tables_reason(unread: dict[int, str], total: int, read_by_ocr: bool, any_text: bool,
                      refused: str | None = None) -> str:
    """Why no table was found: pages whose text layer could not be read (without the OCR extra, how
    to read them; refused OCR, why), or nothing found by OCR."""
    if not unread:
        return "no table found in the PDF"
    why = CANNOT_DECODE if UNDECODABLE in unread.values() else SCANNED
    if len(unread) < total:
        why = _on_pages(why, unread)
    if refused:
        return f"{why}; {refused}"
    if not read_by_ocr:
        return f"{why}; {ocr_engine.INSTALL_HINT}"
    if len(unread) < total:
        return f"no table found in the PDF ({why}, read by OCR)"
    return f"{why}: {'no table' if any_text else 'no text'} found by OCR"


def _on_pages(why: str, pages: dict[int, str]) -> str:
    return f"{why} on page{'s' if len(pages) > 1 else ''} {', '.join(map(str, sorted(pages)))}"


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
