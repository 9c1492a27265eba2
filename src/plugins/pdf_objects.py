"""A PDF's objects parsed within bounds: every token pdfminer parses outside page contents (the
file's objects, the objects packed in object streams, fonts' CMaps and Type 1 headers) is counted
against one budget for the PDF, MAX_OBJECT_TOKENS, and the PDF over it is a ReadError.

pdfminer keeps a Python object for every token until its object is complete (about 100 bytes
each), and keeps the objects: an object stream of a few kilobytes can inflate, within the decoded-
stream limits (`pdf_streams`), to an array of tens of millions of numbers. Page contents are
counted page by page instead (`pdf_content`). `counted()` replaces (once) the parsers pdfplumber
and pdfminer create for the file, object streams and fonts by subclasses that count, and gives the
reading of one PDF its budget; outside it they count nothing.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from pdfminer.psparser import PSBaseParser

from xxgk.errors import ReadError

MAX_OBJECT_TOKENS = 1_000_000   # tokens of one PDF's objects outside page contents (a report: a few thousand)


class _Tokens:
    """The tokens the objects of one PDF may still parse into."""

    def __init__(self) -> None:
        self.left = MAX_OBJECT_TOKENS

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise ReadError(f"its objects parse into more than {MAX_OBJECT_TOKENS:,} tokens: over the limit")


_tokens: ContextVar[_Tokens | None] = ContextVar("pdf_object_tokens", default=None)


def count_token() -> None:
    """Count one token against the budget of the PDF being read (nothing outside `counted`)."""
    tokens = _tokens.get()
    if tokens is not None:
        tokens.spend()


Parser = TypeVar("Parser", bound=type[PSBaseParser])


def counting(parser: Parser) -> Parser:
    """A subclass of the pdfminer parser class `parser` (a PSBaseParser) that counts its tokens."""
    if getattr(parser, "counts_tokens", False):
        return parser

    def _add_token(self, obj) -> None:
        count_token()
        parser._add_token(self, obj)

    return type(parser.__name__, (parser,), {"_add_token": _add_token, "counts_tokens": True})  # type: ignore[return-value]


@contextmanager
def counted() -> Iterator[None]:
    """Within the block (in this thread or task), the tokens pdfminer parses outside page contents
    count against MAX_OBJECT_TOKENS; ReadError at the first past it."""
    from pdfminer import pdfdocument, pdffont
    from pdfplumber import pdf

    pdf.PDFParser = counting(pdf.PDFParser)   # type: ignore[misc]
    pdfdocument.PDFStreamParser = counting(pdfdocument.PDFStreamParser)   # type: ignore[misc]
    pdffont.Type1FontHeaderParser = counting(pdffont.Type1FontHeaderParser)   # type: ignore[misc]
    token = _tokens.set(_Tokens())
    try:
        yield
    finally:
        _tokens.reset(token)
