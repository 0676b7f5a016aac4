"""Adding a month column to a workbook file: every part an insert touches, rewritten.

`insert_month_parts` returns the new bytes of each part that changes; the
workbook stages them like any write, and every other part is copied untouched.
What cannot be moved safely (a pivot table on the sheet, a table the new column
would cut through, a formula we cannot read) is refused before anything is staged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from xl_addin.core.add_month import AddMonthPlan
from xl_addin.core.address import cell_address, column_letter
from xl_addin.core.errors import ColumnInsertError
from xl_addin.core.month_header import HeaderValue

from ..cell_text import excel_escape
from ..read.serials import excel_serial
from ..read.workbook_map import Relationship, WorkbookMap
from ..sheet_layout import SheetLayoutError
from .column_insert import NewColumn, insert_column, shift_other_sheet
from .linked_parts import (
    shift_calc_chain,
    shift_chart,
    shift_comments,
    shift_defined_names,
    shift_drawing,
    shift_pivot_cache,
    shift_table,
    shift_vml,
    table_span,
)
from .ref_shift import FormulaShiftError
from .xml_text import escape_text


class Parts(Protocol):
    """What the insert needs from the package (staged content wins over the file's)."""

    def read(self, part: str) -> bytes: ...

    def names(self) -> list[str]: ...

    def relationships(self, part: str) -> list[Relationship]: ...


def header_cell(value: HeaderValue, date1904: bool) -> Callable[[int, int, str | None], str]:
    """(row, col, style) -> the header's <c> element."""
    def build(row: int, col: int, style: str | None) -> str:
        s = f' s="{style}"' if style else ""
        r = cell_address(row, col)
        if isinstance(value, str):
            text = escape_text(excel_escape(value))
            return f'<c r="{r}"{s} t="inlineStr"><is><t>{text}</t></is></c>'
        number = excel_serial(value, date1904=date1904) if isinstance(value, dt.date) else value
        return f'<c r="{r}"{s}><v>{number}</v></c>'
    return build


def _text(data: bytes, where: str, path: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ColumnInsertError(f"{path}: part {where} is not UTF-8, so it cannot be edited "
                                "safely.", hint="Re-save the workbook in Excel.") from exc


def insert_month_parts(parts: Parts, book: WorkbookMap, plan: AddMonthPlan, *, path: str,
                       date1904: bool) -> dict[str, bytes]:
    """New bytes of every part the month column changes (others are left out)."""
    try:
        return _insert(parts, book, plan, path, date1904)
    except (FormulaShiftError, SheetLayoutError, ValueError) as exc:
        raise ColumnInsertError(
            f"{path}: cannot insert column {plan.column} on {plan.sheet!r}: {exc}.",
            hint="Add the month with the ribbon button in Excel instead.",
        ) from exc


def _insert(parts: Parts, book: WorkbookMap, plan: AddMonthPlan, path: str,
            date1904: bool) -> dict[str, bytes]:
    at = plan.insert_col
    sheet = next(s for s in book.worksheets if s.name == plan.sheet)
    own: dict[str, list[str]] = {}
    for rel in parts.relationships(sheet.part):
        if not rel.external:
            own.setdefault(rel.kind, []).append(rel.target)
    if own.get("pivotTable"):
        raise ColumnInsertError(
            f"{path}: {plan.sheet!r} holds a pivot table, which a file edit cannot move.",
            hint="Add the month with the ribbon button in Excel instead.")
    changed: dict[str, bytes] = {}

    def edit(part: str, change: Callable[[str], str]) -> None:
        before = parts.read(part)
        after = change(_text(before, part, path)).encode("utf-8")
        if after != before:
            changed[part] = after

    tables_by_sheet = {t: s for s in book.worksheets for r in parts.relationships(s.part)
                       if r.kind == "table" and not r.external for t in [r.target]}
    for table in own.get("table", []):
        span = table_span(parts.read(table).decode("utf-8", "replace"))
        if span is not None and span[0] < at <= span[1]:
            raise ColumnInsertError(
                f"{path}: the new column {plan.column} would cut through the Excel table at "
                f"{column_letter(span[0])}:{column_letter(span[1])} on {plan.sheet!r}.",
                hint="Add the month with the ribbon button in Excel, or convert the table "
                     "to a range.")

    make_header = header_cell(plan.header, date1904)
    new = NewColumn(at, plan.header_row, lambda row, style: make_header(row, at, style))
    changed[sheet.part] = insert_column(parts.read(sheet.part), plan.sheet, new,
                                        hide=plan.hide_col, hide_level=plan.hide_outline_level)
    for other in book.worksheets:
        if other.part != sheet.part:
            data = parts.read(other.part)
            moved = shift_other_sheet(data, plan.sheet, other.name, at)
            if moved != data:
                changed[other.part] = moved
    edit(book.workbook_part, lambda t: shift_defined_names(t, plan.sheet, at))
    for part in parts.names():
        name = part.lower()
        if "/_rels/" in name or not name.endswith(".xml"):
            continue
        if "/charts/" in name:
            edit(part, lambda t: shift_chart(t, plan.sheet, at))
        elif "/pivotcache/" in name and "pivotcachedefinition" in name:
            edit(part, lambda t: shift_pivot_cache(t, plan.sheet, at))
        elif part in tables_by_sheet:
            host = tables_by_sheet[part]
            edit(part, lambda t, h=host.name, on=host.part == sheet.part:  # type: ignore[misc]
                 shift_table(t, plan.sheet, h, at, on_sheet=on))
    for part in own.get("drawing", []):
        edit(part, lambda t: shift_drawing(t, at))
    for part in own.get("comments", []) + own.get("threadedComment", []):
        edit(part, lambda t: shift_comments(t, at))
    for part in own.get("vmlDrawing", []):
        edit(part, lambda t: shift_vml(t, at))
    for rel in book.relationships:
        if rel.kind == "calcChain" and not rel.external:
            edit(rel.target, lambda t: shift_calc_chain(t, sheet.sheet_id, at))
    return changed
