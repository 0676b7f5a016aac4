"""add-month's moves outside the worksheet, each on a real workbook, figures by hand.

Chart series, drawing anchors (pictures and charts placed on the sheet), comments
and their VML note boxes, pivot-cache sources and the calculation chain each live
in their own part; each test inserts a column at B and reads that part back as XML
(not through our own code), so that turning any one move into a no-op fails here.
The corpus files are Excel's own (XlsxWriter's reference files and calamine's
pivot workbook); the first test builds its workbook with XlsxWriter so that it runs
on a bare clone too.
"""

from __future__ import annotations

import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import xlsxwriter
from lxml import etree

from xl_addin.adapters.package import open_workbook
from xl_addin.core.add_month import AddMonthPlan
from xl_addin.core.periods import Month

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def insert_b(source: Path, folder: Path, sheet: str) -> dict[str, bytes]:
    """Column B inserted on `sheet` of a copy of `source`; the saved parts."""
    path = folder / source.name
    shutil.copyfile(source, path)
    book = open_workbook(path)
    book.insert_month_column(AddMonthPlan(
        sheet=sheet, header_row=0, insert_col=1, month=Month(2020, 9), header="New",
        latest=Month(2020, 8), hide_col=None))
    out = folder / f"out-{source.name}"
    book.save(out)
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def _png() -> bytes:
    """A 1 x 1 white PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def _chart_refs(xml: bytes) -> list[str]:
    return [f.text or "" for f in etree.fromstring(xml).iter(f"{{{C}}}f")]


def _anchor_cols(xml: bytes) -> list[tuple[int, int | None]]:
    """(from col, to col) of each anchor in a drawing part."""
    out = []
    for anchor in etree.fromstring(xml):
        start = anchor.find(f"{{{XDR}}}from/{{{XDR}}}col")
        end = anchor.find(f"{{{XDR}}}to/{{{XDR}}}col")
        assert start is not None
        out.append((int(start.text or ""), None if end is None else int(end.text or "")))
    return out


def test_chart_series_picture_chart_anchor_and_note_move_on_a_built_workbook(
        tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    source = tmp_path / "src" / "built.xlsx"
    image = tmp_path / "src" / "dot.png"
    image.write_bytes(_png())
    with xlsxwriter.Workbook(source) as book:
        sheet = book.add_worksheet("Data")
        for r, (month, a, b) in enumerate([("Jul-20", 3, 5), ("Aug-20", 4, 6)]):
            sheet.write_row(r, 0, [month, a, b])
        chart = book.add_chart({"type": "line"})
        chart.add_series({"categories": "=Data!$A$1:$A$2", "values": "=Data!$C$1:$C$2"})
        sheet.insert_chart("E3", chart)            # anchored from column E (4)
        sheet.insert_image("A8", str(image))       # left of the insert: stays in A (0)
        sheet.insert_image("D8", str(image))       # right of it: D (3) -> E (4)
        sheet.write_comment("C2", "checked")       # C2 -> D2
    parts = insert_b(source, tmp_path, "Data")

    # Series: column A stays, C -> D.
    assert _chart_refs(parts["xl/charts/chart1.xml"]) == ["Data!$A$1:$A$2", "Data!$D$1:$D$2"]
    # The chart's own anchor and the picture right of B move one column; the one in A stays.
    anchors = {name: _anchor_cols(data) for name, data in parts.items()
               if name.startswith("xl/drawings/drawing")}
    (cols,) = anchors.values()
    starts = sorted(start for start, _ in cols)
    assert starts == [0, 4, 5]  # picture A8 (0), picture D8 (3 -> 4), chart E3 (4 -> 5)
    # The comment belongs to D2 now, and its note box moved with it.
    comments = etree.fromstring(parts["xl/comments1.xml"])
    assert [c.get("ref") for c in comments.iter(f"{{{MAIN}}}comment")] == ["D2"]
    vml = parts["xl/drawings/vmlDrawing1.vml"].decode()
    assert "<x:Column>3</x:Column>" in vml  # 0-based column of D


def test_chart_series_move_on_an_excel_chart(corpus: Path, tmp_path: Path) -> None:
    parts = insert_b(corpus / "XlsxWriter" / "chart_bar01.xlsx", tmp_path, "Sheet1")
    # Excel's file: A1:A5 (categories) stays; B1:B5 and C1:C5 (values) move right.
    assert _chart_refs(parts["xl/charts/chart1.xml"]) == [
        "Sheet1!$A$1:$A$5", "Sheet1!$C$1:$C$5", "Sheet1!$A$1:$A$5", "Sheet1!$D$1:$D$5"]
    # The chart was placed from E9 to L23: now F9 to M23.
    assert _anchor_cols(parts["xl/drawings/drawing1.xml"]) == [(5, 12)]


def test_picture_moves_on_an_excel_drawing(corpus: Path, tmp_path: Path) -> None:
    parts = insert_b(corpus / "XlsxWriter" / "image01.xlsx", tmp_path, "Sheet1")
    assert _anchor_cols(parts["xl/drawings/drawing1.xml"]) == [(5, 5)]  # E9 -> F9


def test_comment_and_its_note_box_move(corpus: Path, tmp_path: Path) -> None:
    parts = insert_b(corpus / "XlsxWriter" / "comment01.xlsx", tmp_path, "Sheet1")
    comments = etree.fromstring(parts["xl/comments1.xml"])
    assert [c.get("ref") for c in comments.iter(f"{{{MAIN}}}comment")] == ["C2"]  # was B2
    vml = parts["xl/drawings/vmlDrawing1.vml"].decode()
    assert "<x:Column>2</x:Column>" in vml  # was 1
    anchor = vml.split("<x:Anchor>")[1].split("</x:Anchor>")[0]
    # left column, offset, top row, offset, right column, offset, bottom row, offset:
    # the box was from column C (2) to E (4); both columns move one right.
    assert [int(n) for n in anchor.split(",")] == [3, 15, 0, 10, 5, 15, 4, 4]


def test_pivot_source_on_the_sheet_moves_and_others_stay(corpus: Path, tmp_path: Path) -> None:
    parts = insert_b(corpus / "calamine" / "pivots.xlsx", tmp_path, "DataSheet")

    def source(name: str) -> tuple[str | None, str | None]:
        found = etree.fromstring(parts[name]).find(f".//{{{MAIN}}}worksheetSource")
        assert found is not None
        return found.get("sheet"), found.get("ref")

    assert source("xl/pivotCache/pivotCacheDefinition1.xml") == ("DataSheet", "A1:K11")
    assert source("xl/pivotCache/pivotCacheDefinition2.xml") == ("DataSheet2", "A1:J11")


def test_calc_chain_cells_of_the_sheet_move_and_others_stay(corpus: Path, tmp_path: Path) -> (
        None):
    parts = insert_b(corpus / "calamine" / "pivots.xlsx", tmp_path, "DataSheet")
    chain = [(c.get("i"), c.get("r")) for c in
             etree.fromstring(parts["xl/calcChain.xml"]).iter(f"{{{MAIN}}}c")]
    # DataSheet is sheetId 1: its G and J cells are H and K now; sheet 6's stay.
    assert chain == [
        ("6", "G11"), ("6", "G10"), ("6", "G9"), ("6", "G8"), ("6", "G7"), ("6", "G6"),
        ("6", "J5"), ("6", "G5"), ("6", "G4"), ("6", "G3"), ("6", "G2"),
        ("1", "H3"), ("1", "H4"), ("1", "H5"), ("1", "H6"), ("1", "H7"), ("1", "H8"),
        ("1", "H9"), ("1", "H10"), ("1", "H11"), ("1", "H2"), ("1", "K5"),
    ]
