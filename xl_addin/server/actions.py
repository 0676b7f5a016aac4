"""The ribbon's actions on a workbook that xlwings' Office.js client sent.

Each runs the same service function as the CLI and the classic ribbon macro
(service.refresh_and_count, service.add_month, service.check_workbook and
core.explain) over the same live-Excel adapter (XlwingsBook), with Excel kept
quiet as the macro keeps it. What the user is told is the macro's own message
(macro.summary, macro.added). Errors are not shown here: they become `RefusedError`
with a one-line reason, and the web layer answers 4xx with it, so the recorded
actions of a failed run never reach Excel and nothing is written. The board pack
writes nothing to the workbook: its PDF is kept for the task pane's link (downloads.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, Literal, TypeVar, get_args

import xlwings as xw

from xl_addin.adapters.xlwings_book import XlwingsBook
from xl_addin.core.add_month import AddMonthPlan
from xl_addin.core.errors import XlAddinError
from xl_addin.core.explain import Explanation, explain
from xl_addin.core.findings import Finding
from xl_addin.core.monthly import refs_by_row
from xl_addin.core.refresh import RefreshResult
from xl_addin.macro import MAX_LISTED_FINDINGS, Message, added, quiet_excel, summary
from xl_addin.server.downloads import Download
from xl_addin.service import add_month, check_workbook, paused_gc, refresh_and_count

Action = Literal["refresh", "add_month", "check_data", "explain", "board_pack"]
ACTIONS: Final[tuple[Action, ...]] = get_args(Action)
VERBS: Final[dict[Action, str]] = {
    "refresh": "refreshing", "add_month": "adding the month",
    "check_data": "checking the data", "explain": "explaining the indicator",
    "board_pack": "making the board pack",
}

log = logging.getLogger("xl_addin.server")
T = TypeVar("T")


class RefusedError(Exception):
    """A request we answer with a 4xx (or 500) and one line for the user."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = one_line(reason)


def one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Outcome:
    """What an action did, for a message box and for the task pane."""

    action: Action
    message: Message
    refresh: RefreshResult | None = None
    """The refresh or check that ran (refresh, check_data, explain)."""
    added: AddMonthPlan | None = None
    explanation: Explanation | None = None
    refs: dict[tuple[str, int], str] = field(default_factory=dict)
    """Each finding's row -> its indicator's Ref."""
    download: Download | None = None
    """The board pack's PDF, kept for the task pane's link."""

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.refresh.findings if self.refresh is not None else ()


def run_action(book: xw.Book, action: str) -> Outcome:
    """Run one ribbon action on `book`; raises RefusedError when it cannot be done."""
    if action not in ACTIONS:
        raise RefusedError(404, f"Unknown action {action!r}; this add-in runs "
                           f"{', '.join(ACTIONS)}.")
    return _guarded(VERBS[action], book, lambda: _RUN[action](book))


def _guarded(verb: str, book: xw.Book, work: Callable[[], Outcome]) -> Outcome:
    try:
        with paused_gc():
            return work()
    except XlAddinError as error:
        raise RefusedError(422, f"{error.message} {error.hint}") from error
    except RefusedError:
        raise
    except Exception as error:
        log.exception("%s %r failed", verb, _name(book))
        raise RefusedError(500, f"Something unexpected went wrong while {verb}, and nothing "
                           "was changed. Please tell the performance team; the server "
                           "log has the details.") from error


def _name(book: xw.Book) -> str:
    try:
        return str(book.name)
    except Exception:  # a payload too broken to have a name
        return "?"


def _refresh(book: xw.Book) -> Outcome:
    with quiet_excel(book.app):
        # Formats the last refresh set are not sent again: each is a call into Excel.
        result, counted = refresh_and_count(XlwingsBook(book), skip_known_formats=True)
    return Outcome("refresh", summary(result, counted), refresh=result,
                   refs=refs_by_row(result))


def _add_month(book: xw.Book) -> Outcome:
    with quiet_excel(book.app):
        plan = add_month(XlwingsBook(book))
    return Outcome("add_month", added(plan), added=plan)


def _check(book: xw.Book) -> Outcome:
    result = check_workbook(XlwingsBook(book))
    return Outcome("check_data", check_message(result), refresh=result,
                   refs=refs_by_row(result))


def check_message(result: RefreshResult) -> Message:
    from xl_addin.report import level_summary

    findings = result.findings
    if not findings:
        return Message(f"No data checks failed on '{result.layout.sheet}' for "
                       f"{result.month.label()}. Nothing was written.")
    lines = [f"Data checks on '{result.layout.sheet}' for {result.month.label()}: "
             f"{level_summary(findings)}. Nothing was written.", ""]
    lines += [f"- {f}" for f in findings[:MAX_LISTED_FINDINGS]]
    if len(findings) > MAX_LISTED_FINDINGS:
        lines.append(f"... and {len(findings) - MAX_LISTED_FINDINGS} more.")
    return Message("\n".join(lines))


def _explain(book: xw.Book) -> Outcome:
    result = check_workbook(XlwingsBook(book))
    # By row, not by Ref: a Ref may be missing or repeated; the row is what was selected.
    explanation = explain(result, f"row {selected_row(book, result) + 1}")
    return Outcome("explain", Message(explanation.text()), refresh=result,
                   explanation=explanation, refs=refs_by_row(result))


def selected_row(book: xw.Book, result: RefreshResult) -> int:
    """The selected cell's row (0-based) when it holds an indicator on the dashboard sheet."""
    sheet = result.layout.sheet
    where = f"Select a cell in an indicator's row on '{sheet}', then press Explain."
    try:
        selection = book.selection
    except Exception:
        selection = None
    if selection is None or selection.sheet.name != sheet:
        raise RefusedError(422, f"The selection is not on the dashboard sheet. {where}")
    if (sheet, selection.row - 1) not in refs_by_row(result):
        raise RefusedError(422, f"Row {selection.row} holds no indicator. {where}")
    return int(selection.row) - 1


def _board_pack(book: xw.Book) -> Outcome:
    from xl_addin.board_pack.workbook import pack_for_book, require_matplotlib
    from xl_addin.server.downloads import LIFETIME, keep

    require_matplotlib()
    name = _name(book)
    pack = pack_for_book(XlwingsBook(book), name)
    kept = keep(pack, name)
    return Outcome("board_pack", Message(
        f"The board pack for {kept.month} ({kept.indicators} indicators, {kept.pages} pages) "
        f"is ready: download {kept.name} from the task pane within {LIFETIME // 60} minutes. "
        "Nothing was written to the workbook."), download=kept)


_RUN: Final[dict[Action, Callable[[xw.Book], Outcome]]] = {
    "refresh": _refresh, "add_month": _add_month, "check_data": _check, "explain": _explain,
    "board_pack": _board_pack,
}
