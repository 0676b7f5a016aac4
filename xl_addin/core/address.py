"""A1-style cell addresses. Rows and columns are 0-based everywhere inside the core."""

from __future__ import annotations

import re

_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]+)$")


def column_letter(col: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    if col < 0:
        raise ValueError(f"column index must be >= 0, got {col}")
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """'A' -> 0, 'AA' -> 26."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def cell_address(row: int, col: int) -> str:
    """(0, 0) -> 'A1'."""
    return f"{column_letter(col)}{row + 1}"


def parse_address(address: str) -> tuple[int, int]:
    """'K7' -> (6, 10)."""
    match = _A1.match(address.strip())
    if match is None:
        raise ValueError(f"not a cell address: {address!r}")
    return int(match.group(2)) - 1, column_index(match.group(1))


def quote_sheet(sheet: str) -> str:
    """Quote a sheet name the way Excel does in references: 'Early Help'."""
    return "'" + sheet.replace("'", "''") + "'"


def qualified_address(sheet: str, row: int, col: int) -> str:
    """('Early Help', 6, 10) -> "'Early Help'!K7"."""
    return f"{quote_sheet(sheet)}!{cell_address(row, col)}"
