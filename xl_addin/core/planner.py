"""From computed figures to a plan of cell writes: what goes in which derived cell.

Only cells of recognised output columns in data rows are ever written. An output
cell that holds a formula is left alone and reported, never overwritten.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any, Final, cast

import pandas as pd

from .findings import Finding
from .grid import Grid
from .headers import OutputRole
from .layout import TableLayout
from .plan import CellWrite, WritePlan
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

RELATIVE_FORMAT: Final = "0%"
SIGNED_RELATIVE_FORMAT: Final = "+0%;-0%;0%"
POINTS_FORMAT: Final = '+0.0" pp";-0.0" pp";0.0" pp"'
_LEVEL_FORMATS: Final = {"count": "#,##0", "rate": "#,##0.0", "percent": "0.0%"}
_SIGNED_LEVEL_FORMATS: Final = {"count": "+#,##0;-#,##0;0", "rate": "+#,##0.0;-#,##0.0;0.0"}
PARTIAL_MARK: Final = '"*"'
"""Appended to the format of a 12-month figure built from fewer periods than the window."""


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def level_format(unit: str, scale: float, partial: bool = False) -> str:
    """Number format for a value on the indicator's own scale (avg, max)."""
    fmt = "0.0" if unit == "percent" and scale == 100.0 else _LEVEL_FORMATS[unit]
    return fmt + PARTIAL_MARK if partial else fmt


def change_cell(change: float, unit: str) -> tuple[float | str, str | None]:
    """The value cell of a change: a fraction shown as %, or points for percentages."""
    if _missing(change):
        return NOT_AVAILABLE, None
    if unit == "percent":
        return round(change * 100, 10), POINTS_FORMAT
    return change, RELATIVE_FORMAT


def _verdict_tone(verdict: Any) -> Tone | None:
    return None if _missing(verdict) else VERDICT_TONE[verdict]


def _cells_for(role: OutputRole, rec: Any, arrow_col: int | None, value_col: int | None) -> (
    Iterator[tuple[int | None, float | str, str | None, Tone | None]]
):
    """(column, value, number format, tone) for one indicator's output role."""
    unit, scale = rec.unit, rec.scale
    if role in ("change_previous", "change_year"):
        key = "previous" if role == "change_previous" else "year"
        value, fmt = change_cell(getattr(rec, f"change_{key}"), unit)
        yield arrow_col, ARROWS[getattr(rec, f"direction_{key}")], None, _verdict_tone(
            getattr(rec, f"verdict_{key}"))
        yield value_col, value, fmt, None
    elif role == "dot":
        yield arrow_col, ARROWS[rec.dot_direction], None, _verdict_tone(rec.dot_verdict)
    elif role in ("average", "maximum"):
        number = getattr(rec, role)
        if _missing(number):
            yield value_col, NOT_AVAILABLE, None, None
        else:
            partial = rec.periods_used < rec.window
            yield value_col, float(number) * scale, level_format(unit, scale, partial), None
    elif role == "target_variance":
        if _missing(rec.variance):
            yield value_col, NOT_AVAILABLE, None, None
        elif unit == "percent":
            yield value_col, round(rec.variance * 100, 10), POINTS_FORMAT, None
        else:
            yield value_col, float(rec.variance), _SIGNED_LEVEL_FORMATS[unit], None
    elif role == "target_variance_pct":
        if _missing(rec.variance_pct):
            yield value_col, NOT_AVAILABLE, None, None
        else:
            yield value_col, float(rec.variance_pct), SIGNED_RELATIVE_FORMAT, None
    elif role == "rag":
        if _missing(rec.rag):
            yield value_col, NOT_AVAILABLE, None, None
        else:
            yield value_col, RAG_LABEL[rec.rag], None, RAG_TONE[rec.rag]
    else:  # vs_england, vs_region, vs_neighbours
        comparison = getattr(rec, role, None)
        if comparison is None or _missing(comparison):
            yield value_col, NOT_AVAILABLE, None, None
        else:
            yield value_col, COMPARISON_LABEL[comparison], None, COMPARISON_TONE[comparison]


def build_plan(
    grid: Grid, layout: TableLayout, results: pd.DataFrame
) -> tuple[WritePlan, list[Finding]]:
    """Every derived cell of the table; formula cells are skipped and reported."""
    writes: list[CellWrite] = []
    protected: list[tuple[int, int]] = []
    findings: list[Finding] = []
    records = cast(Iterable[Any], results.itertuples(index=False))
    for rec in records:
        for role, cols in layout.outputs.items():
            if role.startswith("vs_") and f"{role}" not in results.columns:
                continue  # a comparison column with no benchmark column to compare to
            for col, value, fmt, tone in _cells_for(role, rec, cols.arrow_col, cols.value_col):
                if col is None:
                    continue
                if grid.has_formula(rec.row, col):
                    protected.append((rec.row, col))
                    findings.append(Finding(
                        "warning", grid.sheet, rec.row, col,
                        "holds a formula, so it was left as it is",
                        "Clear the cell if xl_addin should fill it", code="formula_kept"))
                    continue
                writes.append(CellWrite(rec.row, col, value, fmt, tone))
    writes.sort(key=lambda w: (w.row, w.col))
    return WritePlan(grid.sheet, tuple(writes), tuple(protected)), findings
