"""Batches: a mixed tree with bad files, mirrored outputs, resume, parallel runs, cross-year pairs."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import xxgk
from xxgk.cli import main

from conftest import digest
from reportgen import consistent_values, report_text

ORGAN = "某某县人民政府办公室"


APPLICANTS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other")


def year_report(year: int, seed: int, carried_over: dict[str, int], carried_forward: dict[str, int]) -> str:
    """A consistent report whose carry-over rows are the given ones (新收 and the results adjusted)."""
    v = consistent_values(seed, 9)
    for col in APPLICANTS:
        v[f"t3.carried_over.{col}"], v[f"t3.carried_forward.{col}"] = carried_over[col], carried_forward[col]
        new = v[f"t3.results_total.{col}"] + carried_forward[col] - carried_over[col]
        if new < 0:   # more carried over than handled: handle more
            for row in ("disclosed", "results_total"):
                v[f"t3.{row}.{col}"] -= new
            new = 0
        v[f"t3.new_received.{col}"] = new
    for row in ("new_received", "carried_over", "disclosed", "results_total", "carried_forward"):
        v[f"t3.{row}.total"] = sum(v[f"t3.{row}.{col}"] for col in APPLICANTS)
    return report_text(v, organ=ORGAN, year=year)


def test_mixed_tree(tree, tmp_path, capsys):
    before = digest(tree)
    out = tmp_path / "out"
    code = main(["convert", str(tree), "-o", str(out), "--to", "json,csv,html,docx", "--findings-out",
                 str(tmp_path / "findings.jsonl")])
    err = capsys.readouterr().err
    assert code == 2
    assert "broken.pdf: corrupt PDF" in err and "gone.docx: cannot open" in err and "Traceback" not in err
    assert "10 input(s): 8 converted (0 up to date, skipped), 2 failed" in err
    assert "T4-TOTAL 4" in err   # hongze-2023.pdf and its copy without an extension, two groups each
    for rel in ("a/hongze-2023.pdf", "a/report.txt", "a/report.html", "b/deep/report.txt", "b/no-extension",
                "a/baiyu-2023.docx"):
        for ext in (".json", ".html", ".docx"):
            assert (out / (rel + ext)).exists(), rel + ext
    assert not (out / "b" / "notes.bin.json").exists() and not (out / "a" / "broken.pdf.json").exists()
    with open(out / "reports.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["source"]: r for r in csv.DictReader(fh)}
    assert len(rows) == 10 and sum(r["status"] == "converted" for r in rows.values()) == 8
    assert rows["src/a/report.txt"]["organ"] == "白玉县人民政府办公室"   # below the folder holding the input
    assert {k: rows["src/a/broken.pdf"][k] for k in ("status", "organ", "errors")} == {
        "status": "failed", "organ": "", "errors": ""}
    assert rows["src/a/broken.pdf"]["reason"].startswith("corrupt PDF")
    assert {k: rows["src/b/no-extension"][k] for k in ("reader", "errors", "rules")} == {
        "reader": "pdf", "errors": "2", "rules": "T4-TOTAL"}
    findings = [json.loads(line) for line in (tmp_path / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {f["rule"] for f in findings if f["source"].endswith("hongze-2023.pdf")} >= {"T4-TOTAL", "TEMPLATE"}
    assert digest(tree) == before   # inputs never modified


def test_resume_and_force(tree, tmp_path, capsys):
    out = tmp_path / "out"
    main(["convert", str(tree / "a"), "-o", str(out), "--to", "json,csv"])
    capsys.readouterr()
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.json") if p.name != "broken.pdf.json"}
    assert main(["convert", str(tree / "a"), "-o", str(out), "--to", "json,csv"]) == 2   # broken.pdf again
    assert "6 converted (6 up to date, skipped)" in capsys.readouterr().err
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.json") if p.name != "broken.pdf.json"} == stamps
    assert len((out / "reports.csv").read_text(encoding="utf-8").splitlines()) == 1 + 7   # skipped rows kept
    main(["convert", str(tree / "a"), "-o", str(out), "--to", "json,csv", "--force"])
    assert "6 converted (0 up to date, skipped)" in capsys.readouterr().err
    assert all(p.stat().st_mtime_ns > stamps[p] for p in stamps if p.parent.name != ".xxgk")


def test_parallel_equals_serial(tree, tmp_path):
    serial = {r.source: (r.status, r.rules) for r in xxgk.convert_many([str(tree)], tmp_path / "one", ["json"]).results}
    parallel = {r.source: (r.status, r.rules)
                for r in xxgk.convert_many([str(tree)], tmp_path / "two", ["json"], jobs=2).results}
    assert parallel == serial and len(serial) == 10
    for path in (tmp_path / "one").rglob("*.json"):
        if path.parent.name != ".xxgk":
            assert path.read_bytes() == (tmp_path / "two" / path.relative_to(tmp_path / "one")).read_bytes()


def test_globs_and_the_api(tree, tmp_path):
    results = xxgk.convert_many([str(tree / "**" / "*.txt")], tmp_path / "out", ["json"]).results
    assert sorted(Path(r.source).name for r in results) == ["004_12d7c137f1960f71.txt", "report.txt", "report.txt"]
    assert all(r.status == "converted" and r.record for r in results)


@pytest.mark.parametrize("flagged", [False, True])
def test_cross_year(tmp_path, capsys, flagged):
    forward_2023 = dict(zip(APPLICANTS, [3, 1, 0, 0, 2, 0]))
    over_2024 = {**forward_2023, "natural_person": 7} if flagged else forward_2023
    old_text = year_report(2023, 71, dict.fromkeys(APPLICANTS, 0), forward_2023)
    new_text = year_report(2024, 72, over_2024, dict.fromkeys(APPLICANTS, 1))
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "2023.txt").write_text(old_text, encoding="utf-8")
    (tmp_path / "src" / "2024.txt").write_text(new_text.replace(ORGAN, "某某县 人民政府办公室", 1), encoding="utf-8")
    findings_out = tmp_path / "f.jsonl"
    assert main(["convert", str(tmp_path / "src"), "-o", str(tmp_path / "out"), "--to", "json,csv", "--findings-out",
                 str(findings_out)]) == 0
    findings = [json.loads(line) for line in findings_out.read_text(encoding="utf-8").splitlines()]
    cross = [f for f in findings if f["rule"] == "CROSS-YEAR" and f["severity"] == "warning"]
    assert bool(cross) == flagged
    if flagged:
        assert cross[0]["source"].endswith("2024.txt")
        assert "2023.txt (2023) and" in cross[0]["message"] and "2024.txt (2024)" in cross[0]["message"]
        assert "t3.carried_over.natural_person" in cross[0]["cells"]
        assert "CROSS-YEAR" in capsys.readouterr().err
    # the datasets count the batch rule's finding on the later report, with the report's own
    with open(tmp_path / "out" / "reports.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["source"]: (r["warnings"], r["rules"]) for r in csv.DictReader(fh)}
    warned = {name: [f["rule"] for f in findings if f["source"].endswith(name) and f["severity"] == "warning"]
              for name in ("2023.txt", "2024.txt")}
    assert ("CROSS-YEAR" in warned["2024.txt"]) == flagged and "CROSS-YEAR" not in warned["2023.txt"]
    assert "ORGAN-REGULATIONS" in warned["2023.txt"]   # the county organ's reports give 规章
    assert rows == {f"src/{name}": (str(len(rules)), ";".join(dict.fromkeys(rules))) for name, rules in warned.items()}
    frame = xxgk.read_dataset(tmp_path / "out")
    assert dict(zip(frame["source"], zip(frame["warnings"], frame["rules"].fillna("")))) == {
        source: (int(warnings), rule) for source, (warnings, rule) in rows.items()}


def test_xxgkignore(tree, tmp_path):
    (tree / "a" / ".xxgkignore").write_text("# not reports\nreport.*\nhongze-*.pdf\n", encoding="utf-8")
    (tree / ".xxgkignore").write_text("b/\n", encoding="utf-8")
    names = sorted(Path(r.source).name for r in xxgk.convert_many([str(tree)], tmp_path / "out").results)
    assert names == ["004_12d7c137f1960f71.txt", "baiyu-2023.docx", "broken.pdf", "xigong-2024-portal.html"]
