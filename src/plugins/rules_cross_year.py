"""CROSS-YEAR and T2-IN-FORCE (batch): an organ's reports of consecutive years must follow on.

CROSS-YEAR (warning): `t3.carried_over` of year t must equal `t3.carried_forward` of year t−1,
column by column (applications carried into t are those carried out of t−1). As info, in the 2019
format, 上一年项目数量 + 本年增/减 of t−1 should equal 上一年项目数量 of t.

T2-IN-FORCE (warning): 现行有效件数 of t−1 + 本年制发件数 − 本年废止件数 of t = 现行有效件数 of t,
for 规章 and 行政规范性文件 (the documents in force at the end of t are those of t−1, plus those
made in t, less those repealed in t). A pair where a value is not given, or year t−1 follows the
2019 format (which has no 现行有效件数), is not compared.

ORGAN-YEAR (info): the reports of an organ's year that the batch rules take as one, or cannot tell
apart (`organ_years`).
"""
from __future__ import annotations

from xxgk import hookimpl
from xxgk.model import Finding
from xxgk.registry import BatchValidator
from xxgk.templates.y2021 import T3_COLUMNS

from . import organ_years
from .organ_years import compared, consecutive

CARRY = [(f"t3.carried_over.{c.key}", f"t3.carried_forward.{c.key}", c.label) for c in T3_COLUMNS]
DOCUMENTS = [(f"t2.{row}.in_force", f"t2.{row}.issued", f"t2.{row}.repealed", label)
             for row, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件"))]
ITEMS = [(f"t2.{row}.prior_items", f"t2.{row}.change", label) for row, label in (
    ("licensing", "行政许可"), ("other_services", "其他对外管理服务事项"), ("penalty", "行政处罚"),
    ("coercion", "行政强制"), ("fees", "行政事业性收费"))]
KEYS = (tuple(k for trio in CARRY for k in trio[:2]) + tuple(k for group in DOCUMENTS for k in group[:3])
        + tuple(k for trio in ITEMS for k in trio[:2]))


def check(results):
    for old, new in consecutive(results):
        yield from _pair(old, new)


def _pair(old, new):
    pair = compared(old, new)
    differ = [(label, new.facts.get(over), old.facts.get(forward), over, forward)
              for over, forward, label in CARRY
              if new.facts.get(over) is not None and old.facts.get(forward) is not None
              and new.facts[over] != old.facts[forward]]
    if differ:
        text = "; ".join(f"{label}: {new.year} 上年结转 = {a} ≠ {old.year} 结转下年度 = {b}"
                         for label, a, b, *_ in differ)
        cells = [k for *_, over, forward in differ for k in (over, forward)]
        yield new.source, Finding("CROSS-YEAR", "warning", f"{text} ({pair})", cells,
                                  lhs=differ[0][1], rhs=differ[0][2])
    for in_force, issued, repealed, label in DOCUMENTS:
        values = (old.facts.get(in_force), new.facts.get(issued), new.facts.get(repealed), new.facts.get(in_force))
        if None in values:
            continue
        previous, made, dropped, now = values
        if previous + made - dropped != now:
            yield new.source, Finding(
                "T2-IN-FORCE", "warning", f"{label}: {old.year} 现行有效 {previous} + 制发 {made} − 废止 {dropped} "
                f"= {previous + made - dropped} ≠ {new.year} 现行有效 {now} ({pair})",
                [in_force, issued, repealed], lhs=previous + made - dropped, rhs=now)
    for prior, change, label in ITEMS:
        values = (old.facts.get(prior), old.facts.get(change), new.facts.get(prior))
        if None not in values and values[0] + values[1] != values[2]:
            yield new.source, Finding(
                "CROSS-YEAR", "info", f"{label}: {old.year} 上一年项目数量 {values[0]} + 本年增/减 {values[1]} "
                f"≠ {new.year} 上一年项目数量 {values[2]} ({pair})", [prior, change],
                lhs=values[0] + values[1], rhs=values[2])


@hookimpl
def xxgk_register_validators(registry):
    registry.add_batch_validator(BatchValidator(organ_years.NAME, ("ORGAN-YEAR",), (), organ_years.check,
                                                extract=organ_years.tables))
    registry.add_batch_validator(BatchValidator("cross-year", ("CROSS-YEAR", "T2-IN-FORCE"), KEYS, check))
