"""Data checks on the figures the analyst typed, run with every refresh and on their own.

One small function per check. Each takes a `CheckInput` and returns `Finding`s that
name the cell, say what is wrong (message) and what to do (hint). Value checks look
at the months the refresh reads: the reporting month and the twelve before it.

=================  =======  =============================================================
code               level    catches
=================  =======  =============================================================
duplicate_ref      error    the same Ref on two rows (settings and explain use the first)
month_order        error    a period header not after the one before it (or repeated)
unreadable_period  error    a header among or just after the period headers, with figures
                            under it, that looks like a period but reads as none ('Aug-2O',
                            'Agu-20'): its figures would be left out, the reporting period
                            would fall back
negative           error    a figure below zero (counts, rates and percentages cannot be)
percent_over_100   error    a percentage above 100% (not a ratio to a baseline or plan)
month_gap          warning  a period with no column between two period headers
outlier            warning  the reporting month's figure more than 3 standard deviations
                            from the mean of the 12 months before it (needs at least 6 of
                            them and a non-zero sd; monthly indicators only)
copy_forward       warning  every monthly figure in a month of the window equal to the month
                            before (at least two indicators with figures in both)
no_ref             warning  a row with figures but no Ref, in a table with a Ref column
                            (its settings cannot be found; explain cannot name it)
running_measure    info     a cumulative, year-to-date or rolling measure: its change from
                            the previous period is n/a (only the same period last year
                            compares like with like)
missing_latest     warning  no figure for the reporting month (quarterly: none in the last
                   / info   three months); info when the cell says 'tbc' or similar
no_target          warning  no target column for the reporting month's financial year, or an
                            indicator with a target last year and none (blank/TBC) this year
stale_benchmark    warning  a benchmark header whose data (e.g. 'ENG 17-18 data') ends more
                            than 24 months before the reporting month
=================  =======  =============================================================

Figures that cannot be read are found once, by `table.read_table` (the refresh
treats each as missing), and not again here: 'not_a_number' (text), 'unit_mismatch'
('12%' typed or formatted as a percentage in a count or rate row) and 'date_figure' (a
date, or a number formatted as a date, in a figure cell); see units.py.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Final

import numpy as np
import numpy.typing as npt

from .address import cell_address
from .findings import Finding, Level
from .grid import CellValue, Grid, cell_text, is_blank
from .headers import normalise
from .layout import TableLayout
from .periods import (
    PERIOD_WORD,
    Month,
    Period,
    financial_year_label,
    near_period,
    parse_financial_year,
    parse_month,
)
from .table import TableData, column_cells
from .values import parse_target
from .vocab import MEASURE_LABEL
from .wording import level_text

OUTLIER_SD: Final = 3.0
OUTLIER_MIN_POINTS: Final = 6
BENCHMARK_MAX_AGE_MONTHS: Final = 24
BENCHMARK_LABEL: Final[dict[str, str]] = {
    "england": "England", "region": "regional", "neighbours": "statistical neighbours"}
_LOOKBACK: Final = 12
_EPS: Final = 1e-9
_DELIBERATE_NONE: Final = frozenset({"-", "–", "—", "n/a", "na", "none", "nil", "x"})
"""Target cells that say 'no target' on purpose, unlike blank or 'TBC'."""

CHECK_LABELS: Final[dict[str, str]] = {
    "duplicate_ref": "Duplicate Ref",
    "month_order": "Month order",
    "month_gap": "Month gap",
    "unreadable_period": "Unreadable period",
    "negative": "Negative figure",
    "percent_over_100": "Percentage over 100",
    "outlier": "Outlier",
    "copy_forward": "Copied forward?",
    "missing_latest": "Latest month missing",
    "no_target": "No target",
    "stale_benchmark": "Old benchmark",
    "not_a_number": "Not a number",
    "unit_mismatch": "Unit mismatch",
    "date_figure": "Date as figure",
    "no_ref": "No Ref",
    "running_measure": "Cumulative measure",
    "formula_kept": "Formula kept",
    "settings": "Settings",
    "layout": "Layout",
}
"""Short names for every finding code, the refresh's own included (for tables)."""


@dataclass(frozen=True)
class CheckInput:
    grid: Grid
    layout: TableLayout
    data: TableData
    month: Period
    """The reporting period (a month, quarter, year or week: the table's kind)."""

    def column_of(self, month: Period) -> int | None:
        """The sheet column of a month header (the first, when it is repeated)."""
        return next((m.col for m in self.layout.months if m.month == month), None)

    @property
    def report_pos(self) -> int:
        pos = self.data.position(self.month)
        return -1 if pos is None else pos

    def finding(self, level: Level, row: int, col: int, message: str, hint: str, *,
                code: str) -> Finding:
        return Finding(level, self.grid.sheet, row, col, message, hint, code)


def _recent_positions(inp: CheckInput) -> range:
    end = inp.report_pos
    return range(max(end - _LOOKBACK, 0), end + 1) if end >= 0 else range(0)


def _cells(
    inp: CheckInput, flagged: Callable[[npt.NDArray[np.float64]], npt.NDArray[np.bool_]]
) -> Iterable[tuple[int, int, int, float]]:
    """(indicator index, row, col, value) for each figure in the months checked that
    `flagged` (a vectorised test of one month's figures, NaN for none) picks out."""
    for pos in _recent_positions(inp):
        col = inp.column_of(inp.data.axis[pos])
        if col is None:
            continue
        values = inp.data.values[:, pos]
        with np.errstate(invalid="ignore"):
            picked = np.flatnonzero(flagged(values) & np.isfinite(values))
        for i in picked:
            yield int(i), inp.data.rows[i], col, float(values[i])


def check_negative(inp: CheckInput) -> list[Finding]:
    out = []
    for i, row, col, _ in _cells(inp, lambda values: values < 0):
        unit = inp.data.settings[i].unit
        kind = {"percent": "a percentage", "rate": "a rate"}.get(unit, "a count")
        out.append(inp.finding(
            "error", row, col,
            f"{cell_text(inp.grid.value(row, col))} is negative, and {kind} cannot be",
            "Check the figure at source and type it again", code="negative"))
    return out


def check_percent_over_100(inp: CheckInput) -> list[Finding]:
    # A ratio to a baseline or plan ('% of baseline') may exceed 100%.
    percent = (inp.data.units == "percent") & ~inp.data.over_100
    out = []
    for _, row, col, value in _cells(inp, lambda values: (values > 1 + _EPS) & percent):
        out.append(inp.finding(
            "error", row, col,
            f"{cell_text(inp.grid.value(row, col))} is read as {value:.1%}, above 100%",
            "Type percentages either all as 0-100 or all as fractions (0.068) in a row, "
            "and check the figure at source", code="percent_over_100"))
    return out


def check_outlier(inp: CheckInput) -> list[Finding]:
    pos = inp.report_pos
    col = inp.column_of(inp.month)
    if pos < 1 or col is None or inp.data.kind != "month":
        return []
    current = inp.data.values[:, pos]
    window = inp.data.values[:, max(pos - _LOOKBACK, 0):pos]
    finite = np.isfinite(window)
    count = finite.sum(axis=1)
    # The mean and sd leave the current figure out: with it in, one point among
    # twelve can never sit more than about 3.2 sd from their mean.
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(finite, window, 0.0).sum(axis=1) / count
        spread = np.where(finite, window - mean[:, None], 0.0)
        sd = np.sqrt((spread**2).sum(axis=1) / (count - 1))
        z = (current - mean) / sd
    flagged = (
        (inp.data.steps == 1)  # four quarters a year never make six points
        & np.isfinite(current) & (count >= OUTLIER_MIN_POINTS)
        & (sd > _EPS * np.maximum(np.abs(mean), 1.0))
        & (np.abs(z) > OUTLIER_SD)
    )
    out = []
    for i in np.flatnonzero(flagged).tolist():
        unit = inp.data.settings[i].unit
        m, s, zi, n = float(mean[i]), float(sd[i]), float(z[i]), int(count[i])
        out.append(inp.finding(
            "warning", inp.data.rows[i], col,
            f"{inp.month.label()} {level_text(float(current[i]), unit)} is {abs(zi):.1f} "
            f"standard deviations {'above' if zi > 0 else 'below'} the mean of the {n} "
            f"months before it ({level_text(m, unit, 1)}, sd {level_text(s, unit, 1)})",
            "Check it was typed right (a slipped digit?); if it is real, say why in the "
            "commentary", code="outlier"))
    return out


def check_copy_forward(inp: CheckInput) -> list[Finding]:
    """Any month of the window whose every monthly figure equals the month before's."""
    monthly = np.flatnonzero(inp.data.steps == 1)
    out = []
    for pos in _recent_positions(inp):
        if pos < 1:
            continue
        month = inp.data.axis[pos]
        col = inp.column_of(month)
        if col is None:
            continue
        current = inp.data.values[monthly, pos]
        previous = inp.data.values[monthly, pos - 1]
        has_cur, has_prev = np.isfinite(current), np.isfinite(previous)
        both = has_cur & has_prev
        if both.sum() < 2 or (has_cur != has_prev).any():
            continue
        if not np.all(np.abs(current[both] - previous[both]) <= _EPS):
            continue
        before = inp.data.axis[pos - 1].label()
        out.append(inp.finding(
            "warning", inp.layout.header_row, col,
            f"every figure in {month.label()} is the same as in {before} "
            f"({int(both.sum())} indicators)",
            f"Was the {before} column copied forward? Type {month.label()}'s own figures",
            code="copy_forward"))
    return out


def check_missing_ref(inp: CheckInput) -> list[Finding]:
    """A row with figures but no Ref, in a table that has a Ref column."""
    ref_col = inp.layout.ref_col
    if ref_col is None:
        return []  # a table without Refs keys its rows by name
    data = inp.data
    rows = data.rows
    # A blank Ref reads as 'row N' (table._indicators): only those rows are looked at.
    blank = [i for i, ref in enumerate(data.refs) if ref.startswith("row ")]
    out = []
    for i in blank:
        raw = inp.grid.value(rows[i], ref_col)
        if not is_blank(raw) or not np.isfinite(data.values[i]).any():
            continue
        name = data.names[i]
        shown = f"{name[:60]!r} has" if name else "this row has"
        out.append(inp.finding(
            "warning", rows[i], ref_col,
            f"{shown} figures but no Ref, so no settings row can apply to it",
            "Type its Ref (settings, explain and the Data checks use it)",
            code="no_ref"))
    return out


def check_running_measures(inp: CheckInput) -> list[Finding]:
    """A note on each cumulative, year-to-date or rolling measure: why its change from the
    previous period is n/a."""
    data = inp.data
    output = inp.layout.outputs.get("change_previous")
    col = (output.columns[0] if output is not None and output.columns
           else inp.layout.ref_col if inp.layout.ref_col is not None
           else inp.layout.months[0].col)
    out = []
    for i, settings in enumerate(data.settings):
        if settings.compares_with_previous:
            continue
        kind = MEASURE_LABEL[settings.measure]
        out.append(inp.finding(
            "info", data.rows[i], col,
            f"{data.refs[i]} is a {kind} figure, so it is compared only with the same "
            "period last year; its change from the previous period is n/a",
            "If each period's figure stands alone, set Measure to 'in period' in Settings",
            code="running_measure"))
    return out


def check_missing_latest(inp: CheckInput) -> list[Finding]:
    pos = inp.report_pos
    col = inp.column_of(inp.month)
    if pos < 0 or col is None:
        return []
    out = []
    data = inp.data
    steps = data.steps
    finite = np.isfinite(data.values[:, max(pos - int(steps.max(initial=1)) + 1, 0):pos + 1])
    # Row i looks at its last `step` months: the last columns of `finite`.
    reach = np.arange(finite.shape[1])[::-1][None, :] < steps[:, None]
    missing = np.flatnonzero(~(finite & reach).any(axis=1)).tolist()
    for i in missing:
        row, ref, step = data.rows[i], data.refs[i], int(steps[i])
        raw = inp.grid.value(row, col)
        period = "quarter" if step == 3 else PERIOD_WORD[data.kind]
        if is_blank(raw):
            out.append(inp.finding(
                "warning", row, col,
                f"{ref} has no figure for {inp.month.label()}"
                + (" or the two months before" if step == 3 else ""),
                f"Type the {period}'s figure, or 'tbc' if it is not available yet",
                code="missing_latest"))
        else:
            out.append(inp.finding(
                "info", row, col,
                f"{ref} is marked {cell_text(raw)!r} for {inp.month.label()}",
                "Its changes show n/a and • until the figure is typed", code="missing_latest"))
    return out


def check_duplicate_refs(inp: CheckInput) -> list[Finding]:
    first_row: dict[str, int] = {}
    out = []
    rows = inp.layout.data_rows
    for row, raw in zip(rows, column_cells(inp.grid, rows, inp.layout.ref_col), strict=True):
        if is_blank(raw):
            continue
        key = str(raw).strip().casefold()
        if key in first_row:
            out.append(inp.finding(
                "error", row, inp.layout.key_col,
                f"Ref {str(raw).strip()!r} is also used on row {first_row[key] + 1}",
                "Give each indicator its own Ref: settings and explain use the first row",
                code="duplicate_ref"))
        else:
            first_row[key] = row
    return out


def check_month_headers(inp: CheckInput) -> list[Finding]:
    months = inp.layout.months  # in column order
    steps = [b.month.index - a.month.index for a, b in pairwise(months)]
    # Newest-first tables are a layout, not a mistake: judge against the usual direction.
    sign = -1 if sum(s < 0 for s in steps) > sum(s > 0 for s in steps) else 1
    forward = [s * sign for s in steps]
    usual = Counter(s for s in forward if s > 0).most_common(1)
    usual_step = usual[0][0] if usual else 1
    word = PERIOD_WORD[inp.layout.period_kind]
    out = []
    row = inp.layout.header_row
    for (a, b), step in zip(pairwise(months), forward, strict=True):
        if step == 0:
            out.append(inp.finding(
                "error", row, b.col,
                f"{b.month.label()} is a second header for the same {word} as "
                f"{cell_address(row, a.col)}",
                f"Correct the header; only the first column of a repeated {word} is read",
                code="month_order"))
        elif step < 0:
            out.append(inp.finding(
                "error", row, b.col,
                f"{b.month.label()} comes after {a.month.label()}, out of order",
                f"Correct the header (a mistyped {word} or year?) so {word}s run in order",
                code="month_order"))
        elif step > 1 and usual_step == 1:
            gap = a.month.shift(sign).label()
            missing = gap if step == 2 else f"{gap} to {b.month.shift(-sign).label()}"
            out.append(inp.finding(
                "warning", row, b.col,
                f"no column for {missing} between {a.month.label()} and {b.month.label()}",
                f"Add the missing {word}'s column, or correct the header; changes across the "
                "gap show n/a", code="month_gap"))
    return out


_AFTER_PERIODS: Final = 3
"""Columns right of the last period header looked at for a mistyped next period."""


def _layout_columns(layout: TableLayout) -> set[int]:
    """Every column the layout has a use for (periods, outturns, outputs, targets...)."""
    singles = (layout.ref_col, layout.indicator_col, layout.percent_flag_col, layout.unit_col,
               layout.polarity_col, layout.commentary_col)
    return {*(c for c in singles if c is not None), *(m.col for m in layout.months),
            *(m.col for m in layout.outturns), *layout.output_cols,
            *layout.targets.values(), *layout.benchmarks.values()}


def _near_period_columns(inp: CheckInput) -> list[int]:
    """Unclaimed columns among the period headers and the few right after them."""
    cols = [m.col for m in inp.layout.months]
    if not cols:
        return []
    used = _layout_columns(inp.layout)
    among = [c for c in range(min(cols) + 1, max(cols)) if c not in used]
    after = []
    for c in range(max(cols) + 1, max(cols) + 1 + _AFTER_PERIODS):
        if c in used or is_blank(inp.grid.value(inp.layout.header_row, c)):
            break
        after.append(c)
    return among + after


def check_unreadable_period_headers(inp: CheckInput) -> list[Finding]:
    """'Aug-2O' or 'Agu-20' beside the period headers, with figures under it: its
    figures would be left out without a word and the reporting period fall back."""
    out = []
    row = inp.layout.header_row
    word = PERIOD_WORD[inp.layout.period_kind]
    latest = inp.layout.latest_month.label()
    for col in _near_period_columns(inp):
        raw = inp.grid.value(row, col)
        miss = near_period(raw)
        if miss is None:
            continue
        figures = column_cells(inp.grid, inp.layout.data_rows, col)
        if not any(_is_number(v) for v in figures):
            continue
        meant = f" (did you mean {miss.suggestion.label()!r}?)" if miss.suggestion else ""
        out.append(inp.finding(
            "error", row, col,
            f"{cell_text(raw)!r} is not read as a {word}{meant}, so the figures under it are "
            f"left out and the latest {word} read is {latest}",
            f"Correct the header to a {word} such as {inp.layout.latest_month.shift(1).label()!r}"
            " (month names in English, French, German or Welsh are read), or move the column "
            "away from the period headers", code="unreadable_period"))
    return out


def _is_number(raw: CellValue) -> bool:
    """A target cell holds a number ('>= 95%' too), without the parser for a typed one."""
    if type(raw) is float:
        return math.isfinite(raw)
    return parse_target(raw).number is not None


def check_targets(inp: CheckInput) -> list[Finding]:
    targets = inp.layout.targets
    fy = inp.month.financial_year
    uses_targets = bool(targets) or any(
        r in inp.layout.outputs for r in ("rag", "target_variance", "target_variance_pct"))
    if not uses_targets or None in targets:
        return []
    label = financial_year_label(fy)
    if fy not in targets:
        last = max((y for y in targets if y is not None), default=None)
        col = targets[last] if last is not None else inp.layout.key_col
        return [inp.finding(
            "warning", inp.layout.header_row, col,
            f"no target column for {label}, the financial year of {inp.month.label()}",
            f"Add a 'Target {fy % 100:02d}-{(fy + 1) % 100:02d}' column next to the "
            "other targets; RAG and variance show n/a until then", code="no_target")]
    col = targets[fy]
    earlier = sorted((y for y in targets if y is not None and y < fy), reverse=True)
    out = []
    rows = inp.data.rows
    for i, raw in enumerate(column_cells(inp.grid, rows, col)):
        if _is_number(raw) or normalise(raw) in _DELIBERATE_NONE:
            continue
        row = rows[i]
        before = next(((y, inp.grid.value(row, targets[y])) for y in earlier
                       if _is_number(inp.grid.value(row, targets[y]))),
                      None)
        if before is None:
            continue
        shown = f" ({cell_text(raw)})" if not is_blank(raw) else ""
        out.append(inp.finding(
            "warning", row, col,
            f"{inp.data.refs[i]} has no {label} target{shown}; {financial_year_label(before[0])} "
            f"had {cell_text(before[1])}",
            "Type this year's target, or '-' if it no longer has one", code="no_target"))
    return out


_UPDATED = re.compile(r"updated\s*:?\s*([a-z]{3,9}\.?[\s\-/']*\d{2,4})", re.IGNORECASE)
_CALENDAR_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def benchmark_data_end(header: str) -> tuple[Month, str] | None:
    """The last month a benchmark's data covers, and how the header says so.

    'England (Updated Mar-19 using ENG 17-18 data)' -> (Mar-18, '2017/18 data'):
    a financial year ends in March. A calendar year ends in December. With
    neither, the 'Updated' month stands in. None when the header gives no date.
    """
    updated_match = _UPDATED.search(header)
    updated = parse_month(updated_match.group(1).rstrip(".")) if updated_match else None
    rest = _UPDATED.sub(" ", header)
    fy = parse_financial_year(rest)
    if fy is not None:
        return Month(fy + 1, 3), f"{financial_year_label(fy)} data"
    year = _CALENDAR_YEAR.search(rest)
    if year is not None:
        return Month(int(year.group(1)), 12), f"{year.group(1)} data"
    if updated is not None:
        return updated, f"updated {updated.label()}"
    return None


def check_benchmark_age(inp: CheckInput) -> list[Finding]:
    out = []
    for kind, col in inp.layout.benchmarks.items():
        header = inp.layout.benchmark_headers.get(kind, "")
        above = inp.grid.value(inp.layout.header_row - 1, col)
        text = f"{header} {above}" if isinstance(above, str) else header
        found = benchmark_data_end(text)
        if found is None:
            continue
        end, said = found
        age = inp.month.last_month.index - end.index
        if age > BENCHMARK_MAX_AGE_MONTHS:
            out.append(inp.finding(
                "warning", inp.layout.header_row, col,
                f"the {BENCHMARK_LABEL[kind]} benchmark uses {said}, {age} months before "
                f"{inp.month.label()} (over two years old)",
                "Update the benchmark figures from the latest published data, and the "
                "header's date with them", code="stale_benchmark"))
    return out


CHECKS: Final[tuple[Callable[[CheckInput], list[Finding]], ...]] = (
    check_duplicate_refs,
    check_month_headers,
    check_unreadable_period_headers,
    check_negative,
    check_percent_over_100,
    check_outlier,
    check_copy_forward,
    check_missing_ref,
    check_running_measures,
    check_missing_latest,
    check_targets,
    check_benchmark_age,
)

_LEVEL_ORDER: Final[dict[str, int]] = {"error": 0, "warning": 1, "info": 2}


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Errors first, then warnings, then notes; by sheet and cell within each."""
    return tuple(sorted(findings, key=lambda f: (_LEVEL_ORDER[f.level], f.sheet, f.row, f.col)))


def run_checks(inp: CheckInput) -> tuple[Finding, ...]:
    """Every data check over one dashboard table, in a stable order."""
    return sort_findings(f for check in CHECKS for f in check(inp))


def count_levels(findings: Iterable[Finding]) -> dict[Level, int]:
    counts: dict[Level, int] = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        counts[f.level] += 1
    return counts


def check_dashboard(
    dashboard: Grid, layout: TableLayout, data: TableData, month: Period
) -> tuple[Finding, ...]:
    """Run every check over the table as the refresh read it."""
    return run_checks(CheckInput(dashboard, layout, data, month))
