"""Finding the dashboard table in a sheet by its headers, wherever it sits.

The header row is the first row holding a Ref header, an Indicator header (or,
failing that, text right of the Ref) and at least two month headers. A row above
it may hold group headers (a merged 'Change from prev. period' over an arrow
cell and a value cell, 'Benchmarking' over England / region / neighbours).
Columns we do not know are left alone. Data rows run down from the header row,
skipping blank separator rows, until three blank rows in a row or the sheet ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from . import headers as h
from .grid import Grid, is_blank
from .headers import BenchmarkKind, OutputRole
from .periods import (
    KIND_ORDER,
    Annotation,
    Period,
    PeriodHeader,
    PeriodKind,
    Week,
    parse_financial_year,
    parse_period,
    weekly,
)

_MAX_HEADER_SCAN = 200
_BLANK_ROWS_END_TABLE = 3


@dataclass(frozen=True)
class MonthColumn:
    """One period column: its period (a month, quarter, financial year or week; the
    field keeps its old name) and the header's annotation ('provisional', ...)."""

    col: int
    month: Period
    note: Annotation | None = None

    @property
    def period(self) -> Period:
        return self.month


PeriodColumn = MonthColumn


@dataclass(frozen=True)
class OutputColumns:
    """Where one derived statistic goes: a value cell, and an arrow cell for pairs."""

    role: OutputRole
    value_col: int | None
    arrow_col: int | None = None

    @property
    def columns(self) -> tuple[int, ...]:
        return tuple(c for c in (self.arrow_col, self.value_col) if c is not None)


@dataclass(frozen=True)
class TableLayout:
    sheet: str
    header_row: int
    ref_col: int
    indicator_col: int | None
    months: tuple[MonthColumn, ...]
    outputs: dict[OutputRole, OutputColumns]
    data_rows: tuple[int, ...]
    benchmarks: dict[BenchmarkKind, int] = field(default_factory=dict)
    benchmark_headers: dict[BenchmarkKind, str] = field(default_factory=dict)
    targets: dict[int | None, int] = field(default_factory=dict)
    """Target columns by the start year of their financial year (None: no year given)."""
    percent_flag_col: int | None = None
    unit_col: int | None = None
    polarity_col: int | None = None
    commentary_col: int | None = None
    outturns: tuple[MonthColumn, ...] = ()
    """Period columns of another kind than the series (Hart DC's '2013/14' among its
    quarters): shown, never a step in the series."""

    @property
    def period_kind(self) -> PeriodKind:
        """The series' kind, which decides the rules (see table.py)."""
        return self.months[0].month.kind if self.months else "month"

    @property
    def output_cols(self) -> frozenset[int]:
        return frozenset(c for o in self.outputs.values() for c in o.columns)

    @property
    def latest_month(self) -> Period:
        return max(self.months, key=lambda m: m.month.index).month


def _row_texts(grid: Grid, row: int) -> dict[int, str]:
    return {
        c: h.normalise(grid.value(row, c))
        for c in range(grid.first_col, grid.last_col)
        if h.normalise(grid.value(row, c))
    }


def _readings(grid: Grid, row: int) -> list[tuple[int, PeriodHeader]]:
    """Every cell of the row that reads as a period; dates one week apart become weeks."""
    found = []
    for c in range(grid.first_col, grid.last_col):
        header = parse_period(grid.value(row, c), date1904=grid.date1904)
        if header is not None:
            found.append((c, header))
    days = [ph.day for _, ph in found if ph.day is not None]
    if weekly(days):
        found = [(c, PeriodHeader(Week(ph.day), ph.note, ph.day) if ph.day is not None else ph)
                 for c, ph in found]
    return found


def _resolved(readings: list[tuple[int, PeriodHeader]]) -> list[MonthColumn]:
    """One period per column: a header with two readings ('2010-11') takes the one of
    the kind more of the row's other headers have."""
    counts: dict[PeriodKind, int] = {}
    for _, ph in readings:
        if ph.alternative is None:
            counts[ph.period.kind] = counts.get(ph.period.kind, 0) + 1
    out = []
    for c, ph in readings:
        period = ph.period
        other = ph.alternative
        if other is not None and counts.get(other.kind, 0) > counts.get(period.kind, 0):
            period = other
        out.append(MonthColumn(c, period, ph.note))
    return out


def _series_kind(columns: list[MonthColumn]) -> PeriodKind | None:
    """The finest kind with at least two columns: the table's series (with one period
    column of each kind, a snapshot: the finest)."""
    kinds = [c.month.kind for c in columns]
    repeated = [k for k in KIND_ORDER if kinds.count(k) >= 2]
    present = [k for k in KIND_ORDER if k in kinds]
    chosen = repeated or present
    return chosen[0] if chosen else None


def _period_columns(grid: Grid, row: int) -> tuple[list[MonthColumn], list[MonthColumn]]:
    """(the series' columns, the other period columns: outturns) of a header row."""
    columns = _resolved(_readings(grid, row))
    kind = _series_kind(columns)
    series = [c for c in columns if c.month.kind == kind]
    return series, [c for c in columns if c.month.kind != kind]


def _month_columns(grid: Grid, row: int) -> list[MonthColumn]:
    """The period columns of the table's series (named for months, their first kind);
    for a row of 'Actual' / 'Target' under a row of years, the years' actual columns."""
    series = _period_columns(grid, row)[0]
    if len(series) < 2 and row > grid.first_row:
        above, _ = _period_columns(grid, row - 1)
        moved, targets = _actual_target(grid, row, tuple(above))
        if targets:
            return list(moved)
    return series


def _table_periods(grid: Grid, header_row: int) -> tuple[
    tuple[MonthColumn, ...], tuple[MonthColumn, ...], dict[int | None, int]
]:
    """(series, outturns, targets by year from an Actual / Target row) of the header row,
    whose years may sit in the row above it (Ref and Indicator beside Actual / Target)."""
    series, others = _period_columns(grid, header_row)
    sub_row = header_row + 1
    if len(series) < 2 and header_row > grid.first_row:
        series, others = _period_columns(grid, header_row - 1)
        sub_row = header_row
    months, targets = _actual_target(grid, sub_row, tuple(series))
    return months, tuple(others), targets


_ACTUAL_WORDS: Final = frozenset({"actual", "actuals", "outturn", "value", "result"})
_TARGET_WORDS: Final = frozenset({"target", "targets"})


def _actual_target(
    grid: Grid, below: int, months: tuple[MonthColumn, ...]
) -> tuple[tuple[MonthColumn, ...], dict[int | None, int]]:
    """Year columns over a second header row of 'Actual' / 'Target': the actual is the
    year's figure, the target that year's target. Returns the columns moved onto their
    'Actual' cells and the targets by financial year."""
    if not months or months[0].month.kind != "year":
        return months, {}
    starts = sorted(m.col for m in months)
    moved: list[MonthColumn] = []
    targets: dict[int | None, int] = {}
    for m in months:
        following = [c for c in starts if c > m.col]
        end = min(following[0] if following else m.col + 2, m.col + 2)
        words = {c: h.normalise(grid.value(below, c)) for c in range(m.col, end)}
        actual = next((c for c, w in words.items() if w in _ACTUAL_WORDS), None)
        target = next((c for c, w in words.items() if w in _TARGET_WORDS), None)
        if actual is None or target is None:
            return months, {}
        moved.append(MonthColumn(actual, m.month, m.note))
        targets[m.month.financial_year] = target
    return tuple(moved), targets


def find_header_row(grid: Grid) -> int | None:
    """The first row that looks like the dashboard's header row."""
    stop = min(grid.last_row, grid.first_row + _MAX_HEADER_SCAN)
    for row in range(grid.first_row, stop):
        texts = _row_texts(grid, row)
        ref_cols = [c for c, t in texts.items() if h.is_ref(t)]
        if not ref_cols:
            continue
        months = [m for m in _month_columns(grid, row) if m.col > ref_cols[0]]
        if len(months) >= 2:
            return row
    return None


def _group_texts(grid: Grid, header_row: int) -> dict[int, str]:
    """Group-header text for each column, carried right across blank (merged) cells."""
    if header_row <= grid.first_row:
        return {}
    carried: dict[int, str] = {}
    current = ""
    for c in range(grid.first_col, grid.last_col):
        text = h.normalise(grid.value(header_row - 1, c))
        if text:
            current = text
        elif not h.normalise(grid.value(header_row, c)) and not current:
            continue
        carried[c] = text or current
    return carried


def _classify_outputs(
    grid: Grid, header_row: int, claimed: set[int]
) -> dict[OutputRole, OutputColumns]:
    own = _row_texts(grid, header_row)
    groups = _group_texts(grid, header_row)
    outputs: dict[OutputRole, OutputColumns] = {}
    cols = range(grid.first_col, grid.last_col)
    for c in cols:
        if c in claimed:
            continue
        text = own.get(c, "")
        role = h.output_role(text)
        from_group = False
        if role is None and groups.get(c):
            role = h.output_role(groups[c])
            from_group = role is not None
        if role is None or role in outputs:
            continue
        if role in h.PAIRED_ROLES:
            nxt = c + 1
            nxt_free = nxt < grid.last_col and nxt not in claimed
            # Seed style: header over the arrow cell, blank header over the value cell.
            pair_by_blank = not from_group and nxt_free and not own.get(nxt)
            # Split style: group header over two sub-headers ('▲▼' and '%').
            pair_by_group = from_group and nxt_free and groups.get(nxt) == groups.get(c)
            if pair_by_blank or pair_by_group:
                outputs[role] = OutputColumns(role, value_col=nxt, arrow_col=c)
                claimed.update({c, nxt})
                continue
            outputs[role] = OutputColumns(role, value_col=c)
        elif role == "dot":
            outputs[role] = OutputColumns(role, value_col=None, arrow_col=c)
        else:
            outputs[role] = OutputColumns(role, value_col=c)
        claimed.add(c)
    return outputs


def detect_layout(grid: Grid) -> TableLayout | None:
    """The dashboard table in this sheet, or None when there is none."""
    header_row = find_header_row(grid)
    if header_row is None:
        return None
    texts = _row_texts(grid, header_row)
    ref_col = min(c for c, t in texts.items() if h.is_ref(t))
    indicator_col = next(
        (c for c, t in sorted(texts.items()) if c > ref_col and h.is_indicator(t)), None
    )
    series, others, year_targets = _table_periods(grid, header_row)
    months = tuple(m for m in series if m.col > ref_col)
    outturns = tuple(m for m in others if m.col > ref_col)
    claimed: set[int] = {ref_col, *(m.col for m in months), *(m.col for m in outturns),
                         *year_targets.values()}
    if indicator_col is not None:
        claimed.add(indicator_col)
    outputs = _classify_outputs(grid, header_row, claimed)
    last_month_col = max(m.col for m in months)
    benchmarks: dict[BenchmarkKind, int] = {}
    bench_headers: dict[BenchmarkKind, str] = {}
    targets: dict[int | None, int] = dict(year_targets)
    singles: dict[str, int] = {}
    for c, text in sorted(texts.items()):
        if c in claimed or c <= last_month_col:
            continue
        if h.is_target(text):
            targets.setdefault(parse_financial_year(text), c)
        elif (kind := h.benchmark_kind(text)) is not None and kind not in benchmarks:
            benchmarks[kind] = c
            raw = grid.value(header_row, c)
            bench_headers[kind] = raw if isinstance(raw, str) else text
        for name, check in (("percent", h.is_percent_flag), ("unit", h.is_unit),
                            ("polarity", h.is_polarity), ("commentary", h.is_commentary)):
            if check(text):
                singles.setdefault(name, c)
    data_rows = _data_rows(grid, header_row, ref_col, indicator_col, months)
    return TableLayout(
        sheet=grid.sheet,
        header_row=header_row,
        ref_col=ref_col,
        indicator_col=indicator_col,
        months=months,
        outputs=outputs,
        data_rows=data_rows,
        benchmarks=benchmarks,
        benchmark_headers=bench_headers,
        targets=targets,
        percent_flag_col=singles.get("percent"),
        unit_col=singles.get("unit"),
        polarity_col=singles.get("polarity"),
        commentary_col=singles.get("commentary"),
        outturns=outturns,
    )


def _data_rows(
    grid: Grid,
    header_row: int,
    ref_col: int,
    indicator_col: int | None,
    months: tuple[MonthColumn, ...],
) -> tuple[int, ...]:
    rows: list[int] = []
    blank_run = 0
    for row in range(header_row + 1, grid.last_row):
        ref = grid.value(row, ref_col)
        name = grid.value(row, indicator_col) if indicator_col is not None else None
        named = not is_blank(name)
        # Only a row without an indicator name needs its month cells looked at.
        has_data = named or any(not is_blank(grid.value(row, m.col)) for m in months)
        if is_blank(ref) and not named and not has_data:
            blank_run += 1
            if blank_run >= _BLANK_ROWS_END_TABLE:
                break
            continue
        blank_run = 0
        if isinstance(ref, str) and h.is_ref(h.normalise(ref)):
            break  # a second table starts here
        # A section title (text in the Ref column only) is not an indicator.
        if (not is_blank(ref) or named) and has_data:
            rows.append(row)
    return tuple(rows)
