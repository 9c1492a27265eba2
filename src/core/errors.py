"""The one error hierarchy of xxgk. The CLI turns these into one-line messages."""
from __future__ import annotations

import re


class XxgkError(Exception):
    """Base class of every error xxgk raises on purpose. The CLI prints it on one line and exits
    with 2; a batch records it against the input and goes on. (A plugin that fails to load is not
    an error of this kind: it is reported by `xxgk plugins` and the others load.) Its message is
    one line (`one_line`), whatever it quotes."""

    def __init__(self, message: object = "") -> None:
        super().__init__(one_line(str(message)))


class ReadError(XxgkError):
    """An input that cannot be read: missing, empty, undecodable, corrupt, of an unknown format."""


class NotAReportError(ReadError):
    """An input that was read but holds no annual report (no section headings, no tables)."""


class WriteError(XxgkError):
    """An output that could not be written, or a format no writer provides."""


class UsageError(XxgkError):
    """A command that cannot start as given: a bad argument, an output folder that cannot be used,
    or one that another run holds. Nothing was read or written."""


MAX_MESSAGE = 10_000   # characters of a message shown (a path may run to 4,096 bytes)
# what a terminal acts on or a line breaks at: control characters (ESC starts a terminal's commands),
# line separators, and the marks that reverse the direction of what follows them
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """A message as one line: its lines stripped and joined by spaces, `printable`, cut to
    MAX_MESSAGE characters (…). Libraries' errors may span lines (OpenCV's, a redirect loop's, a
    traceback's), and an input's text quoted in one may hold anything."""
    line = printable(" ".join(part.strip() for part in str(text).splitlines() if part.strip()))
    return line if len(line) <= MAX_MESSAGE else line[:MAX_MESSAGE - 1] + "…"


def printable(text: str) -> str:
    """`text` safe to show on a terminal, on one line: control characters, line separators and
    direction marks escaped as Python writes them ("\\x1b", "\\n", "\\u202e")."""
    return _UNPRINTABLE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


def printable_json(text: str) -> str:
    """JSON text safe to show on a terminal: the characters `printable` escapes that JSON leaves as
    they are (DEL, C1 controls, separators, direction marks) written as JSON escapes ("\\u009b")."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
