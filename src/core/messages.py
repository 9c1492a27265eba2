"""Findings in Chinese, for the people who compile and file the reports.

Rules write their messages in English, for the command line and the logs. A message catalogue —
data, not code — gives each message's Chinese wording: for every rule id, its message variants,
each an English template (the message with its variable parts as fields) and a Chinese one. A
message is matched against its rule's English templates, the first that matches the whole message
wins, and the fields found are put into the Chinese template, each said the way its kind says it.
Reasons that readers and the assembler write into findings (why no table was found, what OCR
undid) are the catalogue's `notes`, matched the same way wherever a field of kind `note` stands.
What no template matches is left as it is.

A catalogue (JSON; see `load`)::

    {"rules": {"T4-TOTAL": {"sums": {"en": "{where}: {left_name} = {left:number} ≠ …",
                                     "zh": "表四 {where}：{left_name} = {left}，…"}}},
     "notes": {"scanned": {"en": "no text layer (scanned PDF)", "zh": "没有文字层（扫描件）"}}}

A field is `{name}` or `{name:kind}`, with the kinds in `KINDS`: `text` (the default: any text
without "; ", kept), `number`, `quoted` (a Python string literal, shown in “”), `cell`, `cells` (keys, named as
printed), `values` ("key = value, …"), `table` ("2" or "t2": 表二), `formats` ("t2: 2021, …"),
`section`, `sections` (numbers: their headings), `either` ("3 or 4": 3或4), `list` (", " as "、"),
`choices` ("; " as "；"), `splits` (digits split several ways: "3 3440; 33 440"), `rule` (a rule
id), `place` (a place in the source as `Location` prints it, "line 13", "page 2", "p[5]": 第13行,
第2页, 第5段) and `note` (translated through the notes). Plugins add catalogues of their own with
`registry.add_messages(load(path))`.
"""
from __future__ import annotations

import ast
import json
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .dictionary import TABLE_NAMES
from .model import Finding, Location
from .naming import Names, place

if TYPE_CHECKING:
    from .registry import Registry

_KEY = r"[a-z0-9_]+(?:\.[a-z0-9_]+)+"
_PLACE = r"(?:page \d+|line \d+|[a-z]+\[\d+\](?:/[a-z]+\[\d+\])*)"   # a part of a Location as printed
_FIELD = re.compile(r"\{(\w+)(?::(\w+))?\}")
# kind: the pattern it is found by in English text
KINDS: dict[str, str] = {
    "text": r"[^;]+?",     # "; " joins reasons: a plain field never spans one (a note may)
    "number": r"-?\d+(?:\.\d+)?",
    "quoted": r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|None",
    "cell": _KEY,
    "cells": rf"{_KEY}(?:, {_KEY})*(?: …)?",
    "values": rf"{_KEY} = [^,]+(?:, {_KEY} = [^,]+)*",
    "table": r"t?\d+",
    "formats": r"t\d+: [\d/]+(?:, t\d+: [\d/]+)*",
    "section": r"\d+",
    "sections": r"\d+(?:,? \d+)*",
    "either": r"\S+(?: or \S+)*",
    "list": r"[^;]+?",
    "choices": r".+?",
    "splits": r".+?",
    "rule": r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+",
    "place": rf"{_PLACE}(?:, {_PLACE})*",
    "note": r".+?",
}
NOTES = "notes"


@dataclass(frozen=True)
class Template:
    """One message variant: the English pattern its fields are found by, their kinds, the Chinese."""

    name: str
    english: re.Pattern
    kinds: dict[str, str]
    chinese: str


def load(path: str | Path) -> dict:
    """A catalogue from a JSON file (UTF-8), checked: ValueError naming the entry at fault."""
    return check(json.loads(Path(path).read_text(encoding="utf-8")))


def check(catalogue: dict) -> dict:
    """The catalogue, after checking its shape, its kinds, and that every field of a Chinese template
    is a field of its English one (ValueError otherwise)."""
    if not isinstance(catalogue, dict) or set(catalogue) - {"rules", NOTES}:
        raise ValueError('a message catalogue is {"rules": {rule: {variant: {"en", "zh"}}}, "notes": {…}}')
    for name, entry in _entries(catalogue):
        _english(name, entry)
    return catalogue


def _entries(catalogue: dict):
    for rule, variants in catalogue.get("rules", {}).items():
        for variant, entry in variants.items():
            yield f"{rule}/{variant}", entry
    for variant, entry in catalogue.get(NOTES, {}).items():
        yield f"{NOTES}/{variant}", entry


def _template(name: str, entry: dict) -> Template:
    english, kinds = _english(name, entry)
    return Template(name, re.compile(english, re.S), kinds, entry["zh"])


def _english(name: str, entry: dict) -> tuple[str, dict[str, str]]:
    """The pattern of an entry's English template (its text, not compiled: a catalogue is checked on
    every start of xxgk, and compiled only when findings are worded in Chinese) and its fields'
    kinds; ValueError for an entry that is not a message."""
    if not isinstance(entry, dict) or not isinstance(entry.get("en"), str) or not isinstance(entry.get("zh"), str):
        raise ValueError(f"message {name}: needs an English template (en) and a Chinese one (zh)")
    english, kinds, at = [], {}, 0
    for m in _FIELD.finditer(entry["en"]):
        kind = m[2] or "text"
        if kind not in KINDS:
            raise ValueError(f"message {name}: no field kind {kind!r} (known: {', '.join(KINDS)})")
        if m[1] in kinds:
            raise ValueError(f"message {name}: field {m[1]} given twice")
        if not m[1].isidentifier():
            raise ValueError(f"message {name}: field {m[1]} is not a name (letters, digits and _, not first a digit)")
        english += [re.escape(entry["en"][at:m.start()]), f"(?P<{m[1]}>{KINDS[kind]})"]
        kinds[m[1]] = kind
        at = m.end()
    english.append(re.escape(entry["en"][at:]))
    unknown = [m[1] for m in _FIELD.finditer(entry["zh"]) if m[1] not in kinds]
    if unknown:
        raise ValueError(f"message {name}: the Chinese names fields the English has not: {', '.join(unknown)}")
    return "".join(english), kinds


class Chinese:
    """Findings of one registry's rules worded in Chinese: `message(finding)`, `location(loc)`, and
    `names`, the printed names of cells (`xxgk.naming.Names`)."""

    def __init__(self, registry: Registry):
        self.names = Names(registry)
        self._rules: dict[str, list[Template]] = {}
        self._notes: list[Template] = []
        for catalogue in registry.messages:
            for rule, variants in catalogue.get("rules", {}).items():
                self._rules.setdefault(rule, []).extend(_template(f"{rule}/{v}", e) for v, e in variants.items())
            self._notes += [_template(f"{NOTES}/{v}", e) for v, e in catalogue.get(NOTES, {}).items()]
        self._say: dict[str, Callable[[str], str]] = {
            "quoted": _quoted, "cell": self.names.cell, "cells": self._cells, "values": self._values,
            "table": _table, "formats": _formats, "section": lambda n: self.names.section(int(n)),
            "sections": lambda ns: "、".join(self.names.section(int(n)) for n in re.findall(r"\d+", ns)),
            "either": _either, "list": lambda t: t.replace(", ", "、"), "choices": lambda t: t.replace("; ", "；"),
            "splits": lambda t: t.replace("; ", "；").replace("None", "/"),
            "place": _place, "note": self.note}

    def message(self, finding: Finding) -> str:
        """The finding's message in Chinese: its rule's first template that matches the whole message,
        or a note that does; the English message when none does."""
        said = self._fill(self._rules.get(finding.rule, []), finding.message)
        return said if said is not None else self.note(finding.message)

    def note(self, text: str) -> str:
        """A reason written by a reader or the assembler, in Chinese; as it is when no note matches."""
        said = self._fill(self._notes, text)
        return text if said is None else said

    def location(self, location: Location | None) -> str:
        """Where in the source, as a person looks for it (`xxgk.naming.place`)."""
        return place(location)

    def _fill(self, templates: list[Template], text: str) -> str | None:
        for template in templates:
            m = template.english.fullmatch(text)
            if m:
                said = {name: self._say.get(kind, str)(m[name]) for name, kind in template.kinds.items()}
                return _FIELD.sub(partial(_put, said), template.chinese)
        return None

    def _cells(self, text: str) -> str:
        cut = text.endswith(" …")
        return self.names.cells(text.removesuffix(" …").split(", ")) + ("等" if cut else "")

    def _values(self, text: str) -> str:
        return self.names.values(tuple(pair.split(" = ", 1)) for pair in text.split(", "))  # type: ignore[misc]


def _put(said: dict[str, str], field: re.Match) -> str:
    return said[field[1]]


def _quoted(text: str) -> str:
    if text == "None":
        return "（空）"
    try:
        return f"“{ast.literal_eval(text)}”"
    except (ValueError, SyntaxError):
        return f"“{text[1:-1]}”"


def _place(text: str) -> str:
    """A Location as printed ("page 2, line 3", "p[5]") as a person looks for it (`naming.place`)."""
    location = Location()
    for part in text.split(", "):
        kind, _, number = part.partition(" ")
        if kind == "page":
            location.page = int(number)
        elif kind == "line":
            location.line = int(number)
        else:
            location.path = part
    return place(location)


def _table(text: str) -> str:
    name = text if text.startswith("t") else f"t{text}"
    return TABLE_NAMES.get(name, f"表{text.lstrip('t')}")


def _formats(text: str) -> str:
    """"t2: 2021, t4: 2019/2021" as "表二为2021年格式，表四为2019年、2021年格式"."""
    parts = []
    for item in text.split(", "):
        table, variant = item.split(": ")
        parts.append(f"{_table(table)}为" + "、".join(f"{year}年" for year in variant.split("/")) + "格式")
    return "，".join(parts)


def _either(text: str) -> str:
    options = text.split(" or ")
    return options[0] if len(options) == 1 else "、".join(options[:-1]) + "或" + options[-1]


_made: dict[int, tuple[weakref.ref, tuple[int, ...], Chinese]] = {}


def chinese(registry: Registry) -> Chinese:
    """The Chinese wording of `registry`'s messages, made once while the registry stays as it is."""
    held = _made.get(id(registry))
    if held and held[0]() is registry and held[1] == registry.snapshot():
        return held[2]
    words = Chinese(registry)
    key = id(registry)
    _made[key] = (weakref.ref(registry, lambda _: _made.pop(key, None)), registry.snapshot(), words)
    return words
