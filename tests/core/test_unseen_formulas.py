"""Engines that cannot show formulas: only cells provably the refresh's own are written.

The remote-engine tests (tests/xlwings/test_unseen_formulas_remote.py) run this
through the ribbon; these pin the rule on grids, and that an engine (or the file
reader) that does see formulas keeps the planner's behaviour: a formula is never
overwritten, any other value is.
"""

from __future__ import annotations

import datetime as dt

from xl_addin.core.grid import CellValue, Grid
from xl_addin.core.monthly import plan_monthly_refresh
from xl_addin.core.plan import CellWrite, WritePlan
from xl_addin.core.unseen_formulas import column_areas, own_cells_only

NOW = dt.datetime(2020, 9, 3, 14, 5)
MONTHS: list[CellValue] = ["Jun-20", "Jul-20", "Aug-20"]
HEADER: list[CellValue] = ["Ref", "Indicator", *MONTHS, "Change from prev. period", None]
ARROW, VALUE = 5, 6


def dashboard(*cells: tuple[CellValue, CellValue], formulas: frozenset[tuple[int, int]]
              = frozenset()) -> Grid:
    """Rows of 100, 110, 121 (+10% each month: ▲ and 0.1), output cells as given."""
    rows = [HEADER] + [["A1", "Number of plans", 100, 110, 121, arrow, value]
                       for arrow, value in cells]
    return Grid("Early Help", rows, formulas=formulas)


def plan(*cells: tuple[int, int, CellValue]) -> WritePlan:
    return WritePlan("Early Help", tuple(CellWrite(r, c, v) for r, c, v in cells))


def test_empty_cells_are_written_anything_else_is_left_without_a_last_refresh() -> None:
    grid = dashboard((None, ""), ("▲", 0.1))
    wanted = plan((1, ARROW, "▲"), (1, VALUE, 0.1), (2, ARROW, "▲"), (2, VALUE, 0.1))
    kept, (finding,) = own_cells_only(wanted, grid, None)
    assert [(w.row, w.col) for w in kept.writes] == [(1, ARROW), (1, VALUE)]
    assert kept.protected == ((2, ARROW), (2, VALUE))
    assert (finding.level, finding.code, finding.row, finding.col) == (
        "warning", "formula_unseen", 2, ARROW)
    assert "2 output cells" in finding.message and finding.message.endswith(": F3, G3")


def test_a_cell_holding_what_the_last_refresh_wrote_is_its_own() -> None:
    grid = dashboard(("▲", 0.1), ("▲", 0.25))
    earlier = plan((1, ARROW, "▲"), (1, VALUE, 0.1 + 1e-15), (2, ARROW, "▲"), (2, VALUE, 0.1))
    wanted = plan((1, ARROW, "►"), (1, VALUE, 0.05), (2, ARROW, "►"), (2, VALUE, 0.05))
    kept, (finding,) = own_cells_only(wanted, grid, earlier)
    # 0.25 is not the 0.1 the last refresh wrote there: someone else's.
    assert [(w.row, w.col) for w in kept.writes] == [(1, ARROW), (1, VALUE), (2, ARROW)]
    assert "1 output cell " in finding.message and "was left as it is: G3" in finding.message


def test_nothing_left_is_no_finding_and_the_same_plan() -> None:
    wanted = plan((1, ARROW, "▲"))
    assert own_cells_only(wanted, dashboard((None, None)), None) == (wanted, [])


def test_areas_run_down_each_column() -> None:
    cells = [(4, 10), (5, 10), (6, 10), (9, 10), (4, 11)]
    assert column_areas(cells) == ["K5:K7", "K10", "L5"]


def test_the_monthly_refresh_leaves_unproven_cells_only_when_formulas_are_unseen() -> None:
    grid = dashboard(("typed", 0.5))
    unseen = plan_monthly_refresh(grid, None, None, NOW, formulas_seen=False)
    assert not unseen.result.plan.writes
    assert [f.code for f in unseen.result.findings] == ["formula_unseen"]
    # The finding reaches the Data checks sheet as well.
    assert any("cannot show formulas" in str(w.value) for w in unseen.checks_plan.writes)
    seen = plan_monthly_refresh(grid, None, None, NOW)
    assert {(w.col, w.value) for w in seen.result.plan.writes} == {(ARROW, "▲"),
                                                                    (VALUE, 0.1)}
    assert seen.result.findings == ()


def test_where_formulas_are_seen_a_formula_is_still_never_overwritten() -> None:
    grid = dashboard(("▲", 0.1), formulas=frozenset({(1, VALUE)}))
    seen = plan_monthly_refresh(grid, None, None, NOW)
    assert [(w.col, w.value) for w in seen.result.plan.writes] == [(ARROW, "▲")]
    assert [f.code for f in seen.result.findings] == ["formula_kept"]


def test_twelve_areas_are_named_and_the_rest_counted() -> None:
    def left(count: int) -> str:
        # One cell in every other row: each its own area, K2, K4, K6, ...
        grid = Grid("Early Help", [["x"] * 12 for _ in range(2 * count + 1)])
        wanted = plan(*[(1 + 2 * i, 10, 1.0) for i in range(count)])
        return own_cells_only(wanted, grid, None)[1][0].message

    assert left(12).endswith(": K2, K4, K6, K8, K10, K12, K14, K16, K18, K20, K22, K24")
    assert left(13).endswith("K22, K24 and 1 more area")
    assert left(14).endswith("K22, K24 and 2 more areas")
