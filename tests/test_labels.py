"""Damaged labels still find their rows."""
from __future__ import annotations

import pytest

from conftest import read_text
from reportgen import consistent_values, report_text

DAMAGE = {
    "normative_documents": "规范性文件",
    "new_received": "一、本年新收政府信息 公开申请数量",
    "withheld.prohibited_by_law": "2.其他法律行政止公开",
    "withheld.security_stability": "3、危及三安全一稳定",
    "unavailable.not_held": "（四）无 法提供 1．本机关不掌握相关政府信息",
    "not_processed.reconfirm": "5.要求行政机关确认或重新出 具已获取信息",
    "results_total": "(七)总 计",
    "carried_forward": "四、结转下年度继续办理",
}


@pytest.mark.parametrize("layout", ["tabs", "lines", "pipes"])
def test_damaged_labels(layout):
    values = consistent_values(7, 30)
    report = read_text(report_text(values, layout, labels=DAMAGE))
    assert {k: report.cells()[k] for k in values if k != "t2.fees.amount"} == \
        {k: v for k, v in values.items() if k != "t2.fees.amount"}


def test_vertical_and_wrapped_labels():
    values = consistent_values(8, 30)
    text = report_text(values, "lines")
    vertical = "\n".join("三、本年度办理结果")
    text = text.replace("三、本年度办理结果（一）予以公开", vertical + "\n（一）予以公开")
    text = text.replace("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                        "2.申请人逾期未按收费通知要\n求缴纳费用、行政机关不再处理其政府信\n息公开申请")
    report = read_text(text)
    assert {k: report.cells()[k] for k in values if k.startswith("t3.")} == \
        {k: v for k, v in values.items() if k.startswith("t3.")}


def test_single_other_handling_row_variant():
    values = consistent_values(9, 30)
    text = report_text(values, "tabs")
    lines = []
    for line in text.splitlines():
        if line.startswith(("2.申请人逾期", "3.其他")):
            continue
        if line.startswith("（六）其他处理"):
            row = [values[f"t3.other_handling.no_correction.{c}"] + values[f"t3.other_handling.no_fee.{c}"]
                   + values[f"t3.other_handling.other.{c}"]
                   for c in ("natural_person", "commercial", "research", "social_welfare", "legal_service",
                             "other", "total")]
            line = "\t".join(["（六）其他处理"] + [str(v) for v in row])
        lines.append(line)
    report = read_text("\n".join(lines))
    assert report.tables["t3"].template == "2019"      # the single （六） row is the 2019 table 3
    assert report.format() == "hybrid"
    assert report.value("t3.other_handling.total") == row[-1]
    assert report.value("t3.results_total.total") == values["t3.results_total.total"]
    assert "t3.other_handling.no_fee.total" not in report.cells()
