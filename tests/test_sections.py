"""SECTION-EMPTY: 五 empty, "无" or too short; 六 empty; a section repeating the year before's text."""
from __future__ import annotations

import pytest

import xxgk
from xxgk import limits
from xxgk.errors import UsageError
from xxgk.messages import chinese
from xxgk.model import Location

from conftest import read_text
from reportgen import HEADINGS, consistent_values, report_text
from yearkit import OTHER_PROSE, PROSE, batch, following, prose, write_year

THREE, FIVE, SIX = (f"section {n} “{HEADINGS[n - 1]}”" for n in (3, 5, 6))   # as the findings name them


def section_findings(written: dict[int, str], settings=None, sections=(1, 2, 3, 4, 5, 6)):
    report = read_text(report_text(consistent_values(5, 9), organ="某某市人民政府办公室",
                                   prose={**prose(2024), **written}, sections=sections))
    return [f for f in xxgk.validate(report, settings=settings) if f.rule == "SECTION-EMPTY"]


@pytest.mark.parametrize("five, says", [
    ("无。", f"{FIVE} says only “无。”"),
    ("暂无", f"{FIVE} says only “暂无”"),
    ("工作有待加强，将继续努力。", f"{FIVE} has 11 characters, fewer than 30"),
    ("存在问题：公开不够及时。改进：加强审核。", f"{FIVE} has 16 characters, fewer than 30"),
])
def test_section_five_says_nothing(five, says):
    found = section_findings({5: five})
    assert [(f.severity, f.message) for f in found] == [("warning", says)]
    assert found[0].location and found[0].location.line


def test_an_empty_section_five_and_six():
    found = section_findings({5: "", 6: ""})
    assert [f.message for f in found] == [f"{FIVE} is empty", f"{SIX} is empty"]


@pytest.mark.parametrize("six", [
    "— 7 —\n\n某某市人民政府办公室\n\n2025年1月20日",
    "某某市人民政府办公室 2025年1月20日",                     # the organ and the date on one line
    "某某市人民政府办公室（盖章）\n\n2025年1月20日",            # a seal's mark
    "（盖章）\n\n2025-01-20",
    "某某市人民政府 二〇二五年一月二十日",                    # a name like an organ's, with a date
])
def test_a_signature_and_a_page_number_are_no_text(six):
    found = section_findings({6: six})
    assert [(f.rule, f.severity, f.message) for f in found] == [("SECTION-EMPTY", "warning", f"{SIX} is empty")]
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
        ("warning", f"{FIVE} repeats the text of 2023, years aside")]
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
    ("本年度依申请公开工作规范有序，所有申请均在法定期限内答复，答复文书格式统一。对申请人补正申请内容给予"
     "详细指导，并跟踪答复后的反馈意见。", True),                                                  # prose
])
def test_a_tables_section_is_compared_by_its_prose_alone(tmp_path, three, repeated):
    before = consistent_values(1, 9)
    write_year(tmp_path / "in", 2023, before, written={**PROSE, 3: three})
    write_year(tmp_path / "in", 2024, following(before, 2), written={**OTHER_PROSE, 3: three})
    found = [f.message.split(" (")[0] for f in batch(tmp_path / "in", tmp_path / "out").get("2024.txt", [])
             if f.rule == "SECTION-EMPTY"]
    assert found == ([f"{THREE} repeats the text of 2023, years aside"] if repeated else [])


FACTS = {
    6: ["本单位未收取任何费用，无其他需要报告的事项。"],
    4: ["本年度本机关未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"],
}
# the stock phrase after the organ or a time: the format's wording, never a text of the section's own
STOCK_SIX = ["本机关无其他需要报告的事项。", "{year}年度，我局没有需要报告的其他事项。",
             "我局本年度无其他需要报告的事项。", "本年度本机关无需要报告的其他事项。"]


def repeated_sections(tmp_path, number: int, fact: str, **settings) -> list[str]:
    before = consistent_values(3, 9)
    write_year(tmp_path / "in", 2023, before, written={**PROSE, number: fact})
    write_year(tmp_path / "in", 2024, following(before, 4), written={**OTHER_PROSE, number: fact})
    found = batch(tmp_path / "in", tmp_path / f"out{len(settings)}", **settings).get("2024.txt", [])
    return [f.message.split(" (")[0] for f in found if f.rule == "SECTION-EMPTY"]


@pytest.mark.parametrize("number, fact", [(n, fact) for n, facts in FACTS.items() for fact in facts])
def test_a_fact_stated_again_is_no_copied_text(tmp_path, number, fact):
    """A section of one short statement (fewer than SECTION-EMPTY.repeat-min-chars letters and digits,
    the format's wording aside) says the same thing again when it is true again: not a copy."""
    assert repeated_sections(tmp_path, number, fact) == []
    assert repeated_sections(tmp_path, number, fact, **{"SECTION-EMPTY.repeat-min-chars": 10}) == [
        f"section {number} “{HEADINGS[number - 1]}” repeats the text of 2023, years aside"]


@pytest.mark.parametrize("fact", STOCK_SIX)
def test_a_stock_phrase_after_a_subject_is_no_text(tmp_path, fact):
    assert repeated_sections(tmp_path, 6, fact, **{"SECTION-EMPTY.repeat-min-chars": 1}) == []


def test_a_long_section_five_copied_is_still_found(tmp_path):
    five = PROSE[5] + "同时，将进一步健全政务公开工作机制，明确各科室的职责分工，定期开展自查自纠。"
    before = consistent_values(2, 9)
    write_year(tmp_path / "in", 2023, before, written={**PROSE, 5: five})
    write_year(tmp_path / "in", 2024, following(before, 3), written={**OTHER_PROSE, 5: five})
    found = batch(tmp_path / "in", tmp_path / "out").get("2024.txt", [])
    heading = (tmp_path / "in" / "2024.txt").read_text(encoding="utf-8").splitlines().index(HEADINGS[4]) + 1
    assert [(f.message.split(" (")[0], f.location) for f in found if f.rule == "SECTION-EMPTY"] == [
        (f"{FIVE} repeats the text of 2023, years aside", Location(line=heading))]   # at the section's heading
    found = batch(tmp_path / "in", tmp_path / "out2", **{"SECTION-EMPTY.repeat-min-chars": 200}).get("2024.txt", [])
    assert [f for f in found if f.rule == "SECTION-EMPTY"] == []   # 93 letters and digits


def test_a_record_keeping_fingerprints_alone_is_still_compared():
    """A batch's record made before the sections' lengths were kept holds each fingerprint alone."""
    from xxgk.batch.options import FileResult
    from xxgk.plugins.rules_sections import NAME, check_batch, extract

    old = read_text(report_text(consistent_values(1, 9), organ="某某市人民政府办公室", year=2023, prose=prose(2023)))
    new = read_text(report_text(consistent_values(1, 9), organ="某某市人民政府办公室", year=2024,
                                prose=prose(2024, {**OTHER_PROSE, 5: PROSE[5]})))
    results = [FileResult(f"{report.meta.year}.txt", "converted", organ=report.meta.organ, year=report.meta.year,
                          extracts={NAME: {number: said for number, (said, *_) in extract(report).items()}})
               for report in (old, new)]
    found = list(check_batch(results, {"SECTION-EMPTY.repeat-min-chars": 50}))
    assert [(source, f.message.split(" (")[0]) for source, f in found] == [
        ("2024.txt", "section 5 repeats the text of 2023, years aside")]   # no heading kept: the number alone
    for result, report in zip(results, (old, new)):   # a record made before the heading's place was kept
        result.extracts[NAME] = {number: kept[:3] for number, kept in extract(report).items()}
    found = list(check_batch(results, {"SECTION-EMPTY.repeat-min-chars": 50}))
    assert [(source, f.message.split(" (")[0], f.location) for source, f in found] == [
        ("2024.txt", f"{FIVE} repeats the text of 2023, years aside", None)]


@pytest.mark.parametrize("five, six", [
    ("五、政府信息公开工作存在的主要问题及改进情况", "六、其他需要报告的事项"),   # the 2019 format's 五
    ("五、存在的主要问题及整改措施", "六、其他需要说明的事项"),                # a report's own wording
])
def test_the_heading_quoted_is_the_report_s_own(five, six):
    text = report_text(consistent_values(5, 9), organ="某某市人民政府办公室", prose={**prose(2024), 5: "无。", 6: ""})
    text = text.replace(HEADINGS[4], five).replace(HEADINGS[5], six)
    found = [f for f in xxgk.validate(read_text(text)) if f.rule == "SECTION-EMPTY"]
    assert [f.message for f in found] == [f"section 5 “{five}” says only “无。”", f"section 6 “{six}” is empty"]
    words = chinese(xxgk.manager.default().registry)
    assert [words.message(f) for f in found] == [f"“{five}”部分只写了“无。”", f"“{six}”部分没有内容"]


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
