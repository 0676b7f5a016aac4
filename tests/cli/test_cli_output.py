"""What an analyst reads from the command line, run for real: any console or file encoding,
paths that look like markup, narrow terminals and pipes, and the changed-cell count.

Expected text is written by hand from the sample's own figures: EH1b went from 339 (Jul-20)
to 280 (Aug-20), (280 - 339) / 339 = -17.4%, which the sheet shows as -17%; against 180 in
Aug-19 it is (280 - 180) / 180 = +55.6%, shown +56%.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xl_addin.cli import app
from xl_addin.templates import SAMPLE_NAME, template_path

XL_ADDIN = [sys.executable, "-m", "xl_addin.cli"]

DERIVED = 90
"""9 indicators x 10 derived cells (2 + 2 change cells, DoT, average, maximum, variance,
variance %, RAG) on 'Early Help'."""
CHECKS_CELLS = 73
"""The new Data checks sheet: title 1, stamp 9 x 2 = 18, table header 7, and 7 findings x 7
= 49 less the two empty Refs (the copied-forward and benchmark warnings are about headers)
= 47."""


def sample_at(folder: Path, name: str = "dash.xlsx") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    book = folder / name
    shutil.copyfile(template_path(SAMPLE_NAME), book)
    return book


def run(args: list[str], encoding: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[
    bytes
]:
    """The CLI in a fresh process, its output captured as bytes (a file, not a terminal)."""
    environ = {**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": "80", **env}
    environ.pop("FORCE_COLOR", None)
    return subprocess.run([*XL_ADDIN, *args], capture_output=True, cwd=cwd, env=environ,
                          check=False, timeout=300)


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_refresh_into_a_legacy_encoded_log_writes_arrows_as_words_and_exits_0(
    tmp_path: Path, encoding: str
) -> None:
    # '[shared]' would vanish as rich markup and '[/]' would raise a MarkupError.
    book = sample_at(tmp_path / "[shared]" / "[" / "]team", "board [b] pack.xlsx")
    done = run(["refresh", str(book)], encoding, tmp_path)
    text = done.stdout.decode(encoding)  # strict: every byte is in the encoding
    assert done.returncode == 0, done.stderr.decode(encoding, "replace")
    assert "Traceback" not in text + done.stderr.decode(encoding)
    eh1b = next(line for line in text.splitlines() if line.startswith("EH1b "))
    assert re.split(r"\s{2,}", eh1b) == ["EH1b", "280", "down -17%", "up +56%",
                                         "up Positive", "222", "Green"]
    assert text.rstrip().endswith(f"; wrote {book}")
    assert "[shared]/[/]team/board [b] pack.xlsx" in text


def test_explain_into_cp1252_and_an_error_about_a_markup_like_path(tmp_path: Path) -> None:
    book = sample_at(tmp_path / "a\\[b]")
    done = run(["explain", str(book), "EH1b"], "cp1252", tmp_path)
    text = done.stdout.decode("cp1252")
    assert done.returncode == 0, done.stderr.decode("cp1252", "replace")
    assert ("Change from previous month: Aug-20 280 against Jul-20 339: -17%, beyond the 10% "
            "band, so down. Higher is better, so that is Negative.") in text
    assert f"({book.parent.name}" not in text  # the Ref cell, not the path, is printed
    missing = tmp_path / "a\\[b]" / "[/]" / "gone.xlsx"
    failed = run(["check", str(missing)], "cp1252", tmp_path)
    said = failed.stderr.decode("cp1252")
    assert failed.returncode == 1
    assert "a\\[b]/[/]/gone.xlsx" in said and "MarkupError" not in said
    assert "Traceback" not in said
    # a character cp1252 lacks: printed as '?', never a UnicodeEncodeError
    elsewhere = run(["check", str(tmp_path / "报告.xlsx")], "cp1252", tmp_path)
    assert elsewhere.returncode == 1
    assert "??.xlsx" in elsewhere.stderr.decode("cp1252")
    assert "Traceback" not in elsewhere.stderr.decode("cp1252")


def test_a_unicode_console_keeps_the_arrows(tmp_path: Path) -> None:
    done = run(["refresh", str(sample_at(tmp_path)), "--dry-run"], "utf-8", tmp_path)
    text = done.stdout.decode("utf-8")
    assert done.returncode == 0
    eh1b = next(line for line in text.splitlines() if line.startswith("EH1b "))
    assert "▼ -17%" in eh1b and "▲ +56%" in eh1b


runner = CliRunner()


def test_findings_print_one_block_each_when_not_a_terminal(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(sample_at(tmp_path))], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = lines.index("warning  'Early Help'!AQ5  EH1c  No target")
    assert lines[at + 1:at + 3] == [
        "  EH1c has no 2020/21 target (TBC); 2019/20 had 336",
        "  What to do: Type this year's target, or '-' if it no longer has one"]
    assert "│" not in result.output  # no box drawing in a log


def test_a_narrow_terminal_wraps_each_finding_within_its_width(tmp_path: Path) -> None:
    env = {"COLUMNS": "60", "TTY_COMPATIBLE": "1", "NO_COLOR": "1"}
    result = runner.invoke(app, ["check", str(sample_at(tmp_path))], env=env)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(map(len, lines)) <= 60
    at = lines.index("warning  'Early Help'!AL3  Old benchmark")
    assert lines[at + 1:at + 3] == [
        "  the England benchmark uses 2017/18 data, 29 months before",
        "    Aug-20 (over two years old)"]


def test_a_wide_terminal_gets_tables(tmp_path: Path) -> None:
    env = {"COLUMNS": "200", "TTY_COMPATIBLE": "1", "NO_COLOR": "1"}
    result = runner.invoke(app, ["check", str(sample_at(tmp_path))], env=env)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "'Early Help'!AQ5" in line)
    assert [cell.strip() for cell in row.split("│")[1:-1]] == [
        "warning", "'Early Help'!AQ5", "EH1c", "No target",
        "EH1c has no 2020/21 target (TBC); 2019/20 had 336",
        "Type this year's target, or '-' if it no longer has one"]


def test_dry_run_and_refresh_count_the_same_cells_the_same_way(tmp_path: Path) -> None:
    book = sample_at(tmp_path)
    dry = runner.invoke(app, ["refresh", str(book), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert (f"Would change {DERIVED} of the {DERIVED} cells the refresh fills on 'Early Help' "
            f"and {CHECKS_CELLS} cells of the 'Data checks' sheet (dry run: nothing written)"
            ) in dry.output
    done = runner.invoke(app, ["refresh", str(book)])
    assert done.exit_code == 0, done.output
    assert (f"Changed {DERIVED} of the {DERIVED} cells the refresh fills on 'Early Help' and "
            f"{CHECKS_CELLS} cells of the 'Data checks' sheet; wrote {book}") in done.output
    again = runner.invoke(app, ["refresh", str(book)])
    # Nothing on the dashboard changes; on Data checks at most the stamp's minute.
    assert f"Changed 0 of the {DERIVED} cells the refresh fills on 'Early Help' and " in (
        again.output)


def test_dry_run_values_read_as_excel_shows_them(tmp_path: Path) -> None:
    result = runner.invoke(app, ["refresh", str(sample_at(tmp_path)), "--dry-run"])
    listed = {cells[0]: cells[1:] for cells in (
        re.split(r"\s{2,}", line.strip()) for line in result.output.splitlines())
        if cells[0].startswith("'Early Help'!")}
    assert listed["'Early Help'!AD6"] == ["(blank)", "▼"]  # text unquoted
    assert listed["'Early Help'!AG6"] == ["(blank)", "+56%"]  # +55.6% under +0%;-0%;0%
    # EH1a's 12-month average: 11 of 12 months, 1,276 / 11 = 116.0, marked * as partial
    assert listed["'Early Help'!AI4"] == ["(blank)", "116*"]
    assert listed["'Early Help'!AS6"] == ["(blank)", "+12%"]  # (280 - 250) / 250
    assert listed["'Early Help'!AI9"] == ["(blank)", "6.8%*"]  # LSCB1, a percentage


def test_cell_text_that_looks_like_markup_prints_as_it_is(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = sample_at(tmp_path)
    wb = load_workbook(book)
    sheet = wb["Early Help"]
    sheet["B6"] = "Plans [shared] \\[opened] [/]"  # EH1b's name
    sheet["AB6"] = "339 [/]"  # EH1b's Jul-20 figure: text, so a 'not a number' warning
    wb.save(book)
    checked = runner.invoke(app, ["check", str(book)])
    assert checked.exit_code == 0, checked.output
    assert "'339 [/]' is not a number" in checked.output
    told = runner.invoke(app, ["explain", str(book), "EH1b"])
    assert told.exit_code == 0, told.output
    assert told.output.startswith("EH1b: Plans [shared] \\[opened] [/] ('Early Help'!A6)")


def test_printing_code_holds_no_markup_strings() -> None:
    """The CLI's consoles print with markup off (so a path's '[shared]' survives): a markup
    tag such as '[bold]' in a string would print as it is. Style with rich Text instead
    (report.print_line(console, text, style))."""
    import xl_addin.cli
    import xl_addin.report

    tag = re.compile(r"\[/?(?:bold|italic|dim|red|green|yellow|cyan|blue|magenta)\b[^\]]*\]")
    for module in (xl_addin.cli, xl_addin.report):
        source = Path(module.__file__ or "").read_text(encoding="utf-8")
        # rich.markup.escape would print its backslashes with markup off
        found = [line.strip() for line in source.splitlines()
                 if (tag.search(line) or "rich.markup" in line)
                 and not line.lstrip().startswith("#")]
        assert found == [], f"{module.__name__}: {found}"


def test_json_into_a_cp1252_log_keeps_the_arrows_as_escapes(tmp_path: Path) -> None:
    import json

    done = run(["refresh", str(sample_at(tmp_path)), "--dry-run", "--json"], "cp1252",
               tmp_path)
    assert done.returncode == 0, done.stderr.decode("cp1252", "replace")
    document = json.loads(done.stdout.decode("cp1252"))
    eh1b = next(i for i in document["indicators"] if i["ref"] == "EH1b")
    assert eh1b["written"]["AD6"] == "▼"  # written '\u25bc' in the log, not '?'
    assert b"\\u25bc" in done.stdout
