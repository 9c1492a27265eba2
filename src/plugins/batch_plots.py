"""The plots of the batch page, drawn with matplotlib (the `report` extra) as SVG to put inline:
text stays text (the browser draws it with its own Chinese fonts, the faces of the page), the same
data gives the same bytes, and nothing is fetched. matplotlib is imported on first use, not with xxgk.

Every plot is laid out with margins fixed in inches (no layout engine: it gives up, warning, on a
long label), labels longer than their margin cut in the middle ("…", distinct in a plot) with
their full text on hover (an SVG <title>), and every id in a plot prefixed with the plot's name, so
that ids stay unique on the page.
"""
from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from fractions import Fraction
from functools import cache
from html import escape

from xxgk.errors import WriteError

from .batch_measures import Measure, Spread

MISSING = 'the batch page needs matplotlib: pip install "xxgk[report]" (in a clone of xxgk: pip install ".[report]")'
# the page's faces with Chinese glyphs, in its CSS and in the plots' text, in this order
PAGE_FACES = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Zen Hei",
              "WenQuanYi Micro Hei", "SimHei", "AR PL UMing CN", "Noto Serif CJK SC")
FONT_FAMILY = ", ".join(f"'{face}'" for face in PAGE_FACES) + ", sans-serif"
INK, ERROR, SOFT = "#1f4e79", "#b22222", "#d9e2ec"
WIDTH = 9.6         # inches: the page's width of a plot
LABEL_CHARS = 14    # an organ's name in a plot: longer ones cut in the middle, "…" in the cut
HEAD = 4            # the characters of a shortened name before its cut
def available() -> bool:
    """Whether matplotlib is installed (found, not imported)."""
    from importlib.util import find_spec
    return find_spec("matplotlib") is not None


@cache
def _faces() -> list[str]:
    from matplotlib import font_manager
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [face for face in PAGE_FACES if face in installed] + ["DejaVu Sans"]


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


def _svg(figure, label: str, name: str, titles: Mapping[str, str] = {}) -> str:
    """The figure as an <svg> element to put in HTML: no XML prologue, `label` its accessible name,
    its ids (and the references to them) prefixed with `name`, the text of each group whose gid is
    a key of `titles` with that title on hover (an organ's full name), its text in the page's faces."""
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    text = text[text.index("<svg"):]
    for gid, title in titles.items():
        text = text.replace(f'<g id="{gid}">', f'<g id="{gid}"><title>{escape(title)}</title>', 1)
    text = re.sub(r'\b(id="|href="#|url\(#)', lambda m: f"{m[1]}{name}-", text)
    text = re.sub(r"font-family: [^;\"]*", f"font-family: {FONT_FAMILY}", text)
    return text.replace("<svg ", f'<svg role="img" aria-label="{escape(label, quote=True)}" ', 1)


def shortened(name: str, chars: int = LABEL_CHARS) -> str:
    """`name` as a plot labels it: when longer than `chars`, its first HEAD characters, "…" and its
    end (where organs' names differ: 某某县…市场监督管理局); an organ's name with its folder in brackets
    ("城关镇人民政府（countyA）") on two lines, each shortened."""
    if name.endswith("）") and "（" in name:
        organ, folder = name[:-1].rsplit("（", 1)
        return f"{shortened(organ, chars)}\n（{shortened(folder, chars - 2)}）"
    return name if len(name) <= chars else name[:HEAD] + "…" + name[len(name) - (chars - 1 - HEAD):]


def labels(names: Sequence[str], chars: int = LABEL_CHARS) -> list[str]:
    """The names' labels in one plot (`shortened`), distinct where the names are: names shortened
    alike show instead the part where they differ ("…第12号区人民政府办…")."""
    shown = [shortened(name, chars) for name in names]
    alike: dict[str, list[int]] = {}
    for n, label in enumerate(shown):
        alike.setdefault(label, []).append(n)
    for group in (g for g in alike.values() if len({names[n] for n in g}) > 1):
        organs = [names[n].rsplit("（", 1)[0] if names[n].endswith("）") else names[n] for n in group]
        start = max(0, len(os.path.commonprefix(organs)) - 2)
        for n, organ in zip(group, organs):
            window = organ[start:start + chars - 2]
            cut = ("…" if start else "") + window + ("…" if start + len(window) < len(organ) else "")
            shown[n] = cut + shown[n][shown[n].index("\n"):] if "\n" in shown[n] else cut
    return shown


def _margins(figure, width: float, height: float, left: float, right: float, top: float, bottom: float,
             **spacing: float) -> None:
    """Fixed margins, in inches, of a figure of `width` × `height` inches."""
    figure.subplots_adjust(left=left / width, right=1 - right / width, top=1 - top / height,
                           bottom=bottom / height, **spacing)


def histograms(measures: Sequence[Measure], values: Mapping[str, Sequence[int | Fraction | None]],
               spreads: Mapping[str, Spread]) -> str:
    """One panel per measure: how many reports have each value, with the quartiles as lines (median
    solid). A count's bars stand on whole numbers (one number a bar, or as many as make 20 bars or
    fewer), a rate's are 5 points of percent wide over 0–100%; the reports counted are whole."""
    with _drawing() as Figure:
        from matplotlib.ticker import MaxNLocator
        columns = 2
        rows = (len(measures) + columns - 1) // columns
        height = 2.1 * rows
        figure = Figure(figsize=(WIDTH, height))
        _margins(figure, WIDTH, height, left=0.6, right=0.2, top=0.3, bottom=0.5, wspace=0.25, hspace=0.75)
        axes = figure.subplots(rows, columns, squeeze=False).ravel()
        for ax, measure in zip(axes, measures):
            scale = 100 if measure.rate else 1
            given = [float(v) * scale for v in values[measure.name] if v is not None]
            ax.set_title(f"{measure.label}（{len(given)} 份报告有值）", fontsize=9, loc="left")
            if not given:
                ax.text(0.5, 0.5, "没有报告有值", ha="center", va="center", transform=ax.transAxes, color="gray")
                ax.set_yticks([])
                ax.set_xticks([])
                continue
            edges = _bins(given, measure.rate)
            ax.hist(given, bins=edges, color=INK, alpha=0.85, edgecolor="white", linewidth=0.5)
            if measure.rate:
                ax.set_xlim(0, 100)
            else:   # a few bars: a whole number more on each side, none below 0
                more = 1 if len(edges) < 4 else 0
                ax.set_xlim(max(edges[0] - more, -0.5 if min(given) >= 0 else edges[0]), edges[-1] + more)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=6 if measure.rate else 8, integer=True, min_n_ticks=1))
            ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True, min_n_ticks=1))
            held = spreads[measure.name]
            for quartile, style in ((held.lower, ":"), (held.median, "-"), (held.upper, ":")):
                ax.axvline(float(quartile) * scale, color=ERROR, linestyle=style, linewidth=1.2)   # type: ignore[arg-type]
            ax.set_xlabel("%" if measure.rate else "件", fontsize=8, loc="right")
            ax.set_ylabel("报告数", fontsize=8)
        for ax in axes[len(measures):]:
            ax.set_visible(False)
        return _svg(figure, "各项指标在本批报告中的分布", "histograms")


def _bins(given: Sequence[float], rate: bool) -> list[float]:
    """The edges of a histogram's bars: for a rate (in percent) 0, 5, …, 100; for a count, bars
    centred on whole numbers, each one number wide, or k numbers when that makes over 20 bars."""
    if rate:
        return [5.0 * n for n in range(21)]
    least, greatest = int(min(given)), int(max(given))
    wide = max(1, math.ceil((greatest - least + 1) / 20))
    bars = math.ceil((greatest - least + 1) / wide)
    return [least - 0.5 + wide * n for n in range(bars + 1)]


def heat_map(organs: Sequence[str], rules: Sequence[str], counts: Mapping[tuple[str, str], int]) -> str:
    """Organs (rows, names shortened, full on hover) by rules (columns): the findings of each rule
    in each organ's reports, with a colour bar of whole numbers."""
    with _drawing() as Figure:
        from matplotlib.ticker import MaxNLocator
        grid = [[counts.get((organ, rule), 0) for rule in rules] for organ in organs]
        left, right, top, bottom = 1.8, 1.0, 0.15, 1.25   # inches: names, colour bar, rule ids turned 60°
        width = min(WIDTH, max(4.5, left + right + 0.5 * len(rules)))
        height = top + bottom + max(1.0, 0.26 * len(organs))
        figure = Figure(figsize=(width, height))
        _margins(figure, width, height, left, right, top, bottom)
        ax = figure.subplots()
        greatest = max((n for row in grid for n in row), default=0)
        shown = ax.imshow(grid, cmap="OrRd", aspect="auto", vmin=0, vmax=max(1, greatest), interpolation="nearest")
        ax.set_xticks(range(len(rules)), labels=list(rules), rotation=60, ha="right", rotation_mode="anchor",
                      fontsize=8)
        ax.set_yticks(range(len(organs)), labels=labels(organs), fontsize=8)
        titles = {}
        for n, (label, organ) in enumerate(zip(ax.get_yticklabels(), organs)):
            label.set_gid(f"organ{n}")
            titles[f"organ{n}"] = organ
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        for y, row in enumerate(grid):
            for x, n in enumerate(row):
                if n:
                    ax.text(x, y, str(n), ha="center", va="center", fontsize=7,
                            color="white" if n > greatest / 2 else "black")
        bar = figure.add_axes((1 - (right - 0.15) / width, bottom / height, 0.12 / width,
                               min(2.5, height - top - bottom) / height))
        figure.colorbar(shown, cax=bar, label="问题条数")
        bar.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True, min_n_ticks=1))
        return _svg(figure, "机关 × 规则：各机关报告中每条规则的问题条数", "heat", titles)


def over_years(measures: Sequence[Measure], series: Mapping[str, Mapping[str, Mapping[int, Sequence[float]]]],
               years: Sequence[int]) -> str:
    """Small multiples: a row per organ (`series` organ -> measure name -> year -> its reports'
    values, rates in percent), a column per measure. Each measure's y axis is the same in every row,
    from 0 (to 100% for a rate, to the greatest value for a count: whole numbers); the x axis runs
    over `years` (the drawn organs' years), the line broken where a year has no value; a year's further reports
    (whose tables differ from the first's) are hollow points."""
    with _drawing() as Figure:
        from matplotlib.ticker import MaxNLocator
        organs = list(series)
        height = 0.6 + 1.05 * len(organs)   # inches; the margins fixed: laid out, 150 panels take seconds
        figure = Figure(figsize=(WIDTH, height))
        _margins(figure, WIDTH, height, left=1.8, right=0.1, top=0.45, bottom=0.25, wspace=0.35, hspace=0.45)
        axes = figure.subplots(len(organs), len(measures), squeeze=False)
        span = list(range(years[0], years[-1] + 1))
        tops = {m.name: 100.0 if m.rate else max([1.0] + [v for o in organs for vs in series[o][m.name].values()
                                                           for v in vs]) for m in measures}
        titles = {}
        shown = labels(organs)
        for r, organ in enumerate(organs):
            for c, measure in enumerate(measures):
                ax = axes[r][c]
                by_year = series[organ].get(measure.name, {})
                line = [by_year[y][0] if by_year.get(y) else math.nan for y in span]
                ax.plot(span, line, marker="o", markersize=3, color=INK, linewidth=1.2, clip_on=False)
                further = [(y, v) for y, vs in sorted(by_year.items()) for v in vs[1:]]
                if further:
                    ax.plot([y for y, _ in further], [v for _, v in further], linestyle="none", marker="o",
                            markersize=4, markerfacecolor="none", markeredgecolor=ERROR, clip_on=False)
                ax.set_ylim(0, tops[measure.name] * 1.08)
                if measure.rate:
                    ax.set_yticks([0, 50, 100])
                else:
                    ax.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
                ax.ticklabel_format(axis="y", style="plain", useOffset=False)
                ax.set_xticks(list(years), labels=[str(y) for y in years], fontsize=7)
                ax.set_xlim(years[0] - 0.4, years[-1] + 0.4)
                ax.tick_params(axis="y", labelsize=7)
                ax.grid(axis="y", color=SOFT, linewidth=0.6)
                if r == 0:
                    ax.set_title(measure.label + ("（%）" if measure.rate else "（件）"), fontsize=8)
                if c == 0:
                    ax.set_ylabel(shown[r], rotation=0, ha="right", va="center", fontsize=8,
                                  gid=f"organ{r}")
                    titles[f"organ{r}"] = organ
        return _svg(figure, "各机关历年指标", "years", titles)
