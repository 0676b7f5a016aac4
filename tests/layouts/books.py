"""Writing the scorecard layouts of test_scorecards.py as real .xlsx files (xlsxwriter)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

from xl_addin.core.grid import CellValue

Sheet = list[list[CellValue]]


def write_book(path: Path, sheets: dict[str, Sheet]) -> Path:
    """Each sheet's rows from A1; None cells are left empty, dates get a month format."""
    book = xlsxwriter.Workbook(str(path))
    month = book.add_format({"num_format": "mmm-yy"})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, line in enumerate(rows):
            for c, value in enumerate(line):
                if value is None:
                    continue
                if isinstance(value, dt.datetime | dt.date):
                    when = value if isinstance(value, dt.datetime) else dt.datetime(
                        value.year, value.month, value.day)
                    sheet.write_datetime(r, c, when, month if when.day == 1 else day)
                else:
                    sheet.write(r, c, value)
    book.close()
    return path


def blank_rows(count: int) -> Sheet:
    return [[] for _ in range(count)]
