"""Figures as Excel shows them under a number format: what the terminal prints matches the
sheet (core/wording.py). Expected text written by hand from Excel's documented rules:
sections positive;negative;zero, quoted literals, '#,##0' grouping, '%' times 100, and
rounding half away from zero."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_addin.core.wording import (
    CHANGE_FORMAT,
    POINTS_FORMAT,
    change_text,
    excel_text,
    level_text,
    rounding_hides_band,
)


@pytest.mark.parametrize(("value", "fmt", "shown"), [
    (0.0476, "0%", "5%"),
    (0.0476, CHANGE_FORMAT, "+5%"),
    (-0.174, CHANGE_FORMAT, "-17%"),
    (0.0, CHANGE_FORMAT, "0%"),
    (-0.004, CHANGE_FORMAT, "-0%"),  # the negative section, though it rounds to 0
    (1.25, POINTS_FORMAT, "+1.3 pp"),  # half away from zero, not to even
    (-1.25, POINTS_FORMAT, "-1.3 pp"),
    (2256, "#,##0", "2,256"),
    (1234567.891, "#,##0.00", "1,234,567.89"),
    (116.4, '#,##0"*"', "116*"),
    (0.068, '0.0%"*"', "6.8%*"),
    (0.125, "0.00", "0.13"),
    (-3, "#,##0", "-3"),
    (-0.2, "0", "-0"),  # one section: Excel puts the minus on any negative
    (30, "+#,##0;-#,##0;0", "+30"),
    (-44, "+#,##0;-#,##0;0", "-44"),
    (0, "+#,##0;-#,##0;0", "0"),
    (0.5, "#.##", ".5"),
    (222.0, "General", "222"),
    (222.0, None, "222"),
    (1 / 3, "General", "0.3333333333"),
    (5, "[Red]0", "5"),
])
def test_excel_shows(value: float, fmt: str | None, shown: str) -> None:
    assert excel_text(value, fmt) == shown


@pytest.mark.parametrize("fmt", ["mmm-yy", "dd/mm/yyyy", "[>100]0;0", "0.00E+00", "@"])
def test_a_format_it_cannot_render_says_so_rather_than_guess(fmt: str) -> None:
    assert excel_text(44000.0, fmt) is None


finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)


@given(finite)
def test_a_signed_format_signs_every_change(value: float) -> None:
    text = excel_text(value, "+#,##0.0;-#,##0.0;0.0")
    assert text is not None
    assert text[0] == ("+" if value > 0 else "-" if value < 0 else "0")
    number = float(text.replace(",", ""))
    assert math.isclose(number, value, abs_tol=0.05 + 1e-9 * abs(value))


@given(finite)
def test_thousands_are_grouped_in_threes(value: float) -> None:
    text = excel_text(value, "#,##0")
    assert text is not None
    assert re.fullmatch(r"-?\d{1,3}(,\d{3})*", text)


def test_levels_and_changes_read_as_the_sheet_shows_them() -> None:
    assert level_text(222.0, "count") == "222"
    assert level_text(116.4, "count") == "116"
    assert level_text(12.34, "rate") == "12.3"
    assert level_text(0.068, "percent") == "6.8%"
    assert level_text(0.068, "percent", 2) == "6.80%"  # asked-for decimals still work
    assert level_text(None, "count") == "n/a"
    assert change_text(0.556, "count") == "+56%"
    assert change_text(-0.012, "percent") == "-1.2 pp"
    assert change_text(float("nan"), "count") == "n/a"


@pytest.mark.parametrize(("change", "hides"), [
    (0.096, True),   # shows +10%, on the 10% band, yet is inside it
    (0.104, True),   # shows +10% too, but is beyond it
    (0.10, False),   # exactly on it: the sentence says so
    (0.17, False),
    (-0.05, False),
])
def test_rounding_hides_the_band_only_near_it(change: float, hides: bool) -> None:
    assert rounding_hides_band(change, 0.10, "count") is hides
