"""A board pack straight from a workbook file (read only: the workbook is never written)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from xl_addin.core.monthly import checked_refresh
from xl_addin.core.periods import Month
from xl_addin.core.sheets import TableSelector
from xl_addin.files import open_file_workbook
from xl_addin.service import locate_dashboard

from .model import BoardPack, build_pack


def pack_for_workbook(path: Path, month: Month | None = None,
                      table: TableSelector | None = None) -> BoardPack:
    """The same refresh and data checks as `xl-addin check`, as a board pack."""
    sheets = locate_dashboard(open_file_workbook(path, for_writing=False), table)
    result = checked_refresh(sheets.dashboard, sheets.settings, month, sheets.layout)
    pack = build_pack(result, sheets.dashboard)
    return replace(pack, title=f"{path.stem.replace('_', ' ').title()} board pack")
