"""Closed vocabularies of the dashboard, as types.

Every rule takes and returns these names, never free text, so a typo is a type
error rather than a silently wrong colour.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Generic, Literal, NamedTuple, TypeVar

Polarity = Literal["higher", "lower", "neutral"]
"""Which way is good: higher is better, lower is better, or no judgement."""

Unit = Literal["count", "percent", "rate"]
"""Counts and rates per N change relatively; percentages change in points."""

Frequency = Literal["monthly", "quarterly"]

Measure = Literal["period", "cumulative", "ytd", "rolling"]
"""What one period's figure covers: that period alone (the usual), a running total,
the financial year to date, or a rolling 12 months. Only 'period' figures can be
compared with the period before; the others only with the same period last year."""

MEASURE_LABEL: Final[dict[Measure, str]] = {
    "period": "in the period",
    "cumulative": "cumulative",
    "ytd": "year to date",
    "rolling": "rolling 12 months",
}

Direction = Literal["up", "down", "flat", "unknown"]
"""Direction of a change against the threshold; unknown when the change is n/a."""

Verdict = Literal["positive", "similar", "negative"]
"""The seed's qualitative measures: Positive / Similar / Negative."""

Comparison = Literal["better", "similar", "worse"]
"""A value against a benchmark (England, region, statistical neighbours)."""

Rag = Literal["green", "amber", "red"]

SpcTone = Literal["spc_improvement", "spc_concern", "spc_common", "spc_neither"]
Tone = Literal["good", "neutral", "bad", SpcTone]
"""Excel's Good / Neutral / Bad cell-style palette, and the Making Data Count colours of the
Variation and Assurance columns (SPC_FILL)."""

_K = TypeVar("_K", bound=str)
_ToneT_co = TypeVar("_ToneT_co", bound="Tone | None", covariant=True)

DotBasis = Literal["year", "previous"]
"""What the direction of travel follows: the same period last year, else the previous one."""


class Term(NamedTuple, Generic[_ToneT_co]):
    """How one word of a vocabulary is shown: its label, and the cell style it takes."""

    label: str
    tone: _ToneT_co


def labels(terms: Mapping[_K, Term[_ToneT_co]]) -> dict[_K, str]:
    """The words alone, for callers that show no colour."""
    return {key: term.label for key, term in terms.items()}


ARROWS: Final[dict[Direction, str]] = {"up": "▲", "down": "▼", "flat": "►", "unknown": "•"}

VERDICTS: Final[dict[Verdict, Term[Tone]]] = {
    "positive": Term("Positive", "good"),
    "similar": Term("Similar", "neutral"),
    "negative": Term("Negative", "bad"),
}
COMPARISONS: Final[dict[Comparison, Term[Tone]]] = {
    "better": Term("Better", "good"),
    "similar": Term("Similar", "neutral"),
    "worse": Term("Worse", "bad"),
}
RAGS: Final[dict[Rag, Term[Tone]]] = {
    "green": Term("Green", "good"),
    "amber": Term("Amber", "neutral"),
    "red": Term("Red", "bad"),
}
VERDICT_LABEL: Final = labels(VERDICTS)
COMPARISON_LABEL: Final = labels(COMPARISONS)
RAG_LABEL: Final = labels(RAGS)

NOT_AVAILABLE: Final = "n/a"
"""What a derived cell shows when its inputs are missing (the seed's own marker)."""

DEFAULT_THRESHOLD: Final = 0.10
"""Relative change that counts as an increase or decrease (the seed's key: 10%)."""

DEFAULT_POINTS_THRESHOLD: Final = 0.01
"""For percentage indicators the change is in points; 0.01 is one percentage point."""

DEFAULT_TOLERANCE: Final = 0.05
"""How far short of target still counts as amber: 5% of the target."""

# --- Statistical process control (Making Data Count) ----------------------------------

Variation = Literal[
    "common", "improvement", "concern", "neither_high", "neither_low", "insufficient"
]
"""What the latest point of an XmR chart says: common cause, special cause improvement or
concern (given polarity), special cause high or low for neutral polarity (Making Data
Count's 'neither'), or too few points to have limits at all."""

Assurance = Literal["pass", "fail", "hit_and_miss"]
"""Whether the process limits say the target will be met: every month (the target lies
beyond the limit on the failing side), never (beyond the limit on the passing side), or
sometimes (the target is inside the limits)."""

SpcRule = Literal["outside", "run", "trend", "two_of_three"]
"""The Making Data Count rules, in the order a point's signal is named (trend first)."""


VARIATIONS: Final[dict[Variation, Term[SpcTone | None]]] = {
    "common": Term("Common cause", "spc_common"),
    "improvement": Term("Special cause: improvement", "spc_improvement"),
    "concern": Term("Special cause: concern", "spc_concern"),
    "neither_high": Term("Special cause: higher", "spc_neither"),
    "neither_low": Term("Special cause: lower", "spc_neither"),
    "insufficient": Term("Insufficient data", None),
}
ASSURANCES: Final[dict[Assurance, Term[SpcTone]]] = {
    "pass": Term("Consistently passing", "spc_improvement"),
    "fail": Term("Consistently failing", "spc_concern"),
    "hit_and_miss": Term("Hit and miss", "spc_common"),
}
VARIATION_LABEL: Final = labels(VARIATIONS)
ASSURANCE_LABEL: Final = labels(ASSURANCES)
SPC_FILL: Final[dict[Tone, str]] = {
    "spc_improvement": "#9DC3E6",
    "spc_concern": "#F8CBAD",
    "spc_common": "#D9D9D9",
    "spc_neither": "#CDB8E0",
}
"""Pale versions of the Making Data Count colours (blue, orange, grey, purple), so black
text stays readable on them; the full colours are SPC_COLOUR, used on charts."""
SPC_COLOUR: Final[dict[Tone, str]] = {
    "spc_improvement": "#289DE0",
    "spc_concern": "#FAB428",
    "spc_common": "#7B7D7D",
    "spc_neither": "#490092",
}

DEFAULT_SPC_MIN_POINTS: Final = 15
DEFAULT_SPC_RUN: Final = 7
DEFAULT_SPC_TREND: Final = 6
