"""Words that mark a report's own content, for readers that must find it inside a larger page
(normalised: looked for in normalised text)."""
from __future__ import annotations

from .labels import normalize

LANDMARKS = tuple(normalize(w) for w in (
    "总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请", "行政复议", "行政诉讼",
    "存在的主要问题", "改进情况", "其他需要报告的事项", "第二十条", "本年新收", "上年结转", "勾稽关系",
))
