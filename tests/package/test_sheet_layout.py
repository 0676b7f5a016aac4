"""Where the rows are, whether <sheetData> is plain, that a refresh locates them once, and
that the sheet a refresh reads first, when big, is parsed while the file is checked."""

from __future__ import annotations

import struct
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest

from xl_addin.adapters.package import CorruptWorkbookError, sheet_layout
from xl_addin.adapters.package.read import fast_reader, reader
from xl_addin.adapters.package.read.fast_reader import FastReader, has_excel_layout
from xl_addin.adapters.package.sheet_layout import SheetLayoutError, locate
from xl_addin.adapters.package.workbook import open_workbook
from xl_addin.adapters.package.write import sheet_writer
from xl_addin.core.plan import CellWrite, WritePlan
from xl_addin.core.sheets import DATA_CHECKS_SHEET
from xl_addin.service import refresh_workbook
from xl_addin.templates import SAMPLE_NAME, template_path

from .builders import big_sheet_xml, dashboard, with_sheet_xml

_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet(rows: bytes, around: bytes = b"") -> bytes:
    return (b'<worksheet xmlns="' + _MAIN + b'" xmlns:x="' + _MAIN + b'"><sheetData>' + rows
            + b"</sheetData>" + around + b"</worksheet>")


_PLAIN = b'<row r="1" spans="1:2"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1</v></c></row>'


@pytest.mark.parametrize(("rows", "plain"), [
    (_PLAIN, True),
    (_PLAIN + b'<row r="2"><c r="A2" t="inlineStr"><is><t>a: b! c?</t></is></c></row>', True),
    (_PLAIN + b'<row r="2"><c r="A2"><f>SUM(A1:B1)</f><v>1</v></c></row>', True),
    (_PLAIN + b"<!-- a comment -->", False),
    (_PLAIN + b'<row r="2"><c r="A2" t="str"><v><![CDATA[x]]></v></c></row>', False),
    (_PLAIN + b'<?pi x?>', False),
    (_PLAIN + b'<row r="2"><c r="A2"><v>1</v><extLst/></c></row>', False),
    (_PLAIN + b'<row r="2"><x:c r="A2"><x:v>1</x:v></x:c></row>', False),
    (_PLAIN + b"<row r=\"2\"><c r='A2'><v>1</v></c></row>", False),
    (_PLAIN + b'<row r="2"><c\nr="A2"><v>1</v></c></row>', False),
    (_PLAIN + b"<row r=\"2\"><c><v>1</v></c></row>", False),
    (_PLAIN + b'<row r="2"><c r="A2" t="inlineStr"><is><r><rPr><color rgb="FF0000FF"/></rPr>'
     b"<t>x</t></r></is></c></row>", False),  # rich text: conservatively not plain
])
def test_plain_sheet_data(rows: bytes, plain: bool) -> None:
    assert locate(_sheet(rows)).plain is plain


def test_what_lies_around_sheet_data_does_not_make_it_other_than_plain() -> None:
    layout = locate(_sheet(_PLAIN, b"<!-- after --><extLst><x:ext/></extLst>"))
    assert layout.plain
    # but the fast reader still declines the comment
    assert not has_excel_layout(_sheet(_PLAIN, b"<!-- after -->"), layout)


def test_a_prefixed_tag_after_many_colons_is_still_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheet_layout, "_MORE_COLONS_LOOKED_AT", 3)
    times = b'<c r="A%d" t="inlineStr"><is><t>12:30</t></is></c>'
    rows = b"".join(b'<row r="%d">' % r + times % r * 4 + b"</row>" for r in range(1, 4))
    assert locate(_sheet(rows)).plain
    odd = rows + b'<row r="9"><x:c r="A9"/></row>'
    assert not locate(_sheet(odd)).plain


@pytest.mark.parametrize("rows", [
    b'<row r="1"><c r="A1"/><row r="2"/></row>',  # nested
    b'<row r="1"><c r="A1"/></row></row>',  # unpaired close
    b'</row><row r="1"><c r="A1"/></row>',
    b'<row r="1"><c r="A1"/>',  # unclosed
])
def test_rows_that_do_not_pair_up_are_refused(rows: bytes) -> None:
    with pytest.raises(SheetLayoutError):
        locate(_sheet(rows))


def test_rows_are_found_with_or_without_gaps_between_them() -> None:
    rows = (b'<row r="1"><c r="A1"/></row>\n  <row r="3"/> <row r="4" spans="1:1">'
            b'<c r="A4"/></row>')
    found = locate(_sheet(rows)).rows
    assert [(r.index, r.self_closing) for r in found] == [(0, False), (2, True), (3, False)]
    data = _sheet(rows)
    assert [data[r.start : r.end][:10] for r in found] == [
        b'<row r="1"', b'<row r="3"', b'<row r="4"']
    assert all(data[r.start : r.end].endswith((b"</row>", b"/>")) for r in found)


@pytest.mark.parametrize("fragment", [
    b'<row r="1"><c\nr="A1"><f>1</f><v>1</v></c></row>',  # whitespace other than a space
    b'<row r="1"><c r="A1"/><!-- x --></row>',
    b"<row r=\"1\"><c/></row>",
])
def test_the_fast_reader_declines_what_its_scan_cannot_place(fragment: bytes) -> None:
    data = _sheet(fragment)
    assert not has_excel_layout(data)
    assert not has_excel_layout(data, locate(data))


def test_a_refresh_locates_the_rows_once_and_writes_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real = sheet_layout.locate

    def counted(data: bytes) -> sheet_layout.SheetLayout:
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr("xl_addin.adapters.package.read.reader.locate", counted)
    monkeypatch.setattr(sheet_writer, "locate", counted)
    plan = WritePlan("Early Help", (CellWrite(1, 3, 30.0, "0%", "good"), CellWrite(2, 7, "x")))
    book = open_workbook(dashboard(tmp_path / "d.xlsx"))
    book.read_grid("Early Help")
    book.apply([plan])
    assert len(calls) == 1  # read_grid located; apply reused it
    reused = book.to_bytes()

    calls.clear()
    fresh = open_workbook(tmp_path / "d.xlsx")
    fresh.apply([plan])  # nothing read first: apply locates
    assert len(calls) == 1
    assert fresh.to_bytes() == reused


def test_a_located_layout_is_held_with_its_bytes_until_they_are_written(tmp_path: Path) -> None:
    book = open_workbook(dashboard(tmp_path / "d.xlsx"))
    book.read_grid("Early Help")
    part = book.sheet_part("Early Help")
    held = book._reader.held(part)
    assert held.layout is not None and held.data is book.read(part)
    book.apply([WritePlan("Early Help", (CellWrite(1, 3, 1.0),))])
    assert book._reader.held(part).layout is None  # dropped once the part is written


def _big_dashboard(tmp_path: Path) -> Path:
    return with_sheet_xml(dashboard(tmp_path / "d.xlsx"), tmp_path / "big.xlsx",
                          big_sheet_xml(300, 30))


def test_the_big_dashboard_is_parsed_while_the_file_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "READ_AHEAD_ABOVE", 1000)
    path = _big_dashboard(tmp_path)
    book = open_workbook(path)
    part = book.sheet_part("Early Help")
    assert list(book._reader._fast._early) == ["Early Help"]
    assert part in book._reader._kept  # decompressed once, by the CRC check
    grid = book.read_grid("Early Help")
    assert not book._reader._fast._early
    monkeypatch.setattr(reader, "READ_AHEAD_ABOVE", 1 << 40)
    assert open_workbook(path).read_grid("Early Help") == grid
    assert grid.height == 300 and len(grid.formulas) == 300


def test_a_damaged_sheet_read_ahead_is_still_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "READ_AHEAD_ABOVE", 1000)
    path = _big_dashboard(tmp_path)
    with zipfile.ZipFile(path) as archive:
        crc = struct.pack("<I", archive.getinfo("xl/worksheets/sheet1.xml").CRC)
    data = path.read_bytes()
    assert data.count(crc) == 2  # the local header's and the central directory's
    path.write_bytes(data.replace(crc, bytes(b ^ 0xFF for b in crc)))
    with pytest.raises(CorruptWorkbookError, match=r"sheet1\.xml is damaged"):
        open_workbook(path)


@pytest.mark.parametrize("number", [b"", b"x", b"1.0", b"-1", b"1e3"])
@pytest.mark.parametrize("before", [b"", b"<!-- tokenizer -->"])
def test_a_row_number_that_is_not_a_whole_number_is_a_layout_error(
    number: bytes, before: bytes
) -> None:
    with pytest.raises(SheetLayoutError, match="not a whole number"):
        locate(_sheet(before + b'<row r="' + number + b'"><c r="A1"><v>1</v></c></row>'))


def _settings_row_numbered(tmp_path: Path, number: bytes) -> Path:
    source = dashboard(tmp_path / "d.xlsx")
    with zipfile.ZipFile(source) as archive:
        settings = archive.read("xl/worksheets/sheet2.xml")
    assert settings.count(b'<row r="1"') == 1
    return with_sheet_xml(source, tmp_path / f"r{len(number)}.xlsx",
                          settings.replace(b'<row r="1"', b'<row r="' + number + b'"'),
                          "xl/worksheets/sheet2.xml")


def test_an_empty_row_number_is_read_as_the_next_row(tmp_path: Path) -> None:
    # lxml (the streaming reader) and calamine read r="" as no r, as before the
    # sheets were located for the writer
    grid = open_workbook(_settings_row_numbered(tmp_path, b"")).read_grid("Settings")
    assert grid.origin == (0, 0) and grid.rows == [["Threshold"]]


@pytest.mark.parametrize("number", [b"x", b"1.0"])
def test_a_row_number_no_reader_can_place_is_refused_typed(tmp_path: Path, number: bytes) -> None:
    book = open_workbook(_settings_row_numbered(tmp_path, number))
    with pytest.raises(CorruptWorkbookError, match="not a reference"):
        book.read_grid("Settings")


def _with_big_sheets(tmp_path: Path, order: list[str], big: set[str], dashboard: str) -> Path:
    """The sample dashboard (as sheet `dashboard`) with sheets added in `order`; those in
    `big` hold 300 x 30 cells."""
    book = openpyxl.load_workbook(template_path(SAMPLE_NAME))
    book["Early Help"].title = dashboard
    for name in order:
        if name not in book.sheetnames:
            book.create_sheet(name)["A1"] = "x"
    book._sheets = [book[name] for name in order]  # the tab order for the test
    path = tmp_path / "tabs.xlsx"
    book.save(path)
    parts = {name: f"xl/worksheets/sheet{i}.xml" for i, name in enumerate(order, 1)}
    for name in big:
        path = with_sheet_xml(path, tmp_path / f"{len(big)}-{name}.xlsx", big_sheet_xml(300, 30),
                              parts[name])
    return path


def _prefetched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    started: list[str] = []
    real = FastReader.prefetch

    def recorded(self: FastReader, sheet: str) -> None:
        started.append(sheet)
        real(self, sheet)

    monkeypatch.setattr(FastReader, "prefetch", recorded)
    monkeypatch.setattr(reader, "READ_AHEAD_ABOVE", 100_000)  # the sample is 27 KB
    return started


def test_a_big_sheet_after_the_dashboard_is_not_read_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = _prefetched(monkeypatch)
    path = _with_big_sheets(tmp_path, ["Early Help", "Settings", "Raw data"], {"Raw data"},
                            "Early Help")
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/worksheets/sheet3.xml").file_size > 100_000
    book = open_workbook(path)
    assert started == [] and not book._reader._fast._early
    result = refresh_workbook(book)
    assert result.layout.sheet == "Early Help"
    assert started == []


def test_the_sheet_read_first_is_read_ahead_past_settings_and_data_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = _prefetched(monkeypatch)
    order = ["Settings", DATA_CHECKS_SHEET, "Dash", "Raw data"]
    path = _with_big_sheets(tmp_path, order, {DATA_CHECKS_SHEET, "Dash", "Raw data"}, "Dash")
    book = open_workbook(path)
    assert started == ["Dash"]
    ahead = book._reader._fast._ahead
    assert ahead is not None
    grid = book.read_grid("Dash")
    assert not book._reader._fast._early
    book.read_grid("Settings")
    assert book._reader._fast._book is ahead[0]  # no second calamine workbook
    monkeypatch.setattr(reader, "READ_AHEAD_ABOVE", 1 << 40)
    assert open_workbook(path).read_grid("Dash") == grid


def test_a_read_ahead_not_taken_is_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []

    class Recorded(threading.Thread):
        def start(self) -> None:
            threads.append(self)
            super().start()

    monkeypatch.setattr(fast_reader.threading, "Thread", Recorded)
    _prefetched(monkeypatch)
    path = _with_big_sheets(tmp_path, ["Dash", "Settings"], {"Dash"}, "Dash")
    book = open_workbook(path)
    assert [t.daemon for t in threads] == [False]  # never stopped inside calamine at exit
    settings = book.read_grid("Settings")  # another sheet first: the read-ahead is dropped
    assert not book._reader._fast._early
    assert book.read_grid("Dash").height == 300
    monkeypatch.setattr(reader, "READ_AHEAD_ABOVE", 1 << 40)
    assert open_workbook(path).read_grid("Settings") == settings
