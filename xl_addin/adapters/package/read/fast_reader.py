"""A worksheet read in bulk with python-calamine, completed from the sheet's bytes.

calamine reads values much faster than streaming the XML in Python, but it reports
neither formula positions nor Excel errors (both come back as ''): the sheet bytes are
scanned for those cells (`<f`, `t="e"`). The scan relies on the layout Excel writes
(unprefixed `<c r="..."`); for any other layout `read` returns None and the caller
uses the streaming reader.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import python_calamine
from lxml import etree

from xl_addin.core.grid import CellValue, Grid

from ..namespaces import MAIN
from ..sheet_layout import SheetLayout
from ..xml_parsing import safe_parser
from .serials import excel_serial
from .sheet_reader import cell_value, split_reference

_CELL_START = re.compile(rb'<c r="([A-Za-z]+[0-9]+)"')
_OTHER_CELL_TAG = re.compile(rb'<c(?:>|/>|[\t\n\r]| (?!r="))')
"""A cell tag other than '<c r="' (which `_cell_at` looks for)."""


def has_excel_layout(sheet_xml: bytes, layout: SheetLayout | None = None) -> bool:
    """Every cell tag is '<c r="...' (Excel's own output): positions can be scanned.
    No CDATA, no comment, no prefixed <sheetData>.

    Given the sheet's layout, when <sheetData> was found plain (which implies all that
    inside it) only the bytes around it are looked at.
    """
    if layout is not None and layout.plain and layout.sheet_data_close is not None:
        spans = [(0, layout.sheet_data_head_end), (layout.sheet_data_close, len(sheet_xml))]
    else:
        spans = [(0, len(sheet_xml))]
    return not any(
        sheet_xml.find(b"<!", start, end) >= 0
        or sheet_xml.find(b":sheetData", start, end) >= 0
        or _OTHER_CELL_TAG.search(sheet_xml, start, end) is not None
        for start, end in spans
    )


class FastReader:
    """One calamine workbook per package, opened on first use."""

    def __init__(self, data: bytes, *, date1904: bool) -> None:
        self._data = data
        self._date1904 = date1904
        self._book: python_calamine.CalamineWorkbook | None = None
        self._early: dict[str, Future[python_calamine.CalamineSheet]] = {}
        self._ahead: tuple[python_calamine.CalamineWorkbook, threading.Event] | None = None
        """The read-ahead's workbook, and set once its parse is over: from then on it
        serves as `_book` (calamine's workbooks are not for two threads at once)."""

    def prefetch(self, sheet: str) -> None:
        """Start parsing `sheet` now, on another thread with a calamine workbook of its
        own, for the first `read` of it to take. The workbook is opened here: opening
        holds the GIL, parsing a sheet does not.

        Not a daemon thread: Python would stop a daemon inside calamine's Rust code at
        exit, which nothing promises is safe (a read-ahead nobody takes holds the exit
        until its parse ends)."""
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(self._data))
        parsed: Future[python_calamine.CalamineSheet] = Future()
        over = threading.Event()

        def parse() -> None:
            try:
                result = book.get_sheet_by_name(sheet)
            except BaseException as exc:  # handed to `read`, which falls back
                over.set()
                parsed.set_exception(exc)
            else:
                over.set()  # the workbook is free before anyone learns the sheet is parsed
                parsed.set_result(result)

        threading.Thread(target=parse, name=f"xl_addin read-ahead of {sheet!r}",
                         daemon=False).start()
        self._early[sheet] = parsed
        self._ahead = (book, over)

    def _workbook(self) -> python_calamine.CalamineWorkbook:
        """The calamine workbook for a read: the read-ahead's once it is free, else one
        opened now (once)."""
        if self._book is None:
            if self._ahead is not None and self._ahead[1].is_set():
                self._book = self._ahead[0]
            else:
                self._book = python_calamine.CalamineWorkbook.from_filelike(
                    io.BytesIO(self._data))
            self._ahead = None
        return self._book

    def read(
        self,
        sheet: str,
        sheet_xml: bytes | Callable[[], bytes],
        inspect: Callable[[bytes], bool] = has_excel_layout,
    ) -> Grid | None:
        """The sheet as a Grid; None when this reader cannot tell it exactly.

        `sheet_xml` may be a function giving the bytes: calamine (which releases the
        GIL) then parses the sheet on another thread while they are decompressed and
        scanned here (`inspect`, which says whether they have Excel's layout), so the
        byte scans cost no wall time.
        """
        parsed = self._early.pop(sheet, None)
        self._early.clear()  # a read-ahead of another sheet is not taken: nothing holds it
        with ThreadPoolExecutor(max_workers=1) as pool:
            try:
                if parsed is None:
                    parsed = pool.submit(self._workbook().get_sheet_by_name, sheet)
            except Exception:  # any calamine failure means: use the exact reader
                return None
            data = sheet_xml() if callable(sheet_xml) else sheet_xml
            if not inspect(data):
                return None
            specials = _Specials(data)
            del data
            try:
                # the future would hold calamine's copy of the sheet until we return
                result, parsed = parsed.result(), None
                rows = result.to_python(skip_empty_area=False)
                del result  # calamine's cells, as big as the Python rows: not held with them
            except Exception:  # any calamine failure means: use the exact reader
                return None
        date1904 = self._date1904
        lines: list[list[CellValue]] = [
            [v if type(v) is float or (type(v) is str and v) else _plain(v, date1904) for v in line]
            for line in rows
        ]
        del rows
        formulas = specials.complete(lines)
        return _trimmed(sheet, lines, formulas)


def _trimmed(sheet: str, lines: list[list[CellValue]], formulas: set[tuple[int, int]]) -> Grid:
    """The grid cut to its used range: no empty rows above, no empty columns left."""
    used = [r for r, line in enumerate(lines) if any(v is not None for v in line)]
    if not used:
        return Grid(sheet, [], (0, 0), frozenset(formulas))
    top, bottom = used[0], used[-1]
    left = min(next(c for c, v in enumerate(lines[r]) if v is not None) for r in used)
    rows = [_without_trailing_blanks(line[left:] if left else line)
            for line in lines[top : bottom + 1]]
    return Grid(sheet, rows, (top, left), frozenset(formulas))


def _without_trailing_blanks(line: list[CellValue]) -> list[CellValue]:
    end = len(line)
    while end and line[end - 1] is None:
        end -= 1
    return line[:end] if end < len(line) else line


def _plain(value: object, date1904: bool) -> CellValue:
    """calamine's value as the streaming reader gives it: dates back to serial numbers."""
    if value == "":
        return None
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return excel_serial(value, date1904=date1904)
    return value  # type: ignore[return-value]


def _positions(sheet_xml: bytes, needle: bytes) -> Iterator[int]:
    at = sheet_xml.find(needle)
    while at >= 0:
        yield at
        at = sheet_xml.find(needle, at + 1)


def _cell_at(sheet_xml: bytes, inside: int) -> tuple[int, int, int] | None:
    """Start, row and column of the cell whose tags include byte `inside`."""
    start = sheet_xml.rfind(b"<c ", 0, inside)
    head = _CELL_START.match(sheet_xml, start)
    if start < 0 or head is None:
        return None
    row, col = split_reference(head.group(1).decode())
    return start, row, col


class _Specials:
    """Formula positions and error cells, found in the bytes (calamine gives '' for both)."""

    def __init__(self, sheet_xml: bytes) -> None:
        self.formulas: set[tuple[int, int]] = set()
        self.errors: list[tuple[int, int, CellValue]] = []
        for at in _positions(sheet_xml, b"<f"):
            if sheet_xml[at + 2 : at + 3] in (b" ", b">", b"/", b"\t", b"\n", b"\r"):
                cell = _cell_at(sheet_xml, at)
                if cell is not None:
                    self.formulas.add(cell[1:])
        for at in _positions(sheet_xml, b't="e"'):
            cell = _cell_at(sheet_xml, at)
            if cell is not None:
                start, row, col = cell
                self.errors.append((row, col, _error_text(sheet_xml, start)))

    def complete(self, lines: list[list[CellValue]]) -> set[tuple[int, int]]:
        """Error cells filled in with their text; the formula positions."""
        for row, col, value in self.errors:
            _put(lines, row, col, value)
        return self.formulas


def _put(lines: list[list[CellValue]], row: int, col: int, value: CellValue) -> None:
    while len(lines) <= row:
        lines.append([])
    line = lines[row]
    if len(line) <= col:
        line.extend([None] * (col + 1 - len(line)))
    line[col] = value


def _error_text(sheet_xml: bytes, start: int) -> CellValue:
    end = sheet_xml.find(b"</c>", start)
    close = sheet_xml.find(b">", start)
    fragment = (
        sheet_xml[start : close + 1]
        if sheet_xml[close - 1 : close] == b"/"
        else (sheet_xml[start : end + 4])
    )
    cell = etree.fromstring(b'<c xmlns="' + MAIN.encode() + b'"' + fragment[2:], safe_parser())
    return cell_value(cell, (), date1904=False)
