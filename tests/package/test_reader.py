"""Reading sheets: values, formulas, used range, a big sheet; both readers agree."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import openpyxl
import pytest

from xl_addin.adapters.package import SheetNotFoundError, open_workbook
from xl_addin.adapters.package.opc import OpcPackage
from xl_addin.adapters.package.read.fast_reader import FastReader
from xl_addin.adapters.package.read.shared_strings import read_shared_strings
from xl_addin.adapters.package.read.sheet_reader import read_grid_streaming
from xl_addin.adapters.package.read.workbook_map import read_workbook_map
from xl_addin.core.errors import WorkbookError
from xl_addin.core.grid import Grid

from .builders import big_sheet_xml, dashboard, with_sheet_xml


def test_values_formulas_and_used_range(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet["C3"] = "Indicator"
    sheet["D3"] = 12
    sheet["E3"] = 0.5
    sheet["D4"] = True
    sheet["E4"] = "=D3*2"
    sheet["C5"] = dt.datetime(2025, 3, 1)
    path = tmp_path / "values.xlsx"
    book.save(path)
    grid = open_workbook(path).read_grid("Data")
    assert grid.origin == (2, 2)
    assert grid.rows[0] == ["Indicator", 12, 0.5]
    assert grid.value(3, 3) is True
    assert grid.formulas == frozenset({(3, 4)})
    assert grid.value(4, 2) == 45717  # 2025-03-01 as an Excel serial


def test_errors_shared_formulas_and_rich_text_from_real_files(corpus: Path) -> None:
    errors = open_workbook(corpus / "calamine" / "errors.xlsx", for_writing=False)
    grid = errors.read_grid(errors.sheet_names()[0])
    assert [grid.value(r, 0) for r in range(7)] == [
        "#DIV/0!",
        "#NAME?",
        "#VALUE!",
        "#NULL!",
        "#REF!",
        "#NUM!",
        "#N/A",
    ]
    assert len(grid.formulas) == 7
    shared = open_workbook(corpus / "calamine" / "shared_formula_simple.xlsx", for_writing=False)
    shared_grid = shared.read_grid(shared.sheet_names()[0])
    assert len(shared_grid.formulas) > 1
    rich = open_workbook(corpus / "calamine" / "richtext-namespaced.xlsx", for_writing=False)
    assert any(
        isinstance(v, str) and v for row in rich.read_grid(rich.sheet_names()[0]).rows for v in row
    )


def test_chart_sheets_are_not_worksheets(corpus: Path) -> None:
    book = open_workbook(corpus / "XlsxWriter" / "chartsheet01.xlsx", for_writing=False)
    assert book.sheet_names() == ["Sheet1"]


def test_unknown_sheet_names_the_sheets_there_are(tmp_path: Path) -> None:
    book = open_workbook(dashboard(tmp_path / "d.xlsx"))
    with pytest.raises(SheetNotFoundError, match="Early Help, Settings"):
        book.read_grid("Nope")


def _both_readers(path: Path) -> list[tuple[str, Grid, Grid]]:
    data = path.read_bytes()
    package = OpcPackage.from_bytes(str(path), data)
    book_map = read_workbook_map(package)
    shared = read_shared_strings(package, book_map.part_of_kind("sharedStrings"))
    fast = FastReader(data, date1904=book_map.date1904)
    pairs = []
    for ref in book_map.worksheets:
        xml = package.read(ref.part)
        quick = fast.read(ref.name, xml)
        if quick is not None:
            exact = read_grid_streaming(
                xml, ref.name, shared, path=str(path), part=ref.part, date1904=book_map.date1904
            )
            pairs.append((ref.name, quick, exact))
    return pairs


@pytest.mark.corpus
def test_fast_reader_agrees_with_the_streaming_reader(corpus: Path) -> None:
    """calamine plus the byte scan give what a full XML parse gives, on every corpus sheet."""
    compared = 0
    disagreements = []
    refused = []
    for path in sorted(corpus.rglob("*.xls[xm]")):
        try:
            open_workbook(path, for_writing=False)
        except WorkbookError:  # refused with a reason: tests/package/test_refusals.py
            refused.append(path.name)
            continue
        pairs = _both_readers(path)  # a workbook the adapter opens must read with both
        for sheet, quick, exact in pairs:
            compared += 1
            if _first_difference(quick, exact) != "?":
                disagreements.append(f"{path.name}!{sheet}: {_first_difference(quick, exact)}")
    assert compared > 900
    assert disagreements == []
    assert len(refused) < 10, refused


def _first_difference(quick: Grid, exact: Grid) -> str:
    if quick.origin != exact.origin:
        return f"origin {quick.origin} != {exact.origin}"
    if quick.formulas != exact.formulas:
        return f"formulas {sorted(quick.formulas ^ exact.formulas)[:3]}"
    for r in range(exact.first_row, exact.last_row):
        for c in range(exact.first_col, exact.last_col):
            a, b = quick.value(r, c), exact.value(r, c)
            # calamine turns date-formatted numbers into datetimes (microseconds) and back
            if isinstance(a, float) and isinstance(b, float) and math.isclose(a, b, rel_tol=1e-9):
                continue
            if a != b:
                return f"{r},{c}: {quick.value(r, c)!r} != {exact.value(r, c)!r}"
    return "?"


def test_big_sheet_reads_whole(tmp_path: Path) -> None:
    """10,000 rows x 130 columns (1.3 million cells, 52 MB of XML), every row and formula.

    How fast is the benchmark's business (benchmarks/), not a test's: a time limit
    fails under load and proves nothing about correctness.
    """
    path = with_sheet_xml(
        dashboard(tmp_path / "d.xlsx"), tmp_path / "big.xlsx", big_sheet_xml(10_000, 130)
    )
    grid = open_workbook(path).read_grid("Early Help")
    assert (grid.height, grid.width) == (10_000, 130)
    assert len(grid.formulas) == 10_000
    assert grid.value(9_999, 0) == "row 10000"
