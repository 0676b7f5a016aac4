"""Which number formats a refresh need not send again (core/format_memory.py)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from xl_addin.core.checks_sheet import FORMAT_KEY_LABEL, RefreshStamp, plan_checks_sheet
from xl_addin.core.format_memory import (
    LastRefresh,
    format_key,
    keep_known_formats,
    last_refresh,
    still_holds,
)
from xl_addin.core.grid import Grid
from xl_addin.core.periods import Month
from xl_addin.core.plan import CellWrite, WritePlan

SHEET = "Early Help"


def _grid(values: dict[tuple[int, int], object]) -> Grid:
    height = max((r for r, _ in values), default=-1) + 1
    width = max((c for _, c in values), default=-1) + 1
    rows = [[values.get((r, c)) for c in range(width)] for r in range(height)]
    return Grid(SHEET, rows)  # type: ignore[arg-type]


def test_the_key_follows_cells_and_formats_not_values() -> None:
    plan = WritePlan(SHEET, (CellWrite(3, 5, 0.1, "0%"), CellWrite(3, 6, "▲", None, "good")))
    same_formats = WritePlan(SHEET, (CellWrite(3, 5, -0.4, "0%"), CellWrite(3, 6, "▼")))
    assert format_key(plan) == format_key(same_formats)
    assert format_key(plan) != format_key(WritePlan(SHEET, (CellWrite(3, 5, 0.1, "0.0%"),)))
    assert format_key(plan) != format_key(WritePlan(SHEET, (CellWrite(4, 5, 0.1, "0%"),)))


def test_the_stamp_is_read_by_its_labels() -> None:
    checks = Grid("Data checks", [
        ["Data checks: written by xl_addin"],
        ["Last refreshed", "2020-09-03 14:05"],
        ["Reporting month", "Aug-20"],
        ["Dashboard sheet", SHEET],
        [FORMAT_KEY_LABEL, "0123456789abcdef"],
    ])
    assert last_refresh(checks) == LastRefresh(Month(2020, 8), SHEET, "0123456789abcdef")


def test_a_stamp_without_a_key_is_no_memory() -> None:
    checks = Grid("Data checks", [["Reporting month", "Aug-20"], ["Dashboard sheet", SHEET]])
    assert last_refresh(checks) == LastRefresh(Month(2020, 8), SHEET, "")
    assert last_refresh(Grid("Data checks", [["Reporting month", "Aug-20"]])) is None
    assert last_refresh(None) is None


def test_formats_are_kept_only_where_the_cell_still_holds_the_earlier_value() -> None:
    earlier = WritePlan(SHEET, (
        CellWrite(1, 1, 0.25, "0%"),    # unchanged cell, same format: not sent
        CellWrite(2, 1, 0.5, "0%"),     # edited since: sent
        CellWrite(3, 1, 7.0, "#,##0"),  # format changes: sent
        CellWrite(4, 1, "n/a", "0%"),   # n/a, same format: not sent
    ))
    now = WritePlan(SHEET, (
        CellWrite(1, 1, 0.3, "0%"),
        CellWrite(2, 1, 0.6, "0%"),
        CellWrite(3, 1, 8.0, '#,##0"*"'),
        CellWrite(4, 1, 0.1, "0%"),
        CellWrite(5, 1, 0.2, "0%"),     # a new row: sent
    ))
    grid = _grid({(1, 1): 0.25, (2, 1): 0.55, (3, 1): 7.0, (4, 1): "n/a"})
    kept = keep_known_formats(now, grid, earlier)
    assert [w.number_format for w in kept.writes] == [None, "0%", '#,##0"*"', None, "0%"]
    assert [w.value for w in kept.writes] == [w.value for w in now.writes]


@given(st.floats(-1e300, 1e300))
def test_a_number_is_the_same_after_a_round_trip_through_15_digits(value: float) -> None:
    """Excel keeps 15 significant digits."""
    assert still_holds(float(repr(value)), value)
    assert still_holds(float(f"{value:.15g}"), value)
    assert not still_holds(value + max(abs(value) * 1e-9, 1e-9), value)


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 5),
                          st.floats(-1e6, 1e6, allow_nan=False),
                          st.sampled_from(["0%", "#,##0", "0.0%", None])),
                unique_by=lambda t: (t[0], t[1]), max_size=40))
def test_refreshing_the_same_plan_again_sends_no_formats(
    cells: list[tuple[int, int, float, str | None]],
) -> None:
    plan = WritePlan(SHEET, tuple(CellWrite(r, c, v, f) for r, c, v, f in sorted(cells)))
    grid = _grid({(w.row, w.col): w.value for w in plan.writes})
    kept = keep_known_formats(plan, grid, plan)
    assert all(w.number_format is None for w in kept.writes)
    blank = keep_known_formats(plan, _grid({}), plan)
    assert [w.number_format for w in blank.writes] == [w.number_format for w in plan.writes]


def test_the_stamp_a_refresh_writes_is_the_one_read_back() -> None:
    stamp = RefreshStamp(dt.datetime(2020, 9, 3, 14, 5), Month(2020, 8), SHEET, 9, 5,
                         "00ff00ff00ff00ff")
    plan = plan_checks_sheet(stamp, [], {})
    checks = _grid({(w.row, w.col): w.value for w in plan.writes})
    assert last_refresh(checks) == LastRefresh(Month(2020, 8), SHEET, "00ff00ff00ff00ff")
