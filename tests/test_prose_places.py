"""Prose findings point at the paragraph that holds their sentence: its line in a text, its paragraph
in HTML and DOCX (as the readers count them), not the heading of its section; a contradiction
between two places (FEE-PROSE's 未收取 and a sum) names both."""
from __future__ import annotations

import json

import docx
import pytest
from bs4 import BeautifulSoup

import xxgk
from xxgk import manager
from xxgk.messages import chinese
from xxgk.model import Location, Report

from conftest import read_text
from reportgen import consistent_values, report_text

FIRST = "（一）主动公开。本机关通过门户网站主动公开政府信息，及时发布政策文件和解读材料。"
SAID = "本年度共收到政府信息公开申请{n}件，均已按时答复。"
FEE = "本年度依申请收取信息处理费300元。"
NONE = "本年度未收取信息处理费。"


def text_of(seed: int, one: str, six: str = "本年度无其他需要报告的事项。") -> tuple[str, dict]:
    values = consistent_values(seed, 9)
    prose = {1: f"{FIRST}\n\n{one}", 5: "本年度存在的主要问题是政策解读的形式较为单一，下一步将丰富解读形式。", 6: six}
    return report_text(values, prose=prose), values


def line_of(text: str, sentence: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if sentence in line)


def rule(report: Report, name: str):
    return [f for f in xxgk.validate(report) if f.rule == name]


@pytest.mark.parametrize("seed", [1, 4])
def test_prose_table_points_at_the_line_of_its_sentence(seed):
    values = consistent_values(seed, 9)
    said = SAID.format(n=values["t3.new_received.total"] + 40)
    text, _ = text_of(seed, said)
    heading = line_of(text, "一、总体情况")
    found = rule(read_text(text), "PROSE-TABLE")
    assert [f.location for f in found] == [Location(line=line_of(text, said))]
    assert found[0].location.line == heading + 4   # heading, blank, （一）, blank, the sentence


@pytest.mark.parametrize("seed", [2, 3])
def test_fee_prose_names_both_places(seed):
    text, _ = text_of(seed, FEE, NONE)
    found = rule(read_text(text), "FEE-PROSE")
    fee, none = line_of(text, FEE), line_of(text, NONE)
    assert [f.location for f in found] == [Location(line=none)]
    assert f"and, at line {fee}, “{FEE.rstrip('。')}” (300 元)" in found[0].message
    words = chinese(manager.default().registry).message(found[0])
    assert f"又在第{fee}行称“{FEE.rstrip('。')}”（300元）" in words


def test_no_place_named_when_both_stand_in_one_paragraph():
    text, _ = text_of(1, "本年度依申请公开工作有序开展。", f"{NONE}另有说明：本年度依申请收取信息处理费300元。")
    found = rule(read_text(text), "FEE-PROSE")
    assert [f.location for f in found] == [Location(line=line_of(text, NONE))]
    assert found[0].message.endswith("(no 信息处理费) and “另有说明：本年度依申请收取信息处理费300元” (300 元)")


def written(tmp_path, seed: int, fmt: str, sentence: str) -> tuple[object, str]:
    text, _ = text_of(seed, sentence)
    path = tmp_path / f"report.{fmt}"
    xxgk.write(read_text(text), fmt, path)
    return path, sentence


@pytest.mark.parametrize("seed", [1, 5])
def test_html_finding_names_the_paragraph(tmp_path, seed):
    said = SAID.format(n=consistent_values(seed, 9)["t3.new_received.total"] + 40)
    path, _ = written(tmp_path, seed, "html", said)
    blocks = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").article.find_all(["p", "h1", "h2"],
                                                                                               recursive=False)
    at = next(n for n, block in enumerate(blocks, start=1) if said in block.get_text())
    assert blocks[at - 2].get_text() == FIRST and blocks[at - 3].get_text() == "一、总体情况"
    found = rule(xxgk.read(path), "PROSE-TABLE")
    assert [f.location for f in found] == [Location(path=f"p[{at}]")]
    assert chinese(manager.default().registry).location(found[0].location) == f"第{at}段"


@pytest.mark.parametrize("seed", [1, 6])
def test_docx_finding_names_the_paragraph(tmp_path, seed):
    said = SAID.format(n=consistent_values(seed, 9)["t3.new_received.total"] + 40)
    path, _ = written(tmp_path, seed, "docx", said)
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]
    at = paragraphs.index(said) + 1
    assert paragraphs[at - 3:at - 1] == ["一、总体情况", FIRST]
    found = rule(xxgk.read(path), "PROSE-TABLE")
    assert [f.location for f in found] == [Location(path=f"p[{at}]")]


def test_paragraph_locations_round_trip_and_old_json_reads():
    text, _ = text_of(1, "本年度依申请公开工作有序开展。")
    report = read_text(text)
    one = report.sections[0]
    assert one.paragraph_locations == [Location(line=line_of(text, FIRST)),
                                       Location(line=line_of(text, "本年度依申请公开工作有序开展。"))]
    assert report.preamble_locations == [Location(line=line_of(text, "本报告根据"))]
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["sections"][0]["paragraph_locations"] == [{"line": 7}, {"line": 9}]
    assert Report.from_dict(data) == report
    for section in data["sections"]:   # JSON written before paragraphs had their own places
        section.pop("paragraph_locations", None)
    data.pop("preamble_locations")
    old = Report.from_dict(data)
    assert old.sections[0].located() == [(FIRST, one.location), ("本年度依申请公开工作有序开展。", one.location)]
