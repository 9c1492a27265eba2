"""What a batch writes in OUT: every file named by a record, never over a file xxgk did not write,
never read back as an input (from this OUT or any other), datasets never stale, damage mended."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

import xxgk
from xxgk import api
from xxgk.cli import main
from xxgk.errors import UsageError

from batchkit import ORGANS, convert, html_report, organ_of, report, rows, write


def listing(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and ".xxgk" not in p.parts}


def test_findings_file_in_an_out_not_made_yet(tmp_path, capsys):
    src = write(tmp_path / "crawl" / "a.txt", report(0)).parent
    code, err = convert(capsys, str(src), "-o", str(tmp_path / "out"), "--to", "json,csv", "-j", "2",
                        "--findings-out", str(tmp_path / "out" / "findings.jsonl"))
    assert code == 0, err
    assert {json.loads(line)["source"] for line in (tmp_path / "out" / "findings.jsonl").read_text().splitlines()} \
        == {str(src / "a.txt")}


def test_every_dataset_in_out_is_kept_up_to_date(tmp_path, capsys):
    a, b = write(tmp_path / "a.txt", report(0)), write(tmp_path / "b.txt", report(1))
    out = tmp_path / "out"
    convert(capsys, str(a), "-o", str(out), "--to", "csv")
    convert(capsys, str(b), "-o", str(out), "--to", "json")        # no --to csv: reports.csv is remade all the same
    assert {r["organ"] for r in rows(out).values()} == set(ORGANS[:2])


def test_asking_for_another_format_keeps_the_outputs_of_an_unchanged_source(tmp_path, capsys):
    src = write(tmp_path / "a.txt", report(0))
    out = tmp_path / "out"
    convert(capsys, str(src), "-o", str(out), "--to", "json")
    convert(capsys, str(src), "-o", str(out), "--to", "html")
    assert listing(out) == {"a.txt.json", "a.txt.html"}
    assert "1 up to date" in convert(capsys, str(src), "-o", str(out), "--to", "json,html")[1]


def test_files_named_one_by_one_in_out_itself_are_never_outputs_read_back(tmp_path, capsys):
    """`xxgk convert g/* -o g`: the shell names every file, outputs of earlier runs included."""
    g = tmp_path / "g"
    write(g / "a.html", html_report(0))
    write(g / "b.txt", report(1))
    for _ in range(3):
        names = [str(p) for p in sorted(g.iterdir()) if not p.name.startswith(".")]
        code, err = convert(capsys, *names, "-o", str(g), "--to", "json,html,docx")
        assert code == 0 and "2 input(s)" in err
    assert listing(g) == {"a.html", "b.txt", "a.html.json", "a.html.html", "a.html.docx", "b.txt.json",
                          "b.txt.html", "b.txt.docx"}


def test_outputs_of_another_out_inside_the_inputs_are_not_inputs(tmp_path, capsys):
    src = tmp_path / "src"
    write(src / "a.html", html_report(0))
    write(src / "b.txt", report(1))
    convert(capsys, str(src), "-o", str(src / "run1"), "--to", "json,html,docx")
    code, err = convert(capsys, str(src), "-o", str(src / "run2"), "--to", "json,csv")
    assert code == 0 and "2 input(s)" in err and len(rows(src / "run2")) == 2
    assert main(["validate", str(src), "--format", "json"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_inputs_inside_out_are_read(tmp_path, capsys):
    src = tmp_path / "src"
    write(src / "a.txt", report(0))
    write(src / "sub" / "b.txt", report(1))
    code, err = convert(capsys, str(src), "-o", str(src / "sub"), "--to", "json,csv")
    assert code == 0 and "2 input(s)" in err
    assert {r["organ"] for r in rows(src / "sub").values()} == set(ORGANS[:2])


def test_the_findings_file_never_takes_the_place_of_what_xxgk_writes(tmp_path, capsys):
    src = write(tmp_path / "a.txt", report(0))
    out = tmp_path / "out"
    convert(capsys, str(src), "-o", str(out), "--to", "json,csv")
    for place in ("reports.csv", "a.txt.json", ".xxgk/records/a.txt.json"):
        code, err = convert(capsys, str(src), "-o", str(out), "--to", "json,csv", "--findings-out", str(out / place))
        assert code == 2 and "would take the place of" in err and len(err.splitlines()) == 1
    assert rows(out)["a.txt"]["organ"] == ORGANS[0] and organ_of(out / "a.txt.json") == ORGANS[0]


def test_one_file_by_several_paths_is_one_source(tmp_path, capsys):
    src = write(tmp_path / "c" / "a.txt", report(0))
    (tmp_path / "link").symlink_to(tmp_path / "c")
    (tmp_path / "c" / "again.txt").symlink_to(src)
    out = tmp_path / "out"
    for given in (src, tmp_path / "c" / ".." / "c" / "a.txt", tmp_path / "link" / "a.txt", tmp_path / "c"):
        assert convert(capsys, str(given), "-o", str(out), "--to", "csv")[0] == 0
    assert len(rows(out)) == 1


def test_a_file_xxgk_did_not_write_is_never_written_over(tmp_path, capsys):
    folder = tmp_path / "c"
    write(folder / "a.txt", report(0))
    theirs = write(folder / "a.txt.html", html_report(1)).read_bytes()
    assert convert(capsys, str(folder / "a.txt"), "-o", str(folder), "--to", "html")[0] == 0
    assert (folder / "a.txt.html").read_bytes() == theirs and ORGANS[0] in (folder / "a~2.txt.html").read_text()
    assert convert(capsys, str(folder), "-o", str(folder), "--to", "html,csv")[0] == 0
    assert {r["organ"] for r in rows(folder).values()} == set(ORGANS[:2])
    # a known source asked for a format whose file is someone else's: that input fails, nothing is lost
    write(tmp_path / "b.txt", report(2))
    convert(capsys, str(tmp_path / "b.txt"), "-o", str(tmp_path / "o"), "--to", "json")
    mine = write(tmp_path / "o" / "b.txt.html", "mine").read_bytes()
    code, err = convert(capsys, str(tmp_path / "b.txt"), "-o", str(tmp_path / "o"), "--to", "json,html")
    assert code == 2 and "b.txt.html is in the way: xxgk did not write it" in err
    assert (tmp_path / "o" / "b.txt.html").read_bytes() == mine


def test_an_input_folder_named_like_a_dataset(tmp_path, capsys):
    src = tmp_path / "src"
    write(src / "reports.csv" / "a.txt", report(0))
    write(src / "b.txt", report(1))
    for _ in range(2):
        assert convert(capsys, str(src), "-o", str(tmp_path / "out"), "--to", "json,csv")[0] == 0
    assert organ_of(tmp_path / "out" / "reports~2.csv" / "a.txt.json") == ORGANS[0]
    assert len(rows(tmp_path / "out")) == 2


def test_only_the_temporary_files_of_xxgk_are_cleared(tmp_path, capsys):
    out = tmp_path / "out"
    src = write(tmp_path / "a.txt", report(0))
    findings = tmp_path / "elsewhere" / "f.jsonl"
    convert(capsys, str(src), "-o", str(out), "--findings-out", str(findings))
    user = write(out / ".xxgk-draft.tmp", "a note")
    left = [write(out / ".xxgk-partial-0123abcd-abcdefgh.tmp", "half"),
            write(findings.parent / f".xxgk-partial-{api.temporary_tag(findings.name)}-abcdefgh.tmp", "half")]
    other = write(findings.parent / f".xxgk-partial-{api.temporary_tag('other.jsonl')}-abcdefgh.tmp", "theirs")
    convert(capsys, str(src), "-o", str(out), "--findings-out", str(findings))
    assert user.exists() and other.exists() and not any(p.exists() for p in left)


def test_an_input_stopped_half_way_leaves_no_output(tmp_path, monkeypatch):
    """The time limit strikes while the second document is written: the first goes too."""
    src = tmp_path / "src"
    write(src / "a.txt", report(0))
    write_document = api.write

    def slow_html(report, format, dest, **kwargs):
        if format == "html":
            time.sleep(60)
        return write_document(report, format, dest, **kwargs)

    monkeypatch.setattr(api, "write", slow_html)
    (result,) = xxgk.convert_many(str(src), src, "json,html", time_limit=0.5).results
    assert result.status == "failed" and result.error.startswith("timed out")
    assert listing(src) == {"a.txt"}
    monkeypatch.setattr(api, "write", write_document)
    assert [r.status for r in xxgk.convert_many(str(src), src, "json,html").results] == ["converted"]


def test_a_damaged_record_is_named_and_its_input_converted_again(tmp_path, capsys):
    a, b = write(tmp_path / "a.txt", report(0)), write(tmp_path / "b.txt", report(1))
    out = tmp_path / "out"
    convert(capsys, str(a), "-o", str(out), "--to", "json,csv")
    record = out / ".xxgk" / "records" / "a.txt.json"
    head, body = record.read_bytes().split(b"\n", 1)
    record.write_bytes(head + b"\n" + body[:100] + b"\n")
    code, err = convert(capsys, str(a), str(b), "-o", str(out), "--to", "json,csv")
    assert code == 2 and f"{a}: its record in OUT was damaged: it is converted again on the next run" in err
    assert [r["organ"] for r in rows(out).values()] == [ORGANS[1]]
    code, err = convert(capsys, str(a), str(b), "-o", str(out), "--to", "json,csv")
    assert code == 0 and "2 converted (1 up to date, skipped)" in err
    assert {r["organ"] for r in rows(out).values()} == set(ORGANS[:2]) and listing(out) >= {"a.txt.json"}


def test_a_link_to_a_pipe_is_refused_not_read(tmp_path, capsys):
    folder = tmp_path / "c"
    write(folder / "a.txt", report(0))
    os.mkfifo(folder / "fifo")
    (folder / "link.txt").symlink_to(folder / "fifo")
    code, err = convert(capsys, str(folder), "-o", str(tmp_path / "out"))   # the pipe and its link: one source
    assert code == 2 and f"{folder}/fifo: not a regular file (a pipe, socket or device): refused" in err
    assert main(["validate", str(folder / "link.txt")]) == 2
    assert "link.txt: not a regular file" in capsys.readouterr().err


def test_the_python_api_takes_one_input_and_formats_as_text(tmp_path):
    src = write(tmp_path / "a.txt", report(0))
    batch = xxgk.convert_many(str(src), tmp_path / "out", "json,csv", time_limit=0)
    assert [r.organ for r in batch.results] == [ORGANS[0]] and (tmp_path / "out" / "reports.csv").exists()


def test_the_findings_file_is_written_through_a_link_and_never_over_a_pipe(tmp_path, capsys):
    src = write(tmp_path / "a.txt", report(0))
    (tmp_path / "keep").mkdir()
    (tmp_path / "link.jsonl").symlink_to(tmp_path / "keep" / "target.jsonl")
    link, pipe = tmp_path / "link.jsonl", tmp_path / "pipe.jsonl"
    assert convert(capsys, str(src), "-o", str(tmp_path / "out"), "--findings-out", str(link))[0] == 0
    assert (tmp_path / "link.jsonl").is_symlink() and (tmp_path / "keep" / "target.jsonl").stat().st_size > 0
    os.mkfifo(pipe)
    code, err = convert(capsys, str(src), "-o", str(tmp_path / "out"), "--findings-out", str(pipe))
    assert code == 2 and err.strip() == f"xxgk: findings file {pipe} is not a regular file (a pipe or a device)"


def test_a_dataset_xxgk_did_not_write_is_never_written_over(tmp_path, capsys):
    out = tmp_path / "out"
    theirs = write(out / "reports.csv", "my,own\n1,2\n").read_bytes()
    src = write(tmp_path / "a.txt", report(0))
    code, err = convert(capsys, str(src), "-o", str(out), "--to", "json,csv")
    assert code == 2 and f"{out / 'reports.csv'} is in the way: xxgk did not write it" in err
    assert (out / "reports.csv").read_bytes() == theirs and (out / "a.txt.json").exists()
    assert convert(capsys, str(src), "-o", str(out), "--to", "json")[0] == 0   # not asked for: left alone
    assert (out / "reports.csv").read_bytes() == theirs


def test_an_output_in_the_way_keeps_the_earlier_conversion(tmp_path, capsys):
    src = write(tmp_path / "a.txt", report(0))
    out = tmp_path / "out"
    convert(capsys, str(src), "-o", str(out), "--to", "json,html,csv")
    write(out / "a.txt.docx", "mine")
    code, err = convert(capsys, str(src), "-o", str(out), "--to", "docx")
    assert code == 2 and "a.txt.docx is in the way" in err
    assert listing(out) == {"a.txt.json", "a.txt.html", "a.txt.docx", "reports.csv"}
    assert rows(out)["a.txt"]["organ"] == ORGANS[0] and (out / "a.txt.docx").read_text() == "mine"


def test_outputs_of_an_out_named_file_by_file_or_by_subfolder_are_not_inputs(tmp_path, capsys):
    write(tmp_path / "a" / "r.html", html_report(0))
    write(tmp_path / "b" / "r.txt", report(1))
    old = tmp_path / "old"
    convert(capsys, str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(old), "--to", "json,html,csv")
    named = [str(p) for p in sorted(old.iterdir()) if not p.name.startswith(".")]
    code, err = convert(capsys, *named, "-o", str(tmp_path / "o4"), "--to", "json,csv")
    assert code == 2 and "no input files found" in err
    assert main(["validate", str(old / "a")]) == 2 and "no input files found" in capsys.readouterr().err


def test_what_a_killed_run_claimed_is_no_input(tmp_path, capsys):
    src = tmp_path / "src"
    write(src / "a.txt", report(0))
    out = src / "out"
    convert(capsys, str(src), "-o", str(out), "--to", "json")
    write(out / "b.txt.html", html_report(1))    # written by a run killed before its record
    write(out / ".xxgk" / "claims.json", '["b.txt.html", "b.txt.json"]')
    assert main(["validate", str(src), "--format", "json"]) == 0
    assert [json.loads(line)["source"] for line in capsys.readouterr().out.splitlines()] == [str(src / "a.txt")]
    code, err = convert(capsys, str(src), "-o", str(out), "--to", "json")
    assert code == 0 and "1 input(s)" in err and not (out / "b.txt.html").exists()


def test_a_path_too_long_for_the_file_system_fails_its_input_only(tmp_path, capsys):
    deep = tmp_path / "in" / "/".join(["d" * 200] * ((4000 - len(str(tmp_path))) // 201))   # under PATH_MAX …
    write(deep / "r.txt", report(0))
    write(tmp_path / "in" / "s.txt", report(1))
    out = tmp_path / ("o" * 200)                                                               # … its output over
    code, err = convert(capsys, str(tmp_path / "in"), "-o", str(out), "--to", "json,csv")
    assert code == 2 and "r.txt: cannot write" in err and "File name too long" in err
    assert "2 input(s): 1 converted (0 up to date, skipped), 1 failed" in err and len(rows(out)) == 1
    code, err = convert(capsys, str(tmp_path / "in" / "s.txt"), "-o", str(out), "--to", "json,csv")
    assert code == 0 and "1 up to date" in err


def test_damaged_state_in_out_is_named_or_passed_over(tmp_path, capsys):
    a, b = write(tmp_path / "a.txt", report(0)), write(tmp_path / "b.txt", report(1))
    out = tmp_path / "out"
    convert(capsys, str(a), str(b), "-o", str(out), "--to", "json,csv")
    write(out / ".xxgk" / "claims.json", '[1, null, ["x"], "../a.txt", ".xxgk/lock", "/etc/passwd"]')
    write(out / ".xxgk" / "parts", "not a folder")
    record = out / ".xxgk" / "records" / "b.txt.json"
    head, body = record.read_text().split("\n", 1)
    record.write_text(head.replace('"name": "b.txt"', '"name": "../../a.txt"') + "\n" + body)
    code, err = convert(capsys, str(a), "-o", str(out), "--to", "json,csv")
    assert code == 2 and f"record {record} cannot be read" in err and "internal error" not in err
    assert (out / ".xxgk" / "lock").exists() and a.exists() and [r["organ"] for r in rows(out).values()] == [ORGANS[0]]


def test_a_records_folder_that_is_a_file_fails_each_input_with_its_reason(tmp_path, capsys):
    out = tmp_path / "out"
    write(out / ".xxgk" / "records", "not a folder")
    code, err = convert(capsys, str(write(tmp_path / "a.txt", report(0))), "-o", str(out))
    assert code == 2 and "a.txt: cannot write" in err and "internal error" not in err
    assert "1 input(s): 0 converted (0 up to date, skipped), 1 failed" in err


def test_a_findings_file_in_out_is_kept_up_to_date(tmp_path, capsys):
    a, b = write(tmp_path / "a.txt", report(0)), write(tmp_path / "b.txt", report(1))
    out = tmp_path / "out"
    convert(capsys, str(a), "-o", str(out), "--to", "json,csv", "--findings-out", str(out / "findings.jsonl"))
    convert(capsys, str(b), "-o", str(out), "--to", "json")
    sources = {json.loads(line)["source"] for line in (out / "findings.jsonl").read_text().splitlines()}
    assert sources == {str(a), str(b)} and len(rows(out)) == 2


def test_the_python_api_refuses_what_it_cannot_use(tmp_path):
    src = write(tmp_path / "a.txt", report(0))
    for bad in ({"outdir": None}, {"jobs": True}, {"jobs": 0}, {"time_limit": "5"}):
        with pytest.raises(UsageError):
            xxgk.convert_many([src], **{"outdir": tmp_path / "out", **bad})
    assert [r.organ for r in xxgk.convert_many([src], tmp_path / "out").results] == [ORGANS[0]]


def test_outputs_mirror_the_folder_given_with_one_subfolder_then_two(tmp_path, capsys):
    """With one subfolder (in/x/) the outputs go to OUT/x/, not to OUT's top; y/ added later goes
    to OUT/y/, and x's outputs stay where they are."""
    write(tmp_path / "in" / "x" / "2023.txt", report(0, 2023))
    write(tmp_path / "in" / "x" / "deep" / "2024.txt", report(0))
    assert convert(capsys, str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--to", "json")[0] == 0
    assert listing(tmp_path / "out") == {"x/2023.txt.json", "x/deep/2024.txt.json"}
    write(tmp_path / "in" / "y" / "2023.txt", report(1, 2023))
    code, err = convert(capsys, str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--to", "json")
    assert code == 0 and "up to date" in err
    assert listing(tmp_path / "out") == {"x/2023.txt.json", "x/deep/2024.txt.json", "y/2023.txt.json"}
    assert [organ_of(tmp_path / "out" / name) for name in ("x/2023.txt.json", "y/2023.txt.json")] == list(ORGANS[:2])


@pytest.mark.parametrize("given, expected", [
    (["in/x/a.txt"], {"a.txt.json"}),                                  # a file: its name
    (["in/x/a.txt", "in/x/deep/b.txt"], {"a.txt.json", "deep/b.txt.json"}),   # files: below their folder
    (["in/x", "in/y"], {"x/a.txt.json", "x/deep/b.txt.json", "y/c.txt.json"}),   # folders: below their parent
    (["in/x/deep"], {"b.txt.json"}),                                   # one folder, one file deep in it
])
def test_outputs_mirror_what_is_given(tmp_path, capsys, monkeypatch, given, expected):
    for name, n in (("x/a.txt", 0), ("x/deep/b.txt", 1), ("y/c.txt", 2)):
        write(tmp_path / "in" / name, report(n))
    monkeypatch.chdir(tmp_path)
    assert convert(capsys, *given, "-o", "out", "--to", "json")[0] == 0
    assert listing(tmp_path / "out") == expected


def test_an_out_named_before_keeps_its_names(tmp_path, capsys):
    """OUT written when one subfolder's outputs went to its top: a rerun finds the inputs up to date
    by their records and neither moves nor copies their outputs."""
    write(tmp_path / "in" / "x" / "2023.txt", report(0, 2023))
    assert convert(capsys, str(tmp_path / "in" / "x"), "-o", str(tmp_path / "out"), "--to", "json")[0] == 0
    assert listing(tmp_path / "out") == {"2023.txt.json"}   # as the folder in/x/ given names them
    code, err = convert(capsys, str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--to", "json")
    assert code == 0 and "up to date" in err
    assert listing(tmp_path / "out") == {"2023.txt.json"}
