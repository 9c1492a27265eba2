"""docs/plugins.md and xxgk.testing: the documentation covers every hook and its example runs;
the builtin plugins pass the conformance checks third-party plugins are held to."""
from __future__ import annotations

import inspect
import re
import types
from decimal import Decimal

import pytest

import xxgk
from xxgk import hookspecs
from xxgk.testing import check_reader, check_validator, check_writer

from conftest import ROOT, SAMPLES
from pagegen import mht, page
from reportgen import consistent_values

DOCS = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")


def test_every_hook_is_described():
    hooks = [name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("xxgk_")]
    assert len(hooks) >= 4
    missing = [h for h in hooks if f"### `{h}(registry)`" not in DOCS]
    assert missing == []


def test_registry_methods_named_in_the_docs_exist():
    registry = xxgk.registry.Registry()
    for method in set(re.findall(r"registry\.(\w+)\(", DOCS)):
        assert callable(getattr(registry, method, None)), method


def _docs_example() -> types.ModuleType:
    code = re.search(r"## A validator in 25 lines\n\n```python\n(.*?)```", DOCS, re.S).group(1)
    assert len(code.strip().splitlines()) <= 22
    module = types.ModuleType("fee_zero")
    exec(compile(code, "docs/plugins.md", "exec"), module.__dict__)
    return module


def test_the_docs_validator_example_works(load_xxgk_plugins):
    plugins = load_xxgk_plugins(fee_zero=_docs_example())
    report = xxgk.read(SAMPLES / "hongze-2023.pdf", plugins=plugins)   # fees of 7730.28 万元
    assert report.value("t2.fees.amount") == Decimal("7730.28")
    findings = check_validator(plugins, "fee-zero", report)
    assert [f.rule for f in findings] == []   # section 6 speaks of 信息处理费
    report.sections = [s for s in report.sections if s.number != 6]
    assert [f.rule for f in check_validator(plugins, "fee-zero", report)] == ["FEE-ZERO"]


@pytest.mark.parametrize("reader, sample", [
    ("text", "004_12d7c137f1960f71.txt"), ("html", "xigong-2024-portal.html"), ("pdf", "hongze-2023.pdf"),
    ("docx", "baiyu-2023.docx"),
])
def test_builtin_readers_conform(xxgk_plugins, reader, sample):
    check_reader(xxgk_plugins, reader, (SAMPLES / sample).read_bytes(), sample)


def test_mht_reader_conforms(xxgk_plugins):
    sample = mht(page(consistent_values(7, 60), charset="gb2312", word=True), "gb2312", image=True)
    check_reader(xxgk_plugins, "mht", sample, "report.mht")


@pytest.mark.parametrize("writer", ["json", "csv", "html", "docx", "xlsx", "parquet"])
def test_builtin_writers_conform(xxgk_plugins, writer):
    check_writer(xxgk_plugins, writer, xxgk.read(SAMPLES / "hongze-2023.pdf"))


def test_builtin_validators_conform(xxgk_plugins):
    report = xxgk.read(SAMPLES / "hongze-2023.pdf")
    for validator in xxgk_plugins.registry.validators:
        check_validator(xxgk_plugins, validator.name, report)
