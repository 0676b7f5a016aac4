"""Output cells a refresh must leave alone when the engine cannot show formulas.

Desktop Excel and the file reader report which cells hold formulas, and the
planner never writes those (planner.build_plan). xlwings' remote engine (Office.js)
sends values only, so a formula an analyst put in an output column looks like any
other figure there. On such an engine a cell is written only when it is provably
the refresh's own: empty, or still holding what the last refresh wrote (that
refresh's plan made again from the table as it is now, as format_memory does).
Everything else is left as it is and reported in one finding: how many and where.
"""

from __future__ import annotations

from dataclasses import replace

from .address import cell_address
from .findings import Finding
from .format_memory import still_holds
from .grid import Grid, is_blank
from .plan import WritePlan

MAX_AREAS_NAMED = 12
"""Areas spelt out in the finding; the rest are counted."""


def own_cells_only(
    plan: WritePlan, dashboard: Grid, earlier: WritePlan | None
) -> tuple[WritePlan, list[Finding]]:
    """`plan` without the cells that are neither empty nor what `earlier` wrote.

    `earlier`: the last refresh's plan made again from the table now, or None when
    no refresh of this sheet is on record (then only empty cells are the refresh's).
    """
    before = {(w.row, w.col): w.value for w in earlier.writes} if earlier else {}
    writes = []
    left: list[tuple[int, int]] = []
    for write in plan.writes:
        cell = (write.row, write.col)
        held = dashboard.value(*cell)
        if is_blank(held) or (cell in before and still_holds(held, before[cell])):
            writes.append(write)
        else:
            left.append(cell)
    if not left:
        return plan, []
    kept = replace(plan, writes=tuple(writes), protected=tuple(sorted({*plan.protected, *left})))
    return kept, [_left_finding(plan.sheet, left)]


def _left_finding(sheet: str, left: list[tuple[int, int]]) -> Finding:
    areas = column_areas(left)
    named = ", ".join(areas[:MAX_AREAS_NAMED])
    more = len(areas) - MAX_AREAS_NAMED
    if more > 0:
        named += f" and {more} more area{'s' if more > 1 else ''}"
    count = len(left)
    cells = "1 output cell" if count == 1 else f"{count} output cells"
    first = min(left)
    return Finding(
        "warning", sheet, first[0], first[1],
        f"this Excel cannot show formulas, so {cells} that did not hold what the last "
        f"refresh wrote {'was left as it is' if count == 1 else 'were left as they are'}: "
        f"{named}",
        "They may hold formulas. Refresh in desktop Excel (or run xl-addin refresh on the "
        "saved file) to update them, or clear them so that the refresh fills them",
        code="formula_unseen")


def column_areas(cells: list[tuple[int, int]]) -> list[str]:
    """'K5:K9'-style areas: runs of consecutive rows down each column, left to right."""
    areas: list[str] = []
    ordered = sorted(cells, key=lambda rc: (rc[1], rc[0]))
    start = prev = ordered[0]
    for cell in [*ordered[1:], None]:
        if cell is not None and cell[1] == prev[1] and cell[0] == prev[0] + 1:
            prev = cell
            continue
        top, bottom = cell_address(*start), cell_address(*prev)
        areas.append(top if start == prev else f"{top}:{bottom}")
        if cell is not None:
            start = prev = cell
    return areas
