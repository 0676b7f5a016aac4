"""Months and financial years, read from column headers.

A month header may be a real date, an Excel serial number, or text such as
'Mar-20', 'Mar 2020', 'March 2020', '2020-03', '03/2020'. UK financial years run
April to March: FY 2020 is April 2020 to March 2021, written '20-21', '2020/21'.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from .grid import CellValue

_MONTHS: Final = {
    name: i + 1
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")]
    )
    for name in names
}
_MONTH_ABBR: Final = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                      "Nov", "Dec"]
_TEXT_MONTH: Final = re.compile(r"^([A-Za-z]{3,9})\.?[\s\-/']*(\d{2}|\d{4})$")
_ISO_MONTH: Final = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?(?:[ T].*)?$")
_NUMERIC_MONTH: Final = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_FY: Final = re.compile(r"(?<!\d)(\d{4}|\d{2})\s*[-/–_ ]\s*(\d{4}|\d{2})(?!\d)")
_EXCEL_EPOCH: Final = dt.date(1899, 12, 30)
# Serial numbers between 1990 and 2100: a header number outside that is not a month.
_SERIAL_MIN: Final = 32874
_SERIAL_MAX: Final = 73051


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @property
    def index(self) -> int:
        """Months since year 0, so that differences count months."""
        return self.year * 12 + self.month - 1

    @classmethod
    def from_index(cls, index: int) -> Month:
        return cls(index // 12, index % 12 + 1)

    def shift(self, months: int) -> Month:
        return Month.from_index(self.index + months)

    @property
    def financial_year(self) -> int:
        """The calendar year in which this month's UK financial year starts."""
        return self.year if self.month >= 4 else self.year - 1

    def label(self) -> str:
        """'Aug-20', the seed's header style."""
        return f"{_MONTH_ABBR[self.month - 1]}-{self.year % 100:02d}"

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def __str__(self) -> str:
        return self.label()


def _full_year(text: str) -> int:
    """Two-digit years as Excel reads them: 00-29 are 2000s, 30-99 are 1900s."""
    year = int(text)
    if year >= 100:
        return year
    return year + 2000 if year < 30 else year + 1900


def parse_month(raw: CellValue) -> Month | None:
    """Read a month header; None when the cell is not a month."""
    if isinstance(raw, dt.datetime | dt.date):
        return Month(raw.year, raw.month)
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int | float):
        if _SERIAL_MIN <= raw <= _SERIAL_MAX:
            day = _EXCEL_EPOCH + dt.timedelta(days=int(raw))
            return Month(day.year, day.month)
        return None
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    match = _TEXT_MONTH.match(text)
    if match:
        month = _MONTHS.get(match.group(1).lower())
        return Month(_full_year(match.group(2)), month) if month else None
    match = _ISO_MONTH.match(text)
    if match and 1 <= int(match.group(2)) <= 12:
        return Month(int(match.group(1)), int(match.group(2)))
    match = _NUMERIC_MONTH.match(text)
    if match and 1 <= int(match.group(1)) <= 12:
        return Month(int(match.group(2)), int(match.group(1)))
    return None


def parse_month_option(text: str) -> Month:
    """Read `--month YYYY-MM` (or any header form); raises ValueError when it is not one."""
    month = parse_month(text)
    if month is None:
        raise ValueError(f"not a month: {text!r} (use YYYY-MM, for example 2020-08)")
    return month


def parse_financial_year(text: str) -> int | None:
    """The start year of a financial year named in text: 'Target 20-21' -> 2020.

    Accepts '20-21', '20/21', '2020/21', '2020-2021', '17- 18'; the second year must
    follow the first, which tells a financial year from a date range.
    """
    for match in _FY.finditer(text):
        start = _full_year(match.group(1))
        end = _full_year(match.group(2)) if len(match.group(2)) == 4 else None
        if end is None:
            end = start - start % 100 + int(match.group(2))
            if end < start:
                end += 100
        if end == start + 1:
            return start
    return None


def financial_year_label(start_year: int) -> str:
    """2020 -> '2020/21'."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"
