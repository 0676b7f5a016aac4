"""Grouping cells into blocks and multi-area addresses (pure helpers of the adapter)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from xl_addin.adapters.areas import (
    MAX_ADDRESS_CHARS,
    Area,
    address_batches,
    column_areas,
    format_layers,
)
from xl_addin.adapters.xlwings_book import excel_text, fraction_runs
from xl_addin.core.grid import Grid


def test_cells_become_runs_per_column() -> None:
    cells = [(6, 10), (7, 10), (8, 10), (11, 10), (6, 12)]
    assert column_areas(cells) == [Area(10, 6, 8), Area(10, 11, 11), Area(12, 6, 6)]
    assert [a.address() for a in column_areas(cells)] == ["K7:K9", "K12", "M7"]


def test_multi_area_addresses_stay_within_excels_limit() -> None:
    areas = column_areas((row, 3) for row in range(0, 2000, 2))  # 1,000 single cells
    batches = list(address_batches(areas))
    assert all(len(b) <= MAX_ADDRESS_CHARS for b in batches)
    assert ",".join(batches).split(",") == [a.address() for a in areas]
    assert len(batches) < len(areas) / 20


def test_text_excel_would_parse_is_kept_as_text() -> None:
    assert excel_text("=SUM(A1)") == "'=SUM(A1)"
    assert excel_text("-") == "'-"
    assert excel_text("▲") == "▲" and excel_text("n/a") == "n/a"
    assert excel_text(0.5) == 0.5
    # text Excel's typing would turn into a date or a number stays text
    assert excel_text("Aug-20") == "'Aug-20"
    assert excel_text("2020-09-03 14:05") == "'2020-09-03 14:05"
    assert excel_text("TRUE") == "'TRUE"
    assert excel_text("Worse than England") == "Worse than England"


@given(st.dictionaries(st.tuples(st.integers(0, 40), st.integers(0, 3)),
                       st.sampled_from(["0%", "#,##0", "0.0%", '#,##0"*"', None]),
                       max_size=120))
def test_format_layers_paint_exactly_the_planned_formats(
    cells: dict[tuple[int, int], str | None],
) -> None:
    base, odd = format_layers((r, c, f) for (r, c), f in cells.items())
    painted: dict[tuple[int, int], str] = {}
    for layer in (base, odd):
        for fmt, areas in layer.items():
            for area in areas:
                for row in range(area.first_row, area.last_row + 1):
                    painted[(row, area.col)] = fmt
    assert painted == {rc: f for rc, f in cells.items() if f is not None}
    runs = sum(len(column_areas(rc for rc, f in cells.items() if f == fmt))
               for fmt in {f for f in cells.values() if f is not None})
    calls = sum(len(areas) for layer in (base, odd) for areas in layer.values())
    assert calls <= runs


def test_one_percent_row_among_counts_is_one_extra_call() -> None:
    cells = [(row, 5, "0.0%" if row == 7 else "#,##0") for row in range(3, 13)]
    base, odd = format_layers(cells)
    assert base == {"#,##0": [Area(5, 3, 12)]}
    assert odd == {"0.0%": [Area(5, 7, 7)]}


def test_fraction_runs_are_the_cells_a_percentage_format_would_change() -> None:
    # origin (2, 1): the first line is sheet row 3, its first cell column B.
    grid = Grid("Dash", [
        ["P1", "Percentage seen", 0.8, 0.83, 0.81, None, 0.9],
        ["A1", "Number of visits", 120.0, 131.0, 7, 2.0, 0.5],
        [None, None, "89%", 1.5, -0.25, 12.5, True],
    ], origin=(2, 1))
    assert fraction_runs(grid) == [(2, 3, 5), (2, 7, 7), (3, 7, 7), (4, 4, 5)]
