"""The 'Data checks' sheet: the refresh record on top, then one row per finding.

The sheet belongs to xl_addin: every refresh rewrites it whole and clears whatever
an earlier, longer list left behind. The stamp lives here rather than on the
dashboard, because the refresh only ever writes the dashboard's derived columns.

    A1  Data checks (title and a warning that edits are overwritten)
    A2  Last refreshed          2020-09-03 14:05
    A3  Reporting month         Aug-20
    A4  Dashboard sheet         Early Help
    A5  Indicators refreshed    9
    A6  With a current figure   5
    A7  Errors / A8 Warnings / A9 Notes   counts
    A10 Format key              a fingerprint of the number formats written
                                (format_memory: what the next live refresh can skip)
    A12 Level | Sheet | Cell | Ref | Check | What is wrong | What to do
    A13 ... one row per finding, errors first
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from .address import cell_address
from .checks import CHECK_LABELS, count_levels
from .findings import Finding, Level
from .grid import Grid, is_blank
from .periods import Period
from .plan import CellWrite, SheetLook, WritePlan, WriteValue
from .sheets import DATA_CHECKS_SHEET
from .vocab import Tone

TITLE: Final = "Data checks: written by xl_addin on every refresh (edits here are overwritten)"
COLUMNS: Final = ("Level", "Sheet", "Cell", "Ref", "Check", "What is wrong", "What to do")
MONTH_LABEL: Final = "Reporting month"
SHEET_LABEL: Final = "Dashboard sheet"
FORMAT_KEY_LABEL: Final = "Format key"
"""The stamp rows the next refresh reads back (format_memory.last_refresh)."""
STAMP_LABELS: Final = ("Last refreshed", MONTH_LABEL, SHEET_LABEL,
                       "Indicators refreshed", "With a current figure", "Errors", "Warnings",
                       "Notes", FORMAT_KEY_LABEL)
TABLE_HEADER_ROW: Final = 1 + len(STAMP_LABELS) + 1
"""0-based row of the findings table header (one blank row below the stamp)."""
TIMESTAMP_FORMAT: Final = "%Y-%m-%d %H:%M"
_LEVEL_TEXT: Final[dict[Level, str]] = {"error": "Error", "warning": "Warning", "info": "Note"}
_LEVEL_TONE: Final[dict[Level, Tone | None]] = {"error": "bad", "warning": "neutral",
                                                "info": None}
WRAPPED: Final = (COLUMNS.index("What is wrong"), COLUMNS.index("What to do"))
"""The long-text columns: wrapped at WRAP_WIDTH rather than cut off by the next cell."""
WRAP_WIDTH: Final = 60.0
NARROWEST: Final = 8.0
WIDEST: Final = 40.0
"""Other columns fit their longest text (stamp labels, sheet names) within these."""


@dataclass(frozen=True)
class RefreshStamp:
    """When the refresh ran and what it covered."""

    when: dt.datetime
    month: Period
    sheet: str
    indicators: int
    with_current: int
    format_key: str = ""
    """format_memory.format_key of the dashboard plan (all its formats)."""


def stamp_values(stamp: RefreshStamp, findings: Iterable[Finding]) -> list[WriteValue]:
    counts = count_levels(findings)
    return [stamp.when.strftime(TIMESTAMP_FORMAT), stamp.month.label(), stamp.sheet,
            float(stamp.indicators), float(stamp.with_current), float(counts["error"]),
            float(counts["warning"]), float(counts["info"]), stamp.format_key or None]


def finding_row(finding: Finding, refs: Mapping[tuple[str, int], str]) -> list[str]:
    """Level, sheet, cell, Ref, check, what is wrong, what to do."""
    return [
        _LEVEL_TEXT[finding.level],
        finding.sheet,
        cell_address(finding.row, finding.col),
        refs.get((finding.sheet, finding.row), ""),
        CHECK_LABELS.get(finding.code, finding.code),
        finding.message,
        finding.hint,
    ]


def plan_checks_sheet(
    stamp: RefreshStamp,
    findings: Sequence[Finding],
    refs: Mapping[tuple[str, int], str],
    existing: Grid | None = None,
) -> WritePlan:
    """Every cell of the Data checks sheet, plus blanks over anything left from before.

    `refs` maps (sheet, row) to the indicator's Ref; `existing` is the sheet as it is
    now (None when it does not exist yet).
    """
    cells: dict[tuple[int, int], tuple[WriteValue, str | None, Tone | None]] = {
        (0, 0): (TITLE, None, None)}
    for i, (label, value) in enumerate(zip(STAMP_LABELS, stamp_values(stamp, findings),
                                           strict=True), start=1):
        cells[(i, 0)] = (label, None, None)
        cells[(i, 1)] = (value, "0" if isinstance(value, float) else None, None)
    for c, name in enumerate(COLUMNS):
        cells[(TABLE_HEADER_ROW, c)] = (name, None, None)
    for r, finding in enumerate(findings, start=TABLE_HEADER_ROW + 1):
        for c, text in enumerate(finding_row(finding, refs)):
            tone = _LEVEL_TONE[finding.level] if c == 0 else None
            cells[(r, c)] = (text or None, None, tone)
    if existing is not None:
        for r in range(existing.first_row, existing.last_row):
            for c in range(existing.first_col, existing.last_col):
                stale = not is_blank(existing.value(r, c)) or existing.has_formula(r, c)
                if stale and (r, c) not in cells:
                    cells[(r, c)] = (None, None, None)
    writes = tuple(CellWrite(r, c, value, fmt, tone)
                   for (r, c), (value, fmt, tone) in sorted(cells.items()))
    look = checks_look(writes, TABLE_HEADER_ROW + len(findings))
    return WritePlan(DATA_CHECKS_SHEET, writes, look=look)


def checks_look(writes: Sequence[CellWrite], last_row: int) -> SheetLook:
    """Columns wide enough for what they hold (the title in A1 may run on across), the
    title and the table header bold, the header kept in view with a filter, and the
    two message columns wrapped."""
    longest = [0] * len(COLUMNS)
    for w in writes:
        if w.row > 0 and w.col < len(COLUMNS) and w.value is not None:
            text = w.value if isinstance(w.value, str) else f"{w.value:g}"
            longest[w.col] = max(longest[w.col], len(text))
    widths = tuple(min(max(NARROWEST, n + 2.0), WRAP_WIDTH if c in WRAPPED else WIDEST)
                   for c, n in enumerate(longest))
    lines: dict[int, int] = {}
    for w in writes:
        if TABLE_HEADER_ROW < w.row <= last_row and w.col in WRAPPED and isinstance(w.value,
                                                                                   str):
            # A column n characters wide holds about n characters of text a line.
            count = len(textwrap.wrap(w.value, width=int(widths[w.col])))
            lines[w.row] = max(lines.get(w.row, 1), count)
    return SheetLook(widths, TABLE_HEADER_ROW, last_row, len(COLUMNS),
                     bold_rows=(0, TABLE_HEADER_ROW), wrap_columns=WRAPPED,
                     row_lines=tuple((r, n) for r, n in sorted(lines.items()) if n > 1))
