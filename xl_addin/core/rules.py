"""The dashboard's rules, one small function per statistic.

Every function works on numpy arrays (one element per indicator) and on plain
scalars alike, so the file refresh, the ribbon refresh and the UDFs all run the
same code. Missing is NaN in and NaN (or None) out; nothing here raises on data.

Rule by rule (each edge is tested by name in tests/core/test_rules.py):

change
    counts and rates: (cur - prev) / |prev|, computed in that order so that 90
    against 100 is exactly -0.10; percentages: cur - prev in points (0.012 is
    1.2 percentage points). n/a when either value is missing or prev is 0.
direction
    'up' when change >= +threshold, 'down' when change <= -threshold, 'flat'
    between, 'unknown' when the change is n/a. Exactly at the threshold counts
    (within a relative 1e-9, so a decimal boundary such as 0.3 against 0.2 is not
    lost to binary rounding); no change at all is always 'flat'.
verdict
    higher is better: up = positive, down = negative; lower is better: the
    reverse; flat = similar; neutral polarity or unknown direction: no verdict.
direction of travel (DoT)
    the verdict against the same period last year, or against the previous
    period when last year cannot be judged; nothing when neither can.
window average / maximum
    over the last `window` periods ending at the reporting period, ignoring
    missing values; the count of periods used is returned with them.
target variance
    value - target (points for percentages) and (value - target) / |target|.
RAG
    green when the target is met given polarity (on target counts as met), amber
    when short by no more than tolerance x |target|, red otherwise; none for
    neutral polarity or a missing target.
benchmark comparison
    the change from the benchmark to the value, judged like a direction: within
    the threshold is similar, otherwise better or worse given polarity.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import numpy.typing as npt

from .vocab import Comparison, Direction, Polarity, Rag, Unit, Verdict

FloatArray = npt.NDArray[np.float64]
ObjectArray = npt.NDArray[np.object_]
Polarities = Polarity | ObjectArray
"""One polarity for every indicator, or an array of them (one per indicator)."""
Units = Unit | ObjectArray
Directions = Direction | ObjectArray

BOUNDARY_EPS: Final = 1e-9
"""Relative slack at a threshold or target, so decimal boundaries survive binary rounding."""


def _floats(values: npt.ArrayLike) -> FloatArray:
    return np.asarray(values, dtype=np.float64)


def _objects(values: str | ObjectArray, shape: tuple[int, ...]) -> ObjectArray:
    array = np.asarray(values, dtype=object)
    return np.broadcast_to(array, shape) if array.shape != shape else array


def _choose(conditions: Sequence[npt.ArrayLike], choices: Sequence[object],
            default: object) -> ObjectArray:
    """np.select over object arrays: the first true condition's choice, else default."""
    shape = np.broadcast_shapes(*(np.shape(c) for c in conditions))
    out = np.empty(shape, dtype=object)
    out[...] = default
    for condition, choice in zip(reversed(conditions), reversed(choices), strict=True):
        values = np.broadcast_to(np.asarray(choice, dtype=object), shape)
        mask = np.broadcast_to(np.asarray(condition, dtype=bool), shape)
        out[mask] = values[mask]
    return out


def relative_change(current: npt.ArrayLike, previous: npt.ArrayLike) -> FloatArray:
    """(cur - prev) / |prev|; NaN when prev is 0 or either value is missing."""
    cur, prev = np.broadcast_arrays(_floats(current), _floats(previous))
    out = np.full(cur.shape, np.nan)
    ok = np.isfinite(cur) & np.isfinite(prev) & (prev != 0)
    with np.errstate(over="ignore", invalid="ignore"):
        np.divide(cur - prev, np.abs(prev), out=out, where=ok)
    # A previous value so close to zero that the ratio overflows is as good as zero.
    out[~np.isfinite(out)] = np.nan
    return out


def point_change(current: npt.ArrayLike, previous: npt.ArrayLike) -> FloatArray:
    """cur - prev, for percentages held as fractions (0.012 = 1.2 points)."""
    cur, prev = np.broadcast_arrays(_floats(current), _floats(previous))
    with np.errstate(over="ignore", invalid="ignore"):
        diff = np.where(np.isfinite(cur) & np.isfinite(prev), cur - prev, np.nan)
    return np.where(np.isfinite(diff), diff, np.nan)


def change(current: npt.ArrayLike, previous: npt.ArrayLike, unit: Units) -> FloatArray:
    """Relative change for counts and rates, point change for percentages."""
    relative = relative_change(current, previous)
    points = point_change(current, previous)
    units = _objects(unit, relative.shape)
    return np.where(units == "percent", points, relative)


def direction(change_value: npt.ArrayLike, threshold: npt.ArrayLike) -> ObjectArray:
    """'up', 'down', 'flat' or 'unknown' for each change against its threshold."""
    delta, limit = np.broadcast_arrays(_floats(change_value), np.abs(_floats(threshold)))
    # Relative slack, so that 0.3 against 0.2 (0.09999999999999998) still reaches 10%.
    slack = BOUNDARY_EPS * limit
    known = np.isfinite(delta)
    up = known & (delta > 0) & (delta >= limit - slack)
    down = known & (delta < 0) & (delta <= -limit + slack)
    return _choose([~known, up, down], ["unknown", "up", "down"], "flat")


def verdict(direction_value: Directions, polarity: Polarities) -> ObjectArray:
    """'positive', 'similar', 'negative', or None (no judgement)."""
    dirs = np.asarray(direction_value, dtype=object)
    pols = _objects(polarity, dirs.shape)
    judged = (pols == "higher") | (pols == "lower")
    good = ((dirs == "up") & (pols == "higher")) | ((dirs == "down") & (pols == "lower"))
    bad = ((dirs == "down") & (pols == "higher")) | ((dirs == "up") & (pols == "lower"))
    return _choose(
        [judged & good, judged & bad, judged & (dirs == "flat")],
        ["positive", "negative", "similar"],
        None,
    )


def direction_of_travel(
    year_change: npt.ArrayLike,
    previous_change: npt.ArrayLike,
    threshold: npt.ArrayLike,
    polarity: Polarities,
) -> tuple[ObjectArray, ObjectArray, ObjectArray]:
    """(direction, verdict, basis) where basis is 'year', 'previous' or None."""
    year_dir = direction(year_change, threshold)
    prev_dir = direction(previous_change, threshold)
    year_verdict = verdict(year_dir, polarity)
    prev_verdict = verdict(prev_dir, polarity)
    pols = _objects(polarity, year_dir.shape)
    judged = (pols == "higher") | (pols == "lower")
    # With no polarity there is no verdict, but the direction still has a basis.
    use_year = year_dir != "unknown"
    use_prev = ~use_year & (prev_dir != "unknown")
    dirs = _choose([use_year, use_prev], [year_dir, prev_dir], "unknown")
    verdicts = _choose([use_year & judged, use_prev & judged], [year_verdict, prev_verdict], None)
    basis = _choose([use_year, use_prev], ["year", "previous"], None)
    return dirs, verdicts, basis


def window_stats(
    values: npt.ArrayLike, end: npt.ArrayLike, window: npt.ArrayLike, step: npt.ArrayLike = 1
) -> tuple[FloatArray, FloatArray, npt.NDArray[np.int64]]:
    """(mean, max, periods used) over `window` periods ending at column `end`.

    `values` is indicators x periods on the table's axis; `end` is each row's last
    column (or one column for all); `step` is 1, or 3 for quarterly rows of a
    monthly table, whose periods sit three columns apart. Columns before the
    first period count as missing; a window of 0 (a yearly table) gives n/a.
    """
    matrix = np.atleast_2d(_floats(values))
    rows, width = matrix.shape
    ends = np.broadcast_to(np.asarray(end, dtype=np.int64), (rows,))
    windows = np.broadcast_to(np.asarray(window, dtype=np.int64), (rows,))
    steps = np.broadcast_to(np.asarray(step, dtype=np.int64), (rows,))
    offsets = np.arange(int(windows.max(initial=0)))
    cols = ends[:, None] - steps[:, None] * offsets[None, :]
    inside = (offsets[None, :] < windows[:, None]) & (cols >= 0) & (cols < width)
    picked = np.take_along_axis(matrix, np.clip(cols, 0, max(width - 1, 0)), axis=1)
    present = inside & np.isfinite(picked)
    used = present.sum(axis=1)
    total = np.where(present, picked, 0.0).sum(axis=1)
    top = np.where(present, picked, -np.inf).max(axis=1, initial=-np.inf)
    means = np.where(used > 0, total / np.maximum(used, 1), np.nan)
    maxima = np.where(used > 0, top, np.nan)
    return means, maxima, used.astype(np.int64)


def target_variance(
    value: npt.ArrayLike, target: npt.ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """(value - target, (value - target) / |target|); NaN where either is missing."""
    variance = point_change(value, target)
    return variance, relative_change(value, target)


def rag(
    value: npt.ArrayLike,
    target: npt.ArrayLike,
    polarity: Polarities,
    tolerance: npt.ArrayLike,
) -> ObjectArray:
    """'green', 'amber', 'red', or None (no target, or no polarity to judge by)."""
    val, tgt, tol = np.broadcast_arrays(_floats(value), _floats(target), _floats(tolerance))
    pols = _objects(polarity, val.shape)
    known = np.isfinite(val) & np.isfinite(tgt) & ((pols == "higher") | (pols == "lower"))
    shortfall = np.where(pols == "higher", tgt - val, val - tgt)
    slack = BOUNDARY_EPS * np.maximum(np.abs(tgt), 1.0)
    met = shortfall <= slack
    near = shortfall <= np.abs(tol) * np.abs(tgt) + slack
    return _choose([~known, met, near], [None, "green", "amber"], "red")


def compare_to_benchmark(
    value: npt.ArrayLike,
    benchmark: npt.ArrayLike,
    unit: Units,
    threshold: npt.ArrayLike,
    polarity: Polarities,
) -> ObjectArray:
    """'better', 'similar', 'worse', or None (missing, or no polarity)."""
    dirs = direction(change(value, benchmark, unit), threshold)
    verdicts = verdict(dirs, polarity)
    mapping: dict[Verdict | None, Comparison | None] = {
        "positive": "better",
        "similar": "similar",
        "negative": "worse",
        None: None,
    }
    result: ObjectArray = np.array([mapping[v] for v in verdicts.ravel()], dtype=object)
    return result.reshape(verdicts.shape)


def scalar(array: npt.ArrayLike) -> object:
    """The one element of a rule's result, as a plain Python value (None for NaN)."""
    item = np.asarray(array, dtype=object).ravel()[0]
    if isinstance(item, float | np.floating) and not np.isfinite(item):
        return None
    return item.item() if isinstance(item, np.generic) else item


__all__ = [
    "Comparison",
    "Direction",
    "Polarity",
    "Rag",
    "Unit",
    "Verdict",
    "change",
    "compare_to_benchmark",
    "direction",
    "direction_of_travel",
    "point_change",
    "rag",
    "relative_change",
    "scalar",
    "target_variance",
    "verdict",
    "window_stats",
]
