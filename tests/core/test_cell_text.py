"""grid.cell_text: a cell said back the way the analyst typed it (findings, layout)."""

from __future__ import annotations

import datetime as dt

import pytest

from xl_addin.core.grid import CellValue, cell_text


@pytest.mark.parametrize(("raw", "text"), [
    (None, ""),
    ("  tbc ", "tbc"),
    (336.0, "336"),
    (0.068, "0.068"),
    (7, "7"),
    (True, "True"),
    (dt.date(2020, 8, 1), "2020-08-01"),
    (dt.datetime(2020, 8, 1, 0, 0), "2020-08-01"),
])
def test_a_cell_is_said_as_typed(raw: CellValue, text: str) -> None:
    assert cell_text(raw) == text
