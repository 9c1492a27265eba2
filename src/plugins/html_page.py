"""An HTML page to a Document: the report found by content inside the portal page, its blocks,
its title and date, and why there is no table when there is none. HTML that is part of another
document (a DOCX altChunk) to blocks. The report is found in the page by `html_report`.
"""
from __future__ import annotations

import re
import warnings
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning

from xxgk.chrome import strip_chrome
from xxgk.dates import DATE, date_of, page_date
from xxgk.document import Block, Document, Paragraph
from xxgk.errors import ReadError
from xxgk.limits import MAX_HTML_TEXT
from xxgk.spacing import clean_text

from .html_blocks import BlockWalker, hidden, shown_text
from .html_report import report_element

NOISE = ("script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed", "nav",
         "select", "button", "input", "textarea", "head")
ATTACHMENT = re.compile(r"\.(pdf|docx?|wps|xlsx?|ofd|rtf|zip|rar)(?:$|[?#])", re.I)
_META_DATE = re.compile(DATE)
SCRIPTED_TEXT = 200     # a body with less text than this, and scripts, is filled in by script


def parse_html(text: str, name: str) -> Document:
    soup = _soup(text)
    doc = Document(source=name, reader="html")
    tags = [t for t in soup.descendants if isinstance(t, Tag)]
    title = _title(soup, tags)
    published = _published(soup, tags)
    scripted = any(t.name == "script" for t in tags)
    _drop_noise(tags)
    body, landmarks = report_element(soup.body or soup)
    walker = BlockWalker()
    blocks = walker.walk(body)
    texts = [b.text if isinstance(b, Paragraph) else "" for b in blocks]
    keep, date, at = strip_chrome(texts)
    doc.blocks = [b for b, k in zip(blocks, keep) if k or not isinstance(b, Paragraph)]
    doc.meta = {k: v for k, v in (("title", title), ("published", published or date)) if v}
    if "published" in doc.meta:
        doc.meta["published_from"] = "page"
        if at is not None and doc.meta["published"] == date:   # the date of a block of the page's text
            doc.published_at = blocks[at].location
    if all(isinstance(b, Paragraph) for b in doc.blocks):   # no table in the page
        doc.attachments = _attachments(body, name)
        if title or landmarks:   # a report page, not just any page
            doc.no_tables_reason = _no_tables_reason(walker, doc, scripted)
            doc.images = [str(img["src"]).strip() for img in walker.images if img.get("src")]
    return doc


def parse_fragment(text: str) -> list[Block]:
    """The blocks of HTML that is part of a document (a DOCX altChunk): the whole body, without
    looking for a report element, a title or site chrome."""
    soup = _soup(text)
    _drop_noise([t for t in soup.descendants if isinstance(t, Tag)])
    return BlockWalker().walk(soup.body or soup)


def _soup(text: str) -> BeautifulSoup:
    """The page parsed as HTML, an XML declaration before it or not (pages saved as XHTML): the
    warning BeautifulSoup gives for one is no message for the user. ReadError for a page of more
    than MAX_HTML_TEXT characters of text, told before any of it is read (reading a page's text
    takes up to fifty bytes a character)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(text, "lxml")
    size = sum(map(len, soup.strings))
    if size > MAX_HTML_TEXT:
        raise ReadError(f"page of {size:,} characters of text: over the limit of {MAX_HTML_TEXT:,}")
    return soup


def _drop_noise(tags: list[Tag]) -> None:
    for tag in tags:
        if tag.name in NOISE and not tag.decomposed:
            tag.decompose()


def _title(soup, tags: list[Tag]) -> str | None:
    """The report's title: a heading, or the part of <title> that is the title, without the site's
    name put before or after it (separated by _ | — - or a space)."""
    candidates = [shown_text(t) for t in tags if t.name in ("h1", "h2", "h3") and not hidden(t)]
    if soup.title:
        title = re.sub(r"^\s*【([^】]*)】\s*$", r"\1", soup.title.get_text(""))   # 【title】
        title = re.sub(r"^\s*【[^】]*】", "", title)                            # 【site】title
        parts = [_without_site(part) for part in re.split(r"\s*(?:[_|｜丨—\-：:]|>>|»)\s*", title)]
        candidates += sorted(parts, key=lambda part: not re.search(r"(?:19|20)\d{2}", part))   # one with a year first
    for text in map(clean_text, candidates):
        if "报告" in text and "信息公开" in text and len(text) <= 100:
            return text
    return None


def _without_site(text: str) -> str:
    """A <title> part without the words before its last space-separated run that still holds the
    year and the title's words ("福建省人民政府 平潭…2024年…年度报告")."""
    parts = text.split()
    for start in range(len(parts) - 1, 0, -1):
        rest = " ".join(parts[start:])
        if re.search(r"(?:19|20)\d{2}", rest) and "报告" in rest and "信息公开" in rest:
            return rest
    return text


def _published(soup, tags: list[Tag]) -> str | None:
    for meta in (t for t in tags if t.name == "meta"):
        key = str(meta.get("name") or meta.get("property") or "").lower()
        if key in ("pubdate", "publishdate", "article:published_time", "firstpublishedtime"):
            m = _META_DATE.match(str(meta.get("content", "")).strip())
            if m and date_of(m):
                return date_of(m)
    return page_date(clean_text(soup.get_text(" ")))


def _attachments(body, base: str) -> list[str]:
    links = []
    for a in body.find_all("a", href=True):
        href = str(a["href"]).strip()
        if ATTACHMENT.search(href) or "附件" in a.get_text(""):
            links.append(urljoin(base, href) if base.lower().startswith(("http://", "https://")) else href)
    return list(dict.fromkeys(links))


def _no_tables_reason(walker: BlockWalker, doc: Document, scripted: bool) -> str:
    text = sum(len(b.text) for b in doc.blocks if isinstance(b, Paragraph))
    if walker.images:
        return "no table in the page: tables published as images"
    if doc.attachments:
        return "no table in the page: the report is in an attachment"
    if scripted and text < SCRIPTED_TEXT:
        return "no table in the page: its content is loaded by script"
    return "no table in the page"
