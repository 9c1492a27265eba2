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

import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import SimpleNamespace

from xxgk.errors import ReadError

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
