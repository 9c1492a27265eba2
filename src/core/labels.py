"""Label normalisation and fuzzy matching, tolerant of damage (spaces, lost characters, typos,
wrapped or vertical text)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# dropped by `normalize`: whitespace (none is above U+3000), quotes and markdown marks
_DROP = dict.fromkeys([c for c in range(0x3001) if chr(c).isspace()] + [ord(c) for c in "*#`“”\"'‘’「」"])
_ENUM = re.compile(r"(\d)[、,，．]")
_PAREN_ENUM = re.compile(r"\((\d{1,2})\)(?=[\u3400-\u9fff])")                # "(1)申请人" (after NFKC)
_CIRCLED = {0x2460 + n - 1: f"{n}." for n in range(1, 21)}                   # "①" .. "⑳"


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """Canonical form for comparing labels: NFKC (full-width to half-width), no spaces,
    no quotes or markdown marks, an item number "1、", "（1）" or "①" written "1."."""
    text = squeezed(text.translate(_CIRCLED))
    return _PAREN_ENUM.sub(r"\1.", _ENUM.sub(r"\1.", text))


def squeezed(text: str) -> str:
    """NFKC, without the spaces, quotes and markdown marks `normalize` drops; no item numbers
    rewritten. Linear, a few bytes a character (a regular expression's substitution keeps an
    object for each match: tens of bytes a character of a line of words)."""
    return unicodedata.normalize("NFKC", text).translate(_DROP)


@lru_cache(maxsize=8192)
def _features(text: str) -> frozenset[str]:
    return frozenset(text) | frozenset(text[i:i + 2] for i in range(len(text) - 1))


def similarity(a: str, b: str) -> float:
    """Dice coefficient over characters and character pairs of two normalised labels (0..1)."""
    if a == b:
        return 1.0
    fa, fb = _features(a), _features(b)
    if not fa or not fb:
        return 0.0
    return 2 * len(fa & fb) / (len(fa) + len(fb))


@lru_cache(maxsize=65536)
def best_match(text: str, labels: tuple[str, ...]) -> float:
    """How well `text` (normalised) matches the best of `labels` (raw template labels)."""
    best = 0.0
    for label in labels:
        norm = normalize(label)
        if text == norm:
            return 1.0
        score = similarity(text, norm)
        if len(norm) >= 4 and norm in text:
            score = max(score, 0.9)
        best = max(best, score)
    return best
