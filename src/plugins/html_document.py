"""The HTML writer's page (`html_writer` registers it): one standalone page (inline CSS, no script)
that reads like the printed report, and prints like it (`html_style`).

Every text is escaped and only http(s) sources are linked, so nothing active from a source page
can reach the output; a local source is named by its file name alone. With findings, the cells
they name are marked and a list follows the report, in Chinese, cells named as printed.
"""
from __future__ import annotations

import re
from html import escape

from xxgk import __version__
from xxgk.layout import column_shares, header_rows, official_layout
from xxgk.messages import Chinese, chinese
from xxgk.model import Finding, Report
from xxgk.registry import Registry
from xxgk.template import TableTemplate
from xxgk.urls import is_url

from .html_style import CSS

SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
_FOLDERS = re.compile(r"[\\/]")    # a path's separators, POSIX or Windows


def render(report: Report, registry: Registry, findings: list[Finding] | None = None) -> str:
    title = report.meta.title or f"{report.meta.organ or ''}{report.meta.year or ''}年政府信息公开工作年度报告"
    words = chinese(registry)
    flagged = _flags(findings or [])
    out = ['<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
           f'<meta name="generator" content="xxgk {escape(__version__, quote=True)}">\n']
    if report.meta.organ:
        out.append(f'<meta name="author" content="{escape(report.meta.organ, quote=True)}">\n')
    out += [f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<article>\n",
            _meta_line(report), f"<h1>{escape(title)}</h1>\n"]
    out += [f"<p>{escape(text)}</p>\n" for text in report.preamble]
    tables = registry.report_tables(report)
    for spec in registry.sections():
        out.append(f"<h2>{escape(spec.heading)}</h2>\n")
        for section in (s for s in report.sections if s.number == spec.number):
            out += [f"<p>{escape(text)}</p>\n" for text in section.paragraphs]
        for tpl in (t for t in tables if t.section == spec.number):
            out.append(_table(tpl, report, flagged, words))
    out.append("</article>\n")
    if findings:
        out.append(_findings(findings, words))
    out.append("</body>\n</html>\n")
    return "".join(out)


def _meta_line(report: Report) -> str:
    """The organ, the year and the source: a URL (linked when http(s)), or a file by its name alone,
    never the folders of the machine that converted it."""
    parts = [escape(x) for x in (report.meta.organ, f"{report.meta.year}年度" if report.meta.year else None) if x]
    source = report.meta.source
    if source and is_url(source):
        parts.append(f'来源：<a href="{escape(source, quote=True)}">{escape(source)}</a>')
    elif source:
        remote = "://" in source and not source.lower().startswith("file:")
        parts.append("来源：" + escape(source if remote else _FOLDERS.split(source)[-1]))
    return f'<p class="meta">{" · ".join(parts)}</p>\n' if parts else ""


def _flags(findings: list[Finding]) -> dict[str, list[tuple[int, Finding]]]:
    flagged: dict[str, list[tuple[int, Finding]]] = {}
    for n, finding in enumerate(findings, start=1):
        if finding.severity in ("error", "warning"):
            for key in finding.cells:
                flagged.setdefault(key, []).append((n, finding))
    return flagged


def _table(tpl: TableTemplate, report: Report, flagged, words: Chinese) -> str:
    """The table in its official layout, in fixed columns; its header rows in <thead> (repeated on
    every printed page) when they hold for every row below them."""
    layout = official_layout(tpl)
    head = header_rows(layout)
    rows = []
    for r, row in enumerate(layout):
        cells = []
        for cell in row:
            spans = "".join(f' {name}="{n}"' for name, n in (("rowspan", cell.rowspan), ("colspan", cell.colspan))
                            if n > 1)
            if cell.key is None:
                kind = "results" if cell.text == tpl.results_label else ("group" if cell.rowspan > 1 else "l")
                tag = "th" if r < head else "td"
                cells.append(f'<{tag} class="{kind}"{spans}>{escape(cell.text or "")}</{tag}>')
                continue
            value = report.value(cell.key)
            text = "" if value is None else escape(str(value))
            marks = flagged.get(cell.key, [])
            attrs = f' id="c-{escape(cell.key, quote=True)}" class="v'
            if marks:
                worst = "error" if any(f.severity == "error" for _, f in marks) else "warning"
                tip = "\n".join(f"{f.rule}：{words.message(f)}" for _, f in marks)
                attrs += f' flag {worst}" title="{escape(tip, quote=True)}'
            cells.append(f'<td{attrs}"{spans}>{text}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    shares = column_shares(tpl)
    columns = "".join(f'<col style="width: {100 * share / sum(shares):.2f}%">' for share in shares)
    body = "\n".join(rows[head:])
    thead = "<thead>\n" + "\n".join(rows[:head]) + "\n</thead>\n" if head else ""
    return (f'<div class="table-box"><table class="{tpl.table}">\n<colgroup>{columns}</colgroup>\n{thead}'
            f"<tbody>\n{body}\n</tbody>\n</table></div>\n")


def _findings(findings: list[Finding], words: Chinese) -> str:
    """The findings in Chinese, each with where to look in the source and links to the cells it
    names (by their printed names)."""
    items = []
    for n, finding in enumerate(findings, start=1):
        links = "、".join(f'<a href="#c-{escape(k, quote=True)}">{escape(words.names.cell(k))}</a>'
                         for k in finding.cells[:12]) + ("等" if len(finding.cells) > 12 else "")
        where = words.location(finding.location)
        items.append(f'<li id="f{n}" class="{escape(finding.severity)}">{SEVERITY.get(finding.severity, "")} '
                     f"{escape(finding.rule)}：{escape(words.message(finding))}"
                     + (f"（见原文{escape(where)}）" if where else "")
                     + (f"<br>涉及：{links}" if links else "") + "</li>")
    return ('<section class="findings">\n<h2>附：检查发现的问题</h2>\n<ol>\n' + "\n".join(items)
            + "\n</ol>\n</section>\n")

