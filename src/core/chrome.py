"""Web-page chrome that scraped text carries around a report: not part of the report."""
from __future__ import annotations

import re

from .assembler.metadata import signed
from .dates import date_line, labelled_date, publication_label
from .labels import normalize

_LINES = {
    "首页", "收藏", "打印", "关闭", "分享", "分享到", "分享到朋友圈", "字号", "大", "中", "小", "默认",
    "扫一扫在手机上查看当前页面", "打印本页", "关闭窗口", "返回顶部", "【打印】", "【关闭】", "【字体:大中小】",
    "温馨提示", "请完成个人中心登录后进行相关操作", "上一篇", "下一篇", "相关链接", "相关文章",
}
_PREFIXES = ("打开微信", "当前位置", "您现在的位置", "您当前的位置", "网站标识码", "主办单位", "承办单位",
             "ICP备", "京ICP", "备案号", "版权所有", "技术支持", "扫一扫", "上一篇", "下一篇")
_KEYS = ("来源", "信息来源", "发布时间", "发布日期", "生成日期", "发布机构", "阅读数", "阅读次数", "浏览次数", "点击数",
         "访问量", "字号", "分享", "分享到", "索引号", "主题分类", "发文日期", "成文日期", "文号", "发文机关",
         "作者", "责任编辑", "编辑", "时间", "温馨提示", "栏目", "所属栏目", "原文链接", "原文地址", "网址", "本地目录")
_KEY = re.compile(r"^(?:" + "|".join(_KEYS) + r")(?P<colon>:)?(?P<value>.*)$")
_RULE = re.compile(r"^[=\-_*#]{3,}(?:正文)?[=\-_*#]*$")   # a crawler's rule before the text: "==== 正文 ===="
_COUNT = re.compile(r"\d+次")
_TITLE_WORDS = ("信息公开", "报告")   # with a year: a report's title, not a column's name ("政府信息公开年报")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_WORDS = re.compile(r"[^\W\d_]")   # a line of text, not a page number
KEY_VALUE_MAX = 16
MAX_CHROME = 200   # characters: no chrome line is longer


def chrome_kind(text: str) -> str | None:
    """"line" for a chrome line, "key" for a chrome key whose value may be on the next line,
    None for content (a long line too: a crawler's dump of the whole page may start with chrome)."""
    if len(text) > MAX_CHROME:
        return None
    t = normalize(text)
    if t in _LINES or t.startswith(_PREFIXES) or _RULE.match(t):
        return "line"
    m = _KEY.match(t)
    if m and all(w in m["value"] for w in _TITLE_WORDS) and _YEAR.search(m["value"]):
        return None   # "来源:XX2024年政府信息公开工作年度报告": the key is chrome, its value the title
    if m and (m["colon"] or not m["value"]):
        return "key" if m["colon"] and not m["value"] else "line"
    if _COUNT.fullmatch(t):
        return "line"
    return None


def strip_chrome(texts: list[str]) -> tuple[list[bool], str | None, int | None]:
    """Which of `texts` (lines) to keep, the page's publication date and the index of the line it
    stands in: the first one a chrome line or a key's value gives (发布时间：…, "来源：… 发布时间：…",
    "【发布时间】2025-02-05") or a line that is a date alone; one labelled as the publication's
    (发布时间, 发布日期 …) before any other (成文日期, a date without a label). A date alone with nothing after it but
    chrome, page numbers or the organ's name or seal (a signature written date first: "2025年2月1日" /
    "某某县财政局（盖章）") is the date under the signature, not the page's: it is kept."""
    keep = [True] * len(texts)
    dates: list[tuple[bool, int, str]] = []   # (not the publication's label, line, date)
    alone: dict[int, str] = {}
    key = ""   # the line before, when it is a chrome key whose value may be on this line
    for i, text in enumerate(texts):
        kind = chrome_kind(text)
        short = len(text) <= MAX_CHROME
        labelled = labelled_date(text) if short else None
        if kind or labelled or (key and len(normalize(text)) <= KEY_VALUE_MAX):
            keep[i] = False   # (a key's value: "来源:" / "政府办")
            day = labelled or ((date_line(text), publication_label(key)) if short else None)
            dates += [(not day[1], i, day[0])] if day and day[0] else []
        elif short and (found := date_line(text)):
            alone[i] = found
        key = text if kind == "key" else ""
    words = [i for i, text in enumerate(texts) if keep[i] and _WORDS.search(text) and i not in alone]
    while words and words[-1] > min(alone, default=len(texts)) and signed(texts[words[-1]]):
        words.pop()   # the organ's name or its seal under a date: the signature's
    last = max(words, default=-1)
    for i, found in alone.items():
        if i < last:
            keep[i] = False
            dates.append((True, i, found))
    first = min(dates) if dates else None
    return keep, first[2] if first else None, first[1] if first else None
