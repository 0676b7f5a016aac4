"""Header wording: every form the issue lists, by role, whatever its case or punctuation."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_addin.core import headers as h

REF_WORDS = ["Ref", "Ref.", "KPI ref", "KPI No", "KPI code", "PI code", "Measure ID", "NPI/LPI",
             "Code", "ID", "Service Code", "REF NO."]
INDICATOR_WORDS = ["Indicator", "Performance indicator", "Performance indicators",
                   "Key performance indicator", "Key performance indicators", "KPI",
                   "KPI description", "Description", "Measure", "Measure name", "measure_name",
                   "Metric", "Performance measure", "Service Description"]
TARGET_WORDS = ["Target", "Target 20-21", "Plan", "Ambition", "22/23 Ambition", "Trajectory",
                "Standard", "Floor standard"]
OUTPUTS = {
    "RAG": "rag", "RAG rating": "rag", "Status": "rag", "Rating": "rag",
    "Value vs target": "rag",
    "Trend": "dot", "DoT": "dot", "D.o.T.": "dot", "Direction of travel": "dot",
    "Short trend (last quarter)": "change_previous",
    "Long trend (last year)": "change_year",
    "Trend compared to previous year": "change_year",
    "Difference from previous month": "change_previous",
    "Change on last quarter": "change_previous",
    "Change from prev. period": "change_previous",
    "% change from same period py": "change_year",
    "Change since last month": "change_previous",
    "12-mnth avg": "average", "Rolling 12 month average": "average",
    "12-mnth max.": "maximum",
    "Variance to target": "target_variance", "Variance": "target_variance",
    "+/- target": "target_variance", "Difference from ambition": "target_variance",
    "Variance %": "target_variance_pct",
    "vs England": "vs_england", "Compared to region": "vs_region",
}


@pytest.mark.parametrize("text", REF_WORDS)
def test_ref_wording(text: str) -> None:
    assert h.is_ref(text) and not h.is_indicator(text)


@pytest.mark.parametrize("text", INDICATOR_WORDS)
def test_indicator_wording(text: str) -> None:
    assert h.is_indicator(text) and not h.is_ref(text)


@pytest.mark.parametrize("text", TARGET_WORDS)
def test_target_wording_is_a_target_and_no_derived_column(text: str) -> None:
    assert h.is_target(text) and h.output_role(text) is None


@pytest.mark.parametrize(("text", "role"), OUTPUTS.items())
def test_each_derived_header_is_classified_by_what_it_means(text: str, role: str) -> None:
    assert h.output_role(text) == role


@pytest.mark.parametrize("text", ["Difference from previous month", "Change on last quarter",
                                  "Short trend (last quarter)"])
def test_a_previous_period_column_never_takes_the_target_variance(text: str) -> None:
    assert h.output_role(text) not in {"target_variance", "target_variance_pct"}
    assert not h.is_target(text)


@pytest.mark.parametrize("text", ["Previous month", "Same period last year", "Lead officer",
                                  "Notes 2", "Owner", "Difference", "▲▼", "Outcome"])
def test_values_and_unknown_headers_are_no_derived_column(text: str) -> None:
    assert h.output_role(text) is None


def test_arrow_only_trends() -> None:
    assert h.is_arrow_only("Long trend (last year)")
    assert not h.is_arrow_only("Change from prev. period")


@pytest.mark.parametrize("text", ["Source: LA returns", "* provisional", "Notes: figures are "
                                  "rounded", "NB: figures for Q1 are estimates and will change"])
def test_notes_below_a_table(text: str) -> None:
    assert h.is_note(text)


@pytest.mark.parametrize("text", ["Benefits", "Notes", "Key", "Number of referrals"])
def test_headings_and_names_are_no_notes(text: str) -> None:
    assert not h.is_note(text)


def _variant(text: str, upper: bool, sep: str, trail: str) -> str:
    """The same header as another analyst might type it."""
    out = text.upper() if upper else text.lower()
    return re.sub(r" ", sep, out) + trail


@given(st.sampled_from(REF_WORDS + INDICATOR_WORDS + TARGET_WORDS + list(OUTPUTS)),
       st.booleans(), st.sampled_from([" ", "  ", "_", " \n"]), st.sampled_from(["", ".", ":"]))
def test_case_spacing_underscores_and_trailing_punctuation_do_not_matter(
    text: str, upper: bool, sep: str, trail: str
) -> None:
    other = _variant(text, upper, sep, trail)
    assert h.is_ref(other) == h.is_ref(text)
    assert h.is_indicator(other) == h.is_indicator(text)
    assert h.is_target(other) == h.is_target(text)
    assert h.output_role(other) == h.output_role(text)


@given(st.sampled_from(["indicator", "measure", "metric", "kpi", "description"]))
def test_plurals_do_not_matter(word: str) -> None:
    assert h.header_key(word + "s") == h.header_key(word)
    assert h.is_indicator(word.capitalize() + "s")


def test_the_vocabulary_is_one_table_of_phrases_per_role() -> None:
    # Teaching a new wording is one phrase in ROLE_PHRASES; every phrase reads as its role.
    for phrase in h.ROLE_PHRASES["ref"]:
        if "*" not in phrase:
            assert h.is_ref(phrase), phrase
    for phrase in h.ROLE_PHRASES["indicator"]:
        if "*" not in phrase:
            assert h.is_indicator(phrase), phrase
