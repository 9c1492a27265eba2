"""FEE-PROSE (warning): what the prose says of fees against itself and the tables.

Section 六 reports the 信息处理费 collected (《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号), in
元; table 2's 行政事业性收费 (第二十条第（八）项) is another fee, the organ's administrative charges, in
万元. So:

- the prose says no 信息处理费 was collected (未收取…信息处理费) and elsewhere states a sum above 0:
  the finding points at the first, and its message names the place of the other;
- the prose states a 信息处理费 above 0 while table 3 shows no application at all (新收 and 上年结转
  both 0): the fee is charged on applications;
- the prose states the 行政事业性收费 (in 元, 万元 or 亿元, its thousands separated by commas or not:
  12,345元) and table 2 gives another amount: the two agree when the coarser of them is the other
  rounded or cut to its places (1234元 and 0.12万元 agree, 980元 and 1万元 do not). 0 is none collected,
  never a rounding: a table's 0 (or 0.00) against 3500元 in the prose is a contradiction, and so is
  the prose saying none was collected (未收取行政事业性收费, 没有行政事业性收费收入) against an amount
  above 0 in the table.

Only a clause that states the year's total collected is compared: not a rate (收费标准每件80元,
100元/件), nor a sum relieved, refunded or compared (减免行政事业性收费2.5万元, 较上年减少…). A
信息处理费 is never compared with table 2's fee. Only clauses about the report's organ and year are
read, as for PROSE-TABLE (`prose_scope`: not 全市, 其中民政局…, 县档案馆收取…, 各村（社区）收取…, 上年, 2023年度… in a
report of 2024).
"""
from __future__ import annotations

import re
from decimal import Decimal

from xxgk import hookimpl
from xxgk.model import Finding, Location, Report, shortened
from xxgk.registry import Validator
from xxgk.values import THOUSANDS

from .prose_scope import own_clauses

NEW, OVER, FEES = "t3.new_received.total", "t3.carried_over.total", "t2.fees.amount"
_GAP = r"[^，,。；;\d]"
_NONE = re.compile(rf"(?:未|没有|无|不存在|并未|不){_GAP}{{0,10}}?(?:收取|产生|发生){_GAP}{{0,16}}?(?:处理费|收费事项)")
# an amount, its thousands separated by commas or not (1,234.5万元, 12,345元)
_AMOUNT = rf"(?P<n>(?:{THOUSANDS}(?!\d)|\d+)(?:\.\d+)?)\s*(?P<unit>亿元|万元|元)"
_CHARGED = re.compile(rf"(?:收取|收缴|收到){_GAP}{{0,24}}?处理费{_GAP}{{0,8}}?" + _AMOUNT)
# the prose says no 行政事业性收费 was collected: the clause ends with the fee (未收取任何行政事业性收费)
_ADMIN_NONE = re.compile(r"(?:未|没有|无|不存在|并未|均未|不)(?:收取|产生|发生|取得|涉及|有)?(?:任何)?的?"
                         r"行政事业性收费(?:事项|收入|项目)?\s*$|行政事业性收费(?:金额|收入)?(?:为|是)?[零无]$")
_ADMIN = re.compile(r"行政事业性收费(?:[的共计为是达：:\s]|合计|总计|总额|金额|收入)*?" + _AMOUNT)
# what makes an amount no total collected in the year: a rate, a sum relieved, refunded or compared
_NOT_TOTAL = re.compile(r"每|标准|单价|/[件页次]|减免|免收|免征|减征|减收|减少|降低|下降|增加|增长|退还|退回|返还")
TEN_THOUSAND = Decimal(10000)


def _wan(m: re.Match) -> tuple[Decimal, int]:
    """The amount of a match of _AMOUNT in 万元, and its decimal places there (元 gives four more, 亿元
    four fewer: 1.5亿元 is 15000万元 to the thousand, places -3)."""
    n = _number(m)
    places = _places(n)
    if m["unit"] == "亿元":
        return n * TEN_THOUSAND, places - 4
    return (n, places) if m["unit"] == "万元" else (n / TEN_THOUSAND, places + 4)


def _number(m: re.Match) -> Decimal:
    """The amount of a match of _AMOUNT, its thousands separators taken out."""
    return Decimal(m["n"].replace(",", ""))


def _places(amount: Decimal) -> int:
    """The decimal places an amount is written with ("1.20": 2)."""
    return max(-int(amount.as_tuple().exponent), 0)


def agree(stated: Decimal, places: int, given: Decimal) -> bool:
    """An amount stated with `places` decimals and one given, both in 万元, agree when the coarser
    of them is the finer one rounded or cut to its places; 0 says none was collected, and agrees
    with 0 only (a table's 0 is no rounding of 3500元)."""
    if (stated == 0) != (given == 0):
        return False
    coarse, fine, unit = (stated, given, places) if places <= _places(given) else (given, stated, _places(given))
    step = Decimal(10) ** -unit
    return coarse - step / 2 <= fine < coarse + step


def check(report: Report):
    none: list[tuple[str, Location | None]] = []
    charged: list[tuple[str, Location | None, re.Match]] = []
    for clause, _, location in own_clauses(report):
        if _NOT_TOTAL.search(clause):
            continue
        m = _CHARGED.search(clause)
        if m and _number(m) > 0:
            charged.append((clause, location, m))
        elif _NONE.search(clause) or m:
            none.append((clause, location))
        admin = _ADMIN.search(clause)
        if admin:
            yield from _admin_fee(report, clause, location, *_wan(admin))
        elif "处理费" not in clause and _ADMIN_NONE.search(clause):
            yield from _admin_fee(report, clause, location, Decimal(0), 0)
    if charged and none:
        (said, location), (stated, where, m) = none[0], charged[0]
        also = f", at {where}," if where and str(where) and where != location else ""
        yield Finding("FEE-PROSE", "warning", f"the prose says “{shortened(said)}” (no 信息处理费) and{also} "
                      f"“{shortened(stated)}” ({_shown(m)})", location=location)
    new, over = report.value(NEW), report.value(OVER)
    if charged and new == 0 and over == 0:
        stated, location, m = charged[0]
        yield Finding("FEE-PROSE", "warning", f"the prose says “{shortened(stated)}” ({_shown(m)} of 信息处理费), "
                      "but table 3 shows no application", [NEW, OVER], location)


def _shown(m: re.Match) -> str:
    """A match of _AMOUNT as a message shows it: "300 元"."""
    return f"{_number(m)} {m['unit']}"


def _admin_fee(report: Report, clause: str, location: Location | None, stated: Decimal, places: int):
    """A finding when the 行政事业性收费 the clause states (in 万元, with `places` decimals) and table 2's disagree."""
    given = report.value(FEES)
    if given is None:
        return
    if not agree(stated, places, Decimal(given)):
        yield Finding("FEE-PROSE", "warning", f"the prose says “{shortened(clause)}” ({stated.normalize():f} 万元), "
                      f"the table gives {given} 万元", [FEES], location, stated, given)


@hookimpl
def xxgk_register_validators(registry):
    registry.add_validator(Validator("fee", ("FEE-PROSE",), check))
