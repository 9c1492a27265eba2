"""PUBLISHED-LATE: a report published after the date the law sets.

《中华人民共和国政府信息公开条例》(国务院令第711号, 2019), 第四十九条: "县级以上人民政府部门应当在每年
1月31日前向本级政府信息公开工作主管部门提交本行政机关上一年度政府信息公开工作年度报告并向社会公布。
县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前向社会公布本级政府上一年度政府信息
公开工作年度报告。" The deadlines are data (`deadlines.json`; a province's earlier ones in a file of
the same shape: PUBLISHED-LATE.deadlines), by the kind of organ its name tells (notes in brackets
aside: 某某区人民政府（某某区人民政府办公室） is a government): the first entry whose pattern finds
the name gives the deadline, in the year after the one reported on. Townships, street offices and
their offices, residents' committees and party organs, which the article does not name, have none;
nor has an organ no entry finds: an info says that no deadline is known for it. A report whose
organ or year is not known is not checked.

The date is the report's publication date (`Meta.published`: the page's, the PDF's or DOCX's
creation date, or the signature's; `xxgk.assembler.published`); a finding on it points at the line
or paragraph it stands in (`Meta.published_at`), and its message says where it came from (a file's
metadata has no place in the text). Warning: after the deadline.
Info: no date known, or a date before the end of the year reported on (it cannot be the day of
publication).
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from xxgk import hookimpl
from xxgk.dates import iso, publishable
from xxgk.model import Finding, Report
from xxgk.registry import Validator
from xxgk.rulesettings import Setting

from .organ_years import organ_key

DATA = Path(__file__).with_name("deadlines.json")
FOUND_IN = {"page": "the page's date", "pdf": "the creation date in the PDF's metadata",
            "docx": "the creation date in the DOCX's metadata", "signature": "the date under the signature"}


@dataclass(frozen=True)
class Deadline:
    """Which organs (`pattern` finds them by name), their deadline (month, day) in the year after
    the report's, or None, and the provision that sets it."""

    organs: str
    pattern: re.Pattern
    day: tuple[int, int] | None
    basis: str


def load(path: str | Path) -> tuple[Deadline, ...]:
    """The deadlines of a JSON file (see deadlines.json); ValueError saying what is wrong with it."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))   # a byte-order mark or not
        entries = data["deadlines"]
        if not entries:
            raise ValueError("no deadlines in it")
        return tuple(_deadline(entry) for entry in entries)
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (ValueError, KeyError, TypeError, re.error) as exc:
        raise ValueError(f"{path}: not a file of deadlines like {DATA.name} ({type(exc).__name__}: {exc})") from None


def _deadline(entry: dict) -> Deadline:
    day = entry["deadline"]
    if day is not None:
        month, _, date = day.partition("-")
        if iso(2023, int(month), int(date)) is None:   # a day of every year (not 02-29)
            raise ValueError(f"no day {day!r} in every year")
        day = (int(month), int(date))
    return Deadline(str(entry["organs"]), re.compile(entry["pattern"]), day, str(entry["basis"]))


@functools.cache
def builtin() -> tuple[Deadline, ...]:
    return load(DATA)


DEADLINES = Setting("PUBLISHED-LATE.deadlines", None, load,
                    f"a JSON file of deadlines in the shape of xxgk/plugins/{DATA.name} (default: that file, "
                    "after 条例第四十九条)")


def check(report: Report, values):
    organ, year, published = report.meta.organ, report.meta.year, report.meta.published
    name = organ_key(organ or "")
    if not name or year is None:
        return
    rule = next((d for d in values[DEADLINES.name] or builtin() if d.pattern.search(name)), None)
    if rule is None or rule.day is None:
        why = f"{rule.organs} ({rule.basis})" if rule else f"this kind of organ ({organ})"
        yield Finding("PUBLISHED-LATE", "info", f"no deadline is known for {why}")
        return
    due = iso(year + 1, *rule.day)
    owed = f"{due}, the deadline for {rule.organs} ({rule.basis})"
    found = FOUND_IN.get(report.meta.published_from or "", f"the date the {report.meta.published_from} reader gives")
    at = report.meta.published_at
    if published is None:
        yield Finding("PUBLISHED-LATE", "info", f"publication date unknown: due by {owed}")
    elif not publishable(published, year):
        yield Finding("PUBLISHED-LATE", "info", f"publication date unknown: {published}, {found}, is before the end "
                      f"of {year}; due by {owed}", location=at)
    elif published > str(due):
        yield Finding("PUBLISHED-LATE", "warning", f"published {published} ({found}), after {owed}", location=at)


@hookimpl
def xxgk_register_validators(registry):
    registry.add_validator(Validator("deadline", ("PUBLISHED-LATE",), check, settings=(DEADLINES,)))
