"""PDF fonts read within bounds: the ranges a font's maps declare are counted, and cut at the limits,
before pdfminer expands them into a dictionary entry for every code.

A few bytes declare ranges that pdfminer expands whole: a ToUnicode CMap's `bfrange` or
`cidrange` (`<00000000> <FFFFFFFF> <0000>`: four billion codes), a CID font's widths (`/W [0
4294967295 500]`, `/W2`), an embedded TrueType font's character map (a format 12 group, format 4
segments): gigabytes, or hours. One map expands to at most MAX_MAP_ENTRIES entries (a font has at
most 65,536 glyphs), the maps of one PDF to MAX_PDF_ENTRIES. A range past them is cut there (a
TrueType map is left out whole): the codes past the cut are left undecoded, or take the font's
default width. Each kind of cut is noted once for the reader (SKIPPED), and the page is read on.
`bounded()` replaces (once) pdfminer's CMap parser, width builders and TrueType font by ones that
count, and gives the reading of one PDF its budget.
"""
from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from pdfminer import pdffont
from pdfminer.cmapdb import CMapParser
from pdfminer.pdftypes import resolve1

from .pdf_objects import counting

MAX_MAP_ENTRIES = 262_144      # entries one font map may expand from ranges (a font has at most 65,536 glyphs)
MAX_PDF_ENTRIES = 2_000_000    # entries the maps of one PDF may expand (about 120 bytes each)
TO_UNICODE = "a font's ToUnicode map: {}, the codes past them left undecoded"
WIDTHS = "a font's widths: {}, the characters past them given the default width"
TRUETYPE = "an embedded TrueType font's character map: {}, its characters left undecoded"
OVER = f"more codes than the limits allow ({MAX_MAP_ENTRIES} a font, {MAX_PDF_ENTRIES} a PDF)"


class _Budget:
    """The entries the font maps of one PDF may still expand, and the cuts made (notes, each once)."""

    def __init__(self) -> None:
        self.left = MAX_PDF_ENTRIES
        self.cuts: list[str] = []

    def note(self, what: str) -> None:
        cut = what.format(OVER)
        if cut not in self.cuts:
            self.cuts.append(cut)


_budget: ContextVar[_Budget | None] = ContextVar("pdf_font_budget", default=None)


class _Map:
    """The entries one map may still expand; `what` says what a cut does to it."""

    def __init__(self, what: str) -> None:
        self.what, self.left = what, MAX_MAP_ENTRIES
        self.budget = _budget.get() or _Budget()

    def take(self, wanted: int) -> int:
        """How many of `wanted` (≥ 0) entries may be expanded; a cut is noted when fewer."""
        granted = min(wanted, self.left, self.budget.left)
        if granted < wanted:
            self.budget.note(self.what)
        self.left -= granted
        self.budget.left -= granted
        return granted

    def fits(self, wanted: int) -> bool:
        """Whether all `wanted` entries may be expanded (then taken); a cut is noted when not."""
        if wanted > min(self.left, self.budget.left):
            self.budget.note(self.what)
            return False
        return self.take(wanted) == wanted


class _BoundedCMapParser(CMapParser):
    """pdfminer's ToUnicode CMap parser, its ranges cut to what the map may expand before they are
    expanded (its tokens are counted as it is installed: `pdf_objects.counting`)."""

    def __init__(self, cmap, fp) -> None:
        super().__init__(cmap, fp)
        self._map = _Map(TO_UNICODE)

    def do_keyword(self, pos: int, token) -> None:
        if token is self.KEYWORD_ENDBFRANGE or token is self.KEYWORD_ENDCIDRANGE:
            self.curstack = self._cut(self.curstack, token is self.KEYWORD_ENDCIDRANGE)
        super().do_keyword(pos, token)

    def _cut(self, stack: list, cid: bool) -> list:
        """The stack's (position, object) entries, its `start end code` triples (PDF 1.7 §9.10.3,
        Adobe TN 5014) each cut to what the map may take (a range taking nothing left out): the
        code strings of `bfrange`, the last four bytes of `cidrange`'s, as pdfminer expands them.
        A `bfrange` mapping to an array is as long as its array, and left as it is."""
        whole = len(stack) - len(stack) % 3
        kept = []
        for at in range(0, whole, 3):
            (_, start), (where, end), (_, code) = triple = stack[at:at + 3]
            if isinstance(start, bytes) and isinstance(end, bytes) and len(start) == len(end) \
                    and not isinstance(code, list):
                tail = min(len(end), 4) if cid else len(end)
                first, last = (int.from_bytes(s[len(s) - tail:], "big") for s in (start, end))
                taken = self._map.take(max(last - first + 1, 0))
                if not taken:
                    continue
                triple[1] = (where, end[:len(end) - tail] + (first + taken - 1).to_bytes(tail, "big"))
            kept += triple
        return kept + stack[whole:]


def _cut_widths(expand: Callable, group: int) -> Callable:
    """pdfminer's width builder `expand(seq)` (get_widths: ranges `c_first c_last w`, `group` 3;
    get_widths2: `c_first c_last w1y v1x v1y`, 5; PDF 1.7 §9.7.4.3), each range cut to what the map
    may take before it is expanded. Arrays (`c [w …]`) are as long as they are, and left as they are."""

    def cut(seq) -> dict:
        widths = _Map(WIDTHS)
        out: list = []
        numbers: list[int] = []   # where in `out` the numbers since the last range or array are (pdfminer groups them)
        for item in map(resolve1, seq):
            if isinstance(item, list):
                numbers = []
            elif isinstance(item, (int, float)):
                numbers.append(len(out))
            out.append(item)
            if len(numbers) == group:
                first, last = out[numbers[0]], out[numbers[1]]
                if isinstance(first, int) and isinstance(last, int):
                    out[numbers[1]] = first + widths.take(max(last - first + 1, 0)) - 1
                numbers = []
        return expand(out)

    return cut


def _subtable_codes(fp, bound: int) -> int:
    """The codes one subtable of a TrueType `cmap` table maps (OpenType `cmap` formats 0 to 12),
    read from its header, `fp` at its start; a group or segment counts one more. Counted until past
    `bound`; struct.error when it is cut short."""
    read = fp.read
    kind = struct.unpack(">H", read(2))[0]
    if kind == 0:
        return 256
    if kind == 2:
        read(4)
        headers = max(struct.unpack(">256H", read(512))) // 8 + 1
        return headers + sum(struct.unpack(">HHhH", read(8))[1] for _ in range(headers))
    if kind == 4:
        read(4)
        segments = struct.unpack(">H", read(2))[0] // 2
        read(6)
        ends = struct.unpack(f">{segments}H", read(2 * segments))
        read(2)
        starts = struct.unpack(f">{segments}H", read(2 * segments))
        return segments + sum(max(end - start + 1, 0) for start, end in zip(starts, ends))
    if kind == 6:
        read(4)
        return struct.unpack(">HH", read(4))[1]
    if kind == 10:
        read(10)
        return struct.unpack(">II", read(8))[1]
    if kind == 12:
        read(10)
        codes = 0
        for _ in range(struct.unpack(">I", read(4))[0]):
            start, end, _gid = struct.unpack(">III", read(12))
            codes += 1 + max(end - start + 1, 0)
            if codes > bound:
                break
        return codes
    return 0


class _BoundedTrueTypeFont(pdffont.TrueTypeFont):
    """pdfminer's embedded TrueType font, whose character map is read only when its Unicode
    subtables map no more codes than the map may take (else CMapNotFound: no Unicode from it)."""

    def create_unicode_map(self):
        if not _Map(TRUETYPE).fits(self._codes(MAX_MAP_ENTRIES)):
            raise self.CMapNotFound
        return super().create_unicode_map()

    def _codes(self, bound: int) -> int:
        """The codes the Unicode subtables pdfminer reads map, counted until past `bound`; those of
        a table cut short as far as it goes."""
        if b"cmap" not in self.tables:
            return 0
        base, codes = self.tables[b"cmap"][0], 0
        try:
            self.fp.seek(base)
            subtables = struct.unpack(">HH", self.fp.read(4))[1]
            directory = [struct.unpack(">HHL", self.fp.read(8)) for _ in range(subtables)]
            for platform, encoding, offset in directory:
                if platform == 0 or (platform == 3 and encoding in (1, 10)):
                    self.fp.seek(base + offset)
                    codes += _subtable_codes(self.fp, bound - codes)
                    if codes > bound:
                        break
        except struct.error:
            pass
        return codes


@contextmanager
def bounded() -> Iterator[list[str]]:
    """Within the block (in this thread or task), pdfminer's font maps expand within MAX_MAP_ENTRIES
    each and MAX_PDF_ENTRIES in all. Yields the list the cuts made are noted in."""
    if not issubclass(pdffont.CMapParser, _BoundedCMapParser):   # once per process
        pdffont.CMapParser = counting(_BoundedCMapParser)   # type: ignore[misc]
        pdffont.get_widths = _cut_widths(pdffont.get_widths, 3)
        pdffont.get_widths2 = _cut_widths(pdffont.get_widths2, 5)
        pdffont.TrueTypeFont = _BoundedTrueTypeFont   # type: ignore[misc]
    budget = _Budget()
    token = _budget.set(budget)
    try:
        yield budget.cuts
    finally:
        _budget.reset(token)
