"""Excel serial numbers from dates, the way Excel counts them (1900 or 1904 system)."""

from __future__ import annotations

import datetime as dt

_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
_FIRST_REAL_LEAP_DAY_SERIAL = 61
"""1900-03-01: before it, Excel's phantom 29 Feb 1900 shifts serials by one."""
_DAY = dt.timedelta(days=1)


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def excel_serial(
    value: dt.datetime | dt.date | dt.time | dt.timedelta, *, date1904: bool
) -> int | float:
    """The serial a date or time is stored as (times of day are fractions of a day)."""
    if isinstance(value, dt.timedelta):
        return _number(value / _DAY)
    if isinstance(value, dt.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return _number(seconds / 86_400)
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    moment = moment.replace(tzinfo=None)
    serial = (moment - (_EPOCH_1904 if date1904 else _EPOCH_1900)) / _DAY
    if not date1904 and serial < _FIRST_REAL_LEAP_DAY_SERIAL:
        serial -= 1
    return _number(serial)
