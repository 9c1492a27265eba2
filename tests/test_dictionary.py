"""The data dictionary: every key of both formats, its labels as the template prints them, its type
and unit; `xxgk keys`; the copy in docs/ is the generated one; no reference to an outside text."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from xxgk.cli import main
from xxgk.dictionary import keys, render

from conftest import ROOT


def test_the_dictionary_covers_every_key_of_both_formats(plugins):
    registry = plugins.registry
    by_format = {t.name: [k for table in t.tables for k in table.cell_keys()] for t in registry.templates}
    assert [i.key for i in keys(registry)] == registry.cell_keys()
    for name, held in by_format.items():
        infos = keys(registry, name)
        assert sorted(i.key for i in infos) == sorted(held)
        assert all(name in i.formats for i in infos)
    assert (len(keys(registry, "2021")), len(keys(registry, "2019")), len(keys(registry))) == (200, 198, 226)
    formats = {i.key: i.formats for i in keys(registry)}
    assert formats["t2.fees.amount"] == ("2021",) and formats["t2.procurement.amount"] == ("2019",)
    assert formats["t2.licensing.decisions"] == formats["t4.review.total"] == ("2021", "2019")
    assert formats["t3.other_handling.no_fee.total"] == ("2021",) and formats["t3.other_handling.total"] == ("2019",)


def test_every_entry_matches_its_template(plugins):
    for template in plugins.registry.templates:
        infos = {i.key: i for i in keys(plugins.registry, template.name)}
        for table in template.tables:
            for row in table.rows:
                for column, key in zip(row.columns, table.row_keys(row)):
                    info = infos[key]
                    assert (info.table, info.title) == (table.table, table.title)
                    assert info.column[-1] == column.label
                    assert info.row[-1:] == ((row.label,) if row.label else ())
                    assert row.group is None or row.group in info.row
                    assert (info.type == "decimal") == (key in table.decimal_keys)
                    assert (info.unit == "万元") == (key in table.decimal_keys)


def test_labels_are_those_printed(plugins):
    infos = {i.key: i for i in keys(plugins.registry)}
    withheld = infos["t3.withheld.state_secret.natural_person"]
    assert withheld.row == ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")
    assert withheld.column == ("申请人情况", "自然人")
    assert withheld.label == "三、本年度办理结果 · （三）不予公开 · 1.属于国家秘密 · 申请人情况 · 自然人"
    assert infos["t3.new_received.commercial"].column == ("申请人情况", "法人或其他组织", "商业企业")
    assert (infos["t4.litigation_direct.pending"].row, infos["t4.litigation_direct.pending"].column) == (
        (), ("行政诉讼", "未经复议直接起诉", "尚未审结"))
    fee = infos["t2.fees.amount"]
    assert (fee.row, fee.column, fee.type, fee.unit) == (
        ("第二十条第（八）项", "行政事业性收费"), ("本年收费金额（单位：万元）",), "decimal", "万元")
    assert (infos["t2.licensing.change"].type, infos["t2.licensing.change"].unit) == ("signed integer", "件")
    # a key two formats share takes the labels of the one asked for
    assert infos["t2.licensing.decisions"].column == ("本年处理决定数量",)
    assert {i.key: i for i in keys(plugins.registry, "2019")}["t2.licensing.decisions"].column == ("处理决定数量",)


def test_keys_command_in_every_form(capsys):
    assert main(["keys", "--format", "2019"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 198 and list(rows[0]) == ["key", "formats", "table", "title", "row", "column", "type", "unit"]
    procurement = next(r for r in rows if r["key"] == "t2.procurement.amount")
    assert procurement == {"key": "t2.procurement.amount", "formats": "2019", "table": "t2",
                           "title": "主动公开政府信息情况", "row": "第二十条第（九）项 · 政府集中采购",
                           "column": "采购总金额", "type": "decimal", "unit": "万元"}
    assert main(["keys", "--to", "json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert len(entries) == 226 and entries[0] == {
        "key": "t2.regulations.issued", "formats": ["2021"], "table": "t2", "title": "主动公开政府信息情况",
        "row": ["第二十条第（一）项", "规章"], "column": ["本年制发件数"], "type": "integer", "unit": "件"}
    assert main(["keys", "--format", "2021", "--to", "markdown"]) == 0
    out = capsys.readouterr().out
    assert ("| `t2.fees.amount` | 第二十条第（八）项 · 行政事业性收费 | 本年收费金额（单位：万元） | decimal | 万元 | "
            "2021 |") in out
    assert "t2.procurement" not in out
    assert main(["keys", "--format", "1999"]) == 2
    assert capsys.readouterr().err == "xxgk: no format '1999' (known: 2021, 2019)\n"


def test_the_copy_in_docs_is_the_generated_one(plugins):
    generated = render(keys(plugins.registry), "markdown")
    assert (ROOT / "docs" / "keys.md").read_text(encoding="utf-8") == generated, \
        "docs/keys.md is stale: xxgk keys --to markdown > docs/keys.md"


@pytest.mark.parametrize("path", sorted(str(p.relative_to(ROOT)) for folder in ("src", "docs") for p in
                                        (ROOT / folder).rglob("*") if p.suffix in (".py", ".md")) + ["README.md"])
def test_no_reference_to_a_text_outside_the_repository(path):
    text = (ROOT / path).read_text(encoding="utf-8")
    public = re.sub(r"(PDF 1\.7|XML 1\.0) §", "", text)   # published standards may be cited by section
    assert not re.search(r"\bspec(ification)?\b ?§|§ ?\d|format specification", public), path
