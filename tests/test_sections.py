"""SECTION-EMPTY: 五 empty, "无" or too short; 六 empty; a section repeating the year before's text."""
from __future__ import annotations

import pytest

import xxgk
from xxgk import limits
from xxgk.errors import UsageError

from conftest import read_text
from reportgen import consistent_values, report_text
from yearkit import OTHER_PROSE, PROSE, batch, following, prose, write_year


def section_findings(written: dict[int, str], settings=None, sections=(1, 2, 3, 4, 5, 6)):
    report = read_text(report_text(consistent_values(5, 9), organ="某某市人民政府办公室",
                                   prose={**prose(2024), **written}, sections=sections))
    return [f for f in xxgk.validate(report, settings=settings) if f.rule == "SECTION-EMPTY"]


@pytest.mark.parametrize("five, says", [
    ("无。", "section 5 says only “无。”"),
    ("暂无", "section 5 says only “暂无”"),
    ("工作有待加强，将继续努力。", "section 5 has 11 characters, fewer than 30"),
    ("存在问题：公开不够及时。改进：加强审核。", "section 5 has 16 characters, fewer than 30"),
])
def test_section_five_says_nothing(five, says):
    found = section_findings({5: five})
    assert [(f.severity, f.message) for f in found] == [("warning", says)]
    assert found[0].location and found[0].location.line


def test_an_empty_section_five_and_six():
    found = section_findings({5: "", 6: ""})
    assert [f.message for f in found] == ["section 5 is empty", "section 6 is empty"]


@pytest.mark.parametrize("six", [
    "— 7 —\n\n某某市人民政府办公室\n\n2025年1月20日",
    "某某市人民政府办公室 2025年1月20日",                     # the organ and the date on one line
    "某某市人民政府办公室（盖章）\n\n2025年1月20日",            # a seal's mark
    "（盖章）\n\n2025-01-20",
    "某某市人民政府 二〇二五年一月二十日",                    # a name like an organ's, with a date
])
def test_a_signature_and_a_page_number_are_no_text(six):
    found = section_findings({6: six})
    assert [(f.rule, f.severity, f.message) for f in found] == [("SECTION-EMPTY", "warning", "section 6 is empty")]
    assert found[0].location and found[0].location.line


@pytest.mark.parametrize("six", [
    "本年度未召开新闻发布会。",                                # words that end like an organ's name
    "本年度未收取信息处理费。\n\n某某市人民政府办公室 2025年1月20日",
    "1234567890123",                                          # no page number
])
def test_a_section_six_that_says_something(six):
    assert section_findings({6: six}) == []


@pytest.mark.parametrize("written, settings", [
    ({}, None),                                                        # 五 of substance
    ({5: "工作有待加强，将继续努力。"}, {"SECTION-EMPTY.min-chars": 10}),   # shorter, allowed by the setting
    ({6: "无。"}, None),                                               # 六 may say there is nothing else
])
def test_sections_that_say_enough(written, settings):
    assert section_findings(written, settings) == []


def test_a_missing_section_six_is_structures_finding():
    report = read_text(report_text(consistent_values(5, 9), organ="某某市人民政府办公室", prose=prose(2024),
                                   sections=(1, 2, 3, 4, 5)))
    assert {f.rule for f in xxgk.validate(report)} & {"SECTION-EMPTY", "STRUCTURE"} == {"STRUCTURE"}


def test_a_bad_setting_is_refused(tmp_path):
    with pytest.raises(ValueError, match="SECTION-EMPTY.min-chars=-3: must be a whole number"):
        section_findings({}, {"SECTION-EMPTY.min-chars": -3})
    with pytest.raises(UsageError, match="unknown setting SECTION-EMPTY.min-char "):
        xxgk.convert_many([str(tmp_path)], tmp_path / "out", settings={"SECTION-EMPTY.min-char": 3})


def test_a_section_repeating_last_years_text(tmp_path):
    before = consistent_values(1, 9)
    write_year(tmp_path / "in", 2023, before)
    write_year(tmp_path / "in", 2024, following(before, 2), written={**OTHER_PROSE, 5: PROSE[5]})
    found = [f for f in batch(tmp_path / "in", tmp_path / "out").get("2024.txt", []) if f.rule == "SECTION-EMPTY"]
    assert [(f.severity, f.message.split(" (")[0]) for f in found] == [
        ("warning", "section 5 repeats the text of 2023, years aside")]
    assert "2023.txt (2023) and " in found[0].message


@pytest.mark.parametrize("five", [
    OTHER_PROSE[5],                                              # written anew
    PROSE[5].replace("单一", "陈旧"),                              # one word changed
])
def test_a_section_written_anew(tmp_path, five):
    before = consistent_values(1, 9)
    write_year(tmp_path / "in", 2023, before)
    # 六 is the same stock sentence both years (未收取信息处理费): not a copy
    write_year(tmp_path / "in", 2024, following(before, 2), written={**OTHER_PROSE, 5: five})
    assert [f for f in batch(tmp_path / "in", tmp_path / "out").get("2024.txt", []) if f.rule == "SECTION-EMPTY"] == []


NOTE = "注：本表数据统计口径为本机关本级，不含下属单位。"


@pytest.mark.parametrize("three, repeated", [
    (NOTE, False),                                                    # a fixed note under the table
    (f"{NOTE}\n\n本机关收到和处理政府信息公开申请的情况如下表。", False),   # … and the table's stock intro
    ("本年度依申请公开工作规范有序，所有申请均在法定期限内答复，答复文书格式统一。", True),   # prose
])
def test_a_tables_section_is_compared_by_its_prose_alone(tmp_path, three, repeated):
    before = consistent_values(1, 9)
    write_year(tmp_path / "in", 2023, before, written={**PROSE, 3: three})
    write_year(tmp_path / "in", 2024, following(before, 2), written={**OTHER_PROSE, 3: three})
    found = [f.message.split(" (")[0] for f in batch(tmp_path / "in", tmp_path / "out").get("2024.txt", [])
             if f.rule == "SECTION-EMPTY"]
    assert found == (["section 3 repeats the text of 2023, years aside"] if repeated else [])


def test_a_note_and_a_signature_are_looked_for_in_linear_time():
    """A paragraph of section 5 that may be a note ("说明：…") or the signature, with 40,000 spaces
    before what ends it: every space read the rest of the run (36 s). Within 5 s of processor time
    (a tenth of that is enough) the report is checked as it is with one space."""
    values = consistent_values(3, 9)
    one = [(f.rule, f.cells) for f in xxgk.validate(read_text(report_text(values, prose={5: "说明 x"})))]
    report = read_text(report_text(values, prose={5: "说明" + " " * 40_000 + "x"}))
    with limits.time_limit(5):
        findings = list(xxgk.validate(report))
    assert [(f.rule, f.cells) for f in findings] == one
