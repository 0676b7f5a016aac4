"""The add-month plan (pure): which month, where, what header, which month to hide."""

from __future__ import annotations

import datetime as dt

import pytest

from xl_addin.core.add_month import AddMonthPlan, ColumnState, plan_add_month
from xl_addin.core.errors import AddMonthError
from xl_addin.core.grid import Grid
from xl_addin.core.layout import detect_layout
from xl_addin.core.month_header import header_like, text_like
from xl_addin.core.periods import Month


def dashboard(headers: list[object]) -> Grid:
    """Ref | Indicator | months... | DoT, one indicator row."""
    return Grid("Dash", [["Ref", "Indicator", *headers, "DoT"],
                         ["A1", "Things", *range(1, len(headers) + 1), None]])


NOTHING_HIDDEN = ColumnState()


def plan(headers: list[object], columns: ColumnState | None = NOTHING_HIDDEN,
         month: Month | None = None) -> AddMonthPlan:
    grid = dashboard(headers)
    layout = detect_layout(grid)
    assert layout is not None
    return plan_add_month(grid, layout, columns, month)


DATES = [dt.datetime(2020, m, 1) for m in range(1, 9)]


def test_next_month_goes_right_after_the_latest_with_a_date_header() -> None:
    p = plan(DATES)
    assert (p.month, p.insert_col) == (Month(2020, 9), 10)
    assert p.header == dt.datetime(2020, 9, 1)
    assert p.column == "K"


def test_text_headers_keep_their_style() -> None:
    assert plan(["Jul-20", "Aug-20"]).header == "Sep-20"
    assert text_like("AUGUST 2020", Month(2020, 9)) == "SEPTEMBER 2020"
    assert text_like("Aug 2020", Month(2020, 9)) == "Sep 2020"
    assert text_like("2020-08", Month(2020, 9)) == "2020-09"
    assert text_like("08/2020", Month(2020, 9)) == "09/2020"
    assert text_like("Dec-20", Month(2021, 1)) == "Jan-21"


def test_month_end_dates_and_serial_numbers_keep_their_form() -> None:
    assert header_like(dt.date(2020, 8, 31), Month(2020, 8), Month(2020, 9)) == dt.date(2020, 9, 30)
    assert header_like(44044, Month(2020, 8), Month(2020, 9)) == 44075  # 1 Aug -> 1 Sep 2020


def test_quarterly_columns_step_by_a_quarter() -> None:
    p = plan([dt.datetime(2020, 3, 1), dt.datetime(2020, 6, 1)])
    assert p.month == Month(2020, 9)


def test_month_option_must_be_the_next_month() -> None:
    assert plan(DATES, month=Month(2020, 9)).month == Month(2020, 9)
    with pytest.raises(AddMonthError, match=r"'Dash'!J1: the month after Aug-20 is Sep-20"):
        plan(DATES, month=Month(2020, 11))


def test_month_option_that_exists_names_its_header_cell() -> None:
    with pytest.raises(AddMonthError, match=r"'Dash'!D1: Feb-20 already has a column"):
        plan(DATES, month=Month(2020, 2))


def test_month_option_earlier_than_the_latest_is_refused() -> None:
    with pytest.raises(AddMonthError, match="not after the latest month"):
        plan(DATES, month=Month(2019, 12))


def test_months_out_of_order_are_refused() -> None:
    with pytest.raises(AddMonthError, match="do not run left to right"):
        plan([DATES[1], DATES[2], DATES[0]])


def test_oldest_visible_month_is_hidden_and_joins_the_group() -> None:
    state = ColumnState(frozenset({2, 3, 4}), {2: 1, 3: 1, 4: 1})
    p = plan(DATES, state)
    assert (p.hide_col, p.hide_outline_level, p.visible_months) == (5, 1, 5)


def test_all_months_visible_hides_the_oldest_without_a_group() -> None:
    p = plan(DATES)
    assert (p.hide_col, p.hide_outline_level, p.visible_months) == (2, 0, 8)


def test_unknown_hidden_columns_hide_nothing() -> None:
    p = plan(DATES, None)
    assert p.hide_col is None and p.visible_months is None


def test_an_empty_latest_month_is_refused_naming_its_column_unless_forced() -> None:
    grid = Grid("Dash", [["Ref", "Indicator", "Jul-20", "Aug-20", "DoT"],
                         ["A1", "Things", 5, None, None],
                         ["A2", "Others", 7, "  ", None]])
    layout = detect_layout(grid)
    assert layout is not None
    with pytest.raises(AddMonthError) as caught:
        plan_add_month(grid, layout, NOTHING_HIDDEN)
    error = caught.value
    assert (error.row, error.col) == (0, 3)  # the Aug-20 header, D1
    assert "Aug-20 (column D, header D1) is still empty, so Sep-20 was not added" in str(error)
    assert "--force" in error.hint
    forced = plan_add_month(grid, layout, NOTHING_HIDDEN, force=True)
    assert (forced.month, forced.column) == (Month(2020, 9), "E")


def test_a_latest_month_marked_tbc_is_not_empty() -> None:
    grid = Grid("Dash", [["Ref", "Indicator", "Jul-20", "Aug-20"],
                         ["A1", "Things", 5, "tbc"]])
    layout = detect_layout(grid)
    assert layout is not None
    assert plan_add_month(grid, layout, NOTHING_HIDDEN).month == Month(2020, 9)
