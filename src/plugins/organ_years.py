"""An organ's reports over the years, for the batch rules: organ names compared without spaces,
punctuation forms or parenthesised notes, and the pairs of one organ's reports of consecutive years
(a year with two reports of one organ pairs with neither year: nothing tells which to compare)."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from xxgk.labels import normalize


def organ_key(organ: str) -> str:
    """An organ's name as compared."""
    return re.sub(r"\(.*?\)", "", normalize(organ))


def by_organ(results: Iterable[Any]) -> dict[str, dict[int, list[Any]]]:
    """Results (with `organ` and `year`) by organ key, then year; those without either left out."""
    found: dict[str, dict[int, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for result in results:
        if result.organ and result.year:
            found[organ_key(result.organ)][result.year].append(result)
    return found


def consecutive(results: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
    """(year t−1, year t) pairs of one organ's results, one result in each year."""
    for years in by_organ(results).values():
        for year, reports in sorted(years.items()):
            before = years.get(year - 1)
            if len(reports) == 1 and before and len(before) == 1:
                yield before[0], reports[0]


def compared(old: Any, new: Any) -> str:
    """How a batch finding names the two reports it compares."""
    return f"compared {old.source} ({old.year}) and {new.source} ({new.year})"
