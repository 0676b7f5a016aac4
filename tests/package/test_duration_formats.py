"""Cells formatted as durations, read from a real .xlsx by both readers: each cell with
its own format code, from a custom numFmt or one of Excel's built-in ids."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from xl_addin.adapters.package import open_workbook
from xl_addin.adapters.package.read.sheet_reader import read_grid_streaming
from xl_addin.core.address import cell_address

DAY = 86400


def durations(path: Path) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Dash"
    ws.append(["Ref", "Indicator", "Jun-20", "Jul-20", "Aug-20"])
    ws.append(["C1", "Response time", 452 / DAY, 490 / DAY, None])
    ws.append(["AE", "Time in A&E", 1.25, 0.2, 0.25])
    ws.append(["D1", "A date", 44044, 44075, 44105])
    ws["C2"].number_format = ws["D2"].number_format = "mm:ss"  # built-in 45
    ws["C3"].number_format = "[h]:mm"  # custom
    ws["D3"].number_format = ws["E3"].number_format = "[h]:mm:ss"  # built-in 46
    for col in "CDE":
        ws[f"{col}4"].number_format = "dd/mm/yyyy"
    book.save(path)
    return path


EXPECTED = {"C2": "mm:ss", "D2": "mm:ss", "C3": "[h]:mm", "D3": "[h]:mm:ss", "E3": "[h]:mm:ss"}


def test_both_readers_give_each_duration_cell_its_format(tmp_path: Path) -> None:
    path = durations(tmp_path / "durations.xlsx")
    book = open_workbook(path)
    fast = book.read_grid("Dash")
    assert {cell_address(*c): code for c, code in fast.duration_formats.items()} == EXPECTED
    # a duration is not a date: only the real dates are date cells
    assert sorted(cell_address(*c) for c in fast.date_cells) == ["C4", "D4", "E4"]
    part = book.sheet_part("Dash")
    exact = read_grid_streaming(book.read(part), "Dash", book._reader._shared_strings(),
                                path=str(path), part=part, date1904=False,
                                kinds=book._reader.style_kinds())
    assert dict(exact.duration_formats) == dict(fast.duration_formats)
    assert exact.date_cells == fast.date_cells
