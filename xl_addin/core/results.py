"""The computed figures of a refresh: one row per indicator, one numpy array per column.

A column table rather than a pandas DataFrame: importing pandas would cost the command
line more than the refresh itself (docs/performance.md), and the refresh needs only
named columns of equal length and a way to walk the rows. `to_frame()` still gives
analysts scripting in Python a DataFrame.

Columns are numpy arrays: float64 for figures, int64 for counts, object arrays for
Refs, names, periods and vocabulary keys (None where there is none). compute.py names
the columns; `records()` gives them back as typed `IndicatorRecord`s.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Final, NamedTuple

import numpy as np
import numpy.typing as npt

from .headers import BENCHMARK_PHRASES, BenchmarkKind
from .periods import Period
from .vocab import (
    Assurance,
    Comparison,
    Direction,
    DotBasis,
    Frequency,
    Measure,
    Polarity,
    Rag,
    Unit,
    Variation,
    Verdict,
)

if TYPE_CHECKING:
    import pandas as pd

Column = npt.NDArray[np.float64 | np.int64 | np.bool_ | np.object_]
"""Figures, counts, flags, or Python objects (text, periods, vocabulary keys, None)."""
ColumnLike = Column | Sequence[object]

BENCHMARK_PREFIX: Final = "bench_"
"""A benchmark's figures are the column 'bench_<kind>'; its comparison 'vs_<kind>'."""
VERSUS_PREFIX: Final = "vs_"


class IndicatorRecord(NamedTuple):
    """One indicator's computed figures as plain Python values: floats are NaN where
    missing, vocabulary keys None where there is no judgement."""

    row: int
    """The indicator's sheet row (0-based)."""
    ref: str
    name: str
    unit: Unit
    polarity: Polarity
    frequency: Frequency
    measure: Measure
    threshold: float
    tolerance: float
    scale: float
    """100.0 where a percentage row is typed as 0-100, else 1.0."""
    step: int
    """Axis columns between two of the row's periods: 3 for a quarterly row of a monthly
    table, else 1."""
    current_month: Period | None
    current: float
    previous: float
    year_ago: float
    change_previous: float
    direction_previous: Direction
    verdict_previous: Verdict | None
    change_year: float
    direction_year: Direction
    verdict_year: Verdict | None
    dot_direction: Direction
    dot_verdict: Verdict | None
    dot_basis: DotBasis | None
    average: float
    maximum: float
    periods_used: int
    window: int
    target_year: int
    target: float
    variance: float
    variance_pct: float
    rag: Rag | None
    previous_month: Period | None
    year_month: Period | None
    benchmarks: Mapping[BenchmarkKind, float]
    """The table's benchmark figures by kind (only the kinds it has)."""
    versus: Mapping[BenchmarkKind, Comparison | None]
    variation: Variation | None = None
    """None when the table has no Variation or Assurance column (no charts drawn)."""
    assurance: Assurance | None = None


_FIELDS: Final = IndicatorRecord._fields[:-4]
"""The fields read from a column of the same name: all but the last four."""


def _column(values: ColumnLike, length: int | None) -> Column:
    array: Column = values if isinstance(values, np.ndarray) else _as_array(values)
    if array.ndim != 1:
        raise ValueError(f"a results column must be one-dimensional, not {array.shape}")
    if length is not None and len(array) != length:
        raise ValueError(f"a results column of {len(array)} rows for {length} indicators")
    return array


def _as_array(values: Sequence[object]) -> Column:
    items = list(values)
    array: Column = np.asarray(items)
    if array.dtype.kind in "fiub":
        return array
    return object_array(items)  # Months, None: never a string dtype


def object_array(items: Sequence[object]) -> npt.NDArray[np.object_]:
    """A one-dimensional object array of `items` (np.array would nest tuples, or pick a
    string dtype for text)."""
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


class Results:
    """One row per indicator; `results["current"]` is a column, `records()` the rows."""

    __slots__ = ("_columns", "_length")

    def __init__(self, columns: Mapping[str, ColumnLike] | None = None) -> None:
        self._columns: dict[str, Column] = {}
        self._length: int | None = None
        for name, values in (columns or {}).items():
            self[name] = values

    def __len__(self) -> int:
        return self._length or 0

    def __getitem__(self, name: str) -> Column:
        return self._columns[name]

    def __setitem__(self, name: str, values: ColumnLike) -> None:
        array = _column(values, self._length)
        self._columns[name] = array
        self._length = len(array)

    def __contains__(self, name: object) -> bool:
        return name in self._columns

    def __repr__(self) -> str:
        return f"Results({len(self)} rows: {', '.join(self._columns)})"

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self._columns)

    def _kinds(self, prefix: str) -> list[tuple[BenchmarkKind, str]]:
        # In column order: the layout's order of the benchmark columns.
        return [(kind, name) for name in self._columns for kind in BENCHMARK_PHRASES
                if name == prefix + kind]

    def records(self) -> Iterator[IndicatorRecord]:
        """The rows in order, as typed records of plain Python values.

        Floats are Python floats (NaN where missing), so `is_missing` and f-strings
        treat them like any other number. A column compute.py makes that is missing
        here is a KeyError naming it."""
        fixed = [self._columns[name].tolist() for name in _FIELDS]
        benchmarks = [(kind, self._columns[name].tolist())
                      for kind, name in self._kinds(BENCHMARK_PREFIX)]
        versus = [(kind, self._columns[name].tolist())
                  for kind, name in self._kinds(VERSUS_PREFIX)]
        n = len(self)
        variation = (self._columns["variation"].tolist() if "variation" in self._columns
                     else [None] * n)
        assurance = (self._columns["assurance"].tolist() if "assurance" in self._columns
                     else [None] * n)
        # Positional: the per-kind and optional fields are the record's last four.
        for i, values in enumerate(zip(*fixed, strict=True)):
            yield IndicatorRecord._make((*values,
                                         {kind: column[i] for kind, column in benchmarks},
                                         {kind: column[i] for kind, column in versus},
                                         variation[i], assurance[i]))

    def record(self, i: int) -> IndicatorRecord:
        """Row i (negative i counts from the end)."""
        index = range(len(self))[i]
        one = Results({name: column[index:index + 1] for name, column in self._columns.items()})
        return next(one.records())

    def head(self, n: int) -> Results:
        """The first n rows."""
        return Results({name: column[:n] for name, column in self._columns.items()})

    def to_frame(self) -> pd.DataFrame:
        """The results as a pandas DataFrame (imports pandas, which the refresh never does)."""
        import pandas as pd

        return pd.DataFrame({name: column.copy() for name, column in self._columns.items()})
