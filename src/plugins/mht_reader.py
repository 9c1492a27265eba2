"""MHT reader: single-file web pages (`.mht`, `.mhtml`) as Word ("单个文件网页") and browsers save
them, a MIME multipart/related archive (RFC 2557) parsed by the standard library's `email` package.

The page is the first text/html part (the root, as Word and browsers write it); its transfer encoding
(quoted-printable, base64) is undone here and the HTML reader reads it, its charset taken from the
page's meta or else the part's Content-Type. Other parts (images, styles) are not read.
"""
from __future__ import annotations

import email
import re
from email.errors import CloseBoundaryNotFoundDefect, StartBoundaryNotFoundDefect

from xxgk import hookimpl
from xxgk.document import Document
from xxgk.errors import ReadError
from xxgk.registry import Reader, Source

from . import html_reader

HTML_TYPES = ("text/html", "application/xhtml+xml")
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_RELATED = re.compile(rb"^content-type\s*:\s*multipart/related\b", re.I | re.M)


def sniff(head: bytes) -> bool:
    """A MIME header block at the very start whose Content-Type is multipart/related."""
    return bool(_RELATED.search(_HEADER_END.split(head, 1)[0]))


def root_html(data: bytes) -> tuple[bytes, str | None]:
    """(bytes, charset) of the archive's page: its first text/html part, decoded from its transfer
    encoding, and the charset its Content-Type declares. ReadError for an empty or truncated archive
    (the closing boundary missing) and one without an HTML part."""
    if not data.strip():
        raise ReadError("empty input")
    message = email.message_from_bytes(data)
    parts = list(message.walk())
    if any(isinstance(d, (CloseBoundaryNotFoundDefect, StartBoundaryNotFoundDefect)) for p in parts for d in p.defects):
        raise ReadError("truncated MHT: a MIME boundary is missing")
    root = next((p for p in parts if p.get_content_type() in HTML_TYPES), None)
    payload = root.get_payload(decode=True) if root is not None else None
    if root is None or not isinstance(payload, bytes):
        raise ReadError("MHT without an HTML part")
    return payload, root.get_content_charset()


def read(source: Source) -> Document:
    html, charset = root_html(source.data)
    doc = html_reader.read(Source(html, source.name, "text/html", charset))
    doc.reader = "mht"
    return doc


@hookimpl
def xxgk_register_readers(registry):
    registry.add_reader(Reader(
        name="mht", read=read, extensions=(".mht", ".mhtml"),
        media_types=("multipart/related", "message/rfc822", "application/x-mimearchive"), sniff=sniff,
        priority=15))
