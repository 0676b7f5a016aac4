"""A worksheet part read into a Grid by streaming its XML: slow but exact.

The reference reader: it handles every valid sheet (prefixed tags, cells without
`r`, CDATA). `fast_reader` is tried first and falls back to this one. Dates stay
serial numbers here.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import replace

from lxml import etree

from xl_addin.core.grid import CellValue, Grid

from ..cell_text import decode_escapes, item_text
from ..errors import CorruptWorkbookError
from ..namespaces import q
from ..xml_parsing import refuse_doctype
from .serials import excel_serial

_ROW, _C, _V, _F, _IS = q("row"), q("c"), q("v"), q("f"), q("is")


def split_reference(ref: str) -> tuple[int, int]:
    """'AB12' -> (11, 27): 0-based row and column of an A1 reference (no '$')."""
    col = 0
    i = 0
    for i, ch in enumerate(ref):  # noqa: B007 - i is used after the loop
        code = ord(ch)
        if 65 <= code <= 90:
            col = col * 26 + code - 64
        elif 97 <= code <= 122:
            col = col * 26 + code - 96
        else:
            break
    return int(ref[i:]) - 1, col - 1


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


def _iso_serial(text: str, *, date1904: bool) -> CellValue:
    """A t="d" cell (ISO 8601 date, date-time or time) as its serial number."""
    for parse in (dt.datetime.fromisoformat, dt.time.fromisoformat):
        try:
            return excel_serial(parse(text), date1904=date1904)
        except ValueError:
            continue
    return text


def cell_value(cell: etree._Element, shared: Sequence[str], *, date1904: bool) -> CellValue:
    """The value a cell shows (its cached value when it holds a formula); '' is blank."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        item = cell.find(_IS)
        return (item_text(item) or None) if item is not None else None
    v = cell.find(_V)
    text = v.text if v is not None else None
    if text is None:
        return None
    if kind == "n":
        return _number(text)
    if kind == "s":
        index = int(text)
        return (shared[index] or None) if 0 <= index < len(shared) else None
    if kind == "b":
        return text.strip() not in ("0", "false", "")
    if kind == "d":
        return _iso_serial(text, date1904=date1904)
    return decode_escapes(text) or None  # 'str' (formula text result) and 'e' (error like #N/A)


def read_grid_streaming(
    data: bytes, sheet: str, shared: Sequence[str], *, path: str, part: str, date1904: bool,
    kinds: Mapping[int, str] | None = None,
) -> Grid:
    """The sheet's grid; `kinds` ({style index: 'percent', 'date' or 'duration'}) marks the
    cells holding a value in those styles (Grid.percent_cells, Grid.date_cells, and
    Grid.duration_formats with the code from `kinds.codes` when it is a StyleKinds)."""
    refuse_doctype(data, path=path, part=part)
    styled: dict[str, set[tuple[int, int]]] = {"percent": set(), "date": set()}
    durations: dict[tuple[int, int], str] = {}
    codes: Mapping[int, str] = getattr(kinds, "codes", {})
    values: dict[int, dict[int, CellValue]] = {}
    formulas: set[tuple[int, int]] = set()
    row_index = -1
    col_index = -1
    for event, element in iterparse_part_events(data):
        if element.tag == _ROW:
            if event == "start":
                r = element.get("r")
                row_index = _number_in(r, path, part) - 1 if r else row_index + 1
                col_index = -1
            else:
                element.clear()
            continue
        if event != "end":
            continue
        ref = element.get("r")
        if ref:
            try:
                row_index, col_index = split_reference(ref)
            except ValueError:
                raise _bad_reference(ref, path, part) from None
        else:
            col_index += 1
        has_formula = element.find(_F) is not None
        value = cell_value(element, shared, date1904=date1904)
        if has_formula:
            formulas.add((row_index, col_index))
        if value is not None or has_formula:
            values.setdefault(row_index, {})[col_index] = value
        if kinds and value is not None:
            style = element.get("s")
            kind = kinds.get(int(style)) if style is not None and style.isdigit() else None
            if kind == "duration":
                durations[row_index, col_index] = codes.get(int(style or 0), "[h]:mm:ss")
            elif kind is not None:
                styled[kind].add((row_index, col_index))
        element.clear()
    grid = to_grid(sheet, values, formulas)
    if styled["percent"] or styled["date"] or durations:
        grid = replace(grid, percent_cells=frozenset(styled["percent"]),
                       date_cells=frozenset(styled["date"]), duration_formats=durations)
    return grid


def _number_in(r: str, path: str, part: str) -> int:
    """A row's r as a number; a typed refusal when it is not one ('x', '1.0')."""
    try:
        return int(r)
    except ValueError:
        raise _bad_reference(r, path, part) from None


def _bad_reference(ref: str, path: str, part: str) -> CorruptWorkbookError:
    return CorruptWorkbookError(
        path, f"part {part} numbers a row or cell {ref!r}, which is not a reference.",
        hint="Re-save it in Excel.")


def iterparse_part_events(data: bytes) -> etree.iterparse[tuple[str, etree._Element]]:
    return etree.iterparse(
        io.BytesIO(data),
        events=("start", "end"),
        tag=(_ROW, _C),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
    )


def to_grid(
    sheet: str, values: dict[int, dict[int, CellValue]], formulas: set[tuple[int, int]]
) -> Grid:
    if not values:
        return Grid(sheet, [], (0, 0), frozenset(formulas))
    top = min(values)
    left = min(min(cols) for cols in values.values())
    bottom = max(values)
    rows: list[list[CellValue]] = []
    for r in range(top, bottom + 1):
        cols = values.get(r)
        if not cols:
            rows.append([])
            continue
        line: list[CellValue] = [None] * (max(cols) - left + 1)
        for c, v in cols.items():
            line[c - left] = v
        rows.append(line)
    return Grid(sheet, rows, (top, left), frozenset(formulas))
