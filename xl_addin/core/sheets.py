"""Which worksheets a refresh reads for the dashboard table, and which table it takes.

Shared by the service (which reads the sheets and picks a table) and the file adapter
(which starts parsing the first one early), so the two never disagree.
Kept free of numpy: the file adapter asks before a refresh has loaded anything.

The rule when several tables are found (on several sheets, or stacked on one):
1. an explicit choice wins: `--sheet NAME` (the table on that sheet) or `--table CELL`
   (the table whose header row holds that cell, e.g. `'Monthly'!A3` or `A3`);
2. the ribbon prefers the active sheet when it holds a table;
3. monthly tables before weekly ones;
4. then the table with the most indicators that have a figure in its latest period;
5. then the first in tab order, top to bottom.
Sheets are read in tab order until one holds a monthly table (`service.locate_dashboard`):
the rule compares the tables found by then, so a big data tab after the dashboard is
never parsed. The choice and its reason are kept (`TableChoice.reason`) so the output
can say them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from .address import parse_address, quote_sheet
from .errors import TableNotFoundError
from .grid import CellValue, Grid, is_blank
from .layout import TableLayout
from .periods import Period
from .settings import find_settings_sheet

DATA_CHECKS_SHEET: Final = "Data checks"
CADENCE_RANK: Final = {"monthly": 0, "quarterly": 1, "yearly": 2, "weekly": 3}
"""Monthly tables first (the dashboard's own cadence), weekly ones last."""


def dashboard_candidates(names: list[str]) -> list[str]:
    """Worksheets in tab order, but for the Settings sheet and the Data checks sheet."""
    skipped = {find_settings_sheet(names), DATA_CHECKS_SHEET}
    return [name for name in names if name not in skipped]


@dataclass(frozen=True)
class TableSelector:
    """Which table the user asked for (all None: let the rule choose)."""

    sheet: str | None = None
    table: str | None = None
    """The header's top-left cell, 'A3' or "'Monthly'!A3"."""
    prefer_sheet: str | None = None
    """Taken when it holds a table, else the rule chooses (the ribbon's active sheet)."""

    def cell(self) -> tuple[str | None, int, int] | None:
        """(sheet or None, row, col) of `--table`; ValueError when it is not a cell."""
        if self.table is None:
            return None
        text = self.table.strip()
        sheet: str | None = None
        if "!" in text:
            sheet, text = text.rsplit("!", 1)
            sheet = sheet.strip()
            if sheet.startswith("'") and sheet.endswith("'"):
                sheet = sheet[1:-1].replace("''", "'")
        row, col = parse_address(text)
        return sheet, row, col


@dataclass(frozen=True)
class TableChoice:
    layout: TableLayout
    reason: str
    others: tuple[TableLayout, ...] = ()


def current_figures(grid: Grid, layout: TableLayout) -> tuple[Period | None, int]:
    """The table's latest period with a figure, and how many indicators have one there."""
    by_month = sorted(layout.months, key=lambda m: (m.month.index, m.col), reverse=True)
    for column in by_month:
        count = sum(1 for row in layout.data_rows
                    if _is_figure(grid.value(row, column.col)))
        if count:
            return column.month, count
    return None, 0


def _is_figure(raw: CellValue) -> bool:
    if isinstance(raw, bool) or is_blank(raw):
        return False
    if isinstance(raw, int | float):
        return not math.isnan(raw)
    if isinstance(raw, str):
        text = raw.strip().replace(",", "").rstrip("%")
        try:
            float(text)
        except ValueError:
            return False
        return True
    return False


def _summary(grid: Grid, layout: TableLayout) -> str:
    month, count = current_figures(grid, layout)
    if month is None:
        figures = "no figures"
    else:
        article = "an" if month.label()[0] in "AEIOU" else "a"
        figures = f"{count} indicators with {article} {month.label()} figure"
    return f"{layout.anchor} ({layout.cadence}, {figures})"


def choose_table(found: list[tuple[Grid, TableLayout]]) -> TableChoice:
    """The table the rule picks among those found (in tab order), and why."""
    if not found:
        raise ValueError("choose_table needs at least one table")
    if len(found) == 1:
        return TableChoice(found[0][1], f"{found[0][1].anchor} is the only table found")
    counts = [current_figures(grid, layout)[1] for grid, layout in found]
    order = sorted(range(len(found)), key=lambda k: (CADENCE_RANK[found[k][1].cadence],
                                                     -counts[k], k))
    best = order[0]
    layout = found[best][1]
    others = [k for k in order[1:]]
    runner = others[0]
    if CADENCE_RANK[layout.cadence] < CADENCE_RANK[found[runner][1].cadence]:
        why = f"{layout.cadence} tables come before {found[runner][1].cadence} ones"
    elif counts[best] > counts[runner]:
        why = "it has the most indicators with a figure in their latest period"
    else:
        why = "it comes first in tab order"
    listed = "; ".join(_summary(*found[k]) for k in others)
    reason = (f"{_summary(*found[best])} chosen of {len(found)} tables: {why}. Also found: "
              f"{listed}. Choose another with --sheet NAME or --table CELL.")
    return TableChoice(layout, reason, tuple(found[k][1] for k in others))


def select_table(found: list[tuple[Grid, TableLayout]], selector: TableSelector) -> (
    TableChoice
):
    """The table asked for, or the rule's choice; TableNotFoundError when the ask matches
    no table found."""
    listed = ", ".join(layout.anchor for _, layout in found) or "none"
    if selector.sheet is not None:
        wanted = selector.sheet.strip().casefold()
        found = [(g, t) for g, t in found if t.sheet.strip().casefold() == wanted]
        if not found:
            raise TableNotFoundError(f"no dashboard table on sheet {selector.sheet!r}.",
                                     hint=f"Tables found: {listed}.")
    cell = selector.cell()
    if cell is not None:
        sheet, row, col = cell
        matches = [(g, t) for g, t in found
                   if (sheet is None or t.sheet.casefold() == sheet.casefold())
                   and t.header_row == row and t.first_col <= col <= max(t.columns)]
        if not matches:
            where = f"{quote_sheet(sheet)}!" if sheet else ""
            raise TableNotFoundError(
                f"no dashboard table has its header row at {where}{selector.table!s}.",
                hint=f"Give the top-left cell of a table's header row; tables found: {listed}.")
        found = matches
    if selector.prefer_sheet is not None and selector.sheet is None and cell is None:
        active = [(g, t) for g, t in found if t.sheet == selector.prefer_sheet]
        if active:
            choice = choose_table(active)
            return TableChoice(choice.layout, f"{choice.layout.anchor} is on the active sheet "
                               f"({choice.reason})", choice.others)
    choice = choose_table(found)
    if selector.sheet is not None or cell is not None:
        return TableChoice(choice.layout, f"{choice.layout.anchor} as asked", choice.others)
    return choice
