"""Figures formatted as durations ([h]:mm, mm:ss) are figures of a duration indicator.

Real .xlsx files built with openpyxl, read and written by the file adapter. NHS
scorecards keep ambulance response times as mm:ss and A&E waits as hours:minutes:
Excel stores each as a fraction of a day (0:07:32 is 452 / 86400). Every expected
figure is worked out by hand in seconds in the test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from xl_addin.core.explain import explain
from xl_addin.core.grid import Grid
from xl_addin.core.units import DATE_FIGURE, UNIT_MISMATCH, date_finding
from xl_addin.core.wording import excel_text
from xl_addin.files import open_file_workbook
from xl_addin.service import check_workbook, refresh_workbook

DAY = 86400
MONTHS = ["Jun-19", "Jul-19", "Aug-19", "Sep-19", "Oct-19", "Nov-19", "Dec-19", "Jan-20",
          "Feb-20", "Mar-20", "Apr-20", "May-20", "Jun-20", "Jul-20"]
# Category 1 mean response time in seconds, Jun-19 .. Jul-20: Jun-20 is 00:07:32 and
# Jul-20 00:08:10; Jul-19 is 00:07:30.
CAT1 = [440, 450, 460, 470, 480, 490, 500, 510, 520, 430, 420, 410, 452, 490]
# A&E: mean time in department in minutes (hours:minutes), Jun-19 .. Jul-20; Jul-20 is
# 4:50, Jun-20 5:10, Jul-19 4:00.
AE = [230, 240, 250, 260, 270, 280, 290, 300, 310, 320, 330, 340, 310, 290]


def ambulance(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Scorecard"
    ws.append(["Ref", "Indicator", "Polarity", *MONTHS, "Change from prev. period", None,
               "% change from same period py", None, "DoT", "12-mnth avg", "12-mnth max."])
    ws.append(["C1", "Category 1 mean response time", "lower", *[s / DAY for s in CAT1]])
    ws.append(["AE", "Mean time in A&E", "lower", *[m / 1440 for m in AE]])
    ws.append(["H1", "Handovers over 60 minutes", "lower", *[10] * 14])
    for col in range(4, 18):
        ws.cell(2, col).number_format = "mm:ss"
        ws.cell(3, col).number_format = "[h]:mm"
    path = tmp_path / "ambulance.xlsx"
    wb.save(path)
    return path


def refreshed(path: Path) -> dict[str, tuple[object, str]]:
    with open_file_workbook(path) as book:
        refresh_workbook(book)
        book.save(path, backup=False)
    ws = load_workbook(path)["Scorecard"]
    return {cell.coordinate: (cell.value, cell.number_format)
            for row in ws.iter_rows(min_row=2, max_row=4, min_col=18, max_col=24)
            for cell in row}


def seconds(value: object) -> float:
    """openpyxl gives a cell in a time format back as a timedelta."""
    assert isinstance(value, dt.timedelta), value
    return value.total_seconds()


def test_response_times_in_mm_ss_are_figures_with_their_changes(tmp_path: Path) -> None:
    cells = refreshed(ambulance(tmp_path))
    # Jun-20 00:07:32 -> Jul-20 00:08:10: up 38 s, the size written, its sign in the
    # format; the sheet's own mm:ss made elapsed so an hour never wraps away.
    value, fmt = cells["S2"]
    assert seconds(value) == pytest.approx(38, abs=1e-3)
    assert fmt == '"+"[mm]:ss'
    assert cells["R2"][0] == "►"  # 38 / 452 = +8.4%, inside the 10% band
    # '% change from same period py': Jul-19 450 s -> 490 s is +40 / 450 = +8.9%
    assert cells["U2"][0] == pytest.approx(40 / 450)
    assert cells["U2"][1] == "+0%;-0%;0%"
    # 12-month average Aug-19 .. Jul-20: 5,632 s / 12 = 469.33 s (7:49); max 520 s (8:40)
    assert seconds(cells["W2"][0]) == pytest.approx(5632 / 12, abs=1e-3)
    assert cells["W2"][1] == "[mm]:ss"
    assert seconds(cells["X2"][0]) == pytest.approx(520, abs=1e-3)


def test_waits_in_hours_and_minutes_fall_with_a_minus_in_the_format(tmp_path: Path) -> None:
    cells = refreshed(ambulance(tmp_path))
    # Jun-20 5:10 -> Jul-20 4:50: down 20 minutes (-20 / 310 = -6.5%, inside the band)
    value, fmt = cells["S3"]
    assert seconds(value) == pytest.approx(20 * 60, abs=1e-3)
    assert fmt == '"-"[h]:mm'
    assert excel_text(20 / 1440, fmt) == "-0:20"
    assert cells["R3"][0] == "►"
    # Jul-19 4:00 -> Jul-20 4:50: +50 / 240 = +20.8%, beyond the band: ▲, and lower is
    # better, so the DoT is ▲ (Negative)
    assert cells["U3"][0] == pytest.approx(50 / 240)
    assert cells["T3"][0] == "▲"
    # average Aug-19 .. Jul-20 in minutes: 250 + 260 + ... + 340 + 310 + 290 = 3,550;
    # / 12 = 295.83 minutes
    assert seconds(cells["W3"][0]) == pytest.approx(3550 / 12 * 60, abs=1e-3)
    assert cells["W3"][1] == "[h]:mm"


def test_a_count_beside_the_durations_keeps_its_own_formats(tmp_path: Path) -> None:
    cells = refreshed(ambulance(tmp_path))
    assert cells["S4"] == (0, "+0%;-0%;0%")
    assert cells["W4"] == (10, "#,##0")


def test_explain_tells_a_duration_as_times(tmp_path: Path) -> None:
    result = check_workbook(open_file_workbook(ambulance(tmp_path), for_writing=False))
    said = dict(explain(result, "C1").lines)
    assert said["Change from previous month"].startswith(
        "Jun-20 7:32 to Jul-20 8:10, up 0:38 (+8%), within the 10% band, so ►.")
    assert said["12-month average"].startswith("7:49 from 12 of the 12 months")
    assert said["12-month maximum"] == "8:40."
    assert "a duration" in said["Settings"]


def mixed(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Dash"
    ws.append(["Ref", "Indicator", "Jun-20", "Jul-20", "Aug-20"])
    ws.append(["T1", "Average time to first contact", 30 / 1440, 40 / 1440, 25 / 1440])
    ws.append(["T2", "Call wait", 90 / DAY, 44044, 120 / DAY])
    ws.append(["C1", "Contacts", 100, 30 / 1440, 120])
    ws.append(["D1", "Date typed as a figure", 44044, 44075, 44105])
    ws.append(["L1", "Longest wait", 1.5, 1.25, 2.0])
    ws.append(["T3", "Answer time", 30 / DAY, 40 / DAY, 7.5])
    for col in "CDE":
        ws[f"{col}2"].number_format = "[h]:mm"
        ws[f"{col}5"].number_format = "dd/mm/yyyy"
        ws[f"{col}6"].number_format = "[h]:mm"
    ws["C3"].number_format = ws["E3"].number_format = "mm:ss"
    ws["C7"].number_format = ws["D7"].number_format = "mm:ss"
    ws["D3"].number_format = "dd/mm/yyyy"
    ws["D4"].number_format = "h:mm"
    path = tmp_path / "mixed.xlsx"
    wb.save(path)
    return path


def test_slips_among_durations_are_findings_naming_their_cells(tmp_path: Path) -> None:
    result = check_workbook(open_file_workbook(mixed(tmp_path), for_writing=False))
    said = {(f.address, f.code): f.message for f in result.findings}
    # Durations are figures now: no finding for T1's cells.
    assert not [a for a, _ in said if a.startswith("'Dash'!") and a.endswith("2")]
    # T2 is a duration by its mm:ss cells; 44044 formatted as a date stays a date
    assert said["'Dash'!D3", DATE_FIGURE] == ("is formatted as a date (44044 shows as "
                                              "2020-08-01), not a figure; it is treated as "
                                              "missing")
    # and a plain 7.5 among its durations could be minutes or days: not read
    assert said["'Dash'!E7", UNIT_MISMATCH].startswith("7.5 is not formatted as a duration")
    # 0:30 in the Contacts row (a count) is told as a duration, with the way out
    assert said["'Dash'!D4", DATE_FIGURE] == (
        "is formatted as a time or duration (0.0208333 shows as 0:30), but the indicator "
        "is a count; it is treated as missing")
    assert said["'Dash'!C5", DATE_FIGURE].startswith("is formatted as a date (44044 shows")


def test_a_duration_of_a_day_or_more_in_h_mm_is_a_duration(tmp_path: Path) -> None:
    result = check_workbook(open_file_workbook(mixed(tmp_path), for_writing=False))
    assert not [f for f in result.findings if f.address in ("'Dash'!C6", "'Dash'!D6",
                                                            "'Dash'!E6")]
    rec = next(r for r in result.results.records() if r.ref == "L1")
    assert rec.unit == "duration"
    # 36:00 -> 30:00 -> 48:00 hours: Aug-20 against Jul-20 is +18 / 30 = +60%
    assert rec.current == 2.0
    assert rec.change_previous == pytest.approx(0.6)
    timed = next(r for r in result.results.records() if r.ref == "T1")
    # 40 -> 25 minutes: -15 / 40 = -37.5%
    assert timed.unit == "duration"
    assert timed.change_previous == pytest.approx(-0.375)


def test_settings_make_a_row_of_general_cells_a_duration(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Dash"
    ws.append(["Ref", "Indicator", "Jul-20", "Aug-20", "Change from prev. period"])
    ws.append(["W1", "Wait", 452 / DAY, 490 / DAY])
    settings = wb.create_sheet("Settings")
    settings.append(["Ref", "Unit"])
    settings.append(["W1", "mm:ss"])
    path = tmp_path / "set.xlsx"
    wb.save(path)
    with open_file_workbook(path) as book:
        result = refresh_workbook(book)
        book.save(path, backup=False)
    assert result.results.record(0).unit == "duration"
    cell = load_workbook(path)["Dash"]["E2"]
    # no cell's format to follow: the default [h]:mm:ss, signed
    assert seconds(cell.value) == pytest.approx(38, abs=1e-3)
    assert cell.number_format == '"+"[h]:mm:ss'


GRID = Grid("Dash", [["x"]])


@given(st.integers(1, 86399))
def test_a_time_of_day_in_a_date_format_reads_as_its_clock(seconds: int) -> None:
    hours, minutes, secs = seconds // 3600, seconds // 60 % 60, seconds % 60
    clock = f"{hours}:{minutes:02d}" + (f":{secs:02d}" if secs else "")
    assert f"shows as {clock})" in date_finding(GRID, 0, 0, seconds / DAY).message
    as_time = dt.time(hours, minutes, secs)
    assert f"shows as {clock})" in date_finding(GRID, 0, 0, as_time).message
    # Excel on Windows gives a [h]:mm cell as a datetime on its day 0, 30 Dec 1899
    on_day_zero = dt.datetime.combine(dt.date(1899, 12, 30), as_time)
    assert f"shows as {clock})" in date_finding(GRID, 0, 0, on_day_zero).message


def test_a_real_date_or_a_serial_of_a_day_or_more_stays_a_date() -> None:
    assert date_finding(GRID, 0, 0, dt.datetime(2020, 8, 1, 9, 30)).message.startswith(
        "holds a date (2020-08-01T09:30:00)")
    # in a date format, a day and a half is 31 Dec 1899 12:00, not a duration
    assert date_finding(GRID, 0, 0, 1.5).message.startswith("is formatted as a date (1.5 ")


def test_the_summary_gives_a_durations_change_in_time_and_percent(tmp_path: Path) -> None:
    from xl_addin.report import summary_rows

    result = check_workbook(open_file_workbook(ambulance(tmp_path), for_writing=False))
    rows = {row[0]: row for row in summary_rows(result.results, result.month)}
    # 7:32 -> 8:10 is +38 s (+8.4%); Jul-19 7:30 -> 8:10 is +40 s (+40 / 450 = +8.9%)
    assert rows["C1"][1:4] == ["8:10", "► +0:38 (+8%)", "► +0:40 (+9%)"]
    # A&E: 5:10 -> 4:50 is -20 min (-6.5%); 4:00 -> 4:50 is +50 min (+20.8%)
    assert rows["AE"][1:4] == ["4:50:00", "► -20:00 (-6%)", "▲ +50:00 (+21%)"]
    assert rows["H1"][2] == "► 0%"


def test_a_second_refresh_changes_no_duration_cell(tmp_path: Path) -> None:
    from xl_addin.service import refresh_and_count

    path = ambulance(tmp_path)
    refreshed(path)
    with open_file_workbook(path) as book:
        _, counted = refresh_and_count(book)
    # The 12-month average 469.333... s is written to the millisecond, as the file's
    # fast reader gives a time back: it reads as the same figure, not a change.
    assert counted.changed == 0
