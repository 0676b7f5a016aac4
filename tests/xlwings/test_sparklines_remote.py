"""A Sparkline column on an engine that cannot draw sparklines (the remote engine behind
xlwings Server and Excel on the web): the cells are refreshed as usual, the column is
left as it is, and the message box says so once; it is not an error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import xlwings as xw

import xl_addin
from xl_addin.adapters.xlwings_book import XlwingsBook, bgr, sparkline_access

from .conftest import actions
from .payload import book_json, sample_sheets

pytestmark = pytest.mark.usefixtures("remote_engine")


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))


def with_sparkline_column() -> dict[str, Any]:
    sheets = sample_sheets()
    rows = [[*r, None] for r in sheets["Early Help"]]
    rows[2][-1] = "Sparkline"  # header row 3, column AV
    sheets["Early Help"] = rows
    return book_json(sheets)


def test_remote_engine_refreshes_the_cells_and_says_once_that_it_cannot_draw() -> None:
    book = xw.Book(json=with_sparkline_column())
    assert XlwingsBook(book).draws_sparklines is False
    book.set_mock_caller()
    xl_addin.main()
    calls = actions(book)
    text, _, _, mode, _ = calls[-1]["args"]
    assert calls[-1]["func"] == "alert" and mode == "info"
    # the same 90 cells as the sample without the column (nine indicators, ten cells each)
    assert text.splitlines()[0] == "Refreshed 90 cells for Aug-20 (9 indicators on 'Early Help')."
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
