"""The ribbon's four actions as xlwings Server custom scripts.

`xlwings.runPython({scriptName: "refresh"})` (a ribbon button, an `xw-click` button,
or a sheet button) posts the workbook here; the script runs the action and tells
the user in a message box, as the classic ribbon macro does. A refusal (no table,
unknown Ref, nothing selected) becomes a 4xx reply with its one-line reason, which
xlwings' client shows as the message, and no action reaches Excel.
"""

from __future__ import annotations

from typing import Final

import xlwings as xw
from xlwings.server import script

from xl_addin.macro import TITLE
from xl_addin.server.actions import Action, RefusedError, run_action


class ScriptRefusedError(xw.XlwingsError):
    """Carries a RefusedError through xlwings Server's script call (see guard.py)."""

    def __init__(self, refused: RefusedError) -> None:
        super().__init__(refused.reason)
        self.status = refused.status


def _tell(book: xw.Book, action: Action) -> None:
    try:
        outcome = run_action(book, action)
    except RefusedError as refused:
        raise ScriptRefusedError(refused) from refused
    book.app.alert(outcome.message.text, title=TITLE, mode=outcome.message.mode)


@script
def refresh(book: xw.Book) -> None:
    """Refresh the derived columns and the Data checks sheet."""
    _tell(book, "refresh")


@script
def add_month(book: xw.Book) -> None:
    """Add the next month's column after the latest month."""
    _tell(book, "add_month")


@script
def check_data(book: xw.Book) -> None:
    """Run the data checks; nothing is written."""
    _tell(book, "check_data")


@script
def explain(book: xw.Book) -> None:
    """Explain the indicator in the selected row."""
    _tell(book, "explain")


SCRIPTS: Final = ("refresh", "add_month", "check_data", "explain")
__all__ = ["add_month", "check_data", "explain", "refresh"]
