"""The sample third-party plugin, installed beside xxgk in a fresh virtualenv, as a user would."""
from __future__ import annotations

import csv
import json
import subprocess
import sys

from conftest import EXPECTED, ROOT

PLUGIN = ROOT / "samples" / "plugins" / "xxgk-doc"


def test_doc_plugin_in_a_fresh_virtualenv(tmp_path, libreoffice):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_ = venv / "bin"

    def run(*args, **kwargs):
        done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=900, **kwargs)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        return done.stdout

    run(bin_ / "pip", "install", "-q", ROOT, f"{PLUGIN}[test]")
    listing = run(bin_ / "xxgk", "plugins")
    assert "doc 0.1.0  (xxgk_doc)" in listing and "reader doc: .doc .rtf .wps" in listing

    run(bin_ / "xxgk", "convert", PLUGIN / "tests" / "data" / "baiyu-2023.doc", "-o", tmp_path / "out", "--to", "csv")
    with open(tmp_path / "out" / "reports.csv", encoding="utf-8-sig", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    expected = json.loads((EXPECTED / "003_dfbb28bce6ca2542.expected.json").read_text(encoding="utf-8"))
    assert {k: row[k] for k in expected["cells"]} == {k: str(v) for k, v in expected["cells"].items()}
    assert (row["source"], row["organ"], row["year"], row["reader"]) == (
        "baiyu-2023.doc", "白玉县人民政府办公室", "2023", "doc")

    run(bin_ / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", PLUGIN / "tests", cwd=tmp_path)
