"""Layouts of real published scorecards, rebuilt as workbooks, read as an analyst keeps them.

Each builder reproduces the header layout of a published report (its wording, title
rows, section headings, targets left of the periods, no Ref, blank rows); the figures
are made up and every expected figure is worked out by hand in the test. Sources:

- Maidstone Borough Council, Key Performance Indicator updates to committee (2018/19):
  'Performance Indicator | Value | Target | Status | Last Year | Last Quarter', one
  block per priority, each under a section heading with its header repeated; 'Long
  Trend' compares with the same period last year.
  https://maidstone.gov.uk (meetings.maidstone.gov.uk, 'Key Performance Indicator Update
  Quarter 2 2018/19' and 'Quarter 3')
- Reigate and Banstead / Kent County Council quarterly KPI reports: a 'Status' column
  that compares the actual with the target (Green / Amber / Red).
  https://www.reigate-banstead.gov.uk/info/20090/council_policy/276/performance/2
  https://www.kent.gov.uk/about-the-council/information-and-data/council-performance
- A Scottish council's monthly key statistics (benefits and council tax): sections
  'Benefits' and 'Taxes', a 'Difference from previous month' column, no Ref.
  Council tax reduction monthly counts as published by the Scottish Government:
  https://gov.scot/publications/council-tax-reduction-scotland-2014-15/pages/4
- NHS England, Monthly A&E Attendances and Emergency Admissions: title and
  publication rows above the header, the England row far below the header, a source
  note under the table.
  https://www.england.nhs.uk/statistics/statistical-work-areas/ae-waiting-times-and-activity/
- NHS trust SPC (Making Data Count) inputs and the HES monthly time series: one row
  per month ('Nov-11', 'Oct-11', ...), periods running down the rows.
  https://www.hesonline.org.uk (HES monthly topic CSV)
- NHS England elective recovery (2022/23 planning guidance): ambitions per year left
  of the monthly figures, 'Value vs target'.
  https://www.england.nhs.uk/statistics/statistical-work-areas/rtt-waiting-times/recovery-of-elective_activity-mi/
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from xl_addin.core.errors import TableNotFoundError
from xl_addin.core.explain import UnknownRefError, explain
from xl_addin.core.periods import Week
from xl_addin.core.refresh import RefreshResult
from xl_addin.core.sheets import TableSelector
from xl_addin.files import open_file_workbook
from xl_addin.service import check_workbook, locate_dashboard, refresh_workbook

from .books import Sheet, blank_rows, write_book


def check(path: Path, table: TableSelector | None = None) -> RefreshResult:
    return check_workbook(open_file_workbook(path, for_writing=False), table=table)


def refreshed(path: Path, tmp_path: Path, sheet: str) -> dict[str, object]:
    """Refresh a copy and return the sheet's cells by address (values as written)."""
    out = tmp_path / f"refreshed-{path.name}"
    book = open_file_workbook(path)
    refresh_workbook(book)
    book.save(out, backup=False)
    ws = load_workbook(out)[sheet]
    return {cell.coordinate: cell.value for row in ws.iter_rows() for cell in row
            if cell.value is not None}


# --- A Scottish council's monthly key statistics ----------------------------------------


def key_stats() -> Sheet:
    return [
        ["Monthly key statistics"],
        ["Figures at the end of each month"],
        [],
        ["Measure", "Jun 2020", "Jul 2020", "Aug 2020", "Difference from previous month"],
        ["Benefits"],
        ["Universal Credit claimants", 5210, 5400, 5130],
        ["Housing Benefit caseload", 8000, 7900, 7900],
        [],
        ["Taxes"],
        ["Council tax collected (£000)", 4100, 4350, 4200],
        [],
        [],
        ["Source: DWP Stat-Xplore; council revenues system"],
        ["Working figures", 1, 2, 3],
    ]


def test_key_stats_no_ref_headings_and_a_previous_month_difference(tmp_path: Path) -> None:
    path = write_book(tmp_path / "key_stats.xlsx", {"Key stats": key_stats()})
    result = check(path)
    layout = result.layout
    assert (layout.header_row, layout.ref_col, layout.indicator_col) == (3, None, 0)
    assert layout.data_rows == (5, 6, 9)  # not the headings, not the rows under the source
    assert layout.headings == (4, 8)
    assert layout.heading_texts == ("Benefits", "Taxes")
    # 'Difference from previous month' is the change on the month before, never a variance.
    assert set(layout.outputs) == {"change_previous"}
    assert layout.outputs["change_previous"].value_col == 4
    assert list(result.results["ref"]) == ["Universal Credit claimants",
                                           "Housing Benefit caseload",
                                           "Council tax collected (£000)"]
    cells = refreshed(path, tmp_path, "Key stats")
    assert cells["E6"] == pytest.approx((5130 - 5400) / 5400)  # -0.05
    assert cells["E7"] == 0.0  # 7900 against 7900
    assert cells["E10"] == pytest.approx(-150 / 4350)  # -3.45%
    assert "E5" not in cells and "E9" not in cells  # nothing written into the headings


def test_explain_takes_a_name_part_of_one_or_a_row_number(tmp_path: Path) -> None:
    result = check(write_book(tmp_path / "key_stats.xlsx", {"Key stats": key_stats()}))
    assert explain(result, "housing benefit caseload").row == 6
    assert explain(result, "universal").row == 5
    assert explain(result, "10").name.startswith("Council tax")
    assert explain(result, "row 7").row == 6
    with pytest.raises(UnknownRefError, match="part of 2 indicator names") as caught:
        explain(result, "it")  # Universal Cred-it, Benef-it
    assert "row 6 'Universal Credit claimants'; row 7 'Housing Benefit caseload'" in str(
        caught.value)


# --- A district council KPI report: sections with their header repeated --------------------


def district_kpis() -> Sheet:
    header = ["Performance Indicator", "Aug-19", "Jun-20", "Jul-20", "Aug-20", "Target",
              "Status", "Long Trend (last year)"]
    return [
        ["Key Performance Indicators 2020/21"],
        ["Priority 1: Keeping the borough an attractive place for all"],
        ["Providing a clean and safe environment"],
        header,
        ["Percentage of fly-tips cleared within 2 working days", 0.88, 0.95, 0.97, 0.90, 0.89],
        ["Percentage of household waste sent for reuse, recycling and composting",
         0.52, 0.55, 0.54, 0.56, 0.525],
        [],
        ["Encouraging good health and wellbeing"],
        list(header),
        ["Number of households in temporary accommodation", 80, 95, 90, 100, 85],
    ]


def settings_by_name() -> Sheet:
    # Keyed by name, in another case than the dashboard: names match case-insensitively.
    return [
        ["Indicator", "Polarity"],
        ["percentage of fly-tips cleared within 2 working days", "higher is better"],
        ["PERCENTAGE OF HOUSEHOLD WASTE SENT FOR REUSE, RECYCLING AND COMPOSTING", "higher"],
        ["Number of households in temporary accommodation", "lower is better"],
    ]


def test_district_kpis_repeated_header_status_and_long_trend(tmp_path: Path) -> None:
    path = write_book(tmp_path / "district.xlsx",
                      {"KPIs": district_kpis(), "Settings": settings_by_name()})
    result = check(path)
    layout = result.layout
    assert layout.header_row == 3 and layout.ref_col is None
    assert layout.data_rows == (4, 5, 9)
    assert layout.headings == (7, 8)  # the heading, and its repeated header
    assert layout.targets == {None: 5}
    assert layout.outputs["rag"].value_col == 6
    trend = layout.outputs["change_year"]
    assert (trend.arrow_col, trend.value_col) == (7, None)  # an arrow, not a figure
    assert list(result.results["polarity"]) == ["higher", "higher", "lower"]
    cells = refreshed(path, tmp_path, "KPIs")
    # 90% against 89%, higher is better: met. 56% against 52.5%: met.
    assert (cells["G5"], cells["G6"]) == ("Green", "Green")
    # 100 against 85, lower is better: short by 15, 17.6% of the target > 5%: Red.
    assert cells["G10"] == "Red"
    # Last year: +2 points, +4 points (1-point band), +25% (10% band): all up.
    assert (cells["H5"], cells["H6"], cells["H10"]) == ("▲", "▲", "▲")
    assert "G8" not in cells and cells["G9"] == "Status"  # the heading; the repeated header


def test_a_snapshot_without_period_headers_is_refused_by_name(tmp_path: Path) -> None:
    # Maidstone's published form: the quarter is in the title, the figure under 'Value'.
    snapshot = [
        ["Quarter 2 Performance Update"],
        ["Performance Indicator", "Value", "Target", "Status", "Last Year", "Last Quarter"],
        ["Percentage of fly tips resulting in enforcement action", 0.833, 0.5],
        ["Footfall on High Street", 2973349, 2400000],
    ]
    path = write_book(tmp_path / "snapshot.xlsx", {"Q2": snapshot})
    with pytest.raises(TableNotFoundError, match="single-period snapshot") as caught:
        check(path)
    assert "'Q2'!A2" in str(caught.value) and "in place of 'Value'" in str(caught.value)


def test_a_snapshot_with_its_period_in_the_header_gives_variance_and_rag(tmp_path: Path) -> (
    None
):
    snapshot = [
        ["Performance Indicator", "Sep-18", "Target", "Status", "Variance"],
        ["Footfall on High Street", 2973349, 2400000],
        ["Contacts to the Visitor Information Centre", 455, 782],
    ]
    settings = [["Indicator", "Polarity"], ["Footfall on High Street", "higher"],
                ["Contacts to the Visitor Information Centre", "higher"]]
    path = write_book(tmp_path / "snapshot.xlsx", {"Q2": snapshot, "Settings": settings})
    cells = refreshed(path, tmp_path, "Q2")
    assert cells["D2"] == "Green" and cells["E2"] == 2973349 - 2400000
    # 455 against 782: short by 327, 41.8% of the target: Red.
    assert cells["D3"] == "Red" and cells["E3"] == 455 - 782


# --- NHS England's monthly publication: far-down rows and a source note ---------------------


def nhs_monthly() -> Sheet:
    return [
        ["A&E Attendances and Emergency Admissions"],
        ["Monthly performance statistics, England"],
        ["Published 10 September 2020"],
        [],
        ["Measure name", "Apr-20", "May-20", "Jun-20", "Jul-20", "Aug-20", "Standard"],
        *blank_rows(24),
        ["Percentage in 4 hours or less (all)", 0.94, 0.95, 0.94, 0.92, 0.91, 0.95],
        ["Emergency admissions via A&E", 250000, 300000, 330000, 350000, 355000],
        [],
        ["Source: NHS England, Monthly A&E Attendances and Emergency Admissions collection"],
        ["Estimated", 1, 2, 3, 4, 5],
    ]


def test_nhs_monthly_rows_24_blank_rows_below_the_header(tmp_path: Path) -> None:
    result = check(write_book(tmp_path / "ae.xlsx", {"System summary": nhs_monthly()}))
    layout = result.layout
    assert layout.header_row == 4
    assert layout.data_rows == (29, 30)  # the England rows, not 'Estimated' under the source
    assert layout.targets == {None: 6}
    assert result.month == result.layout.latest_month
    assert result.month.label() == "Aug-20"
    first = result.results.record(0)
    assert (first.current, first.previous, first.target) == (0.91, 0.92, 0.95)


# --- An NHS trust's SPC input: periods down the rows ------------------------------------------


def test_spc_input_with_periods_down_the_rows_is_refused_by_name(tmp_path: Path) -> None:
    rows: Sheet = [["Measure", "Date", "Value", "Target"]]
    rows += [["ED 4 hour performance", dt.date(2020, m, 1), 0.9, 0.95] for m in range(4, 10)]
    path = write_book(tmp_path / "spc.xlsx", {"SPC data": rows})
    with pytest.raises(TableNotFoundError, match="running down the rows") as caught:
        check(path)
    assert "'SPC data'!B2" in str(caught.value)


# --- An elective recovery scorecard: ambitions left of the months -----------------------------


def elective() -> Sheet:
    return [
        ["Elective Recovery Scorecard"],
        ["measure_name", "22/23 Ambition", "Apr-22", "May-22", "Jun-22", "Jul-22", "Aug-22",
         "Value vs target", "Difference from ambition"],
        ["Patients waiting 78+ weeks", 0, 300, 260, 210, 170, 120],
        ["Day case spells", 5000, 4600, 4800, 4900, 5100, 5200],
    ]


def test_elective_scorecard_targets_left_of_the_periods(tmp_path: Path) -> None:
    settings = [["Measure name", "Polarity"], ["patients waiting 78+ weeks", "lower"],
                ["DAY CASE SPELLS", "higher"]]
    path = write_book(tmp_path / "erf.xlsx", {"Scorecard": elective(), "Settings": settings})
    layout = check(path).layout
    assert layout.targets == {2022: 1}
    assert layout.outputs["rag"].value_col == 7
    assert layout.outputs["target_variance"].value_col == 8
    cells = refreshed(path, tmp_path, "Scorecard")
    assert (cells["H3"], cells["I3"]) == ("Red", 120)  # 120 against 0, lower is better
    assert (cells["H4"], cells["I4"]) == ("Green", 200)  # 5,200 against 5,000


# --- A city council book with a weekly and a monthly sheet -----------------------------------


def city_book(tmp_path: Path) -> Path:
    weeks = [dt.date(2020, 8, 3) + dt.timedelta(weeks=k) for k in range(5)]
    weekly: Sheet = [["KPI", *weeks, "RAG"]]
    weekly += [[f"Calls answered, line {k}", *range(90, 95), None] for k in range(1, 4)]
    monthly: Sheet = [
        ["KPI code", "KPI description", "Jun-20", "Jul-20", "Aug-20", "Plan", "RAG rating",
         "Trend"],
        ["CS01", "Calls answered within 60 seconds", 0.81, 0.84, 0.86, 0.85],
        ["CS02", "Complaints answered within 10 days", 40, 45, 44, 50],
    ]
    return write_book(tmp_path / "city.xlsx", {"Weekly": weekly, "Monthly": monthly})


def test_monthly_before_weekly_and_the_output_says_why(tmp_path: Path) -> None:
    result = check(city_book(tmp_path))
    assert result.layout.sheet == "Monthly" and result.tables_found == 2
    assert "monthly tables come before weekly ones" in result.table_choice
    assert "'Weekly'!A1 (weekly, 3 indicators" in result.table_choice
    assert result.layout.ref_col == 0 and result.layout.indicator_col == 1
    assert result.layout.targets == {None: 5}


def test_a_weekly_table_asked_for_is_read_as_weeks(tmp_path: Path) -> None:
    # Refused by name until the period reader read weeks; now it compares weeks.
    result = check(city_book(tmp_path), TableSelector(sheet="weekly"))
    assert result.layout.sheet == "Weekly" and result.layout.cadence == "weekly"
    assert result.month == Week(dt.date(2020, 8, 31))


# --- Two tables stacked on one sheet ------------------------------------------------------------


def two_tables() -> Sheet:
    return [
        ["Ref", "Indicator", "Jul-20", "Aug-20", "DoT"],
        ["A1", "Referrals", 100, 120],
        ["A2", "Re-referrals", 20, None],
        [],
        ["Second table"],
        [],
        ["Ref", "Indicator", "Jul-20", "Aug-20", "12-mnth avg"],
        ["B1", "Assessments", 50, 40],
        ["B2", "Plans", 30, 31],
        ["B3", "Closures", 10, 11],
    ]


def test_two_tables_the_most_current_figures_wins_and_table_chooses(tmp_path: Path) -> None:
    path = write_book(tmp_path / "two.xlsx", {"Dashboard": two_tables()})
    result = check(path)
    assert result.layout.header_row == 6
    assert "most indicators with a figure in their latest period" in result.table_choice
    first = check(path, TableSelector(table="A1")).layout
    assert (first.header_row, first.data_rows) == (0, (1, 2))
    assert check(path, TableSelector(table="'Dashboard'!B7")).layout.header_row == 6
    with pytest.raises(TableNotFoundError, match="'Dashboard'!A1, 'Dashboard'!A7"):
        check(path, TableSelector(table="C9"))


def test_the_ribbon_prefers_the_active_sheet(tmp_path: Path) -> None:
    book = write_book(tmp_path / "two_sheets.xlsx", {
        "Big": [["Indicator", "Jul-20", "Aug-20", "DoT"], ["a", 1, 2], ["b", 1, 2]],
        "Small": [["Indicator", "Jul-20", "Aug-20", "DoT"], ["c", 1, 2]],
    })
    opened = open_file_workbook(book, for_writing=False)
    assert locate_dashboard(opened).layout.sheet == "Big"  # the first with a monthly table
    chosen = locate_dashboard(opened, TableSelector(prefer_sheet="Small"))
    assert chosen.layout.sheet == "Small"
    assert chosen.choice is not None and "active sheet" in chosen.choice.reason


def test_nearly_found_says_what_came_closest(tmp_path: Path) -> None:
    rows: Sheet = [["Corporate KPIs"], [],
                   ["KPI ref", "Description", "Period 1", "Period 2", "Comments"],
                   ["K1", "Missed bins", 10, 12]]
    with pytest.raises(TableNotFoundError) as caught:
        check(write_book(tmp_path / "near.xlsx", {"KPIs": rows}))
    assert ("'KPIs'!A3 has 'KPI ref' and 'Description' but no period headers (read: "
            "'Period 1' as no period, 'Period 2' as no period") in str(caught.value)


def test_add_month_takes_the_table_asked_for(tmp_path: Path) -> None:
    from xl_addin.service import plan_month_column

    path = write_book(tmp_path / "two.xlsx", {"Dashboard": two_tables()})
    book = open_file_workbook(path, for_writing=False)
    assert plan_month_column(book).header_row == 6  # the rule's table
    plan = plan_month_column(book, table=TableSelector(table="A1"))
    assert (plan.header_row, plan.month.label()) == (0, "Sep-20")


def test_explain_without_a_ref_names_the_indicator_once(tmp_path: Path) -> None:
    result = check(write_book(tmp_path / "key_stats.xlsx", {"Key stats": key_stats()}))
    found = explain(result, "universal")
    assert found.text().splitlines()[0] == "Universal Credit claimants ('Key stats'!A6)"
    # 5,130 against 5,400: -5.0%, within the 10% band (whole percents, as the sheet shows).
    assert dict(found.lines)["Change from previous month"].startswith(
        "Aug-20 5,130 against Jul-20 5,400: -5%, within the 10% band, so ►.")
