"""Whether a PDF page's text layer can be read, from its characters (pdfplumber char dicts).

A character is undecodable when its font gives no Unicode for it: pdfminer's "(cid:NN)" (a CJK
font without a ToUnicode map), U+FFFD, a private-use code point or a control character. Such a
page renders perfectly but reads as garbage, and so does a page with no text at all (a scan).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

MIN_PAGE_CHARS = 20       # fewer visible characters on a page: it has no text layer (a scanned page)
UNDECODABLE_SHARE = 0.5   # over this share of a page's letters undecodable: its text layer cannot be read
NO_TEXT = "no text"
UNDECODABLE = "undecodable"
_CID = re.compile(r"\(cid:\d+\)")
_BAD_CATEGORIES = ("Co", "Cc", "Cs")   # private use, control, surrogate


def unreadable(chars: list[dict]) -> str | None:
    """Why a page's text layer cannot be read (NO_TEXT or UNDECODABLE), or None when it can.

    Undecodable characters are weighed against letters only: digits, punctuation and spaces often
    come from another font that does decode (digits in a Latin font beside CJK labels that do not),
    and such a page is still unreadable."""
    kinds = Counter(map(_kind, [char["text"] for char in chars]))
    visible, bad, letters = len(chars) - kinds[_SPACE], kinds[_BAD], kinds[_LETTER]
    if visible < MIN_PAGE_CHARS:
        return NO_TEXT
    return UNDECODABLE if bad > UNDECODABLE_SHARE * (bad + letters) else None


_SPACE, _BAD, _LETTER, _OTHER = range(4)


@functools.lru_cache(maxsize=4096)
def _kind(text: str) -> int:
    """What a character's text counts as in `unreadable`: nothing (empty or white space), an
    undecodable character, a letter, or another visible character (a page has a few hundred
    distinct ones)."""
    if not text or text.isspace():
        return _SPACE
    if undecodable(text):
        return _BAD
    return _LETTER if unicodedata.category(text[0]).startswith("L") else _OTHER


def undecodable(text: str) -> bool:
    """Whether one character's text (as pdfminer gives it) stands for a glyph without Unicode."""
    return bool(_CID.fullmatch(text)) or any(c == "\ufffd" or unicodedata.category(c) in _BAD_CATEGORIES
                                             for c in text)
