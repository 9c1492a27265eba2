"""T2-IN-FORCE: 现行有效 of year t−1 + 制发 − 废止 of year t = 现行有效 of year t; CROSS-YEAR keeps
上年结转 of t against 结转下年度 of t−1."""
from __future__ import annotations

import pytest

from reportgen import consistent_values
from yearkit import OTHER_PROSE, batch, following, write_year


def years(folder, change_2024=None, organ_2024=None, before=None):
    before = before or consistent_values(1, 9)
    after = {**following(before, 2), **(change_2024 or {})}
    write_year(folder, 2023, before)
    write_year(folder, 2024, after, written=OTHER_PROSE, **({"organ": organ_2024} if organ_2024 else {}))
    return before, after


def rules_of(found, rule):
    return [f for f in found.get("2024.txt", []) if f.rule == rule]


def test_documents_in_force_follow_on(tmp_path):
    years(tmp_path / "in")
    found = batch(tmp_path / "in", tmp_path / "out")
    assert rules_of(found, "T2-IN-FORCE") == rules_of(found, "CROSS-YEAR") == []


@pytest.mark.parametrize("row, label", [("regulations", "规章"), ("normative_documents", "行政规范性文件")])
def test_documents_in_force_do_not_follow_on(tmp_path, row, label):
    before, after = years(tmp_path / "in", {f"t2.{row}.repealed": 1})   # one repealed, yet as many in force
    [finding] = rules_of(batch(tmp_path / "in", tmp_path / "out"), "T2-IN-FORCE")
    old, made, now = before[f"t2.{row}.in_force"], after[f"t2.{row}.issued"], after[f"t2.{row}.in_force"]
    assert (finding.severity, finding.lhs, finding.rhs) == ("warning", old + made - 1, now)
    assert finding.cells == [f"t2.{row}.in_force", f"t2.{row}.issued", f"t2.{row}.repealed"]
    assert finding.message.startswith(f"{label}: 2023 现行有效 {old} + 制发 {made} − 废止 1 = {old + made - 1} ≠ "
                                      f"2024 现行有效 {now} (compared ")


@pytest.mark.parametrize("change, organ", [
    ({"t2.regulations.repealed": 1}, "某某市财政局"),     # another organ
    ({"t2.regulations.repealed": None}, None),          # a value not given
])
def test_not_compared(tmp_path, change, organ):
    years(tmp_path / "in", change, organ)
    assert rules_of(batch(tmp_path / "in", tmp_path / "out"), "T2-IN-FORCE") == []


def test_carry_over_is_kept_as_cross_year(tmp_path):
    before = consistent_values(1, 9)
    before["t3.carried_forward.natural_person"] += 1   # one more carried forward than 2024 carries over
    before["t3.carried_forward.total"] += 1
    before["t3.new_received.natural_person"] += 1
    before["t3.new_received.total"] += 1
    write_year(tmp_path / "in", 2023, before)
    after = following(consistent_values(1, 9), 2)
    write_year(tmp_path / "in", 2024, after, written=OTHER_PROSE)
    found = batch(tmp_path / "in", tmp_path / "out")
    assert [(f.severity, f.cells[:2]) for f in rules_of(found, "CROSS-YEAR")] == [
        ("warning", ["t3.carried_over.natural_person", "t3.carried_forward.natural_person"])]
