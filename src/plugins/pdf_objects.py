"""A PDF's objects parsed within bounds: every token pdfminer parses outside page contents (the
file's objects, the objects packed in object streams, fonts' CMaps and Type 1 headers) is counted
against one budget for the PDF, MAX_OBJECT_TOKENS, and every line of its cross-reference tables
against MAX_XREF_ENTRIES; the PDF over either is a ReadError.

pdfminer keeps a Python object for every token until its object is complete (about 100 bytes
each), and keeps the objects: an object stream of a few kilobytes can inflate, within the decoded-
stream limits (`pdf_streams`), to an array of tens of millions of numbers. Page contents are
counted page by page instead (`pdf_content`). `counted()` replaces (once) the parsers pdfplumber
and pdfminer create for the file, object streams and Type 1 font headers, and pdfminer's
cross-reference table, by subclasses that count (`counting`; `pdf_fonts` installs the CMap parser
so), and gives the reading of one PDF its budget; outside it they count nothing.
Where xxgk resolves an object itself, `resolved` follows at most MAX_REFERENCES references.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from pdfminer import pdfdocument
from pdfminer.pdftypes import PDFObjRef
from pdfminer.psparser import PSBaseParser

from xxgk.errors import ReadError

MAX_OBJECT_TOKENS = 1_000_000   # tokens of one PDF's objects outside page contents (a report: a few thousand)
MAX_XREF_ENTRIES = 500_000      # lines of one PDF's cross-reference tables (a report: thousands; 200 bytes kept each)
MAX_REFERENCES = 32             # references followed from one to the next to reach an object


class _Budget:
    """The tokens the objects of one PDF may still parse into, and the lines its cross-reference
    tables may still hold; `in_table` while pdfminer reads a table."""

    def __init__(self, tokens: int) -> None:
        self.limit = tokens
        self.tokens, self.lines, self.in_table = tokens, MAX_XREF_ENTRIES, False

    def spend(self) -> None:
        self.tokens -= 1
        if self.tokens < 0:
            raise ReadError(f"its objects parse into more than {self.limit:,} tokens: over the limit")

    def read_line(self) -> None:
        if self.in_table:
            self.lines -= 1
            if self.lines < 0:
                raise ReadError(f"its cross-reference tables hold more than {MAX_XREF_ENTRIES:,} entries: "
                                "over the limit")


_budget: ContextVar[_Budget | None] = ContextVar("pdf_object_budget", default=None)


def resolved(value: object) -> object:
    """`value` resolved: a chain of references followed up to MAX_REFERENCES, None past that
    (an object that is a reference to itself sent pdfminer's resolve1 round for ever)."""
    for _ in range(MAX_REFERENCES):
        if not isinstance(value, PDFObjRef):
            return value
        value = value.resolve()
    return None


def count_token() -> None:
    """Count one token against the budget of the PDF being read (nothing outside `counted`)."""
    budget = _budget.get()
    if budget is not None:
        budget.spend()


class _CountedTable(pdfdocument.PDFXRef):
    """pdfminer's cross-reference table (PDF 1.7 §7.5.4), its lines counted as they are read (an
    entry a line): pdfminer keeps an entry in a dictionary, 4.9 million of them 1.1 GB."""

    def load(self, parser) -> None:
        budget = _budget.get()
        if budget is None:
            return super().load(parser)
        budget.in_table = True
        try:
            super().load(parser)
        finally:
            budget.in_table = False


Parser = TypeVar("Parser", bound=type[PSBaseParser])


def counting(parser: Parser) -> Parser:
    """A subclass of the pdfminer parser class `parser` (a PSBaseParser) that counts its tokens."""
    if getattr(parser, "counts_tokens", False):
        return parser

    def _add_token(self, obj) -> None:
        count_token()
        parser._add_token(self, obj)

    def nextline(self) -> tuple[int, bytes]:
        budget = _budget.get()
        if budget is not None:
            budget.read_line()
        return parser.nextline(self)

    return type(parser.__name__, (parser,), {"_add_token": _add_token, "nextline": nextline,  # type: ignore[return-value]
                                             "counts_tokens": True})


@contextmanager
def counted(tokens: int | None = None) -> Iterator[None]:
    """Within the block (in this thread or task), the tokens pdfminer parses outside page contents
    count against `tokens` (MAX_OBJECT_TOKENS when None), and the lines of cross-reference tables
    against MAX_XREF_ENTRIES; ReadError at the first past either. A block inside another counts
    against its own budget only."""
    from pdfminer import pdffont
    from pdfplumber import pdf

    pdf.PDFParser = counting(pdf.PDFParser)   # type: ignore[misc]
    pdfdocument.PDFStreamParser = counting(pdfdocument.PDFStreamParser)   # type: ignore[misc]
    pdffont.Type1FontHeaderParser = counting(pdffont.Type1FontHeaderParser)   # type: ignore[misc]
    pdfdocument.PDFXRef = _CountedTable   # type: ignore[misc]
    token = _budget.set(_Budget(MAX_OBJECT_TOKENS if tokens is None else tokens))
    try:
        yield
    finally:
        _budget.reset(token)
