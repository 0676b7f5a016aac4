"""Board packs made on the server, kept briefly for the task pane's download link.

A pack is a PDF in its own folder named by a random token (32 bytes, URL-safe): the
link is the permission, as a plain link has no way to carry the sign-in token the
pane's own requests carry (a desktop task pane opens it in the browser). Packs are
deleted after `LIFETIME` seconds; each new pack clears the expired ones, so nothing
builds up. On disk rather than in memory so that every server process of the host
can serve a link another made.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from xl_addin.board_pack.model import BoardPack
from xl_addin.board_pack.workbook import pdf_name, write_pdf_file

LIFETIME: Final = 15 * 60
PACK_DIR: Final = "XL_ADDIN_PACK_DIR"
"""Where packs are kept (default: a folder in the system's temporary folder)."""
_TOKEN: Final = re.compile(r"[A-Za-z0-9_-]{43}")


@dataclass(frozen=True)
class Download:
    token: str
    name: str
    pages: int
    month: str
    indicators: int


def pack_folder() -> Path:
    folder = Path(os.environ.get(PACK_DIR) or Path(tempfile.gettempdir()) / "xl_addin_packs")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _clear_expired(folder: Path, now: float) -> None:
    for entry in folder.iterdir():
        try:
            if entry.is_dir() and now - entry.stat().st_mtime > LIFETIME:
                shutil.rmtree(entry, ignore_errors=True)
        except FileNotFoundError:  # another process cleared it first
            continue


def keep(pack: BoardPack, workbook_name: str) -> Download:
    """Write the pack's PDF under a new token; returns what the link needs."""
    folder = pack_folder()
    _clear_expired(folder, time.time())
    token = secrets.token_urlsafe(32)
    (folder / token).mkdir()
    name = pdf_name(workbook_name, pack.month)
    pages = write_pdf_file(pack, folder / token / name)
    return Download(token, name, pages, pack.month, len(pack.panels))


def find(token: str) -> Path | None:
    """The PDF a token names, while it lasts; None for an unknown or expired token."""
    if not _TOKEN.fullmatch(token):
        return None
    folder = pack_folder() / token
    try:
        if time.time() - folder.stat().st_mtime > LIFETIME:
            return None
        return next(folder.glob("*.pdf"), None)
    except FileNotFoundError:
        return None
