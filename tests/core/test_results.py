"""The refresh's Results table: columns, rows as records, and a DataFrame on request."""

from __future__ import annotations

import math

import numpy as np
import pytest

from xl_addin.core.grid import CellValue, Grid
from xl_addin.core.periods import Month
from xl_addin.core.refresh import plan_refresh
from xl_addin.core.results import Results


def _results() -> Results:
    return Results({
        "row": np.array([3, 4, 5]),
        "ref": ["A1", "B2", "C3"],
        "current": np.array([1.5, np.nan, 3.0]),
        "current_month": [Month(2020, 8), None, Month(2020, 6)],
        "rag": np.array(["green", None, "red"], dtype=object),
    })


def test_columns_are_numpy_arrays_of_equal_length() -> None:
    results = _results()
    assert len(results) == 3
    assert results.columns == ("row", "ref", "current", "current_month", "rag")
    assert results["ref"].dtype == object and results["current"].dtype == np.float64
    results["vs_england"] = np.array(["better", "similar", None], dtype=object)
    assert "vs_england" in results and results.columns[-1] == "vs_england"
    with pytest.raises(ValueError, match="rows"):
        results["short"] = np.zeros(2)


MONTHS = ["Aug-19", "Sep-19", "Oct-19", "Nov-19", "Dec-19", "Jan-20", "Feb-20", "Mar-20",
          "Apr-20", "May-20", "Jun-20", "Jul-20", "Aug-20"]


def _refreshed() -> Results:
    header: list[CellValue] = ["Ref", "Indicator", *MONTHS, "England",
                               "Change from prev. period", None, "vs England"]
    rows: list[list[CellValue]] = [
        ["EH1", "Number of contacts", *[None] * 11, 339, 280, 300, None, None, None],
        ["EH2", "Percentage seen in 5 days", *[None] * 12, None, None, None, None, None],
    ]
    return plan_refresh(Grid("Early Help", [header, *rows]), month=Month(2020, 8)).results


def test_records_are_typed_rows_of_plain_python_values() -> None:
    first, second = _refreshed().records()
    assert (first.row, first.ref, first.name, first.unit) == (1, "EH1", "Number of contacts",
                                                              "count")
    assert type(first.row) is int and type(first.current) is float
    assert (first.current, first.previous) == (280.0, 339.0)
    assert first.current_month == Month(2020, 8) and first.previous_month == Month(2020, 7)
    # (280 - 339) / 339 = -17.4%: beyond the 10% band, so down; no polarity, no verdict.
    assert first.change_previous == pytest.approx(-59 / 339)
    assert (first.direction_previous, first.verdict_previous) == ("down", None)
    # Benchmarks by kind: 280 against England 300 is -6.7%, within 10%, but no polarity.
    assert first.benchmarks == {"england": 300.0} and first.versus == {"england": None}
    assert first.variation is None  # no SPC column on this table
    assert second.unit == "percent" and math.isnan(second.current)
    assert second.direction_previous == "unknown"
    assert repr(_refreshed().record(0)) == repr(first)  # NaN != NaN, but reads the same
    assert _refreshed().record(-1).ref == "EH2"


def test_records_need_every_column_compute_makes() -> None:
    with pytest.raises(KeyError, match="name"):
        next(_results().records())


def test_head_keeps_the_first_rows() -> None:
    head = _results().head(2)
    assert len(head) == 2 and head["ref"].tolist() == ["A1", "B2"]
    assert len(_results().head(10)) == 3


def test_to_frame_gives_analysts_a_dataframe() -> None:
    pd = pytest.importorskip("pandas")
    frame = _results().to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == list(_results().columns)
    assert frame["current"].iloc[2] == 3.0 and frame["ref"].iloc[1] == "B2"
