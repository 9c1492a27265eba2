"""Text that XML 1.0 cannot hold (W3C XML 1.0 §2.2 Char): C0 control characters other than tab,
line feed and carriage return, lone surrogates, U+FFFE and U+FFFF. Reports scraped from the web
carry them (U+0001, U+000B from Word); writers of XML formats (DOCX) leave them out."""
from __future__ import annotations

import re

NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML cannot hold."""
    return NOT_IN_XML.sub("", text)


def not_in_xml(texts) -> list[str]:
    """The characters XML cannot hold found in `texts` (strings), each once, as U+XXXX."""
    found = {c for text in texts if text for c in NOT_IN_XML.findall(text)}
    return [f"U+{ord(c):04X}" for c in sorted(found)]
