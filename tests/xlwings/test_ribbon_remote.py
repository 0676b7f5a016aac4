"""The ribbon macro driven through xlwings' own object model on the remote engine.

`xw.Book(json=...)` is the workbook as xlwings' Office.js client sends it; it is
made the caller with `set_mock_caller()`, then `xl_addin.main()` runs exactly as
the ribbon button runs it. The recorded actions are what Excel would be told to
do; tests replay them and compare with the plan the core makes.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import xlwings as xw

import xl_addin
from xl_addin.adapters.areas import column_areas
from xl_addin.adapters.xlwings_book import TONE_FILL, XlwingsBook
from xl_addin.core.periods import Month
from xl_addin.core.plan import WritePlan
from xl_addin.macro import log_path, refresh_in_excel
from xl_addin.service import plan_workbook_refresh

from .conftest import actions
from .payload import after_actions, book_json, generated_sheets, sample_sheets
from .replay import replay

pytestmark = pytest.mark.usefixtures("remote_engine")



def run_ribbon(payload: dict[str, Any]) -> xw.Book:
    book = xw.Book(json=payload)
    book.set_mock_caller()
    xl_addin.main()
    return book


def expected_plans(payload: dict[str, Any]) -> tuple[WritePlan, WritePlan]:
    return plan_workbook_refresh(XlwingsBook(xw.Book(json=payload))).plans


def funcs(book: xw.Book) -> list[str]:
    return [a["func"] for a in actions(book)]


def test_sample_refresh_writes_the_planned_values_formats_and_colours() -> None:
    payload = book_json(sample_sheets())
    dashboard, checks = expected_plans(payload)
    painted = replay(actions(run_ribbon(payload)))

    planned = {(w.row, w.col): w for w in dashboard.writes}
    assert painted.touched[0] == set(planned), "dashboard cells outside the plan were touched"
    assert 1 not in painted.touched, "the Settings sheet was written to"
    assert painted.touched[2] == {(w.row, w.col) for w in checks.writes}
    assert not painted.fonts, "a tone is a fill: no font colour is sent"
    for (row, col), w in planned.items():
        cell = (0, row, col)
        assert painted.values[cell] == w.value
        assert painted.fills[cell] == (TONE_FILL[w.tone].lower() if w.tone else None)
        assert painted.formats.get(cell) == w.number_format


def test_sample_eh1b_shows_a_red_down_arrow_and_minus_17_percent() -> None:
    painted = replay(actions(run_ribbon(book_json(sample_sheets()))))
    # EH1b is row 6; 'Change from prev. period' is AD (arrow) and AE (value).
    arrow, value = (0, 5, 29), (0, 5, 30)
    assert painted.values[arrow] == "▼"
    assert painted.fills[arrow] == "#ffc7ce"
    assert painted.values[value] == pytest.approx(280 / 339 - 1)
    assert painted.formats[value] == "+0%;-0%;0%"  # signed, like the variances


def test_screen_updating_and_calculation_are_restored_and_the_user_told() -> None:
    book = run_ribbon(book_json(sample_sheets()))
    calls = actions(book)
    screen = [a["args"][0] for a in calls if a["func"] == "setScreenUpdating"]
    calculation = [a["args"][0] for a in calls if a["func"] == "setCalculation"]
    assert screen == [False, True]
    assert calculation == ["Manual", "Automatic"]
    alert = calls[-1]
    assert alert["func"] == "alert"
    text, title, _, mode, _ = alert["args"]
    assert text.startswith("Refreshed ") and "Aug-20" in text
    assert (title, mode) == ("Early Help dashboard", "info")


def test_the_summary_box_for_the_sample_as_the_readme_quotes_it() -> None:
    book = run_ribbon(book_json(sample_sheets()))
    text = actions(book)[-1]["args"][0]
    # Nine indicator rows, ten derived cells each: change from prev. period (arrow and
    # value), % change from same period py (arrow and value), DoT, 12-mnth avg,
    # 12-mnth max., variance to target, variance %, RAG.
    # All 90 are blank in the sample, so all 90 change.
    assert text.splitlines()[0].startswith(
        "Refreshed Aug-20 (9 indicators on 'Early Help'): changed 90 of the 90 cells the "
        "refresh fills on 'Early Help' and ")
    # The button changes the workbook open in Excel and never saves it: saving (and a
    # read-only file's Save As) stays with the analyst and Excel.
    assert not [a["func"] for a in actions(book) if "save" in a["func"].lower()]


def test_a_second_refresh_says_it_changed_nothing_on_the_dashboard() -> None:
    """The box counts changed cells, not filled ones: the refreshed sample, refreshed
    again, changes none of its 90 derived cells."""
    sheets = sample_sheets()
    first = run_ribbon(book_json(sheets))
    again = run_ribbon(book_json(after_actions(sheets, actions(first))))
    assert actions(again)[-1]["args"][0].startswith(
        "Refreshed Aug-20 (9 indicators on 'Early Help'): changed 0 of the 90 cells the "
        "refresh fills on 'Early Help' and ")


def test_no_dashboard_is_a_message_box_with_the_reason_and_nothing_written() -> None:
    payload = book_json({"Notes": [["Nothing to refresh here"]]})
    book = run_ribbon(payload)
    assert "setValues" not in funcs(book)
    text, _, _, mode, _ = actions(book)[-1]["args"]
    assert "no sheet holds a dashboard table" in text
    assert "Looked for" in text and mode == "critical"
    assert [a["args"][0] for a in actions(book) if a["func"] == "setScreenUpdating"] == [
        False, True]


def test_an_unexpected_error_gives_a_generic_message_and_a_logged_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("bug in a new rule")

    monkeypatch.setattr("xl_addin.macro.refresh_and_count", broken)
    book = run_ribbon(book_json(sample_sheets()))
    text = actions(book)[-1]["args"][0]
    assert "Something unexpected went wrong" in text and str(log_path()) in text
    assert "(RuntimeError). This is a bug in xl-addin, not a fault in your workbook." in text
    assert "Traceback" not in text
    assert "RuntimeError: bug in a new rule" in log_path().read_text(encoding="utf-8")
    assert [a["args"][0] for a in actions(book) if a["func"] == "setCalculation"] == [
        "Manual", "Automatic"]


def test_apple_events_refused_during_the_refresh_say_where_to_allow_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class AppleEventError(Exception):  # appscript's errors carry the OS error number
        errornumber = -1743  # errAEEventNotPermitted (Apple Event Manager result codes)

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AppleEventError("Not authorized to send Apple events to Microsoft Excel.")

    monkeypatch.setattr("xl_addin.macro.refresh_and_count", refused)
    text = actions(run_ribbon(book_json(sample_sheets())))[-1]["args"][0]
    assert text.startswith("macOS did not allow Python to control Microsoft Excel")
    assert "Privacy & Security > Automation" in text


def test_a_message_box_excel_cannot_show_reaches_the_analyst_through_xlwings_error_box(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    # Excel refusing the box (busy, or Apple events cut off mid-run): the summary goes
    # to stderr and Python exits with 1, which xlwings' VBA shows in its own box.
    def refused(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("Excel is busy")

    monkeypatch.setattr(xw.App, "alert", refused)
    with pytest.raises(SystemExit) as exit_:
        run_ribbon(book_json(sample_sheets()))
    assert exit_.value.code == 1
    assert capsys.readouterr().err.startswith("Refreshed ")
    assert "RuntimeError: Excel is busy" in log_path().read_text(encoding="utf-8")


def _minimum_calls(plan: WritePlan, key: str) -> int:
    """Blocks of equal format (or tone) down each column: the fewest calls an engine
    without multi-area ranges can make."""
    groups: dict[Any, list[tuple[int, int]]] = {}
    for w in plan.writes:
        value = getattr(w, key)
        if key == "number_format" and value is None:
            continue
        groups.setdefault(value, []).append((w.row, w.col))
    return sum(len(column_areas(cells)) for cells in groups.values())


@pytest.mark.parametrize("indicators", [10, 500])
def test_calls_follow_columns_and_groups_not_cells(indicators: int) -> None:
    payload = book_json(generated_sheets(indicators))
    dashboard, checks = expected_plans(payload)
    book = run_ribbon(payload)
    counts = Counter(funcs(book))
    runs = sum(1 for plan in (dashboard, checks) for _ in plan.column_runs())
    # One value block and one colour matrix per column run, however many rows.
    assert counts["setValues"] == runs
    assert counts["setRangeColors"] == runs
    # Formats (a first refresh sends every one): a block per column in its commonest
    # format, then the odd cells: fewer calls than one per run of equal formats.
    runs_of_formats = sum(_minimum_calls(p, "number_format") for p in (dashboard, checks))
    assert counts["setNumberFormat"] <= runs_of_formats
    if indicators > 100:
        assert counts["setNumberFormat"] < 0.7 * runs_of_formats
    # No font colour per cell; the only font calls are the Data checks title and header.
    assert [a["args"] for a in actions(book) if a["func"] == "setFontProperty"] == [
        ["bold", True], ["bold", True]]
    assert sum(counts.values()) < len(dashboard) + len(checks)


def test_value_and_colour_matrix_calls_do_not_grow_with_indicators() -> None:
    small = Counter(funcs(run_ribbon(book_json(generated_sheets(10)))))
    large = Counter(funcs(run_ribbon(book_json(generated_sheets(500)))))
    for func in ("setValues", "setRangeColors", "setScreenUpdating", "setCalculation",
                 "alert", "addSheet"):
        assert small[func] == large[func], func


def _one_kind_of_indicator(count: int) -> dict[str, Any]:
    """`count` copies of EH1b (a monthly count) with every month filled in: the same
    number format all the way down each derived column."""
    sheets = generated_sheets(count * 9)
    dashboard, settings = sheets["Early Help"], sheets["Settings"]
    keep = [r for r in dashboard[3:] if str(r[0]).startswith("EH1b-")][:count]
    target = dashboard[2].index("Target 20-21")
    for i, row in enumerate(keep):
        for c, value in enumerate(row):
            if value == "" and 5 <= c < 29:
                row[c] = 200
        if i % 3 == 0:
            row[target] = "TBC"  # variance n/a: same format as its neighbours
    sheets["Early Help"] = dashboard[:3] + keep
    sheets["Settings"] = settings[:3] + [r for r in settings[3:]
                                         if str(r[0]).startswith("EH1b-")][:count]
    return sheets


def test_dashboard_number_formats_are_one_call_per_column_when_units_agree() -> None:
    # n/a cells share their column's format, so nothing but the unit varies it.
    def dashboard_formats(count: int) -> int:
        book = run_ribbon(book_json(_one_kind_of_indicator(count)))
        return sum(1 for a in actions(book)
                   if a["func"] == "setNumberFormat" and a["sheet_position"] == 0)

    assert dashboard_formats(10) == dashboard_formats(300)


def _two_refreshes(indicators: int, first_month: Month | None = None) -> tuple[
    list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]
]:
    """Actions of a first refresh (for `first_month`, else the latest) and of the next
    ribbon refresh, on the workbook as the first left it; and that second payload."""
    sheets = generated_sheets(indicators)
    book = xw.Book(json=book_json(sheets))
    book.set_mock_caller()
    refresh_in_excel(book, first_month)
    first = actions(book)
    del xw.Book._mock_caller
    payload = book_json(after_actions(sheets, first))
    return first, actions(run_ribbon(payload)), payload


def _formatted_cells(recorded: list[dict[str, Any]]) -> int:
    """Dashboard cells given a number format (each counted once)."""
    return sum(1 for sheet, _, _ in replay(recorded).formats if sheet == 0)


def test_the_monthly_refresh_makes_the_same_calls_for_10_or_500_indicators() -> None:
    small = Counter(a["func"] for a in _two_refreshes(10)[1])
    first, second, payload = _two_refreshes(500)
    assert small == Counter(a["func"] for a in second)
    # the formats the first refresh set are not sent again, yet every cell has them
    assert _formatted_cells(second) == 0
    dashboard, _ = expected_plans(payload)
    painted = replay(first + second)
    for w in dashboard.writes:
        assert painted.values[(0, w.row, w.col)] == w.value
        assert painted.formats.get((0, w.row, w.col)) == w.number_format


def test_next_month_sends_only_the_formats_that_change() -> None:
    # Jul-20 first, then the ribbon refreshes Aug-20: windows fill or lose a month
    first, second, payload = _two_refreshes(300, Month(2020, 7))
    dashboard, _ = expected_plans(payload)
    painted = replay(first + second)
    for w in dashboard.writes:
        assert painted.values[(0, w.row, w.col)] == w.value
        assert painted.formats.get((0, w.row, w.col)) == w.number_format
    july = replay(first).formats
    changed = sum(1 for w in dashboard.writes
                  if w.number_format is not None and july.get((0, w.row, w.col)) != w.number_format)
    assert 0 < _formatted_cells(second) == changed < _formatted_cells(first) / 5


def test_after_a_refresh_by_0_1_the_tone_font_colours_go_once_per_column() -> None:
    sheets = sample_sheets()
    first = actions(run_ribbon(book_json(sheets)))
    del xw.Book._mock_caller
    old = after_actions(sheets, first)
    # a Data checks stamp as versions before 0.2 wrote it: no format key
    old["Data checks"] = [r for r in old["Data checks"] if r[:1] != ["Format key"]]
    payload = book_json(old)
    dashboard, _ = expected_plans(payload)
    recorded = actions(run_ribbon(payload))
    fonts = [a for a in recorded if a["func"] == "setFontProperty" and a["args"][0] == "color"]
    assert len(fonts) == sum(1 for _ in dashboard.column_runs())
    assert {tuple(a["args"]) for a in fonts} == {("color", "#000000")}
    painted = replay(recorded)
    assert {cell[1:] for cell in painted.fonts} == {(w.row, w.col) for w in dashboard.writes}
    del xw.Book._mock_caller
    again = actions(run_ribbon(book_json(after_actions(old, recorded))))
    assert [a["args"][0] for a in again if a["func"] == "setFontProperty"] == ["bold", "bold"]


def test_the_data_checks_sheet_is_laid_out_for_reading() -> None:
    # The sample's seven findings: the table header is row 12 (0-based 11), rows 13-19 below.
    painted = replay(actions(run_ribbon(book_json(sample_sheets()))))
    checks = 2  # Early Help, Settings, then the new Data checks sheet
    # widths in points: (characters x 7 + 5 pixels) x 0.75; A is 23 characters
    # ('With a current figure' + 2), F and G 60 (the messages' cap)
    assert painted.widths[(checks, 0)] == (23 * 7 + 5) * 0.75 == 124.5
    assert painted.widths[(checks, 5)] == painted.widths[(checks, 6)] == 318.75
    assert painted.bold == {(checks, 0, 0), *((checks, 11, c) for c in range(7))}
    assert painted.wrapped == {(checks, r, c) for r in range(12, 19) for c in (5, 6)}
    assert painted.fitted_rows == {(checks, r) for r in range(12, 19)}
    assert painted.top_aligned == {(checks, r, c) for r in range(12, 19) for c in range(7)}
    assert painted.frozen == {checks: "1:12"}
    assert painted.values[(checks, 11, 5)] == "What is wrong"
