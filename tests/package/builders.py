"""Small workbooks made for the tests (openpyxl creates them; our adapter edits them)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Font, PatternFill

from xl_addin.core.address import column_letter


def dashboard(path: Path) -> Path:
    """A sheet 'Early Help' with a header, numbers, a formula, a merge, a fill and a validation."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Early Help"
    sheet.append(["Indicator", "Mar 2025", "Apr 2025", "Change", "Trend"])
    sheet.append(["Referrals", 120, 150, None, None])
    sheet.append(["Re-referrals", 0.25, 0.2, None, None])
    sheet["F2"] = "=C2-B2"
    sheet["A6"] = "Notes"
    sheet.merge_cells("A6:C6")
    sheet["E2"].fill = PatternFill("solid", fgColor="FFDDEEFF")
    sheet["E2"].font = Font(bold=True, color="FF123456")
    book.create_sheet("Settings")["A1"] = "Threshold"
    book.save(path)
    return path


def with_sheet_xml(
    source: Path, target: Path, sheet_xml: bytes, part: str = "xl/worksheets/sheet1.xml"
) -> Path:
    """A copy of `source` whose sheet part is replaced by `sheet_xml`."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, sheet_xml if info.filename == part else old.read(info))
    return target


def big_sheet_xml(rows: int, cols: int) -> bytes:
    """A sheet of numbers, texts in one column in every 13, and a formula column."""
    letters = [column_letter(c) for c in range(cols)]
    out = [
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + f'<dimension ref="A1:{letters[-1]}{rows}"/><sheetData>'.encode()
    ]
    for r in range(1, rows + 1):
        cells = []
        for c, letter in enumerate(letters):
            if c % 13 == 0:
                cells.append(f'<c r="{letter}{r}" t="inlineStr"><is><t>row {r}</t></is></c>')
            elif c == cols - 1:
                cells.append(f'<c r="{letter}{r}"><f>B{r}*2</f><v>{r * 2}</v></c>')
            else:
                cells.append(f'<c r="{letter}{r}" s="0"><v>{r * c + 0.5}</v></c>')
        out.append(f'<row r="{r}" spans="1:{cols}">{"".join(cells)}</row>'.encode())
    out.append(b"</sheetData></worksheet>")
    return b"".join(out)
