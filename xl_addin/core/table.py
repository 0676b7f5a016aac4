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
from .values import ParsedValue, parse_value


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


def _month_block(grid: Grid, rows: tuple[int, ...], cols: list[int]) -> npt.NDArray[np.object_]:
    """The raw month cells of the data rows, as an object array (rows x month columns)."""
    block = np.empty((len(rows), len(cols)), dtype=object)
    top, left = grid.origin
    first = cols[0] - left if cols else 0
    contiguous = bool(cols) and first >= 0 and cols == list(range(cols[0], cols[-1] + 1))
    for i, row in enumerate(rows):
        line = grid.rows[row - top] if 0 <= row - top < len(grid.rows) else ()
        width = len(line)
        if contiguous and first + len(cols) <= width:
            block[i, :] = line[first : first + len(cols)]  # the usual case: one slice
        else:
            block[i, :] = [line[c - left] if 0 <= c - left < width else None for c in cols]
    return block


class _Kinds(dict[type, int]):
    """Exact type -> kind of cell; any type not listed (str, bool, dates) is 'other'."""

    def __missing__(self, key: type) -> int:
        return _OTHER


_OTHER, _FLOAT, _PLAIN = 0, 1, 2
_KINDS = _Kinds({float: _FLOAT, int: _PLAIN, type(None): _PLAIN})


def _to_numbers(
    block: npt.NDArray[np.object_],
) -> tuple[npt.NDArray[np.float64], list[tuple[int, int]]]:
    """Numbers for the whole block in one vectorised pass, plus the cells that need the
    careful parser (text, booleans, dates): typically a few percent of a dashboard."""
    if block.size == 0:
        return np.full(block.shape, np.nan), []
    flat = block.ravel()
    # Typed figures are floats (ints from some engines): convert those in bulk; only
    # the rest (blanks, text, booleans, dates) goes through pandas and, if not blank,
    # through the careful parser.
    kinds = np.fromiter(map(_KINDS.__getitem__, map(type, flat)), dtype=np.int8,
                        count=flat.size)
    floats = kinds == _FLOAT
    numbers = np.full(flat.size, np.nan)
    numbers[floats] = flat[floats].astype(np.float64)
    others = np.flatnonzero(~floats)
    if others.size:
        numbers[others] = [_plain_number(v) for v in flat[others].tolist()]
    plain = kinds != _OTHER
    suspects = np.flatnonzero(~plain)
    numbers[~np.isfinite(numbers)] = np.nan
    cols = block.shape[1]
    return numbers.reshape(block.shape), [(int(k) // cols, int(k) % cols) for k in suspects]


def _plain_number(raw: object) -> float:
    """An int as a float, NaN for anything else (those go through the careful parser)."""
    if type(raw) is int:
        try:
            return float(raw)
        except OverflowError:
            return np.nan
    return np.nan


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

    block = _month_block(grid, layout.data_rows, [col for col, _ in positions])
    numbers, suspects = _to_numbers(block)
    typed_percent = np.zeros(numbers.shape, dtype=bool)
    for i, j in suspects:
        raw = block[i, j]
        parsed = parse_value(raw)
        numbers[i, j] = np.nan if parsed.number is None else parsed.number
        typed_percent[i, j] = isinstance(raw, str) and raw.strip().endswith("%")
        if parsed.status == "invalid":
            row, col = layout.data_rows[i], positions[j][0]
            findings.append(Finding(
                "warning", grid.sheet, row, col,
                f"{raw!r} is not a number; it is treated as missing",
                "Type the figure, or 'tbc' when it is not available yet",
                code="not_a_number"))
    indicators = [_indicator(grid, layout, row, overrides) for row in layout.data_rows]
    for i, ind in enumerate(indicators):
        if ind.settings.unit == "percent" and _on_hundred_scale(numbers[i], typed_percent[i]):
            # '6.8%' typed as text is already a fraction; only plain numbers rescale.
            numbers[i] = np.where(typed_percent[i], numbers[i], numbers[i] / 100.0)
            indicators[i] = Indicator(ind.row, ind.ref, ind.name, ind.settings, 100.0)
    matrix = np.full((len(layout.data_rows), len(axis)), np.nan)
    matrix[:, [pos for _, pos in positions]] = numbers
    return TableData(tuple(indicators), axis, matrix, tuple(findings))


def _on_hundred_scale(values: npt.NDArray[np.float64], typed_percent: npt.NDArray[np.bool_]) -> (
    bool
):
    """Is a percentage row typed as 6.8 rather than 0.068 (a 6.8% cell)?

    Decided by the median of its plain numbers, so one slipped figure (6.9 in a row of
    fractions) is caught by the over-100% check instead of rescaling the whole row.
    """
    plain = values[np.isfinite(values) & ~typed_percent]
    return bool(plain.size) and float(np.median(np.abs(plain))) > 1.0


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
        if type(raw) is float or type(raw) is int:  # the usual case, without the parser
            parsed = ParsedValue(float(raw), "number")
        else:
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
