"""Every rule in xl_addin/core/rules.py with worked examples from the seed (Aug-20)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_addin.core import rules
from xl_addin.core.rules import scalar

# -- change -------------------------------------------------------------------------------


def test_seed_eh1b_aug20_280_against_jul20_339_is_minus_17_percent_and_down() -> None:
    change = scalar(rules.change(280, 339, "count"))
    assert round(change, 2) == -0.17
    assert scalar(rules.direction(change, 0.10)) == "down"


def test_seed_cin5_2256_against_2363_is_minus_5_percent_and_flat() -> None:
    change = scalar(rules.change(2256, 2363, "count"))
    assert round(change, 2) == -0.05
    assert scalar(rules.direction(change, 0.10)) == "flat"


def test_seed_tbc_rows_give_na_and_a_neutral_dot() -> None:
    change = scalar(rules.change(math.nan, math.nan, "count"))
    assert change is None
    assert scalar(rules.direction(math.nan, 0.10)) == "unknown"


def test_previous_zero_gives_na_not_inf() -> None:
    assert scalar(rules.relative_change(5, 0)) is None
    assert scalar(rules.change(5, 0, "count")) is None


def test_negative_previous_uses_absolute_denominator() -> None:
    assert scalar(rules.relative_change(-50, -100)) == pytest.approx(0.5)


def test_percentages_change_in_points_not_relatively() -> None:
    # LSCB1-style: NEET 6.8% -> 5.6% is -1.2 points, not -17.6%.
    assert scalar(rules.change(0.056, 0.068, "percent")) == pytest.approx(-0.012)


def test_rates_change_relatively_like_counts() -> None:
    assert scalar(rules.change(300, 400, "rate")) == pytest.approx(-0.25)


# -- direction: exact boundaries ------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "previous", "arrow"),
    [
        (90, 100, "down"),  # exactly -10%: (cur - prev) / |prev|, not cur / prev - 1
        (110, 100, "up"),  # exactly +10%
        (91, 100, "flat"),
        (109, 100, "flat"),
        (33, 30, "up"),
        (27, 30, "down"),
        (100, 100, "flat"),
    ],
)
def test_exactly_ten_percent_gets_its_arrow(current: int, previous: int, arrow: str) -> None:
    assert scalar(rules.direction(rules.change(current, previous, "count"), 0.10)) == arrow


def test_cur_over_prev_minus_one_would_miss_the_boundary() -> None:
    # The reason for the formula: 90/100 - 1 is -0.09999999999999998.
    assert 90 / 100 - 1 > -0.10
    assert scalar(rules.relative_change(90, 100)) == -0.10


def test_point_boundary_with_decimal_values() -> None:
    # 7.8% -> 6.8% is exactly one point in decimal, not in binary.
    assert scalar(rules.direction(rules.change(0.068, 0.078, "percent"), 0.01)) == "down"


@given(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
)
def test_arrow_agrees_with_sign_and_threshold(cur: float, prev: float, threshold: float) -> None:
    change = scalar(rules.change(cur, prev, "count"))
    arrow = scalar(rules.direction(rules.change(cur, prev, "count"), threshold))
    if change is None:
        assert abs(prev) < 1e-300  # zero, or so near it that the ratio overflows
        assert arrow == "unknown"
        return
    if arrow == "up":
        assert change > 0
        assert change >= threshold * (1 - 1e-9)
    elif arrow == "down":
        assert change < 0
        assert change <= -threshold * (1 - 1e-9)
    else:
        assert arrow == "flat"
        assert change == 0 or abs(change) < threshold


@given(st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True)), min_size=1,
                max_size=20))
def test_change_and_direction_never_raise(values: list[float]) -> None:
    cur = np.array(values)
    prev = np.roll(cur, 1)
    for unit in ("count", "percent", "rate"):
        change = rules.change(cur, prev, unit)
        assert not np.isinf(change).any()
        dirs = rules.direction(change, 0.1)
        assert set(dirs) <= {"up", "down", "flat", "unknown"}


# -- verdict and DoT -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "polarity", "verdict"),
    [
        ("up", "higher", "positive"),
        ("down", "higher", "negative"),
        ("flat", "higher", "similar"),
        ("up", "lower", "negative"),
        ("down", "lower", "positive"),
        ("flat", "lower", "similar"),
        ("up", "neutral", None),
        ("flat", "neutral", None),
        ("unknown", "higher", None),
    ],
)
def test_verdict_decision_table(direction: str, polarity: str, verdict: str | None) -> None:
    assert scalar(rules.verdict(direction, polarity)) == verdict


def test_dot_uses_same_period_last_year_first() -> None:
    dirs, verdicts, basis = rules.direction_of_travel(0.56, -0.17, 0.10, "higher")
    assert (scalar(dirs), scalar(verdicts), scalar(basis)) == ("up", "positive", "year")


def test_dot_falls_back_to_previous_period_when_last_year_is_missing() -> None:
    dirs, verdicts, basis = rules.direction_of_travel(math.nan, -0.17, 0.10, "higher")
    assert (scalar(dirs), scalar(verdicts), scalar(basis)) == ("down", "negative", "previous")


def test_dot_is_unknown_when_neither_can_be_judged() -> None:
    dirs, verdicts, basis = rules.direction_of_travel(math.nan, math.nan, 0.10, "lower")
    assert (scalar(dirs), scalar(verdicts), scalar(basis)) == ("unknown", None, None)


def test_dot_with_neutral_polarity_has_a_direction_but_no_verdict() -> None:
    dirs, verdicts, _ = rules.direction_of_travel(0.2, 0.0, 0.10, "neutral")
    assert (scalar(dirs), scalar(verdicts)) == ("up", None)


# -- 12-month window -------------------------------------------------------------------------


def test_window_ignores_missing_and_counts_periods_used() -> None:
    row = [np.nan] * 3 + [10.0, np.nan, 20.0, 30.0] + [np.nan] * 8
    mean, top, used = rules.window_stats([row], end=len(row) - 1, window=12)
    assert mean[0] == pytest.approx(20.0)
    assert top[0] == 30.0
    assert used[0] == 3


def test_window_of_nothing_is_na() -> None:
    mean, top, used = rules.window_stats([[np.nan] * 12], end=11, window=12)
    assert math.isnan(mean[0]) and math.isnan(top[0]) and used[0] == 0


def test_quarterly_window_takes_every_third_month() -> None:
    row = [float(i) for i in range(13)]
    mean, top, used = rules.window_stats([row], end=12, window=4, step=3)
    assert used[0] == 4
    assert mean[0] == pytest.approx((12 + 9 + 6 + 3) / 4)
    assert top[0] == 12


def test_window_before_the_first_month_counts_as_missing() -> None:
    _, _, used = rules.window_stats([[1.0, 2.0, 3.0]], end=2, window=12)
    assert used[0] == 3


# -- target variance and RAG -----------------------------------------------------------------


def test_target_variance_as_difference_and_percent() -> None:
    variance, pct = rules.target_variance(263, 288)
    assert scalar(variance) == -25
    assert scalar(pct) == pytest.approx(-25 / 288)


@pytest.mark.parametrize(
    ("value", "target", "polarity", "expected"),
    [
        (100, 100, "higher", "green"),  # on target is met
        (120, 100, "higher", "green"),
        (95, 100, "higher", "amber"),  # exactly 5% short
        (94.9, 100, "higher", "red"),
        (100, 100, "lower", "green"),
        (105, 100, "lower", "amber"),
        (105.1, 100, "lower", "red"),
        (80, 100, "lower", "green"),
        (80, 100, "neutral", None),
        (80, math.nan, "higher", None),  # TBC target
        (math.nan, 100, "higher", None),
    ],
)
def test_rag_boundaries(value: float, target: float, polarity: str, expected: str | None) -> None:
    assert scalar(rules.rag(value, target, polarity, 0.05)) == expected


def test_rag_tolerance_is_settable() -> None:
    assert scalar(rules.rag(90, 100, "higher", 0.10)) == "amber"
    assert scalar(rules.rag(90, 100, "higher", 0.05)) == "red"


# -- benchmarks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "benchmark", "polarity", "expected"),
    [
        (200, 256, "lower", "better"),
        (300, 256, "lower", "worse"),
        (260, 256, "lower", "similar"),
        (300, 256, "higher", "better"),
        (300, 256, "neutral", None),
        (300, math.nan, "lower", None),
    ],
)
def test_benchmark_comparison(value: float, benchmark: float, polarity: str,
                              expected: str | None) -> None:
    assert scalar(rules.compare_to_benchmark(value, benchmark, "rate", 0.10, polarity)) == expected
