"""Settings of rules: --set RULE.SETTING=VALUE and settings= from Python, checked before any work,
listed by `xxgk plugins`; a setting of a single report's rule decides its record, a batch rule's not."""
from __future__ import annotations

import json

import pytest

import xxgk
from xxgk import manager
from xxgk.cli import main
from xxgk.rulesettings import RuleSettings, fraction, resolve, whole_number
from xxgk.testing import check_validator

from conftest import SAMPLES, read_text
from reportgen import consistent_values, report_text
from yearkit import following, write_year

SHORT_FIVE = {5: "工作有待加强，将继续努力。"}   # 11 characters


def test_plugins_lists_the_settings(capsys):
    main(["plugins"])
    out = capsys.readouterr().out
    for line in ("setting SECTION-EMPTY.min-chars (default 30)", "setting TEXT-REUSE.threshold (default 0.5)",
                 "setting PUBLISHED-LATE.deadlines (default none)", "setting AGGREGATE.mapping (default none)",
                 "batch validator text-reuse: TEXT-REUSE"):
        assert line in out


@pytest.mark.parametrize("argument, says", [
    ("SECTION-EMPTY.min-chars", "must be RULE.SETTING=VALUE"),
    ("SECTION-EMPTY.min=3", "unknown setting SECTION-EMPTY.min (known: AGGREGATE.mapping, PUBLISHED-LATE.deadlines, "
                            "SECTION-EMPTY.min-chars, SECTION-EMPTY.repeat-min-chars, TEXT-REUSE.threshold)"),
    ("TEXT-REUSE.threshold=1.5", "setting TEXT-REUSE.threshold=1.5: must be a share from 0 to 1"),
])
@pytest.mark.parametrize("command", ["validate", "convert"])
def test_a_bad_setting_is_a_usage_error(tmp_path, capsys, argument, says, command):
    out = ["-o", str(tmp_path / "out")] if command == "convert" else []
    assert main([command, str(SAMPLES / "003_dfbb28bce6ca2542.txt"), *out, "--set", argument]) == 2
    assert says in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_validate_with_a_setting(tmp_path, capsys):
    (tmp_path / "r.txt").write_text(report_text(consistent_values(5, 9), prose=SHORT_FIVE), encoding="utf-8")
    for extra, flagged in (([], True), (["--set", "SECTION-EMPTY.min-chars=10"], False)):
        main(["validate", str(tmp_path / "r.txt"), "--format", "json", *extra])
        rules = {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}
        assert ("SECTION-EMPTY" in rules) == flagged


def test_a_report_rules_setting_converts_again_a_batch_rules_does_not(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.txt").write_text(report_text(consistent_values(5, 9), prose=SHORT_FIVE), encoding="utf-8")
    run = ["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--to", "csv"]
    main(run)
    main([*run, "--set", "TEXT-REUSE.threshold=0.8"])
    assert "1 converted (1 up to date, skipped)" in capsys.readouterr().err
    main([*run, "--set", "SECTION-EMPTY.min-chars=10"])
    assert "1 converted (0 up to date, skipped)" in capsys.readouterr().err
    assert "SECTION-EMPTY" not in (tmp_path / "out" / "reports.csv").read_text(encoding="utf-8-sig")


def test_settings_from_python():
    report = read_text(report_text(consistent_values(5, 9), prose=SHORT_FIVE))
    registry = manager.default().registry
    given = registry.rule_settings({"SECTION-EMPTY.min-chars": "10"})
    assert given == RuleSettings((("SECTION-EMPTY.min-chars", 10),))
    assert "SECTION-EMPTY" not in {f.rule for f in xxgk.validate(report, settings=given)}
    assert "SECTION-EMPTY" in {f.rule for f in check_validator(manager.default(), "sections", report)}
    assert resolve(registry.settings(), given) is given


@pytest.mark.parametrize("parse, text, value", [
    (fraction, "0.25", 0.25), (fraction, "40%", 0.4), (fraction, "1", 1.0), (whole_number, "0", 0)])
def test_values_read(parse, text, value):
    assert parse(text) == value


@pytest.mark.parametrize("parse, text", [(fraction, "nan"), (fraction, "-0.1"), (fraction, "half"),
                                         (whole_number, "2.5"), (whole_number, "-1")])
def test_values_refused(parse, text):
    with pytest.raises(ValueError):
        parse(text)


def test_validate_runs_the_batch_rules_with_their_settings(tmp_path, capsys):
    """A folder validated gets the batch rules' findings, as a batch converted does, after the
    inputs' own (text, or JSON objects marked "batch"), in Chinese with --lang zh."""
    before = consistent_values(1, 9)
    write_year(tmp_path / "in", 2023, before)
    write_year(tmp_path / "in", 2024, {**following(before, 2), "t2.regulations.repealed": 1})   # text copied too
    assert main(["validate", str(tmp_path / "in")]) == 0
    lines = capsys.readouterr().out.splitlines()
    batch = [line for line in lines if line.endswith("(compared in/2023.txt (2023) and in/2024.txt (2024))")]
    assert lines[-len(batch):] == batch
    assert [line.split(": ")[1].split()[1] for line in batch] == ["T2-IN-FORCE", "TEXT-REUSE", "SECTION-EMPTY",
                                                                  "SECTION-EMPTY"]
    main(["validate", str(tmp_path / "in"), "--format", "json", "--lang", "zh", "--set", "TEXT-REUSE.threshold=1"])
    objects = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(o["source"], o.get("batch")) for o in objects][-1] == (str(tmp_path / "in" / "2024.txt"), True)
    assert [(f["rule"], f["severity"]) for f in objects[-1]["findings"]][:2] == [("T2-IN-FORCE", "warning"),
                                                                                 ("TEXT-REUSE", "info")]
    assert objects[-1]["findings"][1]["message"].startswith("本报告") and "（比较了in/2023.txt（2023年）" in \
        objects[-1]["findings"][1]["message"]
