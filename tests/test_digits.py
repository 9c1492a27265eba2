"""Run-together digits: split when the digits and the rules allow one split only."""
from __future__ import annotations

import xxgk
from xxgk.digits import resolve, splits
from xxgk.templates.y2021 import TABLE3

from conftest import read_text, rules
from reportgen import report_text, zero_values

ROW = [f"t3.new_received.{c}" for c in
       ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other", "total")]


def test_as_many_digits_as_cells_is_unique():
    assert list(splits(["0000000"], 7)) == [[0] * 7]
    assert list(splits(["202"], 3)) == [[2, 0, 2]]


def test_leading_zeros_are_not_numbers():
    assert [1, 0, 5] in list(splits(["105"], 3))
    assert all(not (len(str(n)) > 1 and str(n).startswith("0")) for c in splits(["1005"], 3) for n in c)
    assert list(splits(["0012"], 3)) == [[0, 0, 12]]


def test_rule_makes_the_split_unique():
    assert resolve(["120000012"], ROW, TABLE3.equations) == [[12, 0, 0, 0, 0, 0, 12]]


def test_several_splits_fit_the_rules():
    candidates = resolve(["110000011"], ROW, TABLE3.equations)  # 11,0,0,0,0,0,11 and 1,10,0,0,0,0,11
    assert len(candidates) > 1
    assert all(sum(c[:6]) == c[6] for c in candidates)


def test_no_split_fits_is_left_to_the_digits():
    assert resolve(["12"], ["a", "b", "c"], ()) == []


def _runs_report(t2_regulations: str) -> str:
    text = report_text(zero_values(), "lines")
    return text.replace("规章\n\n0\n\n0\n\n0", f"规章\n\n{t2_regulations}", 1)


def test_unique_split_is_read_with_a_note():
    report = read_text(_runs_report("202"))
    assert [report.value(f"t2.regulations.{c}") for c in ("issued", "repealed", "in_force")] == [2, 0, 2]
    assert "split" in report.cell("t2.regulations.issued").note


def test_ambiguous_digits_leave_cells_null_with_candidates():
    report = read_text(_runs_report("1015"))
    assert [report.value(f"t2.regulations.{c}") for c in ("issued", "repealed", "in_force")] == [None] * 3
    assert report.cell("t2.regulations.issued").status == "ambiguous"
    findings = [f for f in xxgk.validate(report) if f.rule == "AMBIGUOUS-CELLS"]
    assert len(findings) == 1
    assert "10 1 5" in findings[0].message and "1 0 15" in findings[0].message
    assert findings[0].cells == ["t2.regulations.issued", "t2.regulations.repealed", "t2.regulations.in_force"]


def test_too_many_values_for_a_row_are_not_guessed():
    report = read_text(_runs_report("1\n\n2\n\n3\n\n4"))
    assert report.value("t2.regulations.issued") is None
    assert "AMBIGUOUS-CELLS" in rules(xxgk.validate(report))
