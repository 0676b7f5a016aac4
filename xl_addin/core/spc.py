"""Statistical process control: XmR charts judged by NHS England's Making Data Count rules.

One indicator's history in, its limits and signals out; one small function per rule.
Checked against NHSRplotthedots (the NHS-R community's reference implementation) in
tests/core/test_spc.py; see docs/spc.md for the method and its sources.

limits
    mean and mean moving range over a baseline (every point by default, or the first
    `baseline` points of a phase); moving ranges above 3.267 x their mean are screened
    out first, as NHSRplotthedots does; process limits are mean +/- 2.66 x mean moving
    range (3 sigma, sigma = mean moving range / 1.128). A recalculation point starts a
    new phase with its own limits (a known step change). Fewer than `min_points` points
    in a baseline gives no limits at all ("insufficient data"), never limits from four.
outside
    a point above the upper or below the lower process limit.
run
    `run` points or more in a row on one side of the mean (a point on the mean breaks it).
trend
    `trend` points or more in a row each higher (or each lower) than the one before
    (an equal pair breaks it).
two of three
    two of three points in a row beyond two sigma on the same side of the mean; the
    points beyond two sigma are the ones marked.
variation
    the latest point's signal, the first of trend, run, two of three, outside (the
    NHSRplotthedots order): improvement or concern by polarity, high or low for neutral
    polarity, common cause when it has none.
assurance
    against the target and the latest phase's limits: passing when the whole band
    between the limits is on the passing side of the target, failing when it is all on
    the failing side, hit and miss when the target is inside the limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Final

import numpy as np
import numpy.typing as npt

from .vocab import (
    DEFAULT_SPC_MIN_POINTS,
    DEFAULT_SPC_RUN,
    DEFAULT_SPC_TREND,
    Assurance,
    Polarity,
    SpcRule,
    Variation,
)

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

LIMIT_FACTOR: Final = 2.66
"""3 / d2 with d2 = 1.128 for moving ranges of two points."""
SIGMA_DIVISOR: Final = 1.128
SCREEN_FACTOR: Final = 3.267
"""Upper range limit (D4 for n = 2): a moving range above 3.267 x the mean is screened out."""
RULE_ORDER: Final[tuple[SpcRule, ...]] = ("trend", "run", "two_of_three", "outside")
_ROUNDING: Final = 1e-12


@dataclass(frozen=True)
class SpcOptions:
    """Per-indicator choices; the defaults are Making Data Count's."""

    min_points: int = DEFAULT_SPC_MIN_POINTS
    run: int = DEFAULT_SPC_RUN
    trend: int = DEFAULT_SPC_TREND
    baseline: int | None = None
    """Points from the start of each phase that set its limits; None: all of them."""
    recalculate_at: tuple[int, ...] = ()
    """Indexes (into the points) where a new phase with its own limits starts."""
    screen_outliers: bool = True
    baseline_span: tuple[int, int] | None = None
    """Points [start, stop) that set the limits of the phase they start in (a baseline
    period from Settings); the other phases use `baseline` as usual. An empty span (the
    baseline has no points) leaves that phase without limits."""


@dataclass(frozen=True)
class Phase:
    """Points [start, stop) share one mean and limits, set by points [base_start, base_stop)."""

    start: int
    stop: int
    base_start: int
    base_stop: int

    @property
    def base_size(self) -> int:
        return max(0, self.base_stop - self.base_start)


@dataclass(frozen=True)
class Signals:
    """Per point: which rule marks it and on which side (+1 high / rising, -1 low / falling)."""

    rule: dict[SpcRule, BoolArray]
    side: dict[SpcRule, IntArray]


@dataclass(frozen=True)
class SpcResult:
    """An indicator's XmR chart: its points, per-point centre line and limits, signals."""

    values: FloatArray
    positions: IntArray
    """Where each point sits in the series given (missing values are left out)."""
    mean: FloatArray
    lower: FloatArray
    upper: FloatArray
    sigma: FloatArray
    signals: Signals
    variation: Variation
    assurance: Assurance | None = None
    reason: str = ""
    """Why there are no limits (insufficient data), in plain words."""
    options: SpcOptions = field(default_factory=SpcOptions)

    @property
    def has_limits(self) -> bool:
        return self.variation != "insufficient"

    def special(self) -> BoolArray:
        """Points marked by any rule."""
        out = np.zeros(len(self.values), dtype=bool)
        for marks in self.signals.rule.values():
            out |= marks
        return out


# --- limits -----------------------------------------------------------------------------


def mean_moving_range(values: FloatArray, screen: bool = True) -> float:
    """Mean of |x[i] - x[i-1]|, after screening out ranges above 3.267 x that mean."""
    ranges = np.abs(np.diff(values))
    if ranges.size == 0:
        return float("nan")
    average = float(ranges.mean())
    if screen:
        kept = ranges[ranges <= SCREEN_FACTOR * average]
        average = float(kept.mean()) if kept.size else average
    return average


def xmr_limits(values: FloatArray, screen: bool = True) -> tuple[float, float, float, float]:
    """(mean, lower, upper, sigma) of the XmR chart over `values`."""
    centre = float(np.mean(values))
    mr = mean_moving_range(values, screen)
    return centre, centre - LIMIT_FACTOR * mr, centre + LIMIT_FACTOR * mr, mr / SIGMA_DIVISOR


# --- the rules, one function each (a phase's points, its mean and limits) ------------------


def _run_lengths(keys: IntArray) -> IntArray:
    """For each element, the length of the run of equal keys it belongs to."""
    if keys.size == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    lengths = np.diff(np.concatenate((starts, [keys.size])))
    return np.repeat(lengths, lengths).astype(np.int64)


def _slack(values: FloatArray) -> float:
    """How far from a line still counts as on it: the mean of 23 equal figures is not
    always that figure in binary, and a flat series must not read as a run."""
    return _ROUNDING * float(np.max(np.abs(values), initial=0.0))


def _side(values: FloatArray, line: FloatArray) -> IntArray:
    """+1 above the line, -1 below, 0 on it (within rounding)."""
    gap = values - line
    return np.where(np.abs(gap) <= _slack(values), 0, np.sign(gap)).astype(np.int64)


def outside_limits(values: FloatArray, lower: FloatArray, upper: FloatArray) -> IntArray:
    """+1 above the upper limit, -1 below the lower, 0 inside."""
    return np.where(_side(values, upper) > 0, 1,
                    np.where(_side(values, lower) < 0, -1, 0)).astype(np.int64)


def run_one_side(values: FloatArray, mean: FloatArray, length: int) -> IntArray:
    """+1 / -1 for each point in a run of `length` or more above / below the mean."""
    side = _side(values, mean)
    long_run = (_run_lengths(side) >= length) & (side != 0)
    return np.where(long_run, side, 0).astype(np.int64)


def trend(values: FloatArray, length: int) -> IntArray:
    """+1 / -1 for each point in `length` or more points each higher / lower than the last."""
    out = np.zeros(values.size, dtype=np.int64)
    if values.size < 2:
        return out
    steps = np.sign(np.diff(values)).astype(np.int64)
    # A trend of n points is n - 1 steps the same way; step i joins points i and i + 1.
    marked = (_run_lengths(steps) >= length - 1) & (steps != 0)
    signed = np.where(marked, steps, 0)
    out[:-1] = signed
    out[1:] = np.where(signed != 0, signed, out[1:])
    return out


def two_of_three(values: FloatArray, mean: FloatArray, sigma: FloatArray) -> IntArray:
    """+1 / -1 for each point beyond two sigma that is one of two of three in a row so."""
    beyond = np.where(_side(values, mean + 2 * sigma) > 0, 1,
                      np.where(_side(values, mean - 2 * sigma) < 0, -1, 0))
    out = np.zeros(values.size, dtype=np.int64)
    if values.size < 3:
        return out
    for side in (1, -1):
        hit = (beyond == side).astype(np.int64)
        windows = np.lib.stride_tricks.sliding_window_view(hit, 3)
        flagged = windows.sum(axis=1) >= 2
        # A point is marked when any window holding it is flagged and it is beyond 2 sigma.
        in_flagged = np.zeros(values.size, dtype=bool)
        for offset in range(3):
            in_flagged[offset: offset + flagged.size] |= flagged
        out[in_flagged & (hit == 1)] = side
    return out


# --- one indicator ------------------------------------------------------------------------


def _phases(count: int, recalculate_at: tuple[int, ...]) -> list[tuple[int, int]]:
    cuts = sorted({i for i in recalculate_at if 0 < i < count})
    bounds = [0, *cuts, count]
    return list(pairwise(bounds))


def phases(count: int, options: SpcOptions) -> list[Phase]:
    """The phases of a chart of `count` points and the points setting each one's limits."""
    bounds = _phases(count, options.recalculate_at)
    span = options.baseline_span
    # The span belongs to the last phase starting at or before it (so a baseline after
    # the latest point still belongs to the latest phase, and leaves it without limits).
    owner = (max(k for k, (start, _) in enumerate(bounds) if start <= max(span[0], 0))
             if span is not None else -1)
    out = []
    for k, (start, stop) in enumerate(bounds):
        if k == owner and span is not None:
            out.append(Phase(start, stop, max(span[0], start), min(span[1], stop)))
        else:
            top = stop if options.baseline is None else min(stop, start + options.baseline)
            out.append(Phase(start, stop, start, top))
    return out


def _latest_signal(signals: Signals) -> tuple[SpcRule, int] | None:
    for rule in RULE_ORDER:
        side = int(signals.side[rule][-1])
        if side:
            return rule, side
    return None


def variation(signals: Signals, polarity: Polarity) -> Variation:
    """What the latest point says, given which way is good."""
    latest = _latest_signal(signals) if signals.side["run"].size else None
    if latest is None:
        return "common"
    side = latest[1]
    if polarity == "neutral":
        return "neither_high" if side > 0 else "neither_low"
    good = (side > 0) == (polarity == "higher")
    return "improvement" if good else "concern"


def point_variation(result: SpcResult, polarity: Polarity) -> list[Variation]:
    """Each point's own verdict (what a chart colours it), by the same rule order."""
    sides = np.zeros(len(result.values), dtype=np.int64)
    for rule in reversed(RULE_ORDER):  # the first rule in the order wins
        side = result.signals.side[rule]
        sides = np.where(side != 0, side, sides)
    def kind(side: int) -> Variation:
        if side == 0:
            return "common" if result.has_limits else "insufficient"
        if polarity == "neutral":
            return "neither_high" if side > 0 else "neither_low"
        return "improvement" if (side > 0) == (polarity == "higher") else "concern"
    return [kind(v) for v in sides.tolist()]


def assurance(lower: float, upper: float, target: float, polarity: Polarity) -> Assurance | None:
    """Passing, failing or hit and miss against the target; None without one to judge."""
    if polarity == "neutral" or not all(np.isfinite([lower, upper, target])):
        return None
    if polarity == "higher":
        if lower > target:
            return "pass"
        return "fail" if upper < target else "hit_and_miss"
    if upper < target:
        return "pass"
    return "fail" if lower > target else "hit_and_miss"


def analyse(
    series: npt.ArrayLike,
    polarity: Polarity,
    target: float | None = None,
    options: SpcOptions | None = None,
) -> SpcResult:
    """The XmR chart of one indicator's series (NaN where a period has no figure)."""
    opts = options or SpcOptions()
    raw = np.asarray(series, dtype=np.float64).ravel()
    positions = np.flatnonzero(np.isfinite(raw)).astype(np.int64)
    values = raw[positions]
    n = values.size
    mean, lower, upper, sigma = (np.full(n, np.nan) for _ in range(4))
    marks = {rule: np.zeros(n, dtype=np.int64) for rule in RULE_ORDER}
    reason = ""
    for phase in phases(n, opts) if n else []:
        start, stop = phase.start, phase.stop
        if phase.base_size < opts.min_points:
            reason = (f"{phase.base_size} points from point {phase.base_start + 1} set the "
                      f"limits; Making Data Count needs at least {opts.min_points}")
            break
        centre, low, high, sd = xmr_limits(values[phase.base_start:phase.base_stop],
                                           opts.screen_outliers)
        mean[start:stop], lower[start:stop] = centre, low
        upper[start:stop], sigma[start:stop] = high, sd
        part = slice(start, stop)
        marks["outside"][part] = outside_limits(values[part], lower[part], upper[part])
        marks["run"][part] = run_one_side(values[part], mean[part], opts.run)
        marks["trend"][part] = trend(values[part], opts.trend)
        marks["two_of_three"][part] = two_of_three(values[part], mean[part], sigma[part])
    signals = Signals({r: m != 0 for r, m in marks.items()}, marks)
    if reason or n == 0:
        empty = Signals({r: np.zeros(n, dtype=bool) for r in RULE_ORDER},
                        {r: np.zeros(n, dtype=np.int64) for r in RULE_ORDER})
        nan = np.full(n, np.nan)
        return SpcResult(values, positions, nan, nan, nan, nan, empty, "insufficient",
                         None, reason or "no figures", opts)
    goal = float("nan") if target is None else float(target)
    judged = assurance(float(lower[-1]), float(upper[-1]), goal, polarity)
    return SpcResult(values, positions, mean, lower, upper, sigma, signals,
                     variation(signals, polarity), judged, "", opts)


RULE_WORDS: Final[dict[SpcRule, str]] = {
    "outside": "outside the process limits",
    "run": "a run of points on one side of the mean",
    "trend": "a trend of points each {way} than the last",
    "two_of_three": "two of three points beyond two sigma",
}


def describe_signals(result: SpcResult, labels: list[str] | None = None) -> list[str]:
    """Plain-English lines: which rule fired on which points (by label or number)."""
    names = labels or [str(i + 1) for i in range(len(result.values))]
    lines: list[str] = []
    for rule in RULE_ORDER:
        side = result.signals.side[rule]
        for sign in (1, -1):
            hit = np.flatnonzero(side == sign)
            if not hit.size:
                continue
            if rule == "trend":
                what = RULE_WORDS[rule].format(way="higher" if sign > 0 else "lower")
            else:
                where = "above" if sign > 0 else "below"
                what = f"{RULE_WORDS[rule]} ({where})"
            points = ", ".join(names[i] for i in hit.tolist())
            lines.append(f"{what[0].upper()}{what[1:]}: {points}")
    return lines


__all__ = [
    "Phase",
    "SpcOptions",
    "SpcResult",
    "analyse",
    "assurance",
    "describe_signals",
    "mean_moving_range",
    "outside_limits",
    "phases",
    "point_variation",
    "run_one_side",
    "trend",
    "two_of_three",
    "variation",
    "xmr_limits",
]
