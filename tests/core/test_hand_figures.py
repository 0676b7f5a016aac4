"""Figures worked out by hand for faults no other test caught (issue 11).

Each test pins one rule at the place a one-line slip would change it, with the
expected figure computed here by hand, through the whole pure pipeline
(`plan_refresh` / `checked_refresh` on in-memory grids) so that a refactor of the
internals keeps them meaningful. docs/mutation.md lists the slips they catch.
"""

from __future__ import annotations

import math

import pytest

from xl_addin.core import rules
from xl_addin.core.grid import CellValue, Grid
from xl_addin.core.layout import detect_layout
from xl_addin.core.monthly import checked_refresh
from xl_addin.core.periods import Month
from xl_addin.core.plan import CellWrite
from xl_addin.core.planner import POINTS_FORMAT
from xl_addin.core.refresh import RefreshResult, plan_refresh
from xl_addin.core.rules import relative_change, target_variance
from xl_addin.core.settings import find_settings_sheet, parse_fraction, read_settings_sheet

MONTHS: list[CellValue] = [Month(2019, 1).shift(i).label() for i in range(20)]  # Jan-19..Aug-20
AUG20, JUL20, AUG19, MAR20, JAN19 = 2 + 19, 2 + 18, 2 + 7, 2 + 14, 2  # their columns


def table(tail: list[CellValue], *rows: list[CellValue]) -> Grid:
    """A dashboard: Ref, Indicator, Jan-19..Aug-20, then `tail`'s columns."""
    return Grid("Early Help", [["Ref", "Indicator", *MONTHS, *tail], *rows])


def row(ref: str, name: str, tail: list[CellValue], **months: CellValue) -> list[CellValue]:
    """A data row: month figures by column name (AUG20=...), then the tail's cells."""
    figures: list[CellValue] = [None] * len(MONTHS)
    for key, value in months.items():
        figures[globals()[key] - 2] = value
    return [ref, name, *figures, *tail]


def settings(*lines: list[CellValue]) -> Grid:
    return Grid("Settings", [["Ref", "Polarity", "Unit", "Threshold"], *lines])


def cells(result: RefreshResult) -> dict[tuple[int, int], CellWrite]:
    return {(w.row, w.col): w for w in result.plan.writes}


def at(result: RefreshResult, grid: Grid, header: str, row: int = 1) -> CellWrite:
    """The write in the column headed `header` (the arrow cell of a pair)."""
    return cells(result)[(row, list(grid.rows[0]).index(header))]


# --- targets by financial year --------------------------------------------------------------

TARGET_TAIL: list[CellValue] = ["Target 19-20", "Variance to target", "RAG"]


def test_no_target_for_this_financial_year_is_n_a_not_last_years_target() -> None:
    # Aug-20 is in 2020/21; the only target is 2019/20's 100. Using it would give +20 / Green.
    grid = table(TARGET_TAIL, row("A1", "Number of plans", [100, None, None], AUG20=120))
    result = plan_refresh(grid, settings(["A1", "higher", None, None]))
    assert at(result, grid, "Variance to target").value == "n/a"
    assert at(result, grid, "RAG").value == "n/a"


def test_each_financial_year_reads_its_own_target_column() -> None:
    tail: list[CellValue] = ["Target 19-20", "Target 20-21", "Variance to target"]
    grid = table(tail, row("A1", "Number of plans", [100, 200, None], MAR20=110, AUG20=150))
    # Mar-20 is in 2019/20: 110 - 100 = +10; Aug-20 is in 2020/21: 150 - 200 = -50.
    assert at(plan_refresh(grid, month=Month(2020, 3)), grid, "Variance to target").value == 10
    assert at(plan_refresh(grid), grid, "Variance to target").value == -50


def test_an_undated_target_serves_any_year_and_is_not_reported_missing() -> None:
    tail: list[CellValue] = ["Target", "Variance to target", "RAG"]
    grid = table(tail, row("A1", "Number of plans", [100, None, None], AUG19=90, AUG20=96))
    result = checked_refresh(grid, settings(["A1", "higher", None, None]))
    # 96 - 100 = -4, short by 4 <= 5% of 100: Amber.
    assert at(result, grid, "Variance to target").value == -4
    assert at(result, grid, "RAG").value == "Amber"
    assert [f for f in result.findings if f.code == "no_target"] == []


# --- percentages: benchmarks and variances in points -----------------------------------------

PERCENT_TAIL: list[CellValue] = ["England", "vs England", "Target 20-21", "Variance to target",
                                 "Variance %"]


def test_percentage_benchmark_is_judged_in_points_not_relatively() -> None:
    # 30.5% against England's 30%: 0.5 points, inside the 1-point band: Similar.
    # (Relatively it is +1.7%, which a relative reading would call Better.)
    # 32% against 30%: 2 points: Better.
    grid = table(PERCENT_TAIL,
                 row("P1", "Percentage of plans closed", [0.30, None, None, None, None],
                     AUG20=0.305),
                 row("P2", "Percentage of plans reviewed", [0.30, None, None, None, None],
                     AUG20=0.32))
    higher = settings(["P1", "higher", None, None], ["P2", "higher", None, None])
    result = plan_refresh(grid, higher)
    assert at(result, grid, "vs England", row=1).value == "Similar"
    assert at(result, grid, "vs England", row=2).value == "Better"


def test_percentage_target_variance_is_written_in_points_under_a_points_format() -> None:
    # 62% against a 60% target: +2.0 points; variance % = 0.02 / 0.60 = +3.33%.
    grid = table(PERCENT_TAIL,
                 row("P1", "Percentage of plans closed", [None, None, 0.60, None, None],
                     AUG20=0.62))
    result = plan_refresh(grid)
    variance = at(result, grid, "Variance to target")
    assert variance.value == pytest.approx(2.0)
    assert variance.number_format == POINTS_FORMAT
    assert at(result, grid, "Variance %").value == pytest.approx(0.02 / 0.60)


@pytest.mark.parametrize(("figure", "target", "points", "relative"), [
    (62.0, 60.0, 2.0, 0.02 / 0.60),     # a row typed on the 0-100 scale, and its target too
    (0.62, 60.0, 2.0, 0.02 / 0.60),     # a row of fractions, a target typed as 60: still 60%
    (0.62, 0.60, 2.0, 0.02 / 0.60),     # both fractions
    (62.0, "60%", 2.0, 0.02 / 0.60),    # a 0-100 row, the target typed as text with its %
    (2.5, 0.9, 1.6, 0.016 / 0.009),     # a 0-100 row (2.5%) and its target 0.9: 0.9%, not 90%
    (1.8, 2.0, -0.2, -0.002 / 0.02),    # 1.8 and 2 on a 0-100 row: 1.8%, not 180%
])
def test_percentage_targets_on_either_scale_give_the_same_points(
        figure: float, target: CellValue, points: float, relative: float) -> None:
    grid = table(PERCENT_TAIL,
                 row("P1", "Percentage of plans closed", [None, None, target, None, None],
                     JUL20=figure, AUG20=figure))
    result = plan_refresh(grid)
    assert at(result, grid, "Variance to target").value == pytest.approx(points)
    assert at(result, grid, "Variance %").value == pytest.approx(relative)


# --- negative targets and bases: divide by the size, keep the sign of the change -------------

def test_variance_against_a_negative_target_divides_by_its_size() -> None:
    # Net change -5 against a target of -10: -5 - (-10) = +5, and +5 / |-10| = +50%.
    variance, pct = target_variance(-5.0, -10.0)
    assert (float(variance), float(pct)) == (5.0, 0.5)
    assert float(relative_change(-12.0, -10.0)) == pytest.approx(-0.2)  # -2 / |-10|
    grid = table(["Target 20-21", "Variance to target", "Variance %", "RAG"],
                 row("N1", "Net change in open cases", [-10, None, None, None], AUG20=-5))
    result = plan_refresh(grid, settings(["N1", "higher", None, None]))
    assert at(result, grid, "Variance to target").value == 5
    assert at(result, grid, "Variance %").value == pytest.approx(0.5)
    assert at(result, grid, "RAG").value == "Green"  # -5 is above -10, and higher is better


# --- direction of travel ---------------------------------------------------------------------

def test_dot_within_the_band_against_last_year_does_not_fall_back_to_last_month() -> None:
    # 105 against Aug-19's 100 is +5%: inside the 10% band, so Similar (►) against last
    # year, although against Jul-20's 84 it is +25% (▲).
    grid = table(["DoT"], row("A1", "Number of plans", [None], AUG19=100, JUL20=84, AUG20=105))
    result = plan_refresh(grid, settings(["A1", "higher", None, None]))
    dot = at(result, grid, "DoT")
    assert (dot.value, dot.tone) == ("►", "neutral")
    assert result.results["dot_basis"].tolist() == ["year"]


def test_dot_falls_back_to_last_month_only_when_last_year_is_missing() -> None:
    grid = table(["DoT"], row("A1", "Number of plans", [None], JUL20=84, AUG20=105))
    dot = at(plan_refresh(grid, settings(["A1", "higher", None, None])), grid, "DoT")
    assert (dot.value, dot.tone) == ("▲", "good")  # +25% against Jul-20


# --- settings: the threshold boundary --------------------------------------------------------

@pytest.mark.parametrize(("typed", "meant"), [
    (1, 0.01), ("1", 0.01), (10, 0.10), ("10%", 0.10), (0.5, 0.5), (0.99, 0.99), ("1pp", 0.01),
    ("0.5pp", 0.005), ("0.5 points", 0.005), (0, 0.0), ("0pp", 0.0),
])
def test_a_threshold_of_one_or_more_is_a_percentage(typed: CellValue, meant: float) -> None:
    assert parse_fraction(typed) == pytest.approx(meant)


@pytest.mark.parametrize("typed", [-1, "-5%", "-1pp", "xpp", "some", None])
def test_a_negative_or_unreadable_threshold_is_not_read(typed: CellValue) -> None:
    assert parse_fraction(typed) is None


def test_a_threshold_of_1_in_settings_is_one_percent() -> None:
    # +2% (102 against 100) reaches a 1% threshold (▲); read as 100% it would be ►.
    grid = table(["Change from prev. period", None],
                 row("A1", "Number of plans", [None, None], JUL20=100, AUG20=102))
    result = plan_refresh(grid, settings(["A1", "higher", None, 1]))
    assert at(result, grid, "Change from prev. period").value == "▲"


# --- layout: blank rows and how far down the header may be ----------------------------------

def _rows_with_blanks(blanks: int) -> Grid:
    line = row("A1", "Number of plans", [], AUG20=5)
    later = row("A2", "Number of reviews", [], AUG20=6)
    empty: list[CellValue] = [None] * len(line)
    return table([], line, *[list(empty) for _ in range(blanks)], later)


@pytest.mark.parametrize("blanks", [1, 2, 3, 10])
def test_blank_rows_never_end_the_table(blanks: int) -> None:
    # docs/layouts.md: rows run to the next table or a note, over any number of blank rows.
    layout = detect_layout(_rows_with_blanks(blanks))
    assert layout is not None and layout.data_rows == (1, 2 + blanks)


def test_blank_rows_under_the_header_do_not_end_the_table() -> None:
    grid = _rows_with_blanks(0)
    blank: list[CellValue] = [None] * len(grid.rows[0])
    under = detect_layout(Grid("Early Help", [grid.rows[0], blank, list(blank), *grid.rows[1:]]))
    assert under is not None and under.data_rows == (3, 4)


@pytest.mark.parametrize(("above", "found"), [(199, True), (200, False)])
def test_the_header_is_looked_for_in_the_first_200_rows(above: int, found: bool) -> None:
    header: list[CellValue] = ["Ref", "Indicator", *MONTHS]
    notes: list[list[CellValue]] = [[f"note {i}"] + [None] * (len(header) - 1)
                                    for i in range(above)]
    grid = Grid("Early Help", [*notes, header, row("A1", "Number of plans", [], AUG20=5)])
    layout = detect_layout(grid)
    assert (layout is not None) is found
    if layout is not None:
        assert layout.header_row == above


# --- a comparison column with nothing to compare to ------------------------------------------

def test_vs_england_without_an_england_column_is_left_as_it_is() -> None:
    tail: list[CellValue] = ["vs England", "DoT"]
    grid = table(tail, row("A1", "Number of plans", ["typed by hand", None],
                           AUG19=100, AUG20=130))
    result = plan_refresh(grid, settings(["A1", "higher", None, None]))
    vs_col = 2 + len(MONTHS)
    assert not [w for w in result.plan.writes if w.col == vs_col]
    assert at(result, grid, "DoT").value == "▲"  # the rest of the row is still refreshed


# --- edges found by the mutation pass (docs/mutation.md) -------------------------------------

def test_on_target_counts_as_met_for_big_figures_despite_float_noise() -> None:
    # 3,000,000.1 + 0.2 is 3,000,000.3000000003 in binary: on a 3,000,000.3 target it is on
    # target (Green), even with no tolerance; the slack scales with the target's size.
    value = 3_000_000.1 + 0.2
    assert rules.scalar(rules.rag(value, 3_000_000.3, "lower", 0.0)) == "green"
    assert rules.scalar(rules.rag(3_000_000.4, 3_000_000.3, "lower", 0.0)) == "red"
    # The same for a big negative target: the slack follows its size, not its sign.
    noisy = -3_000_000_000.1 - 0.2  # -3,000,000,000.2999997
    assert rules.scalar(rules.rag(noisy, -3_000_000_000.3, "lower", 0.0)) == "green"


def test_a_negative_threshold_counts_as_its_size() -> None:
    # A UDF caller may type -10%: +15% is still up, -5% still flat.
    assert rules.direction([0.15, -0.05, -0.15], -0.10).tolist() == ["up", "flat", "down"]


def test_amber_band_is_a_share_of_the_targets_size() -> None:
    # Target -10, tolerance 5%: short by 0.4 <= 0.5 is Amber (a signed band would be -0.5).
    assert rules.scalar(rules.rag(-10.4, -10.0, "higher", 0.05)) == "amber"
    assert rules.scalar(rules.rag(-10.6, -10.0, "higher", 0.05)) == "red"
    # A tolerance typed negative in a UDF counts as its size: 96 against 100 is Amber.
    assert rules.scalar(rules.rag(96.0, 100.0, "higher", -0.05)) == "amber"


def test_a_window_with_one_figure_averages_and_maxes_to_it() -> None:
    means, maxima, used = rules.window_stats([[None, 5.0, None], [None, None, None]], 2, 12)
    assert means.tolist()[0] == 5.0 and maxima.tolist()[0] == 5.0
    assert used.tolist() == [1, 0]
    assert math.isnan(means[1]) and math.isnan(maxima[1])  # nothing to average


def _short_table(first: Month, count: int, figures: list[float],
                 tail: list[CellValue]) -> Grid:
    months: list[CellValue] = [first.shift(i).label() for i in range(count)]
    return Grid("Early Help", [["Ref", "Indicator", *months, *tail],
                               ["A1", "Number of plans", *figures, *([None] * len(tail))]])


def test_last_year_in_the_first_month_column_is_used_and_before_it_is_n_a() -> None:
    tail: list[CellValue] = ["% change from same period py", None]
    # Aug-19 .. Aug-20: Aug-19 is the first column; 150 against it is +50%.
    grid = _short_table(Month(2019, 8), 13, [100.0, *([120.0] * 11), 150.0], tail)
    result = plan_refresh(grid)
    assert cells(result)[(1, 2 + 13 + 1)].value == pytest.approx(0.5)
    assert result.results["year_month"].tolist() == [Month(2019, 8)]
    # Sep-19 .. Aug-20: Aug-19 is not on the sheet: n/a, not the first month's figure.
    grid = _short_table(Month(2019, 9), 12, [100.0, *([120.0] * 10), 150.0], tail)
    result = plan_refresh(grid)
    assert cells(result)[(1, 2 + 12 + 1)].value == "n/a"
    assert result.results["year_month"].tolist() == [None]


@pytest.mark.parametrize(("name", "figures", "value", "number_format"), [
    # 0-100 percentages: the average is shown on the row's own scale, as 62.0 with "0.0".
    ("Percentage of plans closed", [60.0, 64.0], 62.0, "0.0"),
    ("Percentage of plans closed", [0.60, 0.64], 0.62, "0.0%"),
    ("Number of plans", [60.0, 64.0], 62.0, "#,##0"),
])
def test_average_is_written_on_the_rows_own_scale_and_format(
        name: str, figures: list[float], value: float, number_format: str) -> None:
    grid = _short_table(Month(2019, 9), 12, [figures[0]] * 6 + [figures[1]] * 6,
                        ["12-mnth avg"])
    grid.rows[1][1] = name
    written = cells(plan_refresh(grid))[(1, 2 + 12)]
    assert written.value == pytest.approx(value)
    assert written.number_format == number_format  # a full window: no '*'


def test_a_short_window_is_marked_and_an_empty_one_is_not() -> None:
    nan = float("nan")
    grid = _short_table(Month(2019, 9), 12, [nan] + [10.0] * 11, ["12-mnth avg"])
    grid.rows.append(["A2", "Number of reviews", *([nan] * 11), 5.0, None])
    grid.rows.append(["A3", "Number of visits", *([None] * 12), None])
    result = plan_refresh(grid)
    avg = {row: cells(result)[(row, 2 + 12)] for row in (1, 2, 3)}
    assert (avg[1].value, avg[1].number_format) == (10.0, '#,##0"*"')  # 11 of 12 months
    assert (avg[2].value, avg[2].number_format) == (5.0, '#,##0"*"')    # 1 of 12
    assert (avg[3].value, avg[3].number_format) == ("n/a", "#,##0")     # nothing to mark


def test_the_settings_header_needs_a_ref_and_a_setting_in_one_row() -> None:
    sheet = Grid("Settings", [["Indicator settings"], ["Polarity"], ["Ref", "Notes"],
                              ["Ref", "Polarity"], ["A1", "lower is better"]])
    overrides, findings = read_settings_sheet(sheet)
    assert overrides["A1"].polarity == "lower" and findings == []


def test_the_settings_sheet_is_found_by_its_name_in_any_case() -> None:
    assert find_settings_sheet(["Early Help", " Indicator SETTINGS "]) == " Indicator SETTINGS "
    assert find_settings_sheet(["Early Help", "Data checks"]) is None


@pytest.mark.parametrize(("above", "found"), [(49, True), (50, False)])
def test_the_settings_header_is_looked_for_in_the_first_50_rows(above: int, found: bool) -> None:
    notes: list[list[CellValue]] = [[f"note {i}", None] for i in range(above)]
    sheet = Grid("Settings", [*notes, ["Ref", "Polarity"], ["A1", "lower"]])
    overrides, _ = read_settings_sheet(sheet)
    assert ("A1" in overrides) is found


def test_a_table_away_from_a1_gives_the_same_figures_in_its_own_cells() -> None:
    # The used range of a real sheet starts where its content starts: here at D6 (5, 3).
    tail: list[CellValue] = ["Change from prev. period", None, "Target 20-21",
                             "Variance to target"]
    rows = [["Ref", "Indicator", *MONTHS, *tail],
            row("A1", "Number of plans", [None, None, 100, None], JUL20=80, AUG20=100),
            row("A2", "Number of reviews", [None, None, 40, None], JUL20=50, AUG20=45)]
    at_a1 = cells(plan_refresh(Grid("Early Help", rows)))
    moved = cells(plan_refresh(Grid("Early Help", rows, origin=(5, 3))))
    assert {(r + 5, c + 3): (w.value, w.number_format) for (r, c), w in at_a1.items()} == {
        cell: (w.value, w.number_format) for cell, w in moved.items()}
    change = 2 + len(MONTHS) + 1
    assert moved[(6, change + 3)].value == pytest.approx(0.25)   # 100 against 80
    assert moved[(7, change + 3)].value == pytest.approx(-0.1)   # 45 against 50
    assert moved[(7, change + 3 + 2)].value == 5                 # 45 - 40


def test_the_first_month_on_the_sheet_can_be_the_reporting_month() -> None:
    grid = table(["Change from prev. period", None],
                 row("A1", "Number of plans", [None, None], JAN19=7, AUG20=9))
    result = plan_refresh(grid, month=Month(2019, 1))
    assert result.month == Month(2019, 1)
    assert result.results["current"].tolist() == [7.0]


def test_a_numeric_ref_and_a_blank_name_are_read() -> None:
    line = row("x", "x", [None], AUG19=100, AUG20=130)
    line[0], line[1] = 101, None
    grid = table(["DoT"], line)
    result = plan_refresh(grid, settings([101, "higher", None, None]))
    assert result.results["ref"].tolist() == ["101"]
    assert at(result, grid, "DoT").value == "▲"  # +30% against Aug-19, higher is better


def test_months_split_by_another_column_are_read_in_their_own_cells() -> None:
    # A 'Q4 total' column among the months: the month cells are not one block.
    header: list[CellValue] = ["Ref", "Indicator", "Jan-20", "Feb-20", "Mar-20", "Q4 total",
                               "Apr-20", "Change from prev. period", None]
    # A reader's rows end at their last cell: this one is shorter than the header.
    grid = Grid("Early Help", [header, ["A1", "Number of plans", 10, 20, 40, 70, 50]],
                origin=(2, 3))
    result = plan_refresh(grid)
    assert result.results["current"].tolist() == [50.0]
    assert result.results["previous"].tolist() == [40.0]  # Mar-20, not the Q4 total
    assert cells(result)[(3, 3 + 8)].value == pytest.approx(0.25)  # 50 against 40


def test_a_target_of_1_on_a_row_of_fractions_is_100_percent() -> None:
    grid = table(PERCENT_TAIL,
                 row("P1", "Percentage of plans closed", [None, None, 1, None, None],
                     JUL20=0.9, AUG20=0.95))
    assert at(plan_refresh(grid), grid, "Variance to target").value == pytest.approx(-5.0)
