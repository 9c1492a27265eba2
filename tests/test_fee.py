"""FEE-PROSE: the 信息处理费 the prose states against itself and table 3, the 行政事业性收费 it states
against table 2; never a fee of another scope, nor a sum rounded from 元 to 万元."""
from __future__ import annotations

from decimal import Decimal

import pytest

import xxgk

from conftest import read_text
from reportgen import consistent_values, report_text, zero_values
from yearkit import prose


def fee_findings(values, six: str, one: str | None = None, fees: str | None = None):
    values = dict(values)
    if fees is not None:
        values["t2.fees.amount"] = fees
    written = {**prose(2024), 6: six, **({1: one} if one else {})}
    report = read_text(report_text(values, organ="某某市人民政府办公室", prose=written))
    return [f for f in xxgk.validate(report) if f.rule == "FEE-PROSE"]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("one, six", [
    ("本年度收取信息处理费300元，均用于政府信息公开工作。", "本年度未收取信息处理费。"),
    ("本年度收取政府信息公开信息处理费共计 1250.5 元。", "本机关未产生信息公开处理费。"),
])
def test_none_collected_yet_a_fee_stated(seed, one, six):
    found = fee_findings(consistent_values(seed, 9), six, one)
    assert [f.severity for f in found] == ["warning"]
    assert f"“{six.rstrip('。')}”" in found[0].message and "元)" in found[0].message
    assert found[0].location is not None and found[0].location.line   # the line of 六's sentence


@pytest.mark.parametrize("six", ["本年度收取信息处理费300元。", "全年收取政府信息公开信息处理费 0.5 万元。"])
def test_a_fee_with_no_application(six):
    found = fee_findings(zero_values(), six)
    assert [(f.severity, f.cells) for f in found] == [("warning", ["t3.new_received.total", "t3.carried_over.total"])]
    assert "table 3 shows no application" in found[0].message


@pytest.mark.parametrize("stated, table", [
    ("行政事业性收费12345元", "1.23"),      # 元 rounded to the table's 万元
    ("行政事业性收费12355元", "1.23"),      # … or cut
    ("行政事业性收费1.2万元", "1.23"),      # the prose rounds
    ("行政事业性收费 7730.28 万元", "7730.28"),
])
def test_the_administrative_fee_agrees_with_table_2(stated, table):
    assert fee_findings(consistent_values(3, 9), f"本年度{stated}。", fees=table) == []


@pytest.mark.parametrize("stated, table, wan", [
    ("行政事业性收费12345元", "12.3", "1.2345"), ("行政事业性收费3万元", "1.2", "3"),
    ("行政事业性收费980元", "1", "0.098"),   # 0.098 万元 rounds to 0, not 1
])
def test_the_administrative_fee_differs_from_table_2(stated, table, wan):
    found = fee_findings(consistent_values(3, 9), f"本年度{stated}。", fees=table)
    assert [(f.cells, f.lhs, f.rhs) for f in found] == [(["t2.fees.amount"], Decimal(wan), Decimal(table))]
    assert f"({wan} 万元), the table gives {table} 万元" in found[0].message


@pytest.mark.parametrize("values, one, six, fees", [
    # 信息处理费 is not table 2's fee: never compared with it
    (consistent_values(4, 9), None, "本年度收取信息处理费300元。", "5.2"),
    # a fee with applications in table 3
    (consistent_values(4, 9), None, "本年度收取信息处理费300元。", None),
    # 0 元 says none was collected
    (consistent_values(4, 9), "本年度收取信息处理费0元。", "本年度未收取信息处理费。", None),
    # another scope: the whole city's organs, a part of them, last year
    (zero_values(), None, "全市行政机关共收取信息处理费380元，本机关未收取。", None),
    (consistent_values(4, 9), "上年收取信息处理费200元。", "本年度未收取信息处理费。", None),
    (consistent_values(4, 9), "共收取信息处理费380元，其中民政局收取380元。", "本机关未收取信息处理费。", None),
])
def test_near_misses(values, one, six, fees):
    assert fee_findings(values, six, one, fees) == []


@pytest.mark.parametrize("two", [
    "公开行政事业性收费标准每件80元。",                       # a rate
    "落实减税降费政策，减免行政事业性收费2.5万元。",            # a sum relieved
    "本年度行政事业性收费较上年减少0.5万元。",                 # a difference
    "本年度行政事业性收费1万元，其中不动产登记费0.8万元。",      # 其中 and no organ: the clause before agrees
])
def test_only_the_administrative_fee_collected_is_compared(two):
    values = {**consistent_values(3, 9), "t2.fees.amount": "1"}
    report = read_text(report_text(values, prose={**prose(2024), 2: two}))
    assert [f for f in xxgk.validate(report) if f.rule == "FEE-PROSE"] == []


@pytest.mark.parametrize("six", [
    "2024年度本机关未收取信息处理费。2023年度收取信息处理费100元。",      # another year
    "本机关未收取信息处理费。其中县财政局收取信息处理费100元。",            # another organ
    "对超出数量的申请按每件收取信息处理费100元的标准执行，本年度未收取信息处理费。",   # a rate
    "本年度未收取信息处理费，超出部分收取信息处理费100元/件。",
])
def test_a_fee_of_another_year_organ_or_a_rate(six):
    assert fee_findings(consistent_values(4, 9), six) == []


@pytest.mark.parametrize("two, fees, wan", [
    ("本年度行政事业性收费12345元。", "0", "1.2345"),
    ("本年度行政事业性收费3.2万元。", "0.32", "3.2"),
])
def test_a_fee_stated_just_before_table_2(two, fees, wan):
    """A sentence naming a label of table 2 with an amount, just before the table, stays prose
    (it was taken for a row of the table) and is compared."""
    values = {**consistent_values(3, 9), "t2.fees.amount": fees}
    for layout in ("tabs", "lines", "pipes"):
        report = read_text(report_text(values, layout, prose={**prose(2024), 2: two}))
        assert two in report.sections[1].paragraphs
        assert str(report.value("t2.fees.amount")) == fees
        found = [f for f in xxgk.validate(report) if f.rule == "FEE-PROSE"]
        assert [(f.cells, f.lhs) for f in found] == [(["t2.fees.amount"], Decimal(wan))]
        assert found[0].message == f"the prose says “{two.rstrip('。')}” ({wan} 万元), the table gives {fees} 万元"


@pytest.mark.parametrize("two, fees, wan", [
    ("本年度收取行政事业性收费1,234.5万元。", "999", "1234.5"),
    ("本年度收取行政事业性收费12,345元。", "2.5", "1.2345"),
    ("本年度行政事业性收费1,000,000元，同比增长5%。", "10.5", "100"),
])
def test_an_amount_with_thousands_separators(two, fees, wan):
    """1,234.5 is one amount: the comma in it ends no clause, and the amount is read whole."""
    values = {**consistent_values(3, 9), "t2.fees.amount": fees}
    report = read_text(report_text(values, prose={**prose(2024), 2: two}))
    found = [f for f in xxgk.validate(report) if f.rule == "FEE-PROSE"]
    assert [(f.cells, f.lhs, f.rhs) for f in found] == [(["t2.fees.amount"], Decimal(wan), Decimal(fees))]


@pytest.mark.parametrize("two, fees", [
    ("本年度收取行政事业性收费1,234.5万元。", "1234.5"),
    ("本年度收取行政事业性收费12,345元。", "1.23"),       # rounded to the table's 万元
    ("本年度收取行政事业性收费1,000,000元。", "100"),
])
def test_an_amount_with_thousands_separators_that_agrees(two, fees):
    assert fee_findings(consistent_values(3, 9), two, fees=fees) == []


def assert_contradicted(seed: int, two: str, fees: str, wan: str):
    """Section 二 saying `two` against table 2's fee `fees` (万元) raises FEE-PROSE, the prose's
    amount read as `wan` 万元."""
    values = {**consistent_values(seed, 9), "t2.fees.amount": fees}
    report = read_text(report_text(values, prose={**prose(2024), 2: two}))
    found = [f for f in xxgk.validate(report) if f.rule == "FEE-PROSE"]
    assert [(f.cells, f.lhs, f.rhs) for f in found] == [(["t2.fees.amount"], Decimal(wan), Decimal(fees))]
    assert found[0].message.endswith(f"({wan} 万元), the table gives {fees} 万元")


@pytest.mark.parametrize("seed", [3, 4])
@pytest.mark.parametrize("two, fees, wan", [
    ("本年度收取行政事业性收费3500元。", "0", "0.35"),        # a table's 0 is none collected, no rounding
    ("本年度行政事业性收费0.35万元。", "0", "0.35"),
    ("本年度收取行政事业性收费30元。", "0.00", "0.003"),
    ("本年度未收取行政事业性收费。", "3.5", "0"),            # none said, some in the table
    ("本机关没有行政事业性收费收入。", "0.2", "0"),
    ("本年度未收取任何行政事业性收费，未收取信息处理费。", "12", "0"),
    ("本年度行政事业性收费0元。", "1", "0"),
])
def test_none_against_some(seed, two, fees, wan):
    assert_contradicted(seed, two, fees, wan)


@pytest.mark.parametrize("two, fees", [
    ("本年度未收取行政事业性收费。", "0"),
    ("本年度未收取行政事业性收费。", "0.00"),
    ("本年度行政事业性收费0元。", "0"),
    ("本年度收取行政事业性收费3500元。", "0.35"),
    ("本年度收取行政事业性收费3540元。", "0.4"),              # rounded
    ("本年度未收取信息处理费。", "3.5"),                     # another fee
    ("本年度未发生行政事业性收费相关的行政处罚。", "3.5"),      # no statement of the fee collected
    ("上年未收取行政事业性收费。", "3.5"),                   # another year
    ("县档案馆未收取行政事业性收费。", "3.5"),                # another organ
])
def test_none_against_some_near_misses(two, fees):
    assert fee_findings(consistent_values(3, 9), "本年度未收取信息处理费。", two, fees) == []


@pytest.mark.parametrize("part", ["县档案馆", "县供销社", "县人民医院", "县林业站", "县综合执法大队", "县税务局"])
def test_a_fee_another_organ_collected(part):
    """The fee of an organ the prose names as a part of several is not the report's."""
    assert fee_findings(consistent_values(4, 9), "本年度未收取信息处理费。", f"其中{part}收取信息处理费50元。") == []
    found = fee_findings(consistent_values(4, 9), "本年度未收取信息处理费。", "本机关收取信息处理费50元。")
    assert [f.rule for f in found] == ["FEE-PROSE"]


MANY = ["各县（市、区）", "各村（社区）", "相关部门", "其他单位", "有关乡镇", "全系统", "各乡镇、街道"]


@pytest.mark.parametrize("organ", ["某某市财政局", "某某镇人民政府"])
@pytest.mark.parametrize("seed", [3, 4])
def test_fees_of_many_organs_or_of_others(organ, seed):
    """A fee collected by organs told by a word of many or of others (各村（社区）, 相关部门, 全系统) is
    not the report's: neither against table 2 nor against 六's none; the report's own is."""
    values = {**consistent_values(seed, 9), "t2.fees.amount": "1.2"}

    def found(two: str, six: str = "本年度未收取信息处理费。"):
        report = read_text(report_text(values, organ=organ, prose={**prose(2024), 2: two, 6: six}))
        return [(f.cells, f.lhs) for f in xxgk.validate(report) if f.rule == "FEE-PROSE"]

    for many in MANY:
        assert found(f"{many}共收取行政事业性收费3.5万元。") == []
        assert found("本年度行政事业性收费1.2万元。", f"本年度未收取信息处理费。{many}收取信息处理费100元。") == []
    assert found("本机关共收取行政事业性收费3.5万元。") == [(["t2.fees.amount"], Decimal("3.5"))]
    assert found("本年度行政事业性收费1.2万元。", "本年度未收取信息处理费。本机关收取信息处理费100元。") == [([], None)]


@pytest.mark.parametrize("seed", [3, 4])
@pytest.mark.parametrize("two, fees, wan", [
    ("本年度收取行政事业性收费1.5亿元。", "0", "15000"),
    ("本年度收取行政事业性收费1.5亿元。", "1.5", "15000"),        # 亿元 is no 万元
    ("本年度行政事业性收费2亿元。", "12000", "20000"),
])
def test_an_amount_in_hundred_millions(seed, two, fees, wan):
    assert_contradicted(seed, two, fees, wan)


@pytest.mark.parametrize("two, fees", [
    ("本年度收取行政事业性收费1.5亿元。", "15000"), ("本年度收取行政事业性收费1.5亿元。", "15234.56"),   # rounded
    ("本年度收取行政事业性收费1.52亿元。", "15234.56"), ("本年度行政事业性收费2亿元。", "19876"),
])
def test_an_amount_in_hundred_millions_that_agrees(two, fees):
    assert fee_findings(consistent_values(3, 9), "本年度未收取信息处理费。", two, fees) == []
