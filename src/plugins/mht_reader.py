"""MHT reader: single-file web pages (`.mht`, `.mhtml`) as Word ("单个文件网页") and browsers save
them, a MIME multipart/related archive (RFC 2557) parsed by the standard library's `email` package.

The page is the first text/html part (the root, as Word and browsers write it); its transfer encoding
(quoted-printable, base64) is undone here and the HTML reader reads it, its charset taken from the
page's meta or else the part's Content-Type. Other parts (images, styles) are not read.

The email parser has no limits of its own and keeps a Python string for every line (a 19 MB file of
short lines took 835 MB, of header lines 705 MB, of tiny parts 350 MB and 8 s): an archive's bytes,
lines, parts and header lines are counted before it is parsed, and one over a limit is a ReadError.
"""
from __future__ import annotations

import itertools
import re

from xxgk import hookimpl
from xxgk.document import Document
from xxgk.errors import ReadError
from xxgk.registry import Reader, Source

from . import html_reader

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_BYTES = 50 * 1024 * 1024    # an archive: the page and its pictures (a page alone may have 20 MiB)
MAX_LINES = 1_000_000           # lines of an archive (a 50 MiB one in lines of 76 characters has 690,000)
MAX_PARTS = 10_000              # MIME parts (a page saved by Word: the page and its pictures, tens)
MAX_HEADER_LINES = 20_000       # header lines of all parts together (a part has a few)
_EOL = rb"(?:\r\n|\r(?!\n)|\n)"   # a line's end, as the email parser finds it: CR LF, CR or LF
_HEADER_END = re.compile(_EOL + _EOL)
_DELIMITER = re.compile(rb"(?<![^\r\n])--")   # begins every boundary line (and perhaps a line of a body)
_RELATED = re.compile(rb"^content-type\s*:\s*multipart/related\b", re.I | re.M)


def sniff(head: bytes) -> bool:
    """A MIME header block at the very start whose Content-Type is multipart/related."""
    return bool(_RELATED.search(_HEADER_END.split(head, 1)[0]))


def root_html(data: bytes) -> tuple[bytes, str | None]:
    """(bytes, charset) of the archive's page: its first text/html part, decoded from its transfer
    encoding, and the charset its Content-Type declares. ReadError for an empty or truncated archive
    (the closing boundary missing), one without an HTML part, and one over the limits (`check_size`)."""
    import email  # with the first archive, not with the plugin
    from email.errors import CloseBoundaryNotFoundDefect, StartBoundaryNotFoundDefect

    if not data.strip():
        raise ReadError("empty input")
    check_size(data)
    message = email.message_from_bytes(data)
    parts = list(message.walk())
    if any(isinstance(d, (CloseBoundaryNotFoundDefect, StartBoundaryNotFoundDefect)) for p in parts for d in p.defects):
        raise ReadError("truncated MHT: a MIME boundary is missing")
    root = next((p for p in parts if p.get_content_type() in HTML_TYPES), None)
    payload = root.get_payload(decode=True) if root is not None else None
    if root is None or not isinstance(payload, bytes):
        raise ReadError("MHT without an HTML part")
    return payload, root.get_content_charset()


def check_size(data: bytes) -> None:
    """ReadError for an archive over MAX_BYTES or MAX_LINES, or of more than MAX_PARTS parts or
    MAX_HEADER_LINES header lines, counted in its bytes, never parsed: lines end at CR LF, CR or LF,
    every line beginning with "--" is taken for a boundary, and the lines up to the first blank one
    after it for its part's header (upper bounds, in one pass)."""
    if len(data) > MAX_BYTES:
        raise ReadError(f"MHT of {len(data) // (1024 * 1024)} MiB: over the limit of {MAX_BYTES // (1024 * 1024)} MiB")
    lines = _line_ends(data, 0, len(data)) + 1
    if lines > MAX_LINES:
        raise ReadError(f"MHT of {lines:,} lines: over the limit of {MAX_LINES:,}")
    start, header_lines = 0, 0
    for parts, delimiter in enumerate(itertools.chain(_DELIMITER.finditer(data), [None])):
        if parts > MAX_PARTS:
            raise ReadError(f"MHT of more than {MAX_PARTS:,} parts: over the limit")
        end = delimiter.start() if delimiter else len(data)
        blank = _HEADER_END.search(data, start, end)
        header_lines += _line_ends(data, start, blank.start() if blank else end)
        if header_lines > MAX_HEADER_LINES:
            raise ReadError(f"MHT of more than {MAX_HEADER_LINES:,} header lines: over the limit")
        start = end + 2


def _line_ends(data: bytes, start: int, end: int) -> int:
    """The line ends in data[start:end]: CR LF, a CR alone or a LF alone (the email parser ends a
    line at each)."""
    return data.count(b"\n", start, end) + data.count(b"\r", start, end) - data.count(b"\r\n", start, end)


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
