"""The worksheet functions with the unit 'duration': response times as Excel holds them.

Excel passes a cell formatted mm:ss to a function as its fraction of a day (a float),
or, through xlwings on Windows, as a time on Excel's day 0 (30 Dec 1899). Figures
worked out by hand in seconds.
"""

from __future__ import annotations

import datetime as dt

import pytest

from xl_addin.udfs import EH_ARROW, EH_AVG12, EH_CHANGE, EH_CHANGE_YEAR, EH_MAX12

DAY = 86400
DAY_ZERO = dt.datetime(1899, 12, 30)


def test_change_of_a_response_time_is_relative() -> None:
    # 00:07:32 -> 00:08:10: +38 s of 452 s = +8.4%
    assert EH_CHANGE(490 / DAY, 452 / DAY, "duration") == pytest.approx(38 / 452)
    assert EH_CHANGE(490 / DAY, 452 / DAY, "mm:ss") == pytest.approx(38 / 452)
    # the same figures as live Excel passes them
    assert EH_CHANGE(dt.time(0, 8, 10), dt.time(0, 7, 32), "duration") == pytest.approx(
        38 / 452)
    assert EH_CHANGE(DAY_ZERO + dt.timedelta(seconds=490), DAY_ZERO + dt.timedelta(
        seconds=452), "time") == pytest.approx(38 / 452)
    assert EH_ARROW(EH_CHANGE(490 / DAY, 452 / DAY, "duration")) == "►"


def test_change_year_and_twelve_month_figures_of_durations() -> None:
    # 13 months of A&E waits in minutes: 4:00 a year ago, 4:50 now: +50 / 240 = +20.8%
    minutes = [240, 250, 260, 270, 280, 290, 300, 310, 320, 330, 340, 310, 290]
    series = [[dt.time(m // 60, m % 60) for m in minutes]]
    assert EH_CHANGE_YEAR(series, "[h]:mm") == pytest.approx(50 / 240)
    # the last 12: 250 + 260 + ... + 340 (ten months, 2,950) + 310 + 290 = 3,550 minutes
    assert EH_AVG12(series) == pytest.approx(3550 / 12 / 1440)
    assert EH_MAX12(series) == pytest.approx(340 / 1440)


def test_a_date_is_not_a_duration() -> None:
    # 1 Aug 2020 09:30 is a date and time, not a wait: a missing figure
    assert EH_CHANGE(dt.datetime(2020, 8, 1, 9, 30), 0.5, "duration") == "n/a"
