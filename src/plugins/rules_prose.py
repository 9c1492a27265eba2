"""PROSE-TABLE: a figure stated in the prose that none of its plausible readings of the tables gives.

Only clauses about what a claim is about are read: applications, reviews and suits (the totals of
tables 3 and 4), the results of applications (予以公开, 部分公开, 不予公开, 无法提供, 不予处理, 其他处理:
the rows of table 3), and the 规章 and 行政规范性文件 made, repealed or in force (table 2). A figure
is a contradiction only when it equals none of the table values it may mean: 予以公开 N 件 may count
部分公开 too, 公开规章 N 件 the year's or those in force. A sentence about other organs (全市, 各部门,
所属…) or another time (上年, 累计, 近三年, a plan…) states no figure of the report's own. Every
figure of a clause is checked on its own; several claims that read one figure are readings of it,
and one that fits (or one that cannot be checked, a cell not given) settles it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from xxgk import hookimpl
from xxgk.model import Finding, Location, Report, shortened
from xxgk.registry import Validator
from xxgk.templates.y2021 import T3_OTHER_HANDLING, T3_RESULTS
from xxgk.values import count

_UNIT = r"\s*(?:件|个|项|宗|起|份|条|次)"
_SENTENCES = re.compile(r"[^。；;！？!?\n]+")
_CLAUSES = re.compile(r"[^，,]+")
_GAP = r"[^\d，,。；;]"
SCOPE = ("申请", "信息公开")
NEVER = re.compile(r"(?!)")
# a sentence about other organs or another time than the report's
ELSEWHERE = re.compile(r"各乡镇|各街道|各部门|各单位|各地|县直|市直|区直|所属|下属|全[市县区省州盟旗]|系统内"
                        r"|上年(?!结转)|去年|前年|同比|累计|以来|上半年|下半年|季度|月份|计划|拟|预计|近\d+年|近[两三四五]年")


@dataclass(frozen=True)
class Claim:
    """A kind of figure: the pattern that states it and the table values it may mean. `scope`: a
    clause must hold one of these words; `about`: its sentence must hold one of these; `elsewhere`:
    a sentence that speaks of other organs or times is not read."""

    name: str
    pattern: re.Pattern
    none: re.Pattern          # the same statement made as "none" (未收到…申请): 0
    scope: tuple[str, ...]
    readings: Callable[[Report], list[int]]
    cells: tuple[str, ...]
    about: tuple[str, ...] = ()
    elsewhere: re.Pattern | None = None


def _sum(report: Report, *keys: str) -> int | None:
    values = [report.value(k) for k in keys]
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


def _readings(*options: tuple[str, ...]) -> Callable[[Report], list[int]]:
    def readings(report: Report) -> list[int]:
        return [v for v in (_sum(report, *keys) for keys in options) if v is not None]
    return readings


NEW, OVER, DONE = "t3.new_received.total", "t3.carried_over.total", "t3.results_total.total"
REVIEW = "t4.review.total"
SUITS = ("t4.litigation_direct.total", "t4.litigation_after_review.total")
DISCLOSED, PARTIAL = "t3.disclosed.total", "t3.partially_disclosed.total"


def _group(prefix: str) -> tuple[str, ...]:
    return tuple(f"t3.{row.key}.total" for row in T3_RESULTS if row.key.startswith(prefix))


def _result(name: str, words: str, *options: tuple[str, ...]) -> Claim:
    """A result of applications: a row of table 3, or the sum of a group of rows."""
    return Claim(name, re.compile(rf"(?:{words})(?P<mid>{_GAP}{{0,10}}?)(?P<n>\d+)" + _UNIT), NEVER, (),
                 _readings(*options), options[0], ("申请",), ELSEWHERE)


def _documents(row: str, words: str, said: str, verbs: str, columns: tuple[str, ...]) -> Claim:
    """规章 or 行政规范性文件 (`row`, named by `words`) made, repealed or in force (`said` by `verbs`):
    table 2's columns, 2021's or 2019's."""
    options = tuple((f"t2.{row}.{column}",) for column in columns)
    pattern = re.compile(rf"(?:{verbs})了?{_GAP}{{0,12}}?{words}(?P<mid>{_GAP}{{0,3}}?)(?P<n>\d+)\s*件")
    return Claim(f"{row}-{said}", pattern, NEVER, (), _readings(*options), options[0], (), ELSEWHERE)


DOCUMENTS = (("regulations", "规章"), ("normative_documents", "(?:行政)?规范性文件"))
SAID = (("made", "制发|制定|出台|印发|发布|公开|新增",
         ("issued", "in_force", "new_made", "new_published", "total_published")),
        ("repealed", "废止", ("repealed",)), ("in-force", "现行有效", ("in_force", "total_published")))

CLAIMS = (   # the most particular first: of claims that read one figure, the first is named
    _result("disclosed", r"(?<!不)(?:予以|同意)公开", (DISCLOSED,), (DISCLOSED, PARTIAL)),
    _result("partially-disclosed", r"部分公开", (PARTIAL,)),
    _result("withheld", r"不予(?:以)?公开", _group("withheld.")),
    _result("unavailable", r"无法提供", _group("unavailable.")),
    _result("not-processed", r"不予处理", _group("not_processed.")),
    _result("other-handling", r"其他处理", tuple(f"t3.{row.key}.total" for row in T3_OTHER_HANDLING),
            ("t3.other_handling.total",)),
    *(_documents(row, words, said, verbs, columns) for row, words in DOCUMENTS for said, verbs, columns in SAID),
    Claim("received", re.compile(r"(?:收到|受理|接收|接到|新收)(?P<mid>[^\d]{0,40}?)(?P<n>\d+)" + _UNIT),
          re.compile(r"(?:未|没有)(?:收到|受理|接收|接到)[^\d]{0,20}?申请"), ("申请",),
          _readings((NEW,), (NEW, OVER)), (NEW, OVER), elsewhere=ELSEWHERE),
    Claim("handled", re.compile(r"(?:办结|答复|处理|办理)(?P<mid>[^\d]{0,40}?)(?P<n>\d+)" + _UNIT),
          NEVER, ("申请",), _readings((DONE,), (NEW,), (NEW, OVER)), (DONE,), elsewhere=ELSEWHERE),
    Claim("review", re.compile(r"行政复议(?P<mid>[^\d]{0,12}?)(?P<n>\d+)" + _UNIT),
          re.compile(r"(?:未|没有)(?:发生|因|被|收到)[^\d]{0,24}?行政复议"), SCOPE,
          _readings((REVIEW,)), (REVIEW,), elsewhere=ELSEWHERE),
    Claim("suits", re.compile(r"行政诉讼(?P<mid>[^\d]{0,12}?)(?P<n>\d+)" + _UNIT),
          re.compile(r"(?:未|没有)(?:发生|因|被|收到)[^\d]{0,24}?行政诉讼"), SCOPE,
          _readings(SUITS), SUITS, elsewhere=ELSEWHERE),
)


def _paragraphs(report: Report):
    for text in report.preamble:
        yield text, None
    for section in report.sections:
        for text in section.paragraphs:
            yield text, section.location


def check(report: Report):
    for text, location in _paragraphs(report):
        for sentence in _SENTENCES.findall(text):
            for clause in _CLAUSES.findall(sentence):
                finding = _check_clause(report, clause.strip(), sentence, location)
                if finding:
                    yield finding


def _check_clause(report: Report, clause: str, sentence: str, location: Location | None) -> Finding | None:
    """A finding for the first figure of the clause that no reading of any claim stating it gives."""
    figures: dict[int, list[tuple[Claim, int]]] = {}   # the figure's place in the clause (-1: "none") -> claims
    for claim in CLAIMS:
        if _reads(claim, clause, sentence):
            for at, stated in _stated(claim, clause):
                figures.setdefault(at, []).append((claim, stated))
    for _, claims in sorted(figures.items()):
        readings = [(claim, stated, claim.readings(report)) for claim, stated in claims]
        if all(values and stated not in values for _, stated, values in readings):
            claim, stated, values = readings[0]
            shown = " or ".join(str(v) for v in dict.fromkeys(values))
            said = f"the prose says “{shortened(clause)}” ({stated}), the tables give {shown}"
            return Finding("PROSE-TABLE", "warning", said, list(claim.cells), location, stated, values[0])
    return None


def _reads(claim: Claim, clause: str, sentence: str) -> bool:
    """Whether the clause, in its sentence, is about what the claim states."""
    in_scope = not claim.scope or any(word in clause for word in claim.scope)
    return in_scope and _about(claim.about, claim.elsewhere, sentence)


@lru_cache(maxsize=8)
def _about(about: tuple[str, ...], elsewhere: re.Pattern | None, sentence: str) -> bool:
    """Whether the sentence holds one of the words `about` (if any) and nothing `elsewhere` matches:
    found once a sentence, not again for each of its clauses (190 KB of "申请行政复议1件，" searched
    the whole sentence for every clause, timing out)."""
    return (not about or any(word in sentence for word in about)) and not (elsewhere and elsewhere.search(sentence))


def _stated(claim: Claim, clause: str) -> list[tuple[int, int]]:
    """(place, figure) of each figure the clause states by the claim (a figure too long to be a
    count states none); (-1, 0) for the claim said as none."""
    found = [(m.start("n"), n) for m in claim.pattern.finditer(clause) if (n := count(m["n"])) is not None]
    if not found and claim.none.search(clause):
        return [(-1, 0)]
    return found


@hookimpl
def xxgk_register_validators(registry):
    registry.add_validator(Validator("prose", ("PROSE-TABLE",), check))
