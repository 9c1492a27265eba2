"""Whitespace in extracted text: collapsed, and the spaces extractors put between CJK characters dropped.

Linear in time and memory whatever the text: a regular expression's substitution keeps an object
for each match until it is done (about 50 bytes a character of "中 中 中 …"), so long text is
cleaned a piece at a time.
"""
from __future__ import annotations

import re
from functools import cache

_SPACE = re.compile(r"[\s\u00a0\u3000]+")
# zero-width spaces and joiners, word joiner, byte-order mark, soft hyphen: invisible, inside words and numbers
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_UNSEEN = dict.fromkeys([*range(0x200b, 0x200e), 0x2060, 0xfeff, 0xad])
_CJK = "\u3000-\u9fff\uff00-\uffef"
_CJK_GAP = rf"(?<=[{_CJK}]) (?=[{_CJK}])"
PIECE = 1 << 16   # characters cleaned at a time


def clean_text(text: str) -> str:
    """Whitespace collapsed to one space; a space between two CJK characters (or CJK punctuation)
    dropped, since Chinese has none and extractors and HTML line breaks put them there."""
    text = visible(text)
    pieces, start = [], 0
    while start < len(text):
        end = min(start + PIECE, len(text))
        if end < len(text) and text[end - 1].isspace():   # a piece ends after a character that is no space
            end = min(_SPACE.match(text, end - 1).end() + 1, len(text))  # type: ignore[union-attr]
        before = text[start - 1] if start else ""        # what a space at the piece's start follows
        pieces.append(_cleaned(before + text[start:end])[len(before):])
        start = end
    return "".join(pieces).strip()


def _cleaned(text: str) -> str:
    return _cjk_gap().sub("", _SPACE.sub(" ", text))


@cache
def _cjk_gap() -> re.Pattern:
    """_CJK_GAP compiled when text is first cleaned (its two ranges of CJK characters take sre a few
    milliseconds to compile; a plain-text report is never cleaned)."""
    return re.compile(_CJK_GAP)


def visible(text: str) -> str:
    """The text without invisible characters (zero-width space, joiners, BOM, soft hyphen), which
    pages put inside numbers (4, U+200B, 529) and labels; dropped, never read as a space."""
    return text.translate(_UNSEEN) if has_invisible(text) else text


def has_invisible(text: str) -> bool:
    return _INVISIBLE.search(text) is not None
