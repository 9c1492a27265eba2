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
