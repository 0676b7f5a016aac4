"""Why a workbook file is refused. Each error names the file and the fix."""

from __future__ import annotations

from xl_addin.core.errors import FormulaCellError, WorkbookError

__all__ = [
    "CorruptWorkbookError",
    "EncryptedWorkbookError",
    "FormulaCellError",
    "InvalidSheetNameError",
    "NotAWorkbookError",
    "OutputPathError",
    "SheetNotFoundError",
    "UnsafePackageError",
    "UnsupportedFormatError",
    "WorkbookBusyError",
    "WorkbookChangedError",
    "WorkbookLockedError",
    "WorkbookReadOnlyError",
]


class EncryptedWorkbookError(WorkbookError):
    """Password-protected (encrypted) workbook: a CFB container, not a zip."""


class UnsupportedFormatError(WorkbookError):
    """A real spreadsheet in a format we do not write: .xls, .xlsb, Strict OOXML."""


class NotAWorkbookError(WorkbookError):
    """Not a zip package, or a zip without a workbook in it."""


class CorruptWorkbookError(WorkbookError):
    """A zip package that is damaged: bad CRC, truncated member, unparseable XML."""


class UnsafePackageError(WorkbookError):
    """A package built to harm the reader: zip bomb, XML entities or DTD."""


class WorkbookLockedError(WorkbookError):
    """The workbook is open in Excel (its ~$ owner file exists)."""


class WorkbookReadOnlyError(WorkbookError):
    """The file or its folder cannot be written."""


class WorkbookChangedError(WorkbookError):
    """The file changed on disk after we read it; writing would discard that change."""


class SheetNotFoundError(WorkbookError):
    """A sheet name that is not a worksheet of the workbook."""


class InvalidSheetNameError(WorkbookError):
    """A sheet to create whose name Excel would not accept."""


class WorkbookBusyError(WorkbookError):
    """Another xl-addin run holds the workbook's lock (it is refreshing or adding a month)."""


class OutputPathError(WorkbookError):
    """`--out` names a place a workbook cannot be written: a folder, a missing folder, a
    different file type."""
