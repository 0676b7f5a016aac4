"""Typed errors. Each carries where it happened and what to do about it.

The entry points (CLI, ribbon macro, UDFs) translate these once: an exit code,
a message box, a cell value. Nothing below them prints or shows anything.
"""

from __future__ import annotations

from .address import qualified_address


class XlAddinError(Exception):
    """Base for every error this package raises on purpose."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class CellError(XlAddinError):
    """An error about one cell; the message starts with its address."""

    def __init__(self, sheet: str, row: int, col: int, message: str, *, hint: str = "") -> None:
        self.sheet = sheet
        self.row = row
        self.col = col
        self.address = qualified_address(sheet, row, col)
        super().__init__(f"{self.address}: {message}", hint=hint)


class TableNotFoundError(XlAddinError):
    """No sheet holds a table with the headers we look for."""


class VocabularyError(XlAddinError):
    """A word given for a closed vocabulary (a worksheet function's polarity or unit) that
    names none of its values; `argument` is the argument it was given as."""

    def __init__(self, message: str, *, hint: str = "", argument: str = "",
                 value: object = None) -> None:
        super().__init__(message, hint=hint)
        self.argument = argument
        self.value = value


class PeriodError(XlAddinError):
    """A reporting month was asked for that the table does not have."""


class WorkbookError(XlAddinError):
    """The workbook file cannot be read or written safely."""

    def __init__(self, path: str, message: str, *, hint: str = "") -> None:
        self.path = path
        super().__init__(f"{path}: {message}", hint=hint)


class FormulaCellError(CellError):
    """An output cell holds a formula; we never overwrite one."""


class AddMonthError(CellError):
    """A month column cannot be added as asked; the address is the header cell concerned."""


class ColumnInsertError(XlAddinError):
    """A column cannot be inserted into the workbook file without losing something."""


class SpcSettingsError(CellError):
    """A Settings cell for an indicator's SPC chart (baseline, recalculation point, run or
    trend length, minimum points) cannot be read; the address is that cell."""
