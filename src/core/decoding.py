"""Bytes to text: BOM, then UTF-16 without one, then UTF-8, then the declared codec, then chardet,
then GB18030; GB2312/GBK as GB18030.

Valid UTF-8 beats a declaration: GB18030 decodes UTF-8 bytes without error into mojibake, while
GB text is almost never valid UTF-8, so a page that declares GBK but is UTF-8 reads right. So does
UTF-8 or GB18030 with a stray byte or a character cut at the end (a truncated download): read with
U+FFFD in their place, and the damage said (a SKIPPED finding), rather than by a codec that decodes
anything into mojibake."""
from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

from .errors import ReadError, printable
from .landmarks import LANDMARKS

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_GB = {"gb2312", "gbk", "gb18030", "hz-gb-2312", "cp936", "euc-cn"}
DETECT_BYTES = 65536
_CHINESE = "[\u3400-\u9fff]"
# what a report's text is made of: ASCII, general and CJK punctuation, CJK ideographs, full-width forms
_TEXTLIKE = "[\t\n\r\x20-\x7e\u2000-\u206f\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+"
TEXTLIKE_SHARE = 0.9     # of the characters of a sample, for bytes without a BOM to be read as UTF-16
DAMAGE_BYTES = 10_240    # bytes of text for each sequence its codec cannot decode, for it to be read with U+FFFD


# the encodings of the WHATWG Encoding Standard (https://encoding.spec.whatwg.org/#names-and-labels), by
# their labels; Python's names for them (latin1 and ascii: windows-1252) are `_web_names()`
_WEB_LABELS = (
    "utf-8", "ibm866", "iso-8859-2", "iso-8859-3", "iso-8859-4", "iso-8859-5", "iso-8859-6", "iso-8859-7",
    "iso-8859-8", "iso-8859-10", "iso-8859-13", "iso-8859-14", "iso-8859-15", "iso-8859-16", "koi8-r", "koi8-u",
    "mac-roman", "mac-cyrillic", "cp874", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256",
    "cp1257", "cp1258", "iso-8859-1", "ascii", "gbk", "gb2312", "gb18030", "big5", "big5hkscs", "euc-jp",
    "iso-2022-jp", "shift-jis", "euc-kr", "cp949", "utf-16", "utf-16-be", "utf-16-le")


@cache
def _compiled(pattern: str) -> re.Pattern:
    """_CHINESE or _TEXTLIKE compiled when first needed (damaged bytes, UTF-16 without a BOM, a
    declared codec weighed against GB18030), not on every start: a class with a range of CJK
    characters takes sre about a millisecond to compile, and clean UTF-8 needs neither."""
    return re.compile(pattern)


@cache
def _web_names() -> frozenset[str]:
    """Python's codec names of `_WEB_LABELS`: looked up (each codec's module imported) when a page
    first declares an encoding, not on every start of xxgk."""
    return frozenset(codecs.lookup(label).name for label in _WEB_LABELS)


def web_codec(label: str) -> str | None:
    """The codec of a declared encoding (an HTTP header's, a meta charset, an XML declaration) when it
    names one a web page can have, the WHATWG Encoding Standard's (as GB18030 for the GB family:
    `codec_name`); None for anything else Python may know by that name (rot13, zlib, unicode_escape,
    "undefined", EBCDIC), which is as if nothing were declared."""
    try:
        known = codecs.lookup(label.strip().lower().replace("_", "-")).name
    except (LookupError, ValueError):
        return None
    return codec_name(label) if known in _web_names() else None


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


class Decoded(NamedTuple):
    """Text, the codec it was read by, and what of the bytes that codec could not read (read as
    U+FFFD), or None."""

    text: str
    codec: str
    damage: str | None = None


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Text, codec and damage. A BOM is believed when what follows it decodes by it (GBK text behind a
    UTF-8 BOM is read as if there were none); then UTF-8, or nearly (`_read`); then the declared
    codec and chardet's guess (which reads declarations too: a meta charset, an XML declaration),
    each losing to GB18030 as `_chinese_over` says; then GB18030, or nearly. ReadError for empty
    input, binary data or an unknown encoding. Bytes without a BOM are read as UTF-16 when
    `utf16_codec` says they are."""
    if not data.strip():
        raise ReadError("empty input")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec)
            except UnicodeDecodeError:
                data = data[len(bom):]
            break
    utf16 = utf16_codec(data)
    if utf16:
        try:
            return Decoded(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:DETECT_BYTES]:
        raise ReadError("binary data, not text")
    utf8 = _read(data, "utf-8")
    if utf8:
        return utf8
    gb = _read(data, "gb18030")
    for name in _named(data, declared):
        codec = codec_name(name)
        if codec == "gb18030" and gb:
            return gb
        try:
            return _chinese_over(Decoded(data.decode(codec), codec), gb)
        except (UnicodeError, LookupError):   # a codec failing in any way is passed over, never the page
            continue
    if gb:
        return gb
    raise ReadError("unknown text encoding (not UTF-8, GB18030 or one chardet recognises)")


def _read(data: bytes, codec: str) -> Decoded | None:
    """`data` read by `codec`; or, when the sequences it cannot decode are few (one for every
    DAMAGE_BYTES bytes, or one in any text: a stray byte, a character cut at the end of a truncated
    download) and the text holds Chinese, read with each of them as U+FFFD, the first named in its
    damage; None otherwise. Decoded a MiB at a time, given up at the first sequence too many."""
    try:
        return Decoded(data.decode(codec), codec)
    except UnicodeDecodeError as exc:
        first = f"at byte {exc.start:,}: {exc.object[exc.start:exc.end].hex(' ')}"
    most, piece = max(1, len(data) // DAMAGE_BYTES), 1 << 20
    bad = -data.count("\ufffd".encode(codec))   # less the U+FFFD the text holds itself
    decoder = codecs.getincrementaldecoder(codec)("replace")
    pieces: list[str] = []
    for start in range(0, len(data), piece):
        pieces.append(decoder.decode(data[start:start + piece], final=start + piece >= len(data)))
        bad += pieces[-1].count("\ufffd")
        if bad > most:
            return None
    text = "".join(pieces)
    if not _compiled(_CHINESE).search(text):
        return None
    return Decoded(text, codec, f"{bad:,} byte sequence{'s' if bad > 1 else ''} not {codec.upper()} ({first}"
                                f"{', the first' if bad > 1 else ''}), read as U+FFFD")


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
    return codec if len(text) - len(_compiled(_TEXTLIKE).sub("", text)) >= TEXTLIKE_SHARE * len(text) else None


def _named(data: bytes, declared: str | None) -> Iterator[str]:
    """The declared codec's name when it is a web page's (`web_codec`), then (when that does not
    decode) chardet's guess."""
    if declared and web_codec(declared):
        yield declared
    import chardet  # only for inputs that are not UTF-8

    guess = chardet.detect(data[:DETECT_BYTES]).get("encoding")
    if guess:
        yield guess


def _chinese_over(declared: Decoded, gb: Decoded | None) -> Decoded:
    """The declared codec's text, unless GB18030's (`gb`, perhaps nearly: `_read`) is the report's: when the
    declared text holds no Chinese and GB18030's does, or GB18030's holds more of the format's
    words (`LANDMARKS`). A GBK page declaring iso-8859-1, windows-1252 or x-user-defined (in its meta,
    its XML declaration or by its server) reads as Latin-1 mojibake: a single-byte codec decodes any
    bytes; declaring euc-jp, shift_jis or euc-kr, as kanji or hangul: most GBK pairs are theirs too."""
    if gb is None or declared.codec == "gb18030":
        return declared
    if not _compiled(_CHINESE).search(declared.text):
        return gb if _compiled(_CHINESE).search(gb.text) else declared
    return gb if _landmarks(gb.text) > _landmarks(declared.text) else declared


def _landmarks(text: str) -> int:
    """How many of the format's words (section headings, table labels) the text holds."""
    return sum(word in text for word in LANDMARKS)


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
