"""Which row of a group of table 3 a reason in the prose names: "因属于国家秘密不予公开1件" is the row
1.属于国家秘密 of （三）不予公开, not the group.

The reason is the text of the clause before the group's word and between it and the figure. It
names a row when more of its characters stand in pairs of characters of that row's label (as the
template prints it) than of any other row's, at least MIN_COVERED of them, and MIN_OWN of them
outside the words every reason may hold (申请, 政府信息, 本机关 …). A reason that names no row this way
but speaks of one (因, 由于, 涉及 …, or characters of some row's own words) cannot be told: its figure
is not compared. A clause with no reason states the group's figure.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

MIN_COVERED, MIN_OWN = 3, 2
_GENERIC = r"申请人|申请|政府信息|行政机关|本机关|其中|依法|经审查|作出|决定|答复|的|[\d.、（）()\s]"
_CAUSE = r"因|由于|涉及|属于|系|鉴于|为由|原因"


@dataclass(frozen=True)
class Reason:
    """What the text before a figure says: whether it gives a reason (`given`), and the row
    (a key) that reason names, None when it cannot be told."""

    given: bool
    row: str | None = None


def reason(text: str, rows: tuple[tuple[str, str], ...]) -> Reason:
    """The reason `text` gives, among `rows` ((key, label) pairs; see the module)."""
    generic, cause = _patterns()
    own = generic.sub("", text)
    scores = sorted(((_covered(text, label), _covered(own, generic.sub("", label)), key) for key, label in rows),
                    reverse=True)
    best = scores[0] if scores else (0, 0, None)
    if best[0] >= MIN_COVERED and best[1] >= MIN_OWN and (len(scores) == 1 or scores[1][0] < best[0]):
        return Reason(True, best[2])
    return Reason(bool(max((s[1] for s in scores), default=0) or cause.search(text)))


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    """_GENERIC and _CAUSE compiled when a reason is first read, not on every start of xxgk."""
    return re.compile(_GENERIC), re.compile(_CAUSE)


def _covered(text: str, label: str) -> int:
    """How many characters of `text` stand in a pair of characters that `label` holds too."""
    pairs = {label[i:i + 2] for i in range(len(label) - 1)}
    return sum(1 for i in range(len(text)) if text[max(i - 1, 0):i + 1] in pairs or text[i:i + 2] in pairs)
