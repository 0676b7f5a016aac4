"""The board pack as an A4 landscape PDF and as one self-contained HTML page."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from .charts import A4_LANDSCAPE, caption, chart_svg, draw_chart, matplotlib_ready
from .model import BoardPack, Panel

Progress = Callable[[], None]
CHECK_LINES_PER_PAGE: Final = 30
COMMENT_WIDTH: Final = 150
"""Characters a commentary line holds across an A4 landscape page at 8.5 points."""
COMMENT_LINES: Final = 10


def _summary_lines(pack: BoardPack) -> list[tuple[str, list[str]]]:
    counts = pack.finding_counts()
    blocks = [(heading, [f"{label}: {n}" for label, n in items])
              for heading, items in pack.counts]
    blocks.append(("Largest changes from the previous period",
                   [f"{change}  {textwrap.shorten(name, 60)}" for name, change in pack.biggest]
                   or ["none"]))
    blocks.append(("Special-cause variation (SPC)",
                   [f"{label}  {textwrap.shorten(name, 60)}" for name, label in pack.special]
                   or ["none"]))
    blocks.append(("Data checks", [f"{counts.get('error', 0)} errors, "
                                   f"{counts.get('warning', 0)} warnings, "
                                   f"{counts.get('info', 0)} notes (see the appendix)"]))
    return blocks


def _summary_page(plt: Any, pack: BoardPack) -> Any:
    fig = plt.figure(figsize=A4_LANDSCAPE)
    fig.text(0.05, 0.94, f"{pack.title}: {pack.month}", fontsize=18, weight="bold")
    fig.text(0.05, 0.90, f"{len(pack.panels)} indicators", fontsize=10)
    y, x = 0.84, 0.05
    for heading, lines in _summary_lines(pack):
        needed = 0.035 * (len(lines) + 2)
        if y - needed < 0.05:
            y, x = 0.84, 0.52
        fig.text(x, y, heading, fontsize=11, weight="bold")
        for i, line in enumerate(lines, start=1):
            fig.text(x + 0.01, y - 0.03 * i, textwrap.shorten(line, 90), fontsize=9)
        y -= needed
    return fig


def _panel_page(plt: Any, panel: Panel) -> Any:
    fig = plt.figure(figsize=A4_LANDSCAPE)
    fig.text(0.04, 0.95, textwrap.shorten(panel.title, 95), fontsize=13, weight="bold")
    ax = fig.add_axes((0.06, 0.40, 0.54, 0.50))  # the legend sits right of it, then the facts
    draw_chart(ax, panel)
    fig.text(0.06, 0.305, caption(panel), fontsize=8, color="#333333")
    y = 0.90
    for label, text in panel.facts:
        fig.text(0.81, y, label, fontsize=9, weight="bold")
        fig.text(0.81, y - 0.025, textwrap.shorten(text, 36), fontsize=9)
        y -= 0.06
    fig.text(0.04, 0.26, "Commentary", fontsize=10, weight="bold")
    lines = textwrap.wrap(panel.commentary or "(none)", COMMENT_WIDTH)
    if len(lines) > COMMENT_LINES:  # the page holds so much; the workbook has the rest
        lines = [*lines[:COMMENT_LINES - 1],
                 lines[COMMENT_LINES - 1] + " [... continued in the workbook]"]
    fig.text(0.04, 0.245, "\n".join(lines), fontsize=8.5, va="top", linespacing=1.5)
    return fig


def _check_pages(plt: Any, pack: BoardPack) -> list[Any]:
    lines: list[str] = []
    for f in pack.findings:
        lines += textwrap.wrap(f"{f.level.upper()} {f.address}: {f.message}. {f.hint}".strip(),
                               130, subsequent_indent="    ")
    lines = lines or ["No findings."]
    pages = []
    for start in range(0, len(lines), CHECK_LINES_PER_PAGE):
        fig = plt.figure(figsize=A4_LANDSCAPE)
        fig.text(0.05, 0.94, "Appendix: data checks", fontsize=14, weight="bold")
        fig.text(0.05, 0.90, "\n".join(lines[start:start + CHECK_LINES_PER_PAGE]), fontsize=8,
                 va="top", family="monospace", linespacing=1.6)
        pages.append(fig)
    return pages


def write_pdf(pack: BoardPack, path: Path, progress: Progress | None = None) -> int:
    """Write the pack; returns the number of pages."""
    plt = matplotlib_ready()
    from matplotlib.backends.backend_pdf import PdfPages

    pages = 0
    with PdfPages(path, metadata={"Title": f"{pack.title} {pack.month}"}) as pdf:
        def save(fig: Any) -> None:
            nonlocal pages
            pdf.savefig(fig)
            plt.close(fig)
            pages += 1

        save(_summary_page(plt, pack))
        for panel in pack.panels:
            save(_panel_page(plt, panel))
            if progress:
                progress()
        for fig in _check_pages(plt, pack):
            save(fig)
    return pages


_CSS: Final = """
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;margin:0 auto;
max-width:60rem;padding:0 1rem;color:#222;line-height:1.4}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-top:1px solid #ccc;
padding-top:1rem}svg{width:100%;height:auto}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}
dt{font-weight:bold}dd{margin:0}.cols{display:flex;flex-wrap:wrap;gap:1rem 2.5rem}
.comment{background:#f4f4f4;padding:.5rem .75rem;border-left:4px solid #999}
@media print{h2{break-before:page}}
"""


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def write_html(pack: BoardPack, path: Path, progress: Progress | None = None) -> None:
    """One file, charts inline as SVG: no script, no fetch, readable on a phone."""
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{html.escape(pack.title)} {html.escape(pack.month)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(pack.title)}: {html.escape(pack.month)}</h1>",
        "<section id='summary'><div class='cols'>",
    ]
    for heading, lines in _summary_lines(pack):
        parts.append(f"<div><h3>{html.escape(heading)}</h3>{_list(lines)}</div>")
    parts.append("</div></section>")
    for number, panel in enumerate(pack.panels, start=1):
        facts = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>"
                        for k, v in panel.facts)
        parts += [
            f"<section class='indicator' id='{html.escape(panel.ref or panel.name)}'>",
            f"<h2>{html.escape(panel.title)}</h2>", chart_svg(panel, f"c{number}"),
            f"<p>{html.escape(caption(panel))}</p><dl>{facts}</dl>",
            f"<p class='comment'>{html.escape(panel.commentary or '(no commentary)')}</p>",
            "</section>",
        ]
        if progress:
            progress()
    findings = [str(f) for f in pack.findings] or ["No findings."]
    parts += ["<section id='checks'><h2>Appendix: data checks</h2>", _list(findings),
              "</section></body></html>"]
    path.write_text("".join(parts), encoding="utf-8")
