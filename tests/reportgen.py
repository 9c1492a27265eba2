"""Writes 2021-format reports as plain text in each table layout seen in the wild, from cell values.

Used by the tests (every layout, damaged labels) and the benchmarks (generated corpora).
"""
from __future__ import annotations

import random

from xxgk.templates.y2021 import APPLICANTS, T3_COLUMNS, T4_GROUPS, TABLE2, TABLE3, TABLE4

T2_BLOCKS = {"regulations": "第二十条第（一）项", "licensing": "第二十条第（五）项",
             "penalty": "第二十条第（六）项", "fees": "第二十条第（八）项"}
T2_HEADERS = {"regulations": ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
              "licensing": ["信息内容", "本年处理决定数量"], "penalty": ["信息内容", "本年处理决定数量"],
              "fees": ["信息内容", "本年收费金额（单位：万元）"]}
T3_HEADER = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
             ["自然人", "法人或其他组织", "总计"], ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]]
T4_HEADER = [["行政复议", "行政诉讼"], ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
                                   "未经复议直接起诉", "复议后起诉"],
             ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2]
LAYOUTS = ("lines", "pipes", "tabs", "runs")


def consistent_values(seed: int = 0, scale: int = 5) -> dict[str, object]:
    """Cell values for every 2021 key that satisfy every rule of the template."""
    rnd = random.Random(seed)
    v: dict[str, object] = {}
    for row in TABLE2.rows:
        for key in TABLE2.row_keys(row):
            v[key] = rnd.randint(0, scale)
    v["t2.fees.amount"] = "0"
    results = [r for r in TABLE3.rows if r.key not in ("new_received", "carried_over", "results_total",
                                                       "carried_forward")]
    for col in APPLICANTS:
        col_sum = 0
        for row in results:
            n = rnd.randint(0, scale) if rnd.random() < 0.3 else 0
            v[f"t3.{row.key}.{col.key}"] = n
            col_sum += n
        forward = rnd.randint(0, 2)
        over = rnd.randint(0, min(2, col_sum + forward))
        v[f"t3.results_total.{col.key}"] = col_sum
        v[f"t3.carried_forward.{col.key}"] = forward
        v[f"t3.carried_over.{col.key}"] = over
        v[f"t3.new_received.{col.key}"] = col_sum + forward - over
    for row in TABLE3.rows:
        v[f"t3.{row.key}.total"] = sum(v[f"t3.{row.key}.{c.key}"] for c in APPLICANTS)  # type: ignore[misc]
    for group, _ in T4_GROUPS:
        parts = [rnd.randint(0, 2) for _ in range(4)]
        for outcome, n in zip(("upheld", "corrected", "other", "pending"), parts):
            v[f"t4.{group}.{outcome}"] = n
        v[f"t4.{group}.total"] = sum(parts)
    return v


def zero_values() -> dict[str, object]:
    return {k: (0 if k != "t2.fees.amount" else "0") for k in
            TABLE2.cell_keys() + TABLE3.cell_keys() + TABLE4.cell_keys()}


def _text(value: object, layout: str) -> str:
    if value is None:
        return "/" if layout in ("lines", "runs") else ""
    return str(value)


def _row(cells: list[str], layout: str) -> list[str]:
    """One table row as the lines of the layout."""
    if layout == "pipes":
        return [" | ".join(cells) + " |"]
    if layout == "tabs":
        return ["\t".join(cells)]
    if layout == "runs":
        label = [c for c in cells if not _is_value(c)]
        values = "".join(c for c in cells if _is_value(c))
        return label + ([values] if values else [])
    return cells


def _is_value(text: str) -> bool:
    return text == "/" or text.replace(".", "").isdigit()


def tables_text(values: dict[str, object], layout: str, labels: dict[str, str] | None = None) -> dict[int, list[str]]:
    """The lines of tables 2, 3 and 4 (keyed by section number)."""
    labels = labels or {}
    t2: list[str] = []
    for row in TABLE2.rows:
        if row.key in T2_BLOCKS:
            t2 += _row([T2_BLOCKS[row.key]], layout) + _row(T2_HEADERS[row.key], layout)
        t2 += _row([labels.get(row.key, row.label)] + [_text(values[k], layout) for k in TABLE2.row_keys(row)],
                   layout)
    t3: list[str] = []
    for header in T3_HEADER:
        t3 += _row(header, layout)
    for row in TABLE3.rows:
        label = [labels.get(row.key, row.label)]
        if row.key == "disclosed":
            label.insert(0, "三、本年度办理结果")
        elif row.group and row.label.startswith("1.") and row.key not in labels:
            label.insert(0, row.group)
        t3 += _row(label + [_text(values[f"t3.{row.key}.{c.key}"], layout) for c in T3_COLUMNS], layout)
    t4: list[str] = []
    for header in T4_HEADER:
        t4 += _row(header, layout)
    t4 += _row([_text(values[k], layout) for k in TABLE4.cell_keys()], layout)
    return {2: t2, 3: t3, 4: t4}


HEADINGS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")


def report_text(values: dict[str, object] | None = None, layout: str = "tabs", organ: str = "某某市人民政府办公室",
                year: int = 2024, prose: dict[int, str] | None = None, labels: dict[str, str] | None = None,
                sections: tuple[int, ...] = (1, 2, 3, 4, 5, 6)) -> str:
    """A whole report: title, preamble, the sections in `sections` order, tables in their sections."""
    values = zero_values() if values is None else values
    tables = tables_text(values, layout, labels)
    prose = prose or {}
    out = [f"{organ}{year}年政府信息公开工作年度报告", "",
           "本报告根据《中华人民共和国政府信息公开条例》编制。", ""]
    for n in sections:
        out += [HEADINGS[n - 1], ""]
        if n in prose:
            out += [prose[n], ""]
        elif n in (1, 5, 6):
            out += ["本年度各项工作有序开展。", ""]
        for line in tables.get(n, []):
            out += [line] + ([""] if layout in ("lines", "runs") else [])
        out.append("")
    return "\n".join(out)
