"""Whitespace in extracted text: collapsed, and the spaces extractors put between CJK characters dropped."""
from __future__ import annotations

import re

_SPACE = re.compile(r"[\s\u00a0\u3000]+")
# zero-width spaces and joiners, word joiner, byte-order mark, soft hyphen: invisible, inside words and numbers
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_CJK = "\u3000-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")


def clean_text(text: str) -> str:
    """Whitespace collapsed to one space; a space between two CJK characters (or CJK punctuation)
    dropped, since Chinese has none and extractors and HTML line breaks put them there."""
    return _CJK_GAP.sub("", _SPACE.sub(" ", visible(text))).strip()


def visible(text: str) -> str:
    """The text without invisible characters (zero-width space, joiners, BOM, soft hyphen), which
    pages put inside numbers (4, U+200B, 529) and labels; dropped, never read as a space."""
    return _INVISIBLE.sub("", text)


def has_invisible(text: str) -> bool:
    return _INVISIBLE.search(text) is not None
