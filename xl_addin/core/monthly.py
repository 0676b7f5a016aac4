"""The monthly run as one pure step: refresh plan, data checks, and the Data checks sheet.

Every entry point (CLI, ribbon) reads the grids, calls this, and applies the plans;
`check` uses `checked_refresh` alone and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from itertools import repeat
from typing import Final

import numpy as np

from .checks import check_dashboard, sort_findings
from .checks_sheet import RefreshStamp, plan_checks_sheet
from .findings import Finding
from .format_memory import LastRefresh, format_key, keep_known_formats, last_refresh
from .grid import Grid
from .layout import TableLayout
from .periods import Period
from .plan import WritePlan
from .refresh import RefreshResult, plan_for_month, plan_refresh
from .sparklines import engine_cannot_draw
from .spc_table import settings_of
from .unseen_formulas import own_cells_only

DEFAULT_HINTS: Final[dict[str, str]] = {
    "not_a_number": "Type the figure, or 'tbc' (or '-' for none) so it reads as missing",
}
"""What to do, for refresh findings raised without a hint: every finding says what to do."""


def _with_hint(finding: Finding) -> Finding:
    if finding.hint or finding.code not in DEFAULT_HINTS:
        return finding
    return replace(finding, hint=DEFAULT_HINTS[finding.code])


@dataclass(frozen=True)
class MonthlyRefresh:
    result: RefreshResult
    """The refresh, its findings joined by the data checks'."""
    checks_plan: WritePlan
    """The Data checks sheet, stamp included."""

    @property
    def plans(self) -> tuple[WritePlan, WritePlan]:
        return self.result.plan, self.checks_plan


def checked_refresh(
    dashboard: Grid,
    settings: Grid | None = None,
    month: Period | None = None,
    layout: TableLayout | None = None,
) -> RefreshResult:
    """The refresh plan, with the data checks' findings added (errors first)."""
    result = plan_refresh(dashboard, settings, month, layout)
    found = check_dashboard(dashboard, result.layout, result.data, result.month)
    own = (_with_hint(f) for f in result.findings)
    return replace(result, findings=sort_findings((*own, *found)))


def refs_by_row(result: RefreshResult) -> dict[tuple[str, int], str]:
    sheet = result.layout.sheet
    rows: list[int] = result.results["row"].tolist()
    refs: list[str] = result.results["ref"].tolist()
    return dict(zip(zip(repeat(sheet), rows), map(str, refs), strict=True))


def refresh_stamp(result: RefreshResult, now: dt.datetime) -> RefreshStamp:
    current = np.asarray(result.results["current"], dtype=np.float64)
    return RefreshStamp(now, result.month, result.layout.sheet, len(result.results),
                        int(np.isfinite(current).sum()), format_key(result.plan))


def plan_monthly_refresh(
    dashboard: Grid,
    settings: Grid | None,
    checks_sheet: Grid | None,
    now: dt.datetime,
    month: Period | None = None,
    *,
    layout: TableLayout | None = None,
    skip_known_formats: bool = False,
    formulas_seen: bool = True,
    sparklines_drawn: bool = True,
) -> MonthlyRefresh:
    """Everything one refresh writes: the dashboard's derived cells and the Data checks.

    `skip_known_formats` leaves out the number formats the last refresh already set
    (format_memory), for live Excel, where each one is a call. `formulas_seen` False:
    the engine could not report formulas, so only cells provably the refresh's own
    are written (unseen_formulas). `sparklines_drawn` False: the engine cannot add
    sparklines, so none are planned and one finding says so.
    """
    result = checked_refresh(dashboard, settings, month, layout)
    if not sparklines_drawn and result.plan.sparklines is not None:
        said = engine_cannot_draw(result.plan.sparklines)
        result = replace(result, plan=replace(result.plan, sparklines=None),
                         findings=sort_findings((*result.findings, said)))
    last = last_refresh(checks_sheet)
    if not formulas_seen:
        earlier = _replanned(last, dashboard, result)
        own, found = own_cells_only(result.plan, dashboard, earlier)
        result = replace(result, plan=own, findings=sort_findings((*result.findings, *found)))
    plan = plan_checks_sheet(refresh_stamp(result, now), result.findings, refs_by_row(result),
                             checks_sheet)
    if last is not None and not last.format_key:  # stamped before 0.2: tone font colours
        result = replace(result, plan=replace(result.plan, clear_font_colour=True))
    elif skip_known_formats:
        earlier = _last_refresh_plan(last, dashboard, result)
        if earlier is not None:
            result = replace(result, plan=keep_known_formats(result.plan, dashboard, earlier))
    return MonthlyRefresh(result, plan)


def _replanned(last: LastRefresh | None, dashboard: Grid, result: RefreshResult) -> (
    WritePlan | None
):
    """The last refresh's plan made again from the table as it is now (None when no
    refresh of this sheet is on record, or its month is no longer on the table)."""
    if last is None or last.sheet != result.layout.sheet:
        return None
    if last.month == result.month:
        return result.plan
    return plan_for_month(dashboard, result.layout, result.data, last.month,
                          settings_of(result.results))


def _last_refresh_plan(last: LastRefresh | None, dashboard: Grid, result: RefreshResult) -> (
    WritePlan | None
):
    """The last refresh's plan made again from the table as it is now, when its format
    key matches the stamped one (so its formats are the ones in the cells)."""
    earlier = _replanned(last, dashboard, result)
    if earlier is None or last is None or format_key(earlier) != last.format_key:
        return None
    return earlier
