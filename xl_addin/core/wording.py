"""Numbers as an analyst says them: '2,256', '6.8%', '-17.4%', '+1.2 pp', 'the 10% band'.

Shared by the explain narrative, the data checks and the CLI summary, so a figure
reads the same wherever it is shown. Missing (None or NaN) reads 'n/a'.
"""

from __future__ import annotations

import math
from typing import Any

from .vocab import NOT_AVAILABLE


def is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def level_text(value: Any, unit: str, decimals: int | None = None) -> str:
    """A level on the indicator's scale: counts whole when whole, percentages as %."""
    if is_missing(value):
        return NOT_AVAILABLE
    number = float(value)
    if unit == "percent":
        return f"{number:.{1 if decimals is None else decimals}%}"
    if decimals is None:
        decimals = 0 if unit == "count" and number.is_integer() else 1
    return f"{number:,.{decimals}f}"


def change_text(value: Any, unit: str) -> str:
    """A change: relative (%) for counts and rates, percentage points for percentages."""
    if is_missing(value):
        return NOT_AVAILABLE
    if unit == "percent":
        return f"{float(value) * 100:+.1f} pp"
    return f"{float(value):+.1%}"


def difference_text(value: Any, unit: str) -> str:
    """An absolute difference without sign: '30', '1.2 pp'."""
    if is_missing(value):
        return NOT_AVAILABLE
    number = abs(float(value))
    if unit == "percent":
        return f"{number * 100:.1f} pp"
    return level_text(number, unit)


def band_text(threshold: float, unit: str) -> str:
    """The arrow threshold: '10%' for relative changes, '1 pp' for percentages."""
    if unit == "percent":
        return f"{threshold * 100:g} pp"
    return f"{threshold * 100:g}%"
