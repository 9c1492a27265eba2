"""PROSE-TABLE: a figure stated in the prose that none of its plausible readings of the tables gives.

Only clauses about information-disclosure applications, reviews and suits are read; a figure is
a contradiction only when it equals none of the table values it may mean.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from xxgk import hookimpl
from xxgk.model import Finding, Location, Report, shortened
from xxgk.registry import Validator
from xxgk.values import count

_UNIT = r"\s*(?:件|个|项|宗|起|份|条|次)"
_CLAUSES = re.compile(r"[^。；;，,！？!?\n]+")
SCOPE = ("申请", "信息公开")


@dataclass(frozen=True)
class Claim:
    """A kind of figure: the pattern that states it and the table values it may mean."""

    name: str
    pattern: re.Pattern
    none: re.Pattern          # the same statement made as "none" (未收到…申请): 0
    scope: tuple[str, ...]    # a clause must mention one of these to be about disclosure
    readings: Callable[[Report], list[int]]
    cells: tuple[str, ...]


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

CLAIMS = (
    Claim("received", re.compile(r"(?:收到|受理|接收|接到|新收)(?P<mid>[^\d]{0,40}?)(?P<n>\d+)" + _UNIT),
          re.compile(r"(?:未|没有)(?:收到|受理|接收|接到)[^\d]{0,20}?申请"), ("申请",),
          _readings((NEW,), (NEW, OVER)), (NEW, OVER)),
    Claim("handled", re.compile(r"(?:办结|答复|处理|办理)(?P<mid>[^\d]{0,40}?)(?P<n>\d+)" + _UNIT),
          re.compile(r"(?!)"), ("申请",),
          _readings((DONE,), (NEW,), (NEW, OVER)), (DONE,)),
    Claim("review", re.compile(r"行政复议(?P<mid>[^\d]{0,12}?)(?P<n>\d+)" + _UNIT),
          re.compile(r"(?:未|没有)(?:发生|因|被|收到)[^\d]{0,24}?行政复议"), SCOPE,
          _readings((REVIEW,)), (REVIEW,)),
    Claim("suits", re.compile(r"行政诉讼(?P<mid>[^\d]{0,12}?)(?P<n>\d+)" + _UNIT),
          re.compile(r"(?:未|没有)(?:发生|因|被|收到)[^\d]{0,24}?行政诉讼"), SCOPE,
          _readings(SUITS), SUITS),
)


def _paragraphs(report: Report):
    for text in report.preamble:
        yield text, None
    for section in report.sections:
        for text in section.paragraphs:
            yield text, section.location


def check(report: Report):
    for text, location in _paragraphs(report):
        for clause in _CLAUSES.findall(text):
            finding = _check_clause(report, clause.strip(), location)
            if finding:
                yield finding


def _check_clause(report: Report, clause: str, location: Location | None) -> Finding | None:
    """A finding when the clause states a figure that no reading of any matching claim gives."""
    stated_claims = [(claim, n) for claim in CLAIMS if (n := _stated(claim, clause)) is not None]
    contradictions = []
    for claim, stated in stated_claims:
        readings = claim.readings(report)
        if not readings or stated in readings:
            return None
        contradictions.append((claim, stated, readings))
    if not contradictions:
        return None
    claim, stated, readings = contradictions[0]
    shown = " or ".join(str(v) for v in dict.fromkeys(readings))
    said = f"the prose says “{shortened(clause)}” ({stated}), the tables give {shown}"
    return Finding("PROSE-TABLE", "warning", said, list(claim.cells), location, stated, readings[0])


def _stated(claim: Claim, clause: str) -> int | None:
    if not any(word in clause for word in claim.scope):
        return None
    m = claim.pattern.search(clause)
    if m:
        return count(m["n"])
    return 0 if claim.none.search(clause) else None


@hookimpl
def xxgk_register_validators(registry):
    registry.add_validator(Validator("prose", ("PROSE-TABLE",), check))
