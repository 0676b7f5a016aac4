"""`xl-addin check`, `refresh` (Data checks sheet, --dry-run) and `explain` on real files."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from xl_addin.cli import app
from xl_addin.core.checks_sheet import TABLE_HEADER_ROW
from xl_addin.core.sheets import DATA_CHECKS_SHEET
from xl_addin.templates import SAMPLE_NAME, template_path

runner = CliRunner(env={"COLUMNS": "250"})
MONTHS = [dt.datetime(2019 + (6 + i) // 12, (6 + i) % 12 + 1, 1) for i in range(14)]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sample(tmp_path: Path) -> Path:
    book = tmp_path / "dash.xlsx"
    shutil.copyfile(template_path(SAMPLE_NAME), book)
    return book


def small_book(tmp_path: Path, aug20_a: float = 105, aug20_b: float = 52) -> Path:
    """Two count indicators, Jul-19 .. Aug-20, with a DoT and a 12-month average."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Dashboard"
    ws.append(["Ref", "Indicator", *MONTHS, "DoT", "12-mnth avg"])
    ws.append(["A1", "Number of assessments", *[100 + i % 3 for i in range(13)], aug20_a])
    ws.append(["A2", "Number of plans", *[50 + i % 2 for i in range(13)], aug20_b])
    path = tmp_path / "small.xlsx"
    wb.save(path)
    return path


def checks_sheet(path: Path) -> list[list[object]]:
    ws = load_workbook(path)[DATA_CHECKS_SHEET]
    return [[c.value for c in row] for row in ws.iter_rows()]


def change_lines(output: str) -> list[list[str]]:
    """The dry run's plain listing below 'Would change': cell, old, new, split where the
    columns are (two spaces or more)."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Would change"))
    return [re.split(r"\s{2,}", line.strip()) for line in lines[start + 3:] if line.strip()]


def rows_below_header(grid: list[list[object]]) -> list[list[object]]:
    return [r for r in grid[TABLE_HEADER_ROW + 1:] if any(v is not None for v in r)]


# --- check ----------------------------------------------------------------------------------

def test_check_lists_findings_with_cell_and_what_to_do_and_writes_nothing(
    tmp_path: Path,
) -> None:
    book = sample(tmp_path)
    before = digest(book)
    result = runner.invoke(app, ["check", str(book)])
    assert result.exit_code == 0, result.output
    assert "'Early Help'!AQ5" in result.output and "EH1c has no 2020/21 target" in result.output
    assert "Type this year's target" in result.output
    # May-20 repeats Apr-20 for every indicator (the seed's own slip): a copy-forward
    # warning since the check looks at every month of the window, not only the latest.
    assert "0 errors, 3 warnings, 4 notes" in result.output
    assert digest(book) == before


def test_check_strict_exits_3_only_when_an_error_level_check_fails(tmp_path: Path) -> None:
    assert runner.invoke(app, ["check", str(sample(tmp_path)), "--strict"]).exit_code == 0
    bad = small_book(tmp_path, aug20_a=-4)
    relaxed = runner.invoke(app, ["check", str(bad)])
    assert relaxed.exit_code == 0
    strict = runner.invoke(app, ["check", str(bad), "--strict"])
    assert strict.exit_code == 3  # 1 is "refused or failed"; 3 only this (issue 13)
    assert "'Dashboard'!P2" in strict.output and "negative" in strict.output


# --- refresh: the Data checks sheet ------------------------------------------------------

def test_refresh_creates_the_data_checks_sheet_with_the_stamp_and_findings(
    tmp_path: Path,
) -> None:
    book = sample(tmp_path)
    result = runner.invoke(app, ["refresh", str(book)])
    assert result.exit_code == 0, result.output
    grid = checks_sheet(book)
    stamp = {row[0]: row[1] for row in grid[1:TABLE_HEADER_ROW - 1]}
    assert stamp["Reporting month"] == "Aug-20"
    assert stamp["Indicators refreshed"] == 9
    assert stamp["With a current figure"] == 5
    # 3 warnings: May-20 repeating Apr-20 (the seed's slip) is now found too.
    assert (stamp["Errors"], stamp["Warnings"], stamp["Notes"]) == (0, 3, 4)
    dt.datetime.strptime(str(stamp["Last refreshed"]), "%Y-%m-%d %H:%M")
    found = rows_below_header(grid)
    assert found[0][:5] == ["Warning", "Early Help", "Z3", None, "Copied forward?"]
    assert found[2][:5] == ["Warning", "Early Help", "AQ5", "EH1c", "No target"]
    assert [r[3] for r in found if r[0] == "Note"] == ["LSCB1", "YO2", "FM011", "FM012"]
    # The dashboard is still found first, and the sheet is not mistaken for it.
    again = runner.invoke(app, ["refresh", str(book)])
    assert again.exit_code == 0 and "Early Help: Aug-20" in again.output


def test_refreshing_twice_changes_only_the_timestamp(tmp_path: Path) -> None:
    book = sample(tmp_path)
    assert runner.invoke(app, ["refresh", str(book)]).exit_code == 0
    first = checks_sheet(book)
    assert runner.invoke(app, ["refresh", str(book)]).exit_code == 0
    second = checks_sheet(book)
    first[1][1] = second[1][1] = "(timestamp)"
    assert first == second


def test_a_fixed_figure_leaves_no_stale_row_behind(tmp_path: Path) -> None:
    book = small_book(tmp_path, aug20_a=-4, aug20_b=-1)
    assert runner.invoke(app, ["refresh", str(book)]).exit_code == 0
    found = rows_below_header(checks_sheet(book))
    assert [(r[2], r[4]) for r in found if r[0] == "Error"] == [("P2", "Negative figure"),
                                                                ("P3", "Negative figure")]
    assert len(found) == 4  # each is an outlier too
    wb = load_workbook(book)
    wb["Dashboard"]["P2"] = 101
    wb["Dashboard"]["P3"] = 50
    wb.save(book)
    assert runner.invoke(app, ["refresh", str(book)]).exit_code == 0
    grid = checks_sheet(book)
    assert rows_below_header(grid) == []
    assert {row[0]: row[1] for row in grid[1:TABLE_HEADER_ROW - 1]}["Errors"] == 0


# --- refresh --dry-run ---------------------------------------------------------------------

def test_dry_run_lists_old_and_new_values_and_leaves_the_file_byte_identical(
    tmp_path: Path,
) -> None:
    book = sample(tmp_path)
    before = digest(book)
    result = runner.invoke(app, ["refresh", str(book), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert digest(book) == before
    assert "dry run: nothing written" in result.output
    # (280 - 339) / 339 = -17.4%, under the sheet's whole-percent format: -17%
    assert ["'Early Help'!AE6", "(blank)", "-17%"] in change_lines(result.output)
    assert "'Data checks'!B3" in result.output  # the stamp's reporting month, a new sheet


def test_dry_run_after_a_refresh_lists_only_real_changes(tmp_path: Path) -> None:
    book = small_book(tmp_path)
    assert runner.invoke(app, ["refresh", str(book)]).exit_code == 0
    wb = load_workbook(book)
    wb["Dashboard"]["P2"] = 150
    wb.save(book)
    result = runner.invoke(app, ["refresh", str(book), "--dry-run"])
    assert result.exit_code == 0, result.output
    changed = [cells for cells in change_lines(result.output)
               if cells[0].startswith("'Dashboard'!")]
    # DoT for A1 (flat -> up) and its 12-month average: Sep-19 .. Jul-20 add up to
    # 102+100+101+102+100+101+102+100+101+102+100 = 1,111, so (1,111 + 105) / 12 = 101.3
    # before and (1,111 + 150) / 12 = 105.1 after, shown whole as the sheet does; nothing
    # about A2.
    assert changed == [["'Dashboard'!Q2", "►", "▲"], ["'Dashboard'!R2", "101", "105"]]


# --- explain --------------------------------------------------------------------------------

def test_explain_tells_the_seed_story_whatever_the_case_of_the_ref(tmp_path: Path) -> None:
    result = runner.invoke(app, ["explain", str(sample(tmp_path)), "eh1b"])
    assert result.exit_code == 0, result.output
    # (280 - 339) / 339 = -17.4% and (2,256 - 2,363) / 2,363 = -4.5%: whole percents,
    # as the sheet shows them
    assert "Aug-20 280 against Jul-20 339: -17%, beyond the 10% band, so ▼." in result.output
    cin5 = runner.invoke(app, ["explain", str(sample(tmp_path)), "CIN5"])
    assert "2,256 against Jul-20 2,363: -5%, within the 10% band, so ►." in cin5.output


def test_explain_without_a_workbook_uses_the_sample_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["explain", "LSCB1"])
    assert result.exit_code == 0, result.output
    assert "n/a and the arrow •" in result.output
    assert (tmp_path / SAMPLE_NAME).exists()


def test_explain_an_unknown_ref_exits_non_zero_listing_the_refs(tmp_path: Path) -> None:
    result = runner.invoke(app, ["explain", str(sample(tmp_path)), "EH99"])
    assert result.exit_code == 1
    assert "EH1a, EH1c, EH1b, EH14I, CIN5" in result.output
    assert "Traceback" not in result.output


# --- errors ---------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [["check"], ["refresh"], ["refresh", "--dry-run"],
                                     ["explain"]])
def test_a_missing_or_broken_workbook_is_a_one_line_error(
    tmp_path: Path, command: list[str]
) -> None:
    missing = tmp_path / "nope.xlsx"
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a workbook")
    for path in (missing, broken):
        args = [command[0], str(path), *command[1:]]
        if command == ["explain"]:
            args.append("EH1b")
        result = runner.invoke(app, args)
        assert result.exit_code == 1, result.output
        assert "error:" in result.output and "Traceback" not in result.output
        assert not isinstance(result.exception, Exception) or isinstance(
            result.exception, SystemExit)


def test_help_stays_fast_by_not_importing_pandas_or_openpyxl() -> None:
    code = ("import sys; import xl_addin.cli; "
            "print(sorted(m for m in ('pandas', 'openpyxl', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
