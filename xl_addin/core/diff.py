"""What a plan would change: each planned write against the cell's current value.

Used by `refresh --dry-run`. Only values are compared: a write that puts back the
value a cell already holds is not a change, whatever its format or colour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .address import qualified_address
from .grid import CellValue, Grid, is_blank
from .plan import WritePlan, WriteValue

FORMULA_MARK = "(formula)"


@dataclass(frozen=True)
class CellChange:
    sheet: str
    row: int
    col: int
    old: CellValue
    new: WriteValue
    old_is_formula: bool = False
    number_format: str | None = None
    """The format the write gives the cell, to show both values the way the sheet does."""

    @property
    def address(self) -> str:
        return qualified_address(self.sheet, self.row, self.col)


def reads_the_same(old: CellValue, new: WriteValue) -> bool:
    """Equal as a reader of the sheet would see them (1 == 1.0, blank == ''): whether a
    write changes what the sheet shows. format_memory.still_holds is the stricter test."""
    if is_blank(old) and is_blank(new):
        return True
    if isinstance(old, bool) or isinstance(new, bool):
        return old == new
    if isinstance(old, int | float) and isinstance(new, int | float):
        return math.isclose(old, new, rel_tol=1e-12, abs_tol=1e-12)
    return type(old) is type(new) and old == new


def plan_changes(plan: WritePlan, current: Grid | None) -> list[CellChange]:
    """The writes of `plan` that would change a value; `current` None: the sheet is new."""
    changes = []
    for w in plan.writes:
        old = current.value(w.row, w.col) if current is not None else None
        formula = current is not None and current.has_formula(w.row, w.col)
        if formula or not reads_the_same(old, w.value):
            changes.append(CellChange(plan.sheet, w.row, w.col, old, w.value, formula,
                                      w.number_format))
    return changes


@dataclass(frozen=True)
class ChangeCount:
    """Cells a refresh changes, told the same way by `--dry-run` and by the refresh:
    the dashboard's derived cells apart from the Data checks sheet (whose stamp
    changes on every refresh)."""

    dashboard: str
    """The dashboard sheet's name."""
    derived: int
    """Derived cells the refresh writes on it (formula cells it keeps are not counted)."""
    changed: int
    """Of those, the cells whose value changes."""
    checks: int
    """Cells of the Data checks sheet whose value changes."""

    @classmethod
    def of(cls, dashboard: WritePlan, changes: list[CellChange]) -> ChangeCount:
        changed = sum(1 for c in changes if c.sheet == dashboard.sheet)
        return cls(dashboard.sheet, len(dashboard), changed, len(changes) - changed)


def count_changes(dashboard: WritePlan, dashboard_grid: Grid | None,
                  checks: WritePlan, checks_grid: Grid | None) -> ChangeCount:
    """The same count as ChangeCount.of(plan_changes(...)), without listing the cells."""
    return ChangeCount(dashboard.sheet, len(dashboard), _changed(dashboard, dashboard_grid),
                       _changed(checks, checks_grid))


def _changed(plan: WritePlan, current: Grid | None) -> int:
    """len(plan_changes(plan, current)) in one tight loop: a refresh of 10,000 indicators
    counts 100,000 writes, too many for a call per cell (Grid.value, CellChange)."""
    if current is None:
        return sum(1 for w in plan.writes if not is_blank(w[2]))
    rows, (top, left), formulas = current.rows, current.origin, current.formulas
    height = len(rows)
    count = 0
    for w in plan.writes:
        r, c = w[0] - top, w[1] - left
        old: CellValue = None
        if 0 <= r < height and c >= 0:
            line = rows[r]
            if c < len(line):
                old = line[c]
        new = w[2]
        if old is None:  # a first refresh: every derived cell is empty
            changed = not (new is None or (type(new) is str and not new.strip()))
        else:
            changed = not ((type(old) is type(new) and old == new) or reads_the_same(old, new))
        if changed or (formulas and (w[0], w[1]) in formulas):
            count += 1
    return count
