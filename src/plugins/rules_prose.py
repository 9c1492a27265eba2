"""PROSE-TABLE: a figure stated in the prose that none of its plausible readings of the tables gives.

Only clauses about what a claim is about are read: applications, reviews and suits (the totals of tables 3 and
4; applications carried forward, 结转下年度继续办理 N 件, are table 3's 四、结转下年度继续办理, never
applications handled; a part of the applications, 延期答复 N 件, 网上收到 N 件, is no total and is not read;
the items of a list, 政府信息公开行政复议2件，行政诉讼1件, all of its scope), the results of applications
(予以公开, 部分公开, 不予公开, 无法提供, 不予处理, 其他处理: the rows of table 3; a figure given for a reason,
"因属于国家秘密不予公开1件", is that reason's row, `reasons`), and the organ's own 规章 and 行政规范性文件
made, repealed or in force (table 2: the verb and the documents next to each other, nothing but filler between
them and the figure, so that 党内规范性文件, 上级规范性文件, 规范性文件草案 or 解读 and 废止、修改 are not
read), and the decisions of 行政许可, 行政处罚 and 行政强制 (table 2's rows: 行政处罚决定15件, not
行政处罚案件, a kind of decision, 不予行政许可决定, nor several together). A figure is a contradiction only
when it equals none of the table values it may mean: 予以公开 N 件 may count 部分公开 too, 公开规章 N 件 the
year's or those in force, 行政许可 N 件 in a 2019 table the decisions, the items of last year or this year's.
Only clauses about the report's organ and year are read (`prose_scope`). Every figure of a clause is checked
on its own; several claims that read one figure are readings of it, and one that fits (or one that cannot be
checked: a cell not given, a reason whose row cannot be told) settles it. A figure may be written with
thousands separators (1,234: one figure).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from xxgk import hookimpl
from xxgk.model import Finding, Location, Report, shortened
from xxgk.registry import Validator
from xxgk.template import RowSpec
from xxgk.templates.y2021 import T3_OTHER_HANDLING, T3_RESULTS
from xxgk.values import count

from .prose_scope import own_clauses
from .reasons import reason

_UNIT = r"\s*(?:件|个|项|宗|起|份|条|次)"
# a figure, its thousands separated by commas or not (1,234)
_FIGURE = r"(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+)"
# between a result's word and its figure: nothing but filler, or a note in brackets
_RESULT_GAP = r"(?:[的共计有为：:\s]|答复|决定|申请|件数|[（(][^）)\d]{0,16}[）)])*?"
# between a document's verb and its name (a word at a time, at most eight: each way to read the text is
# one way to match, so a sentence that is not a match fails in linear time), and its name and the figure
_DOCUMENT_GAP = r"了|的|共|各类|本机关|本单位|本部门|本[局委办厅]|我[局委办厅]"
_DOCUMENT_FIGURE = r"[的共计合总有为：:\s]*?"
# a figure from its first digit (1,234 whole): each run of digits read once
_ITEM = re.compile(r"(?<![\d,])\d[\d,]*" + _UNIT + r"|[、:：]")
# words before a total's figure that make it a part of the applications (延期答复2件, 网上收到3件, 收到涉及
# 行政处罚的申请5件: applications about one matter) or
# those carried forward to next year (结转下年度继续办理的申请3件: 四、结转下年度, a claim of its own)
_PART = re.compile(r"延期|逾期|超期|按期|按时|如期|限期|当场|当日|即时|现场|网上|线上|在线|书面|电话|当面|口头|信函"
                   r"|邮寄|传真|电子邮件|涉及|关于|结转")
SCOPE = ("申请", "信息公开")
NEVER = re.compile(r"(?!)")


@dataclass(frozen=True)
class Claim:
    """A kind of figure: the pattern that states it and the table values it may mean. `scope`: a
    clause must hold one of these words; `about`: its sentence must hold one of these; `rows`:
    the (key, label) of the rows a reason given with the figure may name (`reasons`)."""

    name: str
    pattern: re.Pattern
    none: re.Pattern          # the same statement made as "none" (未收到…申请): 0
    scope: tuple[str, ...]
    readings: Callable[[Report], list[int]]
    cells: tuple[str, ...]
    about: tuple[str, ...] = ()
    rows: tuple[tuple[str, str], ...] = ()
    part: re.Pattern = NEVER   # words before the figure that make it another figure, not read
    listed: bool = False       # its scope goes on to the next clause, an item of the same list


def _sum(report: Report, *keys: str) -> int | None:
    values = [report.value(k) for k in keys]
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


def _readings(*options: tuple[str, ...]) -> Callable[[Report], list[int]]:
    def readings(report: Report) -> list[int]:
        return [v for v in (_sum(report, *keys) for keys in options) if v is not None]
    return readings


NEW, OVER, DONE = "t3.new_received.total", "t3.carried_over.total", "t3.results_total.total"
FORWARD = "t3.carried_forward.total"
REVIEW = "t4.review.total"
SUITS = ("t4.litigation_direct.total", "t4.litigation_after_review.total")
DISCLOSED, PARTIAL = "t3.disclosed.total", "t3.partially_disclosed.total"


def _rows(prefix: str, rows: tuple[RowSpec, ...]) -> tuple[tuple[str, str], ...]:
    """(key, label) of the rows of a group of table 3."""
    return tuple((f"t3.{row.key}.total", row.label or "") for row in rows if row.key.startswith(prefix))


def _result(name: str, words: str, *options: tuple[str, ...], rows: tuple[tuple[str, str], ...] = ()) -> Claim:
    """A result of applications: a row of table 3, or the sum of a group of rows."""
    return Claim(name, re.compile(rf"(?:{words})(?P<mid>{_RESULT_GAP})" + _FIGURE + _UNIT), NEVER, (),
                 _readings(*options), options[0], ("申请",), rows)


def _group(name: str, words: str, prefix: str, *single: tuple[str, ...], rows=T3_RESULTS) -> Claim:
    """A group of rows of table 3 (its sum, or the one row a 2019 report has), whose rows a reason names."""
    group = _rows(prefix, rows)
    return _result(name, words, tuple(key for key, _ in group), *single, rows=group)


def _documents(row: str, words: str, said: str, verbs: str, columns: tuple[str, ...]) -> Claim:
    """规章 or 行政规范性文件 (`row`, named by `words`) made, repealed or in force (`said` by `verbs`,
    several joined: 制定并印发): table 2's columns, 2021's or 2019's."""
    options = tuple((f"t2.{row}.{column}",) for column in columns)
    pattern = re.compile(rf"(?<![、和及或与并])(?:{verbs})(?:[并和、及]?(?:{verbs})|{_DOCUMENT_GAP}){{0,8}}?{words}"
                         rf"(?P<mid>{_DOCUMENT_FIGURE}){_FIGURE}\s*件")
    return Claim(f"{row}-{said}", pattern, NEVER, (), _readings(*options), options[0])


# words before a decisions' figure that make it a kind of them, not all (不予行政许可决定3件)
_KIND_OF_DECISION = re.compile(r"不予|撤销|撤回|变更|注销|延续|听证|简易|一般程序|当场|网上|线上|重大|涉企|免予"
                               r"|从轻|减轻|首违|轻微")


def _decisions(row: str, words: str) -> Claim:
    """Table 2's decisions of 行政许可, 行政处罚 or 行政强制 (`row`, named by `words`): 2021's 本年处理决定数量,
    or 2019's 处理决定数量, 上一年项目数量 or this year's items (上一年项目数量 + 本年增/减). Only the
    words, 决定 and filler before the figure: not 行政处罚案件, 行政许可事项, 行政处罚的申请, nor a figure
    of several (行政许可、行政处罚决定55件) or of a kind of decision (不予行政许可决定, 撤销…, 简易程序…)."""
    keys = {column: f"t2.{row}.{column}" for column in ("decisions", "prior_items", "change")}
    options = ((keys["decisions"],), (keys["prior_items"],), (keys["prior_items"], keys["change"]))
    pattern = re.compile(rf"(?<![、和及与或])(?:{words})(?P<mid>(?:处理)?决定(?:书|信息)?(?:数量)?[共计有为：:\s]*?|"
                         rf"[共计有为：:\s]*?){_FIGURE}\s*(?:件|条)")
    return Claim(f"{row}-decisions", pattern, NEVER, (), _readings(*options), options[0], part=_KIND_OF_DECISION)


DECISIONS = (("licensing", "行政许可"), ("penalty", "行政处罚"), ("coercion", "行政强制"))
DOCUMENTS = (("regulations", "规章"), ("normative_documents", "(?:行政)?规范性文件"))
SAID = (("made", "制发|制定|出台|印发|发布|公开|新增",
         ("issued", "in_force", "new_made", "new_published", "total_published")),
        ("repealed", "废止", ("repealed",)), ("in-force", "现行有效", ("in_force", "total_published")))

@cache
def claims() -> tuple[Claim, ...]:
    """Every claim, the most particular first (of claims that read one figure, the first is named);
    compiled once, when the rule first runs: not on every start of xxgk."""
    return (
        _result("disclosed", r"(?<!不)(?:予以|同意)公开", (DISCLOSED,), (DISCLOSED, PARTIAL)),
        _result("partially-disclosed", r"部分公开", (PARTIAL,)),
        _group("withheld", r"不予(?:以)?公开", "withheld."),
        _group("unavailable", r"无法提供", "unavailable."),
        _group("not-processed", r"不予处理", "not_processed."),
        _group("other-handling", r"其他处理", "other_handling.", ("t3.other_handling.total",), rows=T3_OTHER_HANDLING),
        *(_documents(row, words, said, verbs, columns) for row, words in DOCUMENTS for said, verbs, columns in SAID),
        *(_decisions(row, words) for row, words in DECISIONS),
        Claim("carried-forward", re.compile(r"结转(?:至|到|入)?下一?年度?(?P<mid>[^\d]{0,16}?)" + _FIGURE + _UNIT),
              NEVER, (), _readings((FORWARD,)), (FORWARD,), ("申请",)),
        Claim("received", re.compile(r"(?:收到|受理|接收|接到|新收)(?P<mid>[^\d]{0,40}?)" + _FIGURE + _UNIT),
              re.compile(r"(?:未|没有)(?:收到|受理|接收|接到)[^\d]{0,20}?申请"), ("申请",),
              _readings((NEW,), (NEW, OVER)), (NEW, OVER), part=_PART),
        Claim("handled", re.compile(r"(?:办结|答复|处理|办理)(?P<mid>[^\d]{0,40}?)" + _FIGURE + _UNIT),
              NEVER, ("申请",), _readings((DONE,), (NEW,), (NEW, OVER)), (DONE,), part=_PART),
        Claim("review", re.compile(r"行政复议(?P<mid>[^\d]{0,12}?)" + _FIGURE + _UNIT),
              re.compile(r"(?:未|没有)(?:发生|因|被|收到)[^\d]{0,24}?行政复议"), SCOPE,
              _readings((REVIEW,)), (REVIEW,), listed=True),
        Claim("suits", re.compile(r"行政诉讼(?P<mid>[^\d]{0,12}?)" + _FIGURE + _UNIT),
              re.compile(r"(?:未|没有)(?:发生|因|被|收到)[^\d]{0,24}?行政诉讼"), SCOPE,
              _readings(SUITS), SUITS, listed=True),
    )


@dataclass(frozen=True)
class Reading:
    """What one claim reads of a figure: the figure, the values it may be and the cells they are in."""

    claim: Claim
    stated: int
    values: list[int]
    cells: tuple[str, ...]


def check(report: Report):
    before: tuple[str, Location | None] | None = None   # the sentence of the clause before, if it is a list's item
    for clause, sentence, location in own_clauses(report):
        finding, listed = _check_clause(report, clause, sentence, location, before == (sentence, location))
        before = (sentence, location) if listed else None
        if finding:
            yield finding


def _check_clause(report: Report, clause: str, sentence: str, location: Location | None, listed: bool
                  ) -> tuple[Finding | None, bool]:
    """A finding for the first figure of the clause that no reading of any claim stating it gives, and
    whether the clause is an item of a list whose scope goes on to the next (行政复议2件，行政诉讼1件);
    `listed`: the clause before it in its sentence is one."""
    figures: dict[int, list[Reading]] = {}   # the figure's place in the clause (-1: "none") -> its readings
    items = False
    for claim in claims():
        if _reads(claim, clause, sentence, listed):
            stated = _stated(report, claim, clause)
            items = items or bool(claim.listed and stated)
            for at, reading in stated:
                figures.setdefault(at, []).append(reading)
    return _contradicted(clause, location, figures), items


def _contradicted(clause: str, location: Location | None, figures: dict[int, list[Reading]]) -> Finding | None:
    """A finding for the first figure (by its place in the clause) that none of its readings gives."""
    for _, readings in sorted(figures.items()):
        if all(r.values and r.stated not in r.values for r in readings):
            first = readings[0]
            shown = " or ".join(str(v) for v in dict.fromkeys(first.values))
            said = f"the prose says “{shortened(clause)}” ({first.stated}), the tables give {shown}"
            return Finding("PROSE-TABLE", "warning", said, list(first.cells), location, first.stated, first.values[0])
    return None


def _reads(claim: Claim, clause: str, sentence: str, listed: bool) -> bool:
    """Whether the clause, in its sentence, is about what the claim states (the scope of a list's
    item before it, `listed`, going on to it for a claim of list items)."""
    in_scope = not claim.scope or any(word in clause for word in claim.scope) or claim.listed and listed
    return in_scope and (not claim.about or _holds(claim.about, sentence))


@lru_cache(maxsize=16)
def _holds(words: tuple[str, ...], sentence: str) -> bool:
    """Whether the sentence holds one of the words: looked for once a sentence, not again for each
    of its clauses (190 KB of "申请行政复议1件，" in one sentence searched it for every clause)."""
    return any(word in sentence for word in words)


def _stated(report: Report, claim: Claim, clause: str) -> list[tuple[int, Reading]]:
    """(place, reading) of each figure the clause states by the claim (a figure too long to be a
    count states none); (-1, 0) for the claim said as none."""
    found = []
    item = 0   # where this item's own words begin: after the last figure or 、 (予以公开3件、[因…]不予公开1件)
    for m in claim.pattern.finditer(clause):
        for end in _ITEM.finditer(clause, item, m.start()):
            item = end.end()
        n = count(m["n"].replace(",", ""))
        before = clause[item:m.start()] + m["mid"]
        if n is not None and not claim.part.search(before):
            found.append((m.start("n"), Reading(claim, n, *_meant(report, claim, before))))
    if not found and claim.none.search(clause):
        return [(-1, Reading(claim, 0, claim.readings(report), claim.cells))]
    return found


def _meant(report: Report, claim: Claim, before: str) -> tuple[list[int], tuple[str, ...]]:
    """The values a figure may be and their cells: the claim's readings, or the row of the reason
    said `before` it (none when the reason's row cannot be told)."""
    if claim.rows:
        given = reason(before, claim.rows)
        if given.row is not None:
            value = report.value(given.row)
            return ([] if value is None else [int(value)]), (given.row,)
        if given.given:
            return [], claim.cells
    return claim.readings(report), claim.cells


@hookimpl
def xxgk_register_validators(registry):
    registry.add_validator(Validator("prose", ("PROSE-TABLE",), check))
