"""The changed-cell count the refresh prints is the dry run's list, counted."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from xl_addin.core.diff import ChangeCount, count_changes, plan_changes
from xl_addin.core.grid import Grid
from xl_addin.core.plan import CellWrite, WritePlan

written = st.one_of(st.none(), st.sampled_from(["", " ", "n/a", "▲", "Green"]),
                    st.integers(-3, 3).map(float), st.sampled_from([0.1, 0.1 + 1e-15]))
"""What a plan writes: blank, text or a float."""
values = st.one_of(written, st.integers(-3, 3), st.booleans())
"""What a cell may hold when read: ints and logicals too."""


@given(st.lists(st.lists(values, max_size=4), max_size=4),
       st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), written), max_size=12),
       st.sets(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=3),
       st.booleans())
def test_the_count_is_the_length_of_the_list(rows: list[list[object]],
                                             writes: list[tuple[int, int, object]],
                                             formulas: set[tuple[int, int]],
                                             new_sheet: bool) -> None:
    grid = None if new_sheet else Grid("S", rows, (1, 1), frozenset(formulas))  # type: ignore[arg-type]
    unique = {(r, c): v for r, c, v in writes}
    plan = WritePlan("S", tuple(CellWrite(r, c, v) for (r, c), v in sorted(unique.items())))  # type: ignore[arg-type]
    counted = count_changes(plan, grid, WritePlan("Data checks"), None)
    assert counted == ChangeCount.of(plan, plan_changes(plan, grid))


def test_by_hand() -> None:
    # B2 holds 1 (origin (1, 1)), C2 'x' and a formula in B3.
    grid = Grid("S", [[1, "x"], [None, None]], (1, 1), frozenset({(2, 1)}))
    plan = WritePlan("S", (CellWrite(1, 1, 1.0),    # same value: not a change
                           CellWrite(1, 2, "y"),    # text changes
                           CellWrite(2, 1, 5.0),    # over a formula: listed
                           CellWrite(2, 2, None),   # blank onto blank: not a change
                           CellWrite(9, 9, "n/a")))  # outside the grid: new
    checks = WritePlan("Data checks", (CellWrite(0, 0, "title"), CellWrite(1, 0, None)))
    assert count_changes(plan, grid, checks, None) == ChangeCount("S", 5, 3, 1)
