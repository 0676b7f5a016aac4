"""The header-order checks in the table's own periods: quarters, years, weeks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .books import checked, write_book


def findings(tmp_path: Path, headers: list[object], code: str) -> list[tuple[str, str, str]]:
    path = write_book(tmp_path / "order.xlsx", [
        ["Ref", "Indicator", *headers, "DoT"],
        ["A1", "Number of assessments", *range(10, 10 + len(headers))],
    ])
    return [(f.level, f.address, f.message) for f in checked(path).findings if f.code == code]


def test_a_missing_quarter_is_a_gap(tmp_path: Path) -> None:
    got = findings(tmp_path, ["Q1 2022/23", "Q2 2022/23", "Q4 2022/23", "Q1 2023/24"],
                   "month_gap")
    assert got == [("warning", "'KPIs'!E1",
                    "no column for Q3 2022/23 between Q2 2022/23 and Q4 2022/23")]


def test_a_repeated_financial_year_is_an_error(tmp_path: Path) -> None:
    got = findings(tmp_path, ["2019/20", "2020/21", "2020/21", "2021/22"], "month_order")
    assert got == [("error", "'KPIs'!E1",
                    "2020/21 is a second header for the same year as D1")]


def test_weeks_out_of_order(tmp_path: Path) -> None:
    days = [dt.date(2020, 7, 6), dt.date(2020, 7, 13), dt.date(2020, 7, 27),
            dt.date(2020, 7, 20), dt.date(2020, 8, 3)]
    got = findings(tmp_path, list(days), "month_order")
    assert got == [("error", "'KPIs'!F1", "Week 20-Jul-20 comes after Week 27-Jul-20, "
                                          "out of order")]
