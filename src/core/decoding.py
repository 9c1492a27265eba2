"""Bytes to text: BOM, then UTF-16 without one, then UTF-8, then the declared codec, then chardet,
then GB18030; GB2312/GBK as GB18030.

Valid UTF-8 beats a declaration: GB18030 decodes UTF-8 bytes without error into mojibake, while
GB text is almost never valid UTF-8, so a page that declares GBK but is UTF-8 reads right."""
from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator

from .errors import ReadError, printable

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_GB = {"gb2312", "gbk", "gb18030", "hz-gb-2312", "cp936", "euc-cn"}
DETECT_BYTES = 65536
_CHINESE = re.compile("[\u3400-\u9fff]")
# what a report's text is made of: ASCII, general and CJK punctuation, CJK ideographs, full-width forms
_TEXTLIKE = re.compile("[\t\n\r\x20-\x7e\u2000-\u206f\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
TEXTLIKE_SHARE = 0.9     # of the characters of a sample, for bytes without a BOM to be read as UTF-16


def codec_name(name: str) -> str:
    """The codec to use for a declared or detected name (GB family -> gb18030)."""
    name = name.strip().lower().replace("_", "-")
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return name
    return "gb18030" if name in _GB or name.startswith("gb") else name


def bom_codec(data: bytes) -> str | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, codec). A BOM is believed when what follows it decodes by it (GBK text behind a UTF-8
    BOM is read as if there were none); then UTF-8; then the declared codec and chardet's guess
    (which reads declarations too: a meta charset, an XML declaration), each losing to GB18030 as
    `_chinese_over` says; then GB18030. ReadError for empty input, binary data or an unknown encoding.
    Bytes without a BOM are read as UTF-16 when `utf16_codec` says they are."""
    if not data.strip():
        raise ReadError("empty input")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                data = data[len(bom):]
            break
    utf16 = utf16_codec(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:DETECT_BYTES]:
        raise ReadError("binary data, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for name in _named(data, declared):
        try:
            return _chinese_over(data.decode(codec_name(name)), codec_name(name), data)
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise ReadError("unknown text encoding (not UTF-8, GB18030 or one chardet recognises)") from None


def utf16_codec(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for text in UTF-16 without a BOM, None for anything else: bytes of
    an even length whose NUL bytes (an ASCII character's high byte) stand mostly at odd positions
    (little-endian) or at even ones (big-endian), and whose first DETECT_BYTES decode by that codec
    into text of which TEXTLIKE_SHARE of the characters are ASCII, CJK or their punctuation."""
    sample = data[:DETECT_BYTES]
    if len(data) % 2:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if max(odd, even) <= 2 * min(odd, even):   # none, or no side clearly (一 is U+4E00: a NUL of its own)
        return None
    codec = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = codecs.getincrementaldecoder(codec)().decode(sample)   # a pair of surrogates may be cut at the end
    except UnicodeDecodeError:
        return None
    return codec if len(text) - len(_TEXTLIKE.sub("", text)) >= TEXTLIKE_SHARE * len(text) else None


def _named(data: bytes, declared: str | None) -> Iterator[str]:
    """The declared codec's name, then (when that does not decode) chardet's guess."""
    if declared:
        yield declared
    import chardet  # only for inputs that are not UTF-8

    guess = chardet.detect(data[:DETECT_BYTES]).get("encoding")
    if guess:
        yield guess


def _chinese_over(text: str, codec: str, data: bytes) -> tuple[str, str]:
    """A declaration's text, unless it holds no Chinese while the bytes decode cleanly as GB18030
    into Chinese: then GB18030's. (A GBK page declaring iso-8859-1, windows-1252 or x-user-defined,
    in its meta, its XML declaration or by its server, reads as Latin-1 mojibake: a single-byte
    codec decodes any bytes.)"""
    if codec == "gb18030" or _CHINESE.search(text):
        return text, codec
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError:
        return text, codec
    return (gb, "gb18030") if _CHINESE.search(gb) else (text, codec)


def looks_like_text(head: bytes) -> bool:
    """A cheap test on the first bytes: text has a BOM, is UTF-16 without one, or has no NUL bytes
    and decodes."""
    if bom_codec(head) or utf16_codec(head):
        return True
    if not head.strip() or b"\x00" in head:
        return False
    for codec in ("utf-8", "gb18030"):
        try:
            head.decode(codec)
            return True
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:   # a character cut at the end of the sample
                return True
    return False


def readable_path(location: str) -> str:
    """A path as people read it. Each component that is not UTF-8 (Python holds its bytes as lone
    surrogates; GBK names from zips made on Chinese Windows) is decoded as GB18030, or, failing
    that, shown with its undecodable bytes escaped (\\xb1). Control characters, line separators and
    direction marks are escaped (\\n, `errors.printable`): a name never breaks the line it is shown
    on nor commands the terminal."""
    try:
        location.encode("utf-8")
    except UnicodeEncodeError:
        location = "/".join(readable_name(part) for part in location.split("/"))
    return printable(location)


def readable_name(name: str) -> str:
    """One path component as `readable_path` shows it."""
    raw = os.fsencode(name)
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            pass
    return raw.decode("utf-8", "backslashreplace")
