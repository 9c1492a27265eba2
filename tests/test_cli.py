"""The command line: outputs, JSON Lines, exit codes 0/1/2, and a batch that carries on past bad input."""
from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys

import pytest

from xxgk.cli import main
from xxgk.schema import json_schema

from conftest import SAMPLES, SEEDS
from reportgen import consistent_values, report_text
from yearkit import following, write_year


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def broken_report(tmp_path):
    values = consistent_values(21, 9)
    values["t4.review.total"] += 1
    path = tmp_path / "broken.txt"
    path.write_text(report_text(values), encoding="utf-8")
    return path


def test_convert_writes_json_per_report_and_one_csv(tmp_path, capsys):
    code, _, err = run(capsys, "convert", str(SAMPLES), "-o", str(tmp_path / "out"), "--to", "json,csv")
    assert code == 0, err
    jsons = sorted(p.name for p in (tmp_path / "out").glob("*.json"))
    samples = sorted(p for p in SAMPLES.iterdir() if p.is_file() and not p.name.startswith("."))
    assert jsons == sorted(p.name + ".json" for p in samples)
    with open(tmp_path / "out" / "reports.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(samples)
    header = list(rows[0])
    assert header[:14] == ["source", "organ", "year", "template", "reader", "status", "reason", "errors", "warnings",
                           "rules", "published", "published_from", "text_reuse", "t2.regulations.issued"]
    assert header.index("t3.carried_forward.total") < header.index("t4.review.upheld")
    assert [r["source"] for r in rows] == [f"samples/{p.name}" for p in samples]
    xigong = [r for r in rows if r["organ"] == "西工区人民政府办公室"]
    assert len(xigong) == 2   # the text seed and the HTML page of the same report
    assert {r["t3.new_received.natural_person"] for r in xigong} == {"35"}
    assert {r["template"] for r in xigong} == {"2021"}


def test_convert_carries_on_past_bad_inputs(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    shutil.copy(SEEDS[0], tmp_path / SEEDS[0].name)
    code, _, err = run(capsys, "convert", str(empty), str(tmp_path / "gone.txt"), str(tmp_path / SEEDS[0].name),
                       "-o", str(tmp_path / "out"), "--to", "json,csv")
    assert code == 2
    assert f"{empty}: empty input" in err and "gone.txt: cannot open" in err
    assert "Traceback" not in err
    assert (tmp_path / "out" / f"{SEEDS[0].name}.json").exists()
    with open(tmp_path / "out" / "reports.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["source"]: (r["status"], r["reason"], r["organ"]) for r in csv.DictReader(fh)}
    assert rows == {"empty.txt": ("failed", "empty input", ""), "gone.txt": ("failed", rows["gone.txt"][1], ""),
                    SEEDS[0].name: ("converted", "", "武当路街办")}
    assert rows["gone.txt"][1].startswith("cannot open")
    leftovers = [p for p in (tmp_path / "out").rglob(".*") if p.is_file() and p.parent.name != ".xxgk"]
    assert leftovers == []   # no temporary file left behind


def test_same_stem_twice_does_not_collide(tmp_path, capsys):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(SEEDS[0], tmp_path / folder / "report.txt")
    code, _, _ = run(capsys, "convert", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(tmp_path / "out"))
    assert code == 0
    assert sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").glob("[!.]*/*.json")) == [
        "a/report.txt.json", "b/report.txt.json"]


def test_unknown_output_format(tmp_path, capsys):
    code, _, err = run(capsys, "convert", str(SEEDS[0]), "-o", str(tmp_path), "--to", "epub")
    assert code == 2 and "no writer for format 'epub'" in err


def test_validate_exit_codes(capsys, broken_report, tmp_path):
    assert run(capsys, "validate", str(SEEDS[1]))[0] == 0
    code, out, _ = run(capsys, "validate", str(broken_report))
    assert code == 1
    line = next(ln for ln in out.splitlines() if "T4-TOTAL" in ln)
    assert line.startswith(f"{broken_report}:") and " error T4-TOTAL 行政复议: 总计 = " in line
    assert line.split(":")[1].isdigit()
    assert run(capsys, "validate", str(tmp_path / "missing.txt"))[0] == 2
    assert run(capsys, "validate", str(broken_report), str(tmp_path / "missing.txt"))[0] == 2


def test_validate_json_lines(capsys, broken_report, tmp_path):
    code, out, _ = run(capsys, "validate", str(SEEDS[3]), str(broken_report), "--format", "json")
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["source"] for r in records] == [str(SEEDS[3]), str(broken_report)]
    code, out, _ = run(capsys, "validate", str(tmp_path / "gone.txt"), "--format", "json")
    assert code == 2
    assert json.loads(out) == {"source": str(tmp_path / "gone.txt"), "error": "cannot open: No such file or directory",
                               "findings": []}
    prose = next(f for f in records[0]["findings"] if f["rule"] == "PROSE-TABLE")
    assert set(prose) >= {"rule", "severity", "cells", "message", "location"}
    total = next(f for f in records[1]["findings"] if f["rule"] == "T4-TOTAL")
    assert total["severity"] == "error" and "t4.review.total" in total["cells"]


def test_plugins_and_schema_commands(capsys):
    code, out, _ = run(capsys, "plugins")
    assert code == 0
    assert "reader text: .txt" in out and "validator arithmetic: T3-BALANCE" in out and "writer csv" in out
    code, out, _ = run(capsys, "schema")
    assert code == 0 and json.loads(out) == json_schema()


def test_installed_command_reads_stdin(tmp_path):
    cmd = [sys.executable, "-m", "xxgk"]
    version = subprocess.run(cmd + ["--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("xxgk ")
    data = SEEDS[4].read_bytes()
    done = subprocess.run(cmd + ["convert", "-", "-o", str(tmp_path), "--to", "json"], input=data,
                          capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "stdin.json").read_text(encoding="utf-8"))
    assert report["meta"]["organ"] == "西工区人民政府办公室"
    assert report["tables"]["t3"]["cells"]["t3.new_received.total"]["value"] == 35


def test_convert_to_docx_with_findings(tmp_path, capsys):
    import docx

    code, _, err = run(capsys, "convert", str(SAMPLES / "hongze-2023.pdf"), "-o", str(tmp_path), "--to", "docx",
                       "--findings")
    assert code == 0, err
    written = tmp_path / "hongze-2023.pdf.docx"
    texts = [p.text for p in docx.Document(str(written)).paragraphs]
    assert "附：检查发现的问题" in texts and any("T4-TOTAL" in t for t in texts)
    assert written.stat().st_mode & 0o777 != 0o600


def read_only_folder(tmp_path) -> str:
    """A folder no file can be written in: chmod 0555, or /sys where the tests run as root."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        (folder / "probe").touch()
    except OSError:
        return str(folder)
    return "/sys"


USAGE_ERRORS = [
    (["-o", "{file}"], "xxgk: output folder {file} is a file"),
    (["-o", "{file}/out"], "xxgk: cannot write in the output folder {file}/out: Not a directory"),
    (["-o", "{read_only}"], "xxgk: cannot write in the output folder {read_only}:"),
    (["-o", "{out}", "--findings-out", "{read_only}/f.jsonl"],
     "xxgk: cannot write the findings file {read_only}/f.jsonl:"),
    (["-o", "{out}", "--findings-out", "{file}/f.jsonl"],
     "xxgk: cannot write the findings file {file}/f.jsonl: Not a directory"),
    (["-o", "{out}", "--findings-out", "{out}"], "xxgk: findings file {out} is a folder"),
    (["-o", "{out}", "--findings-out", "{input}"], "xxgk: findings file {input} is one of the inputs"),
    (["-o", ""], "xxgk: no output folder given"),
    (["-o", "{out}", "--findings-out", "{tmp}"], "xxgk: findings file {tmp} is a folder"),
    (["-o", "{out}", "--time-limit", "-5"], "xxgk: argument --time-limit: must be a number of seconds, 0 or more"),
    (["-o", "{out}", "--time-limit", "nan"], "xxgk: argument --time-limit: must be a number of seconds, 0 or more"),
    (["-o", "{out}", "--time-limit", "inf"], "xxgk: argument --time-limit: must be a number of seconds, 0 or more"),
    (["-o", "{out}", "--time-limit", "1e10"], "xxgk: argument --time-limit: must be a number of seconds, 0 or more"),
    (["-o", "{out}", "-j", "0"], "xxgk: argument -j/--jobs: must be a whole number of 1 or more, not '0'"),
    (["-o", "{out}", "-j", "two"], "xxgk: argument -j/--jobs: must be a whole number of 1 or more, not 'two'"),
    (["-o", "{out}", "--to", "json,epub"], "xxgk: no writer for format 'epub'"),
    (["-o", "{out}", "--to", ","], "xxgk: no output format given"),
    (["-o", "{out}", "--scheduler", "local:0"], "xxgk: --scheduler local:0: local:N needs a number of worker"),
]


@pytest.mark.parametrize("args, message", USAGE_ERRORS, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_bad_arguments_and_unusable_out_are_one_usage_error(tmp_path, args, message):
    """One line, exit 2, and nothing done: nothing written in OUT but its lock."""
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    names = {"file": tmp_path / "file", "out": tmp_path / "out", "tmp": tmp_path, "input": SEEDS[0],
             "read_only": read_only_folder(tmp_path)}
    argv = [a.format(**names) for a in ["convert", str(SEEDS[0]), *args]]
    done = subprocess.run([sys.executable, "-m", "xxgk", *argv], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith(message.format(**names)), done.stderr
    assert not [p for p in (tmp_path / "out").rglob("*") if p.is_file() and p.name != "lock"]


def test_a_dataset_that_cannot_be_written_is_named_and_the_summary_still_printed(tmp_path):
    """A full disk at reports.csv (a file-size limit makes the disk "full" for this process)."""
    import resource

    cmd = [sys.executable, "-m", "xxgk", "convert", str(SAMPLES), "-o", str(tmp_path / "out"), "--to", "json,csv"]
    assert subprocess.run(cmd, capture_output=True, check=False).returncode == 0
    full = subprocess.run(cmd, capture_output=True, text=True, check=False,
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192)))
    assert full.returncode == 2
    assert f"xxgk: cannot write {tmp_path / 'out' / 'reports.csv'}: File too large" in full.stderr
    assert re.search(r"xxgk: (\d+) input\(s\): \1 converted \(\1 up to date, skipped\), 0 failed", full.stderr)
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")]


def test_the_summary_counts_the_batch_rules_findings_as_their_reports(tmp_path, capsys):
    """A report whose only warning is a batch rule's is one "with warnings", as "by rule" counts it;
    so on a run that converts nothing again."""
    before = consistent_values(1, 9)
    write_year(tmp_path / "in", 2023, before)
    write_year(tmp_path / "in", 2024, following(before, 2))   # the text of 2023 again
    for _ in range(2):
        main(["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
        lines = capsys.readouterr().err.splitlines()
        assert "xxgk: with errors: 0, with warnings: 1" in lines
        assert re.search(r"by rule: .*SECTION-EMPTY 2, TEMPLATE 2, TEXT-REUSE 1$", lines[-1]), lines[-1]


def test_the_program_freezes_its_start_up_and_a_caller_keeps_its_collector(tmp_path):
    """`xxgk` as the program (main() reading sys.argv) freezes what its start-up built (gc.freeze)
    and collects again after it; main called with arguments from Python freezes nothing and leaves
    the collector as it found it, on or off."""
    report = str(sorted(SAMPLES.glob("*.txt"))[0])
    code = ("import gc, sys, xxgk.cli; sys.argv = ['xxgk', 'validate', '--time-limit', '0', sys.argv[1]]; "
            "exit = xxgk.cli.main(); print(exit, gc.get_freeze_count() > 1000, gc.isenabled())")
    done = subprocess.run([sys.executable, "-c", code, report], capture_output=True, text=True, timeout=120)
    assert done.stdout.split()[-3:] == ["0", "True", "True"], done.stderr
    import gc

    frozen = gc.get_freeze_count()
    assert main(["validate", "--time-limit", "0", report]) == 0
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    gc.disable()
    try:
        assert main(["validate", "--time-limit", "0", report]) == 0
        assert not gc.isenabled() and gc.get_freeze_count() == frozen
    finally:
        gc.enable()
