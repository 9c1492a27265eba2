"""TEXT-REUSE: the share of a report's sentences standing in the same organ's report of the year
before, years aside and the format's own wording left out; in the findings and the dataset."""
from __future__ import annotations

import csv
from decimal import Decimal

import docx
import pytest

import xxgk
from xxgk.cli import main
from xxgk.messages import chinese

from reportgen import consistent_values
from yearkit import OTHER_PROSE, PROSE, batch, following, write_year

# boilerplate every report writes: the preamble of the format, the statistics period, the fee, 无
BOILERPLATE = ("本报告根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室有关要求编制。"
               "本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。本报告电子版可在本机关门户网站下载。"
               "如对本报告有疑问，请与本机关办公室联系。")


def two_years(folder, written_2024, written_2023=PROSE, organ_2024=None):
    before = consistent_values(1, 9)
    write_year(folder, 2023, before, written=written_2023)
    write_year(folder, 2024, following(before, 2), written=written_2024,
               **({"organ": organ_2024} if organ_2024 else {}))


def reuse(found):
    return [f for f in found.get("2024.txt", []) if f.rule == "TEXT-REUSE"]


def test_a_report_copied_from_last_year(tmp_path):
    two_years(tmp_path / "in", {**PROSE, 1: PROSE[1] + "本年度还开展了两次专题培训。"})   # one sentence new
    found = reuse(batch(tmp_path / "in", tmp_path / "out", **{"TEXT-REUSE.threshold": "50%"}))
    assert [(f.severity, f.lhs) for f in found] == [("warning", Decimal("0.83"))]
    assert found[0].message.startswith("5 of the 6 sentences compared (83%; the format's own wording and short "
                                       "sentences left out) stand in the report of 2023 (compared ")
    assert chinese(xxgk.manager.default().registry).message(found[0]).startswith(
        "本报告参与比较的6句（不计格式规定的固定用语和过短的句子）中有5句（83%）与2023年报告相同（比较了")


def test_the_share_is_in_the_dataset(tmp_path):
    two_years(tmp_path / "in", PROSE)
    xxgk.convert_many([str(tmp_path / "in")], tmp_path / "out", ["csv"], time_limit=None)
    with open(tmp_path / "out" / "reports.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["source"]: r for r in csv.DictReader(fh)}
    assert (rows["in/2023.txt"]["text_reuse"], rows["in/2024.txt"]["text_reuse"]) == ("", "1.00")
    assert rows["in/2024.txt"]["rules"].split(";").count("TEXT-REUSE") == 1


@pytest.mark.parametrize("written, share", [
    (OTHER_PROSE, "0.00"),                                        # written anew
    ({**OTHER_PROSE, 5: PROSE[5]}, "0.40"),                       # 五 kept: 2 of 5 sentences
])
def test_a_report_written_anew_is_an_info(tmp_path, written, share):
    two_years(tmp_path / "in", written)
    found = reuse(batch(tmp_path / "in", tmp_path / "out"))
    assert [(f.severity, f.lhs) for f in found] == [("info", Decimal(share))]


def test_boilerplate_is_no_copy(tmp_path):
    """Both years share every sentence of the format's wording and every stock phrase, nothing else."""
    stock = {**OTHER_PROSE, 1: BOILERPLATE + OTHER_PROSE[1], 6: "本年度未收取信息处理费。无其他需要报告的事项。"}
    two_years(tmp_path / "in", stock, {**PROSE, 1: BOILERPLATE + PROSE[1], 6: stock[6]})
    assert [f.lhs for f in reuse(batch(tmp_path / "in", tmp_path / "out"))] == [Decimal("0.00")]


def test_the_threshold_is_a_setting(tmp_path):
    two_years(tmp_path / "in", {**OTHER_PROSE, 5: PROSE[5]})
    found = reuse(batch(tmp_path / "in", tmp_path / "out", **{"TEXT-REUSE.threshold": 0.3}))
    assert [(f.severity, f.lhs) for f in found] == [("warning", Decimal("0.40"))]


def test_other_organs_and_short_reports_are_not_compared(tmp_path):
    two_years(tmp_path / "a", PROSE, organ_2024="某某市财政局")
    assert reuse(batch(tmp_path / "a", tmp_path / "out-a")) == []
    short = {1: "本年度公开工作有序开展，各项制度不断完善。", 5: PROSE[5], 6: PROSE[6]}   # 3 sentences that count
    two_years(tmp_path / "b", short, short)
    assert reuse(batch(tmp_path / "b", tmp_path / "out-b")) == []


def test_the_batch_rules_findings_in_the_documents(tmp_path):
    """With --findings, a report's HTML and DOCX list the batch rules' findings on it too, in Chinese:
    written again when a report of the year before comes in a later run, not when nothing changed."""
    before = consistent_values(1, 9)
    write_year(tmp_path / "in", 2024, following(before, 2))   # the text of 2023 again
    run = ["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--to", "json,html,docx", "--findings", "-q"]
    html = tmp_path / "out" / "2024.txt.html"
    said = "与2023年报告相同（比较了in/2023.txt（2023年）与in/2024.txt（2024年））"
    assert main(run) == 0 and said not in html.read_text(encoding="utf-8")
    write_year(tmp_path / "in", 2023, before)
    assert main(run) == 0
    assert "TEXT-REUSE：本报告" in html.read_text(encoding="utf-8") and said in html.read_text(encoding="utf-8")
    appendix = "\n".join(p.text for p in docx.Document(tmp_path / "out" / "2024.txt.docx").paragraphs)
    assert "警告 TEXT-REUSE：本报告" in appendix and said in appendix
    stamp = html.stat().st_mtime_ns
    assert main(run) == 0 and html.stat().st_mtime_ns == stamp


@pytest.mark.parametrize("stock", ["本机关无其他需要报告的事项。", "本年度我局无其他需要报告的事项。",
                                   "2024年度本机关无需要报告的其他事项。", "某某市人民政府办公室无其他需要报告的事项。",
                                   "此外，本单位暂无其他需要报告的事项。"])
def test_a_stock_phrase_after_a_subject_is_no_copy(tmp_path, stock):
    """A stock phrase said after the organ or a time (本年度我局无其他需要报告的事项) is the format's wording
    still: the share is that of the other sentences (五 kept: 2 of 5)."""
    six = f"本年度未收取信息处理费。{stock}"
    two_years(tmp_path / "in", {**OTHER_PROSE, 5: PROSE[5], 6: six}, {**PROSE, 6: six.replace("2024", "2023")})
    assert [(f.severity, f.lhs) for f in reuse(batch(tmp_path / "in", tmp_path / "out"))] == [("info", Decimal("0.40"))]


def test_a_sentence_of_substance_ending_in_a_stock_phrase_is_compared(tmp_path):
    """A stock phrase at the end of a sentence that says more is no stock phrase: the sentence counts."""
    six = "本年度未收取信息处理费。本机关全面完成了年度政务公开考核的各项整改任务，无其他需要报告的事项。"
    two_years(tmp_path / "in", {**OTHER_PROSE, 5: PROSE[5], 6: six}, {**PROSE, 6: six})
    assert [(f.severity, f.lhs) for f in reuse(batch(tmp_path / "in", tmp_path / "out"))] == [("info", Decimal("0.50"))]
