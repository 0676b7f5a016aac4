"""Reading the dashboard's indicators and their monthly values out of a grid.

Months sit on one contiguous monthly axis (gaps become empty columns), so that
'previous period' is one column back, 'same period last year' twelve, and a
quarter three. Percentages are held as fractions (6.8% is 0.068) whatever the
sheet's scale, so a point change is the same number for every percentage row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .findings import Finding
from .grid import CellValue, Grid, is_blank
from .layout import TableLayout
from .periods import Month
from .settings import IndicatorSettings, SettingsOverride, resolve
from .values import parse_value


@dataclass(frozen=True)
class Indicator:
    row: int
    ref: str
    name: str
    settings: IndicatorSettings
    scale: float = 1.0
    """100 when a percentage row is typed on a 0-100 scale, else 1."""


@dataclass(frozen=True)
class TableData:
    indicators: tuple[Indicator, ...]
    axis: tuple[Month, ...]
    values: npt.NDArray[np.float64]
    """Indicators x axis months; NaN where missing. Percentages as fractions."""
    findings: tuple[Finding, ...]

    def position(self, month: Month) -> int | None:
        first = self.axis[0].index if self.axis else 0
        pos = month.index - first
        return pos if 0 <= pos < len(self.axis) else None


def _text(raw: CellValue) -> str:
    return "" if is_blank(raw) else str(raw).strip()


def _number_or_nan(raw: CellValue) -> float:
    # Fast path first: nearly every cell of a real dashboard is already a float.
    if type(raw) is float:
        return raw
    number = parse_value(raw).number
    return np.nan if number is None else number


def read_table(
    grid: Grid, layout: TableLayout, overrides: dict[str, SettingsOverride]
) -> TableData:
    """Indicators with their settings, the month axis, and the value matrix."""
    findings: list[Finding] = []
    months = sorted(layout.months, key=lambda m: (m.month, m.col))
    first, last = months[0].month, months[-1].month
    axis = tuple(Month.from_index(i) for i in range(first.index, last.index + 1))
    seen: dict[Month, int] = {}
    for mc in months:
        seen.setdefault(mc.month, mc.col)  # a repeated month header: the first one counts
    positions = [(col, month.index - first.index) for month, col in seen.items()]

    matrix = np.full((len(layout.data_rows), len(axis)), np.nan)
    indicators: list[Indicator] = []
    for i, row in enumerate(layout.data_rows):
        for col, pos in positions:
            raw = grid.value(row, col)
            number = _number_or_nan(raw)
            matrix[i, pos] = number
            if np.isnan(number) and not is_blank(raw) and parse_value(raw).status == "invalid":
                findings.append(Finding(
                    "warning", grid.sheet, row, col,
                    f"{raw!r} is not a number; it is treated as missing",
                    "Type the figure, or 'tbc' when it is not available yet",
                    code="not_a_number"))
        indicators.append(_indicator(grid, layout, row, overrides))

    for i, ind in enumerate(indicators):
        if ind.settings.unit == "percent":
            row_values = matrix[i][np.isfinite(matrix[i])]
            if row_values.size and np.abs(row_values).max() > 1.0:
                matrix[i] /= 100.0
                indicators[i] = Indicator(ind.row, ind.ref, ind.name, ind.settings, 100.0)
    return TableData(tuple(indicators), axis, matrix, tuple(findings))


def _indicator(
    grid: Grid, layout: TableLayout, row: int, overrides: dict[str, SettingsOverride]
) -> Indicator:
    ref = _text(grid.value(row, layout.ref_col))
    name = _text(grid.value(row, layout.indicator_col)) if layout.indicator_col is not None else ""
    def cell(col: int | None) -> CellValue:
        return grid.value(row, col) if col is not None else None
    settings = resolve(
        name,
        overrides.get(ref),
        percent_flag=cell(layout.percent_flag_col),
        table_unit=cell(layout.unit_col),
        table_polarity=cell(layout.polarity_col),
    )
    return Indicator(row, ref or f"row {row + 1}", name, settings)


def read_reference_values(
    grid: Grid,
    layout: TableLayout,
    data: TableData,
    col: int | None,
    label: str,
) -> tuple[npt.NDArray[np.float64], list[Finding]]:
    """A benchmark or target column as numbers, on the same scale as the values."""
    out = np.full(len(data.indicators), np.nan)
    findings: list[Finding] = []
    if col is None:
        return out, findings
    for i, ind in enumerate(data.indicators):
        raw = grid.value(ind.row, col)
        parsed = parse_value(raw)
        if parsed.status == "invalid":
            findings.append(Finding("warning", grid.sheet, ind.row, col,
                                    f"{label} {raw!r} is not a number; it is treated as missing",
                                    code="not_a_number"))
        if parsed.number is None:
            continue
        number = parsed.number
        if ind.settings.unit == "percent" and (ind.scale == 100.0 or abs(number) > 1.0):
            number /= 100.0
        out[i] = number
    return out, findings


def reporting_month(data: TableData) -> Month | None:
    """The latest month with at least one number in the table."""
    has_value = np.isfinite(data.values).any(axis=0) if data.values.size else np.array([])
    filled = np.flatnonzero(has_value)
    return data.axis[int(filled[-1])] if filled.size else None
