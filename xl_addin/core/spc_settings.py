"""Per-indicator SPC settings from the Settings sheet: baseline, recalculation, rule lengths.

Columns (any order, beside the Ref or indicator column; matched case-insensitively):

- `Baseline from` / `Baseline to`, or one `Baseline` cell such as 'Apr-18 to Mar-20':
  the periods whose points set the limits (of the phase they fall in);
- `Recalculate from` (or `Step change`, `Rebase`): a period where a known step change
  starts; the limits are worked out again from there ('Apr-20; Oct-21' for two);
- `Run length` (7, Making Data Count; 6 to 9), `Trend length` (6; 5 to 8),
  `Minimum points` (15; 12 or more).

A cell that cannot be read refuses the refresh with a `SpcSettingsError` naming the cell
and saying what to type: a baseline or rule read wrongly would move every limit and
verdict of the indicator with nothing to show for it. The periods are kept as periods;
`options_for` turns them into point indexes for each indicator's own series.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from . import headers as h
from .address import qualified_address
from .errors import SpcSettingsError
from .findings import Finding
from .grid import CellValue, Grid, is_blank
from .periods import Period, parse_period
from .spc import SpcOptions
from .values import parse_value
from .vocab import DEFAULT_SPC_MIN_POINTS, DEFAULT_SPC_RUN, DEFAULT_SPC_TREND

SpcColumn = Literal["baseline", "baseline_from", "baseline_to", "recalculate", "run", "trend",
                    "min_points"]

SPC_COLUMNS: Final[dict[SpcColumn, tuple[str, ...]]] = {
    "baseline": ("baseline", "spc baseline", "baseline period", "baseline periods"),
    "baseline_from": ("baseline from", "baseline start", "baseline first", "baseline starts",
                      "baseline first period", "baseline start period", "spc baseline from",
                      "spc baseline start"),
    "baseline_to": ("baseline to", "baseline end", "baseline last", "baseline ends",
                    "baseline last period", "baseline end period", "spc baseline to",
                    "spc baseline end"),
    "recalculate": ("recalculate from", "recalculate at", "recalculation point",
                    "recalculation points", "recalculate", "recalculated from",
                    "limits recalculated from", "new limits from", "step change",
                    "step change from", "step changes", "rebase", "rebase from",
                    "rebase at", "spc recalculate from", "spc step change"),
    "run": ("run length", "spc run", "spc run length", "run rule", "shift length"),
    "trend": ("trend length", "spc trend", "spc trend length", "trend rule"),
    "min_points": ("minimum points", "min points", "min. points", "spc minimum points",
                   "spc min points", "minimum points for limits"),
}
RUN_RANGE: Final = (6, 9)
"""Making Data Count uses 7; 6 is the other common choice, 8 or 9 the stricter ones."""
TREND_RANGE: Final = (5, 8)
MIN_POINTS_FLOOR: Final = 12
"""Limits from fewer points move too much with each new month to call anything special."""
_RANGE_SPLIT: Final = re.compile(r"\s+(?:to|until|-|–|—)\s+", re.IGNORECASE)
_LIST_SPLIT: Final = re.compile(r"\s*[;,]\s*|\s+and\s+", re.IGNORECASE)


@dataclass(frozen=True)
class SpcSettings:
    """What the Settings sheet says about one indicator's chart, in periods."""

    baseline_from: Period | None = None
    baseline_to: Period | None = None
    recalculate_from: tuple[Period, ...] = ()
    run: int = DEFAULT_SPC_RUN
    trend: int = DEFAULT_SPC_TREND
    min_points: int = DEFAULT_SPC_MIN_POINTS
    sheet: str = ""
    row: int = -1
    col: int = -1
    """The Ref cell of the Settings row it was read from (0-based), for explain."""

    @property
    def source(self) -> str:
        return qualified_address(self.sheet, self.row, self.col) if self.sheet else ""

    @property
    def has_baseline(self) -> bool:
        return self.baseline_from is not None or self.baseline_to is not None


DEFAULT_SETTINGS: Final = SpcSettings()


def _first(period: Period) -> int:
    return period.first_month.index


def _last(period: Period) -> int:
    return period.last_month.index


def options_for(settings: SpcSettings | None, periods: Sequence[Period]) -> SpcOptions:
    """The chart options for a series whose points fall in `periods` (oldest first)."""
    if settings is None:
        return SpcOptions()
    starts = [_first(p) for p in periods]
    span = None
    if settings.has_baseline:
        low = _first(settings.baseline_from) if settings.baseline_from else None
        high = _last(settings.baseline_to) if settings.baseline_to else None
        inside = [i for i, p in enumerate(periods)
                  if (low is None or _first(p) >= low) and (high is None or _last(p) <= high)]
        # No point in the baseline: an empty span where it would start, so no limits.
        where = next((i for i, s in enumerate(starts) if low is not None and s >= low),
                     len(periods))
        span = (inside[0], inside[-1] + 1) if inside else (where, where)
    cuts = tuple(next((i for i, s in enumerate(starts) if s >= _first(at)), len(periods))
                 for at in settings.recalculate_from)
    return SpcOptions(min_points=settings.min_points, run=settings.run, trend=settings.trend,
                      recalculate_at=cuts, baseline_span=span)


# --- reading the sheet -------------------------------------------------------------------


def _columns(texts: Mapping[int, str]) -> dict[SpcColumn, int]:
    return {key: col for key, names in SPC_COLUMNS.items()
            for col, text in texts.items() if text.rstrip(":") in names}


def _header(grid: Grid) -> tuple[int, int, dict[SpcColumn, int]] | None:
    """(row, key column, SPC columns) of the first row naming a Ref and an SPC setting."""
    for row in range(grid.first_row, min(grid.last_row, grid.first_row + 50)):
        texts = {c: h.normalise(grid.value(row, c)) for c in range(grid.first_col, grid.last_col)}
        key = next((c for c, t in texts.items() if h.is_ref(t)),
                   next((c for c, t in texts.items() if h.is_indicator(t)), None))
        cols = _columns(texts)
        if key is not None and cols:
            return row, key, cols
    return None


class _Cell:
    """One Settings cell being read: its value and how to refuse it."""

    def __init__(self, grid: Grid, row: int, col: int, ref: str, what: str) -> None:
        self.grid, self.row, self.col, self.ref, self.what = grid, row, col, ref, what
        self.raw: CellValue = grid.value(row, col)

    def refuse(self, problem: str, hint: str) -> SpcSettingsError:
        return SpcSettingsError(self.grid.sheet, self.row, self.col,
                                f"the {self.what} for {self.ref} {problem}.", hint=hint)

    def period(self, raw: CellValue) -> Period:
        found = parse_period(raw.strip() if isinstance(raw, str) else raw,
                             date1904=self.grid.date1904)
        if found is None:
            raise self.refuse(f"({raw!r}) is not a period",
                              "Type a month such as Apr-20 (or a date in it), a quarter such "
                              "as 2020/21 Q1, or clear the cell for the default.")
        return found.period

    def whole(self, low: int, high: int | None, default: int) -> int:
        number = parse_value(self.raw).number
        top = f" to {high}" if high is not None else " or more"
        if (number is None or number != int(number) or number < low
                or (high is not None and number > high)):
            raise self.refuse(f"({self.raw!r}) is not a whole number from {low}{top}",
                              f"Type a number from {low}{top} ({default} is Making Data "
                              "Count's), or clear the cell for the default.")
        return int(number)


def _reads_as_range(raw: CellValue, date1904: bool) -> bool:
    parts = _RANGE_SPLIT.split(raw.strip()) if isinstance(raw, str) else []
    return len(parts) == 2 and all(parse_period(p, date1904=date1904) is not None
                                   for p in parts)


def _baseline(cells: dict[SpcColumn, _Cell]) -> tuple[Period | None, Period | None]:
    start = end = None
    if "baseline" in cells:
        cell = cells["baseline"]
        parts = _RANGE_SPLIT.split(str(cell.raw).strip()) if isinstance(cell.raw, str) else [
            cell.raw]
        if len(parts) != 2:
            raise cell.refuse(f"({cell.raw!r}) is not a first and last period",
                              "Type it as 'Apr-18 to Mar-20', or use Baseline from and "
                              "Baseline to columns.")
        start, end = cell.period(parts[0]), cell.period(parts[1])
    if "baseline_from" in cells:
        start = cells["baseline_from"].period(cells["baseline_from"].raw)
    if "baseline_to" in cells:
        end = cells["baseline_to"].period(cells["baseline_to"].raw)
    if start is not None and end is not None and _first(start) > _last(end):
        cell = cells.get("baseline_from") or cells["baseline"]
        raise cell.refuse(f"starts ({start.label()}) after it ends ({end.label()})",
                          "Swap the two periods: the baseline runs from the earlier one.")
    return start, end


def _recalculations(cell: _Cell | None, start: Period | None,
                    end: Period | None) -> tuple[Period, ...]:
    if cell is None:
        return ()
    raw = cell.raw
    parts = _LIST_SPLIT.split(raw.strip()) if isinstance(raw, str) else [raw]
    periods = tuple(sorted({cell.period(p) for p in parts if not is_blank(p)}, key=_first))
    for at in periods:
        # A step change inside a baseline with a stated end would split the limits the
        # analyst asked for in two: which half sets them is anyone's guess.
        if end is not None and (start is None or _first(at) > _first(start)) \
                and _first(at) <= _last(end):
            raise cell.refuse(f"({at.label()}) falls inside the baseline that ends in "
                              f"{end.label()}",
                              "Move the baseline to one side of the step change (each phase "
                              "gets its own limits), or clear one of the two.")
    return periods


def _row_settings(grid: Grid, row: int, ref: str, key_col: int,
                  cols: dict[SpcColumn, int]) -> SpcSettings | None:
    words = {"baseline": "baseline", "baseline_from": "baseline start",
             "baseline_to": "baseline end", "recalculate": "recalculation point",
             "run": "run length", "trend": "trend length", "min_points": "minimum points"}
    cells = {key: _Cell(grid, row, col, ref, words[key]) for key, col in cols.items()
             if not is_blank(grid.value(row, col))}
    if not cells:
        return None
    start, end = _baseline(cells)
    return SpcSettings(
        baseline_from=start, baseline_to=end,
        recalculate_from=_recalculations(cells.get("recalculate"), start, end),
        run=cells["run"].whole(*RUN_RANGE, DEFAULT_SPC_RUN) if "run" in cells
        else DEFAULT_SPC_RUN,
        trend=cells["trend"].whole(*TREND_RANGE, DEFAULT_SPC_TREND) if "trend" in cells
        else DEFAULT_SPC_TREND,
        min_points=cells["min_points"].whole(MIN_POINTS_FLOOR, None, DEFAULT_SPC_MIN_POINTS)
        if "min_points" in cells else DEFAULT_SPC_MIN_POINTS,
        sheet=grid.sheet, row=row, col=key_col,
    )


def read_spc_settings(grid: Grid) -> dict[str, SpcSettings]:
    """{Ref (or indicator name): its SPC settings} for the rows that set any; raises
    SpcSettingsError at the first cell that cannot be read."""
    found = _header(grid)
    if found is None:
        return {}
    header_row, key_col, cols = found
    if "baseline" in cols and not any(_reads_as_range(grid.value(r, cols["baseline"]),
                                                      grid.date1904)
                                      for r in range(header_row + 1, grid.last_row)):
        # A 'Baseline' column of figures (a baseline value, common in KPI lists) is not
        # the SPC baseline: it counts only when one of its cells is a range of periods.
        cols = {k: c for k, c in cols.items() if k != "baseline"}
        if not cols:
            return {}
    out: dict[str, SpcSettings] = {}
    for row in range(header_row + 1, grid.last_row):
        key = grid.value(row, key_col)
        if is_blank(key):
            continue
        ref = str(key).strip()
        settings = _row_settings(grid, row, ref, key_col, cols)
        if settings is not None:
            out[ref] = settings
    return out


def settings_by_row(spc: Mapping[str, SpcSettings], refs: Sequence[str]) -> list[
    SpcSettings | None
]:
    """Each table row's settings: by Ref, or by name when the table has no Refs (the key
    then stands for the Ref), case aside as for the other settings of a name."""
    folded = {k.casefold(): v for k, v in spc.items()}
    return [spc.get(ref, folded.get(ref.casefold())) for ref in refs]


def check_spc_settings(spc: Mapping[str, SpcSettings], refs: Sequence[str],
                       axis: Sequence[Period]) -> list[Finding]:
    """Warnings for settings the table cannot honour as typed: a baseline or step change
    off the table's periods (limits are then worked out from what the table has)."""
    if not axis:
        return []
    known = {r.casefold() for r in refs}
    first, last = axis[0], axis[-1]
    out: list[Finding] = []
    for ref, s in spc.items():
        if ref.casefold() not in known:
            continue
        for what, period in (("baseline start", s.baseline_from),
                             ("baseline end", s.baseline_to),
                             *(("recalculation point", p) for p in s.recalculate_from)):
            if period is None or _first(first) <= _first(period) <= _last(last):
                continue
            out.append(Finding(
                "warning", s.sheet, s.row, s.col,
                f"the {what} {period.label()} for {ref} is not on the table "
                f"({first.label()} to {last.label()})",
                "Check the period: the limits are worked out from the periods the table has.",
                code="settings"))
    return out


__all__ = [
    "DEFAULT_SETTINGS",
    "SPC_COLUMNS",
    "SpcSettings",
    "check_spc_settings",
    "options_for",
    "read_spc_settings",
    "settings_by_row",
]
