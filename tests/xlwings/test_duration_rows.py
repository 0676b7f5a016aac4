"""Which cells the live-Excel adapter asks the format of for durations: those Excel gives
as times (a time, or a datetime just after its day 0), one row at a time."""

from __future__ import annotations

import datetime as dt

from xl_addin.adapters.xlwings_book import duration_rows
from xl_addin.core.grid import Grid

DAY0 = dt.datetime(1899, 12, 30)


def test_cells_that_arrive_as_times_are_grouped_by_row() -> None:
    # origin (2, 1): the first line is sheet row 3, its first cell column B.
    grid = Grid("Dash", [
        ["R1", "Response time", DAY0 + dt.timedelta(seconds=452), dt.time(0, 8, 10), None],
        ["A1", "Visits", 120.0, 131.0, 0.5],
        ["W1", "Longest wait", dt.datetime(1899, 12, 31, 12), "tbc",
         dt.datetime(2020, 8, 1)],  # 36:00, then a real date (not a duration)
    ], origin=(2, 1))
    assert duration_rows(grid) == [(2, [3, 4]), (4, [3])]
