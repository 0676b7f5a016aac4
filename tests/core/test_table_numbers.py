"""table.to_numbers against its documented cell-by-cell semantics, on generated cells."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from xl_addin.core.table import to_numbers
from xl_addin.core.values import parse_value

TEXTS = st.sampled_from(["tbc", "n/a", "-", "1,234", " 12 ", "6.8%", "−5", "(12)", "abc", "",
                         "#N/A", "1e3", "inf", "nan", "12.5 %", "x"]) | st.text(max_size=6)
CELLS = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.booleans(),
    TEXTS,
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 1, 1)),
)


def expected(cell: object) -> tuple[float, bool]:
    """(number, read by the careful parser) as documented in to_numbers."""
    if type(cell) is float:
        return (cell if math.isfinite(cell) else math.nan), False
    if cell is None:
        return math.nan, False
    if type(cell) is int:
        try:
            return float(cell), False
        except OverflowError:
            return math.nan, False
    number = parse_value(cell).number  # type: ignore[arg-type]
    return (math.nan if number is None else number), True


@given(st.lists(CELLS, max_size=40))
def test_each_cell_reads_as_documented(cells: list[object]) -> None:
    numbers, suspects, parsed = to_numbers(cells)  # type: ignore[arg-type]
    want = [expected(c) for c in cells]
    assert numbers.dtype == np.float64 and numbers.shape == (len(cells),)
    np.testing.assert_array_equal(numbers, np.array([n for n, _ in want]))
    assert suspects == [k for k, (_, careful) in enumerate(want) if careful]
    for k, cell in zip(suspects, parsed, strict=True):
        raw = cells[k]
        assert cell.invalid == (parse_value(raw).status == "invalid")  # type: ignore[arg-type]
        assert cell.typed_percent == (isinstance(raw, str) and raw.strip().endswith("%"))


def test_the_same_text_is_parsed_once_but_reported_for_every_cell() -> None:
    numbers, suspects, parsed = to_numbers(["abc", 1.0, "abc", "6.8%", None, 3])
    assert suspects == [0, 2, 3]
    assert parsed[0] is parsed[1] and parsed[0].invalid
    np.testing.assert_array_equal(numbers, [np.nan, 1.0, np.nan, 0.068, np.nan, 3.0])
