"""The refresh's Results table: columns, rows as records, and a DataFrame on request."""

from __future__ import annotations

import math

import numpy as np
import pytest

from xl_addin.core.periods import Month
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


def test_records_are_named_rows_of_plain_python_values() -> None:
    records = list(_results().records())
    assert [r.ref for r in records] == ["A1", "B2", "C3"]
    assert type(records[0].row) is int and type(records[0].current) is float
    assert math.isnan(records[1].current) and records[1].current_month is None
    assert records[0].current_month == Month(2020, 8)
    first = _results().record(0)
    assert first == records[0] and type(first.row) is int
    assert _results().record(-1).ref == "C3"


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
