"""Deciding how to add the next month's column to the dashboard (pure).

The new column goes right after the latest month, takes the header form and cell
formats of that month's column, and the oldest visible month is hidden (joining
the outline group of the hidden months, if any) so the analyst sees as many
months as before. Nothing is deleted: the history that same-period-last-year and
12-month figures need stays in the sheet. Adapters carry the plan out; in Excel
that is a real column insert, and the file adapter emulates one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .address import cell_address, column_letter
from .errors import AddMonthError
from .grid import Grid, is_blank
from .layout import MonthColumn, TableLayout
from .month_header import HeaderValue, header_like
from .periods import PERIOD_WORD, Month

MAX_COLUMNS = 16_384
"""Excel's last column is XFD."""


@dataclass(frozen=True)
class ColumnState:
    """Which columns of a sheet are hidden, and their outline (grouping) levels."""

    hidden: frozenset[int] = frozenset()
    outline: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class AddMonthPlan:
    """One new month column, and the month column to hide to keep the view as it was."""

    sheet: str
    header_row: int
    insert_col: int
    """0-based index of the new column; it and everything right of it move right by one."""
    month: Month
    header: HeaderValue
    latest: Month
    hide_col: int | None
    """The oldest visible month's column (left of the insert); None: nothing to hide or the
    adapter could not say which columns are hidden."""
    hide_outline_level: int = 0
    visible_months: int | None = None
    """Month columns the analyst could see before (None when unknown)."""

    @property
    def column(self) -> str:
        return column_letter(self.insert_col)

def _header_cell_error(layout: TableLayout, month: MonthColumn, message: str,
                       hint: str = "") -> AddMonthError:
    return AddMonthError(layout.sheet, layout.header_row, month.col, message, hint=hint)


def month_step(layout: TableLayout) -> int:
    """Months between the last two month columns: 1 for a monthly table, 3 for quarterly."""
    by_col = sorted(layout.months, key=lambda m: m.col)
    if len(by_col) < 2:
        return 1
    step = by_col[-1].month.index - by_col[-2].month.index
    return step if step > 0 else 1


def _latest_column(layout: TableLayout) -> MonthColumn:
    latest = max(layout.months, key=lambda m: (m.month.index, m.col))
    rightmost = max(layout.months, key=lambda m: m.col)
    if rightmost.col != latest.col:
        raise _header_cell_error(
            layout, rightmost,
            f"the months do not run left to right ({rightmost.month.label()} is right of "
            f"the latest month, {latest.month.label()}), so the new month has no clear place.",
            hint="Put the month columns in date order, oldest on the left, and try again.",
        )
    return latest


def _latest_month(layout: TableLayout, latest: MonthColumn) -> Month:
    """The latest column's month; a table of quarters, years or weeks is refused."""
    if not isinstance(latest.month, Month):
        word = PERIOD_WORD[latest.month.kind]
        first = min(layout.months, key=lambda m: m.month.index)
        raise _header_cell_error(
            layout, latest,
            f"add-month adds month columns, and this table's periods are {word}s "
            f"({first.month.label()} to {latest.month.label()}).",
            hint=f"Insert the next {word}'s column in Excel, with a header like "
                 f"{latest.month.shift(1).label()!r}.")
    return latest.month


def _chosen_month(layout: TableLayout, latest: MonthColumn, wanted: Month | None) -> Month:
    latest_month = _latest_month(layout, latest)
    following = latest_month.shift(month_step(layout))
    if wanted is None:
        return following
    existing = next((m for m in layout.months if m.month == wanted), None)
    if existing is not None:
        raise _header_cell_error(layout, existing, f"{wanted.label()} already has a column.",
                                 hint="Type its figures in that column instead.")
    if wanted <= latest_month:
        raise _header_cell_error(
            layout, latest,
            f"{wanted.label()} is not after the latest month, {latest.month.label()}; "
            "a month column is only ever added after it.",
            hint=f"Use --month {following.iso()} (or leave --month out).")
    if wanted != following:
        raise _header_cell_error(
            layout, latest,
            f"the month after {latest.month.label()} is {following.label()}, not "
            f"{wanted.label()}; months are added one at a time so that none is skipped.",
            hint=f"Add {following.label()} first (--month {following.iso()}).")
    return wanted


def _to_hide(layout: TableLayout, columns: ColumnState) -> tuple[int | None, int, int]:
    """(column to hide, its outline level, how many months were visible)."""
    visible = [m for m in layout.months if m.col not in columns.hidden]
    if not visible:
        return None, 0, 0
    oldest = min(visible, key=lambda m: (m.month.index, m.col))
    level = columns.outline.get(oldest.col, 0)
    for side in (oldest.col - 1, oldest.col + 1):  # join the hidden months' group
        if side in columns.hidden and any(m.col == side for m in layout.months):
            level = max(level, columns.outline.get(side, 0))
    return oldest.col, level, len(visible)


def _refuse_empty_latest(grid: Grid, layout: TableLayout, latest: MonthColumn,
                         new_month: Month) -> None:
    """The latest month's column has nothing typed in any indicator row yet: adding
    another would leave two empty months (and the reporting month would not move)."""
    if any(not is_blank(grid.value(row, latest.col)) for row in layout.data_rows):
        return
    address = cell_address(layout.header_row, latest.col)
    raise _header_cell_error(
        layout, latest,
        f"{latest.month.label()} (column {column_letter(latest.col)}, header {address}) is "
        f"still empty, so {new_month.label()} was not added.",
        hint=f"Type {latest.month.label()}'s figures first, or add {new_month.label()} "
             "anyway with --force (in Excel: xl_addin.add_month(force=True)).")


def plan_add_month(
    grid: Grid,
    layout: TableLayout,
    columns: ColumnState | None,
    month: Month | None = None,
    *,
    force: bool = False,
) -> AddMonthPlan:
    """Where the next month's column goes, its header, and which month to hide.

    `columns` None means the adapter cannot tell which columns are hidden: then
    nothing is hidden and the caller says so. Raises AddMonthError naming the
    header cell when `month` is not the one month that can come next, or (unless
    `force`) when the latest month's column is still empty.
    """
    latest = _latest_column(layout)
    new_month = _chosen_month(layout, latest, month)
    latest_month = _latest_month(layout, latest)
    if not force:
        _refuse_empty_latest(grid, layout, latest, new_month)
    if grid.last_col >= MAX_COLUMNS:
        raise _header_cell_error(layout, latest, "the sheet has no free column left at XFD "
                                 "to make room for a new month.",
                                 hint="Clear the sheet's last column and try again.")
    hide_col, level, visible = (None, 0, None) if columns is None else _to_hide(layout, columns)
    return AddMonthPlan(
        sheet=layout.sheet,
        header_row=layout.header_row,
        insert_col=latest.col + 1,
        month=new_month,
        header=header_like(grid.value(layout.header_row, latest.col), latest_month, new_month,
                           date1904=grid.date1904),
        latest=latest_month,
        hide_col=hide_col,
        hide_outline_level=level,
        visible_months=visible,
    )
