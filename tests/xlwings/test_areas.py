"""Grouping cells into blocks and multi-area addresses (pure helpers of the adapter)."""

from __future__ import annotations

from xl_addin.adapters.areas import MAX_ADDRESS_CHARS, Area, address_batches, column_areas
from xl_addin.adapters.xlwings_book import excel_text


def test_cells_become_runs_per_column() -> None:
    cells = [(6, 10), (7, 10), (8, 10), (11, 10), (6, 12)]
    assert column_areas(cells) == [Area(10, 6, 8), Area(10, 11, 11), Area(12, 6, 6)]
    assert [a.address() for a in column_areas(cells)] == ["K7:K9", "K12", "M7"]


def test_multi_area_addresses_stay_within_excels_limit() -> None:
    areas = column_areas((row, 3) for row in range(0, 2000, 2))  # 1,000 single cells
    batches = list(address_batches(areas))
    assert all(len(b) <= MAX_ADDRESS_CHARS for b in batches)
    assert ",".join(batches).split(",") == [a.address() for a in areas]
    assert len(batches) < len(areas) / 20


def test_text_excel_would_parse_is_kept_as_text() -> None:
    assert excel_text("=SUM(A1)") == "'=SUM(A1)"
    assert excel_text("-") == "'-"
    assert excel_text("▲") == "▲" and excel_text("n/a") == "n/a"
    assert excel_text(0.5) == 0.5
    # text Excel's typing would turn into a date or a number stays text
    assert excel_text("Aug-20") == "'Aug-20"
    assert excel_text("2020-09-03 14:05") == "'2020-09-03 14:05"
    assert excel_text("TRUE") == "'TRUE"
    assert excel_text("Worse than England") == "Worse than England"
