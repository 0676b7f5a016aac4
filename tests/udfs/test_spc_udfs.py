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


# Ten figures alternating 100/104 (mean 102, every moving range 4), then a step down to
# ten alternating 61/65 (mean 63, moving ranges 4, and one of 43 across the step).
STEP = [[100.0, 104.0] * 5 + [61.0, 65.0] * 5]


def test_recalculate_from_gives_the_step_its_own_limits() -> None:
    # From figure 11 on: mean 63, limits 63 -/+ 2.66 x 4 = 52.36 .. 73.64.
    mean, lower, upper = EH_SPC_LIMITS(STEP, 10, None, 11)[0]
    assert (mean, lower, upper) == pytest.approx((63.0, 52.36, 73.64))
    # One chart over all 20: mean 82.5; the 43 is screened out (above 3.267 x the mean
    # moving range), so the limits are 82.5 -/+ 10.64, and the last ten sit below the mean.
    assert EH_SPC_LIMITS(STEP, 10)[0] == pytest.approx([82.5, 71.86, 93.14])
    assert EH_VARIATION(STEP, "neutral", 10) == "Special cause: lower"
    assert EH_VARIATION(STEP, "neutral", 10, None, 11) == "Common cause"
    assert EH_ASSURANCE(STEP, "lower", 80.0, 10, None, 11) == "Consistently passing"


def test_baseline_sets_the_limits_from_the_first_figures() -> None:
    # Ten figures alternating 100/104, then ten alternating 90/110.
    wider = [[100.0, 104.0] * 5 + [90.0, 110.0] * 5]
    # Baseline 10: the first ten set the limits, 102 -/+ 10.64.
    assert EH_SPC_LIMITS(wider, 10, 10)[0] == pytest.approx([102.0, 91.36, 112.64])
    # All 20: mean 101; moving ranges 9 x 4, one 14, 9 x 20 = 230 / 19; 101 -/+ 2.66 x that.
    assert EH_SPC_LIMITS(wider, 10)[0] == pytest.approx(
        [101.0, 101 - 2.66 * 230 / 19, 101 + 2.66 * 230 / 19])


@pytest.mark.parametrize(("call", "message"), [
    (lambda: EH_SPC_LIMITS(STEP, 10, None, 30), "recalculate_from: point 30 is beyond the 20"),
    (lambda: EH_SPC_LIMITS(STEP, 10, None, 1), "recalculate_from: 1 is less than 2"),
    (lambda: EH_SPC_LIMITS(STEP, 10, "x"), "baseline: 'x' is not a whole number"),
    (lambda: EH_SPC_LIMITS(STEP, 10, 1), "baseline: 1 is less than 2"),
])
def test_a_bad_baseline_or_recalculation_point_names_its_argument(call, message) -> None:
    assert str(call()).startswith(message)
