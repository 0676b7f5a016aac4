"""Finding the dashboard tables in a sheet by their headers, wherever they sit.

A header row holds period headers ('Jul-20', 'Aug-20', ...) and, left of them, an
indicator column ('Indicator', 'Measure', 'KPI description', ...) or a Ref column
('Ref', 'KPI code', ...) with derived or target columns beside the periods: an ID
column and two dates alone are not a dashboard (a false find is as bad as a miss).
The Ref column is optional: without one, rows are keyed by the indicator's name.
One period header is enough for a snapshot that has a target column (variance and
RAG still come out).

A row above the header row may hold group headers (a merged 'Change from prev.
period' over an arrow cell and a value cell). Columns we do not know are left alone
(and listed, so `check` can show them).

Data rows run down from the header row, over any number of blank rows, until the
rows stop fitting the table: a note ('Source: ...', '* provisional'), the header row of
another table, or the end of the sheet. A row with text in the indicator (or Ref)
column and no Ref and no figures is a section heading: nothing is written into it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Final, Literal

from . import headers as h
from .address import qualified_address
from .findings import Finding
from .grid import CellValue, Grid, cell_text, is_blank
from .headers import BenchmarkKind, OutputRole
from .periods import (
    KIND_ORDER,
    Annotation,
    Period,
    PeriodHeader,
    PeriodKind,
    Week,
    parse_financial_year,
    parse_month,
    parse_period,
    weekly,
)
from .sparklines import trend_reading

_MAX_HEADER_SCAN = 200
_HEADER_LENGTH = 30
_HAS_DIGIT = re.compile(r"\d").search
_SERIAL_FLOOR = 30000
"""Numbers below this are figures, never a date serial (1982): no period header."""
_GROUP_CARRY = 3
"""A group header (merged over an arrow and a value cell) spans at most this many columns."""
_SUB_HEADERS: Final = frozenset({"", "▲▼", "▲", "▼", "%", "arrow", "value", "dir", "direction",
                                 "change", "% change", "no", "number", "figure", "pp"})

Cadence = Literal["monthly", "quarterly", "yearly", "weekly"]
"""How often the table's periods come: its series' period kind, in words."""
_CADENCE: Final[dict[PeriodKind, Cadence]] = {
    "month": "monthly", "quarter": "quarterly", "year": "yearly", "week": "weekly"}


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
    ref_col: int | None
    """None: the table has no Ref column; rows are keyed by the indicator's name."""
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
    headings: tuple[int, ...] = ()
    """Rows taken as section headings (text in the indicator or Ref column, no figures)."""
    unknown: tuple[int, ...] = ()
    """Header cells of the table that no vocabulary recognises: left as they are."""
    cadence: Cadence = "monthly"
    header_texts: dict[int, str] = field(default_factory=dict, compare=False)
    """The header row's cells as typed, by column (for saying back what was read)."""
    heading_texts: tuple[str, ...] = field(default=(), compare=False)
    """The text of each section heading, in `headings` order."""
    findings: tuple[Finding, ...] = field(default=(), compare=False)
    """Doubts about the header row (two columns for one role: which one is used)."""
    outturns: tuple[MonthColumn, ...] = ()
    """Period columns of another kind than the series (Hart DC's '2013/14' among its
    quarters): shown, never a step in the series."""

    def __post_init__(self) -> None:
        if self.ref_col is None and self.indicator_col is None:
            raise ValueError("a table needs a Ref or an indicator column")

    @property
    def key_col(self) -> int:
        """The column that names each row: the Ref, or the indicator's name without one."""
        col = self.ref_col if self.ref_col is not None else self.indicator_col
        assert col is not None  # __post_init__
        return col

    @property
    def output_cols(self) -> frozenset[int]:
        return frozenset(c for o in self.outputs.values() for c in o.columns)

    @property
    def period_kind(self) -> PeriodKind:
        """The series' kind, which decides the rules (see table.py)."""
        return self.months[0].month.kind if self.months else "month"

    @property
    def latest_month(self) -> Period:
        return max(self.months, key=lambda m: m.month.index).month

    @property
    def columns(self) -> frozenset[int]:
        """Every column the table reads or writes."""
        singles = (self.ref_col, self.indicator_col, self.percent_flag_col, self.unit_col,
                   self.polarity_col, self.commentary_col)
        return frozenset({*(c for c in singles if c is not None), *self.output_cols,
                          *(m.col for m in self.months), *(m.col for m in self.outturns),
                          *self.targets.values(), *self.benchmarks.values()})

    @property
    def first_col(self) -> int:
        return min(self.columns)

    @property
    def anchor(self) -> str:
        """The header's top-left cell, sheet-qualified: how `--table` names this table."""
        return qualified_address(self.sheet, self.header_row, self.first_col)


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


def _cadence(months: Sequence[MonthColumn]) -> Cadence:
    """The series' kind in words (dates a week apart are weeks: see `_readings`)."""
    return _CADENCE[months[0].month.kind] if months else "monthly"


@dataclass(frozen=True)
class HeaderRead:
    """What a header row holds, before it is taken (or not) for a table."""

    row: int
    texts: dict[int, str]
    months: list[MonthColumn]
    ref_col: int | None
    indicator_col: int | None
    target_cols: list[int]
    output_cols: list[int]

    @property
    def key_col(self) -> int | None:
        return self.ref_col if self.ref_col is not None else self.indicator_col

    @property
    def is_table(self) -> bool:
        """Periods with something that names the rows beside them, and enough of a table
        around them that an ID column and two dates are not taken for one."""
        key = self.key_col
        if key is None or not self.months or key > min(m.col for m in self.months):
            return False
        derived = bool(self.target_cols or self.output_cols)
        if len(self.months) == 1:  # a snapshot: a value and a target make variance and RAG
            return bool(self.target_cols)
        return self.indicator_col is not None or derived


def read_header(grid: Grid, row: int) -> HeaderRead:
    """Classify one row's header cells (a cheap test first: most rows are not headers)."""
    months = _month_columns(grid, row)
    texts = _row_texts(grid, row)
    if not months:
        return HeaderRead(row, texts, months, None, None, [], [])
    first_period = min(m.col for m in months)
    month_cols = {m.col for m in months}
    ref_col = next((c for c, t in sorted(texts.items())
                    if c < first_period and h.is_ref(t)), None)
    indicator_col = next((c for c, t in sorted(texts.items()) if c < first_period
                          and c != ref_col and h.is_indicator(t)
                          and (ref_col is None or c > ref_col)), None)
    if indicator_col is None and ref_col is None:
        # 'Description' left of a Ref ('Description | Code | Jul-20 ...') still names rows.
        indicator_col = next((c for c, t in sorted(texts.items())
                              if c < first_period and h.is_indicator(t)), None)
    others = {c: t for c, t in texts.items()
              if c not in month_cols and c not in (ref_col, indicator_col)}
    return HeaderRead(
        row, texts, months, ref_col, indicator_col,
        [c for c, t in others.items() if h.is_target(t)],
        [c for c, t in others.items() if h.output_role(t) is not None],
    )


def find_header_rows(grid: Grid) -> list[HeaderRead]:
    """Every row that reads as a table's header row, top to bottom."""
    stop = min(grid.last_row, grid.first_row + _MAX_HEADER_SCAN)
    found: list[HeaderRead] = []
    for row in range(grid.first_row, stop):
        if found and _is_figure_row(grid, row, found[-1]):
            continue  # a data row of the table above: not worth reading as a header
        read = read_header(grid, row)
        if read.is_table:
            found.append(read)
    return found


def _is_figure_row(grid: Grid, row: int, table: HeaderRead) -> bool:
    """A figure under the table's first period header: a header row never has one there
    (its period headers are text, dates, or whole-number date serials)."""
    value = grid.value(row, min(m.col for m in table.months))
    return type(value) is float and (value < _SERIAL_FLOOR or not value.is_integer())


def _group_texts(grid: Grid, header_row: int) -> dict[int, str]:
    """Group-header text for each column, carried right across blank (merged) cells
    for a few columns (a title row above the table is not a group header)."""
    if header_row <= grid.first_row:
        return {}
    carried: dict[int, str] = {}
    current = ""
    span = 0
    for c in range(grid.first_col, grid.last_col):
        text = h.normalise(grid.value(header_row - 1, c))
        if text:
            current, span = text, 0
        else:
            span += 1
            if span >= _GROUP_CARRY:
                current = ""
        if current:
            carried[c] = current
    return carried


def _classify_outputs(
    grid: Grid, header_row: int, claimed: set[int], doubts: list[Finding] | None = None
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
        if role is None and groups.get(c) and h.header_key(text) in _SUB_HEADERS:
            role = h.output_role(groups[c])
            from_group = role is not None
        if role is None:
            continue
        if role in outputs:
            if doubts is not None and text:
                used = min(outputs[role].columns)
                doubts.append(_second_column(grid, header_row, c, used, role))
            continue
        heading = groups[c] if from_group else text
        if role in h.PAIRED_ROLES and h.is_arrow_only(heading) and not from_group:
            # 'Short trend (last quarter)': an arrow column, not a figure.
            outputs[role] = OutputColumns(role, value_col=None, arrow_col=c)
        elif role in h.PAIRED_ROLES:
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


def _build(grid: Grid, read: HeaderRead, stop: int) -> TableLayout:
    header_row, texts = read.row, read.texts
    ref_col, indicator_col = read.ref_col, read.indicator_col
    months, outturns, year_targets = _table_periods(grid, header_row)
    claimed: set[int] = {m.col for m in (*months, *outturns)} | set(year_targets.values())
    claimed.update(c for c in (ref_col, indicator_col) if c is not None)
    # Targets first: 'Target' is never a derived column, wherever it sits; an 'Actual' /
    # 'Target' row under the years gives each year's.
    targets: dict[int | None, int] = dict(year_targets)
    doubts: list[Finding] = []
    for c in sorted(set(read.target_cols) - set(year_targets.values())):
        year = parse_financial_year(texts[c])
        if year in targets:
            doubts.append(_second_column(grid, header_row, c, targets[year], "target"))
        targets.setdefault(year, c)
        claimed.add(c)
    outputs = _classify_outputs(grid, header_row, claimed, doubts)
    if not targets:
        kept = _without_target_roles(grid, header_row, outputs, doubts)
        claimed -= {c for role, cols in outputs.items() if role not in kept
                    for c in cols.columns}  # left alone: listed with the unknown headers
        outputs = kept
    claimed |= {c for o in outputs.values() for c in o.columns}
    benchmarks: dict[BenchmarkKind, int] = {}
    bench_headers: dict[BenchmarkKind, str] = {}
    singles: dict[str, int] = {}
    key = min(c for c in (ref_col, indicator_col) if c is not None)
    for c, text in sorted(texts.items()):
        if c in claimed or c < key:
            continue
        if (kind := h.benchmark_kind(text)) is not None and kind not in benchmarks:
            benchmarks[kind] = c
            raw = grid.value(header_row, c)
            bench_headers[kind] = raw if isinstance(raw, str) else text
            claimed.add(c)
            continue
        for name, check in (("percent", h.is_percent_flag), ("unit", h.is_unit),
                            ("polarity", h.is_polarity), ("commentary", h.is_commentary)):
            if name not in singles and check(text):
                singles[name] = c
                claimed.add(c)
                break
    figure_cols = (*(m.col for m in months), *targets.values())
    data_rows, headings = _data_rows(grid, header_row, stop=stop, ref_col=ref_col,
                                     indicator_col=indicator_col, figure_cols=figure_cols)
    dot_col = outputs["dot"].arrow_col if "dot" in outputs else None
    outputs = _bare_trend(grid, header_row, outputs, data_rows, doubts)
    if dot_col is not None and dot_col not in {c for o in outputs.values() for c in o.columns}:
        claimed.discard(dot_col)  # left alone: listed with the unknown headers
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
        headings=headings,
        unknown=tuple(c for c in sorted(texts) if c not in claimed and c > key),
        cadence=_cadence(months),
        header_texts={c: cell_text(v) for c in range(grid.first_col, grid.last_col)
                      if not is_blank(v := grid.value(header_row, c))},
        heading_texts=tuple(_heading_text(grid, r, ref_col, indicator_col) for r in headings),
        findings=tuple(doubts),
        outturns=outturns,
    )


def _bare_trend(
    grid: Grid, row: int, outputs: dict[OutputRole, OutputColumns], data_rows: tuple[int, ...],
    doubts: list[Finding],
) -> dict[OutputRole, OutputColumns]:
    """A bare 'Trend' header is read by what its cells hold (sparklines.trend_reading):
    direction of travel, a sparkline column, or left alone when they hold both."""
    dot = outputs.get("dot")
    if dot is None or dot.arrow_col is None or not h.is_bare_trend(
            cell_text(grid.value(row, dot.arrow_col))):
        return outputs
    reading, finding = trend_reading(grid, row, dot.arrow_col, data_rows)
    if finding is not None:
        doubts.append(finding)
    if reading == "dot":
        return outputs
    kept: dict[OutputRole, OutputColumns] = {
        role: cols for role, cols in outputs.items() if role != "dot"}
    if reading == "sparkline":
        if "sparkline" in kept:
            doubts.append(_second_column(grid, row, dot.arrow_col,
                                         min(kept["sparkline"].columns), "sparkline"))
        else:
            kept["sparkline"] = OutputColumns("sparkline", value_col=dot.arrow_col)
    return kept


_TARGET_ROLES: Final = ("rag", "target_variance", "target_variance_pct")


def _without_target_roles(
    grid: Grid, row: int, outputs: dict[OutputRole, OutputColumns], doubts: list[Finding]
) -> dict[OutputRole, OutputColumns]:
    """RAG and variance need a target column: without one, a 'Status' or 'Rating' column
    is the analyst's own and is left alone (and we say so), never filled with n/a."""
    kept = dict(outputs)
    for role in _TARGET_ROLES:
        columns = kept.pop(role, None)
        if columns is None:
            continue
        col = min(columns.columns)
        doubts.append(Finding(
            "info", grid.sheet, row, col,
            f"{cell_text(grid.value(row, col))!r} reads as a {role.replace('_', ' ')} column, but "
            "the table has no target column, so it is left as it is",
            "Add a 'Target' column (or 'Target 20-21') to have it filled", code="layout"))
    return kept


def _second_column(grid: Grid, row: int, col: int, used: int, role: str) -> Finding:
    """Two header cells read as the same column: the first is used, and we say so."""
    what = role.replace("_", " ")
    return Finding(
        "warning", grid.sheet, row, col,
        f"{cell_text(grid.value(row, col))!r} also reads as the {what} column; only "
        f"{cell_text(grid.value(row, used))!r} ({qualified_address(grid.sheet, row, used)}) is "
        "used",
        "Rename one of the two headers (a target's header may name its year, e.g. "
        "'Target 20-21')", code="layout")


def _heading_text(grid: Grid, row: int, ref_col: int | None, indicator_col: int | None) -> str:
    for c in (indicator_col, ref_col):
        if c is not None and not is_blank(grid.value(row, c)):
            return cell_text(grid.value(row, c))
    return ""


def _continues(grid: Grid, above: HeaderRead, read: HeaderRead) -> bool:
    """A header row repeated word for word right under a section heading (text alone,
    no figures) continues the table above it rather than starting another."""
    if above.texts != read.texts:
        return False
    for row in range(read.row - 1, above.row, -1):
        cells = [v for c in range(grid.first_col, grid.last_col)
                 if not is_blank(v := grid.value(row, c))]
        if cells:
            return len(cells) <= 2 and all(isinstance(v, str) for v in cells) and not any(
                not is_blank(grid.value(row, m.col)) for m in read.months)
    return False


def detect_layouts(grid: Grid) -> list[TableLayout]:
    """Every dashboard table on the sheet, top to bottom (each ends where the next starts).

    A header row repeated word for word right under a section heading (council reports
    repeat it for each priority) continues the table above: its rows join that table
    and the repeated header is kept as a heading. Any other header row starts a table."""
    reads = find_header_rows(grid)
    groups: list[list[HeaderRead]] = []
    for read in reads:
        if groups and _continues(grid, groups[-1][-1], read):
            groups[-1].append(read)
        else:
            groups.append([read])
    stops = [g[0].row for g in groups[1:]] + [grid.last_row]
    layouts = []
    for group, stop in zip(groups, stops, strict=False):
        ends = [r.row for r in group[1:]] + [stop]
        parts = [_build(grid, read, end) for read, end in zip(group, ends, strict=True)]
        first = parts[0]
        if len(parts) > 1:
            headings = sorted({*(r for p in parts for r in p.headings),
                               *(r.row for r in group[1:])})
            first = replace(
                first,
                data_rows=tuple(r for p in parts for r in p.data_rows),
                headings=tuple(headings),
                heading_texts=tuple(_heading_text(grid, r, first.ref_col, first.indicator_col)
                                    for r in headings))
        layouts.append(first)
    return layouts


def detect_layout(grid: Grid) -> TableLayout | None:
    """The dashboard table of this sheet (by `sheets.choose_table`'s rule), or None."""
    from .sheets import choose_table  # sheets imports this module

    layouts = detect_layouts(grid)
    if not layouts:
        return None
    return choose_table([(grid, layout) for layout in layouts]).layout


def _first_text(grid: Grid, row: int) -> CellValue:
    r = row - grid.first_row
    line = grid.rows[r] if 0 <= r < grid.height else ()
    return next((v for v in line if not is_blank(v)), None)


def _is_header_again(*cells: CellValue) -> bool:
    """The header row of another table (repeated 'Ref' / 'Indicator' under the key)."""
    for raw in cells:
        # Headers are short words: a long name or a Ref with digits is read, not parsed.
        if (type(raw) is str and len(raw) <= _HEADER_LENGTH and not _HAS_DIGIT(raw)
                and (h.is_ref(raw) or h.is_indicator(raw))):
            return True
    return False


def _data_rows(
    grid: Grid,
    header_row: int,
    *,
    stop: int,
    ref_col: int | None,
    indicator_col: int | None,
    figure_cols: tuple[int, ...],
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Indicator rows and section-heading rows, down to where rows stop fitting."""
    rows: list[int] = []
    headings: list[int] = []
    top, left = grid.origin
    lines = grid.rows

    def cell(line: Sequence[CellValue], col: int | None) -> CellValue:
        k = -1 if col is None else col - left
        return line[k] if 0 <= k < len(line) else None

    for row in range(header_row + 1, min(stop, grid.last_row)):
        line = lines[row - top]  # read straight from the line: this runs on every row
        ref, name = cell(line, ref_col), cell(line, indicator_col)
        has_ref, named = not is_blank(ref), not is_blank(name)
        if not has_ref and not named:
            # A figure without a name is not read; a note below the table ends it.
            if h.is_note(_first_text(grid, row)):
                break
            continue
        if h.is_note(ref if has_ref else name) or _is_header_again(ref, name):
            break
        if has_ref and named:
            rows.append(row)  # the usual row: no need to look at its figures
            continue
        figures = any(not is_blank(cell(line, c)) for c in figure_cols)
        if has_ref and figures:
            rows.append(row)
        elif not has_ref and named and figures:
            rows.append(row)  # no Ref: keyed by its name (a table with a Ref says so)
        else:
            headings.append(row)  # text alone in the key column: a section heading
    return tuple(rows), tuple(headings)


# --- When no table is found: what came closest ----------------------------------------


def _listed(values: list[str], limit: int = 4) -> str:
    shown = values[:limit]
    more = len(values) - limit
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


_KIND_WORDS: Final[dict[PeriodKind, str]] = {
    "month": "a month", "quarter": "a quarter", "year": "a financial year", "week": "a week"}


def _reading(grid: Grid, read: HeaderRead, col: int) -> str:
    """What one header cell was read as, for the nearly-found message."""
    text = read.texts.get(col, "")
    raw = grid.value(read.row, col)
    shown = raw if isinstance(raw, str) else text or str(raw)
    month = next((m.month for m in read.months if m.col == col), None)
    if month is not None:
        return f"{shown!r} as {month.label()}"
    other = parse_period(raw, date1904=grid.date1904)
    if other is not None:
        return f"{shown!r} as {_KIND_WORDS[other.period.kind]} ({other.period.label()})"
    role = h.output_role(text)
    if h.is_target(text):
        return f"{shown!r} as a target"
    if role is not None:
        return f"{shown!r} as a derived column ({role.replace('_', ' ')})"
    return f"{shown!r} as no period"


def _periods_down(grid: Grid) -> tuple[int, str] | None:
    """Months running down a column (one block or sheet per indicator): out of reach."""
    for c in range(grid.first_col, min(grid.last_col, grid.first_col + 30)):
        run: list[int] = []
        for row in range(grid.first_row, min(grid.last_row, grid.first_row + _MAX_HEADER_SCAN)):
            if parse_month(grid.value(row, c)) is not None:
                run.append(row)
                if len(run) >= 3:
                    continue
            elif len(run) >= 3:
                break
            else:
                run = []
        if len(run) >= 3:
            first = qualified_address(grid.sheet, run[0], c)
            return 3, (f"{first} starts {len(run)} periods running down the rows "
                       f"({grid.value(run[0], c)!r} to {grid.value(run[-1], c)!r}): the add-in "
                       "reads tables with one column per period and one row per indicator, "
                       "so this layout is out of reach (put the periods across a header row)")
    return None


def nearly_found(grid: Grid) -> tuple[int, str] | None:
    """The header row that came closest to a table on this sheet, said in words, with a
    score to compare sheets by (higher is closer); None when nothing came close."""
    best: tuple[int, str] | None = None
    stop = min(grid.last_row, grid.first_row + _MAX_HEADER_SCAN)
    for row in range(grid.first_row, stop):
        read = read_header(grid, row)
        miss = _miss(grid, read)
        if miss is not None and (best is None or miss[0] > best[0]):
            best = miss
    down = _periods_down(grid)
    if down is not None and (best is None or down[0] >= best[0]):
        return down
    return best


def _miss(grid: Grid, read: HeaderRead) -> tuple[int, str] | None:
    texts = read.texts
    keys = {c: t for c, t in texts.items() if h.is_ref(t) or h.is_indicator(t)}
    where = qualified_address(grid.sheet, read.row, min([*keys, *(m.col for m in read.months)],
                                                         default=min(texts, default=0)))
    if keys and not read.months:
        key = min(keys)
        values = [c for c, t in texts.items() if c > key and h.is_snapshot_value(t)]
        targets = [c for c, t in texts.items() if c > key and h.is_target(t)]
        if values and targets:
            shown = f"{grid.value(read.row, values[0])!r} and {grid.value(read.row, targets[0])!r}"
            return 3, (f"{where} is a single-period snapshot ({shown}, no period headers): "
                       "the add-in needs the period in the header to compare periods; write "
                       f"the period (for example 'Sep-18') in place of "
                       f"{grid.value(read.row, values[0])!r} to get the target variance and RAG")
        names = [str(grid.value(read.row, c)) for c in sorted(keys)]
        rest = [c for c in sorted(texts) if c > key and c not in keys]
        if not rest:
            return None
        full = read_header_cells(grid, read)
        named = " and ".join(repr(n) for n in names[:2])
        return 2, (f"{where} has {named} but no period headers (read: "
                   f"{_listed([full[c] for c in rest], 5)})")
    if len(read.months) >= 2 and read.key_col is None:
        labels = [m.month.label() for m in read.months]
        left = [str(grid.value(read.row, c)) for c in sorted(texts)
                if c < min(m.col for m in read.months)]
        said = f" (left of them: {_listed([repr(v) for v in left])})" if left else ""
        return 1, (f"{where} has period headers {labels[0]} to {labels[-1]} but no indicator "
                   f"column left of them{said}; head the names column 'Indicator'")
    if read.months and read.key_col is not None and not read.is_table:
        named = str(grid.value(read.row, read.key_col))
        if len(read.months) == 1:
            return 2, (f"{where} has {named!r} and one period header "
                       f"({read.months[0].month.label()}) but no target column: a snapshot "
                       "needs a 'Target' column")
        return 2, (f"{where} has {named!r} and period headers but no indicator column and no "
                   "derived or target columns, so it is not taken for a dashboard")
    return None


def read_header_cells(grid: Grid, read: HeaderRead) -> dict[int, str]:
    """Each header cell of a row with what it was read as ("'Jul-20' as Jul-20")."""
    return {c: _reading(grid, read, c) for c in read.texts}
