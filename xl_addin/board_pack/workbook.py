"""A board pack from a workbook: a file on disk (read only) or the book open in Excel."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from xl_addin.adapters.port import WorkbookPort
from xl_addin.core.errors import WorkbookError, XlAddinError
from xl_addin.core.monthly import checked_refresh
from xl_addin.core.periods import Month
from xl_addin.core.sheets import TableSelector
from xl_addin.service import locate_dashboard

from .model import BoardPack, build_pack


def pack_title(name: str) -> str:
    """'early_help_dashboard.xlsx' -> 'Early Help Dashboard board pack'."""
    stem = Path(name).stem if "." in name else name
    return f"{stem.replace('_', ' ').title()} board pack"


def pack_for_book(book: WorkbookPort, name: str, month: Month | None = None,
                  table: TableSelector | None = None) -> BoardPack:
    """The same refresh and data checks as `xl-addin check`, as a board pack; nothing is
    written to the workbook."""
    sheets = locate_dashboard(book, table)
    result = checked_refresh(sheets.dashboard, sheets.settings, month, sheets.layout)
    return replace(build_pack(result, sheets.dashboard), title=pack_title(name))


def pack_for_workbook(path: Path, month: Month | None = None,
                      table: TableSelector | None = None) -> BoardPack:
    """A pack straight from a workbook file (opened read only)."""
    from xl_addin.files import open_file_workbook  # the file extra: not the ribbon's

    return pack_for_book(open_file_workbook(path, for_writing=False), path.name, month, table)


@dataclass(frozen=True)
class PackWritten:
    path: Path
    pages: int
    pack: BoardPack
    elsewhere: str = ""
    """Why the PDF is not beside the workbook ('' when it is)."""


def pdf_name(workbook_name: str, month: str) -> str:
    """'dash.xlsx', 'Aug-20' -> 'dash board pack Aug-20.pdf' (no character Windows refuses)."""
    stem = Path(workbook_name).stem if "." in workbook_name else workbook_name
    return re.sub(r'[<>:"/\\|?*]', "-", f"{stem} board pack {month}.pdf")


def folder_for(full_name: str) -> tuple[Path, str]:
    """The workbook's own folder, or (with the reason) the Documents folder when the
    workbook has none on this computer: never saved, or opened from a web address
    (OneDrive, SharePoint)."""
    if "://" not in full_name:
        folder = Path(full_name).parent
        if Path(full_name).is_absolute() and folder.is_dir():
            return folder, ""
        why = "the workbook has not been saved to a folder yet"
    else:
        why = "the workbook is opened from the web (OneDrive or SharePoint)"
    documents = Path.home() / "Documents"
    return (documents if documents.is_dir() else Path.home()), why


def require_matplotlib() -> None:
    """The charts need matplotlib, which the ribbon's minimal install may lack."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise XlAddinError("the board pack needs matplotlib, which the add-in's Python does "
                           "not have.", hint='Install it into that Python: python -m pip '
                           'install "xl-addin[pack]" (the README\'s step 2).') from None


def write_pdf_file(pack: BoardPack, target: Path) -> int:
    """Write the PDF through a temporary file beside it, so that a reader holding the old
    one open (Windows locks it) leaves it whole and the error says what to do."""
    from .render import write_pdf

    temp = target.with_name(f".~{target.name}.tmp")
    try:
        pages = write_pdf(pack, temp)
        temp.replace(target)
    except OSError as error:
        temp.unlink(missing_ok=True)
        reason = error.strerror or type(error).__name__
        raise WorkbookError(str(target), f"cannot write the board pack ({reason}).",
                            hint="Close the PDF if it is open in a reader, then press Board "
                            "pack again.") from None
    return pages


def write_pack_beside(book: WorkbookPort, full_name: str, name: str,
                      table: TableSelector | None = None) -> PackWritten:
    """The board pack of an open workbook as a PDF in its folder (the ribbon button)."""
    require_matplotlib()
    pack = pack_for_book(book, name, table=table)
    folder, why = folder_for(full_name)
    target = folder / pdf_name(name, pack.month)
    return PackWritten(target, write_pdf_file(pack, target), pack, why)
