"""Moving references for a column insert: Excel's rule, as examples and properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from xl_addin.adapters.package.insert.ref_shift import (
    LAST_COL,
    Target,
    shift_area,
    shift_formula,
    shift_sqref,
)
from xl_addin.core.address import column_index, column_letter

DASH = Target("Early Help", "Early Help")
ELSEWHERE = Target("Early Help", "Settings")
AD = 29

cols = st.integers(min_value=0, max_value=LAST_COL - 1)
rows = st.integers(min_value=1, max_value=1_048_576)


def test_examples_from_the_sample() -> None:
    assert shift_sqref("F4:AC13", AD) == "F4:AC13"  # ends left of the insert: no growth
    assert shift_sqref("AD3:AE3 AL2:AN2", AD) == "AE3:AF3 AM2:AO2"
    assert shift_sqref("A1:AU1", AD) == "A1:AV1"  # spans the insert: grows
    assert shift_formula("'Early Help'!$F$3:$AC$3", AD, Target("Early Help", None)) == \
        "'Early Help'!$F$3:$AC$3"
    assert shift_formula("'Early Help'!AH5", AD, ELSEWHERE) == "'Early Help'!AI5"


def test_only_references_to_the_sheet_move() -> None:
    assert shift_formula("AH5+Settings!AH5", AD, DASH) == "AI5+Settings!AH5"
    assert shift_formula("AH5", AD, ELSEWHERE) == "AH5"
    assert shift_formula("'early help'!AH5", AD, ELSEWHERE) == "'early help'!AI5"


def test_strings_names_structured_and_external_refs_stay() -> None:
    formula = 'IF(AH5="AH5",Table1[Value],[1]Sheet1!AH5)&DashboardMonths'
    assert shift_formula(formula, AD, DASH) == \
        'IF(AI5="AH5",Table1[Value],[1]Sheet1!AH5)&DashboardMonths'


def test_whole_columns_rows_absolute_and_spacing() -> None:
    assert shift_formula("SUM($AD:$AE)+SUM(3:3)", AD, DASH) == "SUM($AE:$AF)+SUM(3:3)"
    assert shift_formula("AD5  +\n AC5", AD, DASH) == "AE5  +\n AC5"


def test_spilled_references_move() -> None:
    assert shift_formula("SUM(AD5#)", AD, DASH) == "SUM(AE5#)"


def test_last_column_cannot_move() -> None:
    assert shift_formula("XFD1", AD, DASH) == "#REF!"
    assert shift_formula("A1:XFD1", AD, DASH) == "A1:XFD1"


@given(cols, rows)
def test_a1_round_trip(col: int, row: int) -> None:
    assert column_index(column_letter(col)) == col
    assert shift_area(f"{column_letter(col)}{row}", LAST_COL + 1) == f"{column_letter(col)}{row}"


@given(cols, cols, rows, cols)
def test_references_left_of_the_insert_never_change(a: int, b: int, row: int, at: int) -> None:
    first, last = sorted((a, b))
    if last < at:
        area = f"{column_letter(first)}{row}:{column_letter(last)}{row}"
        assert shift_area(area, at) == area


@given(cols, cols, cols)
def test_range_growth_rule(a: int, b: int, at: int) -> None:
    first, last = sorted((a, b))
    moved = shift_area(f"{column_letter(first)}1:{column_letter(last)}1", at)
    assert moved is not None
    new_first, new_last = (column_index(p.rstrip("0123456789")) for p in moved.split(":"))
    width = new_last - new_first
    if first < at <= last:
        assert (new_first, width) == (first, last - first + 1)  # grows by one
    elif at <= first:
        assert (new_first, width) == (first + 1, last - first)  # moves whole
    else:
        assert (new_first, width) == (first, last - first)  # left of the insert
