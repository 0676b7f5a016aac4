from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_addin.core.periods import (
    Month,
    financial_year_label,
    parse_financial_year,
    parse_month,
    parse_month_option,
)


@pytest.mark.parametrize(
    "raw",
    ["Mar-20", "Mar 2020", "March 2020", "2020-03", "mar-20", "MAR-2020", "03/2020",
     dt.datetime(2020, 3, 1), dt.date(2020, 3, 31), 43891, 43891.0, "2020-03-01"],
)
def test_month_headers_in_every_form(raw: object) -> None:
    assert parse_month(raw) == Month(2020, 3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "raw", ["Aug-20 Early Help monthly dataset", "Ref.", "12-mnth avg", 12, 2020, None, True,
            "Target 20-21", "Smarch 2020", "2020-13"],
)
def test_other_headers_are_not_months(raw: object) -> None:
    assert parse_month(raw) is None  # type: ignore[arg-type]


def test_month_arithmetic_and_labels() -> None:
    aug = Month(2020, 8)
    assert aug.shift(-1) == Month(2020, 7)
    assert aug.shift(-12) == Month(2019, 8)
    assert Month(2020, 1).shift(-1) == Month(2019, 12)
    assert aug.label() == "Aug-20"
    assert aug.iso() == "2020-08"


@pytest.mark.parametrize(
    ("month", "fy"), [(Month(2020, 4), 2020), (Month(2021, 3), 2020), (Month(2020, 3), 2019)]
)
def test_uk_financial_year_runs_april_to_march(month: Month, fy: int) -> None:
    assert month.financial_year == fy


@pytest.mark.parametrize(
    "text", ["Target 20-21", "Target 2020/21", "Target 20/21", "Target 2020-2021",
             "3- Target 20-21", "20/21 target"],
)
def test_financial_year_headers(text: str) -> None:
    assert parse_financial_year(text) == 2020


@pytest.mark.parametrize("text", ["Target", "Target 2020", "Target 17-19", "Updated Mar-19"])
def test_text_without_a_financial_year(text: str) -> None:
    assert parse_financial_year(text) is None


def test_financial_year_label() -> None:
    assert financial_year_label(2020) == "2020/21"
    assert parse_financial_year("Target 17- 18") == 2017
    assert parse_financial_year("Target 99-00") == 1999


def test_month_option_rejects_nonsense() -> None:
    assert parse_month_option("2020-08") == Month(2020, 8)
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_month_option("August")


@given(st.integers(min_value=1990 * 12, max_value=2099 * 12))
def test_month_index_round_trips_through_labels_and_iso(index: int) -> None:
    month = Month.from_index(index)
    assert parse_month(month.iso()) == month
    assert parse_month(month.first_day()) == month
    if 1930 <= month.year < 2030:  # Excel's two-digit year window
        assert parse_month(month.label()) == month
