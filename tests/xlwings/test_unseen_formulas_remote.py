"""The remote engine cannot show formulas: the refresh writes only cells it can prove
are its own (empty, or holding what the last refresh wrote), and says which it left.

The payload is what xlwings' Office.js client sends: values only, so an analyst's
formula in an output column arrives as its result, like the 123 below.
"""

from __future__ import annotations

from typing import Any

import pytest
import xlwings as xw

import xl_addin
from xl_addin.adapters.xlwings_book import XlwingsBook
from xl_addin.service import locate_dashboard

from .conftest import actions
from .payload import after_actions, book_json, sample_sheets
from .replay import replay

pytestmark = pytest.mark.usefixtures("remote_engine")

EH1B, AVG, MAX = 5, 34, 35  # the sample's EH1b row; 12-mnth avg (AI) and max (AJ) columns


@pytest.fixture(autouse=True)
def _home(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # the macro's log goes to ~/.xl_addin


def run_ribbon(payload: dict[str, Any]) -> list[dict[str, Any]]:
    book = xw.Book(json=payload)
    book.set_mock_caller()
    try:
        xl_addin.main()
        return actions(book)
    finally:
        del xw.Book._mock_caller


def with_cell(sheets: dict[str, Any], row: int, col: int, value: Any) -> dict[str, Any]:
    sheets["Early Help"][row][col] = value
    return sheets


def message(recorded: list[dict[str, Any]]) -> str:
    alert = recorded[-1]
    assert alert["func"] == "alert"
    return str(alert["args"][0])


def test_the_remote_engine_reports_that_it_cannot_see_formulas() -> None:
    book = XlwingsBook(xw.Book(json=book_json(sample_sheets())))
    locate_dashboard(book)
    assert book.formulas_known is False


def test_a_filled_output_cell_on_a_first_refresh_is_left_and_named() -> None:
    # No refresh on record: only empty output cells are the refresh's own.
    sheets = with_cell(sample_sheets(), EH1B, AVG, 123.0)
    recorded = run_ribbon(book_json(sheets))
    painted = replay(recorded)
    assert (EH1B, AVG) not in painted.touched[0]
    assert painted.values[(0, EH1B, MAX)] == 339  # its neighbour, empty before, is written
    text = message(recorded)
    assert "1 output cell" in text and "was left as it is: AI6." in text
    # The Data checks sheet lists it too (sheet 2 is the new Data checks sheet).
    listed = [v for (sheet, _, _), v in painted.values.items()
              if sheet == 2 and isinstance(v, str) and "cannot show formulas" in v]
    assert listed and "AI6" in listed[0]


def test_the_next_refresh_rewrites_its_own_cells_and_still_leaves_the_analysts() -> None:
    sheets = with_cell(sample_sheets(), EH1B, AVG, 123.0)
    first = run_ribbon(book_json(sheets))
    after = after_actions(sheets, first)
    written_first = replay(first).touched[0]
    second = run_ribbon(book_json(after))
    painted = replay(second)
    # Every cell the first refresh wrote holds what it wrote: all of them are written again.
    assert painted.touched[0] == written_first
    assert (EH1B, AVG) not in painted.touched[0]
    assert "1 output cell" in message(second)


def test_a_cell_changed_since_the_last_refresh_is_left() -> None:
    sheets = sample_sheets()
    first = run_ribbon(book_json(sheets))
    after = after_actions(sheets, first)
    assert after["Early Help"][EH1B][MAX] == 339
    after["Early Help"][EH1B][MAX] = 340.0  # an analyst's formula, or a typed figure, since
    painted = replay(run_ribbon(book_json(after)))
    assert (EH1B, MAX) not in painted.touched[0]
    assert (EH1B, AVG) in painted.touched[0]


def test_two_cells_in_a_column_and_one_beside_are_named_as_areas() -> None:
    sheets = sample_sheets()
    for row in (EH1B, EH1B + 1):
        with_cell(sheets, row, AVG, 1.0)
    with_cell(sheets, EH1B, MAX, 2.0)
    text = message(run_ribbon(book_json(sheets)))
    assert "3 output cells" in text and "AI6:AI7, AJ6" in text
