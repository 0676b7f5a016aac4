"""Closed vocabularies of the dashboard, as types.

Every rule takes and returns these names, never free text, so a typo is a type
error rather than a silently wrong colour.
"""

from __future__ import annotations

from typing import Final, Literal

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

Tone = Literal["good", "neutral", "bad", "spc_improvement", "spc_concern", "spc_common",
               "spc_neither"]
"""Excel's Good / Neutral / Bad cell-style palette, and the Making Data Count colours of the
Variation and Assurance columns (SPC_FILL)."""

ARROWS: Final[dict[Direction, str]] = {"up": "▲", "down": "▼", "flat": "►", "unknown": "•"}

VERDICT_LABEL: Final[dict[Verdict, str]] = {
    "positive": "Positive",
    "similar": "Similar",
    "negative": "Negative",
}
VERDICT_TONE: Final[dict[Verdict, Tone]] = {
    "positive": "good",
    "similar": "neutral",
    "negative": "bad",
}
COMPARISON_LABEL: Final[dict[Comparison, str]] = {
    "better": "Better",
    "similar": "Similar",
    "worse": "Worse",
}
COMPARISON_TONE: Final[dict[Comparison, Tone]] = {
    "better": "good",
    "similar": "neutral",
    "worse": "bad",
}
RAG_LABEL: Final[dict[Rag, str]] = {"green": "Green", "amber": "Amber", "red": "Red"}
RAG_TONE: Final[dict[Rag, Tone]] = {"green": "good", "amber": "neutral", "red": "bad"}

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

SpcTone = Literal["spc_improvement", "spc_concern", "spc_common", "spc_neither"]

VARIATION_LABEL: Final[dict[Variation, str]] = {
    "common": "Common cause",
    "improvement": "Special cause: improvement",
    "concern": "Special cause: concern",
    "neither_high": "Special cause: higher",
    "neither_low": "Special cause: lower",
    "insufficient": "Insufficient data",
}
ASSURANCE_LABEL: Final[dict[Assurance, str]] = {
    "pass": "Consistently passing",
    "fail": "Consistently failing",
    "hit_and_miss": "Hit and miss",
}
VARIATION_TONE: Final[dict[Variation, SpcTone]] = {
    "common": "spc_common",
    "improvement": "spc_improvement",
    "concern": "spc_concern",
    "neither_high": "spc_neither",
    "neither_low": "spc_neither",
}
ASSURANCE_TONE: Final[dict[Assurance, SpcTone]] = {
    "pass": "spc_improvement",
    "fail": "spc_concern",
    "hit_and_miss": "spc_common",
}
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
