"""Reports as crawlers store them: the whole text on one line, cells glued together, labels glued to
their digits, metadata lines before the title. Cut at the template's labels, split under the rules;
what stays undecided is empty with AMBIGUOUS-CELLS, never a guess."""
from __future__ import annotations

from pathlib import Path

import pytest

import xxgk
from xxgk import limits

from conftest import read_text, rules
from reportgen import HEADINGS, consistent_values, report_text

ORGAN = "某某县人民政府办公室"
META = ["标题: 某某县人民政府办公室2024年政府信息公开工作年度报告", "发布时间: 2025-01-20 09:30", "文号: ",
        "发布机构: 某某县人民政府办公室", "原文链接: https://www.example.gov.cn/zwgk/2025/01/t20250120_1.html",
        "==================== 正文 ===================="]


def dump(values, layout: str = "runs", prose: dict[int, str] | None = None) -> str:
    """The report as a crawler stores a page's text: every line run into the next, no separator."""
    text = report_text(values, layout, organ=ORGAN, prose=prose)
    return "".join(line.replace("\t", "").replace(" ", "") for line in text.splitlines())


def ambiguous(findings) -> set[str]:
    return {k for f in findings if f.rule == "AMBIGUOUS-CELLS" for k in f.cells}


def check_never_wrong(report, values) -> list[str]:
    """Every cell is the generated value, or empty and named by AMBIGUOUS-CELLS; the empty ones."""
    open_cells = ambiguous(xxgk.validate(report))
    empty = []
    for key, expected in values.items():
        got = report.value(key)
        if got is None:
            assert key in open_cells, key
            empty.append(key)
        else:
            assert str(got) == str(expected), key
    return empty


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("layout", ["runs", "tabs", "lines"])
@pytest.mark.parametrize("metadata", [False, True])
def test_one_line_dumps_read_every_cell_or_say_why(seed, layout, metadata):
    values = consistent_values(seed, 1)
    text = dump(values, layout)
    if metadata:
        text = "\n".join(META + [text.split("年度报告", 1)[1]])
    report = read_text(text, "page.txt")
    assert (report.meta.organ, report.meta.year) == (ORGAN, 2024)
    assert report.meta.published == ("2025-01-20" if metadata else None)
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    empty = check_never_wrong(report, values)
    assert len(empty) <= 6   # at most a table-2 row or two: single digits split under table 3 and 4's rules
    assert not rules(xxgk.validate(report)) & {"NO-TABLES", "T3-BALANCE", "T3-RESULTS", "T3-ROWTOTAL", "T4-TOTAL"}


def test_a_dump_of_larger_numbers_leaves_what_no_rule_decides_empty():
    values = consistent_values(7, 40)
    values.update({"t2.normative_documents.issued": 62, "t2.normative_documents.repealed": 33,
                   "t2.normative_documents.in_force": 440})
    report = read_text(dump(values), "page.txt")
    empty = check_never_wrong(report, values)
    assert {"t2.normative_documents.issued", "t2.normative_documents.repealed",
            "t2.normative_documents.in_force"} <= set(empty)


def test_the_prose_may_confirm_one_part_of_a_split():
    values = consistent_values(7, 40)
    values.update({"t2.normative_documents.issued": 62, "t2.normative_documents.repealed": 33,
                   "t2.normative_documents.in_force": 440})
    report = read_text(dump(values, prose={1: "本年度制发行政规范性文件62件，持续做好文件公开。"}), "page.txt")
    findings = xxgk.validate(report)
    assert report.value("t2.normative_documents.issued") == 62
    assert report.value("t2.normative_documents.repealed") is None is report.value("t2.normative_documents.in_force")
    assert ambiguous(findings) >= {"t2.normative_documents.repealed", "t2.normative_documents.in_force"}
    split = next(f for f in findings if f.rule == "DIGITS-SPLIT" and f.cells == ["t2.normative_documents.issued"])
    assert split.severity == "warning" and "制发行政规范性文件62件" in split.message   # the prose decided it
    assert "as the prose states" in report.cell("t2.normative_documents.issued").note


def test_prose_that_contradicts_itself_confirms_nothing():
    values = consistent_values(7, 40)
    values.update({"t2.normative_documents.issued": 62, "t2.normative_documents.repealed": 33,
                   "t2.normative_documents.in_force": 440})
    prose = {1: "本年度制发行政规范性文件62件。", 6: "全年制发行政规范性文件6件。"}
    report = read_text(dump(values, prose=prose), "page.txt")
    assert report.value("t2.normative_documents.issued") is None


def test_a_label_glued_to_its_digits_on_its_own_line():
    values = consistent_values(11, 1)
    lines = report_text(values, "tabs", organ=ORGAN).splitlines()
    for label in ("2.重复申请", "（七）总计", "行政许可"):
        i = next(i for i, line in enumerate(lines) if line.startswith(label))
        lines[i] = lines[i].replace("\t", "")
    report = read_text("\n".join(lines))
    assert report.cells() == {k: v for k, v in values.items() if k != "t2.fees.amount"} | {
        "t2.fees.amount": report.value("t2.fees.amount")}
    assert str(report.value("t2.fees.amount")) == str(values["t2.fees.amount"])


def test_digits_every_split_agrees_on_are_decided():
    """'110000011': 11|0|0|0|0|0|11 and 1|10|0|0|0|0|11 fit the row's total alike."""
    values = consistent_values(12, 1)
    row = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other", "total")
    for key, n in zip(row, (11, 0, 0, 0, 0, 0, 11)):
        values[f"t3.new_received.{key}"] = n
    lines = report_text(values, "tabs", organ=ORGAN).splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    lines[i] = "一、本年新收政府信息公开申请数量\t110000011"
    report = read_text("\n".join(lines))
    findings = xxgk.validate(report)
    assert [report.value(f"t3.new_received.{k}") for k in row] == [None, None, 0, 0, 0, 0, 11]
    assert ambiguous(findings) == {"t3.new_received.natural_person", "t3.new_received.commercial"}
    split = next(f for f in findings if f.rule == "DIGITS-SPLIT")
    assert split.cells == [f"t3.new_received.{k}" for k in row[2:]] and split.severity == "info"
    assert report.cell("t3.new_received.total").note == "split from '110000011'"


def test_a_row_with_more_values_than_cells_is_ambiguous():
    values = consistent_values(13, 9)
    lines = report_text(values, "pipes", organ=ORGAN).splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith("规章 |"))
    lines[i] = "规章 | 7 | 1 | 2 | 3 |"
    report = read_text("\n".join(lines), "report.md")
    keys = ["t2.regulations.issued", "t2.regulations.repealed", "t2.regulations.in_force"]
    assert [report.value(k) for k in keys] == [None, None, None]
    amb = next(f for f in xxgk.validate(report) if f.rule == "AMBIGUOUS-CELLS")
    assert amb.cells == keys and "4 values for a row of 3 cells" in amb.message


def test_a_slash_is_never_filled_by_a_loose_number():
    """A number torn loose would make the row add up in the cell written "/": it is not placed there."""
    values = consistent_values(14, 30)
    lines = report_text(values, "pipes", organ=ORGAN).splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith("四、结转下年度继续办理"))
    cells = lines[i].rstrip(" |").split(" | ")
    lines[i] = " | ".join(cells[:-1] + ["/"]) + " |"
    j = next(i for i, line in enumerate(lines) if line.startswith("3.其他"))
    lines[j:j] = [str(values["t3.carried_forward.total"])]
    report = read_text("\n".join(lines), "report.md")
    cell = report.cell("t3.carried_forward.total")
    assert cell.value is None and cell.status == "blank" and cell.raw == "/"
    assert any("loose numbers" in f.message for f in xxgk.validate(report) if f.rule == "AMBIGUOUS-CELLS")


@pytest.mark.parametrize("heading", ["五、存在的主要问题及整改措施", "五、存在的主要问题和改进措施",
                                     "四、因政府信息公开申请行政复议、提起行政诉讼的情况", "一、概述"])
def test_heading_wordings_of_published_reports(heading):
    lines = report_text(consistent_values(15, 9), "tabs", organ=ORGAN).splitlines()
    lines[lines.index(HEADINGS["一二三四五六".index(heading[0])])] = heading
    report = read_text("\n".join(lines))
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert "STRUCTURE" not in rules(xxgk.validate(report))


@pytest.mark.parametrize("title", [f"标题: {ORGAN}2024年政府信息公开工作年度报告",
                                   f"标题：{ORGAN}2024年政府信息公开工作年度报告",
                                   f"# {ORGAN}2024年政府信息公开工作年度报告"])
def test_a_title_with_a_field_name_before_it(title):
    lines = report_text(consistent_values(16, 9), "tabs", organ=ORGAN).splitlines()
    lines[0] = title
    report = read_text("\n".join(lines))
    assert (report.meta.organ, report.meta.year, report.meta.title) == (
        ORGAN, 2024, f"{ORGAN}2024年政府信息公开工作年度报告")


OLD_REPORT = """某某县人民政府2016年政府信息公开工作年度报告

本报告根据《中华人民共和国政府信息公开条例》要求编制。

一、概述
2016年，我县认真贯彻落实政府信息公开条例。
二、主动公开政府信息情况
全年主动公开政府信息1200条。
三、依申请公开政府信息情况
全年共收到政府信息公开申请15件，均已按时答复。
四、因政府信息公开申请行政复议、提起行政诉讼的情况
全年未发生因政府信息公开申请行政复议、提起行政诉讼的情况。
五、存在的主要问题及改进措施
公开内容有待进一步丰富。
六、其他需要报告的事项
无。

政府信息公开情况统计表
统计指标\t单位\t统计数
行政复议数\t件\t{review}
行政诉讼数\t件\t{suits}
{numbers}
"""


@pytest.mark.parametrize("numbers", ["", "2\t1\t0\t0\t3\t0\t0\t0\t0\t0\t1\t0\t0\t0\t1"])
def test_an_old_report_is_not_the_national_format(numbers):
    report = read_text(OLD_REPORT.format(review=3, suits=1, numbers=numbers))
    assert report.meta.year == 2016
    assert all(v is None for v in report.cells().values())
    no_tables = next(f for f in xxgk.validate(report) if f.rule == "NO-TABLES")
    assert "not the national format (2019 or 2021)" in no_tables.message


@pytest.mark.parametrize("layout", ["tabs", "pipes"])
def test_one_blank_table_4_cell_is_one_empty_cell(layout):
    values = consistent_values(17, 9)
    values["t4.litigation_direct.total"] = None
    report = read_text(report_text(values, layout, organ=ORGAN), "report.md")
    cell = report.cell("t4.litigation_direct.total")
    assert cell.value is None and cell.status == "blank"
    assert {k: v for k, v in report.cells().items() if k.startswith("t4.")} == {
        k: v for k, v in values.items() if k.startswith("t4.")}
    assert "AMBIGUOUS-CELLS" not in rules(xxgk.validate(report))


def test_without_a_title_the_preamble_says_who_and_when():
    lines = report_text(consistent_values(18, 9), "tabs", organ=ORGAN).splitlines()[1:]
    text = "\n".join(lines).replace("本报告根据《中华人民共和国政府信息公开条例》编制。",
                                    f"本报告由{ORGAN}编制，所列数据统计期限自2024年1月1日起至2024年12月31日止。")
    report = read_text(text)
    assert (report.meta.title, report.meta.organ, report.meta.year) == (None, ORGAN, 2024)


@pytest.mark.parametrize("organ, parent, expected", [
    ("铜山区人民政府", "徐州市", "徐州市铜山区人民政府"),        # a district: its city as the text writes it
    ("昆山市人民政府", "江苏省苏州市", "昆山市人民政府"),        # a city names its place
    ("徐州市铜山区人民政府", "江苏省", "徐州市铜山区人民政府"),  # already qualified
])
def test_an_organ_is_qualified_only_when_it_does_not_name_its_place(organ, parent, expected):
    place = organ.removesuffix("人民政府")
    text = report_text(consistent_values(19, 9), "tabs", organ=organ).replace(
        "本报告根据", f"{parent}{place}人民政府编制。{parent}{place}统计。本报告根据")
    assert read_text(text).meta.organ == expected


T3_COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other", "total")


@pytest.mark.parametrize("layout, blank_rows", [("tabs", ("not_processed.reconfirm", "other_handling.no_fee")),
                                                ("lines", ("not_processed.excessive", "not_processed.reconfirm"))])
def test_blank_rows_never_take_the_numbers_of_the_next(layout, blank_rows, monkeypatch):
    """Rows left wholly blank in one-cell-per-line or tab-separated text: nothing moves up into them,
    and 2021's three rows of （六）其他处理 keep the table the 2021 one."""
    import reportgen

    written = reportgen._text
    monkeypatch.setattr(reportgen, "_text", lambda value, lay: "" if value is None else written(value, lay))
    values = consistent_values(20, 9)
    values.update({f"t3.{row}.{c}": None for row in blank_rows for c in T3_COLUMNS})
    report = read_text(report_text(values, layout, organ=ORGAN))
    assert report.templates()["t3"] == "2021"
    assert {k: report.value(k) for k in values if k.startswith("t3.")} == {
        k: v for k, v in values.items() if k.startswith("t3.")}


@pytest.mark.parametrize("written, expected", [("102/5", [102, None, 5]), ("/35", [None, 3, 5]),
                                               ("10—", [1, 0, None])])
def test_a_not_given_mark_among_run_together_digits_keeps_its_cell(written, expected):
    keys = ["t2.normative_documents.issued", "t2.normative_documents.repealed", "t2.normative_documents.in_force"]
    values = consistent_values(21, 9)
    text = dump(values).replace("行政规范性文件" + "".join(str(values[k]) for k in keys), "行政规范性文件" + written)
    report = read_text(text, "page.txt")
    assert [report.value(k) for k in keys] == expected
    assert [report.cell(k).status for k in keys] == ["blank" if v is None else "read" for v in expected]


def test_digits_run_together_with_thousands_separators_are_left_empty():
    values = consistent_values(22, 9)
    values.update({"t3.not_processed.reconfirm.research": 13605, "t3.not_processed.reconfirm.total": 13605})
    lines = report_text(values, "runs", organ=ORGAN).splitlines()
    i = lines.index("5.要求行政机关确认或重新出具已获取信息")
    lines[i + 1] = "0013,605000013,605"
    report = read_text("\n".join(lines))
    keys = [f"t3.not_processed.reconfirm.{c}" for c in T3_COLUMNS]
    assert [report.value(k) for k in keys] == [None] * 7 and set(keys) <= ambiguous(xxgk.validate(report))
    assert report.value("t3.other_handling.other.total") == values["t3.other_handling.other.total"]


def test_a_dash_on_its_own_line_is_a_cell_not_given():
    values = consistent_values(23, 40)
    values["t2.regulations.repealed"] = None
    lines = report_text(values, "lines", organ=ORGAN).splitlines()
    lines[lines.index("规章") + 4] = "-"
    report = read_text("\n".join(lines))
    assert [report.value(f"t2.regulations.{c}") for c in ("issued", "repealed", "in_force")] == [
        values["t2.regulations.issued"], None, values["t2.regulations.in_force"]]


@pytest.mark.parametrize("before", ["当前位置：首页>政务公开>年度报告", "您现在的位置：首页>信息公开",
                                    "发布时间：2025-01-20", "发布日期：2025年01月20日", "索引号：000000000/2025-00012",
                                    "首页"])
def test_a_dump_that_starts_with_the_page_chrome(before):
    values = consistent_values(24, 1)
    report = read_text(before + dump(values), "page.txt")
    assert (report.meta.organ, report.meta.year) == (ORGAN, 2024)
    check_never_wrong(report, values)


@pytest.mark.parametrize("separator", ["\t", " | "])
def test_a_dump_that_kept_its_cell_separators(separator):
    values = consistent_values(25, 9)
    text = report_text(values, "tabs", organ=ORGAN)
    report = read_text("".join(line.replace("\t", separator) for line in text.splitlines()), "page.txt")
    assert {k: str(report.value(k)) for k in values} == {k: str(v) for k, v in values.items()}


@pytest.mark.parametrize("section, prose", [
    (2, "本年度制发规章2件，行政规范性文件5件。"), (2, "本年度，本机关主动公开政府信息情况如下："),
    (3, "本年新收政府信息公开申请数量为30件，上年结转政府信息公开申请数量为2件。")])
def test_prose_glued_before_a_table_in_a_dump(section, prose):
    values = consistent_values(26, 1)
    text = dump(values).replace(HEADINGS[section - 1], HEADINGS[section - 1] + prose)
    report = read_text(text, "page.txt")
    check_never_wrong(report, values)
    assert sum(1 for k in values if report.value(k) is None) <= 6



@pytest.mark.parametrize("prose", [
    "信息内容。" * 5_000,                              # a label in every sentence: the rest of the table read from each
    "字。" * 40_000 + "信息内容" + "1" * 40_000 + "。",   # one label's values read again from every sentence before it
], ids=["labels", "values"])
def test_prose_glued_before_a_table_in_a_dump_is_cut_in_linear_time(prose):
    """Within 5 s of processor time (a tenth of that is enough; these took 17 s and 9 s), the table
    after the prose is read as it is without it."""
    values = consistent_values(26, 1)
    text = dump(values).replace(HEADINGS[1], HEADINGS[1] + prose)
    with limits.time_limit(5):
        report = read_text(text, "page.txt")
    check_never_wrong(report, values)
    assert sum(1 for k in values if report.value(k) is None) <= 6

def test_a_note_glued_after_a_table_in_a_dump():
    values = consistent_values(27, 1)
    text = dump(values).replace(HEADINGS[4], "注：表中数据截至2024年12月31日。" + HEADINGS[4])
    check_never_wrong(read_text(text, "page.txt"), values)


def test_rows_of_the_2019_format_with_spaces_and_signs():
    text = (Path(__file__).parent / "data" / "y2019" / "jiaotong-2019.txt").read_text(encoding="utf-8")
    spaced = [line.replace("\t", " ") if line.startswith(("行政许可", "其他对外管理服务事项")) else line
              for line in text.splitlines()]
    report = read_text("\n".join(spaced))
    assert report.templates()["t2"] == "2019"
    assert [report.value(f"t2.licensing.{c}") for c in ("prior_items", "change", "decisions")] == [45, 3, 1280]
    assert report.value("t2.other_services.change") == -2


@pytest.mark.parametrize("title", [
    f"{ORGAN}政府信息公开工作2024年度报告", f"标　　题：{ORGAN}2024年政府信息公开工作年度报告",
    f"【标题】{ORGAN}2024年政府信息公开工作年度报告", f"{ORGAN}二〇二四年政府信息公开工作年度报告",
    f"{ORGAN}２０２４年政府信息公开工作年度报告"])
def test_titles_as_pages_and_crawlers_write_them(title):
    lines = report_text(consistent_values(29, 9), "tabs", organ=ORGAN).splitlines()
    lines[0] = title
    report = read_text("\n".join(lines))
    assert (report.meta.organ, report.meta.year) == (ORGAN, 2024)


@pytest.mark.parametrize("words", ["依据有关规定", "会同各部门", "牵头"])
def test_the_organ_that_compiled_the_report_without_what_it_did(words):
    lines = report_text(consistent_values(30, 9), "tabs", organ=ORGAN).splitlines()[1:]
    text = "\n".join(lines).replace("本报告根据《中华人民共和国政府信息公开条例》编制。",
                                    f"本报告由{ORGAN}{words}编制，所列数据统计期限自2024年1月1日起至2024年12月31日止。")
    assert read_text(text).meta.organ == ORGAN


@pytest.mark.parametrize("clause", ["下一步，计划制发行政规范性文件6件。", "2023年制发行政规范性文件6件。",
                                    "第四季度印发行政规范性文件6件。", "其中，各乡镇制发行政规范性文件6件。",
                                    "近三年共制发行政规范性文件6件。"])
def test_prose_about_another_time_decides_nothing(clause):
    values = consistent_values(7, 40)
    values.update({"t2.normative_documents.issued": 62, "t2.normative_documents.repealed": 33,
                   "t2.normative_documents.in_force": 440})
    report = read_text(dump(values, prose={5: clause}), "page.txt")
    assert report.value("t2.normative_documents.issued") is None


def test_two_rows_on_one_line_separated_by_spaces():
    values = consistent_values(31, 40)
    lines = report_text(values, "tabs", organ=ORGAN).splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith("规章\t"))
    lines[i:i + 2] = [" ".join(lines[i].split("\t") + lines[i + 1].split("\t"))]
    report = read_text("\n".join(lines))
    keys = [f"t2.{row}.{c}" for row in ("regulations", "normative_documents")
            for c in ("issued", "repealed", "in_force")]
    assert [report.value(k) for k in keys] == [values[k] for k in keys]
