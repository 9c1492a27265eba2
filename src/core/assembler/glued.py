"""Lines a crawler glued together, cut apart at what the template knows.

Scrapers often store a page's text with no separators: the whole body on one line, every cell of
a table run into the next (`规章000行政规范性文件6233440第二十条第（五）项…`), or one row's label
glued to its digits (`2.重复申请1000001`). Such a line is cut

- before and after the section headings it holds, when it holds two or more of them in order, and
  its title off the text that follows it;
- in a table's section, when it holds two of the table's own labels (row, group and header labels),
  or one with values right behind it, and reads as no sentence between them: at every label of the
  table (column labels too, longest first) and after a label at the run of values that follows it
  (digits, signs and "not given" marks). Prose glued before the table (up to a "。") or after it is
  cut off.

A grid row holding the section headings is such a dump whose cells kept their separators.

The pieces become lines of their own, so the assembler reads them as a table flattened one cell per
line; a run of values is cut into its numbers and marks (`rows`), and digits left run together are
split under the table's rules (`xxgk.digits`) as usual.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache, partial

from ..document import TableCell
from ..labels import normalize
from ..template import SectionSpec, TableTemplate
from .lines import Line
from .metadata import looks_like_title
from .sections import find_headings

_NUMERALS = "一二三四五六"
MIN_GLUED = 16   # characters: no shorter line holds two headings
# digits (an amount with its unit) and "not given" marks, run together
_VALUES = r"(?:[+-]?\d+(?:[.,]\d+)*(?:万元|元)?|[/\\—―–-]+)+"
_SENTENCE = r"[。，；！？,;!?]"
_ANY_VALUE = re.compile(r"[\d０-９/／—－―–-]")
_WORDS = r"[^\W\d_]"


def unglue(lines: list[Line], sections: tuple[SectionSpec, ...], tables: dict[str, list[TableTemplate]]) -> list[Line]:
    """`lines` with every glued paragraph cut into the lines it was made of."""
    headings = _headings(sections)
    lines = [piece for line in map(partial(_dumped_grid, headings=headings), lines)
             for piece in (_pieces(line, _cuts_at_headings(line.text, headings)) if not line.grid else [line])]
    labels = {variants[0].section: _labels_of(variants) for variants in tables.values()}
    if not any(_glued(line, label) for line in lines for label in labels.values()):
        return lines
    starts = {h.index: h.number for h in find_headings(lines, sections)}
    out: list[Line] = []
    section = 0
    for i, line in enumerate(lines):
        section = starts.get(i, section)
        if i in starts or section not in labels or not _glued(line, labels[section]):
            out.append(line)
        else:
            out += _pieces(line, _cuts_at_labels(line.text, labels[section]))
    return out


def _glued(line: Line, labels: _Labels) -> bool:
    """Whether a line may be glued table text: a paragraph holding a label of the table and a value
    outside its labels (the cheap test first: most lines are one label or one value)."""
    if line.grid or not _ANY_VALUE.search(line.text):
        return False
    norm = normalize(line.text)
    return bool(labels.pattern.search(norm)) and bool(_ANY_VALUE.search(labels.pattern.sub("", norm)))


def _dumped_grid(line: Line, headings: _Headings) -> Line:
    """A grid row holding the report's section headings is a dump whose cells kept a separator (a tab,
    "|"): read as one paragraph, its cells joined by spaces."""
    if line.grid and _cuts_at_headings(line.text, headings):
        return Line([TableCell(line.text, line.cells[0].location)], grid=False)
    return line


def _pieces(line: Line, cuts: list[int]) -> list[Line]:
    """The line cut at the given offsets of its text (a paragraph: one cell)."""
    if not cuts:
        return [line]
    text, location = line.text, line.cells[0].location
    bounds = [0, *cuts, len(text)]
    parts = [text[a:b].strip() for a, b in zip(bounds, bounds[1:])]
    return [Line([TableCell(part, location)], grid=False) for part in parts if part]


def normalized(text: str) -> tuple[str, list[int]]:
    """`text` normalised as labels are (`xxgk.labels.normalize`), character by character, with the
    offset in `text` of every normalised character."""
    norm, index = [], []
    for i, char in enumerate(text):
        for out in normalize(char):
            norm.append(out)
            index.append(i)
    joined = "".join(norm)
    enumerated = normalize(joined)   # "1、" → "1.": one character for one
    return (enumerated if len(enumerated) == len(joined) else joined), index


def _offset(index: list[int], text: str, position: int) -> int:
    """The offset in the original text of a position in its normalised form."""
    return index[position] if position < len(index) else len(text)


# ---- headings and title ---------------------------------------------------------------------

@dataclass(frozen=True)
class _Headings:
    pattern: re.Pattern
    numbers: dict[str, int]   # the pattern's group name -> section number


@lru_cache(maxsize=4)
def _headings(sections: tuple[SectionSpec, ...]) -> _Headings:
    names = sorted({(s.number, normalize(n)) for s in sections for n in s.names}, key=lambda x: -len(x[1]))
    groups = {f"h{k}": (number, name) for k, (number, name) in enumerate(names)}
    pattern = "|".join(f"(?P<{g}>{_NUMERALS[n - 1]}[、.]?{re.escape(name)})" for g, (n, name) in groups.items())
    return _Headings(re.compile(pattern), {g: n for g, (n, _) in groups.items()})


def _cuts_at_headings(text: str, headings: _Headings) -> list[int]:
    if len(text) < MIN_GLUED or sum(1 for n in _NUMERALS if n in text) < 2:
        return []   # (the cheap tests first: most lines hold no heading)
    if len(headings.pattern.findall(normalize(text))) < 2:
        return []
    norm, index = normalized(text)
    found = list(headings.pattern.finditer(norm))
    numbers = [headings.numbers[m.lastgroup or ""] for m in found]
    if len(found) < 2 or numbers != sorted(set(numbers)):
        return []   # a heading quoted in prose, or none: nothing glued
    cuts = sorted({_offset(index, text, p) for m in found for p in (m.start(), m.end())} - {0, len(text)})
    title = _title_end(text[:cuts[0]])
    return ([title] if title else []) + cuts


def _title_end(text: str) -> int | None:
    """Where the title ends when a paragraph starts with it and goes on (…年度报告本报告根据…)."""
    for m in re.finditer("报告", text):
        if m.end() < len(text) and looks_like_title(text[:m.end()]):
            return m.end()
    return None


# ---- labels and digits ----------------------------------------------------------------------

@dataclass(frozen=True)
class _Labels:
    pattern: re.Pattern         # every label of the table, longest first
    own: frozenset[str]         # row, group and header labels: the table's own words


_LABELS: dict[tuple[int, ...], tuple[tuple[TableTemplate, ...], _Labels]] = {}


def _labels_of(variants: list[TableTemplate]) -> _Labels:
    """The labels of a table's variants, worked out once per set of template objects (kept in the
    entry, so that their ids stay theirs)."""
    key = tuple(map(id, variants))
    if key not in _LABELS:
        _LABELS[key] = (tuple(variants), _labels(tuple(variants)))
    return _LABELS[key][1]


def _labels(variants: tuple[TableTemplate, ...]) -> _Labels:
    every = {normalize(text) for tpl in variants for text in tpl.fixed_labels} - {""}
    own = frozenset(normalize(text) for tpl in variants for text in tpl.own_labels)
    return _Labels(re.compile("|".join(re.escape(x) for x in sorted(every, key=len, reverse=True))), own)


def _cuts_at_labels(text: str, labels: _Labels) -> list[int]:
    """Offsets cutting a glued table line at its labels and after the values behind them ([] when
    the line is not glued table text). Prose glued before the table, up to a "。", "：" or "；", and
    after it is cut off; one label with words before it is a sentence that names it, not a row.

    Linear in the line: the table's labels, their values and the sentences between them are found
    once, not again from every "。" (5,000 sentences of one label each took 17 s)."""
    norm, index = normalized(text)
    matches = list(labels.pattern.finditer(norm))
    own = [i for i, m in enumerate(matches) if m.group() in labels.own]
    if not own:
        return []
    run_of_values, sentence, word = _cut_patterns()
    following = [*(m.start() for m in matches[1:]), len(norm)]
    # where the values behind each label end, up to the next label ("…290000029" "1.属于…")
    after = [values.end() if (values := run_of_values.match(norm, m.end(), end)) else m.end()
             for m, end in zip(matches, following)]
    # whether a sentence stands between the labels from each one on
    between = [False] * (len(matches) + 1)
    for i in range(len(matches) - 2, -1, -1):
        between[i] = between[i + 1] or sentence.search(norm, after[i], matches[i + 1].start()) is not None
    # the last own label, alone from some start on, and whether values follow it
    last = matches[own[-1]]
    last_values = run_of_values.match(norm, last.end()) is not None
    words, sentences = _Ahead(word, norm), _Ahead(sentence, norm)
    first = next_own = 0     # the first label, and the first own label, from the start
    for start in [0, *(i + 1 for i, char in enumerate(norm) if char in "。:;")]:
        while first < len(matches) and matches[first].start() < start:
            first += 1
        while next_own < len(own) and own[next_own] < first:
            next_own += 1
        if next_own == len(own):
            return []
        if next_own == len(own) - 1 and (not last_values or words.within(start, last.start())):
            continue   # one label, without values or after words: a sentence ("本年度行政事业性收费12345元。")
        if between[first] or sentences.within(start, matches[first].start()):
            continue   # sentences between the labels: prose
        cuts = {start, *(p for m, at in zip(matches[first:], after[first:]) for p in (m.start(), m.end(), at))}
        return sorted(c for c in (_offset(index, text, p) for p in cuts) if 0 < c < len(text))
    return []


@cache
def _cut_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """_VALUES, _SENTENCE and _WORDS compiled when a line holding a table's own label is first cut,
    not on every start of xxgk."""
    return re.compile(_VALUES), re.compile(_SENTENCE), re.compile(_WORDS)


class _Ahead:
    """Where a pattern next matches in a text from a start that only grows: each character is
    looked at once however many starts are asked about."""

    def __init__(self, pattern: re.Pattern, text: str) -> None:
        self.pattern, self.text, self.at = pattern, text, -1

    def within(self, start: int, end: int) -> bool:
        """Whether the pattern matches in text[start:end] (a match of one character)."""
        if self.at < start:
            m = self.pattern.search(self.text, start)
            self.at = m.start() if m else len(self.text)
        return self.at < end
