"""Opening a workbook file for the headless refresh: the file adapter behind the CLI."""

from __future__ import annotations

from pathlib import Path

from xl_addin.adapters.openpyxl_file import OpenpyxlWorkbook


class FileWorkbook(OpenpyxlWorkbook):
    """A workbook on disk: read, plan, then save in place or to another path."""

    def save(self, out: Path | None = None) -> Path:  # type: ignore[override]
        target = out or self.path
        super().save(target)
        return target


def open_file_workbook(path: Path) -> FileWorkbook:
    return FileWorkbook(path)
