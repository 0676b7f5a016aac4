"""A header among or just after the period headers, with figures under it, that reads
as no period is an error naming the cell; foreign month names are read, not reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from xl_addin.cli import app
from xl_addin.core.periods import Month

from .books import checked, record, write_book
from .test_reader import FRENCH, GERMAN_SHORT, WELSH

MONTHS = ["Sep-19", "Oct-19", "Nov-19", "Dec-19", "Jan-20", "Feb-20", "Mar-20", "Apr-20",
          "May-20", "Jun-20", "Jul-20", "Aug-20"]
FIGURES = [200, 210, 220, 230, 240, 250, 260, 270, 280, 290, 300, 310]


def book(tmp_path: Path, headers: list[str], tail: list[str | None] | None = None,
         extra: list[object] | None = None) -> Path:
    return write_book(tmp_path / "typo.xlsx", [
        ["Ref", "Indicator", *headers, *(tail or ["DoT", "12-mnth avg"])],
        ["A1", "Number of assessments", *FIGURES, *(extra or [])],
        ["A2", "Number of plans", *[f // 2 for f in FIGURES], *(extra or [])],
    ])


@pytest.mark.parametrize(("typo", "meant"), [("Aug-2O", "Aug-20"), ("Agu-20", "Aug-20")])
def test_mistyped_latest_month_is_an_error_naming_the_cell(
    tmp_path: Path, typo: str, meant: str
) -> None:
    result = checked(book(tmp_path, [*MONTHS[:-1], typo]))
    assert result.month == Month(2020, 7)  # what the figures alone would say...
    errors = [f for f in result.findings if f.code == "unreadable_period"]
    assert [(f.level, f.address) for f in errors] == [("error", "'KPIs'!N1")]  # ...said aloud
    assert f"did you mean '{meant}'" in errors[0].message
    assert "Jul-20" in errors[0].message


def test_mistyped_month_among_months_is_an_error(tmp_path: Path) -> None:
    headers = [*MONTHS]
    headers[5] = "Fbe-20"
    result = checked(book(tmp_path, headers))
    errors = [f for f in result.findings if f.code == "unreadable_period"]
    assert [f.address for f in errors] == ["'KPIs'!H1"]


def test_check_strict_exits_3_on_a_mistyped_header(tmp_path: Path) -> None:
    path = book(tmp_path, [*MONTHS[:-1], "Aug-2O"])
    done = CliRunner(env={"COLUMNS": "250"}).invoke(app, ["check", str(path), "--strict"])
    assert done.exit_code == 3  # check --strict found errors (issue 13's exit codes)
    assert "'KPIs'!N1" in done.output


def test_text_columns_after_the_months_are_not_reported(tmp_path: Path) -> None:
    path = book(tmp_path, MONTHS, tail=["Total", "Commentary", "DoT"],
                extra=[3000, "rising"])
    result = checked(path)
    assert result.month == Month(2020, 8)
    assert not [f for f in result.findings if f.code == "unreadable_period"]


def test_header_without_figures_under_it_is_not_reported(tmp_path: Path) -> None:
    path = book(tmp_path, [*MONTHS, "Spet-20"])  # next month typed ahead, no figures yet
    assert not [f for f in checked(path).findings if f.code == "unreadable_period"]


@pytest.mark.parametrize("names", [FRENCH, GERMAN_SHORT, WELSH])
def test_foreign_month_names_are_read_and_give_the_same_figures(
    tmp_path: Path, names: list[str]
) -> None:
    # Jan..Dec 2020: the German headers lost Mär, Mai, Okt and Dez before; now all 12 count.
    path = book(tmp_path, names)
    result = checked(path)
    assert result.month == Month(2020, 12)
    a1 = record(result, "A1")
    assert a1["average"] == pytest.approx(sum(FIGURES) / 12)  # 255, by hand
    assert a1["periods_used"] == 12
    assert not [f for f in result.findings if f.level == "error"]
