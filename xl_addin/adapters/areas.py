"""Grouping cells into as few Excel ranges as possible (pure, no xlwings).

Each call into live Excel crosses a process boundary, so the xlwings adapter
writes a whole block per call. These helpers turn cell positions into column
runs (one contiguous block each) and, where the engine accepts multi-area
addresses ('K7:K9,K12'), into address strings short enough for Excel.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final

from xl_addin.core.address import cell_address

MAX_ADDRESS_CHARS: Final = 255
"""Excel's Range("...") refuses longer address strings."""


@dataclass(frozen=True, order=True)
class Area:
    """A contiguous block of one column, 0-based and inclusive."""

    col: int
    first_row: int
    last_row: int

    @property
    def height(self) -> int:
        return self.last_row - self.first_row + 1

    def address(self) -> str:
        first = cell_address(self.first_row, self.col)
        if self.first_row == self.last_row:
            return first
        return f"{first}:{cell_address(self.last_row, self.col)}"


def column_areas(cells: Iterable[tuple[int, int]]) -> list[Area]:
    """(row, col) cells as runs of consecutive rows per column, column by column."""
    areas: list[Area] = []
    for row, col in sorted(set(cells), key=lambda rc: (rc[1], rc[0])):
        last = areas[-1] if areas else None
        if last is not None and last.col == col and last.last_row == row - 1:
            areas[-1] = Area(col, last.first_row, row)
        else:
            areas.append(Area(col, row, row))
    return areas


def address_batches(areas: Iterable[Area], limit: int = MAX_ADDRESS_CHARS) -> Iterator[str]:
    """Multi-area addresses ('K7:K9,K12,M7:M20'), each at most `limit` characters."""
    batch = ""
    for area in areas:
        address = area.address()
        if batch and len(batch) + 1 + len(address) > limit:
            yield batch
            batch = ""
        batch = f"{batch},{address}" if batch else address
    if batch:
        yield batch


FormatAreas = dict[str, list[Area]]


def format_layers(cells: Iterable[tuple[int, int, str | None]]) -> tuple[FormatAreas,
                                                                        FormatAreas]:
    """Number formats as two layers of areas: painting the first, then the second over
    it, gives every (row, col, format) cell its format, and no other cell any.

    The first layer is one block per stretch of consecutive formatted rows of a column,
    in the stretch's most common format; the second holds the cells that differ. One
    call per block and per odd run is never more, and with one unit down most of a
    column far fewer, than one call per run of equal formats. A cell whose format is
    None (kept) splits the stretch, so it is never painted.
    """
    formatted = sorted((col, row, fmt) for row, col, fmt in cells if fmt is not None)
    base: FormatAreas = defaultdict(list)
    odd: dict[str, list[tuple[int, int]]] = defaultdict(list)
    stretch: list[tuple[int, int, str]] = []

    def close() -> None:
        if not stretch:
            return
        common = Counter(fmt for _, _, fmt in stretch).most_common(1)[0][0]
        col = stretch[0][0]
        base[common].append(Area(col, stretch[0][1], stretch[-1][1]))
        for _, row, fmt in stretch:
            if fmt != common:
                odd[fmt].append((row, col))
        stretch.clear()

    for col, row, fmt in formatted:
        if stretch and (stretch[-1][0] != col or stretch[-1][1] != row - 1):
            close()
        stretch.append((col, row, fmt))
    close()
    return dict(base), {fmt: column_areas(rc) for fmt, rc in odd.items()}
