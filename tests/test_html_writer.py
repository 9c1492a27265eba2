"""HTML output: a standalone official-format page, read back exactly, findings marked, nothing active."""
from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup

import xxgk
from xxgk.registry import Source

from conftest import SAMPLES, corpus_reports, read_text
from reportgen import consistent_values, report_text

REPORTS = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".html", ".pdf", ".docx")) + corpus_reports()


def to_html(report, findings=None) -> str:
    out = io.BytesIO()
    xxgk.write(report, "html", out, findings=findings)
    return out.getvalue().decode("utf-8")


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_round_trip_through_the_html_reader(path):
    report = xxgk.read(path)
    again = xxgk.read_source(Source(to_html(report).encode("utf-8"), "report.html"))
    assert again.cells() == report.cells()
    assert (again.meta.organ, again.meta.year, again.preamble) == (report.meta.organ, report.meta.year,
                                                                    report.preamble)


def test_standalone_page():
    report = xxgk.read(SAMPLES / "003_dfbb28bce6ca2542.txt")
    html = to_html(report)
    soup = BeautifulSoup(html, "lxml")
    assert soup.html["lang"] == "zh-CN" and soup.find("meta", charset=True)["charset"] == "utf-8"
    assert not soup.find_all(["script", "link", "img", "iframe"])
    assert not [a for a in soup.find_all(href=True)]          # a file source is named, not linked
    style = soup.style.get_text()
    assert "@page" in style and "size: A4" in style and "break-inside: avoid" in style and "overflow-x: auto" in style
    assert soup.h1.get_text() == report.meta.title
    assert [h.get_text() for h in soup.find_all("h2")] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert "着力提高依申请办理的程序化" in soup.get_text()


def test_url_source_is_linked():
    report = xxgk.read(SAMPLES / "004_12d7c137f1960f71.txt")
    report.meta.source = "https://www.example.gov.cn/zwgk/2024/report.html?a=1&b=2"
    link = BeautifulSoup(to_html(report), "lxml").find("a")
    assert link["href"] == report.meta.source


@pytest.mark.parametrize("given", ["/home/someone/crawl/2024/报告.txt", "crawl/报告.txt", r"C:\爬取\2024\报告.txt",
                                   "file:///home/someone/报告.txt"])
def test_a_file_source_is_named_by_its_file_name_alone(given):
    report = xxgk.read(SAMPLES / "004_12d7c137f1960f71.txt")
    report.meta.source = given
    meta = BeautifulSoup(to_html(report), "lxml").find("p", class_="meta").get_text()
    assert meta == "西工区人民政府办公室 · 2024年度 · 来源：报告.txt"


def test_a_batch_page_names_no_folder_of_the_machine(tmp_path):
    src = tmp_path / "crawl" / "r.txt"
    src.parent.mkdir()
    src.write_bytes((SAMPLES / "004_12d7c137f1960f71.txt").read_bytes())
    xxgk.convert_many([str(src)], tmp_path / "out", "html")
    page = (tmp_path / "out" / "r.txt.html").read_text(encoding="utf-8")
    assert "来源：r.txt" in page and str(tmp_path) not in page


def test_official_merged_layout_and_empty_nulls():
    values = consistent_values(61, 80)
    values["t3.new_received.commercial"] = None
    t3 = BeautifulSoup(to_html(read_text(report_text(values))), "lxml").find("table", class_="t3")
    first = t3.find("th")
    assert (first["rowspan"], first["colspan"]) == ("3", "3") and "勾稽关系" in first.get_text()
    head = t3.find_all("tr")[0].find_all("th")[1]
    assert (head.get_text(), head["colspan"]) == ("申请人情况", "7")
    assert len(t3.thead.find_all("tr")) == 3 and not t3.thead.find("td")   # repeated on every printed page
    results = t3.find("td", class_="results")
    assert (results.get_text(), results["rowspan"]) == ("三、本年度办理结果", "22")
    assert t3.find(id="c-t3.new_received.commercial").get_text() == ""
    assert t3.find(id="c-t3.new_received.total").get_text() == str(values["t3.new_received.total"])
    assert len(t3.find_all("td", class_="v")) == 175


@pytest.mark.parametrize("column", ["natural_person", "total"])
def test_blank_first_or_last_value_reads_back_in_place(column):
    """At the ends of a row a blank cell's place is known only from the grid: right-aligned
    under the table's value columns."""
    report = read_text(report_text(consistent_values(62, 80)))
    report.tables["t3"].cells[f"t3.carried_over.{column}"].value = None
    again = xxgk.read_source(Source(to_html(report).encode(), "report.html"))
    assert again.cells() == report.cells()


def test_findings_marked_only_when_asked():
    report = xxgk.read(SAMPLES / "hongze-2023.pdf")
    plain = BeautifulSoup(to_html(report), "lxml")
    assert not plain.find(class_="flag") and not plain.find("section", class_="findings")
    soup = BeautifulSoup(to_html(report, xxgk.validate(report)), "lxml")
    flagged = soup.find(id="c-t4.review.total")
    assert "flag" in flagged["class"] and "error" in flagged["class"]
    assert flagged["title"] == "T4-TOTAL：表四 行政复议：总计 = 0，维持+纠正+其他+未审结 = 11，二者应当相等"
    items = soup.find("section", class_="findings").find_all("li")
    first = items[0].get_text()
    assert first.startswith("错误 T4-TOTAL：表四 行政复议：总计 = 0，") and "（见原文第4页）" in first
    assert items[-1].get_text() == ("提示 TEMPLATE：各表依照的格式：表二为2021年格式，表三为2019年格式，"
                                    "表四为2019年、2021年格式")
    links = soup.find("section", class_="findings").find_all("a")
    assert links[0].get_text() == "表四 · 行政复议 总计" and links[0]["href"] == "#c-t4.review.total"
    for link in links:
        assert soup.find(id=link["href"][1:]) is not None


def test_printed_as_a_document():
    """Header rows of tables 3 and 4 in <thead> (repeated on each printed page), table 2 kept whole,
    columns fixed to the printed shares, GB/T 9704 page numbers in page-margin boxes (which also keep
    the browser's header and footer, with the file's path, off the page)."""
    report = xxgk.read(SAMPLES / "hongze-2023.pdf")
    soup = BeautifulSoup(to_html(report), "lxml")
    t2, t3, t4 = (soup.find("table", class_=name) for name in ("t2", "t3", "t4"))
    assert t2.thead is None and len(t3.thead.find_all("tr")) == 3 and len(t4.thead.find_all("tr")) == 3
    assert len(t3.colgroup.find_all("col")) == 10 and len(t4.colgroup.find_all("col")) == 15
    style = soup.style.get_text()
    assert '@top-center { content: ""; }' in style
    for side in ("right", "left"):
        assert f'@page :{side} {{ @bottom-{side} {{ content: "— " counter(page) " —";' in style
    assert "table.t2 { break-inside: avoid; }" in style and "table-layout: fixed" in style
    assert soup.find("meta", attrs={"name": "generator"})["content"] == f"xxgk {xxgk.__version__}"
    assert soup.find("meta", attrs={"name": "author"})["content"] == "淮安市洪泽区人民政府"


HOSTILE = """<html><head><title>某某县2024年政府信息公开工作年度报告</title>
<script>alert('head')</script></head><body>
<div onclick="steal()"><h1 onmouseover="x()">某某县2024年政府信息公开工作年度报告</h1>
<p>一、总体情况</p>
<p>本年度工作&lt;script&gt;alert(1)&lt;/script&gt;正常开展。<img src=x onerror="alert(2)">
<a href="javascript:alert(3)">点击查看</a><script>document.write('x')</script></p>
<p style="background:url(javascript:alert(4))">二、主动公开政府信息情况</p>
<table><tr><td>规章</td><td onmouseover="alert(5)">1</td><td>0</td><td>1</td></tr></table>
<p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p>
<p>五、存在的主要问题及改进情况</p><p>&lt;b onclick=alert(6)&gt;加强&lt;/b&gt;</p><p>六、其他需要报告的事项</p>
</body></html>"""


def test_nothing_active_survives_from_a_hostile_page():
    report = xxgk.read_source(Source(HOSTILE.encode(), "javascript:alert(7)"))
    soup = BeautifulSoup(to_html(report, xxgk.validate(report)), "lxml")
    assert not soup.find_all(["script", "img", "iframe", "object", "embed"])
    for tag in soup.find_all(True):
        assert not [a for a in tag.attrs if a.lower().startswith("on")], tag
        for value in tag.attrs.values():
            assert "javascript:" not in str(value).lower(), tag
    assert soup.find("style").get_text().count("javascript") == 0
    text = soup.get_text()
    assert "<script>alert(1)</script>" in text and "<b onclick=alert(6)>加强</b>" in text   # shown as text
    assert report.value("t2.regulations.issued") == 1
