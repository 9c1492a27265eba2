"""T3-BALANCE, T3-RESULTS, T3-ROWTOTAL, T4-TOTAL: the template's equations, checked as given."""
from __future__ import annotations

from xxgk import hookimpl
from xxgk.model import Finding, Report
from xxgk.registry import Registry, Validator
from xxgk.template import Equation

RULES = ("T3-BALANCE", "T3-RESULTS", "T3-ROWTOTAL", "T4-TOTAL")


def check(report: Report, registry: Registry):
    cells = report.cells()
    for name, table in report.tables.items():
        tpl = registry.table_template(name, table.template)
        if tpl is None:
            continue
        for eq in tpl.equations:
            finding = _check(report, cells, eq)
            if finding:
                yield finding


def _check(report: Report, cells: dict, eq: Equation) -> Finding | None:
    given = [cells.get(k) for k in eq.left + eq.right]
    values = [v for v in given if v is not None]
    if len(values) < len(given):
        return None   # a rule with an input not given is not evaluated
    left = sum(values[:len(eq.left)])
    right = sum(values[len(eq.left):])
    if left == right:
        return None
    first = report.cell(eq.left[0])
    return Finding(eq.rule, "error", f"{eq.where}: {eq.left_name} = {left} ≠ {eq.right_name} = {right}",
                   list(eq.left + eq.right), first.location if first else None, left, right)


@hookimpl
def xxgk_register_validators(registry):
    registry.add_validator(Validator("arithmetic", RULES, lambda report: check(report, registry)))
