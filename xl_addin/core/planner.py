"""From computed figures to a plan of cell writes: what goes in which derived cell.

Only cells of recognised output columns in data rows are ever written. An output
cell that holds a formula is left alone and reported, never overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from itertools import chain, repeat
from typing import Final, TypeVar

import numpy as np
import numpy.typing as npt

from .findings import Finding
from .grid import Grid
from .headers import OutputRole
from .layout import TableLayout
from .plan import CellWrite, WritePlan, WriteValue
from .results import Column, Results
from .vocab import (
    ARROWS,
    ASSURANCES,
    COMPARISONS,
    NOT_AVAILABLE,
    RAGS,
    VARIATIONS,
    VERDICTS,
    Term,
    Tone,
    labels,
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

_K = TypeVar("_K", bound=str)
_V = TypeVar("_V")


def level_format(unit: str, scale: float, partial: bool = False) -> str:
    """Number format for a value on the indicator's own scale (avg, max)."""
    fmt = "0.0" if unit == "percent" and scale == 100.0 else _LEVEL_FORMATS[unit]
    return fmt + PARTIAL_MARK if partial else fmt


def _lookup(keys: Column, table: Mapping[_K, _V], missing: _V) -> list[_V]:
    """table[key] for each key, `missing` for None or NaN (a KeyError for an unknown key)."""
    found: dict[object, _V] = {key: value for key, value in table.items()}
    found[None] = missing
    values = keys.tolist()
    try:
        return [found[k] for k in values]
    except KeyError:  # NaN: not found by value
        return [missing if is_missing(k) else table[k] for k in values]


def _labels(keys: Column, words: Mapping[_K, str]) -> list[WriteValue]:
    """Display labels for an array of vocabulary keys; n/a where there is none."""
    return _lookup(keys, words, NOT_AVAILABLE)


def _shown(keys: Column, terms: Mapping[_K, Term[Tone | None]]) -> (
    tuple[list[WriteValue], list[Tone | None]]
):
    """Labels (n/a where there is no key) and tones of an array of vocabulary keys."""
    tones: dict[_K, Tone | None] = {key: term.tone for key, term in terms.items()}
    return _labels(keys, labels(terms)), _lookup(keys, tones, None)


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
                    _shown(frame[f"verdict_{key}"], VERDICTS)[1]),
            _Column(value_col, _numbers(_change_values(change, percent)), list(formats),
                    [None] * n),
        ]
    if role == "dot":
        return [_Column(arrow_col, _labels(frame["dot_direction"], ARROWS), none,
                        _shown(frame["dot_verdict"], VERDICTS)[1])]
    if role in ("average", "maximum"):
        figure = frame[role].astype(np.float64, copy=False)
        scale = frame["scale"].astype(np.float64, copy=False)
        used = frame["periods_used"].astype(np.int64)
        short = (used < frame["window"].astype(np.int64)) & np.isfinite(figure)
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
        values, tones_ = _shown(frame["rag"], RAGS)
        return [_Column(value_col, values, none, tones_)]
    if role in ("variation", "assurance"):
        return [_spc_column(role, frame, value_col)]
    # vs_england, vs_region, vs_neighbours
    values, tones_ = _shown(frame[role], COMPARISONS)
    return [_Column(value_col, values, none, tones_)]


def _spc_column(role: OutputRole, frame: Results, col: int | None) -> _Column:
    """Short text in the Making Data Count colours; no assurance without a target reads n/a."""
    values, tones_ = (_shown(frame[role], VARIATIONS) if role == "variation"
                      else _shown(frame[role], ASSURANCES))
    return _Column(col, values, [None] * len(frame), tones_)


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
