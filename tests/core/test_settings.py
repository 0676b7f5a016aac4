from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_addin.core.grid import Grid
from xl_addin.core.settings import (
    IndicatorSettings,
    SettingsOverride,
    SettingsResolver,
    infer_frequency,
    parse_fraction,
    parse_polarity,
    read_settings_sheet,
    resolve,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Higher is better", "higher"), ("lower", "lower"), ("LOW", "lower"), ("neutral", "neutral"),
     ("sideways", None), (None, None)],
)
def test_polarity_words(raw: str | None, expected: str | None) -> None:
    assert parse_polarity(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(0.1, 0.1), ("10%", 0.1), (10, 0.1), ("1pp", 0.01), ("2 points", 0.02), (0.05, 0.05),
     ("abc", None), (-5, None)],
)
def test_thresholds_and_tolerances(raw: object, expected: float | None) -> None:
    result = parse_fraction(raw)  # type: ignore[arg-type]
    assert result == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize(
    ("name", "flag", "unit"),
    [
        ("Percentage of 16-17 year olds NEET", None, "percent"),
        ("Number of first time entrants per 100,000 10-17 year olds", None, "rate"),
        ("Number of Early Help Plans opened", None, "count"),
        ("Families attached per quarter", None, "count"),
        ("NEET", "Y", "percent"),
        ("NEET", "-", "count"),
    ],
)
def test_unit_is_inferred_from_wording_and_the_percent_column(name: str, flag: str | None,
                                                              unit: str) -> None:
    assert resolve(name, None, percent_flag=flag).unit == unit


def test_quarterly_from_wording() -> None:
    assert infer_frequency("Families attached per quarter") == "quarterly"
    assert infer_frequency("Number of EHA started in the month") == "monthly"


def test_default_thresholds_follow_the_unit() -> None:
    assert IndicatorSettings(unit="count").effective_threshold == 0.10
    assert IndicatorSettings(unit="percent").effective_threshold == 0.01
    assert IndicatorSettings(unit="percent", threshold=0.02).effective_threshold == 0.02


def test_settings_sheet_overrides_and_bad_cells_are_warnings() -> None:
    grid = Grid("Settings", [
        ["Indicator settings"],
        [],
        ["Ref", "Polarity", "Unit", "Frequency", "Threshold", "Tolerance"],
        ["EH1b", "higher is better", None, None, "15%", None],
        ["CIN5", "upside down", "%", "fortnightly", None, 0.1],
    ])
    overrides, findings = read_settings_sheet(grid)
    assert overrides["EH1b"].polarity == "higher"
    assert overrides["EH1b"].threshold == pytest.approx(0.15)
    assert overrides["CIN5"].polarity is None
    assert overrides["CIN5"].unit == "percent"
    assert overrides["CIN5"].tolerance == pytest.approx(0.1)
    assert [f.address for f in findings] == ["'Settings'!B5", "'Settings'!D5"]
    resolved = resolve("Number of CiN", overrides["CIN5"])
    assert (resolved.polarity, resolved.unit, resolved.frequency) == ("neutral", "percent",
                                                                      "monthly")


def test_missing_sheet_row_or_cell_gives_defaults() -> None:
    assert read_settings_sheet(Grid("Settings", [["nothing here"]])) == ({}, [])
    settings = resolve("Families attached per quarter", None)
    assert settings == IndicatorSettings(polarity="neutral", unit="count", frequency="quarterly")


_WORDS = st.sampled_from(["higher", "Lower is better", "neutral", "%", "rate", "count", "pct",
                          "per 1,000", "Y", "yes", "x", "", " ", "1", "sideways", "N", "no",
                          "% of baseline", "% of plan", "percentage", "rate (%)"])
_CELLS = st.one_of(st.none(), _WORDS, st.booleans(), st.integers(-2, 2),
                   st.sampled_from([1.0, 0.0, 100.0]))
_NAMES = st.one_of(st.sampled_from([
    "Number of CiN", "Percentage of referrals", "% re-referrals", "Rate per 10,000",
    "Families attached per quarter", "Quarterly visits (%)", "proportion seen", "",
    "Activity as a % of 2019/20 baseline", "Referrals YTD", "Admissions (Cumulative)",
    "Deaths R12M", "Number of pupils with percentage attendance below 90"]),
    st.text(max_size=12))
_OVERRIDES = st.one_of(st.none(), st.builds(
    SettingsOverride,
    polarity=st.sampled_from([None, "higher", "lower", "neutral"]),
    unit=st.sampled_from([None, "count", "percent", "rate"]),
    frequency=st.sampled_from([None, "monthly", "quarterly"]),
    threshold=st.sampled_from([None, 0.0, 0.05, 0.1]),
    tolerance=st.sampled_from([None, 0.02, 0.05]),
    measure=st.sampled_from([None, "period", "ytd", "rolling", "cumulative"]),
    over_100=st.sampled_from([None, True, False])))
_EVIDENCE = st.tuples(st.booleans(), st.sampled_from([None, "higher", "lower"]))


@given(st.lists(st.tuples(_NAMES, _OVERRIDES, _CELLS, _CELLS, _CELLS, _EVIDENCE), max_size=30))
def test_the_remembering_resolver_returns_what_resolve_does(
    rows: list[tuple[str, SettingsOverride | None, object, object, object,
                     tuple[bool, str | None]]],
) -> None:
    resolver = SettingsResolver()
    for name, override, flag, unit, polarity, (shown, operator) in rows * 2:  # second: memory
        got = resolver(name, override, percent_flag=flag, table_unit=unit,  # type: ignore[arg-type]
                       table_polarity=polarity, figures_percent=shown,
                       target_polarity=operator)  # type: ignore[arg-type]
        assert got == resolve(name, override, percent_flag=flag, table_unit=unit,  # type: ignore[arg-type]
                              table_polarity=polarity, figures_percent=shown,
                              target_polarity=operator)  # type: ignore[arg-type]
