"""Web-page chrome that scraped text carries around a report: not part of the report."""
from __future__ import annotations

import re

from .dates import iso
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
_DATE = re.compile(r"^(?:(?:发布时间|发布日期|生成日期|日期|时间):)?"
                   r"(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:\d{1,2}:\d{2}(?::\d{2})?)?$")
_RULE = re.compile(r"^[=\-_*#]{3,}(?:正文)?[=\-_*#]*$")   # a crawler's rule before the text: "==== 正文 ===="
_COUNT = re.compile(r"\d+次")
_TITLE_WORDS = ("信息公开", "报告")   # with a year: a report's title, not a column's name ("政府信息公开年报")
_YEAR = re.compile(r"(?:19|20)\d{2}")
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


def published_date(text: str) -> str | None:
    """The date (YYYY-MM-DD) of a line that is only a publication date ("2024-1-10 11:02:31"); a
    long line is never one (nor normalised: that takes tens of bytes a character of a line of words)."""
    if len(text) > MAX_CHROME:
        return None
    m = _DATE.match(normalize(text))
    return iso(int(m["year"]), int(m["month"]), int(m["day"])) if m else None


def strip_chrome(texts: list[str]) -> tuple[list[bool], str | None]:
    """Which of `texts` (lines) to keep, and a publication date if one stood on its own line."""
    keep = [True] * len(texts)
    published = None
    after_key = False
    for i, text in enumerate(texts):
        kind = chrome_kind(text)
        if kind:
            keep[i] = False
            published = published or published_date(text)
        elif after_key and len(normalize(text)) <= KEY_VALUE_MAX:
            keep[i] = False   # the value of the key on the previous line ("来源:" / "政府办")
        elif published is None and published_date(text):
            keep[i] = False
            published = published_date(text)
        after_key = kind == "key"
    return keep, published
