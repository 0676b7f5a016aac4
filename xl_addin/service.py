"""The refresh as every entry point runs it, over any workbook adapter.

CLI (a file on disk), ribbon macro (live Excel) and tests all call these, so the
rules about what is read and what may be written live in one place.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from xl_addin.adapters.port import MonthColumnPort, WorkbookPort
from xl_addin.core.add_month import AddMonthPlan, ColumnState, plan_add_month
from xl_addin.core.diff import CellChange, ChangeCount, count_changes, plan_changes
from xl_addin.core.errors import TableNotFoundError
from xl_addin.core.grid import Grid
from xl_addin.core.headers import LOOKED_FOR
from xl_addin.core.layout import TableLayout, detect_layouts, nearly_found
from xl_addin.core.monthly import MonthlyRefresh, checked_refresh, plan_monthly_refresh
from xl_addin.core.periods import Month
from xl_addin.core.refresh import RefreshResult
from xl_addin.core.settings import find_settings_sheet
from xl_addin.core.sheets import (
    DATA_CHECKS_SHEET,
    TableChoice,
    TableSelector,
    dashboard_candidates,
    select_table,
)


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
    choice: TableChoice | None = None
    """Which table was taken and why (several may be found)."""


def _not_found(grids: list[Grid], names: list[str], asked: str | None) -> TableNotFoundError:
    """No table: say what came closest, or what was looked for."""
    misses = [m for g in grids if (m := nearly_found(g)) is not None]
    what = (f"no dashboard table on sheet {asked!r}" if asked else
            f"no sheet holds a dashboard table (searched {', '.join(map(repr, names))})")
    if misses:
        closest = max(misses, key=lambda m: m[0])[1]
        return TableNotFoundError(f"{what}; the closest: {closest}.",
                                  hint=f"Looked for {LOOKED_FOR}.")
    return TableNotFoundError(f"{what}.", hint=f"Looked for {LOOKED_FOR}.")


def _reading_order(names: list[str], selector: TableSelector) -> list[str]:
    """The sheets to read for the table, in order: the one asked for, else the candidates
    in tab order (the ribbon's active sheet first)."""
    wanted = selector.sheet
    cell = selector.cell()
    if wanted is None and cell is not None and cell[0] is not None:
        wanted = cell[0]
    if wanted is not None:
        folded = wanted.strip().casefold()
        chosen = [n for n in names if n.strip().casefold() == folded]
        if not chosen:
            raise TableNotFoundError(f"no sheet named {wanted!r}.",
                                     hint=f"Sheets: {', '.join(map(repr, names))}.")
        return chosen
    candidates = dashboard_candidates(names)
    active = selector.prefer_sheet
    if active in candidates:
        candidates.remove(active)
        candidates.insert(0, active)
    return candidates


def _enough(found: list[tuple[Grid, TableLayout]], selector: TableSelector) -> bool:
    """Stop reading sheets once a monthly table is found (a big data tab after the
    dashboard is never parsed), unless a cell was asked for and not met yet."""
    if selector.table is not None:
        cell = selector.cell()
        return cell is not None and any(
            t.header_row == cell[1] and t.first_col <= cell[2] <= max(t.columns)
            for _, t in found)
    return any(t.cadence == "monthly" for _, t in found)


def locate_dashboard(book: WorkbookPort, selector: TableSelector | None = None) -> (
    DashboardSheets
):
    """Read sheets in tab order until one holds a monthly dashboard table (or the table
    asked for), and take the table the rule picks among those found (`core.sheets`)."""
    selector = selector or TableSelector()
    names = book.sheet_names()
    settings_name = find_settings_sheet(names)
    grids: list[Grid] = []
    found: list[tuple[Grid, TableLayout]] = []
    for name in _reading_order(names, selector):
        grid = book.read_grid(name)
        grids.append(grid)
        found += [(grid, layout) for layout in detect_layouts(grid)]
        if _enough(found, selector):
            break
    if not found:
        raise _not_found(grids, names, selector.sheet)
    choice = select_table(found, selector)
    grid = next(g for g, t in found if t is choice.layout)
    settings = book.read_grid(settings_name) if settings_name else None
    checks = book.read_grid(DATA_CHECKS_SHEET) if DATA_CHECKS_SHEET in names else None
    return DashboardSheets(grid, choice.layout, settings, checks, choice)


def _chosen(result: RefreshResult, sheets: DashboardSheets) -> RefreshResult:
    if sheets.choice is None:
        return result
    return replace(result, table_choice=sheets.choice.reason,
                   tables_found=1 + len(sheets.choice.others))


def check_workbook(book: WorkbookPort, month: Month | None = None,
                   table: TableSelector | None = None) -> RefreshResult:
    """The refresh plan with every data check's findings; nothing is written."""
    sheets = locate_dashboard(book, table)
    return _chosen(checked_refresh(sheets.dashboard, sheets.settings, month, sheets.layout),
                   sheets)


def _planned(
    book: WorkbookPort, month: Month | None, now: dt.datetime | None,
    skip_known_formats: bool = False, table: TableSelector | None = None,
) -> tuple[DashboardSheets, MonthlyRefresh]:
    sheets = locate_dashboard(book, table)
    # Set by the live-Excel adapter once it has read a sheet: False on an engine that
    # cannot report formulas (the remote one), where only provably own cells are written.
    formulas_seen = bool(getattr(book, "formulas_known", True))
    # False on an Excel whose object model cannot add sparklines (remote engine, Mac).
    sparklines_drawn = bool(getattr(book, "draws_sparklines", True))
    planned = plan_monthly_refresh(sheets.dashboard, sheets.settings, sheets.checks,
                                   now or dt.datetime.now(), month, layout=sheets.layout,
                                   skip_known_formats=skip_known_formats,
                                   formulas_seen=formulas_seen,
                                   sparklines_drawn=sparklines_drawn)
    return sheets, replace(planned, result=_chosen(planned.result, sheets))


def plan_workbook_refresh(
    book: WorkbookPort, month: Month | None = None, now: dt.datetime | None = None,
    *, skip_known_formats: bool = False, table: TableSelector | None = None,
) -> MonthlyRefresh:
    """Both plans of a refresh: the dashboard's derived cells and the Data checks sheet.

    `skip_known_formats`: leave out the number formats the last refresh already set
    (live Excel, where each is a call; a file writer sets them all at no cost)."""
    return _planned(book, month, now, skip_known_formats, table)[1]


def refresh_workbook(
    book: WorkbookPort, month: Month | None = None, now: dt.datetime | None = None,
    *, skip_known_formats: bool = False, table: TableSelector | None = None,
) -> RefreshResult:
    """Plan the refresh, run the checks, and write both to the workbook."""
    planned = plan_workbook_refresh(book, month, now, skip_known_formats=skip_known_formats,
                                    table=table)
    book.apply(planned.plans)
    return planned.result


def refresh_and_count(
    book: WorkbookPort, month: Month | None = None, now: dt.datetime | None = None,
    *, skip_known_formats: bool = False, table: TableSelector | None = None,
) -> tuple[RefreshResult, ChangeCount]:
    """refresh_workbook, and how many cells it changed, counted as `preview_refresh`
    counts them (against the sheets as they were read, before the write)."""
    sheets, planned = _planned(book, month, now, skip_known_formats, table)
    counted = count_changes(planned.result.plan, sheets.dashboard, planned.checks_plan,
                            sheets.checks)
    book.apply(planned.plans)
    return planned.result, counted


def preview_refresh(
    book: WorkbookPort, month: Month | None = None, now: dt.datetime | None = None,
    table: TableSelector | None = None,
) -> tuple[MonthlyRefresh, list[CellChange]]:
    """What a refresh would change, cell by cell (old and new value); nothing is written."""
    sheets, planned = _planned(book, month, now, table=table)
    changes = plan_changes(planned.result.plan, sheets.dashboard)
    changes += plan_changes(planned.checks_plan, sheets.checks)
    return planned, changes


def plan_month_column(
    book: MonthColumnPort, month: Month | None = None, columns: ColumnState | None = None,
    table: TableSelector | None = None, *, force: bool = False,
) -> AddMonthPlan:
    """Where the next month's column would go (nothing is written).

    `columns` overrides what the workbook reports about hidden columns (for engines
    that cannot report them). `force` adds a month even when the latest is still empty.
    """
    sheets = locate_dashboard(book, table)
    state = columns if columns is not None else book.column_state(sheets.layout.sheet)
    return plan_add_month(sheets.dashboard, sheets.layout, state, month, force=force)


def add_month(
    book: MonthColumnPort, month: Month | None = None, columns: ColumnState | None = None,
    table: TableSelector | None = None, *, force: bool = False,
) -> AddMonthPlan:
    """Add the next month's column to the dashboard; returns what was done."""
    plan = plan_month_column(book, month, columns, table, force=force)
    book.insert_month_column(plan)
    return plan
