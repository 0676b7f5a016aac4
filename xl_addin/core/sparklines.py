"""Native Excel sparklines: one per indicator over the table's periods, as a pure plan.

A derived column headed 'Sparkline', 'Trend line', 'Trend chart', 'Spark' (headers.py)
gets, in each indicator row, a line sparkline over that row's period cells: the block
from the first to the last period column, sheet-qualified and absolute. The adapters
draw the plan (adapters/package/sparkline_ext.py as the sheet's x14:sparklineGroups;
xlwings_book.py through Excel's object model) and never decide what to draw.

A bare 'Trend' header is read by what its cells hold (`trend_reading`): sparklines make
it a sparkline column, arrows a direction-of-travel column, nothing keeps the arrow
reading and says so once; both is a doubt, and the column is left alone.

A cell that already holds a sparkline the refresh did not draw keeps it: a second one is
never added there, and the plan says which cells (`SparklinePlan.kept`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Final, Literal

from .address import cell_address, column_letter, qualified_address, quote_sheet
from .findings import Finding
from .grid import Grid, is_blank
from .vocab import ARROWS

if TYPE_CHECKING:  # layout.py asks trend_reading about a bare 'Trend' column
    from .layout import TableLayout

EmptyCells = Literal["gap", "span", "zero"]
"""How a sparkline shows an empty cell (x14 displayEmptyCellsAs)."""
TrendReading = Literal["dot", "sparkline", "doubt"]

NO_SPARKLINE_ENGINE: Final = "no_sparkline_engine"
"""Finding code: this Excel cannot draw sparklines from Python."""


@dataclass(frozen=True)
class SparklineLook:
    """How a group of sparklines is drawn (x14:sparklineGroup's options and colours).

    Neutral greys, never the Making Data Count blue or orange: a sparkline shows the
    shape of the series, not a verdict (a high point is not good for every indicator).
    Colours are ARGB hex as the file format stores them.
    """

    empty_cells: EmptyCells = "gap"
    line_weight: float = 1.25
    high: bool = True
    low: bool = True
    last: bool = True
    negative: bool = True
    markers: bool = False
    """Markers on every point (off: only high, low and last are marked)."""
    right_to_left: bool = False
    """The table's newest period is on the left: plot the columns right to left."""
    series: str = "FF595959"
    negative_colour: str = "FFC00000"
    axis: str = "FF000000"
    markers_colour: str = "FF595959"
    first_colour: str = "FF595959"
    last_colour: str = "FF262626"
    high_colour: str = "FF8C8C8C"
    low_colour: str = "FF8C8C8C"


OWN_SIGNATURE: Final = (SparklineLook.series, SparklineLook.last_colour,
                        SparklineLook.line_weight)
"""Series colour, last-point colour and line weight together mark a group the refresh
drew: it is replaced on the next refresh, never doubled (another group, or one whose
colours the analyst changed, is theirs and kept as it is)."""


@dataclass(frozen=True)
class Sparkline:
    row: int
    col: int
    source: str
    """The data: the row's period cells, sheet-qualified and absolute ('Sheet'!$C$5:$N$5)."""

    @property
    def location(self) -> str:
        """The cell it is drawn in, unqualified ('K5'), as x14's xm:sqref holds it."""
        return cell_address(self.row, self.col)


@dataclass(frozen=True)
class SparklineGroup:
    look: SparklineLook
    sparklines: tuple[Sparkline, ...]


@dataclass(frozen=True)
class SparklinePlan:
    """The sparklines of one table's sparkline column."""

    sheet: str
    header_row: int
    col: int
    groups: tuple[SparklineGroup, ...]
    kept: tuple[tuple[int, int], ...] = ()
    """Target cells that already hold someone else's sparkline: left as they are."""

    @property
    def count(self) -> int:
        """How many sparklines are drawn (a property, not __len__: a plan that draws none
        is still a plan, and stays truthy)."""
        return sum(len(g.sparklines) for g in self.groups)


# --- A bare 'Trend' column ------------------------------------------------------------

_ARROW_MARKS: Final = frozenset(ARROWS.values()) | frozenset("↑↓→←↗↘◄")


def _is_arrow(value: object) -> bool:
    return isinstance(value, str) and any(ch in _ARROW_MARKS for ch in value)


def trend_reading(grid: Grid, header_row: int, col: int, rows: tuple[int, ...]) -> (
    tuple[TrendReading, Finding | None]
):
    """What a bare 'Trend' column is, from its cells in the table's rows, and the finding
    that says so when its cells did not make it plain."""
    cells = [(r, col) for r in rows]
    sparks = [c for c in cells if c in grid.sparkline_cells or c in grid.own_sparkline_cells]
    arrows = [c for c in cells if _is_arrow(grid.value(*c))]
    filled = [c for c in cells if not is_blank(grid.value(*c))]
    where = qualified_address(grid.sheet, header_row, col)
    if sparks and arrows:
        return "doubt", Finding(
            "warning", grid.sheet, header_row, col,
            f"'Trend' could be the direction of travel (arrows, as in "
            f"{qualified_address(grid.sheet, *arrows[0])}) or a sparkline column (as in "
            f"{qualified_address(grid.sheet, *sparks[0])}), so it is left as it is",
            "Head it 'DoT' for the arrows or 'Sparkline' for a sparkline per indicator",
            code="layout")
    if sparks:
        return "sparkline", None
    if filled:
        return "dot", None
    return "dot", Finding(
        "info", grid.sheet, header_row, col,
        f"'Trend' ({where}) is empty, so it is read as the direction of travel (an arrow)",
        "Head it 'Sparkline' or 'Trend line' for a sparkline per indicator instead",
        code="layout")


# --- The plan ------------------------------------------------------------------------


def _period_block(layout: TableLayout) -> tuple[int, int, bool] | str:
    """(first col, last col, right to left) of the period columns, or why they are not
    one block of cells a sparkline can read in time order."""
    ordered = sorted(layout.months, key=lambda m: m.col)
    cols = [m.col for m in ordered]
    if len(cols) < 2:
        return "the table has fewer than two period columns"
    gaps = sorted(set(range(cols[0], cols[-1] + 1)) - set(cols))
    if gaps:
        return (f"the period columns {column_letter(cols[0])} to {column_letter(cols[-1])} "
                f"are not side by side (column {column_letter(gaps[0])} sits between them)")
    index = [m.month.index for m in ordered]
    if all(a < b for a, b in pairwise(index)):
        return cols[0], cols[-1], False
    if all(a > b for a, b in pairwise(index)):
        return cols[0], cols[-1], True
    return "the period columns are not in time order"


def _source(sheet: str, row: int, first: int, last: int) -> str:
    r = row + 1
    return (f"{quote_sheet(sheet)}!${column_letter(first)}${r}:"
            f"${column_letter(last)}${r}")


def plan_sparklines(
    grid: Grid, layout: TableLayout, rows: tuple[int, ...], quarterly: tuple[bool, ...],
) -> tuple[SparklinePlan | None, list[Finding]]:
    """One sparkline per indicator row in the table's sparkline column (None: it has no
    such column, or its periods cannot be drawn, which a finding says).

    `rows` are the indicator rows; `quarterly[i]` marks a quarterly indicator in a
    monthly table: its figures sit in one month of each quarter, so its line spans the
    empty months (its own group) instead of breaking at every gap.
    """
    columns = layout.outputs.get("sparkline")
    if columns is None or columns.value_col is None:
        return None, []
    col = columns.value_col
    header = (layout.header_row, col)
    block = _period_block(layout)
    if isinstance(block, str):
        return None, [Finding(
            "warning", layout.sheet, *header,
            f"no sparklines were drawn: {block}",
            "Keep the period columns together, oldest to newest (or newest to oldest)",
            code="sparkline")]
    first, last, backwards = block
    kept = tuple((r, col) for r in rows if (r, col) in grid.sparkline_cells)
    spanned: list[Sparkline] = []
    gapped: list[Sparkline] = []
    for row, spans in zip(rows, quarterly, strict=True):
        if (row, col) in kept:
            continue
        line = Sparkline(row, col, _source(layout.sheet, row, first, last))
        (spanned if spans else gapped).append(line)
    by_empty: tuple[tuple[EmptyCells, list[Sparkline]], ...] = (("gap", gapped),
                                                                 ("span", spanned))
    groups = tuple(
        SparklineGroup(SparklineLook(empty_cells=empty, right_to_left=backwards), tuple(lines))
        for empty, lines in by_empty if lines)
    findings: list[Finding] = []
    if kept:
        listed = ", ".join(cell_address(*c) for c in kept[:5])
        more = f" and {len(kept) - 5} more" if len(kept) > 5 else ""
        findings.append(Finding(
            "info", layout.sheet, *kept[0],
            f"{len(kept)} cell(s) of the sparkline column already hold a sparkline of their "
            f"own ({listed}{more}); they are kept, and no second one is added",
            "Clear those sparklines in Excel (Sparkline > Clear) to have the refresh draw them",
            code="sparkline_kept"))
    return SparklinePlan(layout.sheet, layout.header_row, col, groups, kept), findings


def drawn_text(plan: SparklinePlan | None) -> str:
    """'9 sparklines in column AV' ('' when none are drawn), for the refresh's summary."""
    if plan is None or not plan.count:
        return ""
    n = plan.count
    return f"{n:,} sparkline{'' if n == 1 else 's'} in column {column_letter(plan.col)}"


def engine_cannot_draw(plan: SparklinePlan) -> Finding:
    """Said once when the Excel that runs the refresh cannot add sparklines from Python."""
    return Finding(
        "info", plan.sheet, plan.header_row, plan.col,
        f"this Excel cannot add sparklines from Python (Excel on the web, xlwings Server or "
        f"Excel for Mac), so the {plan.count} sparkline(s) of column "
        f"{column_letter(plan.col)} were not drawn",
        "Refresh the file with 'xl-addin refresh', or from the ribbon in Excel for Windows, "
        "to draw them", code=NO_SPARKLINE_ENGINE)
