"""A workbook in the 1904 date system (older Mac workbooks): month headers, targets,
variance and RAG as in any other workbook, and add-month's header reads back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from xl_addin.cli import app
from xl_addin.core.periods import Month, date_serial

from .books import checked, record, refreshed, write_book

MONTHS = [dt.date(2019 + (7 + k) // 12, (7 + k) % 12 + 1, 1) for k in range(13)]  # Aug-19..
HEADER_TAIL = ["Change from prev. period", None, "% change from same period py", None, "DoT",
               "12-mnth avg", "Target 20-21", "Variance to target", "RAG"]
SETTINGS = [["Ref", "Polarity"], ["EH1b", "higher is better"]]
FIGURES = [180, 190, 200, 210, 220, 230, 240, 250, 260, 270, 300, 339, 280]


def book_1904(tmp_path: Path, headers: list[object]) -> Path:
    return write_book(tmp_path / "mac.xlsx", [
        ["Ref", "Indicator", *headers, *HEADER_TAIL],
        ["EH1b", "Number of Early Help Plans opened", *FIGURES, *[None] * 6, 250],
    ], settings=SETTINGS, date1904=True)


@pytest.mark.parametrize("as_serials", [False, True])
def test_1904_workbook_reports_aug_20_with_target_variance_and_rag(
    tmp_path: Path, as_serials: bool
) -> None:
    headers: list[object] = ([date_serial(d, date1904=True) for d in MONTHS] if as_serials
                             else list(MONTHS))
    path = book_1904(tmp_path, headers)
    result = checked(path)
    assert result.month == Month(2020, 8)
    eh = record(result, "EH1b")
    # By hand: 280 against Jul-20 339 (-17.4%) and Aug-19 180 (+55.6%); 12 months Sep-19 to
    # Aug-20; target 250 for 2020/21: +30, +12%, Green.
    assert eh["change_previous"] == pytest.approx((280 - 339) / 339)
    assert eh["change_year"] == pytest.approx(100 / 180)
    assert eh["average"] == pytest.approx(sum(FIGURES[1:]) / 12)
    assert (eh["target_year"], eh["target"]) == (2020, 250)
    assert eh["variance"] == pytest.approx(30)
    assert eh["variance_pct"] == pytest.approx(0.12)
    assert eh["rag"] == "green"
    row = refreshed(path)[1]
    assert row[15:24] == ["▼", pytest.approx(-59 / 339), "▲", pytest.approx(100 / 180), "▲",
                          pytest.approx(sum(FIGURES[1:]) / 12), 250, pytest.approx(30), "Green"]


@pytest.mark.parametrize("as_serials", [False, True])
def test_add_month_in_a_1904_workbook_adds_sep_20(tmp_path: Path, as_serials: bool) -> None:
    headers: list[object] = ([date_serial(d, date1904=True) for d in MONTHS] if as_serials
                             else list(MONTHS))
    path = book_1904(tmp_path, headers)
    out = tmp_path / "added.xlsx"
    done = CliRunner().invoke(app, ["add-month", str(path), "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert "Added Sep-20 in column P" in done.output
    assert checked(out).layout.latest_month == Month(2020, 9)
    ws = openpyxl.load_workbook(out)["KPIs"]
    assert ws.parent.epoch == openpyxl.utils.datetime.CALENDAR_MAC_1904
    expected = dt.datetime(2020, 9, 1) if not as_serials else date_serial(
        dt.date(2020, 9, 1), date1904=True)
    assert ws["P1"].value == expected


def test_both_file_readers_give_the_1904_serial_and_the_grid_says_so(tmp_path: Path) -> None:
    import zipfile

    from xl_addin.adapters.package import open_workbook
    from xl_addin.adapters.package.read.fast_reader import FastReader
    from xl_addin.adapters.package.read.sheet_reader import read_grid_streaming
    from xl_addin.core.periods import parse_month

    path = book_1904(tmp_path, list(MONTHS))
    data = path.read_bytes()
    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    aug20 = date_serial(dt.date(2020, 8, 1), date1904=True)  # 42582: 31 Jul 2016 in 1900
    fast = FastReader(data, date1904=True).read("KPIs", sheet_xml)
    streamed = read_grid_streaming(sheet_xml, "KPIs", (), path=str(path),
                                   part="xl/worksheets/sheet1.xml", date1904=True)
    assert fast is not None
    assert fast.value(0, 14) == streamed.value(0, 14) == aug20
    grid = open_workbook(path, for_writing=False).read_grid("KPIs")
    assert grid.date1904
    assert parse_month(grid.value(0, 14), date1904=grid.date1904) == Month(2020, 8)


def test_a_date_in_a_figure_cell_of_a_1904_book_is_named_by_its_own_date(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "dated.xlsx"
    book = xlsxwriter.Workbook(str(path), {"date_1904": True})
    ws = book.add_worksheet("KPIs")
    dated = book.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, ["Ref", "Indicator", "Jul-20", "Aug-20", "DoT"])
    ws.write_row(1, 0, ["A1", "Number of assessments", 100])
    ws.write_datetime(1, 3, dt.datetime(2020, 8, 1), dated)  # a date typed as the figure
    book.close()
    found = [f for f in checked(path).findings if f.address == "'KPIs'!D2"]
    assert len(found) == 1
    # 42582 is 1 Aug 2020 in the 1904 system (31 Jul 2016 in the 1900 one).
    assert "42582 shows as 2020-08-01" in found[0].message
