"""Each rule (the README's table of rules) on a report that passes it and one that fails it."""
from __future__ import annotations

import pytest

import xxgk

from conftest import read_text, rules
from reportgen import consistent_values, report_text, zero_values

ARITHMETIC = {"T3-BALANCE", "T3-RESULTS", "T3-ROWTOTAL", "T4-TOTAL"}


def findings_for(values=None, **kwargs):
    return xxgk.validate(read_text(report_text(values, **kwargs)))


def bump(values, *keys, by=1):
    values = dict(values)
    for key in keys:
        values[key] += by
    return values


def test_consistent_report_passes_every_arithmetic_rule():
    found = findings_for(consistent_values(11, 20))
    assert not rules(found) & (ARITHMETIC | {"T2-VALUES", "CELL-MISSING", "STRUCTURE", "NO-TABLES"})


@pytest.mark.parametrize("keys, rule", [
    (("t3.carried_forward.natural_person", "t3.carried_forward.total"), "T3-BALANCE"),
    (("t3.disclosed.natural_person", "t3.disclosed.total",
      "t3.new_received.natural_person", "t3.new_received.total"), "T3-RESULTS"),
    (("t3.disclosed.total",), "T3-ROWTOTAL"),
    (("t4.review.total",), "T4-TOTAL"),
])
def test_arithmetic_rule_fails(keys, rule):
    values = consistent_values(12, 20)
    found = [f for f in findings_for(bump(values, *keys)) if f.rule == rule]
    assert found, rule
    finding = found[0]
    assert finding.severity == "error"
    assert finding.lhs != finding.rhs
    assert set(finding.cells) & set(keys)
    assert finding.location and finding.location.line


def test_balance_finding_names_the_column_and_both_sides():
    values = bump(consistent_values(13, 20), "t3.carried_forward.natural_person", "t3.carried_forward.total")
    balance = [f for f in findings_for(values) if f.rule == "T3-BALANCE"]
    assert [f.message.split(":")[0] for f in balance] == ["自然人", "总计"]
    natural = balance[0]
    assert natural.lhs == values["t3.new_received.natural_person"] + values["t3.carried_over.natural_person"]
    assert natural.rhs == natural.lhs + 1
    assert f"= {natural.lhs} ≠" in natural.message


def test_values_rule():
    assert "T2-VALUES" not in rules(findings_for(zero_values()))
    values = zero_values()
    values["t2.licensing.decisions"] = "-3"
    values["t2.penalty.decisions"] = "2.5"
    found = [f for f in findings_for(values) if f.rule == "T2-VALUES"]
    assert {tuple(f.cells) for f in found} == {("t2.licensing.decisions",), ("t2.penalty.decisions",)}
    assert all(f.severity == "error" for f in found)


def test_no_tables():
    text = report_text(zero_values(), "tabs")
    stripped = "\n".join(ln for ln in text.splitlines() if "\t" not in ln)
    assert "NO-TABLES" in rules(xxgk.validate(read_text(stripped)))
    assert "NO-TABLES" not in rules(xxgk.validate(read_text(text)))


@pytest.mark.parametrize("sentence, new, over, flagged", [
    ("本年度共收到政府信息公开申请4件。", 0, 0, True),
    ("本年度共收到政府信息公开申请4件。", 4, 0, False),
    ("本年度共收到政府信息公开申请5件，均已办结。", 4, 1, False),   # 新收+上年结转
    ("共收到依申请公开事项4项。", 0, 0, True),
    ("本年度未收到政府信息公开申请。", 0, 0, False),
    ("本年度未收到政府信息公开申请。", 2, 0, True),
    ("主动公开政府信息84条，其中规范性文件3件。", 0, 0, False),  # not about applications
])
def test_prose_against_table(sentence, new, over, flagged):
    values = zero_values()
    for key, n in (("new_received", new), ("carried_over", over)):
        values[f"t3.{key}.natural_person"] = values[f"t3.{key}.total"] = n
    for key in ("disclosed", "results_total"):
        values[f"t3.{key}.natural_person"] = values[f"t3.{key}.total"] = new + over
    found = [f for f in findings_for(values, prose={1: sentence}) if f.rule == "PROSE-TABLE"]
    assert bool(found) == flagged
    if flagged:
        assert found[0].severity == "warning" and "t3.new_received.total" in found[0].cells


def test_prose_review_count():
    values = zero_values()
    values["t4.review.upheld"] = values["t4.review.total"] = 2
    ok = findings_for(values, prose={1: "因政府信息公开被申请行政复议2件。"})
    bad = findings_for(values, prose={1: "因政府信息公开被申请行政复议3件。"})
    assert "PROSE-TABLE" not in rules(ok) and "PROSE-TABLE" in rules(bad)


@pytest.mark.parametrize("organ, flagged", [
    ("某某县人民政府", True), ("某某区人民政府办公室", True), ("某某镇人民政府", True), ("某某街道办事处", True),
    ("某某市人民政府", False), ("广西壮族自治区人民政府", False),
])
def test_organ_regulations(organ, flagged):
    values = zero_values()
    values["t2.regulations.issued"] = values["t2.regulations.in_force"] = 1
    assert ("ORGAN-REGULATIONS" in rules(findings_for(values, organ=organ))) == flagged
    assert "ORGAN-REGULATIONS" not in rules(findings_for(zero_values(), organ=organ))


def test_cell_missing():
    text = report_text(zero_values(), "tabs")
    damaged = "\n".join(ln for ln in text.splitlines() if not ln.startswith("行政强制"))
    missing = [f for f in xxgk.validate(read_text(damaged)) if f.rule == "CELL-MISSING"]
    assert [f.cells for f in missing] == [["t2.coercion.decisions"]]
    assert read_text(damaged).value("t2.coercion.decisions") is None
    assert "CELL-MISSING" not in rules(xxgk.validate(read_text(text)))


@pytest.mark.parametrize("order, flagged", [
    ((1, 2, 3, 4, 5, 6), False), ((1, 2, 3, 4, 6, 5), True), ((1, 2, 3, 4, 6), True), ((1, 2, 3, 4, 5, 5, 6), True),
])
def test_structure(order, flagged):
    assert ("STRUCTURE" in rules(findings_for(zero_values(), sections=order))) == flagged


def test_template_is_reported():
    template = [f for f in findings_for(zero_values()) if f.rule == "TEMPLATE"]
    assert len(template) == 1 and template[0].severity == "info"
    assert "t3: 2021" in template[0].message
