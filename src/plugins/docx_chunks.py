"""altChunk parts of a DOCX (ECMA-376 Part 1, 17.17.2.1): content in another format that Word
imports where `<w:altChunk r:id="…"/>` stands. HTML-to-DOCX tools (html-docx-js, the Open XML SDK)
write a whole report, or one table, so.

An HTML or MHT chunk is read by the HTML reader's block extraction, a DOCX chunk by the DOCX reader;
the chunk's blocks take its place in body order, their locations under `altChunk[rId]/`. A DOCX chunk
passes the same package checks as the DOCX holding it, its unpacked size counted with that one's,
and may hold no DOCX chunk itself (one level). ReadError for a chunk that names no part, a chunk
of a format not read (RTF, plain text) and a DOCX chunk inside a DOCX chunk.
"""
from __future__ import annotations

from xxgk.document import Block, Table
from xxgk.errors import ReadError
from xxgk.registry import SNIFF_BYTES

from . import docx_reader, html_reader, mht_reader

R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
ZIP = b"PK\x03\x04"


def chunk_blocks(walker: docx_reader.BodyWalker, element) -> list[Block]:
    """The blocks of the part an altChunk element names, located under `altChunk[rId]/`."""
    r_id = element.get(R_ID) or ""
    part = walker.part.related_parts.get(r_id)
    if part is None:
        raise ReadError(f'altChunk r:id="{r_id}" names no part of the DOCX')
    try:
        blocks = _blocks(walker, part.blob, part.content_type)
    except ReadError as exc:
        raise ReadError(f"altChunk {part.partname}: {exc}") from exc
    for block in blocks:
        cells = [c for row in block.rows for c in row] if isinstance(block, Table) else []
        for location in [block.location] + [c.location for c in cells]:
            if location is not None:
                location.path = f"altChunk[{r_id}]/{location.path or ''}"
    return blocks


def _blocks(walker: docx_reader.BodyWalker, blob: bytes, content_type: str) -> list[Block]:
    head = blob[:SNIFF_BYTES]
    if head.startswith(ZIP):
        if walker.nested:
            raise ReadError("a DOCX inside an altChunk DOCX: xxgk reads one level")
        inner = docx_reader.read_package(blob, walker)
        walker.unpacked = inner.unpacked
        return inner.blocks
    from .html_page import parse_fragment

    if mht_reader.sniff(head):
        html, charset = mht_reader.root_html(blob)
        return parse_fragment(html_reader.page_text(html, charset).text)
    if content_type in mht_reader.HTML_TYPES or html_reader.sniff(head):
        return parse_fragment(html_reader.page_text(blob).text)
    raise ReadError(f"{content_type} not read (xxgk reads HTML, MHT and DOCX chunks)")


class _KeepChunks:
    """A python-docx `part_class_selector` that loads altChunk parts as plain parts (bytes) and asks
    the selector it replaced about every other part."""

    def __init__(self, previous) -> None:
        self.previous = previous

    def __call__(self, content_type: str, reltype: str):
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.part import Part

        if reltype == RT.A_F_CHUNK:
            return Part
        return self.previous(content_type, reltype) if self.previous else None


def keep_chunks_as_bytes() -> None:
    """Have python-docx keep altChunk parts as bytes: a DOCX chunk with the main document's content
    type, as the Open XML SDK writes it, would otherwise be parsed as XML and fail the whole file."""
    from docx.opc.part import PartFactory

    if not isinstance(PartFactory.part_class_selector, _KeepChunks):
        PartFactory.part_class_selector = _KeepChunks(PartFactory.part_class_selector)
