"""Finding the six section headings by their text (numeral plus a known wording)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..labels import normalize, similarity
from ..template import SectionSpec
from .lines import Line

_NUMERALS = "一二三四五六"
_HEADING = re.compile(r"^(?:第)?([一二三四五六])(?:[、.,:．]|部分)?(.*)$")
MAX_HEADING = 40


@dataclass
class Heading:
    index: int          # line index
    number: int
    text: str
    rest: str           # prose that shared the heading's line


def find_headings(lines: list[Line], sections: tuple[SectionSpec, ...]) -> list[Heading]:
    """Every line that is a section heading, in source order (duplicates included)."""
    names = {s.number: [normalize(n) for n in s.names] for s in sections}
    found = []
    for i, line in enumerate(lines):
        if line.grid:
            continue
        heading = _match(line, names)
        if heading:
            heading.index = i
            found.append(heading)
    return found


def _match(line: Line, names: dict[int, list[str]]) -> Heading | None:
    m = _HEADING.match(line.norm)
    if not m:
        return None
    number = _NUMERALS.index(m[1]) + 1
    body = m[2]
    for name in names.get(number, []):
        if body.startswith(name):
            if len(body) == len(name):
                return Heading(0, number, line.text, "")
            cut = _original_prefix(line.text, len(line.norm) - len(body) + len(name))
            return Heading(0, number, line.text[:cut].strip(), line.text[cut:].lstrip("。:： "))
        if len(body) <= MAX_HEADING and similarity(body, name) >= 0.72:
            return Heading(0, number, line.text, "")
    return None


def _original_prefix(text: str, norm_length: int) -> int:
    """How many characters of `text` make up the first `norm_length` normalised characters."""
    for i in range(len(text) + 1):
        if len(normalize(text[:i])) >= norm_length:
            return i
    return len(text)
