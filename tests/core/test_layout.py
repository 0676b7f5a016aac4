"""Finding the table by its headers, wherever it is and however it is worded."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_addin.core.errors import TableNotFoundError
from xl_addin.core.grid import CellValue, Grid
from xl_addin.core.layout import detect_layout
from xl_addin.core.refresh import plan_refresh, require_layout


def grid_at(rows: list[list[CellValue]], top: int = 0, left: int = 0) -> Grid:
    """Place rows on a sheet at (top, left), padding with blanks as a real read would."""
    padded = [[None] * (left + max(map(len, rows)))] * top + [[None] * left + r for r in rows]
    return Grid("Dash", padded)


SEED_HEADER = ["Ref.", "Indicator", "Owner", "Reporter", "Outcome", "Jul-20", "Aug-20",
               "Change from prev. period", None, "% change from same period py", None, "DoT",
               "12-mnth avg", "12-mnth max.", "%?", "England", "SE region", "Stat neighbours",
               "Target 20-21", "Commentary"]


def seed_rows() -> list[list[CellValue]]:
    return [
        ["Children and Families - Early Help", None, None, "Qualitative measures:"],
        ["Aug-20 Early Help monthly dataset", None, None, "Positive", "Similar", "Negative",
         None, None, None, None, None, None, None, None, None, "Benchmarking"],
        SEED_HEADER,
        ["EH1b", "Plans opened", "SH", "SH", "...", 339, 280] + [None] * 13,
        ["LSCB1", "Percentage NEET", "DE", "DB", "...", "tbc", "tbc"] + [None] * 13,
        [None] * 20,
        ["YO2", "First time entrants per 100,000", "DE", "DB", "...", "tbc", "tbc"] + [None] * 13,
    ]


def test_seed_layout_with_title_legend_and_blank_separator() -> None:
    layout = require_layout(grid_at(seed_rows()))
    assert layout.header_row == 2
    assert [m.month.label() for m in layout.months] == ["Jul-20", "Aug-20"]
    prev = layout.outputs["change_previous"]
    assert (prev.arrow_col, prev.value_col) == (7, 8)  # arrow and % side by side
    year = layout.outputs["change_year"]
    assert (year.arrow_col, year.value_col) == (9, 10)
    assert layout.outputs["dot"].arrow_col == 11
    assert layout.outputs["average"].value_col == 12
    assert layout.outputs["maximum"].value_col == 13
    assert layout.percent_flag_col == 14
    assert layout.benchmarks == {"england": 15, "region": 16, "neighbours": 17}
    assert layout.targets == {2020: 18}
    assert layout.commentary_col == 19
    assert layout.data_rows == (3, 4, 6)  # the blank separator row is skipped


def test_table_found_anywhere_on_the_sheet() -> None:
    layout = require_layout(grid_at(seed_rows(), top=12, left=3))
    assert layout.header_row == 14
    assert layout.ref_col == 3
    assert layout.outputs["change_previous"].arrow_col == 10
    assert layout.data_rows == (15, 16, 18)


@pytest.mark.parametrize(
    ("prev", "avg", "ref"),
    [
        ("Change from previous month", "12 month average", "Ref"),
        ("Change from prev. period", "12-mnth avg", "Ref."),
        ("Change since last month", "Rolling 12 month average", "Reference"),
    ],
)
def test_wording_variants(prev: str, avg: str, ref: str) -> None:
    rows: list[list[CellValue]] = [
        [ref, "Indicator", "Mar 2020", "Apr 2020", prev, None, avg],
        ["A1", "x", 1, 2, None, None, None],
    ]
    layout = require_layout(grid_at(rows))
    assert layout.outputs["change_previous"].value_col == 5
    assert layout.outputs["average"].value_col == 6


def test_group_header_over_arrow_and_value_subheaders() -> None:
    rows: list[list[CellValue]] = [
        [None, None, None, None, "Change from previous month", None, "Benchmarking"],
        ["Ref", "Indicator", dt.datetime(2020, 7, 1), dt.datetime(2020, 8, 1), "▲▼", "%",
         "England"],
        ["A1", "x", 1, 2, None, None, 3],
    ]
    layout = require_layout(grid_at(rows))
    prev = layout.outputs["change_previous"]
    assert (prev.arrow_col, prev.value_col) == (4, 5)
    assert layout.benchmarks == {"england": 6}


def test_a_change_header_with_a_neighbour_is_a_value_only_column() -> None:
    rows: list[list[CellValue]] = [
        ["Ref", "Indicator", "Jul-20", "Aug-20", "Change from prev. period", "DoT"],
        ["A1", "x", 1, 2, None, None],
    ]
    layout = require_layout(grid_at(rows))
    prev = layout.outputs["change_previous"]
    assert (prev.arrow_col, prev.value_col) == (None, 4)


def test_unknown_columns_are_left_alone() -> None:
    rows: list[list[CellValue]] = [
        ["Ref", "Indicator", "Jul-20", "Aug-20", "Lead officer", "12-mnth avg", "Notes 2"],
        ["A1", "x", 1, 2, "Sam", None, "keep"],
    ]
    layout = require_layout(grid_at(rows))
    assert layout.output_cols == frozenset({5})


def test_section_titles_and_a_second_table_end_the_rows() -> None:
    rows: list[list[CellValue]] = [
        ["Ref", "Indicator", "Jul-20", "Aug-20", "12-mnth avg"],
        ["Early Help", None, None, None, None],  # a section title, not an indicator
        ["A1", "x", 1, 2, None],
        ["A2", "y", "tbc", "tbc", None],
        ["Ref", "Indicator", "Jul-20", "Aug-20", "12-mnth avg"],
        ["B1", "z", 1, 2, None],
    ]
    layout = require_layout(grid_at(rows))
    assert layout.data_rows == (2, 3)


def test_three_blank_rows_end_the_table() -> None:
    rows: list[list[CellValue]] = [
        ["Ref", "Indicator", "Jul-20", "Aug-20", "12-mnth avg"],
        ["A1", "x", 1, 2, None],
        [None] * 5, [None] * 5, [None] * 5,
        ["Source: LA returns", None, None, None, None],
        ["A9", "notes table", 1, 2, None],
    ]
    assert require_layout(grid_at(rows)).data_rows == (1,)


def test_no_table_names_the_headers_looked_for() -> None:
    grid = grid_at([["Name", "Jul-20", "Aug-20"], ["x", 1, 2]])
    assert detect_layout(grid) is None
    with pytest.raises(TableNotFoundError, match="Ref") as caught:
        plan_refresh(grid)
    assert "12-mnth avg" in str(caught.value)


def test_a_title_that_mentions_a_month_is_not_a_header_row() -> None:
    rows: list[list[CellValue]] = [
        ["Ref: Aug-20 Early Help monthly dataset", "Jul-20 report", "Aug-20 report"],
        ["Ref", "Indicator", "Jul-20", "Aug-20"],
        ["A1", "x", 1, 2],
    ]
    assert require_layout(grid_at(rows)).header_row == 1


# --- Ref optional, targets anywhere, rows over blank runs, headings --------------------------


def test_no_ref_column_keys_rows_by_name() -> None:
    rows: list[list[CellValue]] = [
        ["Performance indicators", "Jul-20", "Aug-20", "RAG"],
        ["Missed bins", 10, 12, None],
    ]
    layout = require_layout(grid_at(rows))
    assert (layout.ref_col, layout.indicator_col, layout.key_col) == (None, 0, 0)
    assert layout.data_rows == (1,)


def test_targets_left_and_right_of_the_periods() -> None:
    rows: list[list[CellValue]] = [
        ["KPI", "Floor standard", "Jul-20", "Aug-20", "Trajectory", "Target 20-21"],
        ["Missed bins", 5, 10, 12, 9, 8],
    ]
    layout = require_layout(grid_at(rows))
    assert layout.targets == {None: 1, 2020: 5}  # the first undated one is kept


def test_any_number_of_blank_rows_inside_the_table() -> None:
    rows: list[list[CellValue]] = [["Ref", "Indicator", "Jul-20", "Aug-20", "DoT"],
                                   ["A1", "x", 1, 2, None]]
    rows += [[None] * 5] * 30
    rows += [["A2", "y", 3, 4, None]]
    assert require_layout(grid_at(rows)).data_rows == (1, 32)


def test_section_headings_are_recorded_and_not_indicators() -> None:
    rows: list[list[CellValue]] = [
        ["Measure", "Jul-20", "Aug-20", "Difference from previous month"],
        ["Benefits", None, None, None],
        ["Claimants", 100, 90, None],
        ["Taxes", None, None, None],
        ["Collected", 5, 6, None],
    ]
    layout = require_layout(grid_at(rows))
    assert layout.data_rows == (2, 4)
    assert layout.headings == (1, 3)
    assert layout.heading_texts == ("Benefits", "Taxes")


def test_with_a_ref_column_a_named_row_without_figures_is_still_an_indicator() -> None:
    rows: list[list[CellValue]] = [
        ["Ref", "Indicator", "Jul-20", "Aug-20", "DoT"],
        ["Early Help", None, None, None, None],  # text in the Ref column alone: a heading
        ["A1", "New indicator, no figures yet", None, None, None],
        [None, "Named, no Ref, no figures", None, None, None],  # a heading
        [None, "Named, no Ref, figures", 1, 2, None],  # read (the no-Ref check says so)
    ]
    layout = require_layout(grid_at(rows))
    assert layout.data_rows == (2, 4)
    assert layout.headings == (1, 3)


@pytest.mark.parametrize("rows", [
    [["ID", dt.datetime(2020, 7, 1), dt.datetime(2020, 8, 1)], [1, 5, 6]],
    [["Code", "Jul-20", "Aug-20", "Total"], ["X1", 1, 2, 3]],
    [["Date", "Jul-20", "Aug-20"], ["x", 1, 2]],
    [["Name", "Jul-20", "Aug-20"], ["x", 1, 2]],
    [["Jul-20", "Aug-20", "Indicator"], [1, 2, "x"]],  # names right of the periods
    [["Indicator", "Aug-20", "Comments"], ["x", 1, "ok"]],  # one period, no target
])
def test_false_finds_are_refused(rows: list[list[CellValue]]) -> None:
    assert detect_layout(grid_at(rows)) is None


def test_a_ref_and_periods_with_derived_columns_is_a_table() -> None:
    rows: list[list[CellValue]] = [["Code", "Jul-20", "Aug-20", "DoT"], ["X1", 1, 2, None]]
    layout = require_layout(grid_at(rows))
    assert (layout.ref_col, layout.indicator_col) == (0, None)


def test_group_header_carry_stops_after_a_few_columns() -> None:
    # A title above the header is not a group header for every blank sub-header cell.
    rows: list[list[CellValue]] = [
        ["Performance against target: status", None, None, None, None, None, None],
        ["Ref", "Indicator", "Jul-20", "Aug-20", None, None, "%"],
        ["A1", "x", 1, 2, None, None, None],
    ]
    assert require_layout(grid_at(rows)).outputs == {}


# --- Several tables and the rule that picks one --------------------------------------------------


def test_stacked_tables_are_each_found_and_the_fuller_one_is_chosen() -> None:
    from xl_addin.core.layout import detect_layouts

    rows: list[list[CellValue]] = [
        ["Ref", "Indicator", "Jul-20", "Aug-20", "DoT"],
        ["A1", "x", 1, None, None],
        [None] * 5,
        ["Ref", "Indicator", "Jun-20", "Jul-20", "Aug-20"],
        ["B1", "y", 1, 2, 3],
        ["B2", "z", 1, 2, 3],
    ]
    grid = grid_at(rows)
    assert [t.header_row for t in detect_layouts(grid)] == [0, 3]
    assert [t.data_rows for t in detect_layouts(grid)] == [(1,), (4, 5)]
    assert require_layout(grid).header_row == 3


def test_nearly_found_names_the_closest_row() -> None:
    from xl_addin.core.layout import nearly_found

    grid = grid_at([["Title"], ["Org name", "Jul-20", "Aug-20"], ["x", 1, 2]])
    found = nearly_found(grid)
    assert found is not None
    assert found[1].startswith("'Dash'!B2 has period headers Jul-20 to Aug-20 but no indicator "
                               "column left of them (left of them: 'Org name')")


def test_two_columns_for_one_role_are_said_with_the_one_used() -> None:
    rows: list[list[CellValue]] = [
        ["KPI", "Floor standard", "Jul-20", "Aug-20", "Trajectory", "RAG", "Status"],
        ["Missed bins", 5, 10, 12, 9, None, None],
    ]
    layout = require_layout(grid_at(rows))
    messages = [(f.address, f.message) for f in layout.findings]
    assert messages == [
        ("'Dash'!E1", "'Trajectory' also reads as the target column; only 'Floor standard' "
                      "('Dash'!B1) is used"),
        ("'Dash'!G1", "'Status' also reads as the rag column; only 'RAG' ('Dash'!F1) is used"),
    ]
    assert plan_refresh(grid_at(rows)).findings[:2] == layout.findings


@given(st.lists(st.integers(min_value=0, max_value=30), min_size=3, max_size=3),
       st.booleans())
def test_blank_rows_anywhere_in_the_table_change_nothing_but_row_numbers(
    gaps: list[int], with_ref: bool
) -> None:
    header: list[CellValue] = (["Ref"] if with_ref else []) + [
        "Indicator", "Jul-20", "Aug-20", "RAG"]
    width = len(header)
    lines: list[list[CellValue]] = [
        (["A1"] if with_ref else []) + ["Referrals", 1, 2, None],
        ([None] if with_ref else []) + ["Benefits", None, None, None],  # a heading
        (["A2"] if with_ref else []) + ["Plans", 3, 4, None],
    ]
    rows: list[list[CellValue]] = [header]
    expected_data, expected_headings = [], []
    for gap, line in zip(gaps, lines, strict=True):
        rows += [[None] * width] * gap
        (expected_headings if line[-3] is None else expected_data).append(len(rows))
        rows.append(line)
    layout = require_layout(grid_at(rows))
    assert layout.data_rows == tuple(expected_data)
    assert layout.headings == tuple(expected_headings)


def test_a_status_column_without_a_target_column_is_left_alone_and_said() -> None:
    rows: list[list[CellValue]] = [
        ["Indicator", "Jul-20", "Aug-20", "Status", "DoT"],
        ["Missed bins", 10, 12, "Final", None],
    ]
    layout = require_layout(grid_at(rows))
    assert set(layout.outputs) == {"dot"}
    assert 3 in layout.unknown
    [doubt] = layout.findings
    assert (doubt.level, doubt.address) == ("info", "'Dash'!D1")
    assert "no target column, so it is left as it is" in doubt.message
    assert all(w.col != 3 for w in plan_refresh(grid_at(rows)).plan.writes)
