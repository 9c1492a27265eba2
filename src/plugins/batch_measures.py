"""The measures reviewers compare reports by, each made of the dataset's own columns (cell keys,
`xxgk.dataset`), and their spread over a batch.

A count is the sum of its keys; a rate is the sum of its numerator's keys over the sum of its
denominator's. A measure is blank (None) where a key it needs is not given, or where its
denominator is 0: never 0, never guessed.
"""
from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

WITHHELD = ("state_secret", "prohibited_by_law", "security_stability", "third_party_rights", "internal_affairs",
            "process_info", "enforcement_files", "inquiry_matters")   # 表三 三、（三）不予公开 1.–8.
LITIGATION = ("litigation_direct", "litigation_after_review")          # 表四 行政诉讼: 未经复议直接起诉, 复议后起诉
DECIDED = ("upheld", "corrected", "other")                             # 表四 已审结: 结果维持, 结果纠正, 其他结果

Value = int | Fraction


@dataclass(frozen=True)
class Measure:
    """A measure: `name` (an identifier), its Chinese `label`, its `formula` as the format's labels
    say it, the keys summed above the line and, for a rate, below it."""

    name: str
    label: str
    formula: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...] = ()

    @property
    def rate(self) -> bool:
        return bool(self.denominator)

    @property
    def keys(self) -> tuple[str, ...]:
        return self.numerator + self.denominator

    @property
    def key_formula(self) -> str:
        """The formula in keys: "(t3.disclosed.total + t3.partially_disclosed.total) / t3.results_total.total"."""
        def summed(keys: tuple[str, ...]) -> str:
            return " + ".join(keys) if len(keys) == 1 or not self.rate else f"({' + '.join(keys)})"
        return summed(self.numerator) + (f" / {summed(self.denominator)}" if self.rate else "")

    def parts(self, row: Mapping[str, object]) -> tuple[int | None, int | None]:
        """The sums above and below the line of one dataset row (column name -> value), None where
        a key is not given; below is None for a count."""
        return _summed(row, self.numerator), _summed(row, self.denominator) if self.rate else None

    def value(self, row: Mapping[str, object]) -> Value | None:
        """The measure of one dataset row: an int for a count, a Fraction for a rate; None where a
        key is not given or the denominator is 0."""
        above, below = self.parts(row)
        if above is None or not self.rate:
            return above
        return None if not below else Fraction(above, below)


def _summed(row: Mapping[str, object], keys: tuple[str, ...]) -> int | None:
    found = [row.get(k) for k in keys]
    return None if any(not isinstance(v, int) for v in found) else sum(found)   # type: ignore[arg-type]


MEASURES = (
    Measure("new", "本年新收政府信息公开申请数量", "本年新收申请的总计", ("t3.new_received.total",)),
    Measure("disclosure", "实质公开率", "（予以公开 + 部分公开）÷ 办结总数",
            ("t3.disclosed.total", "t3.partially_disclosed.total"), ("t3.results_total.total",)),
    Measure("withheld", "不予公开占比", "不予公开（1.至8.项之和）÷ 办结总数",
            tuple(f"t3.withheld.{w}.total" for w in WITHHELD), ("t3.results_total.total",)),
    Measure("review", "行政复议数量", "行政复议的总计", ("t4.review.total",)),
    Measure("review_corrected", "行政复议纠错率", "结果纠正 ÷ 已审结（结果维持 + 结果纠正 + 其他结果）",
            ("t4.review.corrected",), tuple(f"t4.review.{d}" for d in DECIDED)),
    Measure("litigation", "行政诉讼数量", "未经复议直接起诉的总计 + 复议后起诉的总计",
            tuple(f"t4.{g}.total" for g in LITIGATION)),
    Measure("litigation_corrected", "行政诉讼纠错率",
            "结果纠正 ÷ 已审结（结果维持 + 结果纠正 + 其他结果），两类起诉合计",
            tuple(f"t4.{g}.corrected" for g in LITIGATION), tuple(f"t4.{g}.{d}" for g in LITIGATION for d in DECIDED)),
)
OVER_YEARS = ("new", "disclosure", "withheld", "review", "litigation")   # the measures drawn year by year


@dataclass(frozen=True)
class Spread:
    """A measure over a batch: how many reports have it, and its least value, quartiles (Q1,
    median, Q3: inclusive, as Excel's QUARTILE.INC) and greatest value (None when none has it)."""

    count: int
    least: Value | None = None
    lower: Value | Fraction | None = None
    median: Value | Fraction | None = None
    upper: Value | Fraction | None = None
    greatest: Value | None = None


def spread(values: Sequence[Value | None]) -> Spread:
    given = sorted(v for v in values if v is not None)
    if not given:
        return Spread(0)
    if len(given) == 1:
        return Spread(1, *given * 5)
    lower, median, upper = statistics.quantiles([Fraction(v) for v in given], n=4, method="inclusive")
    return Spread(len(given), given[0], lower, median, upper, given[-1])


def ranks(values: Sequence[Value | None]) -> list[int | None]:
    """Each value's rank, greatest first, ties sharing the best rank (1, 2, 2, 4); None for None."""
    order = sorted((v for v in values if v is not None), reverse=True)
    first: dict[Value, int] = {}
    for n, v in enumerate(order, 1):
        first.setdefault(v, n)
    return [None if v is None else first[v] for v in values]
