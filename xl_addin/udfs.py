"""Excel worksheet functions (xlwings UDFs, Windows only) for the dashboard's figures.

Each function takes cells as Excel passes them (a number, text, None for a blank,
or a 2-D list for a range), reads numbers the way the refresh does
(core.values: '6.8%', 'tbc', '#N/A'...), calls the same rule in core.rules, and
returns 'n/a' where an input is missing. A range gives an array result.
The names share the prefix EH_ so they sit together in Excel's function list.
Import them with the xlwings add-in: UDF Modules = xl_addin.udfs, Import Functions.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Final, TypeVar

import numpy as np
import numpy.typing as npt
import xlwings as xw

from xl_addin.core import rules
from xl_addin.core.errors import VocabularyError
from xl_addin.core.settings import require_polarity, require_unit
from xl_addin.core.spc import SpcOptions, SpcResult, analyse
from xl_addin.core.values import parse_target, to_number
from xl_addin.core.vocab import (
    ARROWS,
    ASSURANCE_LABEL,
    DEFAULT_SPC_MIN_POINTS,
    DEFAULT_THRESHOLD,
    DEFAULT_TOLERANCE,
    NOT_AVAILABLE,
    RAG_LABEL,
    VARIATION_LABEL,
    VERDICT_LABEL,
)

CATEGORY: Final = "Early Help"
YEAR: Final = 12

Floats = npt.NDArray[np.float64]
Objects = npt.NDArray[np.object_]
F = TypeVar("F", bound=Callable[..., Any])

ARGUMENTS: Final[dict[str, list[tuple[str, dict[str, Any]]]]] = {}
"""Each function's argument options as declared below, in order. The Office.js add-in
(xl_addin.server.functions) registers these same functions with xlwings Server from
them, so the two kinds of add-in share one declaration and one implementation."""


def _arg(name: str, **options: Any) -> Callable[[F], F]:
    """`xw.arg`, remembered in ARGUMENTS."""
    def record(f: F) -> F:
        ARGUMENTS.setdefault(f.__name__, []).insert(0, (name, dict(options)))
        return xw.arg(name, **options)(f)
    return record


class _BadArgumentError(ValueError):
    """An argument the function cannot read; its message, naming the argument, goes in
    the cell instead of a figure."""


# -- reading the arguments: every check that names an argument lives here ------------

def _cells(raw: Any) -> list[list[Any]]:
    if isinstance(raw, list | tuple):
        return [list(r) if isinstance(r, list | tuple) else [r] for r in raw] or [[None]]
    return [[raw]]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _numbers(raw: Any) -> Floats:
    """Figure cells as a 2-D float array; NaN wherever there is no number (a blank, 'tbc'
    or text is a missing figure, as in the refresh)."""
    return np.array(
        [[np.nan if (n := to_number(v)) is None else n for v in row] for row in _cells(raw)],
        dtype=np.float64,
    )


def _targets(raw: Any) -> Floats:
    """Target cells as a 2-D float array: '>= 95%' is 0.95, like a number typed."""
    return np.array(
        [[np.nan if (n := parse_target(v).number) is None else n for v in row]
         for row in _cells(raw)],
        dtype=np.float64,
    )


def _words(raw: Any, parse: Callable[[Any], str]) -> Objects:
    """Cells of a closed vocabulary, each parsed by the core: a blank is its default, an
    unknown word a VocabularyError naming the argument."""
    return np.array([[parse(v) for v in row] for row in _cells(raw)], dtype=object)


def _unit(raw: Any) -> Objects:
    return _words(raw, require_unit)


def _polarity(raw: Any) -> Objects:
    return _words(raw, require_polarity)


def _setting(name: str, raw: Any, default: float, *, whole: bool = False,
             least: float | None = None) -> Floats:
    """A parameter such as a threshold: a number in each cell, a blank cell is `default`;
    text, or a number outside what it can be, names the argument (never a silent n/a)."""
    def one(value: Any) -> float:
        if _blank(value):
            return default
        number = to_number(value)
        kind = "a whole number" if whole else "a number"
        if number is None or (whole and not float(number).is_integer()):
            raise _BadArgumentError(f"{name}: {value!r} is not {kind}")
        if least is not None and number < least:
            raise _BadArgumentError(f"{name}: {value!r} is less than {least:g}")
        return number

    return np.array([[one(v) for v in row] for row in _cells(raw)], dtype=np.float64)


def _single(name: str, raw: Any, default: float, *, least: float) -> int:
    """A parameter that is one whole number (a window, a count of points)."""
    values = _setting(name, raw, default, whole=True, least=least)
    if values.size != 1:
        raise _BadArgumentError(f"{name}: give one cell, not {_size(values)}")
    return int(values.item())


def _flag(name: str, raw: Any) -> bool:
    """TRUE or FALSE (a blank is FALSE; 1 and 0 and the words are read too)."""
    if _blank(raw) or raw is False or raw == 0:
        return False
    if raw is True or raw == 1:
        return True
    if isinstance(raw, str) and raw.strip().upper() in ("TRUE", "FALSE"):
        return raw.strip().upper() == "TRUE"
    raise _BadArgumentError(f"{name}: {raw!r} is not TRUE or FALSE")


def _size(array: npt.NDArray[Any]) -> str:
    rows, cols = np.atleast_2d(array).shape
    return "1 cell" if rows * cols == 1 else f"{rows} x {cols} cells"


def _matched(**arrays: npt.NDArray[Any]) -> None:
    """Ranges that go cell by cell must be the same size (a single cell goes with any);
    otherwise say which two arguments differ and their sizes."""
    named = list(arrays.items())
    for k, (first, a) in enumerate(named):
        for second, b in named[k + 1:]:
            try:
                np.broadcast_shapes(a.shape, b.shape)
            except ValueError:
                raise _BadArgumentError(
                    f"{first} ({_size(a)}) and {second} ({_size(b)}) are not the same size: "
                    f"give ranges of the same size, or one cell") from None


def _per_row(name: str, array: npt.NDArray[Any], rows: int, of: str) -> npt.NDArray[Any]:
    """One cell for all the rows of `of`, or one per row."""
    flat = array.ravel()
    if flat.size not in (1, rows):
        raise _BadArgumentError(
            f"{name} ({_size(array)}) and {of} ({rows} row{'' if rows == 1 else 's'}) do "
            f"not match: give one {name}, or one per row of {of}")
    return np.broadcast_to(flat, (rows,))


def _series(raw: Any) -> Floats:
    """Monthly values, one indicator per row, oldest first; a single column is one series."""
    matrix = _numbers(raw)
    if matrix.shape[1] == 1 and matrix.shape[0] > 1:
        return matrix.T
    return matrix


# -- results -----------------------------------------------------------------------

def _excel(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NOT_AVAILABLE
    return value.item() if isinstance(value, np.generic) else value


def _result(array: npt.ArrayLike, label: dict[Any, str] | None = None) -> Any:
    """A scalar for one cell, else a 2-D list; missing as 'n/a'."""
    grid = np.atleast_2d(np.asarray(array, dtype=object))
    cells = [[_excel(label.get(v) if label is not None else v) for v in row] for row in grid]
    return cells[0][0] if grid.shape == (1, 1) else cells


def _guarded(function: str, compute: Callable[[], Any]) -> Any:
    """The figure; the reason for an argument that cannot be read; for anything else (a
    bug of ours) the traceback goes to the log file and the cell says where it is."""
    try:
        return compute()
    except _BadArgumentError as error:
        return str(error)
    except VocabularyError as error:
        return error.message
    except Exception as error:
        from xl_addin.bug_log import log_path, record_bug

        logged = record_bug(error, f"calculating {function}")
        return (f"bug in xl-addin ({type(error).__name__} in {function}): please send "
                f"{logged or log_path()} to the performance team")


@xw.func(category=CATEGORY)
@_arg("current", ndim=2, err_to_str=True, doc="This period's value(s)")
@_arg("previous", ndim=2, err_to_str=True, doc="The previous period's value(s)")
@_arg("unit", ndim=2, doc="count (default), %, rate or duration; % gives the change in points, "
     "a duration (mm:ss) the relative change like a count")
def EH_CHANGE(current: Any, previous: Any, unit: Any = "count") -> Any:  # noqa: N802
    """Change from the previous period: (current - previous) / previous, or points for %."""
    def compute() -> Any:
        now, before, units = _numbers(current), _numbers(previous), _unit(unit)
        _matched(current=now, previous=before, unit=units)
        return _result(rules.change(now, before, units))
    return _guarded("EH_CHANGE", compute)


@xw.func(category=CATEGORY)
@_arg("values", ndim=2, err_to_str=True, doc="Monthly values, oldest first, this month last")
@_arg("unit", ndim=2, doc="count (default), %, rate or duration; % gives the change in points, "
     "a duration (mm:ss) the relative change like a count")
def EH_CHANGE_YEAR(values: Any, unit: Any = "count") -> Any:  # noqa: N802
    """Change from the same month last year: the last value against the one 12 months before."""
    def compute() -> Any:
        series = _series(values)
        units = _per_row("unit", _unit(unit), series.shape[0], "values")
        current = series[:, -1:]
        year_ago = series[:, -1 - YEAR:-YEAR] if series.shape[1] > YEAR else np.full_like(
            current, np.nan)
        return _result(rules.change(current, year_ago, units.reshape(-1, 1)))
    return _guarded("EH_CHANGE_YEAR", compute)


@xw.func(category=CATEGORY)
@_arg("change", ndim=2, err_to_str=True, doc="A change, as EH_CHANGE gives it")
@_arg("threshold", doc="The change that counts as up or down (default 0.1 = 10%)")
def EH_ARROW(change: Any, threshold: Any = DEFAULT_THRESHOLD) -> Any:  # noqa: N802
    """Direction arrow: ▲ up, ▼ down by at least the threshold, ► similar, • n/a."""
    def compute() -> Any:
        changes, limits = _numbers(change), _setting("threshold", threshold, DEFAULT_THRESHOLD)
        _matched(change=changes, threshold=limits)
        return _result(rules.direction(changes, limits), dict(ARROWS))
    return _guarded("EH_ARROW", compute)


@xw.func(category=CATEGORY)
@_arg("change", ndim=2, err_to_str=True, doc="A change, as EH_CHANGE gives it")
@_arg("polarity", ndim=2, doc="higher is better, lower is better, or neutral")
@_arg("threshold", doc="The change that counts as up or down (default 0.1 = 10%)")
def EH_VERDICT(change: Any, polarity: Any, threshold: Any = DEFAULT_THRESHOLD) -> Any:  # noqa: N802
    """Verdict on a change: Positive, Similar or Negative given which way is good."""
    def compute() -> Any:
        changes, pols = _numbers(change), _polarity(polarity)
        limits = _setting("threshold", threshold, DEFAULT_THRESHOLD)
        _matched(change=changes, polarity=pols, threshold=limits)
        return _result(rules.verdict(rules.direction(changes, limits), pols),
                       dict(VERDICT_LABEL))
    return _guarded("EH_VERDICT", compute)


def _window(function: str, values: Any, window: Any, pick: int) -> Any:
    def compute() -> Any:
        series = _series(values)
        size = _single("window", window, YEAR, least=1)
        stats = rules.window_stats(series, series.shape[1] - 1, size)
        return _result(stats[pick].reshape(-1, 1))
    return _guarded(function, compute)


@xw.func(category=CATEGORY)
@_arg("values", ndim=2, err_to_str=True, doc="Monthly values, oldest first, this month last")
@_arg("window", doc="How many months (default 12)")
def EH_AVG12(values: Any, window: Any = YEAR) -> Any:  # noqa: N802
    """Average of the last 12 months' values, ignoring blanks and 'tbc'."""
    return _window("EH_AVG12", values, window, 0)


@xw.func(category=CATEGORY)
@_arg("values", ndim=2, err_to_str=True, doc="Monthly values, oldest first, this month last")
@_arg("window", doc="How many months (default 12)")
def EH_MAX12(values: Any, window: Any = YEAR) -> Any:  # noqa: N802
    """Highest of the last 12 months' values, ignoring blanks and 'tbc'."""
    return _window("EH_MAX12", values, window, 1)


@xw.func(category=CATEGORY)
@_arg("value", ndim=2, err_to_str=True, doc="The value(s) to judge")
@_arg("target", ndim=2, err_to_str=True, doc="The target(s)")
@_arg("relative", doc="TRUE for (value - target) / target; FALSE (default) for value - target")
def EH_TARGET_VARIANCE(value: Any, target: Any, relative: Any = False) -> Any:  # noqa: N802
    """Variance to target: value - target, or as a fraction of the target."""
    def compute() -> Any:
        values, targets, as_fraction = _numbers(value), _targets(target), _flag(
            "relative", relative)
        _matched(value=values, target=targets)
        variance, variance_pct = rules.target_variance(values, targets)
        return _result(variance_pct if as_fraction else variance)
    return _guarded("EH_TARGET_VARIANCE", compute)


@xw.func(category=CATEGORY)
@_arg("value", ndim=2, err_to_str=True, doc="The value(s) to judge")
@_arg("target", ndim=2, err_to_str=True, doc="The target(s)")
@_arg("polarity", ndim=2, doc="higher is better, lower is better, or neutral")
@_arg("tolerance", doc="How far short of target is still Amber (default 0.05 = 5%)")
def EH_RAG(value: Any, target: Any, polarity: Any,  # noqa: N802
           tolerance: Any = DEFAULT_TOLERANCE) -> Any:
    """RAG against target: Green when met, Amber when within tolerance, else Red."""
    def compute() -> Any:
        values, targets, pols = _numbers(value), _targets(target), _polarity(polarity)
        slack = _setting("tolerance", tolerance, DEFAULT_TOLERANCE, least=0)
        _matched(value=values, target=targets, polarity=pols, tolerance=slack)
        return _result(rules.rag(values, targets, pols, slack), dict(RAG_LABEL))
    return _guarded("EH_RAG", compute)


def _charts(values: Any, polarity: Any, target: Any, min_points: Any, *,
            baseline: Any = None, recalculate_from: Any = None) -> list[SpcResult]:
    """One XmR chart per row of `values` (a single column is one series)."""
    series = _series(values)
    rows = series.shape[0]
    pols = _per_row("polarity", _polarity(polarity), rows, "values")
    targets = _per_row("target", _targets(target), rows, "values")
    # Limits come from moving ranges, so they need two points at the very least.
    options = SpcOptions(
        min_points=_single("min_points", min_points, DEFAULT_SPC_MIN_POINTS, least=2),
        baseline=None if _blank(baseline) else _single("baseline", baseline, 0, least=2),
        recalculate_at=_recalculation_points(recalculate_from, series.shape[1]))
    return [analyse(row, pol, None if np.isnan(goal) else float(goal), options)
            for row, pol, goal in zip(series, pols.tolist(), targets.tolist(), strict=True)]


def _recalculation_points(raw: Any, count: int) -> tuple[int, ...]:
    """Point numbers (1 = the oldest figure; blank and 'tbc' cells are not points) where
    a step change starts new limits, as 0-based indexes; a blank argument is none."""
    if _blank(raw):
        return ()
    numbers = _setting("recalculate_from", raw, np.nan, whole=True, least=2)
    points = sorted({int(n) for n in numbers.ravel() if not np.isnan(n)})
    for point in points:
        if point > count:
            raise _BadArgumentError(f"recalculate_from: point {point} is beyond the "
                                    f"{count} cells given")
    return tuple(point - 1 for point in points)


def _column(cells: list[Any]) -> Any:
    return cells[0] if len(cells) == 1 else [[c] for c in cells]


@xw.func(category=CATEGORY)
@_arg("values", ndim=2, err_to_str=True, doc="The figures, oldest first, this period last")
@_arg("min_points", doc="Fewest points to set limits from (default 15)")
@_arg("baseline", doc="How many of the first figures set the limits (default: all)")
@_arg("recalculate_from", ndim=2,
      doc="Figure number(s), 1 = the oldest, where a known step change starts new limits")
def EH_SPC_LIMITS(values: Any, min_points: Any = DEFAULT_SPC_MIN_POINTS,  # noqa: N802
                  baseline: Any = None, recalculate_from: Any = None) -> Any:
    """XmR chart: mean, lower and upper process limit (mean ± 2.66 × mean moving range)."""
    def compute() -> Any:
        rows = [[c.mean[-1], c.lower[-1], c.upper[-1]] if c.has_limits
                else [VARIATION_LABEL["insufficient"]] * 3
                for c in _charts(values, "neutral", None, min_points, baseline=baseline,
                                  recalculate_from=recalculate_from)]
        return _result(np.array(rows, dtype=object))
    return _guarded("EH_SPC_LIMITS", compute)


@xw.func(category=CATEGORY)
@_arg("values", ndim=2, err_to_str=True, doc="The figures, oldest first, this period last")
@_arg("polarity", ndim=2, doc="higher is better, lower is better, or neutral")
@_arg("min_points", doc="Fewest points to set limits from (default 15)")
@_arg("baseline", doc="How many of the first figures set the limits (default: all)")
@_arg("recalculate_from", ndim=2,
      doc="Figure number(s), 1 = the oldest, where a known step change starts new limits")
def EH_VARIATION(values: Any, polarity: Any = "neutral",  # noqa: N802
                 min_points: Any = DEFAULT_SPC_MIN_POINTS, baseline: Any = None,
                 recalculate_from: Any = None) -> Any:
    """Making Data Count variation of the latest point: common or special cause."""
    return _guarded("EH_VARIATION", lambda: _column(
        [VARIATION_LABEL[c.variation]
         for c in _charts(values, polarity, None, min_points, baseline=baseline,
                           recalculate_from=recalculate_from)]))


@xw.func(category=CATEGORY)
@_arg("values", ndim=2, err_to_str=True, doc="The figures, oldest first, this period last")
@_arg("polarity", ndim=2, doc="higher is better or lower is better")
@_arg("target", ndim=2, err_to_str=True, doc="The target(s)")
@_arg("min_points", doc="Fewest points to set limits from (default 15)")
@_arg("baseline", doc="How many of the first figures set the limits (default: all)")
@_arg("recalculate_from", ndim=2,
      doc="Figure number(s), 1 = the oldest, where a known step change starts new limits")
def EH_ASSURANCE(values: Any, polarity: Any, target: Any,  # noqa: N802, PLR0917
                 min_points: Any = DEFAULT_SPC_MIN_POINTS, baseline: Any = None,
                 recalculate_from: Any = None) -> Any:
    """Making Data Count assurance: consistently passing, failing, or hit and miss."""
    def one(chart: SpcResult) -> str:
        if not chart.has_limits:
            return VARIATION_LABEL["insufficient"]
        return ASSURANCE_LABEL[chart.assurance] if chart.assurance else NOT_AVAILABLE
    return _guarded("EH_ASSURANCE", lambda: _column(
        [one(c) for c in _charts(values, polarity, target, min_points, baseline=baseline,
                                 recalculate_from=recalculate_from)]))


__all__ = [
    "EH_ARROW",
    "EH_ASSURANCE",
    "EH_AVG12",
    "EH_CHANGE",
    "EH_CHANGE_YEAR",
    "EH_MAX12",
    "EH_RAG",
    "EH_SPC_LIMITS",
    "EH_TARGET_VARIANCE",
    "EH_VARIATION",
    "EH_VERDICT",
]
