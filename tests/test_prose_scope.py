"""Which clauses of the prose speak of the report's own organ and year (`prose_scope`), as PROSE-TABLE
reads them: a clause whose subject names another organ is not read, whatever kind of organ it names;
words of another organ or time stop their own clause and the clauses after it, not the clauses before."""
from __future__ import annotations

import pytest

import xxgk

from conftest import read_text
from reportgen import consistent_values, report_text

COUNTY, BUREAU, OFFICE = "某某县人民政府", "某某县财政局", "某某市人民政府办公室"
ORGANS = (COUNTY, BUREAU, OFFICE)


def prose_findings(sentence: str, organ: str, seed: int = 5):
    report = read_text(report_text(consistent_values(seed, 9), organ=organ, prose={1: sentence}))
    return [f for f in xxgk.validate(report) if f.rule == "PROSE-TABLE"]


def new(seed: int = 5) -> int:
    return int(consistent_values(seed, 9)["t3.new_received.total"])  # type: ignore[call-overload]


BAD = new() + 3   # no reading of the tables gives it


@pytest.mark.parametrize("organ", ORGANS)
@pytest.mark.parametrize("sentence", [
    "县政府办公室收到政府信息公开申请{n}件。",
    "县本级共收到政府信息公开申请{n}件。",
    "局属事业单位共收到政府信息公开申请{n}件。",
    "县纪委监委收到申请{n}件，予以公开{n}件。",
    "本年度，县档案馆办结申请{n}件。",
    "2024年县人民医院共受理政府信息公开申请{n}件。",
    "本机关和县林业站共收到申请{n}件。",                       # itself and another organ together
    "县综合执法大队依申请办结{n}件。",
    "（四）依申请公开：县档案馆收到申请{n}件。",                 # after a paragraph's number and label
    "二是县供销社共受理政府信息公开申请{n}件。",
])
def test_another_organ_as_the_subject(sentence, organ):
    assert prose_findings(sentence.format(n=BAD), organ) == []


@pytest.mark.parametrize("organ, sentence", [
    (COUNTY, "县财政局收到申请{n}件。"),                       # a department in its government's report
    (COUNTY, "县政府办公室收到申请{n}件，县财政局收到申请{n}件。"),
    (BUREAU, "县人民政府收到申请{n}件。"),                     # the government in its department's report
    (OFFICE, "县财政局收到申请{n}件。"),
])
def test_another_organ_of_the_same_place(organ, sentence):
    assert prose_findings(sentence.format(n=BAD), organ) == []


@pytest.mark.parametrize("organ", ORGANS)
@pytest.mark.parametrize("part", ["县档案馆", "县供销社", "县人民医院", "县林业站", "县综合执法大队", "县税务局",
                                  "县政务服务中心", "由县民政局"])
@pytest.mark.parametrize("sentence", [
    "本年度共收到申请{n}件，其中{part}收到申请{m}件。",             # the sum of several organs and a part
    "本年度共收到申请{new}件，其中{part}{m}件，予以公开{m}件。",      # … and what the part did next
])
def test_one_of_several_organs(sentence, part, organ):
    assert prose_findings(sentence.format(n=BAD, new=new(), m=BAD + 1, part=part), organ) == []


@pytest.mark.parametrize("seed", [5, 6])
@pytest.mark.parametrize("organ, sentence", [
    (BUREAU, "本年度共收到政府信息公开申请{n}件。"),
    (COUNTY, "本年度共收到政府信息公开申请{n}件。"),
    (BUREAU, "我局收到申请{n}件。"),
    (BUREAU, "本机关依法受理申请{n}件。"),
    (BUREAU, "某某县财政局收到申请{n}件。"),                   # its own name
    (BUREAU, "县财政局收到申请{n}件。"),                       # the end of it
    (COUNTY, "县政府收到申请{n}件。"),                         # 人民政府 written 政府
    (OFFICE, "市政府办公室共收到政府信息公开申请{n}件。"),
    (COUNTY, "本年度县人民政府共收到申请{n}件。"),
    (OFFICE, "市政府共受理政府信息公开申请{n}件。"),             # the government the office serves
    ("某某镇人民政府", "本年度某某镇共收到申请{n}件。"),           # a township named by the place
    ("某某街道办事处", "某某街道收到申请{n}件。"),
    (BUREAU, "（二）依申请公开情况：我局收到申请{n}件。"),
])
def test_the_reports_own_organ_as_the_subject(seed, organ, sentence):
    stated = new(seed) + 3
    [finding] = prose_findings(sentence.format(n=stated), organ, seed)
    assert (finding.cells[0], finding.lhs, finding.rhs) == ("t3.new_received.total", stated, new(seed))


@pytest.mark.parametrize("seed", [5, 6])
@pytest.mark.parametrize("sentence", [
    "本年度共收到政府信息公开申请{n}件，同比增长10%。",               # another time after the figure
    "本年度共收到政府信息公开申请{n}件，较上年增加5件。",
    "本机关收到政府信息公开申请{n}件，各部门均按时答复。",             # other organs after it
    "全县共收到申请100件，其中本机关收到申请{n}件。",                 # itself named again
    "上年收到申请30件，本年度收到申请{n}件。",                        # its year named again
    "县财政局收到申请40件，本机关收到申请{n}件。",
])
def test_another_scope_stops_its_clause_not_the_others(seed, sentence):
    stated = new(seed) + 3
    found = prose_findings(sentence.format(n=stated), COUNTY, seed)
    assert [(f.cells[0], f.lhs, f.rhs) for f in found] == [("t3.new_received.total", stated, new(seed))]


@pytest.mark.parametrize("sentence", [
    "全市共收到申请{n}件，办结{n}件。",                              # the clauses after it go on elsewhere
    "各部门共收到申请{n}件，予以公开{n}件。",
    "同比增长10%，收到申请{n}件。",
    "2023年收到申请{n}件，办结{n}件。",
    "县财政局收到申请{n}件，办结{n}件。",
])
def test_another_scope_goes_on_until_the_reports_is_named(sentence):
    assert prose_findings(sentence.format(n=BAD), COUNTY) == []


TOWN = "某某镇人民政府"


@pytest.mark.parametrize("organ", ORGANS + (TOWN,))
@pytest.mark.parametrize("subject", ["其他部门", "相关部门", "其他单位", "有关单位", "其余乡镇", "其他乡镇",
                                     "部分村", "全系统", "各县（市、区）", "各村（社区）", "各乡镇（街道）", "各镇街",
                                     "各县、市、区", "相关部门（单位）"])
@pytest.mark.parametrize("sentence", [
    "{s}共收到政府信息公开申请{n}件。",
    "本年度，{s}共收到申请{n}件，办结{n}件。",          # the clauses after it go on elsewhere
])
def test_organs_told_by_a_word_of_many_or_of_others(organ, subject, sentence):
    """A subject of many organs or of others (各…, 其他/相关/有关/其余/部分 + a kind of organ, 全系统), a note
    in brackets or organs joined by 、 inside it, is not the report's organ."""
    assert prose_findings(sentence.format(s=subject, n=BAD), organ) == []


@pytest.mark.parametrize("organ", ORGANS)
@pytest.mark.parametrize("sentence", [
    "本年度共收到申请{n}件，其中相关部门收到申请{m}件。",      # a part of a sum over several organs
    "本年度共收到申请{n}件，其中各村（社区）{m}件。",
])
def test_a_sum_with_a_part_of_many_organs(organ, sentence):
    assert prose_findings(sentence.format(n=BAD, m=BAD + 1), organ) == []


@pytest.mark.parametrize("seed", [5, 6])
@pytest.mark.parametrize("organ, sentence", [
    (BUREAU, "各县（市、区）收到申请50件，本机关收到申请{n}件。"),    # itself named again
    (BUREAU, "其他部门收到申请50件，我局收到申请{n}件。"),
    (TOWN, "各村（社区）收到申请8件，本镇收到申请{n}件。"),
    (BUREAU, "另外，本机关收到申请{n}件。"),                         # 另外 as "besides", then itself
    (BUREAU, "另外本机关收到申请{n}件。"),
    (BUREAU, "本年度共收到相关申请{n}件。"),                         # 相关 + no organ
    (COUNTY, "本年度各类申请共收到{n}件。"),                         # 各 + no organ
])
def test_words_of_many_or_of_others_without_another_organ(seed, organ, sentence):
    stated = new(seed) + 3
    found = prose_findings(sentence.format(n=stated), organ, seed)
    assert [(f.cells[0], f.lhs, f.rhs) for f in found] == [("t3.new_received.total", stated, new(seed))]


def test_a_long_organ_name_is_compared_in_little_memory():
    """An organ of 20,000 characters (a caller's report: a preamble's "现将县县…局2024年…" names no
    organ now, being longer than any organ's name): every end of its name was kept to compare
    subjects with, the square of its length (over 400 MB). Within 50 MB the report's own figure is
    still checked."""
    import tracemalloc

    text = report_text(consistent_values(5, 9), organ=COUNTY, prose={1: f"本机关收到申请{BAD}件。"})
    long = "现将" + "县" * 20_000 + "局2024年政府信息公开工作年度报告公布如下。"
    report = read_text(text.split("\n", 1)[1].replace("本报告根据", long + "本报告根据", 1))
    assert (report.meta.organ, report.meta.year) == (None, 2024)
    report.meta.organ = "县" * 20_000 + "局"
    tracemalloc.start()
    try:
        findings = [f for f in xxgk.validate(report) if f.rule == "PROSE-TABLE"]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024
    assert [(f.cells[0], f.lhs) for f in findings] == [("t3.new_received.total", BAD)]
