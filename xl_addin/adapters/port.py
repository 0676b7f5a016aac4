"""The one small interface every workbook adapter implements.

The live-Excel adapter (xlwings) and the file adapter (the package writer) both
read sheets as `Grid`s and apply `WritePlan`s; the core never sees which.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from xl_addin.core.add_month import AddMonthPlan, ColumnState
from xl_addin.core.grid import Grid
from xl_addin.core.plan import WritePlan


class WorkbookPort(Protocol):
    """A workbook the refresh can read from and write to."""

    def sheet_names(self) -> list[str]:
        """Worksheet names in tab order (chart sheets and macro sheets excluded)."""
        ...

    def read_grid(self, sheet: str) -> Grid:
        """The sheet's used range, values and formula positions, in one read."""
        ...

    def apply(self, plans: Sequence[WritePlan]) -> None:
        """Write every planned cell; a sheet a plan names that does not exist is created."""
        ...


class MonthColumnPort(WorkbookPort, Protocol):
    """A workbook that can also take a new month column (add-month)."""

    def column_state(self, sheet: str) -> ColumnState | None:
        """Hidden and grouped columns; None when the engine cannot report them."""
        ...

    def insert_month_column(self, plan: AddMonthPlan) -> None:
        """Insert the planned column, write its header, hide the planned month column."""
        ...
