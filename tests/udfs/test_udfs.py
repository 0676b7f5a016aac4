"""The EH_ worksheet functions, called with what Excel passes them.

Excel hands a UDF floats, None for blanks, text, booleans and, for a range
(ndim=2), a list of rows. Every figure is checked against the seed's own
numbers or the rule it comes from.
"""

from __future__ import annotations

import inspect

import pytest

from xl_addin import udfs
from xl_addin.udfs import (
    EH_ARROW,
    EH_AVG12,
    EH_CHANGE,
    EH_CHANGE_YEAR,
    EH_MAX12,
    EH_RAG,
    EH_TARGET_VARIANCE,
    EH_VERDICT,
)

# EH1a, Sep-18 .. Aug-20 as in the seed (Feb-20 blank).
EH1A = [114.0, 105.0, 115.0, 121.0, 103.0, 106.0, 114.0, 121.0, 103.0, 127.0, 99.0, 126.0,
        118.0, 205.0, 130.0, 98.0, 87.0, None, 113.0, 79.0, 79.0, 96.0, 139.0, 132.0]


def test_change_from_previous_single_cells() -> None:
    assert EH_CHANGE(132.0, 139.0) == pytest.approx(-0.0504, abs=1e-4)  # seed: -5%
    assert EH_CHANGE(90.0, 100.0) == pytest.approx(-0.10)


def test_change_for_percentages_is_in_points() -> None:
    assert EH_CHANGE(0.068, 0.05, "%") == pytest.approx(0.018)
    assert EH_CHANGE("6.8%", "5%", "percent") == pytest.approx(0.018)


@pytest.mark.parametrize("blank", [None, "", "tbc", "n/a", "-", "#N/A"])
def test_missing_inputs_give_n_a_not_an_error(blank: object) -> None:
    assert EH_CHANGE(blank, 100.0) == "n/a"
    assert EH_CHANGE(100.0, blank) == "n/a"
    assert EH_TARGET_VARIANCE(blank, 100.0) == "n/a"
    assert EH_RAG(blank, 100.0, "higher") == "n/a"
    assert EH_VERDICT(blank, "higher") == "n/a"


def test_change_from_zero_is_n_a() -> None:
    assert EH_CHANGE(5.0, 0.0) == "n/a"


def test_ranges_give_arrays_of_the_same_shape() -> None:
    current = [[132.0], [263.0], [None]]
    previous = [[139.0], [278.0], [12.0]]
    result = EH_CHANGE(current, previous)
    assert [len(r) for r in result] == [1, 1, 1]
    assert result[0][0] == pytest.approx(-0.0504, abs=1e-4)
    assert result[1][0] == pytest.approx(-0.054, abs=1e-3)
    assert result[2][0] == "n/a"


def test_mismatched_ranges_say_so_in_the_cell() -> None:
    assert EH_CHANGE([[1.0, 2.0]], [[1.0, 2.0, 3.0]]) == (
        "current (1 x 2 cells) and previous (1 x 3 cells) are not the same size: give ranges "
        "of the same size, or one cell")


def test_unknown_words_are_named_in_the_cell() -> None:
    assert EH_CHANGE(1.0, 2.0, "banana") == "unit: 'banana' is not one of count/%/rate"
    assert EH_VERDICT(0.2, "sideways") == (
        "polarity: 'sideways' is not one of higher/lower/neutral")


def test_change_from_same_period_last_year_from_a_row() -> None:
    # Aug-20 132 against Aug-19 126: the seed's 5%.
    assert EH_CHANGE_YEAR([EH1A]) == pytest.approx(132 / 126 - 1)


def test_change_year_takes_a_column_too_and_one_result_per_row() -> None:
    assert EH_CHANGE_YEAR([[v] for v in EH1A]) == pytest.approx(132 / 126 - 1)
    two = EH_CHANGE_YEAR([EH1A, [*EH1A[:-1], None]])
    assert two[0][0] == pytest.approx(132 / 126 - 1) and two[1][0] == "n/a"


def test_change_year_needs_thirteen_months() -> None:
    assert EH_CHANGE_YEAR([EH1A[-12:]]) == "n/a"


def test_twelve_month_average_and_maximum_match_the_seed() -> None:
    # Seed: 12-mnth avg 116, 12-mnth max 205 (the blank Feb-20 is skipped).
    assert EH_AVG12([EH1A]) == pytest.approx(1276 / 11)  # 11 months with figures
    assert EH_MAX12([EH1A]) == 205.0
    assert EH_AVG12([[None, "tbc"]]) == "n/a"
    assert EH_AVG12([EH1A], 3) == pytest.approx((96 + 139 + 132) / 3)


def test_window_must_be_a_number_of_months() -> None:
    assert EH_AVG12([EH1A], "x") == "window: 'x' is not a whole number"


@pytest.mark.parametrize(
    ("change", "arrow"),
    [(0.10, "▲"), (0.0999, "►"), (-0.10, "▼"), (-0.05, "►"), (None, "•")],
)
def test_arrow_at_the_threshold(change: float | None, arrow: str) -> None:
    assert EH_ARROW(change) == arrow


def test_arrow_with_a_points_threshold() -> None:
    assert EH_ARROW(0.012, 0.01) == "▲"


@pytest.mark.parametrize(
    ("change", "polarity", "verdict"),
    [(-0.17, "higher is better", "Negative"), (-0.17, "lower is better", "Positive"),
     (0.05, "higher", "Similar"), (-0.17, "neutral", "n/a"), (-0.17, None, "n/a")],
)
def test_verdict_follows_polarity(change: float, polarity: str | None, verdict: str) -> None:
    assert EH_VERDICT(change, polarity) == verdict


def test_target_variance_absolute_and_relative() -> None:
    assert EH_TARGET_VARIANCE(132.0, 130.0) == 2.0
    assert EH_TARGET_VARIANCE(132.0, 130.0, True) == pytest.approx(2 / 130)


@pytest.mark.parametrize(
    ("value", "polarity", "rag"),
    [(130.0, "higher", "Green"), (123.5, "higher", "Amber"), (123.4, "higher", "Red"),
     (136.5, "lower", "Amber"), (130.0, "neutral", "n/a")],
)
def test_rag_edges(value: float, polarity: str, rag: str) -> None:
    assert EH_RAG(value, 130.0, polarity) == rag


def test_a_target_typed_with_an_operator_is_its_number() -> None:
    # 0.93 against '>= 95%' (0.95): 2 points short, within 5% of 0.95: Amber.
    assert EH_RAG(0.93, ">= 95%", "higher") == "Amber"
    assert EH_TARGET_VARIANCE(4.0, "< 5") == pytest.approx(-1.0)


def test_rag_over_a_range() -> None:
    assert EH_RAG([[130.0], [100.0]], [[130.0], [130.0]], [["higher"], ["higher"]]) == [
        ["Green"], ["Red"]]


def test_every_udf_is_prefixed_documented_and_positional() -> None:
    for name in udfs.__all__:
        function = getattr(udfs, name)
        assert name.startswith("EH_") and function.__name__ == name
        assert function.__doc__ and len(function.__doc__) <= 255  # the wizard's limit
        kinds = {p.kind for p in inspect.signature(function).parameters.values()}
        assert kinds == {inspect.Parameter.POSITIONAL_OR_KEYWORD}  # xlwings' rule
