"""Variation and Assurance written into a real file by the package writer, read back."""

from __future__ import annotations

import shutil
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from xl_addin.cli import app
from xl_addin.templates import SAMPLE_NAME, template_path

runner = CliRunner()


def sample_with_icons(tmp_path: Path) -> Path:
    book = tmp_path / "dash.xlsx"
    shutil.copyfile(template_path(SAMPLE_NAME), book)
    wb = load_workbook(book)
    ws = wb["Early Help"]
    ws.cell(3, 48, "Variation")
    ws.cell(3, 49, "Assurance")
    wb.save(book)
    return book


def test_refresh_writes_variation_and_assurance_in_the_making_data_count_colours(
    tmp_path: Path
) -> None:
    book = sample_with_icons(tmp_path)
    result = runner.invoke(app, ["refresh", str(book)])
    assert result.exit_code == 0, result.output
    ws = load_workbook(book)["Early Help"]
    got = {ws.cell(r, 1).value: (ws.cell(r, 48).value, ws.cell(r, 48).fill.fgColor.rgb,
                                 ws.cell(r, 49).value) for r in range(4, 14)}
    # EH1b worked by hand in tests/core/test_spc_table.py: Jul-20 outside the upper limit.
    assert got["EH1b"] == ("Special cause: improvement", "FF9DC3E6", "Hit and miss")
    # EH1a: 23 months, no signal on Aug-20; target 130 inside the limits.
    assert got["EH1a"][0] == "Common cause" and got["EH1a"][1] == "FFD9D9D9"
    assert got["EH1a"][2] == "Hit and miss"
    # Quarterly FM011 has a handful of quarters: no limits from a few points.
    assert got["FM011"][0] == "Insufficient data"
    # No target for EH1c in 20-21 ('TBC'): no assurance.
    assert got["EH1c"][2] == "n/a"


def test_the_sample_itself_has_no_spc_columns_and_is_written_as_before(tmp_path: Path) -> None:
    book = tmp_path / "plain.xlsx"
    shutil.copyfile(template_path(SAMPLE_NAME), book)
    result = runner.invoke(app, ["refresh", str(book)])
    assert result.exit_code == 0, result.output
    ws = load_workbook(book)["Early Help"]
    assert ws.cell(3, 48).value is None and ws.cell(4, 48).value is None


def test_spc_settings_on_the_settings_sheet_reach_the_file_and_a_bad_one_refuses(
    tmp_path: Path
) -> None:
    book = sample_with_icons(tmp_path)
    wb = load_workbook(book)
    ws = wb["Settings"]
    ws.cell(3, 8, "Baseline to")
    ws.cell(6, 8, "Jun-20")  # EH1b's row
    wb.save(book)
    result = runner.invoke(app, ["refresh", str(book)])
    assert result.exit_code == 0, result.output
    # EH1b's baseline Sep-18..Jun-20 (22 points, worked by hand): mean 4647 / 22 = 211.23;
    # moving ranges 480 / 21 = 22.86, the largest (52) below 3.267 x 22.86 = 74.7 so none
    # screened; limits 211.23 -/+ 2.66 x 22.86 = 150.43 .. 272.03. Aug-20 (280) is outside
    # them: improvement as before, and the target 250 still inside the limits.
    assert load_workbook(book)["Early Help"].cell(6, 48).value == "Special cause: improvement"
    said = runner.invoke(app, ["explain", str(book), "EH1b"])
    assert "process limits 150.4 to 272.0" in said.output.replace("\n", " ")
    assert "set by Sep-18 to Jun-20" in said.output.replace("\n", " ")

    ws.cell(6, 8, "June")
    wb.save(book)
    before = book.read_bytes()
    result = runner.invoke(app, ["refresh", str(book)])
    assert result.exit_code != 0
    assert "'Settings'!H6: the baseline end for EH1b ('June') is not a period." in (
        result.output.replace("\n", " "))
    assert book.read_bytes() == before  # refused before anything was written
