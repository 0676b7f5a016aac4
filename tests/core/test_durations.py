"""The duration unit on in-memory grids: reading, the change cells, the renderer.

A duration is Excel's fraction of a day (0:07:32 is 452 / 86400). Expected figures are
worked out here by hand, in seconds.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_addin.core.grid import CellValue, Grid
from xl_addin.core.periods import Month
from xl_addin.core.plan import CellWrite
from xl_addin.core.refresh import plan_refresh
from xl_addin.core.settings import parse_unit, require_unit
from xl_addin.core.units import BUILTIN_FORMAT_KINDS, number_format_kind
from xl_addin.core.wording import (
    elapsed_format,
    excel_text,
    is_duration_format,
    level_text,
    signed_duration_format,
)

DAY = 86400
MONTHS: list[CellValue] = [Month(2019, 6).shift(i).label() for i in range(14)]  # Jun-19..Jul-20
TAIL: list[CellValue] = ["Change from prev. period", None, "Change from same period py", None,
                         "12-mnth avg", "Target 20-21", "Variance to target"]
# Response times in seconds, Jun-19 .. Jul-20 (Jun-20 0:07:32, Jul-20 0:08:10; Jul-19 0:08:30)
CAT1 = [440, 510, 460, 470, 480, 490, 500, 510, 520, 430, 420, 410, 452, 490]


def dashboard(formats: dict[tuple[int, int], str], target: CellValue = 420 / DAY,
              figures: list[CellValue] | None = None) -> Grid:
    cells = figures if figures is not None else [s / DAY for s in CAT1]
    return Grid("Scorecard", [
        ["Ref", "Indicator", *MONTHS, *TAIL],
        ["C1", "Category 1 mean response time", *cells, None, None, None, None, None,
         target, None],
    ], duration_formats=formats)


MM_SS = {(1, col): "mm:ss" for col in range(2, 16)}
CHANGE_PREV, CHANGE_YEAR, AVERAGE, VARIANCE = 17, 19, 20, 22  # value columns


def writes(grid: Grid) -> dict[int, CellWrite]:
    result = plan_refresh(grid)
    return {w.col: w for w in result.plan.writes if w.row == 1}


def test_the_change_cells_of_a_duration_hold_the_difference_with_its_sign_in_the_format(
) -> None:
    cells = writes(dashboard(MM_SS))
    # Jun-20 452 s -> Jul-20 490 s: +38 s
    assert cells[CHANGE_PREV].value == pytest.approx(38 / DAY)
    assert cells[CHANGE_PREV].number_format == '"+"[mm]:ss'
    assert excel_text(38 / DAY, '"+"[mm]:ss') == "+00:38"
    # Jul-19 510 s -> Jul-20 490 s: -20 s, written as 20 s with a minus in the format
    assert cells[CHANGE_YEAR].value == pytest.approx(20 / DAY)
    assert cells[CHANGE_YEAR].number_format == '"-"[mm]:ss'
    assert cells[CHANGE_YEAR - 1].value == "►"  # -20 / 510 = -3.9%
    # target 0:07:00 (420 s): 490 - 420 = +70 s, shown +01:10
    assert cells[VARIANCE].value == pytest.approx(70 / DAY)
    assert excel_text(70 / DAY, str(cells[VARIANCE].number_format)) == "+01:10"
    # 12 months Aug-19 .. Jul-20: 460 + 470 + ... + 410 + 452 + 490 = 5,632 s; / 12
    assert cells[AVERAGE].value == pytest.approx(5632 / 12 / DAY)
    assert excel_text(5632 / 12 / DAY, str(cells[AVERAGE].number_format)) == "07:49"


def test_the_relative_change_drives_the_arrow_as_for_a_count() -> None:
    result = plan_refresh(dashboard(MM_SS))
    rec = result.results.record(0)
    assert rec.unit == "duration"
    assert rec.change_previous == pytest.approx(38 / 452)  # +8.4%
    assert rec.direction_previous == "flat"
    assert rec.change_year == pytest.approx(-20 / 510)
    assert rec.variance_pct == pytest.approx(70 / 420)


def test_a_header_that_says_percent_keeps_the_percent_change() -> None:
    grid = dashboard(MM_SS)
    header = list(grid.rows[0])
    header[CHANGE_YEAR - 1] = "% change from same period py"
    cells = writes(Grid(grid.sheet, [header, grid.rows[1]], duration_formats=MM_SS))
    assert cells[CHANGE_YEAR].value == pytest.approx(-20 / 510)
    assert cells[CHANGE_YEAR].number_format == "+0%;-0%;0%"
    assert cells[CHANGE_PREV].number_format == '"+"[mm]:ss'


def test_times_from_live_excel_are_durations_without_formats() -> None:
    # Excel on Windows gives a [h]:mm cell as a datetime on its day 0, 30 Dec 1899
    day0 = dt.datetime(1899, 12, 30)
    figures: list[CellValue] = [day0 + dt.timedelta(seconds=s) for s in CAT1]
    cells = writes(dashboard({}, figures=figures))
    assert cells[CHANGE_PREV].value == pytest.approx(38 / DAY)
    assert cells[CHANGE_PREV].number_format == '"+"[h]:mm:ss'  # no format seen: the default


def test_a_missing_month_leaves_the_change_n_a_in_the_rows_format() -> None:
    figures: list[CellValue] = [s / DAY for s in CAT1]
    figures[-2] = "tbc"
    cells = writes(dashboard(MM_SS, figures=figures))
    assert cells[CHANGE_PREV].value == "n/a"
    assert cells[CHANGE_PREV].number_format == "[mm]:ss"


@pytest.mark.parametrize(("code", "kind"), [
    ("[h]:mm", "duration"), ("mm:ss", "duration"), ("h:mm:ss", "duration"),
    ("[mm]:ss", "duration"), ("hh:mm", "duration"), ("[h]:mm:ss;@", "duration"),
    ('[Red]"+"[h]:mm', "duration"), ("mm:ss.0", "duration"),
    ("h:mm AM/PM", "date"), ("dd/mm/yyyy hh:mm", "date"), ("mmm-yy", "date"), ("mm", "date"),
    ("[$-809]dd mmmm yyyy", "date"), ("0.0%", "percent"), ('0" mins"', None), ("General", None),
])
def test_format_kinds(code: str, kind: str | None) -> None:
    assert number_format_kind(code) == kind


def test_builtin_time_formats_without_a_date_are_durations() -> None:
    # 20 h:mm, 21 h:mm:ss, 45 mm:ss, 46 [h]:mm:ss, 47 mm:ss.0; 18/19 have AM/PM, 22 a date
    assert [BUILTIN_FORMAT_KINDS[n] for n in (20, 21, 45, 46, 47)] == ["duration"] * 5
    assert [BUILTIN_FORMAT_KINDS[n] for n in (18, 19, 22, 14)] == ["date"] * 4


@pytest.mark.parametrize("word", ["duration", "Time", "mm:ss", "hh:mm", "h:mm:ss", "[h]:mm"])
def test_settings_words_for_a_duration(word: str) -> None:
    assert parse_unit(word) == "duration"
    assert require_unit(word) == "duration"


@given(st.integers(0, 10_000_000))
def test_elapsed_hours_minutes_seconds_render_as_worked_by_hand(seconds: int) -> None:
    hours, minutes, secs = seconds // 3600, seconds // 60 % 60, seconds % 60
    assert excel_text(seconds / DAY, "[h]:mm:ss") == f"{hours}:{minutes:02d}:{secs:02d}"
    assert excel_text(seconds / DAY, "[mm]:ss") == f"{seconds // 60:02d}:{secs:02d}"
    # without brackets the hour wraps away: Excel shows 1:05:00 as 05:00 under mm:ss
    assert excel_text(seconds / DAY, "mm:ss") == f"{minutes:02d}:{secs:02d}"
    # h:mm shows whole minutes, never rounding the seconds up
    assert excel_text(seconds / DAY, "h:mm") == f"{hours % 24}:{minutes:02d}"
    signed = signed_duration_format("mm:ss", -seconds) if seconds else "[mm]:ss"
    assert excel_text(seconds / DAY, signed) == (
        f"{'-' if seconds else ''}{seconds // 60:02d}:{secs:02d}")


def test_rendering_edges() -> None:
    # a serial's float error does not lose a second: 38 / 86400 is not exact
    assert excel_text(38 / DAY, "[h]:mm:ss") == "0:00:38"
    assert excel_text(37.46 / DAY, "mm:ss.00") == "00:37.46"
    assert excel_text(37.5 / DAY, "mm:ss") == "00:38"  # half a second rounds up
    # Excel's 1900 date system cannot show a negative time: not rendered (#####)
    assert excel_text(-38 / DAY, "[h]:mm:ss") is None
    assert excel_text(0.0, '"+"[h]:mm;"-"[h]:mm;[h]:mm') == "0:00"
    assert elapsed_format("h:mm") == "[h]:mm"
    assert elapsed_format('"mins" mm:ss') == '"mins" [mm]:ss'
    assert elapsed_format("[h]:mm:ss") == "[h]:mm:ss"
    assert is_duration_format('"+"[mm]:ss') and not is_duration_format("0.0%")
    assert level_text(452 / DAY, "duration") == "7:32"
    assert level_text(4 * 3600 / DAY + 300 / DAY, "duration") == "4:05:00"


def test_live_excel_datetimes_near_day_zero_are_durations_and_later_ones_dates() -> None:
    from xl_addin.core.values import duration_serial

    # COM gives [h]:mm 36:00 (1.5) as 31 Dec 1899 12:00, and 0:30 as 30 Dec 1899 00:30
    assert duration_serial(dt.datetime(1899, 12, 31, 12)) == 1.5
    assert duration_serial(dt.datetime(1899, 12, 30, 0, 30)) == pytest.approx(30 / 1440)
    # the 1904 system's day 0 is 1 Jan 1904
    assert duration_serial(dt.datetime(1904, 1, 2, 6)) == 1.25
    assert duration_serial(dt.datetime(2020, 8, 1, 9, 30)) is None
    assert duration_serial(dt.datetime(1900, 3, 1)) is None  # 61 days on: a date


@given(st.integers(1, 200_000), st.integers(1, 200_000))
def test_any_two_durations_give_their_difference_with_its_sign(before: int, now: int) -> None:
    figures: list[CellValue] = [None] * 12 + [before / DAY, now / DAY]
    cells = writes(dashboard(MM_SS, figures=figures))
    written = cells[CHANGE_PREV]
    assert written.value == pytest.approx(abs(now - before) / DAY, abs=1e-12)
    sign = '"+"' if now > before else '"-"' if now < before else ""
    assert written.number_format == f"{sign}[mm]:ss"
    # what Excel shows: whole minutes elapsed, then seconds, the sign in front
    gap = abs(now - before)
    assert excel_text(float(written.value), str(written.number_format)) == (
        f"{sign.strip(chr(34))}{gap // 60:02d}:{gap % 60:02d}")
