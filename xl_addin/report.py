"""What the command line prints: the summary, the findings, the dry run's changes.

Text first (rows of strings, built from core/wording.py so a figure reads as the sheet
shows it), then printing through rich, in one place, with three rules:

- No markup: the consoles are made with markup off and every piece is printed as
  plain text, so a path or a cell holding '[shared]', '\\[' or '[/]' prints as it is.
- Any encoding: where the output cannot encode the arrows (a Windows console or a
  file in cp1252, PYTHONIOENCODING=ascii) they print as words ('up', 'down'), and any
  other character the encoding lacks as '?'; printing never raises.
- Width: boxed tables only on a terminal at least WIDE_TERMINAL columns wide; on a
  narrower one, or into a file or a pipe, plain aligned columns, and each finding as a
  block of lines.
"""

from __future__ import annotations

import codecs
import contextlib
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from xl_addin.core.vocab import ARROWS, NOT_AVAILABLE, RAG_LABEL, VERDICT_LABEL
from xl_addin.core.wording import change_text, excel_text, general_text, is_missing, level_text

if TYPE_CHECKING:
    from rich.console import Console

    from xl_addin.core.diff import CellChange, ChangeCount
    from xl_addin.core.explain import Explanation
    from xl_addin.core.findings import Finding
    from xl_addin.core.periods import Period
    from xl_addin.core.results import Results

WIDE_TERMINAL: Final = 100
"""Columns from which tables are boxed and findings tabled; below, plain text."""
PLAIN_TABLE_ABOVE: Final = 50
"""Rows beyond which a table is printed as aligned plain text: rich's boxed tables take
seconds for thousands of rows (docs/output.md)."""

ARROW_WORDS: Final = {ARROWS["up"]: "up", ARROWS["down"]: "down", ARROWS["flat"]: "flat",
                      ARROWS["unknown"]: "-"}
"""The arrows in words, for an output that cannot show them."""


# -- text --------------------------------------------------------------------------

def summary_rows(results: Results, month: Period | None = None) -> list[list[str]]:
    """One row per indicator, each verdict beside the comparison it comes from:
    Ref, latest, vs previous period, vs same period last year, DoT, 12-month average, RAG.

    The latest figure names its period when it is not the reporting period `month`."""
    rows = []
    for rec in results.records():
        latest = level_text(rec.current, rec.unit)
        if (rec.current_month is not None and not is_missing(rec.current)
                and rec.current_month != month):
            latest = f"{latest} ({rec.current_month.label()})"
        average = level_text(rec.average, rec.unit)
        if not is_missing(rec.average) and rec.periods_used < rec.window:
            average += f" ({rec.periods_used} of {rec.window})"
        rows.append([
            rec.ref,
            latest,
            f"{ARROWS[rec.direction_previous]} {change_text(rec.change_previous, rec.unit)}",
            f"{ARROWS[rec.direction_year]} {change_text(rec.change_year, rec.unit)}",
            _dot_text(rec),
            average,
            RAG_LABEL[rec.rag] if rec.rag is not None else NOT_AVAILABLE,
        ])
    return rows


def _dot_text(rec: Any) -> str:
    """'▲ Positive'; '(prev.)' when it follows the previous period (no figure a year ago)."""
    arrow = ARROWS[rec.dot_direction]
    if rec.dot_basis not in ("year", "previous"):
        return arrow
    text = arrow if is_missing(rec.dot_verdict) else f"{arrow} {VERDICT_LABEL[rec.dot_verdict]}"
    return text + " (prev.)" if rec.dot_basis == "previous" else text


SUMMARY_COLUMNS: Final = ["Ref", "Latest", "vs prev. period", "vs last year", "DoT",
                          "12-month avg", "RAG"]


FINDING_COLUMNS: Final = ["Level", "Cell", "Ref", "Check", "What is wrong", "What to do"]
LEVEL_STYLE: Final = {"error": "bold red", "warning": "yellow", "note": "cyan"}
LEVEL_WORD: Final = {"error": "error", "warning": "warning", "info": "note"}
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
    """A cell value as Excel shows it: text as it is, numbers in `number_format` (the
    format the refresh gives the cell), an empty cell as (blank)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "(blank)"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).upper()  # Excel's TRUE / FALSE
    if not isinstance(value, int | float):
        return str(value)
    return excel_text(float(value), number_format) or general_text(float(value))


def change_rows(changes: Sequence[CellChange]) -> list[list[str]]:
    """Cell, old value, new value for each cell a refresh would change."""
    from xl_addin.core.diff import FORMULA_MARK

    return [
        [c.address,
         FORMULA_MARK if c.old_is_formula else shown_value(c.old, c.number_format),
         shown_value(c.new, c.number_format)]
        for c in changes
    ]


def _cells(n: int) -> str:
    return f"{n:,} cell{'' if n == 1 else 's'}"


def count_text(count: ChangeCount) -> str:
    """'90 of the 90 derived cells on 'Early Help' and 67 cells of the 'Data checks'
    sheet': what `--dry-run` says would change and the refresh says changed."""
    from xl_addin.core.sheets import DATA_CHECKS_SHEET

    return (f"{count.changed:,} of the {_cells(count.derived)} the refresh fills on "
            f"'{count.dashboard}' and {_cells(count.checks)} of the '{DATA_CHECKS_SHEET}' sheet")


# -- printing ----------------------------------------------------------------------

def use_replacement_characters() -> None:
    """Let stdout and stderr write '?' for a character their encoding lacks, rather
    than raise UnicodeEncodeError (after the workbook was written)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # a closed or detached stream: there is nothing to print to anyway
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def can_encode(text: str, encoding: str) -> bool:
    try:
        codecs.encode(text, encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def for_output(console: Console) -> Callable[[str], str]:
    """A function that makes text printable on `console`: the arrows as words when its
    encoding cannot show them (cp1252, ascii); everything else unchanged."""
    if can_encode("".join(ARROW_WORDS), console.encoding):
        return str

    def words(text: str) -> str:
        for arrow, word in ARROW_WORDS.items():
            text = text.replace(arrow, word)
        return text

    return words


def is_wide(console: Console) -> bool:
    """A terminal at least WIDE_TERMINAL columns wide (not a file, a pipe or a narrow
    window), where boxed tables fit."""
    return console.is_terminal and console.width >= WIDE_TERMINAL


def print_line(console: Console, text: str, style: str | None = None) -> None:
    """One line of plain text: no markup, no highlighting, arrows as words if need be."""
    from rich.text import Text

    console.print(Text(for_output(console)(text), style=style or ""), soft_wrap=True)


def _plain_table(console: Console, title: str, columns: list[str],
                 rows: list[list[str]]) -> None:
    from rich.cells import cell_len
    from rich.text import Text

    widths = [max([cell_len(name), *(cell_len(row[k]) for row in rows)])
              for k, name in enumerate(columns)]

    def line(cells: list[str]) -> str:
        return "  ".join(text + " " * (width - cell_len(text))
                         for text, width in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * width for width in widths)
    console.print(Text("\n".join([title, line(columns), rule, *map(line, rows)])),
                  soft_wrap=True)


def print_table(console: Console, title: str, columns: list[str], rows: list[list[str]],
                style: Callable[[list[str]], str] | None = None) -> None:
    """A boxed table on a wide terminal; aligned plain columns otherwise, or past
    PLAIN_TABLE_ABOVE rows."""
    from rich.table import Table
    from rich.text import Text

    fit = for_output(console)
    title = fit(title)
    rows = [[fit(cell) for cell in row] for row in rows]
    if len(rows) > PLAIN_TABLE_ABOVE or not is_wide(console):
        _plain_table(console, title, columns, rows)
        return
    table = Table(title=Text(title), title_justify="left")
    for name in columns:
        table.add_column(Text(name), overflow="fold")
    for row in rows:
        table.add_row(*map(Text, row), style=style(row) if style else None)
    console.print(table)


def _finding_block(console: Console, row: list[str]) -> None:
    """One finding as lines: level, cell, Ref and check; then what is wrong and what to
    do, indented (wrapped to the terminal's width on a terminal, whole in a file)."""
    level, cell, ref, check, message, hint = row
    head = "  ".join(part for part in (level, cell, ref, check) if part)
    print_line(console, head, LEVEL_STYLE.get(level))
    for text in (message, f"What to do: {hint}" if hint else ""):
        if not text:
            continue
        print_line(console, textwrap.fill(
            text, width=max(console.width, 40), initial_indent="  ", subsequent_indent="    ",
            break_on_hyphens=False) if console.is_terminal else "  " + text)


def print_findings(console: Console, findings: Sequence[Finding],
                   refs: Mapping[tuple[str, int], str], title: str) -> None:
    """The findings as a table on a wide terminal, else one block each; then the counts."""
    if findings:
        rows = finding_rows(findings, refs)
        if is_wide(console) and len(rows) <= PLAIN_TABLE_ABOVE:
            print_table(console, title, FINDING_COLUMNS, rows,
                        style=lambda row: LEVEL_STYLE.get(row[0], ""))
        else:
            print_line(console, title, "bold")
            for row in rows:
                _finding_block(console, row)
    print_line(console, f"Data checks: {level_summary(findings)}")


def print_changes(console: Console, count: ChangeCount, changes: Sequence[CellChange]) -> None:
    """The dry run: the count, in the refresh's words, then each cell: old and new."""
    if not changes:
        print_line(console, "Nothing would change (dry run: nothing written).")
        return
    print_table(console, f"Would change {count_text(count)} (dry run: nothing written)",
                ["Cell", "Old", "New"], change_rows(changes))


def print_topics(console: Console, lines: Sequence[tuple[str, str]], indent: str = "") -> None:
    """'Topic: sentence' lines, the topic in bold (explain, check's layout)."""
    from rich.text import Text

    fit = for_output(console)
    for topic, sentence in lines:
        console.print(Text.assemble(indent, (fit(topic), "bold"), fit(f": {sentence}")),
                      soft_wrap=not console.is_terminal)


def print_explanation(console: Console, explanation: Explanation) -> None:
    """The indicator (its Ref in bold, when the table has Refs), then each topic."""
    from rich.text import Text

    fit = for_output(console)
    key = (fit(explanation.ref), "bold") if explanation.ref else ""
    head = Text.assemble(key, ": " if explanation.ref else "",
                         fit(f"{explanation.name} ({explanation.address})"))
    console.print(head, soft_wrap=True)
    print_topics(console, explanation.lines)
