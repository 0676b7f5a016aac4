"""Reading the dashboard's indicators and their values, period by period, out of a grid.

Periods sit on one contiguous axis of the table's kind (gaps become empty columns).
The kind decides the rules: in a monthly table 'previous period' is one column back,
'same period last year' twelve, and a quarterly row's period three; in a quarterly
table one and four; in a yearly table one, with no same-period comparison and no
12-month figures; in a weekly table one and 52 (the same weekday a year back), and
the 12-month figures cover 52 weeks. Percentages are held as fractions (6.8% is 0.068) whatever the
sheet's scale, so a point change is the same number for every percentage row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from typing import Final

import numpy as np
import numpy.typing as npt

from .findings import Finding
from .grid import CellValue, Grid, is_blank
from .layout import TableLayout
from .periods import PERIODS_PER_YEAR, Month, Period, PeriodKind, period_containing
from .results import object_array
from .settings import IndicatorSettings, SettingsOverride, SettingsResolver
from .units import (
    date_finding,
    drop_other_units,
    figures_percent,
    formatted_cells,
    target_polarities,
)
from .values import parse_target, parse_value


@dataclass(frozen=True)
class TableData:
    """The table as read, column by column: one entry per indicator in each field."""

    rows: tuple[int, ...]
    refs: tuple[str, ...]
    """The Ref as typed (stripped), or 'row N' where it is blank."""
    names: tuple[str, ...]
    settings: tuple[IndicatorSettings, ...]
    """Resolved once per distinct combination, so rows share the same objects."""
    scales: npt.NDArray[np.float64]
    """100 where a percentage row is typed on a 0-100 scale, else 1."""
    axis: tuple[Period, ...]
    values: npt.NDArray[np.float64]
    """Indicators x axis periods; NaN where missing. Percentages as fractions."""
    findings: tuple[Finding, ...]

    @property
    def kind(self) -> PeriodKind:
        return self.axis[0].kind if self.axis else "month"

    def position(self, period: Period) -> int | None:
        if not self.axis or period.kind != self.kind:
            return None
        pos = period.index - self.axis[0].index
        return pos if 0 <= pos < len(self.axis) else None

    def period_of(self, month: Month) -> Period:
        """The table's period holding a month (`--month` in a quarterly table)."""
        return period_containing(self.kind, month, self.axis[0] if self.axis else None)

    @property
    def year_lag(self) -> int | None:
        """Periods back to the same period last year; None for a yearly table."""
        return None if self.kind == "year" else PERIODS_PER_YEAR[self.kind]

    @cached_property
    def windows(self) -> npt.NDArray[np.int64]:
        """Periods in each row's 12-month window: 12 (4 for quarterly rows) in a monthly
        table, 4 in a quarterly one, 52 in a weekly one, none in a yearly one."""
        if self.kind == "month":
            return np.array([s.periods_per_year for s in self.settings], dtype=np.int64)
        size = 0 if self.kind == "year" else PERIODS_PER_YEAR[self.kind]
        return np.full(len(self.rows), size, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.rows)

    @cached_property
    def units(self) -> npt.NDArray[np.object_]:
        return object_array([s.unit for s in self.settings])

    @cached_property
    def over_100(self) -> npt.NDArray[np.bool_]:
        """Percentages that may exceed 100% (ratios to a baseline or plan)."""
        return np.array([s.over_100 for s in self.settings], dtype=bool)

    @cached_property
    def steps(self) -> npt.NDArray[np.int64]:
        """Axis columns between two of a row's periods: 1, or 3 for quarterly rows of a
        monthly table (a table of quarter columns is quarterly without settings)."""
        if self.kind != "month":
            return np.ones(len(self.rows), dtype=np.int64)
        return np.array([s.step for s in self.settings], dtype=np.int64)


def _text(raw: CellValue) -> str:
    return "" if is_blank(raw) else str(raw).strip()


def _month_cells(grid: Grid, rows: tuple[int, ...], cols: list[int]) -> list[CellValue]:
    """The raw month cells of the data rows, row by row, flattened (rows x month columns)."""
    top, left = grid.origin
    width = len(cols)
    first = cols[0] - left if cols else 0
    contiguous = bool(cols) and first >= 0 and cols == list(range(cols[0], cols[-1] + 1))
    lines = grid.rows
    height = len(lines)
    out: list[CellValue] = []
    for row in rows:
        r = row - top
        line = lines[r] if 0 <= r < height else ()
        if contiguous and first + width <= len(line):
            out += line[first : first + width]  # the usual case: one slice
        else:
            size = len(line)
            out += [line[c - left] if 0 <= c - left < size else None for c in cols]
    return out


_NAN: Final = float("nan")


def _plain_number(raw: int) -> float:
    """An int as a float (NaN when too big for one)."""
    try:
        return float(raw)
    except OverflowError:
        return _NAN


@dataclass(frozen=True)
class _Cell:
    """What the careful parser made of one (hashable) cell content, kept per distinct one."""

    number: float
    typed_percent: bool
    invalid: bool


def _parsed(raw: CellValue) -> _Cell:
    parsed = parse_value(raw)
    return _Cell(_NAN if parsed.number is None else parsed.number,
                 isinstance(raw, str) and raw.strip().endswith("%"),
                 parsed.status == "invalid")


def to_numbers(
    cells: list[CellValue],
) -> tuple[npt.NDArray[np.float64], list[int], list[_Cell]]:
    """Numbers for a flat list of cells, and the cells the careful parser read.

    Semantics, cell by cell (tests/core/test_table_numbers.py checks them):
    - a float is itself; NaN and infinities are missing (NaN);
    - an int (exactly int, not bool) is its float value; blank (None) is NaN;
    - anything else (text, booleans, dates, other number types) is read by
      `values.parse_value`: its number, or NaN. Those cells are returned, by index,
      with what the parser made of them (whether it was '6.8%'-style text, and
      whether it was invalid), for the caller's warnings.

    Typed figures are floats: they are converted in one pass; only the few other
    cells (blanks, 'tbc', text) are looked at one by one, and each distinct text once.
    """
    numbers = np.fromiter([x if type(x) is float else _NAN for x in cells],
                          dtype=np.float64, count=len(cells))
    suspects: list[int] = []
    parsed: list[_Cell] = []
    memo: dict[tuple[type, CellValue], _Cell] = {}
    for k in np.flatnonzero(~np.isfinite(numbers)).tolist():
        raw = cells[k]
        kind = type(raw)
        if kind is float or raw is None:
            numbers[k] = _NAN
        elif isinstance(raw, int) and kind is not bool:
            numbers[k] = _plain_number(raw)
        else:
            key = (kind, raw)
            try:
                cell = memo.get(key)
            except TypeError:  # unhashable: never from a reader, but parse it anyway
                cell = _parsed(raw)
            if cell is None:
                cell = memo[key] = _parsed(raw)
            numbers[k] = cell.number
            suspects.append(k)
            parsed.append(cell)
    numbers[~np.isfinite(numbers)] = _NAN
    return numbers, suspects, parsed


def _lines(grid: Grid, rows: tuple[int, ...]) -> Sequence[Sequence[CellValue]]:
    """The grid's lines for the given rows (an empty line for a row outside the grid)."""
    top = grid.origin[0]
    lines = grid.rows
    if not rows or min(rows) < top or max(rows) - top >= len(lines):
        return [lines[r - top] if 0 <= r - top < len(lines) else () for r in rows]
    if len(rows) == 1:
        return [lines[rows[0] - top]]
    picked: tuple[Sequence[CellValue], ...] = itemgetter(
        *(rows if top == 0 else [r - top for r in rows]))(lines)
    return picked


def column_cells(grid: Grid, rows: tuple[int, ...], col: int | None) -> list[CellValue]:
    """One column's cells in the given rows (None outside the grid, or with no column)."""
    left = grid.origin[1]
    if col is None or col < left:
        return [None] * len(rows)
    c = col - left
    return [line[c] if c < len(line) else None for line in _lines(grid, rows)]


def read_table(
    grid: Grid, layout: TableLayout, overrides: dict[str, SettingsOverride]
) -> TableData:
    """Indicators with their settings, the period axis, and the value matrix."""
    findings: list[Finding] = []
    months = sorted(layout.months, key=lambda m: (m.month.index, m.col))
    first, last = months[0].month, months[-1].month
    axis = tuple(first.shift(i) for i in range(last.index - first.index + 1))
    seen: dict[Period, int] = {}
    for mc in months:
        seen.setdefault(mc.month, mc.col)  # a repeated month header: the first one counts
    positions = [(col, month.index - first.index) for month, col in seen.items()]
    rows = layout.data_rows
    cols = [col for col, _ in positions]

    flat, suspects, parsed = to_numbers(_month_cells(grid, rows, cols))
    width = len(cols)
    numbers = flat.reshape(len(rows), width)
    typed_percent = formatted_cells(grid, rows, cols, grid.percent_cells)
    cells: list[CellValue] | None = None
    texts: dict[tuple[int, int], CellValue] = {}
    for k, cell in zip(suspects, parsed, strict=True):
        i, j = divmod(k, width)
        if cell.typed_percent:
            typed_percent[i, j] = True
            if cells is None:
                cells = _month_cells(grid, rows, cols)
            texts[i, j] = cells[k]
        if cell.invalid:
            if cells is None:
                cells = _month_cells(grid, rows, cols)
            findings.append(_invalid_figure(grid, rows[i], positions[j][0], cells[k]))
    findings += _drop_dates(grid, rows, cols, numbers)

    refs, names, settings = _indicators(grid, layout, overrides,
                                        figures_percent(numbers, typed_percent))
    findings += drop_other_units(grid, rows=rows, cols=cols, numbers=numbers,
                                 percent=typed_percent, settings=settings, shown=texts)
    scales = np.ones(len(rows))
    for i in [i for i, s in enumerate(settings) if s.unit == "percent"]:
        if _on_hundred_scale(numbers[i], typed_percent[i], settings[i].over_100):
            # '6.8%' typed as text is already a fraction; only plain numbers rescale.
            numbers[i] = np.where(typed_percent[i], numbers[i], numbers[i] / 100.0)
            scales[i] = 100.0
    matrix = np.full((len(rows), len(axis)), np.nan)
    matrix[:, [pos for _, pos in positions]] = numbers
    return TableData(rows, refs, names, settings, scales, axis, matrix, tuple(findings))


def _invalid_figure(grid: Grid, row: int, col: int, raw: CellValue) -> Finding:
    if isinstance(raw, dt.date | dt.time):  # live Excel gives a date-formatted cell as one
        return date_finding(grid, row, col, raw)
    return Finding("warning", grid.sheet, row, col,
                   f"{raw!r} is not a number; it is treated as missing",
                   "Type the figure, or 'tbc' when it is not available yet",
                   code="not_a_number")


def _drop_dates(grid: Grid, rows: tuple[int, ...], cols: list[int],
                numbers: npt.NDArray[np.float64]) -> list[Finding]:
    """Figures in cells formatted as dates (a file gives them as serials) become missing."""
    dated = formatted_cells(grid, rows, cols, grid.date_cells) & np.isfinite(numbers)
    findings = []
    for i, j in zip(*(axis.tolist() for axis in np.nonzero(dated)), strict=True):
        findings.append(date_finding(grid, rows[i], cols[j], grid.value(rows[i], cols[j])))
        numbers[i, j] = np.nan
    return findings


def _on_hundred_scale(values: npt.NDArray[np.float64], typed_percent: npt.NDArray[np.bool_],
                      over_100: bool = False) -> bool:
    """Is a percentage row typed as 6.8 rather than 0.068 (a 6.8% cell)?

    Decided by the median of its plain numbers, so one slipped figure (6.9 in a row of
    fractions) is caught by the over-100% check instead of rescaling the whole row. A
    ratio to a baseline or plan runs around 1 (103% is 1.03) as a fraction, so for it
    only a median above 3 (300%) means the 0-100 scale.
    """
    plain = values[np.isfinite(values) & ~typed_percent]
    limit = 3.0 if over_100 else 1.0
    return bool(plain.size) and float(np.median(np.abs(plain))) > limit


def _target_columns(grid: Grid, layout: TableLayout) -> list[list[CellValue]]:
    """The target columns' cells in the data rows, newest financial year first."""
    years = sorted(layout.targets, key=lambda y: -1 if y is None else y, reverse=True)
    return [column_cells(grid, layout.data_rows, layout.targets[y]) for y in years]


def _indicators(
    grid: Grid, layout: TableLayout, overrides: dict[str, SettingsOverride],
    percent_rows: npt.NDArray[np.bool_] | None = None,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[IndicatorSettings, ...]]:
    """Each data row's Ref ('row N' when blank), name and settings (`percent_rows`: rows
    whose figures are mostly typed or formatted as percentages)."""
    rows = layout.data_rows
    shown_percent = ([False] * len(rows) if percent_rows is None
                     else [bool(x) for x in percent_rows.tolist()])
    operators = target_polarities(_target_columns(grid, layout), len(rows))
    raw_refs = column_cells(grid, rows, layout.ref_col)
    raw_names = column_cells(grid, rows, layout.indicator_col)
    flags = column_cells(grid, rows, layout.percent_flag_col)
    units = column_cells(grid, rows, layout.unit_col)
    polarities = column_cells(grid, rows, layout.polarity_col)
    resolver = SettingsResolver()
    refs: list[str] = []
    names: list[str] = []
    settings: list[IndicatorSettings] = []
    # Without a Ref column a row is keyed by its name: the Settings row of the same name
    # (case does not matter), and the name stands for the Ref in the output.
    by_name = ({k.casefold(): v for k, v in overrides.items()}
               if layout.ref_col is None else None)
    for row, raw_ref, raw_name, flag, unit, polarity, shown, operator in zip(
            rows, raw_refs, raw_names, flags, units, polarities, shown_percent, operators,
            strict=True):
        ref = raw_ref.strip() if type(raw_ref) is str else _text(raw_ref)
        name = raw_name.strip() if type(raw_name) is str else _text(raw_name)
        override = overrides.get(ref) if by_name is None else by_name.get(name.casefold())
        settings.append(resolver(name, override, percent_flag=flag, table_unit=unit,
                                 table_polarity=polarity, figures_percent=shown,
                                 target_polarity=operator))
        refs.append(ref or (name if by_name is not None and name else f"row {row + 1}"))
        names.append(name)
    return tuple(refs), tuple(names), tuple(settings)


def read_reference_values(
    grid: Grid,
    layout: TableLayout,
    data: TableData,
    col: int | None,
    label: str,
    *,
    target: bool = False,
) -> tuple[npt.NDArray[np.float64], list[Finding]]:
    """A benchmark or target column as numbers, on the same scale as the values.

    A target may carry an operator ('>= 95%' is 0.95); a benchmark may not."""
    out = np.full(len(data.rows), np.nan)
    typed_percent = np.zeros(len(data.rows), dtype=bool)
    findings: list[Finding] = []
    if col is None:
        return out, findings
    cells = column_cells(grid, data.rows, col)
    for i, raw in enumerate(cells):
        if isinstance(raw, float | int) and not isinstance(raw, bool):  # without the parser
            out[i] = float(raw)
            continue
        read = parse_target(raw)
        parsed = read.value if target else parse_value(raw)
        if parsed.status == "invalid":
            findings.append(Finding("warning", grid.sheet, data.rows[i], col,
                                    f"{label} {raw!r} is not a number; it is treated as missing",
                                    code="not_a_number"))
        if parsed.number is not None:
            out[i] = parsed.number
            # '95%' typed as text is already a fraction, whatever the row's scale.
            typed_percent[i] = read.typed_percent or (
                isinstance(raw, str) and raw.strip().endswith("%"))
    typed_percent |= formatted_cells(grid, data.rows, [col], grid.percent_cells)[:, 0]
    percent = data.units == "percent"
    if percent.any():
        # A ratio to a baseline runs above 1 as a fraction (103% is 1.03): for it only
        # a figure above 3 (300%) is on the 0-100 scale.
        limit = np.where(data.over_100, 3.0, 1.0)
        with np.errstate(invalid="ignore"):
            rescale = percent & ~typed_percent & ((data.scales == 100.0) | (np.abs(out) > limit))
        out[rescale] /= 100.0
    return out, findings


def reporting_month(data: TableData) -> Period | None:
    """The latest period with at least one number in the table."""
    has_value = np.isfinite(data.values).any(axis=0) if data.values.size else np.array([])
    filled = np.flatnonzero(has_value)
    return data.axis[int(filled[-1])] if filled.size else None
