"""Units and measures: target operators, percentages from names, typed and formatted figures,
figures in another unit, ratios to a baseline, cumulative measures. Figures by hand."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.checks.grids import MONTHS, grid, header, line, settings, steady
from xl_addin.core.explain import explain
from xl_addin.core.findings import Finding
from xl_addin.core.grid import CellValue, Grid
from xl_addin.core.monthly import checked_refresh
from xl_addin.core.refresh import RefreshResult
from xl_addin.core.settings import infer_measure, named_unit, read_settings_sheet, resolve
from xl_addin.core.values import parse_target

AUG_COL = 2 + MONTHS.index("Aug-20")  # P


def only(result: RefreshResult, code: str) -> list[Finding]:
    return [f for f in result.findings if f.code == code]


def row_of(result: RefreshResult, ref: str) -> dict[str, object]:
    records = {str(r.ref): r for r in result.results.records()}
    return records[ref]._asdict()


# --- target text with an operator --------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "number", "polarity"),
    [(">= 95%", 0.95, "higher"), ("=/> 101%", 1.01, "higher"), ("< 5", 5.0, "lower"),
     ("95% or above", 0.95, "higher"), ("≥90%", 0.90, "higher"), ("<=3", 3.0, "lower"),
     ("at least 80%", 0.80, "higher"), ("no more than 12", 12.0, "lower"),
     ("95%+", 0.95, "higher"), ("Max. 7", 7.0, "lower"), ("250", 250.0, None),
     (250, 250.0, None), ("10 or fewer", 10.0, "lower")],
)
def test_a_target_with_an_operator_is_its_number_and_says_which_way_is_better(
    raw: CellValue, number: float, polarity: str | None,
) -> None:
    read = parse_target(raw)
    assert read.number == pytest.approx(number)
    assert read.polarity == polarity


@pytest.mark.parametrize("raw", ["tbc", "-", None, ">", "above target", "abc < 5"])
def test_a_target_that_is_no_number_has_no_polarity(raw: CellValue) -> None:
    read = parse_target(raw)
    assert read.number is None and read.polarity is None


_OPERATORS = st.sampled_from([(">=", "higher"), ("=/>", "higher"), ("≥", "higher"),
                              (">", "higher"), ("<", "lower"), ("<=", "lower"),
                              ("≤", "lower"), ("at least", "higher"), ("below", "lower")])


@given(_OPERATORS, st.integers(0, 100_000), st.booleans(), st.sampled_from(["", " "]))
def test_any_operator_before_any_figure_reads_back(
    operator: tuple[str, str], figure: int, percent: bool, gap: str,
) -> None:
    word, polarity = operator
    read = parse_target(f"{word}{gap}{figure:,}{'%' if percent else ''}")
    assert read.number == pytest.approx(figure / 100 if percent else figure)
    assert read.polarity == polarity and read.typed_percent == percent


@given(st.text(max_size=20))
def test_target_parsing_never_raises_and_a_number_is_finite(text: str) -> None:
    read = parse_target(text)
    assert read.number is None or math.isfinite(read.number)
    assert read.polarity is None or read.number is not None


# --- units from the name -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "unit"),
    [("Percentage of 16-17 year olds NEET", "percent"),
     ("Children seen as a % of referrals", "percent"),
     ("Referrals that were repeat referrals, % of all", "percent"),
     ("Attendance rate (%)", "percent"),
     ("School attendance %", "percent"),
     ("Proportion of plans reviewed", "percent"),
     ("Rate per 10,000 children", "rate"),
     ("Number of Early Help Plans opened", "count"),
     # a count whose name mentions a percentage, without a % sign, stays a count
     ("Number of pupils with percentage attendance below 90", "count")],
)
def test_the_name_says_percentage_anywhere(name: str, unit: str) -> None:
    assert named_unit(name) == unit


@pytest.mark.parametrize(
    ("name", "measure"),
    [("Number of referrals (Cumulative)", "cumulative"), ("Referrals YTD", "ytd"),
     ("Income year to date", "ytd"), ("Deaths R12M", "rolling"),
     ("Admissions, rolling 12 months", "rolling"), ("Number of referrals", "period")],
)
def test_cumulative_ytd_and_rolling_measures_from_the_name(name: str, measure: str) -> None:
    assert infer_measure(name) == measure


def test_a_percentage_of_a_baseline_or_plan_may_exceed_100() -> None:
    assert resolve("Elective activity as a % of 2019/20 baseline", None).over_100
    assert resolve("Activity, % of plan", None).over_100
    assert not resolve("Percentage of plans reviewed", None).over_100
    overrides, found = read_settings_sheet(Grid("Settings", [
        ["Ref", "Unit", "Measure"], ["A1", "% of baseline", "YTD"], ["A2", "count", None]]))
    assert found == []
    assert overrides["A1"].unit == "percent" and overrides["A1"].over_100
    assert overrides["A1"].measure == "ytd"


def test_a_settings_measure_column_of_names_is_not_read_as_a_setting() -> None:
    overrides, found = read_settings_sheet(Grid("Settings", [
        ["Ref", "Measure", "Polarity"], ["A1", "Number of referrals", "higher"]]))
    assert found == [] and overrides["A1"].measure is None


# --- figures typed or formatted as percentages ----------------------------------------------

def _cells(row: int, first: int = 2, count: int = 14) -> frozenset[tuple[int, int]]:
    return frozenset((row, c) for c in range(first, first + count))


def test_figures_formatted_as_percentages_make_a_percentage_indicator() -> None:
    values: list[CellValue] = [0.80] * 13 + [0.83]
    g = grid(line("S1", "Children seen within 10 days", values),
             line("A1", "Number of assessments", steady(100)))
    g = Grid(g.sheet, g.rows, percent_cells=_cells(1))
    result = checked_refresh(g)
    rec = row_of(result, "S1")
    assert rec["unit"] == "percent"
    # 83% against 80%: +3 points, beyond the one-point band.
    assert rec["change_previous"] == pytest.approx(0.03)
    assert rec["direction_previous"] == "up"
    assert row_of(result, "A1")["unit"] == "count"


def test_figures_typed_as_89_percent_make_a_percentage_indicator() -> None:
    values: list[CellValue] = ["80%"] * 13 + ["89%"]
    result = checked_refresh(grid(line("S1", "Children seen within 10 days", values)))
    rec = row_of(result, "S1")
    assert rec["unit"] == "percent"
    assert rec["current"] == pytest.approx(0.89)
    assert rec["change_previous"] == pytest.approx(0.09)


def test_12_percent_typed_in_a_count_row_is_a_warning_and_missing() -> None:
    values = steady(100)
    values[-1] = "12%"
    g = grid(line("A1", "Number of assessments", values),
             line("A2", "Number of plans", steady(50)))
    result = checked_refresh(g)
    (f,) = only(result, "unit_mismatch")
    assert (f.level, f.address) == ("warning", "'Early Help'!P2")
    assert "12%" in f.message and "count" in f.message and f.hint
    rec = row_of(result, "A1")
    assert math.isnan(rec["current"])  # type: ignore[arg-type]
    assert rec["direction_previous"] == "unknown"  # not ▼ -100%


def test_a_count_cell_formatted_as_a_percentage_is_a_warning_and_missing() -> None:
    g = grid(line("A1", "Number of assessments", steady(100)),
             line("A2", "Number of plans", steady(50)))
    g = Grid(g.sheet, g.rows, percent_cells=frozenset({(1, AUG_COL)}))
    (f,) = only(checked_refresh(g), "unit_mismatch")
    assert f.address == "'Early Help'!P2" and "formatted as a percentage" in f.message


def test_a_date_in_a_figure_cell_is_a_warning_and_missing() -> None:
    live = steady(100)
    live[-1] = dt.datetime(2020, 8, 1)  # live Excel gives a date-formatted cell as a date
    result = checked_refresh(grid(line("A1", "Number of assessments", live),
                                  line("A2", "Number of plans", steady(50))))
    (f,) = only(result, "date_figure")
    assert (f.level, f.address) == ("warning", "'Early Help'!P2")
    assert "2020-08-01" in f.message
    assert only(result, "not_a_number") == []

    in_file = steady(100)
    in_file[-1] = 44044.0  # a file gives the serial number; the cell's format says date
    g = grid(line("A1", "Number of assessments", in_file),
             line("A2", "Number of plans", steady(50)))
    g = Grid(g.sheet, g.rows, date_cells=frozenset({(1, AUG_COL), (0, 2)}))
    result = checked_refresh(g)
    (f,) = only(result, "date_figure")
    assert f.address == "'Early Help'!P2" and "44044" in f.message
    assert math.isnan(row_of(result, "A1")["current"])  # type: ignore[arg-type]


def test_the_percent_column_and_then_settings_win_over_the_evidence() -> None:
    head = header(tail=["%?", "Change from prev. period", None])
    name = "Percentage of plans reviewed"
    g = grid(line("P1", name, [60.0] * 13 + [70.0], at={"%?": "N"}, head=head),
             line("P2", "Plans reviewed", [60.0] * 13 + [70.0], at={"%?": "Y"}, head=head),
             head=head)
    result = checked_refresh(g)
    assert row_of(result, "P1")["unit"] == "count"
    assert row_of(result, "P2")["unit"] == "percent"
    result = checked_refresh(g, settings(["P1", None, "%"], ["P2", None, "count"]))
    assert row_of(result, "P1")["unit"] == "percent"
    assert row_of(result, "P2")["unit"] == "count"


def test_a_percentage_of_baseline_above_100_is_not_an_error() -> None:
    typed: list[CellValue] = [96.0, 98.0, 101.0, 99.0, 100.0, 102.0, 97.0, 99.0, 100.0, 101.0,
                              98.0, 103.0, 100.0, 105.0]
    fractions: list[CellValue] = [round(v / 100, 2) for v in typed]  # type: ignore[operator]
    g = grid(line("B1", "Elective activity as a % of 2019/20 baseline", typed),
             line("B2", "Outpatient activity as a % of baseline", fractions),
             line("P1", "Percentage of plans reviewed", typed))
    result = checked_refresh(g)
    assert row_of(result, "B1")["current"] == pytest.approx(1.05)  # 105 on the 0-100 scale
    assert row_of(result, "B2")["current"] == pytest.approx(1.05)  # 1.05 as a fraction
    over = only(result, "percent_over_100")
    assert {f.row for f in over} == {3}  # only the plain percentage


def test_the_target_operator_gives_the_polarity_when_settings_are_silent() -> None:
    pct: list[CellValue] = [90.0] * 13 + [93.0]
    g = grid(line("T1", "Percentage seen within 18 weeks", pct,
                  at={"Target 20-21": ">= 95%"}),
             line("T2", "Number of complaints", [6.0] * 13 + [4.0], at={"Target 20-21": "< 5"}),
             line("T3", "Number of compliments", [6.0] * 13 + [4.0], at={"Target 20-21": "< 5"}))
    result = checked_refresh(g, settings(["T3", "higher"]))
    t1, t2, t3 = (row_of(result, r) for r in ("T1", "T2", "T3"))
    # 93% against >= 95%: 2 points short, within 5% of 95% (4.75 points): Amber.
    assert (t1["polarity"], t1["target"], t1["rag"]) == ("higher", pytest.approx(0.95), "amber")
    assert t1["variance"] == pytest.approx(-0.02)
    # 4 against < 5, lower is better: met.
    assert (t2["polarity"], t2["target"], t2["rag"]) == ("lower", 5.0, "green")
    # Settings say higher: 4 against 5 is 20% short, beyond the 5% tolerance.
    assert (t3["polarity"], t3["rag"]) == ("higher", "red")
    assert only(result, "not_a_number") == [] and only(result, "no_target") == []


# --- cumulative, year-to-date and rolling measures ------------------------------------------

def test_a_cumulative_measure_has_no_previous_period_change_and_a_note_says_why() -> None:
    ytd: list[CellValue] = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 10.0, 20.0,
                            30.0, 44.0, 56.0]  # Jul-19 .. Aug-20; the year restarts in April
    g = grid(line("Y1", "Referrals (Cumulative)", ytd), line("Y2", "Referrals in the month", ytd))
    result = checked_refresh(g, Grid("Settings", [["Ref", "Measure"], ["Y2", "year to date"]]))
    for ref in ("Y1", "Y2"):
        rec = row_of(result, ref)
        assert math.isnan(rec["change_previous"])  # type: ignore[arg-type]
        assert rec["direction_previous"] == "unknown"
        # Aug-20 56 against Aug-19 20: +180%.
        assert rec["change_year"] == pytest.approx(1.8)
        assert rec["dot_basis"] == "year"
    notes = only(result, "running_measure")
    assert [(f.level, f.row, f.col) for f in notes] == [("info", 1, 16), ("info", 2, 16)]
    assert "cumulative" in notes[0].message and "year to date" in notes[1].message
    said = dict(explain(result, "Y2").lines)
    assert said["Change from previous month"].startswith("it is a year to date figure")
    assert "n/a" in said["Change from previous month"]
    assert ", year to date;" in said["Settings"]


# --- rows without a Ref; copy-forward before the reporting month ------------------------------

def test_a_row_with_figures_but_no_ref_is_a_warning_at_its_ref_cell() -> None:
    g = grid(line("A1", "Number of assessments", steady(100)),
             line(None, "Number of plans", steady(50)))
    (f,) = only(checked_refresh(g), "no_ref")
    assert (f.level, f.address) == ("warning", "'Early Help'!A3")
    assert "Number of plans" in f.message


def test_a_month_copied_forward_before_the_reporting_month_is_found() -> None:
    feb, mar = 2 + MONTHS.index("Feb-20"), 2 + MONTHS.index("Mar-20")
    rows = [line("A1", "Number of assessments", steady(100)),
            line("A2", "Number of plans", steady(50))]
    for r in rows:
        r[mar] = r[feb]
    (f,) = only(checked_refresh(grid(*rows)), "copy_forward")
    assert (f.level, f.row, f.col) == ("warning", 0, mar)
    assert f.message.startswith("every figure in Mar-20 is the same as in Feb-20")


@given(st.text(max_size=40))
def test_a_name_that_starts_percentage_of_is_always_a_percentage(rest: str) -> None:
    assert named_unit(f"Percentage of {rest}") == "percent"
    assert resolve(f"Percentage of {rest}", None).unit == "percent"


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,-()", max_size=40))
def test_a_name_without_percent_words_is_never_a_percentage(name: str) -> None:
    # Only '%', 'percent(age)' or a leading 'proportion' make a name a percentage.
    if "percent" not in name and not name.strip().startswith("proportion"):
        assert named_unit(name) != "percent"
