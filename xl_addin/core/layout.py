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

from . import headers as h
from .grid import Grid, is_blank
from .headers import BenchmarkKind, OutputRole
from .periods import Month, parse_financial_year, parse_month

_MAX_HEADER_SCAN = 200
_BLANK_ROWS_END_TABLE = 3


@dataclass(frozen=True)
class MonthColumn:
    col: int
    month: Month


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

    @property
    def output_cols(self) -> frozenset[int]:
        return frozenset(c for o in self.outputs.values() for c in o.columns)

    @property
    def latest_month(self) -> Month:
        return max(m.month for m in self.months)


def _row_texts(grid: Grid, row: int) -> dict[int, str]:
    return {
        c: h.normalise(grid.value(row, c))
        for c in range(grid.first_col, grid.last_col)
        if h.normalise(grid.value(row, c))
    }


def _month_columns(grid: Grid, row: int) -> list[MonthColumn]:
    found = []
    for c in range(grid.first_col, grid.last_col):
        month = parse_month(grid.value(row, c))
        if month is not None:
            found.append(MonthColumn(c, month))
    return found


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
    months = tuple(m for m in _month_columns(grid, header_row) if m.col > ref_col)
    claimed: set[int] = {ref_col, *(m.col for m in months)}
    if indicator_col is not None:
        claimed.add(indicator_col)
    outputs = _classify_outputs(grid, header_row, claimed)
    last_month_col = max(m.col for m in months)
    benchmarks: dict[BenchmarkKind, int] = {}
    bench_headers: dict[BenchmarkKind, str] = {}
    targets: dict[int | None, int] = {}
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
