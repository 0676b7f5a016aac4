"""XmR limits and the Making Data Count rules.

Rule figures are NHSRplotthedots' own test cases (tests/testthat/test-ptd_calculate_point_type.R,
test-ptd_calculate_assurance_type.R, test-ptd_spc_standard.R), typed in here; limits are
worked by hand in each test's comment.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from xl_addin.core import spc
from xl_addin.core.spc import SpcOptions, analyse

ALTERNATING = [10.0, 12.0] * 8  # 16 points: mean 11, every moving range 2
WIDE = [10.0, 14.0] * 8  # a spike of 30 after these keeps 14 above the mean (13.06)


def test_limits_worked_by_hand() -> None:
    # mean 11; mean moving range 2; limits 11 +/- 2.66 x 2 = 5.68 and 16.32; sigma 2 / 1.128.
    result = analyse(ALTERNATING, "higher")
    assert result.mean[-1] == pytest.approx(11.0)
    assert result.lower[-1] == pytest.approx(5.68)
    assert result.upper[-1] == pytest.approx(16.32)
    assert result.sigma[-1] == pytest.approx(1.7730496)
    assert result.variation == "common"
    assert not result.special().any()


def test_moving_range_screens_outliers_like_plotthedots() -> None:
    # ranges 1, 1, 1, 20: mean 5.75; 20 > 3.267 x 5.75 = 18.79, so it is left out: mean 1.
    assert spc.mean_moving_range(np.array([0.0, 1, 0, 1, 21])) == pytest.approx(1.0)
    assert spc.mean_moving_range(np.array([0.0, 1, 0, 1, 21]), screen=False) == pytest.approx(5.75)


def test_fewer_than_fifteen_points_is_insufficient_never_limits() -> None:
    for points in ([1.0, 2.0, 3.0, 4.0], ALTERNATING[:14]):
        result = analyse(points, "higher", target=3.0)
        assert result.variation == "insufficient"
        assert not result.has_limits and result.assurance is None
        assert np.isnan(result.upper).all()
        assert "at least 15" in result.reason
    assert analyse(ALTERNATING[:15], "higher").variation == "common"
    assert analyse(ALTERNATING[:10], "higher", options=SpcOptions(min_points=10)).has_limits


def test_missing_periods_are_left_out_of_the_series() -> None:
    # A quarterly indicator on a monthly axis: two empty months between its figures.
    series = [np.nan] * 48
    series[2::3] = ALTERNATING
    result = analyse(series, "higher")
    assert result.positions.tolist() == list(range(2, 48, 3))
    assert result.upper[-1] == pytest.approx(16.32)


def test_baseline_sets_limits_from_the_first_points_only() -> None:
    # Limits from the first 16 points (11 +/- 5.32); the next 7 at 17 are all above 16.32.
    series = ALTERNATING + [17.0] * 7
    result = analyse(series, "lower", options=SpcOptions(baseline=16))
    assert result.upper[-1] == pytest.approx(16.32)
    assert result.signals.rule["outside"][16:].all()
    assert result.variation == "concern"  # lower is better and it went up


def test_recalculation_point_gives_each_phase_its_own_limits() -> None:
    series = ALTERNATING + [20.0, 22.0] * 8
    result = analyse(series, "higher", options=SpcOptions(recalculate_at=(16,)))
    assert result.mean[0] == pytest.approx(11.0) and result.mean[-1] == pytest.approx(21.0)
    assert not result.special().any()
    # Without it, one set of limits: the second half is a long run above the mean.
    assert analyse(series, "higher").variation == "improvement"


# --- the rules, with NHSRplotthedots' cases ------------------------------------------------

def test_run_of_seven_on_one_side() -> None:
    zero = np.zeros(9)
    assert spc.run_one_side(np.array([1.0] * 6 + [-1]), zero[:7], 7).tolist() == [0] * 7
    assert spc.run_one_side(np.array([1.0] * 8 + [-1]), zero, 7).tolist() == [1] * 8 + [0]
    assert spc.run_one_side(np.array([-1.0] * 8 + [1]), zero, 7).tolist() == [-1] * 8 + [0]
    assert spc.run_one_side(np.array([1.0] * 6 + [-1]), zero[:7], 6).tolist() == [1] * 6 + [0]


def test_a_point_on_the_mean_breaks_a_run() -> None:
    values = np.array([1.0, 1, 1, 0, 1, 1, 1, 1])
    assert not spc.run_one_side(values, np.zeros(8), 7).any()


def test_trend_as_plotthedots_seven() -> None:
    def trend7(values: list[float]) -> list[int]:
        return spc.trend(np.array(values, dtype=float), 7).tolist()

    assert trend7(list(range(1, 7))) == [0] * 6
    assert trend7([1, 2, 3, 3, 4, 5, 6]) == [0] * 7  # an equal pair breaks it
    assert trend7(list(range(1, 8))) == [1] * 7
    assert trend7([2, *range(1, 8), 3]) == [0] + [1] * 7 + [0]
    assert trend7(list(range(7, 0, -1))) == [-1] * 7
    assert trend7([2, *range(7, 0, -1), 3]) == [0] + [-1] * 7 + [0]


def test_trend_of_six_by_default() -> None:
    assert spc.trend(np.arange(6.0), spc.SpcOptions().trend).tolist() == [1] * 6
    assert spc.trend(np.arange(5.0), spc.SpcOptions().trend).tolist() == [0] * 5


def _two_of_three(close: list[int], side: list[int]) -> list[int]:
    # Points 'close to the limits' at 2.5 sigma on their side; others at 0.5 sigma.
    values = np.array([(2.5 if c else 0.5) * s for c, s in zip(close, side, strict=True)])
    n = len(values)
    return np.abs(spc.two_of_three(values, np.zeros(n), np.ones(n))).tolist()


def test_two_of_three_beyond_two_sigma() -> None:
    assert _two_of_three([1, 0, 1], [1, 1, 1]) == [1, 0, 1]
    assert _two_of_three([0, 1, 1], [1, 1, 1]) == [0, 1, 1]
    assert _two_of_three([0, 0, 1, 0, 1, 0, 0], [1] * 7) == [0, 0, 1, 0, 1, 0, 0]
    assert _two_of_three([1, 0, 0, 1], [1] * 4) == [0, 0, 0, 0]
    assert _two_of_three([1, 0, 0, 1, 1], [1] * 5) == [0, 0, 0, 1, 1]


def test_two_of_three_needs_the_same_side() -> None:
    assert _two_of_three([1, 0, 1], [1, -1, -1]) == [0, 0, 0]
    assert _two_of_three([1, 1, 0], [1, -1, 1]) == [0, 0, 0]
    assert _two_of_three([0, 0, 1, 1, 0, 0, 0], [-1, 1, -1, 1, -1, 1, -1]) == [0] * 7


def test_symmetric_data_with_two_big_points_on_opposite_sides_is_common_cause() -> None:
    # plotthedots: rep(c(1, -1), 8) with points 15 and 16 set to 5.5 and -5.5. Mean 0; moving
    # ranges 13 x 2, 6.5, 11 -> mean 2.9, 11 screened out -> 32.5 / 14; 2 sigma = 4.12.
    data = [1.0, -1.0] * 8
    data[14], data[15] = 5.5, -5.5
    result = analyse(data, "higher")
    assert result.upper[-1] == pytest.approx(2.66 * 32.5 / 14)
    assert not result.special()[-2:].any()
    assert result.variation == "common"


@pytest.mark.parametrize(("polarity", "expected"), [
    ("higher", ["fail", "pass", "hit_and_miss"]),
    ("lower", ["pass", "fail", "hit_and_miss"]),
    ("neutral", [None, None, None]),
])
def test_assurance_as_plotthedots(polarity: str, expected: list[str | None]) -> None:
    limits = [(1.0, 3.0), (5.0, 7.0), (1.0, 5.0)]
    got = [spc.assurance(low, high, 4.0, polarity) for low, high in limits]  # type: ignore[arg-type]
    assert got == expected


def test_no_target_no_assurance() -> None:
    assert analyse(ALTERNATING, "higher").assurance is None
    assert analyse(ALTERNATING, "higher", target=5.0).assurance == "pass"
    assert analyse(ALTERNATING, "higher", target=11.0).assurance == "hit_and_miss"
    assert analyse(ALTERNATING, "lower", target=5.0).assurance == "fail"


@pytest.mark.parametrize(("polarity", "expected"), [
    ("higher", "improvement"), ("lower", "concern"), ("neutral", "neither_high"),
])
def test_variation_of_a_high_last_point(polarity: str, expected: str) -> None:
    result = analyse([*WIDE, 30.0], polarity)  # type: ignore[arg-type]
    assert result.signals.rule["outside"].tolist() == [False] * 16 + [True]
    assert result.variation == expected


def test_variation_reads_the_latest_point_only() -> None:
    # A spike long ago, then common cause: the chart shows it, the verdict is common cause.
    result = analyse([*WIDE[:8], 30.0, *WIDE[8:]], "higher")
    assert result.special()[8]
    assert result.variation == "common"


def test_signals_in_plain_words() -> None:
    result = analyse([*WIDE, 30.0], "lower")
    lines = spc.describe_signals(result, [f"M{i}" for i in range(17)])
    assert lines == ["Outside the process limits (above): M16"]


# --- properties ----------------------------------------------------------------------------

series = st.lists(st.integers(-50, 50).map(float), min_size=15, max_size=40)


@given(st.floats(-1e6, 1e6, allow_nan=False), st.integers(15, 40))
def test_a_constant_series_never_signals(level: float, n: int) -> None:
    result = analyse([level] * n, "higher", target=level)
    assert not result.special().any()
    assert result.variation == "common"


def _away_from_lines(result: spc.SpcResult) -> bool:
    values, mean, sigma = result.values, result.mean, result.sigma
    lines = [mean + k * sigma for k in (-3, -2, 0, 2, 3)]
    return all(np.min(np.abs(values - line)) > 1e-6 for line in lines)


@given(series, st.sampled_from([0.25, 2.0, 1000.0]), st.integers(-1000, 1000))
def test_shifting_and_scaling_does_not_change_the_signals(
    values: list[float], scale: float, shift: int
) -> None:
    before = analyse(values, "higher")
    assume(_away_from_lines(before))  # exactly on a line, rounding may tip either way
    after = analyse([v * scale + shift for v in values], "higher")
    for rule in spc.RULE_ORDER:
        assert after.signals.side[rule].tolist() == before.signals.side[rule].tolist()
    assert after.variation == before.variation


@given(series)
def test_mirroring_swaps_improvement_and_concern(values: list[float]) -> None:
    before = analyse(values, "higher")
    assume(_away_from_lines(before))
    after = analyse([-v for v in values], "lower")
    assert after.variation == before.variation


def test_each_point_gets_its_own_colour() -> None:
    result = analyse([*WIDE, 30.0], "lower")
    kinds = spc.point_variation(result, "lower")
    assert kinds == ["common"] * 16 + ["concern"]
    assert spc.point_variation(analyse([1.0, 2.0], "higher"), "higher") == ["insufficient"] * 2
