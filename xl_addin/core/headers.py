"""Recognising column headers, whatever wording the analyst's workbook uses.

Each role has a small predicate over the normalised header text. The wording
variants come from the seed dataset and common dashboard practice:
'Ref.'/'Ref', '12-mnth avg'/'12 month average', 'Change from prev. period'/
'Change from previous month', '% change from same period py'/'... last year'.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final, Literal

from .grid import CellValue

OutputRole = Literal[
    "change_previous",
    "change_year",
    "dot",
    "average",
    "maximum",
    "vs_england",
    "vs_region",
    "vs_neighbours",
    "target_variance",
    "target_variance_pct",
    "rag",
]
InputRole = Literal[
    "ref", "indicator", "percent_flag", "unit", "polarity", "england", "region",
    "neighbours", "target", "commentary",
]
BenchmarkKind = Literal["england", "region", "neighbours"]


def normalise(raw: CellValue) -> str:
    """Lower-case, single-spaced header text ('' for blanks and numbers)."""
    if not isinstance(raw, str):
        return ""
    return re.sub(r"\s+", " ", raw.replace("\n", " ")).strip().casefold()


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9%?]+", text))


def is_ref(text: str) -> bool:
    return text.rstrip(".:") in {"ref", "reference", "ref no", "ref no.", "pi ref", "kpi ref",
                                 "indicator ref", "code", "id", "ref #", "no", "no."}


def is_indicator(text: str) -> bool:
    return text.rstrip(".:") in {"indicator", "indicators", "measure", "measures",
                                 "indicator name", "performance indicator", "kpi",
                                 "description", "indicator description", "metric"}


_YEAR_WORDS: Final = ("same period", "last year", "previous year", "prior year",
                      "year on year", " py", "yoy", "12 months ago", "same month")
_PREVIOUS_WORDS: Final = ("prev", "previous", "last month", "last period", "month on month",
                          "last quarter", "prior period", "mom")


def is_change_year(text: str) -> bool:
    padded = f" {text} "
    return "change" in text and any(w in padded for w in _YEAR_WORDS)


def is_change_previous(text: str) -> bool:
    return "change" in text and not is_change_year(text) and any(
        w in text for w in _PREVIOUS_WORDS
    )


def is_dot(text: str) -> bool:
    return text.rstrip(".") in {"dot", "direction of travel", "d.o.t", "trend"}


def _mentions_twelve(text: str) -> bool:
    return bool(re.search(r"\b12\b|twelve|\b12-|rolling", text))


def is_average(text: str) -> bool:
    return _mentions_twelve(text) and any(w in text for w in ("avg", "average", "mean"))


def is_maximum(text: str) -> bool:
    return _mentions_twelve(text) and any(w in text for w in ("max", "maximum", "highest"))


def is_percent_flag(text: str) -> bool:
    return text in {"%?", "% ?", "is %", "percentage?", "% indicator", "%"}


def is_unit(text: str) -> bool:
    return text in {"unit", "units", "measure type", "unit of measure"}


def is_polarity(text: str) -> bool:
    return text.rstrip("?") in {"polarity", "good is", "better is", "good performance is",
                                "higher is better", "aim"}


def _is_comparison(text: str) -> bool:
    return text.startswith(("vs", "v ", "v.", "compared", "comparison"))


def benchmark_kind(text: str) -> BenchmarkKind | None:
    words = _words(text)
    if "neighbour" in text or "neighbor" in text or "sn" in words or "stat n" in text:
        return "neighbours"
    if "region" in text:
        return "region"
    if "england" in text or "eng" in words or "national" in words:
        return "england"
    return None


def is_target(text: str) -> bool:
    return "target" in text and not any(
        w in text for w in ("variance", "rag", "vs", "against", "difference", "met")
    )


def is_target_variance_pct(text: str) -> bool:
    return ("variance" in text or "var" in _words(text)) and ("%" in text or "percent" in text)


def is_target_variance(text: str) -> bool:
    return (
        ("variance" in text or "var" in _words(text) or "difference" in text)
        and not is_target_variance_pct(text)
    ) or text in {"vs target", "against target", "+/- target"}


def is_rag(text: str) -> bool:
    return "rag" in _words(text)


def is_commentary(text: str) -> bool:
    return any(w in text for w in ("comment", "narrative", "notes", "analysis"))


def output_role(text: str) -> OutputRole | None:
    """Which derived column a header names, if any."""
    if not text:
        return None
    kind = benchmark_kind(text)
    if kind is not None and _is_comparison(text):
        return f"vs_{kind}"  # type: ignore[return-value]
    checks: list[tuple[Callable[[str], bool], OutputRole]] = [
        (is_change_year, "change_year"),
        (is_change_previous, "change_previous"),
        (is_dot, "dot"),
        (is_average, "average"),
        (is_maximum, "maximum"),
        (is_rag, "rag"),
        (is_target_variance_pct, "target_variance_pct"),
        (is_target_variance, "target_variance"),
    ]
    for check, role in checks:
        if check(text):
            return role
    return None


PAIRED_ROLES: Final[frozenset[OutputRole]] = frozenset({"change_previous", "change_year"})
"""Roles shown as an arrow cell and a value cell side by side under one header."""

LOOKED_FOR: Final = (
    "'Ref' (or 'Ref.'), 'Indicator', and at least two month headers such as 'Jul-20' and "
    "'Aug-20' in the same row; derived columns such as 'Change from prev. period', "
    "'% change from same period py', 'DoT', '12-mnth avg', '12-mnth max.', 'RAG'"
)
