"""Grouping cells into as few Excel ranges as possible (pure, no xlwings).

Each call into live Excel crosses a process boundary, so the xlwings adapter
writes a whole block per call. These helpers turn cell positions into column
runs (one contiguous block each) and, where the engine accepts multi-area
addresses ('K7:K9,K12'), into address strings short enough for Excel.
"""

from __future__ import annotations

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
