"""The batch page, format `report`: OUT/reports.html, one standalone HTML page over a whole batch,
in Chinese, made from the dataset's rows (`xxgk.dataset.values`) and the reports' findings as the
datasets are (`--to report`, or later `xxgk report OUT`).

It shows the batch at a glance (inputs, converted, failed and why, reports with errors and
warnings, findings by rule), a table of organs by years with each report's status linked to its
HTML output, a heat map of organs by rules, the measures reviewers use (`batch_measures`) per report
with their spread and ranks, and, for organs with several years, those measures year by year. The
plots are inline SVG (`batch_plots`, matplotlib); the page fetches nothing and needs no script (a
small inline one sorts a table by a click on its header). A key of the format is on hover (title).

An organ is what the batch rules take for one (`organ_years`): one name in one place, so that two
organs of one name in two folders are two rows, told apart by their folders. A report that the
batch rules found to be a copy of another of its organ's year (ORGAN-YEAR) is shown but counted
once in the spread, ranks and histograms; a measure whose cells the checker rejects (T2-VALUES) is
blank, the reason on hover and listed.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from html import escape
from urllib.parse import quote

from xxgk import __version__
from xxgk.dataset import BATCH_PAGE, CONVERTED, Entry, Settings, columns, values
from xxgk.messages import Chinese, chinese
from xxgk.registry import Registry

from . import batch_plots
from .batch_measures import MEASURES, OVER_YEARS, Measure, Spread, Value, ranks, spread
from .organ_years import copied, organ_key, place

PER_REPORT = ("source", "organ", "year", "status", "reason", "errors", "warnings", "rules")
SEVERITY_ZH = {"error": "错误", "warning": "警告"}
NO_ORGAN, NO_YEAR = "（未识别机关）", "—"
HEAT_ORGANS = 40    # the heat map's rows: every organ with errors, then those with the most findings up to this
VALUES = "T2-VALUES"   # the rule whose errors reject a cell's value
YEARS_ORGANS = 24   # the small multiples' rows: the organs with the most years
ONE_PLACE = Decimal("0.1")

# sorts a table.sortable by the column of the header clicked (again: the other way); the page
# reads the same without it
SORTING = """<script>
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("thead th").forEach(function (th, column) {
    th.style.cursor = "pointer";
    th.addEventListener("click", function () {
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows), down = th.dataset.down !== "1";
      var key = function (row) {
        var cell = row.cells[column], text = cell ? (cell.dataset.sort || cell.textContent) : "";
        var number = parseFloat(text);
        return text === "" ? null : isNaN(number) ? text : number;
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        if (x === y) return 0;
        if (x === null) return 1;
        if (y === null) return -1;
        return (x < y ? -1 : 1) * (down ? -1 : 1);
      });
      th.dataset.down = down ? "1" : "0";
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
</script>"""

STYLE = """
body{font-family:FACES;margin:1.5em auto;
max-width:1200px;padding:0 1em;color:#1b1b1b;font-size:14px;line-height:1.5}
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:2px solid #1f4e79;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #c8d0d8;padding:.2em .5em;text-align:left}
th{background:#eef2f6;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.wide{overflow-x:auto}.note{color:#555;font-size:.92em}
.error{color:#b22222;font-weight:600}.warning{color:#a66300}.clean{color:#2e7d32}.failed{color:#666}
dl.glance{display:grid;grid-template-columns:max-content max-content;gap:.2em 1.2em}
dl.glance dd{margin:0;font-weight:600}
svg{max-width:100%;height:auto}code{font-size:.92em}
""".replace("FACES", ",".join(f'"{face}"' for face in batch_plots.PAGE_FACES) + ",sans-serif")


@dataclass
class Row:
    """A converted report as the page shows it: its dataset row's columns (`cells` holds the cell
    keys the measures need), its measures (and why one is blank for a rejected value), its findings
    of each rule, its HTML output's URL, its organ as the batch rules key it ((name as compared,
    place)) and as the page names it (`label`), and the report it is a copy of, if it is one."""

    source: str
    organ: str
    year: int | None
    errors: int
    warnings: int
    rules: str
    link: str | None
    cells: dict[str, object]
    key: tuple[str, str] = ("", "")
    label: str = NO_ORGAN
    copy_of: str | None = None
    measures: dict[str, Value | None] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)
    by_rule: Counter[str] = field(default_factory=Counter)


@dataclass
class Batch:
    """What the page shows of a batch: its converted reports and its failed inputs (source,
    reason), the severities of each rule's findings and the first finding of each, in Chinese."""

    words: Chinese
    rows: list[Row] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    severities: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    first: dict[str, str] = field(default_factory=dict)

    @property
    def inputs(self) -> int:
        return len(self.rows) + len(self.failed)

    @property
    def counted(self) -> list[Row]:
        """The reports the spread, ranks and histograms count: all but the copies."""
        return [r for r in self.rows if r.copy_of is None]


def gather(entries: Iterable[Entry], registry: Registry, settings: Settings) -> Batch:
    """The page's data, one entry at a time (the reports themselves are not kept)."""
    needed = set(PER_REPORT) | {k for m in MEASURES for k in m.keys}
    chosen = [c for c in columns(registry) if c.name in needed]
    batch = Batch(chinese(registry))
    for entry in entries:
        row = dict(zip((c.name for c in chosen), values(entry, chosen)))
        if row["status"] != CONVERTED:
            batch.failed.append((str(row["source"]), str(row["reason"] or "")))
            continue
        page = next((o for o in entry.outputs if o.endswith(".html")), None)
        shown = Row(str(row["source"]), str(row["organ"] or NO_ORGAN), row["year"],   # type: ignore[arg-type]
                    row["errors"] or 0, row["warnings"] or 0, str(row["rules"] or ""),   # type: ignore[arg-type]
                    settings.outdir_url + quote(page) if page else None,
                    {k: v for k, v in row.items() if k not in PER_REPORT})
        if row["organ"]:
            shown.key = (organ_key(shown.organ), place(entry))
        shown.copy_of = next((c for c in map(copied, entry.findings) if c), None)
        refused = {cell for f in entry.findings if f.rule == VALUES and f.severity == "error" for cell in f.cells}
        for m in MEASURES:
            wrong = [k for k in dict.fromkeys(m.keys)
                     if k in refused or (isinstance(v := shown.cells.get(k), int) and v < 0)]
            value = None if wrong else m.value(shown.cells)
            if wrong:
                shown.refused[m.name] = f"值未通过检查（{VALUES}）：" + "、".join(
                    f"{k} = {'无效值' if shown.cells.get(k) is None else shown.cells[k]}" for k in wrong)
            elif m.rate and value is not None and value > 1:
                above, below = m.parts(shown.cells)
                shown.refused[m.name] = f"分子 {above} 大于分母 {below}，比率不能超过 100%"
                value = None
            shown.measures[m.name] = value
        for finding in entry.findings:
            if finding.severity in SEVERITY_ZH:
                shown.by_rule[finding.rule] += 1
                batch.severities[finding.rule].add(finding.severity)
                if finding.rule not in batch.first:
                    batch.first[finding.rule] = batch.words.message(finding)
        batch.rows.append(shown)
    _label(batch.rows)
    batch.rows.sort(key=lambda r: (r.label, r.year or 0, r.source))
    return batch


def _label(rows: list[Row]) -> None:
    """Each row's organ as the page names it: its name (its first report's, by source), and, where
    organs of one name stand in several places, the end of its place that tells them apart."""
    named: dict[tuple[str, str], str] = {}
    places: dict[str, set[str]] = defaultdict(set)
    for r in sorted(rows, key=lambda r: r.source):
        if r.key != ("", ""):
            named.setdefault(r.key, r.organ)
            places[r.key[0]].add(r.key[1])
    for r in rows:
        if r.key == ("", ""):
            continue
        found = places[r.key[0]]
        if len(found) == 1:
            r.label = named[r.key]
            continue
        split = [p.split("/") for p in sorted(found)]
        common = next((n for n in range(min(map(len, split))) if len({tuple(s[:n + 1]) for s in split}) > 1),
                      min(map(len, split)))
        r.label = f"{named[r.key]}（{'/'.join(r.key[1].split('/')[common:]) or '.'}）"


def render(batch: Batch, registry: Registry) -> str:
    """The page (HTML5, UTF-8)."""
    labels = {c.name: c.label for c in columns(registry)}
    parts = [
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="xxgk {escape(__version__, quote=True)}">\n{BATCH_PAGE}\n'
        f"<title>政府信息公开工作年度报告 · 批量检查总览</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        "<h1>政府信息公开工作年度报告 · 批量检查总览</h1>\n"
        '<p class="note">表头、指标名称上悬停可见数据集中的列名（键）；'
        "点击表头可排序（需浏览器允许脚本，不排序也可阅读）。</p>\n",
        _glance(batch), _failed(batch), _rules(batch), _organs(batch), _heat(batch),
        _measures(batch, labels), _years(batch), SORTING, "\n</body>\n</html>\n"]
    return "".join(parts)


def _glance(batch: Batch) -> str:
    rows = batch.rows
    items = [("输入", "source", batch.inputs), ("已转换", "status = converted", len(rows)),
             ("转换失败", "status = failed", len(batch.failed)),
             ("有错误的报告", "errors > 0", sum(r.errors > 0 for r in rows)),
             ("有警告的报告", "warnings > 0", sum(r.warnings > 0 for r in rows)),
             ("没有错误和警告的报告", "errors = 0, warnings = 0", sum(not r.errors and not r.warnings for r in rows)),
             ("错误（条）", "errors", sum(r.errors for r in rows)),
             ("警告（条）", "warnings", sum(r.warnings for r in rows))]
    shown = "".join(f'<dt title="{escape(key)}">{label}</dt><dd id="glance-{n}">{value}</dd>'
                    for n, (label, key, value) in enumerate(items))
    return f'<h2 id="glance">一、总览</h2>\n<dl class="glance">{shown}</dl>\n'


def _failed(batch: Batch) -> str:
    if not batch.failed:
        return ""
    reasons = Counter(reason for _, reason in batch.failed)
    said = {reason: batch.words.note(reason) for reason in reasons}

    def reason_cell(reason: str) -> str:
        return f'<td title="{escape(reason)}">{escape(said[reason])}</td>'

    summary = "".join(f'<tr>{reason_cell(reason)}<td class="n">{n}</td></tr>'
                      for reason, n in sorted(reasons.items(), key=lambda item: (-item[1], item[0])))
    listed = "".join(f"<tr><td>{escape(source)}</td>{reason_cell(reason)}</tr>" for source, reason in batch.failed)
    return ('<h3>转换失败的输入</h3>\n<p class="note">失败原因悬停可见英文原文（数据集 reason 列）。</p>\n'
            '<table id="failure-reasons"><thead><tr><th title="reason">失败原因</th>'
            f'<th>输入数</th></tr></thead><tbody>{summary}</tbody></table>\n'
            '<div class="wide"><table id="failed" class="sortable"><thead><tr><th title="source">来源</th>'
            f'<th title="reason">失败原因</th></tr></thead><tbody>{listed}</tbody></table></div>\n')


def _rules(batch: Batch) -> str:
    reports = Counter(rule for r in batch.rows for rule in r.rules.split(";") if rule)
    findings: Counter[str] = Counter()
    for r in batch.rows:
        findings.update(r.by_rule)
    if not reports:
        return '<h3>各规则的问题</h3>\n<p>没有报告有错误或警告。</p>\n'
    body = "".join(
        f'<tr><td><code>{escape(rule)}</code></td>'
        f'<td>{"、".join(SEVERITY_ZH[s] for s in SEVERITY_ZH if s in batch.severities[rule])}</td>'
        f'<td class="n">{reports[rule]}</td><td class="n">{findings[rule]}</td>'
        f'<td>{escape(batch.first.get(rule, ""))}</td></tr>'
        for rule in sorted(reports, key=lambda rule: (-reports[rule], rule)))
    return ('<h3>各规则的问题</h3>\n<table id="rules" class="sortable"><thead><tr><th>规则</th><th>严重程度</th>'
            '<th title="rules">涉及报告数</th><th>问题条数（错误和警告）</th><th>本批第一条问题</th></tr></thead>'
            f'<tbody>{body}</tbody></table>\n')


def _status(row: Row) -> str:
    """A report's status, linked to its HTML output when there is one."""
    if row.errors:
        text, kind = f"错误 {row.errors}" + (f"，警告 {row.warnings}" if row.warnings else ""), "error"
    elif row.warnings:
        text, kind = f"警告 {row.warnings}", "warning"
    else:
        text, kind = "通过", "clean"
    hint = escape(row.source + (f"：{row.rules}" if row.rules else ""))
    shown = f'<span class="{kind}" title="{hint}">{text}</span>'
    return f'<a href="{escape(row.link)}">{shown}</a>' if row.link else shown


def _years_of(batch: Batch) -> list[int | None]:
    found = {r.year for r in batch.rows}
    return sorted(y for y in found if y is not None) + ([None] if None in found else [])


def _organs(batch: Batch) -> str:
    if not batch.rows:
        return '<h2 id="organs">二、机关 × 年度</h2>\n<p class="note">没有转换成功的报告。</p>\n'
    years = _years_of(batch)
    cells: dict[str, dict[int | None, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for r in batch.rows:
        cells[r.label][r.year].append(r)
    head = "".join(f'<th title="year">{NO_YEAR if y is None else y}</th>' for y in years)
    body = []
    for organ in sorted(cells):
        errors = sum(r.errors for rs in cells[organ].values() for r in rs)
        shown = "".join("<td>" + "<br>".join(_status(r) for r in cells[organ].get(y, [])) + "</td>" for y in years)
        body.append(f'<tr><th scope="row">{escape(organ)}</th>{shown}<td class="n">{errors}</td></tr>')
    return ('<h2 id="organs">二、机关 × 年度</h2>\n<p class="note">每格为该机关该年度报告的检查结果，'
            '点击打开转换后的报告（有 HTML 输出时）；一个机关为同一文件夹中的同一名称（同名机关在不同文件夹中，'
            '括号内注明文件夹）；一格有多份报告时逐一列出；按机关名称（字符编码顺序）排列。</p>\n'
            '<div class="wide"><table id="organ-years" class="sortable">'
            f'<thead><tr><th title="organ">机关</th>{head}<th title="errors">错误合计</th></tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>\n')


def _heat(batch: Batch) -> str:
    counts: Counter[tuple[str, str]] = Counter()
    errors: Counter[str] = Counter()
    for r in batch.rows:
        errors[r.label] += r.errors
        for rule, n in r.by_rule.items():
            counts[r.label, rule] += n
    if not counts:
        return '<h2 id="heat">三、机关 × 规则</h2>\n<p>没有报告有错误或警告。</p>\n'
    per_organ: Counter[str] = Counter()
    per_rule: Counter[str] = Counter()
    for (organ, rule), n in counts.items():
        per_organ[organ] += n
        per_rule[rule] += n
    ranked = sorted(per_organ, key=lambda o: (-errors[o], -per_organ[o], o))
    erring = sum(errors[o] > 0 for o in ranked)
    organs = ranked[:max(erring, HEAT_ORGANS)]
    rules = sorted(per_rule, key=lambda rule: (-per_rule[rule], rule))
    left = len(per_organ) - len(organs)
    note = (f"有错误的机关全部画出，其余只画出警告最多的机关，共 {len(organs)} 个；另有 {left} 个只有警告的机关未画出"
            "（见上表）。" if left else "")
    return ('<h2 id="heat">三、机关 × 规则</h2>\n<p class="note">'
            f"每格为该机关各年度报告中该规则的问题条数（错误和警告），先列有错误的机关（按错误条数）。{note}</p>\n"
            f"<figure>{batch_plots.heat_map(organs, rules, counts)}</figure>\n")


def _number(value: Value | Fraction | None, rate: bool) -> str:
    """A measure as shown: a count as is (a quartile between two to one place), a rate in percent to
    one place (half up); blank for None."""
    if value is None:
        return ""
    if rate:
        percent = Decimal(value.numerator * 100) / Decimal(value.denominator)
        return f"{percent.quantize(ONE_PLACE, ROUND_HALF_UP)}%"
    if isinstance(value, Fraction) and value.denominator != 1:
        return str((Decimal(value.numerator) / Decimal(value.denominator)).quantize(ONE_PLACE, ROUND_HALF_UP))
    return str(int(value))


def _exact(value: Value | Fraction, rate: bool) -> str:
    """A value in full: a count or a quartile as a decimal (to 6 places, "≈", when it does not end),
    a rate in percent the same way."""
    shown = Fraction(value) * (100 if rate else 1)
    digits = Decimal(shown.numerator) / Decimal(shown.denominator)
    ends = digits * 10 ** 6 == (digits * 10 ** 6).to_integral_value()
    text = f"{digits.normalize():f}" if ends else f"≈{digits.quantize(Decimal('0.000001'), ROUND_HALF_UP)}"
    return text + ("%" if rate else "")


def _measures(batch: Batch, labels: dict[str, str]) -> str:
    rows, counted = batch.rows, batch.counted
    values = {m.name: [r.measures[m.name] for r in counted] for m in MEASURES}
    spreads = {m.name: spread(values[m.name]) for m in MEASURES}
    defined = "".join(
        f'<tr><th scope="row" title="{escape(m.key_formula)}">{m.label}</th><td>{escape(m.formula)}</td>'
        f"<td><code>{escape(m.key_formula)}</code></td></tr>" for m in MEASURES)
    spread_rows = "".join(_spread_row(m, spreads[m.name], len(counted)) for m in MEASURES)
    ranked = {m.name: dict(zip(map(id, counted), ranks(values[m.name]))) for m in MEASURES}
    head = "".join(f'<th title="{escape(m.key_formula)}">{m.label}</th><th>名次</th>' for m in MEASURES)
    body = []
    for r in rows:
        cells = []
        for m in MEASURES:
            value = r.measures[m.name]
            above, below = m.parts(r.cells)
            if m.name in r.refused:
                hint = f' class="n refused" title="{escape(r.refused[m.name])}"'
            else:
                hint = f' class="n" title="{above} / {below}"' if m.rate and value is not None else ' class="n"'
            order = f' data-sort="{float(value):.6f}"' if m.rate and value is not None else ""
            if r.copy_of is not None:
                place = (f'<td class="n" title="与 {escape(r.copy_of)} 为同一报告（ORGAN-YEAR），不计入统计">'
                         "副本</td>") if value is not None else '<td class="n"></td>'
            else:
                rank = ranked[m.name][id(r)]
                place = f'<td class="n">{"" if rank is None else f"{rank}/{spreads[m.name].count}"}</td>'
            cells.append(f"<td{hint}{order}>{_number(value, m.rate)}</td>{place}")
        source = f'<a href="{escape(r.link)}">{escape(r.source)}</a>' if r.link else escape(r.source)
        body.append(f"<tr><td>{escape(r.organ)}</td><td>{NO_YEAR if r.year is None else r.year}</td>"
                    f"<td>{source}</td>{''.join(cells)}</tr>")
    return (
        '<h2 id="measures">四、指标</h2>\n<p class="note">分母为 0 或未填报的指标留空（不计 0）；'
        f"单元格的值未通过检查（{VALUES}：负数、无效值）或分子大于分母（比率超过 100%）的指标也留空，"
        "原因悬停可见并列于下方；"
        "比率以百分比显示，保留一位小数（四舍五入）；四分位数按 QUARTILE.INC（含端点）计算，"
        "落在两数之间时保留一位小数，悬停可见精确值；"
        "名次按从大到小排列，并列取同一名次，“3/120”即有值的 120 份报告中第 3。</p>\n"
        f'<table id="measure-formulas"><thead><tr><th>指标</th><th>公式</th><th>数据集中的列</th></tr></thead>'
        f"<tbody>{defined}</tbody></table>\n"
        '<table id="spread"><thead><tr><th>指标</th><th>有值的报告数</th><th>留空的报告数</th><th>最小值</th>'
        "<th>下四分位数</th><th>中位数</th><th>上四分位数</th><th>最大值</th></tr></thead>"
        f"<tbody>{spread_rows}</tbody></table>\n{_left_out(batch)}"
        f"<figure>{batch_plots.histograms(MEASURES, values, spreads) if counted else ''}</figure>\n"
        '<p class="note">图中红色实线为中位数，虚线为上、下四分位数；'
        "数量的每个柱对应一个整数（数值范围大时为几个相邻整数），比率的每个柱宽 5 个百分点。</p>\n"
        '<h3>各报告的指标</h3>\n<div class="wide"><table id="report-measures" class="sortable"><thead><tr>'
        f'<th title="organ">{labels["organ"]}</th><th title="year">{labels["year"]}</th>'
        f'<th title="source">{labels["source"]}</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>\n')


def _left_out(batch: Batch) -> str:
    """The notes on the reports counted once (copies) and the measures left blank for a rejected value."""
    parts = []
    copies = [r for r in batch.rows if r.copy_of is not None]
    if copies:
        listed = "".join(f"<li>{escape(r.source)}（与 {escape(r.copy_of or '')} 相同）</li>" for r in copies)
        parts.append(f'<p class="note" id="copies">以下 {len(copies)} 份报告与同一机关同一年度的另一份报告表格完全相同'
                     "（批量规则 ORGAN-YEAR 认定为同一报告），只计一次：不计入上表的报告数、四分位数、名次和直方图，"
                     f'在下表中列出、名次处标“副本”。</p>\n<ul class="note" id="copies-list">{listed}</ul>\n')
    refused = [(r, m) for r in batch.rows for m in MEASURES if m.name in r.refused]
    if refused:
        listed = "".join(f"<li>{escape(r.source)}：{m.label}（{escape(r.refused[m.name])}）</li>" for r, m in refused)
        parts.append('<p class="note">以下指标留空，原因在括号中：</p>\n'
                     f'<ul class="note" id="refused-list">{listed}</ul>\n')
    return "".join(parts)


def _spread_row(measure: Measure, held: Spread, reports: int) -> str:
    shown = (held.least, held.lower, held.median, held.upper, held.greatest)
    cells = "".join(f'<td class="n" title="精确值 {_exact(v, measure.rate)}">{_number(v, measure.rate)}</td>'
                    if v is not None else '<td class="n"></td>' for v in shown)
    return (f'<tr><th scope="row" title="{escape(measure.key_formula)}">{measure.label}</th>'
            f'<td class="n">{held.count}</td><td class="n">{reports - held.count}</td>{cells}</tr>')


def _years(batch: Batch) -> str:
    by_organ: dict[str, dict[int, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for r in sorted(batch.counted, key=lambda r: r.source):
        if r.year is not None and r.key != ("", ""):
            by_organ[r.label][r.year].append(r)
    several = [o for o in by_organ if len(by_organ[o]) > 1]
    title = '<h2 id="years">五、历年变化</h2>\n'
    if not several:
        return title + "<p>没有机关有两个以上年度的报告。</p>\n"
    chosen = sorted(several, key=lambda o: (-len(by_organ[o]), o))[:YEARS_ORGANS]
    measures = [m for m in MEASURES if m.name in OVER_YEARS]
    series = {organ: {m.name: {year: [float(v) * (100 if m.rate else 1) for r in reports
                                      if (v := r.measures[m.name]) is not None]
                               for year, reports in by_organ[organ].items()} for m in measures} for organ in chosen}
    years = sorted({year for organ in chosen for year in by_organ[organ]})   # a stray year elsewhere stretches none
    left = len(several) - len(chosen)
    note = f"只画出年度最多的 {len(chosen)} 个机关，另有 {left} 个机关未画出（数字见上表）。" if left else ""
    return (title + '<p class="note">有两个以上年度报告的机关，每行一个机关；纵轴从 0 起，同一指标各行刻度相同'
            "（比率 0–100%，数量 0 至本图最大值），横轴为图中机关的年度；某年度指标留空或没有报告时折线在该处断开。"
            "同一年度有多份表格不同的报告时，折线连接按来源排序的第一份，其余画为红色空心点；"
            f"表格相同的副本只画一次。{note}</p>\n"
            f"<figure>{batch_plots.over_years(measures, series, years)}</figure>\n")


def write_all(entries: Iterable[Entry], out, settings: Settings, registry: Registry) -> None:
    out.write(render(gather(entries, registry, settings), registry).encode("utf-8"))

