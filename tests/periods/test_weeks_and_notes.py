"""Weekly tables (dates one week apart) and annotated month headers, on real files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from xl_addin.core.explain import explain
from xl_addin.core.periods import Month, Week

from .books import checked, record, refreshed, write_book

OUTPUTS = ["Change from prev. period", None, "% change from same period py", None, "DoT",
           "12-mnth avg", "12-mnth max."]
FIRST = dt.date(2019, 6, 3)  # a Monday
WEEKS = [FIRST + dt.timedelta(weeks=k) for k in range(60)]


def weekly_book(tmp_path: Path) -> Path:
    return write_book(tmp_path / "weekly.xlsx", [
        ["Ref", "Indicator", *WEEKS, *OUTPUTS],
        ["W1", "Number of contacts", *[100 + k for k in range(60)]],
    ], settings=[["Ref", "Polarity"], ["W1", "higher is better"]])


def test_weekly_table_is_weeks_not_repeated_months(tmp_path: Path) -> None:
    result = checked(weekly_book(tmp_path))
    assert result.month == Week(dt.date(2020, 7, 20))
    assert result.month.label() == "Week 20-Jul-20"
    assert not [f for f in result.findings if f.code in ("month_order", "month_gap")]
    w1 = record(result, "W1")
    # By hand: week 59 is 159, week 58 158; 52 weeks back is week 7 (Mon 22 Jul 2019), 107.
    # The 12-month figures cover the 52 weeks 8..59: mean (108 + 159) / 2, max 159.
    assert w1["previous"] == 158
    assert w1["change_previous"] == pytest.approx(1 / 158)
    assert w1["year_month"] == Week(dt.date(2019, 7, 22))
    assert w1["year_ago"] == 107
    assert w1["change_year"] == pytest.approx(52 / 107)
    assert w1["average"] == pytest.approx(133.5)
    assert (w1["maximum"], w1["periods_used"]) == (159, 52)


def test_weekly_refresh_writes_the_cells(tmp_path: Path) -> None:
    row = refreshed(weekly_book(tmp_path))[1]
    assert row[62:69] == ["►", pytest.approx(1 / 158), "▲", pytest.approx(52 / 107), "▲",
                          pytest.approx(133.5), pytest.approx(159)]


MONTHS = ["Sep-19", "Oct-19", "Nov-19", "Dec-19", "Jan-20", "Feb-20", "Mar-20", "Apr-20",
          "May-20", "Jun-20*", "Jul-20 (r)", "Aug-20 (provisional)"]


def test_annotated_headers_are_their_months(tmp_path: Path) -> None:
    path = write_book(tmp_path / "notes.xlsx", [
        ["Ref", "Indicator", *MONTHS, *OUTPUTS[:2]],
        ["A1", "Number of assessments", *range(100, 112)],
    ])
    result = checked(path)
    assert result.month == Month(2020, 8)
    assert [m.note for m in result.layout.months][-3:] == ["marked", "revised", "provisional"]
    a1 = record(result, "A1")
    assert (a1["current"], a1["previous"]) == (111, 110)
    assert a1["change_previous"] == pytest.approx(1 / 110)
    lines = dict(explain(result, "A1").lines)
    assert lines["Note"] == "the Aug-20 header says provisional (N1)."
