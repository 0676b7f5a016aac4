"""Each EH_ function says which argument it cannot read, and a bug is logged, not hidden.

Called as Excel calls them (numbers, text, None for a blank, lists of rows for a range).
Every expected message and figure is written out here by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_addin import udfs
from xl_addin.core.settings import parse_polarity, parse_unit
from xl_addin.udfs import (
    EH_ARROW,
    EH_ASSURANCE,
    EH_AVG12,
    EH_CHANGE,
    EH_CHANGE_YEAR,
    EH_MAX12,
    EH_RAG,
    EH_SPC_LIMITS,
    EH_TARGET_VARIANCE,
    EH_VARIATION,
    EH_VERDICT,
)

POLARITY = "is not one of higher/lower/neutral"
SAME_SIZE = "are not the same size: give ranges of the same size, or one cell"


@pytest.mark.parametrize(("call", "says"), [
    (lambda: EH_VERDICT(0.2, "hihger"), f"polarity: 'hihger' {POLARITY}"),
    (lambda: EH_RAG(1.0, 2.0, "hihger"), f"polarity: 'hihger' {POLARITY}"),
    (lambda: EH_VARIATION([[1.0] * 20], "up-ish"), f"polarity: 'up-ish' {POLARITY}"),
    (lambda: EH_ASSURANCE([[1.0] * 20], "sideways", 5.0), f"polarity: 'sideways' {POLARITY}"),
    (lambda: EH_CHANGE(1.0, 2.0, "kg"), "unit: 'kg' is not one of count/%/rate"),
    (lambda: EH_CHANGE_YEAR([[1.0] * 13], "kg"), "unit: 'kg' is not one of count/%/rate"),
    # a range with one bad word among good ones names the bad one
    (lambda: EH_VERDICT([[0.2], [0.3]], [["higher"], ["hihger"]]),
     f"polarity: 'hihger' {POLARITY}"),
])
def test_an_unknown_word_names_its_argument(call: object, says: str) -> None:
    assert callable(call) and call() == says


@pytest.mark.parametrize(("call", "says"), [
    (lambda: EH_CHANGE([[1.0, 2.0]], [[1.0, 2.0, 3.0]]),
     f"current (1 x 2 cells) and previous (1 x 3 cells) {SAME_SIZE}"),
    (lambda: EH_CHANGE([[1.0], [2.0]], [[1.0], [2.0]], [["%"], ["%"], ["%"]]),
     f"current (2 x 1 cells) and unit (3 x 1 cells) {SAME_SIZE}"),
    (lambda: EH_RAG([[1.0], [2.0], [3.0]], [[1.0], [2.0]], "higher"),
     f"value (3 x 1 cells) and target (2 x 1 cells) {SAME_SIZE}"),
    (lambda: EH_RAG([[1.0], [2.0]], [[1.0], [2.0]], [["higher"], ["lower"], ["higher"]]),
     f"value (2 x 1 cells) and polarity (3 x 1 cells) {SAME_SIZE}"),
    (lambda: EH_VERDICT([[0.1], [0.2]], "higher", [0.1, 0.2, 0.3]),
     f"change (2 x 1 cells) and threshold (3 x 1 cells) {SAME_SIZE}"),
    (lambda: EH_TARGET_VARIANCE([[1.0, 2.0]], [[1.0, 2.0, 3.0]]),
     f"value (1 x 2 cells) and target (1 x 3 cells) {SAME_SIZE}"),
    (lambda: EH_CHANGE_YEAR([[1.0] * 13] * 3, [["%"], ["count"]]),
     "unit (2 x 1 cells) and values (3 rows) do not match: give one unit, or one per row "
     "of values"),
    (lambda: EH_VARIATION([[1.0] * 20] * 2, [["higher"], ["lower"], ["higher"]]),
     "polarity (3 x 1 cells) and values (2 rows) do not match: give one polarity, or one "
     "per row of values"),
    (lambda: EH_ASSURANCE([[1.0] * 20] * 3, "higher", [[1.0], [2.0]]),
     "target (2 x 1 cells) and values (3 rows) do not match: give one target, or one per "
     "row of values"),
])
def test_ranges_that_do_not_match_name_both_arguments_and_sizes(call: object,
                                                                says: str) -> None:
    assert callable(call) and call() == says


def test_one_cell_goes_with_a_range_of_any_size() -> None:
    # 110 and 90 against one target of 100, higher is better, 5% tolerance:
    # met (Green); 10 short of 100, more than 5: Red.
    assert EH_RAG([[110.0], [90.0]], 100.0, "higher") == [["Green"], ["Red"]]
    # one unit for three rows: 13 months each, the last against the first
    assert EH_CHANGE_YEAR([[0.5] + [0.0] * 11 + [0.6]] * 3, "%") == [[pytest.approx(0.1)]] * 3


@pytest.mark.parametrize(("call", "says"), [
    (lambda: EH_ARROW(0.2, "ten percent"), "threshold: 'ten percent' is not a number"),
    (lambda: EH_VERDICT(0.2, "higher", "tbc"), "threshold: 'tbc' is not a number"),
    (lambda: EH_RAG(1.0, 2.0, "higher", "some"), "tolerance: 'some' is not a number"),
    (lambda: EH_RAG(1.0, 2.0, "higher", -0.05), "tolerance: -0.05 is less than 0"),
    (lambda: EH_AVG12([[1.0, 2.0]], 2.5), "window: 2.5 is not a whole number"),
    (lambda: EH_MAX12([[1.0, 2.0]], 0), "window: 0 is less than 1"),
    (lambda: EH_AVG12([[1.0, 2.0]], [1, 2]), "window: give one cell, not 2 x 1 cells"),
    (lambda: EH_TARGET_VARIANCE(110.0, 100.0, "yes"), "relative: 'yes' is not TRUE or FALSE"),
    (lambda: EH_SPC_LIMITS([[1.0] * 20], "many"), "min_points: 'many' is not a whole number"),
    (lambda: EH_VARIATION([[1.0] * 20], "higher", 1), "min_points: 1 is less than 2"),
])
def test_a_parameter_that_is_not_a_number_it_can_take_is_named(call: object,
                                                                says: str) -> None:
    assert callable(call) and call() == says


def test_a_blank_parameter_takes_its_default() -> None:
    # threshold 10%: a change of exactly 0.10 is up, 0.0999 is flat
    assert EH_ARROW(0.10, None) == "▲" and EH_ARROW(0.0999, "") == "►"
    # tolerance 5%: 123.5 is 6.5 short of 130 (= 5% of 130): Amber
    assert EH_RAG(123.5, 130.0, "higher", None) == "Amber"
    # window 12: the last 12 of 1..13 average 7.5
    assert EH_AVG12([[float(n) for n in range(1, 14)]], None) == pytest.approx(7.5)


def test_relative_takes_excel_s_true_and_false_in_any_form() -> None:
    # 110 against 100: 10 more, which is 10% of the target
    for true in (True, 1, "TRUE", "true"):
        assert EH_TARGET_VARIANCE(110.0, 100.0, true) == pytest.approx(0.1)
    for false in (False, 0, "FALSE", None):
        assert EH_TARGET_VARIANCE(110.0, 100.0, false) == pytest.approx(10.0)


def test_an_spc_target_typed_with_an_operator_is_its_number() -> None:
    # 20 points of 100 and 101 against '>= 50': every point passes
    assert EH_ASSURANCE([[100.0, 101.0] * 10], "higher", ">= 50") == "Consistently passing"


@given(st.text(min_size=1, max_size=20).filter(
    lambda text: text.strip() != "" and parse_polarity(text) is None))
def test_any_unknown_polarity_is_named_with_its_text(word: str) -> None:
    assert EH_VERDICT(0.2, word) == f"polarity: {word!r} {POLARITY}"


@given(st.text(min_size=1, max_size=20).filter(
    lambda text: text.strip() != "" and parse_unit(text) is None))
def test_any_unknown_unit_is_named_with_its_text(word: str) -> None:
    assert EH_CHANGE(1.0, 2.0, word) == f"unit: {word!r} is not one of count/%/rate"


@given(st.integers(1, 6), st.integers(1, 6), st.integers(1, 6), st.integers(1, 6))
def test_any_two_sizes_either_pair_up_or_are_both_named(rows_a: int, cols_a: int,
                                                        rows_b: int, cols_b: int) -> None:
    current = [[5.0] * cols_a for _ in range(rows_a)]
    previous = [[4.0] * cols_b for _ in range(rows_b)]
    result = EH_CHANGE(current, previous)
    fits = all(a == b or 1 in (a, b) for a, b in ((rows_a, rows_b), (cols_a, cols_b)))
    if fits:  # 5 against 4: up 25% in every cell
        cells = [result] if not isinstance(result, list) else [c for r in result for c in r]
        assert cells == [pytest.approx(0.25)] * (max(rows_a, rows_b) * max(cols_a, cols_b))
    else:
        def size(rows: int, cols: int) -> str:
            return "1 cell" if rows * cols == 1 else f"{rows} x {cols} cells"
        assert result == (f"current ({size(rows_a, cols_a)}) and previous "
                          f"({size(rows_b, cols_b)}) {SAME_SIZE}")


def test_a_bug_in_a_function_is_logged_and_the_cell_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))

    def broken(*args: object) -> object:
        return {}["unit"]  # a bug: a KeyError nobody meant

    monkeypatch.setattr(udfs.rules, "change", broken)
    log = tmp_path / ".xl_addin" / "xl_addin.log"
    assert EH_CHANGE(1.0, 2.0) == (
        f"bug in xl-addin (KeyError in EH_CHANGE): please send {log} to the performance team")
    text = log.read_text(encoding="utf-8")
    assert "while calculating EH_CHANGE" in text and "KeyError: 'unit'" in text
    assert "Traceback (most recent call last)" in text


def test_a_value_error_inside_is_a_bug_not_a_mismatch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))

    def broken(*args: object) -> object:
        raise ValueError("could not convert")

    monkeypatch.setattr(udfs.rules, "window_stats", broken)
    assert EH_AVG12([[1.0, 2.0]]).startswith("bug in xl-addin (ValueError in EH_AVG12)")


def test_every_argument_is_declared_once_for_both_add_ins() -> None:
    """The Office.js add-in registers the functions from udfs.ARGUMENTS, so an argument
    missing there would reach it without its options (a range as a flat list)."""
    import inspect

    for name in udfs.__all__:
        parameters = list(inspect.signature(getattr(udfs, name)).parameters)
        assert [arg for arg, _ in udfs.ARGUMENTS[name]] == parameters, name
