"""The plots of the batch page, drawn with matplotlib (the `report` extra) as SVG to put inline:
text stays text (the browser draws it with its own Chinese fonts), the same data gives the same
bytes, and nothing is fetched. matplotlib is imported on first use, not with xxgk.
"""
from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from fractions import Fraction
from functools import cache

from xxgk.errors import WriteError

from .batch_measures import Measure, Spread

MISSING = 'the batch page needs matplotlib: pip install "xxgk[report]"'
# faces with Chinese glyphs, the first matplotlib finds measuring the text; the browser picks its own
CJK_FACES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei",
             "SimHei", "PingFang SC", "AR PL UMing CN", "Noto Serif CJK SC")
INK, ERROR, SOFT = "#1f4e79", "#b22222", "#d9e2ec"
WIDTH = 9.6   # inches: the page's width of a plot


def available() -> bool:
    """Whether matplotlib is installed (found, not imported)."""
    from importlib.util import find_spec
    return find_spec("matplotlib") is not None


@cache
def _faces() -> list[str]:
    from matplotlib import font_manager
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [face for face in CJK_FACES if face in installed] + ["DejaVu Sans"]


@contextmanager
def _drawing() -> Iterator[type]:
    """matplotlib's Figure, with the settings of every plot here (WriteError without matplotlib)."""
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise WriteError(MISSING) from exc
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "xxgk", "font.family": "sans-serif",
                                "font.sans-serif": _faces(), "font.size": 9, "text.parse_math": False,
                                "axes.unicode_minus": False, "axes.spines.top": False, "axes.spines.right": False}):
        yield Figure


def _svg(figure, label: str) -> str:
    """The figure as an <svg> element to put in HTML: no XML prologue, `label` its accessible name."""
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    text = text[text.index("<svg"):]
    return text.replace("<svg ", f'<svg role="img" aria-label="{_attribute(label)}" ', 1)


def _attribute(text: str) -> str:
    from html import escape
    return escape(text, quote=True)


def histograms(measures: Sequence[Measure], values: Mapping[str, Sequence[int | Fraction | None]],
               spreads: Mapping[str, Spread]) -> str:
    """One panel per measure: how many reports have each value (rates in percent), with the
    quartiles as lines (median solid)."""
    with _drawing() as Figure:
        columns = 2
        rows = (len(measures) + columns - 1) // columns
        figure = Figure(figsize=(WIDTH, 2.1 * rows), layout="constrained")
        axes = figure.subplots(rows, columns, squeeze=False).ravel()
        for ax, measure in zip(axes, measures):
            scale = 100 if measure.rate else 1
            given = [float(v) * scale for v in values[measure.name] if v is not None]
            ax.set_title(f"{measure.label}（{len(given)} 份报告有值）", fontsize=9, loc="left")
            if not given:
                ax.text(0.5, 0.5, "没有报告有值", ha="center", va="center", transform=ax.transAxes, color="gray")
                ax.set_yticks([])
                continue
            ax.hist(given, bins=min(20, max(1, len(set(given)))), color=INK, alpha=0.85)
            held = spreads[measure.name]
            for quartile, style in ((held.lower, ":"), (held.median, "-"), (held.upper, ":")):
                ax.axvline(float(quartile) * scale, color=ERROR, linestyle=style, linewidth=1.2)   # type: ignore[arg-type]
            ax.set_xlabel("%" if measure.rate else "件", fontsize=8, loc="right")
            ax.set_ylabel("报告数", fontsize=8)
        for ax in axes[len(measures):]:
            ax.set_visible(False)
        return _svg(figure, "各项指标在本批报告中的分布")


def heat_map(organs: Sequence[str], rules: Sequence[str], counts: Mapping[tuple[str, str], int]) -> str:
    """Organs (rows) by rules (columns): the findings of each rule in each organ's reports."""
    with _drawing() as Figure:
        grid = [[counts.get((organ, rule), 0) for rule in rules] for organ in organs]
        height = 1.4 + 0.28 * len(organs)
        figure = Figure(figsize=(min(WIDTH, 2.8 + 0.5 * len(rules)), height), layout="constrained")
        ax = figure.subplots()
        shown = ax.imshow(grid, cmap="OrRd", aspect="auto", vmin=0, interpolation="nearest")
        ax.set_xticks(range(len(rules)), labels=list(rules), rotation=60, ha="right", fontsize=8)
        ax.set_yticks(range(len(organs)), labels=list(organs), fontsize=8)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        greatest = max((n for row in grid for n in row), default=0)
        for y, row in enumerate(grid):
            for x, n in enumerate(row):
                if n:
                    ax.text(x, y, str(n), ha="center", va="center", fontsize=7,
                            color="white" if n > greatest / 2 else "black")
        figure.colorbar(shown, ax=ax, shrink=0.6, label="问题条数")
        return _svg(figure, "机关 × 规则：各机关报告中每条规则的问题条数")


def over_years(measures: Sequence[Measure], series: Mapping[str, Mapping[str, Sequence[tuple[int, float]]]],
               years: Sequence[int]) -> str:
    """Small multiples: a row per organ (`series` organ -> measure name -> (year, value) pairs,
    rates in percent), a column per measure, the years of the batch on every x axis."""
    with _drawing() as Figure:
        from matplotlib.ticker import MaxNLocator
        organs = list(series)
        height = 0.6 + 1.05 * len(organs)   # inches; the margins fixed: laid out, 150 panels take seconds
        figure = Figure(figsize=(WIDTH, height))
        figure.subplots_adjust(left=0.2, right=0.99, top=1 - 0.45 / height, bottom=0.25 / height, wspace=0.35,
                               hspace=0.45)
        axes = figure.subplots(len(organs), len(measures), squeeze=False)
        for r, organ in enumerate(organs):
            for c, measure in enumerate(measures):
                ax = axes[r][c]
                points = series[organ].get(measure.name, ())
                if points:
                    ax.plot([y for y, _ in points], [v for _, v in points], marker="o", markersize=3,
                            color=INK, linewidth=1.2)
                if not measure.rate:
                    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
                ax.set_xticks(list(years), labels=[str(y) for y in years], fontsize=7)
                ax.set_xlim(years[0] - 0.4, years[-1] + 0.4)
                ax.tick_params(axis="y", labelsize=7)
                ax.grid(axis="y", color=SOFT, linewidth=0.6)
                if r == 0:
                    ax.set_title(measure.label + ("（%）" if measure.rate else "（件）"), fontsize=8)
                if c == 0:
                    ax.set_ylabel(organ, rotation=0, ha="right", va="center", fontsize=8)
        return _svg(figure, "各机关历年指标")
