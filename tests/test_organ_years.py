"""Which reports the batch rules pair: one organ's (its name, and the folder it stands in, years
and dates aside) in consecutive years; copies of one report taken as one, and ORGAN-YEAR (info)
saying so or why an organ's year is not compared."""
from __future__ import annotations

from pathlib import Path

import pytest

import xxgk

from reportgen import consistent_values
from yearkit import OTHER_PROSE, following, write_year

TOWN = "城关镇人民政府"


def found(folder: Path, out: Path) -> dict[str, list]:
    """The batch rules' findings by the file's path below `folder`."""
    by_file: dict[str, list] = {}
    for source, finding in xxgk.convert_many([str(folder)], out, ["json"], time_limit=None).findings:
        by_file.setdefault(Path(source).relative_to(folder).as_posix(), []).append(finding)
    return by_file


def broken_years(folder_2023: Path, folder_2024: Path, organ: str = TOWN, name: str | None = None):
    """One organ's reports of 2023 and 2024 whose 规章 in force do not follow on (one repealed, as
    many in force), written anew (TEXT-REUSE measures, finds nothing)."""
    before = consistent_values(1, 9)
    after = {**following(before, 2), "t2.regulations.repealed": 1}
    write_year(folder_2023, 2023, before, organ=organ, name=name and f"{name}-2023.txt")
    write_year(folder_2024, 2024, after, organ=organ, written=OTHER_PROSE, name=name and f"{name}-2024.txt")
    return before


def rules(findings: list) -> list[str]:
    return sorted(f.rule for f in findings)


@pytest.mark.parametrize("layout", ["{year}", "城关镇/{year}", "2024年报/{year}"])
def test_one_organs_years_in_folders_of_their_own(tmp_path, layout):
    """Folders named by years or dates are one place: the organ's reports are paired."""
    broken_years(tmp_path / "in" / layout.format(year=2023), tmp_path / "in" / layout.format(year=2024))
    by_file = found(tmp_path / "in", tmp_path / "out")
    assert rules(by_file[f"{layout.format(year=2024)}/2024.txt"]) == ["T2-IN-FORCE", "TEXT-REUSE"]


def test_organs_of_one_name_in_different_folders_are_not_paired(tmp_path):
    """城关镇人民政府 of county A and of county B are two organs: never compared."""
    broken_years(tmp_path / "in" / "countyA", tmp_path / "in" / "countyB")
    assert found(tmp_path / "in", tmp_path / "out") == {}


def test_a_copy_of_a_report_is_one_report(tmp_path):
    """A page and its copy (the same tables) are one report of the year: compared, and said so."""
    before = broken_years(tmp_path / "in", tmp_path / "in")
    write_year(tmp_path / "in", 2023, before, organ=TOWN, name="2023-copy.txt")
    by_file = found(tmp_path / "in", tmp_path / "out")
    assert rules(by_file["2024.txt"]) == ["T2-IN-FORCE", "TEXT-REUSE"]
    assert "compared in/2023-copy.txt (2023) and in/2024.txt (2024)" in by_file["2024.txt"][0].message   # as datasets
    [(severity, message)] = [(f.severity, f.message) for f in by_file["2023.txt"]]
    assert (severity, message) == ("info", "2023: the same report as in/2023-copy.txt (the same organ, year and "
                                           "tables): the batch rules compare that one")


def test_two_different_reports_of_a_year_are_not_compared(tmp_path):
    before = broken_years(tmp_path / "in", tmp_path / "in")
    write_year(tmp_path / "in", 2023, {**before, "t2.regulations.in_force": 99}, organ=TOWN, name="2023-b.txt")
    by_file = found(tmp_path / "in", tmp_path / "out")
    assert "2024.txt" not in by_file
    says = ("2023: 2 reports of the organ whose tables differ (in/2023-b.txt, in/2023.txt): the batch rules "
            "compare none of them")
    assert {name: [(f.rule, f.severity, f.message) for f in findings] for name, findings in by_file.items()} == {
        "2023-b.txt": [("ORGAN-YEAR", "info", says)], "2023.txt": [("ORGAN-YEAR", "info", says)]}


def test_two_copies_among_three_reports_of_a_year_are_one_report(tmp_path):
    """A page, its PDF (the same tables) and a corrected 更正版: the first two are one report."""
    from xxgk.manager import default
    from xxgk.messages import chinese

    before = broken_years(tmp_path / "in", tmp_path / "in")
    write_year(tmp_path / "in", 2023, before, organ=TOWN, name="2023-copy.txt")
    write_year(tmp_path / "in", 2023, {**before, "t2.regulations.in_force": 99}, organ=TOWN, name="2023-b.txt")
    by_file = found(tmp_path / "in", tmp_path / "out")
    assert "2024.txt" not in by_file
    differ = ("2023: 2 reports of the organ whose tables differ (in/2023-b.txt, in/2023-copy.txt): the batch rules "
              "compare none of them")
    said = {name: [(f.rule, f.severity, f.message) for f in findings] for name, findings in by_file.items()}
    assert said == {
        "2023-b.txt": [("ORGAN-YEAR", "info", differ)], "2023-copy.txt": [("ORGAN-YEAR", "info", differ)],
        "2023.txt": [("ORGAN-YEAR", "info", "2023: the same report as in/2023-copy.txt (the same organ, year and "
                      "tables): " + differ.removeprefix("2023: "))]}
    words = chinese(default().registry)
    assert words.message(by_file["2023.txt"][0]) == (
        "2023年：与in/2023-copy.txt是同一份报告（机关、年度和表格均相同）；本机关有2份表格不同的报告"
        "（in/2023-b.txt、in/2023-copy.txt），无法判断以哪份为准，跨报告核对均不使用")
