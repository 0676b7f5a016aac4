"""Cells formatted as percentages or dates, read from a real .xlsx (styles.xml and the sheet),
and what the refresh makes of them. Expected cells and figures written by hand."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_addin.adapters.package import open_workbook
from xl_addin.adapters.package.read.sheet_reader import read_grid_streaming
from xl_addin.core.address import cell_address
from xl_addin.core.units import number_format_kind
from xl_addin.service import check_workbook

MONTHS = [dt.datetime(2019 + (6 + k) // 12, (6 + k) % 12 + 1, 1) for k in range(14)]
"""Jul-19 .. Aug-20 (first days of 14 consecutive months)."""


def formatted_dashboard(path: Path) -> Path:
    """Ref | Indicator | 14 months | Change from prev. period.

    S1 'Children seen within 10 days': every figure a fraction formatted 0.0%
    (its name does not say percentage). A1 'Number of assessments': counts, Aug-20
    typed 0.12 and formatted as 12% (a slip). A2 'Number of plans': counts, Jul-20 a
    date (Excel stores 44,013, shows 01/07/2020)."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Dashboard"
    ws.append(["Ref", "Indicator", *MONTHS, "Change from prev. period", None])
    for col in range(3, 17):
        ws.cell(1, col).number_format = "mmm-yy"
    ws.append(["S1", "Children seen within 10 days", *([0.80] * 13), 0.83])
    ws.append(["A1", "Number of assessments", *([100] * 13), 0.12])
    ws.append(["A2", "Number of plans", *([50] * 12), dt.datetime(2020, 7, 1), 55])
    for col in range(3, 17):
        ws.cell(2, col).number_format = "0.0%"
    ws.cell(3, 16).number_format = "0%"
    ws.cell(4, 15).number_format = "dd/mm/yyyy"
    book.save(path)
    return path


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return formatted_dashboard(tmp_path / "formatted.xlsx")


def test_the_file_reader_marks_percent_and_date_formatted_cells(workbook: Path) -> None:
    grid = open_workbook(workbook).read_grid("Dashboard")
    assert sorted(cell_address(*c) for c in grid.percent_cells) == sorted(
        [f"{letter}2" for letter in "CDEFGHIJKLMNOP"] + ["P3"])
    # the month headers (row 1) and the date typed in O4
    assert sorted(cell_address(*c) for c in grid.date_cells) == sorted(
        [f"{letter}1" for letter in "CDEFGHIJKLMNOP"] + ["O4"])


def test_the_streaming_reader_marks_the_same_cells(workbook: Path) -> None:
    book = open_workbook(workbook)
    fast = book.read_grid("Dashboard")
    exact = read_grid_streaming(
        book.read(book.sheet_part("Dashboard")), "Dashboard", book._reader._shared_strings(),
        path=str(workbook), part=book.sheet_part("Dashboard"), date1904=False,
        kinds=book._reader.style_kinds())
    assert (exact.percent_cells, exact.date_cells) == (fast.percent_cells, fast.date_cells)


def test_the_refresh_reads_formatted_percentages_and_drops_slips(workbook: Path) -> None:
    result = check_workbook(open_workbook(workbook))
    records = {str(r.ref): r for r in result.results.records()}
    assert records["S1"].unit == "percent"
    assert records["S1"].change_previous == pytest.approx(0.03)  # 83% - 80%: 3 points
    assert math.isnan(records["A1"].current)  # not 0.12 (▼ -100%)
    assert math.isnan(records["A2"].previous)  # not 44,013 (▼ -99.9%)
    assert records["A2"].current == 55
    by_code = {(f.code, f.address, f.level) for f in result.findings}
    assert ("unit_mismatch", "'Dashboard'!P3", "warning") in by_code
    assert ("date_figure", "'Dashboard'!O4", "warning") in by_code


@pytest.mark.parametrize(
    ("code", "kind"),
    [("0%", "percent"), ("0.0%", "percent"), ("#,##0.0%;[Red]-#,##0.0%", "percent"),
     ("mmm-yy", "date"), ("dd/mm/yyyy", "date"), ("[h]:mm:ss", "duration"),
     ("[$-809]dd mmmm yyyy", "date"), ("h:mm AM/PM", "date"),
     ("General", None), ("#,##0", None), ("@", None), ('0.0" pp"', None),
     ('+0.0" pp";-0.0" pp";0.0" pp"', None), ("[Red]#,##0", None), ('#,##0"*"', None),
     ('0.0"%"', None), ('"Month" 0', None), ("_(* #,##0_)", None), (None, None)],
)
def test_number_format_kinds(code: str | None, kind: str | None) -> None:
    assert number_format_kind(code) == kind


@given(st.text(alphabet='0#,.;"%[]$-dmyhsDMYHS@_* /\\:', max_size=16))
def test_number_format_kind_never_raises(code: str) -> None:
    assert number_format_kind(code) in (None, "percent", "date", "duration")
