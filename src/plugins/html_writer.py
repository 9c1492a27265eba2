"""HTML writer: one standalone page (inline CSS, no script) that reads like the printed report.

Every text is escaped and only http(s) sources are linked, so nothing active from a source page
can reach the output; a local source is named by its file name alone. With findings, the cells
they name are marked and a list follows the report.
"""
from __future__ import annotations

import re
from html import escape

from xxgk import hookimpl
from xxgk.fetch import is_url
from xxgk.layout import official_layout
from xxgk.model import Finding, Report
from xxgk.registry import Registry, Writer
from xxgk.template import TableTemplate

SERIF = '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "宋体", "SimSun", "Songti SC", "Noto Serif CJK SC", serif'
FANGSONG = '"仿宋", "FangSong", "仿宋_GB2312", "FangSong_GB2312", "STFangsong", "Noto Serif CJK SC", serif'
HEI = '"黑体", "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif'
SONG = '"宋体", "SimSun", "Songti SC", "Noto Serif CJK SC", serif'
CSS = f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
body {{ font-family: {FANGSONG}; font-size: 18px; line-height: 1.8; color: #000; background: #fff;
       max-width: 48em; margin: 0 auto; padding: 1.5em 1em; }}
h1 {{ font-family: {SERIF}; font-size: 28px; text-align: center; font-weight: normal; line-height: 1.5; }}
h2 {{ font-family: {HEI}; font-size: 20px; font-weight: normal; margin: 1.2em 0 .4em; break-after: avoid; }}
p {{ text-indent: 2em; margin: 0; }}
p.meta {{ text-indent: 0; text-align: right; color: #555; font-size: 14px; }}
.table-box {{ overflow-x: auto; margin: .5em 0 1em; }}
table {{ border-collapse: collapse; margin: 0 auto; font-family: {SONG}; font-size: 14px; line-height: 1.4; }}
td {{ border: 1px solid #000; padding: 3px 5px; text-align: center; vertical-align: middle; }}
td.v {{ min-width: 2.6em; }}
table.t3 {{ min-width: 42em; }}
table.t4 {{ min-width: 40em; }}
table.t3 td.group, table.t3 td.results {{ width: 1.2em; }}
tr {{ break-inside: avoid; }}
.flag.error {{ background: #fbd5d5; }}
.flag.warning {{ background: #fdf1c7; }}
section.findings p {{ text-indent: 0; }}
section.findings li.error {{ color: #a00; }}
@media print {{
  body {{ max-width: none; padding: 0; font-size: 16pt; line-height: 28pt; }}
  h1 {{ font-size: 22pt; }} h2 {{ font-size: 16pt; }}
  table {{ font-size: 10.5pt; }}
  .table-box {{ overflow: visible; break-inside: auto; }}
  table.t3, table.t4 {{ min-width: 0; width: 100%; }}
}}
"""
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
_FOLDERS = re.compile(r"[\\/]")    # a path's separators, POSIX or Windows


def render(report: Report, registry: Registry, findings: list[Finding] | None = None) -> str:
    title = report.meta.title or f"{report.meta.organ or ''}{report.meta.year or ''}年政府信息公开工作年度报告"
    flagged = _flags(findings or [])
    out = ['<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
           f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<article>\n",
           _meta_line(report), f"<h1>{escape(title)}</h1>\n"]
    out += [f"<p>{escape(text)}</p>\n" for text in report.preamble]
    tables = registry.report_tables(report)
    for spec in registry.sections():
        out.append(f"<h2>{escape(spec.heading)}</h2>\n")
        for section in (s for s in report.sections if s.number == spec.number):
            out += [f"<p>{escape(text)}</p>\n" for text in section.paragraphs]
        for tpl in (t for t in tables if t.section == spec.number):
            out.append(_table(tpl, report, flagged))
    out.append("</article>\n")
    if findings:
        out.append(_findings(findings))
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


def _table(tpl: TableTemplate, report: Report, flagged) -> str:
    rows = []
    for row in official_layout(tpl):
        cells = []
        for cell in row:
            spans = "".join(f' {name}="{n}"' for name, n in (("rowspan", cell.rowspan), ("colspan", cell.colspan))
                            if n > 1)
            if cell.key is None:
                kind = "results" if cell.text == tpl.results_label else ("group" if cell.rowspan > 1 else "l")
                cells.append(f'<td class="{kind}"{spans}>{escape(cell.text or "")}</td>')
                continue
            value = report.value(cell.key)
            text = "" if value is None else escape(str(value))
            marks = flagged.get(cell.key, [])
            attrs = f' id="c-{escape(cell.key, quote=True)}" class="v'
            if marks:
                worst = "error" if any(f.severity == "error" for _, f in marks) else "warning"
                tip = "\n".join(f"{f.rule}: {f.message}" for _, f in marks)
                attrs += f' flag {worst}" title="{escape(tip, quote=True)}'
            cells.append(f'<td{attrs}"{spans}>{text}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<div class="table-box"><table class="{tpl.table}">\n' + "\n".join(rows) + "\n</table></div>\n"


def _findings(findings: list[Finding]) -> str:
    items = []
    for n, finding in enumerate(findings, start=1):
        links = " ".join(f'<a href="#c-{escape(k, quote=True)}">{escape(k)}</a>' for k in finding.cells[:12])
        where = f"（{escape(str(finding.location))}）" if finding.location and str(finding.location) else ""
        items.append(f'<li id="f{n}" class="{escape(finding.severity)}">{SEVERITY.get(finding.severity, "")} '
                     f"{escape(finding.rule)}：{escape(finding.message)}{where}"
                     + (f"<br>{links}" if links else "") + "</li>")
    return ('<section class="findings">\n<h2>附：检查发现的问题</h2>\n<ol>\n' + "\n".join(items)
            + "\n</ol>\n</section>\n")


@hookimpl
def xxgk_register_writers(registry):
    registry.add_writer(Writer("html", ".html", write=lambda report, out, findings=None: out.write(
        render(report, registry, findings).encode("utf-8"))))
