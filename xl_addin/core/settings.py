"""Per-indicator settings: polarity, unit, frequency, threshold, tolerance, measure.

The analyst keeps them on a sheet keyed by Ref (see SETTINGS_SHEET_NAMES). Where
a row or a cell is missing, the default is inferred from the dashboard itself:

- unit: the table's own Unit column, then its '%?' column (Y is a percentage, N is
  not), then the evidence: a percentage when the name says so anywhere ('% of',
  'as a % of', 'percentage', '(%)', 'rate (%)') or when most of the row's figures are
  typed as '89%' or formatted as percentages; '... per 100,000' or 'rate' is a rate;
  otherwise a count. A percentage may exceed 100% when it is a ratio to a baseline or
  plan ('% of baseline', '% of plan'; or 'Unit: % of baseline' in settings);
- measure: cumulative, year to date or rolling 12 months from the name ('(Cumulative)',
  'YTD', 'year to date', 'R12M', 'rolling 12 months') or a Measure column in settings;
- frequency from 'per quarter' in its name;
- polarity from the table's Polarity column, then the target's operator ('>= 95%' is
  higher is better, '< 5' lower), else neutral.
A setting that cannot be read is a warning naming its cell, never a crash.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Final, TypeVar

from . import headers as h
from .errors import VocabularyError
from .findings import Finding
from .grid import CellValue, Grid, is_blank
from .values import parse_value
from .vocab import (
    DEFAULT_POINTS_THRESHOLD,
    DEFAULT_THRESHOLD,
    DEFAULT_TOLERANCE,
    Frequency,
    Measure,
    Polarity,
    Unit,
)

_T = TypeVar("_T")

SETTINGS_SHEET_NAMES: Final = ("settings", "indicator settings", "indicators", "xl_addin settings")

_POLARITY_WORDS: Final[dict[str, Polarity]] = {
    "higher": "higher", "higher is better": "higher", "high": "higher", "up": "higher",
    "increase": "higher", "bigger is better": "higher", "more is better": "higher",
    "lower": "lower", "lower is better": "lower", "low": "lower", "down": "lower",
    "decrease": "lower", "smaller is better": "lower", "less is better": "lower",
    "neutral": "neutral", "none": "neutral", "n/a": "neutral", "no judgement": "neutral",
    "no polarity": "neutral", "context": "neutral",
}
_UNIT_WORDS: Final[dict[str, Unit]] = {
    "count": "count", "number": "count", "no.": "count", "no": "count", "#": "count",
    "%": "percent", "percent": "percent", "percentage": "percent", "pct": "percent",
    "proportion": "percent",
    "rate": "rate",
}
_FREQUENCY_WORDS: Final[dict[str, Frequency]] = {
    "monthly": "monthly", "month": "monthly", "m": "monthly",
    "quarterly": "quarterly", "quarter": "quarterly", "q": "quarterly",
}
_MEASURE_WORDS: Final[dict[str, Measure]] = {
    "period": "period", "in period": "period", "in month": "period", "in the month": "period",
    "in quarter": "period", "discrete": "period", "monthly": "period", "snapshot": "period",
    "point in time": "period", "count in period": "period",
    "cumulative": "cumulative", "cum": "cumulative", "cum.": "cumulative",
    "running total": "cumulative",
    "ytd": "ytd", "year to date": "ytd", "fytd": "ytd", "financial year to date": "ytd",
    "cumulative ytd": "ytd", "cumulative (ytd)": "ytd",
    "rolling": "rolling", "rolling 12 months": "rolling", "rolling 12 month": "rolling",
    "rolling 12-month": "rolling", "rolling year": "rolling", "r12m": "rolling",
    "12 month rolling": "rolling", "rolling 12m": "rolling",
}
_TRUTHY: Final = frozenset({"y", "yes", "true", "%", "x", "1", "✓", "✔"})
_FALSY: Final = frozenset({"n", "no", "false", "0", "✗", "✘"})
"""'%?' cells that say 'not a percentage' ('-' and blanks say nothing)."""


@dataclass(frozen=True)
class IndicatorSettings:
    polarity: Polarity = "neutral"
    unit: Unit = "count"
    frequency: Frequency = "monthly"
    threshold: float | None = None
    """None: the default for the unit (10%, or one point for percentages)."""
    tolerance: float = DEFAULT_TOLERANCE
    measure: Measure = "period"
    over_100: bool = False
    """A percentage that may exceed 100% (a ratio to a baseline or plan)."""

    @property
    def compares_with_previous(self) -> bool:
        """Only a figure for the period alone can be compared with the period before."""
        return self.measure == "period"

    @property
    def effective_threshold(self) -> float:
        if self.threshold is not None:
            return self.threshold
        return DEFAULT_POINTS_THRESHOLD if self.unit == "percent" else DEFAULT_THRESHOLD

    @property
    def periods_per_year(self) -> int:
        return 4 if self.frequency == "quarterly" else 12

    @property
    def step(self) -> int:
        """Months between two periods."""
        return 3 if self.frequency == "quarterly" else 1


@dataclass(frozen=True)
class SettingsOverride:
    """What the settings sheet says for one Ref; None where it says nothing."""

    polarity: Polarity | None = None
    unit: Unit | None = None
    frequency: Frequency | None = None
    threshold: float | None = None
    tolerance: float | None = None
    measure: Measure | None = None
    over_100: bool | None = None


def _word(raw: CellValue) -> str:
    return str(raw).strip().casefold() if not is_blank(raw) else ""


def parse_polarity(raw: CellValue) -> Polarity | None:
    return _POLARITY_WORDS.get(_word(raw).rstrip("."))


def require_polarity(raw: CellValue, argument: str = "polarity") -> Polarity:
    """A polarity given as an argument: blank is neutral; a word that is none of them
    is a VocabularyError naming `argument` (never a silent 'no judgement')."""
    if is_blank(raw):
        return "neutral"
    polarity = parse_polarity(raw)
    if polarity is None:
        raise VocabularyError(f"{argument}: {raw!r} is not one of higher/lower/neutral",
                              hint="Use 'higher is better', 'lower is better' or 'neutral'.",
                              argument=argument, value=raw)
    return polarity


def require_unit(raw: CellValue, argument: str = "unit") -> Unit:
    """A unit given as an argument: blank is a count; anything unknown a VocabularyError."""
    if is_blank(raw):
        return "count"
    unit = parse_unit(raw)
    if unit is None:
        raise VocabularyError(f"{argument}: {raw!r} is not one of count/%/rate",
                              hint="Use 'count', '%' or 'rate'.", argument=argument, value=raw)
    return unit


def parse_unit(raw: CellValue) -> Unit | None:
    text = _word(raw)
    if text in _UNIT_WORDS:
        return _UNIT_WORDS[text]
    if text.startswith(("%", "percent", "proportion")) or text.endswith("(%)"):
        return "percent"  # '% of baseline', 'percentage of plan', 'rate (%)'
    if text.startswith(("rate", "per ")):
        return "rate"
    return None


_RATIO_TO_BASE: Final = re.compile(
    r"%\s*of\b.*\b(baseline|plan|planned|trajectory|target|ambition)"
    r"|\b(percentage|per ?cent|proportion)\s+of\s+(the\s+)?(baseline|plan|trajectory)\b"
    r"|\bcan exceed 100|\bover 100 ?%? allowed")
"""A percentage of a baseline or plan, which may exceed 100% (NHS elective recovery:
'value-weighted activity as a % of 2019/20 baseline')."""


def says_over_100(text: str) -> bool:
    """A name or unit saying the percentage is a ratio to a baseline or plan."""
    return bool(_RATIO_TO_BASE.search(text.casefold()))


def parse_measure(raw: CellValue) -> Measure | None:
    return _MEASURE_WORDS.get(_word(raw).rstrip("."))


def parse_frequency(raw: CellValue) -> Frequency | None:
    return _FREQUENCY_WORDS.get(_word(raw))


def parse_fraction(raw: CellValue) -> float | None:
    """A threshold or tolerance: '10%', 0.1 and 10 all mean 10%; '1pp' is one point."""
    text = _word(raw)
    if text.endswith(("pp", "points", "point", "% points", "percentage points")):
        number = parse_value(re.sub(r"[a-z% ]+$", "", text)).number
        return None if number is None or number < 0 else number / 100
    number = parse_value(raw).number
    if number is None or number < 0:
        return None
    # A whole number is read as a percentage: nobody means a 1,000% threshold.
    return number / 100 if number >= 1 else number


_RATE_WORDING: Final = re.compile(r"\bper\s+[0-9,]+\b|\brate\b")
_PERCENT_WORDING: Final = re.compile(
    r"^%|^proportion\b|%\s*of\b|\(%\)|\bper ?cent(age)?\b|\bin %|\b%$|\s%(\s|$)")
"""'Percentage of ...', '... as a % of ...', 'Rate (%)', 'Attendance %': the name says so."""
_COUNT_START: Final = re.compile(r"^(number|no\.?|count|total)\s+of\b")
_MEASURE_WORDING: Final[tuple[tuple[re.Pattern[str], Measure], ...]] = (
    (re.compile(r"\b(ytd|fytd|year[\s-]to[\s-]date)\b"), "ytd"),
    (re.compile(r"\b(r12m|rolling\s+(12|twelve)[\s-]*(months?|mths?|m)\b|rolling year|"
                r"12[\s-]months?\s+rolling)"), "rolling"),
    (re.compile(r"\bcumulative\b|\brunning total\b"), "cumulative"),
)


_WORTH_A_LOOK: Final = re.compile(
    r"%|per|proportion|rate|ytd|year.to.date|r12m|rolling|cumulative|running total|"
    r"exceed 100|over 100|quarter")
"""Every word the name rules below look for starts one of these: a name with none of
them (most names) is a count, monthly, in-period measure, in one search."""


def name_facts(name: str) -> tuple[Unit, Frequency, Measure, bool]:
    """What an indicator's name alone says: unit, frequency, measure, may exceed 100%."""
    text = name.casefold()
    if not _WORTH_A_LOOK.search(text):
        return "count", "monthly", "period", False
    return named_unit(name), infer_frequency(name), infer_measure(name), says_over_100(name)


def read_percent_flag(raw: CellValue) -> bool | None:
    """What a '%?' cell says: True (a percentage), False (not one), None (nothing)."""
    if is_blank(raw):
        return None
    word = _word(raw)
    return True if word in _TRUTHY else False if word in _FALSY else None


def named_unit(name: str) -> Unit:
    """The unit an indicator's wording implies: percent, rate, or count."""
    text = name.casefold().strip()
    if _PERCENT_WORDING.search(text) and not (
            _COUNT_START.match(text) and "%" not in text):
        return "percent"  # 'Number of pupils with percentage attendance ...' stays a count
    if _RATE_WORDING.search(text):
        return "rate"
    return "count"


def _unit_from(named: Unit, flag: bool | None, figures_percent: bool) -> Unit:
    if flag:
        return "percent"
    if flag is False:
        return "count" if named == "percent" else named
    return "percent" if figures_percent else named


def infer_measure(name: str) -> Measure:
    text = name.casefold()
    return next((measure for pattern, measure in _MEASURE_WORDING if pattern.search(text)),
                "period")


def infer_frequency(name: str) -> Frequency:
    text = name.casefold()
    return "quarterly" if ("per quarter" in text or "quarterly" in text) else "monthly"


def find_settings_sheet(names: list[str]) -> str | None:
    by_fold = {n.strip().casefold(): n for n in names}
    return next((by_fold[c] for c in SETTINGS_SHEET_NAMES if c in by_fold), None)


_COLUMNS: Final = {
    "polarity": ("polarity", "good is", "better is", "direction"),
    "unit": ("unit", "units", "type"),
    "frequency": ("frequency", "freq", "period"),
    "threshold": ("threshold", "arrow threshold", "change threshold"),
    "tolerance": ("tolerance", "amber tolerance", "target tolerance"),
    "measure": ("measure", "measure type", "basis", "cumulative?", "cumulative", "period type"),
}


def read_settings_sheet(grid: Grid) -> tuple[dict[str, SettingsOverride], list[Finding]]:
    """Parse the settings sheet: {Ref: override} and a warning for every bad cell."""
    findings: list[Finding] = []
    for row in range(grid.first_row, min(grid.last_row, grid.first_row + 50)):
        texts = {c: h.normalise(grid.value(row, c)) for c in range(grid.first_col, grid.last_col)}
        # Keyed by Ref, or by indicator name for a dashboard without Refs.
        ref_col = next((c for c, t in texts.items() if h.is_ref(t)),
                       next((c for c, t in texts.items() if h.is_indicator(t)), None))
        cols = {
            key: c
            for key, names in _COLUMNS.items()
            for c, t in texts.items()
            if t.rstrip(":") in names
        }
        if ref_col is not None and cols:
            return _read_rows(grid, row, ref_col, cols, findings), findings
    return {}, findings


_HINTS: Final = {
    "polarity": "Use 'higher is better', 'lower is better' or 'neutral'",
    "unit": "Use 'count', '%' or 'rate'",
    "frequency": "Use 'monthly' or 'quarterly'",
    "threshold": "Use a percentage such as 10%, or points such as 1pp",
    "tolerance": "Use a percentage such as 5%",
    "measure": "Use 'in period', 'cumulative', 'year to date' or 'rolling 12 months'",
}


def _read_rows(
    grid: Grid, header_row: int, ref_col: int, cols: dict[str, int], findings: list[Finding]
) -> dict[str, SettingsOverride]:
    # A 'Measure' column of indicator names (a word some workbooks use for the name) is
    # not a setting: it counts only when at least one of its cells reads as a measure.
    if "measure" in cols and not any(
            parse_measure(grid.value(r, cols["measure"])) is not None
            for r in range(header_row + 1, grid.last_row)):
        cols = {k: c for k, c in cols.items() if k != "measure"}
    result: dict[str, SettingsOverride] = {}
    for row in range(header_row + 1, grid.last_row):
        ref = grid.value(row, ref_col)
        if is_blank(ref):
            continue

        def read(key: str, parse: Callable[[CellValue], _T | None], row: int = row) -> _T | None:
            """The setting in `key`'s column; None (and a warning) when it cannot be read."""
            col = cols.get(key)
            raw = grid.value(row, col) if col is not None else None
            if col is None or is_blank(raw):
                return None
            parsed = parse(raw)
            if parsed is None:
                findings.append(Finding("warning", grid.sheet, row, col,
                                        f"cannot read {key} {raw!r}; the default is used",
                                        _HINTS[key], code="settings"))
            return parsed

        unit: Unit | None = read("unit", parse_unit)
        said_over_100 = unit is not None and says_over_100(str(grid.value(row, cols["unit"])))
        result[str(ref).strip()] = SettingsOverride(
            polarity=read("polarity", parse_polarity),
            unit=unit,
            frequency=read("frequency", parse_frequency),
            threshold=read("threshold", parse_fraction),
            tolerance=read("tolerance", parse_fraction),
            measure=read("measure", parse_measure),
            over_100=True if said_over_100 else None,
        )
    return result


_FromName = tuple[Unit, Frequency, Measure, bool]
"""What a name says: its unit, frequency, measure, and whether it may exceed 100%."""


def resolve(
    name: str,
    override: SettingsOverride | None,
    percent_flag: CellValue = None,
    table_unit: CellValue = None,
    table_polarity: CellValue = None,
    *,
    figures_percent: bool = False,
    target_polarity: Polarity | None = None,
) -> IndicatorSettings:
    """Settings for one indicator: the sheet first, then the table's columns, then the
    evidence (wording, how the figures are typed or formatted, the target's operator).

    `figures_percent`: most of the row's figures are typed '89%' or formatted as
    percentages. `target_polarity`: the way the row's target operator points."""
    return _resolve_named(name_facts(name), override, percent_flag=percent_flag,
                          table_unit=table_unit, table_polarity=table_polarity,
                          figures_percent=figures_percent, target_polarity=target_polarity)


def _resolve_named(
    named: _FromName,
    override: SettingsOverride | None,
    *,
    percent_flag: CellValue,
    table_unit: CellValue,
    table_polarity: CellValue,
    figures_percent: bool,
    target_polarity: Polarity | None,
) -> IndicatorSettings:
    """`resolve` given what the name says (`name_facts`)."""
    named_unit_, frequency, measure, over_100 = named
    base = IndicatorSettings(
        polarity=parse_polarity(table_polarity) or target_polarity or "neutral",
        unit=parse_unit(table_unit) or _unit_from(named_unit_, read_percent_flag(percent_flag),
                                                  figures_percent),
        frequency=frequency,
        measure=measure,
        over_100=over_100 or _unit_over_100(table_unit),
    )
    if override is None:
        return base
    return replace(
        base,
        polarity=override.polarity or base.polarity,
        unit=override.unit or base.unit,
        frequency=override.frequency or base.frequency,
        threshold=override.threshold if override.threshold is not None else base.threshold,
        tolerance=override.tolerance if override.tolerance is not None else base.tolerance,
        measure=override.measure or base.measure,
        over_100=override.over_100 if override.over_100 is not None else base.over_100,
    )


def _unit_over_100(table_unit: CellValue) -> bool:
    """A Unit cell such as '% of baseline': a percentage that may exceed 100%."""
    return parse_unit(table_unit) == "percent" and says_over_100(_word(table_unit))



class SettingsResolver:
    """`resolve` for a whole table: the name rules run once per distinct name and the rule
    once per distinct input, and equal settings are one shared object (compute.py works
    out the settings' columns once per distinct object). A dashboard has thousands of
    indicators but a handful of units, polarities and frequencies."""

    def __init__(self) -> None:
        self._named: dict[str, _FromName] = {}
        self._seen: dict[tuple[object, ...], IndicatorSettings] = {}
        self._shared: dict[IndicatorSettings, IndicatorSettings] = {}

    def __call__(
        self,
        name: str,
        override: SettingsOverride | None,
        percent_flag: CellValue = None,
        table_unit: CellValue = None,
        table_polarity: CellValue = None,
        *,
        figures_percent: bool = False,
        target_polarity: Polarity | None = None,
    ) -> IndicatorSettings:
        named = self._named.get(name)
        if named is None:
            named = self._named[name] = name_facts(name)
        # Each cell with its type: 1, 1.0 and True are equal keys but may read differently.
        key = (named, override, type(percent_flag), percent_flag, type(table_unit), table_unit,
               type(table_polarity), table_polarity, figures_percent, target_polarity)
        settings = self._seen.get(key)
        if settings is None:
            made = _resolve_named(named, override, percent_flag=percent_flag,
                                  table_unit=table_unit, table_polarity=table_polarity,
                                  figures_percent=figures_percent,
                                  target_polarity=target_polarity)
            settings = self._seen[key] = self._shared.setdefault(made, made)
        return settings
