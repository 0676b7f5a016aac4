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
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from typing import Final, Literal

import numpy as np
import numpy.typing as npt

from .findings import Finding
from .grid import CellValue, Grid, cell_text
from .periods import serial_date
from .settings import IndicatorSettings
from .values import duration_serial, parse_target
from .vocab import Polarity, Unit

UNIT_MISMATCH: Final = "unit_mismatch"
DATE_FIGURE: Final = "date_figure"

FormatKind = Literal["percent", "date", "duration"]

BUILTIN_DURATION_FORMATS: Final[dict[int, str]] = {
    20: "h:mm", 21: "h:mm:ss", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mm:ss.0",
}
"""Excel's built-in time formats without a date or AM/PM: durations (a wait of 0:30)."""
BUILTIN_FORMAT_KINDS: Final[dict[int, FormatKind]] = {
    9: "percent", 10: "percent",
    **{n: "date" for n in (*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59))},
    **{n: "duration" for n in BUILTIN_DURATION_FORMATS},
}
"""Excel's built-in number formats (numFmtId without a numFmt entry) that show a
percentage, a date or a duration; 27-36 and 50-58 are the East Asian date formats."""
_LITERALS: Final = re.compile(r'"[^"]*"|\\.|_.|\*.|\[(?![hms]+\])[^\]]*\]', re.IGNORECASE)
"""Quoted text, escaped and padding characters, and [colour]/[$-409]/[>100] sections
(but not the elapsed-time codes [h], [mm], [ss]): none of them is a digit placeholder."""
_DATE_CODES: Final = re.compile(r"[dmyhs]|\[[hms]+\]|am/pm|a/p", re.IGNORECASE)
_CALENDAR_CODES: Final = re.compile(r"[dye]|am/pm|a/p", re.IGNORECASE)
"""A day, a year or a clock's AM/PM: a date or a time of day, not a duration."""
_CLOCK_CODES: Final = re.compile(r"[hs]|\[[hms]+\]", re.IGNORECASE)
"""Hours or seconds (an 'm' alone is a month): with no calendar code, a duration."""


def number_format_kind(code: str | None) -> FormatKind | None:
    """What an Excel number format code shows: a percentage ('0.0%'), a duration ('[h]:mm',
    'mm:ss', 'h:mm:ss': hours, minutes, seconds and nothing of a calendar), a date or
    time of day ('mmm-yy', 'dd/mm/yyyy', 'h:mm AM/PM'), or neither (None: 'General',
    '#,##0', '@', '0.0" pp"'). Judged on its first (positive) section, without literal text."""
    if not code:
        return None
    plain = _LITERALS.sub("", code.split(";", 1)[0])
    if plain.strip().casefold() in ("general", "@", ""):
        return None
    if "%" in plain:
        return "percent"
    if _CLOCK_CODES.search(plain) and not _CALENDAR_CODES.search(plain):
        return "duration"
    return "date" if _DATE_CODES.search(plain) else None


def formatted_cells(
    grid: Grid, rows: Sequence[int], cols: Sequence[int], cells: Collection[tuple[int, int]]
) -> npt.NDArray[np.bool_]:
    """rows x cols: True where the cell is one of `cells` (formatted as %, a date or a
    duration)."""
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


def figures_duration(numbers: npt.NDArray[np.float64],
                     duration: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Rows where most figures are durations (formatted [h]:mm or mm:ss, or times from
    live Excel): the percentage rule, as one 0:30 in a count row is a slip too."""
    return figures_percent(numbers, duration)


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


UNIT_WORDS: Final[dict[Unit, str]] = {
    "count": "a count", "rate": "a rate", "percent": "a percentage", "duration": "a duration",
}
"""How a message names an indicator's unit."""


def _unit_word(settings: IndicatorSettings) -> str:
    return UNIT_WORDS[settings.unit]


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
    clock = _time_of_day(raw)
    if clock is not None:
        # 'h:mm AM/PM' is a clock time, not a duration: told as what it shows, not 1899-12-30.
        number = f"{raw:g}" if isinstance(raw, float) else cell_text(raw)
        return Finding("warning", grid.sheet, row, col,
                       f"is formatted as a time of day ({number} shows as {clock}), not a "
                       "figure; it is treated as missing",
                       "For a duration (a wait, a response time), format the cell as a "
                       "duration (Home > Number Format > Custom: [h]:mm or mm:ss) and set "
                       "the indicator's unit to 'duration' in Settings", code=DATE_FIGURE)
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


def duration_finding(grid: Grid, row: int, col: int, raw: CellValue,
                     settings: IndicatorSettings) -> Finding:
    """A duration (a cell formatted [h]:mm or mm:ss, or a time from live Excel) in the row
    of an indicator of another unit: the figure is treated as missing."""
    serial = duration_serial(raw)
    clock = clock_text(serial) if serial is not None else "a time"
    number = f"{raw:g}" if isinstance(raw, float) else cell_text(raw)
    return Finding("warning", grid.sheet, row, col,
                   f"is formatted as a time or duration ({number} shows as {clock}), but "
                   f"the indicator is {_unit_word(settings)}; it is treated as missing",
                   "Set the indicator's unit to 'duration' in Settings if it is a duration "
                   "(a wait, a response time); otherwise type the figure as a number in a "
                   "cell formatted as a number (Home > Number Format > General)",
                   code=DATE_FIGURE)


def mixed_duration_finding(grid: Grid, row: int, col: int, raw: CellValue) -> Finding:
    """A plain number among a duration row's duration cells: 7.5 could be minutes, or
    7.5 days; neither reading is safe."""
    return Finding("warning", grid.sheet, row, col,
                   f"{cell_text(raw)} is not formatted as a duration, but the indicator's "
                   "other figures are durations; it is treated as missing",
                   "Type the figure as a time (0:07:30 for 7 and a half minutes) in a cell "
                   "formatted like the row's others", code=UNIT_MISMATCH)


def drop_durations(
    grid: Grid,
    *,
    rows: Sequence[int],
    cols: Sequence[int],
    numbers: npt.NDArray[np.float64],
    duration: npt.NDArray[np.bool_],
    settings: Sequence[IndicatorSettings],
) -> list[Finding]:
    """Durations in rows of other units, and plain numbers among a duration row's
    durations, become missing (NaN), each with a warning naming its cell. A duration row
    without any duration cell (its unit set in Settings; formats unseen) keeps its figures.
    `numbers` is changed in place."""
    findings: list[Finding] = []
    is_duration = np.array([s.unit == "duration" for s in settings], dtype=bool)
    finite = np.isfinite(numbers)
    elsewhere = duration & ~is_duration[:, None] & finite
    mixed = ~duration & (is_duration & duration.any(axis=1))[:, None] & finite
    for i, j in zip(*(axis.tolist() for axis in np.nonzero(elsewhere | mixed)), strict=True):
        raw = grid.value(rows[i], cols[j])
        findings.append(duration_finding(grid, rows[i], cols[j], raw, settings[i])
                        if elsewhere[i, j] else
                        mixed_duration_finding(grid, rows[i], cols[j], raw))
        numbers[i, j] = np.nan
    return findings


def row_duration_formats(
    rows: Sequence[int], cols: Sequence[int], formats: Mapping[tuple[int, int], str],
    settings: Sequence[IndicatorSettings],
) -> tuple[str | None, ...]:
    """For each duration row, the number format most of its duration cells use (the
    latest wins a tie); None for other rows and where no cell's format is known."""
    out: list[str | None] = []
    for row, s in zip(rows, settings, strict=True):
        codes = [formats[row, col] for col in cols if (row, col) in formats]
        if s.unit != "duration" or not codes:
            out.append(None)
            continue
        counted = Counter(reversed(codes))  # most_common keeps first-seen order on ties
        out.append(counted.most_common(1)[0][0])
    return tuple(out)


def _time_of_day(raw: CellValue) -> str | None:
    """The clock of a time with no date (a serial below one day, a time, a datetime on
    Excel's day 0); None for a date."""
    serial = duration_serial(raw)
    if serial is None or not 0 < serial < 1:
        return None
    return clock_text(serial)


def clock_text(serial: float) -> str:
    """A duration (a fraction of a day) to the second as h:mm, with :ss only when there
    are seconds ('0:30', '0:01:30'); hours beyond a day keep counting ('36:00')."""
    seconds = round(abs(serial) * 86400)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    sign = "-" if serial < 0 and seconds else ""
    return f"{sign}{hours}:{minutes:02d}" + (f":{secs:02d}" if secs else "")
