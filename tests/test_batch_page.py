"""The batch page (`--to report`, `xxgk report OUT`): its numbers are the dataset's, it fetches
nothing, it is valid HTML, and every plot renders in a real browser."""
from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import numpy
import pytest
from bs4 import BeautifulSoup

import xxgk
from xxgk.cli import main

from batchkit import ORGANS, write
from conftest import CHROMIUM_FLAGS
from reportgen import consistent_values, report_text, zero_values

YEARS = (2022, 2023, 2024)
RATES = {   # the page's rates, computed here from the dataset's columns: (numerator keys, denominator keys)
    "实质公开率": (["t3.disclosed.total", "t3.partially_disclosed.total"], ["t3.results_total.total"]),
    "不予公开占比": ([f"t3.withheld.{w}.total" for w in ("state_secret", "prohibited_by_law", "security_stability",
                                                        "third_party_rights", "internal_affairs", "process_info",
                                                        "enforcement_files", "inquiry_matters")],
                     ["t3.results_total.total"]),
    "行政复议纠错率": (["t4.review.corrected"], [f"t4.review.{d}" for d in ("upheld", "corrected", "other")]),
    "行政诉讼纠错率": ([f"t4.{g}.corrected" for g in ("litigation_direct", "litigation_after_review")],
                       [f"t4.{g}.{d}" for g in ("litigation_direct", "litigation_after_review")
                        for d in ("upheld", "corrected", "other")]),
}
COUNTS = {"本年新收政府信息公开申请数量": ["t3.new_received.total"], "行政复议数量": ["t4.review.total"],
          "行政诉讼数量": ["t4.litigation_direct.total", "t4.litigation_after_review.total"]}


def batch_folder(folder: Path) -> Path:
    """Four organs over three years, each year its own values: one report with a wrong sum (an
    error), one with nothing handled (its rates blank), and an input that cannot be read."""
    for n, organ in enumerate(ORGANS):
        for year in YEARS:
            values = consistent_values(1000 + 10 * n + year, 9)
            if (n, year) == (1, 2023):
                values["t3.new_received.total"] += 5   # type: ignore[operator]
            if (n, year) == (2, 2024):
                values = zero_values()
            write(folder / str(year) / f"organ{n}.txt", report_text(values, organ=organ, year=year))
    write(folder / "2024" / "broken.pdf", b"%PDF-1.4\nnot a pdf at all\n")
    return folder


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("page")
    inputs, out = batch_folder(root / "in"), root / "out"
    xxgk.convert_many([str(inputs)], out, ["json", "csv", "html", "report"], findings_out=str(root / "findings.jsonl"),
                      time_limit=None)
    return out, root / "findings.jsonl"


def dataset(out: Path) -> list[dict[str, str]]:
    with open(out / "reports.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def table(page: BeautifulSoup, name: str) -> list[list[str]]:
    """The body rows of table `name`, each cell's text."""
    return [[cell.get_text() for cell in row.find_all(["td", "th"])] for row in page.find(id=name).tbody.find_all("tr")]


def percent(above: int, below: int) -> str:
    return f"{(Decimal(above * 100) / Decimal(below)).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


def summed(row: dict[str, str], keys: list[str]) -> int | None:
    return None if any(row[k] == "" for k in keys) else sum(int(row[k]) for k in keys)


def test_the_glance_and_the_rules_are_the_datasets(batch):
    out, findings_file = batch
    rows, page = dataset(out), soup(out / "reports.html")
    converted = [r for r in rows if r["status"] == "converted"]
    glance = [dd.get_text() for dd in page.find("dl", class_="glance").find_all("dd")]
    assert glance[:6] == [str(n) for n in (
        len(rows), len(converted), len(rows) - len(converted), sum(int(r["errors"]) > 0 for r in converted),
        sum(int(r["warnings"]) > 0 for r in converted),
        sum(r["errors"] == r["warnings"] == "0" for r in converted))]
    assert glance[6:] == [str(sum(int(r[s]) for r in converted)) for s in ("errors", "warnings")]
    assert len(converted) == 12 and int(glance[3]) >= 1   # the wrong sum is an error

    failed = [r for r in rows if r["status"] == "failed"]
    shown_failed = [[td.get_text(), td.get("title")] for tr in page.find(id="failed").tbody.find_all("tr")
                    for td in tr.find_all("td")[1:]]
    assert [[s] for s, *_ in table(page, "failed")] == [[r["source"]] for r in failed]
    assert [title for _, title in shown_failed] == [r["reason"] for r in failed]   # the English on hover
    assert [text for text, _ in shown_failed] == [   # the reason in Chinese, as the catalogue words it
        "PDF文件已损坏：" + r["reason"].removeprefix("corrupt PDF: ") for r in failed]
    named = Counter(rule for r in converted for rule in r["rules"].split(";") if rule)
    found = Counter(f["rule"] for f in map(json.loads, findings_file.read_text(encoding="utf-8").splitlines())
                    if f["severity"] in ("error", "warning"))
    shown = {rule: (int(reports), int(findings)) for rule, _, reports, findings, _ in table(page, "rules")}
    assert shown == {rule: (named[rule], found[rule]) for rule in named}
    first = {rule: said for rule, _, _, _, said in table(page, "rules")}
    assert first["T3-BALANCE"].startswith("表三 ") and "二者应当相等" in first["T3-BALANCE"]


def test_organs_by_years_link_each_report(batch):
    out, _ = batch
    rows, page = dataset(out), soup(out / "reports.html")
    header = [th.get_text() for th in page.find(id="organ-years").thead.find_all("th")]
    assert header == ["机关", *map(str, YEARS), "错误合计"]
    grid = {tr.th.get_text(): tr.find_all("td") for tr in page.find(id="organ-years").tbody.find_all("tr")}
    assert sorted(grid) == sorted(ORGANS)
    for row in (r for r in rows if r["status"] == "converted"):
        cell = grid[row["organ"]][YEARS.index(int(row["year"]))]
        errors, warnings = int(row["errors"]), int(row["warnings"])
        expected = (f"错误 {errors}" + (f"，警告 {warnings}" if warnings else "") if errors
                    else f"警告 {warnings}" if warnings else "通过")
        assert cell.get_text() == expected
        link = cell.a["href"]
        assert (out / link).is_file() and link.endswith(".html") and Path(row["source"]).name in link
    for organ, cells in grid.items():
        assert cells[-1].get_text() == str(sum(int(r["errors"]) for r in rows if r["organ"] == organ))


def test_the_measures_are_the_datasets(batch):
    out, _ = batch
    rows = [r for r in dataset(out) if r["status"] == "converted"]
    page = soup(out / "reports.html")
    header = [th.get_text() for th in page.find(id="report-measures").thead.find_all("th")]
    names = header[3::2]
    assert set(names) == set(RATES) | set(COUNTS)
    by_source = {r["source"]: r for r in rows}
    shown = table(page, "report-measures")
    assert sorted(s[2] for s in shown) == sorted(by_source)
    blank = 0
    for line in shown:
        row = by_source[line[2]]
        assert line[:2] == [row["organ"], row["year"]]
        for name, value in zip(names, line[3::2]):
            if name in COUNTS:
                assert value == str(summed(row, COUNTS[name]))
                continue
            above, below = (summed(row, keys) for keys in RATES[name])
            assert value == ("" if not below else percent(above, below)), (name, row["source"])
            blank += value == ""
    assert blank >= 4   # the report with nothing handled: every rate blank, never 0

    spread = {line[0]: line[1:] for line in table(page, "spread")}
    for n, name in enumerate(names):
        exact = {r["source"]: measure(r, name) for r in rows}
        given = [float(v) for v in exact.values() if v is not None]
        assert spread[name][:2] == [str(len(given)), str(len(rows) - len(given))]
        quartiles = numpy.percentile(given, [0, 25, 50, 75, 100])   # linear interpolation: QUARTILE.INC
        scale = 100 if name in RATES else 1
        assert [float(v.rstrip("%")) for v in spread[name][2:]] == pytest.approx(
            [q * scale for q in quartiles], abs=0.051)   # shown to one place
        exact_quartiles = [float(td["title"].removeprefix("精确值 ").lstrip("≈").rstrip("%")) / scale
                           for td in page.find(id="spread").tbody.find_all("tr")[n].find_all("td")[2:]]
        assert exact_quartiles == pytest.approx(list(quartiles), abs=1e-8)   # on hover, in full (6 places)
        for line in shown:
            mine = exact[line[2]]
            place = "" if mine is None else f"{1 + sum(v > mine for v in exact.values() if v is not None)}/{len(given)}"
            assert line[4 + 2 * n] == place


def measure(row: dict[str, str], name: str) -> int | Fraction | None:
    if name in COUNTS:
        return summed(row, COUNTS[name])
    above, below = (summed(row, keys) for keys in RATES[name])
    return None if not below else Fraction(above, below)   # type: ignore[arg-type]

def test_the_page_fetches_nothing_and_is_valid_html(batch):
    import html5lib

    out, _ = batch
    text = (out / "reports.html").read_text(encoding="utf-8")
    page = BeautifulSoup(text, "lxml")
    linked = [value for tag in page.find_all(True) for attr, value in tag.attrs.items()
              if attr in ("src", "href", "xlink:href", "data", "poster", "srcset")]
    assert linked and not [v for v in linked if re.match(r"\s*(https?:)?//", v, re.I)]
    assert not page.find_all(["link", "img", "iframe", "object", "embed"]) and "@import" not in text
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", text)
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)   # raises on any parse error
    assert len(page.find_all("svg")) == 3   # the distributions, the heat map, the years


def test_the_page_written_later_is_the_same_and_links_from_where_it_lies(batch, tmp_path, capsys):
    out, _ = batch
    first = (out / "reports.html").read_bytes()
    assert main(["report", str(out)]) == 0
    assert capsys.readouterr().err == f"xxgk: wrote {out / 'reports.html'}\n"
    assert (out / "reports.html").read_bytes() == first   # the same data, the same bytes
    elsewhere = tmp_path / "pages" / "batch.html"
    assert main(["report", str(out), "-o", str(elsewhere), "-q"]) == 0
    assert capsys.readouterr().err == ""
    links = [a["href"] for a in soup(elsewhere).find(id="organ-years").find_all("a")]
    assert len(links) == 12 and all((elsewhere.parent / link).resolve().is_file() for link in links)
    assert json.loads((out / ".xxgk" / "written.json").read_text())["reports.html"] == "report"


def test_a_later_run_keeps_the_page_up_to_date(tmp_path):
    inputs, out = tmp_path / "in", tmp_path / "out"
    write(inputs / "a.txt", report_text(consistent_values(1, 9), organ=ORGANS[0], year=2023))
    xxgk.convert_many([str(inputs)], out, ["json"], time_limit=None)
    assert main(["report", str(out), "-q"]) == 0
    assert soup(out / "reports.html").find("dl", class_="glance").dd.get_text() == "1"
    write(inputs / "b.txt", report_text(consistent_values(2, 9), organ=ORGANS[0], year=2024))
    xxgk.convert_many([str(inputs)], out, ["json"], time_limit=None)
    page = soup(out / "reports.html")
    assert page.find("dl", class_="glance").dd.get_text() == "2"
    assert [th.get_text() for th in page.find(id="organ-years").thead.find_all("th")][1:3] == ["2023", "2024"]


def test_no_batch_and_no_matplotlib_are_one_line_errors(tmp_path, capsys, monkeypatch):
    from xxgk.plugins import batch_plots

    assert main(["report", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "holds no batch" in err
    assert main(["report", str(tmp_path / "none")]) == 2
    assert capsys.readouterr().err == f"xxgk: {tmp_path / 'none'} does not exist\n" and not (tmp_path / "none").exists()
    a_file = write(tmp_path / "a.txt", "text")
    assert main(["report", str(a_file)]) == 2
    assert capsys.readouterr().err == f"xxgk: {a_file} is a file, not a batch's output folder\n"
    assert batch_plots.MISSING == ('the batch page needs matplotlib: pip install "xxgk[report]" '
                                   '(in a clone of xxgk: pip install ".[report]")')
    monkeypatch.setattr(batch_plots, "available", lambda: False)
    assert main(["report", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"xxgk: {batch_plots.MISSING}\n"
    write(tmp_path / "in" / "a.txt", report_text(consistent_values(1, 9)))
    assert main(["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--to", "json,report", "-q"]) == 2
    assert capsys.readouterr().err == f"xxgk: {batch_plots.MISSING}\n"


def test_other_commands_do_not_import_matplotlib():
    code = ("import sys, xxgk.cli, xxgk.commands, xxgk.manager; xxgk.manager.default(); "
            "xxgk.cli.main(['plugins']); assert 'matplotlib' not in sys.modules, 'imported'")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, timeout=120)


# Appended to a copy of the page: every SVG's rendered size, into a <pre> read back from the DOM.
PROBE = """<script>
const sizes = [...document.querySelectorAll("svg")].map(s => {
  const r = s.getBoundingClientRect(); return [r.width, r.height];
});
const pre = document.createElement("pre"); pre.id = "probe"; pre.textContent = JSON.stringify(sizes);
document.body.appendChild(pre);
</script>"""


def test_every_plot_renders_in_a_browser(batch, chromium, cjk_font, tmp_path):
    out, _ = batch
    text = (out / "reports.html").read_text(encoding="utf-8")
    probe = out / "probe.html"   # beside the page, as the page's links expect
    probe.write_text(text.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    try:
        run = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,2000"]
        dom = subprocess.run(run + ["--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=120,
                             check=True).stdout
    finally:
        probe.unlink()
    sizes = json.loads(re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S).group(1))
    assert len(sizes) == text.count("<svg ") == 3
    assert all(width > 100 and height > 100 for width, height in sizes), sizes


# A batch as reviewers meet it: two organs of one name in two folders, an organ with two reports of
# one year whose tables differ, a report given twice (the same tables), a year missing, a 45-character
# organ name, a value the checker rejects.
LONG = "某某省某某市某某县经济技术开发区管理委员会综合行政执法局城市管理和市场监督管理办公室"
TOWN = "城关镇人民政府"


def mixed_folder(folder: Path) -> Path:
    for year in YEARS:
        for n, county in enumerate(("countyA", "countyB")):
            values = consistent_values(2000 + year, 9)
            values["t3.new_received.total"] = 10 * (1 + 9 * n) + year - 2022   # type: ignore[operator]
            write(folder / county / f"城关镇-{year}.txt", report_text(values, organ=TOWN, year=year))
        write(folder / "long" / f"long-{year}.txt", report_text(consistent_values(3000 + year, 9), organ=LONG,
                                                                year=year))
    for name, seed in (("x-2022", 1), ("x-2023a", 2), ("x-2023b", 3), ("x-2024", 4)):
        write(folder / "x" / f"{name}.txt", report_text(consistent_values(seed, 9), organ="某某市司法局",
                                                        year=int(name[2:6])))
    twice = report_text(consistent_values(7, 9), organ="某某市审计局", year=2024)
    write(folder / "dup" / "d-2024.txt", twice)
    write(folder / "dup" / "d-2024-copy.txt", twice)
    write(folder / "dup" / "d-2022.txt", report_text(consistent_values(8, 9), organ="某某市审计局", year=2022))
    wrong = consistent_values(9, 9)
    wrong["t4.review.corrected"] = -1
    write(folder / "neg" / "n-2024.txt", report_text(wrong, organ="某某市财政局", year=2024))
    return folder


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    root = tmp_path_factory.mktemp("mixed")
    out = root / "out"
    xxgk.convert_many([str(mixed_folder(root / "in"))], out, ["json", "csv", "html"], time_limit=None)
    run = subprocess.run([sys.executable, "-m", "xxgk", "report", str(out)], capture_output=True, text=True,
                         timeout=300)
    return out, run


def organ_rows(svg) -> list[str]:
    """The organs of a plot's rows (the full names its labels give on hover), in order."""
    return [g.title.get_text() for g in svg.find_all("g", id=re.compile(r"-organ\d+$"))]


def years_svg(page: BeautifulSoup):
    return page.find(id="years").find_next("svg")


def panel(page: BeautifulSoup, organ: str, measure: int):
    """The axes of the small multiples of `organ` and the measure `measure` (0–4)."""
    svg = years_svg(page)
    axes = [g for g in svg.find_all("g") if re.fullmatch(r"years-axes_\d+", g.get("id", ""))]
    return axes[5 * organ_rows(svg).index(organ) + measure]


def ticks(axes, axis: str) -> list[str]:
    return [t.get_text() for g in axes.find_all("g", id=re.compile(rf"-{axis}tick_\d+$")) for t in g.find_all("text")]


def line_of(axes) -> tuple[int, list[float], list[float]]:
    """A panel's data line: its subpaths, its points' heights (0 at the x axis, 1 at the top), and
    the heights of its hollow points."""
    groups = [g for g in axes.find_all("g", id=re.compile(r"-line2d_\d+$"))
              if not g.find_parent("g", id=re.compile(r"-matplotlib\.axis_\d+$"))]
    line = next(g for g in groups if g.path and "stroke: #1f4e79; stroke-width: 1.2" in g.path.get("style", ""))
    frame = [float(y) for y in re.findall(r"[\d.]+ ([\d.]+)", axes.find("g", id=re.compile(r"-patch_\d+$")).path["d"])]
    bottom, top = max(frame), min(frame)

    def height(use) -> float:
        return (bottom - float(use["y"])) / (bottom - top)
    hollow = [height(u) for g in groups for u in g.find_all("use")
              if "fill-opacity: 0; stroke: #b22222" in u.get("style", "")]
    return line.path["d"].count("M"), [height(u) for u in line.find_all("use")], hollow


def test_an_organ_is_one_name_in_one_folder_and_every_report_is_shown(mixed):
    out, _ = mixed
    page = soup(out / "reports.html")
    grid = {tr.th.get_text(): tr.find_all("td") for tr in page.find(id="organ-years").tbody.find_all("tr")}
    towns = [f"{TOWN}（countyA）", f"{TOWN}（countyB）"]
    assert set(towns) <= set(grid) and TOWN not in grid
    assert [[len(td.find_all("span")) for td in grid[t][:3]] for t in towns] == [[1, 1, 1]] * 2
    assert [len(td.find_all("span")) for td in grid["某某市司法局"][:3]] == [1, 2, 1]   # both reports of 2023
    svg = years_svg(page)
    assert set(towns) <= set(organ_rows(svg))
    new = {t: line_of(panel(page, t, 0))[1] for t in towns}
    assert len(new[towns[0]]) == len(new[towns[1]]) == 3
    assert [b / a for a, b in zip(new[towns[0]], new[towns[1]])] == pytest.approx(
        [100 / 10, 101 / 11, 102 / 12], rel=0.01)   # 10…12 and 100…102 on one scale from 0
    heat = page.find(id="heat").find_next("svg")
    assert not set(towns) - set(organ_rows(heat)) or not [r for r in organ_rows(heat) if r == TOWN]
    runs, points, hollow = line_of(panel(page, "某某市司法局", 0))
    assert (runs, len(points), len(hollow)) == (1, 3, 1)   # 2023's second report: a hollow point beside the line


def test_a_year_without_a_value_breaks_the_line_and_axes_start_at_zero(mixed):
    out, _ = mixed
    page = soup(out / "reports.html")
    runs, points, _ = line_of(panel(page, "某某市审计局", 0))
    assert (runs, len(points)) == (2, 2)   # 2022 and 2024, nothing drawn across 2023
    organs = organ_rows(years_svg(page))
    for measure in range(5):
        shown = [ticks(panel(page, organ, measure), "y") for organ in organs]
        assert all(t == shown[0] for t in shown), measure   # one scale per measure
        assert shown[0][0] == "0" and all(re.fullmatch(r"\d+", t) for t in shown[0]), shown[0]
    assert ticks(panel(page, organs[0], 1), "y") == ["0", "50", "100"]
    assert ticks(panel(page, organs[0], 0), "x") == [str(y) for y in YEARS]


def test_a_copy_counts_once_in_the_statistics(mixed):
    out, _ = mixed
    page = soup(out / "reports.html")
    converted = [r for r in dataset(out) if r["status"] == "converted"]
    spread = {line[0]: line[1:] for line in table(page, "spread")}
    assert spread["本年新收政府信息公开申请数量"][:2] == [str(len(converted) - 1), "0"]
    first, copy = sorted(r["source"] for r in converted if re.search(r"d-2024(-copy)?\.txt$", r["source"]))
    assert [li.get_text() for li in page.find(id="copies-list").find_all("li")] == [f"{copy}（与 {first} 相同）"]
    line = next(line for line in table(page, "report-measures") if line[2] == copy)
    assert line[4] == "副本" and line[3] != ""
    places = [line[4] for line in table(page, "report-measures") if line[2] != copy]
    assert sorted(int(p.split("/")[0]) for p in places) == sorted(
        1 + sum(int(o["t3.new_received.total"]) > int(r["t3.new_received.total"])
                for o in converted if o["source"] != copy) for r in converted if r["source"] != copy)
    assert {p.split("/")[1] for p in places} == {str(len(converted) - 1)}


def test_a_rejected_value_leaves_its_measure_blank_and_says_why(mixed):
    out, _ = mixed
    page = soup(out / "reports.html")
    row = next(r for r in dataset(out) if r["source"].endswith("n-2024.txt"))
    assert row["t4.review.corrected"] == "-1" and "T2-VALUES" in row["rules"]
    line = next(tr for tr in page.find(id="report-measures").tbody.find_all("tr")
                if tr.find_all("td")[2].get_text() == row["source"])
    cells = line.find_all("td")
    header = [th.get_text() for th in page.find(id="report-measures").thead.find_all("th")]
    at = header.index("行政复议纠错率")
    assert cells[at].get_text() == "" and cells[at + 1].get_text() == ""
    assert "T2-VALUES" in cells[at]["title"] and "t4.review.corrected = -1" in cells[at]["title"]
    assert [li.get_text() for li in page.find(id="refused-list").find_all("li")] == [
        f"{row['source']}：行政复议纠错率（值未通过检查（T2-VALUES）：t4.review.corrected = -1）"]


def test_long_names_are_shortened_in_the_plots_without_a_warning(mixed):
    out, run = mixed
    assert run.returncode == 0 and run.stderr == f"xxgk: wrote {out / 'reports.html'}\n"
    page = soup(out / "reports.html")
    for svg in (page.find(id="heat").find_next("svg"), years_svg(page)):
        group = next(g for g in svg.find_all("g", id=re.compile(r"-organ\d+$")) if g.title.get_text() == LONG)
        shown = group.find("text").get_text()
        head, tail = shown.split("…")
        assert LONG.startswith(head) and LONG.endswith(tail) and len(shown) == 14   # the end kept: organs differ there
        width = float(svg["viewbox"].split()[2])
        for text in svg.find_all("text"):   # every label inside the picture, anchored at its right end
            x = float(re.search(r"translate\(([-\d.]+)", text.get("transform", "")) and
                      re.search(r"translate\(([-\d.]+)", text["transform"])[1] or text.get("x", 0))
            size = float(re.search(r"font-size: ([\d.]+)px", text["style"])[1])
            if "text-anchor: end" in text["style"] and "rotate" not in text.get("transform", ""):
                assert x - size * len(text.get_text()) >= 0, text.get_text()
            assert 0 <= x <= width, text.get_text()


def test_every_id_is_unique(mixed, batch):
    for out in (mixed[0], batch[0]):
        page = soup(out / "reports.html")
        ids = Counter(tag["id"] for tag in page.find_all(id=True))
        assert ids and max(ids.values()) == 1, [i for i, n in ids.items() if n > 1][:5]
        referred = {v[1:] for tag in page.find_all(True) for a, v in tag.attrs.items()
                    if a in ("href", "xlink:href") and isinstance(v, str) and v.startswith("#")}
        referred |= set(re.findall(r"url\(#([^)]+)\)", str(page)))
        assert referred and referred <= set(ids)


def test_histograms_and_the_colour_bar_have_whole_ticks(mixed, batch):
    for out in (mixed[0], batch[0]):
        page = soup(out / "reports.html")
        histograms = page.find(id="measures").find_next("svg")
        axes = [g for g in histograms.find_all("g") if re.fullmatch(r"histograms-axes_\d+", g.get("id", ""))]
        for n, measure in enumerate(("new", "disclosure", "withheld", "review", "review_corrected", "litigation")):
            xs, ys = ticks(axes[n], "x"), ticks(axes[n], "y")
            assert xs and ys and all(re.fullmatch(r"\d+", t) for t in xs + ys), (measure, xs, ys)
            if measure in ("disclosure", "withheld", "review_corrected"):
                assert 0 <= int(xs[0]) and int(xs[-1]) <= 100
        bar = page.find(id="heat").find_next("svg")
        assert all(re.fullmatch(r"\d+", t) for t in ticks(bar, "y")[-3:])


def test_the_heat_map_shows_every_organ_with_errors_first(mixed, tmp_path, monkeypatch):
    from xxgk.plugins import batch_page

    out, _ = mixed
    monkeypatch.setattr(batch_page, "HEAT_ORGANS", 1)
    assert main(["report", str(out), "-o", str(tmp_path / "page.html"), "-q"]) == 0
    heat = organ_rows(soup(tmp_path / "page.html").find(id="heat").find_next("svg"))
    errors: Counter[str] = Counter()
    for row in (r for r in dataset(out) if r["status"] == "converted"):
        errors[row["organ"]] += int(row["errors"])
    erring = {o for o, n in errors.items() if n}
    assert erring and {h.split("（")[0] for h in heat} == erring   # only those: the cap is 1
    assert "某某市财政局" in heat


def test_the_plots_name_the_pages_faces_and_the_sort_is_said(batch):
    from xxgk.plugins.batch_plots import PAGE_FACES

    text = (batch[0] / "reports.html").read_text(encoding="utf-8")
    css = re.search(r"body\{font-family:([^;]+);", text)[1]
    assert css == ",".join(f'"{face}"' for face in PAGE_FACES) + ",sans-serif"
    assert "Microsoft YaHei" in css and "PingFang SC" in css
    families = set(re.findall(r"font-family: ([^;\"]+)", text))
    assert families == {", ".join(f"'{face}'" for face in PAGE_FACES) + ", sans-serif"}
    assert "按机关名称（字符编码顺序）排列" in text


def small_batch(root: Path) -> Path:
    for n in range(2):
        write(root / "in" / f"r{n}.txt", report_text(consistent_values(n, 9), organ=ORGANS[n], year=2024))
    assert main(["convert", str(root / "in"), "-o", str(root / "out"), "--to", "json,csv,html", "-q"]) == 0
    return root / "out"


def test_a_damaged_record_is_named_as_convert_names_it(tmp_path, capsys):
    out = small_batch(tmp_path)
    capsys.readouterr()
    record = sorted((out / ".xxgk" / "records").glob("*.json"))[0]
    record.write_text("{garbage", encoding="utf-8")
    assert main(["report", str(out), "-q"]) == 2
    said = capsys.readouterr().err
    assert main(["convert", str(tmp_path / "in"), "-o", str(tmp_path / "again"), "-q"]) == 0
    capsys.readouterr()
    assert main(["report", str(out), "-o", str(tmp_path / "page.html"), "-q"]) == 2
    assert capsys.readouterr().err == said == (
        f"xxgk: record {record} cannot be read: the files it named are no longer tracked, and its input, when met, "
        "is converted again under a new name; delete the record\n")
    record.unlink()
    assert main(["convert", str(tmp_path / "in"), "-o", str(out), "-q"]) == 0   # convert names it the same way


def test_the_page_is_not_written_onto_the_batchs_own_files(tmp_path, capsys):
    out = small_batch(tmp_path)
    capsys.readouterr()
    record = sorted((out / ".xxgk" / "records").glob("*.json"))[0]
    output = next(out.glob("*.txt.html"))
    for target in (record, out / "reports.csv", output, out / ".xxgk" / "page.html"):
        before = target.read_bytes() if target.exists() else None
        assert main(["report", str(out), "-o", str(target)]) == 2, target
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "wrote that place" in err, err
        assert (target.read_bytes() if target.exists() else None) == before
    assert main(["report", str(out), "-o", str(out / "reports.html"), "-q"]) == 0   # the page's own place
    assert json.loads((out / ".xxgk" / "written.json").read_text())["reports.html"] == "report"


@pytest.mark.parametrize("elsewhere", [False, True])
def test_the_page_waits_for_a_run_that_holds_the_batch(tmp_path, elsewhere):
    import fcntl

    out = small_batch(tmp_path)
    page = tmp_path / "page.html" if elsewhere else out / "reports.html"
    with open(out / ".xxgk" / "lock", "r+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)   # as a convert into OUT holds it
        run = subprocess.Popen([sys.executable, "-m", "xxgk", "report", str(out)] + (["-o", str(page)] * elsewhere),
                               stderr=subprocess.PIPE, text=True)
        first = run.stderr.readline()
        assert "is in use by another xxgk run" in first and "waiting for it to finish" in first, first
        assert run.poll() is None and not page.exists()
        fcntl.flock(lock, fcntl.LOCK_UN)
    assert run.wait(timeout=300) == 0 and run.stderr.read() == f"xxgk: wrote {page}\n"
    assert soup(page).find("dl", class_="glance").dd.get_text() == "2"


def test_the_page_replaces_only_a_page_and_never_a_special_file(tmp_path, capsys):
    import os

    out = small_batch(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    fifo, dataset_file = other / "pipe", other / "reports.csv"
    os.mkfifo(fifo)
    dataset_file.write_text("source,status\n", encoding="utf-8")
    source = tmp_path / "in" / "r0.txt"
    capsys.readouterr()
    for target, said in ((fifo, "is not a regular file"), (dataset_file, "is in the way"),
                         (source, "is in the way")):
        before = None if target == fifo else target.read_bytes()
        assert main(["report", str(out), "-o", str(target)]) == 2, target
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and said in err, err
        assert fifo.is_fifo() and (before is None or target.read_bytes() == before)
    page = tmp_path / "page.html"
    assert main(["report", str(out), "-o", str(page), "-q"]) == 0
    head = page.read_text(encoding="utf-8")[:1000]
    assert '<meta name="generator" content="xxgk ' in head and '<meta name="xxgk-page" content="batch">' in head
    page.write_text(page.read_text(encoding="utf-8").replace("<h1>", "<h1>old "), encoding="utf-8")
    assert main(["report", str(out), "-o", str(page), "-q"]) == 0   # a page it wrote is replaced
    assert "old " not in page.read_text(encoding="utf-8")


def test_the_page_to_a_folder_to_standard_output_and_no_name(tmp_path, capsys):
    out = small_batch(tmp_path)
    folder = tmp_path / "pages"
    folder.mkdir()
    capsys.readouterr()
    assert main(["report", str(out), "-o", str(folder)]) == 0
    assert capsys.readouterr().err == f"xxgk: wrote {folder / 'reports.html'}\n"
    assert soup(folder / "reports.html").find("dl", class_="glance").dd.get_text() == "2"
    assert main(["report", str(out), "-o", "-"]) == 0
    said = capsys.readouterr()
    assert said.err == "" and said.out.startswith("<!DOCTYPE html>") and not Path("-").exists()
    assert main(["report", str(out), "-o", ""]) == 2
    assert capsys.readouterr().err == "xxgk: -o needs a file name (or - for standard output)\n"


def test_a_page_in_an_input_folder_is_not_read_back(tmp_path, capsys):
    out = small_batch(tmp_path)
    assert main(["report", str(out), "-o", str(tmp_path / "in" / "batchpage.html"), "-q"]) == 0
    assert main(["convert", str(tmp_path / "in"), "-o", str(out), "--to", "csv", "-q"]) == 2
    rows = {Path(r["source"]).name: r for r in dataset(out)}
    assert rows["batchpage.html"]["status"] == "failed"
    assert rows["batchpage.html"]["reason"] == "a batch page xxgk wrote (xxgk report), not a report: not read back"
    assert [rows[f"r{n}.txt"]["status"] for n in range(2)] == ["converted"] * 2
    assert rows["batchpage.html"]["t3.new_received.total"] == ""   # none of the page's numbers
    from xxgk.manager import default
    from xxgk.messages import chinese
    assert chinese(default().registry).note(rows["batchpage.html"]["reason"]).startswith("这是xxgk写出的批量检查总览页")


def test_a_batch_of_failed_inputs_says_it_has_no_report_to_show(tmp_path):
    write(tmp_path / "in" / "a.pdf", b"%PDF-1.4\nnot a pdf at all\n")
    write(tmp_path / "in" / "b.txt", b"")
    xxgk.convert_many([str(tmp_path / "in")], tmp_path / "out", ["csv", "report"], time_limit=None)
    page = soup(tmp_path / "out" / "reports.html")
    assert page.find(id="organ-years") is None
    assert page.find(id="organs").find_next("p").get_text() == "没有转换成功的报告。"
    assert [row[0] for row in table(page, "failed")] == ["in/a.pdf", "in/b.txt"]


def test_a_rate_over_a_hundred_percent_is_blank_and_the_histograms_count_what_they_show(tmp_path):
    for n in range(4):
        values = consistent_values(40 + n, 9)
        if n < 2:   # 予以公开 30 of 办结总数 10: a wrong table, not a rate of 300%
            values["t3.disclosed.total"], values["t3.partially_disclosed.total"] = 30, 0
            values["t3.results_total.total"] = 10
        write(tmp_path / "in" / f"r{n}.txt", report_text(values, organ=ORGANS[n], year=2024))
    assert main(["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--to", "csv,report", "-q"]) == 0
    page = soup(tmp_path / "out" / "reports.html")
    header = [th.get_text() for th in page.find(id="report-measures").thead.find_all("th")]
    at = header.index("实质公开率")
    lines = [tr.find_all("td") for tr in page.find(id="report-measures").tbody.find_all("tr")]
    over = [cells for cells in lines if cells[2].get_text().endswith(("r0.txt", "r1.txt"))]
    assert [(c[at].get_text(), c[at + 1].get_text(), c[at]["title"]) for c in over] == [
        ("", "", "分子 30 大于分母 10，比率不能超过 100%")] * 2
    shown = [float(c[at].get_text().rstrip("%")) for c in lines if c[at].get_text()]
    assert len(shown) == 2 and all(0 <= v <= 100 for v in shown)
    spread = {line[0]: line[1:] for line in table(page, "spread")}
    assert spread["实质公开率"][:2] == ["2", "2"] and float(spread["实质公开率"][-1].rstrip("%")) <= 100
    assert sum("实质公开率" in li.get_text() and "分子 30 大于分母 10" in li.get_text()
               for li in page.find(id="refused-list").find_all("li")) == 2
    histograms = page.find(id="measures").find_next("svg")
    assert "实质公开率（2 份报告有值）" in histograms.get_text()


def test_the_years_axis_spans_the_drawn_organs_years(tmp_path):
    for year in YEARS:
        write(tmp_path / "in" / f"a-{year}.txt", report_text(consistent_values(year, 9), organ=ORGANS[0], year=year))
    for n, year in ((1, 1999), (2, 2099)):   # one report each: their organs are not drawn
        write(tmp_path / "in" / f"stray-{year}.txt", report_text(consistent_values(n, 9), organ=ORGANS[n], year=year))
    assert main(["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--to", "csv,report", "-q"]) == 0
    page = soup(tmp_path / "out" / "reports.html")
    assert organ_rows(years_svg(page)) == [ORGANS[0]]
    assert ticks(panel(page, ORGANS[0], 0), "x") == [str(y) for y in YEARS]
    assert [th.get_text() for th in page.find(id="organ-years").thead.find_all("th")][1:3] == ["1999", "2022"]


def test_two_copies_among_three_reports_of_a_year_count_once(tmp_path):
    folder = tmp_path / "in" / "dup"
    write(folder / "教育-2022.txt", report_text(consistent_values(21, 9), organ="某某市教育局", year=2022))
    twice = report_text(consistent_values(22, 9), organ="某某市教育局", year=2023)
    write(folder / "教育-2023.txt", twice)
    write(folder / "教育-2023-副本.txt", twice)
    write(folder / "教育-2023-另一份.txt", report_text(consistent_values(23, 9), organ="某某市教育局", year=2023))
    assert main(["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--to", "csv,report", "-q"]) == 0
    page = soup(tmp_path / "out" / "reports.html")
    sources = {Path(r["source"]).name: r["source"] for r in dataset(tmp_path / "out")}
    assert [li.get_text() for li in page.find(id="copies-list").find_all("li")] == [
        f"{sources['教育-2023.txt']}（与 {sources['教育-2023-副本.txt']} 相同）"]
    spread = {line[0]: line[1:] for line in table(page, "spread")}
    assert spread["本年新收政府信息公开申请数量"][:2] == ["3", "0"]
    _, points, hollow = line_of(panel(page, "某某市教育局", 0))
    assert (len(points), len(hollow)) == (2, 1)   # 2022, 2023's first; the other report of 2023, not the copy


def test_shortened_names_stay_distinct():
    from xxgk.plugins.batch_plots import labels

    names = [f"{'某某省' * 4}第{n}号区人民政府办公室" for n in (12, 13, 112)] + [
        f"{'某某省' * 4}第{n}号区人民政府办公室（county1）" for n in (7, 8)] + ["城关镇人民政府"]
    shown = labels(names)
    assert shown == ["…第12号区人民政府办公室", "…第13号区人民政府办公室", "…第112号区人民政府办公…",
                     "…省第7号区人民政府办公室\n（county1）", "…省第8号区人民政府办公室\n（county1）", "城关镇人民政府"]
    assert all(len(line) <= 14 for label in shown for line in label.split("\n"))


def test_the_plots_label_organs_of_long_names_apart(tmp_path):
    names = [f"{'某某省' * 4}第{n}号区人民政府办公室" for n in range(3)]
    for n, organ in enumerate(names):
        for year in (2023, 2024):
            values = consistent_values(50 + n, 9)
            values["t3.new_received.total"] += 5   # type: ignore[operator]   # an error: on the heat map
            write(tmp_path / "in" / f"o{n}-{year}.txt", report_text(values, organ=organ, year=year))
    assert main(["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--to", "csv,report", "-q"]) == 0
    page = soup(tmp_path / "out" / "reports.html")
    for svg in (page.find(id="heat").find_next("svg"), years_svg(page)):
        groups = svg.find_all("g", id=re.compile(r"-organ\d+$"))
        assert sorted(g.title.get_text() for g in groups) == names
        assert len({g.find("text").get_text() for g in groups}) == 3
