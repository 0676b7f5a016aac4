"""xlwings Server's own app, configured for this add-in, behind our request guard.

Everything is xlwings Server's: its FastAPI app, routers, manifest, task pane page,
Office.js client and Entra ID sign-in. Ours are the project folder it loads
(project/: the custom functions and scripts modules, the manifest with our ribbon
tab, the task pane), the task pane's routes (pane.py) and the guard (guard.py).
Settings are xlwings Server's environment variables (XLWINGS_*, see docs/server.md);
the defaults below apply only where a variable is not set.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Final

from xl_addin.core.errors import XlAddinError

PROJECT_DIR: Final = Path(__file__).with_name("project")
DEFAULTS: Final[dict[str, str]] = {
    "XLWINGS_PROJECT_DIR": str(PROJECT_DIR),
    "XLWINGS_PROJECT_NAME": "Early Help dashboard",
    "XLWINGS_FUNCTIONS_NAMESPACE": "EH",
    # No streaming functions, so no socket.io; no examples, no hot reload.
    "XLWINGS_ENABLE_SOCKETIO": "false",
    "XLWINGS_ENABLE_EXAMPLES": "false",
    "XLWINGS_ENABLE_HOTRELOAD": "false",
    # This add-in's own manifest ids (xlwings' defaults are shared by every project).
    "XLWINGS_MANIFEST_ID_DEV": "6a4cd6ad-f63a-40a8-abfa-e6b792d15bf6",
    "XLWINGS_MANIFEST_ID_QA": "c9679874-6396-4955-8ce3-fabf72e5cd17",
    "XLWINGS_MANIFEST_ID_UAT": "851e843d-a91d-4e67-b270-564afd3447b0",
    "XLWINGS_MANIFEST_ID_STAGING": "885201cf-717e-48f0-8e4f-7cadbf396be5",
    "XLWINGS_MANIFEST_ID_PROD": "507cb0b6-f175-4efb-b16c-f1c036fbb3ab",
}
MAX_BOOK_MB: Final = "XL_ADDIN_MAX_BOOK_MB"
DEFAULT_MAX_BOOK_MB: Final = 64
LICENCE_HELP: Final = (
    "xlwings Server needs XLWINGS_LICENSE_KEY: 'noncommercial' where the PolyForm "
    "Noncommercial licence 1.0.0 covers you (it permits use by a government institution, "
    "such as a council), otherwise your xlwings PRO licence key. See docs/server.md."
)

_SIZE_HINT: Final = "Set it to a size in megabytes, such as 64, or leave it unset for the default."


class ServerSetupError(XlAddinError):
    """The server cannot start as configured; the message says what to set."""


def configure_environment() -> None:
    """Our defaults for xlwings Server's settings; must run before it is imported."""
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)


def max_book_bytes() -> int:
    raw = os.environ.get(MAX_BOOK_MB, str(DEFAULT_MAX_BOOK_MB))
    try:
        megabytes = float(raw)
    except ValueError:
        raise ServerSetupError(
            f"{MAX_BOOK_MB} must be a number of megabytes, not {raw!r}.",
            hint=_SIZE_HINT) from None
    if megabytes <= 0:
        raise ServerSetupError(f"{MAX_BOOK_MB} must be more than 0, not {raw!r}.",
                               hint=_SIZE_HINT)
    return int(megabytes * 1024 * 1024)


def build_app() -> Any:
    """The ASGI app: xlwings Server's app with our routes, behind the guard."""
    configure_environment()
    limit = max_book_bytes()
    from xlwings_server.config import settings  # reads XLWINGS_* and the .env file

    if not os.environ.get("XLWINGS_LICENSE_KEY"):
        raise ServerSetupError(LICENCE_HELP, hint="Set it in the environment or the .env "
                               "file, then start the server again.")
    from fastapi import Request
    from fastapi.responses import JSONResponse
    from xlwings_server.main import app, main_app

    from xl_addin.server.functions import FUNCTIONS
    from xl_addin.server.guard import Guard
    from xl_addin.server.pane import router
    from xl_addin.server.scripts import SCRIPTS, ScriptRefusedError

    async def refused(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, ScriptRefusedError)
        return JSONResponse({"detail": str(error)}, status_code=error.status)

    if not any(getattr(r, "path", "").startswith(f"{settings.app_path}/eh/")
               for r in app.routes):
        app.include_router(router, prefix=settings.app_path)
        app.add_exception_handler(ScriptRefusedError, refused)
    return Guard(main_app, app_path=settings.app_path, scripts=frozenset(SCRIPTS),
                 functions=frozenset(FUNCTIONS), max_bytes=limit)
