"""Coverage-guided fuzzing of every reader (text, Markdown, HTML, MHT, PDF, DOCX, images) and the
assembler and validators behind them (atheris).

    pip install atheris
    mkdir -p /tmp/corpus
    python fuzz/fuzz_readers.py -max_total_time=1800 -timeout=600 -rss_limit_mb=1536 /tmp/corpus fuzz/seeds samples

Every input must give a report or one of xxgk's own errors, within HANG seconds of processor time
(counted as `--time-limit` counts it: a busy machine does not make an input a hang) and the memory
libFuzzer allows (`-rss_limit_mb`); anything else is a crash, which atheris reports with the input
that caused it (crash-<hash>, or oom-<hash> in the current folder; `-timeout` is a clock backstop
for a hang in native code). The reader is
chosen as for any input, by sniffing the content first and then by the name, whose extension the
input's last byte picks. fuzz/seeds holds small starting inputs (a page, a report text, an MHT
page, a page image) and samples/ the project's real reports; libFuzzer adds what it finds to the
first folder given.
"""
from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import xxgk.api
    import xxgk.assembler
    import xxgk.chrome
    import xxgk.dates
    import xxgk.decoding
    import xxgk.digits
    import xxgk.labels
    import xxgk.values
    from xxgk.errors import XxgkError
    from xxgk.limits import TimedOut, time_limit
    from xxgk.plugins import (  # noqa: F401
        docx_chunks,
        docx_page,
        docx_reader,
        html_blocks,
        html_page,
        html_reader,
        html_report,
        image_reader,
        mht_reader,
        pdf_content,
        pdf_fonts,
        pdf_forms,
        pdf_images,
        pdf_layout,
        pdf_objects,
        pdf_pages,
        pdf_reader,
        pdf_streams,
        pdf_text_layer,
        pdf_turns,
        prose_scope,
        reasons,
        rules_arithmetic,
        rules_deadline,
        rules_fee,
        rules_organ,
        rules_prose,
        rules_reading,
        rules_sections,
        rules_values,
        sentences,
        text,
    )
    from xxgk.registry import Source

HANG = 60   # seconds of processor time any one input may take before it counts as a hang
NAMES = ["report.txt", "report.md", "report.html", "report.mht", "report.pdf", "report.docx", "report.png",
         "report"]


def one_input(data: bytes) -> None:
    name = NAMES[data[-1] % len(NAMES)] if data else NAMES[0]
    try:
        with time_limit(HANG, wait=1e9):
            xxgk.api.validate(xxgk.api.read_source(Source(data, name), time_limit=None))
    except XxgkError:
        return
    except TimedOut as exc:
        raise RuntimeError(f"a hang: {exc}") from exc


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
