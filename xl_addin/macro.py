"""The ribbon button: refresh the workbook the user has open in Excel.

The xlwings ribbon add-in runs `import xl_addin; xl_addin.main()`. This runs the
same pipeline as `xl-addin refresh` (service.refresh_workbook) over the live
book, with screen updating off and the calculation mode restored afterwards,
even on error. Errors reach the user as a message box, never as a traceback;
unexpected ones are logged with their traceback to `log_path()`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Final, Literal, TypeVar

import xlwings as xw

from xl_addin.adapters.xlwings_book import XlwingsBook
from xl_addin.bug_log import log_path
from xl_addin.core.add_month import AddMonthPlan, ColumnState
from xl_addin.core.address import column_letter
from xl_addin.core.errors import XlAddinError
from xl_addin.core.periods import Month
from xl_addin.core.refresh import RefreshResult
from xl_addin.core.sheets import TableSelector
from xl_addin.service import add_month as add_month_to_book
from xl_addin.service import paused_gc, refresh_workbook

TITLE: Final = "Early Help dashboard"
MAX_LISTED_FINDINGS: Final = 8

log = logging.getLogger("xl_addin.macro")
T = TypeVar("T")


@dataclass(frozen=True)
class Message:
    text: str
    mode: Literal["info", "critical"] = "info"


def main() -> None:
    """Entry point of the ribbon button (`RibbonMyAddin.RunMain`)."""
    _log_to_file()
    refresh_in_excel(xw.Book.caller())


def _run_in_excel(book: xw.Book, action: str, work: Callable[[XlwingsBook], T],
                  tell: Callable[[T], Message]) -> T | None:
    """Run `work` on the live book with Excel kept quiet, then tell the user how it went
    in a message box: the outcome, the error's reason and hint, or where the log is.
    The one place the ribbon's errors are translated; None when it failed."""
    outcome: T | None = None
    try:
        with quiet_excel(book.app), paused_gc():
            outcome = work(XlwingsBook(book))
        message = tell(outcome)
    except XlAddinError as error:
        message = Message(f"{error.message}\n\n{error.hint}".strip(), "critical")
    except Exception:
        log.exception("%s of %r failed", action, book.name)
        message = Message(
            f"Something unexpected went wrong while {action}, and nothing more was "
            f"changed.\n\nPlease send the log file to the performance team: {log_path()}",
            "critical",
        )
    book.app.alert(message.text, title=TITLE, mode=message.mode)
    return outcome


def active_table(book: xw.Book) -> TableSelector:
    """The ribbon takes the table on the active sheet when it holds one (else the rule)."""
    try:
        name = str(book.sheets.active.name)
    except Exception:  # an engine that cannot say which sheet is active: the rule decides
        return TableSelector()
    return TableSelector(prefer_sheet=name)


def refresh_in_excel(book: xw.Book, month: Month | None = None) -> RefreshResult | None:
    """Refresh `book` and tell the user how it went; None when it failed."""
    # Formats the last refresh set are not sent again: each is a call into Excel.
    table = active_table(book)
    return _run_in_excel(book, "refreshing",
                         lambda live: refresh_workbook(live, month, skip_known_formats=True,
                                                       table=table),
                         summary)


def add_month(force: bool = False) -> None:
    """Entry point of the 'Add month' ribbon button (`xl_addin.add_month()`); with
    `force=True` a month is added even when the latest month's column is still empty."""
    _log_to_file()
    add_month_in_excel(xw.Book.caller(), force=force)


def add_month_in_excel(book: xw.Book, month: Month | None = None,
                       columns: ColumnState | None = None, *,
                       force: bool = False) -> AddMonthPlan | None:
    """Insert the next month's column in `book` and tell the user; None when it failed.

    `columns` stands in for the hidden-column state where the engine cannot read it.
    """
    table = active_table(book)
    return _run_in_excel(book, "adding the month",
                         lambda live: add_month_to_book(live, month, columns, table,
                                                        force=force),
                         added)


def added(plan: AddMonthPlan) -> Message:
    lines = [f"Added {plan.month.label()} in column {plan.column} of '{plan.sheet}', "
             f"formatted like {plan.latest.label()}. Type its figures, then Refresh."]
    if plan.hide_col is not None:
        lines.append(f"Hid column {column_letter(plan.hide_col)} (the oldest visible month) "
                     f"so {plan.visible_months} months still show.")
    else:
        lines.append("This Excel cannot say which months are hidden, so none was hidden: "
                     "hide the oldest month yourself to keep the same view.")
    return Message("\n".join(lines))


def summary(result: RefreshResult) -> Message:
    lines = [f"Refreshed {len(result.plan)} cells for {result.month.label()} "
             f"({len(result.results)} indicators on '{result.layout.sheet}')."]
    if result.tables_found > 1:
        lines.append(f"Table: {result.table_choice}")
    findings = list(result.findings)
    if findings:
        lines.append("")
        lines += [f"- {f}" for f in findings[:MAX_LISTED_FINDINGS]]
        if len(findings) > MAX_LISTED_FINDINGS:
            lines.append(f"... and {len(findings) - MAX_LISTED_FINDINGS} more.")
    return Message("\n".join(lines))


@contextmanager
def quiet_excel(app: xw.App) -> Iterator[None]:
    """Screen updating off and calculation manual while writing; both restored."""
    screen: bool = True
    with suppress(NotImplementedError):  # the remote engine cannot read it back
        screen = app.screen_updating
    calculation: str | None = None
    with suppress(NotImplementedError):
        calculation = app.calculation
    app.screen_updating = False
    try:
        if calculation is not None and calculation != "manual":
            app.calculation = "manual"
        yield
    finally:
        try:
            if calculation is not None and calculation != "manual":
                app.calculation = calculation
        finally:
            app.screen_updating = screen


def _log_to_file() -> None:
    path = log_path()
    root = logging.getLogger("xl_addin")
    for handler in [h for h in root.handlers if isinstance(h, logging.FileHandler)]:
        if handler.baseFilename == str(path.absolute()):
            return
        root.removeHandler(handler)  # the home folder changed (tests do that)
        handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        file_handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return  # no log file is better than no refresh
    file_handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(file_handler)
    root.setLevel(logging.INFO)
