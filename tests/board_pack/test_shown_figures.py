"""The pack shows each change as the workbook shows it: the written value under the
number format the refresh gives its cell (core/wording's Excel renderer)."""

from __future__ import annotations

from dataclasses import replace

from xl_addin.board_pack.model import build_pack
from xl_addin.core.grid import CellValue, Grid
from xl_addin.core.periods import Month
from xl_addin.core.refresh import RefreshResult, plan_refresh

MONTHS = [Month(2019, 8).shift(k) for k in range(13)]  # Aug-19 .. Aug-20
HEADER: list[CellValue] = ["Ref", "Indicator", *(m.label() for m in MONTHS),
                           "Change from previous month", "Change from same month last year"]
CHANGE = HEADER.index("Change from previous month")
SETTINGS = Grid("Settings", [["Ref", "Polarity", "Unit"],
                             ["C", "higher is better", "count"],
                             ["P", "higher is better", "%"]])


def refreshed() -> RefreshResult:
    # C: 339 in Jul-20, 280 in Aug-20: (280 - 339) / 339 = -0.17404, shown -17% under
    # the sheet's '+0%;-0%;0%'. P: 80.0% then 81.25%: +1.25 points, shown +1.3 pp (above
    # the 1-point band: up).
    count = [300.0] * 11 + [339.0, 280.0]
    percent = [0.8] * 12 + [0.8125]
    grid = Grid("Dash", [HEADER,
                         ["C", "Count C", *count, None, None],
                         ["P", "Percent P", *percent, None, None]])
    return plan_refresh(grid, SETTINGS, Month(2020, 8))


def fact(result: RefreshResult, ref: str, label: str) -> str:
    panel = next(p for p in build_pack(result).panels if p.ref == ref)
    return dict(panel.facts)[label]


def test_a_change_reads_as_the_sheet_shows_it() -> None:
    result = refreshed()
    assert fact(result, "C", "vs previous period") == "▼ -17% (Negative)"
    assert fact(result, "P", "vs previous period") == "▲ +1.3 pp (Positive)"
    pack = build_pack(result)
    assert pack.biggest[0] == ("C: Count C", "▼ -17% (Negative)")


def test_the_pack_follows_the_format_the_cell_gets() -> None:
    # Were the refresh to give the cell '0.0%', the pack would say -17.4% with it.
    result = refreshed()
    writes = tuple(w._replace(number_format="0.0%") if (w.row, w.col) == (1, CHANGE) else w
                   for w in result.plan.writes)
    result = replace(result, plan=replace(result.plan, writes=writes))
    assert fact(result, "C", "vs previous period") == "▼ -17.4% (Negative)"
    # The same-year column keeps its format: Aug-19 300 to Aug-20 280 is -6.7%, -7%.
    assert fact(result, "C", "vs same period last year") == "► -7% (Similar)"


def test_the_caption_says_where_settings_moved_the_limits() -> None:
    from xl_addin.board_pack.charts import caption

    months = [Month(2018, 1).shift(k) for k in range(36)]  # Jan-18 .. Dec-20
    header: list[CellValue] = ["Ref", "Indicator", *(m.label() for m in months)]
    step = [100.0, 104.0] * 12 + [60.0, 66.0] * 6
    grid = Grid("Dash", [header, ["S", "Step S", *step]])
    settings = Grid("Settings", [
        ["Ref", "Polarity", "Baseline to", "Recalculate from", "Minimum points"],
        ["S", "higher is better", "Jun-19", "Jan-20", 12]])
    [panel] = build_pack(plan_refresh(grid, settings, Month(2020, 12))).panels
    assert caption(panel) == (
        "XmR chart of 36 points, Jan-18 to Dec-20. Limits set by Jan-18 to Jun-19. "
        "Limits recalculated from Jan-20.")
