"""Reading a number out of whatever an analyst typed into a cell.

Rules (tested by name in tests/core/test_values.py):
- numbers are numbers; booleans are not (TRUE in a count cell is a slip);
- numeric text is read: '1,234', ' 12 ', '6.8%' (0.068), '−5' (Unicode minus), '(12)' is not;
- missing markers are missing, silently: empty, 'tbc', 'n/a', 'na', '-', '–', '—',
  '..', 'x', 'c' (suppressed), and Excel errors such as '#N/A' or '#DIV/0!';
- any other text is missing too, but flagged `invalid` so the caller can warn with
  the cell's address. Nothing here raises.

Targets are also written as text with an operator ('>= 95%', '=/> 101%', '< 5',
'95% or above', 'at least 90%'): `parse_target` reads the number and says which way
the operator points (higher or lower is better). Figure cells never take an operator:
'<5' there is a suppressed small number, not 5.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Final, Literal

from .grid import CellValue
from .vocab import Polarity

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
    """The number in a cell, or None for anything else; a time with no date (live Excel
    gives a cell formatted [h]:mm or mm:ss to a worksheet function as one) is its
    fraction of a day, as the cell holds it."""
    if isinstance(raw, dt.time | dt.datetime):
        return duration_serial(raw)
    return parse_value(raw).number


_EPOCHS: Final = (dt.datetime(1899, 12, 30), dt.datetime(1904, 1, 1))
"""Excel's day 0 as a datetime: the 1900 system as COM (live Excel) and openpyxl give it,
and the 1904 system's."""
_ELAPSED_DAYS: Final = 60
"""A datetime less than 60 days after day 0 is a duration ([h]:mm 36:00 arrives as
31 Dec 1899 12:00), not a date: nobody reports a figure dated early 1900. 60 stops
short of Excel's phantom 29 Feb 1900, where its serials and Python's dates part."""


def duration_serial(raw: CellValue) -> float | None:
    """A duration as Excel's fraction of a day: a time (0:30 is 0.0208333), a datetime
    just after Excel's day 0 (live Excel gives a [h]:mm cell so), a number as it is;
    None for a date or anything else."""
    if isinstance(raw, dt.datetime):
        naive = raw.replace(tzinfo=None)
        for epoch in _EPOCHS:
            days = (naive - epoch) / dt.timedelta(days=1)
            if 0 <= days < _ELAPSED_DAYS:
                return days
        return None
    if isinstance(raw, dt.time):
        return (raw.hour * 3600 + raw.minute * 60 + raw.second
                + raw.microsecond / 1e6) / 86400
    if isinstance(raw, int | float) and not isinstance(raw, bool) and raw >= 0:
        return float(raw)
    return None


@dataclass(frozen=True)
class ParsedTarget:
    """A target cell: its number as `parse_value` reads it (status, text), which way its
    operator points (None without one), and whether it was typed with a '%'."""

    value: ParsedValue
    polarity: Polarity | None = None
    typed_percent: bool = False

    @property
    def number(self) -> float | None:
        return self.value.number


_HIGHER: Final[Polarity] = "higher"
_LOWER: Final[Polarity] = "lower"
_OPERATOR_BEFORE: Final[tuple[tuple[re.Pattern[str], Polarity], ...]] = tuple(
    (re.compile(pattern), polarity) for pattern, polarity in (
        # '=/>', '>=', '=>', '≥', '>' ... and words: 'at least', 'min.', 'no less than'.
        (r"^(?:=?/?>=?|=>|≥|⩾|at least|min(?:imum)?\.?:?|no less than|not less than|"
         r"more than|greater than|(?:over|above)(?: or equal to)?)\s*", _HIGHER),
        (r"^(?:=?/?<=?|=<|≤|⩽|at most|max(?:imum)?\.?:?|no more than|not more than|"
         r"less than|fewer than|(?:under|below)(?: or equal to)?)\s*", _LOWER),
    ))
_OPERATOR_AFTER: Final[tuple[tuple[re.Pattern[str], Polarity], ...]] = tuple(
    (re.compile(pattern), polarity) for pattern, polarity in (
        (r"\s*(?:\+|or (?:above|more|higher|greater|over)|and (?:above|over)|"
         r"(?:or )?plus)$", _HIGHER),
        (r"\s*(?:or (?:below|less|lower|fewer|under)|and (?:below|under))$", _LOWER),
    ))


def parse_target(raw: CellValue) -> ParsedTarget:
    """A target cell: a number, or a number with an operator ('>= 95%' is 0.95, higher).

    The number itself is read by `parse_value`, so '95%', 'tbc' and '-' mean what
    they mean in a figure cell; text that is not a number after the operator is
    taken off stays invalid (the caller warns)."""
    if not isinstance(raw, str):
        return ParsedTarget(parse_value(raw))
    folded = raw.strip().replace("\u00a0", " ").casefold()
    polarity: Polarity | None = None
    for patterns in (_OPERATOR_BEFORE, _OPERATOR_AFTER):
        for pattern, pointing in patterns:
            stripped = pattern.sub("", folded, count=1)
            if stripped != folded and any(ch.isdigit() for ch in stripped):
                folded, polarity = stripped.strip(), pointing
                break
    parsed = parse_value(folded)
    if parsed.status != "number":
        return ParsedTarget(parse_value(raw))
    return ParsedTarget(parsed, polarity, folded.rstrip().endswith("%"))
