"""ASGI middleware in front of xlwings Server: bad requests answered before it runs.

xlwings Server parses the body and builds the Book inside its routes, where a
malformed body, an unknown script or function name is an exception answered as a
500. Here the body is read once (refused past the size limit), checked
(payload.py) and handed on unchanged; a problem is a 4xx `{"detail": reason}`,
which xlwings' Office.js client shows the user as the message.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Final

from xl_addin.server.payload import (
    BadPayloadError,
    check_book,
    check_function_call,
    parse_json,
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MB: Final = 1024 * 1024


async def reply(send: Send, status: int, reason: str) -> None:
    body = json.dumps({"detail": reason}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """Size limit on every POST; shape and name checks on script and function calls."""

    def __init__(self, app: ASGIApp, *, app_path: str, scripts: frozenset[str],
                 functions: frozenset[str], max_bytes: int) -> None:
        self.app = app
        self.scripts_path = f"{app_path}/xlwings/custom-scripts-call/"
        self.functions_path = f"{app_path}/xlwings/custom-functions-call"
        self.scripts = scripts
        self.functions = functions
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        too_big = (f"The workbook sent is larger than this server takes "
                   f"({self.max_bytes // MB} MB); ask IT to raise XL_ADDIN_MAX_BOOK_MB.")
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await reply(send, 413, too_big)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await reply(send, 413, too_big)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        problem = self.problem(scope["path"], body)
        if problem is not None:
            await reply(send, *problem)
            return

        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    def problem(self, path: str, body: bytes) -> tuple[int, str] | None:
        try:
            if path.startswith(self.scripts_path):
                name = path.removeprefix(self.scripts_path)
                if name not in self.scripts:
                    return 404, (f"Unknown script {name!r}; this add-in runs "
                                 f"{', '.join(sorted(self.scripts))}.")
                check_book(parse_json(body))
            elif path == self.functions_path:
                name, _ = check_function_call(parse_json(body))
                if name not in self.functions:
                    return 404, f"Unknown function {name!r}."
        except BadPayloadError as error:
            return 400, str(error)
        return None
