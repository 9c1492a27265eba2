"""How many times rendering a PDF page draws forms, told from its objects before it is rendered for
OCR: pdfium follows a form that draws itself (directly, through other forms or through the
resources it inherits) down to 64 levels, so a form drawing itself twice is drawn 2^64 times (805
bytes took 22.8 GB), and forms nested a few tens deep, each drawing the next twice, millions.

Every content stream the renderer runs is counted each time it is run: forms drawn by `Do`, tiling
patterns by `scn`/`SCN`, soft-mask groups by `gs`, a Type 3 font's glyph procedures (each once) by
`Tf`, from the page's contents and its annotations' appearance streams down. A form without
resources of its own uses those of the stream drawing it, as pdfium does. The operators are found
in each stream once, by a regular expression over its bytes (a name in a string or an inline image
may be counted too: an upper bound).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pdfminer.pdfexceptions import PDFException
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import LIT

from xxgk.errors import ReadError

from .pdf_objects import resolved

MAX_FORM_DRAWS = 10_000   # content streams one page's rendering runs, each time (a report page: a few tens)
_RESOURCE = {b"Do": "XObject", b"scn": "Pattern", b"SCN": "Pattern", b"gs": "ExtGState", b"Tf": "Font"}
_REGULAR = rb"[^\s/\[\]()<>{}%]"
_USE = re.compile(rb"/(%s*)\s*(?:[-+]?[\d.]+\s+)?(Do|scn|SCN|gs|Tf)(?!%s)" % (_REGULAR, _REGULAR))
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_FORM, _TYPE3 = LIT("Form"), LIT("Type3")

Drawn = tuple[PDFStream, dict | None]   # a content stream and its own resources (None: the drawer's)


def check(page, number: int) -> None:
    """ReadError for page `number` (a pdfminer PDFPage) when rendering it would run a form inside
    itself or content streams more than MAX_FORM_DRAWS times."""
    content(page, number)


def content(page, number: int) -> tuple[int, list[dict]]:
    """The decoded bytes of the content streams rendering page `number` (a pdfminer PDFPage) runs,
    each time it runs them (the page's contents, forms, patterns, soft masks, Type 3 glyphs and
    appearance streams), and the font dictionaries they select (`Tf`). ReadError when it would run
    a form inside itself or content streams more than MAX_FORM_DRAWS times."""
    resources = _dictionary(page.resources)
    uses: Counter = Counter()
    count = _Count(number)
    size = 0
    for stream in page.contents:
        if isinstance(stream := resolved(stream), PDFStream):
            uses += count.uses_of(stream)
            size += count.sizes[id(stream)]
    count.note_fonts(uses, resources)
    roots = [(drawn, times) for (operator, name), times in uses.items()
             for drawn in _drawn(operator, name, resources)]
    roots += [(drawn, 1) for drawn in _appearances(page.annots)]
    return size + count.total(roots, resources)[1], count.fonts


@dataclass
class _Frame:
    """A content stream being counted: the resources it runs with, what it draws (with how many
    times), the next of those to count, and the draws and decoded bytes counted so far (its own
    bytes, then those it draws, each time drawn)."""
    stream: PDFStream | None
    resources: dict
    edges: list[tuple[Drawn, int]]
    at: int = 0
    draws: int = 0
    size: int = 0


class _Count:
    """The draws of one page, each content stream's (with the resources it runs with) counted once;
    streams and dictionaries known by their ids (pdfminer's document keeps every object it resolves)."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.below: dict[tuple[int, int], tuple[int, int]] = {}   # (stream, resources): its draws and bytes, all levels
        self.uses: dict[int, Counter] = {}            # stream: its uses of named resources
        self.sizes: dict[int, int] = {}               # stream: its decoded bytes
        self.fonts: list[dict] = []                   # the font dictionaries streams select (Tf)

    def total(self, roots: list[tuple[Drawn, int]], resources: dict) -> tuple[int, int]:
        """The draws of `roots` (what a stream running with `resources` draws, with how many times)
        and the decoded bytes of the streams drawn, each time drawn, counted depth first without
        recursion; ReadError past the limit or at a loop."""
        stack = [_Frame(None, resources, roots)]
        path: set[tuple[int, int]] = set()
        while True:
            frame = stack[-1]
            if frame.at == len(frame.edges):
                stack.pop()
                if not stack:
                    return frame.draws, frame.size
                key = (id(frame.stream), id(frame.resources))
                path.discard(key)
                self.below[key] = frame.draws, frame.size
                self._add(stack[-1], *self.below[key])
                continue
            (stream, own), _ = frame.edges[frame.at]
            inner = own if own is not None else frame.resources
            key = (id(stream), id(inner))
            if key in path:
                raise ReadError(f"page {self.number} draws a form that draws itself: a loop, not rendered for OCR")
            if key in self.below:
                self._add(frame, *self.below[key])
                continue
            path.add(key)
            edges = self._edges(stream, inner)
            stack.append(_Frame(stream, inner, edges, size=self.sizes[id(stream)]))

    def _add(self, frame: _Frame, below: int, size: int) -> None:
        """Counts the next stream `frame` draws, with the `below` draws inside it and the `size`
        bytes it runs, as many times as it is drawn."""
        times = frame.edges[frame.at][1]
        frame.draws += times * (1 + below)
        frame.size += times * size
        frame.at += 1
        if frame.draws > MAX_FORM_DRAWS:
            raise ReadError(f"page {self.number} draws forms more than {MAX_FORM_DRAWS:,} times: over the limit")

    def note_fonts(self, uses: Counter, resources: dict) -> None:
        """Notes the fonts a stream running with `resources` selects (its `uses`)."""
        fonts = _dictionary(resources.get("Font"))
        self.fonts += [font for operator, name in uses if operator == b"Tf"
                       and (font := _dictionary(fonts.get(name)))]

    def _edges(self, stream: PDFStream, resources: dict) -> list[tuple[Drawn, int]]:
        self.note_fonts(self.uses_of(stream), resources)
        return [(drawn, times) for (operator, name), times in self.uses_of(stream).items()
                for drawn in _drawn(operator, name, resources)]

    def uses_of(self, stream: PDFStream) -> Counter:
        """How many times the content stream uses each named resource: {(operator, name): times};
        its decoded bytes noted in `sizes` (none when it cannot be decoded)."""
        if id(stream) not in self.uses:
            try:
                data = stream.get_data()
            except PDFException:
                data = b""
            self.sizes[id(stream)] = len(data)
            uses: Counter = Counter()
            for (raw, operator), times in Counter(_USE.findall(data)).items():   # each name written once unescaped
                uses[operator, _name(raw)] += times
            self.uses[id(stream)] = uses
        return self.uses[id(stream)]


def _name(raw: bytes) -> str:
    """A name's key in a pdfminer dictionary (PDF 1.7 §7.3.5: #hh escapes; UTF-8, as pdfminer decodes it)."""
    raw = _ESCAPE.sub(lambda found: bytes([int(found[1], 16)]), raw)
    try:
        return raw.decode()
    except UnicodeDecodeError:
        return str(raw)


def _drawn(operator: bytes, name: str, resources: dict) -> list[Drawn]:
    """The content streams one use of resource `name` by `operator` runs."""
    entry = resolved(_dictionary(resources.get(_RESOURCE[operator])).get(name))
    if operator == b"Do":
        return _run(entry) if isinstance(entry, PDFStream) and entry.get("Subtype") is _FORM else []
    if operator in (b"scn", b"SCN"):
        return _run(entry) if isinstance(entry, PDFStream) and resolved(entry.get("PatternType")) == 1 else []
    entry = _dictionary(entry)
    if operator == b"gs":
        return _run(resolved(_dictionary(entry.get("SMask")).get("G")))
    if entry.get("Subtype") is not _TYPE3:
        return []
    own = _own_resources(entry)
    return [(glyph, own) for glyph in map(resolved, _dictionary(entry.get("CharProcs")).values())
            if isinstance(glyph, PDFStream)]


def _run(stream: object) -> list[Drawn]:
    """`stream` with its own resources, if it is a stream."""
    return [(stream, _own_resources(stream))] if isinstance(stream, PDFStream) else []


def _own_resources(holder: PDFStream | dict) -> dict | None:
    resources = resolved(holder.get("Resources"))
    return resources if isinstance(resources, dict) else None


def _appearances(annotations: object) -> list[Drawn]:
    """The appearance streams of a page's annotations (normal, rollover, down; each a stream or a
    stream per state)."""
    found: list[Drawn] = []
    listed = resolved(annotations)
    for annotation in listed if isinstance(listed, list) else []:
        appearance = _dictionary(_dictionary(resolved(annotation)).get("AP"))
        for kind in ("N", "R", "D"):
            value = resolved(appearance.get(kind))
            states = [value] if isinstance(value, PDFStream) else map(resolved, _dictionary(value).values())
            found += [drawn for stream in states for drawn in _run(stream)]
    return found


def _dictionary(value: object) -> dict:
    value = resolved(value)
    return value if isinstance(value, dict) else {}
