"""Column inserts on real workbooks (the corpus's XlsxWriter folder), checked with openpyxl.

Each workbook gets a column at B on its first sheet (a header 'New' in B1). Cell
values, merges, conditional format and validation ranges, defined names and
tables are read back independently (openpyxl's own range parsing) and compared
with Excel's rule: a column >= B moves right by one. None of these workbooks has
anything that must be refused, so a refusal fails the test.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.formula import ArrayFormula

from xl_addin.adapters.package import open_workbook
from xl_addin.core.add_month import AddMonthPlan
from xl_addin.core.periods import Month

FILES = ["merge_range01", "merge_range05", "cond_format01", "cond_format10", "data_validation01",
         "data_validation03", "defined_name01", "defined_name04", "chart_bar01", "autofilter01",
         "hyperlink01", "comment01", "table01", "table03", "array_formula01", "outline01",
         "set_column01", "print_area01", "repeat01", "image01", "quote_name01", "simple01"]
AT = 1  # column B


def moved(col: int) -> int:
    """1-based column after inserting column B."""
    return col + 1 if col - 1 >= AT else col


def expected_area(ref: str) -> tuple[int | None, ...]:
    c1, r1, c2, r2 = range_boundaries(ref)
    return (moved(c1) if c1 else c1, r1, moved(c2) if c2 else c2, r2)


def areas(sqref: object) -> set[tuple[int | None, ...]]:
    return {range_boundaries(str(r)) for r in str(sqref).split()}


@pytest.mark.corpus
@pytest.mark.parametrize("name", FILES)
def test_insert_column_b(name: str, corpus: Path, tmp_path: Path) -> None:
    source = corpus / "XlsxWriter" / f"{name}.xlsx"
    path = tmp_path / source.name
    shutil.copyfile(source, path)
    before = openpyxl.load_workbook(path)
    sheet = before.sheetnames[0]
    book = open_workbook(path)
    plan = AddMonthPlan(sheet=sheet, header_row=0, insert_col=AT, month=Month(2020, 9),
                        header="New", latest=Month(2020, 8), hide_col=None)
    book.insert_month_column(plan)
    book.save(tmp_path / "out.xlsx")
    after = openpyxl.load_workbook(tmp_path / "out.xlsx")
    old, new = before[sheet], after[sheet]
    assert new["B1"].value == "New"
    for row in old.iter_rows():
        for cell in row:
            if cell.value is None or isinstance(cell.value, ArrayFormula) or \
                    (isinstance(cell.value, str) and cell.value.startswith("=")):
                target = new.cell(cell.row, moved(cell.column)).value
                assert cell.value is None or type(target) is type(cell.value)
                continue  # formula texts: moved by ref_shift, pinned by its own tests
            target = new.cell(cell.row, moved(cell.column))
            assert target.value == cell.value, (cell.coordinate, target.coordinate)
    assert {expected_area(str(r)) for r in old.merged_cells.ranges} == \
        {range_boundaries(str(r)) for r in new.merged_cells.ranges}
    assert [{expected_area(str(r)) for r in str(cf.sqref).split()}
            for cf in old.conditional_formatting] == \
        [areas(cf.sqref) for cf in new.conditional_formatting]
    assert [{expected_area(str(r)) for r in str(dv.sqref).split()}
            for dv in old.data_validations.dataValidation] == \
        [areas(dv.sqref) for dv in new.data_validations.dataValidation]
    for table_name, ref in old.tables.items():
        assert range_boundaries(new.tables[table_name].ref) == expected_area(ref)
    for defined in before.defined_names.values():
        for where, ref in defined.destinations:
            if where == sheet and "!" not in ref:
                found = dict(after.defined_names[defined.name].destinations)[where]
                assert range_boundaries(found.replace("$", "")) == \
                    expected_area(ref.replace("$", ""))
    with zipfile.ZipFile(tmp_path / "out.xlsx") as out:
        assert out.testzip() is None
