"""The file adapter: refresh a workbook file headlessly and lose nothing.

    book = open_workbook("Dashboard.xlsx")      # refuses unsafe or unsupported files
    grid = book.read_grid("Early Help")
    book.apply([plan])                          # stages writes
    book.save()                                 # atomic, keeps Dashboard.bak.xlsx

Every part the refresh does not write is copied byte for byte.
"""

from .atomic_save import backup_path
from .errors import (
    CorruptWorkbookError,
    EncryptedWorkbookError,
    InvalidSheetNameError,
    NotAWorkbookError,
    SheetNotFoundError,
    UnsafePackageError,
    UnsupportedFormatError,
    WorkbookChangedError,
    WorkbookLockedError,
    WorkbookReadOnlyError,
)
from .workbook import PackageWorkbook, open_workbook
from .write.styles import TONE_FILLS

__all__ = [
    "TONE_FILLS",
    "CorruptWorkbookError",
    "EncryptedWorkbookError",
    "InvalidSheetNameError",
    "NotAWorkbookError",
    "PackageWorkbook",
    "SheetNotFoundError",
    "UnsafePackageError",
    "UnsupportedFormatError",
    "WorkbookChangedError",
    "WorkbookLockedError",
    "WorkbookReadOnlyError",
    "backup_path",
    "open_workbook",
]
