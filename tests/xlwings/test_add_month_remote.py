"""add-month through xlwings' remote engine gives what the headless path gives.

The recorded actions (a whole-column insert with 'format from left', the header
value, the hidden column) are replayed onto the sample's cells and compared with
the file the package adapter writes.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlwings as xw

from xl_addin.adapters.package import open_workbook
from xl_addin.adapters.xlwings_book import outline_access
from xl_addin.core.add_month import ColumnState
from xl_addin.macro import add_month_in_excel, added
from xl_addin.service import add_month
from xl_addin.templates import SAMPLE_NAME, template_path

from .conftest import actions
from .payload import book_json, sample_sheets

pytestmark = pytest.mark.usefixtures("remote_engine")



def replay_insert(rows: list[list[Any]], recorded: list[dict[str, Any]]) -> tuple[
    list[list[Any]], set[int]
]:
    """The dashboard's values after the recorded actions, and the columns hidden."""
    grid = [list(r) for r in rows]
    hidden: set[int] = set()
    for action in recorded:
        if action.get("sheet_position") != 0:
            continue
        col, func = action["start_column"], action["func"]
        if func == "rangeInsert":
            assert action["args"] == ["right", "format_from_left_or_above"]
            assert action["row_count"] == 1_048_576 and action["column_count"] == 1
            for row in grid:
                row.insert(col, None)
        elif func == "setValues":
            grid[action["start_row"]][col] = action["values"][0][0]
        elif func == "setColumnHidden":
            hidden.add(col)
        else:
            raise AssertionError(f"unexpected action {func}")
    return grid, hidden


def headless(tmp_path: Path) -> tuple[list[list[Any]], set[int]]:
    path = tmp_path / SAMPLE_NAME
    shutil.copyfile(template_path(SAMPLE_NAME), path)
    book = open_workbook(path)
    add_month(book)
    book.save()
    ws = openpyxl.load_workbook(path)["Early Help"]
    grid = [[c.value for c in row] for row in ws.iter_rows()]
    hidden = {c - 1 for d in ws.column_dimensions.values() if d.hidden and d.min
              for c in range(d.min, (d.max or d.min) + 1)}
    return grid, hidden


def _same(live: Any, file: Any) -> bool:
    if isinstance(file, dt.datetime):
        return live in (file, file.date(), file.strftime("%Y-%m-%d"))
    if live in ("", None):
        return file is None
    return bool(live == file)


def test_remote_insert_header_and_hidden_column_match_the_headless_result(
    tmp_path: Path,
) -> None:
    sheets = sample_sheets()
    book = xw.Book(json=book_json(sheets))
    # The remote engine cannot read hidden columns: pass what Excel shows (F:V hidden,
    # grouped), as the desktop engines read it.
    state = ColumnState(frozenset(range(5, 22)), dict.fromkeys(range(5, 22), 1))
    plan = add_month_in_excel(book, columns=state)
    assert plan is not None and plan.column == "AD"
    recorded = actions(book)
    live, live_hidden = replay_insert(sheets["Early Help"], recorded)
    file, file_hidden = headless(tmp_path)
    assert live_hidden == {22} and 22 in file_hidden
    assert live_hidden <= file_hidden
    for r, row in enumerate(file[:13]):
        for c, value in enumerate(row):
            assert _same(live[r][c] if c < len(live[r]) else None, value), (r, c)
    alert = next(a for a in recorded if a["func"] == "alert")
    text = alert["args"][0]
    assert "Hid column W (the oldest visible month) so 7 months still show." in text
    # F:V are grouped, but this engine cannot group W with them: the box says so,
    # rather than claiming the view is as before.
    assert "Column W is not in any group" in text
    assert "select column W and choose Data > Group" in text


def test_remote_without_column_state_inserts_and_says_nothing_was_hidden() -> None:
    book = xw.Book(json=book_json(sample_sheets()))
    plan = add_month_in_excel(book)
    assert plan is not None and plan.hide_col is None
    recorded = actions(book)
    assert [a["func"] for a in recorded if a["func"] in ("rangeInsert", "setColumnHidden")] == \
        ["rangeInsert"]
    alert = next(a for a in recorded if a["func"] == "alert")
    # AD: the column right of Aug-20's AC.
    assert alert["args"][0] == (
        "Added Sep-20 in column AD of 'Early Help', formatted like Aug-20. Type its figures, "
        "then Refresh.\nThis Excel cannot say which months are hidden, so none was hidden: "
        "hide the oldest month yourself to keep the same view.")


def test_a_skipped_month_is_a_message_box_and_nothing_is_inserted() -> None:
    from xl_addin.core.periods import Month

    book = xw.Book(json=book_json(sample_sheets()))
    assert add_month_in_excel(book, Month(2020, 12)) is None
    recorded = actions(book)
    assert not any(a["func"] == "rangeInsert" for a in recorded)
    alert = next(a for a in recorded if a["func"] == "alert")
    assert alert["args"][0].splitlines()[0] == (
        "'Early Help'!AC3: the month after Aug-20 is Sep-20, not Dec-20; months are added "
        "one at a time so that none is skipped.")


@pytest.mark.parametrize(("engine", "platform", "access"), [
    ("excel", "win32", "com"), ("excel", "darwin", "applescript"),
    ("remote", "win32", None), ("remote", "darwin", None), ("excel", "linux", None)])
def test_outline_levels_are_read_and_set_where_the_engine_can(
    engine: str, platform: str, access: str | None,
) -> None:
    assert outline_access(engine, platform) == access


def test_the_applescript_names_are_in_excels_dictionary_that_xlwings_uses() -> None:
    # xlwings drives Excel for Mac through appscript with this terminology (mac_dict);
    # an attribute it lacks would fail on every Mac.
    from xlwings import mac_dict

    names = {name for name, _code in mac_dict.properties}
    assert {"entire_column", "outline_level", "hidden"} <= names


def test_where_excel_can_group_columns_the_box_says_the_month_joined_the_group() -> None:
    # Windows (COM) and macOS (AppleScript) set the level; the plan asks for F:V's.
    book = xw.Book(json=book_json(sample_sheets()))
    state = ColumnState(frozenset(range(5, 22)), dict.fromkeys(range(5, 22), 1))
    plan = add_month_in_excel(book, columns=state)
    assert plan is not None and plan.hide_outline_level == 1
    text = added(plan, outline_known=True).text
    assert ("Hid column W (the oldest visible month) and added it to the group of hidden "
            "months so 7 months still show.") in text
    assert "not in any group" not in text


def test_an_empty_latest_month_is_a_message_box_unless_forced() -> None:
    sheets = sample_sheets()
    dashboard = sheets["Early Help"]
    aug = 28  # AC
    assert dashboard[2][aug] in (dt.date(2020, 8, 1), dt.datetime(2020, 8, 1))
    for row in dashboard[3:]:
        if len(row) > aug:
            row[aug] = ""  # Aug-20 (column AC) not typed yet
    book = xw.Book(json=book_json(sheets))
    assert add_month_in_excel(book) is None
    recorded = actions(book)
    assert not any(a["func"] == "rangeInsert" for a in recorded)
    alert = next(a for a in recorded if a["func"] == "alert")
    assert "Aug-20 (column AC, header AC3) is still empty" in str(alert["args"])
    book = xw.Book(json=book_json(sheets))
    plan = add_month_in_excel(book, force=True)
    assert plan is not None and plan.column == "AD"
