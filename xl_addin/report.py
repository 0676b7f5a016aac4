"""Human-readable text for refresh results: the CLI's summary, findings and change tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from xl_addin.core.vocab import ARROWS, NOT_AVAILABLE, RAG_LABEL, VERDICT_LABEL
from xl_addin.core.wording import change_text, is_missing, level_text

if TYPE_CHECKING:
    from xl_addin.core.diff import CellChange
    from xl_addin.core.findings import Finding
    from xl_addin.core.results import Results


def summary_rows(results: Results) -> list[list[str]]:
    """Ref, latest, change, arrow, verdict, 12-month average, RAG for each indicator."""
    rows = []
    for rec in results.records():
        latest = level_text(rec.current, rec.unit)
        if rec.current_month is not None and not is_missing(rec.current):
            latest = f"{latest} ({rec.current_month.label()})"
        average = level_text(rec.average, rec.unit)
        if not is_missing(rec.average) and rec.periods_used < rec.window:
            average += f" ({rec.periods_used} of {rec.window})"
        rows.append([
            rec.ref,
            latest,
            change_text(rec.change_previous, rec.unit),
            ARROWS[rec.direction_previous],
            VERDICT_LABEL.get(rec.dot_verdict, "-") if not is_missing(rec.dot_verdict) else "-",
            average,
            RAG_LABEL[rec.rag] if not is_missing(rec.rag) else NOT_AVAILABLE,
        ])
    return rows


SUMMARY_COLUMNS = ["Ref", "Latest", "Change", "Arrow", "Verdict (DoT)", "12-month avg", "RAG"]


FINDING_COLUMNS = ["Level", "Cell", "Ref", "Check", "What is wrong", "What to do"]
LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "note": "cyan"}
LEVEL_WORD = {"error": "error", "warning": "warning", "info": "note"}
"""The finding levels as the analyst reads them (the Data checks sheet says 'Note' too)."""


def finding_rows(
    findings: Sequence[Finding], refs: Mapping[tuple[str, int], str]
) -> list[list[str]]:
    """One row per finding for the terminal: the Data checks sheet's columns, cell qualified."""
    from xl_addin.core.checks import CHECK_LABELS

    return [
        [LEVEL_WORD[f.level], f.address, refs.get((f.sheet, f.row), ""),
         CHECK_LABELS.get(f.code, f.code),
         f.message, f.hint]
        for f in findings
    ]


def level_summary(findings: Sequence[Finding]) -> str:
    """'1 error, 3 warnings, 4 notes'."""
    from xl_addin.core.checks import count_levels

    counts = count_levels(findings)
    words = [(counts["error"], "error"), (counts["warning"], "warning"), (counts["info"], "note")]
    return ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in words)


def shown_value(value: Any, number_format: str | None = None) -> str:
    """A cell value for the dry-run listing: blanks as (blank), text quoted, numbers as the
    sheet shows them when the format is a percentage or points."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "(blank)"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    fmt = number_format or ""
    if " pp" in fmt:
        return f"{value:+.1f} pp"
    if "%" in fmt:
        return f"{value:+.1%}" if "+" in fmt else f"{value:.1%}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def change_rows(changes: Sequence[CellChange]) -> list[list[str]]:
    """Cell, old value, new value for each cell a refresh would change."""
    from xl_addin.core.diff import FORMULA_MARK

    return [
        [c.address,
         FORMULA_MARK if c.old_is_formula else shown_value(c.old, c.number_format),
         shown_value(c.new, c.number_format)]
        for c in changes
    ]
