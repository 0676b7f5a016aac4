"""The header of a new month column, written the way its neighbour's header is.

A dashboard's month headers are real dates, bare serial numbers or text
('Aug-20', 'August 2020', '2020-08'); the new month's header takes the same form,
so that the table still reads as one series and `detect_layout` still finds it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Final

from .grid import CellValue
from .periods import Month, date_serial, parse_month, serial_epoch

HeaderValue = dt.datetime | dt.date | int | float | str
"""What goes in the new header cell: a date, a serial number or text."""

_ABBR: Final = [calendar.month_abbr[m] for m in range(1, 13)]
_FULL: Final = [calendar.month_name[m] for m in range(1, 13)]
_NAMED: Final = re.compile(r"^(\s*)([A-Za-z]{3,9})(\.?[\s\-/']*)(\d{4}|\d{2})(\s*)$")
_ISO: Final = re.compile(r"^(\s*)(\d{4})([-/.])(\d{1,2})(.*)$")
_NUMERIC: Final = re.compile(r"^(\s*)(\d{1,2})([-/.])(\d{4})(\s*)$")


def _same_day(day: dt.date, old: Month, new: Month) -> int:
    """Day of the new month: month-end stays month-end, any other day is kept (capped)."""
    old_last = calendar.monthrange(old.year, old.month)[1]
    new_last = calendar.monthrange(new.year, new.month)[1]
    if day.day == old_last and day.day != 1:
        return new_last
    return min(day.day, new_last)


def _cased(name: str, like: str) -> str:
    if like.isupper():
        return name.upper()
    if like.islower():
        return name.lower()
    return name


def _named_text(match: re.Match[str], new: Month) -> str:
    lead, name, sep, year, trail = match.groups()
    full = len(name) > 4 or name.lower() in ("june", "july")
    month_name = _FULL[new.month - 1] if full else _ABBR[new.month - 1]
    if name.lower() == "sept" and new.month == 9:
        month_name = "Sept"
    year_text = f"{new.year:04d}" if len(year) == 4 else f"{new.year % 100:02d}"
    return f"{lead}{_cased(month_name, name)}{sep}{year_text}{trail}"


def text_like(text: str, new: Month) -> str:
    """'Aug-20' -> 'Sep-20', 'AUGUST 2020' -> 'SEPTEMBER 2020', '2020-08' -> '2020-09'."""
    if (match := _NAMED.match(text)) is not None:
        return _named_text(match, new)
    if (match := _ISO.match(text)) is not None:
        lead, _, sep, month, rest = match.groups()
        month_text = f"{new.month:02d}" if len(month) == 2 else str(new.month)
        return f"{lead}{new.year:04d}{sep}{month_text}{rest}"
    if (match := _NUMERIC.match(text)) is not None:
        lead, month, sep, _, trail = match.groups()
        month_text = f"{new.month:02d}" if len(month) == 2 else str(new.month)
        return f"{lead}{month_text}{sep}{new.year:04d}{trail}"
    return new.label()


def header_like(neighbour: CellValue, old: Month, new: Month, *, date1904: bool = False) -> (
    HeaderValue
):
    """The header for month `new`, in the form of `neighbour` (the header of `old`); a
    serial number counts in the workbook's date system. Text that would not read back
    as `new` (the ISO '2010-11' reads as FY 2010/11 too) is written as 'Nov-10'."""
    if isinstance(neighbour, str):
        text = text_like(neighbour, new)
        return text if parse_month(text) == new else readable_label(new)
    if isinstance(neighbour, dt.datetime):
        day = _same_day(neighbour.date(), old, new)
        return neighbour.replace(year=new.year, month=new.month, day=day)
    if isinstance(neighbour, dt.date):
        return dt.date(new.year, new.month, _same_day(neighbour, old, new))
    if isinstance(neighbour, int | float) and not isinstance(neighbour, bool):
        seen = serial_epoch(date1904) + dt.timedelta(days=int(neighbour))
        serial = date_serial(dt.date(new.year, new.month, _same_day(seen, old, new)),
                             date1904=date1904)
        return serial if isinstance(neighbour, int) else float(serial)
    return readable_label(new)


def readable_label(month: Month) -> str:
    """'Aug-20'; 'Jan 2030' from 2030 on, which a two-digit year would make 1930."""
    label = month.label()
    return label if parse_month(label) == month else f"{_ABBR[month.month - 1]} {month.year}"
