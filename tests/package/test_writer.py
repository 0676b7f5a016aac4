"""Writing cells into a workbook file: values, text, formats, tones, new sheets."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from xl_addin.adapters.package import CorruptWorkbookError, open_workbook
from xl_addin.adapters.package.sheet_layout import SheetLayoutError
from xl_addin.adapters.package.write.sheet_writer import write_cells
from xl_addin.core.errors import FormulaCellError
from xl_addin.core.plan import CellWrite, WritePlan

from .builders import dashboard, with_sheet_xml
from .fidelity import member_findings, sheet_findings, styles_findings

SHEET = "Early Help"


def _part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def _refresh(path: Path, *writes: CellWrite, sheet: str = SHEET) -> Path:
    book = open_workbook(path)
    book.apply([WritePlan(sheet, writes)])
    book.save(backup=False)
    return path


@pytest.fixture
def book_path(tmp_path: Path) -> Path:
    return dashboard(tmp_path / "dashboard.xlsx")


def test_numbers_text_and_blank_are_written_and_read_back(book_path: Path) -> None:
    _refresh(
        book_path,
        CellWrite(1, 3, 0.25),
        CellWrite(2, 3, -0.2),
        CellWrite(1, 4, "▲ up"),
        CellWrite(0, 3, None),
    )
    grid = open_workbook(book_path).read_grid(SHEET)
    assert grid.value(1, 3) == 0.25
    assert grid.value(2, 3) == -0.2
    assert grid.value(1, 4) == "▲ up"
    assert grid.value(0, 3) is None
    sheet = openpyxl.load_workbook(book_path)[SHEET]
    assert sheet["D2"].value == 0.25
    assert sheet["E2"].value == "▲ up"


def test_text_starting_with_equals_stays_text(book_path: Path) -> None:
    _refresh(book_path, CellWrite(1, 4, "=C2-B2 is not a formula"), CellWrite(2, 4, "+1"))
    sheet_xml = _part(book_path, "xl/worksheets/sheet1.xml")
    cell = etree.fromstring(sheet_xml).find(".//{*}c[@r='E2']")
    assert cell is not None
    assert cell.get("t") == "inlineStr"
    assert cell.find("{*}f") is None
    assert openpyxl.load_workbook(book_path)[SHEET]["E2"].value == "=C2-B2 is not a formula"
    assert open_workbook(book_path).read_grid(SHEET).value(1, 4) == "=C2-B2 is not a formula"


def test_text_keeps_spaces_newlines_and_literal_escapes(book_path: Path) -> None:
    text = "  two\nlines _x000D_ \x01 "
    _refresh(book_path, CellWrite(1, 4, text))
    assert open_workbook(book_path).read_grid(SHEET).value(1, 4) == text


def test_clearing_keeps_the_cell_style(book_path: Path) -> None:
    before = openpyxl.load_workbook(book_path)[SHEET]["E2"]
    fill, bold = before.fill.fgColor.rgb, before.font.bold
    _refresh(book_path, CellWrite(1, 4, "x"))
    _refresh(book_path, CellWrite(1, 4, None))
    after = openpyxl.load_workbook(book_path)[SHEET]["E2"]
    assert after.value is None
    assert (after.fill.fgColor.rgb, after.font.bold) == (fill, bold)


@pytest.mark.parametrize(
    ("tone", "fill"),
    [("good", "FFC6EFCE"), ("neutral", "FFFFEB9C"), ("bad", "FFFFC7CE")],
)
def test_tones_use_excel_palette_fills(book_path: Path, tone: str, fill: str) -> None:
    font_before = openpyxl.load_workbook(book_path)[SHEET]["D2"].font.__dict__
    _refresh(book_path, CellWrite(1, 3, 0.25, "0.0%", tone))  # type: ignore[arg-type]
    cell = openpyxl.load_workbook(book_path)[SHEET]["D2"]
    assert cell.fill.fill_type == "solid"
    assert cell.fill.fgColor.rgb == fill
    assert cell.font.__dict__ == font_before  # the fill alone carries the tone
    assert cell.number_format == "0.0%"


def test_plain_tone_clears_our_colours_but_keeps_the_users(book_path: Path) -> None:
    _refresh(book_path, CellWrite(1, 3, 0.25, None, "bad"), CellWrite(1, 4, "▲"))
    _refresh(book_path, CellWrite(1, 3, 0.25, None, None), CellWrite(1, 4, "▲", None, None))
    sheet = openpyxl.load_workbook(book_path)[SHEET]
    assert sheet["D2"].fill.fill_type is None
    assert sheet["E2"].fill.fgColor.rgb == "FFDDEEFF"  # the user's fill stays
    assert sheet["E2"].font.color.rgb == "FF123456"


def test_a_tone_keeps_the_users_font_colour(book_path: Path) -> None:
    _refresh(book_path, CellWrite(1, 4, "▲", None, "good"))
    cell = openpyxl.load_workbook(book_path)[SHEET]["E2"]
    assert cell.fill.fgColor.rgb == "FFC6EFCE"
    assert cell.font.color.rgb == "FF123456" and cell.font.bold


def test_font_colours_of_earlier_versions_are_taken_off(book_path: Path) -> None:
    """Refreshes before 0.2 coloured the text too (Excel's Good style: dark green)."""
    book = openpyxl.load_workbook(book_path)
    book[SHEET]["D2"].font = openpyxl.styles.Font(color="FF006100", bold=True)
    book.save(book_path)
    _refresh(book_path, CellWrite(1, 3, 0.25, None, "bad"))
    cell = openpyxl.load_workbook(book_path)[SHEET]["D2"]
    assert cell.font.color is None and cell.font.bold  # only the colour goes
    assert cell.fill.fgColor.rgb == "FFFFC7CE"


def test_number_formats_builtin_existing_and_new(book_path: Path) -> None:
    _refresh(
        book_path,
        CellWrite(1, 3, 0.25, "0%"),
        CellWrite(2, 3, 0.2, "0.0%;[Red]-0.0%"),
        CellWrite(1, 1, 120, "0.0%;[Red]-0.0%"),
    )
    styles = etree.fromstring(_part(book_path, "xl/styles.xml"))
    custom = styles.findall(".//{*}numFmt")
    assert [f.get("formatCode") for f in custom].count("0.0%;[Red]-0.0%") == 1
    assert all(int(f.get("numFmtId", "0")) >= 164 for f in custom)
    sheet = openpyxl.load_workbook(book_path)[SHEET]
    assert sheet["D2"].number_format == "0%"
    assert sheet["D3"].number_format == "0.0%;[Red]-0.0%"


def test_second_refresh_is_byte_identical_and_styles_do_not_grow(book_path: Path) -> None:
    writes = (
        CellWrite(1, 3, 0.25, "0.0%", "good"),
        CellWrite(2, 3, -0.2, "0.0%", "bad"),
        CellWrite(1, 4, "▲", None, "good"),
        CellWrite(9, 9, "new row", None, "neutral"),
    )
    _refresh(book_path, *writes)
    first = book_path.read_bytes()
    _refresh(book_path, *writes)
    assert book_path.read_bytes() == first
    # tones swapped back and forth: styles settle, they do not pile up
    swapped = tuple(
        CellWrite(w.row, w.col, w.value, w.number_format, "bad" if w.tone == "good" else "good")
        for w in writes
    )
    _refresh(book_path, *swapped)
    grown = len(_part(book_path, "xl/styles.xml"))
    for _ in range(3):
        _refresh(book_path, *writes)
        _refresh(book_path, *swapped)
    assert len(_part(book_path, "xl/styles.xml")) == grown


def test_only_written_cells_and_appended_styles_change(book_path: Path) -> None:
    original = book_path.read_bytes()
    writes = (
        CellWrite(1, 3, 0.25, "0.0%", "good"),
        CellWrite(30, 2, "far below", None, "bad"),
        CellWrite(1, 40, 1.0),
    )
    _refresh(book_path, *writes)
    sheet, styles = "xl/worksheets/sheet1.xml", "xl/styles.xml"
    findings, old, new = member_findings(original, book_path.read_bytes(), {sheet, styles})
    findings += sheet_findings(old[sheet], new[sheet], writes)
    findings += styles_findings(old[styles], new[styles])
    assert findings == []
    root = etree.fromstring(new[sheet])
    assert root.find("{*}dimension").get("ref") == "A1:AO31"  # type: ignore[union-attr]
    assert root.find(".//{*}mergeCell").get("ref") == "A6:C6"  # type: ignore[union-attr]


def test_writing_over_a_formula_is_refused_and_nothing_is_staged(book_path: Path) -> None:
    book = open_workbook(book_path)
    plan = WritePlan(SHEET, (CellWrite(1, 3, 1.0), CellWrite(1, 5, 2.0)))
    with pytest.raises(FormulaCellError, match="F2"):
        book.apply([plan])
    assert book.changed_parts() == []


_SHEET_OPEN = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               b"<sheetData>")


@pytest.mark.parametrize("ref", ["$A2", "A$2", "$B$2", "B"])
def test_a_cell_numbered_with_dollars_is_a_typed_error_naming_the_sheet_and_cell(
    tmp_path: Path, ref: str
) -> None:
    row = f'<row r="2"><c r="{ref}"><v>1</v></c></row>'.encode()
    data = _SHEET_OPEN + row + b"</sheetData></worksheet>"
    named = re.escape(repr(ref))
    with pytest.raises(SheetLayoutError, match="row 2 holds a cell numbered " + named):
        write_cells(data, SHEET, [CellWrite(1, 3, 5.0)], lambda style, fmt, tone: style)
    path = with_sheet_xml(dashboard(tmp_path / "d.xlsx"), tmp_path / "dollar.xlsx", data)
    book = open_workbook(path)
    with pytest.raises(CorruptWorkbookError, match="sheet 'Early Help': row 2 .*" + named):
        book.apply([WritePlan(SHEET, (CellWrite(1, 3, 5.0),))])
    assert book.changed_parts() == []


@pytest.mark.parametrize(("row", "named"), [
    (b'<row r="2"><c r="D2" s="x"><v>1</v></c></row>', "cell D2's style is 'x'"),
    (b'<row r="2" s="x" customFormat="1"><c r="A2"><v>1</v></c></row>', "row 2's style is 'x'"),
])
def test_a_style_that_is_not_a_number_is_a_typed_error(row: bytes, named: str) -> None:
    data = _SHEET_OPEN + row + b"</sheetData></worksheet>"
    with pytest.raises(SheetLayoutError, match=re.escape(named) + ", not a whole number"):
        write_cells(data, SHEET, [CellWrite(1, 3, 5.0)], lambda style, fmt, tone: style)


def test_plan_for_a_missing_sheet_creates_it(book_path: Path) -> None:
    original = book_path.read_bytes()
    _refresh(
        book_path,
        CellWrite(0, 0, "Check"),
        CellWrite(1, 0, "ok", None, "good"),
        sheet="Data checks",
    )
    book = open_workbook(book_path)
    assert book.sheet_names() == [SHEET, "Settings", "Data checks"]
    assert book.read_grid("Data checks").value(1, 0) == "ok"
    loaded = openpyxl.load_workbook(book_path)
    assert loaded["Data checks"]["A1"].value == "Check"
    allowed = {
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "[content_types].xml",
        "xl/styles.xml",
    }
    findings, _, new = member_findings(original, book_path.read_bytes(), allowed)
    assert findings == []
    assert "xl/worksheets/sheet3.xml" in new


def test_bad_sheet_name_is_refused(book_path: Path) -> None:
    from xl_addin.adapters.package import InvalidSheetNameError

    book = open_workbook(book_path)
    with pytest.raises(InvalidSheetNameError, match="not allow"):
        book.apply([WritePlan("a/b", (CellWrite(0, 0, 1.0),))])


def test_rows_and_cells_without_numbers_stay_in_place(tmp_path: Path, corpus: Path) -> None:
    """issue_261.xlsx numbers neither rows nor cells: inserting must not shift them."""
    path = tmp_path / "issue_261.xlsx"
    path.write_bytes((corpus / "calamine" / "issue_261.xlsx").read_bytes())
    before = open_workbook(path).read_grid(open_workbook(path).sheet_names()[0])
    sheet = before.sheet
    _refresh(path, CellWrite(before.last_row + 3, 1, "below"), CellWrite(0, 30, 5.0), sheet=sheet)
    after = open_workbook(path).read_grid(sheet)
    for r in range(before.first_row, before.last_row):
        for c in range(before.first_col, before.last_col):
            if (r, c) != (0, 30):
                assert after.value(r, c) == before.value(r, c)
    assert after.value(before.last_row + 3, 1) == "below"


def test_prefixed_sheet_xml_is_written_with_its_prefix(tmp_path: Path, corpus: Path) -> None:
    path = tmp_path / "ns.xlsx"
    path.write_bytes((corpus / "calamine" / "richtext-namespaced.xlsx").read_bytes())
    book = open_workbook(path)
    sheet = book.sheet_names()[0]
    part = book.sheet_part(sheet)
    _refresh(path, CellWrite(40, 2, "x", None, "good"), sheet=sheet)
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        xml = archive.read(next(n for n in archive.namelist() if n.lower() == part))
    assert b"<x:row" in xml
    assert b"<row" not in xml
    assert open_workbook(path).read_grid(sheet).value(40, 2) == "x"
