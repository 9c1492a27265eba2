"""Bounded on any PDF: what a few bytes of a PDF make pdfminer and pdfplumber expand, parse or
compare is counted before the work (issue: memory, time and what leaves the machine).

Each input is made here in a few lines (`hostile`). Assertions count entries, tokens and pixels,
never the clock; each read runs inside a time limit of processor time, so that code without the
bound fails rather than hangs. docs/robustness.md names these tests.
"""
from __future__ import annotations

import pytest

from xxgk import limits
from xxgk.errors import ReadError
from xxgk.plugins import pdf_objects, pdf_reader
from xxgk.registry import Source

import hostile

LIMIT = 8   # seconds of processor time for one read here: far more than a bounded read takes


def read_pdf(data: bytes):
    """The PDF reader's Document for `data`, read within LIMIT."""
    with limits.time_limit(LIMIT):
        return pdf_reader.read(Source(data, "hostile.pdf"))


# ---- objects ----------------------------------------------------------------------------------------------

SHOW = b"BT /F1 12 Tf 50 800 Td (" + b"x" * 40 + b") Tj ET"


@pytest.mark.parametrize("packed", [True, False], ids=["object stream", "file"])
def test_the_tokens_of_a_pdfs_objects_are_counted(monkeypatch, packed):
    """A page dictionary holding an array of 150,000 numbers, packed in an object stream or not:
    pdfminer keeps about 100 bytes a token (an object stream of 6 KB held 3 million)."""
    monkeypatch.setattr(pdf_objects, "MAX_OBJECT_TOKENS", 100_000)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Junk [%s] >>"]
    content = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(SHOW), SHOW)
    for numbers, fails in ((10, False), (150_000, True)):
        page = objects[:2] + [objects[2] % (b"0 " * numbers)]
        data = hostile.packed_pdf(page, (content,)) if packed else hostile.pdf([*page, content])
        if not fails:
            assert [block.text for block in read_pdf(data).blocks] == ["x" * 40]
            continue
        with pytest.raises(ReadError, match=r"^its objects parse into more than 100,000 tokens: over the limit$"):
            read_pdf(data)
