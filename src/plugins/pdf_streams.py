"""PDF streams decoded within bounds: a stream may not decode to more than MAX_STREAM_BYTES, nor all
streams of one PDF together to more than MAX_DECODED_BYTES, checked while decoding (a 1 MB Flate
stream can inflate to gigabytes, and pdfminer keeps about three copies of what it decodes).

pdfminer decodes every stream whole (`PDFStream.decode`), with no limit, and after a Flate error
retries a byte at a time into a growing string (quadratic). `bounded()` replaces (once) the Flate, LZW and
RunLength decoders pdfminer's `pdftypes` calls by ones that stop at the limit, StreamTooLarge (a
ReadError), and gives the reading of one PDF its budget. A Flate stream damaged part-way gives what decoded before the
damage, as pdfminer means its retry to.
"""
from __future__ import annotations

import base64
import binascii
import bisect
import io
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import SimpleNamespace

from pdfminer.pdfexceptions import PDFException
from pdfminer.psexceptions import PSException

from xxgk.errors import ReadError
from xxgk.limits import MAX_IMAGE_PIXELS

MAX_STREAM_BYTES = 64 * 1024 * 1024    # one decoded stream (a page's content, a whole embedded CJK font)
MAX_DECODED_BYTES = 128 * 1024 * 1024  # all streams of one PDF
PIECE = 64 * 1024


class StreamTooLarge(ReadError):
    """A stream that decodes to more than the limits allow."""


class _Budget:
    """The bytes the streams of one PDF may still decode to."""

    def __init__(self, total: int) -> None:
        self.left = total

    def room(self) -> int:
        return min(MAX_STREAM_BYTES, self.left)

    def spend(self, size: int) -> None:
        if size > MAX_STREAM_BYTES:
            raise StreamTooLarge(f"a stream decodes to more than {MAX_STREAM_BYTES // (1024 * 1024)} MiB: over the "
                                 "limit (a decompression bomb?)")
        if size > self.left:
            raise StreamTooLarge(f"its streams decode to more than {MAX_DECODED_BYTES // (1024 * 1024)} MiB: over "
                                 "the limit (a decompression bomb?)")
        self.left -= size


def _inflate(budget: _Budget, data: bytes) -> bytes:
    """Flate-decoded `data`, at most the budget's room; what decoded before damage, if damaged."""
    inflater = zlib.decompressobj()
    pieces, size, room = [], 0, budget.room()
    for start in range(0, len(data), PIECE):
        try:
            piece = inflater.decompress(data[start:start + PIECE], room + 1 - size)
            while True:
                pieces.append(piece)
                size += len(piece)
                if size > room:
                    budget.spend(size)
                if not inflater.unconsumed_tail:
                    break
                piece = inflater.decompress(inflater.unconsumed_tail, room + 1 - size)
        except zlib.error:
            break
        if inflater.eof:
            break
    budget.spend(size)
    return b"".join(pieces)


def _lzw(budget: _Budget, data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder

    pieces, size, room = [], 0, budget.room()
    for piece in LZWDecoder(io.BytesIO(data)).run():
        pieces.append(piece)
        size += len(piece)
        if size > room:
            break
    budget.spend(size)
    return b"".join(pieces)


def _run_length(budget: _Budget, data: bytes) -> bytes:
    """RunLength-decoded `data` (PDF 1.7 §7.4.5), its size counted from the run headers first."""
    from pdfminer.runlength import rldecode

    size, at = 0, 0
    while at < len(data) and data[at] != 128:
        length = data[at]
        size += length + 1 if length < 128 else 257 - length
        at += length + 2 if length < 128 else 2
    budget.spend(size)
    return rldecode(data)


_budget: ContextVar[_Budget | None] = ContextVar("pdf_stream_budget", default=None)


def _decoder(decode):
    """`decode(budget, data)` as pdfminer calls it: with the budget of the PDF being read, or
    one stream's alone outside `bounded`."""
    return lambda data: decode(_budget.get() or _Budget(MAX_STREAM_BYTES), data)


@contextmanager
def bounded() -> Iterator[None]:
    """Within the block (in this thread or task), pdfminer decodes streams within MAX_STREAM_BYTES
    each and MAX_DECODED_BYTES in all."""
    from pdfminer import pdftypes

    if not isinstance(pdftypes.zlib, SimpleNamespace):   # once per process
        pdftypes.zlib = SimpleNamespace(error=zlib.error, decompressobj=zlib.decompressobj,  # type: ignore
                                        decompress=_decoder(_inflate))
        pdftypes.lzwdecode = _decoder(_lzw)
        pdftypes.rldecode = _decoder(_run_length)
    token = _budget.set(_Budget(MAX_DECODED_BYTES))
    try:
        yield
    finally:
        _budget.reset(token)


# ---- every stream of a PDF, before it is rendered for OCR ---------------------------------------------------

_OBJ = re.compile(rb"obj(?![^\s/\[\]()<>{}%])")   # the keyword, ended by white space, a delimiter or the end
_SPACE = frozenset(b" \t\n\r\x0b\x0c")              # what \s matches in bytes
_DIGIT = frozenset(b"0123456789")
_STREAM = re.compile(rb">>\s*(stream)(?:\r\n|\n|\r)?")
_ENDSTREAM = re.compile(rb"endstream")
MAX_MEASURED_BYTES = 2 * 1024 * 1024 * 1024   # what the streams of one file are decoded to, together, when measured
FLATE_MOST = 1032   # bytes one byte of Flate data inflates to at most: a 258-byte match in two one-bit codes (RFC 1951)
_BEFORE_KEYWORD = frozenset(b" \t\n\r\x0b\x0c>]")        # after these a keyword begins (pdfminer's tokenizer)
_AFTER_KEYWORD = frozenset((b"", *(bytes([c]) for c in b"#/%[]()<>{} \t\n\r\x0b\x0c")))   # these end one
_HIDING = (b"(", b")", b"%", b"{", b"}")   # a string, a comment, a procedure
_PLAIN_STRING = re.compile(rb"\([^()\\]*\)")   # a string pdfminer reads to its first `)`
_BRACKETS = re.compile(rb"<<|>>|[\[\]]")
_OPENS = {b"<<": b">>", b"[": b"]"}
_NOT_HEX = bytes(set(range(256)) - set(b"0123456789ABCDEFabcdef"))
_A85_GROUPS = re.compile(rb"(?:z|[!-u]{5})*")
_A85_PART = re.compile(rb"[!-u]{0,4}")
_COMPONENTS = {"DeviceGray": 1, "G": 1, "CalGray": 1, "DeviceRGB": 3, "RGB": 3, "CalRGB": 3, "Lab": 3}
MIB = 1024 * 1024


class _Over(Exception):
    """A stage of a filter chain gave more bytes than the stream may decode to, or than the file's
    streams may together (MAX_MEASURED_BYTES)."""


def oversized(data: bytes, doc) -> str | None:
    """Why rendering the PDF `data` (its pdfminer PDFDocument `doc`, for references and decryption)
    could decode too much, or None: the first stream of the file that its filters would expand to
    more than MAX_STREAM_BYTES (an image, to more than its rows need when that is more: `_cap`).
    Every stream of the file's bytes is looked at, whatever its cross-reference tables say: each
    `N G obj` whose dictionary is followed by `stream`, as pdfium finds objects when it rebuilds a
    broken table (an object that ends at its `endobj` before any `stream`, `_ends_before`, is passed
    over unparsed). Decoded a piece at a time, counted and let go; each stream once, and all of them
    to MAX_MEASURED_BYTES together (streams without `endstream` may share the rest of the file: each
    decoded anew would make the work grow with the square of the file).

    A stream whose only expanding filter is Flate is counted, undecoded, at the most its data can
    inflate to (FLATE_MOST bytes a byte) when that is within its limit and what is left of the
    total; when counting so finds a stream or the total over, every stream is measured again,
    decoded, and that says why: the answer is the one decoding them all gives.

    pdfium may decode any stream once the document is open (the metadata, an embedded font, an
    ICC profile), with no limit of its own below 1 GiB. Flate, LZW, RunLength, ASCIIHex and ASCII85
    are followed, in chains; an image codec (DCT, JPX, JBIG2, CCITT) ends the chain, its pixels
    bounded by limits.MAX_IMAGE_PIXELS (`pdf_images`); a stream without filters is the file's own
    bytes."""
    try:
        return _measured(data, doc, True)
    except _Over:
        return _measured(data, doc, False)


def _measured(data: bytes, doc, estimate: bool) -> str | None:
    """`oversized`, single Flate streams counted at their most when `estimate` (_Over, then, when a
    stream or the total is over: decoding them may find them within)."""
    parser = _heads()(io.BytesIO(data))
    parser.set_document(doc)
    keywords = list(_STREAM.finditer(data))
    places = [found.start(1) for found in keywords]
    ends = [found.start() for found in _ENDSTREAM.finditer(data)]
    left = [MAX_MEASURED_BYTES]   # what the file's streams may still decode to, together
    for header_end, number, generation in object_headers(data):
        following = bisect.bisect_left(places, header_end)
        if following == len(places):
            break
        if _ends_before(data, header_end, places[following]):
            continue
        parser.stream_at = None
        try:
            parser.seek(header_end)
            _, head = parser.nextobject()
        except ReadError:
            raise
        except Exception:   # noqa: BLE001 – an object pdfminer cannot parse: not a stream of this file
            continue
        at = bisect.bisect_left(places, parser.stream_at or 0)
        if not (isinstance(head, dict) and at < len(places) and places[at] == parser.stream_at):
            continue
        keyword = keywords[at]
        if not (filters := filter_names(head)) or filters[0] not in _STAGES:
            continue
        begin, end = keyword.end(), _stream_end(data, keyword.end(), head, ends)
        pieces, size = _pieces(data, begin, end), end - begin
        if doc.decipher:
            try:
                clear = doc.decipher(int(number), int(generation), data[begin:end], head)
            except Exception:   # noqa: BLE001 – what cannot be deciphered cannot be decoded either
                continue
            pieces, size = _pieces(clear, 0, len(clear)), len(clear)
        cap = _cap(head)
        if estimate and _STAGES[filters[0]] is _inflating and (len(filters) == 1 or filters[1] not in _STAGES):
            most = FLATE_MOST * size
            if most <= cap and most <= left[0]:
                left[0] -= most
                continue
        try:
            _decoded(pieces, filters, cap, left)
        except _Over:
            if estimate:
                raise
            if left[0] < 0:
                return (f"the file's streams decode to more than {MAX_MEASURED_BYTES // MIB} MiB together: over "
                        "the limit, not rendered for OCR")
            return (f"object {int(number)}'s stream decodes to more than {cap // MIB} MiB: over the limit "
                    "(a decompression bomb?), not rendered for OCR")
    return None


def _ends_before(data: bytes, start: int, limit: int) -> bool:
    """Whether pdfminer's parser, reading an object from `start`, certainly stops at its `endobj`
    before `limit` (the next `>> stream` of the file) without meeting a `stream` keyword: the first
    `endobj` before `limit` stands as a keyword of its own, and what comes before it has, besides
    strings without parentheses or backslashes in them (one token each, from `(` to `)`), no
    string, comment, hex string or procedure to hide or join tokens, and is one dictionary or
    array whose `<<`/`>>` and `[`/`]` nest and close at its end (the parser then holds that object
    at `endobj` and stops there; a keyword after it, such as `R`, could take it off the stack)."""
    end = data.find(b"endobj", start, limit)
    if end < 0 or data[end - 1] not in _BEFORE_KEYWORD or data[end + 6:end + 7] not in _AFTER_KEYWORD:
        return False
    body = _PLAIN_STRING.sub(b" ", data[start:end])
    stripped = body.strip()
    if any(mark in body for mark in _HIDING) or body.count(b"<") != 2 * body.count(b"<<") \
            or body.count(b">") != 2 * body.count(b">>") or not stripped.startswith((b"<<", b"[")) \
            or not stripped.endswith((b">>", b"]")):
        return False
    brackets = _BRACKETS.findall(body)
    open_: list[bytes] = []
    for at, bracket in enumerate(brackets, start=1):
        if bracket in _OPENS:
            open_.append(_OPENS[bracket])
        elif not open_ or open_.pop() != bracket or (not open_ and at < len(brackets)):
            return False
    return not open_


def object_headers(data: bytes) -> Iterator[tuple[int, bytes, bytes]]:
    """Every `N G obj` of the file's bytes, in order: (where it ends, N, G as written). What the expression
    `(?<![0-9])([0-9]+)\\s+([0-9]+)\\s+obj(?![^\\s/\\[\\]()<>{}%])` finds, in a tenth of its time
    (it tried a match at every digit of the file's binary streams): each keyword found, then the
    two numbers before it read backwards; the runs read back from one keyword end at the last, so
    each byte is read back once."""
    for found in _OBJ.finditer(data):
        at = found.start()
        spaces = _run_before(data, at, _SPACE)
        digits = _run_before(data, spaces, _DIGIT)
        more_spaces = _run_before(data, digits, _SPACE)
        start = _run_before(data, more_spaces, _DIGIT)
        if at > spaces > digits > more_spaces > start:
            yield found.end(), data[start:more_spaces], data[digits:spaces]


def _run_before(data: bytes, end: int, kind: frozenset[int]) -> int:
    """Where the run of bytes of `kind` that ends at `end` begins (`end` when there is none)."""
    while end > 0 and data[end - 1] in kind:
        end -= 1
    return end


def _heads():
    """A pdfminer PDFParser (counting its tokens, `pdf_objects`) that gives a stream's dictionary
    where it meets the `stream` keyword, and notes the keyword's place (`stream_at`), its data left
    alone (pdfminer would resolve /Length first, and that may refer to itself)."""
    from pdfminer.pdfparser import PDFParser

    from .pdf_objects import counting

    class Heads(counting(PDFParser)):   # type: ignore[misc,valid-type]
        stream_at: int | None = None

        def do_keyword(self, pos: int, token) -> None:
            if token is not self.KEYWORD_STREAM:
                return super().do_keyword(pos, token)
            self.stream_at = pos
            self.add_results(*self.pop(1))
            return None

    return Heads


def filter_names(head: dict) -> list[str]:
    """The names of the filters of the stream whose dictionary is `head`, references resolved."""
    from .pdf_objects import resolved

    try:
        value = resolved(head.get("Filter"))
        names = [resolved(name) for name in (value if isinstance(value, list) else [value])]
    except (PSException, PDFException):
        return []
    return [getattr(name, "name", "") for name in names if name is not None]


def _stream_end(data: bytes, begin: int, head: dict, ends: list[int]) -> int:
    """Where the data of the stream from `begin` ends, at the latest: the `endstream` after it (of
    `ends`, the places of every `endstream` of the file), or its /Length when that lies further on
    (pdfium trusts /Length when `endstream` follows, and searches for `endstream` otherwise); a
    decoder stops at its own end of data anyway."""
    from .pdf_objects import resolved

    at = bisect.bisect_left(ends, begin)
    end = ends[at] if at < len(ends) else len(data)
    try:
        length = resolved(head.get("Length"))
    except (PSException, PDFException):
        length = None
    if isinstance(length, int) and 0 < length <= len(data) - begin:
        end = max(end, begin + length)
    return end


def _cap(head: dict) -> int:
    """The bytes the stream whose dictionary is `head` may decode to: MAX_STREAM_BYTES, or for an image
    the bytes its rows need when more (at most MAX_IMAGE_PIXELS pixels: a larger image drawn is
    refused by `pdf_images`, one not drawn is not decoded), every colour space not known to have
    fewer taken as four components."""
    from .pdf_objects import resolved

    if getattr(head.get("Subtype"), "name", None) != "Image":
        return MAX_STREAM_BYTES
    try:
        width, height, bits = (resolved(head.get(key)) for key in ("Width", "Height", "BitsPerComponent"))
        space = resolved(head.get("ColorSpace"))
    except (PSException, PDFException):
        return MAX_STREAM_BYTES
    if not (isinstance(width, int) and isinstance(height, int) and width > 0 < height):
        return MAX_STREAM_BYTES
    bits = bits if isinstance(bits, int) and 0 < bits <= 16 else 16
    components = _COMPONENTS.get(getattr(space, "name", ""), 4)
    rows = min(height, MAX_IMAGE_PIXELS // min(width, MAX_IMAGE_PIXELS))
    return max(MAX_STREAM_BYTES, (width * components * bits + 7) // 8 * rows)


def _pieces(data: bytes, begin: int, end: int) -> Iterator[bytes]:
    """data[begin:end] a piece at a time, never copied whole."""
    return (data[at:min(at + PIECE, end)] for at in range(begin, end, PIECE))


def _decoded(pieces: Iterator[bytes], filters: list[str], cap: int, left: list[int]) -> None:
    """Decodes a stream's data, given a piece at a time, through the expanding filters at the head of
    `filters`; _Over as soon as one stage gives more than `cap` bytes, or the stages of every stream
    measured so far more than `left[0]` (what is left of MAX_MEASURED_BYTES, kept there)."""
    for name in filters:
        if (stage := _STAGES.get(name)) is None:
            break
        pieces = _counted(stage(pieces), cap, left)
    for _ in pieces:
        pass


def _counted(pieces: Iterator[bytes], cap: int, left: list[int]) -> Iterator[bytes]:
    size = 0
    for piece in pieces:
        size += len(piece)
        left[0] -= len(piece)
        if size > cap or left[0] < 0:
            raise _Over
        yield piece


def _inflating(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """Flate (zlib, RFC 1950), up to its end or the first damage."""
    inflater = zlib.decompressobj()
    try:
        for piece in pieces:
            while piece and not inflater.eof:
                yield inflater.decompress(piece, PIECE)
                piece = inflater.unconsumed_tail
            if inflater.eof:
                return
        yield inflater.flush()   # what the last input held back: a few hundred bytes
    except zlib.error:
        return


def _lzw_decoding(pieces: Iterator[bytes]) -> Iterator[bytes]:
    from pdfminer.lzw import LZWDecoder

    try:
        yield from LZWDecoder(io.BytesIO(b"".join(pieces))).run()
    except (PSException, PDFException, ValueError):
        return


def _run_length_decoding(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """RunLength (PDF 1.7 §7.4.5): a length byte n, then n + 1 bytes, or 257 − n copies of one byte; 128 ends."""
    held = b""
    for piece in pieces:
        held += piece
        out: list[bytes] = []
        at = 0
        while at < len(held):
            length = held[at]
            if length == 128:
                yield b"".join(out)
                return
            need = length + 2 if length < 128 else 2
            if at + need > len(held):
                break
            out.append(held[at + 1:at + need] if length < 128 else held[at + 1:at + 2] * (257 - length))
            at += need
        held = held[at:]
        yield b"".join(out)


def _hex_decoding(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """ASCIIHex: pairs of hex digits up to `>`, anything else passed over; an odd last digit followed by 0."""
    held = b""
    for piece in pieces:
        piece, end, _ = piece.partition(b">")
        held += piece.translate(None, _NOT_HEX)
        even = len(held) & ~1
        yield binascii.unhexlify(held[:even])
        held = held[even:]
        if end:
            break
    if held:
        yield binascii.unhexlify(held + b"0")


def _a85_decoding(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """ASCII85 up to `~>` (or a character outside it): groups of five, or `z` for four zero bytes."""
    held = b""
    for piece in pieces:
        piece, end, _ = piece.partition(b"~")
        held += piece.translate(None, b" \t\n\r\f\x00")
        whole = _A85_GROUPS.match(held).end()   # type: ignore[union-attr]
        yield base64.a85decode(held[:whole])
        held = held[whole:]
        if end or len(held) >= 5:   # its end, or a character outside ASCII85 within the next group
            break
    group = held[:_A85_PART.match(held).end()]   # type: ignore[union-attr]
    if len(group) > 1:
        yield base64.a85decode(group)


_STAGES = {"FlateDecode": _inflating, "Fl": _inflating, "LZWDecode": _lzw_decoding, "LZW": _lzw_decoding,
           "RunLengthDecode": _run_length_decoding, "RL": _run_length_decoding,
           "ASCIIHexDecode": _hex_decoding, "AHx": _hex_decoding, "ASCII85Decode": _a85_decoding, "A85": _a85_decoding}
