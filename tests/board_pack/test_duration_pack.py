"""A duration in the board pack: its change as the workbook shows it ('+00:38'), and its
chart's axis in times, not fractions of a day. Figures worked out by hand in seconds."""

from __future__ import annotations

import pytest

from xl_addin.board_pack.model import Panel, build_pack
from xl_addin.core.grid import CellValue, Grid
from xl_addin.core.periods import Month
from xl_addin.core.refresh import plan_refresh

DAY = 86400
MONTHS = [Month(2019, 8).shift(k) for k in range(13)]  # Aug-19 .. Aug-20
HEADER: list[CellValue] = ["Ref", "Indicator", *(m.label() for m in MONTHS),
                           "Change from previous month", "Change from same month last year"]


def pack_panel() -> Panel:
    # Jul-20 0:07:32 (452 s) -> Aug-20 0:08:10 (490 s): +38 s (+8.4%, inside the band);
    # Aug-19 0:09:00 (540 s) -> 490 s: -50 s (-9.3%)
    seconds = [540] + [470] * 10 + [452, 490]
    grid = Grid("Dash", [HEADER, ["R1", "Response time", *[s / DAY for s in seconds],
                                  None, None]],
                duration_formats={(1, col): "mm:ss" for col in range(2, 15)})
    result = plan_refresh(grid, None, Month(2020, 8))
    return next(p for p in build_pack(result).panels if p.ref == "R1")


def test_a_durations_changes_read_as_the_sheet_shows_them() -> None:
    facts = dict(pack_panel().facts)
    assert facts["vs previous period"] == "► +00:38"
    assert facts["vs same period last year"] == "► -00:50"


def test_a_durations_chart_axis_is_in_times() -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from xl_addin.board_pack.charts import draw_chart

    ax = Figure().subplots()
    draw_chart(ax, pack_panel())
    assert ax.yaxis.get_major_formatter()(452 / DAY, 0) == "7:32"
