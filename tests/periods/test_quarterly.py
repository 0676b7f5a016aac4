"""A table of quarter columns is quarterly without any settings: previous quarter, same
quarter last year, 4-quarter average; `--month` picks the quarter holding the month."""

from __future__ import annotations

from pathlib import Path

import pytest

from xl_addin.core.periods import Month, Quarter

from .books import checked, record, refreshed, write_book

HEADER = ["Ref", "Indicator", "Q1 2022/23", "Q2 2022/23", "Q3 2022/23", "Q4 2022/23",
          "Q1 2023/24", "Q2 2023/24", "Change from previous period", None,
          "% change from same period py", None, "DoT", "12-mnth avg", "Target 2023/24",
          "Variance to target", "RAG"]
SETTINGS = [["Ref", "Polarity"], ["Q1", "higher is better"], ["Q2", "lower is better"]]


def quarterly_book(tmp_path: Path, headers: list[str] | None = None) -> Path:
    head = list(HEADER)
    if headers is not None:
        head[2:8] = headers
    return write_book(tmp_path / "quarters.xlsx", [
        head,
        ["Q1", "Number of assessments", 100, 110, 120, 130, 140, 150, *[None] * 6, 140],
        ["Q2", "Number of complaints", 50, 40, 45, 44, 40, 30, *[None] * 6, 35],
    ], settings=SETTINGS)


def test_quarter_table_compares_quarters_without_settings(tmp_path: Path) -> None:
    path = quarterly_book(tmp_path)
    result = checked(path)
    assert result.month == Quarter(Month(2023, 7))
    assert result.month.label() == "Q2 2023/24"
    q1 = record(result, "Q1")
    # By hand: 150 against Q1 2023/24 140, against Q2 2022/23 110; 4 quarters 120..150.
    assert q1["previous"] == 140
    assert q1["change_previous"] == pytest.approx(10 / 140)
    assert q1["year_ago"] == 110
    assert q1["change_year"] == pytest.approx(40 / 110)
    assert q1["average"] == pytest.approx((120 + 130 + 140 + 150) / 4)
    assert q1["periods_used"] == 4
    assert q1["variance"] == pytest.approx(10)
    assert q1["rag"] == "green"
    q2 = record(result, "Q2")
    assert q2["change_previous"] == pytest.approx(-10 / 40)
    assert q2["change_year"] == pytest.approx(-10 / 40)
    assert q2["average"] == pytest.approx((45 + 44 + 40 + 30) / 4)
    assert q2["rag"] == "green"  # 30 against a ceiling of 35, lower is better
    assert [f for f in result.findings if f.level == "error"] == []


def test_quarter_table_refresh_writes_the_cells(tmp_path: Path) -> None:
    values = refreshed(quarterly_book(tmp_path))
    q1, q2 = values[1], values[2]
    # I/J: previous quarter arrow and change; K/L: same quarter last year; M DoT; N avg.
    assert q1[8:14] == ["►", pytest.approx(10 / 140), "▲", pytest.approx(40 / 110), "▲",
                        pytest.approx(135)]
    assert q1[15:17] == [pytest.approx(10), "Green"]
    assert q2[8:14] == ["▼", pytest.approx(-0.25), "▼", pytest.approx(-0.25), "▼",
                        pytest.approx(39.75)]


@pytest.mark.parametrize(("option", "label", "current", "previous"), [
    ("2023-05", "Q1 2023/24", 140, 130),
    ("2023-04", "Q1 2023/24", 140, 130),
    ("2023-08", "Q2 2023/24", 150, 140),
    ("2023-03", "Q4 2022/23", 130, 120),
])
def test_month_option_picks_the_quarter_holding_it(
    tmp_path: Path, option: str, label: str, current: float, previous: float
) -> None:
    from xl_addin.core.periods import parse_month_option

    result = checked(quarterly_book(tmp_path), parse_month_option(option))
    assert result.month.label() == label
    q1 = record(result, "Q1")
    assert (q1["current"], q1["previous"]) == (current, previous)


@pytest.mark.parametrize(("headers", "label"), [
    (["Apr-Jun 2022", "Jul-Sep 2022", "Oct-Dec 2022", "Jan-Mar 2023", "Apr-Jun 2023",
      "Jul-Sep 2023"], "Jul-Sep 2023"),
    (["Q2 2022", "Q3 2022", "Q4 2022", "Q1 2023", "Q2 2023", "Q3 2023"], "Q3 2023"),
    (["2022/23 Q1", "2022/23 Q2", "2022/23 Q3", "2022/23 Q4", "2023/24 Q1", "2023/24 Q2"],
     "Q2 2023/24"),
    (["Quarter 1 22/23", "Quarter 2 22/23", "Quarter 3 22/23", "Quarter 4 22/23",
      "Quarter 1 23/24", "Quarter 2 23/24"], "Q2 2023/24"),
])
def test_every_quarter_form_is_the_same_series(tmp_path: Path, headers: list[str],
                                               label: str) -> None:
    result = checked(quarterly_book(tmp_path, headers))
    assert result.month == Quarter(Month(2023, 7))
    assert result.month.label() == label  # in the table's own style
    q1 = record(result, "Q1")
    assert (q1["current"], q1["previous"], q1["year_ago"]) == (150, 140, 110)
    assert q1["rag"] == "green"  # the 2023/24 target: the quarter's financial year


def test_add_month_refuses_a_quarter_table_in_one_sentence(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from xl_addin.cli import app

    path = quarterly_book(tmp_path)
    before = path.read_bytes()
    done = CliRunner(env={"COLUMNS": "250"}).invoke(app, ["add-month", str(path)])
    assert done.exit_code == 1
    text = " ".join(done.output.split())
    assert "'KPIs'!H1: add-month adds month columns, and this table's periods are quarters " \
           "(Q1 2022/23 to Q2 2023/24)." in text
    assert "'Q3 2023/24'" in text
    assert path.read_bytes() == before
