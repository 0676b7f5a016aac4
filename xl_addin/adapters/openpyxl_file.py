"""Stopgap file adapter on openpyxl, until the package writer lands (issue 4).

openpyxl loses parts of real workbooks on save (shapes, x14 extensions, cached
formula values...), so this adapter is only for the bundled sample and tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles import Font, PatternFill

from xl_addin.core.grid import CellValue, Grid
from xl_addin.core.plan import WritePlan
from xl_addin.core.vocab import Tone

TONE_STYLE: dict[Tone, tuple[str, str]] = {
    "good": ("C6EFCE", "006100"),
    "neutral": ("FFEB9C", "9C5700"),
    "bad": ("FFC7CE", "9C0006"),
}


class OpenpyxlWorkbook:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._book = load_workbook(path)

    def sheet_names(self) -> list[str]:
        return list(self._book.sheetnames)

    def read_grid(self, sheet: str) -> Grid:
        ws = self._book[sheet]
        rows: list[list[CellValue]] = []
        formulas: set[tuple[int, int]] = set()
        for r, line in enumerate(ws.iter_rows(values_only=False)):
            out: list[CellValue] = []
            for c, cell in enumerate(line):
                value = cell.value
                if cell.data_type == "f":
                    formulas.add((r, c))
                    value = None
                out.append(value)  # type: ignore[arg-type]
            rows.append(out)
        return Grid(sheet, rows, (0, 0), frozenset(formulas))

    def apply(self, plans: Sequence[WritePlan]) -> None:
        for plan in plans:
            ws = self._book[plan.sheet] if plan.sheet in self._book else (
                self._book.create_sheet(plan.sheet))
            for w in plan.writes:
                cell = ws.cell(row=w.row + 1, column=w.col + 1)
                cell.value = w.value
                if isinstance(w.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
                if w.number_format is not None:
                    cell.number_format = w.number_format
                font = copy(cell.font)
                if w.tone is None:
                    cell.fill = PatternFill(fill_type=None)
                    cell.font = Font(name=font.name, size=font.size, bold=font.bold,
                                     italic=font.italic)
                else:
                    fill, colour = TONE_STYLE[w.tone]
                    cell.fill = PatternFill("solid", fgColor=fill)
                    cell.font = Font(name=font.name, size=font.size, bold=font.bold,
                                     italic=font.italic, color=colour)

    def save(self, out: Path) -> None:
        self._book.save(out)
