"""The ribbon button: refresh the workbook the user has open in Excel.

The xlwings ribbon add-in runs `import xl_addin; xl_addin.main()`. This runs the
same pipeline as `xl-addin refresh` (service.refresh_and_count) over the live
book, with screen updating off and the calculation mode restored afterwards,
even on error. Every failure reaches the user as a message box, never as a
traceback, finding the calling book (`xw.Book.caller()`) and showing the box
included: when Excel cannot show it, ribbon_errors does. Unexpected errors are
logged with their traceback to `log_path()`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal, TypeVar

import xlwings as xw

from xl_addin.adapters.xlwings_book import XlwingsBook
from xl_addin.core.add_month import AddMonthPlan, ColumnState
from xl_addin.core.address import column_letter
from xl_addin.core.diff import ChangeCount
from xl_addin.core.errors import XlAddinError
from xl_addin.core.periods import Month
from xl_addin.core.refresh import RefreshResult
from xl_addin.core.sheets import TableSelector
from xl_addin.core.sparklines import drawn_text
from xl_addin.report import count_text
from xl_addin.ribbon_errors import (
    TITLE,
    apple_events_refused,
    caller_message,
    log_path,
    log_to_file,
    tell_without_excel,
)
from xl_addin.service import add_month as add_month_to_book
from xl_addin.service import paused_gc, refresh_and_count

if TYPE_CHECKING:
    from xl_addin.board_pack.workbook import PackWritten

MAX_LISTED_FINDINGS: Final = 8

log = logging.getLogger("xl_addin.macro")
T = TypeVar("T")

__all__ = ["TITLE", "add_month", "add_month_in_excel", "board_pack", "board_pack_in_excel",
           "log_path", "main", "refresh_in_excel"]


@dataclass(frozen=True)
class Message:
    text: str
    mode: Literal["info", "critical"] = "info"


def main() -> None:
    """Entry point of the ribbon button (`RibbonMyAddin.RunMain`)."""
    log_to_file()
    refresh_in_excel(calling_book())


def calling_book() -> xw.Book:
    """The workbook Excel called us from; when xlwings cannot reach it, the reason is
    shown without Excel's help and Python exits (ribbon_errors.tell_without_excel)."""
    try:
        return xw.Book.caller()
    except Exception as error:
        log.exception("xw.Book.caller() failed")
        tell_without_excel(caller_message(error), refused=apple_events_refused(error))


def _book_name(book: xw.Book) -> str:
    try:
        return str(book.name)
    except Exception:  # Excel gone or busy: the log line must not fail
        return "the calling workbook"


def _show(book: xw.Book, message: Message) -> None:
    try:
        book.app.alert(message.text, title=TITLE, mode=message.mode)
    except Exception as error:
        log.exception("the message box could not be shown")
        tell_without_excel(message.text, refused=apple_events_refused(error))


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
    except Exception as error:  # a bug of ours (or Excel gone): the traceback to the log
        log.exception("%s of %r failed", action, _book_name(book))
        message = Message(caller_message(error) if apple_events_refused(error) else (
            f"Something unexpected went wrong while {action}, and nothing more was "
            f"changed ({type(error).__name__}). This is a bug in xl-addin, not a fault in "
            f"your workbook.\n\nPlease send the log file to the performance team: "
            f"{log_path()}"), "critical")
    _show(book, message)
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
    outcome = _run_in_excel(book, "refreshing",
                            lambda live: refresh_and_count(live, month, table=table,
                                                           skip_known_formats=True),
                            lambda done: summary(*done))
    return outcome[0] if outcome is not None else None


def add_month(force: bool = False) -> None:
    """Entry point of the 'Add month' ribbon button (`xl_addin.add_month()`); with
    `force=True` a month is added even when the latest month's column is still empty."""
    log_to_file()
    add_month_in_excel(calling_book(), force=force)


def add_month_in_excel(book: xw.Book, month: Month | None = None,
                       columns: ColumnState | None = None, *,
                       force: bool = False) -> AddMonthPlan | None:
    """Insert the next month's column in `book` and tell the user; None when it failed.

    `columns` stands in for the hidden-column state where the engine cannot read it.
    """
    table = active_table(book)

    def work(live: XlwingsBook) -> tuple[AddMonthPlan, bool]:
        return (add_month_to_book(live, month, columns, table, force=force),
                live.outline_known)

    outcome = _run_in_excel(book, "adding the month", work, lambda done: added(*done))
    return outcome[0] if outcome is not None else None


def board_pack() -> None:
    """Entry point of the 'Board pack' ribbon button (`xl_addin.board_pack.main()`)."""
    log_to_file()
    board_pack_in_excel(calling_book())


def board_pack_in_excel(book: xw.Book) -> PackWritten | None:
    """Write the open book's board pack PDF beside it and say where; nothing is written
    to the workbook. None when it failed (the message box said why)."""
    from xl_addin.board_pack.workbook import write_pack_beside

    def work(live: XlwingsBook) -> PackWritten:
        return write_pack_beside(live, str(book.fullname), str(book.name), active_table(book))

    def told(done: PackWritten) -> Message:
        where = f"\n\n(Not beside the workbook: {done.elsewhere}.)" if done.elsewhere else ""
        return Message(f"Wrote the board pack for {done.pack.month} ({len(done.pack.panels)} "
                       f"indicators, {done.pages} pages) to:\n{done.path}{where}")

    return _run_in_excel(book, "writing the board pack", work, told)


def added(plan: AddMonthPlan, outline_known: bool = True) -> Message:
    """What add-month did; `outline_known` False: this Excel could not read or set
    column groups, so the hidden month may be outside the group of hidden months."""
    lines = [f"Added {plan.month.label()} in column {plan.column} of '{plan.sheet}', "
             f"formatted like {plan.latest.label()}. Type its figures, then Refresh."]
    if plan.hide_col is None:
        lines.append("This Excel cannot say which months are hidden, so none was hidden: "
                     "hide the oldest month yourself to keep the same view.")
        return Message("\n".join(lines))
    hidden = column_letter(plan.hide_col)
    grouped = " and added it to the group of hidden months" \
        if plan.hide_outline_level and outline_known else ""
    lines.append(f"Hid column {hidden} (the oldest visible month){grouped} so "
                 f"{plan.visible_months} months still show.")
    if not outline_known:
        lines.append(f"Column {hidden} is not in any group: this Excel does not let xl_addin "
                     f"read or set column groups. If the hidden months are grouped, select "
                     f"column {hidden} and choose Data > Group to add it.")
    return Message("\n".join(lines))


def summary(result: RefreshResult, counted: ChangeCount) -> Message:
    """The refresh's box: the cells it changed (as `xl-addin refresh` counts them), the
    sparklines drawn, the table chosen and the data checks."""
    lines = [f"Refreshed {result.month.label()} ({len(result.results)} indicators on "
             f"'{result.layout.sheet}'): changed {count_text(counted)}."]
    if drew := drawn_text(result.plan.sparklines):
        lines.append(f"Drew {drew}.")
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
