"""The sparkline plan: which column, which cells, which data, and a bare 'Trend' read by
what its cells hold. Every range below is worked out by hand from the grid."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from xl_addin.core.grid import CellValue, Grid
from xl_addin.core.headers import output_role
from xl_addin.core.monthly import plan_monthly_refresh
from xl_addin.core.refresh import plan_refresh, require_layout

HEAD: list[CellValue] = ["Ref", "Indicator", "Jan-24", "Feb-24", "Mar-24", "DoT", "Sparkline"]


def dash(head: list[CellValue], *rows: list[CellValue], **marks: frozenset[tuple[int, int]]
         ) -> Grid:
    return Grid("Early Help", [head, *rows], **marks)  # type: ignore[arg-type]


ROWS: tuple[list[CellValue], ...] = (
    ["A1", "Referrals", 10, 12, 15, None, None],
    ["A2", "Assessments", 20, None, 18, None, None],
    [None, "Section heading"],
    ["A3", "Plans", 5, 6, 7, None, None],
)


def sources(grid: Grid) -> dict[str, str]:
    plan = plan_refresh(grid).plan.sparklines
    assert plan is not None
    return {s.location: s.source for g in plan.groups for s in g.sparklines}


def test_headers_that_name_a_sparkline_column() -> None:
    for text in ("Sparkline", "Sparklines", "Trend line", "Trend chart", "Spark", "Trendline",
                 "trend_graph"):
        assert output_role(text) == "sparkline", text
    assert output_role("Trend") == "dot"  # the cells decide (below)
    assert output_role("Short trend (last quarter)") == "change_previous"


def test_one_sparkline_per_indicator_over_its_period_cells() -> None:
    grid = dash(HEAD, *ROWS)
    # Sheet rows 2, 3 and 5 (row 4 is a section heading); months in C:E.
    assert sources(grid) == {"G2": "'Early Help'!$C$2:$E$2", "G3": "'Early Help'!$C$3:$E$3",
                             "G5": "'Early Help'!$C$5:$E$5"}
    result = plan_refresh(grid)
    assert all(w.col != 6 for w in result.plan.writes)  # drawn, never written
    group = result.plan.sparklines.groups[0]  # type: ignore[union-attr]
    assert (group.look.empty_cells, group.look.right_to_left) == ("gap", False)


def test_newest_month_first_is_plotted_right_to_left() -> None:
    head: list[CellValue] = ["Ref", "Indicator", "Mar-24", "Feb-24", "Jan-24", "Sparkline"]
    grid = dash(head, ["A1", "Referrals", 15, 12, 10, None])
    plan = plan_refresh(grid).plan.sparklines
    assert plan is not None
    assert plan.groups[0].look.right_to_left
    assert plan.groups[0].sparklines[0].source == "'Early Help'!$C$2:$E$2"


def test_periods_split_by_another_column_draw_nothing_and_say_so() -> None:
    head: list[CellValue] = ["Ref", "Indicator", "Jan-24", "Feb-24", "Commentary", "Mar-24",
                             "Sparkline"]
    grid = dash(head, ["A1", "Referrals", 15, 12, "ok", 10, None])
    result = plan_refresh(grid)
    assert result.plan.sparklines is None
    said = [f for f in result.findings if f.code == "sparkline"]
    assert len(said) == 1
    assert (said[0].address, said[0].level) == ("'Early Help'!G1", "warning")
    assert "column E sits between them" in said[0].message


def test_a_cell_with_someone_elses_sparkline_keeps_it() -> None:
    grid = dash(HEAD, *ROWS, sparkline_cells=frozenset({(2, 6)}))
    result = plan_refresh(grid)
    plan = result.plan.sparklines
    assert plan is not None
    assert plan.kept == ((2, 6),)
    assert sorted(s.location for g in plan.groups for s in g.sparklines) == ["G2", "G5"]
    kept = [f for f in result.findings if f.code == "sparkline_kept"]
    assert [f.address for f in kept] == ["'Early Help'!G3"]


def test_own_sparklines_from_the_last_refresh_are_drawn_again() -> None:
    grid = dash(HEAD, *ROWS, own_sparkline_cells=frozenset({(1, 6), (2, 6), (4, 6)}))
    assert sorted(sources(grid)) == ["G2", "G3", "G5"]


def test_quarterly_indicator_spans_its_empty_months() -> None:
    head: list[CellValue] = ["Ref", "Indicator", "Jan-24", "Feb-24", "Mar-24", "Apr-24",
                             "Sparkline"]
    grid = dash(head, ["A1", "Referrals", 10, 12, 15, 11, None],
                ["Q1", "Visits per quarter", None, None, 30, None, None])
    plan = plan_refresh(grid).plan.sparklines
    assert plan is not None
    by_empty = {g.look.empty_cells: [s.location for s in g.sparklines] for g in plan.groups}
    assert by_empty == {"gap": ["G2"], "span": ["G3"]}


# --- A bare 'Trend' header ---------------------------------------------------------------

TREND_HEAD: list[CellValue] = ["Ref", "Indicator", "Jan-24", "Feb-24", "Trend"]


def test_empty_trend_stays_direction_of_travel_and_says_how_to_get_a_sparkline() -> None:
    grid = dash(TREND_HEAD, ["A1", "Referrals", 10, 12, None])
    layout = require_layout(grid)
    assert layout.outputs["dot"].arrow_col == 4
    assert "sparkline" not in layout.outputs
    said = [f for f in layout.findings if "Trend" in f.message]
    assert [(f.address, f.level) for f in said] == [("'Early Help'!E1", "info")]
    assert "'Sparkline'" in said[0].hint


def test_trend_with_arrows_is_direction_of_travel_without_a_word() -> None:
    grid = dash(TREND_HEAD, ["A1", "Referrals", 10, 12, "▲"])
    layout = require_layout(grid)
    assert layout.outputs["dot"].arrow_col == 4
    assert not [f for f in layout.findings if "Trend" in f.message]


def test_trend_with_sparklines_is_a_sparkline_column() -> None:
    grid = dash(TREND_HEAD, ["A1", "Referrals", 10, 12, None],
                ["A2", "Plans", 3, 4, None], own_sparkline_cells=frozenset({(1, 4), (2, 4)}))
    layout = require_layout(grid)
    assert "dot" not in layout.outputs
    assert layout.outputs["sparkline"].value_col == 4
    assert sources(grid) == {"E2": "'Early Help'!$C$2:$D$2", "E3": "'Early Help'!$C$3:$D$3"}


def test_trend_with_arrows_and_sparklines_is_left_alone_with_a_warning() -> None:
    grid = dash(TREND_HEAD, ["A1", "Referrals", 10, 12, "▼"], ["A2", "Plans", 3, 4, None],
                sparkline_cells=frozenset({(2, 4)}))
    layout = require_layout(grid)
    assert "dot" not in layout.outputs and "sparkline" not in layout.outputs
    assert 4 in layout.unknown
    said = [f for f in layout.findings if f.level == "warning"]
    assert len(said) == 1
    assert said[0].address == "'Early Help'!E1"
    assert "'Early Help'!E2" in said[0].message and "'Early Help'!E3" in said[0].message
    assert all(w.col != 4 for w in plan_refresh(grid).plan.writes)


# --- An Excel that cannot draw them ------------------------------------------------------


def test_an_engine_without_sparklines_plans_none_and_says_so_once() -> None:
    grid = dash(HEAD, *ROWS)
    now = dt.datetime(2024, 4, 2, 9, 0)
    drawn = plan_monthly_refresh(grid, None, None, now)
    not_drawn = plan_monthly_refresh(grid, None, None, now, sparklines_drawn=False)
    assert drawn.result.plan.sparklines is not None
    assert not_drawn.result.plan.sparklines is None
    said = [f for f in not_drawn.result.findings if f.code == "no_sparkline_engine"]
    assert len(said) == 1
    assert said[0].address == "'Early Help'!G1"
    assert "3 sparkline(s) of column G" in said[0].message
    # the cells are the same either way
    assert not_drawn.result.plan.writes == drawn.result.plan.writes
    assert replace(drawn.result.plan, sparklines=None) == not_drawn.result.plan


def test_the_ribbons_format_memory_keeps_the_sparklines() -> None:
    """Live Excel drops the number formats it already set (format_memory): the sparklines
    must ride along, or Windows Excel would silently draw none after the first refresh."""
    from xl_addin.core.format_memory import keep_known_formats

    grid = dash(HEAD, *ROWS)
    plan = plan_refresh(grid).plan
    kept = keep_known_formats(plan, grid, plan)
    assert kept.sparklines == plan.sparklines is not None
    assert len(kept.writes) == len(plan.writes)
