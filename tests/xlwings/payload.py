"""Remote-engine payloads: a workbook as xlwings' Office.js client sends it.

`xw.Book(json=...)` takes the book's name, its sheets' values anchored at A1
(blank cells as "", dates as ISO strings), and each sheet's used-range address.
The sample is read with python-calamine, so the test refreshes the real sample.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import xlwings as xw
from python_calamine import CalamineWorkbook

from xl_addin.core.address import cell_address
from xl_addin.templates import SAMPLE_NAME, template_path

Rows = list[list[Any]]


def _client_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00.000Z"
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def used_range_address(rows: Rows) -> str | None:
    filled = [(r, c) for r, line in enumerate(rows) for c, v in enumerate(line)
              if v not in ("", None)]
    if not filled:
        return None
    top = min(r for r, _ in filled)
    left = min(c for _, c in filled)
    bottom = max(r for r, _ in filled)
    right = max(c for _, c in filled)
    return f"{cell_address(top, left)}:{cell_address(bottom, right)}"


def sheet_json(name: str, rows: Rows) -> dict[str, Any]:
    width = max((len(r) for r in rows), default=0)
    values = [[_client_value(v) for v in r] + [""] * (width - len(r)) for r in rows]
    return {
        "name": name,
        "values": values,
        "used_range_address": used_range_address(values),
        "pictures": [],
        "tables": [],
    }


def book_json(sheets: dict[str, Rows], name: str = "early_help_dashboard.xlsx") -> dict[str, Any]:
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": name, "active_sheet_index": 0, "selection": "A1",
                 "calculation": "Automatic"},
        "names": [],
        "sheets": [sheet_json(n, rows) for n, rows in sheets.items()],
    }


def sample_sheets() -> dict[str, Rows]:
    book = CalamineWorkbook.from_path(str(template_path(SAMPLE_NAME)))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in book.sheet_names}


def sample_with_headers(*headers: str) -> dict[str, Rows]:
    """The sample with `headers` typed in new columns after its last (header row 3)."""
    sheets = sample_sheets()
    rows = [[*row, *([None] * len(headers))] for row in sheets["Early Help"]]
    rows[2][-len(headers):] = headers
    sheets["Early Help"] = rows
    return sheets


def generated_sheets(indicators: int, seed: int = 7) -> dict[str, Rows]:
    """The sample's layout with `indicators` rows made from its nine, values jittered.

    Each generated row copies one sample row (so units, targets and settings vary
    as in real data) and scales its monthly figures by random factors, so arrows
    and colours change from row to row.
    """
    sample = sample_sheets()
    dashboard, settings = sample["Early Help"], sample["Settings"]
    header = 2
    months = [c for c, v in enumerate(dashboard[header]) if isinstance(v, dt.date)]
    templates = [r for r in dashboard[header + 1:] if r[0]]
    setting_of = {r[0]: r for r in settings[3:] if r[0]}
    rng = random.Random(seed)
    rows: Rows = [list(r) for r in dashboard[: header + 1]]
    setting_rows: Rows = [list(r) for r in settings[:3]]
    for i in range(indicators):
        template = templates[i % len(templates)]
        row = list(template)
        row[0] = f"{template[0]}-{i:05d}"
        base = 100.0 + 50 * (i % 7)
        for c in months:
            if rng.random() < 0.05:
                row[c] = ""
            elif isinstance(row[c], float):
                row[c] = round(row[c] * rng.uniform(0.6, 1.4))
            elif setting_of[template[0]][2] == "%":
                row[c] = round(rng.uniform(0.02, 0.12), 3)
            else:
                row[c] = round(base * rng.uniform(0.6, 1.4))
        rows.append(row)
        setting_rows.append([row[0], *setting_of[template[0]][1:]])
    return {"Early Help": rows, "Settings": setting_rows}


def after_actions(sheets: dict[str, Rows], recorded: list[dict[str, Any]]) -> dict[str, Rows]:
    """The sheets' values as Excel would hold them once `recorded` actions ran: new
    sheets added, written values in place (an apostrophe prefix is not part of the
    text). The next refresh's payload, as the client would send it."""
    out = {name: [list(r) for r in rows] for name, rows in sheets.items()}
    names = list(out)
    for action in recorded:
        if action["func"] == "addSheet":
            name = action["args"][1]
            out[name] = []
            names.append(name)
        if action["func"] != "setValues":
            continue
        rows = out[names[action["sheet_position"]]]
        top, left = action["start_row"], action["start_column"]
        for r, line in enumerate(action["values"]):
            while len(rows) <= top + r:
                rows.append([])
            row = rows[top + r]
            if len(row) < left + len(line):
                row.extend([""] * (left + len(line) - len(row)))
            for c, value in enumerate(line):
                held = value[1:] if isinstance(value, str) and value.startswith("'") else value
                row[left + c] = "" if held is None else held
    return out
