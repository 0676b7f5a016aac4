"""Per-indicator settings: polarity, unit, frequency, threshold, tolerance.

The analyst keeps them on a sheet keyed by Ref (see SETTINGS_SHEET_NAMES). Where
a row or a cell is missing, the default is inferred from the dashboard itself:
unit from the '%?' column or the indicator's wording ('Percentage of ...',
'... per 100,000'), frequency from 'per quarter' in its name, polarity neutral.
A setting that cannot be read is a warning naming its cell, never a crash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Final

from . import headers as h
from .findings import Finding
from .grid import CellValue, Grid, is_blank
from .values import parse_value
from .vocab import (
    DEFAULT_POINTS_THRESHOLD,
    DEFAULT_THRESHOLD,
    DEFAULT_TOLERANCE,
    Frequency,
    Polarity,
    Unit,
)

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
_TRUTHY: Final = frozenset({"y", "yes", "true", "%", "x", "1", "✓", "✔"})


@dataclass(frozen=True)
class IndicatorSettings:
    polarity: Polarity = "neutral"
    unit: Unit = "count"
    frequency: Frequency = "monthly"
    threshold: float | None = None
    """None: the default for the unit (10%, or one point for percentages)."""
    tolerance: float = DEFAULT_TOLERANCE

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


def _word(raw: CellValue) -> str:
    return str(raw).strip().casefold() if not is_blank(raw) else ""


def parse_polarity(raw: CellValue) -> Polarity | None:
    return _POLARITY_WORDS.get(_word(raw).rstrip("."))


def parse_unit(raw: CellValue) -> Unit | None:
    text = _word(raw)
    if text in _UNIT_WORDS:
        return _UNIT_WORDS[text]
    if text.startswith(("rate", "per ")):
        return "rate"
    return None


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


def infer_unit(name: str, percent_flag: CellValue = None) -> Unit:
    """The unit an indicator's wording implies when no setting says."""
    if not is_blank(percent_flag) and _word(percent_flag) in _TRUTHY:
        return "percent"
    text = name.casefold().strip()
    if text.startswith(("percentage", "% ", "%", "proportion")) or "(%)" in text:
        return "percent"
    if _RATE_WORDING.search(text):
        return "rate"
    return "count"


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


def _read_rows(
    grid: Grid, header_row: int, ref_col: int, cols: dict[str, int], findings: list[Finding]
) -> dict[str, SettingsOverride]:
    parsers = {
        "polarity": (parse_polarity, "Use 'higher is better', 'lower is better' or 'neutral'"),
        "unit": (parse_unit, "Use 'count', '%' or 'rate'"),
        "frequency": (parse_frequency, "Use 'monthly' or 'quarterly'"),
        "threshold": (parse_fraction, "Use a percentage such as 10%, or points such as 1pp"),
        "tolerance": (parse_fraction, "Use a percentage such as 5%"),
    }
    result: dict[str, SettingsOverride] = {}
    for row in range(header_row + 1, grid.last_row):
        ref = grid.value(row, ref_col)
        if is_blank(ref):
            continue
        values: dict[str, object] = {}
        for key, col in cols.items():
            raw = grid.value(row, col)
            if is_blank(raw):
                continue
            parser, hint = parsers[key]
            parsed = parser(raw)
            if parsed is None:
                findings.append(Finding("warning", grid.sheet, row, col,
                                        f"cannot read {key} {raw!r}; the default is used",
                                        hint, code="settings"))
            else:
                values[key] = parsed
        result[str(ref).strip()] = SettingsOverride(**values)  # type: ignore[arg-type]
    return result


def resolve(
    name: str,
    override: SettingsOverride | None,
    percent_flag: CellValue = None,
    table_unit: CellValue = None,
    table_polarity: CellValue = None,
) -> IndicatorSettings:
    """Settings for one indicator: the sheet first, then the table's columns, then wording."""
    base = IndicatorSettings(
        polarity=parse_polarity(table_polarity) or "neutral",
        unit=parse_unit(table_unit) or infer_unit(name, percent_flag),
        frequency=infer_frequency(name),
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
    )


class SettingsResolver:
    """`resolve`, remembered: each distinct cell content is parsed once, each distinct name
    inferred from once, and each distinct result built once and shared between rows.

    A dashboard has thousands of indicators but a handful of units, polarities and
    frequencies, so this is `resolve` at a fraction of the cost; it returns exactly
    what `resolve` would (tests/core/test_settings.py checks that on random input).
    """

    def __init__(self) -> None:
        self._polarity: dict[tuple[type, CellValue], Polarity] = {}
        self._unit: dict[tuple[type, CellValue], Unit | None] = {}
        self._flag: dict[tuple[type, CellValue], bool] = {}
        self._name: dict[str, tuple[Unit, Frequency]] = {}
        self._settings: dict[tuple[Polarity, Unit, Frequency, SettingsOverride | None],
                             IndicatorSettings] = {}

    def __call__(
        self,
        name: str,
        override: SettingsOverride | None,
        percent_flag: CellValue = None,
        table_unit: CellValue = None,
        table_polarity: CellValue = None,
    ) -> IndicatorSettings:
        key = (type(table_polarity), table_polarity)
        polarity = self._polarity.get(key)
        if polarity is None:
            polarity = self._polarity[key] = parse_polarity(table_polarity) or "neutral"
        from_name = self._name.get(name)
        if from_name is None:
            from_name = self._name[name] = (infer_unit(name), infer_frequency(name))
        key = (type(table_unit), table_unit)
        if key in self._unit:
            unit = self._unit[key]
        else:
            unit = self._unit[key] = parse_unit(table_unit)
        if unit is None:
            key = (type(percent_flag), percent_flag)
            flagged = self._flag.get(key)
            if flagged is None:
                flagged = self._flag[key] = infer_unit("", percent_flag) == "percent"
            unit = "percent" if flagged else from_name[0]
        wanted = (polarity, unit, from_name[1], override)
        settings = self._settings.get(wanted)
        if settings is None:
            settings = self._settings[wanted] = resolve(
                name, override, table_unit=unit, table_polarity=polarity)
        return settings
