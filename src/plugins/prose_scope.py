"""The clauses of a report's prose that speak of the report's own organ and year: the only ones the
prose rules (PROSE-TABLE, FEE-PROSE) compare with the tables. When the scope cannot be told, the
clause is not read.

- A sentence about other organs (全市, 各部门, 所属…), another time (上年, 累计, 近三年, a plan…) or a
  part of the organs that it names (其中县财政局…, 其中民政局收取…) is not read.
- A clause that names a year other than the report's is not read, nor are the clauses after it in
  its sentence until one names the report's year (本年度 or the year itself): "2023年共收到申请20件，
  予以公开18件" states 2023's figures in a report of 2024.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from xxgk.dates import year_number
from xxgk.model import Location, Report, located

SENTENCES = re.compile(r"[^。；;！？!?\n]+")
CLAUSES = re.compile(r"[^，,]+")
ELSEWHERE = (r"各乡镇|各街道|各部门|各单位|各地|县直|市直|区直|所属|下属|全[市县区省州盟旗]|系统内"
             r"|上年(?!结转)|去年|前年|同比|累计|以来|上半年|下半年|季度|月份|计划|拟|预计|近\d+年|近[两三四五]年")
# 其中 and an organ's name before what it did: a part of the organs, not the report's own figures
_ORGAN = (r"[\u4e00-\u9fff]{1,12}?"
          r"(?:局|委员会|委|办公室|政府|中心|街道办事处|街道|乡|镇|部门|单位|法院|检察院|厅|署|公司)")
_DID = r"收到|受理|予以|部分|不予|无法|办结|答复|收取|公开|处理|共|\d"
PART = rf"其中(?:由)?{_ORGAN}(?=[\u4e00-\u9fff]{{0,6}}?(?:{_DID}))"
_YEARS = re.compile(r"((?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})\s*年|(本年|今年)")


def own_clauses(report: Report) -> Iterator[tuple[str, str, Location | None]]:
    """(clause, its sentence, the location of its paragraph) of every clause of the report's prose
    that speaks of the report's organ and year (see the module)."""
    elsewhere, part = _not_own()
    for text, location in paragraphs(report):
        for sentence in SENTENCES.findall(text):
            if elsewhere.search(sentence) or part.search(sentence):
                continue
            sentence = sentence.strip()
            for clause in _of_the_year(sentence, report.meta.year):
                yield clause, sentence, location


@cache
def _not_own() -> tuple[re.Pattern, re.Pattern]:
    """ELSEWHERE and PART, compiled once, when the prose is first read: not on every start of xxgk."""
    return re.compile(ELSEWHERE), re.compile(PART)


def paragraphs(report: Report) -> Iterator[tuple[str, Location | None]]:
    """(paragraph, where it stands) of the preamble and the sections: the paragraph's own location,
    else (JSON written before paragraphs had their own) its section's heading's."""
    yield from located(report.preamble, report.preamble_locations)
    for section in report.sections:
        yield from section.located()


def _of_the_year(sentence: str, year: int | None) -> Iterator[str]:
    """The clauses of the sentence that speak of `year` (see the module)."""
    own = True
    for clause in CLAUSES.findall(sentence):
        named = [_year(m, year) for m in _YEARS.finditer(clause)]
        if named:
            own = year is not None and all(n == year for n in named)
        if own and clause.strip():
            yield clause.strip()


def _year(match: re.Match, year: int | None) -> int | None:
    """The year a match of _YEARS names (本年: the report's)."""
    if match[2]:
        return year
    return year_number(match[1])
