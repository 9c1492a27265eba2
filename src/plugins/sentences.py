"""The prose of a report as sentences to compare across years (TEXT-REUSE, SECTION-EMPTY).

A sentence runs to 。！？； or the end of a paragraph. It is compared as: NFKC, a year before 年
(2024年, 二〇二四年) written #, then nothing but letters, digits and # — so that a sentence whose year
alone was changed is the same sentence. The format's own wording and what every report repeats
(`stock_phrases.json`: the preamble's 根据《条例》编制, the statistics period, 未收取信息处理费, the
sub-headings, a table's "情况如下"), with a time and a subject before them or not (本年度我局无其他需要
报告的事项: `prose_scope`'s words for the organ itself and names of organs), notes under a table (a
paragraph starting 注：, 备注：, 说明：) and sentences of fewer than its `min_chars` characters are not
counted.

A sentence is kept as a fingerprint: 8 hexadecimal digits of its BLAKE2b hash.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from xxgk.model import Report

from .prose_scope import NAME, SELF

STOCK = Path(__file__).with_name("stock_phrases.json")
FINGERPRINT = 8    # hexadecimal digits
_SENTENCES = re.compile(r"[^。！？；!?;\n]+")
_YEAR = re.compile(r"(?:(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})(?=\s*年)")
_NOT_WORD = re.compile(r"[^\w#]|_")
# the spaces before and after a note's number, if any, read once ("说明" and 40,000 spaces took 7 s)
_NOTE = re.compile(r"^\s*(?:注|备注|说明)(?:\s*[0-9０-９]+)?\s*[:：]")
# the time and subject a stock phrase may be said after (本年度我局, #年度本机关, 某某县财政局), as the
# prose rules tell them (`prose_scope`), in a sentence as compared
_SUBJECT = re.compile(rf"^(?:#年度?内?|本年度?内?|今年|全年|年度内|报告期内|此外|另外|同时|{SELF}|{NAME})+")


@functools.cache
def _stock() -> tuple[int, tuple[re.Pattern, ...]]:
    data = json.loads(STOCK.read_text(encoding="utf-8"))
    return data["min_chars"], tuple(re.compile(p) for p in data["patterns"])


def compared(text: str) -> str:
    """A sentence as compared (see the module)."""
    return _NOT_WORD.sub("", _YEAR.sub("#", unicodedata.normalize("NFKC", text)))


def counted(paragraphs: list[str]) -> Iterator[str]:
    """The sentences of `paragraphs` that count, as compared."""
    min_chars, stock = _stock()
    for paragraph in paragraphs:
        if _NOTE.match(paragraph):
            continue
        for sentence in _SENTENCES.findall(paragraph):
            text = compared(sentence)
            said = _SUBJECT.sub("", text, count=1)
            if len(text) >= min_chars and not any(p.search(text) or p.search(said) for p in stock):
                yield text


def fingerprint(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=FINGERPRINT // 2).hexdigest()


def prose(report: Report) -> list[str]:
    """Every paragraph of prose: the preamble's, then the sections'."""
    return report.preamble + [p for section in report.sections for p in section.paragraphs]


def fingerprints(paragraphs: list[str]) -> str:
    """The fingerprints of the counted sentences, each once, in order, run together."""
    return "".join(dict.fromkeys(fingerprint(s) for s in counted(paragraphs)))


def split(prints: str) -> set[str]:
    """The fingerprints run together by `fingerprints`, as a set."""
    return {prints[i:i + FINGERPRINT] for i in range(0, len(prints), FINGERPRINT)}
