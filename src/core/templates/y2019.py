"""The 2019 trial format (国办公开办函〔2019〕60号), used for the 2019 and 2020 reports and by some
later ones: its own table 2, table 3 with a single （六）其他处理 row, the 2021 table 4.

No arithmetic rule ties table 2's columns together: 上一年项目数量 + 本年增/减 is this year's number
of items, which the format does not print (处理决定数量 counts decisions, not items). The batch rule
CROSS-YEAR compares it with the next year's 上一年项目数量 instead.
"""
from __future__ import annotations

from ..template import ColumnSpec, RowSpec, TableTemplate, Template
from .y2021 import SECTIONS, T3_SINGLE_OTHER_HANDLING, TABLE4, table3

_DOCS = (ColumnSpec("new_made", "本年新制作数量"), ColumnSpec("new_published", "本年新公开数量"),
         ColumnSpec("total_published", "对外公开总数量"))
_ITEMS = (ColumnSpec("prior_items", "上一年项目数量"), ColumnSpec("change", "本年增/减"),
          ColumnSpec("decisions", "处理决定数量"))

TABLE2 = TableTemplate(
    table="t2", variant="2019", title="主动公开政府信息情况", section=2,
    anchors=("第二十条第（一）项", "本年新制作数量"),
    rows=(
        RowSpec("regulations", "规章", _DOCS, group="第二十条第（一）项"),
        RowSpec("normative_documents", "规范性文件", _DOCS, ("行政规范性文件",), group="第二十条第（一）项"),
        RowSpec("licensing", "行政许可", _ITEMS, group="第二十条第（五）项"),
        RowSpec("other_services", "其他对外管理服务事项", _ITEMS, group="第二十条第（五）项"),
        RowSpec("penalty", "行政处罚", _ITEMS, group="第二十条第（六）项"),
        RowSpec("coercion", "行政强制", _ITEMS, group="第二十条第（六）项"),
        RowSpec("fees", "行政事业性收费", _ITEMS[:2], group="第二十条第（八）项"),
        RowSpec("procurement", "政府集中采购",
                (ColumnSpec("items", "采购项目数量"), ColumnSpec("amount", "采购总金额")), group="第二十条第（九）项"),
    ),
    decimal_keys=frozenset({"t2.procurement.amount"}),
    header_labels=("信息内容",),
    signed_keys=frozenset(f"t2.{row}.change"
                          for row in ("licensing", "other_services", "penalty", "coercion", "fees")),
)

TABLE3 = table3("2019", T3_SINGLE_OTHER_HANDLING)

TEMPLATE = Template("2019", SECTIONS, (TABLE2, TABLE3, TABLE4), rank=1, first_year=2019)   # 国办公开办函〔2019〕60号
