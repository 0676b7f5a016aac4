"""The ribbon refresh on a table of quarter columns and on a table of financial years
with Actual / Target under each year, through xlwings' remote engine."""

from __future__ import annotations

import pytest
import xlwings as xw

import xl_addin

from .conftest import actions
from .payload import book_json
from .replay import replay

pytestmark = pytest.mark.usefixtures("remote_engine")



def ribbon_values(sheets: dict[str, list[list[object]]]) -> dict[tuple[int, int], object]:
    book = xw.Book(json=book_json(sheets, name="periods.xlsx"))
    book.set_mock_caller()
    xl_addin.main()
    painted = replay(actions(book))
    return {(r, c): v for (s, r, c), v in painted.values.items() if s == 0}


def test_ribbon_on_quarter_columns() -> None:
    values = ribbon_values({
        "KPIs": [
            ["Ref", "Indicator", "Q1 2022/23", "Q2 2022/23", "Q3 2022/23", "Q4 2022/23",
             "Q1 2023/24", "Q2 2023/24", "Change from previous period", "", "DoT",
             "12-mnth avg"],
            ["Q1", "Number of assessments", 100, 110, 120, 130, 140, 150],
        ],
        "Settings": [["Ref", "Polarity"], ["Q1", "higher is better"]],
    })
    # By hand: 150 against 140 (+7.1%, ►); against Q2 2022/23 110 (▲); 4 quarters: 135.
    assert values[(1, 8)] == "►"
    assert values[(1, 9)] == pytest.approx(10 / 140)
    assert values[(1, 10)] == "▲"
    assert values[(1, 11)] == pytest.approx(135)


def test_ribbon_on_financial_years_with_actual_and_target() -> None:
    values = ribbon_values({
        "KPIs": [
            ["Ref", "Indicator", "2020/21", "", "2021/22", "", "Change from prev. period", "",
             "Variance to target", "RAG"],
            ["", "", "Actual", "Target", "Actual", "Target"],
            ["Y1", "Number of homes built", 120, 120, 150, 160],
        ],
        "Settings": [["Ref", "Polarity"], ["Y1", "higher is better"]],
    })
    # By hand: 150 against 120 (+25%, ▲); 10 short of 160 (6.25% > 5%): Red.
    assert values[(2, 6)] == "▲"
    assert values[(2, 7)] == pytest.approx(0.25)
    assert values[(2, 8)] == pytest.approx(-10)
    assert values[(2, 9)] == "Red"
