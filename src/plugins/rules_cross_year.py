"""CROSS-YEAR (batch): an organ's reports of consecutive years must carry applications over.

`t3.carried_over` of year t must equal `t3.carried_forward` of year t-1, column by column (warning);
现行有效 of t-1 + 制发 - 废止 of t should equal 现行有效 of t, and in the 2019 format 上一年项目数量 +
本年增/减 of t-1 should equal 上一年项目数量 of t (info).
"""
from __future__ import annotations

import re
from collections import defaultdict

from xxgk import hookimpl
from xxgk.labels import normalize
from xxgk.model import Finding
from xxgk.registry import BatchValidator
from xxgk.templates.y2021 import T3_COLUMNS

CARRY = [(f"t3.carried_over.{c.key}", f"t3.carried_forward.{c.key}", c.label) for c in T3_COLUMNS]
DOCUMENTS = [(f"t2.{row}.in_force", f"t2.{row}.issued", f"t2.{row}.repealed", label)
             for row, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件"))]
ITEMS = [(f"t2.{row}.prior_items", f"t2.{row}.change", label) for row, label in (
    ("licensing", "行政许可"), ("other_services", "其他对外管理服务事项"), ("penalty", "行政处罚"),
    ("coercion", "行政强制"), ("fees", "行政事业性收费"))]
KEYS = (tuple(k for trio in CARRY for k in trio[:2]) + tuple(k for group in DOCUMENTS for k in group[:3])
        + tuple(k for trio in ITEMS for k in trio[:2]))


def organ_key(organ: str) -> str:
    """Organ names compared without spaces, punctuation forms or parenthesised notes."""
    return re.sub(r"\(.*?\)", "", normalize(organ))


def check(results):
    by_organ: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for result in results:
        if result.organ and result.year:
            by_organ[organ_key(result.organ)][result.year].append(result)
    for years in by_organ.values():
        for year, reports in sorted(years.items()):
            before = years.get(year - 1)
            if len(reports) != 1 or not before or len(before) != 1:
                continue   # no pair, or two reports for one year: nothing to compare
            yield from _pair(before[0], reports[0])


def _pair(old, new):
    compared = f"{old.source} ({old.year}) and {new.source} ({new.year})"
    differ = [(label, new.facts.get(over), old.facts.get(forward), over, forward)
              for over, forward, label in CARRY
              if new.facts.get(over) is not None and old.facts.get(forward) is not None
              and new.facts[over] != old.facts[forward]]
    if differ:
        text = "; ".join(f"{label}: {new.year} 上年结转 = {a} ≠ {old.year} 结转下年度 = {b}"
                         for label, a, b, *_ in differ)
        cells = [k for *_, over, forward in differ for k in (over, forward)]
        yield new.source, Finding("CROSS-YEAR", "warning", f"{text} (compared {compared})", cells,
                                  lhs=differ[0][1], rhs=differ[0][2])
    for in_force, issued, repealed, label in DOCUMENTS:
        values = (old.facts.get(in_force), new.facts.get(issued), new.facts.get(repealed), new.facts.get(in_force))
        if None in values:
            continue
        previous, made, dropped, now = values
        if previous + made - dropped != now:
            yield new.source, Finding(
                "CROSS-YEAR", "info", f"{label}: {old.year} 现行有效 {previous} + 制发 {made} − 废止 {dropped} "
                f"= {previous + made - dropped} ≠ {new.year} 现行有效 {now} (compared {compared})",
                [in_force, issued, repealed], lhs=previous + made - dropped, rhs=now)


    for prior, change, label in ITEMS:
        values = (old.facts.get(prior), old.facts.get(change), new.facts.get(prior))
        if None not in values and values[0] + values[1] != values[2]:
            yield new.source, Finding(
                "CROSS-YEAR", "info", f"{label}: {old.year} 上一年项目数量 {values[0]} + 本年增/减 {values[1]} "
                f"≠ {new.year} 上一年项目数量 {values[2]} (compared {compared})", [prior, change],
                lhs=values[0] + values[1], rhs=values[2])


@hookimpl
def xxgk_register_validators(registry):
    registry.add_batch_validator(BatchValidator("cross-year", ("CROSS-YEAR",), KEYS, check))
