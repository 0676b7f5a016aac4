"""The SPC lines of `explain`: the limits, which rule fired on which points, the verdicts."""

from __future__ import annotations

from typing import Final

import numpy as np

from .refresh import RefreshResult
from .results import IndicatorRecord
from .spc import LIMIT_FACTOR, SpcResult, describe_signals, phases
from .spc_settings import SpcSettings
from .spc_table import SETTINGS_COLUMN, chart_for
from .vocab import (
    ASSURANCE_LABEL,
    DEFAULT_SPC_MIN_POINTS,
    DEFAULT_SPC_RUN,
    DEFAULT_SPC_TREND,
    VARIATION_LABEL,
)
from .wording import level_text

_POLARITY: Final = {"higher": "higher is better", "lower": "lower is better",
                    "neutral": "no polarity, so neither improvement nor concern"}


def _index(result: RefreshResult, rec: IndicatorRecord) -> int:
    return int(np.flatnonzero(result.results["row"] == rec.row)[0])


def _phase_limits(chart: SpcResult, at: int, unit: str) -> str:
    mr = (chart.upper[at] - chart.mean[at]) / LIMIT_FACTOR
    return (f"mean {level_text(chart.mean[at], unit, 1)}, process limits "
            f"{level_text(chart.lower[at], unit, 1)} to {level_text(chart.upper[at], unit, 1)} "
            f"(mean ± 2.66 × mean moving range {level_text(mr, unit, 1)})")


def _limits_sentence(chart: SpcResult, labels: list[str], unit: str) -> str:
    parts = phases(len(labels), chart.options)
    whole = f"{len(labels)} points, {labels[0]} to {labels[-1]}"
    said = []
    for k, phase in enumerate(parts):
        base = (f", set by {labels[phase.base_start]} to {labels[phase.base_stop - 1]}"
                if (phase.base_start, phase.base_stop) != (phase.start, phase.stop) else "")
        new = "recalculated for " if k else ""
        span = f"{new}{labels[phase.start]} to {labels[phase.stop - 1]}: " if len(parts) > 1 \
            else ""
        said.append(f"{span}{_phase_limits(chart, phase.start, unit)}{base}")
    return f"{whole}; " + "; ".join(said) + "."


def _settings_sentence(settings: SpcSettings) -> str:
    """What the Settings row changed from Making Data Count's defaults."""
    said = []
    if settings.has_baseline:
        start = settings.baseline_from.label() if settings.baseline_from else "the first point"
        end = settings.baseline_to.label() if settings.baseline_to else "the latest point"
        said.append(f"baseline {start} to {end}")
    if settings.recalculate_from:
        said.append("limits recalculated from "
                    + ", ".join(p.label() for p in settings.recalculate_from))
    for what, value, default in (("a run is", settings.run, DEFAULT_SPC_RUN),
                                 ("a trend is", settings.trend, DEFAULT_SPC_TREND),
                                 ("limits need", settings.min_points, DEFAULT_SPC_MIN_POINTS)):
        if value != default:
            said.append(f"{what} {value} points (default {default})")
    return f"{settings.source}: " + "; ".join(said or ["the defaults"]) + "."


def _assurance_sentence(chart: SpcResult, rec: IndicatorRecord, unit: str) -> str:
    if chart.assurance is None:
        why = ("no polarity to judge by" if rec.polarity == "neutral"
               else "no target for this year")
        return f"none: {why}."
    target = level_text(rec.target, unit)
    where = {"pass": "beyond the limits on the failing side, so every month is expected to "
                     "meet it",
             "fail": "beyond the limits on the passing side, so no month is expected to "
                     "meet it unless the process changes",
             "hit_and_miss": "inside the process limits, so some months will meet it and "
                             "some will not"}[chart.assurance]
    return f"{ASSURANCE_LABEL[chart.assurance]}: target {target} lies {where}."


def spc_lines(result: RefreshResult, rec: IndicatorRecord) -> list[tuple[str, str]]:
    """(topic, sentence) pairs for one indicator's XmR chart."""
    i = _index(result, rec)
    chart, periods = chart_for(result.data, result.results, i)
    unit = rec.unit
    settings: SpcSettings | None = (result.results[SETTINGS_COLUMN][i]
                                    if SETTINGS_COLUMN in result.results else None)
    said = [("SPC settings", _settings_sentence(settings))] if settings is not None else []
    if not chart.has_limits:
        return [*said, ("SPC", f"insufficient data: {chart.reason}, so no limits, no "
                               "variation and no assurance.")]
    labels = [p.label() for p in periods]
    signals = describe_signals(chart, labels)
    latest = (f"latest point {labels[-1]}: {VARIATION_LABEL[chart.variation]} "
              f"({_POLARITY[rec.polarity]}).")
    return [
        *said,
        ("SPC limits", _limits_sentence(chart, labels, unit)),
        ("SPC signals", "; ".join(signals) + "." if signals
         else "no rule fired: every point is common cause variation."),
        ("SPC variation", latest),
        ("SPC assurance", _assurance_sentence(chart, rec, unit)),
    ]
