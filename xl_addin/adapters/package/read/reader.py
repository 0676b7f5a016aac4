"""The reading half of a workbook: sheets as grids, and the parts the writer needs next.

A sheet is read by calamine when its bytes have Excel's layout (`fast_reader`), else by
the streaming reader. The bytes of the last few parts read stay decompressed, with
their rows located, for `StagedEdit` to write the sheet just read without doing either
again.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace

from xl_addin.core.grid import Grid
from xl_addin.core.sheets import dashboard_candidates
from xl_addin.core.units import FormatKind

from ..opc import OpcPackage
from ..sheet_layout import SheetLayout, SheetLayoutError, locate
from .fast_reader import FastReader, has_excel_layout
from .number_formats import StyledCells, style_kinds, styled_cells
from .shared_strings import read_shared_strings
from .sheet_reader import read_grid_streaming
from .workbook_map import SheetRef, WorkbookMap, read_workbook_map

READ_AHEAD_ABOVE = 2 << 20
"""The sheet a refresh reads first is parsed as the file is opened when its part is this
big (uncompressed): calamine's parse then overlaps the CRC checks."""
PARTS_HELD = 3
"""A refresh reads the dashboard, Settings and Data checks, then writes the dashboard."""


@dataclass
class HeldPart:
    """A part's bytes as decompressed, and where its rows are once located (for these
    very bytes only)."""

    data: bytes
    layout: SheetLayout | None = None


@dataclass(frozen=True)
class ReadAhead:
    """A calamine reader already parsing `part`'s sheet, on another thread."""

    reader: FastReader
    part: str


def read_ahead(package: OpcPackage) -> ReadAhead | None:
    """Have calamine start on the worksheet a refresh reads first, when it is big. Never
    raises: on any doubt nothing is started, and the checks that follow decide."""
    try:
        book_map = read_workbook_map(package)
        first = read_first(book_map.worksheets)
        if (first is None or not package.has(first.part)
                or package.member(first.part).file_size < READ_AHEAD_ABOVE):
            return None
        reader = FastReader(package.data, date1904=book_map.date1904)
        reader.prefetch(first.name)
    except Exception:  # a best effort: the checks that follow report any fault
        return None
    return ReadAhead(reader, first.part)


def read_first(worksheets: Sequence[SheetRef]) -> SheetRef | None:
    """The worksheet a refresh reads first (`core.sheets.dashboard_candidates`, as
    `service.locate_dashboard` reads them), which usually holds the dashboard."""
    first = dashboard_candidates([ref.name for ref in worksheets])[:1]
    return next((ref for ref in worksheets if ref.name in first), None)


class PackageReader:
    """Reads a checked package; `kept` holds parts the CRC check decompressed already."""

    def __init__(self, shown: str, package: OpcPackage, book_map: WorkbookMap,
                 fast: FastReader, kept: dict[str, bytes]) -> None:
        self.shown = shown
        self.package = package
        self.map = book_map
        self._fast = fast
        self._kept = {part: HeldPart(data) for part, data in kept.items()}
        # over the package, not self: no reference cycle for the garbage collector
        self._cached = functools.lru_cache(maxsize=PARTS_HELD)(
            lambda part: HeldPart(package.read(part)))
        self._shared: list[str] | None = None
        self._kinds: dict[int, FormatKind] | None = None

    def held(self, part: str) -> HeldPart:
        """The part decompressed, held for the next reads (see `PARTS_HELD`)."""
        return self._kept.get(part) or self._cached(part)

    def forget(self, part: str) -> None:
        """Drop the held bytes of a part about to be replaced by what is written."""
        self._kept.pop(part, None)
        self._cached.cache_clear()  # all of them: functools forgets no single entry

    def grid(self, ref: SheetRef, staged: bytes | None = None) -> Grid:
        """The worksheet as the package holds it, or as `staged` (written, not saved yet);
        dates as serials in the workbook's date system."""
        grid = (self._fast_grid(ref) if staged is None else None) or read_grid_streaming(
            self.held(ref.part).data if staged is None else staged, ref.name,
            self._shared_strings(), path=self.shown, part=ref.part,
            date1904=self.map.date1904, kinds=self.style_kinds())
        # Both readers give dates as serial numbers: the core needs their date system.
        return replace(grid, date1904=True) if self.map.date1904 else grid

    def _fast_grid(self, ref: SheetRef) -> Grid | None:
        styled: list[StyledCells] = []
        grid = self._fast.read(ref.name, lambda: self.held(ref.part).data,
                               lambda data: self._inspect(ref.part, data, styled))
        if grid is not None and styled and any(styled[0]):
            return replace(grid, percent_cells=styled[0].percent, date_cells=styled[0].date,
                           duration_formats=styled[0].durations)
        return grid

    def _inspect(self, part: str, data: bytes, styled: list[StyledCells]) -> bool:
        """The fast reader's check, done with the part's rows located for the writer, and
        the cells formatted as percentages or dates (while calamine parses on another core)."""
        try:
            layout = locate(data)
        except SheetLayoutError:  # reported by the writer, if it writes there
            return has_excel_layout(data)
        held = self.held(part)
        if held.data is data:
            held.layout = layout
        if not has_excel_layout(data, layout):
            return False
        styled.append(styled_cells(data, self.style_kinds()))
        return True

    def style_kinds(self) -> dict[int, FormatKind]:
        """The cell styles that show a percentage or a date (read once)."""
        if self._kinds is None:
            part = self.map.part_of_kind("styles")
            data = self.package.read(part) if part is not None and self.package.has(part) else None
            self._kinds = style_kinds(data, path=self.shown, part=part or "")
        return self._kinds

    def _shared_strings(self) -> list[str]:
        if self._shared is None:
            self._shared = read_shared_strings(self.package, self.map.part_of_kind("sharedStrings"))
        return self._shared
