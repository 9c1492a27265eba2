"""A one-line progress bar on a terminal, and the summary that ends a batch."""
from __future__ import annotations

import sys
from collections import Counter

WIDTH = 30


class Progress:
    """Redraws one line on stderr; silent unless stderr is a terminal."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled = total, 0, enabled and sys.stderr.isatty()

    def step(self, label: str) -> None:
        self.done += 1
        if self.enabled:
            filled = WIDTH * self.done // max(self.total, 1)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {self.done}/{self.total} {label[-40:]:<40}")
            sys.stderr.flush()

    def clear(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * (WIDTH + 60) + "\r")
            sys.stderr.flush()


def summary(results, batch_findings) -> list[str]:
    """converted, with errors, with warnings, failed to read, by rule."""
    status = Counter(r.status for r in results)
    read = [r for r in results if r.status != "failed"]
    rules: Counter[str] = Counter()
    for result in read:
        rules.update(result.rules)
    rules.update(f.rule for _, f in batch_findings)
    lines = [f"{len(results)} input(s): {len(read)} converted ({status['skipped']} already done, skipped), "
             f"{status['failed']} failed to read",
             f"with errors: {sum(1 for r in read if r.severities.get('error'))}, "
             f"with warnings: {sum(1 for r in read if r.severities.get('warning'))}"]
    if rules:
        lines.append("by rule: " + ", ".join(f"{rule} {n}" for rule, n in sorted(rules.items())))
    return lines
