"""Figures formatted as durations ([h]:mm, mm:ss) are told as durations, not as dates.

The add-in cannot compare durations yet (no duration unit), so such a figure is still
treated as missing, but the warning says what the analyst sees ('shows as 0:30'), not
'shows as 1899-12-30', and how to type it instead. Real .xlsx files, read by the file
adapter; each expected clock worked out by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from xl_addin.core.grid import Grid
from xl_addin.core.units import DATE_FIGURE, date_finding
from xl_addin.files import open_file_workbook
from xl_addin.service import check_workbook


def dashboard(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Dash"
    ws.append(["Ref", "Indicator", "Jun-20", "Jul-20", "Aug-20"])
    ws.append(["T1", "Average time to first contact", 30 / 1440, 40 / 1440, 25 / 1440])
    ws.append(["T2", "Call wait", 90 / 86400, 75 / 86400, 120 / 86400])
    ws.append(["C1", "Contacts", 100, 110, 120])
    ws.append(["D1", "Date typed as a figure", 44044, 44075, 44105])
    for col in "CDE":
        ws[f"{col}2"].number_format = "[h]:mm"
        ws[f"{col}3"].number_format = "mm:ss"
        ws[f"{col}5"].number_format = "dd/mm/yyyy"
    path = tmp_path / "durations.xlsx"
    wb.save(path)
    return path


def test_duration_cells_are_told_as_durations_and_dates_as_dates(tmp_path: Path) -> None:
    result = check_workbook(open_file_workbook(dashboard(tmp_path), for_writing=False))
    said = {f.address: f.message for f in result.findings if f.code == DATE_FIGURE}
    # 30 / 1440 of a day is 30 minutes; 90 / 86400 is a minute and a half.
    assert said["'Dash'!C2"] == ("is formatted as a time or duration (0.0208333 shows as "
                                 "0:30), which the add-in cannot compare yet; it is treated "
                                 "as missing")
    assert "(0.0277778 shows as 0:40)" in said["'Dash'!D2"]
    assert "(0.00104167 shows as 0:01:30)" in said["'Dash'!C3"]
    assert "(0.00138889 shows as 0:02)" in said["'Dash'!E3"]
    # 44044 in the 1900 system is 1 Aug 2020: still a date
    assert said["'Dash'!C5"] == ("is formatted as a date (44044 shows as 2020-08-01), not a "
                                 "figure; it is treated as missing")
    hints = {f.hint for f in result.findings if f.address == "'Dash'!C2"}
    assert any("such as minutes (30 for 0:30)" in hint for hint in hints)


GRID = Grid("Dash", [["x"]])


@given(st.integers(1, 86399))
def test_any_time_of_day_below_a_day_reads_as_its_clock(seconds: int) -> None:
    hours, minutes, secs = seconds // 3600, seconds // 60 % 60, seconds % 60
    clock = f"{hours}:{minutes:02d}" + (f":{secs:02d}" if secs else "")
    assert f"shows as {clock})" in date_finding(GRID, 0, 0, seconds / 86400).message
    as_time = dt.time(hours, minutes, secs)
    assert f"shows as {clock})" in date_finding(GRID, 0, 0, as_time).message
    # Excel on Windows gives a [h]:mm cell as a datetime on its day 0, 30 Dec 1899
    on_day_zero = dt.datetime.combine(dt.date(1899, 12, 30), as_time)
    assert f"shows as {clock})" in date_finding(GRID, 0, 0, on_day_zero).message


def test_a_real_date_or_a_serial_of_a_day_or_more_stays_a_date() -> None:
    assert date_finding(GRID, 0, 0, dt.datetime(2020, 8, 1, 9, 30)).message.startswith(
        "holds a date (2020-08-01T09:30:00)")
    # a day and a half ([h]:mm 36:00) cannot be told from a date by its value alone
    assert date_finding(GRID, 0, 0, 1.5).message.startswith("is formatted as a date (1.5 ")
