"""A pytest plugin for plugin authors: `pytest_plugins = ["xxgk.testing"]` in a conftest.py.

Fixtures:
    xxgk_plugins        the installed plugins, freshly loaded (an `xxgk.manager.Plugins`)
    load_xxgk_plugins   a function: load_xxgk_plugins(name=plugin_object, ...) -> Plugins, for a
                        plugin that is not installed (a module or any object with hook functions)

Conformance checks (plain functions; each asserts, and returns what it checked):
    check_reader(plugins, name, sample, filename)   sniff/extension choose it; a well-formed
                                                    Document with locations; empty and corrupt
                                                    input give a ReadError, nothing else
    check_validator(plugins, name, report)          well-formed findings of its own rules;
                                                    the report is not changed
    check_writer(plugins, name, report)             bytes, the same twice; the report is not changed
"""
from __future__ import annotations

import copy
import io

import pytest

from . import api, manager
from .document import Document, Paragraph, Table
from .errors import ReadError
from .model import Finding, Report
from .registry import Source

SEVERITIES = ("error", "warning", "info")


@pytest.fixture
def xxgk_plugins() -> manager.Plugins:
    return manager.load()


@pytest.fixture
def load_xxgk_plugins():
    def load(**extra: object) -> manager.Plugins:
        loaded = manager.load(extra=extra)
        broken = {p.name: p.error for p in loaded.broken}
        assert not broken, f"plugins failed to load: {broken}"
        return loaded
    return load


def check_reader(plugins: manager.Plugins, name: str, sample: bytes, filename: str) -> Document:
    registry = plugins.registry
    reader = next((r for r in registry.readers if r.name == name), None)
    assert reader is not None, f"no reader {name!r} registered"
    chosen = registry.reader_for(Source(sample, filename))
    assert chosen is reader, f"{filename} goes to reader {chosen.name!r}, not {name!r}"
    assert reader.extensions or reader.sniff, "a reader must declare extensions or a sniff"
    doc = reader.read(Source(sample, filename))
    assert isinstance(doc, Document) and doc.blocks, "the sample gave no blocks"
    for block in doc.blocks:
        assert isinstance(block, (Paragraph, Table)), f"not a block: {block!r}"
        if isinstance(block, Paragraph):
            assert block.text.strip() and block.location is not None, f"paragraph without text or location: {block}"
        else:
            assert all(cell.location is not None for row in block.rows for cell in row), "table cell without location"
    for bad in (b"", sample[: max(1, len(sample) // 7)], bytes(range(256)) * 8):
        try:
            reader.read(Source(bad, filename))
        except ReadError:
            continue
        except Exception as exc:   # noqa: BLE001 - the point is to catch anything else
            pytest.fail(f"reader {name!r} raised {type(exc).__name__}, not ReadError, on bad input: {exc}")
    return doc


def check_validator(plugins: manager.Plugins, name: str, report: Report) -> list[Finding]:
    validator = next((v for v in plugins.registry.validators if v.name == name), None)
    assert validator is not None, f"no validator {name!r} registered"
    before = copy.deepcopy(report)
    findings = list(validator.run(report))
    keys = set(plugins.registry.cell_keys())
    for finding in findings:
        assert isinstance(finding, Finding)
        assert finding.rule in validator.rules, f"{finding.rule} is not among the rules it declares"
        assert finding.severity in SEVERITIES and finding.message
        assert set(finding.cells) <= keys, f"unknown cells {set(finding.cells) - keys}"
    assert report == before, "a validator must not change the report"
    return findings


def check_writer(plugins: manager.Plugins, name: str, report: Report) -> bytes:
    before = copy.deepcopy(report)

    def written() -> bytes:
        out = io.BytesIO()
        api.write(report, name, out, plugins=plugins)
        return out.getvalue()

    first = written()
    assert first, "the writer wrote nothing"
    assert written() == first, "the same report must give the same bytes"
    assert report == before, "a writer must not change the report"
    return first
