"""Settings of rules: values a user may give a rule, each with its default.

    xxgk convert crawl/ -o out --set TEXT-REUSE.threshold=0.6 --set AGGREGATE.mapping=organs.csv
    xxgk.validate(report, settings={"SECTION-EMPTY.min-chars": 50})

A validator declares its settings (`Setting`: a name `RULE-ID.word`, a default, and how its value
is read from text); `resolve` checks the values given once, before any work, and gives them as
`RuleSettings`, which a validator's check receives as a dict of its own settings' values.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    """A value a rule may be given. `parse(text)` gives it from its text (as on the command line)
    or raises ValueError saying why the text is not one; `default` is used when none is given."""

    name: str
    default: Any
    parse: Callable[[str], Any]
    help: str


@dataclass(frozen=True)
class RuleSettings:
    """The settings given, as (name, value) pairs with their values read; picklable, so that worker
    processes get them as read (a file named by a setting is read once, by the process that
    starts the work)."""

    given: tuple[tuple[str, Any], ...] = ()

    def values(self, settings: Iterable[Setting]) -> dict[str, Any]:
        """The value of each of `settings`: the one given, else its default."""
        given = dict(self.given)
        return {s.name: given.get(s.name, s.default) for s in settings}


def resolve(declared: Iterable[Setting], given: Mapping[str, object] | RuleSettings | None) -> RuleSettings:
    """The values `given` (name -> text, or a value whose str() is its text) read by their settings.
    ValueError naming the setting at fault: one no rule declares, or a value its setting refuses."""
    if isinstance(given, RuleSettings):
        return given
    known = {s.name: s for s in declared}
    read = []
    for name, value in (given or {}).items():
        setting = known.get(name)
        if setting is None:
            raise ValueError(f"unknown setting {name} (known: {', '.join(sorted(known)) or 'none'})")
        try:
            read.append((name, setting.parse(str(value))))
        except ValueError as exc:
            raise ValueError(f"setting {name}={value}: {exc}") from None
    return RuleSettings(tuple(sorted(read, key=lambda pair: pair[0])))


def assignments(texts: Iterable[str]) -> dict[str, str]:
    """`NAME=VALUE` texts (the command line's --set) as a dict; ValueError for one without "="."""
    out = {}
    for text in texts:
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"--set {text!r}: must be RULE.SETTING=VALUE")
        out[name.strip()] = value.strip()
    return out


def fraction(text: str) -> float:
    """A share from 0 to 1, as 0.5 or 50%."""
    percent = text.strip().endswith("%")
    try:
        value = float(text.strip().rstrip("%")) / (100 if percent else 1)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise ValueError("must be a share from 0 to 1 (0.5, or 50%)")
    return value


def whole_number(text: str) -> int:
    """A whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise ValueError("must be a whole number, 0 or more")
    return value
