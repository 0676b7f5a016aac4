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

Tone = Literal["good", "neutral", "bad"]
"""Excel's Good / Neutral / Bad cell-style palette, used for every coloured cell."""

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
