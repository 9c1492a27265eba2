"""Images of report pages (PNG, JPEG, TIFF, BMP; every page of a multi-page TIFF), read by OCR when
the `ocr` extra is installed."""
from __future__ import annotations

from xxgk import hookimpl
from xxgk.document import Document
from xxgk.errors import ReadError
from xxgk.limits import MAX_IMAGE_PIXELS
from xxgk.registry import Reader, Source

from . import ocr_engine

TIFF = (b"II*\x00", b"MM\x00*")
MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", *TIFF, b"BM")
WORKING_WIDTH = 1240        # pixels: larger images are reduced to an A4 page at 150 dpi


def sniff(head: bytes) -> bool:
    return head.startswith(MAGIC)


def read(source: Source) -> Document:
    if not ocr_engine.available():
        raise ReadError(f"an image: {ocr_engine.INSTALL_HINT}")
    from .ocr_image import decode, reduce, tiff_pages
    from .ocr_reader import MAX_PAGES, read_images

    try:
        if source.data.startswith(TIFF):   # a scanner's TIFF often holds the whole report
            pages = tiff_pages(source.data, MAX_IMAGE_PIXELS, MAX_PAGES, WORKING_WIDTH)
        else:
            pages = [decode(source.data, MAX_IMAGE_PIXELS)]
    except ValueError as exc:
        raise ReadError(str(exc)) from exc
    return read_images([reduce(page, WORKING_WIDTH) for page in pages], source.name)


@hookimpl
def xxgk_register_readers(registry):
    registry.add_reader(Reader(name="image", read=read, extensions=(".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"),
                               media_types=("image/png", "image/jpeg", "image/tiff", "image/bmp"), sniff=sniff,
                               priority=20))
