"""Closed vocabularies: parsed once at the edge, and a word that names nothing is a typed
error naming the argument, never a silent 'no judgement'."""

from __future__ import annotations

import typing

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_addin.core import rules
from xl_addin.core.errors import VocabularyError, XlAddinError
from xl_addin.core.settings import require_polarity, require_unit
from xl_addin.core.vocab import (
    ASSURANCE_LABEL,
    ASSURANCES,
    RAG_LABEL,
    RAGS,
    VERDICT_LABEL,
    VERDICTS,
    Polarity,
    Unit,
)


def test_a_misspelt_polarity_is_an_error_naming_the_argument() -> None:
    with pytest.raises(VocabularyError) as caught:
        rules.verdict("up", require_polarity("hihger"))
    assert caught.value.argument == "polarity" and caught.value.value == "hihger"
    assert caught.value.message == "polarity: 'hihger' is not one of higher/lower/neutral"
    assert caught.value.hint == "Use 'higher is better', 'lower is better' or 'neutral'."
    assert isinstance(caught.value, XlAddinError)


def test_the_parsed_polarity_gives_the_verdict() -> None:
    assert rules.scalar(rules.verdict("up", require_polarity("Higher is better"))) == "positive"
    assert rules.scalar(rules.verdict("up", require_polarity(None))) is None  # blank: neutral


@pytest.mark.parametrize(("parse", "argument", "raw", "expected"), [
    (require_unit, "unit", "%", "percent"),
    (require_unit, "unit", "  ", "count"),
    (require_polarity, "polarity", "lower is better", "lower"),
])
def test_known_words_and_blanks(parse: typing.Callable[[object, str], str], argument: str,
                                raw: object, expected: str) -> None:
    assert parse(raw, argument) == expected


def test_the_argument_named_is_the_callers() -> None:
    with pytest.raises(VocabularyError, match=r"^unit of the benchmark: 'furlongs' is not one"):
        require_unit("furlongs", "unit of the benchmark")


@given(st.one_of(st.none(), st.text(max_size=20), st.integers(), st.floats()))
def test_a_parse_gives_a_word_of_its_vocabulary_or_a_typed_error(raw: object) -> None:
    for parse, words in ((require_polarity, Polarity), (require_unit, Unit)):
        try:
            word = parse(raw)  # type: ignore[operator]
        except VocabularyError as error:
            assert error.value is raw
        else:
            assert word in typing.get_args(words)


def test_the_rules_take_the_vocabulary_not_any_text() -> None:
    """`rules.verdict("up", "hihger")` is a type error: the polarity is the Literal or an
    array of them (parsed at the edge), never Any."""
    hints = typing.get_type_hints(rules.verdict)
    assert hints["polarity"] == Polarity | rules.ObjectArray
    for function in (rules.change, rules.compare_to_benchmark):
        assert typing.get_type_hints(function)["unit"] == Unit | rules.ObjectArray
    for function in (rules.verdict, rules.direction_of_travel, rules.rag,
                     rules.compare_to_benchmark):
        assert typing.Any not in typing.get_type_hints(function).values()


def test_each_vocabulary_has_one_table_of_label_and_tone() -> None:
    assert VERDICT_LABEL == {"positive": "Positive", "similar": "Similar",
                             "negative": "Negative"}
    assert VERDICTS["negative"].tone == "bad" and RAGS["amber"].tone == "neutral"
    assert RAG_LABEL == {"green": "Green", "amber": "Amber", "red": "Red"}
    assert ASSURANCE_LABEL["hit_and_miss"] == "Hit and miss"
    assert ASSURANCES["fail"].tone == "spc_concern"
    assert np.array_equal(rules.verdict(np.array(["up", "down"], dtype=object),
                                        np.array(["lower", "lower"], dtype=object)),
                          np.array(["negative", "positive"], dtype=object))
