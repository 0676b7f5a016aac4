"""The refresh as every entry point runs it, over any workbook adapter.

CLI (a file on disk), ribbon macro (live Excel) and tests all call these, so the
rules about what is read and what may be written live in one place.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from xl_addin.adapters.port import MonthColumnPort, WorkbookPort
from xl_addin.core.add_month import AddMonthPlan, ColumnState, plan_add_month
from xl_addin.core.diff import CellChange, ChangeCount, count_changes, plan_changes
from xl_addin.core.errors import TableNotFoundError
from xl_addin.core.grid import Grid
from xl_addin.core.headers import LOOKED_FOR
from xl_addin.core.layout import TableLayout, detect_layout
from xl_addin.core.monthly import MonthlyRefresh, checked_refresh, plan_monthly_refresh
from xl_addin.core.periods import Month
from xl_addin.core.refresh import RefreshResult
from xl_addin.core.settings import find_settings_sheet
from xl_addin.core.sheets import DATA_CHECKS_SHEET, dashboard_candidates


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run a refresh with the cyclic garbage collector paused.

    A big refresh builds a million small lists and tuples with no reference cycles;
    the collector would rescan them again and again as they pile up (about 10% of a
    10,000-indicator refresh). Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class DashboardSheets:
    dashboard: Grid
    layout: TableLayout
    settings: Grid | None
    checks: Grid | None
    """The Data checks sheet as it is now (None before the first refresh)."""


def locate_dashboard(book: WorkbookPort) -> DashboardSheets:
    """Read sheets in tab order until one holds the dashboard table."""
    names = book.sheet_names()
    settings_name = find_settings_sheet(names)
    for name in dashboard_candidates(names):
        grid = book.read_grid(name)
        layout = detect_layout(grid)
        if layout is not None:
            settings = book.read_grid(settings_name) if settings_name else None
            checks = book.read_grid(DATA_CHECKS_SHEET) if DATA_CHECKS_SHEET in names else None
            return DashboardSheets(grid, layout, settings, checks)
    raise TableNotFoundError(
        f"no sheet holds a dashboard table (searched {', '.join(map(repr, names))}).",
        hint=f"Looked for {LOOKED_FOR}.",
    )


def check_workbook(book: WorkbookPort, month: Month | None = None) -> RefreshResult:
    """The refresh plan with every data check's findings; nothing is written."""
    sheets = locate_dashboard(book)
    return checked_refresh(sheets.dashboard, sheets.settings, month, sheets.layout)


def _planned(
    book: WorkbookPort, month: Month | None, now: dt.datetime | None,
    skip_known_formats: bool = False,
) -> tuple[DashboardSheets, MonthlyRefresh]:
    sheets = locate_dashboard(book)
    planned = plan_monthly_refresh(sheets.dashboard, sheets.settings, sheets.checks,
                                   now or dt.datetime.now(), month, layout=sheets.layout,
                                   skip_known_formats=skip_known_formats)
    return sheets, planned


def plan_workbook_refresh(
    book: WorkbookPort, month: Month | None = None, now: dt.datetime | None = None,
    *, skip_known_formats: bool = False,
) -> MonthlyRefresh:
    """Both plans of a refresh: the dashboard's derived cells and the Data checks sheet.

    `skip_known_formats`: leave out the number formats the last refresh already set
    (live Excel, where each is a call; a file writer sets them all at no cost)."""
    return _planned(book, month, now, skip_known_formats)[1]


def refresh_workbook(
    book: WorkbookPort, month: Month | None = None, now: dt.datetime | None = None,
    *, skip_known_formats: bool = False,
) -> RefreshResult:
    """Plan the refresh, run the checks, and write both to the workbook."""
    planned = plan_workbook_refresh(book, month, now, skip_known_formats=skip_known_formats)
    book.apply(planned.plans)
    return planned.result


def refresh_and_count(
    book: WorkbookPort, month: Month | None = None, now: dt.datetime | None = None,
    *, skip_known_formats: bool = False,
) -> tuple[RefreshResult, ChangeCount]:
    """refresh_workbook, and how many cells it changed, counted as `preview_refresh`
    counts them (against the sheets as they were read, before the write)."""
    sheets, planned = _planned(book, month, now, skip_known_formats)
    counted = count_changes(planned.result.plan, sheets.dashboard, planned.checks_plan,
                            sheets.checks)
    book.apply(planned.plans)
    return planned.result, counted


def preview_refresh(
    book: WorkbookPort, month: Month | None = None, now: dt.datetime | None = None
) -> tuple[MonthlyRefresh, list[CellChange]]:
    """What a refresh would change, cell by cell (old and new value); nothing is written."""
    sheets, planned = _planned(book, month, now)
    changes = plan_changes(planned.result.plan, sheets.dashboard)
    changes += plan_changes(planned.checks_plan, sheets.checks)
    return planned, changes


def plan_month_column(
    book: MonthColumnPort, month: Month | None = None, columns: ColumnState | None = None
) -> AddMonthPlan:
    """Where the next month's column would go (nothing is written).

    `columns` overrides what the workbook reports about hidden columns (for engines
    that cannot report them).
    """
    sheets = locate_dashboard(book)
    state = columns if columns is not None else book.column_state(sheets.layout.sheet)
    return plan_add_month(sheets.dashboard, sheets.layout, state, month)


def add_month(
    book: MonthColumnPort, month: Month | None = None, columns: ColumnState | None = None
) -> AddMonthPlan:
    """Add the next month's column to the dashboard; returns what was done."""
    plan = plan_month_column(book, month, columns)
    book.insert_month_column(plan)
    return plan
