"""Every table layout of plain text reads to the same cells."""
from __future__ import annotations

from decimal import Decimal

import pytest

import xxgk
from xxgk import limits

from conftest import read_text, rules
from reportgen import LAYOUTS, consistent_values, report_text, zero_values


def expected(values):
    return {k: (Decimal(v) if k == "t2.fees.amount" else v) for k, v in values.items()}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_layout_reads_every_cell(layout, seed):
    values = consistent_values(seed, scale=1 if layout == "runs" else 40)
    report = read_text(report_text(values, layout))
    assert {k: report.cells()[k] for k in values} == expected(values)
    assert report.meta.organ == "某某市人民政府办公室" and report.meta.year == 2024
    assert not rules(xxgk.validate(report)) & {"T3-BALANCE", "T3-RESULTS", "T3-ROWTOTAL", "T4-TOTAL",
                                               "CELL-MISSING", "AMBIGUOUS-CELLS", "STRUCTURE"}


@pytest.mark.parametrize("layout", ["tabs", "pipes"])
def test_blank_legal_person_columns_are_null_not_zero(layout):
    values = zero_values()
    values["t3.new_received.natural_person"] = values["t3.new_received.total"] = 3
    values["t3.disclosed.natural_person"] = values["t3.disclosed.total"] = 3
    values["t3.results_total.natural_person"] = values["t3.results_total.total"] = 3
    for key in list(values):
        if key.startswith("t3.") and key.rsplit(".", 1)[1] in ("commercial", "research", "social_welfare"):
            values[key] = None
    report = read_text(report_text(values, layout))
    cells = report.cells()
    assert cells["t3.new_received.commercial"] is None
    assert report.cell("t3.new_received.commercial").status == "blank"
    assert cells["t3.new_received.natural_person"] == 3 and cells["t3.new_received.total"] == 3
    assert cells["t3.new_received.legal_service"] == 0
    # the row totals need the blank columns: not evaluated, so no finding
    assert "T3-ROWTOTAL" not in rules(xxgk.validate(report))


def test_slash_and_dash_are_not_given():
    values = zero_values()
    values["t2.licensing.decisions"] = None
    text = report_text(values, "lines").replace("行政处罚\n\n0", "行政处罚\n\n—")
    cells = read_text(text).cells()
    assert cells["t2.licensing.decisions"] is None
    assert cells["t2.penalty.decisions"] is None
    assert cells["t2.coercion.decisions"] == 0


def test_full_width_digits_thousands_and_units():
    values = zero_values()
    values["t2.normative_documents.in_force"] = "１,２３４"
    values["t2.licensing.decisions"] = "12件"
    values["t2.fees.amount"] = "251000元"
    report = read_text(report_text(values, "tabs"))
    assert report.value("t2.normative_documents.in_force") == 1234
    assert report.value("t2.licensing.decisions") == 12
    assert report.value("t2.fees.amount") == Decimal("25.1")
    assert "converted" in report.cell("t2.fees.amount").note
    assert any(f.rule == "T2-VALUES" and f.severity == "info" for f in xxgk.validate(report))


def test_markdown_table_with_outer_pipes_and_rule_rows():
    text = report_text(consistent_values(4, 9), "pipes")
    lines = []
    for line in text.splitlines():
        lines.append("| " + line if " | " in line else line)
        if line.startswith("第二十条第（一）项"):
            lines.append("|---|---|---|---|")
    report = read_text("\n".join(lines), name="report.md")
    assert report.cells() == read_text(text).cells()


def test_space_separated_numbers_on_one_line():
    values = consistent_values(5, 9)
    t4 = [str(values[k]) for k in values if k.startswith("t4.")]
    text = report_text(values, "lines")
    one_per_line = "\n\n".join(t4) + "\n\n\n五、"
    assert text.count(one_per_line) == 1
    report = read_text(text.replace(one_per_line, " ".join(t4) + "\n\n\n五、"))
    assert [str(report.value(k)) for k in values if k.startswith("t4.")] == t4



@pytest.mark.parametrize("line", [
    "/" * 40 + "x",                   # marks that end in no value: each way to cut them tried (exponential)
    "说明" + " 1元" * 20_000 + " x",   # amounts that end in no number: read to the end from every 元 (quadratic)
], ids=["marks", "amounts"])
def test_a_line_that_is_almost_values_is_read_in_linear_time(line):
    """Within 5 s of processor time (a tenth of that is enough; each took minutes or more), the
    table's cells are read as they are without the line."""
    values = consistent_values(3, 9)
    with limits.time_limit(5):
        report = read_text(report_text(values, prose={3: line}))
    assert {k: report.cells()[k] for k in values} == expected(values)

def test_web_chrome_is_not_prose():
    chrome = "来源:\n政府办\n阅读数:\n22次\n字号:\n2024-01-10 11:02:31\n"
    text = "首页\n当前位置：首页 > 政务公开\n" + report_text(layout="tabs").replace("本报告根据", chrome + "本报告根据")
    text += "\n扫一扫在手机上查看当前页面\n"
    report = read_text(text)
    everything = " ".join(report.preamble + [p for s in report.sections for p in s.paragraphs])
    for chrome in ("首页", "政府办", "22次", "扫一扫", "来源"):
        assert chrome not in everything
    assert report.meta.published == "2024-01-10"
