from __future__ import annotations

import pytest

from xl_addin.core.grid import Grid
from xl_addin.core.settings import (
    IndicatorSettings,
    infer_frequency,
    infer_unit,
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
    assert infer_unit(name, flag) == unit


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
