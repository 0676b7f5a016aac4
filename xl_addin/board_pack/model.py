"""What goes into a board pack, worked out from a refresh (no drawing here)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from xl_addin.core import rules
from xl_addin.core.findings import Finding
from xl_addin.core.grid import Grid, is_blank
from xl_addin.core.headers import OutputRole
from xl_addin.core.refresh import RefreshResult
from xl_addin.core.spc import SpcResult, point_variation
from xl_addin.core.spc_table import chart_for
from xl_addin.core.vocab import (
    ARROWS,
    ASSURANCE_LABEL,
    NOT_AVAILABLE,
    RAG_LABEL,
    VARIATION_LABEL,
    VERDICT_LABEL,
    Variation,
)
from xl_addin.core.wording import change_text, excel_text, is_missing, level_text

BIGGEST: Final = 5
SPECIAL: Final[frozenset[Variation]] = frozenset(
    {"improvement", "concern", "neither_high", "neither_low"})


@dataclass(frozen=True)
class Panel:
    """One indicator's page: its chart and the figures beside it."""

    ref: str
    name: str
    unit: str
    polarity: str
    periods: tuple[str, ...]
    chart: SpcResult
    kinds: tuple[Variation, ...]
    """Each point's verdict, for its colour and shape."""
    target: float | None
    england: float | None
    facts: tuple[tuple[str, str], ...]
    """(label, text) pairs: latest value, changes, verdicts, RAG, variation, assurance."""
    commentary: str
    variation: Variation

    @property
    def title(self) -> str:
        return f"{self.ref}: {self.name}" if self.ref else self.name


@dataclass(frozen=True)
class BoardPack:
    title: str
    month: str
    panels: tuple[Panel, ...]
    counts: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    """(heading, ((label, count), ...)) for verdicts, RAG and variation."""
    biggest: tuple[tuple[str, str], ...]
    """(indicator, change) for the largest changes from the previous period."""
    special: tuple[tuple[str, str], ...]
    """(indicator, variation label) for special-cause indicators."""
    findings: tuple[Finding, ...]

    def finding_counts(self) -> dict[str, int]:
        return dict(Counter(f.level for f in self.findings))


def _number(value: Any) -> float | None:
    return None if is_missing(value) else float(value)


class Shown:
    """A derived figure as the workbook shows it after the refresh: the value the plan
    writes into the cell under the number format it gives that cell (core/wording's Excel
    renderer), so the pack reads '-17%' where the sheet does; the wording's own format
    where the table has no column for the figure."""

    def __init__(self, result: RefreshResult) -> None:
        self._writes = {(w.row, w.col): w for w in result.plan.writes}
        self._outputs = result.layout.outputs

    def change(self, row: int, role: OutputRole, value: Any, unit: str) -> str:
        output = self._outputs.get(role)
        write = (self._writes.get((row, output.value_col))
                 if output is not None and output.value_col is not None else None)
        if write is not None and write.number_format and isinstance(write.value, int | float) \
                and not isinstance(write.value, bool) and not is_missing(value):
            text = excel_text(float(write.value), write.number_format)
            if text is not None:
                return text
        return change_text(value, unit)


def _arrow(direction: Any, change: str, verdict: Any) -> str:
    text = " ".join(part for part in (ARROWS.get(direction, ARROWS["unknown"]), change) if part)
    return f"{text} ({VERDICT_LABEL[verdict]})" if verdict else text


def _facts(rec: Any, chart: SpcResult, shown: Shown) -> tuple[tuple[str, str], ...]:
    unit, row = str(rec.unit), int(rec.row)
    latest = (f"{level_text(rec.current, unit)} in {rec.current_month.label()}"
              if rec.current_month is not None and not is_missing(rec.current) else NOT_AVAILABLE)
    out = [
        ("Latest", latest),
        ("vs previous period", _arrow(
            rec.direction_previous,
            shown.change(row, "change_previous", rec.change_previous, unit),
            rec.verdict_previous)),
        ("vs same period last year", _arrow(
            rec.direction_year, shown.change(row, "change_year", rec.change_year, unit),
            rec.verdict_year)),
        ("Direction of travel", _arrow(rec.dot_direction, "", rec.dot_verdict)),
        ("Target", level_text(rec.target, unit)),
        ("RAG", RAG_LABEL[rec.rag] if rec.rag else NOT_AVAILABLE),
        ("Variation", VARIATION_LABEL[chart.variation]),
        ("Assurance", ASSURANCE_LABEL[chart.assurance] if chart.assurance else NOT_AVAILABLE),
    ]
    return tuple(out)


def _commentary(grid: Grid | None, result: RefreshResult, row: int) -> str:
    col = result.layout.commentary_col
    if grid is None or col is None:
        return ""
    value = grid.value(row, col)
    return "" if is_blank(value) else str(value).strip()


def _counts(panels: list[Panel], results: Any) -> tuple[tuple[str, tuple[tuple[str, int],
                                                                          ...]], ...]:
    verdicts = Counter(VERDICT_LABEL.get(v, "No judgement") if v else "No judgement"
                       for v in results["dot_verdict"].tolist())
    rags = Counter(RAG_LABEL[r] if r else "No target" for r in results["rag"].tolist())
    variation = Counter(VARIATION_LABEL[p.variation] for p in panels)
    return (("Direction of travel", tuple(sorted(verdicts.items()))),
            ("RAG", tuple(sorted(rags.items()))),
            ("Variation (SPC)", tuple(sorted(variation.items()))))


def _biggest(result: RefreshResult, shown: Shown) -> tuple[tuple[str, str], ...]:
    """The largest moves from the previous period, relative for every unit so that a
    percentage and a count can be ranked together (shown in each one's own terms)."""
    frame = result.results
    size = np.abs(rules.relative_change(frame["current"], frame["previous"]))
    order = [i for i in np.argsort(-np.nan_to_num(size, nan=-1.0)).tolist()
             if np.isfinite(size[i])][:BIGGEST]
    return tuple((_label(frame, i), _arrow(
        frame["direction_previous"][i],
        shown.change(int(frame["row"][i]), "change_previous", frame["change_previous"][i],
                     str(frame["unit"][i])),
        frame["verdict_previous"][i])) for i in order)


def _label(frame: Any, i: int) -> str:
    ref, name = str(frame["ref"][i]), str(frame["name"][i])
    return f"{ref}: {name}" if ref and not ref.startswith("row ") else name


def build_pack(result: RefreshResult, grid: Grid | None = None,
               title: str = "Performance board pack") -> BoardPack:
    """The pack for one refresh; `grid` (the dashboard sheet) supplies the commentary."""
    frame = result.results
    shown = Shown(result)
    panels: list[Panel] = []
    for i, rec in enumerate(frame.records()):
        chart, months = chart_for(result.data, frame, i)
        panels.append(Panel(
            ref=str(rec.ref) if result.layout.ref_col is not None else "",
            name=str(rec.name), unit=str(rec.unit), polarity=str(rec.polarity),
            periods=tuple(m.label() for m in months), chart=chart,
            kinds=tuple(point_variation(chart, rec.polarity)),
            target=_number(rec.target),
            england=_number(rec.benchmarks.get("england")),
            facts=_facts(rec, chart, shown), commentary=_commentary(grid, result, int(rec.row)),
            variation=chart.variation))
    special = tuple((p.title, VARIATION_LABEL[p.variation]) for p in panels
                    if p.variation in SPECIAL)
    return BoardPack(title, result.month.label(), tuple(panels), _counts(panels, frame),
                     _biggest(result, shown), special, result.findings)
