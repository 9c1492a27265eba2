"""Figures the prose states of single cells ("本年度制发行政规范性文件62件").

Each table template lists, as data, the phrasings that state one of its cells (`stated`). They are
looked for clause by clause in the preamble and the sections' prose; a cell stated twice with
different figures is not stated. A stated figure never fills a cell: it only chooses between the
splits of run-together digits that the table's rules allow.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..labels import normalize
from ..model import shortened
from ..template import TableTemplate
from ..values import count

_CLAUSES = re.compile(r"[^。；;！？!?\n]+")
# a clause about another time, or about a part or a sum of organs, states no figure of the report's own table
_OTHER_TIME = re.compile(r"计划|拟|预计|将要|季度|上半年|下半年|月份|上年|去年|前年|同比|累计|截至|截止|以来"
                         r"|近\d+年|近[两三四五]年")
_OTHER_SCOPE = re.compile(r"各乡镇|各部门|各单位|乡镇|街道|县直|市直|区直|其中|所属|下属|全[市县区省]")


@dataclass
class Stated:
    """Figures stated by the prose: key -> number, and the clause each comes from."""

    values: dict[str, int] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def agrees(self, cells: Mapping[str, int | None]) -> bool:
        """Whether `cells` gives every stated figure among its keys."""
        return all(self.values.get(k, v) == v for k, v in cells.items())

    def clauses(self, keys: list[str]) -> str:
        """The clauses stating figures of `keys`, as quoted in a note."""
        return "; ".join(f"“{shortened(self.texts[k])}”" for k in keys if k in self.texts)


def stated_figures(texts: list[str], templates: list[TableTemplate], year: int | None) -> Stated:
    """The figures `texts` state of the templates' cells (see the module's docstring). A clause about
    another time (a plan, a quarter, last year, another year than `year`) states none."""
    found: dict[str, set[int]] = {}
    clauses: dict[str, str] = {}
    patterns = [(key, re.compile(pattern)) for tpl in templates for key, pattern in tpl.stated]
    for text in texts:
        for clause in _CLAUSES.findall(text):
            years = {int(y) for y in re.findall(r"(?:19|20)\d{2}(?=\s*年)", clause)}
            if _OTHER_TIME.search(clause) or _OTHER_SCOPE.search(clause) or years - {year}:
                continue
            norm = normalize(clause)
            for key, pattern in patterns:
                for m in pattern.finditer(norm):
                    if (n := count(m.group("n"))) is not None:   # a figure too long to be a count states none
                        found.setdefault(key, set()).add(n)
                        clauses.setdefault(key, clause.strip())
    values = {k: next(iter(v)) for k, v in found.items() if len(v) == 1}
    return Stated(values, {k: clauses[k] for k in values})
