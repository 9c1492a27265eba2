"""Cell text to values: blanks and dashes are not given, never 0."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .model import shortened

MAX_COUNT_DIGITS = 18   # a count fits the datasets' 64-bit integers; more digits are no count (nor can be converted)
NULL_MARKS = {"", "/", "-", "—", "--", "——", "–", "无", "－", "―", "\\"}

_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?\d+(?:\.\d+)?")
THOUSANDS = r"\d{1,3}(?:,\d{3})+"   # digits whose thousands are separated by commas: 12,345
_THOUSANDS = re.compile(rf"[+-]?{THOUSANDS}(?:\.\d+)?")
_NUMBER = re.compile(
    rf"^(?P<num>[+-]?{THOUSANDS}(?:\.\d+)?|[+-]?\d+(?:\.\d+)?|\d[\d,]*\d)"
    r"(?P<unit>件|个|项|条|次|万元|元)?"
    r"(?:[(\[](?P<note>[^()\[\]]*)[)\]])?$"
)


CONVERTED = "converted to 万元"
# footnote marks beside a number (4529①, 4529², ※): a note, never digits (NFKC would make ① a 1)
_FOOTNOTE = re.compile(r"^([\u2460-\u24ff\u2776-\u2793\u00b2\u00b3\u00b9\u2070-\u209f※*＊]*)(.*?)"
                       r"([\u2460-\u24ff\u2776-\u2793\u00b2\u00b3\u00b9\u2070-\u209f※*＊]*)$", re.S)
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """NFKC (full-width digits and brackets to ASCII) and no whitespace."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Parsed:
    """A value token: `number` is the digits as written (None for a null mark)."""

    number: str | None
    unit: str | None = None
    note: str | None = None


@lru_cache(maxsize=65536)
def parse_token(text: str) -> Parsed | None:
    """A cell text as a value token, or None when the text is a label, not a value."""
    before, body, after = _FOOTNOTE.match(text.strip()).groups()   # type: ignore[union-attr]
    if (before or after) and not body:
        return None   # a mark alone ("①") is no number
    if before or after:
        parsed = parse_token(body)
        marks = (before + after).strip()
        return Parsed(parsed.number, parsed.unit, "; ".join(x for x in (parsed.note, f"footnote {marks}") if x)) \
            if parsed is not None and parsed.number is not None else parsed
    t = clean(text)
    if t in NULL_MARKS:
        return Parsed(None)
    m = _NUMBER.match(t)
    if not m:
        return None
    number = m["num"]   # digits run together with commas ("00013,6050013,605") keep them: no split fits
    return Parsed(number.replace(",", "") if _THOUSANDS.fullmatch(number) else number, m["unit"], m["note"] or None)


def count_value(token: Parsed) -> tuple[int | None, str | None]:
    """An integer count, or (None, why) when the text is not one."""
    if token.number is None:
        return None, None
    if token.unit in ("万元", "元"):
        return None, f"a count written as money ({shortened(token.number)}{token.unit})"
    if not _INTEGER.fullmatch(token.number):
        return None, f"not an integer ({shortened(token.number)})"
    value = count(token.number)
    if value is None:
        return None, f"{len(token.number)} digits: too long to be a count ({token.number[:12]}…)"
    return value, None


def count(digits: str) -> int | None:
    """The count that `digits` (an optionally signed run of ASCII digits) write, or None when they
    are too many to be one (more than MAX_COUNT_DIGITS)."""
    return int(digits) if len(digits.lstrip("+-")) <= MAX_COUNT_DIGITS else None


def amount_value(token: Parsed) -> tuple[Decimal | None, str | None]:
    """An amount in 万元; a figure written in 元 is converted and the conversion noted."""
    if token.number is None:
        return None, None
    if not _DECIMAL.fullmatch(token.number):
        return None, f"not an amount ({shortened(token.number)})"
    value = Decimal(token.number)
    if token.unit == "元":
        converted = (value / 10000).normalize()
        return converted, f"{shortened(token.number)}元 {CONVERTED} ({converted})"
    return value, None
