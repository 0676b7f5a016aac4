"""What unit each figure cell is in, from how it was typed or formatted, and the figures
typed in another unit than their indicator.

A percentage shows itself in three ways: the name says so (settings.py), the figure is
typed as text '89%', or the cell is formatted as a percentage (0.89 shown as 89%). The
last two are per cell, so they also catch a slip: '12%' typed in a count row, or a date
(44,044 shown as 01/08/2020) in a figure cell. Such a figure is treated as missing and
reported with its cell: read as 0.12 or 44,044 it would give a confident wrong arrow.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Final, Literal

import numpy as np
import numpy.typing as npt

from .findings import Finding
from .grid import CellValue, Grid
from .periods import serial_date
from .settings import IndicatorSettings
from .values import parse_target
from .vocab import Polarity

UNIT_MISMATCH: Final = "unit_mismatch"
DATE_FIGURE: Final = "date_figure"

FormatKind = Literal["percent", "date"]

BUILTIN_FORMAT_KINDS: Final[dict[int, FormatKind]] = {
    9: "percent", 10: "percent",
    **{n: "date" for n in (*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59))},
}
"""Excel's built-in number formats (numFmtId without a numFmt entry) that show a
percentage or a date/time; 27-36 and 50-58 are the East Asian date formats."""
_LITERALS: Final = re.compile(r'"[^"]*"|\\.|_.|\*.|\[(?![hms]+\])[^\]]*\]', re.IGNORECASE)
"""Quoted text, escaped and padding characters, and [colour]/[$-409]/[>100] sections
(but not the elapsed-time codes [h], [mm], [ss]): none of them is a digit placeholder."""
_DATE_CODES: Final = re.compile(r"[dmyhs]|\[[hms]+\]|am/pm|a/p", re.IGNORECASE)


def number_format_kind(code: str | None) -> FormatKind | None:
    """What an Excel number format code shows: a percentage ('0.0%'), a date or time
    ('mmm-yy', 'dd/mm/yyyy', '[h]:mm'), or neither (None: 'General', '#,##0', '@',
    '0.0" pp"'). Judged on its first (positive) section, without literal text."""
    if not code:
        return None
    plain = _LITERALS.sub("", code.split(";", 1)[0])
    if plain.strip().casefold() in ("general", "@", ""):
        return None
    if "%" in plain:
        return "percent"
    return "date" if _DATE_CODES.search(plain) else None


def formatted_cells(
    grid: Grid, rows: Sequence[int], cols: Sequence[int], cells: frozenset[tuple[int, int]]
) -> npt.NDArray[np.bool_]:
    """rows x cols: True where the cell is one of `cells` (formatted as % or as a date)."""
    out = np.zeros((len(rows), len(cols)), dtype=bool)
    if not cells:
        return out
    row_at = {row: i for i, row in enumerate(rows)}
    col_at = {col: j for j, col in enumerate(cols)}
    for row, col in cells:
        i, j = row_at.get(row), col_at.get(col)
        if i is not None and j is not None:
            out[i, j] = True
    return out


def figures_percent(numbers: npt.NDArray[np.float64],
                    percent: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Rows where most figures are typed '89%' or formatted as percentages.

    Most, not any: one '12%' in a count row is a slip to report, not the row's unit."""
    finite = np.isfinite(numbers)
    shown = (percent & finite).sum(axis=1)
    return np.asarray(shown * 2 > finite.sum(axis=1), dtype=bool)


def target_polarities(columns: Sequence[Sequence[CellValue]], rows: int) -> list[Polarity | None]:
    """For each of `rows` rows, the way its target's operator points ('>= 95%': higher),
    from the first of the target `columns` (newest year first) that has one, else None.
    Only text cells can hold an operator, so typed figures are passed over."""
    out: list[Polarity | None] = [None] * rows
    for cells in columns:
        for i in [i for i, raw in enumerate(cells) if type(raw) is str]:
            if out[i] is None:
                out[i] = parse_target(cells[i]).polarity
    return out


def _unit_word(settings: IndicatorSettings) -> str:
    return {"count": "a count", "rate": "a rate"}.get(settings.unit, "a percentage")


def drop_other_units(
    grid: Grid,
    *,
    rows: Sequence[int],
    cols: Sequence[int],
    numbers: npt.NDArray[np.float64],
    percent: npt.NDArray[np.bool_],
    settings: Sequence[IndicatorSettings],
    shown: dict[tuple[int, int], CellValue],
) -> list[Finding]:
    """Percent figures in rows that are not percentages become missing (NaN), each with
    a warning naming its cell. `numbers` is changed in place; `shown[(i, j)]` is what
    the cell holds, for the message."""
    findings: list[Finding] = []
    not_percent = np.array([s.unit != "percent" for s in settings], dtype=bool)
    if not percent.any() or not not_percent.any():
        return findings
    picked = percent & not_percent[:, None] & np.isfinite(numbers)
    for i, j in zip(*(axis.tolist() for axis in np.nonzero(picked)), strict=True):
        raw = shown.get((i, j), grid.value(rows[i], cols[j]))
        typed = raw.strip() if isinstance(raw, str) else f"{float(numbers[i, j]):.0%}"
        how = "typed" if isinstance(raw, str) else "formatted as a percentage"
        findings.append(Finding(
            "warning", grid.sheet, rows[i], cols[j],
            f"{typed!s} is {how}, but the indicator is {_unit_word(settings[i])}; the "
            "figure is treated as missing",
            f"Type the figure as {_unit_word(settings[i])} (without %), or set the "
            "indicator's unit to % in Settings if it is a percentage", code=UNIT_MISMATCH))
        numbers[i, j] = np.nan
    return findings


def date_finding(grid: Grid, row: int, col: int, raw: CellValue) -> Finding:
    """A date or time in a figure cell (a date value, or a number formatted as a date):
    the figure is treated as missing."""
    clock = _duration_text(raw)
    if clock is not None:
        # [h]:mm, mm:ss: a duration such as a wait, told as one (not as 1899-12-30).
        # TODO(vocab): a duration unit would read these as figures (issue 13, item 5).
        number = f"{raw:g}" if isinstance(raw, float) else str(raw)
        return Finding("warning", grid.sheet, row, col,
                       f"is formatted as a time or duration ({number} shows as {clock}), "
                       "which the add-in cannot compare yet; it is treated as missing",
                       "Type the duration as a number in a cell formatted as a number "
                       "(Home > Number Format > General), such as minutes (30 for 0:30), "
                       "and say the unit in the indicator's name", code=DATE_FIGURE)
    if isinstance(raw, dt.date | dt.time):
        what = f"holds a date ({raw.isoformat()})"
    else:
        number = f"{raw:g}" if isinstance(raw, float) else str(raw)
        # The serial as the workbook's own date system shows it (1900 or 1904).
        day = (serial_date(raw, date1904=grid.date1904)
               if isinstance(raw, int | float) and not isinstance(raw, bool) else None)
        shown = day.isoformat() if day is not None else "a date"
        what = f"is formatted as a date ({number} shows as {shown})"
    return Finding("warning", grid.sheet, row, col,
                   f"{what}, not a figure; it is treated as missing",
                   "Type the figure as a number and format the cell as a number "
                   "(Home > Number Format > General)", code=DATE_FIGURE)


_DAY_ZERO: Final = (dt.date(1899, 12, 30), dt.date(1899, 12, 31), dt.date(1904, 1, 1))
"""Excel's day 0 as Python libraries give it (a time with no date)."""


def _duration_text(raw: CellValue) -> str | None:
    """'0:30' for a time without a date: a serial below 1 (a fraction of a day), a time,
    or a datetime on Excel's day 0; None for anything else."""
    if isinstance(raw, dt.datetime):
        if raw.date() not in _DAY_ZERO:
            return None
        raw = raw.time()
    if isinstance(raw, dt.time):
        seconds = raw.hour * 3600 + raw.minute * 60 + raw.second
    elif isinstance(raw, int | float) and not isinstance(raw, bool) and 0 < raw < 1:
        seconds = round(raw * 86400)
    else:
        return None
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}" + (f":{secs:02d}" if secs else "")

