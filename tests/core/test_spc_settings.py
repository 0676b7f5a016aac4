"""Per-indicator SPC settings read from the Settings sheet, on in-memory grids.

Every mean and limit below is worked by hand in the comments; none is taken from the code.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_addin.core.errors import SpcSettingsError
from xl_addin.core.explain import explain
from xl_addin.core.grid import CellValue, Grid
from xl_addin.core.periods import Month, Quarter
from xl_addin.core.refresh import plan_refresh
from xl_addin.core.spc import SpcOptions, analyse
from xl_addin.core.spc_settings import SpcSettings, options_for, read_spc_settings
from xl_addin.core.spc_table import chart_for

MONTHS = [Month(2018, 1).shift(k) for k in range(36)]  # Jan-18 .. Dec-20
HEADER: list[CellValue] = ["Ref", "Indicator", *(m.label() for m in MONTHS), "Variation",
                           "Assurance"]
VARIATION = HEADER.index("Variation")
# A known step change in Jan-20: Jan-18..Dec-19 alternate 100 / 104 (24 points), then
# Jan-20..Dec-20 alternate 60 / 66 (12 points).
STEP: list[float] = [100.0, 104.0] * 12 + [60.0, 66.0] * 6
# 20 points (May-19 .. Dec-20): 12 / 10 seven times, then six months of 13.
RUN: list[float] = [12.0, 10.0] * 7 + [13.0] * 6


def dashboard(*rows: tuple[str, list[float]]) -> Grid:
    body: list[list[CellValue]] = [HEADER]
    for ref, values in rows:
        figures: list[CellValue] = [None] * (len(MONTHS) - len(values)) + list(values)
        body.append([ref, f"Indicator {ref}", *figures, None, None])
    return Grid("Dash", body)


def settings(header: list[CellValue], *rows: list[CellValue]) -> Grid:
    return Grid("Settings", [["Indicator settings"], [], ["Ref", "Polarity", *header],
                             *[[r[0], "higher is better", *r[1:]] for r in rows]])


def variation(grid: Grid, spc: Grid, row: int) -> object:
    cells = {(w.row, w.col): w.value for w in plan_refresh(grid, spc, Month(2020, 12)).plan.writes}
    return cells[(row, VARIATION)]


# --- the recalculation point -------------------------------------------------------------


def test_a_step_change_gets_two_sets_of_limits_worked_by_hand() -> None:
    grid = dashboard(("STEP", STEP))
    spc = settings(["Recalculate from", "Minimum points"], ["STEP", "Jan-20", 12])
    result = plan_refresh(grid, spc, Month(2020, 12))
    chart, _ = chart_for(result.data, result.results, 0)
    # Jan-18..Dec-19: mean (100 + 104) / 2 = 102, every moving range 4, limits
    # 102 +/- 2.66 x 4 = 91.36 .. 112.64.
    assert chart.mean[:24] == pytest.approx([102.0] * 24)
    assert chart.lower[0] == pytest.approx(91.36) and chart.upper[23] == pytest.approx(112.64)
    # Jan-20..Dec-20: mean (60 + 66) / 2 = 63, moving ranges 6, limits 63 +/- 15.96 =
    # 47.04 .. 78.96; the 44 between Dec-19 and Jan-20 belongs to neither phase.
    assert chart.mean[24:] == pytest.approx([63.0] * 12)
    assert chart.lower[24] == pytest.approx(47.04) and chart.upper[35] == pytest.approx(78.96)
    # Inside the new limits, alternating about the new mean: nothing fires.
    assert not chart.special().any()
    assert chart.variation == "common"


def test_without_the_recalculation_the_step_reads_as_concern() -> None:
    # All 36 points: mean (24 x 102 + 12 x 63) / 36 = 89; the last 12 points are below it,
    # a run far longer than 7, and the latest (66) is low: concern for higher is better.
    grid = dashboard(("STEP", STEP))
    assert variation(grid, settings(["Notes"], ["STEP", "x"]), 1) == "Special cause: concern"
    recalculated = settings(["Recalculate from", "Minimum points"], ["STEP", "Jan-20", 12])
    assert variation(grid, recalculated, 1) == "Common cause"


def test_a_baseline_period_sets_the_limits_for_every_later_point() -> None:
    grid = dashboard(("STEP", STEP))
    spc = settings(["Baseline from", "Baseline to"], ["STEP", "Jan-18", "Dec-19"])
    result = plan_refresh(grid, spc, Month(2020, 12))
    chart, _ = chart_for(result.data, result.results, 0)
    # The baseline's 24 points: mean 102, limits 91.36 .. 112.64, carried over 2020, whose
    # figures (60, 66) are all below 91.36: outside, low.
    assert chart.mean == pytest.approx([102.0] * 36)
    assert chart.lower[-1] == pytest.approx(91.36)
    assert chart.signals.side["outside"][24:].tolist() == [-1] * 12
    assert chart.variation == "concern"
    said = dict(explain(result, "STEP").lines)
    assert said["SPC settings"] == "'Settings'!A4: baseline Jan-18 to Dec-19."
    assert said["SPC limits"] == (
        "36 points, Jan-18 to Dec-20; mean 102.0, process limits 91.4 to 112.6 (mean ± 2.66 "
        "× mean moving range 4.0), set by Jan-18 to Dec-19.")


def test_one_baseline_cell_reads_a_range() -> None:
    spc = read_spc_settings(settings(["Baseline"], ["STEP", "Jan-18 to Dec-19"]))
    assert spc["STEP"].baseline_from == Month(2018, 1)
    assert spc["STEP"].baseline_to == Month(2019, 12)


def test_explain_tells_both_phases_and_where_the_setting_is() -> None:
    grid = dashboard(("STEP", STEP))
    spc = settings(["Recalculate from", "Minimum points"], ["STEP", "Jan-20", 12])
    said = dict(explain(plan_refresh(grid, spc, Month(2020, 12)), "STEP").lines)
    assert said["SPC settings"] == ("'Settings'!A4: limits recalculated from Jan-20; limits "
                                    "need 12 points (default 15).")
    assert said["SPC limits"] == (
        "36 points, Jan-18 to Dec-20; Jan-18 to Dec-19: mean 102.0, process limits 91.4 to "
        "112.6 (mean ± 2.66 × mean moving range 4.0); recalculated for Jan-20 to Dec-20: "
        "mean 63.0, process limits 47.0 to 79.0 (mean ± 2.66 × mean moving range 6.0).")


def test_the_second_phase_needs_its_own_minimum_points() -> None:
    # 12 points after Jan-20 with the default minimum of 15: no limits, said plainly.
    grid = dashboard(("STEP", STEP))
    spc = settings(["Recalculate from"], ["STEP", "Jan-20"])
    assert variation(grid, spc, 1) == "Insufficient data"
    said = dict(explain(plan_refresh(grid, spc, Month(2020, 12)), "STEP").lines)
    assert "12 points from point 25" in said["SPC"] and "at least 15" in said["SPC"]


# --- run, trend ----------------------------------------------------------------------------


def test_a_run_of_six_fires_only_when_settings_say_six() -> None:
    # Mean (7 x 22 + 6 x 13) / 20 = 11.6; the last six (13) are above it and the point
    # before (10) below: a run of exactly six. Moving ranges: 13 of 2, one of 3, five of 0:
    # 29 / 19 = 1.526, none above 3.267 x 1.526 = 4.99; limits 11.6 +/- 4.06 = 7.54 .. 15.66
    # and two sigma 11.6 + 2.71 = 14.31: 13 is neither outside nor beyond two sigma; equal
    # figures make no trend. Only the run rule can mark Dec-20.
    grid = dashboard(("RUN", RUN))
    assert variation(grid, settings(["Run length"], ["RUN", 7]), 1) == "Common cause"
    assert variation(grid, settings(["Run length"], ["RUN", 6]), 1) == (
        "Special cause: improvement")


def test_a_trend_length_reaches_the_rule() -> None:
    # 16 alternating points, then 14, 16, 18, 19, 21 (the 22 before 14 is higher): five
    # points each higher than the last is a trend at length 5, not at 6.
    figures = [20.0, 22.0] * 8 + [14.0, 16.0, 18.0, 19.0, 21.0]
    five = read_spc_settings(settings(["Trend length"], ["T", 5]))["T"]
    assert five.trend == 5
    months = MONTHS[-21:]
    chart5 = analyse(figures, "higher", options=options_for(five, months))
    chart6 = analyse(figures, "higher", options=options_for(SpcSettings(), months))
    assert chart5.signals.side["trend"][-5:].tolist() == [1] * 5
    assert not chart6.signals.rule["trend"].any()


# --- periods to points ----------------------------------------------------------------------


def test_periods_become_indexes_into_the_points_with_a_figure() -> None:
    # Points Jan-20, Feb-20, Apr-20, May-20 (Mar-20 blank, so not a point).
    points = [Month(2020, 1), Month(2020, 2), Month(2020, 4), Month(2020, 5)]
    s = SpcSettings(baseline_from=Month(2020, 2), baseline_to=Month(2020, 4),
                    recalculate_from=(Month(2020, 3),))
    options = options_for(s, points)
    assert options.baseline_span == (1, 3)  # Feb-20 and Apr-20
    assert options.recalculate_at == (2,)  # the first point on or after Mar-20 is Apr-20


def test_a_quarter_in_settings_covers_its_three_months() -> None:
    points = [Month(2019, 12), Month(2020, 3), Month(2020, 6)]
    s = read_spc_settings(settings(["Baseline to"], ["Q", "Q4 2019/20"]))["Q"]
    assert s.baseline_to == Quarter(Month(2020, 1))  # Jan-Mar 2020
    assert options_for(s, points).baseline_span == (0, 2)


def test_a_baseline_after_the_last_point_leaves_no_limits() -> None:
    s = SpcSettings(baseline_from=Month(2021, 4))
    chart = analyse(STEP, "higher", options=options_for(s, MONTHS))
    assert chart.variation == "insufficient"
    assert chart.reason.startswith("0 points")


def test_a_baseline_off_the_table_is_a_warning_naming_the_settings_row() -> None:
    grid = dashboard(("STEP", STEP))
    spc = settings(["Baseline from", "Baseline to"], ["STEP", "Apr-17", "Dec-19"])
    found = [f for f in plan_refresh(grid, spc, Month(2020, 12)).findings
             if f.code == "settings"]
    assert [f.address for f in found] == ["'Settings'!A4"]
    assert "baseline start Apr-17 for STEP is not on the table (Jan-18 to Dec-20)" in str(
        found[0])


# --- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("header", "value", "cell", "words"), [
    ("Run length", "seven", "'Settings'!C4", "run length for STEP ('seven') is not a whole "
                                           "number from 6 to 9"),
    ("Run length", 5, "'Settings'!C4", "from 6 to 9"),
    ("Trend length", 6.5, "'Settings'!C4", "trend length for STEP (6.5)"),
    ("Minimum points", 4, "'Settings'!C4", "from 12 or more"),
    ("Recalculate from", "Janaury 2020", "'Settings'!C4", "is not a period"),
])
def test_a_bad_cell_refuses_with_its_address_and_what_to_type(
    header: str, value: CellValue, cell: str, words: str
) -> None:
    with pytest.raises(SpcSettingsError) as caught:
        plan_refresh(dashboard(("STEP", STEP)), settings([header], ["STEP", value]),
                     Month(2020, 12))
    assert caught.value.address == cell
    assert words in caught.value.message
    assert caught.value.hint


def test_a_baseline_cell_that_is_one_period_is_refused_when_the_column_holds_ranges() -> None:
    spc = Grid("Settings", [["Ref", "Baseline"], ["A", "Jan-18 to Dec-19"], ["B", "Jan-18"]])
    with pytest.raises(SpcSettingsError) as caught:
        read_spc_settings(spc)
    assert caught.value.address == "'Settings'!B3"
    assert "('Jan-18') is not a first and last period" in caught.value.message


def test_a_baseline_column_of_figures_is_not_an_spc_setting() -> None:
    # KPI lists often keep a baseline figure: no cell is a range of periods, so the column
    # is someone else's and the charts keep their defaults (no refusal either).
    figures = Grid("Settings", [["Ref", "Polarity", "Baseline"], ["A", "higher", 123],
                                ["B", "lower", "45%"]])
    assert read_spc_settings(figures) == {}
    both = Grid("Settings", [["Ref", "Baseline", "Run length"], ["A", 123, 6]])
    assert read_spc_settings(both)["A"] == SpcSettings(run=6, sheet="Settings", row=1, col=0)


def test_a_step_change_inside_the_baseline_is_refused() -> None:
    spc = settings(["Baseline from", "Baseline to", "Step change"],
                   ["STEP", "Jan-18", "Dec-19", "Jun-19"])
    with pytest.raises(SpcSettingsError) as caught:
        read_spc_settings(spc)
    assert caught.value.address == "'Settings'!E4"
    assert "falls inside the baseline that ends in Dec-19" in caught.value.message


def test_a_baseline_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(SpcSettingsError, match=r"starts .Dec-19. after it ends .Jan-18."):
        read_spc_settings(settings(["Baseline from", "Baseline to"],
                                   ["STEP", "Dec-19", "Jan-18"]))


def test_a_settings_sheet_without_spc_columns_changes_nothing() -> None:
    grid = dashboard(("STEP", STEP))
    plain = plan_refresh(grid, settings(["Notes"], ["STEP", "x"]), Month(2020, 12))
    assert "spc_settings" not in plain.results
    assert read_spc_settings(settings(["Threshold"], ["STEP", 0.1])) == {}


# --- properties of the parser ---------------------------------------------------------------


@given(st.integers(min_value=-50, max_value=50), st.sampled_from([int, float, str]))
def test_run_lengths_are_read_exactly_or_refused(number: int, kind: type) -> None:
    raw: CellValue = kind(number)
    grid = settings(["Run length"], ["X", raw])
    if 6 <= number <= 9:
        assert read_spc_settings(grid)["X"].run == number
    else:
        with pytest.raises(SpcSettingsError) as caught:
            read_spc_settings(grid)
        assert caught.value.address == "'Settings'!C4"


@given(st.integers(min_value=0, max_value=12 * 28 - 1), st.integers(min_value=0, max_value=24))
def test_any_month_label_and_its_date_read_the_same(start: int, length: int) -> None:
    import datetime as dt

    # Two-digit years from 30 read as the 1900s (periods.py), so labels stay before 2030.
    first, last = Month(2000, 1).shift(start), Month(2000, 1).shift(start + length)
    by_label = read_spc_settings(settings(["Baseline"], ["X", f"{first.label()} to "
                                                             f"{last.label()}"]))["X"]
    by_date = read_spc_settings(settings(["Baseline from", "Baseline to"],
                                         ["X", dt.datetime(first.year, first.month, 1),
                                          dt.datetime(last.year, last.month, 15)]))["X"]
    assert (by_label.baseline_from, by_label.baseline_to) == (first, last)
    assert (by_date.baseline_from, by_date.baseline_to) == (first, last)


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=20, max_size=40))
def test_default_settings_chart_as_no_settings(figures: list[float]) -> None:
    months = [Month(2018, 1).shift(k) for k in range(len(figures))]
    plain = analyse(figures, "higher")
    same = analyse(figures, "higher", options=options_for(SpcSettings(), months))
    np.testing.assert_array_equal(plain.mean, same.mean)
    assert plain.variation == same.variation


def test_default_options_are_the_plain_defaults() -> None:
    assert options_for(None, MONTHS) == SpcOptions()


@given(st.lists(st.booleans(), min_size=1, max_size=48), st.integers(0, 47), st.integers(0, 47),
       st.integers(0, 47))
def test_the_baseline_span_is_exactly_the_points_in_the_baseline(
    has_figure: list[bool], a: int, b: int, cut: int
) -> None:
    start, end = Month(2018, 1).shift(min(a, b)), Month(2018, 1).shift(max(a, b))
    points = [Month(2018, 1).shift(k) for k, kept in enumerate(has_figure) if kept]
    options = options_for(SpcSettings(baseline_from=start, baseline_to=end,
                                      recalculate_from=(Month(2018, 1).shift(cut),)), points)
    assert options.baseline_span is not None
    low, high = options.baseline_span
    inside = [k for k, p in enumerate(points) if start <= p <= end]
    assert list(range(low, high)) == inside
    # The new phase starts at the first point on or after the recalculation month.
    [at] = options.recalculate_at
    assert all(p < Month(2018, 1).shift(cut) for p in points[:at])
    assert all(p >= Month(2018, 1).shift(cut) for p in points[at:])
