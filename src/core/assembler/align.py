"""Aligning observed rows with a template's rows, keeping the template's fixed order.

A monotonic alignment (as in sequence alignment) that allows extra source rows and missing
template rows, scored by label similarity; labels may be damaged, wrapped or split in fragments.
"""
from __future__ import annotations

from ..labels import best_match
from ..template import RowSpec, TableTemplate
from .rows import ObservedRow

THRESHOLD = 0.55
UNLABELLED = 0.6
EARLIER = 0.9     # a label further back than the row's own last fragments counts a little less


def row_score(observed: ObservedRow, spec: RowSpec) -> float:
    """How well an observed row's label (its last one to three fragments) fits a template row."""
    if spec.label is None:
        filled = sum(1 for v in observed.values if v.token)
        return UNLABELLED + (0.3 if filled >= len(spec.columns) else 0.0)
    own = max((best_match(text, spec.labels) for text in observed.labels), default=0.0)
    if own >= 1.0 or not observed.earlier_labels:
        return own
    return max(own, EARLIER * max(best_match(text, spec.labels) for text in observed.earlier_labels))


def _scores(row: ObservedRow, tpl: TableTemplate) -> list[float]:
    """The row's score against every template row; a label written exactly as a template's
    label belongs to that row alone."""
    index = tpl.label_index
    exact = next((index[text] for text in row.labels if text in index), None)
    if exact is None:
        return [row_score(row, s) for s in tpl.rows]
    return [1.0 if j == exact else 0.0 for j in range(len(tpl.rows))]


def align(observed: list[ObservedRow], tpl: TableTemplate) -> tuple[dict[int, int], float]:
    """Best order-preserving matching {template row index: observed row index} and its score."""
    m, n = len(observed), len(tpl.rows)
    scores = [_scores(o, tpl) for o in observed]
    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            options = [best[i + 1][j], best[i][j + 1]]
            if scores[i][j] >= THRESHOLD:
                options.append(scores[i][j] + best[i + 1][j + 1])
            best[i][j] = max(options)
    matches: dict[int, int] = {}
    i = j = 0
    while i < m and j < n:
        if scores[i][j] >= THRESHOLD and best[i][j] == scores[i][j] + best[i + 1][j + 1]:
            matches[j] = i
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return matches, best[0][0] if m and n else 0.0
