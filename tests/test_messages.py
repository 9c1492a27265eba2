"""Findings in Chinese for the people who file the reports: every rule's messages, the reasons
readers give in them, cells named as the report prints them, places as 第4页 / 第3段."""
from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

import xxgk
from xxgk import cli, hookimpl, manager
from xxgk.batch import FileResult
from xxgk.messages import chinese, load
from xxgk.model import Cell, Finding, Location
from xxgk.plugins import messages_zh, organ_years, pdf_reader, rules_cross_year
from xxgk.registry import Validator
from xxgk.values import amount_value, count_value, parse_token

from conftest import SAMPLES, corpus_reports, read_text
from reportgen import consistent_values, report_text

# ASCII a person reading Chinese findings meets besides rule ids: file formats, the OCR install command
ASCII_WORDS = {"PDF", "DOCX", "pip", "install", "xxgk", "ocr"}


@pytest.fixture(scope="module")
def words():
    return chinese(manager.default().registry)


def english_left(text: str) -> list[str]:
    """ASCII words of three or more letters, rule ids and ASCII_WORDS aside."""
    rules = {r for v in manager.default().registry.validators + manager.default().registry.batch_validators
             for r in v.rules}
    return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9-]{2,}", text) if w not in rules | ASCII_WORDS]


def test_every_rule_has_chinese_wording():
    registry = manager.default().registry
    worded = {rule for catalogue in registry.messages for rule in catalogue.get("rules", {})}
    assert {r for v in registry.validators + registry.batch_validators for r in v.rules} <= worded


@pytest.mark.parametrize("path", sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".html", ".pdf", ".docx"))
                         + corpus_reports(), ids=lambda p: p.name)
def test_findings_of_real_reports_are_worded_in_chinese(words, path):
    report = xxgk.read(path)
    for finding in xxgk.validate(report):
        said = words.message(finding)
        assert said != finding.message and not english_left(said), (finding.message, said)
        assert not english_left(words.location(finding.location))


def _report():
    return read_text(report_text(consistent_values(7, 5)))


def _finding(rule: str, change) -> Finding:
    """The finding the builtin rule gives once `change(report)` has been made to a sound report."""
    report = _report()
    change(report)
    return next(f for f in xxgk.validate(report) if f.rule == rule)


def _cell(key: str, status: str, raw: str, note: str):
    def change(report):
        value = amount_value(parse_token(raw))[0] if status == "read" else None
        report.tables[key.split(".")[0]].cells[key] = Cell(value, status, Location(page=2), raw, note)
    return change


def _meta(**fields):
    def change(report):
        for name, value in fields.items():
            setattr(report.meta, name, value)
    return change


OCR_CHECK = "T3-BALANCE 自然人: 一+二 = 12 + ? ≠ （七）+四 = 10 as read, also on a second reading"
STREAM_OVER = ("object 6's stream decodes to more than 64 MiB: over the limit (a decompression bomb?), not rendered "
               "for OCR")
CASES = [
    ("LOW-CONFIDENCE", _cell("t3.disclosed.natural_person", "unsure", "8", "recognised with confidence 0.45"),
     "表三 · （一）予以公开 · 自然人：“8”识别的置信度只有0.45，此格留空"),
    ("LOW-CONFIDENCE", _cell("t4.review.total", "unsure", "9法", "recognised as no number (confidence 0.00)"),
     "表四 · 行政复议 总计：“9法”没有识别出数字（置信度0.00），此格留空"),
    ("OCR-CHECK", _cell("t3.new_received.natural_person", "unconfirmed", "12", OCR_CHECK),
     "表三 · 一、本年新收政府信息公开申请数量 · 自然人：按识别结果，自然人的T3-BALANCE不成立：一+二 = 12 + ?，"
     "（七）+四 = 10；再次识别后仍然不符，相关各格留空"),
    ("OCR-CHECK", _cell("t2.licensing.decisions", "unconfirmed", "5", "read 5, but a second reading gives 6, 8"),
     "表二 · 第二十条第（五）项 行政许可 · 本年处理决定数量：识别为5，再次识别却为6、8，相关各格留空"),
    ("T2-VALUES", _cell("t3.disclosed.total", "invalid", "12万元",
                        count_value(parse_token("12万元"))[1] + "; OCR read 'l2万元': l taken for digits"),
     "表三 · （一）予以公开 · 总计：“12万元”不是有效的数值（件数写成了金额（12万元）；"
     "文字识别读作“l2万元”：字母l按数字读取）"),
    ("T2-VALUES", _cell("t3.carried_over.other", "invalid", "1.5", count_value(parse_token("1.5"))[1]),
     "表三 · 二、上年结转政府信息公开申请数量 · 其他：“1.5”不是有效的数值（不是整数（1.5））"),
    ("T2-VALUES", _cell("t2.fees.amount", "read", "251000元", amount_value(parse_token("251000元"))[1]),
     "表二 · 第二十条第（八）项 行政事业性收费 · 本年收费金额（单位：万元）：251000元已折算为25.1万元"),
    ("NO-TABLES", _meta(no_tables_reason=pdf_reader._no_tables_reason({2: "undecodable"}, 3, False, True)),
     "未找到报告的表格：文字层无法解码（字体缺少字符映射表）（第2页）；安装文字识别组件后可以读取："
     'pip install "xxgk[ocr]"'),
    ("NO-TABLES", _meta(no_tables_reason=pdf_reader._no_tables_reason({1: "scanned", 2: "scanned"}, 4, True, False)),
     "未找到报告的表格：PDF文件中没有找到表格（没有文字层（扫描件）（第1、2页），已经文字识别）"),
    ("NO-TABLES", _meta(no_tables_reason=pdf_reader._no_tables_reason({1: "scanned"}, 1, False, False, STREAM_OVER)),
     "未找到报告的表格：没有文字层（扫描件）；"
     "对象6的数据流解码后超过64 MiB，超出限度（可能是解压缩炸弹），未进行文字识别"),
    ("SKIPPED", _meta(skipped=[f"{STREAM_OVER} on pages 1, 2"]),
     "未读取：对象6的数据流解码后超过64 MiB，超出限度（可能是解压缩炸弹），未进行文字识别（第1、2页）"),
    ("NO-TABLES", _meta(no_tables_reason="no table in the page: the report is in an attachment",
                        attachments=["https://example.gov.cn/a.pdf"]),
     "未找到报告的表格：网页中没有表格：报告在附件中；附件：https://example.gov.cn/a.pdf"),
    ("SKIPPED", _meta(skipped=["picture '../x.png': outside the page's folder, not read"]),
     "未读取：图片“../x.png”不在网页所在的文件夹内，未读取"),
    ("XML-CHARS", _meta(title="某某县\x01报告"), "正文含有文档无法保存的控制字符（U+0001），写入DOCX文件时已略去"),
]


@pytest.mark.parametrize("rule, change, expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_reasons_from_readers_and_the_assembler_are_worded_in_chinese(words, rule, change, expected):
    assert words.message(_finding(rule, change)) == expected


@pytest.mark.parametrize("reason, expected", [
    ("not a readable DOCX: File is not a zip file", "不是可读取的DOCX文件：File is not a zip file"),
    ("corrupt DOCX: KeyError: 'word/document.xml'", "DOCX文件已损坏：KeyError: 'word/document.xml'"),
    ("empty input", "输入为空文件"),
])
def test_why_an_input_failed_is_worded_in_chinese(words, reason, expected):
    assert words.note(reason) == expected


@pytest.mark.parametrize("rule, message, expected", [
    ("PLACED", "'0 0 1' placed in t3.disclosed.natural_person, t3.disclosed.commercial, t3.disclosed.research: "
     "a row of numbers without its label, placed by the table's row order, where its rule adds up",
     "数字“0 0 1”放在了表三 · （一）予以公开 · 自然人、商业企业、科研机构："
     "一行数字缺少行标签，已按表格的行序放置，该行合计相符，请核对"),
    ("AMBIGUOUS-CELLS", "'4 4': loose numbers 4 4 could not be placed in one way only; left out; cells left empty",
     "数字“4 4”：零散的数字4 4无法唯一确定位置，未采用，相关各格留空"),
    ("AMBIGUOUS-CELLS", "'12 3 4': 3 values for a row of 7 cells; cells left empty",
     "数字“12 3 4”：一行7格却有3个数值，相关各格留空"),
    ("AMBIGUOUS-CELLS", "'1203': 2 splits fit the rules: 1 203; 12 None 3; cells left empty",
     "连写的数字“1203”按表格规则有2种拆分（1 203；12 / 3），无法确定，相关各格留空"),
])
def test_assembler_findings(words, rule, message, expected):
    assert words.message(Finding(rule, "warning", message)) == expected


def test_structure_and_cross_year(words):
    report = _report()
    report.sections = [report.sections[0], report.sections[2], report.sections[1], report.sections[2]]
    said = [words.message(f) for f in xxgk.validate(report) if f.rule == "STRUCTURE"]
    assert said == ["缺少“四、政府信息公开行政复议、行政诉讼情况”、“五、存在的主要问题及改进情况”、"
                    "“六、其他需要报告的事项”部分",
                    "“三、收到和处理政府信息公开申请情况”部分出现了不止一次",
                    "各部分的顺序有误：“一、总体情况”、“三、收到和处理政府信息公开申请情况”、“二、主动公开政府信息情况”"]
    old = _result("a/2022.pdf", 2022, facts={"t3.carried_forward.natural_person": 3, "t2.regulations.in_force": 5})
    new = _result("a/2023.pdf", 2023, facts={"t3.carried_over.natural_person": 2, "t2.regulations.in_force": 7,
                                             "t2.regulations.issued": 1, "t2.regulations.repealed": 0})
    said = [words.message(f) for _, f in rules_cross_year.check([old, new])]
    assert said == ["自然人：2023年上年结转 = 2，2022年结转下年度 = 3，二者应当相等"
                    "（比较了a/2022.pdf（2022年）与a/2023.pdf（2023年））",
                    "规章：2022年现行有效5件 + 本年制发1件 − 本年废止0件 = 6件，而2023年现行有效7件"
                    "（比较了a/2022.pdf（2022年）与a/2023.pdf（2023年））"]


def test_cells_named_as_printed(words):
    names = words.names
    assert names.cell("t3.withheld.state_secret.natural_person") == "表三 · （三）不予公开 1.属于国家秘密 · 自然人"
    assert names.cell("t3.new_received.commercial") == "表三 · 一、本年新收政府信息公开申请数量 · 商业企业"
    assert names.cell("t4.litigation_after_review.total") == "表四 · 复议后起诉 总计"
    assert names.cell("t2.fees.amount") == "表二 · 第二十条第（八）项 行政事业性收费 · 本年收费金额（单位：万元）"
    assert names.cell("t2.procurement.amount") == "表二 · 第二十条第（九）项 政府集中采购 · 采购总金额"
    assert names.cell("t9.unknown") == "t9.unknown"
    row = [f"t3.disclosed.{c}" for c in ("natural_person", "commercial", "research", "social_welfare",
                                         "legal_service", "other", "total")]
    assert names.cells(row) == "表三 · （一）予以公开 · 全行"
    assert names.cells(row[:2] + ["t4.review.total"]) == ("表三 · （一）予以公开 · 自然人、商业企业；"
                                                          "表四 · 行政复议 总计")
    assert names.values([("t4.review.upheld", "1"), ("t4.review.total", "2")]) == ("表四：行政复议 结果维持 = 1，"
                                                                                   "行政复议 总计 = 2")


@pytest.mark.parametrize("location, expected", [
    (Location(page=4, bbox=[1.0, 2.0, 3.0, 4.0]), "第4页"), (Location(line=19), "第19行"),
    (Location(path="p[3]"), "第3段"), (Location(path="table[3]/tr[5]/td[2]"), "表3第5行第2格"),
    (Location(path="table[2]"), "表2"), (Location(page=2, line=7), "第2页，第7行"), (None, ""),
])
def test_places_as_a_person_looks_for_them(words, location, expected):
    assert words.location(location) == expected


def test_the_catalogue_is_checked(tmp_path):
    good = {"rules": {"X-1": {"one": {"en": "{n:number} things", "zh": "{n}件"}}}}
    path = tmp_path / "m.json"
    path.write_text(json.dumps(good), encoding="utf-8")
    assert load(path) == good
    assert json.loads(messages_zh.CATALOGUE.read_text(encoding="utf-8")) == load(messages_zh.CATALOGUE)
    for bad, says in [({"rules": {"X-1": {"one": {"en": "{n:numeral}", "zh": "{n}"}}}}, "no field kind 'numeral'"),
                      ({"rules": {"X-1": {"one": {"en": "{n}", "zh": "{m}"}}}}, "fields the English has not: m"),
                      ({"rules": {"X-1": {"one": {"en": "x"}}}}, "X-1/one: needs an English template"),
                      ({"rule": {}}, "a message catalogue is")]:
        with pytest.raises(ValueError, match=re.escape(says)):
            xxgk.registry.Registry().add_messages(bad)


def test_a_field_that_is_no_name_is_refused_naming_its_entry():
    bad = {"rules": {"X-1": {"one": {"en": "{1n} things", "zh": "{1n}件"}}}}
    with pytest.raises(ValueError, match=re.escape("message X-1/one: field 1n is not a name")):
        xxgk.registry.Registry().add_messages(bad)


class FeePlugin:
    """A plugin with a rule of its own and its Chinese wording."""

    @hookimpl
    def xxgk_register_validators(self, registry):
        registry.add_validator(Validator("fee", ("FEE-ZERO",), lambda report: [
            Finding("FEE-ZERO", "info", "fees of 3 万元 but section 6 says nothing of them", ["t2.fees.amount"])]))
        registry.add_messages({"rules": {"FEE-ZERO": {"silent": {
            "en": "fees of {amount:number} 万元 but section 6 says nothing of them",
            "zh": "收费{amount}万元，但第六部分未作说明"}}}})


def test_a_plugin_words_its_own_rules():
    plugins = manager.load(extra={"fee": FeePlugin()})
    report = xxgk.read(SAMPLES / "004_12d7c137f1960f71.txt", plugins=plugins)
    finding = next(f for f in xxgk.validate(report, plugins=plugins) if f.rule == "FEE-ZERO")
    assert chinese(plugins.registry).message(finding) == "收费3万元，但第六部分未作说明"


def test_a_message_no_template_matches_stays_as_it_is(words):
    assert words.message(Finding("T4-TOTAL", "error", "something else")) == "something else"
    assert words.message(Finding("NEW-RULE", "warning", "no table in the page")) == "网页中没有表格"


def test_validate_in_chinese_on_the_command_line(capsys):
    cli.main(["validate", str(SAMPLES / "hongze-2023.pdf"), "--lang", "zh"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(": 错误 T4-TOTAL 表四 行政复议：总计 = 0，维持+纠正+其他+未审结 = 11，"
                             "二者应当相等（第4页）")
    cli.main(["validate", str(SAMPLES / "hongze-2023.pdf"), "--lang", "zh", "--format", "json"])
    finding = json.loads(capsys.readouterr().out)["findings"][0]
    assert finding["message"].startswith("表四 行政复议：") and finding["location"]["page"] == 4
    cli.main(["validate", str(SAMPLES / "hongze-2023.pdf")])
    assert "error T4-TOTAL 行政复议: 总计 = 0 ≠ 维持+纠正+其他+未审结 = 11 (page 4" in capsys.readouterr().out



def _result(source: str, year: int, organ: str = "某某县人民政府", facts=None, **extracts) -> FileResult:
    return FileResult(source, "converted", organ=organ, year=year, facts=facts or {}, extracts=extracts,
                      location=f"/in/{source}")


def test_the_reviewers_rules_in_chinese(words):
    from xxgk.plugins import rules_aggregate, rules_reuse, rules_sections

    def said(rule: str, report) -> list[str]:
        return [words.message(f) for f in xxgk.validate(report) if f.rule == rule]

    short = read_text(report_text(consistent_values(7, 5), organ="某某市财政局", prose={5: "有待加强。", 6: "— 3 —"}))
    assert said("SECTION-EMPTY", short) == ["“五、存在的主要问题及改进情况”部分只有4个字，少于30个字",
                                            "“六、其他需要报告的事项”部分没有内容"]
    late = read_text("发布时间：2025-02-03\n" + report_text(consistent_values(7, 5), organ="某某市财政局"))
    assert said("PUBLISHED-LATE", late) == ["网页所载的发布日期为2025-02-03，晚于县级以上人民政府部门年度报告的公布期限"
                                            "2025-01-31（《中华人民共和国政府信息公开条例》第四十九条第一款）"]
    fee = read_text(report_text(consistent_values(7, 5), prose={6: "本年度行政事业性收费12345元。"}))
    assert said("FEE-PROSE", fee) == ["正文称“本年度行政事业性收费12345元”（即1.2345万元），"
                                      "而表二中行政事业性收费为0万元"]
    old = _result("a/2023.txt", 2023, **{"section-repeat": {"5": "0011aabb"}, "text-reuse": "0011aabb" * 5})
    new = _result("a/2024.txt", 2024, **{"section-repeat": {"5": "0011aabb"},
                                         "text-reuse": "0011aabb22334455667788990011223344556677"})
    compared = "（比较了a/2023.txt（2023年）与a/2024.txt（2024年））"
    least = {"SECTION-EMPTY.repeat-min-chars": 50}
    assert [words.message(f) for _, f in rules_sections.check_batch([old, new], least)] == [
        f"“五、存在的主要问题及改进情况”部分与2023年报告的文字相同，只改了年份{compared}"]   # a record of before
    kept = {"5": ["0011aabb", 60, "五、政府信息公开工作存在的主要问题及改进情况"]}
    old.extracts["section-repeat"] = new.extracts["section-repeat"] = kept
    assert [words.message(f) for _, f in rules_sections.check_batch([old, new], least)] == [
        f"“五、政府信息公开工作存在的主要问题及改进情况”部分与2023年报告的文字相同，只改了年份{compared}"]
    assert [words.message(f) for _, f in rules_reuse.check([old, new], {"TEXT-REUSE.threshold": 0.5})] == [
        f"本报告参与比较的5句（不计格式规定的固定用语和过短的句子）中有1句（20%）与2023年报告相同{compared}"]
    parent = _result("a/county.txt", 2024, facts={"t3.new_received.total": 5})
    child = _result("a/dept.txt", 2024, "某某县财政局", facts={"t3.new_received.total": 3})
    mapping = {"AGGREGATE.mapping": (("某某县人民政府", "某某县财政局"), ("某某县人民政府", "某某镇人民政府"))}
    assert [words.message(f) for _, f in rules_aggregate.check([parent, child], mapping)] == [
        "2024年：映射文件中列于本机关之下的某某镇人民政府没有报告，未核对汇总数"]
    one = {"AGGREGATE.mapping": mapping["AGGREGATE.mapping"][:1]}
    row = "表三 · 一、本年新收政府信息公开申请数量："
    assert [words.message(f) for _, f in rules_aggregate.check([parent, child], one)] == [
        f"2024年：表三不等于其下1个机关报告之和（本报告 ≠ 各报告之和）：{row}总计 = 5 ≠ 3"]
    other = _result("b/dept.txt", 2024, "某某县财政局", facts={"t3.new_received.total": 4})
    assert [words.message(f) for _, f in rules_aggregate.check([parent, child, other], one)] == [
        "2024年：同名机关有多份表格不同的报告（某某县财政局: a/dept.txt, b/dept.txt），"
        "无法判断以哪份为准，未核对汇总数"]
    copy = _result("a/dept.pdf", 2024, "某某县财政局", facts={"t3.new_received.total": 3})
    assert [words.message(f) for _, f in organ_years.check([child, copy, other])] == [
        "2024年：与a/dept.pdf是同一份报告（机关、年度和表格均相同），跨报告核对以a/dept.pdf为准"]
    assert [words.message(f) for _, f in organ_years.check([child, replace(other, location="/in/a/dept.doc")])] == [
        "2024年：本机关有2份表格不同的报告（a/dept.txt、b/dept.txt），无法判断以哪份为准，跨报告核对均不使用"] * 2
