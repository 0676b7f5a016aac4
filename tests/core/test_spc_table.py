"""Variation and Assurance columns through the whole pure pipeline, on in-memory grids."""

from __future__ import annotations

from xl_addin.core.grid import CellValue, Grid
from xl_addin.core.periods import Month
from xl_addin.core.refresh import plan_refresh
from xl_addin.core.spc_table import chart_for

MONTHS = [f"{m}-{y}" for y in ("18", "19", "20") for m in
          ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")][:32]
# Jan-18 .. Aug-20
HEADER: list[CellValue] = ["Ref", "Indicator", *MONTHS, "Target 20-21", "Variation",
                           "Assurance"]
TARGET, VARIATION, ASSURANCE = (HEADER.index(h) for h in ("Target 20-21", "Variation",
                                                         "Assurance"))
# The seed's EH1b, Sep-18 to Aug-20 (24 months).
EH1B = [243, 222, 235, 197, 239, 206, 205, 226, 212, 205, 232, 180, 190, 215, 188, 172, 220,
        184, 205, 219, 219, 233, 339, 280]


def row(ref: str, values: list[CellValue], target: CellValue = None) -> list[CellValue]:
    figures = [None] * (len(MONTHS) - len(values)) + values
    return [ref, f"Indicator {ref}", *figures, target, None, None]


SETTINGS = Grid("Settings", [
    ["Ref", "Polarity", "Frequency"],
    ["EH1b", "higher is better", "monthly"],
    ["SHORT", "higher is better", "monthly"],
    ["NEUTRAL", "neutral", "monthly"],
    ["Q1", "lower is better", "quarterly"],
])


def quarterly(values: list[float]) -> list[CellValue]:
    # Figures typed in the last month of each quarter: Mar-18 .. Jun-20 is 10 quarters.
    out: list[CellValue] = [None] * len(MONTHS)
    for i, v in enumerate(values):
        out[2 + 3 * i] = v
    return out


def planned() -> dict[tuple[int, int], object]:
    grid = Grid("Dash", [
        HEADER,
        row("EH1b", EH1B, target=250),
        row("SHORT", [10.0, 12.0] * 5, target=5),
        row("NEUTRAL", [10.0, 12.0] * 8 + [30.0]),
        ["Q1", "Quarterly", *quarterly([10.0, 12.0] * 5), 20, None, None],
    ])
    result = plan_refresh(grid, SETTINGS, Month(2020, 8))
    return {(w.row, w.col): w for w in result.plan.writes}


def test_seed_eh1b_is_special_cause_improvement_and_hit_and_miss() -> None:
    # Mean 5266 / 24 = 219.42; moving ranges 645 / 23 = 28.04, the 106 (233 to 339) is above
    # 3.267 x 28.04 = 91.6 and screened out: 539 / 22 = 24.5. Limits 219.42 +/- 65.17 =
    # 154.25 .. 284.59; two sigma 219.42 + 43.44 = 262.86. Jul-20 (339) is outside and with
    # Aug-20 (280) two of three above two sigma: improvement, higher being better. The target
    # 250 is inside the limits: hit and miss.
    cells = planned()
    assert cells[(1, VARIATION)].value == "Special cause: improvement"  # type: ignore[attr-defined]
    assert cells[(1, VARIATION)].tone == "spc_improvement"  # type: ignore[attr-defined]
    assert cells[(1, ASSURANCE)].value == "Hit and miss"  # type: ignore[attr-defined]
    assert cells[(1, ASSURANCE)].tone == "spc_common"  # type: ignore[attr-defined]


def test_ten_months_are_insufficient_data_with_no_colour_and_no_assurance() -> None:
    cells = planned()
    assert cells[(2, VARIATION)].value == "Insufficient data"  # type: ignore[attr-defined]
    assert cells[(2, VARIATION)].tone is None  # type: ignore[attr-defined]
    assert cells[(2, ASSURANCE)].value == "n/a"  # type: ignore[attr-defined]


def test_neutral_polarity_is_special_cause_higher_without_assurance() -> None:
    cells = planned()
    assert cells[(3, VARIATION)].value == "Special cause: higher"  # type: ignore[attr-defined]
    assert cells[(3, VARIATION)].tone == "spc_neither"  # type: ignore[attr-defined]
    assert cells[(3, ASSURANCE)].value == "n/a"  # type: ignore[attr-defined]


def test_a_quarterly_row_is_judged_on_its_own_ten_quarters() -> None:
    # Ten quarters are fewer than 15 points: insufficient, not 30 months with gaps.
    cells = planned()
    assert cells[(4, VARIATION)].value == "Insufficient data"  # type: ignore[attr-defined]
    grid = Grid("Dash", [HEADER, ["Q1", "Quarterly",
                                  *quarterly([10.0, 12.0] * 5), 20, None, None]])
    result = plan_refresh(grid, SETTINGS, Month(2020, 8))
    chart, periods = chart_for(result.data, result.results, 0)
    assert not chart.has_limits
    assert [p.label() for p in periods][:2] == ["Mar-18", "Jun-18"]
    assert len(periods) == 10


def test_headers_for_the_two_icons() -> None:
    from xl_addin.core.headers import output_role

    for text in ("Variation", "SPC variation", "Variation icon", "SPC"):
        assert output_role(text) == "variation", text
    for text in ("Assurance", "SPC Assurance", "Assurance icon"):
        assert output_role(text) == "assurance", text
    assert output_role("Variance to target") == "target_variance"
    assert output_role("Trend") == "dot"
