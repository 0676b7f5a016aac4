"""A sheet's values as a plain grid: what every adapter reads and the core works on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

CellValue = None | bool | int | float | str | dt.datetime | dt.date | dt.time
"""What a cell holds once read: Excel errors arrive as their text ('#N/A')."""


@dataclass(frozen=True)
class Grid:
    """Values of one sheet, from `origin` (0-based row, col of the top-left cell).

    `formulas` holds the absolute (row, col) of every cell with a formula, so that
    the plan can refuse to overwrite one. `percent_cells` and `date_cells` hold the
    cells whose number format shows a percentage or a date/time (a value of 0.89 shown
    as 89%, 44,044 shown as 01/08/2020): the figures mean what they show. Both are
    empty when the reader cannot see number formats.
    """

    sheet: str
    rows: Sequence[Sequence[CellValue]]
    origin: tuple[int, int] = (0, 0)
    formulas: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    percent_cells: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    date_cells: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    sparkline_cells: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    """Cells holding a native sparkline drawn by the analyst or another program (the
    sheet's x14 extension); the refresh never adds a second one there."""
    own_sparkline_cells: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    """Cells holding a sparkline an earlier refresh drew (replaced, never doubled)."""
    date1904: bool = False
    """The workbook counts serial numbers from 1904 (older Mac workbooks): a header
    serial 42582 is 1 Aug 2020 there, 31 Jul 2016 in the 1900 system."""

    @property
    def height(self) -> int:
        return len(self.rows)

    @cached_property
    def width(self) -> int:
        # Cached: header finding asks for it per row scanned, and it walks every row.
        return max((len(r) for r in self.rows), default=0)

    @property
    def first_row(self) -> int:
        return self.origin[0]

    @property
    def first_col(self) -> int:
        return self.origin[1]

    @property
    def last_row(self) -> int:
        """One past the last row (absolute)."""
        return self.origin[0] + self.height

    @property
    def last_col(self) -> int:
        """One past the last column (absolute)."""
        return self.origin[1] + self.width

    def value(self, row: int, col: int) -> CellValue:
        """The value at absolute (row, col); None outside the grid."""
        r = row - self.origin[0]
        c = col - self.origin[1]
        if r < 0 or c < 0 or r >= len(self.rows):
            return None
        line = self.rows[r]
        return line[c] if c < len(line) else None

    def has_formula(self, row: int, col: int) -> bool:
        return (row, col) in self.formulas


def is_blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(raw: CellValue) -> str:
    """A cell's content as the analyst typed it, for saying back: 336 rather than 336.0,
    a date as 2020-08-01."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else f"{raw:g}"
    if isinstance(raw, dt.datetime | dt.date):
        return raw.strftime("%Y-%m-%d")
    return str(raw)
