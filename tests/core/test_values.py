"""The value parser: every rule in xl_addin/core/values.py, by name."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_addin.core.values import parse_value, to_number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (280, 280.0),
        (6.5, 6.5),
        ("1,234", 1234.0),
        (" 12 ", 12.0),
        ("6.8%", 0.068),
        ("−5", -5.0),  # Unicode minus, as pasted from Word
        ("1e3", 1000.0),
        ("12,345.5", 12345.5),
    ],
)
def test_numbers_and_numeric_text_are_read(raw: object, expected: float) -> None:
    parsed = parse_value(raw)  # type: ignore[arg-type]
    assert parsed.status == "number"
    assert parsed.number == pytest.approx(expected)


@pytest.mark.parametrize(
    "raw", [None, "", "  ", "tbc", "TBC", "n/a", "N/A", "-", "–", "#N/A", "#DIV/0!", "#VALUE!",
            float("nan"), float("inf")],
)
def test_missing_markers_are_missing_without_a_warning(raw: object) -> None:
    assert parse_value(raw) .status == "missing"  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", ["abc", "12 families", "1,23", True, dt.date(2020, 8, 1),
                                 "(12)"])
def test_other_text_is_invalid_so_the_caller_can_warn(raw: object) -> None:
    parsed = parse_value(raw)  # type: ignore[arg-type]
    assert parsed.status == "invalid"
    assert parsed.number is None


@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(),
                 st.dates(), st.datetimes()))
def test_parse_value_never_raises_and_numbers_are_finite(raw: object) -> None:
    parsed = parse_value(raw)  # type: ignore[arg-type]
    assert parsed.status in {"number", "missing", "invalid"}
    if parsed.number is not None:
        assert math.isfinite(parsed.number)
        assert parsed.status == "number"


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_thousands_separators_round_trip(n: int) -> None:
    assert to_number(f"{n:,}") == n


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_percent_text_is_a_fraction(x: float) -> None:
    assert to_number(f"{x:.4f}%") == pytest.approx(round(x, 4) / 100, rel=1e-12, abs=1e-15)
