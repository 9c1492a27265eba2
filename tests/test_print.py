"""On paper: the DOCX printed by LibreOffice and the HTML page printed by Chromium, read back with
pdfplumber the way a person reads the printout.

The report printed has section 1 cut to short lines, as many as bring the heading of section 2 to
the foot of page 1 when nothing keeps it with what follows (checked: the same report printed with
the keeping taken out ends its first page with that heading), so table 3 runs over two pages; a
wrong table-4 total gives it a findings appendix, and its source is an absolute path.
"""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest

import xxgk
from xxgk import cli, manager
from xxgk.errors import WriteError
from xxgk.plugins import fonts, pdf_print
from xxgk.plugins.docx_page import MARGINS_CM
from xxgk.registry import Source
from xxgk.testing import check_writer

from conftest import SAMPLES, read_text
from reportgen import consistent_values, report_text

PT_PER_MM = 72 / 25.4
HEADINGS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
            "附：检查发现的问题")
# one-line paragraphs in section 1 that bring heading 二 to the foot of page 1 in each printer
FILLER = {"libreoffice": 18, "chromium": 15}
RULE_ID = re.compile("|".join(sorted((re.escape(rule) for v in manager.default().registry.validators
                                     for rule in v.rules), key=len, reverse=True)))


def text(s: str) -> str:
    """Text as read, without spaces: Chromium's fonts map some characters to their radicals (⼀ for
    一), which are put back."""
    return re.sub(r"\s+", "", "".join(unicodedata.normalize("NFKC", c) if "\u2e80" <= c <= "\u2fdf" else c
                                      for c in s))


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[dict]
    lines: list[dict]
    edges: list[dict]

    @property
    def footer_top(self) -> float:
        """The type area's lower edge: below it only the page number."""
        return self.height - MARGINS_CM["bottom"] * 10 * PT_PER_MM

    def body_lines(self) -> list[str]:
        return [text(line["text"]) for line in self.lines if line["bottom"] < self.footer_top]

    def footer(self) -> list[dict]:
        return [w for w in self.words if w["top"] >= self.footer_top]


def pages_of(pdf: bytes) -> list[Page]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [Page(page.page_number, float(page.width), float(page.height),
                     [{**w, "text": text(w["text"])} for w in page.extract_words()],
                     page.extract_text_lines(), list(page.edges)) for page in document.pages]


def trial_report(renderer: str, source: str):
    report = read_text(report_text(consistent_values(3, 5), organ="某某县人民政府办公室"))
    report.preamble = []
    report.sections[0].paragraphs = ["本年度工作正常开展。"] * FILLER[renderer]
    report.tables["t4"].cells["t4.review.total"].value += 1     # T4-TOTAL: an appendix
    report.meta.source = source
    return report


def printed(report, renderer: str, programs: dict[str, str], keep: bool = True) -> bytes:
    """The report printed as `renderer` prints it; without `keep`, with nothing keeping headings with
    what follows them (the trial's control)."""
    out = io.BytesIO()
    xxgk.write(report, "docx" if renderer == "libreoffice" else "html", out, findings=xxgk.validate(report))
    document = out.getvalue()
    if renderer == "chromium":
        if not keep:
            document = document.replace(b"break-after: avoid;", b"")
        return pdf_print.from_html(document, programs["chromium"])
    if not keep:
        document = _without(document, b"<w:keepNext/>")
    return pdf_print.from_docx(document, programs["libreoffice"])


def _without(docx: bytes, element: bytes) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(docx)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, data.replace(element, b"") if info.filename == "word/document.xml" else data)
    return out.getvalue()


@pytest.fixture(scope="module")
def prints(tmp_path_factory, libreoffice, chromium, cjk_font):
    """{renderer: (the source path, the pages printed, the pages of the control, the report, the PDF)}."""
    source = str(tmp_path_factory.mktemp("crawl") / "2024" / "报告.txt")
    programs = {"libreoffice": libreoffice, "chromium": chromium}
    out = {}
    for renderer in FILLER:
        report = trial_report(renderer, source)
        pdf = printed(report, renderer, programs)
        out[renderer] = (source, pages_of(pdf), pages_of(printed(report, renderer, programs, keep=False)), report, pdf)
    return out


def _table3_pages(pages: list[Page]) -> tuple[Page, Page]:
    first = next(p for p in pages if any(w["text"] == "申请人情况" for w in p.words))
    last = next(p for p in pages if any("四、结转下年度继续办理" in line for line in p.body_lines()))
    return first, last


@pytest.mark.parametrize("renderer", FILLER)
def test_table3_header_repeats_at_the_top_of_its_continuation_page(prints, renderer):
    _, pages, *_ = prints[renderer]
    first, last = _table3_pages(pages)
    assert last.number == first.number + 1        # the table runs over two pages
    header = [w for w in last.words if w["text"] in ("申请人情况", "法人或其他组织")]
    assert {w["text"] for w in header} == {"申请人情况", "法人或其他组织"}
    numbers = [w for w in last.words if w["text"].isdigit() and w["top"] < last.footer_top]
    assert numbers and max(w["bottom"] for w in header) < min(w["top"] for w in numbers)
    assert min(w["top"] for w in header) < last.height / 4     # at the top of the page


@pytest.mark.parametrize("renderer", FILLER)
def test_every_page_is_numbered_in_the_outer_corner(prints, renderer):
    """"— N —" 7 mm below the type area: odd pages one character in from its right edge, even
    pages from its left edge."""
    _, pages, *_ = prints[renderer]
    assert len(pages) >= 4
    left, right = MARGINS_CM["left"] * 10 * PT_PER_MM, MARGINS_CM["right"] * 10 * PT_PER_MM
    for page in pages:
        footer = page.footer()
        assert "".join(w["text"] for w in footer) == f"—{page.number}—", page.number
        x0, x1 = min(w["x0"] for w in footer), max(w["x1"] for w in footer)
        if page.number % 2:
            assert abs(x1 - (page.width - right - 14)) < 6, (page.number, x1)
        else:
            assert abs(x0 - (left + 14)) < 6, (page.number, x0)
        gap = min(w["top"] for w in footer) - page.footer_top
        assert 3 * PT_PER_MM < gap < 12 * PT_PER_MM, (page.number, gap)


@pytest.mark.parametrize("renderer", FILLER)
def test_no_section_heading_ends_a_page(prints, renderer):
    _, pages, control, *_ = prints[renderer]
    assert control[0].body_lines()[-1] == "二、主动公开政府信息情况"    # the trial is one where it would
    for page in pages:
        assert page.body_lines()[-1] not in HEADINGS, page.number
    assert "二、主动公开政府信息情况" in pages[1].body_lines()


def _inked(edge: dict) -> bool:
    """A rule that prints: not the white of a filled background."""
    color = edge.get("stroking_color") if edge.get("stroke") else edge.get("non_stroking_color")
    values = color if isinstance(color, (tuple, list)) else (color,)
    return not all(isinstance(v, (int, float)) and v >= 0.99 for v in values)


def _covered(edges: list[dict], x: float, top: float, bottom: float) -> bool:
    return any(abs(e["x0"] - x) < 2 and e["top"] <= top + 1 and e["bottom"] >= bottom - 1 for e in edges)


@pytest.mark.parametrize("renderer", FILLER)
def test_tables_have_their_right_border_inside_the_type_area(prints, renderer):
    """On every page with a table, each row (between two rules, with the table's left border beside
    it) has a vertical rule at the table's right edge, which stands inside the type area."""
    _, pages, *_ = prints[renderer]
    tabled = 0
    for page in pages:
        inked = [e for e in page.edges if _inked(e)]
        rules = [e for e in inked if e["orientation"] == "h" and e["x1"] - e["x0"] > 10]
        upright = [e for e in inked if e["orientation"] == "v" and e["bottom"] - e["top"] > 1]
        if not rules:
            continue
        tabled += 1
        left, right = min(e["x0"] for e in rules), max(e["x1"] for e in rules)
        assert right <= page.width - MARGINS_CM["right"] * 10 * PT_PER_MM + 2, (page.number, right)
        tops: list[float] = []
        for top in sorted(e["top"] for e in rules if abs(e["x1"] - right) < 2):
            if not tops or top - tops[-1] > 2:    # a rule drawn as a thin box has two edges
                tops.append(top)
        rows = [(a, b) for a, b in zip(tops, tops[1:]) if _covered(upright, left, a + 1.5, b - 1.5)]
        assert len(rows) >= 3, page.number
        for top, bottom in rows:
            assert _covered(upright, right, top + 1.5, bottom - 1.5), (page.number, top, bottom)
    assert tabled >= 2     # table 3 alone is on two pages


@pytest.mark.parametrize("renderer", FILLER)
def test_no_absolute_path_on_paper(prints, renderer):
    source, pages, *_ = prints[renderer]
    everything = "".join(w["text"] for page in pages for w in page.words)
    folder = text(source.rsplit("/", 1)[0])
    assert folder not in everything and "file:" not in everything and "/tmp" not in everything
    if renderer == "chromium":
        assert "来源：报告.txt" in everything      # the source named by its file name


@pytest.mark.parametrize("renderer", FILLER)
def test_findings_appendix_in_chinese_names_cells_as_printed(prints, renderer):
    _, pages, *_ = prints[renderer]
    appendix = "".join(line for page in pages for line in page.body_lines())
    appendix = appendix[appendix.index("附：检查发现的问题"):]
    assert "T4-TOTAL" in appendix and "表四行政复议：总计=" in appendix
    assert not re.findall(r"[A-Za-z]{3,}", RULE_ID.sub("", appendix))


@pytest.mark.parametrize("renderer", FILLER)
def test_the_printed_pdf_reads_back_to_the_same_cells(prints, renderer):
    """xxgk's own PDF reader takes the printout as any report: table 3's repeated header rows, the
    page numbers and the appendix are passed over. (Chromium's text layer gives some characters as
    their radicals, ⼈⺠ for 人民, which the organ's name keeps.)"""
    *_, report, pdf = prints[renderer]
    again = xxgk.read_source(Source(pdf, "printed.pdf"))
    assert again.cells() == report.cells() and again.meta.year == report.meta.year
    if renderer == "libreoffice":
        assert again.meta.organ == report.meta.organ


def test_convert_to_pdf_with_findings_has_an_appendix_in_chinese(tmp_path, libreoffice, cjk_font):
    """`xxgk convert samples/hongze-2023.pdf --to pdf --findings`: printed through LibreOffice, the
    same bytes each time and in any time zone, its appendix Chinese but for rule ids."""
    command = [sys.executable, "-m", "xxgk", "convert", str(SAMPLES / "hongze-2023.pdf"), "-o", str(tmp_path / "out"),
               "--to", "pdf", "--findings", "-q"]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    pdf = (tmp_path / "out" / "hongze-2023.pdf.pdf").read_bytes()
    subprocess.run(command + ["--force"], check=True, capture_output=True, timeout=300,
                   env={**os.environ, "TZ": "Asia/Shanghai"})
    assert (tmp_path / "out" / "hongze-2023.pdf.pdf").read_bytes() == pdf
    pages = pages_of(pdf)
    start = next(i for i, page in enumerate(pages) if "附：检查发现的问题" in page.body_lines())
    appendix = "".join(line for page in pages[start:] for line in page.body_lines())
    assert appendix.count("T4-TOTAL") == 2 and "（见原文第4页）" in appendix
    assert not re.findall(r"[A-Za-z]{3,}", RULE_ID.sub("", appendix)), appendix
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert document.metadata["Author"] == "淮安市洪泽区人民政府" and document.metadata["Producer"].startswith(
            "LibreOffice")
        assert "政府信息公开工作年度报告" in document.metadata["Title"]


# ---- the PDF writer's printers and fonts ------------------------------------------------------------

def test_chromium_prints_where_libreoffice_is_missing(monkeypatch, chromium, cjk_font):
    monkeypatch.setattr(pdf_print, "SOFFICE", ("no-such-soffice",))
    report = xxgk.read(SAMPLES / "004_12d7c137f1960f71.txt")
    out = io.BytesIO()
    xxgk.write(report, "pdf", out)
    with pdfplumber.open(io.BytesIO(out.getvalue())) as document:
        assert "Chrome" in document.metadata["Creator"] and document.metadata["CreationDate"].startswith("D:1980")
    pages = pages_of(out.getvalue())
    assert [text("".join(w["text"] for w in page.footer())) for page in pages] == [
        f"—{n}—" for n in range(1, len(pages) + 1)]


def test_no_printer_is_a_one_line_usage_error(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(pdf_print, "SOFFICE", ("no-such-soffice",))
    monkeypatch.setattr(pdf_print, "CHROMIUM", ("no-such-chromium",))
    code = cli.main(["convert", str(SAMPLES / "004_12d7c137f1960f71.txt"), "-o", str(tmp_path / "out"),
                     "--to", "json,pdf"])
    assert code == 2 and capsys.readouterr().err == f"xxgk: {pdf_print.MISSING}\n"
    assert not list((tmp_path / "out").glob("*.json"))
    with pytest.raises(WriteError, match="needs LibreOffice"):
        xxgk.write(xxgk.read(SAMPLES / "004_12d7c137f1960f71.txt"), "pdf", io.BytesIO())


def test_faces_without_a_stand_in_are_named_with_their_package(monkeypatch, tmp_path, capsys, libreoffice):
    monkeypatch.setattr(fonts, "installed", lambda: frozenset({"DejaVu Sans", "Noto Sans CJK SC"}))
    missing = fonts.missing()
    assert [line.split(":")[0] for line in missing] == ["小标宋", "宋体", "仿宋", "楷体"]
    assert missing[2] == ("仿宋: none of FangSong, 仿宋_GB2312, FangSong_GB2312, Noto Serif CJK SC, AR PL UMing CN "
                          "is installed (apt-get install fonts-noto-cjk)")
    assert missing[3].endswith("(apt-get install fonts-arphic-ukai)")
    cli.main(["convert", str(SAMPLES / "004_12d7c137f1960f71.txt"), "-o", str(tmp_path / "out"), "--to", "pdf"])
    err = capsys.readouterr().err
    assert f"xxgk: note: --to pdf: {missing[2]}\n" in err
    assert (tmp_path / "out" / "004_12d7c137f1960f71.txt.pdf").exists()
    free = frozenset({"Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN"})
    monkeypatch.setattr(fonts, "installed", lambda: free)
    assert fonts.missing() == []


def test_the_printers_find_the_stand_ins_first(tmp_path, cjk_font):
    """With the fontconfig file the printers get, each face the documents name resolves to its best
    installed stand-in, not to whatever CJK font comes first."""
    config = fonts.fontconfig_file(tmp_path)
    families = fonts.installed() or frozenset()
    for role in fonts.ROLES:
        best = next((family for family in role.stand_ins if family in families), None)
        if best is None:
            continue
        for name in role.names:
            pattern = name.replace("-", "\\-")     # "-" would start a size in a pattern fc-match parses
            found = subprocess.run(["fc-match", "-f", "%{family}", pattern], capture_output=True, text=True, check=True,
                                   env={"FONTCONFIG_FILE": str(config), "PATH": "/usr/bin:/bin"}).stdout
            assert best in found.split(","), (name, found)


def test_a_printer_that_hangs_is_stopped_with_what_it_started(monkeypatch, tmp_path):
    """A printer past TIMEOUT: the write fails on one line, and the printer's whole process group is
    killed (a child it started too); one that prints nothing fails saying so."""
    started = tmp_path / "child.pid"
    hanging = tmp_path / "soffice"
    hanging.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {started}\nwait\n", encoding="utf-8")
    hanging.chmod(0o755)
    monkeypatch.setattr(pdf_print, "SOFFICE", (str(hanging),))
    monkeypatch.setattr(pdf_print, "TIMEOUT", 2)
    report = xxgk.read(SAMPLES / "004_12d7c137f1960f71.txt")
    with pytest.raises(WriteError, match="^LibreOffice took over 2 s to print the report$"):
        xxgk.write(report, "pdf", io.BytesIO())
    child = Path(f"/proc/{started.read_text(encoding='utf-8').strip()}/status")
    for _ in range(50):      # killed; gone once whoever inherits it has reaped it
        if not child.exists() or "State:\tZ" in child.read_text(encoding="utf-8"):
            break
        time.sleep(0.1)
    else:
        pytest.fail("the printer's child is still running")
    hanging.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    with pytest.raises(WriteError, match="^LibreOffice could not print the report to PDF$"):
        xxgk.write(report, "pdf", io.BytesIO())


def test_the_pdf_writer_conforms(xxgk_plugins, libreoffice, cjk_font):
    """Bytes, the same twice, the report unchanged: what `xxgk.testing` asks of every writer."""
    assert check_writer(xxgk_plugins, "pdf", xxgk.read(SAMPLES / "hongze-2023.pdf")).startswith(b"%PDF")
