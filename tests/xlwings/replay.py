"""Replaying recorded remote-engine actions onto a plain model of the cells.

The Office.js client would apply these to Excel; here each action is expanded
over its range so tests can compare what Excel would end up with to the plan.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

Cell = tuple[int, int, int]  # sheet position, row, col (0-based)


@dataclass
class Painted:
    values: dict[Cell, Any] = field(default_factory=dict)
    fills: dict[Cell, str | None] = field(default_factory=dict)
    fonts: dict[Cell, str | None] = field(default_factory=dict)
    formats: dict[Cell, str] = field(default_factory=dict)
    touched: dict[int, set[tuple[int, int]]] = field(default_factory=lambda: defaultdict(set))
    """Cells whose value, fill, font colour or number format an action set."""
    widths: dict[tuple[int, int], float] = field(default_factory=dict)
    """(sheet, column) -> width in points."""
    bold: set[Cell] = field(default_factory=set)
    wrapped: set[Cell] = field(default_factory=set)
    top_aligned: set[Cell] = field(default_factory=set)
    fitted_rows: set[tuple[int, int]] = field(default_factory=set)
    """(sheet, row) whose height Excel fits to the text."""
    frozen: dict[int, str] = field(default_factory=dict)
    """sheet -> the rows frozen at the top ('1:12')."""


_LOOK = {"setColumnWidth", "setWrapText", "setAutofit", "setVerticalAlignment"}


def _look(out: Painted, action: dict[str, Any]) -> None:
    """A view setting (width, bold, wrap, row fit): recorded apart from the cells' content."""
    func, args = action["func"], action["args"]
    for line in _cells(action):
        for cell in line:
            if func == "setColumnWidth":
                out.widths[(cell[0], cell[2])] = args[0]
            elif func == "setFontProperty":
                out.bold.add(cell) if args[1] else out.bold.discard(cell)
            elif func == "setWrapText":
                out.wrapped.add(cell) if args[0] else out.wrapped.discard(cell)
            elif func == "setVerticalAlignment":
                out.top_aligned.add(cell) if args[0] == "Top" else out.top_aligned.discard(cell)
            elif args == ["rows"]:
                out.fitted_rows.add((cell[0], cell[1]))


def _cells(action: dict[str, Any]) -> list[list[Cell]]:
    sheet, top, left = action["sheet_position"], action["start_row"], action["start_column"]
    return [[(sheet, top + r, left + c) for c in range(action["column_count"])]
            for r in range(action["row_count"])]


def _colour(value: Any) -> str | None:
    return value.lower() if isinstance(value, str) else None


def _as_excel_holds(value: Any) -> Any:
    """Excel stores "'text" as the text: the apostrophe only says 'not a formula'."""
    return value[1:] if isinstance(value, str) and value.startswith("'") else value


def replay(actions: list[dict[str, Any]]) -> Painted:
    out = Painted()
    for action in actions:
        func = action["func"]
        if func == "freezePaneAtRange":
            out.frozen[action["sheet_position"]] = action["args"][0]
            continue
        if action["start_row"] is None:
            continue  # app- or book-level: alert, calculation, screen updating, addSheet
        if func in _LOOK or (func == "setFontProperty" and action["args"][0] == "bold"):
            _look(out, action)
            continue
        grid = _cells(action)
        for r, line in enumerate(grid):
            for c, cell in enumerate(line):
                out.touched[cell[0]].add(cell[1:])
                if func == "setValues":
                    out.values[cell] = _as_excel_holds(action["values"][r][c])
                elif func == "setRangeColors":
                    out.fills[cell] = _colour(action["args"][0][r][c])
                elif func == "setRangeColor":
                    out.fills[cell] = _colour(action["args"][0])
                elif func == "setFontProperty" and action["args"][0] == "color":
                    out.fonts[cell] = _colour(action["args"][1])
                elif func == "setNumberFormat":
                    out.formats[cell] = action["args"][0]
                else:
                    raise AssertionError(f"unexpected range action {func}")
    return out
