"""Batches never lose, mix up or hide a report: the dataset holds every report OUT records, resume
goes by the source and its content, output names never collide, outputs are never read back."""
from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

import xxgk

from batchkit import ORGANS, convert, html_report, new_received, organ_of, report, rows, write


def test_runs_one_after_another_keep_every_row(tmp_path, capsys):
    a, b = write(tmp_path / "a.txt", report(0)), write(tmp_path / "b.txt", report(1))
    out = tmp_path / "out"
    assert convert(capsys, str(a), "-o", str(out), "--to", "json,csv")[0] == 0
    assert convert(capsys, str(b), "-o", str(out), "--to", "json,csv")[0] == 0
    found = rows(out)
    assert {s: r["organ"] for s, r in found.items()} == {"a.txt": ORGANS[0], "b.txt": ORGANS[1]}
    assert found["b.txt"]["t3.new_received.total"] == str(new_received(1))
    code, err = convert(capsys, str(a), str(b), "-o", str(out), "--to", "json,csv")
    assert code == 0 and "2 input(s): 2 converted (2 up to date, skipped), 0 failed" in err
    assert rows(out) == found


def test_same_names_from_two_folders_are_two_reports(tmp_path, capsys):
    write(tmp_path / "A" / "2024" / "r.txt", report(0))
    write(tmp_path / "B" / "2024" / "r.txt", report(1))
    out = tmp_path / "out"
    convert(capsys, str(tmp_path / "A"), "-o", str(out), "--to", "json,csv")
    code, err = convert(capsys, str(tmp_path / "B"), "-o", str(out), "--to", "json,csv")
    assert code == 0 and "1 converted (0 up to date, skipped)" in err
    # each below the folder given, as in it: 2024/
    assert organ_of(out / "2024" / "r.txt.json") == ORGANS[0] and organ_of(out / "2024" / "r~2.txt.json") == ORGANS[1]
    assert {s: r["organ"] for s, r in rows(out).items()} == {"A/2024/r.txt": ORGANS[0], "B/2024/r.txt": ORGANS[1]}
    # both folders again, now below another common folder: each source keeps its outputs, none is doubled
    code, err = convert(capsys, str(tmp_path / "A"), str(tmp_path / "B"), "-o", str(out), "--to", "json,csv")
    assert "2 converted (2 up to date, skipped)" in err
    assert {p.name for p in out.iterdir()} == {".xxgk", "2024", "reports.csv"}
    assert {p.name for p in (out / "2024").iterdir()} == {"r.txt.json", "r~2.txt.json"}
    assert len(rows(out)) == 2


def test_a_changed_source_is_converted_again(tmp_path, capsys):
    src = write(tmp_path / "r.txt", report(0))
    out = tmp_path / "out"
    convert(capsys, str(src), "-o", str(out), "--to", "json,html,csv")
    assert rows(out)["r.txt"]["t3.new_received.total"] == str(new_received(0))
    os.utime(src, ns=(0, 10**18))                       # touched, same content: the hash says unchanged
    code, err = convert(capsys, str(src), "-o", str(out), "--to", "json,html,csv")
    assert "1 converted (1 up to date, skipped)" in err
    write(src, report(2))                               # another report in its place, only JSON asked for
    code, err = convert(capsys, str(src), "-o", str(out), "--to", "json,csv")
    assert code == 0 and "1 converted (0 up to date, skipped)" in err
    assert organ_of(out / "r.txt.json") == ORGANS[2] and rows(out)["r.txt"]["organ"] == ORGANS[2]
    assert not (out / "r.txt.html").exists()            # the page of the earlier report is gone with it


def test_a_change_of_options_or_formats_converts_again(tmp_path, capsys):
    src = write(tmp_path / "r.txt", report(0))
    out = tmp_path / "out"
    convert(capsys, str(src), "-o", str(out))
    assert "0 up to date" in convert(capsys, str(src), "-o", str(out), "--to", "json,html")[1]
    assert "1 up to date" in convert(capsys, str(src), "-o", str(out), "--to", "html")[1]
    assert "0 up to date" in convert(capsys, str(src), "-o", str(out), "--to", "html", "--findings")[1]


@pytest.fixture
def stdin(monkeypatch):
    def pipe(text: str) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    return pipe


def test_standard_input_is_known_by_its_content(tmp_path, capsys, stdin):
    out = tmp_path / "out"
    for n in (0, 1, 0):
        stdin(report(n))
        assert convert(capsys, "-", "-o", str(out), "--to", "json,csv")[0] == 0
    assert organ_of(out / "stdin.json") == ORGANS[0] and organ_of(out / "stdin~2.json") == ORGANS[1]
    assert sorted(r["organ"] for r in rows(out).values()) == sorted(ORGANS[:2])
    assert all(source.startswith("<stdin:") for source in rows(out))


@pytest.mark.parametrize("inside", [False, True])
def test_outputs_never_become_inputs(tmp_path, capsys, inside):
    src = tmp_path / "src"
    write(src / "a.txt", report(0))
    write(src / "sub" / "b.html", html_report(1))
    before = {p: p.read_bytes() for p in src.rglob("*") if p.is_file()}
    out = src / "out" if inside else src
    for _ in range(3):
        code, err = convert(capsys, str(src), "-o", str(out), "--to", "json,html,docx,csv")
        assert code == 0 and "2 input(s)" in err
        code, err = convert(capsys, str(src / "**" / "*"), "-o", str(out), "--to", "json,html,docx,csv")
        assert code == 0 and "2 input(s)" in err
    assert {p: p.read_bytes() for p in before} == before
    assert sorted(r["organ"] for r in rows(out).values()) == sorted(ORGANS[:2])


def test_an_output_never_takes_the_place_of_an_input(tmp_path, capsys):
    src = tmp_path / "src"
    write(src / "a.txt", report(0))
    given = write(src / "a.txt.html", html_report(1)).read_bytes()
    assert convert(capsys, str(src), "-o", str(src), "--to", "html,csv")[0] == 0
    assert (src / "a.txt.html").read_bytes() == given
    assert "甲县" in (src / "a~2.txt.html").read_text(encoding="utf-8")
    assert sorted(r["organ"] for r in rows(src).values()) == sorted(ORGANS[:2])


def test_a_file_beside_a_folder_of_its_output_name(tmp_path, capsys):
    src = tmp_path / "src"
    write(src / "x.txt", report(0))
    write(src / "x.txt.json" / "r.txt", report(1))
    code, err = convert(capsys, str(src), "-o", str(tmp_path / "out"), "--to", "json,html")
    assert code == 0 and "2 converted" in err
    outputs = {p.relative_to(tmp_path / "out").as_posix(): organ_of(p)
               for p in (tmp_path / "out").rglob("*.json") if p.is_file() and ".xxgk" not in p.parts}
    assert outputs == {"x.txt.json": ORGANS[0], "x.txt~2.json/r.txt.json": ORGANS[1]}


def test_names_that_are_not_utf8_or_are_very_long(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    names = {"报告".encode("gbk") + b".txt": "报告.txt", b"\xff\xfe.txt": "\\xff\\xfe.txt",
             ("长" * 83).encode() + b".txt": None, b"x" * 251 + b".txt": None}
    for n, name in enumerate(names):
        with open(os.fsencode(src) + b"/" + name, "wb") as fh:
            fh.write(report(n).encode("utf-8"))
    out = tmp_path / "out"
    code, err = convert(capsys, str(src), "-o", str(out), "--to", "json,html,docx,csv")
    assert code == 0 and "4 converted" in err
    assert {Path(s).name: r["organ"] for s, r in rows(out).items() if "报告" in s or "xff" in s} == {
        "报告.txt": ORGANS[0], "\\xff\\xfe.txt": ORGANS[1]}
    assert organ_of(out / "报告.txt.json") == ORGANS[0]
    assert all(len(p.name.encode()) <= 255 for p in out.rglob("*"))
    assert sorted(organ_of(p) for p in out.glob("*.json")) == sorted(ORGANS)
    assert convert(capsys, str(src), "-o", str(out), "--to", "json,html,docx,csv")[1].count("4 up to date") == 1


def test_a_failure_replaces_the_report_it_no_longer_is(tmp_path, capsys):
    src = write(tmp_path / "r.txt", report(0))
    out = tmp_path / "out"
    convert(capsys, str(src), "-o", str(out), "--to", "json,csv")
    write(src, b"")
    code, err = convert(capsys, str(src), "-o", str(out), "--to", "json,csv")
    assert code == 2 and "r.txt: empty input" in err
    assert not (out / "r.txt.json").exists() and rows(out) == {}


def test_a_source_out_of_reach_keeps_its_report(tmp_path, capsys):
    a, b = write(tmp_path / "a.txt", report(0)), write(tmp_path / "b.txt", report(1))
    out = tmp_path / "out"
    convert(capsys, str(a), str(b), "-o", str(out), "--to", "json,csv")
    a.unlink()
    code, err = convert(capsys, str(a), str(b), "-o", str(out), "--to", "json,csv")
    assert code == 2 and "a.txt: cannot open" in err
    assert {r["organ"] for r in rows(out).values()} == set(ORGANS[:2]) and (out / "a.txt.json").exists()


def test_the_python_api_finishes_the_batch(tmp_path):
    a, b = write(tmp_path / "a.txt", report(0)), write(tmp_path / "b.txt", report(1, year=2025))
    findings_out = tmp_path / "findings.jsonl"
    batch = xxgk.convert_many([str(a), str(b)], tmp_path / "out", ["json", "csv"], findings_out=str(findings_out))
    assert sorted(r.organ for r in batch.results) == sorted(ORGANS[:2]) and not batch.errors
    assert {r["organ"] for r in rows(tmp_path / "out").values()} == set(ORGANS[:2])
    assert {json.loads(line)["source"] for line in findings_out.read_text(encoding="utf-8").splitlines()} == {
        str(a), str(b)}
