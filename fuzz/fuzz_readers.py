"""Coverage-guided fuzzing of the text and HTML readers and the assembler behind them (atheris).

    pip install atheris
    python fuzz/fuzz_readers.py -max_total_time=60 -rss_limit_mb=2048 fuzz/seeds

Every input must give a report or one of xxgk's own errors; anything else is a crash, which atheris
reports with the input that caused it (crash-<hash> in the current folder). fuzz/seeds holds small
starting inputs; libFuzzer adds what it finds to the first folder given.
"""
from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import xxgk.api
    import xxgk.assembler
    import xxgk.chrome
    import xxgk.decoding
    import xxgk.digits
    import xxgk.labels
    import xxgk.values
    from xxgk.errors import XxgkError
    from xxgk.plugins import html_blocks, html_page, html_reader, text  # noqa: F401
    from xxgk.registry import Source

NAMES = ["report.txt", "report.md", "report.html"]


def one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    name = provider.PickValueInList(NAMES)
    body = provider.ConsumeBytes(provider.remaining_bytes())
    try:
        xxgk.api.read_source(Source(body, name))
    except XxgkError:
        pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
