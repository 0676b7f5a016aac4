"""From computed figures to a plan of cell writes: what goes in which derived cell.

Only cells of recognised output columns in data rows are ever written. An output
cell that holds a formula is left alone and reported, never overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from itertools import chain, repeat
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
    ASSURANCE_LABEL,
    ASSURANCE_TONE,
    COMPARISON_LABEL,
    COMPARISON_TONE,
    NOT_AVAILABLE,
    RAG_LABEL,
    RAG_TONE,
    VARIATION_LABEL,
    VARIATION_TONE,
    VERDICT_TONE,
    Tone,
)
from .wording import CHANGE_FORMAT, LEVEL_FORMATS, POINTS_FORMAT, SIGNED_LEVEL_FORMATS, is_missing

# The formats live in wording.py, which renders figures for the terminal the same way.
RELATIVE_FORMAT: Final = CHANGE_FORMAT
"""Changes are signed ('+5%'), like the variances (the seed showed '5%' for a rise)."""
SIGNED_RELATIVE_FORMAT: Final = CHANGE_FORMAT
_LEVEL_FORMATS: Final = LEVEL_FORMATS
_SIGNED_LEVEL_FORMATS: Final = SIGNED_LEVEL_FORMATS
PARTIAL_MARK: Final = '"*"'
"""Appended to the format of a 12-month figure built from fewer periods than the window."""


def level_format(unit: str, scale: float, partial: bool = False) -> str:
    """Number format for a value on the indicator's own scale (avg, max)."""
    fmt = "0.0" if unit == "percent" and scale == 100.0 else _LEVEL_FORMATS[unit]
    return fmt + PARTIAL_MARK if partial else fmt


def _lookup(keys: Any, table: Mapping[Any, Any], missing: Any) -> list[Any]:
    """table[key] for each key, `missing` for None or NaN (a KeyError for an unknown key)."""
    found = {None: missing, **table}
    values: list[Any] = keys.tolist() if isinstance(keys, np.ndarray) else list(keys)
    try:
        return [found[k] for k in values]
    except KeyError:  # NaN: not found by value
        return [missing if is_missing(k) else table[k] for k in values]


def _labels(keys: Any, labels: Mapping[Any, str]) -> list[WriteValue]:
    """Display labels for an array of vocabulary keys; n/a where there is none."""
    return _lookup(keys, labels, NOT_AVAILABLE)


def _tones(keys: Any, tones: Mapping[Any, Tone]) -> list[Tone | None]:
    return _lookup(keys, tones, None)


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
        formats = [POINTS_FORMAT if p else RELATIVE_FORMAT for p in percent.tolist()]
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
        short = (frame["periods_used"] < frame["window"]) & np.isfinite(figure)
        known: dict[tuple[str, float, bool], str] = {}
        formats = [known.get(key) or known.setdefault(key, level_format(*key))
                   for key in zip(units.tolist(), scale.tolist(), short.tolist(), strict=True)]
        return [_Column(value_col, _numbers(figure * scale), list(formats), [None] * n)]
    if role == "target_variance":
        variance = frame["variance"].astype(np.float64, copy=False)
        formats = [POINTS_FORMAT if u == "percent" else _SIGNED_LEVEL_FORMATS[u]
                   for u in units.tolist()]
        return [_Column(value_col, _numbers(_change_values(variance, percent)), list(formats),
                        [None] * n)]
    if role == "target_variance_pct":
        pct = frame["variance_pct"].astype(np.float64, copy=False)
        return [_Column(value_col, _numbers(pct), [SIGNED_RELATIVE_FORMAT] * n, [None] * n)]
    if role == "rag":
        return [_Column(value_col, _labels(frame["rag"], RAG_LABEL), none,
                        _tones(frame["rag"], RAG_TONE))]
    if role in ("variation", "assurance"):
        return [_spc_column(role, frame, value_col)]
    # vs_england, vs_region, vs_neighbours
    return [_Column(value_col, _labels(frame[role], COMPARISON_LABEL), none,
                    _tones(frame[role], COMPARISON_TONE))]


def _spc_column(role: OutputRole, frame: Results, col: int | None) -> _Column:
    """Short text in the Making Data Count colours; no assurance without a target reads n/a."""
    labels: Mapping[Any, str] = VARIATION_LABEL if role == "variation" else ASSURANCE_LABEL
    tones: Mapping[Any, Tone | None] = (
        {**VARIATION_TONE, "insufficient": None} if role == "variation" else ASSURANCE_TONE)
    n = len(frame)
    return _Column(col, _labels(frame[role], labels), [None] * n,
                   _lookup(frame[role], tones, None))


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
        and role != "sparkline"  # drawn, not written: see sparklines.py
        for column in _columns_for(role, results, cols.arrow_col, cols.value_col)
        if column.col is not None
    ]
    columns.sort(key=lambda c: c.col or 0)
    # Row-major, the order the writers apply: each row's cells left to right. Built
    # with zip and tuple.__new__ (no Python call per cell: a big table plans 100,000).
    per_column = [
        zip(rows, repeat(column.col or 0), column.values, column.formats, column.tones,
            strict=False)  # repeat() is endless; the other four are one per row
        for column in columns
    ]
    make = partial(tuple.__new__, CellWrite)
    planned: list[CellWrite] = list(map(make, chain.from_iterable(zip(*per_column,
                                                                      strict=True))))
    protected: list[tuple[int, int]] = []
    formulas = grid.formulas
    if formulas:
        writes = [w for w in planned if (w[0], w[1]) not in formulas]
        protected = sorted((w[0], w[1]) for w in planned if (w[0], w[1]) in formulas)
    else:
        writes = planned
    findings = [
        Finding("warning", grid.sheet, row, col, "holds a formula, so it was left as it is",
                "Clear the cell if xl_addin should fill it", code="formula_kept")
        for row, col in protected
    ]
    return WritePlan(grid.sheet, tuple(writes), tuple(protected)), findings
