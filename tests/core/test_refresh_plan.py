"""The whole pure pipeline on in-memory grids: what a refresh plans to write, and where."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from xl_addin.core.errors import PeriodError
from xl_addin.core.grid import CellValue, Grid
from xl_addin.core.periods import Month
from xl_addin.core.refresh import plan_refresh

MONTHS = [f"{m}-{y}" for y in ("19", "20") for m in
          ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")][:20]
# Jan-19 .. Aug-20: 20 months, so Aug-19 (same period last year) is on the sheet.
HEADER: list[CellValue] = ["Ref", "Indicator", *MONTHS, "Change from prev. period", None,
                           "% change from same period py", None, "DoT", "12-mnth avg",
                           "12-mnth max.", "Target 20-21", "Variance to target", "Variance %",
                           "RAG", "Commentary"]
COL = {name: HEADER.index(name) for name in HEADER if isinstance(name, str)}


def row(ref: str, name: str, values: list[CellValue], target: CellValue = None,
        comment: str | None = None) -> list[CellValue]:
    out: list[CellValue] = [ref, name, *values] + [None] * (len(HEADER) - 2 - len(values))
    out[COL["Target 20-21"]] = target
    out[COL["Commentary"]] = comment
    return out


def dashboard(*rows: list[CellValue], formulas: frozenset[tuple[int, int]] = frozenset()) -> Grid:
    return Grid("Early Help", [HEADER, *rows], formulas=formulas)


def written(result: object) -> dict[tuple[int, int], object]:
    return {(w.row, w.col): w for w in result.plan.writes}  # type: ignore[attr-defined]


EH1B = [None] * 7 + [180] + [190, 215, 188, 172, 220] + [184, 205, 219, 219, 233, 339, 280]


def test_seed_eh1b_through_the_whole_pipeline() -> None:
    result = plan_refresh(dashboard(row("EH1b", "Plans opened", EH1B, target=250)),
                          Grid("Settings", [["Ref", "Polarity"], ["EH1b", "higher is better"]]))
    assert result.month == Month(2020, 8)
    cells = written(result)
    prev_arrow = cells[(1, COL["Change from prev. period"])]
    prev_value = cells[(1, COL["Change from prev. period"] + 1)]
    assert (prev_arrow.value, prev_arrow.tone) == ("▼", "bad")
    assert round(prev_value.value, 3) == -0.174
    assert prev_value.number_format == "+0%;-0%;0%"  # signed, like the variances
    year_value = cells[(1, COL["% change from same period py"] + 1)]
    assert round(year_value.value, 2) == 0.56
    dot = cells[(1, COL["DoT"])]
    assert (dot.value, dot.tone) == ("▲", "good")  # judged against last year first
    assert round(cells[(1, COL["12-mnth avg"])].value) == 222
    assert cells[(1, COL["12-mnth max."])].value == 339
    assert cells[(1, COL["Variance to target"])].value == 30
    assert cells[(1, COL["RAG"])].value == "Green"


def test_only_output_cells_are_written_never_data_or_commentary() -> None:
    grid = dashboard(row("EH1b", "Plans", EH1B, target="TBC", comment="=not a formula"),
                     [None] * len(HEADER),
                     row("LSCB1", "Percentage NEET", [None] * 17 + ["tbc"] * 3))
    result = plan_refresh(grid)
    output_cols = result.layout.output_cols
    assert {w.col for w in result.plan.writes} <= output_cols
    assert {w.row for w in result.plan.writes} == {1, 3}  # not the header, not the blank row
    cells = written(result)
    assert cells[(3, COL["Change from prev. period"])].value == "•"
    assert cells[(3, COL["Change from prev. period"] + 1)].value == "n/a"
    assert cells[(1, COL["RAG"])].value == "n/a"  # TBC target


def test_an_output_cell_with_a_formula_is_kept_and_reported() -> None:
    avg = (1, COL["12-mnth avg"])
    result = plan_refresh(dashboard(row("EH1b", "Plans", EH1B), formulas=frozenset({avg})))
    assert avg not in written(result)
    assert result.plan.protected == (avg,)
    assert any(f.code == "formula_kept" and f.address == "'Early Help'!AB2"
               for f in result.findings)


def test_text_in_a_number_cell_is_a_warning_naming_the_cell() -> None:
    values = list(EH1B)
    values[-2] = "339 (provisional)"
    result = plan_refresh(dashboard(row("EH1b", "Plans", values)))
    warnings = [f for f in result.findings if f.code == "not_a_number"]
    assert [f.address for f in warnings] == ["'Early Help'!U2"]
    assert written(result)[(1, COL["Change from prev. period"] + 1)].value == "n/a"


def test_percentages_typed_on_a_0_100_scale_change_in_points() -> None:
    values: list[CellValue] = [None] * 18 + [6.8, 5.6]
    result = plan_refresh(dashboard(row("LSCB1", "Percentage of 16-17 year olds NEET", values)))
    cell = written(result)[(1, COL["Change from prev. period"] + 1)]
    assert cell.value == pytest.approx(-1.2)
    assert cell.number_format.startswith('+0.0" pp"')
    assert written(result)[(1, COL["Change from prev. period"])].value == "▼"  # beyond 1pp


def test_quarterly_rows_compare_quarters_and_average_four() -> None:
    # Figures in quarter-end months only; Aug-20 is reported, the latest quarter is Jun-20.
    values: list[CellValue] = [None] * 20
    for index, figure in ((2, 50), (5, 60), (8, 70), (11, 80), (14, 90), (17, 100)):
        values[index] = figure  # Mar-19, Jun-19, Sep-19, Dec-19, Mar-20, Jun-20
    other = [1] * 20
    result = plan_refresh(dashboard(row("FM011", "Families attached per quarter", values),
                                    row("EH1", "monthly", other)))
    rec = result.results.record(0)
    assert rec.current_month == Month(2020, 6)
    assert rec.previous_month == Month(2020, 3)
    assert rec.year_month == Month(2019, 6)
    assert rec.change_previous == pytest.approx(100 / 90 - 1)
    assert rec.change_year == pytest.approx(100 / 60 - 1)
    assert rec.average == pytest.approx((100 + 90 + 80 + 70) / 4)
    assert rec.periods_used == 4


def test_partial_twelve_month_window_is_marked_in_the_format() -> None:
    values: list[CellValue] = [None] * 17 + [10, 20, 30]
    result = plan_refresh(dashboard(row("X", "x", values)))
    avg = written(result)[(1, COL["12-mnth avg"])]
    assert avg.value == 20
    assert avg.number_format == '#,##0"*"'


def test_month_option_picks_an_earlier_reporting_month_and_rejects_unknown_ones() -> None:
    result = plan_refresh(dashboard(row("EH1b", "Plans", EH1B)), month=Month(2020, 7))
    assert result.results.record(0).current == 339
    with pytest.raises(PeriodError, match="Sep-20 is not a month column"):
        plan_refresh(dashboard(row("EH1b", "Plans", EH1B)), month=Month(2020, 9))


def test_the_plan_is_the_same_twice() -> None:
    grid = dashboard(row("EH1b", "Plans", EH1B, target=250))
    assert plan_refresh(grid).plan == plan_refresh(grid).plan


def test_the_core_imports_no_excel_or_file_library() -> None:
    core = Path(__file__).resolve().parents[2] / "xl_addin" / "core"
    banned = {"xlwings", "openpyxl", "lxml", "python_calamine", "zipfile", "os", "pathlib",
              "shutil", "io"}
    for module in core.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert name.split(".")[0] not in banned, f"{module.name} imports {name}"


def test_percent_text_in_a_0_100_row_is_not_scaled_twice() -> None:
    values: list[CellValue] = [None] * 18 + [60.0, "62%"]
    result = plan_refresh(dashboard(row("P1", "Percentage of plans reviewed", values)))
    assert result.results.record(0).current == pytest.approx(0.62)
    assert result.results.record(0).previous == pytest.approx(0.60)


def test_one_slipped_figure_does_not_rescale_a_row_of_fractions() -> None:
    values: list[CellValue] = [None] * 16 + [0.068, 0.07, 0.071, 6.9]
    result = plan_refresh(dashboard(row("P1", "Percentage NEET", values)))
    assert result.results.record(0).previous == pytest.approx(0.071)
    assert result.results.record(0).current == pytest.approx(6.9)  # 690%: the checks flag it


def test_benchmark_comparison_columns_are_written_with_their_palette() -> None:
    header: list[CellValue] = ["Ref", "Indicator", "Jul-20", "Aug-20", "England", "SE region",
                               "Stat neighbours", "vs England", "vs region", "vs stat neighbours"]
    rows: list[CellValue] = ["YO2", "First time entrants per 100,000", 250, 240, 300, 245, 200,
                             None, None, None]
    grid = Grid("Dash", [header, rows])
    settings = Grid("Settings", [["Ref", "Polarity"], ["YO2", "lower is better"]])
    cells = written(plan_refresh(grid, settings))
    assert (cells[(1, 7)].value, cells[(1, 7)].tone) == ("Better", "good")  # 240 vs 300
    assert (cells[(1, 8)].value, cells[(1, 8)].tone) == ("Similar", "neutral")  # vs 245
    assert (cells[(1, 9)].value, cells[(1, 9)].tone) == ("Worse", "bad")  # vs 200
    assert {c for (_, c) in cells} == {7, 8, 9}  # benchmark inputs are never written
