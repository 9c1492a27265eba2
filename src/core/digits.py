"""Splitting run-together digits ("0000000", "202") into cells under the template's rules."""
from __future__ import annotations

from collections.abc import Iterator, Mapping

from .template import Equation

Number = int | None   # a cell's number, or None where the row writes "/" (not given)
MAX_DIGITS = 7       # no single cell of these tables runs to eight digits
MAX_CANDIDATES = 2000


def splits(tokens: list[str | None], n: int) -> Iterator[list[Number]]:
    """Every way to cut the digit strings `tokens` into exactly `n` numbers, in order.

    Each token gives at least one number; no number has a leading zero unless it is 0. A None
    token is a cell written "/" (not given): it stays one cell, None."""
    def cut(i: int, need: int) -> Iterator[list[Number]]:
        if i == len(tokens) - 1:
            yield from _cuts(tokens[i], need)
            return
        rest = len(tokens) - i - 1
        for parts in range(1, need - rest + 1):
            for head in _cuts(tokens[i], parts):
                for tail in cut(i + 1, need - parts):
                    yield [*head, *tail]

    if tokens and n >= len(tokens):
        yield from cut(0, n)


def _cuts(digits: str | None, parts: int) -> Iterator[list[Number]]:
    """Ways to cut one digit string into exactly `parts` numbers (a None token: one None)."""
    if digits is None:
        if parts == 1:
            yield [None]
        return
    if not parts <= len(digits) <= parts * MAX_DIGITS:
        return
    if parts == 1:
        if digits == "0" or not digits.startswith("0"):
            yield [int(digits)]
        return
    for size in range(1, min(MAX_DIGITS, len(digits) - parts + 1) + 1):
        head = digits[:size]
        if size > 1 and head.startswith("0"):
            break
        for tail in _cuts(digits[size:], parts - 1):
            yield [int(head), *tail]


def satisfies(values: Mapping[str, Number], equations: tuple[Equation, ...]) -> bool:
    """True when every equation whose cells are all given in `values` holds."""
    for eq in equations:
        keys = eq.left + eq.right
        if all(k in values for k in keys) and None not in (given := [values[k] for k in keys]):
            if sum(given[:len(eq.left)]) != sum(given[len(eq.left):]):   # type: ignore[arg-type]
                return False
    return True


def resolve(tokens: list[str | None], keys: list[str], equations: tuple[Equation, ...]) -> list[list[Number]] | None:
    """The splits of `tokens` over `keys` that the rules allow.

    One run of digits ("0000000") whose digits allow a single split is that split even if a rule
    fails (the source says so, and the validators report it). Values already apart ("4 5 4 0 0 13"
    for seven cells) are split further only where a rule of the row confirms it: the cell they
    lack may be a blank, not digits run together. Otherwise only the splits satisfying the rules
    are kept. An empty list means no split at all; more than one means some cells are ambiguous
    (see `agreed`); None, more than MAX_CANDIDATES splits: too many to prove anything of them."""
    found = []
    for candidate in splits(tokens, len(keys)):
        found.append(candidate)
        if len(found) > MAX_CANDIDATES:
            return None
    if len(found) == 1 and sum(t is not None for t in tokens) == 1:
        return found
    checked = [eq for eq in equations if set(eq.left + eq.right) <= set(keys)]
    if not checked and sum(t is not None for t in tokens) > 1:
        return []   # nothing in the row can tell a split from a blank cell
    return [c for c in found if satisfies(dict(zip(keys, c)), equations)]


def agreed(candidates: list[list[Number]]) -> dict[int, Number]:
    """The positions where every split gives the same number: position -> number."""
    if not candidates:
        return {}
    return {i: n for i, n in enumerate(candidates[0]) if all(c[i] == n for c in candidates[1:])}
