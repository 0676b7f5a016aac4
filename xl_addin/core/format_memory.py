"""Number formats a refresh need not send again, because the last refresh set them.

In live Excel each number-format write is a call across processes (xlwings cannot send
formats as a matrix), and a derived cell's format rarely changes month to month.

The last refresh stamped its month and a key of the formats it wrote on the Data checks
sheet. When planning that month again from the table as it is now gives the same key,
a cell that still holds exactly what that refresh wrote still has its format, and where
this refresh gives the same format none is sent. Anything else gets its format.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, replace

from .checks_sheet import FORMAT_KEY_LABEL, MONTH_LABEL, SHEET_LABEL
from .grid import CellValue, Grid
from .periods import Period, parse_period
from .plan import WritePlan, WriteValue

_STAMP_ROWS = 12
"""The stamp sits at the top of the Data checks sheet; labels are searched there."""


@dataclass(frozen=True)
class LastRefresh:
    """What the Data checks stamp says the last refresh covered."""

    month: Period
    sheet: str
    format_key: str
    """'' when the stamp has none (a stamp from before format keys)."""


def format_key(plan: WritePlan) -> str:
    """A short fingerprint of every (cell, number format) the plan writes."""
    digest = hashlib.blake2b(digest_size=8)
    for write in plan.writes:
        if write.number_format is not None:
            digest.update(f"{write.row},{write.col},{write.number_format}\n".encode())
    return digest.hexdigest()


def last_refresh(checks: Grid | None) -> LastRefresh | None:
    """The stamp's month, sheet and format key; None without a readable month and sheet."""
    if checks is None:
        return None
    found: dict[str, CellValue] = {}
    for row in range(checks.first_row, min(checks.last_row, checks.first_row + _STAMP_ROWS)):
        label = checks.value(row, 0)
        if isinstance(label, str):
            found[label.strip()] = checks.value(row, 1)
    header = parse_period(found.get(MONTH_LABEL))
    month = header.period if header is not None else None
    sheet, key = found.get(SHEET_LABEL), found.get(FORMAT_KEY_LABEL)
    if month is None or not isinstance(sheet, str):
        return None
    return LastRefresh(month, sheet, key.strip() if isinstance(key, str) else "")


def keep_known_formats(plan: WritePlan, dashboard: Grid, earlier: WritePlan) -> WritePlan:
    """`plan` with no number format where the cell already has it.

    `earlier` is the last refresh's plan made again from the table as it is now; the
    caller has checked that its `format_key` is the one the last refresh stamped.
    """
    before = {(w.row, w.col): w for w in earlier.writes if w.number_format is not None}
    writes = []
    for write in plan.writes:
        old = before.get((write.row, write.col))
        known = (
            old is not None
            and old.number_format == write.number_format
            and still_holds(dashboard.value(write.row, write.col), old.value)
        )
        writes.append(write._replace(number_format=None) if known else write)
    return replace(plan, writes=tuple(writes))


def still_holds(held: CellValue, written: WriteValue) -> bool:
    """Whether a cell still holds exactly what a refresh wrote (numbers to 12 digits, as
    an engine may hand a double back through text). Stricter than diff.reads_the_same: a
    blank is not a written '', so a cleared cell gets its format again."""
    if isinstance(written, float) and isinstance(held, int | float) and not isinstance(
            held, bool):
        return math.isclose(float(held), written, rel_tol=1e-12, abs_tol=1e-300)
    if isinstance(written, str) and isinstance(held, str):
        return held == written
    return held is None and written is None
