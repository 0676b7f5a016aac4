"""EH_SPC_LIMITS, EH_VARIATION and EH_ASSURANCE called as Excel calls them."""

from __future__ import annotations

import pytest

from xl_addin.udfs import EH_ASSURANCE, EH_SPC_LIMITS, EH_VARIATION

# The seed's EH1b, Sep-18 .. Aug-20, as a row range (Excel passes a list of rows).
EH1B = [[243.0, 222.0, 235.0, 197.0, 239.0, 206.0, 205.0, 226.0, 212.0, 205.0, 232.0, 180.0,
         190.0, 215.0, 188.0, 172.0, 220.0, 184.0, 205.0, 219.0, 219.0, 233.0, 339.0, 280.0]]


def test_limits_of_eh1b_worked_by_hand() -> None:
    # Mean 5266 / 24; mean moving range 539 / 22 = 24.5 once the 106 is screened out.
    mean, lower, upper = EH_SPC_LIMITS(EH1B)[0]
    assert mean == pytest.approx(5266 / 24)
    assert lower == pytest.approx(5266 / 24 - 2.66 * 24.5)
    assert upper == pytest.approx(5266 / 24 + 2.66 * 24.5)


def test_variation_and_assurance_of_eh1b() -> None:
    assert EH_VARIATION(EH1B, "higher is better") == "Special cause: improvement"
    assert EH_VARIATION(EH1B, "lower is better") == "Special cause: concern"
    assert EH_ASSURANCE(EH1B, "higher", 250.0) == "Hit and miss"
    assert EH_ASSURANCE(EH1B, "higher", 100.0) == "Consistently passing"
    assert EH_ASSURANCE(EH1B, "higher", None) == "n/a"


def test_blanks_and_tbc_are_left_out_and_a_short_series_has_no_limits() -> None:
    short = [[1.0, None, "tbc", 2.0, 3.0]]
    assert EH_SPC_LIMITS(short) == [["Insufficient data"] * 3]
    assert EH_VARIATION(short, "higher") == "Insufficient data"
    assert EH_VARIATION(short, "higher", 3) == "Common cause"


def test_several_rows_give_a_column_of_verdicts() -> None:
    # A range is rectangular: the shorter series starts with blanks.
    assert EH_VARIATION([EH1B[0], [None] * 8 + [10.0, 12.0] * 8], [["higher"], ["higher"]]) == [
        ["Special cause: improvement"], ["Common cause"]]


def test_an_unknown_polarity_is_said_in_the_cell() -> None:
    assert EH_VARIATION(EH1B, "sideways") == (
        "polarity: 'sideways' is not one of higher/lower/neutral")
