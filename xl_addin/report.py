"""Human-readable text for refresh results: the CLI's summary table and messages."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, cast

import pandas as pd

from xl_addin.core.vocab import ARROWS, NOT_AVAILABLE, RAG_LABEL, VERDICT_LABEL


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_level(value: Any, unit: str) -> str:
    if _missing(value):
        return NOT_AVAILABLE
    if unit == "percent":
        return f"{value:.1%}"
    return f"{value:,.1f}" if unit == "rate" else f"{value:,.0f}"


def format_change(value: Any, unit: str) -> str:
    if _missing(value):
        return NOT_AVAILABLE
    if unit == "percent":
        return f"{value * 100:+.1f} pp"
    return f"{value:+.1%}"


def summary_rows(results: pd.DataFrame) -> list[list[str]]:
    """Ref, latest, change, arrow, verdict, 12-month average, RAG for each indicator."""
    rows = []
    for rec in cast(Iterable[Any], results.itertuples(index=False)):
        latest = format_level(rec.current, rec.unit)
        if rec.current_month is not None and not _missing(rec.current):
            latest = f"{latest} ({rec.current_month.label()})"
        average = format_level(rec.average, rec.unit)
        if not _missing(rec.average) and rec.periods_used < rec.window:
            average += f" ({rec.periods_used} of {rec.window})"
        rows.append([
            rec.ref,
            latest,
            format_change(rec.change_previous, rec.unit),
            ARROWS[rec.direction_previous],
            VERDICT_LABEL.get(rec.dot_verdict, "-") if not _missing(rec.dot_verdict) else "-",
            average,
            RAG_LABEL[rec.rag] if not _missing(rec.rag) else NOT_AVAILABLE,
        ])
    return rows


SUMMARY_COLUMNS = ["Ref", "Latest", "Change", "Arrow", "Verdict (DoT)", "12-month avg", "RAG"]
