"""Invariants of the checks, tried on many generated tables (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from xl_addin.core.grid import CellValue, Grid
from xl_addin.core.monthly import checked_refresh
from xl_addin.core.periods import Month

from .grids import grid, header, line

starts = st.builds(Month, st.integers(2015, 2025), st.integers(1, 12))


def months_grid(months: list[Month]) -> Grid:
    head = header([m.label() for m in months], tail=["DoT"])
    return grid(*(line(f"A{k}", f"Number of {k}", [10.0 * k + i for i in range(len(months))],
                       head=head) for k in (1, 2)), head=head)


def header_codes(months: list[Month]) -> list[str]:
    found = checked_refresh(months_grid(months)).findings
    return [f.code for f in found if f.code in ("month_order", "month_gap")]


@settings(max_examples=40, deadline=None)
@given(starts, st.integers(2, 24))
def test_consecutive_months_either_way_round_are_never_flagged(start: Month, n: int) -> None:
    months = [start.shift(i) for i in range(n)]
    assert header_codes(months) == []
    assert header_codes(months[::-1]) == []


@settings(max_examples=40, deadline=None)
@given(starts, st.integers(3, 12), st.randoms(use_true_random=False))
def test_any_other_order_is_an_error(start: Month, n: int, rng: object) -> None:
    months = [start.shift(i) for i in range(n)]
    shuffled = months[:]
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assume(shuffled not in (months, months[::-1]))
    assert "month_order" in header_codes(shuffled)


series = st.lists(st.floats(0, 1000, allow_nan=False), min_size=14, max_size=14)


def outlier_rows(values: list[float]) -> set[int]:
    g = grid(line("A1", "Number of a", list[CellValue](values)),
             line("A2", "Number of b", [5.0, 6.0] * 7))
    return {f.row for f in checked_refresh(g).findings if f.code == "outlier"}


@settings(max_examples=60, deadline=None)
@given(series, st.floats(0.5, 20), st.floats(-100, 100))
def test_outliers_do_not_depend_on_the_scale_or_level_of_a_series(
    values: list[float], factor: float, shift: float
) -> None:
    window = np.array(values[1:13])
    sd = window.std(ddof=1)
    assume(sd > 1e-3)
    z = abs(values[13] - window.mean()) / sd
    assume(abs(z - 3) > 1e-6)  # exactly at the line, rounding may fall either way
    moved = [v * factor + shift + 200 for v in values]  # + 200 keeps every figure positive
    assert outlier_rows(values) == outlier_rows(moved)
    assert (1 in outlier_rows(values)) == (z > 3)
