"""Recognising column headers, whatever wording the analyst's workbook uses.

All the wording lives in the phrase tables below (`ROLE_PHRASES`, `CHANGE_WORDS`,
`BASIS_PHRASES`, `BENCHMARK_PHRASES`): to teach the add-in a new header, add a
phrase there. Headers and phrases are compared as *keys* (`header_key`): case,
punctuation, underscores and plurals do not matter ('KPI_Descriptions.' is
'kpi description').

A phrase matches a whole header key, or with a leading or trailing '*' any key
that ends or starts with it ('* code' is 'KPI code', 'PI code', 'Service code').

Derived columns are classified by what they mean, not by a word they happen to
hold: a change column ('change', 'difference', 'trend', ...) is compared with the
period its header names (previous month or quarter, same period last year, the
target), so 'Difference from previous month' is a previous-period change and never
a target variance.

Sources of the wording: the seed dataset ('Ref.', '12-mnth avg', 'Change from prev.
period', '% change from same period py'), and the published scorecards reproduced in
tests/layouts/ (district and city council KPI reports, a Scottish council's monthly
key statistics, NHS England monthly publications, NHS trust SPC inputs, elective
recovery scorecards).
"""

from __future__ import annotations

import re
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
    "variation",
    "assurance",
    "sparkline",
]
BenchmarkKind = Literal["england", "region", "neighbours"]
Basis = Literal["previous", "year", "target"]

# --- The vocabulary -----------------------------------------------------------------

ROLE_PHRASES: Final[dict[str, tuple[str, ...]]] = {
    "ref": (
        "ref", "reference", "ref no", "ref #", "no", "pi ref", "kpi ref", "indicator ref",
        "measure ref", "kpi no", "kpi number", "pi no", "kpi code", "pi code", "kpi id",
        "indicator id", "measure id", "metric id", "npi lpi", "lpi npi", "code", "id",
        "* code", "* ref", "* id",
    ),
    "indicator": (
        "indicator", "indicator name", "indicator description", "indicator title",
        "performance indicator", "key performance indicator", "kpi", "kpi description",
        "kpi name", "kpi title", "pi description", "description", "measure", "measure name",
        "measure description", "metric", "metric name", "performance measure", "title",
        "* description",
    ),
    # Each a figure the row's current period is compared with (left or right of the periods).
    "target": (
        "target", "target *", "* target", "annual target", "plan", "* plan", "ambition",
        "* ambition", "trajectory", "* trajectory", "standard", "floor standard",
        "national standard", "operational standard", "threshold", "goal",
    ),
    "rag": (
        "rag", "rag rating", "rag status", "* rag", "rag *", "status", "rating",
        "value vs target", "performance vs target", "performance against target",
        "target met", "target met ?", "target achieved", "met", "met ?", "on target",
        "performance status",
    ),
    # The figure of a single-period snapshot: no period header to place it on the axis.
    "value": ("value", "actual", "outturn", "current value", "latest value", "result",
              "performance", "current performance", "latest", "figure", "score"),
    "dot": ("dot", "direction of travel", "trend", "direction", "trend arrow"),
    # Making Data Count's two icons (NHS trust integrated performance reports).
    "variation": ("variation", "spc variation", "variation icon", "spc", "spc icon",
                  "spc status", "special cause", "statistical variation", "process variation",
                  "variation type", "spc variation icon"),
    "assurance": ("assurance", "spc assurance", "assurance icon", "target assurance",
                  "spc assurance icon", "assurance type"),
    # A native Excel sparkline per indicator over the table's periods (core/sparklines.py).
    # A bare 'Trend' stays with "dot": its cells decide (sparklines.trend_reading).
    "sparkline": ("sparkline", "spark line", "spark", "trend line", "trendline",
                  "trend chart", "trend graph", "trend sparkline", "sparkline trend",
                  "mini chart", "trend spark"),
    "percent_flag": ("% ?", "is %", "percentage ?", "% indicator", "%"),
    "unit": ("unit", "unit of measure", "measure type", "unit type"),
    "polarity": ("polarity", "good is", "better is", "good performance is",
                 "higher is better", "aim", "polarity ?", "good direction"),
    "commentary": ("comment", "commentary", "* comment", "comment *", "narrative", "note",
                   "* note", "analysis", "exception report"),
}
"""Whole-header phrases per role, in the order the roles are tried (see `classify`)."""

CHANGE_WORDS: Final = ("change", "difference", "diff", "movement", "trend", "variance",
                       "var", "plusminus", "compared", "comparison", "vs", "against",
                       "month on month", "year on year", "quarter on quarter", "mom", "yoy",
                       "qoq")
"""Words that make a header a comparison of the current figure with another one."""

BASIS_PHRASES: Final[dict[Basis, tuple[str, ...]]] = {
    "year": ("same period", "same month", "same quarter", "same week", "last year",
             "previous year", "prior year", "py", "ly", "yoy", "year on year",
             "12 month ago", "twelve month ago", "year ago", "annual change"),
    "previous": ("previous", "prev", "last month", "last period", "last quarter", "last week",
                 "prior period", "prior month", "month on month", "mom",
                 "quarter on quarter", "qoq", "since last"),
    "target": ("target", "plan", "ambition", "trajectory", "standard"),
}
"""What a change column compares with, tried in this order."""

TWELVE_WORDS: Final = ("12", "twelve", "rolling", "annual", "yearly", "12m")
AVERAGE_WORDS: Final = ("avg", "average", "mean")
MAXIMUM_WORDS: Final = ("max", "maximum", "highest", "peak")

BENCHMARK_PHRASES: Final[dict[BenchmarkKind, tuple[str, ...]]] = {
    "neighbours": ("neighbour", "neighbor", "sn", "stat n", "statistical neighbour",
                   "comparator", "nearest neighbour", "cipfa"),
    "region": ("region", "regional", "se region", "sw region", "nw region", "ne region"),
    "england": ("england", "eng", "national", "national average", "uk", "scotland", "wales"),
}
COMPARISON_WORDS: Final = ("vs", "v", "compared", "comparison", "against")

NOTE_PREFIXES: Final = ("source", "sources", "note", "notes", "footnote", "definition",
                        "key", "*", "†", "©", "please note", "data source", "nb")
"""A row starting with one of these below the table is a note: the table ends there."""

# --- Keys -----------------------------------------------------------------------------

_KEEP_S: Final = ("ss", "us", "is", "'s")
_PUNCTUATION: Final = re.compile(r"[^\w%?#]+")


def normalise(raw: CellValue) -> str:
    """Lower-case, single-spaced header text ('' for blanks and numbers)."""
    if not isinstance(raw, str):
        return ""
    return re.sub(r"\s+", " ", raw.replace("\n", " ")).strip().casefold()


_ACRONYM_PLURALS: Final = {"kpis": "kpi", "pis": "pi", "ids": "id", "refs": "ref"}


def _singular(word: str) -> str:
    if word in _ACRONYM_PLURALS:
        return _ACRONYM_PLURALS[word]
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(_KEEP_S):
        return word[:-1]
    return word


def header_key(raw: CellValue) -> str:
    """The header as words: case, punctuation, underscores and plurals dropped.

    'KPI_Descriptions.' -> 'kpi description'; 'D.o.T' -> 'dot'; '+/- target' ->
    'plusminus target'; '% change' keeps its '%'; '%?' -> '% ?'.
    """
    text = normalise(raw)
    if not text:
        return ""
    text = text.replace("+/-", " plusminus ").replace("&", " and ")
    text = re.sub(r"(?<=\w)[.'’](?=\w)", "", text)  # D.o.T, KPI's
    text = re.sub(r"([%?])", r" \1 ", text)
    words = _PUNCTUATION.sub(" ", text.replace("_", " ")).split()
    return " ".join(_singular(w) for w in words)


def _phrase_match(key: str, phrase: str) -> bool:
    if phrase.startswith("* "):
        return key.endswith(" " + phrase[2:])
    if phrase.endswith(" *"):
        return key.startswith(phrase[:-2] + " ")
    return key == phrase


def _compiled(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """Phrases keyed the way headers are ('Performance indicators' -> 'performance
    indicator'), keeping a leading or trailing '*'."""
    out = []
    for phrase in phrases:
        head = "* " if phrase.startswith("* ") else ""
        tail = " *" if phrase.endswith(" *") and phrase != "*" else ""
        body = phrase[len(head): len(phrase) - len(tail)]
        out.append(head + (header_key(body) or body) + tail)
    return tuple(out)


_ROLE_KEYS: Final = {role: _compiled(phrases) for role, phrases in ROLE_PHRASES.items()}
_BASIS_KEYS: Final = {basis: _compiled(phrases) for basis, phrases in BASIS_PHRASES.items()}
_BENCH_KEYS: Final = {kind: _compiled(phrases) for kind, phrases in BENCHMARK_PHRASES.items()}


def _has_words(key: str, phrase: str) -> bool:
    return f" {phrase} " in f" {key} "


def _matches(key: str, role: str) -> bool:
    return any(_phrase_match(key, p) for p in _ROLE_KEYS[role])


# --- What one header means --------------------------------------------------------------


def is_ref(text: str) -> bool:
    """A Ref header (text or key; 'KPI No.', 'Measure ID', 'NPI/LPI', 'Service code')."""
    return _matches(header_key(text), "ref")


def is_indicator(text: str) -> bool:
    return _matches(header_key(text), "indicator")


def is_snapshot_value(text: str) -> bool:
    """'Value', 'Actual', 'Outturn': the one figure of a snapshot with no period header."""
    return _matches(header_key(text), "value")


def is_percent_flag(text: str) -> bool:
    return _matches(header_key(text), "percent_flag")


def is_unit(text: str) -> bool:
    return _matches(header_key(text), "unit")


def is_polarity(text: str) -> bool:
    return _matches(header_key(text), "polarity")


def is_commentary(text: str) -> bool:
    key = header_key(text)
    return _matches(key, "commentary") or any(
        _has_words(key, w) for w in ("comment", "commentary", "narrative"))


def benchmark_kind(text: str) -> BenchmarkKind | None:
    key = header_key(text)
    for kind, phrases in _BENCH_KEYS.items():
        if any(_has_words(key, p) for p in phrases):
            return kind
    return None


def basis(key: str) -> Basis | None:
    """What a change header compares the current figure with, if it says."""
    for name, phrases in _BASIS_KEYS.items():
        if any(_has_words(key, p) for p in phrases):
            return name
    return None


def _is_change(key: str) -> bool:
    return any(_has_words(key, w) for w in CHANGE_WORDS)


def _twelve_month(key: str, words: tuple[str, ...]) -> bool:
    return any(_has_words(key, w) for w in TWELVE_WORDS) and any(
        _has_words(key, w) for w in words)


def is_target(text: str) -> bool:
    key = header_key(text)
    return _matches(key, "target") and output_role(text) is None


_VERSUS: Final[dict[BenchmarkKind, OutputRole]] = {
    "england": "vs_england", "region": "vs_region", "neighbours": "vs_neighbours"}


def output_role(text: str) -> OutputRole | None:
    """Which derived column a header names, if any, by what the header means."""
    key = header_key(text)
    if not key:
        return None
    kind = benchmark_kind(text)
    words = key.split()
    if kind is not None and words[0] in COMPARISON_WORDS:
        return _VERSUS[kind]
    spc = _spc_role(key)
    if spc is not None:
        return spc
    if _matches(key, "sparkline"):
        return "sparkline"
    if _matches(key, "rag"):
        return "rag"
    if _matches(key, "dot"):
        return "dot"
    if _twelve_month(key, AVERAGE_WORDS):
        return "average"
    if _twelve_month(key, MAXIMUM_WORDS):
        return "maximum"
    return _change_role(key)


def _spc_role(key: str) -> OutputRole | None:
    """'Variation' or 'Assurance' (Making Data Count), tried before the other roles."""
    if _matches(key, "variation"):
        return "variation"
    if _matches(key, "assurance"):
        return "assurance"
    return None


def _change_role(key: str) -> OutputRole | None:
    if not _is_change(key):
        return None
    said = basis(key)
    if said == "year":
        return "change_year"
    if said == "previous":
        return "change_previous"
    if said == "target" or key.split(maxsplit=1)[0] in {"variance", "var", "plusminus"}:
        percent = "%" in key.split() or _has_words(key, "percent")
        return "target_variance_pct" if percent else "target_variance"
    return None


PAIRED_ROLES: Final[frozenset[OutputRole]] = frozenset({"change_previous", "change_year"})
"""Roles shown as an arrow cell and a value cell side by side under one header."""

ARROW_ONLY_WORDS: Final = ("trend", "arrow", "direction")
"""A change column headed 'Short trend (last quarter)' shows the arrow, not a figure."""


def is_arrow_only(text: str) -> bool:
    key = header_key(text)
    return any(_has_words(key, w) for w in ARROW_ONLY_WORDS)


BARE_TREND: Final = "trend"
"""The one header key that may name a direction-of-travel arrow or a sparkline column."""


def is_bare_trend(text: str) -> bool:
    """'Trend' alone (any case): read as direction of travel unless its cells hold
    sparklines (see sparklines.trend_reading)."""
    return header_key(text) == BARE_TREND


def is_note(raw: CellValue) -> bool:
    """A footnote or source line below a table ('Source: LA returns', '* provisional')."""
    if not isinstance(raw, str) or not raw.lstrip()[:16].casefold().startswith(NOTE_PREFIXES):
        return False  # the cheap test first: it runs on every row
    text = normalise(raw)
    if text.startswith(("*", "†", "©")):
        return True
    key = header_key(text)
    first = key.split(" ", 1)[0] if key else ""
    return (first in NOTE_PREFIXES or key.startswith(NOTE_PREFIXES)) and (
        ":" in text[:16] or len(text) > 40)


LOOKED_FOR: Final = (
    "an indicator column ('Indicator', 'Measure', 'KPI', 'Description', 'Performance "
    "indicator', 'Metric'; a Ref column such as 'Ref', 'KPI ref', 'Code' is optional) "
    "and at least two month headers such as 'Jul-20' and 'Aug-20' in the same row; "
    "derived columns such as 'Change from prev. period', '% change from same period py', "
    "'DoT', '12-mnth avg', '12-mnth max.', 'RAG', and target columns ('Target', 'Plan', "
    "'Ambition', 'Trajectory', 'Standard')"
)
