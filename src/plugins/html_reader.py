"""HTML reader (beautifulsoup4 + lxml): saved portal pages, Word-exported HTML, pages fetched by URL.

This module registers the reader and decodes; the parsing (`html_page`) is imported on first use.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from xxgk import hookimpl
from xxgk.decoding import Decoded, decode, web_codec
from xxgk.document import Document, Table
from xxgk.errors import ReadError, one_line
from xxgk.limits import MAX_HTML_ELEMENTS
from xxgk.model import quoted
from xxgk.registry import Reader, Source

MAX_BYTES = 20 * 1024 * 1024
_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|table|div|p)[\s>/]", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def sniff(head: bytes) -> bool:
    return bool(_SNIFF.search(head.replace(b"\x00", b"")))


def declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:8192])
    return m.group(1).decode("ascii", "replace") if m else None


def page_text(data: bytes, charset: str | None = None) -> Decoded:
    """The page decoded by its meta charset, else by `charset` (a server's or a MIME part's), a
    label that names no web page's encoding passed over (`decoding.web_codec`). A page over
    MAX_BYTES, or of more than MAX_HTML_ELEMENTS tags (counted, never parsed: the parse and the
    reading keep up to 2 KB a tag with its text), is a ReadError."""
    if len(data) > MAX_BYTES:
        raise ReadError(f"page larger than {MAX_BYTES // (1024 * 1024)} MiB")
    if data.count(b"<") - data.count(b"</") > MAX_HTML_ELEMENTS:
        raise ReadError(f"page of more than {MAX_HTML_ELEMENTS:,} elements: over the limit")
    return decode(data, next((label for label in (declared_charset(data), charset) if label and web_codec(label)),
                             None))


def read(source: Source) -> Document:
    from .html_page import parse_html

    decoded = page_text(source.data, source.charset)
    doc = parse_html(decoded.text, source.name)
    if decoded.damage:
        doc.skipped.append(decoded.damage)
    if doc.images:
        _read_images(doc)
    return doc


def _read_images(doc: Document) -> None:
    """Tables published as images: read by OCR when the images are files beside a saved page, in
    its folder or below it (never a path that leads elsewhere: `/etc/…`, `../`, a link out), of at
    most MAX_BYTES. A picture that is refused or cannot be read, or whose name cannot be a file's,
    is left out and noted (SKIPPED)."""
    from . import ocr_engine

    if not ocr_engine.available():
        doc.no_tables_reason = f"{doc.no_tables_reason}; {ocr_engine.INSTALL_HINT}"
        return
    page = Path(doc.source or "")
    if not page.is_file():   # a page fetched by URL or piped in has no folder
        doc.no_tables_reason = f"{doc.no_tables_reason} (not saved beside the page, so not read)"
        return
    folder = page.resolve().parent
    beside = [(src, _named(folder, src)) for src in doc.images if "://" not in src and not src.startswith("data:")]
    if not any(isinstance(file, str) or file.is_file() for _, file in beside):
        doc.no_tables_reason = f"{doc.no_tables_reason} (not saved beside the page, so not read)"
        return
    from xxgk.api import load_source

    from .image_reader import read as read_image

    tables = []
    for src, file in beside:
        if isinstance(file, str):
            doc.skipped.append(f"picture {quoted(src)}: {file}")
            continue
        if not file.is_relative_to(folder):
            doc.skipped.append(f"picture {src!r}: outside the page's folder, not read")
            continue
        if not file.exists():
            continue
        try:
            picture = load_source(file, MAX_BYTES)
            tables += [b for b in read_image(Source(picture.data, str(file))).blocks if isinstance(b, Table)]
        except ReadError as exc:
            doc.skipped.append(f"picture {src!r}: {exc}")
        except Exception as exc:   # a picture that breaks the image decoder is one picture less, not a failed page
            doc.skipped.append(one_line(f"picture {src!r}: {type(exc).__name__}: {exc}"))
    if tables:
        doc.blocks += tables
        doc.no_tables_reason = None


def _named(folder: Path, src: str) -> Path | str:
    """The file a picture's `src` names from the page's `folder` (links resolved; it may not
    exist), or why no file can be named so: a NUL byte, a name too long, a loop of links."""
    try:
        file = (folder / unquote(src)).resolve()
        file.stat()
    except (FileNotFoundError, NotADirectoryError):
        return file
    except ValueError as exc:   # a NUL byte
        return f"not a file name ({exc}), not read"
    except RuntimeError:        # pathlib's "Symlink loop from …" (before Python 3.13)
        return "a loop of symbolic links, not read"
    except OSError as exc:      # a name too long; a loop of links (Python 3.13)
        return f"cannot be opened ({exc.strerror or type(exc).__name__}), not read"
    return file


@hookimpl
def xxgk_register_readers(registry):
    registry.add_reader(Reader(
        name="html", read=read, extensions=(".html", ".htm", ".shtml", ".xhtml", ".asp", ".aspx", ".jsp", ".php"),
        media_types=("text/html", "application/xhtml+xml"), sniff=sniff, priority=10))
