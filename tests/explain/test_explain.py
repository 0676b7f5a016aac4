"""The explain narrative, sentence by sentence, on the seed's own Aug-20 figures."""

from __future__ import annotations

import pytest

from tests.checks.grids import grid, line, settings
from xl_addin.core.explain import UnknownRefError, explain
from xl_addin.core.grid import CellValue
from xl_addin.core.monthly import checked_refresh
from xl_addin.core.periods import Month
from xl_addin.core.refresh import RefreshResult


def series(aug19: float | None, jul20: CellValue, aug20: CellValue,
           fill: float | None = None) -> list[CellValue]:
    """Jul-19 .. Aug-20 with the three figures the rules read, the rest `fill`."""
    middle: list[CellValue] = [fill] * 11  # Sep-19 .. Jul-20 less Jul-20
    return [fill, aug19, *middle[:10], jul20, aug20]


def seed() -> RefreshResult:
    g = grid(
        line("EH1b", "Number of Early Help Plans (EHPs) opened in the month",
             series(180, 339, 280, fill=220), at={"Target 20-21": 250, "England": 250}),
        line("CIN5", "Number of all Children in Need", series(2930, 2363, 2256, fill=2500),
             at={"Target 20-21": 2300}),
        line("LSCB1", "Percentage of 16-17 year olds NEET", series(None, "tbc", "tbc")),
        line("EDGE", "Number at the edge", series(100, 100, 110, fill=100)),
        line("PCT", "Percentage of plans reviewed", series(0.70, 0.075, 0.068, fill=0.07)),
        line("AMB", "Number of visits", series(280, 290, 290, fill=290),
             at={"Target 20-21": 300}),
        line("RED", "Number of reviews", series(280, 280, 280, fill=280),
             at={"Target 20-21": 300}),
        line("FM011", "Families attached per quarter",
             [None, None, None, None, None, 80, None, None, 70, None, None, 90, None, None]),
    )
    s = settings(["EH1b", "higher"], ["CIN5", "lower"], ["LSCB1", "lower"], ["EDGE", "higher"],
                 ["PCT", "lower"], ["AMB", "higher"], ["RED", "higher"], ["FM011", "higher"])
    return checked_refresh(g, s)


def said(ref: str, topic: str) -> str:
    return dict(explain(seed(), ref).lines)[topic]


def test_eh1b_falls_beyond_the_band_so_down() -> None:
    assert said("EH1b", "Change from previous month") == (
        "Aug-20 280 against Jul-20 339: -17%, beyond the 10% band, so ▼. "
        "Higher is better, so that is Negative.")


def test_cin5_stays_within_the_band_so_flat() -> None:
    assert said("CIN5", "Change from previous month").startswith(
        "Aug-20 2,256 against Jul-20 2,363: -5%, within the 10% band, so ►.")
    assert said("CIN5", "Change from same month last year").startswith(
        "Aug-20 2,256 against Aug-19 2,930: -23%, beyond the 10% band, so ▼. "
        "Lower is better, so that is Positive.")


def test_a_tbc_row_is_n_a_and_a_dot() -> None:
    assert said("LSCB1", "Change from previous month") == (
        "Aug-20 has no figure, so the change is n/a and the arrow •.")
    assert said("LSCB1", "Direction of travel") == "neither change can be worked out, so •."
    assert "marked 'tbc'" in said("LSCB1", "Check")


def test_exactly_at_the_threshold_counts_and_says_so() -> None:
    assert said("EDGE", "Change from previous month").startswith(
        "Aug-20 110 against Jul-20 100: +10%, exactly at the 10% band, which counts as a "
        "change, so ▲.")


def test_percentages_change_in_points_against_a_points_band() -> None:
    assert said("PCT", "Change from previous month").startswith(
        "Aug-20 6.8% against Jul-20 7.5%: -0.7 pp, within the 1 pp band, so ►.")
    assert "percentage points" in said("PCT", "Settings")


def test_direction_of_travel_says_which_comparison_it_used() -> None:
    assert said("EH1b", "Direction of travel") == (
        "from the change on the same month last year, so ▲. Verdict: Positive.")


def test_twelve_month_figures_say_how_many_months_they_used() -> None:
    assert said("EH1b", "12-month average").endswith(
        "from 12 of the 12 months Sep-19 to Aug-20.")
    assert said("EH1b", "12-month maximum") == "339."


def test_target_and_rag_in_words() -> None:
    assert said("EH1b", "Target") == (
        "Aug-20 280 against the 2020/21 target 250: 30 above (+12%). "
        "Higher is better, so the target is met: Green.")
    assert said("AMB", "Target").endswith(
        "short by 10 (3.3% of the target), within the 5% tolerance: Amber.")
    assert said("RED", "Target").endswith(
        "short by 20 (6.7% of the target), beyond the 5% tolerance: Red.")
    assert said("LSCB1", "Target") == (
        "there is no figure for the 2020/21 target, so no variance and no RAG.")


def test_a_benchmark_comparison_in_words() -> None:
    assert said("EH1b", "Against England") == (
        "'England' 250; Aug-20 280 is +12% against it, beyond the 10% band: Better.")
    assert said("CIN5", "Benchmarks") == "no figure under 'England', so no comparison."


def test_quarterly_rows_speak_of_quarters_and_their_own_current_period() -> None:
    lines = dict(explain(seed(), "FM011").lines)
    assert "current period is Jun-20" in lines["Periods"]
    assert lines["Change from previous quarter"].startswith(
        "Jun-20 90 against Mar-20 70: +29%, beyond the 10% band, so ▲.")


def test_refs_match_whatever_their_case_and_the_header_names_the_cell() -> None:
    found = explain(seed(), "  eh1B ")
    assert found.ref == "EH1b" and found.address == "'Early Help'!A2"
    assert found.text().splitlines()[0].startswith("EH1b: Number of Early Help Plans")


def test_an_unknown_ref_lists_the_refs_there_are() -> None:
    with pytest.raises(UnknownRefError) as caught:
        explain(seed(), "EH9")
    assert "EH1b, CIN5, LSCB1" in str(caught.value)


def test_a_month_before_the_sheet_starts_is_named_and_said_to_be_missing() -> None:
    g = grid(line("A1", "Number of a", series(110, 100, 120, fill=100)))
    result = checked_refresh(g, month=Month(2019, 8))
    lines = dict(explain(result, "A1").lines)
    assert "same period last year Aug-18 (not on the sheet)" in lines["Periods"]
    assert lines["Change from same month last year"] == (
        "Aug-18 is not on the sheet, so the change is n/a and the arrow •.")


def test_a_change_the_sheet_rounds_onto_the_band_also_says_its_exact_figure() -> None:
    # 109.6 against 100 is +9.6%: the sheet shows +10% (whole percents) yet the arrow is ►,
    # so the sentence gives the exact figure too. 120 against 100 (+20%) needs no more.
    g = grid(line("NEAR", "Number near the band", series(100, 100, 109.6, fill=100)),
             line("FAR", "Number far from it", series(100, 100, 120, fill=100)))
    result = checked_refresh(g, settings(["NEAR", "higher"], ["FAR", "higher"]))
    near = dict(explain(result, "NEAR").lines)["Change from previous month"]
    assert near.startswith("Aug-20 110 against Jul-20 100: +10% (+9.6%), within the 10% band, "
                           "so ►.")
    far = dict(explain(result, "FAR").lines)["Change from previous month"]
    assert far.startswith("Aug-20 120 against Jul-20 100: +20%, beyond the 10% band, so ▲.")


def test_the_average_reads_as_the_sheet_shows_it() -> None:
    # EH1b: Sep-19 .. Jun-20 are 220 (10 months), Jul-20 339, Aug-20 280:
    # (2,200 + 339 + 280) / 12 = 234.9..., shown whole like the sheet's #,##0: 235
    assert said("EH1b", "12-month average").startswith("235 from 12 of the 12 months")
