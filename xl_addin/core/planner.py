"""From computed figures to a plan of cell writes: what goes in which derived cell.

Only cells of recognised output columns in data rows are ever written. An output
cell that holds a formula is left alone and reported, never overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from .findings import Finding
from .grid import Grid
from .headers import OutputRole
from .layout import TableLayout
from .plan import CellWrite, WritePlan, WriteValue
from .results import Results
from .vocab import (
    ARROWS,
    COMPARISON_LABEL,
    COMPARISON_TONE,
    NOT_AVAILABLE,
    RAG_LABEL,
    RAG_TONE,
    VERDICT_TONE,
    Tone,
)
from .wording import is_missing

RELATIVE_FORMAT: Final = "0%"
SIGNED_RELATIVE_FORMAT: Final = "+0%;-0%;0%"
POINTS_FORMAT: Final = '+0.0" pp";-0.0" pp";0.0" pp"'
_LEVEL_FORMATS: Final = {"count": "#,##0", "rate": "#,##0.0", "percent": "0.0%"}
_SIGNED_LEVEL_FORMATS: Final = {"count": "+#,##0;-#,##0;0", "rate": "+#,##0.0;-#,##0.0;0.0"}
PARTIAL_MARK: Final = '"*"'
"""Appended to the format of a 12-month figure built from fewer periods than the window."""


def level_format(unit: str, scale: float, partial: bool = False) -> str:
    """Number format for a value on the indicator's own scale (avg, max)."""
    fmt = "0.0" if unit == "percent" and scale == 100.0 else _LEVEL_FORMATS[unit]
    return fmt + PARTIAL_MARK if partial else fmt


def _labels(keys: Any, labels: Mapping[Any, str]) -> list[WriteValue]:
    """Display labels for an array of vocabulary keys; n/a where there is none."""
    return [NOT_AVAILABLE if is_missing(k) else labels[k] for k in keys]


def _tones(keys: Any, tones: Mapping[Any, Tone]) -> list[Tone | None]:
    return [None if is_missing(k) else tones[k] for k in keys]


def _numbers(values: npt.NDArray[np.float64]) -> list[WriteValue]:
    """Python floats, and n/a where the figure is missing."""
    missing = np.isnan(values).tolist()
    return [NOT_AVAILABLE if gone else v for v, gone in zip(values.tolist(), missing, strict=True)]


def _change_values(change: npt.NDArray[np.float64], percent: npt.NDArray[np.bool_]) -> (
    npt.NDArray[np.float64]
):
    # Percentages are written in points (1.2), the rest as fractions shown with %.
    out = change.copy()
    with np.errstate(over="ignore", invalid="ignore"):
        out[percent] = np.round(change[percent] * 100, 10)
    return out


@dataclass(frozen=True)
class _Column:
    """One output column's cells for every indicator, in results order."""

    col: int | None
    values: list[WriteValue]
    formats: list[str | None]
    tones: list[Tone | None]


def _columns_for(role: OutputRole, frame: Results, arrow_col: int | None,
                 value_col: int | None) -> list[_Column]:
    """The cells of one output role, column by column (arrays, not a loop per cell).

    A cell showing n/a gets the number format its figure would have had, so that a
    column's format is the same all the way down (one call per column in live Excel).
    """
    n = len(frame)
    units = frame["unit"]
    percent = units == "percent"
    none: list[str | None] = [None] * n
    if role in ("change_previous", "change_year"):
        key = "previous" if role == "change_previous" else "year"
        change = frame[f"change_{key}"].astype(np.float64, copy=False)
        formats = [POINTS_FORMAT if p else RELATIVE_FORMAT for p in percent]
        return [
            _Column(arrow_col, _labels(frame[f"direction_{key}"], ARROWS), none,
                    _tones(frame[f"verdict_{key}"], VERDICT_TONE)),
            _Column(value_col, _numbers(_change_values(change, percent)), list(formats),
                    [None] * n),
        ]
    if role == "dot":
        return [_Column(arrow_col, _labels(frame["dot_direction"], ARROWS), none,
                        _tones(frame["dot_verdict"], VERDICT_TONE))]
    if role in ("average", "maximum"):
        figure = frame[role].astype(np.float64, copy=False)
        scale = frame["scale"].astype(np.float64, copy=False)
        partial = (frame["periods_used"] < frame["window"]) & (
            np.isfinite(figure))
        formats = [level_format(u, s, p) for u, s, p in zip(units, scale, partial, strict=True)]
        return [_Column(value_col, _numbers(figure * scale), list(formats), [None] * n)]
    if role == "target_variance":
        variance = frame["variance"].astype(np.float64, copy=False)
        formats = [POINTS_FORMAT if u == "percent" else _SIGNED_LEVEL_FORMATS[u] for u in units]
        return [_Column(value_col, _numbers(_change_values(variance, percent)), list(formats),
                        [None] * n)]
    if role == "target_variance_pct":
        pct = frame["variance_pct"].astype(np.float64, copy=False)
        return [_Column(value_col, _numbers(pct), [SIGNED_RELATIVE_FORMAT] * n, [None] * n)]
    if role == "rag":
        return [_Column(value_col, _labels(frame["rag"], RAG_LABEL), none,
                        _tones(frame["rag"], RAG_TONE))]
    # vs_england, vs_region, vs_neighbours
    return [_Column(value_col, _labels(frame[role], COMPARISON_LABEL), none,
                    _tones(frame[role], COMPARISON_TONE))]


def build_plan(
    grid: Grid, layout: TableLayout, results: Results
) -> tuple[WritePlan, list[Finding]]:
    """Every derived cell of the table; formula cells are skipped and reported."""
    rows: list[int] = results["row"].tolist()
    columns = [
        column
        for role, cols in layout.outputs.items()
        # A comparison column with no benchmark column to compare to stays as it is.
        if not (role.startswith("vs_") and role not in results.columns)
        for column in _columns_for(role, results, cols.arrow_col, cols.value_col)
        if column.col is not None
    ]
    columns.sort(key=lambda c: c.col or 0)
    writes: list[CellWrite] = []
    protected: list[tuple[int, int]] = []
    formulas = grid.formulas
    for i, row in enumerate(rows):  # row-major, the order the writers apply
        for column in columns:
            col = column.col or 0
            if formulas and (row, col) in formulas:
                protected.append((row, col))
            else:
                writes.append(CellWrite(row, col, column.values[i], column.formats[i],
                                        column.tones[i]))
    protected.sort()
    findings = [
        Finding("warning", grid.sheet, row, col, "holds a formula, so it was left as it is",
                "Clear the cell if xl_addin should fill it", code="formula_kept")
        for row, col in protected
    ]
    return WritePlan(grid.sheet, tuple(writes), tuple(protected)), findings
