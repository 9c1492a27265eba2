"""Whitespace in extracted text: collapsed, and the spaces extractors put between CJK characters dropped."""
from __future__ import annotations

import re

_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_CJK = "\u3000-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")


def clean_text(text: str) -> str:
    """Whitespace collapsed to one space; a space between two CJK characters (or CJK punctuation)
    dropped, since Chinese has none and extractors and HTML line breaks put them there."""
    return _CJK_GAP.sub("", _SPACE.sub(" ", text)).strip()
