"""Is a request body the workbook (or function call) xlwings' Office.js client sends?

Checked before xlwings sees it, so that a malformed body is a 400 with a reason,
never a KeyError deep inside xlwings answered as a 500. Pure: JSON in, a reason out.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

# Office.js sends the used range unqualified ('A1:AT13', 'B2'); anything else would only
# fail later inside xlwings' own address parser, as a bug instead of a bad request.
_CELL = r"\$?[A-Za-z]{1,3}\$?[1-9]\d{0,6}"
_A1_RANGE: Final = re.compile(rf"{_CELL}(?::{_CELL})?")
MAX_SHEETS: Final = 1000
CELL_TYPES: Final = frozenset({str, int, float, bool, type(None)})
"""What a cell of the client's values can be (dates come as ISO text)."""
CALCULATION_MODES: Final = (None, "Automatic", "Manual", "AutomaticExceptTables")
"""Office.js' Excel.CalculationMode, as the client sends it (absent from older clients)."""


class BadPayloadError(ValueError):
    """The body is not what the client sends; the message says what is wrong."""


def parse_json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadPayloadError(f"The request is not valid JSON ({error}).") from None


def _need(ok: bool, what: str) -> None:
    if not ok:
        raise BadPayloadError(f"The workbook data sent is not what Excel's add-in sends: "
                              f"{what}. Reload the add-in and try again.")


def check_book(data: Any) -> dict[str, Any]:
    """The Book JSON of a custom-script call, checked as far as the refresh reads it."""
    _need(isinstance(data, dict), "it is not a JSON object")
    _need(isinstance(data.get("client"), str), "'client' is missing")
    _need(isinstance(data.get("version"), str), "'version' is missing")
    book = data.get("book")
    _need(isinstance(book, dict), "'book' is missing")
    _need(isinstance(book.get("name"), str), "'book.name' is missing")
    sheets = data.get("sheets")
    _need(isinstance(sheets, list) and 0 < len(sheets) <= MAX_SHEETS,
          f"'sheets' must list 1 to {MAX_SHEETS} sheets")
    index = book.get("active_sheet_index")
    _need(isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(sheets),
          "'book.active_sheet_index' is not one of the sheets")
    _need(book.get("selection") is None or isinstance(book.get("selection"), str),
          "'book.selection' is not an address")
    _need(book.get("calculation") in CALCULATION_MODES, "'book.calculation' is not a mode")
    names = data.get("names", [])
    _need(isinstance(names, list) and all(isinstance(n, dict) for n in names),
          "'names' is not a list of names")
    for n, sheet in enumerate(sheets):
        _need(isinstance(sheet, dict) and isinstance(sheet.get("name"), str),
              f"sheet {n + 1} has no name")
        values = sheet.get("values")
        _need(isinstance(values, list) and all(isinstance(row, list) for row in values),
              f"sheet {sheet['name']!r} has no table of values")
        _need(all(type(v) in CELL_TYPES for row in values for v in row),
              f"sheet {sheet['name']!r} has a cell that is not a value")
        used = sheet.get("used_range_address")
        _need(used is None or (isinstance(used, str) and _A1_RANGE.fullmatch(used) is not None),
              f"sheet {sheet['name']!r} has a bad used range")
        for key in ("pictures", "tables"):
            _need(isinstance(sheet.get(key, []), list), f"sheet {sheet['name']!r} has bad {key}")
    checked: dict[str, Any] = data
    return checked


def check_function_call(data: Any) -> tuple[str, dict[str, Any]]:
    """(function name, body) of a custom-function call."""
    if not (isinstance(data, dict) and isinstance(data.get("func_name"), str)
            and isinstance(data.get("args"), list)):
        raise BadPayloadError("The function call sent is not what Excel's add-in sends "
                              "('func_name' and 'args' are needed).")
    for key in ("version", "client", "runtime"):
        if not isinstance(data.get(key), str | int | float):
            raise BadPayloadError(f"The function call sent has no {key!r}.")
    return data["func_name"], data
