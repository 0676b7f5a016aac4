"""A Sparkline column on an engine that cannot draw sparklines (the remote engine behind
xlwings Server and Excel on the web): the cells are refreshed as usual, the column is
left as it is, and the message box says so once; it is not an error."""

from __future__ import annotations

from typing import Any

import pytest
import xlwings as xw

import xl_addin
from xl_addin.adapters.xlwings_book import XlwingsBook, bgr, sparkline_access

from .conftest import actions
from .payload import book_json, sample_with_headers

pytestmark = pytest.mark.usefixtures("remote_engine")



def with_sparkline_column() -> dict[str, Any]:
    return book_json(sample_with_headers("Sparkline"))  # column AV


def test_remote_engine_refreshes_the_cells_and_says_once_that_it_cannot_draw() -> None:
    book = xw.Book(json=with_sparkline_column())
    assert XlwingsBook(book).draws_sparklines is False
    book.set_mock_caller()
    xl_addin.main()
    calls = actions(book)
    text, _, _, mode, _ = calls[-1]["args"]
    assert calls[-1]["func"] == "alert" and mode == "info"
    # the same 90 cells as the sample without the column (nine indicators, ten cells each)
    assert text.splitlines()[0].startswith(
        "Refreshed Aug-20 (9 indicators on 'Early Help'): changed 90 of the 90 cells")
    said = [line for line in text.splitlines() if "sparkline" in line]
    assert len(said) == 1
    assert said[0].startswith("- 'Early Help'!AV3: this Excel cannot add sparklines")
    assert "9 sparkline(s) of column AV" in said[0]
    # nothing written into the Sparkline column (column index 47)
    written = [a for a in calls if a["func"] == "setValues" and a["start_column"] == 47]
    assert written == []


def test_only_windows_excel_draws_sparklines() -> None:
    assert sparkline_access("excel", "win32")
    assert not sparkline_access("excel", "darwin")
    assert not sparkline_access("remote", "win32")
    assert not sparkline_access("remote", "linux")


def test_colours_go_to_excel_as_bgr() -> None:
    # Excel's object model wants blue in the high byte: FF C0 00 00 (dark red) is 0x0000C0
    assert bgr("FFC00000") == 0x0000C0
    assert bgr("FF0070C0") == 0xC07000


class _Recorder:
    """Stands in for Windows Excel's COM objects, which cannot run here: records which
    range gets which sparkline group and every property set on it."""

    def __init__(self, log: list[tuple[str, Any]], name: str = "") -> None:
        object.__setattr__(self, "_log", log)
        object.__setattr__(self, "_name", name)

    def __getattr__(self, attr: str) -> _Recorder:
        return _Recorder(self._log, f"{self._name}.{attr}")

    def __setattr__(self, attr: str, value: Any) -> None:
        self._log.append((f"{self._name}.{attr}", value))

    def __call__(self, *args: Any) -> _Recorder:
        self._log.append((self._name, args))
        return _Recorder(self._log, f"{self._name}{args}")


def test_windows_draws_one_group_per_run_of_rows_over_their_period_block() -> None:
    from xl_addin.adapters.xlwings_book import draw_com_sparklines
    from xl_addin.core.grid import Grid
    from xl_addin.core.refresh import plan_refresh

    grid = Grid("Early Help", [
        ["Ref", "Indicator", "Jan-24", "Feb-24", "Mar-24", "Sparkline"],
        ["A1", "Referrals", 10, 12, 15, None],
        ["A2", "Assessments", 20, 21, 18, None],
        [None, "Section heading"],
        ["A3", "Plans", 5, 6, 7, None],
    ])
    plan = plan_refresh(grid).plan.sparklines
    assert plan is not None
    log: list[tuple[str, Any]] = []
    draw_com_sparklines(_Recorder(log), plan)
    calls = [name for name, _ in log]
    # rows 2-3 and row 5 (row 4 is a heading): two runs, each cleared, then added
    assert [(n, a) for n, a in log if n.endswith((".Range", ".Clear", ".Add"))] == [
        (".Range", ("F2:F3",)), (".Range('F2:F3',).SparklineGroups.Clear", ()),
        (".Range('F2:F3',).SparklineGroups.Add", (1, "'Early Help'!$C$2:$E$3")),
        (".Range", ("F5:F5",)), (".Range('F5:F5',).SparklineGroups.Clear", ()),
        (".Range('F5:F5',).SparklineGroups.Add", (1, "'Early Help'!$C$5:$E$5")),
    ]
    group = ".Range('F2:F3',).SparklineGroups.Add(1, \"'Early Help'!$C$2:$E$3\")"
    set_on_group = dict((n[len(group):], v) for n, v in log if n.startswith(group))
    assert set_on_group[".LineWeight"] == 1.25
    assert set_on_group[".DisplayBlanksAs"] == 1  # xlNotPlotted: a gap
    assert set_on_group[".SeriesColor.Color"] == bgr("FF595959")
    assert set_on_group[".Points.Lastpoint.Visible"] is True
    assert ".PlotBy" not in set_on_group  # 2 rows x 3 months is not square
    assert calls.count(".Range") == 2
