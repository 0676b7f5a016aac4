"""Every derived figure for every indicator, in one vectorised pass (numpy).

The result is a `Results` table with one row per indicator; the planner turns it into
cell writes and the CLI into a summary. The rules themselves live in rules.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from . import rules
from .findings import Finding
from .grid import Grid
from .layout import TableLayout
from .periods import Period
from .results import BENCHMARK_PREFIX, VERSUS_PREFIX, Results, object_array
from .spc_settings import SpcSettings, settings_by_row
from .spc_table import SETTINGS_COLUMN, spc_columns
from .table import TableData, read_reference_values


def _take(matrix: npt.NDArray[np.float64], positions: npt.NDArray[np.int64]) -> npt.NDArray[
    np.float64
]:
    """matrix[i, positions[i]] for each row, NaN where the position is off the axis."""
    width = matrix.shape[1]
    inside = (positions >= 0) & (positions < width)
    clipped = np.clip(positions, 0, max(width - 1, 0))
    picked = matrix[np.arange(matrix.shape[0]), clipped] if width else np.full(len(positions),
                                                                              np.nan)
    return np.where(inside, picked, np.nan)


def _current_positions(data: TableData, report_pos: int, steps: npt.NDArray[np.int64]) -> (
    npt.NDArray[np.int64]
):
    """Each row's current period.

    Monthly rows: the reporting month. Quarterly rows: the month of the last three
    that lines up with the row's quarters, anchored on its latest figure (quarterly
    figures are typed in one month of each quarter, usually its last).
    """
    positions = np.full(len(data), report_pos, dtype=np.int64)
    quarterly = np.flatnonzero(steps == 3)
    if quarterly.size:
        history = np.isfinite(data.values[quarterly, : report_pos + 1])
        has_any = history.any(axis=1)
        last = report_pos - np.argmax(history[:, ::-1], axis=1)
        aligned = report_pos - (report_pos - last) % 3
        positions[quarterly] = np.where(has_any, aligned, report_pos)
    return positions


class _PerSetting(NamedTuple):
    polarity: npt.NDArray[np.object_]
    frequency: npt.NDArray[np.object_]
    threshold: npt.NDArray[np.float64]
    tolerance: npt.NDArray[np.float64]
    measure: npt.NDArray[np.object_]


def _per_setting(data: TableData) -> _PerSetting:
    """The settings as columns, worked out once per distinct settings object (unit and
    step are the table's own columns)."""
    distinct: dict[int, int] = {}
    index = np.fromiter((distinct.setdefault(id(s), len(distinct)) for s in data.settings),
                        dtype=np.int64, count=len(data))
    chosen = {id(s): s for s in data.settings}
    unique = [chosen[key] for key in distinct]
    return _PerSetting(
        polarity=object_array([s.polarity for s in unique])[index],
        frequency=object_array([s.frequency for s in unique])[index],
        threshold=np.array([s.effective_threshold for s in unique], dtype=np.float64)[index],
        tolerance=np.array([s.tolerance for s in unique], dtype=np.float64)[index],
        measure=object_array([s.measure for s in unique])[index],
    )


def _period_only(change: npt.NDArray[np.float64], data: TableData) -> npt.NDArray[np.float64]:
    """n/a for a running total, a year to date or a rolling 12 months: against the period
    before, such a figure mostly grows or carries over, so only the same period last
    year compares like with like (the 'cumulative' note says so)."""
    running = np.array([not s.compares_with_previous for s in data.settings], dtype=bool)
    if running.any():
        change = np.where(running, np.nan, change)
    return change


def _months(axis: tuple[Period, ...], positions: npt.NDArray[np.int64]) -> (
    npt.NDArray[np.object_]
):
    """The axis period at each position, None where the position is off the axis."""
    lookup = object_array([*axis, None])
    inside = (positions >= 0) & (positions < len(axis))
    return lookup[np.where(inside, positions, len(axis))]


def compute(
    grid: Grid, layout: TableLayout, data: TableData, month: Period,
    spc: Mapping[str, SpcSettings] | None = None,
) -> tuple[Results, list[Finding]]:
    """One row per indicator with every derived figure (NaN / None where n/a); `spc`: the
    Settings sheet's SPC settings by Ref (core/spc_settings.py)."""
    report_pos = data.position(month)
    assert report_pos is not None, "the caller checks the month is on the axis"
    per = _per_setting(data)
    units, steps = data.units, data.steps
    polarity, threshold = per.polarity, per.threshold
    tolerance, windows = per.tolerance, data.windows

    current_pos = _current_positions(data, report_pos, steps)
    current = _take(data.values, current_pos)
    previous = _take(data.values, current_pos - steps)
    # A yearly table has no same period last year: off the axis, so n/a.
    lag = data.year_lag
    year_pos = current_pos - lag if lag is not None else np.full(len(data), -1, np.int64)
    year_ago = _take(data.values, year_pos)

    change_prev = _period_only(rules.change(current, previous, units), data)
    change_year = rules.change(current, year_ago, units)
    dir_prev = rules.direction(change_prev, threshold)
    dir_year = rules.direction(change_year, threshold)
    dot_dir, dot_verdict, dot_basis = rules.direction_of_travel(
        change_year, change_prev, threshold, polarity
    )
    average, maximum, used = rules.window_stats(data.values, current_pos, windows, steps)

    findings: list[Finding] = []
    fy = month.financial_year
    target_col = layout.targets.get(fy, layout.targets.get(None))
    target, found = read_reference_values(grid, layout, data, target_col, "target",
                                          target=True)
    findings += found
    variance, variance_pct = rules.target_variance(current, target)

    frame = Results({
        "row": np.array(data.rows, dtype=np.int64),
        "ref": object_array(list(data.refs)),
        "name": object_array(list(data.names)),
        "unit": units,
        "polarity": polarity,
        "frequency": per.frequency,
        "measure": per.measure,
        "threshold": threshold,
        "tolerance": tolerance,
        "scale": data.scales,
        "step": steps,
        "current_month": _months(data.axis, current_pos),
        "current": current,
        "previous": previous,
        "year_ago": year_ago,
        "change_previous": change_prev,
        "direction_previous": dir_prev,
        "verdict_previous": rules.verdict(dir_prev, polarity),
        "change_year": change_year,
        "direction_year": dir_year,
        "verdict_year": rules.verdict(dir_year, polarity),
        "dot_direction": dot_dir,
        "dot_verdict": dot_verdict,
        "dot_basis": dot_basis,
        "average": average,
        "maximum": maximum,
        "periods_used": used,
        "window": windows,
        "target_year": np.full(len(data), fy, dtype=np.int64),
        "target": target,
        "variance": variance,
        "variance_pct": variance_pct,
        "rag": rules.rag(current, target, polarity, tolerance),
    })
    frame["previous_month"] = _months(data.axis, current_pos - steps)
    frame["year_month"] = _months(data.axis, year_pos)
    for kind, col in layout.benchmarks.items():
        bench, found = read_reference_values(grid, layout, data, col, f"{kind} benchmark")
        findings += found
        frame[BENCHMARK_PREFIX + kind] = bench
        frame[VERSUS_PREFIX + kind] = rules.compare_to_benchmark(current, bench, units,
                                                                 threshold, polarity)
    if spc:
        frame[SETTINGS_COLUMN] = object_array(settings_by_row(spc, data.refs))
    _add_spc(frame, layout, data)
    return frame, findings


def _add_spc(frame: Results, layout: TableLayout, data: TableData) -> None:
    """Variation and assurance, only for a table with a column for them (a chart per row
    costs more than every other rule together)."""
    if "variation" in layout.outputs or "assurance" in layout.outputs:
        for name, column in spc_columns(data, frame).items():
            frame[name] = column
