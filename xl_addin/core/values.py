"""Reading a number out of whatever an analyst typed into a cell.

Rules (tested by name in tests/core/test_values.py):
- numbers are numbers; booleans are not (TRUE in a count cell is a slip);
- numeric text is read: '1,234', ' 12 ', '6.8%' (0.068), '−5' (Unicode minus), '(12)' is not;
- missing markers are missing, silently: empty, 'tbc', 'n/a', 'na', '-', '–', '—',
  '..', 'x', 'c' (suppressed), and Excel errors such as '#N/A' or '#DIV/0!';
- any other text is missing too, but flagged `invalid` so the caller can warn with
  the cell's address. Nothing here raises.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Final, Literal

from .grid import CellValue

ValueStatus = Literal["number", "missing", "invalid"]

MISSING_MARKERS: Final = frozenset(
    {"", "tbc", "tba", "n/a", "na", "n.a.", "-", "–", "—", "_", "..", ".", "x", "c",
     "nil", "none", "null", "not available", "no data", "awaiting data"}
)
EXCEL_ERRORS: Final = frozenset(
    {"#n/a", "#div/0!", "#value!", "#ref!", "#name?", "#num!", "#null!", "#spill!",
     "#calc!", "#getting_data", "#field!", "#blocked!", "#connect!", "#busy!", "#unknown!"}
)
_NUMBER: Final = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class ParsedValue:
    number: float | None
    status: ValueStatus
    text: str = ""
    """The original text when status is invalid, for the warning."""


_MISSING = ParsedValue(None, "missing")


def parse_value(raw: CellValue) -> ParsedValue:
    """Turn one cell's content into a number, missing, or invalid (never raises)."""
    if raw is None:
        return _MISSING
    if isinstance(raw, bool):
        return ParsedValue(None, "invalid", str(raw).upper())
    if isinstance(raw, int | float):
        number = float(raw)
        if math.isfinite(number):
            return ParsedValue(number, "number")
        return _MISSING
    if isinstance(raw, dt.date | dt.time):
        return ParsedValue(None, "invalid", str(raw))
    return _parse_text(str(raw))


def _parse_text(text: str) -> ParsedValue:
    cleaned = text.strip().replace("\u00a0", "").replace("\u2212", "-")
    folded = cleaned.casefold()
    if folded in MISSING_MARKERS or folded in EXCEL_ERRORS:
        return _MISSING
    scale = 1.0
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1].rstrip()
        scale = 0.01
    cleaned = cleaned.replace(" ", "")
    if cleaned and any(ch.isdigit() for ch in cleaned) and _NUMBER.match(cleaned):
        number = float(cleaned.replace(",", "")) * scale
        if math.isfinite(number):
            return ParsedValue(number, "number")
    return ParsedValue(None, "invalid", text)


def to_number(raw: CellValue) -> float | None:
    """The number in a cell, or None for anything else."""
    return parse_value(raw).number
