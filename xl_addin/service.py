"""The refresh as every entry point runs it, over any workbook adapter.

CLI (a file on disk), ribbon macro (live Excel) and tests all call these, so the
rules about what is read and what may be written live in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from xl_addin.adapters.port import WorkbookPort
from xl_addin.core.errors import TableNotFoundError
from xl_addin.core.grid import Grid
from xl_addin.core.headers import LOOKED_FOR
from xl_addin.core.layout import detect_layout
from xl_addin.core.periods import Month
from xl_addin.core.refresh import RefreshResult, plan_refresh
from xl_addin.core.settings import find_settings_sheet


@dataclass(frozen=True)
class DashboardSheets:
    dashboard: Grid
    settings: Grid | None


def locate_dashboard(book: WorkbookPort) -> DashboardSheets:
    """Read sheets in tab order until one holds the dashboard table."""
    names = book.sheet_names()
    settings_name = find_settings_sheet(names)
    for name in names:
        if name == settings_name:
            continue
        grid = book.read_grid(name)
        if detect_layout(grid) is not None:
            settings = book.read_grid(settings_name) if settings_name else None
            return DashboardSheets(grid, settings)
    raise TableNotFoundError(
        f"no sheet holds a dashboard table (searched {', '.join(map(repr, names))}).",
        hint=f"Looked for {LOOKED_FOR}.",
    )


def plan_workbook(book: WorkbookPort, month: Month | None = None) -> RefreshResult:
    sheets = locate_dashboard(book)
    return plan_refresh(sheets.dashboard, sheets.settings, month)


def refresh_workbook(book: WorkbookPort, month: Month | None = None) -> RefreshResult:
    """Plan the refresh and apply it to the workbook."""
    result = plan_workbook(book, month)
    book.apply([result.plan])
    return result
