"""Real .xlsx workbooks for the period tests, written with XlsxWriter, and the real
file adapter and CLI to refresh them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from openpyxl import load_workbook
from typer.testing import CliRunner

from xl_addin.cli import app
from xl_addin.core.periods import Month
from xl_addin.core.refresh import RefreshResult
from xl_addin.files import open_file_workbook
from xl_addin.service import check_workbook

Rows = Sequence[Sequence[Any]]
runner = CliRunner(env={"COLUMNS": "250"})


def write_book(
    path: Path,
    rows: Rows,
    *,
    sheet: str = "KPIs",
    settings: Rows | None = None,
    date1904: bool = False,
    top: int = 0,
) -> Path:
    """`rows` from A(top+1); dates as real date cells (shown 'mmm-yy'), None left empty."""
    book = xlsxwriter.Workbook(str(path), {"date_1904": date1904})
    ws = book.add_worksheet(sheet)
    date_format = book.add_format({"num_format": "mmm-yy"})
    for r, line in enumerate(rows):
        for c, value in enumerate(line):
            if value is None:
                continue
            if isinstance(value, dt.date):
                moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(
                    value, dt.time())
                ws.write_datetime(top + r, c, moment, date_format)
            else:
                ws.write(top + r, c, value)
    if settings is not None:
        ss = book.add_worksheet("Settings")
        for r, line in enumerate(settings):
            for c, value in enumerate(line):
                if value is not None:
                    ss.write(r, c, value)
    book.close()
    return path


def checked(path: Path, month: Month | None = None) -> RefreshResult:
    """What `check` reads and computes, through the file adapter."""
    return check_workbook(open_file_workbook(path, for_writing=False), month)


def refreshed(path: Path, *options: str, sheet: str = "KPIs") -> list[list[Any]]:
    """`xl-addin refresh PATH --out OUT` and the dashboard sheet's values afterwards."""
    out = path.with_name(f"{path.stem}.out.xlsx")
    done = runner.invoke(app, ["refresh", str(path), "--out", str(out), *options])
    assert done.exit_code == 0, done.output
    ws = load_workbook(out)[sheet]
    return [[c.value for c in row] for row in ws.iter_rows()]


def record(result: RefreshResult, ref: str) -> dict[str, Any]:
    """One indicator's computed figures as plain Python values."""
    frame = result.results
    refs = list(frame["ref"])
    i = refs.index(ref)
    return {name: frame[name][i] for name in frame.columns}
