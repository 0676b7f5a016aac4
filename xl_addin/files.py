"""Opening a workbook file for the headless refresh: the file adapter behind the CLI."""

from __future__ import annotations

from pathlib import Path

from xl_addin.adapters.package import PackageWorkbook, open_workbook


def open_file_workbook(path: Path, *, for_writing: bool = True) -> PackageWorkbook:
    """The workbook at `path`, checked for safety; read-only use skips the lock checks."""
    return open_workbook(path, for_writing=for_writing)
