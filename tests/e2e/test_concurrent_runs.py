"""Runs of the real CLI started together on one workbook: each succeeds on a whole file or
refuses, and what is left is a whole refresh with a whole backup.

Three `xl-addin` processes per trial, 20 trials (issue 11). Before the workbook lock,
three refreshes started together all reported success in 5 of 20 trials.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from xl_addin.adapters.package.atomic_save import TEMP_MARK
from xl_addin.core.sheets import DATA_CHECKS_SHEET
from xl_addin.templates import SAMPLE_NAME, template_path

TRIALS = 20
REFUSALS = ("another xl-addin run is refreshing it or adding a month to it",)
"""The one refusal a run may meet here: waiting too long for the lock. Never "changed on
disk": runs that wait for the lock read the file the previous run wrote."""


def run_together(commands: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    children = [subprocess.Popen([sys.executable, "-m", "xl_addin.cli", *command],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env={"COLUMNS": "200", "PATH": "", "HOME": str(Path.home()),
                                      "PYTHONIOENCODING": "utf-8"})
                for command in commands]
    done = []
    for command, child in zip(commands, children, strict=True):
        stdout, stderr = child.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(command, child.returncode, stdout, stderr))
    return done


def outcome(run: subprocess.CompletedProcess[str], *also_refused: str) -> str:
    """'done' or 'refused'; anything else (a traceback, a corrupt read) fails the test."""
    assert "Traceback" not in run.stdout + run.stderr, run.stderr
    if run.returncode == 0:
        assert "wrote" in run.stdout.lower(), run.stdout
        return "done"
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 1 and len(lines) == 1, run.stderr
    assert any(reason in lines[0] for reason in (*REFUSALS, *also_refused)), lines[0]
    return "refused"


def row_of(ws, ref: str) -> int:  # type: ignore[no-untyped-def]
    return next(int(c.row) for c in ws["A"] if c.value == ref)


def column_of(ws, text: str) -> int:  # type: ignore[no-untyped-def]
    return next(int(c.column) for c in ws[3] if c.value == text)


def assert_whole_refresh(path: Path) -> None:
    """A complete zip, and EH1b refreshed as computed by hand: Aug-20 280 against Jul-20 339
    is -17.4%, beyond the 10% band, so the arrow is ▼; and the Data checks sheet is there."""
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
    book = load_workbook(path)
    ws = book["Early Help"]
    change = column_of(ws, "Change from prev. period")
    eh1b = row_of(ws, "EH1b")
    assert ws.cell(eh1b, change).value == "▼"
    assert round(ws.cell(eh1b, change + 1).value, 3) == -0.174
    assert DATA_CHECKS_SHEET in book.sheetnames


def test_three_refreshes_started_together_never_race(tmp_path: Path) -> None:
    original = template_path(SAMPLE_NAME).read_bytes()
    tally = {"done": 0, "refused": 0}
    for trial in range(TRIALS):
        folder = tmp_path / str(trial)
        folder.mkdir()
        book = folder / "Dashboard.xlsx"
        book.write_bytes(original)
        runs = run_together([["refresh", str(book)]] * 3)
        outcomes = [outcome(run) for run in runs]
        assert "done" in outcomes  # the first to take the lock always gets through
        for name in outcomes:
            tally[name] += 1
        assert_whole_refresh(book)
        backup = folder / "Dashboard.bak.xlsx"  # what the last run read: the original or
        with zipfile.ZipFile(backup) as archive:  # an earlier run's whole refresh
            assert archive.testzip() is None
        if backup.read_bytes() != original:
            assert_whole_refresh(backup)
        assert not [p for p in folder.iterdir() if TEMP_MARK in p.name]
    assert tally["done"] >= TRIALS
    print(f"3 runs x {TRIALS} trials: {tally}")


def test_add_month_and_refresh_started_together_add_the_month_once(tmp_path: Path) -> None:
    original = template_path(SAMPLE_NAME).read_bytes()
    already = "Sep-20 already has a column"
    for trial in range(3):
        folder = tmp_path / str(trial)
        folder.mkdir()
        book = folder / "Dashboard.xlsx"
        shutil.copyfile(template_path(SAMPLE_NAME), book)
        runs = run_together([["add-month", str(book), "--month", "2020-09"],
                             ["refresh", str(book)],
                             ["add-month", str(book), "--month", "2020-09"]])
        outcomes = [outcome(run, already) for run in runs]
        added = [o for o, run in zip(outcomes, runs, strict=True)
                 if o == "done" and run.args[0] == "add-month"]
        assert len(added) == 1  # once: by whichever took the lock first
        ws = load_workbook(book)["Early Help"]
        headers = [c.value for c in ws[3]]
        september = [h for h in headers if getattr(h, "month", None) == 9
                     and getattr(h, "year", None) == 2020]
        assert len(september) == 1
        with zipfile.ZipFile(book) as archive:
            assert archive.testzip() is None
        if outcomes[1] == "done":
            assert_whole_refresh(book)
        assert book.read_bytes() != original


@pytest.mark.parametrize("name", ["a [shared] folder"])
def test_paths_with_brackets_are_printed_as_they_are(tmp_path: Path, name: str) -> None:
    folder = tmp_path / name
    folder.mkdir()
    book = folder / "Dashboard.xlsx"
    shutil.copyfile(template_path(SAMPLE_NAME), book)
    (run,) = run_together([["refresh", str(book), "--out", str(folder / "missing" / "x.xlsx")]])
    assert run.returncode == 1
    assert f"{folder / 'missing'} does not exist" in run.stderr
