"""Who reports and for which year, as titles, pages and preambles write it: the year after the title,
in the statistics period, or only in the preamble; the organ before what it did; words that stand
for an organ without naming it are no organ."""
from __future__ import annotations

import pytest

import xxgk
from xxgk import limits
from xxgk.registry import Source

from conftest import read_text, rules
from pagegen import page
from reportgen import consistent_values, report_text

ORGAN = "某某县财政局"
PREAMBLE = "本报告根据《中华人民共和国政府信息公开条例》编制。"


def with_title_and_preamble(title: str | None, preamble: str, seed: int = 71, year: int = 2024) -> str:
    lines = report_text(consistent_values(seed, 9), "tabs", organ=ORGAN, year=year).splitlines()
    lines = ([title] if title is not None else []) + lines[1:]
    return "\n".join(lines).replace(PREAMBLE, preamble)


@pytest.mark.parametrize("title", [f"{ORGAN}政府信息公开工作年度报告（2024年）",
                                   f"【{ORGAN}】2024年政府信息公开工作年度报告",
                                   f"[{ORGAN}]2024年度政府信息公开年度报告",
                                   f"{ORGAN}政府信息公开工作年度报告(2024年度)",
                                   f"来源：{ORGAN}2024年政府信息公开工作年度报告"])
def test_titles_with_the_year_after_them_or_a_field_before_them(title):
    report = read_text(with_title_and_preamble(title, PREAMBLE))
    assert (report.meta.organ, report.meta.year) == (ORGAN, 2024)


@pytest.mark.parametrize("title", [f"{ORGAN}政府信息公开工作年度报告\n{ORGAN}2024年政府信息公开工作年度报告",
                                   f"{ORGAN}2024年\n政府信息公开\n工作年度报告",
                                   f"正文\n{ORGAN}2024年政府信息公开\n工作年度报告"])
def test_a_title_after_a_running_header_or_over_three_lines(title):
    """Text copied from a PDF viewer: the page's running header (the title without its year) above
    the title, or the title over three lines: the title that gives the year is the title."""
    report = read_text(with_title_and_preamble(title, PREAMBLE))
    assert (report.meta.title, report.meta.organ, report.meta.year) == (
        f"{ORGAN}2024年政府信息公开工作年度报告", ORGAN, 2024)


@pytest.mark.parametrize("preamble", ["本报告所列数据统计期限为2024年度。",
                                      "所列数据的统计期限自2024年1月1日起至2024年12月31日止。"])
def test_a_title_without_its_year_and_the_year_in_the_statistics_period(preamble):
    report = read_text(with_title_and_preamble(f"{ORGAN}政府信息公开工作年度报告", preamble))
    assert (report.meta.organ, report.meta.year) == (ORGAN, 2024)


@pytest.mark.parametrize("organ", ["某某县人民政府", "某某自治州人民政府", "某某区某某镇人民政府"])
@pytest.mark.parametrize("title", ["{organ}信息公开工作年度报告", "关于{organ}信息公开工作年度报告",
                                   "{organ}信息公开工作年度报告（2024年）", "2024年{organ}信息公开工作年度报告",
                                   "{organ}政府信息公开工作年度报告"])
def test_a_people_s_government_sharing_its_government_with_the_title(organ, title):
    """XX人民政府信息公开工作年度报告: the title's 政府 ends the organ's 人民政府 (no organ ends in 人民)."""
    lines = report_text(consistent_values(73, 9), "tabs", organ=organ).splitlines()
    text = "\n".join([title.format(organ=organ), *lines[1:]]).replace(PREAMBLE, "统计期限为2024年度。")
    report = read_text(text)
    assert (report.meta.organ, report.meta.year) == (organ, 2024)


@pytest.mark.parametrize("preamble, expected", [
    (f"本报告由{ORGAN}根据《中华人民共和国政府信息公开条例》要求编制，统计期限为2024年度。", (ORGAN, 2024)),
    (f"{ORGAN}根据《中华人民共和国政府信息公开条例》规定，编制2024年度政府信息公开工作年度报告。", (ORGAN, 2024)),
    (f"{ORGAN}依据《条例》要求编制本机关2024年度政府信息公开工作年度报告。", (ORGAN, 2024)),
])
def test_without_a_title_the_organ_before_what_it_did(preamble, expected):
    report = read_text(with_title_and_preamble(None, preamble))
    assert report.meta.title is None
    assert (report.meta.organ, report.meta.year) == expected


@pytest.mark.parametrize("organ", ["某某市档案馆", "某某海关", "国网某某供电公司", "中国人民银行某某中心支行",
                                   "某某县气象台", "某某监狱", "某某苏木某某嘎查", "某某县人民政府办",
                                   "某某市某某管理处"])
def test_organs_of_every_kind_named_only_in_the_preamble(organ):
    """An organ whose name ends as archives, customs, companies, banks, stations, prisons or 嘎查 do,
    named only in the preamble: read, as one ending in 局 or 政府 is."""
    report = read_text(with_title_and_preamble(None, f"本报告由{organ}根据《中华人民共和国政府信息公开条例》编制，"
                                                     "统计期限为2024年度。"))
    assert (report.meta.organ, report.meta.year) == (organ, 2024)


@pytest.mark.parametrize("title", ["{organ}政务公开工作年度报告（2024年）", "{organ}2024年信息公开年报",
                                   "{organ}2024年度政务公开年报"])
def test_titles_that_say_政务公开_or_年报(title):
    report = read_text(with_title_and_preamble(title.format(organ=ORGAN), PREAMBLE))
    assert (report.meta.organ, report.meta.year) == (ORGAN, 2024)


@pytest.mark.parametrize("preamble", [
    "现将全面推进政务公开工作情况以及相关数据统计结果等内容2024年度政府信息公开工作年度报告公布如下。",
    "根据有关要求，编制了有关工作开展情况和主要数据2024年政府信息公开工作年度报告。",
    "全年工作情况根据《中华人民共和国政府信息公开条例》要求编制2024年度报告。",
    "现将" + "县" * 41 + "局2024年政府信息公开工作年度报告公布如下。",
])
def test_words_where_a_preamble_would_name_the_organ_that_name_none(preamble):
    """Words before the year that do not end as an organ's name does (局, 政府, 委员会, 街道, …),
    or longer than any, are no organ: left empty, not read as one."""
    report = read_text(with_title_and_preamble(None, preamble))
    assert (report.meta.organ, report.meta.year) == (None, 2024)


@pytest.mark.parametrize("hostile", [
    "现将" * 20_000,                    # read again from every verb of the run
    "编制" * 20_000,
    "现将某局" + " " * 40_000 + "x",      # the spaces read again after every space
    "现将某局" + "（以下简称" * 20_000,   # every note read to the same end
], ids=["verbs", "other-verbs", "spaces", "notes"])
def test_a_preamble_is_read_for_the_organ_in_linear_time(hostile):
    """Within 5 s of processor time (a tenth of that is enough; each took 10 s to minutes), the
    organ and year the preamble states after the hostile text are found."""
    text = with_title_and_preamble(None, f"{hostile}，现将{ORGAN}2024年度政府信息公开工作年度报告公布如下。")
    with limits.time_limit(5):
        report = read_text(text)
    assert (report.meta.organ, report.meta.year) == (ORGAN, 2024)

@pytest.mark.parametrize("generic", ["本机关", "我局", "政府"])
def test_words_that_do_not_name_an_organ_are_no_organ(generic):
    title = f"{generic}2024年政府信息公开工作年度报告"
    assert read_text(with_title_and_preamble(title, PREAMBLE)).meta.organ is None
    named = read_text(with_title_and_preamble(title, f"本报告由{ORGAN}编制。"))
    assert (named.meta.organ, named.meta.year) == (ORGAN, 2024)


def test_a_page_title_written_in_square_brackets_whole():
    title = "某某区人民政府办公室2024年政府信息公开工作年度报告"
    html = page(consistent_values(72, 9), chrome=False).replace(f"<title>{title}_某某区人民政府</title>",
                                                                f"<title>【{title}】</title>")
    assert f"<title>【{title}】</title>" in html
    report = xxgk.read_source(Source(html.encode("utf-8"), "page.html"))
    assert (report.meta.title, report.meta.organ, report.meta.year) == (title, "某某区人民政府办公室", 2024)


def test_a_wrong_early_year_does_not_drop_tables_the_text_holds_in_full():
    """A report for 2016 follows no national format; one whose title says 2016 but whose three
    tables are the 2021 form in full is read: the year is what is wrong."""
    values = consistent_values(73, 9)
    report = read_text(report_text(values, "tabs", organ=ORGAN, year=2016))
    assert report.meta.year == 2016
    assert {k: str(v) for k, v in report.cells().items()} == {k: str(v) for k, v in values.items()}
    assert "NO-TABLES" not in rules(xxgk.validate(report))
