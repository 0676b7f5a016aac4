"""A plan of cell writes: what a refresh wants changed, before any adapter applies it.

Adapters (xlwings for live Excel, the package writer for files) only apply a plan;
they never decide what to write. That keeps one set of rules for every entry point.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby
from typing import NamedTuple

from .address import cell_address
from .sparklines import SparklinePlan
from .vocab import Tone

WriteValue = float | str | None


class CellWrite(NamedTuple):
    """One derived cell: its value, number format and colour.

    `tone` None means plain: any colour left from an earlier refresh is cleared.
    `number_format` None means keep the cell's own format. A NamedTuple, not a
    dataclass: a big dashboard plans 100,000 of them, and tuples are cheaper to build.
    """

    row: int
    col: int
    value: WriteValue
    number_format: str | None = None
    tone: Tone | None = None


@dataclass(frozen=True)
class ColumnRun:
    """Writes to consecutive rows of one column: one block for a live-Excel write."""

    col: int
    first_row: int
    writes: tuple[CellWrite, ...]

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.writes) - 1


@dataclass(frozen=True)
class SheetLook:
    """How a sheet that xl_addin owns is laid out for reading (the Data checks sheet).

    Adapters apply it after the plan's cells, every time, so it holds however the
    sheet's length changes: column widths, bold rows, a table header that stays in view
    with a filter on it, and long text wrapped.
    """

    column_widths: tuple[float, ...]
    """Widths of columns A, B, ... in characters (Excel's own unit)."""
    header_row: int
    """0-based row of the table header: the rows down to it stay in view (frozen), and
    the filter's buttons sit on it."""
    last_row: int
    """0-based last row of the table (the header row itself when it has no rows)."""
    columns: int
    """How many columns the table has, from column A."""
    bold_rows: tuple[int, ...] = ()
    wrap_columns: tuple[int, ...] = ()
    """0-based columns whose cells below the header wrap their text."""
    row_lines: tuple[tuple[int, int], ...] = ()
    """(0-based row, lines) for table rows whose wrapped text takes more than one line: a
    file gets them as row heights (a file opened in Excel or LibreOffice keeps the height it
    states); live Excel fits those rows itself."""

    @property
    def filter_range(self) -> str:
        """'A12:G18': the table, header included, as the filter covers it."""
        return (f"{cell_address(self.header_row, 0)}:"
                f"{cell_address(self.last_row, self.columns - 1)}")


@dataclass(frozen=True)
class WritePlan:
    """Every write of one refresh on one sheet, in row-major order."""

    sheet: str
    writes: tuple[CellWrite, ...] = ()
    protected: tuple[tuple[int, int], ...] = field(default=())
    """Output cells left alone because they hold a formula."""
    clear_font_colour: bool = False
    """Set the written cells' font colour back to automatic: refreshes before 0.2
    coloured the text by tone (a file writer does this cell by cell anyway)."""
    look: SheetLook | None = None
    """Widths, bold header, frozen rows, filter, wrapping; None: the sheet's own stay."""
    sparklines: SparklinePlan | None = None
    """Native sparklines for the table's sparkline column; None: sparklines are left as
    they are."""

    def __len__(self) -> int:
        return len(self.writes)

    def column_runs(self) -> Iterator[ColumnRun]:
        """Group the writes into runs of consecutive rows per column."""
        by_col = sorted(self.writes, key=lambda w: (w.col, w.row))
        for col, col_writes in groupby(by_col, key=lambda w: w.col):
            run: list[CellWrite] = []
            for w in col_writes:
                if run and w.row != run[-1].row + 1:
                    yield ColumnRun(col, run[0].row, tuple(run))
                    run = []
                run.append(w)
            if run:
                yield ColumnRun(col, run[0].row, tuple(run))
