"""A whole refresh, from grids to a plan: the one pipeline every entry point runs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .compute import compute
from .errors import PeriodError, TableNotFoundError
from .findings import Finding
from .grid import Grid
from .headers import LOOKED_FOR
from .layout import TableLayout, detect_layout
from .periods import PERIOD_WORD, Month, Period
from .plan import WritePlan
from .planner import build_plan
from .results import Results
from .settings import SettingsOverride, read_settings_sheet
from .sparklines import plan_sparklines
from .spc_settings import SpcSettings, check_spc_settings, read_spc_settings
from .table import TableData, read_table, reporting_month


@dataclass(frozen=True)
class RefreshResult:
    layout: TableLayout
    month: Period
    """The reporting period, of the table's kind (a month, quarter, year or week)."""
    results: Results
    """One row per indicator: every derived figure (see compute.py)."""
    plan: WritePlan
    findings: tuple[Finding, ...]
    data: TableData = field(repr=False, compare=False)
    """The table as read, so the data checks need not read it again."""
    table_choice: str = ""
    """Which table was taken and why, when the workbook was searched for it."""
    tables_found: int = 1


def require_layout(grid: Grid) -> TableLayout:
    layout = detect_layout(grid)
    if layout is None:
        raise TableNotFoundError(
            f"no dashboard table on sheet {grid.sheet!r}.",
            hint=f"Looked for {LOOKED_FOR}.",
        )
    return layout


def plan_refresh(
    dashboard: Grid,
    settings: Grid | None = None,
    month: Period | None = None,
    layout: TableLayout | None = None,
) -> RefreshResult:
    """Compute every derived cell of the dashboard table on `dashboard` (whose layout
    the caller may already have found)."""
    layout = layout or require_layout(dashboard)
    findings: list[Finding] = list(layout.findings)
    overrides: dict[str, SettingsOverride] = {}
    spc: dict[str, SpcSettings] = {}
    if settings is not None:
        overrides, found = read_settings_sheet(settings)
        findings += found
        spc = read_spc_settings(settings)
    data = read_table(dashboard, layout, overrides)
    findings += data.findings
    findings += check_spc_settings(spc, data.refs, data.axis)
    chosen = _chosen_period(data, month) if month is not None else reporting_month(data)
    word = PERIOD_WORD[data.kind]
    if chosen is None:
        raise PeriodError(
            f"the table on {dashboard.sheet!r} has no figures in any {word} yet.",
            hint=f"Type at least one {word}'s figures, then refresh again.",
        )
    if data.position(chosen) is None:
        raise PeriodError(
            f"{chosen.label()} is not a {word} column of the table on {dashboard.sheet!r} "
            f"(it runs {data.axis[0].label()} to {data.axis[-1].label()}).",
            hint=f"Pick a {word} the table has, or add its column first.",
        )
    results, found = compute(dashboard, layout, data, chosen, spc)
    findings += found
    plan, found = build_plan(dashboard, layout, results)
    findings += found
    sparklines, found = plan_sparklines(dashboard, layout, data.rows, _spans(data))
    findings += found
    if sparklines is not None:
        plan = replace(plan, sparklines=sparklines)
    return RefreshResult(layout, chosen, results, plan, tuple(findings), data)


def _spans(data: TableData) -> tuple[bool, ...]:
    """Quarterly indicators of a monthly table: their sparkline spans the empty months."""
    monthly = data.kind == "month"
    return tuple(monthly and s.frequency == "quarterly" for s in data.settings)


def _chosen_period(data: TableData, month: Period) -> Period:
    """`--month` as the table's period: the quarter or financial year holding it."""
    return data.period_of(month) if isinstance(month, Month) else month


def plan_for_month(dashboard: Grid, layout: TableLayout, data: TableData, month: Period,
                   spc: Mapping[str, SpcSettings] | None = None) -> WritePlan | None:
    """The derived cells the table already read gives for another month; None when that
    month is not on it."""
    if data.position(month) is None:
        return None
    results, _ = compute(dashboard, layout, data, month, spc)
    plan, _ = build_plan(dashboard, layout, results)
    return plan
