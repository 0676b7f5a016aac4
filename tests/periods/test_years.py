"""Financial-year tables: previous year only (no same-period comparison, no 12-month
figures), the Actual / Target second header row, and Hart DC's annual outturn column
among its quarters."""

from __future__ import annotations

from pathlib import Path

import pytest

from xl_addin.core.explain import explain
from xl_addin.core.periods import FinancialYear, Month, Quarter

from .books import checked, record, refreshed, write_book

OUTPUTS = ["Change from prev. period", None, "% change from same period py", None, "DoT",
           "12-mnth avg"]
SETTINGS = [["Ref", "Polarity"], ["Y1", "higher is better"], ["Y2", "lower is better"]]


def actual_target_book(tmp_path: Path) -> Path:
    years = ["2019/20", None, "2020/21", None, "2021/22", None, "2022/23", None]
    return write_book(tmp_path / "years.xlsx", [
        ["Ref", "Indicator", *years, *OUTPUTS, "Variance to target", "RAG"],
        [None, None, *["Actual", "Target"] * 4],
        ["Y1", "Number of homes built", 100, 110, 120, 120, 150, 130, 140, 160],
        ["Y2", "Number of empty homes", 30, 30, 28, 28, 25, 26, 20, 22],
    ], settings=SETTINGS)


def test_actual_target_columns_under_each_year(tmp_path: Path) -> None:
    result = checked(actual_target_book(tmp_path))
    layout = result.layout
    assert [(m.col, m.month) for m in layout.months] == [
        (2, FinancialYear(2019)), (4, FinancialYear(2020)), (6, FinancialYear(2021)),
        (8, FinancialYear(2022))]
    assert layout.targets == {2019: 3, 2020: 5, 2021: 7, 2022: 9}
    assert result.month.label() == "2022/23"
    y1 = record(result, "Y1")
    # By hand: 140 against 2021/22's 150; the 2022/23 target is 160, 20 short (12.5%),
    # more than the 5% tolerance: Red. No same period last year, no 12-month figures.
    assert y1["current"] == 140 and y1["previous"] == 150
    assert y1["change_previous"] == pytest.approx(-10 / 150)
    assert y1["year_ago"] != y1["year_ago"]  # NaN: n/a
    assert y1["average"] != y1["average"]
    assert y1["target"] == 160
    assert y1["variance"] == pytest.approx(-20)
    assert y1["variance_pct"] == pytest.approx(-0.125)
    assert y1["rag"] == "red"
    y2 = record(result, "Y2")
    assert y2["change_previous"] == pytest.approx(-0.2)
    assert (y2["target"], y2["rag"]) == (22, "green")


def test_ref_and_indicator_beside_actual_and_target_under_the_years(tmp_path: Path) -> None:
    # The other common two-row header: years alone on top, Ref and Indicator in the row
    # that says Actual / Target.
    years = ["2020/21", None, "2021/22", None, "2022/23", None]
    path = write_book(tmp_path / "years2.xlsx", [
        ["Housing KPIs", None, *years],
        ["Ref", "Indicator", *["Actual", "Target"] * 3, "Change from prev. period", None,
         "RAG"],
        ["Y1", "Number of homes built", 120, 120, 150, 130, 140, 160],
    ], settings=SETTINGS)
    result = checked(path)
    assert result.layout.header_row == 1
    assert [m.col for m in result.layout.months] == [2, 4, 6]
    assert result.layout.targets == {2020: 3, 2021: 5, 2022: 7}
    y1 = record(result, "Y1")
    assert (y1["current"], y1["previous"], y1["target"], y1["rag"]) == (140, 150, 160, "red")
    assert refreshed(path)[2][8:11] == ["►", pytest.approx(-10 / 150), "Red"]


def test_year_table_refresh_writes_na_for_same_period_and_twelve_months(tmp_path: Path) -> None:
    values = refreshed(actual_target_book(tmp_path))
    # K/L previous year, M/N same period (n/a), O DoT, P 12-month average, Q variance, R RAG.
    y1, y2 = values[2], values[3]
    assert y1[10:18] == ["►", pytest.approx(-10 / 150), "•", "n/a", "►", "n/a",
                         pytest.approx(-20), "Red"]
    assert y2[10:18] == ["▼", pytest.approx(-0.2), "•", "n/a", "▼", "n/a", pytest.approx(-2),
                         "Green"]
    assert values[1][2:10] == ["Actual", "Target"] * 4  # the sub-header row is left alone


def test_explain_says_a_year_table_has_no_same_period(tmp_path: Path) -> None:
    text = "\n".join(line for _, line in explain(checked(actual_target_book(tmp_path)),
                                                  "Y1").lines)
    assert "reporting year 2022/23" in text
    assert "previous period 2021/22" in text
    assert "no same period last year" in text
    assert "no 12-month figures" in text


@pytest.mark.parametrize("years", [
    ["2019/20", "2020/21", "2021/22"], ["2019-20", "2020-21", "2021-22"],
    ["FY 2019/20", "FY 2020/21", "FY 2021/22"], ["2019/2020", "2020/2021", "2021/2022"],
])
def test_year_forms_with_a_target_column(tmp_path: Path, years: list[str]) -> None:
    path = write_book(tmp_path / "fy.xlsx", [
        ["Ref", "Indicator", *years, "Change from prev. period", None, "Target 2021/22", "RAG"],
        ["Y1", "Number of homes built", 100, 120, 150, None, None, 140],
    ], settings=SETTINGS)
    result = checked(path)
    assert result.month == FinancialYear(2021)
    y1 = record(result, "Y1")
    assert y1["change_previous"] == pytest.approx(30 / 120)
    assert (y1["target"], y1["rag"]) == (140, "green")


def test_financial_years_2009_to_2011_are_not_months(tmp_path: Path) -> None:
    # The issue's own case: these were read as Oct-09, Nov-10 and Dec-11.
    path = write_book(tmp_path / "old.xlsx", [
        ["Ref", "Indicator", "2009/10", "2010/11", "2011/12", "Change from prev. period", None],
        ["Y1", "Number of homes built", 100, 120, 150],
    ])
    result = checked(path)
    assert result.month == FinancialYear(2011)
    assert result.month.label() == "2011/12"
    assert record(result, "Y1")["previous"] == 120


def hart_book(tmp_path: Path) -> Path:
    return write_book(tmp_path / "hart.xlsx", [
        ["KPI ref", "Indicator", "2013/14", "Q4 2013/14", "Q1 2014/15", *OUTPUTS,
         "Target 2014/15", "RAG"],
        ["H1", "Number of homes built", 500, 120, 130, *[None] * 6, 125],
    ], settings=[["Ref", "Polarity"], ["H1", "higher is better"]])


def test_hart_annual_outturn_is_shown_not_a_step(tmp_path: Path) -> None:
    result = checked(hart_book(tmp_path))
    assert [(m.col, m.month) for m in result.layout.outturns] == [(2, FinancialYear(2013))]
    assert result.month == Quarter(Month(2014, 4))
    h1 = record(result, "H1")
    # By hand: Q1 2014/15 130 against Q4 2013/14 120 (not the 500 outturn): +8.3%, within
    # 10%; no Q1 2013/14 column; 4-quarter average of the two quarters there: 125.
    assert h1["previous"] == 120
    assert h1["change_previous"] == pytest.approx(10 / 120)
    assert h1["year_ago"] != h1["year_ago"]
    assert h1["average"] == pytest.approx(125) and h1["periods_used"] == 2
    assert (h1["target"], h1["rag"]) == (125, "green")
    lines = dict(explain(result, "H1").lines)
    assert lines["Outturns"].startswith("2013/14 (C1)")
