"""How one indicator's derived figures came out, in words an analyst can repeat at the board.

    Change from previous period: Aug-20 280 against Jul-20 339: -17%, beyond the
    10% band, so ▼. Higher is better, so that is Negative.

Pure: it reads a `RefreshResult` (the computed row and the layout), so the CLI and
the ribbon can both show it. Each sentence follows the rule in rules.py it explains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from . import rules
from .address import cell_address, qualified_address
from .checks import BENCHMARK_LABEL
from .errors import XlAddinError
from .periods import PERIOD_WORD, Period, financial_year_label
from .refresh import RefreshResult
from .results import IndicatorRecord
from .spc_explain import spc_lines
from .vocab import (
    ARROWS,
    COMPARISON_LABEL,
    MEASURE_LABEL,
    RAG_LABEL,
    VERDICT_LABEL,
    Direction,
    Polarity,
    Unit,
    Verdict,
)
from .wording import (
    band_text,
    change_text,
    difference_text,
    exact_change_text,
    is_missing,
    level_text,
    rounding_hides_band,
)

_UNIT_WORDS: Final[dict[Unit, str]] = {
    "count": "a count (changes as %)",
    "rate": "a rate (changes as %)",
    "percent": "a percentage (changes in percentage points)",
}
_POLARITY_WORDS: Final[dict[Polarity, str]] = {
    "higher": "higher is better",
    "lower": "lower is better",
    "neutral": "no polarity set (no judgement)",
}


class UnknownRefError(XlAddinError):
    """No indicator has the Ref asked for."""


@dataclass(frozen=True)
class Explanation:
    ref: str
    name: str
    address: str
    """The Ref cell, sheet-qualified."""
    lines: tuple[tuple[str, str], ...]
    """(topic, sentence) pairs in reading order."""
    row: int = -1
    """The indicator's row (0-based)."""

    def text(self) -> str:
        head = (f"{self.ref}: {self.name} ({self.address})" if self.ref and self.name
                else f"{self.ref or self.name} ({self.address})")
        return "\n".join([head, *(f"{topic}: {sentence}" for topic, sentence in self.lines)])


def _row_number(text: str) -> int | None:
    """'12' or 'row 12' as a 0-based row; None when the text is not a row number."""
    match = re.fullmatch(r"(?:row\s*)?(\d{1,7})", text)
    return int(match.group(1)) - 1 if match else None


def find_row(result: RefreshResult, ref: str) -> IndicatorRecord:
    """The results row asked for: its Ref or its name (case does not matter), then a
    sheet row number ('12', 'row 12'), then an unambiguous part of a name."""
    wanted = ref.strip().casefold()
    records = list(result.results.records())
    for by_ref in (True, False):
        for rec in records:
            if (rec.ref if by_ref else rec.name).strip().casefold() == wanted:
                return rec
    row = _row_number(wanted)
    if row is not None:
        for rec in records:
            if rec.row == row:
                return rec
    partial = [rec for rec in records if wanted and wanted in rec.name.casefold()]
    if len(partial) == 1:
        return partial[0]
    sheet = result.layout.sheet
    if len(partial) > 1:
        listed = "; ".join(f"row {int(r.row) + 1} {str(r.name)!r}" for r in partial[:8])
        raise UnknownRefError(
            f"{ref!r} is part of {len(partial)} indicator names on {sheet!r}.",
            hint=f"Give more of the name, its Ref or its row number: {listed}.")
    available = ", ".join(str(r) for r in result.results["ref"][:50])
    raise UnknownRefError(f"no indicator with Ref or name {ref!r} on {sheet!r}.",
                          hint=f"Give a Ref, a name, part of a name or a row number; "
                               f"Refs available: {available}.")


def _verdict_sentence(verdict: Verdict | None, polarity: Polarity) -> str:
    if polarity == "neutral" or verdict is None:
        return ""
    return f" {_POLARITY_WORDS[polarity].capitalize()}, so that is {VERDICT_LABEL[verdict]}."


def _change_text(change: float, threshold: float, unit: Unit) -> str:
    """The change as the sheet shows it ('-17%'), and to one decimal where the sheet's
    rounding hides which side of the band it falls ('-10% (-9.6%)')."""
    text = change_text(change, unit)
    if rounding_hides_band(change, threshold, unit):
        text += f" ({exact_change_text(change, unit)})"
    return text


def _where(change: float, direction: Direction, threshold: float, unit: Unit) -> str:
    band = band_text(threshold, unit)
    if direction == "flat":
        return f"within the {band} band"
    # The same slack as rules.direction, so 'exactly at' is what the rule counted as at.
    if abs(abs(change) - threshold) <= rules.BOUNDARY_EPS * threshold:
        return f"exactly at the {band} band, which counts as a change"
    return f"beyond the {band} band"


def change_sentence(
    current_month: Period, current: float, *, other_month: Period, other: float,
    change: float, direction: Direction, threshold: float, unit: Unit, on_sheet: bool = True,
) -> str:
    """'Aug-20 280 against Jul-20 339: -17%, beyond the 10% band, so ▼.'"""
    if is_missing(current):
        return f"{current_month.label()} has no figure, so the change is n/a and the arrow •."
    if not on_sheet:
        return (f"{other_month.label()} is not on the sheet, so the change is n/a and the "
                "arrow •.")
    if is_missing(other):
        return f"{other_month.label()} has no figure, so the change is n/a and the arrow •."
    if is_missing(change):
        return (f"{other_month.label()} is 0, so a % change cannot be worked out: "
                "n/a and the arrow •.")
    return (f"{current_month.label()} {level_text(current, unit)} against "
            f"{other_month.label()} {level_text(other, unit)}: "
            f"{_change_text(change, threshold, unit)}, "
            f"{_where(change, direction, threshold, unit)}, so {ARROWS[direction]}.")


_TABLE_FREQUENCY: Final = {"quarter": "quarterly (the table's columns are quarters)",
                            "year": "yearly (the table's columns are financial years)",
                            "week": "weekly (the table's columns are weeks)"}


def _dot_verdict(rec: IndicatorRecord) -> str:
    if rec.dot_basis is None:
        return ""
    if rec.dot_verdict is None:
        return " No polarity is set, so no verdict."
    return f" Verdict: {VERDICT_LABEL[rec.dot_verdict]}."


def _measure_words(rec: IndicatorRecord) -> str:
    return "" if rec.measure == "period" else f", {MEASURE_LABEL[rec.measure]}"


def _running_sentence(rec: IndicatorRecord, period: str) -> str:
    """Why a cumulative, year-to-date or rolling figure has no previous-period change."""
    measure = rec.measure
    if measure == "period":
        return ""
    return (f"it is a {MEASURE_LABEL[measure]} figure, so each {period} includes the one "
            f"before; it is compared only with the same {period} last year, and this change "
            "is n/a and the arrow •.")


def _dot_sentence(rec: IndicatorRecord, period: str) -> str:
    arrow = ARROWS[rec.dot_direction]
    if rec.dot_basis == "year":
        text = f"from the change on the same {period} last year, so {arrow}."
    elif rec.dot_basis == "previous":
        text = (f"the same {period} last year has no figure, so it follows the change on the "
                f"previous {period}: {arrow}.")
    else:
        return "neither change can be worked out, so •."
    if rec.dot_verdict is None:
        return text + " No polarity is set, so no verdict."
    return text + f" Verdict: {VERDICT_LABEL[rec.dot_verdict]}."


def _window_text(rec: IndicatorRecord, current_month: Period, period: str) -> str:
    start = current_month.shift(-(rec.window - 1) * rec.step)
    used, window = rec.periods_used, rec.window
    text = f"{used} of the {window} {period}s {start.label()} to {current_month.label()}"
    if used < window:
        text += " (fewer than a full year, so the sheet marks it *; missing ones are left out)"
    return text


def _target_lines(result: RefreshResult, rec: IndicatorRecord, current_month: Period) -> (
    list[str]
):
    if not result.layout.targets:
        return []
    dated = rec.target_year in result.layout.targets
    label = f"the {financial_year_label(rec.target_year)} target" if dated else "the target"
    unit = rec.unit
    if is_missing(rec.target):
        return [f"there is no figure for {label}, so no variance and no RAG."]
    if is_missing(rec.current):
        return [f"{label} is {level_text(rec.target, unit)}, but {current_month.label()} has "
                "no figure, so no variance and no RAG."]
    side = "above" if rec.variance > 0 else "below" if rec.variance < 0 else "exactly on"
    pct = "" if is_missing(rec.variance_pct) else f" ({change_text(rec.variance_pct, 'count')})"
    first = (f"{current_month.label()} {level_text(rec.current, unit)} against {label} "
             f"{level_text(rec.target, unit)}: {difference_text(rec.variance, unit)} {side}"
             f"{pct}." if side != "exactly on" else
             f"{current_month.label()} {level_text(rec.current, unit)} is exactly on "
             f"{label}.")
    if rec.rag is None:
        return [first + " No polarity is set, so no RAG."]
    tolerance = f"{rec.tolerance * 100:g}%"
    if rec.rag == "green":
        rag = f"{_POLARITY_WORDS[rec.polarity].capitalize()}, so the target is met: Green."
    else:
        short = abs(rec.variance)
        share = short / abs(rec.target) if rec.target else float("nan")
        within = "within" if rec.rag == "amber" else "beyond"
        rag = (f"{_POLARITY_WORDS[rec.polarity].capitalize()}, so it is short by "
               f"{difference_text(short, unit)} ({share:.1%} of the target), {within} the "
               f"{tolerance} tolerance: {RAG_LABEL[rec.rag]}.")
    return [f"{first} {rag}"]


def _benchmark_lines(result: RefreshResult, rec: IndicatorRecord, current_month: Period) -> (
    list[tuple[str, str]]
):
    lines = []
    empty = []
    for kind in result.layout.benchmarks:
        header = result.layout.benchmark_headers.get(kind, kind)
        bench = rec.benchmarks[kind]
        topic = f"Against {BENCHMARK_LABEL[kind]}"
        if is_missing(bench):
            empty.append(f"'{header}'")
            continue
        if is_missing(rec.current):
            lines.append((topic, f"{current_month.label()} has no figure, so no comparison."))
            continue
        change = float(rules.change(rec.current, bench, rec.unit))
        if is_missing(change):
            lines.append((topic, "the benchmark is 0, so no % comparison."))
            continue
        direction: Direction = rules.direction(change, rec.threshold).item()
        verdict = rec.versus[kind]
        judged = ("no polarity is set, so no judgement" if verdict is None
                  else COMPARISON_LABEL[verdict])
        lines.append((topic, f"'{header}' {level_text(bench, rec.unit)}; "
                      f"{current_month.label()} {level_text(rec.current, rec.unit)} is "
                      f"{_change_text(change, rec.threshold, rec.unit)} against it, "
                      f"{_where(change, direction, rec.threshold, rec.unit)}: {judged}."))
    if empty:
        lines.append(("Benchmarks", f"no figure under {', '.join(empty)}, so no comparison."))
    return lines


def explain(result: RefreshResult, ref: str) -> Explanation:
    """The narrative for one indicator of a computed refresh."""
    rec = find_row(result, ref)
    unit, polarity = rec.unit, rec.polarity
    kind = result.data.kind
    # Quarterly rows of a monthly table; a table of quarter columns is quarterly anyway.
    quarterly = rec.step == 3
    period = "quarter" if quarterly else PERIOD_WORD[kind]
    current_month: Period = rec.current_month or result.month
    step = rec.step
    lag = result.data.year_lag
    band = band_text(rec.threshold, unit)
    lines: list[tuple[str, str]] = [
        ("Settings", f"{_UNIT_WORDS[unit]}, {_POLARITY_WORDS[polarity]}, "
                     f"{rec.frequency if kind == 'month' else _TABLE_FREQUENCY[kind]}"
                     f"{_measure_words(rec)}; "
                     f"an arrow needs a change of at least {band}; amber is within "
                     f"{rec.tolerance * 100:g}% of target."),
        ("Periods", _periods_sentence(result, rec, current_month)),
        *_header_notes(result, current_month),
        (f"Change from previous {period}", _running_sentence(rec, period) or (
            change_sentence(
                current_month, rec.current,
                other_month=rec.previous_month or current_month.shift(-step),
                on_sheet=rec.previous_month is not None, other=rec.previous,
                change=rec.change_previous, direction=rec.direction_previous,
                threshold=rec.threshold, unit=unit)
            + _verdict_sentence(rec.verdict_previous, polarity))),
        (f"Change from same {period} last year", change_sentence(
            current_month, rec.current,
            other_month=rec.year_month or current_month.shift(-(lag or 0)),
            on_sheet=rec.year_month is not None, other=rec.year_ago,
            change=rec.change_year, direction=rec.direction_year, threshold=rec.threshold,
            unit=unit)
         + _verdict_sentence(rec.verdict_year, polarity)) if lag is not None else
        ("Change from same period last year",
         "a table of financial years has no same period last year, so n/a."),
        ("Direction of travel", _dot_sentence(rec, period) if lag is not None else
         f"a table of financial years compares with the previous year: "
         f"{ARROWS[rec.dot_direction]}." + _dot_verdict(rec)),
    ]
    if lag is None:
        lines.append(("12-month average and maximum",
                      "a table of financial years has no 12-month figures, so n/a."))
    elif is_missing(rec.average):
        lines.append(("12-month average and maximum",
                      f"no figures in the 12 months to {current_month.label()}, so n/a."))
    else:
        window = _window_text(rec, current_month, period)
        lines.append(("12-month average", f"{level_text(rec.average, unit)} from {window}."))
        lines.append(("12-month maximum", f"{level_text(rec.maximum, unit)}."))
    lines += [("Target", text) for text in _target_lines(result, rec, current_month)]
    lines += _benchmark_lines(result, rec, current_month)
    lines += spc_lines(result, rec)
    sheet = result.layout.sheet
    for f in result.findings:
        if f.sheet == sheet and f.row == rec.row:
            lines.append(("Check", f"{f.level} at {f.address}: {f.message}. {f.hint}".strip()))
    # Without a Ref column the name is the key: it is said once, not as 'name: name'.
    ref = rec.ref if result.layout.ref_col is not None else ""
    return Explanation(ref, rec.name, qualified_address(sheet, rec.row, result.layout.key_col),
                       tuple(lines), rec.row)


def _header_notes(result: RefreshResult, current: Period) -> list[tuple[str, str]]:
    """A 'provisional' or 'revised' mark on the current period's header, and the
    outturn columns beside the series."""
    notes: list[tuple[str, str]] = []
    for column in result.layout.months:
        if column.month == current and column.note is not None:
            said = "marked *" if column.note == "marked" else column.note
            notes.append(("Note", f"the {current.label()} header says {said} "
                                  f"({cell_address(result.layout.header_row, column.col)})."))
    if result.layout.outturns:
        shown = ", ".join(f"{o.month.label()} ({cell_address(result.layout.header_row, o.col)})"
                          for o in result.layout.outturns)
        notes.append(("Outturns", f"{shown}: shown, not a step in the series."))
    return notes


def _periods_sentence(result: RefreshResult, rec: IndicatorRecord, current: Period) -> str:
    def label(month: Period | None, back: int | None) -> str:
        if back is None:
            return "none (a yearly table)"
        return month.label() if month is not None else (
            f"{current.shift(-back).label()} (not on the sheet)")

    word, shown = PERIOD_WORD[result.data.kind], result.month.label()
    # 'reporting Week 20-Jul-20', not 'reporting week Week 20-Jul-20'
    text = f"reporting {shown}" if shown.lower().startswith(word) else f"reporting {word} {shown}"
    if rec.step == 3:
        text += (f"; quarterly, so the current period is {current.label()} (the quarter month "
                 "with its latest figure)")
    return (text + f"; previous period {label(rec.previous_month, rec.step)}; same period last "
            f"year {label(rec.year_month, result.data.year_lag)}.")
