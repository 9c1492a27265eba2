"""HTML input: portal pages, Word export, merged cells, missing tables, charsets, URLs."""
from __future__ import annotations

import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import xxgk
from xxgk import fetch
from xxgk.cli import main
from xxgk.errors import ReadError
from xxgk.plugins import html_reader
from xxgk.registry import Source

from conftest import rules
from pagegen import page
from reportgen import consistent_values, zero_values

T3_T4 = lambda values: {k: v for k, v in values.items() if k.startswith(("t3.", "t4."))}  # noqa: E731


def read_page(html: str, encoding="utf-8", name="page.html"):
    return xxgk.read_source(Source(html.encode(encoding), name))


def test_gbk_portal_page_with_chrome():
    values = consistent_values(31, 60)
    report = read_page(page(values, charset="gbk"), encoding="gb18030")
    assert T3_T4(report.cells()) == T3_T4(values)
    assert (report.meta.organ, report.meta.year) == ("某某区人民政府办公室", 2024)
    assert report.meta.title == "某某区人民政府办公室2024年政府信息公开工作年度报告"
    assert report.meta.published == "2024-01-12"
    prose = " ".join(report.preamble + [p for s in report.sections for p in s.paragraphs])
    for chrome in ("首页", "当前位置", "阅读数", "扫一扫", "主办单位", "备案号", "相关文章", "var a", "color:red"):
        assert chrome not in prose
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert report.sections[0].paragraphs == ["本年度各项工作有序开展。"]
    assert report.cell("t3.disclosed.total").location.path.startswith("table[2]/tr[")


def test_word_exported_page():
    values = consistent_values(32, 60)
    report = read_page(page(values, word=True))
    assert T3_T4(report.cells()) == T3_T4(values)
    assert report.sections[4].paragraphs == ["本年度各项工作有序开展。"]


def test_blank_legal_person_cells_are_null():
    values = consistent_values(33, 60)
    for key in values:
        if key.startswith("t3.") and key.endswith((".research", ".social_welfare")):
            values[key] = None
    report = read_page(page(values))
    assert report.value("t3.new_received.research") is None
    assert report.cell("t3.new_received.research").status == "blank"
    assert report.value("t3.new_received.natural_person") == values["t3.new_received.natural_person"]
    assert report.value("t3.new_received.total") == values["t3.new_received.total"]


@pytest.mark.parametrize("written", ["约1234", "1万", "（12）", "1234.", "12%"])
@pytest.mark.parametrize("key", ["t2.licensing.decisions", "t2.penalty.decisions", "t2.coercion.decisions"])
def test_a_figure_not_read_in_a_one_value_row_is_never_blank_in_silence(written, key):
    """Table 2's one-value rows print their cell across the three value columns (colspan 3); a
    figure xxgk does not read there ("约1234") is not taken for a blank, as the cell's covered slots
    were: the cell is null with a finding naming it, the other rows read."""
    values = consistent_values(34, 60)
    values[key] = 4242
    report = read_page(page(values).replace(">4242<", f">{written}<"))
    assert report.value(key) is None and report.cell(key).status != "blank"
    assert key in {k for f in xxgk.validate(report) for k in f.cells}
    others = [k for k in values if k.startswith("t2.") and not k.startswith(key.rsplit(".", 1)[0])]
    assert {k: str(report.value(k)) for k in others} == {k: str(values[k]) for k in others}


def _hide_a_copy(values, other, hide: str) -> str:
    """The page of `values` with a copy of table 3 holding `other`'s numbers before the shown one,
    hidden by `hide`: "div" (a display:none wrapper), "table" (the table's own style), "attribute"
    (the hidden attribute)."""
    from pagegen import table3

    copy = table3(other, False, None, False)
    if hide == "div":
        copy = f'<div style="display: none">{copy}</div>'
    else:
        copy = copy.replace("<table", '<table style="color:red; display: none !important"' if hide == "table"
                            else "<table hidden", 1)
    shown = table3(values, False, None, False)
    return page(values).replace(shown, copy + shown, 1)


@pytest.mark.parametrize("hide", ["div", "table", "attribute"])
def test_a_hidden_copy_of_a_table_is_not_read(hide):
    """A page keeps a hidden copy of table 3 with other numbers (a draft, a template left in the
    markup): a browser shows only the real one, and only it is read."""
    values, other = consistent_values(35, 60), consistent_values(36, 60)
    report = read_page(_hide_a_copy(values, other, hide))
    assert T3_T4(report.cells()) == T3_T4(values)


def test_hidden_text_in_a_cell_is_no_part_of_its_number():
    """Hidden text beside a number in a cell, as a page or Word's HTML writes it (display:none, with
    mso-hide:all, or mso-hide:all alone): no part of the number the page shows. (visibility:hidden
    keeps its place and lets a descendant show again: read as shown.)"""
    values = consistent_values(37, 60)
    html = page(values)
    key = next(k for k in values if k.startswith("t3.") and values[k] and f">{values[k]}<" in html)
    hiding = ['<span style="display:none;mso-hide:all">0</span>', '<b style="mso-hide: all">7</b>']
    html = re.sub(r">(\d+)<", lambda m: f">{m[1]}{hiding[int(m[1]) % 2]}<", html)
    report = read_page(html)
    assert T3_T4(report.cells()) == T3_T4(values) and report.value(key) == values[key]


@pytest.mark.parametrize("cell, shows", [
    ('<span style="visibility:hidden">9<span style="visibility: visible">{v}</span></span>', True),
    ('<span style="visibility:hidden">{v}</span>', False),
])
def test_visibility_hidden_text_keeps_its_place_and_may_show_again(cell, shows):
    """visibility:hidden hides an element's own text, keeping its place (the cell stays, empty),
    and a descendant may be visible again: read as a browser shows it."""
    values = consistent_values(38, 60)
    key = "t3.disclosed.natural_person"
    row = '<td colspan="2">（一）予以公开</td>'
    html = page(values).replace(f"{row}<td>{values[key]}</td>", f"{row}<td>{cell.format(v=values[key])}</td>", 1)
    report = read_page(html)
    assert (report.value(key), report.cell(key).status) == ((values[key], "read") if shows else (None, "blank"))
    others = [k for k in values if k.startswith("t3.disclosed.") and k != key]
    assert {k: report.value(k) for k in others} == {k: values[k] for k in others}


def test_a_title_with_hidden_words_is_read_as_shown():
    """A heading with hidden words in it (a province left in the markup): the title and organ as
    shown."""
    report = read_page(page(consistent_values(39, 60)).replace("<h1>", '<h1><span style="display:none">某某省</span>'))
    organ = "某某区人民政府办公室"
    assert (report.meta.organ, report.meta.title) == (organ, f"{organ}2024年政府信息公开工作年度报告")


@pytest.mark.parametrize("keys", [("t3.disclosed.commercial", "t3.disclosed.research"),
                                  ("t3.disclosed.other", "t3.disclosed.total"),
                                  ("t4.review.corrected", "t4.review.other")])
def test_a_blank_merged_over_columns_is_a_blank_in_each(keys):
    """A blank cell merged over two columns (colspan 2): each column it covers is blank, the row's
    other cells read, where the row had been left empty."""
    from pagegen import table3, table4

    values = consistent_values(40, 60)
    html = page(values)
    table = (table3(values) if keys[0].startswith("t3.") else table4(values))
    prefix = keys[0].rsplit(".", 1)[0] + "."
    row = [k for k in values if k.startswith(prefix)]
    cells = "".join(f"<td>{values[k]}</td>" for k in row)
    merged = "".join('<td colspan="2"></td>' if k == keys[0] else "" if k == keys[1] else f"<td>{values[k]}</td>"
                     for k in row)
    assert html.count(table) == 1 and table.count(cells) == 1
    report = read_page(html.replace(table, table.replace(cells, merged)))
    assert [report.cell(k).status for k in keys] == ["blank", "blank"]
    assert {k: report.value(k) for k in row if k not in keys} == {k: values[k] for k in row if k not in keys}


@pytest.mark.parametrize("split_at", [5, 12, 20])
def test_table_split_over_two_tables_with_repeated_header(split_at):
    values = consistent_values(34, 60)
    assert T3_T4(read_page(page(values, split_t3=split_at)).cells()) == T3_T4(values)


def test_report_inside_a_layout_table():
    values = consistent_values(35, 60)
    report = read_page(page(values, nest=True))
    assert T3_T4(report.cells()) == T3_T4(values)
    assert "栏目导航" not in " ".join(p for s in report.sections for p in s.paragraphs)


def test_tables_published_as_images():
    images = '<p><img src="/files/t2.png"></p>'
    report = read_page(page(zero_values(), tables=False, prose={2: images, 3: images}))
    no_tables = [f for f in xxgk.validate(report) if f.rule == "NO-TABLES"]
    assert len(no_tables) == 1 and "images" in no_tables[0].message
    assert report.cells()["t3.new_received.total"] is None


def test_attachment_only_page_names_the_links():
    link = '<p>附件：<a href="/files/2024report.pdf">2024年度报告.pdf</a> <a href="b.docx">表格</a></p>'
    html = page(zero_values(), tables=False, prose={1: link})
    report = read_page(html, name="http://gov.example/zwgk/2024/index.html")
    assert report.meta.attachments == ["http://gov.example/files/2024report.pdf", "http://gov.example/zwgk/2024/b.docx"]
    finding = next(f for f in xxgk.validate(report) if f.rule == "NO-TABLES")
    assert "attachment" in finding.message and "2024report.pdf" in finding.message


def test_page_filled_in_by_script():
    html = ("<html><head><title>某某县2024年政府信息公开工作年度报告</title></head><body><div id=app></div>"
            "<script>load('/api/report')</script></body></html>")
    report = read_page(html)
    assert "script" in report.meta.no_tables_reason
    assert "NO-TABLES" in rules(xxgk.validate(report))


@pytest.mark.parametrize("declared, encoding", [("gbk", "utf-8"), ("utf-8", "gb18030"), ("gb2312", "gb18030")])
def test_charset_declaration_that_lies(declared, encoding):
    values = consistent_values(36, 60)
    report = read_page(page(values, charset=declared), encoding=encoding)
    assert report.meta.organ == "某某区人民政府办公室"
    assert T3_T4(report.cells()) == T3_T4(values)


def test_utf8_bom_without_declaration():
    html = page(zero_values()).replace('<meta http-equiv="Content-Type" content="text/html; charset=utf-8">', "")
    report = xxgk.read_source(Source(b"\xef\xbb\xbf" + html.encode(), "page.htm"))
    assert report.meta.organ == "某某区人民政府办公室"


def test_truncated_page_reads_what_is_there():
    html = page(consistent_values(37, 60))
    cut = html[: html.index("行政复议</td>")]
    report = read_page(cut)
    assert report.value("t3.carried_forward.total") is not None
    assert not report.tables["t4"].found
    assert "CELL-MISSING" in rules(xxgk.validate(report))


def test_page_without_a_report():
    with pytest.raises(ReadError, match="no report"):
        read_page("<html><body><p>欢迎访问。</p><p>今日新闻。</p></body></html>")


def test_page_over_the_size_limit(monkeypatch):
    monkeypatch.setattr(html_reader, "MAX_BYTES", 1000)
    with pytest.raises(ReadError, match="larger than"):
        read_page(page(zero_values()))


def test_html_is_sniffed_whatever_the_extension():
    assert read_page(page(zero_values()), name="report.txt").meta.reader == "html"


class Pages(BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):  # noqa: N802
        status, headers, body, delay = self.routes.get(self.path, (404, {}, b"not found", 0))
        time.sleep(delay)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", Pages.routes
    httpd.shutdown()
    Pages.routes.clear()


def test_url_is_fetched_and_recorded_as_source(server):
    base, routes = server
    values = consistent_values(38, 60)
    html = page(values, charset="gbk").replace("charset=gbk", "")  # charset only in the HTTP header
    routes["/r/report.html"] = (200, {"Content-Type": "text/html; charset=GBK"}, html.encode("gb18030"), 0)
    routes["/old"] = (302, {"Location": "/r/report.html"}, b"", 0)
    report = xxgk.read(f"{base}/old")
    assert report.meta.source == f"{base}/old"
    assert T3_T4(report.cells()) == T3_T4(values)


def test_url_errors_are_read_errors(server, monkeypatch):
    base, routes = server
    routes["/slow"] = (200, {"Content-Type": "text/html"}, b"<html></html>", 1.0)
    routes["/big"] = (200, {"Content-Type": "text/html"}, b"<html>" + b" " * 5000 + b"</html>", 0)
    with pytest.raises(ReadError, match="HTTP 404"):
        xxgk.read(f"{base}/missing")
    monkeypatch.setattr(fetch, "TIMEOUT", 0.2)
    monkeypatch.setattr(fetch, "MAX_BYTES", 4000)
    with pytest.raises(ReadError, match="timed out"):
        xxgk.read(f"{base}/slow")
    with pytest.raises(ReadError, match="larger than"):
        xxgk.read(f"{base}/big")
    with pytest.raises(ReadError, match="cannot fetch"):
        xxgk.read("http://127.0.0.1:9/")


def test_batch_with_urls_carries_on(server, tmp_path, capsys):
    base, routes = server
    routes["/ok.html"] = (200, {"Content-Type": "text/html; charset=utf-8"}, page(zero_values()).encode(), 0)
    code = main(["convert", f"{base}/gone.html", f"{base}/ok.html", "-o", str(tmp_path), "--to", "json,csv"])
    err = capsys.readouterr().err
    assert code == 2 and "gone.html: HTTP 404" in err
    assert (tmp_path / "127.0.0.1" / "ok.html.json").exists()
    assert f"{base}/ok.html" in (tmp_path / "reports.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("key", ["t4.litigation_direct.total", "t4.review.upheld", "t4.litigation_after_review.total"])
def test_one_blank_table_4_cell_is_one_empty_cell(key):
    values = consistent_values(61, 9)
    values[key] = None
    report = xxgk.read_source(Source(page(values).encode("utf-8"), "page.html"))
    assert report.cell(key).status == "blank"
    assert {k: report.value(k) for k in values if k.startswith("t4.")} == {
        k: v for k, v in values.items() if k.startswith("t4.")}
    assert "AMBIGUOUS-CELLS" not in rules(xxgk.validate(report))


@pytest.mark.parametrize("title", ["福建省人民政府 平潭综合实验区2024年政府信息公开工作年度报告",
                                   "平潭综合实验区2024年政府信息公开工作年度报告_福建省人民政府门户网站",
                                   "福建省人民政府 | 平潭综合实验区2024年政府信息公开工作年度报告",
                                   "平潭综合实验区2024年政府信息公开工作年度报告 - 政务公开"])
def test_the_site_name_in_the_page_title_is_not_the_organ(title):
    html = page(consistent_values(63, 9), organ="平潭综合实验区", chrome=False)
    html = html.replace("<head>", f"<head><title>{title}</title>", 1)
    report = xxgk.read_source(Source(html.encode("utf-8"), "page.html"))
    assert (report.meta.organ, report.meta.year) == ("平潭综合实验区", 2024)


def test_a_parent_government_in_the_breadcrumb_is_not_the_organ():
    html = page(consistent_values(64, 9), organ="鼓楼区人民政府")
    crumb = "<div class='position'>首页 &gt; 政务公开 &gt; 福州市人民政府 &gt; 鼓楼区人民政府 &gt; 年度报告</div>"
    report = xxgk.read_source(Source(html.replace("<body>", "<body>" + crumb, 1).encode("utf-8"), "page.html"))
    assert report.meta.organ == "鼓楼区人民政府"
