"""Scanned report PDFs with known cell values: the OCR evaluation set.

    python tests/scangen.py OUT_DIR [--seed N] [--small]

Each report is made from realistic cell values that satisfy every rule of its template (a seeded
generator below), written as a plain-text report and read by xxgk; the Report is then printed by
one of three renderers:

- libreoffice: xxgk's DOCX writer, converted by ``soffice --headless --convert-to pdf``;
- chromium: xxgk's HTML writer, printed by ``chromium --headless --print-to-pdf``;
- reportlab: the official table layouts (xxgk.layout) drawn with one of several CJK fonts, rules
  0.25-1.5 pt wide or no rules at all, table 3 broken over two pages with or without its header
  repeated, blanks written "/" or left empty.

Every page is then "scanned": rasterised grey (pypdfium2) at 100-300 dpi, turned up to 2 degrees,
blurred, speckled, some pages photographed (uneven light, contrast lost), stored as JPEG of
quality 30-90 in a PDF with no text layer (so xxgk reads it through the OCR path). Beside each
NAME.pdf is NAME.expected.json ({"meta": {...}, "cells": {...}}, amounts as strings, blanks null)
and the folder's manifest.json describes every file. All randomness comes from one seed: the same
seed gives the same values, the same degradations and, where the renderers' output does not change
(reportlab always; LibreOffice and Chromium of one version with the same fonts), the same bytes.

`score(report, findings, expected)` counts the cells read exactly, wrong (including a value
invented where the expected cell is blank), and null with or without a finding naming the cell.
"""
from __future__ import annotations

import argparse
import io
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import xxgk  # noqa: E402
from xxgk import manager  # noqa: E402
from xxgk.layout import official_layout, placed, width  # noqa: E402
from xxgk.model import Finding, Report  # noqa: E402
from xxgk.registry import Source  # noqa: E402
from xxgk.template import TableTemplate  # noqa: E402
from xxgk.templates import y2019, y2021  # noqa: E402

from reportgen import HEADINGS, T3_HEADER, T4_HEADER  # noqa: E402

FORMATS = {"2021": (y2021.TABLE2, y2021.TABLE3), "2019": (y2019.TABLE2, y2019.TABLE3),
           "hybrid": (y2019.TABLE2, y2021.TABLE3)}   # hybrid: the 2019 table 2 beside the 2021 table 3
TABLE4 = y2021.TABLE4
# rules on the writing and the date, not the tables: the generated prose is short, the reports undated
WRITING_RULES = frozenset({"TEMPLATE", "SECTION-EMPTY", "PUBLISHED-LATE"})
ORGANS = ("临江市人民政府办公室", "青山区交通运输局", "南湖县自然资源局", "白云镇人民政府", "东城区教育局",
          "江北市生态环境局", "石门县卫生健康委员会", "西河区市场监督管理局", "长宁市公安局",
          "北川县人力资源和社会保障局", "清源市住房和城乡建设局", "安平县人民政府", "云溪区农业农村局",
          "桐山市司法局", "松原县民政局", "金沙区财政局")
# magnitudes: shares of 0, 1-9, 10-99, 100-999 and 1000-9999
MIXES = {
    "decisions": (0.15, 0.15, 0.25, 0.3, 0.15), "coercion": (0.4, 0.3, 0.2, 0.1, 0.0),
    "natural_person": (0.05, 0.25, 0.35, 0.25, 0.1), "commercial": (0.45, 0.35, 0.15, 0.05, 0.0),
    "research": (0.85, 0.15, 0.0, 0.0, 0.0), "social_welfare": (0.9, 0.1, 0.0, 0.0, 0.0),
    "legal_service": (0.7, 0.25, 0.05, 0.0, 0.0), "other": (0.75, 0.2, 0.05, 0.0, 0.0),
    "items": (0.2, 0.4, 0.3, 0.1, 0.0),
}
# how often each result of table 3 is given (weights within a column's requests)
RESULT_WEIGHTS = {
    "disclosed": 35, "partially_disclosed": 8, "withheld.state_secret": 0.3, "withheld.prohibited_by_law": 0.5,
    "withheld.security_stability": 0.3, "withheld.third_party_rights": 1.5, "withheld.internal_affairs": 1,
    "withheld.process_info": 1.5, "withheld.enforcement_files": 0.8, "withheld.inquiry_matters": 1,
    "unavailable.not_held": 20, "unavailable.needs_creation": 3, "unavailable.unclear_request": 2,
    "not_processed.complaint": 4, "not_processed.duplicate": 3, "not_processed.publication": 1,
    "not_processed.excessive": 0.5, "not_processed.reconfirm": 0.5, "other_handling.no_correction": 3,
    "other_handling.no_fee": 0.3, "other_handling.other": 5, "other_handling": 8,
}
BLANK_STYLES = ("none", "t4", "t2", "t3rows", "t2+t4")


# ---- values ------------------------------------------------------------------------------------

def tables(fmt: str) -> tuple[TableTemplate, TableTemplate, TableTemplate]:
    t2, t3 = FORMATS[fmt]
    return t2, t3, TABLE4


def cell_keys(fmt: str) -> list[str]:
    return [k for tpl in tables(fmt) for k in tpl.cell_keys()]


def amount_keys(fmt: str) -> frozenset[str]:
    return frozenset(k for tpl in tables(fmt) for k in tpl.decimal_keys)


def _magnitude(rnd: random.Random, mix: tuple[float, ...]) -> int:
    band = rnd.choices(range(5), weights=mix)[0]
    return 0 if band == 0 else rnd.randint(10 ** (band - 1), 10 ** band - 1)


def _amount(rnd: random.Random, given: bool = False) -> Decimal:
    """An amount in 万元: zero (unless `given`), cents ("0.35"), tens to hundreds of thousands ("18651.06")."""
    band = rnd.choices(range(4), weights=(0.0 if given else 0.25, 0.15, 0.3, 0.3))[0]
    cents = (0, rnd.randint(1, 99), rnd.randint(100, 99_999), rnd.randint(100_000, 9_999_999))[band]
    return Decimal(cents) / Decimal(100)


def _rarely(rnd: random.Random, p: float, low: int, high: int) -> int:
    return rnd.randint(low, high) if rnd.random() < p else 0


def _table2_2021(rnd: random.Random, city: bool) -> dict[str, object]:
    issued = _magnitude(rnd, (0.2, 0.4, 0.4, 0.0, 0.0))
    rules = 1.0 if city else 0.0
    return {
        "t2.regulations.issued": _rarely(rnd, 0.2 * rules, 1, 3),
        "t2.regulations.repealed": _rarely(rnd, 0.15 * rules, 1, 2),
        "t2.regulations.in_force": _rarely(rnd, 0.5 * rules, 1, 40),
        "t2.normative_documents.issued": issued, "t2.normative_documents.repealed": _rarely(rnd, 0.6, 1, 20),
        "t2.normative_documents.in_force": issued + _magnitude(rnd, (0.05, 0.3, 0.5, 0.15, 0.0)),
        "t2.licensing.decisions": _magnitude(rnd, MIXES["decisions"]),
        "t2.penalty.decisions": _magnitude(rnd, MIXES["decisions"]),
        "t2.coercion.decisions": _magnitude(rnd, MIXES["coercion"]),
        "t2.fees.amount": _amount(rnd),
    }


def _table2_2019(rnd: random.Random, city: bool) -> dict[str, object]:
    v: dict[str, object] = {}
    for row in ("regulations", "normative_documents"):
        made = _rarely(rnd, 0.2, 1, 3) if row == "regulations" else _magnitude(rnd, (0.2, 0.5, 0.3, 0.0, 0.0))
        v[f"t2.{row}.new_made"] = made
        v[f"t2.{row}.new_published"] = max(0, made - _rarely(rnd, 0.3, 1, 2))
        v[f"t2.{row}.total_published"] = made + _magnitude(rnd, (0.3, 0.3, 0.35, 0.05, 0.0))
        if row == "regulations" and not city:
            v.update(dict.fromkeys(("t2.regulations.new_made", "t2.regulations.new_published",
                                    "t2.regulations.total_published"), 0))
    for row in ("licensing", "other_services", "penalty", "coercion", "fees"):
        prior = _magnitude(rnd, MIXES["items"])
        v[f"t2.{row}.prior_items"] = prior
        v[f"t2.{row}.change"] = rnd.randint(-min(5, prior), 8) if rnd.random() < 0.5 else 0
        if row != "fees":
            v[f"t2.{row}.decisions"] = _magnitude(rnd, MIXES["coercion" if row == "coercion" else "decisions"])
    v["t2.procurement.items"] = _magnitude(rnd, MIXES["items"])
    v["t2.procurement.amount"] = _amount(rnd, given=True) if v["t2.procurement.items"] else Decimal(0)
    return v


def _table3(rnd: random.Random, tpl: TableTemplate) -> dict[str, object]:
    results = [r.key for r in tpl.rows if r.key not in ("new_received", "carried_over", "results_total",
                                                         "carried_forward")]
    v: dict[str, object] = {}
    for col in y2021.APPLICANTS:
        volume = _magnitude(rnd, MIXES[col.key])
        active = [r for r in results if r == "disclosed" or rnd.random() < 0.45]
        counts = Counter(rnd.choices(active, weights=[RESULT_WEIGHTS[r] for r in active], k=volume))
        for row in results:
            v[f"t3.{row}.{col.key}"] = counts[row]
        forward = _rarely(rnd, 0.5, 1, max(1, volume // 8))
        over = min(_rarely(rnd, 0.5, 1, max(1, volume // 8)), volume + forward)
        v[f"t3.results_total.{col.key}"] = volume
        v[f"t3.carried_forward.{col.key}"] = forward
        v[f"t3.carried_over.{col.key}"] = over
        v[f"t3.new_received.{col.key}"] = volume + forward - over
    for row in tpl.rows:
        v[f"t3.{row.key}.total"] = sum(v[f"t3.{row.key}.{c.key}"] for c in y2021.APPLICANTS)  # type: ignore[misc]
    return v


def _table4(rnd: random.Random) -> dict[str, object]:
    v: dict[str, object] = {}
    for group, _ in y2021.T4_GROUPS:
        busy = rnd.random() < 0.5
        parts = [_rarely(rnd, 0.4, 1, rnd.choice((3, 12, 40))) if busy else 0 for _ in range(4)]
        for outcome, n in zip(("upheld", "corrected", "other", "pending"), parts):
            v[f"t4.{group}.{outcome}"] = n
        v[f"t4.{group}.total"] = sum(parts)
    return v


def can_make_regulations(organ: str) -> bool:
    """Only organs above counties and districts make 规章 (as rules_organ holds)."""
    return not re.search(r"乡|镇|街道|县|区", organ)


def realistic_values(seed: int, fmt: str = "2021", blanks: str = "none", city: bool = True) -> dict[str, object]:
    """Cell values of a report in `fmt` ("2021", "2019" or "hybrid") that satisfy every rule of its
    template: many zeros, counts of 1-4 digits, amounts in 万元 with decimals, 规章 only if `city`.
    `blanks` leaves cells that are zero blank (None), as reports often do: "t2" (table 2's zeros),
    "t4" (table 4's), "t3rows" (table 3's result rows that are zero throughout), "t2+t4", or "none"."""
    rnd = random.Random(seed)
    t2, t3, _ = tables(fmt)
    v = _table2_2021(rnd, city) if t2.variant == "2021" else _table2_2019(rnd, city)
    v.update(_table3(rnd, t3))
    v.update(_table4(rnd))
    if blanks not in BLANK_STYLES:
        raise ValueError(f"unknown blank style {blanks!r}")
    for key, value in list(v.items()):
        table = key.split(".", 1)[0]
        if value == 0 and table in blanks.split("+"):
            v[key] = None
    if blanks == "t3rows":
        for row in t3.rows[2:-2]:
            keys = t3.row_keys(row)
            if all(v[k] == 0 for k in keys):
                v.update(dict.fromkeys(keys))
    return v


def check_rules(values: dict[str, object], fmt: str) -> list[str]:
    """The equations of the format that the values break (blank cells as zero): none, by construction."""
    broken = []
    for tpl in tables(fmt):
        for eq in tpl.equations:
            left = sum(values[k] or 0 for k in eq.left)  # type: ignore[misc]
            right = sum(values[k] or 0 for k in eq.right)  # type: ignore[misc]
            if left != right:
                broken.append(f"{eq.rule} {eq.where}")
    return broken


# ---- the report --------------------------------------------------------------------------------

PROSE = {
    1: ["本年度，我单位坚持以公开为常态、不公开为例外，认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "围绕中心工作推进决策、执行、管理、服务、结果公开，政府信息公开工作取得新的进展。",
        "我单位进一步完善政府信息公开工作机制，明确分管领导和工作人员，规范信息发布审核流程，"
        "做到先审查、后公开，一事一审、全面审查。",
        "依申请公开方面，严格按照法定时限和程序办理，规范答复文书格式，加强与申请人的沟通，"
        "对申请内容不明确的，及时告知申请人补正。",
        "政府信息管理方面，定期清理主动公开目录，及时更新过期信息，确保公开内容准确、完整。",
        "政府信息公开平台建设方面，持续优化政府网站信息公开专栏，完善栏目设置，提升检索功能，"
        "同时用好政务微信公众号等新媒体平台，拓宽信息发布渠道。",
        "监督保障方面，将政府信息公开工作纳入年度绩效考核，组织开展业务培训两次，"
        "主动接受社会监督，畅通意见反馈渠道。"],
    2: ["本年度通过政府网站、政务新媒体等渠道主动公开政府信息，及时发布政策文件和解读材料。",
        "围绕群众关注的重点领域，及时公开财政预决算、重大建设项目、公共资源配置等信息。",
        "对新出台的政策文件同步开展解读，采用图文、问答等形式，便于群众理解。"],
    5: ["存在的主要问题：一是政策解读形式还比较单一；二是公开内容的规范性有待提高；"
        "三是基层工作人员业务能力有待加强。",
        "改进措施：加强业务培训，提升工作人员的业务能力，进一步规范依申请公开办理流程。",
        "下一步，我们将进一步丰富政策解读形式，推动政府信息公开工作提质增效。"],
    6: ["本年度未收取信息处理费。", "本年度无其他需要报告的事项。",
        "本年度未发生因政府信息公开收取信息处理费的情况，无其他需要报告的事项。"],
}


def _prose(rnd: random.Random, values: dict[str, object], short: bool) -> dict[int, str]:
    """Section prose: picked sentences, and sometimes a figure of the tables stated in words."""
    first = rnd.sample(PROSE[1], 1 if short else rnd.randint(2, len(PROSE[1])))
    received = values.get("t3.new_received.total")
    if received is not None and rnd.random() < 0.6:
        first.append(f"全年共新收政府信息公开申请{received}件，均在法定期限内予以答复。")
    out = {1: "".join(first), 6: rnd.choice(PROSE[6])}
    if not short:
        out[2] = "".join(rnd.sample(PROSE[2], rnd.randint(1, len(PROSE[2]))))
        issued = values.get("t2.normative_documents.issued")
        if issued and rnd.random() < 0.5:
            out[2] += f"本年度制发行政规范性文件共{issued}件。"
        out[5] = "".join(PROSE[5][:rnd.randint(1, len(PROSE[5]))])
    return out


def _text(value: object) -> str:
    return "/" if value is None else str(value)


def report_source(values: dict[str, object], fmt: str, organ: str, year: int,
                  prose: dict[int, str] | None = None) -> str:
    """The report as plain text, its tables tab-separated as reportgen writes them, in any format."""
    t2, t3, t4 = tables(fmt)
    prose = prose or {}
    table_lines: dict[int, list[str]] = {2: [], 3: ["\t".join(h) for h in T3_HEADER],
                                         4: ["\t".join(h) for h in T4_HEADER]}
    group = None
    for row in t2.rows:
        if row.group != group:
            group = row.group
            table_lines[2] += [row.group or "", "\t".join(["信息内容"] + [c.label for c in row.columns])]
        table_lines[2].append("\t".join([row.label or ""] + [_text(values[k]) for k in t2.row_keys(row)]))
    for row in t3.rows:
        label = [row.label or ""]
        if row.key == "disclosed":
            label.insert(0, y2021.RESULTS_LABEL)
        elif row.group and (row.label or "").startswith("1."):
            label.insert(0, row.group)
        table_lines[3].append("\t".join(label + [_text(values[k]) for k in t3.row_keys(row)]))
    table_lines[4].append("\t".join(_text(values[k]) for k in t4.cell_keys()))
    out = [f"{organ}{year}年政府信息公开工作年度报告", "",
           f"本报告根据《中华人民共和国政府信息公开条例》编制。本报告所列数据的统计期限自{year}年1月1日起"
           f"至{year}年12月31日止。", ""]
    for n, heading in enumerate(HEADINGS, start=1):
        out += [heading, ""]
        if n in prose:
            out += [prose[n], ""]
        out += table_lines.get(n, []) + ([""] if n in table_lines else [])
    return "\n".join(out)


def same_value(got: object, want: object) -> bool:
    """A read value equals an intended one (amounts compared as numbers, "18651.06" or Decimal)."""
    if want is None or got is None:
        return got is None and want is None
    if isinstance(want, (str, Decimal)) or isinstance(got, Decimal):
        try:
            return Decimal(str(got)) == Decimal(str(want)) and not isinstance(got, bool)
        except ArithmeticError:
            return False
    return type(got) is type(want) and got == want


def build_report(values: dict[str, object], fmt: str, organ: str, year: int, prose: dict[int, str]) -> Report:
    """The Report the renderers print: the text report read by xxgk, checked against `values`."""
    text = report_source(values, fmt, organ, year, prose)
    report = xxgk.read_source(Source(text.encode("utf-8"), f"{organ}{year}.txt"))
    report.meta.source = None
    _check(report.cells(), values, fmt, "the text report")
    paragraphs = {s.number: "".join(s.paragraphs) for s in report.sections if s.paragraphs}
    if paragraphs != {n: text for n, text in prose.items() if text}:
        raise AssertionError(f"the text report's prose is not the intended one: {paragraphs}")
    if (report.meta.organ, report.meta.year) != (organ, year):
        raise AssertionError(f"the text report's meta: {report.meta.organ!r} {report.meta.year!r}")
    return report


def _check(cells: dict[str, object], values: dict[str, object], fmt: str, what: str) -> None:
    off = [(k, values[k], cells.get(k)) for k in cell_keys(fmt) if not same_value(cells.get(k), values[k])]
    extra = [k for k, v in cells.items() if k not in values and v is not None]
    if off or extra:
        raise AssertionError(f"{what} does not hold the intended values: {off[:5]} {extra[:5]}")


def expected_document(values: dict[str, object], fmt: str, organ: str, year: int) -> dict:
    amounts = amount_keys(fmt)
    cells = {k: (str(values[k]) if k in amounts and values[k] is not None else values[k]) for k in cell_keys(fmt)}
    return {"meta": {"organ": organ, "year": year}, "cells": cells}


# ---- renderers ---------------------------------------------------------------------------------

def render_libreoffice(report: Report, soffice: str, work: Path) -> bytes:
    """xxgk's DOCX of the report, converted to PDF by LibreOffice (its own profile in `work`)."""
    docx = work / "report.docx"
    with open(docx, "wb") as fh:
        xxgk.write(report, "docx", fh)
    _check(_docx_cells(docx.read_bytes(), report), report.cells(), _format(report), "the DOCX written")
    profile = (work / "lo-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                    str(work), str(docx)], check=True, capture_output=True, timeout=300)
    return (work / "report.pdf").read_bytes()


CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars")


def render_chromium(report: Report, chromium: str, work: Path) -> bytes:
    """xxgk's HTML page of the report, printed to PDF by Chromium (A4, the page's print styles)."""
    html = work / "report.html"
    with open(html, "wb") as fh:
        xxgk.write(report, "html", fh)
    _check(_html_cells(html.read_text(encoding="utf-8"), report), report.cells(), _format(report),
           "the HTML written")
    out = work / "chromium.pdf"
    subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={work / 'chromium-profile'}",
                    "--no-pdf-header-footer", f"--print-to-pdf={out}", html.as_uri()],
                   check=True, capture_output=True, timeout=300)
    return out.read_bytes()


def _value_cells(report: Report):
    """(table index, row, grid column, key) of every value cell of the report's tables as written."""
    for n, tpl in enumerate(manager.default().registry.report_tables(report)):
        for r, c, cell in placed(official_layout(tpl)):
            if cell.key is not None:
                yield n, r, c, cell.key


def _parse(text: str, key: str, amounts: frozenset[str]) -> object:
    text = text.strip()
    if not text:
        return None
    return Decimal(text) if key in amounts else int(text)


def _docx_cells(data: bytes, report: Report) -> dict[str, object]:
    """The values the DOCX's tables hold, found where the official layout puts them."""
    import docx

    amounts = amount_keys(_format(report))
    tables = docx.Document(io.BytesIO(data)).tables
    return {key: _parse(tables[n].rows[r].cells[c].text, key, amounts) for n, r, c, key in _value_cells(report)}


def _html_cells(html: str, report: Report) -> dict[str, object]:
    """The values of the page's value cells (td id="c-KEY")."""
    from bs4 import BeautifulSoup

    amounts = amount_keys(_format(report))
    soup = BeautifulSoup(html, "lxml")
    return {key: _parse(soup.find("td", id=f"c-{key}").get_text(), key, amounts)
            for _, _, _, key in _value_cells(report)}


def _format(report: Report) -> str:
    t2, t3 = report.templates()["t2"], report.templates()["t3"]
    return t2 if t2 == t3 else "hybrid"


# reportlab: TrueType CJK fonts (reportlab embeds TrueType outlines only, not the CFF of Noto CJK),
# and the built-in STSong-Light, which the PDF names without embedding it (the rasteriser substitutes)
FONT_FILES = {"WenQuanYi Zen Hei": ("wqy-zenhei.ttc", 0), "WenQuanYi Micro Hei": ("wqy-microhei.ttc", 0),
              "AR PL UMing CN": ("uming.ttc", 0), "AR PL UKai CN": ("ukai.ttc", 0)}
CID_FONT = "STSong-Light"


def font_file(family: str) -> Path | None:
    """The installed file of one of FONT_FILES (fc-list, then the usual folders)."""
    name, _ = FONT_FILES[family]
    try:
        listed = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        listed = ""
    for line in listed.splitlines():
        path = Path(line.split(":")[0].strip())
        if path.name == name:
            return path
    for folder in ("/usr/share/fonts", "/usr/local/share/fonts"):
        found = sorted(Path(folder).rglob(name)) if Path(folder).is_dir() else []
        if found:
            return found[0]
    return None


def _register(family: str) -> str:
    """The reportlab font name for `family` (STSong-Light when the family's file is missing)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    if family != CID_FONT:
        path = font_file(family)
        if path is not None:
            name = family.replace(" ", "")
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=FONT_FILES[family][1]))
            return name
    if CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return CID_FONT


@dataclass
class Style:
    """How the reportlab renderer prints a report."""

    font: str = "WenQuanYi Zen Hei"
    rule: float = 0.5                 # points; 0: no rules (an unruled table)
    split_t3: int | None = 12         # table 3 broken over two pages after this many of its rows
    repeat_header: bool = True        # the continued table 3 repeats its header
    blank_mark: str = "/"             # how a blank cell is printed ("/" or "")
    plus: bool = False                # 本年增/减 written "+3"
    thousands: bool = False           # counts and amounts of four digits or more written "4,529"
    size: float = 9.0                 # the tables' font size
    padding: float = 2.0              # points between a cell's rules and its text, left and right
    values_right: bool = False        # values set flush right (against the rule, with no padding)
    value_grey: float = 0.0           # the values' grey, 0 black to 1 white (printed grey, or with little toner)


COLUMN_SHARES = {"t2": [3, 2, 2, 2], "t3": [0.9, 1.9, 4.2] + [1.23] * 7, "t4": [1] * 15}


def _value_text(value: object, key: str, style: Style) -> str:
    if value is None:
        return style.blank_mark
    if style.thousands and isinstance(value, (int, Decimal)) and abs(value) >= 1000:
        return f"{value:,}"
    if style.plus and key.endswith(".change") and isinstance(value, int) and value > 0:
        return f"+{value}"
    return str(value)


def _layout_rows(tpl: TableTemplate, report: Report, style: Style, cell_style) -> tuple[list[list], list]:
    """The table's rows of cell contents (Paragraphs) and its SPAN commands."""
    from reportlab.lib.colors import Color
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    value_style = ParagraphStyle("value", cell_style, alignment=2 if style.values_right else cell_style.alignment,
                                 textColor=Color(style.value_grey, style.value_grey, style.value_grey))
    layout = official_layout(tpl)
    columns = width(layout)
    rows: list[list] = [[""] * columns for _ in layout]
    spans = []
    for r, c, cell in placed(layout):
        if cell.key is None:
            rows[r][c] = Paragraph(cell.text or "", cell_style)
        else:
            rows[r][c] = Paragraph(_value_text(report.value(cell.key), cell.key, style), value_style)
        if cell.rowspan > 1 or cell.colspan > 1:
            spans.append((r, c, r + cell.rowspan - 1, c + cell.colspan - 1))
    return rows, spans


def _grid(rows, spans, widths, font: str, style: Style, repeat: int = 0):
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    commands = [("FONT", (0, 0), (-1, -1), font, style.size), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), style.padding), ("RIGHTPADDING", (0, 0), (-1, -1), style.padding)]
    commands += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in spans]
    if style.rule:
        commands.append(("GRID", (0, 0), (-1, -1), style.rule, colors.black))
    table = Table(rows, colWidths=widths, repeatRows=repeat)
    table.setStyle(TableStyle(commands))
    return table


def _split_spans(spans, at: int, head: int, repeat: bool):
    """The spans of the two parts of a table broken before row `at` (the first `head` rows are the
    header, repeated in the second part when `repeat`): a span across the break is cut in two."""
    first, second = [], []
    shift = at - (head if repeat else 0)
    for r0, c0, r1, c1 in spans:
        if r1 < head:
            first.append((r0, c0, r1, c1))
            if repeat:
                second.append((r0, c0, r1, c1))
        elif r1 < at:
            first.append((r0, c0, r1, c1))
        elif r0 >= at:
            second.append((r0 - shift, c0, r1 - shift, c1))
        else:
            first.append((r0, c0, at - 1, c1))
            second.append((0 if not repeat else head, c0, r1 - shift, c1))
    return [s for s in first if s[2] > s[0] or s[3] > s[1]], [s for s in second if s[2] > s[0] or s[3] > s[1]]


def render_reportlab(report: Report, style: Style) -> bytes:
    """The report drawn by reportlab: title, prose, the official tables, page numbers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    font = _register(style.font)
    title = ParagraphStyle("title", fontName=font, fontSize=18, leading=28, alignment=1)
    body = ParagraphStyle("body", fontName=font, fontSize=12, leading=21, firstLineIndent=24)
    heading = ParagraphStyle("heading", fontName=font, fontSize=13, leading=24, spaceBefore=6)
    cell = ParagraphStyle("cell", fontName=font, fontSize=style.size, leading=style.size * 1.25, alignment=1)
    text_width = A4[0] - 2 * 60
    story = [Paragraph(report.meta.title or "", title), Spacer(1, 10)]
    story += [Paragraph(p, body) for p in report.preamble]
    templates = {t.section: t for t in manager.default().registry.report_tables(report)}
    for spec in manager.default().registry.sections():
        story.append(Paragraph(spec.heading, heading))
        for section in (s for s in report.sections if s.number == spec.number):
            story += [Paragraph(p, body) for p in section.paragraphs]
        tpl = templates.get(spec.number)
        if tpl is None:
            continue
        rows, spans = _layout_rows(tpl, report, style, cell)
        shares = COLUMN_SHARES[tpl.table]
        widths = [text_width * s / sum(shares) for s in shares]
        if tpl.table == "t3" and style.split_t3:
            at = 3 + style.split_t3
            first, second = _split_spans(spans, at, 3, style.repeat_header)
            rest = (rows[:3] if style.repeat_header else []) + rows[at:]
            story += [PageBreak(), _grid(rows[:at], first, widths, font, style), PageBreak(),
                      _grid(rest, second, widths, font, style)]
        else:
            story.append(_grid(rows, spans, widths, font, style, repeat=3 if tpl.table == "t3" else 0))
    name = report.meta.organ or ""

    def furniture(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 32, f"{name}政府信息公开工作年度报告")
        canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")
        canvas.restoreState()

    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, topMargin=60, bottomMargin=56, leftMargin=60, rightMargin=60,
                      invariant=1, title=report.meta.title or "").build(
        story, onFirstPage=furniture, onLaterPages=furniture)
    return out.getvalue()


# ---- scanning ----------------------------------------------------------------------------------

@dataclass
class Scan:
    """How a file's pages are scanned: resolution, per-page turn and lighting, blur, JPEG, dust."""

    dpi: int = 200
    angles: list[float] = field(default_factory=list)      # degrees, counterclockwise, one per page
    photographed: list[bool] = field(default_factory=list)  # one per page
    blur: float = 0.0            # Gaussian sigma in pixels of the scan (0: none)
    jpeg_quality: int = 75
    speckle: float = 0.0         # share of pixels turned black or white


def rasterise(pdf: bytes, dpi: int) -> list:
    """The pages of a PDF as grey numpy images at `dpi`."""
    import numpy as np
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for page in doc:
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            pages.append(np.array(bitmap.to_numpy()).reshape(bitmap.height, bitmap.width, -1)[:, :, 0].copy())
            page.close()
        return pages
    finally:
        doc.close()


def degrade(image, angle: float, photographed: bool, scan: Scan, rng) -> bytes:
    """One page scanned: turned, blurred, lit unevenly if photographed, speckled; JPEG bytes."""
    import cv2
    import numpy as np

    h, w = image.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    page = cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_CUBIC, borderValue=255).astype(np.float32)
    if scan.blur > 0:
        page = cv2.GaussianBlur(page, (0, 0), scan.blur)
    if photographed:
        ink, paper = rng.uniform(35, 70), rng.uniform(215, 240)       # contrast lost
        page = ink + page * (paper - ink) / 255
        ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
        direction = rng.uniform(0, 2 * np.pi)
        ramp = (xs / w - 0.5) * np.cos(direction) + (ys / h - 0.5) * np.sin(direction)
        radius = np.hypot(xs / w - rng.uniform(0.35, 0.65), ys / h - rng.uniform(0.35, 0.65))
        light = 1 - rng.uniform(0.15, 0.35) * (ramp + 0.5) - rng.uniform(0.1, 0.3) * radius ** 2
        page = page * light + rng.normal(0, 3.0, page.shape)
    page = np.clip(page, 0, 255).astype(np.uint8)
    if scan.speckle > 0:
        count = int(scan.speckle * h * w)
        ys, xs = rng.integers(0, h, count), rng.integers(0, w, count)
        page[ys, xs] = np.where(rng.random(count) < 0.5, 0, 255).astype(np.uint8)
    ok, jpeg = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, scan.jpeg_quality])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return jpeg.tobytes()


def image_pdf(pages: list[tuple[bytes, int, int]], dpi: int) -> bytes:
    """A PDF of grey JPEG pages (bytes, width, height in pixels) and nothing else: no text layer.
    Each page is its image's size at `dpi` (A4 for an A4 page rasterised at that resolution)."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for jpeg, w, h in pages:
        first = len(objects) + 1
        pw, ph = w * 72 / dpi, h * 72 / dpi
        draw = f"q {pw:.3f} 0 0 {ph:.3f} 0 0 cm /Im0 Do Q".encode("ascii")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.3f} {ph:.3f}] /Resources "
                       f"<< /XObject << /Im0 {first + 2} 0 R >> >> /Contents {first + 1} 0 R >>".encode("ascii"))
        objects.append(f"<< /Length {len(draw)} >>\nstream\n".encode("ascii") + draw + b"\nendstream")
        objects.append(f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray "
                       f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(jpeg)} >>\nstream\n".encode("ascii")
                       + jpeg + b"\nendstream")
        kids.append(f"{first} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode("ascii")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode("ascii") + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += b"".join(f"{o:010d} 00000 n \n".encode("ascii") for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode("ascii")
    return bytes(out)


def scan_pdf(pdf: bytes, scan: Scan, rng) -> bytes:
    """A printed PDF scanned as `scan` says (its angle and lighting lists as long as the pages)."""
    pages = rasterise(pdf, scan.dpi)
    if len(scan.angles) != len(pages) or len(scan.photographed) != len(pages):
        raise ValueError(f"{len(pages)} pages, {len(scan.angles)} angles and {len(scan.photographed)} lightings")
    jpegs = [(degrade(img, a, p, scan, rng), img.shape[1], img.shape[0])
             for img, a, p in zip(pages, scan.angles, scan.photographed)]
    return image_pdf(jpegs, scan.dpi)


def printed_fonts(pdf: bytes) -> list[str]:
    """The fonts the printed PDF's text is set in (subset prefixes dropped), most used first."""
    import logging

    import pdfplumber

    used: Counter[str] = Counter()
    quiet = logging.getLogger("pdfminer")
    level = quiet.level
    quiet.setLevel(logging.ERROR)    # a CID font without a FontBBox (STSong-Light) is warned of per glyph
    try:
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            for page in doc.pages:
                used.update(c["fontname"].split("+", 1)[-1] for c in page.chars if ord(c["text"][0]) > 0x2e80)
                page.close()
    finally:
        quiet.setLevel(level)
    return [name for name, _ in used.most_common()]


def page_count(pdf: bytes) -> int:
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


# ---- the set -----------------------------------------------------------------------------------

@dataclass
class Plan:
    """One file of the set: which report, printed how, scanned how."""

    name: str
    report_seed: int
    format: str
    organ: str
    year: int
    renderer: str
    blanks: str
    style: Style | None = None       # reportlab only
    short: bool = False              # less prose (fewer pages)
    degradation: str = "full"        # "full" ranges or "modest"


# (renderer, format, blank style, reportlab style), the whole set
COMPOSITION = [
    ("libreoffice", "2021", "none", None),
    ("libreoffice", "2021", "t4", None),
    ("libreoffice", "2019", "none", None),
    ("libreoffice", "2021", "t3rows", None),
    ("chromium", "2021", "none", None),
    ("chromium", "hybrid", "t2", None),
    ("chromium", "2021", "t2+t4", None),
    ("chromium", "2019", "t4", None),
    ("reportlab", "2021", "none", Style("WenQuanYi Zen Hei", 0.5, 12, True)),
    ("reportlab", "2021", "t4", Style("AR PL UMing CN", 0.25, 9, False, "/")),
    ("reportlab", "2019", "none", Style("AR PL UKai CN", 1.0, 14, True, plus=True)),
    ("reportlab", "2021", "t2+t4", Style("WenQuanYi Micro Hei", 1.5, None, True, "", thousands=True)),
    ("reportlab", "2021", "none", Style(CID_FONT, 0.75, 16, False, size=10)),
    ("reportlab", "2021", "t3rows", Style("WenQuanYi Zen Hei", 0.0, 11, True, "/")),
    ("reportlab", "2019", "t2", Style("AR PL UMing CN", 0.0, None, True, "")),
    ("reportlab", "2021", "none", Style("AR PL UKai CN", 0.35, 10, False, thousands=True, size=8.5)),
]
SMALL = [
    ("libreoffice", "2021", "none", None),
    ("chromium", "2019", "t4", None),
    ("reportlab", "2021", "t3rows", Style("WenQuanYi Zen Hei", 0.5, 12, True, "/")),
]


def plan(seed: int = 0, small: bool = False) -> list[Plan]:
    rnd = random.Random(seed)
    organs = rnd.sample(ORGANS, len(SMALL if small else COMPOSITION))
    plans = []
    for i, (renderer, fmt, blanks, style) in enumerate(SMALL if small else COMPOSITION):
        year = rnd.choice((2019, 2020)) if fmt in ("2019", "hybrid") else rnd.randint(2021, 2024)
        plans.append(Plan(f"{i + 1:02d}-{renderer}-{fmt}", rnd.randrange(1 << 30), fmt, organs[i], year, renderer,
                          blanks, style, short=small, degradation="modest" if small else "full"))
    return plans


def scan_settings(rng, pages: int, degradation: str) -> Scan:
    """Degradations drawn from the seeded generator: modest for the test slice, the full ranges else."""
    import numpy as np

    if degradation == "modest":
        return Scan(dpi=200, angles=[round(float(rng.uniform(-0.6, 0.6)), 2) for _ in range(pages)],
                    photographed=[False] * pages, blur=round(float(rng.uniform(0, 0.4)), 2),
                    jpeg_quality=int(rng.integers(70, 91)), speckle=round(float(rng.uniform(0, 0.0002)), 5))
    dpi = int(rng.choice([100, 120, 150, 200, 240, 300]))
    base = float(rng.uniform(-2, 2))
    angles = [round(float(np.clip(base + rng.normal(0, 0.3), -2, 2)), 2) for _ in range(pages)]
    photographed = [bool(rng.random() < 0.15) for _ in range(pages)]
    return Scan(dpi=dpi, angles=angles, photographed=photographed, blur=round(float(rng.uniform(0, 1.2)), 2),
                jpeg_quality=int(rng.integers(30, 91)), speckle=round(float(rng.uniform(0, 0.004)), 5))


def make_file(p: Plan, out: Path, rng, programs: dict[str, str], work: Path) -> dict:
    """Writes NAME.pdf and NAME.expected.json; the manifest entry."""
    values = realistic_values(p.report_seed, p.format, p.blanks, can_make_regulations(p.organ))
    broken = check_rules(values, p.format)
    if broken:
        raise AssertionError(f"values break {broken}")
    prose = _prose(random.Random(p.report_seed), values, p.short)
    report = build_report(values, p.format, p.organ, p.year, prose)
    said = [f"{f.rule}: {f.message}" for f in xxgk.validate(report) if f.rule not in WRITING_RULES]
    if said:
        raise AssertionError(f"the report as written draws findings: {said}")
    if p.renderer == "libreoffice":
        printed = render_libreoffice(report, programs["libreoffice"], work)
    elif p.renderer == "chromium":
        printed = render_chromium(report, programs["chromium"], work)
    else:
        printed = render_reportlab(report, p.style or Style())
    pages = page_count(printed)
    scan = scan_settings(rng, pages, p.degradation)
    (out / f"{p.name}.pdf").write_bytes(scan_pdf(printed, scan, rng))
    expected = expected_document(values, p.format, p.organ, p.year)
    (out / f"{p.name}.expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                                                  encoding="utf-8")
    style = p.style if p.renderer == "reportlab" else None
    fonts = printed_fonts(printed)
    font = ", ".join(fonts) + (" (not embedded: drawn in the rasteriser's substitute)"
                               if any(f.startswith("STSong") for f in fonts) else "")
    return {
        "file": f"{p.name}.pdf", "expected": f"{p.name}.expected.json", "report_seed": p.report_seed,
        "format": p.format, "organ": p.organ, "year": p.year, "blanks": p.blanks, "renderer": p.renderer,
        "font": font, "rule_width": style.rule if style else WRITER_RULES[p.renderer],
        "ruled": style.rule > 0 if style else True,
        "t3_split_after": style.split_t3 if style else None,
        "t3_header_repeated": style.repeat_header if style and style.split_t3 else None,
        "blank_mark": style.blank_mark if style else "", "plus_signs": bool(style and style.plus),
        "thousands_separators": bool(style and style.thousands), "table_font_size": style.size if style else None,
        "dpi": scan.dpi, "angles": scan.angles, "blur": scan.blur, "jpeg_quality": scan.jpeg_quality,
        "speckle": scan.speckle, "lighting": ["photographed" if x else "flat" for x in scan.photographed],
        "pages": pages, "cells": len(expected["cells"]),
        "blank_cells": sum(v is None for v in expected["cells"].values()),
    }


WRITER_RULES = {"libreoffice": 0.5, "chromium": 0.75}   # points: Word's "Table Grid", CSS's 1px


def programs_needed(plans: list[Plan]) -> set[str]:
    return {p.renderer for p in plans} & {"libreoffice", "chromium"}


def find_programs() -> dict[str, str]:
    """soffice and chromium on the PATH (the tests' fixtures install them when missing)."""
    found = {}
    for renderer, names in (("libreoffice", ("soffice", "libreoffice")),
                            ("chromium", ("chromium", "chromium-browser", "google-chrome", "chrome"))):
        path = next((shutil.which(n) for n in names if shutil.which(n)), None)
        if path:
            found[renderer] = path
    return found


def generate(out: Path, seed: int = 0, small: bool = False, programs: dict[str, str] | None = None) -> dict:
    """Writes the set (or the small slice) into `out`: the PDFs, their expected values, manifest.json."""
    import numpy

    programs = programs if programs is not None else find_programs()
    plans = plan(seed, small)
    missing = programs_needed(plans) - set(programs)
    if missing:
        raise RuntimeError(f"the set needs {', '.join(sorted(missing))}: not found")
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for i, p in enumerate(plans):
        rng = numpy.random.default_rng([seed, i])
        with tempfile.TemporaryDirectory(prefix="scangen-") as tmp:
            files.append(make_file(p, out, rng, programs, Path(tmp)))
    manifest = {"seed": seed, "small": small, "pages": sum(f["pages"] for f in files),
                "reports": len(files), "renderers": sorted({f["renderer"] for f in files}), "files": files}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


# ---- scoring -----------------------------------------------------------------------------------

@dataclass
class Score:
    """Cell by cell against the expected values."""

    exact: list[str] = field(default_factory=list)
    wrong: list[tuple[str, object, object]] = field(default_factory=list)   # (key, expected, got)
    flagged: list[str] = field(default_factory=list)    # null, a finding names the cell
    silent: list[str] = field(default_factory=list)     # null, no finding names it
    meta: list[tuple[str, object, object]] = field(default_factory=list)    # organ or year read otherwise
    named: list[str] = field(default_factory=list)      # the wrong cells that a finding names

    @property
    def cells(self) -> int:
        return len(self.exact) + len(self.wrong) + len(self.flagged) + len(self.silent)

    def add(self, other: Score) -> Score:
        return Score(*(getattr(self, f) + getattr(other, f)
                       for f in ("exact", "wrong", "flagged", "silent", "meta", "named")))

    def summary(self) -> dict:
        return {"cells": self.cells, "exact": len(self.exact), "wrong": len(self.wrong),
                "wrong_named_by_a_finding": len(self.named), "null_with_finding": len(self.flagged),
                "null_without_finding": len(self.silent)}


def score(report: Report, findings: list[Finding], expected: dict) -> Score:
    """Each expected cell: exact, wrong (a value differing from the expected one, or a value where
    the expected cell is blank: invented), null with a finding naming it, null with none. A value
    the report holds under a key the expected table does not have is wrong too (invented)."""
    cells = report.cells()
    named = {key for finding in findings for key in finding.cells}
    out = Score()
    for key, want in expected["cells"].items():
        got = cells.get(key)
        if same_value(got, want):
            out.exact.append(key)
        elif got is not None:
            out.wrong.append((key, want, got))
        elif key in named:
            out.flagged.append(key)
        else:
            out.silent.append(key)
    out.wrong += [(key, None, got) for key, got in cells.items() if key not in expected["cells"] and got is not None]
    out.named = [key for key, _, _ in out.wrong if key in named]
    meta = expected.get("meta", {})
    for name in ("organ", "year"):
        if name in meta and getattr(report.meta, name) != meta[name]:
            out.meta.append((name, meta[name], getattr(report.meta, name)))
    return out


def read_and_score(pdf: Path, expected_path: Path) -> tuple[Report, list[Finding], Score]:
    report = xxgk.read(pdf)
    findings = xxgk.validate(report)
    return report, findings, score(report, findings, json.loads(expected_path.read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Writes the OCR evaluation set of scanned reports.")
    parser.add_argument("out", type=Path, help="the folder to write (created)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--small", action="store_true", help="the test slice: 3 reports, modest degradation")
    args = parser.parse_args(argv)
    manifest = generate(args.out, args.seed, args.small)
    for f in manifest["files"]:
        print(f"{f['file']}: {f['pages']} pages, {f['renderer']}, {f['format']}, {f['dpi']} dpi")
    print(f"{manifest['reports']} reports, {manifest['pages']} pages, renderers: {', '.join(manifest['renderers'])}"
          f" -> {args.out}")


if __name__ == "__main__":
    main()

