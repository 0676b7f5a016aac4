"""The period reader: every header form in the issue, annotations, foreign month names,
1904 serials; never a financial year read as a month; every header add-month writes
reads back as the month it was written for."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from xl_addin.core.grid import Grid
from xl_addin.core.layout import _period_columns
from xl_addin.core.month_header import header_like
from xl_addin.core.periods import (
    FinancialYear,
    Month,
    Quarter,
    Week,
    date_serial,
    near_period,
    parse_month,
    parse_period,
    period_containing,
)

Q1_2023 = Quarter(Month(2023, 4))


@pytest.mark.parametrize(("raw", "period"), [
    ("Q1 2014/15", Quarter(Month(2014, 4))),
    ("Q4 2013/14", Quarter(Month(2014, 1))),
    ("2023/24 Q1", Q1_2023),
    ("Q1 23/24", Q1_2023),
    ("Quarter 1 2023/24", Q1_2023),
    ("Apr-Jun 2023", Q1_2023),
    ("Q2 2023", Q1_2023),  # calendar Q2 is April-June: the same quarter
    ("Jan-Mar 2024", Quarter(Month(2024, 1))),
    ("Q3 2023", Quarter(Month(2023, 7))),
    ("Q2 - 2023/24", Quarter(Month(2023, 7))),
    ("Quarter One 2024/25", Quarter(Month(2024, 4))),
    ("Qtr 4 2023-24", Quarter(Month(2024, 1))),
    ("July to September 2023", Quarter(Month(2023, 7))),
    ("2013/14", FinancialYear(2013)),
    ("2013-14", FinancialYear(2013)),
    ("FY 2013/14", FinancialYear(2013)),
    ("2013/2014", FinancialYear(2013)),
    ("2009/10", FinancialYear(2009)),
    ("FY13/14", FinancialYear(2013)),
    ("w/c 03/08/2020", Week(dt.date(2020, 8, 3))),
    ("Week ending 07/08/2020", Week(dt.date(2020, 8, 7))),
    ("w/e 7-Aug-20", Week(dt.date(2020, 8, 7))),
    ("Week 03-Aug-20", Week(dt.date(2020, 8, 3))),
])
def test_quarters_years_and_weeks(raw: str, period: object) -> None:
    found = parse_period(raw)
    assert found is not None and found.period == period


@pytest.mark.parametrize(("raw", "note"), [
    ("Nov-11 (provisional)", "provisional"), ("Jun-23*", "marked"), ("Aug-20 p", "provisional"),
    ("Aug-20 (r)", "revised"), ("Aug 2020 [P]", "provisional"), ("August 2020 revised", "revised"),
])
def test_annotated_headers_are_their_period_and_keep_the_note(raw: str, note: str) -> None:
    found = parse_period(raw)
    assert found is not None and found.note == note
    month = {"Nov": Month(2011, 11), "Jun": Month(2023, 6)}.get(raw[:3], Month(2020, 8))
    assert found.period == month


def test_quarter_annotated() -> None:
    found = parse_period("Q1 2023/24 (provisional)")
    assert found is not None and (found.period, found.note) == (Q1_2023, "provisional")


FRENCH = ["janv. 20", "févr. 20", "mars 20", "avr. 20", "mai 20", "juin 20", "juil. 20",
          "août 20", "sept. 20", "oct. 20", "nov. 20", "déc. 20"]
GERMAN = ["Januar 2020", "Februar 2020", "März 2020", "April 2020", "Mai 2020", "Juni 2020",
          "Juli 2020", "August 2020", "September 2020", "Oktober 2020", "November 2020",
          "Dezember 2020"]
GERMAN_SHORT = ["Jan-20", "Feb-20", "Mär-20", "Apr-20", "Mai-20", "Jun-20", "Jul-20", "Aug-20",
                "Sep-20", "Okt-20", "Nov-20", "Dez-20"]
WELSH = ["Ionawr 2020", "Chwefror 2020", "Mawrth 2020", "Ebrill 2020", "Mai 2020",
         "Mehefin 2020", "Gorffennaf 2020", "Awst 2020", "Medi 2020", "Hydref 2020",
         "Tachwedd 2020", "Rhagfyr 2020"]


@pytest.mark.parametrize("names", [FRENCH, GERMAN, GERMAN_SHORT, WELSH])
def test_french_german_and_welsh_month_names(names: list[str]) -> None:
    assert [parse_month(n) for n in names] == [Month(2020, m) for m in range(1, 13)]


@pytest.mark.parametrize("raw", ["Aug-2O", "Agu-20", "2020/08", "Smarch 2020", "Total",
                                 "Q5 2023/24", "2013/15", "Feb-Apr 2023"])
def test_unreadable_headers_are_not_guessed(raw: str) -> None:
    assert parse_period(raw) is None


@pytest.mark.parametrize(("raw", "meant"), [
    ("Aug-2O", Month(2020, 8)), ("Agu-20", Month(2020, 8)), ("Spet 2020", Month(2020, 9)),
    ("Mae-20", None), ("2013/15", None), ("Q1 2O23/24", None),
    ("Aug-20 (estimate)", Month(2020, 8)), ("Q1 2023/24 - draft", Quarter(Month(2023, 4)))])
def test_near_misses_say_what_was_probably_meant(raw: str, meant: Month | None) -> None:
    miss = near_period(raw)
    assert miss is not None and miss.suggestion == meant


@pytest.mark.parametrize("raw", ["Total", "YTD", "Commentary", "Target 20-21", "Aug-20", "RAG",
                                 "Avg 2020", "Max 2020", "Act 2020"])
def test_ordinary_headers_are_no_near_miss(raw: str) -> None:
    assert near_period(raw) is None


@given(st.integers(1990, 2098), st.sampled_from(["/", "-", "–", " / "]),
       st.booleans(), st.sampled_from(["", "FY ", "FY"]))
def test_a_financial_year_is_never_a_month(start: int, sep: str, long: bool, prefix: str) -> None:
    second = f"{start + 1}" if long else f"{(start + 1) % 100:02d}"
    found = parse_period(f"{prefix}{start}{sep}{second}")
    assert found is not None and found.period == FinancialYear(start)
    if sep.strip() == "/" or prefix:
        assert parse_month(f"{prefix}{start}{sep}{second}") is None


@given(st.integers(1990, 2099), st.integers(0, 99))
def test_yyyy_slash_yy_is_never_a_month(year: int, yy: int) -> None:
    assert parse_month(f"{year}/{yy:02d}") is None
    found = parse_period(f"{year}/{yy:02d}")
    assert found is None or found.period == FinancialYear(year)


@given(st.integers(1990 * 12, 2098 * 12), st.booleans())
def test_serials_follow_the_date_system(index: int, date1904: bool) -> None:
    month = Month.from_index(index)
    serial = date_serial(month.first_day(), date1904=date1904)
    assert parse_month(serial, date1904=date1904) == month
    assert parse_month(float(serial) + 0.5, date1904=date1904) == month


def test_a_1904_serial_is_four_years_and_a_day_from_a_1900_one() -> None:
    serial = date_serial(dt.date(2020, 8, 1), date1904=True)
    assert parse_month(serial, date1904=True) == Month(2020, 8)
    assert parse_month(serial) == Month(2016, 7)  # the misreading the flag prevents


def _forms(month: Month, date1904: bool) -> list[object]:
    """The header forms a dashboard keeps months in, for `month`."""
    day = month.first_day()
    end = Month.from_index(month.index + 1).first_day() - dt.timedelta(days=1)
    name = day.strftime("%B")
    return [
        dt.datetime.combine(day, dt.time()), end, date_serial(day, date1904=date1904),
        float(date_serial(end, date1904=date1904)), month.label(), month.label().upper(),
        f"{day:%b} {month.year}", f"{name} {month.year}", f"{name.lower()} {month.year}",
        month.iso(), f"{month.year}.{month.month}", f"{month.month:02d}/{month.year}",
        f"{month.month}-{month.year}",
    ]


@given(st.integers(1990 * 12 + 6, 2098 * 12 - 4), st.integers(0, 12), st.sampled_from([1, 3]),
       st.booleans())
def test_every_header_add_month_writes_reads_back(index: int, form: int, step: int,
                                                  date1904: bool) -> None:
    old = Month.from_index(index)
    new = old.shift(step)
    assume(form not in (4, 5) or old.year < 2030)  # two-digit years: 1930-2029
    neighbour = _forms(old, date1904)[form]
    assert parse_month(neighbour, date1904=date1904) == old  # type: ignore[arg-type]
    written = header_like(neighbour, old, new, date1904=date1904)  # type: ignore[arg-type]
    assert parse_month(written, date1904=date1904) == new
    # ... and in a row of such headers the table reads it as that month.
    older = [header_like(neighbour, old, old.shift(-k * step), date1904=date1904)  # type: ignore[arg-type]
             for k in (2, 1)]
    grid = Grid("S", [["Ref", *older, neighbour, written]], date1904=date1904)
    series, _ = _period_columns(grid, 0)
    assert [c.month for c in series] == [old.shift(-2 * step), old.shift(-step), old, new]


def test_add_month_after_dec_29_writes_a_four_digit_year() -> None:
    # 'Jan-30' would read as January 1930 (Excel's two-digit window).
    assert header_like("Dec-29", Month(2029, 12), Month(2030, 1)) == "Jan 2030"
    assert parse_month("Jan 2030") == Month(2030, 1)


def test_weeks_are_dates_one_week_apart_not_repeated_months() -> None:
    days = [dt.date(2020, 7, 6) + dt.timedelta(weeks=k) for k in range(5)]
    series, _ = _period_columns(Grid("S", [["Ref", *days]]), 0)
    assert [c.month for c in series] == [Week(d) for d in days]
    assert series[-1].month.label() == "Week 03-Aug-20"


def test_month_end_dates_stay_months() -> None:
    days = [dt.date(2020, 2, 29), dt.date(2020, 3, 31), dt.date(2020, 4, 30)]
    series, _ = _period_columns(Grid("S", [["Ref", *days]]), 0)
    assert [c.month for c in series] == [Month(2020, 2), Month(2020, 3), Month(2020, 4)]


def test_iso_months_in_the_2000s_are_months_in_a_row_of_months() -> None:
    # '2010-11' alone could be FY 2010/11; among monthly headers it is November 2010.
    row = ["Ref", "2010-09", "2010-10", "2010-11", "2010-12"]
    series, others = _period_columns(Grid("S", [row]), 0)
    assert [c.month for c in series] == [Month(2010, m) for m in (9, 10, 11, 12)]
    assert others == []
    years = ["Ref", "2009-10", "2010-11", "2011-12"]
    series, _ = _period_columns(Grid("S", [years]), 0)
    assert [c.month for c in series] == [FinancialYear(y) for y in (2009, 2010, 2011)]


def test_one_period_column_is_a_snapshot_series() -> None:
    series, others = _period_columns(Grid("S", [["Indicator", "Sep-18", "Target"]]), 0)
    assert [c.month for c in series] == [Month(2018, 9)] and others == []


def test_hart_style_year_among_quarters_is_an_outturn() -> None:
    row = ["Ref", "2013/14", "Q4 2013/14", "Q1 2014/15"]
    series, others = _period_columns(Grid("S", [row]), 0)
    assert [c.month for c in series] == [Quarter(Month(2014, 1)), Quarter(Month(2014, 4))]
    assert [(c.col, c.month) for c in others] == [(1, FinancialYear(2013))]


@pytest.mark.parametrize(("kind", "month", "expected"), [
    ("quarter", Month(2023, 5), Quarter(Month(2023, 4))),
    ("quarter", Month(2024, 3), Quarter(Month(2024, 1))),
    ("year", Month(2024, 3), FinancialYear(2023)),
    ("year", Month(2024, 4), FinancialYear(2024)),
    ("month", Month(2024, 4), Month(2024, 4)),
])
def test_month_option_as_the_tables_period(kind: str, month: Month, expected: object) -> None:
    assert period_containing(kind, month) == expected  # type: ignore[arg-type]


@given(st.integers(1990 * 12, 2098 * 12), st.sampled_from(["month", "quarter", "year", "week"]),
       st.sampled_from(["fy", "calendar", "range"]), st.integers(0, 6))
def test_every_period_label_reads_back(index: int, kind: str, style: str, weekday: int) -> None:
    # The Data checks sheet stamps the reporting period's label; the next refresh reads it.
    month = Month.from_index(index)
    assume(kind not in ("month", "week") or month.year < 2030)  # labels like 'Aug-20'

    period = period_containing(kind, month, Quarter(month, style)  # type: ignore[arg-type]
                               if kind == "quarter" else Week(dt.date(2020, 8, 3 + weekday)))
    found = parse_period(period.label())
    assert found is not None and found.period == period
    assert found.period.label() == period.label()


@given(st.one_of(st.text(max_size=40), st.floats(allow_nan=True), st.integers(),
                 st.dates(), st.none(), st.booleans()), st.booleans())
def test_any_cell_reads_as_a_period_or_none_and_never_raises(raw: object, date1904: bool) -> None:
    found = parse_period(raw, date1904=date1904)  # type: ignore[arg-type]
    two_digit_label = found is not None and found.period.kind in ("month", "week")
    if found is not None and not (two_digit_label and found.period.first_month.year >= 2030):
        again = parse_period(found.period.label())
        assert again is not None and again.period == found.period
    near_period(raw)  # type: ignore[arg-type]


def test_iso_forms_for_scripts() -> None:
    assert Quarter(Month(2023, 4)).iso() == "2023-04/2023-06"
    assert FinancialYear(2013).iso() == "2013-04/2014-03"
    assert Week(dt.date(2020, 8, 3)).iso() == "2020-08-03"
    assert Month(2020, 8).iso() == "2020-08"
