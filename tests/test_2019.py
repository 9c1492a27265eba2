"""The 2019 trial format and hybrids: each table read with the template it follows."""
from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup

import xxgk
from xxgk.registry import Source

from conftest import SEEDS, read_text, rules
from pagegen import page
from reportgen import consistent_values, report_text

DATA = Path(__file__).resolve().parent / "data" / "y2019"
TEXT = (DATA / "jiaotong-2019.txt").read_text(encoding="utf-8")
T2_2019 = {
    "t2.regulations.new_made": 0, "t2.regulations.new_published": 0, "t2.regulations.total_published": 0,
    "t2.normative_documents.new_made": 3, "t2.normative_documents.new_published": 3,
    "t2.normative_documents.total_published": 17,
    "t2.licensing.prior_items": 45, "t2.licensing.change": 3, "t2.licensing.decisions": 1280,
    "t2.other_services.prior_items": 12, "t2.other_services.change": -2, "t2.other_services.decisions": 356,
    "t2.penalty.prior_items": 30, "t2.penalty.change": 0, "t2.penalty.decisions": 215,
    "t2.coercion.prior_items": 5, "t2.coercion.change": 1, "t2.coercion.decisions": 12,
    "t2.fees.prior_items": 8, "t2.fees.change": -1, "t2.procurement.items": 26,
    "t2.procurement.amount": Decimal("1530.5"),
}
T2_2019_HTML = """<table border=1>
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr><tr><td>规范性文件</td><td>3</td><td>3</td><td>17</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政许可</td><td>45</td><td>+3</td><td>1280</td></tr>
<tr><td>其他对外管理服务事项</td><td>12</td><td>-2</td><td>356</td></tr>
<tr><td colspan="4">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政处罚</td><td>30</td><td>0</td><td>215</td></tr><tr><td>行政强制</td><td>5</td><td>+1</td><td>12</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td colspan="2">本年增/减</td></tr>
<tr><td>行政事业性收费</td><td>8</td><td colspan="2">-1</td></tr>
<tr><td colspan="4">第二十条第（九）项</td></tr>
<tr><td>信息内容</td><td>采购项目数量</td><td colspan="2">采购总金额</td></tr>
<tr><td>政府集中采购</td><td>26</td><td colspan="2">1530.5</td></tr>
</table>"""


def test_2019_text_report():
    report = read_text(TEXT)
    assert report.templates() == {"t2": "2019", "t3": "2019", "t4": "2019/2021"} and report.format() == "2019"
    assert {k: report.value(k) for k in T2_2019} == T2_2019
    assert report.value("t3.other_handling.total") == 0 and report.value("t3.results_total.total") == 13
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]   # 五 in its 2019 wording
    found = xxgk.validate(report)
    assert rules(found) == {"TEMPLATE", "PUBLISHED-LATE"}        # 本年增/减 may be negative: no T2-VALUES
    assert [f.severity for f in found if f.rule == "PUBLISHED-LATE"] == ["info"]   # no date given
    assert "t2: 2019, t3: 2019, t4: 2019/2021" in next(f.message for f in found if f.rule == "TEMPLATE")


def test_negative_count_is_still_an_error():
    report = read_text(TEXT.replace("规范性文件\t3\t3\t17", "规范性文件\t-3\t3\t17"))
    assert [f.cells for f in xxgk.validate(report) if f.rule == "T2-VALUES"] == [["t2.normative_documents.new_made"]]


def test_2019_html_page():
    values = consistent_values(81, 40)
    html = page(values, table2_html=T2_2019_HTML, single_six=True)
    report = xxgk.read_source(Source(html.encode(), "2019.html"))
    assert report.templates() == {"t2": "2019", "t3": "2019", "t4": "2019/2021"}
    assert {k: report.value(k) for k in T2_2019} == T2_2019
    six = sum(values[f"t3.other_handling.{r}.total"] for r in ("no_correction", "no_fee", "other"))
    assert report.value("t3.other_handling.total") == six
    assert report.value("t3.results_total.total") == values["t3.results_total.total"]


def test_2019_docx_and_html_written_in_the_2019_layout():
    report = read_text(TEXT)
    out = io.BytesIO()
    xxgk.write(report, "docx", out)
    again = xxgk.read_source(Source(out.getvalue(), "2019.docx"))
    assert again.cells() == report.cells() and again.templates() == report.templates()
    t2 = docx.Document(io.BytesIO(out.getvalue())).tables[0]
    assert [c.text for c in t2.rows[1].cells] == ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]
    assert t2.rows[-1].cells[0].text == "政府集中采购" and t2.rows[-1].cells[2].text == "1530.5"
    html = io.BytesIO()
    xxgk.write(report, "html", html)
    table = BeautifulSoup(html.getvalue(), "lxml").find("table", class_="t3")
    assert table.find("td", class_="results")["rowspan"] == "20"   # (一)…(七) with the single （六） row
    assert "其他对外管理服务事项" in BeautifulSoup(html.getvalue(), "lxml").find("table", class_="t2").get_text()


NARROW_ROWS = {"fees": ("行政事业性收费", ("8", "-1")), "procurement": ("政府集中采购", ("26", "1530.5"))}


def _narrow_row_blank(form: str, row: str, blank: int) -> bytes:
    """The 2019 report with one cell of a two-cell row of table 2 (its second cell printed across
    the last two columns) left blank, in `form`: html (colspan), docx (gridSpan, xxgk's writer),
    text with the fourth column's tab or without it."""
    label, cells = NARROW_ROWS[row]
    given = ["" if i == blank else c for i, c in enumerate(cells)]
    if form == "html":
        written = f"<td>{label}</td><td>{cells[0]}</td><td colspan=\"2\">{cells[1]}</td>"
        t2 = T2_2019_HTML.replace(written, f"<td>{label}</td><td>{given[0]}</td><td colspan=\"2\">{given[1]}</td>")
        assert t2 != T2_2019_HTML
        return page(consistent_values(81, 40), table2_html=t2, single_six=True).encode()
    text = TEXT.replace(f"{label}\t{cells[0]}\t{cells[1]}\t\n",
                        f"{label}\t{given[0]}\t{given[1]}" + ("" if form == "text-3" else "\t") + "\n")
    assert text != TEXT
    if form.startswith("text"):
        return text.encode()
    out = io.BytesIO()
    xxgk.write(read_text(text), "docx", out)
    return out.getvalue()


@pytest.mark.parametrize("form", ["html", "docx", "text-4", "text-3"])
@pytest.mark.parametrize("row", NARROW_ROWS)
@pytest.mark.parametrize("blank", [0, 1])
def test_a_blank_cell_of_a_row_narrower_than_its_table(form, row, blank):
    """行政事业性收费 and 政府集中采购 have two cells in a table of three value columns, the second
    printed across the last two: a blank one stays blank, beside the other in its own column, never
    moved into it (the merged cell's covered slot is no cell of its own) nor a number split to fill it."""
    name = {"html": "r.html", "docx": "r.docx"}.get(form, "r.txt")
    report = xxgk.read_source(Source(_narrow_row_blank(form, row, blank), name))
    keys = [k for k in T2_2019 if k.startswith(f"t2.{row}.")]
    assert report.cell(keys[blank]).status == "blank" and report.value(keys[blank]) is None
    assert {k: report.value(k) for k in T2_2019 if k != keys[blank]} == \
           {k: v for k, v in T2_2019.items() if k != keys[blank]}


def test_hybrid_2019_table2_with_2021_table3():
    values = consistent_values(82, 40)
    text = report_text(values, "tabs")
    t2_2019 = TEXT[TEXT.index("第二十条第（一）项"):TEXT.index("三、收到和处理政府信息公开申请情况")]
    text = text[:text.index("第二十条第（一）项")] + t2_2019 + text[text.index("三、收到和处理政府信息公开申请情况"):]
    report = read_text(text)
    assert report.templates() == {"t2": "2019", "t3": "2021", "t4": "2019/2021"} and report.format() == "hybrid"
    assert report.value("t2.other_services.change") == -2
    assert report.value("t3.other_handling.no_fee.total") == values["t3.other_handling.no_fee.total"]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_2021_reports_are_not_taken_for_2019(path):
    report = xxgk.read(path)
    assert report.format() == "2021"
    assert report.templates()["t2"] == "2021" and report.templates()["t3"] == "2021"


def test_csv_puts_the_2019_columns_after_the_2021_ones(tmp_path):
    xxgk.write(read_text(TEXT), "csv", tmp_path / "r.csv")
    with open(tmp_path / "r.csv", encoding="utf-8-sig", newline="") as fh:
        header, row = list(csv.reader(fh))
    last_2021 = header.index("t4.litigation_after_review.total")
    assert header[last_2021 + 1:] == [
        "t2.regulations.new_made", "t2.regulations.new_published", "t2.regulations.total_published",
        "t2.normative_documents.new_made", "t2.normative_documents.new_published",
        "t2.normative_documents.total_published", "t2.licensing.prior_items", "t2.licensing.change",
        "t2.other_services.prior_items", "t2.other_services.change", "t2.other_services.decisions",
        "t2.penalty.prior_items", "t2.penalty.change", "t2.coercion.prior_items", "t2.coercion.change",
        "t2.fees.prior_items", "t2.fees.change", "t2.procurement.items", "t2.procurement.amount",
    ] + [f"t3.other_handling.{c}" for c in ("natural_person", "commercial", "research", "social_welfare",
                                             "legal_service", "other", "total")]
    values = dict(zip(header, row))
    assert values["template"] == "2019" and values["t2.other_services.change"] == "-2"
    assert values["t2.licensing.decisions"] == "1280" and values["t2.regulations.issued"] == ""


@pytest.mark.parametrize("prior_2020, flagged", [(48, False), (99, True)])
def test_cross_year_item_counts(tmp_path, prior_2020, flagged):
    """2019: 行政许可 上一年项目数量 45 and 本年增/减 +3 make 48 items; 2020's 上一年项目数量 must say 48."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "2019.txt").write_text(TEXT, encoding="utf-8")
    later = TEXT.replace("2019年政府信息公开工作年度报告", "2020年政府信息公开工作年度报告", 1)
    for old, new in (("行政许可\t45\t+3", f"行政许可\t{prior_2020}\t0"),
                     ("其他对外管理服务事项\t12\t-2", "其他对外管理服务事项\t10\t0"),
                     ("行政强制\t5\t+1", "行政强制\t6\t0"), ("行政事业性收费\t8\t-1", "行政事业性收费\t7\t0")):
        later = later.replace(old, new)
    (tmp_path / "src" / "2020.txt").write_text(later, encoding="utf-8")
    found = xxgk.convert_many([str(tmp_path / "src")], tmp_path / "out").findings
    items = [f for _, f in found if f.rule == "CROSS-YEAR" and "上一年项目数量" in f.message]
    assert [f.message.split(":")[0] for f in items] == (["行政许可"] if flagged else [])
    assert all(f.severity == "info" for f in items)
