"""The Board pack ribbon button (xl_addin.board_pack.xlam runs `xl_addin.board_pack.main()`),
driven through xlwings' object model on the remote engine as the ribbon drives it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import xlwings as xw
from pypdf import PdfReader

import xl_addin.board_pack
from xl_addin.board_pack.model import build_pack
from xl_addin.board_pack.workbook import folder_for, pdf_name, write_pdf_file
from xl_addin.core.errors import WorkbookError
from xl_addin.templates import SAMPLE_NAME, template_path

from .conftest import actions
from .payload import book_json, sample_sheets

pytestmark = pytest.mark.usefixtures("remote_engine")
QUIET = {"setScreenUpdating", "setCalculation"}


def alerts(done: list[dict[str, Any]]) -> list[str]:
    return [a["args"][0] for a in done if a["func"] == "alert"]



def press(payload: dict[str, Any]) -> xw.Book:
    book = xw.Book(json=payload)
    book.set_mock_caller()
    xl_addin.board_pack.main()
    return book


def test_the_button_writes_the_pdf_and_says_where_without_touching_the_workbook(
    tmp_path: Path
) -> None:
    (tmp_path / "Documents").mkdir()
    book = press(book_json(sample_sheets()))
    done = actions(book)
    # Excel kept quiet while it ran (as for every button) and the message box: no cell,
    # format or sheet of the workbook is written.
    assert {a["func"] for a in done} == QUIET | {"alert"}
    [message] = alerts(done)
    # Office.js sends the name alone (no folder on this computer): Documents, said so.
    pdf = tmp_path / "Documents" / "early_help_dashboard board pack Aug-20.pdf"
    assert message == (f"Wrote the board pack for Aug-20 (9 indicators, 11 pages) to:\n{pdf}"
                       "\n\n(Not beside the workbook: the workbook has not been saved to a "
                       "folder yet.)")
    pages = PdfReader(pdf).pages
    assert len(pages) == 11  # summary, 9 indicators, the data checks
    assert "Early Help Dashboard board pack: Aug-20" in pages[0].extract_text()


def test_a_workbook_without_a_table_is_told_why_and_no_pdf_is_written(tmp_path: Path) -> None:
    book = press(book_json({"Notes": [["hello"]]}))
    [message] = alerts(actions(book))
    assert "no sheet holds a dashboard table" in message
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_saved_workbook_gets_its_pack_in_its_own_folder(tmp_path: Path) -> None:
    book = tmp_path / "team" / "dash.xlsx"
    book.parent.mkdir()
    book.write_bytes(b"")
    assert folder_for(str(book)) == (book.parent, "")
    folder, why = folder_for("https://council.sharepoint.com/sites/pi/dash.xlsx")
    assert folder == tmp_path and "from the web" in why  # no Documents folder: home
    assert pdf_name("Q2: report.xlsx", "Aug-20") == "Q2- report board pack Aug-20.pdf"


def test_a_pdf_that_cannot_be_replaced_is_an_error_saying_to_close_it(tmp_path: Path) -> None:
    from xl_addin.core.monthly import checked_refresh
    from xl_addin.files import open_file_workbook
    from xl_addin.service import locate_dashboard

    sheets = locate_dashboard(open_file_workbook(template_path(SAMPLE_NAME),
                                                 for_writing=False))
    pack = build_pack(checked_refresh(sheets.dashboard, sheets.settings), sheets.dashboard)
    target = tmp_path / "pack.pdf"
    target.mkdir()  # stands in for a file another program holds: it cannot be replaced
    with pytest.raises(WorkbookError) as caught:
        write_pdf_file(pack, target)
    assert re.search(r"cannot write the board pack \(.+\)\.", caught.value.message)
    assert caught.value.hint.startswith("Close the PDF if it is open")
    assert [p.name for p in tmp_path.iterdir()] == ["pack.pdf"]  # no temporary file left
