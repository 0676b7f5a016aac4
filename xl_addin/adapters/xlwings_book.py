"""The live-Excel adapter: `WorkbookPort` over an open `xlwings.Book`.

Every property access on a desktop book is a cross-process call, so this reads
a sheet in two calls (the used range's values, then its formulas) and writes in
blocks: one value write per column run, fills as one colour matrix per column
run where the engine takes one (else grouped by colour), and number formats
grouped by format. A tone is a fill only: a font colour per cell would cost a
call per run of equal tones, which grows with the number of indicators. It works
unchanged on Windows (COM), macOS (AppleScript) and the remote engine that the
tests drive.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sys
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any, Final, Literal

import xlwings as xw

from xl_addin.adapters.areas import Area, address_batches, column_areas, format_layers
from xl_addin.core.add_month import AddMonthPlan, ColumnState
from xl_addin.core.address import column_letter, parse_address
from xl_addin.core.grid import CellValue, Grid
from xl_addin.core.month_header import HeaderValue
from xl_addin.core.periods import parse_period
from xl_addin.core.plan import CellWrite, SheetLook, WritePlan, WriteValue
from xl_addin.core.sparklines import OWN_SIGNATURE, SparklineLook, SparklinePlan
from xl_addin.core.units import number_format_kind
from xl_addin.core.vocab import SPC_FILL, Tone

TONE_FILL: Final[dict[Tone, str]] = {"good": "#C6EFCE", "neutral": "#FFEB9C", "bad": "#FFC7CE",
                                     **SPC_FILL}
"""The fills of Excel's Good / Neutral / Bad cell styles (as the file writer's)."""
PLAIN_FONT: Final = "#000000"
"""Font colour put back on cells that versions before 0.2 coloured by tone: Excel's
default text colour (xlwings cannot set 'automatic' on every engine)."""

MAX_COLOR_MATRIX: Final = 10_000
"""`Range.set_colors` takes at most this many cells per call."""

_FORMULA_STARTS: Final = ("=", "+", "-", "@")
log = logging.getLogger(__name__)


def width_in_points(characters: float) -> float:
    """Excel's column width unit (characters of 11-point Calibri's digit, 7 pixels, plus 5
    pixels of padding) in points, the unit the remote engine's host takes."""
    return (characters * 7 + 5) * 0.75

MAX_FORMAT_CALLS: Final = 200
"""Number-format reads one ribbon refresh may make (see XlwingsBook._percent_cells)."""


def fraction_runs(grid: Grid) -> list[tuple[int, int, int]]:
    """(row, first col, last col) of each run of adjacent cells holding a fraction
    (a float that is not whole, between -10 and 10): the cells whose percentage format,
    if any, changes what the figure means. Absolute 0-based positions."""
    top, left = grid.origin
    runs: list[tuple[int, int, int]] = []
    for r, line in enumerate(grid.rows):
        start: int | None = None
        for c, value in enumerate([*line, None]):
            fraction = (type(value) is float and -10.0 < value < 10.0
                        and not value.is_integer())
            if fraction and start is None:
                start = c
            elif not fraction and start is not None:
                runs.append((top + r, left + start, left + c - 1))
                start = None
    return runs


OutlineAccess = Literal["com", "applescript"]
"""How an engine reads and sets a column's outline (grouping) level."""


def outline_access(engine: str, platform: str) -> OutlineAccess | None:
    """Windows COM: Range.EntireColumn.OutlineLevel. macOS: the same property through
    AppleScript, `entire column` / `outline level` in Excel's dictionary (xlwings'
    mac_dict), as xlwings' own `entire_column.hidden`. The remote engine has neither."""
    if engine != "excel":
        return None
    if platform.startswith("win"):
        return "com"
    return "applescript" if platform == "darwin" else None


def excel_text(value: WriteValue) -> WriteValue:
    """A value as Excel must receive it: text that Excel would parse stays text.

    Excel reads text put into a cell as if typed: '=...', '+...', '-...' and '@...'
    become formulas or numbers, 'Aug-20' or '2020-09-03 14:05' a date, '12' or
    'TRUE' a number or a logical. An apostrophe prefix keeps the literal text (Excel
    shows it without the apostrophe), as the file writer's inline strings do.
    """
    if isinstance(value, str) and (value.startswith(_FORMULA_STARTS) or _typed(value)):
        return "'" + value
    if isinstance(value, float):
        return float(value)  # numpy scalars become plain floats for every engine
    return value


def _typed(text: str) -> bool:
    """Text that Excel's typing would turn into a number, date or logical."""
    return (text[:1].isdigit() or text.strip().upper() in ("TRUE", "FALSE")
            or parse_period(text) is not None)


def _date1904(book: xw.Book) -> bool:
    """Whether the workbook uses the 1904 date system (Workbook.Date1904).

    Desktop engines give date cells as datetimes whatever the system; only a bare
    serial number needs it. The remote engine cannot say: its Office.js client
    decodes date cells in the 1900 system (see docs/periods.md), so False there.
    """
    engine = book.app.engine.name
    try:
        if engine == "excel" and sys.platform.startswith("win"):
            return bool(book.api.Date1904)
        if engine == "excel" and sys.platform == "darwin":
            return bool(book.api.date_1904.get())
    except Exception:  # an engine without the property: the 1900 system, Excel's default
        return False
    return False


def _two_d(raw: Any) -> list[list[Any]]:
    """xlwings returns a scalar for one cell and tuples for COM formulas."""
    if not isinstance(raw, list | tuple):
        return [[raw]]
    if raw and not isinstance(raw[0], list | tuple):
        return [list(raw)]
    return [list(row) for row in raw]


class XlwingsBook:
    """A workbook open in Excel, read and written through xlwings."""

    def __init__(self, book: xw.Book) -> None:
        self.book = book
        engine = book.app.engine.name
        # The remote engine has a per-cell colour matrix; desktop set_colors is a
        # loop over cells, so desktop engines colour whole areas instead.
        self._colour_matrix = engine == "remote"
        # Only COM accepts 'K7:K9,K12'; AppleScript and the remote engine do not.
        self._multi_area = engine == "excel" and sys.platform.startswith("win")
        self._outline = outline_access(engine, sys.platform)
        self.formulas_known = True
        """False when the engine could not report formulas (see read_grid): the service
        then writes only output cells provably the refresh's own (core/unseen_formulas)."""
        self.outline_known = self._outline is not None
        """False when the engine could not read or set column grouping (add-month)."""
        self.date1904 = _date1904(book)
        """The book counts serial numbers from 1904: bare serial headers are read so."""
        self.draws_sparklines = sparkline_access(engine, sys.platform)
        """Windows Excel adds sparklines through its object model (Range.SparklineGroups);
        the remote engine and AppleScript cannot, and the refresh says so once."""

    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.book.sheets]

    def read_grid(self, sheet: str) -> Grid:
        ws = self.book.sheets[sheet]
        used = ws.used_range
        # Dates arrive as datetime, blanks as None and errors as their text ('#N/A').
        rows: list[list[CellValue]] = _two_d(used.options(ndim=2, err_to_str=True).value)
        origin = (used.row - 1, used.column - 1)
        grid = Grid(sheet, rows, origin, self._formula_cells(used, origin),
                    date1904=self.date1904)
        if self.draws_sparklines:
            try:
                foreign, own = com_sparkline_marks(used.api)
                grid = replace(grid, sparkline_cells=foreign, own_sparkline_cells=own)
            except Exception:  # an Excel without sparklines (2007): none drawn, and said
                log.warning("could not read the sparklines of %r", sheet, exc_info=True)
                self.draws_sparklines = False
        percent = self._percent_cells(ws, grid)
        return replace(grid, percent_cells=percent) if percent else grid

    def _percent_cells(self, ws: xw.Sheet, grid: Grid) -> frozenset[tuple[int, int]]:
        """Cells formatted as percentages, among those holding a fraction (0.89 shown as
        89% is what a percentage format changes). One call per run of such cells in a row
        (a percentage row formatted alike answers at once), one per cell only where a
        run's formats differ, at most MAX_FORMAT_CALLS in all; none on the remote engine,
        which cannot read formats. Dates need no call: they arrive as datetimes."""
        if self.book.app.engine.name == "remote":
            return frozenset()
        found: set[tuple[int, int]] = set()
        calls = 0
        for row, first, last in fraction_runs(grid):
            try:
                calls += 1
                kind = number_format_kind(ws.range((row + 1, first + 1),
                                                   (row + 1, last + 1)).number_format)
                if kind == "percent":
                    found.update((row, c) for c in range(first, last + 1))
                    continue
                for col in range(first, last + 1) if last > first else ():
                    if calls >= MAX_FORMAT_CALLS:
                        break
                    calls += 1
                    if number_format_kind(ws.range((row + 1, col + 1)).number_format) == (
                            "percent"):
                        found.add((row, col))
            except NotImplementedError:
                return frozenset()
            if calls >= MAX_FORMAT_CALLS:
                break
        return frozenset(found)

    def _formula_cells(self, used: xw.Range, origin: tuple[int, int]) -> frozenset[
        tuple[int, int]
    ]:
        try:
            formulas = _two_d(used.formula)
        except NotImplementedError:
            # The remote engine's payload carries values only; there is no
            # synchronous way to see formulas, so the refresh writes only cells it
            # can prove are its own (service._planned, core/unseen_formulas.py).
            self.formulas_known = False
            return frozenset()
        return frozenset(
            (origin[0] + r, origin[1] + c)
            for r, line in enumerate(formulas)
            for c, text in enumerate(line)
            if isinstance(text, str) and text.startswith("=")
        )

    def apply(self, plans: Sequence[WritePlan]) -> None:
        for plan in plans:
            if not plan.writes:
                continue
            sheet = self._sheet(plan.sheet)
            # Formats first: a cell formatted as Text ('@') would store a number as text.
            self._number_formats(sheet, plan)
            self._values(sheet, plan)
            self._fills(sheet, plan)
            if plan.clear_font_colour:
                for run in plan.column_runs():
                    _block(sheet, Area(run.col, run.first_row, run.last_row)).font.color = (
                        PLAIN_FONT)
            if plan.look is not None:
                self._look(sheet, plan.look)
            if plan.sparklines is not None and self.draws_sparklines:
                draw_com_sparklines(sheet.api, plan.sparklines)

    def _look(self, sheet: xw.Sheet, look: SheetLook) -> None:
        """Widths, bold rows, wrapped messages with rows fitted to them, and the header kept
        in view with a filter: a dozen calls, whatever the number of findings."""
        remote = self.book.app.engine.name == "remote"
        for col, width in enumerate(look.column_widths):
            sheet.range((1, col + 1)).column_width = width_in_points(width) if remote else width
        for row in look.bold_rows:
            last_col = look.columns if row == look.header_row else 1
            sheet.range((row + 1, 1), (row + 1, last_col)).font.bold = True
        first, last = look.header_row + 2, look.last_row + 1
        if last >= first:
            for col in look.wrap_columns:
                sheet.range((first, col + 1), (last, col + 1)).wrap_text = True
            table = sheet.range((first, 1), (last, look.columns))
            # Only the remote engine's Office.js client aligns; the others raise.
            with contextlib.suppress(NotImplementedError):
                table.vertical_alignment = "top"  # a row reads from its first line across
            table.rows.autofit()
        header = f"{look.header_row + 1}"
        if remote:
            sheet.freeze_panes.freeze_at(f"1:{header}")
        elif self._multi_area:
            _freeze_and_filter_windows(sheet, look)

    # -- adding a month column: a real insert, so Excel moves every reference ---

    def column_state(self, sheet: str) -> ColumnState | None:
        """Hidden columns of the used range (one call per column); None on the remote
        engine, which cannot report them synchronously."""
        if self.book.app.engine.name == "remote":
            return None
        ws = self.book.sheets[sheet]
        used = ws.used_range
        hidden: set[int] = set()
        outline: dict[int, int] = {}
        for col in range(used.column - 1, used.column - 1 + used.columns.count):
            column = ws.range((1, col + 1))
            if column.columns.hidden:
                hidden.add(col)
            level = self._outline_level(column)
            if level > 1:
                outline[col] = level - 1  # Excel counts ungrouped as level 1
        return ColumnState(frozenset(hidden), outline)

    def _outline_level(self, column: xw.Range) -> int:
        if self._outline == "com":
            return int(column.api.EntireColumn.OutlineLevel)
        if self._outline == "applescript":
            try:
                return int(column.api.entire_column.outline_level.get())
            except Exception:  # never run on a Mac here: say so rather than fail
                self._outline, self.outline_known = None, False
        return 1

    def _set_outline_level(self, column: xw.Range, level: int) -> None:
        if self._outline == "com":
            column.api.EntireColumn.OutlineLevel = level
        elif self._outline == "applescript":
            try:
                column.api.entire_column.outline_level.set(level)
            except Exception:  # the column stays hidden, ungrouped; the message says so
                self._outline, self.outline_known = None, False

    def insert_month_column(self, plan: AddMonthPlan) -> None:
        ws = self.book.sheets[plan.sheet]
        letter = column_letter(plan.insert_col)
        # Excel copies the left column's formats and moves formulas, merges, conditional
        # formats, validations, names and charts itself.
        ws.range(f"{letter}:{letter}").insert("right", "format_from_left_or_above")
        ws.range((plan.header_row + 1, plan.insert_col + 1)).value = live_header(plan.header)
        if plan.hide_col is None:
            return
        hide = column_letter(plan.hide_col)
        ws.range(f"{hide}:{hide}").columns.hidden = True
        if plan.hide_outline_level:
            self._set_outline_level(ws.range(f"{hide}:{hide}"), plan.hide_outline_level + 1)

    def _sheet(self, name: str) -> xw.Sheet:
        if name in self.sheet_names():
            return self.book.sheets[name]
        return self.book.sheets.add(name, after=self.book.sheets[-1])

    def _ranges(self, sheet: xw.Sheet, areas: list[Area]) -> Iterator[xw.Range]:
        if self._multi_area:
            for address in address_batches(areas):
                yield sheet.range(address)
        else:
            for area in areas:
                yield _block(sheet, area)

    def _grouped(self, sheet: xw.Sheet, groups: dict[Any, list[tuple[int, int]]]) -> Iterator[
        tuple[Any, xw.Range]
    ]:
        for key, cells in groups.items():
            for rng in self._ranges(sheet, column_areas(cells)):
                yield key, rng

    def _number_formats(self, sheet: xw.Sheet, plan: WritePlan) -> None:
        base, odd = format_layers((w.row, w.col, w.number_format) for w in plan.writes)
        for layer in (base, odd):
            for fmt, areas in layer.items():
                for rng in self._ranges(sheet, areas):
                    rng.number_format = fmt

    def _values(self, sheet: xw.Sheet, plan: WritePlan) -> None:
        for run in plan.column_runs():
            block = _block(sheet, Area(run.col, run.first_row, run.last_row))
            block.value = [[excel_text(w.value)] for w in run.writes]

    def _fills(self, sheet: xw.Sheet, plan: WritePlan) -> None:
        if self._colour_matrix:
            for run in plan.column_runs():
                for start in range(0, len(run.writes), MAX_COLOR_MATRIX):
                    chunk = run.writes[start:start + MAX_COLOR_MATRIX]
                    first = run.first_row + start
                    block = _block(sheet, Area(run.col, first, first + len(chunk) - 1))
                    block.set_colors([[_fill(w)] for w in chunk])
            return
        for tone, rng in self._grouped(sheet, _by_tone(plan.writes)):
            rng.color = TONE_FILL[tone] if tone is not None else None


def sparkline_access(engine: str, platform: str) -> bool:
    """Only Windows Excel (COM) has Range.SparklineGroups for Python to call."""
    return engine == "excel" and platform.startswith("win")


_SPARKLINE_LINE: Final = 1
"""XlSparkType.xlSparkLine."""
_BLANKS_AS: Final = {"gap": 1, "zero": 2, "span": 3}
"""XlDisplayBlanksAs: xlNotPlotted, xlZero, xlInterpolated."""
_ROWS_SQUARE: Final = 1
"""XlSparklineRowCol.xlSparklineRowsSquare: a square source is read row by row."""


def _width(head: str, tail: str) -> int:
    """Columns from "'S'!$F$4" to "$AC$9"."""
    return (parse_address(tail.replace("$", ""))[1]
            - parse_address(head.rsplit("!", 1)[1].replace("$", ""))[1] + 1)


def bgr(argb: str) -> int:
    """'FF595959' as the BGR integer of Excel's object model."""
    rgb = int(argb[-6:], 16)
    return ((rgb & 0xFF) << 16) | (rgb & 0xFF00) | (rgb >> 16)


def _com_cells(address: str) -> Iterator[tuple[int, int]]:
    for part in address.replace("$", "").split(","):
        first, _, last = part.partition(":")
        top, left = parse_address(first)
        bottom, right = parse_address(last) if last else (top, left)
        for row in range(top, bottom + 1):
            for col in range(left, right + 1):
                yield row, col


def com_sparkline_marks(used: Any) -> tuple[frozenset[tuple[int, int]],
                                            frozenset[tuple[int, int]]]:
    """(cells with someone else's sparkline, cells with one the refresh drew), through
    COM: one call when the sheet has none. Own groups are known by their look, as in a
    file (core.sparklines.OWN_SIGNATURE)."""
    series, last, weight = OWN_SIGNATURE
    foreign: set[tuple[int, int]] = set()
    own: set[tuple[int, int]] = set()
    groups = used.SparklineGroups
    for index in range(1, int(groups.Count) + 1):
        group = groups.Item(index)
        cells = set(_com_cells(str(group.Location.Address)))
        mine = (int(group.SeriesColor.Color) == bgr(series)
                and int(group.Points.Lastpoint.Color.Color) == bgr(last)
                and float(group.LineWeight) == weight and len({c for _, c in cells}) == 1)
        (own if mine else foreign).update(cells)
    return frozenset(foreign), frozenset(own)


def _runs(rows: Sequence[int]) -> Iterator[tuple[int, int]]:
    """(first, last) of each run of consecutive rows."""
    ordered = sorted(rows)
    start = prev = ordered[0]
    for row in ordered[1:]:
        if row != prev + 1:
            yield start, prev
            start = row
        prev = row
    yield start, prev


def draw_com_sparklines(ws: Any, plan: SparklinePlan) -> None:
    """The plan's sparklines through Windows Excel's object model: per run of rows, the
    last refresh's sparklines cleared (the plan holds no cell of anyone else's) and one
    group added over the rows' period cells (Range.SparklineGroups.Add)."""
    col = column_letter(plan.col)
    for group in plan.groups:
        sources = {s.row: s.source for s in group.sparklines}
        for first, last in _runs(list(sources)):
            target = ws.Range(f"{col}{first + 1}:{col}{last + 1}")
            target.SparklineGroups.Clear()
            head, _, _ = sources[first].rpartition(":")
            tail = sources[last].rsplit(":", 1)[1]
            added = target.SparklineGroups.Add(_SPARKLINE_LINE, f"{head}:{tail}")
            if last - first + 1 == _width(head, tail):
                added.PlotBy = _ROWS_SQUARE  # one sparkline per row, not per column
            _com_look(added, group.look)


def _com_look(group: Any, look: SparklineLook) -> None:
    group.LineWeight = look.line_weight
    group.DisplayBlanksAs = _BLANKS_AS[look.empty_cells]
    group.SeriesColor.Color = bgr(look.series)
    points = group.Points
    for point, shown, colour in ((points.Highpoint, look.high, look.high_colour),
                                 (points.Lowpoint, look.low, look.low_colour),
                                 (points.Lastpoint, look.last, look.last_colour),
                                 (points.Negative, look.negative, look.negative_colour)):
        point.Visible = shown
        point.Color.Color = bgr(colour)
    if look.right_to_left:
        group.Axes.Horizontal.RightToLeftPlotOrder = True


def _freeze_and_filter_windows(sheet: xw.Sheet, look: SheetLook) -> None:
    """Windows Excel (COM): the filter on the table and the rows down to its header frozen,
    through the object model (xlwings has neither for desktop engines). Freezing is a
    property of a window, so the sheet is shown for it and the analyst's sheet shown again.
    Both are for reading only: the figures are written by then, so a failure is logged,
    never raised (the remote engine and the file writer are tested; this is not, here)."""
    try:
        ws = sheet.api
        if ws.AutoFilterMode:
            ws.AutoFilterMode = False  # the last refresh's range; the table may have grown
        ws.Range(look.filter_range).AutoFilter()
        book = sheet.book
        shown = book.sheets.active
        sheet.activate()
        window = book.app.api.ActiveWindow
        window.FreezePanes = False
        window.SplitColumn = 0
        window.SplitRow = look.header_row + 1
        window.FreezePanes = True
        shown.activate()
    except Exception:  # see the docstring: a view setting, after the write
        log.warning("could not set the filter or freeze panes on %r", sheet.name,
                    exc_info=True)


def live_header(value: HeaderValue) -> HeaderValue:
    """A header as Excel must receive it: dates as datetimes, text kept as text."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        return "'" + value  # 'Sep-20' typed into Excel would become a date
    return value


def _fill(write: CellWrite) -> str | None:
    return TONE_FILL[write.tone] if write.tone is not None else None


def _by_tone(writes: Sequence[CellWrite]) -> dict[Tone | None, list[tuple[int, int]]]:
    groups: dict[Tone | None, list[tuple[int, int]]] = defaultdict(list)
    for w in writes:
        groups[w.tone].append((w.row, w.col))
    return groups


def _block(sheet: xw.Sheet, area: Area) -> xw.Range:
    return sheet.range((area.first_row + 1, area.col + 1), (area.last_row + 1, area.col + 1))
