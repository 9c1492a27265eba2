"""A PDF page's content interpreted within bounds: the tokens its content streams parse into and
the objects it draws are counted while pdfminer interprets the page, and a page over either limit
is a ReadError naming it, before the objects of the rest are built.

pdfminer keeps a Python object for every operand until its operator comes (an array's items in one
list: about 110 bytes each) and a layout object for every character, path and image drawn (a
character about 1.3 KB; pdfplumber's table finder adds several KB a rectangle): a 63 KB Flate
stream drawing 60 million characters, a 100 KB one drawing 4 million rectangles or a 50 KB one
holding a 25-million-number array took gigabytes, well inside the decoded-stream limits
(`pdf_streams`). A form drawn many times is counted each time. `page_layout` replaces the content
parser pdfminer's interpreter builds by one that counts (outside `page_layout` it counts nothing) and
gathers an inline image in linear time.
"""
from __future__ import annotations

import re
from contextvars import ContextVar

from pdfminer import pdfinterp
from pdfminer.layout import LTPage
from pdfplumber.page import PDFPageAggregatorWithMarkedContent

from xxgk.errors import ReadError

MAX_PAGE_TOKENS = 500_000     # operators and operands one page parses, forms each time drawn (a report page: ~10,000)
MAX_PAGE_OBJECTS = 200_000    # characters, path segments (a rule 2, a rectangle 5), images and forms one page draws
                              # (a report page: a few thousand)


class _Work:
    """What one page has parsed and drawn so far."""

    def __init__(self, number: int) -> None:
        self.number, self.tokens, self.objects = number, 0, 0

    def too_many_tokens(self) -> ReadError:
        return ReadError(f"page {self.number}: more than {MAX_PAGE_TOKENS:,} operators and operands: over the limit")

    def drew(self, objects: int) -> None:
        self.objects += objects
        if self.objects > MAX_PAGE_OBJECTS:
            raise ReadError(f"page {self.number} draws more than {MAX_PAGE_OBJECTS:,} characters, lines and images: "
                            "over the limit")


_work: ContextVar[_Work | None] = ContextVar("pdf_page_work", default=None)


class _CountingParser(pdfinterp.PDFContentParser):
    """pdfminer's content parser, counting each token against the page being interpreted."""

    def __init__(self, streams) -> None:
        super().__init__(streams)
        self._work = _work.get()

    def _add_token(self, obj) -> None:
        work = self._work
        if work is not None:
            work.tokens += 1
            if work.tokens > MAX_PAGE_TOKENS:
                raise work.too_many_tokens()
        super()._add_token(obj)

    def get_inline_data(self, pos: int, target: bytes = b"EI") -> tuple[int, bytes]:
        """An inline image's data (PDF 1.7 §8.9.7): the bytes from `pos` up to `target` and the
        white-space byte after it, as pdfminer finds them, without its final line break. pdfminer
        gathers them into bytes copied whole at each byte past a first byte of `target`: 2 MB of
        "E" took 124 s."""
        self.seek(pos)
        data, matched = bytearray(), 0   # bytes of `target` (then the white space) just read
        while matched <= len(target):
            self.fillbuf()
            if not matched:   # up to the next first byte of `target`, or the buffer's end
                found = self.buf.find(target[:1], self.charpos)
                end = len(self.buf) if found < 0 else found + 1
                data += self.buf[self.charpos:end]
                self.charpos, matched = end, int(found >= 0)
                continue
            byte = self.buf[self.charpos:self.charpos + 1]
            data += byte
            self.charpos += 1
            expected = byte.isspace() if matched == len(target) else byte[0] == target[matched]
            matched = matched + 1 if expected else 0
        return pos, re.sub(rb"(\r\n|[\r\n])$", b"", bytes(data[:len(data) - len(target) - 1]))


class _CountingDevice(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's layout device, counting each object drawn before it is built."""

    def __init__(self, work: _Work, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._work = work

    def render_char(self, *args, **kwargs) -> float:  # type: ignore[override]
        self._work.drew(1)
        return super().render_char(*args, **kwargs)

    def paint_path(self, gstate, stroke, fill, evenodd, path) -> None:
        if sum(segment[0] == "m" for segment in path) <= 1:   # one of several subpaths is painted again alone
            self._work.drew(len(path))
        super().paint_path(gstate, stroke, fill, evenodd, path)

    def render_image(self, *args, **kwargs) -> None:  # type: ignore[override]
        self._work.drew(1)
        super().render_image(*args, **kwargs)

    def begin_figure(self, *args, **kwargs) -> None:
        self._work.drew(1)
        super().begin_figure(*args, **kwargs)


def page_layout(page) -> LTPage:
    """The layout of a pdfplumber page (what `Page.layout` builds), interpreted within the limits;
    ReadError at the first one passed."""
    pdfinterp.PDFContentParser = _CountingParser   # type: ignore[misc]
    work = _Work(page.page_number)
    device = _CountingDevice(work, page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    token = _work.set(work)
    try:
        pdfinterp.PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    finally:
        _work.reset(token)
    return device.get_result()
