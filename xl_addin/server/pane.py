"""The task pane's routes: an action's outcome as an HTML fragment (htmx).

The pane's buttons (and the ribbon's, which open the pane and press them) post
the workbook as xlwings' htmx integration sends it (`xw-book="true"`: a form
field `bookData`). The fragment shows the outcome and carries the recorded
actions in xlwings' `_book.html` block, which its client then runs in Excel.
A refusal is the fragment with the reason alone and a 4xx status: no actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import xlwings as xw
from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse
from xlwings_server import dependencies as dep
from xlwings_server.templates import TemplateResponse

from xl_addin.core.address import cell_address
from xl_addin.report import LEVEL_WORD, SUMMARY_COLUMNS, summary_rows
from xl_addin.server import downloads
from xl_addin.server.actions import Outcome, RefusedError, run_action
from xl_addin.server.payload import BadPayloadError, check_book, parse_json

router = APIRouter()
SUMMARY_SHOWN = 200
"""Indicators listed in the pane after a refresh (as the CLI's summary)."""


@dataclass(frozen=True)
class FindingRow:
    level: str
    sheet: str
    cell: str
    ref: str
    message: str
    hint: str


def finding_rows(outcome: Outcome) -> list[FindingRow]:
    return [FindingRow(LEVEL_WORD[f.level], f.sheet, cell_address(f.row, f.col),
                       outcome.refs.get((f.sheet, f.row), ""), f.message, f.hint)
            for f in outcome.findings]


def summary(outcome: Outcome) -> list[list[str]]:
    """The CLI's summary rows, after a refresh only."""
    if outcome.action != "refresh" or outcome.refresh is None:
        return []
    return summary_rows(outcome.refresh.results, outcome.refresh.month)[:SUMMARY_SHOWN]


@router.post("/eh/pane/{action}", name="eh_pane")  # type: ignore[untyped-decorator, unused-ignore]
async def pane(request: Request, action: str, current_user: dep.User,
               book_data: Annotated[str, Form(alias="bookData")]) -> Any:
    try:
        try:
            data = check_book(parse_json(book_data.encode()))
        except BadPayloadError as error:
            raise RefusedError(400, str(error)) from error
        book = xw.Book(json=data)
        try:
            outcome = run_action(book, action)
            context = {"outcome": outcome, "book": book, "lines": outcome.message.text,
                       "findings": finding_rows(outcome), "columns": SUMMARY_COLUMNS,
                       "summary": summary(outcome)}
            return TemplateResponse(request=request, name="eh_result.html", context=context)
        finally:
            book.close()
    except RefusedError as refused:
        return TemplateResponse(request=request, name="eh_result.html",
                                context={"error": refused.reason},
                                status_code=refused.status)


@router.get("/eh/pack/{token}", name="eh_pack")  # type: ignore[untyped-decorator, unused-ignore]
async def pack(token: str) -> Any:
    """A board pack's PDF, by the token in the link the pane showed (see downloads.py)."""
    found = downloads.find(token)
    if found is None:
        raise HTTPException(404, "This board pack link has expired or is not known: press "
                                 "Board pack again for a new one.")
    return FileResponse(found, media_type="application/pdf", filename=found.name,
                        headers={"Cache-Control": "no-store"})
