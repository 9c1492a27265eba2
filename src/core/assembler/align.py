"""Aligning observed rows with a template's rows, keeping the template's fixed order.

A monotonic alignment (as in sequence alignment) that allows extra source rows and missing
template rows. A row scores by its label (damaged, wrapped, split in fragments, or torn away and
standing a few fragments back); a number row whose label is lost scores by its place in the order,
in rows whose own rule can check it afterwards; and a row a converter moved out of order is taken
back when its label is unmistakable.
"""
from __future__ import annotations

from functools import lru_cache

from ..labels import best_match
from ..template import RowSpec, TableTemplate
from .rows import ObservedRow

THRESHOLD = 0.55
UNLABELLED = 0.6
EARLIER = 0.9     # a label further back than the row's own last fragments counts a little less
STRONG = 0.95     # a label this close is trusted even out of the template's order
BY_ORDER = 0.3    # a number row whose label was lost, in the template's order (kept if its rules hold)
PLACED = 0.5      # for every number row placed whose values fill the template row: place them all
WRONG_COUNT = 0.5  # a row with fewer values than the template row, which no split can mend
TORN = 3          # more label fragments than this before a row: labels may have been torn away


def row_score(observed: ObservedRow, spec: RowSpec, by_order: bool = False) -> float:
    """How well an observed row fits a template row: its label (its last one to three fragments,
    or torn labels further back), and, where the row has a rule to check it, its place in order."""
    filled = sum(1 for v in observed.values if v.token)
    if spec.label is None:   # table 4's one row of numbers: a row of blank slots (merged header cells) is none
        return 0.0 if not filled else UNLABELLED + (0.3 if filled >= len(spec.columns) else 0.0)
    fits = filled == len(spec.columns)
    if not observed.fragments:
        return BY_ORDER + PLACED if by_order and fits else 0.0
    if len(observed.values) < len(spec.columns) and not observed.splittable:   # blank cells are slots too
        return WRONG_COUNT * _label_score(observed, spec)
    score = _label_score(observed, spec)
    if by_order and fits:
        score = max(score, BY_ORDER) + PLACED
    return score


def _label_score(observed: ObservedRow, spec: RowSpec) -> float:
    return _labels_fit(observed.labels, observed.earlier_labels, spec.labels)


@lru_cache(maxsize=65536)
def _labels_fit(own_labels: tuple[str, ...], earlier: tuple[str, ...], labels: tuple[str, ...]) -> float:
    own = max((best_match(text, labels) for text in own_labels), default=0.0)
    if own >= 1.0 or not earlier:
        return own
    return max(own, EARLIER * max(best_match(text, labels) for text in earlier))


def _scores(row: ObservedRow, tpl: TableTemplate) -> list[float]:
    """The row's score against every template row; a label written exactly as a template's
    label, with no torn labels before it, belongs to that row alone."""
    index = tpl.label_index
    exact = next((index[text] for text in row.labels if text in index), None)
    if exact is None or len(row.fragments) > TORN:
        return [row_score(row, s, s.key in tpl.checked_rows) for s in tpl.rows]
    return [1.0 if j == exact else 0.0 for j in range(len(tpl.rows))]


def align(observed: list[ObservedRow], tpl: TableTemplate) -> tuple[dict[int, int], float]:
    """Best order-preserving matching {template row index: observed row index} and its score."""
    m, n = len(observed), len(tpl.rows)
    scores = [_scores(o, tpl) for o in observed]
    allowed = [[_allowed(o, spec, s) for spec, s in zip(tpl.rows, row)] for o, row in zip(observed, scores)]
    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        here, below, score, ok = best[i], best[i + 1], scores[i], allowed[i]
        for j in range(n - 1, -1, -1):
            value = below[j] if below[j] > here[j + 1] else here[j + 1]
            if ok[j] and score[j] + below[j + 1] > value:
                value = score[j] + below[j + 1]
            here[j] = value
    matches: dict[int, int] = {}
    i = j = 0
    while i < m and j < n:
        if allowed[i][j] and best[i][j] == scores[i][j] + best[i + 1][j + 1]:
            matches[j] = i
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    total = best[0][0] if m and n else 0.0
    return matches, total + _out_of_order(scores, matches)


def _allowed(row: ObservedRow, spec: RowSpec, score: float) -> bool:
    """A match is allowed at THRESHOLD, at any score for a row with no label (placed by order), and
    for a row whose label is read but whose values are too few: its template row is taken (its cells
    left empty), so that no row of numbers without a label is placed there by order."""
    if score >= THRESHOLD or (not row.fragments and score > 0):
        return True
    return score > 0 and len(row.values) < len(spec.columns) and not row.splittable \
        and _label_score(row, spec) >= THRESHOLD


def by_label(row: ObservedRow, spec: RowSpec) -> bool:
    """True when the row was matched by its label, not placed by order alone."""
    return bool(row.fragments) and _label_score(row, spec) >= THRESHOLD


def _out_of_order(scores: list[list[float]], matches: dict[int, int]) -> float:
    """Add rows a converter moved out of order (a block of table 2 after the next one) when their
    label is unmistakable: a near-exact match that no other left-over row or template row shares."""
    used = set(matches.values())
    free_rows = [i for i in range(len(scores)) if i not in used]
    added = 0.0
    for j in range(len(scores[0]) if scores else 0):
        if j in matches:
            continue
        strong = [i for i in free_rows if scores[i][j] >= STRONG]
        if len(strong) == 1 and sum(1 for s in scores[strong[0]] if s >= STRONG) == 1:
            matches[j] = strong[0]
            free_rows.remove(strong[0])
            added += scores[strong[0]][j]
    return added
