"""Plugins: found through entry points or given to the manager; a broken one is reported, not fatal."""
from __future__ import annotations

import os
import subprocess
import sys
import types

import xxgk
from xxgk import manager
from xxgk.document import Document, Paragraph
from xxgk.model import Finding
from xxgk.registry import Reader, Source, Validator

from conftest import SAMPLES, SEEDS, make_distribution


def test_builtins_come_from_entry_points(plugins):
    names = set(plugins.info)
    assert {"text", "html", "pdf", "docx-reader", "json", "csv", "docx-writer", "template-2021"} <= names
    assert not plugins.broken
    readers = {r.name: r.plugin for r in plugins.registry.readers}
    assert {k: readers.get(k) for k in ("text", "html", "mht", "pdf", "docx")} == {
        "text": "text", "html": "html", "mht": "mht", "pdf": "pdf", "docx": "docx-reader"}


def test_third_party_plugin_through_an_entry_point(tmp_path, monkeypatch):
    make_distribution(tmp_path, "[xxgk]\nfake = fake_xxgk_plugin\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    loaded = manager.load()
    assert loaded.info["fake"].version == "1.2"
    assert set(loaded.info["fake"].hooks) == {"xxgk_register_readers", "xxgk_register_validators"}
    text = "LINES\n" + SEEDS[0].read_text(encoding="utf-8")
    report = xxgk.read_source(Source(text.encode(), "report.txt"), plugins=loaded)   # sniffing beats ".txt"
    assert report.meta.reader == "lines"
    assert report.value("t2.regulations.issued") == 2
    assert "ALWAYS" in {f.rule for f in xxgk.validate(report, plugins=loaded)}


def test_broken_plugins_are_reported_and_the_rest_load(tmp_path, monkeypatch):
    make_distribution(tmp_path, "[xxgk]\nfake = fake_xxgk_plugin\nghost = no_such_module_for_xxgk\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    misspelt = types.SimpleNamespace(xxgk_register_reader=xxgk.hookimpl(lambda registry: None))

    @xxgk.hookimpl
    def xxgk_register_writers(registry):
        registry.add_writer(xxgk.registry.Writer("half", ".half", write=lambda r, out: None))
        raise RuntimeError("boom")

    raising = types.SimpleNamespace(xxgk_register_writers=xxgk_register_writers)
    loaded = manager.load(extra={"misspelt": misspelt, "raising": raising})
    errors = {p.name: p.error for p in loaded.broken}
    assert set(errors) == {"ghost", "misspelt", "raising"}
    assert "ModuleNotFoundError" in errors["ghost"]
    assert "xxgk_register_reader" in errors["misspelt"]
    assert "boom" in errors["raising"]
    assert "half" not in [w.name for w in loaded.registry.writers]   # a failed hook leaves nothing half-added
    assert {"text", "lines"} <= {r.name for r in loaded.registry.readers}


def test_plugin_given_to_the_manager():
    def read(source):
        return Document([Paragraph(t) for t in source.data.decode().split("¦")], source=source.name)

    plugin = types.SimpleNamespace(
        xxgk_register_readers=xxgk.hookimpl(lambda registry: registry.add_reader(
            Reader("pipes", read, extensions=(".bar",)))),
        xxgk_register_validators=xxgk.hookimpl(lambda registry: registry.add_validator(
            Validator("count", ("COUNT",), lambda report: [Finding("COUNT", "info", str(len(report.sections)))]))),
    )
    loaded = manager.load(extra={"mine": plugin})
    text = SEEDS[0].read_text(encoding="utf-8").replace("\n", "¦")
    report = xxgk.read_source(Source(text.encode(), "x.bar"), plugins=loaded)
    assert report.value("t2.regulations.issued") == 2
    count = [f for f in xxgk.validate(report, plugins=loaded) if f.rule == "COUNT"]
    assert count[0].message == "6"
    assert loaded.registry.validators[-1].plugin == "mine"


def test_writers_register_without_their_documents_and_import_them_to_write(tmp_path):
    """Validating a text report loads no writer's document (docx_document, html_document,
    xlsx_workbook); converting to those formats imports each and writes the files."""
    lazy = ["xxgk.plugins.docx_document", "xxgk.plugins.html_document", "xxgk.plugins.xlsx_workbook"]
    code = ("import sys, xxgk.cli; report, out = sys.argv[1:3]; lazy = sys.argv[3:]; "
            "xxgk.cli.main(['validate', '--time-limit', '0', report]); print([m for m in lazy if m in sys.modules]); "
            "xxgk.cli.main(['convert', report, '-o', out, '--to', 'docx,html,xlsx', '-q', '--time-limit', '0']); "
            "print([m for m in lazy if m in sys.modules])")
    report = sorted(SAMPLES.glob("*.txt"))[0]
    done = subprocess.run([sys.executable, "-c", code, str(report), str(tmp_path / "out"), *lazy],
                          capture_output=True, text=True, timeout=300)
    assert done.stdout.splitlines()[-2:] == ["[]", str(lazy)], done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == [
        f"{report.name}.docx", f"{report.name}.html", "reports.xlsx"]


def test_a_plugin_loads_after_libraries_messages_are_silenced(tmp_path):
    """What a plugin prints natively to stderr or logs while it is imported (as a library it
    imports may) does not reach the user's stderr; with --debug it does."""
    (tmp_path / "noisy_xxgk_plugin.py").write_text(
        "import logging, os\nos.write(2, b'native noise\\n')\nlogging.getLogger('noisy').warning('logged noise')\n")
    dist = tmp_path / "noisy_xxgk_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: noisy-xxgk-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[xxgk]\nnoisy = noisy_xxgk_plugin\n")
    report = str(sorted(SAMPLES.glob("*.txt"))[0])
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    quiet = subprocess.run([sys.executable, "-m", "xxgk", "validate", report], capture_output=True, text=True,
                           env=env, timeout=300)
    loud = subprocess.run([sys.executable, "-m", "xxgk", "--debug", "validate", report], capture_output=True,
                          text=True, env=env, timeout=300)
    assert (quiet.returncode, loud.returncode) == (0, 0)
    assert "noise" not in quiet.stderr
    assert "native noise" in loud.stderr and "logged noise" in loud.stderr
