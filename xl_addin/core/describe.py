"""What was read, said back: the layout as lines for `check`, and the `--json` document.

Pure: it reads a `RefreshResult` (layout with its header texts, figures, plan,
findings). The schema of the JSON document is in docs/json-output.md;
`JSON_VERSION` changes when a field is renamed or removed (adding one does not).
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Final, NotRequired, TypedDict

from .address import cell_address, column_letter, qualified_address
from .findings import Finding
from .headers import BenchmarkKind, OutputRole
from .layout import MonthColumn, TableLayout
from .periods import Month, financial_year_label
from .refresh import RefreshResult
from .results import IndicatorRecord

JSON_VERSION: Final = 1

JsonScalar = str | int | float | None


class PeriodColumnDoc(TypedDict):
    column: str
    header: str
    period: str


class PeriodsDoc(TypedDict):
    kind: str
    count: int
    first: str | None
    last: str | None
    columns: list[PeriodColumnDoc]


class DerivedDoc(TypedDict):
    role: OutputRole
    header: str
    arrow_column: str | None
    value_column: str | None
    fills: str


class TargetDoc(TypedDict):
    column: str
    header: str
    financial_year: str | None


class BenchmarkDoc(TypedDict):
    kind: BenchmarkKind
    column: str
    header: str


class HeadingDoc(TypedDict):
    row: int
    text: str


class ColumnDoc(TypedDict):
    column: str
    header: str


class LayoutDoc(TypedDict):
    sheet: str
    header_row: int
    table_cell: str
    chosen_because: str
    ref_column: str | None
    indicator_column: str | None
    keyed_by: str
    periods: PeriodsDoc
    derived: list[DerivedDoc]
    targets: list[TargetDoc]
    benchmarks: list[BenchmarkDoc]
    other_columns: dict[str, str | None]
    section_headings: list[HeadingDoc]
    left_alone: list[ColumnDoc]
    indicator_rows: int


class FindingDoc(TypedDict):
    level: str
    cell: str
    sheet: str
    row: int
    column: str
    check: str
    message: str
    hint: str


class IndicatorDoc(TypedDict):
    row: int
    cell: str
    ref: str
    name: str
    settings: dict[str, JsonScalar]
    read: dict[str, JsonScalar]
    written: dict[str, JsonScalar]


class TopicDoc(TypedDict):
    topic: str
    text: str


class ResultDoc(TypedDict):
    """The `--json` document; docs/json-output.md describes each field."""

    version: int
    command: str
    workbook: str
    reporting_period: str
    layout: LayoutDoc
    findings: list[FindingDoc]
    indicators: list[IndicatorDoc]
    written_to: NotRequired[str | None]
    """refresh only (None for --dry-run)."""
    would_change: NotRequired[int]
    """refresh --dry-run only."""
    explanation: NotRequired[list[TopicDoc]]
    """explain only."""

ROLE_FILLS: Final[dict[OutputRole, str]] = {
    "change_previous": "change from the previous period (arrow and change)",
    "change_year": "change from the same period last year (arrow and change)",
    "dot": "direction of travel (arrow)",
    "average": "12-month average",
    "maximum": "12-month maximum",
    "vs_england": "comparison with England (Better / Similar / Worse)",
    "vs_region": "comparison with the region (Better / Similar / Worse)",
    "vs_neighbours": "comparison with statistical neighbours (Better / Similar / Worse)",
    "target_variance": "difference from target",
    "target_variance_pct": "difference from target as a % of the target",
    "rag": "RAG against target (Green / Amber / Red)",
    "variation": "SPC variation (common cause / special cause improvement or concern)",
    "assurance": "SPC assurance against target (passing / failing / hit and miss)",
    "sparkline": "a native Excel sparkline over the period columns",
}
"""What a refresh writes into each kind of derived column."""


def _header(layout: TableLayout, col: int) -> str:
    return layout.header_texts.get(col, "")


def _period_header(layout: TableLayout, column: MonthColumn) -> str:
    """The header as typed; a date serial (43344) as the month it reads as."""
    text = _header(layout, column.col)
    return column.month.label() if text.replace(".", "", 1).isdigit() else text


def _col(col: int | None) -> str | None:
    return None if col is None else column_letter(col)


def layout_document(layout: TableLayout, reason: str = "") -> LayoutDoc:
    """The layout as a JSON-ready dict (columns as letters, rows 1-based)."""
    row = layout.header_row
    months = sorted(layout.months, key=lambda m: (m.month, m.col))
    return {
        "sheet": layout.sheet,
        "header_row": row + 1,
        "table_cell": layout.anchor,
        "chosen_because": reason,
        "ref_column": _col(layout.ref_col),
        "indicator_column": _col(layout.indicator_col),
        "keyed_by": "ref" if layout.ref_col is not None else "name",
        "periods": {
            "kind": layout.cadence,
            "count": len(months),
            "first": months[0].month.label() if months else None,
            "last": months[-1].month.label() if months else None,
            "columns": [{"column": column_letter(m.col), "header": _period_header(layout, m),
                         "period": m.month.iso()} for m in sorted(layout.months,
                                                                   key=lambda m: m.col)],
        },
        "derived": [
            {"role": role, "header": _header(layout, min(cols.columns)),
             "arrow_column": _col(cols.arrow_col), "value_column": _col(cols.value_col),
             "fills": ROLE_FILLS[role]}
            for role, cols in sorted(layout.outputs.items(), key=lambda i: min(i[1].columns))
        ],
        "targets": [
            {"column": column_letter(col), "header": _header(layout, col),
             "financial_year": None if year is None else financial_year_label(year)}
            for year, col in sorted(layout.targets.items(), key=lambda i: i[1])
        ],
        "benchmarks": [
            {"kind": kind, "column": column_letter(col), "header": _header(layout, col)}
            for kind, col in layout.benchmarks.items()
        ],
        "other_columns": {
            name: _col(col) for name, col in (
                ("percent_flag", layout.percent_flag_col), ("unit", layout.unit_col),
                ("polarity", layout.polarity_col), ("commentary", layout.commentary_col))
            if col is not None
        },
        "section_headings": [
            {"row": r + 1, "text": text}
            for r, text in zip(layout.headings, layout.heading_texts, strict=False)
        ],
        "left_alone": [{"column": column_letter(c), "header": _header(layout, c)}
                       for c in layout.unknown],
        "indicator_rows": len(layout.data_rows),
    }


def layout_lines(layout: TableLayout, reason: str = "") -> list[tuple[str, str]]:
    """The layout as (topic, sentence) lines, in the order `check` prints them."""
    doc = layout_document(layout, reason)
    periods = doc["periods"]
    lines = [("Table", f"{doc['table_cell']}, header row {doc['header_row']}, "
                       f"{doc['indicator_rows']} indicator rows")]
    if reason:
        lines.append(("Chosen", reason))
    keys = []
    if doc["ref_column"]:
        keys.append(f"Ref in {doc['ref_column']}")
    if doc["indicator_column"]:
        keys.append(f"indicator names in {doc['indicator_column']}")
    if not doc["ref_column"]:
        keys.append("no Ref column, so rows are keyed by name")
    lines.append(("Rows", ", ".join(keys)))
    span = [c["column"] for c in periods["columns"]]
    lines.append(("Periods", f"{periods['count']} {periods['kind']} "
                  f"({periods['first']} to {periods['last']}) in {span[0]}:{span[-1]}"
                  if periods["count"] > 1 else
                  f"one period ({periods['first']}) in {span[0]}: a snapshot"))
    for item in doc["derived"]:
        cells = "+".join(c for c in (item["arrow_column"], item["value_column"]) if c)
        lines.append(("Derived", f"{cells} {item['header']!r}: {item['fills']}"))
    for target in doc["targets"]:
        year = f" (for {target['financial_year']})" if target["financial_year"] else ""
        lines.append(("Target", f"{target['column']} {target['header']!r}{year}"))
    for bench in doc["benchmarks"]:
        lines.append(("Benchmark", f"{bench['column']} {bench['header']!r} ({bench['kind']})"))
    for name, col in doc["other_columns"].items():
        lines.append(("Column", f"{col}: {name.replace('_', ' ')}"))
    if doc["section_headings"]:
        shown = ", ".join(f"row {h['row']} {h['text']!r}" for h in doc["section_headings"][:12])
        more = len(doc["section_headings"]) - 12
        lines.append(("Headings", shown + (f" and {more} more" if more > 0 else "")
                      + " (nothing written)"))
    if doc["left_alone"]:
        shown = ", ".join(f"{c['column']} {c['header']!r}" for c in doc["left_alone"][:12])
        lines.append(("Left alone", shown + " (not recognised)"))
    return lines


def _number(value: object) -> JsonScalar:
    """A JSON-safe figure: None for missing, plain floats and text otherwise."""
    if value is None:
        return None
    if isinstance(value, Month):
        return value.label()
    if isinstance(value, float | int) and not isinstance(value, bool):
        return None if math.isnan(value) or math.isinf(value) else value
    text = str(value)
    return None if text in {"nan", "None", "<NA>"} else text


def finding_document(finding: Finding) -> FindingDoc:
    return {"level": finding.level, "cell": finding.address, "sheet": finding.sheet,
            "row": finding.row + 1, "column": column_letter(finding.col),
            "check": finding.code, "message": finding.message, "hint": finding.hint}


def _read(rec: IndicatorRecord) -> dict[str, JsonScalar]:
    """The figures read for one indicator, then its benchmarks by kind."""
    read = {"current_month": _number(rec.current_month), "current": _number(rec.current),
            "previous_month": _number(rec.previous_month), "previous": _number(rec.previous),
            "year_month": _number(rec.year_month), "year_ago": _number(rec.year_ago),
            "target": _number(rec.target), "average": _number(rec.average),
            "maximum": _number(rec.maximum)}
    read.update({kind: _number(value) for kind, value in rec.benchmarks.items()})
    return read


def _settings(rec: IndicatorRecord) -> dict[str, JsonScalar]:
    return {"unit": rec.unit, "polarity": rec.polarity, "frequency": rec.frequency,
            "threshold": _number(rec.threshold), "tolerance": _number(rec.tolerance),
            "measure": rec.measure}


def indicator_documents(result: RefreshResult) -> list[IndicatorDoc]:
    """Per indicator: where it is, its settings, the figures read and the cells written."""
    written: dict[int, dict[str, JsonScalar]] = defaultdict(dict)
    for write in result.plan.writes:
        written[write.row][cell_address(write.row, write.col)] = _number(write.value)
    layout = result.layout
    return [{"row": rec.row + 1,
             "cell": qualified_address(layout.sheet, rec.row, layout.key_col),
             "ref": rec.ref,
             "name": rec.name,
             "settings": _settings(rec),
             "read": _read(rec),
             "written": written.get(rec.row, {})}
            for rec in result.results.records()]


def result_document(result: RefreshResult, command: str,
                    workbook: str = "") -> ResultDoc:
    """The whole `--json` document of check, refresh and explain."""
    return {
        "version": JSON_VERSION,
        "command": command,
        "workbook": workbook,
        "reporting_period": result.month.label(),
        "layout": layout_document(result.layout, result.table_choice),
        "findings": [finding_document(f) for f in result.findings],
        "indicators": indicator_documents(result),
    }
