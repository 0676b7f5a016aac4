"""One matplotlib figure per indicator: the XmR chart in Making Data Count colours.

Special-cause points differ by colour AND by shape (a reader who cannot tell blue from
orange still sees a triangle from a cross), and every line has its own dash pattern and
a legend entry. The same figure is saved as PDF and as SVG.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from xl_addin.core.spc import phases
from xl_addin.core.vocab import SPC_COLOUR, Variation

from .model import Panel

if TYPE_CHECKING:
    from matplotlib.axes import Axes

POINT_STYLE: Final[dict[str, tuple[str, str, str]]] = {
    # kind: (colour, marker, legend label)
    "common": (SPC_COLOUR["spc_common"], "o", "Common cause"),
    "improvement": (SPC_COLOUR["spc_improvement"], "^", "Special cause: improvement"),
    "concern": (SPC_COLOUR["spc_concern"], "X", "Special cause: concern"),
    "neither": (SPC_COLOUR["spc_neither"], "D", "Special cause (no polarity)"),
    "insufficient": (SPC_COLOUR["spc_common"], "o", "Too few points for limits"),
}
A4_LANDSCAPE: Final = (11.69, 8.27)


def _style_key(kind: Variation) -> str:
    return "neither" if kind.startswith("neither") else kind


def matplotlib_ready() -> Any:
    """pyplot on the file-only Agg backend (no window, no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "font.size": 9,
                         "axes.spines.top": False, "axes.spines.right": False})
    return plt


def caption(panel: Panel) -> str:
    """What the chart shows, in words (also what a reader of the PDF's text finds)."""
    n = len(panel.periods)
    if not n:
        return "XmR chart of 0 points: no figures yet."
    said = f"XmR chart of {n} points, {panel.periods[0]} to {panel.periods[-1]}."
    return said + "".join(f" {s}." for s in limits_notes(panel))


def limits_notes(panel: Panel) -> list[str]:
    """Where the Settings sheet moved the limits: a baseline, a recalculation (step change)."""
    options, labels = panel.chart.options, panel.periods
    if not panel.chart.has_limits:
        return []
    notes = []
    for k, phase in enumerate(phases(len(labels), options)):
        if k:
            notes.append(f"Limits recalculated from {labels[phase.start]}")
        if (phase.base_start, phase.base_stop) != (phase.start, phase.stop):
            notes.append(f"Limits{' there' if k else ''} set by {labels[phase.base_start]} "
                         f"to {labels[phase.base_stop - 1]}")
    return notes


def draw_chart(ax: Axes, panel: Panel) -> None:
    """Points, mean, process limits, target and England benchmark on `ax`."""
    chart = panel.chart
    x = np.arange(len(panel.periods))
    y = chart.values
    ax.plot(x, y, color="#555555", linewidth=1.0, zorder=1)
    kinds = [_style_key(k) for k in panel.kinds]
    for style, (colour, marker, label) in POINT_STYLE.items():
        picked = [i for i, k in enumerate(kinds) if k == style]
        if picked:
            ax.scatter(x[picked], y[picked], color=colour, marker=marker, s=42 if
                       style != "common" else 22, edgecolors="black", linewidths=0.4,
                       zorder=3, label=label, gid=f"points-{style}")
    if chart.has_limits:
        ax.step(x, chart.mean, where="mid", color="black", linewidth=1.2, label="Mean")
        ax.step(x, chart.upper, where="mid", color="#333333", linewidth=1.0,
                linestyle=(0, (5, 3)), label="Process limits")
        ax.step(x, chart.lower, where="mid", color="#333333", linewidth=1.0,
                linestyle=(0, (5, 3)))
    if panel.target is not None:
        ax.axhline(panel.target, color="#D55E00", linewidth=1.4, linestyle="-.",
                   label="Target")
    if panel.england is not None:
        ax.axhline(panel.england, color="#009E73", linewidth=1.4, linestyle=":",
                   label="England")
    step = max(1, len(x) // 12)
    ax.set_xticks(x[::step], [panel.periods[i] for i in range(0, len(x), step)],
                  rotation=45, ha="right")
    if panel.unit == "percent":
        from matplotlib.ticker import PercentFormatter

        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    if not chart.has_limits:
        ax.set_title(f"No process limits: {chart.reason}", fontsize=8, loc="left",
                     color="#333333")


def chart_svg(panel: Panel, key: str) -> str:
    """The indicator's chart as an <svg> element (no XML declaration), for inline HTML;
    `key` keeps its element ids apart from the other charts' on the page."""
    import io

    plt = matplotlib_ready()
    fig, ax = plt.subplots(figsize=(8.0, 3.2))
    try:
        draw_chart(ax, panel)
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg")
    finally:
        plt.close(fig)
    text = buffer.getvalue()
    # The file metadata (creator, date) means nothing inside a page, and its date would
    # make two packs of the same figures differ.
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", text[text.index("<svg"):], flags=re.S)
    # Every chart names its parts 'figure_1', 'axes_1'...: prefixed, ids stay unique.
    return re.sub(r'(\bid="|url\(#|href="#)', rf"\1{key}-", svg)
