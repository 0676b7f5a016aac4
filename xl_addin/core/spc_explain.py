"""The SPC lines of `explain`: the limits, which rule fired on which points, the verdicts."""

from __future__ import annotations

from typing import Final

import numpy as np

from .refresh import RefreshResult
from .results import IndicatorRecord
from .spc import LIMIT_FACTOR, SpcResult, describe_signals
from .spc_table import chart_for
from .vocab import ASSURANCE_LABEL, VARIATION_LABEL
from .wording import level_text

_POLARITY: Final = {"higher": "higher is better", "lower": "lower is better",
                    "neutral": "no polarity, so neither improvement nor concern"}


def _index(result: RefreshResult, rec: IndicatorRecord) -> int:
    return int(np.flatnonzero(result.results["row"] == rec.row)[0])


def _limits_sentence(chart: SpcResult, labels: list[str], unit: str) -> str:
    mr = (chart.upper[-1] - chart.mean[-1]) / LIMIT_FACTOR
    phase = (f" (limits recalculated from point {chart.options.recalculate_at[-1] + 1})"
             if chart.options.recalculate_at else "")
    return (f"{len(labels)} points, {labels[0]} to {labels[-1]}; mean "
            f"{level_text(chart.mean[-1], unit, 1)}, process limits "
            f"{level_text(chart.lower[-1], unit, 1)} to {level_text(chart.upper[-1], unit, 1)} "
            f"(mean ± 2.66 × mean moving range {level_text(mr, unit, 1)}){phase}.")


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
    chart, periods = chart_for(result.data, result.results, _index(result, rec))
    unit = rec.unit
    if not chart.has_limits:
        return [("SPC", f"insufficient data: {chart.reason}, so no limits, no variation "
                        "and no assurance.")]
    labels = [p.label() for p in periods]
    signals = describe_signals(chart, labels)
    latest = (f"latest point {labels[-1]}: {VARIATION_LABEL[chart.variation]} "
              f"({_POLARITY[rec.polarity]}).")
    return [
        ("SPC limits", _limits_sentence(chart, labels, unit)),
        ("SPC signals", "; ".join(signals) + "." if signals
         else "no rule fired: every point is common cause variation."),
        ("SPC variation", latest),
        ("SPC assurance", _assurance_sentence(chart, rec, unit)),
    ]
