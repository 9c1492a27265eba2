"""Writes report pages as government portals publish them: the official merged-cell tables inside
portal chrome, optionally as Word-exported HTML, with the tables split, nested or missing; and pages
saved as single-file web pages (MHT)."""
from __future__ import annotations

import base64
import quopri
import re
from html import escape

from xxgk.templates.y2021 import T3_COLUMNS, TABLE2, TABLE3, TABLE4

from reportgen import HEADINGS, T2_BLOCKS, T2_HEADERS

CHROME_TOP = """<div class="top"><a href="/">首页</a> | <a href="/zwgk">政务公开</a></div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 年度报告</div>
<div class="info">来源：区政府办公室　发布时间：2024-01-12 09:30　阅读数：108次　字号：大 中 小
　收藏　打印　分享</div>"""
CHROME_BOTTOM = """<div class="qr">扫一扫在手机上查看当前页面</div>
<div class="related"><h3>相关文章</h3><ul><li><a href="/a">关于行政复议工作的通知</a></li></ul></div>
<div class="footer">主办单位：某某区人民政府办公室　网站标识码：1234567890　备案号：京ICP备00000000号</div>"""


def _cell(text: object, word: bool, attrs: str = "") -> str:
    body = "" if text is None else escape(str(text))
    if word:
        body = f'<p class=MsoNormal align=center><span style="font-size:10.5pt;mso-bidi-font-family:宋体">{body}' \
               f'<o:p></o:p></span></p>'
    return f"<td{attrs}>{body}</td>"


def _row(cells: list[str]) -> str:
    return "<tr>" + "".join(cells) + "</tr>\n"


def table2(values, word=False) -> str:
    rows = []
    for row in TABLE2.rows:
        if row.key in T2_BLOCKS:
            rows.append(_row([_cell(T2_BLOCKS[row.key], word, ' colspan="4"')]))
            head = T2_HEADERS[row.key]
            span = ' colspan="3"' if len(head) == 2 else ""
            rows.append(_row([_cell(head[0], word)] + [_cell(h, word, span) for h in head[1:]]))
        keys = TABLE2.row_keys(row)
        span = ' colspan="3"' if len(keys) == 1 else ""
        rows.append(_row([_cell(row.label, word)] + [_cell(values[k], word, span) for k in keys]))
    return "<table border=1>\n" + "".join(rows) + "</table>\n"


T3_GROUPS = {"withheld": ("（三）不予公开", 8), "unavailable": ("（四）无法提供", 3),
             "not_processed": ("（五）不予处理", 5), "other_handling": ("（六）其他处理", 3)}


def table3_header(word=False) -> list[str]:
    return [
        _row([_cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", word,
                    ' colspan="3" rowspan="3"'), _cell("申请人情况", word, ' colspan="7"')]),
        _row([_cell("自然人", word, ' rowspan="2"'), _cell("法人或其他组织", word, ' colspan="5"'),
              _cell("总计", word, ' rowspan="2"')]),
        _row([_cell(c, word) for c in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")]),
    ]


def table3_rows(values, word=False, single_six=False) -> list[str]:
    """The data rows; `single_six` gives （六）其他处理 as one row, as the 2019 format prints it."""
    rows = []
    for row in TABLE3.rows:
        if single_six and row.key.startswith("other_handling."):
            if row.key.endswith("no_correction"):
                sums = [sum(values[f"t3.{r}.{c.key}"] for r in ("other_handling.no_correction",
                            "other_handling.no_fee", "other_handling.other")) for c in T3_COLUMNS]
                rows.append(_row([_cell("（六）其他处理", word, ' colspan="2"')] + [_cell(n, word) for n in sums]))
            continue
        nums = [_cell(values[f"t3.{row.key}.{c.key}"], word) for c in T3_COLUMNS]
        group, _, sub = row.key.partition(".")
        label = row.label.split("）", 1)[-1] if sub and row.label.startswith("（") else row.label
        if row.key == "disclosed":
            span = 20 if single_six else 22
            cells = [_cell("三、本年度办理结果", word, f' rowspan="{span}"'),
                     _cell("（一）予以公开", word, ' colspan="2"')]
        elif row.key in ("partially_disclosed", "results_total"):
            cells = [_cell(row.label, word, ' colspan="2"')]
        elif sub and label.startswith("1."):
            name, count = T3_GROUPS[group]
            cells = [_cell(name, word, f' rowspan="{count}"'), _cell(label, word)]
        elif sub:
            cells = [_cell(label, word)]
        else:
            cells = [_cell(row.label, word, ' colspan="3"')]
        rows.append(_row(cells + nums))
    return rows


def table3(values, word=False, split_at: int | None = None, single_six=False) -> str:
    """Table 3; with `split_at`, broken into two tables after that data row, the header repeated."""
    rows = table3_rows(values, word, single_six)
    header = table3_header(word)
    if split_at is None:
        return "<table border=1>\n" + "".join(header + rows) + "</table>\n"
    return ("<table border=1>\n" + "".join(header + rows[:split_at]) + "</table>\n<p>（续表）</p>\n"
            "<table border=1>\n" + "".join(header + rows[split_at:]) + "</table>\n")


def table4(values, word=False) -> str:
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [
        _row([_cell("行政复议", word, ' colspan="5"'), _cell("行政诉讼", word, ' colspan="10"')]),
        _row([_cell(o, word, ' rowspan="2"') for o in outcomes]
             + [_cell("未经复议直接起诉", word, ' colspan="5"'), _cell("复议后起诉", word, ' colspan="5"')]),
        _row([_cell(o, word) for o in outcomes * 2]),
        _row([_cell(values[k], word) for k in TABLE4.cell_keys()]),
    ]
    return "<table border=1>\n" + "".join(rows) + "</table>\n"


def page(values, organ="某某区人民政府办公室", year=2024, charset="utf-8", chrome=True, word=False,
         split_t3: int | None = None, nest=False, tables=True, prose: dict[int, str] | None = None,
         after_body: str = "", table2_html: str | None = None, single_six=False) -> str:
    """A whole page. `tables=False` leaves the headings but no tables (add images or links in prose)."""
    title = f"{organ}{year}年政府信息公开工作年度报告"
    para = (lambda t: f"<p class=MsoNormal><span lang=EN-US>{escape(t)}<o:p></o:p></span></p>\n") if word else \
        (lambda t: f"<p>{escape(t)}</p>\n")
    parts = [f"<h1>{escape(title)}</h1>\n" if chrome else "",
             para("根据《中华人民共和国政府信息公开条例》编制本报告。")]
    prose = prose or {}
    for n, heading in enumerate(HEADINGS, start=1):
        parts.append(para(heading))
        if n in prose:
            parts.append(prose[n])
        elif n in (1, 5, 6):
            parts.append(para("本年度各项工作有序开展。"))
        if tables and n == 2:
            parts.append(table2_html or table2(values, word))
        if tables and n == 3:
            parts.append(table3(values, word, split_t3, single_six))
        if tables and n == 4:
            parts.append(table4(values, word))
    article = "".join(parts)
    if nest:
        article = f'<table width="100%"><tr><td class="side">栏目导航</td><td>{article}</td></tr></table>'
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' \
           f"<title>{escape(title)}_某某区人民政府</title><style>.x{{color:red}}</style>" \
           "<script>var a = '一、总体情况';</script>"
    body = (CHROME_TOP if chrome else "") + f'<div class="article">{article}</div>' \
        + (CHROME_BOTTOM if chrome else "") + after_body
    return f"<!DOCTYPE html>\n<html><head>{head}</head>\n<body>{body}</body></html>\n"


def mht(html: str, charset: str | None = "utf-8", transfer="quoted-printable", meta=True, image=False,
        newline="\n", saved_by: str | None = None) -> bytes:
    """A single-file web page (MIME multipart/related) of `html`, as Word saves one: the page encoded
    in `charset` (declared in the part's Content-Type; None: not declared) and `transfer`, its meta
    charset removed unless `meta`, an image part after it if `image`; `saved_by` gives a browser's
    From/Snapshot headers."""
    if not meta:
        html = re.sub(r"<meta http-equiv=\"Content-Type\"[^>]*>", "", html)
    codec = "gb18030" if (charset or "").lower().startswith("gb") else "utf-8"
    data = html.encode(codec)
    body = quopri.encodestring(data) if transfer == "quoted-printable" else base64.encodebytes(data)
    boundary = "----=_NextPart_01DA1234.5678ABCD"
    ctype = f'text/html; charset="{charset}"' if charset else "text/html"
    head = (f"From: <Saved by {saved_by}>\nSnapshot-Content-Location: http://www.example.gov.cn/a.html\n"
            if saved_by else "")
    lines = [f"{head}MIME-Version: 1.0\nContent-Type: multipart/related;\n\ttype=\"text/html\";\n"
             f"\tboundary=\"{boundary}\"\n\nThis document is a Single File Web Page, also known as a Web Archive "
             f"file.\n\n--{boundary}\nContent-Location: file:///C:/D/report.htm\nContent-Transfer-Encoding: "
             f"{transfer}\nContent-Type: {ctype}\n\n".encode("ascii") + body]
    if image:
        png = base64.encodebytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
        lines.append(f"\n--{boundary}\nContent-Location: file:///C:/D/report.files/image001.png\n"
                     "Content-Transfer-Encoding: base64\nContent-Type: image/png\n\n".encode("ascii") + png)
    lines.append(f"\n--{boundary}--\n".encode("ascii"))
    return b"".join(lines).replace(b"\r\n", b"\n").replace(b"\n", newline.encode("ascii"))
