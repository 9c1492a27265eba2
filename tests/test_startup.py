"""What a start of xxgk loads: `xxgk validate` on a text report imports neither what only a batch
writes nor what only printing, scans or PDFs need, and what it leaves out is still found on use;
patterns compiled on first use match as they did when compiled at import."""
from __future__ import annotations

import subprocess
import sys

from xxgk.assembler import metadata
from xxgk.dates import pdf_date
from xxgk.plugins import reasons, text

from conftest import SAMPLES

NOT_TO_VALIDATE = ["xxgk.batch.convert", "xxgk.batch.combined", "xxgk.batch.outdir", "xxgk.plugins.pdf_print",
                   "xxgk.plugins.fonts", "xxgk.rereading", "tempfile", "secrets"]


def test_validating_a_text_report_loads_no_batch_writing_and_the_batch_api_is_found_on_use(tmp_path):
    """Validated as users run it (its worker forked, the entry points' cache written by an earlier
    run: a scan imports importlib.metadata, and tempfile with it), a text report loads none of
    NOT_TO_VALIDATE; xxgk.batch's names are then found, and converting loads what writing the batch
    needs."""
    code = ("import sys, xxgk.cli; report, out = sys.argv[1:3]; lazy = sys.argv[3:]; "
            "code = xxgk.cli.main(['validate', report]); print(code, [m for m in lazy if m in sys.modules]); "
            "import xxgk.batch as batch; from xxgk.batch import FileResult, Task; "
            "print([getattr(batch, n).__module__ for n in batch.__all__], FileResult.__name__, Task.__name__); "
            "xxgk.cli.main(['convert', report, '-o', out, '--to', 'json', '-q']); "
            "print(sorted(m for m in lazy if m in sys.modules))")
    report = sorted(SAMPLES.glob("*.txt"))[0]
    subprocess.run([sys.executable, "-m", "xxgk", "plugins"], capture_output=True, timeout=300)
    done = subprocess.run([sys.executable, "-c", code, str(report), str(tmp_path / "out"), *NOT_TO_VALIDATE],
                          capture_output=True, text=True, timeout=300)
    validated, api, converted = done.stdout.splitlines()[-3:]
    assert validated in ("0 []", "1 []"), done.stderr
    assert api == ("['xxgk.batch.convert', 'xxgk.batch.options', 'xxgk.batch.options', 'xxgk.batch.inputs', "
                   "'xxgk.batch.convert', 'xxgk.batch.job'] FileResult Task")
    assert converted == "['tempfile', 'xxgk.batch.combined', 'xxgk.batch.convert', 'xxgk.batch.outdir']"
    assert (tmp_path / "out" / f"{report.name}.json").is_file()


def test_patterns_compiled_on_first_use_match_as_before():
    # a PDF's date (dates._PDF): in China's time when it gives its zone
    assert pdf_date("D:20250131170000Z'") == "2025-02-01"
    assert pdf_date(b"D:20240226144123+08'00'") == "2024-02-26"
    assert pdf_date("D:2024") is None
    # a table rule drawn in text (text._DASH): rule characters, one of them a dash
    assert [text._is_rule(line) for line in ("|---|:--:|", "+---+", "├──┼──┤", "+===+", "| | |")] == [
        True, True, True, False, False]
    # a reason that names a row (reasons._GENERIC), and one that speaks of a reason it does not name (_CAUSE)
    rows = (("secret", "1.属于国家秘密"), ("law", "2.其他法律行政法规禁止公开"))
    assert reasons.reason("因属于国家秘密", rows) == reasons.Reason(True, "secret")
    assert reasons.reason("由于其他情形", rows) == reasons.Reason(True, None)
    assert reasons.reason("共", rows) == reasons.Reason(False, None)
    # an organ's name (metadata._ORGAN_END), and a title without its year (metadata._NO_YEAR)
    assert [metadata.looks_like_organ(t) for t in ("某某县人民 政府办公室", "某某街道办事处", "本年度工作情况")] == [
        True, True, False]
    assert metadata._from_title("某某县商务局政务公开工作年度报告") == ("某某县商务局", None)
