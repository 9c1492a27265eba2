"""The datasets a batch writes, as Excel, LibreOffice and programs open them: reports.csv (a BOM, one
header row of keys, per-report columns, every input) and reports.xlsx (labels and keys, numbers,
blanks, findings and sources sheets); text a spreadsheet would run as a formula is quoted."""
from __future__ import annotations

import codecs
import csv
import json
import re
import shutil
import subprocess
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

import openpyxl
import pytest

import xxgk
from xxgk.cli import main
from xxgk.dataset import columns, rules
from xxgk.dictionary import keys
from xxgk.messages import chinese
from xxgk.model import Finding
from xxgk.plugins import xlsx_workbook

from conftest import ROOT, SAMPLES, sample_text

INPUTS = sorted(p.name for p in SAMPLES.iterdir() if p.is_file() and not p.name.startswith("."))
PER_REPORT = ["source", "organ", "year", "template", "reader", "status", "reason", "errors", "warnings", "rules",
              "published", "published_from", "text_reuse"]
LO_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"   # UTF-8, every sheet


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    """The samples and a broken PDF converted to CSV and XLSX, with a findings file."""
    base = tmp_path_factory.mktemp("batch")
    folder = base / "samples"
    folder.mkdir()
    for name in INPUTS:
        shutil.copy(SAMPLES / name, folder / name)
    (folder / "broken.pdf").write_bytes((SAMPLES / "hongze-2023.pdf").read_bytes()[:5000])
    out = base / "out"
    code = main(["convert", str(folder), "-o", str(out), "--to", "csv,xlsx", "--findings-out",
                 str(base / "findings.jsonl"), "-q"])
    assert code == 2   # broken.pdf
    return out


def csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def findings_file(out: Path) -> Counter:
    """(file name, rule, severity, message) of every finding in the findings file."""
    lines = (out.parent / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    return Counter((Path(f["source"]).name, f["rule"], f["severity"], f["message"]) for f in map(json.loads, lines))


def number(text: str):
    """A field as a number when it is one (amounts compared by value), else as it is."""
    try:
        return Decimal(text).normalize()
    except InvalidOperation:
        return text


def test_the_csv_has_a_bom_one_header_row_of_keys_and_every_input(batch):
    raw = (batch / "reports.csv").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8 + b"source,organ,year,template,reader,status,reason,errors,warnings,rules,"
                          b"published,published_from,text_reuse,t2.regulations.issued,")
    rows = {row["source"]: row for row in csv_rows(batch / "reports.csv")}
    assert list(next(iter(rows.values())))[:len(PER_REPORT)] == PER_REPORT
    assert sorted(rows) == sorted(f"samples/{name}" for name in INPUTS + ["broken.pdf"])   # below the input folder
    hongze = rows["samples/hongze-2023.pdf"]
    assert {k: hongze[k] for k in PER_REPORT[1:]} == {
        "organ": "淮安市洪泽区人民政府", "year": "2023", "template": "hybrid", "reader": "pdf", "status": "converted",
        "reason": "", "errors": "2", "warnings": "0", "rules": "T4-TOTAL", "published": "2024-02-26",
        "published_from": "pdf", "text_reuse": ""}
    assert (hongze["t2.fees.amount"], hongze["t3.new_received.total"], hongze["t2.regulations.new_made"]) == (
        "7730.28", "21", "")
    broken = rows["samples/broken.pdf"]
    assert broken["status"] == "failed" and broken["reason"].startswith("corrupt PDF")
    assert {broken[k] for k in broken if k not in ("source", "status", "reason")} == {""}
    found = findings_file(batch)
    for source, row in rows.items():
        if row["status"] == "converted":
            name = Path(source).name
            assert int(row["errors"]) == sum(n for (f, _, s, _), n in found.items() if f == name and s == "error")
            assert int(row["warnings"]) == sum(n for (f, _, s, _), n in found.items() if f == name and s == "warning")


def test_the_rules_column_names_errors_then_warnings_once():
    findings = [Finding("PROSE-TABLE", "warning", "m"), Finding("T3-BALANCE", "error", "m"),
                Finding("T3-BALANCE", "error", "m"), Finding("TEMPLATE", "info", "m")]
    assert rules(findings) == "T3-BALANCE;PROSE-TABLE"


def test_a_csv_without_bom_for_programs(tmp_path, capsys):
    shutil.copy(SAMPLES / INPUTS[0], tmp_path / INPUTS[0])
    assert main(["convert", str(tmp_path / INPUTS[0]), "-o", str(tmp_path / "out"), "--to", "csv",
                 "--csv-encoding", "utf-8", "-q"]) == 0
    text = (tmp_path / "out" / "reports.csv").read_bytes().decode("utf-8")
    assert text.startswith("source,organ,") and text.splitlines()[1].startswith(f"{INPUTS[0]},武当路街办,2024,")
    with pytest.raises(SystemExit) as stop:
        main(["convert", str(tmp_path / INPUTS[0]), "-o", str(tmp_path / "out"), "--csv-encoding", "gbk"])
    assert stop.value.code == 2 and "invalid choice: 'gbk'" in capsys.readouterr().err


def test_the_spreadsheet_has_labels_keys_values_blanks_and_sheets(batch):
    book = openpyxl.load_workbook(batch / "reports.xlsx")
    assert book.sheetnames == ["reports", "findings", "sources"]
    sheet = book["reports"]
    assert sheet.freeze_panes == "C3" and book["findings"].freeze_panes == book["sources"].freeze_panes == "A3"
    labels, names = ([c.value for c in row] for row in sheet.iter_rows(max_row=2))
    rows = csv_rows(batch / "reports.csv")
    assert names == list(rows[0])
    dictionary = {i.key: i.label for i in keys(xxgk.manager.default().registry)}
    per_report = [c for c in columns(xxgk.manager.default().registry) if c.info is None]
    assert labels == [c.label for c in per_report] + [dictionary[k] for k in names[len(per_report):]]
    assert labels[names.index("t3.withheld.state_secret.natural_person")] == \
        "三、本年度办理结果 · （三）不予公开 · 1.属于国家秘密 · 申请人情况 · 自然人"
    values = [row for row in sheet.iter_rows(min_row=3)]
    assert len(values) == len(rows)
    for cells, row in zip(values, rows):
        for cell, name in zip(cells, names):
            if row[name] == "":
                assert cell.value is None, (row["source"], name)      # blank for null
            elif cell.data_type == "n":
                assert Decimal(str(cell.value)) == Decimal(row[name]) and row[name] != "", (row["source"], name)
            else:
                assert cell.value == row[name], (row["source"], name)
    at = [r["source"] for r in rows].index("samples/hongze-2023.pdf")
    hongze = dict(zip(names, values[at]))
    assert (hongze["t2.fees.amount"].value, hongze["t2.fees.amount"].data_type) == (7730.28, "n")
    assert hongze["t2.fees.amount"].number_format == "0.00####"
    assert (hongze["t3.new_received.total"].value, hongze["year"].value, hongze["errors"].value) == (21, 2023, 2)
    assert hongze["template"].value == "hybrid" and hongze["t2.regulations.new_made"].value is None


def test_the_findings_sheet_has_every_finding_and_the_sources_sheet_every_input(batch):
    book = openpyxl.load_workbook(batch / "reports.xlsx")
    findings = list(book["findings"].iter_rows(values_only=True))
    assert findings[0] == ("来源", "规则", "严重程度", "单元格", "说明", "位置")
    assert findings[1] == ("source", "rule", "severity", "cells", "message", "location")
    words = chinese(xxgk.manager.default().registry)   # the messages in the labels' language
    lines = (batch.parent / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    said = Counter((Path(f["source"]).name, f["rule"], f["severity"], words.message(Finding.from_dict(f)))
                   for f in map(json.loads, lines))
    assert Counter((Path(s).name, r, sev, m) for s, r, sev, _, m, _ in findings[2:]) == said
    t4 = [f for f in findings if f[0] == "samples/hongze-2023.pdf" and f[1] == "T4-TOTAL"]
    assert len(t4) == 2 and all(f[2] == "error" and f[3].startswith("t4.") and ";" in f[3] and f[5] for f in t4)
    assert all(f[4].startswith("表四") and re.fullmatch(r"第\d+页.*", f[5]) for f in t4)
    sources = {row[0]: row for row in book["sources"].iter_rows(min_row=3, values_only=True)}
    assert sorted(sources) == sorted(f"samples/{name}" for name in INPUTS + ["broken.pdf"])
    assert sources["samples/broken.pdf"][1] == "failed" and sources["samples/broken.pdf"][2].startswith("corrupt PDF")
    assert sources["samples/hongze-2023.pdf"][1:] == ("converted", None, "pdf", "淮安市洪泽区人民政府", 2023)


def test_libreoffice_opens_the_spreadsheet(batch, libreoffice_calc, tmp_path):
    """LibreOffice converts every sheet to CSV: the reports sheet holds the rows of reports.csv, below
    the Chinese labels, numbers as numbers."""
    subprocess.run([libreoffice_calc, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", LO_CSV, "--outdir", str(tmp_path), str(batch / "reports.xlsx")],
                   check=True, capture_output=True, timeout=300)
    with open(tmp_path / "reports-reports.csv", encoding="utf-8", newline="") as fh:
        shown = list(csv.reader(fh))
    with open(batch / "reports.csv", encoding="utf-8-sig", newline="") as fh:
        ours = list(csv.reader(fh))
    assert shown[0][:4] == ["来源", "机关", "年度", "格式"] and shown[1] == ours[0]
    assert [[number(v) for v in row] for row in shown[2:]] == [[number(v) for v in row] for row in ours[1:]]
    with open(tmp_path / "reports-sources.csv", encoding="utf-8", newline="") as fh:
        assert ["samples/broken.pdf", "failed"] in [row[:2] for row in csv.reader(fh)]


def test_formula_like_text_is_quoted_in_the_datasets_and_exact_in_json(tmp_path):
    formula = '=HYPERLINK("http://evil.example/","点此")'
    text = sample_text("004_12d7c137f1960f71").replace("西工区人民政府办公室", formula, 1)
    (tmp_path / "-r.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["convert", str(tmp_path / "-r.txt"), "-o", str(out), "--to", "json,csv,xlsx", "-q"]) == 0
    (row,) = csv_rows(out / "reports.csv")
    assert (row["source"], row["organ"]) == ("'-r.txt", "'" + formula)
    assert row["t3.new_received.total"] == "35"
    sheet = openpyxl.load_workbook(out / "reports.xlsx")["reports"]
    assert [(c.value, c.data_type) for c in sheet[3][:2]] == [("'-r.txt", "s"), ("'" + formula, "s")]
    assert json.loads((out / "-r.txt.json").read_text(encoding="utf-8"))["meta"]["organ"] == formula


def test_a_negative_number_stays_a_number(tmp_path):
    report = xxgk.read(ROOT / "tests" / "data" / "y2019" / "jiaotong-2019.txt")
    report.tables["t2"].cells["t2.licensing.change"].value = -3
    for cell in ("\tx", "\rx", "+x", "@x", "-x"):
        report.meta.organ = cell
        xxgk.write(report, "csv", tmp_path / "r.csv")
        (row,) = csv_rows(tmp_path / "r.csv")
        assert (row["organ"], row["t2.licensing.change"]) == ("'" + cell, "-3")
    xxgk.write(report, "xlsx", tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["reports"]
    names = [c.value for c in sheet[2]]
    change = sheet.cell(3, names.index("t2.licensing.change") + 1)
    assert (change.value, change.data_type) == (-3, "n")
    assert sheet.cell(3, names.index("organ") + 1).value == "'-x"


def test_a_full_sheet_says_how_many_rows_it_left_out(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_workbook, "MAX_ROWS", 6)   # two header rows, three findings, the note
    report = xxgk.read(SAMPLES / "hongze-2023.pdf")
    findings = xxgk.validate(report) * 3
    xxgk.write(report, "xlsx", tmp_path / "r.xlsx", findings=findings)
    rows = list(openpyxl.load_workbook(tmp_path / "r.xlsx")["findings"].iter_rows(min_row=3, values_only=True))
    assert [r[1] for r in rows[:3]] == [f.rule for f in findings[:3]]
    assert rows[3][0] == f"… {len(findings) - 3} more rows left out: a sheet holds at most 6"


def test_the_docs_describe_every_per_report_column():
    text = (ROOT / "docs" / "datasets.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `(\w+)` \| (\S+) \| ([a-z ]+) \|", text, re.M)
    assert documented == [(c.name, c.label, c.type) for c in columns(xxgk.manager.default().registry) if c.info is None]
