"""A board pack panel's figures come from the refresh's typed records."""

from __future__ import annotations

from xl_addin.board_pack.model import build_pack
from xl_addin.core.grid import CellValue, Grid
from xl_addin.core.periods import Month
from xl_addin.core.refresh import plan_refresh

MONTHS = ["Aug-19", "Sep-19", "Oct-19", "Nov-19", "Dec-19", "Jan-20", "Feb-20", "Mar-20",
          "Apr-20", "May-20", "Jun-20", "Jul-20", "Aug-20"]


def test_the_england_line_is_the_rows_england_benchmark() -> None:
    header: list[CellValue] = ["Ref", "Indicator", *MONTHS, "England", "Target",
                               "Change from prev. period", None]
    rows: list[list[CellValue]] = [
        ["EH1", "Number of contacts", *range(300, 313), 290.5, 250, None, None],
        ["EH2", "Number of visits", *range(10, 23), None, None, None, None],
    ]
    result = plan_refresh(Grid("Early Help", [header, *rows]), month=Month(2020, 8))
    first, second = build_pack(result).panels
    assert (first.england, first.target) == (290.5, 250.0)
    assert (second.england, second.target) == (None, None)
