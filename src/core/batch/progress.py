"""What a batch tells as it goes (a Reporter), the command line's progress bar, and the summary that
ends a batch."""
from __future__ import annotations

import sys
from collections import Counter

from ..errors import printable

WIDTH = 30


class Reporter:
    """A batch's events. This one says only that the batch waits for OUT (on stderr)."""

    def waiting(self, message: str) -> None:
        print(f"xxgk: {message}", file=sys.stderr, flush=True)

    def started(self, total: int) -> None:
        """The batch has `total` inputs."""

    def finished(self, result) -> None:
        """One input is done (a FileResult)."""


class Progress(Reporter):
    """The command line's reporter: failures named as they come, and a bar redrawn on one line of
    stderr when it is a terminal (unless `bar` is False)."""

    def __init__(self, bar: bool) -> None:
        self.total, self.done, self.bar = 0, 0, bar and sys.stderr.isatty()

    def waiting(self, message: str) -> None:
        self.clear()
        super().waiting(message)

    def started(self, total: int) -> None:
        self.total = total

    def finished(self, result) -> None:
        self.done += 1
        if result.status == "failed":
            self.clear()
            print(printable(f"xxgk: {result.source}: {result.error}"), file=sys.stderr)
        if self.bar:
            filled = WIDTH * self.done // max(self.total, 1)
            label = printable(result.source)[-40:]
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {self.done}/{self.total} {label:<40}")
            sys.stderr.flush()

    def clear(self) -> None:
        if self.bar:
            sys.stderr.write("\r" + " " * (WIDTH + 60) + "\r")
            sys.stderr.flush()


def summary(results, batch_findings) -> list[str]:
    """converted, with errors, with warnings, failed to read, by rule: of this run's inputs, with
    the batch rules' findings that name them counted as their own."""
    status = Counter(r.status for r in results)
    read = [r for r in results if r.status != "failed"]
    added: dict[str, Counter[str]] = {}
    for source, finding in batch_findings:
        added.setdefault(source, Counter())[finding.severity] += 1
    rules: Counter[str] = Counter()
    for result in read:
        rules.update(result.rules)
    sources = {r.source for r in read}
    rules.update(f.rule for source, f in batch_findings if source in sources)

    def with_(severity: str) -> int:
        return sum(1 for r in read if r.severities.get(severity) or added.get(r.source, Counter())[severity])

    lines = [f"{len(results)} input(s): {len(read)} converted ({status['skipped']} up to date, skipped), "
             f"{status['failed']} failed", f"with errors: {with_('error')}, with warnings: {with_('warning')}"]
    if rules:
        lines.append("by rule: " + ", ".join(f"{rule} {n}" for rule, n in sorted(rules.items())))
    return lines
