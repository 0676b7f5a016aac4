"""`xl-addin refresh` end to end on a copy of the bundled sample, read back from the file."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from xl_addin.cli import app
from xl_addin.templates import SAMPLE_NAME, template_path

runner = CliRunner()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def find_row(ws, ref: str) -> int:  # type: ignore[no-untyped-def]
    for cell in ws["A"]:
        if cell.value == ref:
            return int(cell.row)
    raise AssertionError(f"{ref} not on the sheet")


def header_col(ws, text: str) -> int:  # type: ignore[no-untyped-def]
    for cell in ws[3]:
        if cell.value == text:
            return int(cell.column)
    raise AssertionError(f"{text} not in the header row")


def test_refresh_without_a_workbook_refreshes_a_copy_never_the_packaged_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packaged = template_path(SAMPLE_NAME)
    before = digest(packaged)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["refresh"])
    assert result.exit_code == 0, result.output
    assert digest(packaged) == before
    copy = tmp_path / SAMPLE_NAME
    assert copy.exists()

    ws = load_workbook(copy)["Early Help"]
    eh1b = find_row(ws, "EH1b")
    prev = header_col(ws, "Change from prev. period")
    assert ws.cell(eh1b, prev).value == "▼"
    assert round(ws.cell(eh1b, prev + 1).value, 3) == -0.174
    assert ws.cell(eh1b, prev + 1).number_format == "+0%;-0%;0%"  # signed, like the variances
    cin5 = find_row(ws, "CIN5")
    assert ws.cell(cin5, prev).value == "►"
    assert round(ws.cell(cin5, prev + 1).value, 2) == -0.05
    lscb1 = find_row(ws, "LSCB1")
    assert ws.cell(lscb1, prev).value == "•"
    assert ws.cell(lscb1, prev + 1).value == "n/a"
    assert ws.cell(lscb1, header_col(ws, "DoT")).value == "•"
    avg = header_col(ws, "12-mnth avg")
    assert round(ws.cell(find_row(ws, "EH1a"), avg).value) == 116
    assert round(ws.cell(find_row(ws, "CIN5"), avg).value) == 2489
    # the summary shows EH1b's change as the sheet does: (280 - 339) / 339 = -17.4% -> -17%
    eh1b = next(line for line in result.output.splitlines() if line.startswith("EH1b "))
    assert "▼ -17%" in eh1b


def test_refresh_twice_gives_the_same_cells(tmp_path: Path) -> None:
    book = tmp_path / "dash.xlsx"
    shutil.copyfile(template_path(SAMPLE_NAME), book)
    assert runner.invoke(app, ["refresh", str(book)]).exit_code == 0
    first = [[c.value for c in r] for r in load_workbook(book)["Early Help"].iter_rows()]
    assert runner.invoke(app, ["refresh", str(book)]).exit_code == 0
    second = [[c.value for c in r] for r in load_workbook(book)["Early Help"].iter_rows()]
    assert first == second


def test_out_writes_elsewhere_and_month_picks_the_period(tmp_path: Path) -> None:
    book = tmp_path / "dash.xlsx"
    shutil.copyfile(template_path(SAMPLE_NAME), book)
    before = digest(book)
    out = tmp_path / "july.xlsx"
    result = runner.invoke(app, ["refresh", str(book), "--out", str(out), "--month", "2020-07"])
    assert result.exit_code == 0, result.output
    assert digest(book) == before
    ws = load_workbook(out)["Early Help"]
    prev = header_col(ws, "Change from prev. period")
    # Jul-20 339 against Jun-20 233: +45%, an up arrow.
    assert ws.cell(find_row(ws, "EH1b"), prev).value == "▲"


def test_a_workbook_without_a_table_exits_non_zero_naming_the_headers(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = tmp_path / "other.xlsx"
    wb = Workbook()
    wb.active.append(["Name", "Jul-20", "Aug-20"])  # type: ignore[union-attr]
    wb.save(book)
    result = runner.invoke(app, ["refresh", str(book)])
    assert result.exit_code == 1
    assert "Ref" in result.output and "Looked for" in result.output


def test_a_bad_month_option_is_a_usage_error(tmp_path: Path) -> None:
    book = tmp_path / "dash.xlsx"
    shutil.copyfile(template_path(SAMPLE_NAME), book)
    result = runner.invoke(app, ["refresh", str(book), "--month", "August"])
    assert result.exit_code == 2  # usage (issue 13's exit codes), and nothing written
    assert "YYYY-MM" in result.output


def test_the_collector_is_paused_during_a_refresh_and_restored_even_on_error() -> None:
    import gc

    from xl_addin.service import paused_gc

    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_long_summary_is_cut_in_the_terminal_but_all_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xl_addin import cli

    monkeypatch.setattr(cli, "SUMMARY_SHOWN", 3)
    book = tmp_path / "dash.xlsx"
    shutil.copyfile(template_path(SAMPLE_NAME), book)
    result = runner.invoke(app, ["refresh", str(book)])
    assert result.exit_code == 0, result.output
    assert "... and 6 more indicators" in result.output
    assert "FM012" not in result.output.split("... and 6 more")[0]
    ws = load_workbook(book)["Early Help"]
    avg = header_col(ws, "12-mnth avg")
    assert ws.cell(find_row(ws, "FM012"), avg).value == 153  # written all the same
    every = runner.invoke(app, ["refresh", str(book), "--all"])
    assert "FM012" in every.output and "more indicators" not in every.output
