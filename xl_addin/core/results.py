"""The computed figures of a refresh: one row per indicator, one numpy array per column.

This replaces the pandas DataFrame the refresh used to return. Importing pandas
costs 0.2-0.3 s, about 40% of a whole 1,000-indicator refresh from the command
line, and the refresh only ever needs named columns of equal length and a way to
walk the rows. `to_frame()` still gives analysts scripting in Python a DataFrame
(pandas stays a dependency; it is imported there and nowhere else on this path).

Columns are numpy arrays: float64 for figures, int64 for counts, object arrays for
Refs, names, months and vocabulary keys (None where there is none).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import pandas as pd

Column = npt.NDArray[Any]


def _column(values: Any, length: int | None) -> Column:
    array: Column = values if isinstance(values, np.ndarray) else _as_array(values)
    if array.ndim != 1:
        raise ValueError(f"a results column must be one-dimensional, not {array.shape}")
    if length is not None and len(array) != length:
        raise ValueError(f"a results column of {len(array)} rows for {length} indicators")
    return array


def _as_array(values: Any) -> Column:
    items = list(values)
    array = np.asarray(items)
    if array.dtype.kind in "fiub":
        return array
    return object_array(items)  # Months, None: never a string dtype


def object_array(items: list[Any]) -> npt.NDArray[np.object_]:
    """A one-dimensional object array of `items` (np.array would nest tuples, or pick a
    string dtype for text)."""
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


class Results:
    """One row per indicator; `results["current"]` is a column, `records()` the rows."""

    __slots__ = ("_columns", "_length", "_record_type")

    def __init__(self, columns: Mapping[str, Any] | None = None) -> None:
        self._columns: dict[str, Column] = {}
        self._length: int | None = None
        self._record_type: Any = None
        for name, values in (columns or {}).items():
            self[name] = values

    def __len__(self) -> int:
        return self._length or 0

    def __getitem__(self, name: str) -> Column:
        return self._columns[name]

    def __setitem__(self, name: str, values: Any) -> None:
        array = _column(values, self._length)
        self._columns[name] = array
        self._length = len(array)
        self._record_type = None

    def __contains__(self, name: object) -> bool:
        return name in self._columns

    def __repr__(self) -> str:
        return f"Results({len(self)} rows: {', '.join(self._columns)})"

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self._columns)

    def _record_class(self) -> Any:
        if self._record_type is None:
            self._record_type = namedtuple("Record", self._columns)  # type: ignore[misc]
        return self._record_type

    def records(self) -> Iterator[Any]:
        """The rows in order, as named tuples of plain Python values (rec.current, rec.ref).

        Floats are Python floats (NaN where missing), so `is_missing` and f-strings
        treat them like any other number."""
        record = self._record_class()
        lists: Iterable[list[Any]] = [column.tolist() for column in self._columns.values()]
        return (record._make(row) for row in zip(*lists, strict=True))

    def record(self, i: int) -> Any:
        """Row i as a named tuple (negative i counts from the end)."""
        values = [column[i] for column in self._columns.values()]
        return self._record_class()._make(v.item() if isinstance(v, np.generic) else v
                                          for v in values)

    def head(self, n: int) -> Results:
        """The first n rows."""
        return Results({name: column[:n] for name, column in self._columns.items()})

    def to_frame(self) -> pd.DataFrame:
        """The results as a pandas DataFrame (imports pandas, which the refresh never does)."""
        import pandas as pd

        return pd.DataFrame({name: column.copy() for name, column in self._columns.items()})
