"""The Data checks sheet plan: the stamp, one row per finding, nothing left from before."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from xl_addin.core.checks_sheet import (
    DATA_CHECKS_SHEET,
    TABLE_HEADER_ROW,
    RefreshStamp,
    plan_checks_sheet,
)
from xl_addin.core.diff import plan_changes, reads_the_same
from xl_addin.core.findings import Finding
from xl_addin.core.grid import CellValue, Grid
from xl_addin.core.periods import Month
from xl_addin.core.plan import CellWrite, WritePlan

NOW = dt.datetime(2020, 9, 3, 14, 5)
STAMP = RefreshStamp(NOW, Month(2020, 8), "Early Help", indicators=9, with_current=5,
                     format_key="00ff00ff00ff00ff")
REFS = {("Early Help", 5): "EH1b"}


def finding(level: str = "warning", row: int = 5, n: int = 0) -> Finding:
    return Finding(level, "Early Help", row, 28 + n, f"something odd {n}",  # type: ignore[arg-type]
                   "look at it", code="outlier")


def apply(plan: WritePlan, sheet: Grid | None) -> Grid:
    """What an adapter leaves on the sheet, as a grid."""
    cells: dict[tuple[int, int], CellValue] = {}
    if sheet is not None:
        cells = {(r, c): sheet.value(r, c) for r in range(sheet.last_row)
                 for c in range(sheet.last_col) if sheet.value(r, c) is not None}
    for w in plan.writes:
        cells.pop((w.row, w.col), None)
        if w.value is not None:
            cells[(w.row, w.col)] = w.value
    height = max((r for r, _ in cells), default=-1) + 1
    width = max((c for _, c in cells), default=-1) + 1
    return Grid(DATA_CHECKS_SHEET, [[cells.get((r, c)) for c in range(width)]
                                    for r in range(height)])


def test_the_stamp_says_when_which_month_how_many_and_how_it_went() -> None:
    found = [finding("error"), finding("warning", n=1), finding("info", n=2)]
    sheet = apply(plan_checks_sheet(STAMP, found, REFS), None)
    stamp = {sheet.value(r, 0): sheet.value(r, 1) for r in range(1, TABLE_HEADER_ROW - 1)}
    assert stamp == {
        "Last refreshed": "2020-09-03 14:05", "Reporting month": "Aug-20",
        "Dashboard sheet": "Early Help", "Indicators refreshed": 9.0,
        "With a current figure": 5.0, "Errors": 1.0, "Warnings": 1.0, "Notes": 1.0,
        "Format key": "00ff00ff00ff00ff",
    }


def test_each_finding_is_a_row_naming_the_cell_the_ref_and_what_to_do() -> None:
    plan = plan_checks_sheet(STAMP, [finding("error")], REFS)
    assert plan.sheet == DATA_CHECKS_SHEET
    sheet = apply(plan, None)
    header = [sheet.value(TABLE_HEADER_ROW, c) for c in range(7)]
    assert header == ["Level", "Sheet", "Cell", "Ref", "Check", "What is wrong", "What to do"]
    row = [sheet.value(TABLE_HEADER_ROW + 1, c) for c in range(7)]
    assert row == ["Error", "Early Help", "AC6", "EH1b", "Outlier", "something odd 0",
                   "look at it"]
    level_cell = next(w for w in plan.writes if (w.row, w.col) == (TABLE_HEADER_ROW + 1, 0))
    assert level_cell.tone == "bad"


def test_every_value_written_is_plain_text_a_number_or_blank() -> None:
    plan = plan_checks_sheet(STAMP, [finding(), finding(n=1)], REFS)
    assert all(w.value is None or isinstance(w.value, str | float) for w in plan.writes)


def test_a_shorter_list_clears_the_rows_an_earlier_longer_one_left() -> None:
    long = apply(plan_checks_sheet(STAMP, [finding(n=i) for i in range(6)], REFS), None)
    short_plan = plan_checks_sheet(STAMP, [finding(n=0)], REFS, long)
    after = apply(short_plan, long)
    assert after.height == TABLE_HEADER_ROW + 2
    cleared = [w for w in short_plan.writes if w.value is None and w.row > TABLE_HEADER_ROW + 1]
    assert len(cleared) == 5 * 7  # five old rows of seven filled cells


def test_refreshing_again_changes_only_the_timestamp() -> None:
    found = [finding("error"), finding(n=1)]
    first = apply(plan_checks_sheet(STAMP, found, REFS), None)
    later = RefreshStamp(NOW + dt.timedelta(hours=2), STAMP.month, STAMP.sheet, 9, 5,
                         STAMP.format_key)
    changes = plan_changes(plan_checks_sheet(later, found, REFS, first), first)
    assert [(c.row, c.col, c.new) for c in changes] == [(1, 1, "2020-09-03 16:05")]


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 12), st.integers(0, 12))
def test_planning_over_an_old_sheet_gives_the_same_sheet_as_a_new_one(n: int, m: int) -> None:
    old = apply(plan_checks_sheet(STAMP, [finding(n=i) for i in range(n)], REFS), None)
    new = [finding(n=i + 100) for i in range(m)]
    over_old = apply(plan_checks_sheet(STAMP, new, REFS, old), old)
    fresh = apply(plan_checks_sheet(STAMP, new, REFS), None)
    assert [list(r) for r in over_old.rows] == [list(r) for r in fresh.rows]


def test_same_value_reads_like_a_person_reading_the_sheet() -> None:
    assert reads_the_same(280, 280.0)
    assert reads_the_same(None, "")
    assert not reads_the_same(None, "n/a")
    assert not reads_the_same("1", 1.0)
    assert not reads_the_same(-0.174, -0.1741)


def test_plan_changes_lists_only_real_changes_and_flags_formulas() -> None:
    current = Grid("S", [[1.0, "▼", None]], formulas=frozenset({(0, 2)}))
    plan = WritePlan("S", tuple(CellWrite(0, c, v) for c, v in enumerate([1, "▲", None])))
    changes = plan_changes(plan, current)
    assert [(c.col, c.old, c.new, c.old_is_formula) for c in changes] == [
        (1, "▼", "▲", False), (2, None, None, True)]
