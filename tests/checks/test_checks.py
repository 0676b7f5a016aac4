"""Each data check on small in-memory dashboards: where it fires, where it must not."""

from __future__ import annotations

import pytest

from xl_addin.core.checks import benchmark_data_end, count_levels
from xl_addin.core.findings import Finding
from xl_addin.core.grid import CellValue, Grid
from xl_addin.core.monthly import checked_refresh
from xl_addin.core.periods import Month

from .grids import MONTHS, grid, header, line, settings, steady

AUG20 = 2 + MONTHS.index("Aug-20")  # the reporting month's column
JUL20 = AUG20 - 1


def clean_rows() -> list[list[CellValue]]:
    return [
        line("A1", "Number of assessments", steady(100), at={"Target 20-21": 100}),
        line("A2", "Number of plans", steady(50), at={"Target 20-21": 45}),
    ]


def findings(g: Grid, s: Grid | None = None, month: Month | None = None) -> list[Finding]:
    return list(checked_refresh(g, s, month).findings)


def only(found: list[Finding], code: str) -> list[Finding]:
    return [f for f in found if f.code == code]


def test_a_clean_table_has_no_findings() -> None:
    assert findings(grid(*clean_rows())) == []


def test_every_finding_names_a_cell_says_what_is_wrong_and_what_to_do() -> None:
    rows = clean_rows()
    rows[0][AUG20] = -5
    rows[1][JUL20] = "lots"
    found = findings(grid(*rows, rows[0]))
    assert found
    for f in found:
        assert f.address.startswith("'Early Help'!") and f.message and f.hint


# --- negative figures ---------------------------------------------------------------------

def test_a_negative_count_in_the_reporting_month_is_an_error_at_its_cell() -> None:
    rows = clean_rows()
    rows[1][AUG20] = -3
    (f,) = only(findings(grid(*rows)), "negative")
    assert (f.level, f.row, f.col) == ("error", 2, AUG20)
    assert f.address == "'Early Help'!P3"
    assert "-3" in f.message and "count" in f.message


def test_a_negative_figure_older_than_the_year_the_refresh_reads_is_not_reported() -> None:
    rows = clean_rows()
    rows[0][2] = -1  # Jul-19: thirteen months before Aug-20
    assert only(findings(grid(*rows)), "negative") == []
    rows[0][3] = -1  # Aug-19: the same period last year, which the refresh reads
    assert len(only(findings(grid(*rows)), "negative")) == 1


# --- percentages over 100 -----------------------------------------------------------------

@pytest.mark.parametrize(("typed", "errors"), [(99.5, 0), (100, 0), (100.2, 1), (105, 1)])
def test_percentages_typed_0_to_100_above_100_are_errors(typed: float, errors: int) -> None:
    values: list[CellValue] = [60.0 + i for i in range(13)] + [typed]
    g = grid(line("P1", "Percentage of children seen", values))
    found = only(findings(g), "percent_over_100")
    assert len(found) == errors
    assert all(f.level == "error" and f.col == AUG20 for f in found)


def test_a_percentage_typed_as_text_over_100_percent_is_an_error() -> None:
    values: list[CellValue] = [60.0] * 13 + ["104%"]
    (f,) = only(findings(grid(line("P1", "Percentage of children seen", values))),
                "percent_over_100")
    assert "104%" in f.message and "104.0%" in f.message


# --- outliers -------------------------------------------------------------------------------

def test_a_figure_far_outside_the_last_twelve_months_is_a_warning() -> None:
    rows = clean_rows()
    rows[0][AUG20] = 1000  # a slipped digit: 100 -> 1000
    (f,) = only(findings(grid(*rows)), "outlier")
    assert (f.level, f.row, f.col) == ("warning", 1, AUG20)
    assert "standard deviations above" in f.message and "12 months" in f.message


def test_outliers_need_six_earlier_figures_and_some_spread() -> None:
    few: list[CellValue] = [None] * 8 + [100, 103, 98, 101, 99, 1000]  # five before Aug-20
    flat: list[CellValue] = [100] * 13 + [1000]  # sd 0: no basis for a z-score
    g = grid(line("A1", "Number of a", few), line("A2", "Number of b", flat))
    assert only(findings(g), "outlier") == []


def test_quarterly_indicators_are_not_checked_for_outliers() -> None:
    values: list[CellValue] = [100, None, None] * 4 + [None, 1000]
    g = grid(line("Q1", "Families attached per quarter", values))
    assert only(findings(g), "outlier") == []


# --- copy-forward ---------------------------------------------------------------------------

def test_a_month_identical_to_the_previous_one_for_every_indicator_is_a_warning() -> None:
    rows = clean_rows()
    for r in rows:
        r[AUG20] = r[JUL20]
    (f,) = only(findings(grid(*rows)), "copy_forward")
    assert (f.level, f.row, f.col) == ("warning", 0, AUG20)
    assert "Jul-20" in f.message and "Aug-20" in f.message


def test_one_changed_figure_or_a_single_indicator_is_not_a_copy_forward() -> None:
    rows = clean_rows()
    for r in rows:
        r[AUG20] = r[JUL20]
    rows[1][AUG20] = 51.5
    assert only(findings(grid(*rows)), "copy_forward") == []
    single = clean_rows()[:1]
    single[0][AUG20] = single[0][JUL20]
    assert only(findings(grid(*single)), "copy_forward") == []


# --- missing latest figures -------------------------------------------------------------

def test_a_blank_latest_figure_is_a_warning_and_tbc_a_note() -> None:
    rows = clean_rows()
    rows.append(line("A3", "Number of visits", [*steady(20)[:13], "tbc"]))
    rows.append(line("A4", "Number of reviews", [*steady(20)[:13], None]))
    rows[0][AUG20] = 101  # keeps Aug-20 the reporting month
    found = only(findings(grid(*rows)), "missing_latest")
    assert [(f.level, f.row) for f in found] == [("warning", 4), ("info", 3)]
    assert "'tbc'" in found[1].message


def test_a_quarterly_figure_within_the_last_three_months_is_not_missing() -> None:
    values: list[CellValue] = [None] * 11 + [120, None, None]  # Jun-20 figure, Aug-20 report
    rows = [*clean_rows(), line("Q1", "Families attached per quarter", values)]
    assert only(findings(grid(*rows)), "missing_latest") == []


# --- duplicate Refs -------------------------------------------------------------------------

def test_a_repeated_ref_is_an_error_on_the_second_row_whatever_its_case() -> None:
    rows = [*clean_rows(), line("a1", "Number of other things", steady(10))]
    (f,) = only(findings(grid(*rows)), "duplicate_ref")
    assert (f.level, f.row, f.col) == ("error", 3, 0)
    assert "row 2" in f.message


# --- month headers --------------------------------------------------------------------------

def months_grid(labels: list[str]) -> Grid:
    head = header(list(labels))
    return grid(line("A1", "Number of a", [10 + i for i in range(len(labels))], head=head),
                line("A2", "Number of b", [20 + i for i in range(len(labels))], head=head),
                head=head)


def test_a_month_header_out_of_order_is_an_error_at_that_header() -> None:
    labels = ["Apr-20", "May-20", "Jul-21", "Jul-20", "Aug-20"]  # a mistyped year
    found = only(findings(months_grid(labels)), "month_order")
    assert [(f.level, f.col) for f in found] == [("error", 5)]
    assert "Jul-20 comes after Jul-21" in found[0].message


def test_a_repeated_month_header_is_an_error() -> None:
    found = only(findings(months_grid(["Jun-20", "Jul-20", "Jul-20", "Aug-20"])),
                 "month_order")
    assert [(f.level, f.col) for f in found] == [("error", 4)]


def test_a_missing_month_is_a_warning_naming_it() -> None:
    (f,) = only(findings(months_grid(["May-20", "Jun-20", "Aug-20"])), "month_gap")
    assert f.level == "warning" and "no column for Jul-20" in f.message


def test_newest_first_tables_and_quarterly_columns_are_not_flagged() -> None:
    assert findings(months_grid(["Aug-20", "Jul-20", "Jun-20", "May-20"])) == []
    quarterly = only(findings(months_grid(["Sep-19", "Dec-19", "Mar-20", "Jun-20"])),
                     "month_gap")
    assert quarterly == []


# --- targets ------------------------------------------------------------------------------

def test_no_target_column_for_this_financial_year_is_one_warning() -> None:
    tail: list[CellValue] = ["DoT", "Target 19-20", "RAG"]
    head = header(tail=tail)
    g = grid(line("A1", "Number of a", steady(100), head=head, at={"Target 19-20": 90}),
             line("A2", "Number of b", steady(50), head=head), head=head)
    (f,) = only(findings(g), "no_target")
    assert (f.level, f.row) == ("warning", 0)
    assert "2020/21" in f.message and "Target 20-21" in f.hint


def test_a_target_dropped_this_year_is_a_warning_but_a_dash_is_deliberate() -> None:
    rows = clean_rows()
    rows[0][header().index("Target 19-20")] = 336
    rows[0][header().index("Target 20-21")] = "TBC"
    rows[1][header().index("Target 19-20")] = 40
    rows[1][header().index("Target 20-21")] = "-"
    (f,) = only(findings(grid(*rows)), "no_target")
    assert f.row == 1 and "(TBC)" in f.message and "2019/20 had 336" in f.message


def test_a_table_without_targets_is_not_asked_for_them() -> None:
    head = header(tail=["DoT", "12-mnth avg"])
    g = grid(line("A1", "Number of a", steady(100), head=head),
             line("A2", "Number of b", steady(60), head=head), head=head)
    assert only(findings(g), "no_target") == []


# --- benchmark age --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "end"), [
    ("England (Updated Mar-19 using ENG 17-18 data)", Month(2018, 3)),
    ("(Updated M Mar-19. using ENG 17-18 data) SE region", Month(2018, 3)),
    ("England 2018/19", Month(2019, 3)),
    ("Stat neighbours 2019", Month(2019, 12)),
    ("England (updated Jan-20)", Month(2020, 1)),
])
def test_the_data_period_is_read_from_benchmark_headers(text: str, end: Month) -> None:
    found = benchmark_data_end(text)
    assert found is not None and found[0] == end


def test_a_header_without_a_date_gives_no_age() -> None:
    assert benchmark_data_end("SE region") is None


@pytest.mark.parametrize(("year", "stale"), [("18-19", False), ("17-18", True)])
def test_benchmarks_more_than_two_years_old_are_a_warning(year: str, stale: bool) -> None:
    # 18-19 data ends Mar-19: 17 months before Aug-20; 17-18 ends Mar-18: 29 months.
    head = header(tail=["DoT", f"England (Updated Mar-19 using ENG {year} data)"])
    g = grid(line("A1", "Number of a", steady(100), head=head),
             line("A2", "Number of b", steady(50), head=head), head=head)
    found = only(findings(g), "stale_benchmark")
    assert len(found) == int(stale)
    if stale:
        assert found[0].row == 0 and "29 months" in found[0].message


def test_exactly_two_years_old_is_not_yet_stale() -> None:
    head = header(tail=["DoT", "England 2017/18"])  # ends Mar-18
    rows = [line("A1", "Number of a", steady(100), head=head),
            line("A2", "Number of b", steady(50), head=head)]
    assert only(findings(grid(*rows, head=head), month=Month(2020, 3)), "stale_benchmark") == []
    assert len(only(findings(grid(*rows, head=head), month=Month(2020, 4)),
                    "stale_benchmark")) == 1


# --- one place per finding ------------------------------------------------------------------

def test_a_non_numeric_entry_is_reported_once() -> None:
    rows = clean_rows()
    rows[0][JUL20] = "1O4"  # letter O
    found = [f for f in findings(grid(*rows)) if (f.row, f.col) == (1, JUL20)]
    assert [f.code for f in found] == ["not_a_number"]


def test_findings_come_errors_first_and_are_counted_by_level() -> None:
    rows = clean_rows()
    rows[0][AUG20] = -1
    rows.append(line("A3", "Number of visits", [*steady(20)[:13], "tbc"]))
    found = findings(grid(*rows), settings(["A1", "higher"]))
    levels = [f.level for f in found]
    assert levels == sorted(levels, key=["error", "warning", "info"].index)
    assert count_levels(found)["error"] == 1


def test_a_non_numeric_target_says_what_to_do_too() -> None:
    rows = clean_rows()
    rows[0][header().index("Target 20-21")] = "тв"  # garbled, as in the seed
    (f,) = [f for f in findings(grid(*rows)) if f.code == "not_a_number"]
    assert f.hint


def test_the_outlier_warning_gives_the_z_score_worked_out_without_the_current_figure() -> None:
    # Six months before Aug-20: 10, 12, 10, 12, 10, 12. Mean 11; squared deviations sum to
    # 6, so sd = sqrt(6 / 5) = 1.0954; Aug-20 20 is (20 - 11) / 1.0954 = 8.2 sd above.
    values: list[CellValue] = [None] * 7 + [10, 12, 10, 12, 10, 12, 20]
    (f,) = only(findings(grid(line("A1", "Number of a", values))), "outlier")
    assert "is 8.2 standard deviations above the mean of the 6 months before it" in f.message
    assert "(11.0, sd 1.1)" in f.message
