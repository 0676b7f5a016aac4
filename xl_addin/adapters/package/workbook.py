"""PackageWorkbook: the file adapter behind WorkbookPort.

It opens and checks the file, then hands each job to one piece: `PackageReader` reads
sheets, `StagedEdit` holds what is written until the save, `WorkbookFile` saves. Every
part the refresh does not write is saved as a raw copy of its stored bytes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

from xl_addin.core.add_month import AddMonthPlan, ColumnState
from xl_addin.core.grid import Grid
from xl_addin.core.plan import WritePlan

from . import platform_files, safety
from .errors import CorruptWorkbookError, SheetNotFoundError
from .insert.sheet_columns import column_state
from .opc import OpcPackage
from .read.fast_reader import FastReader
from .read.reader import PackageReader, read_ahead
from .read.workbook_map import Relationship, SheetRef, read_relationships, read_workbook_map
from .save import Identity, WorkbookFile, package_bytes, read_file
from .sparkline_ext import marked_grid
from .workbook_lock import WorkbookLock
from .write.staged_edit import StagedEdit
from .zip_io import ZipLayoutError


def open_workbook(path: str | Path, *, for_writing: bool = True) -> PackageWorkbook:
    """Open an .xlsx/.xlsm after every safety check; raises a WorkbookError subclass.

    With `for_writing` (the default) a workbook open in Excel or read-only is refused
    now, before any work is done, rather than at save time. The workbook's lock
    (workbook_lock.py) is then taken, once the file is known to be a workbook, and held
    until `save` or `close`, so no other xl-addin run replaces it in between; a file
    another run replaced while this one waited for the lock is read again.
    """
    target = Path(path)
    safety.check_file(target, for_writing=for_writing)
    data, seen = read_file(target)
    book = PackageWorkbook(target, data, seen=seen)
    if for_writing:  # locked once the file is known to be a workbook: a refusal leaves no trace
        book.hold(WorkbookLock(safety.real_path(target), str(target)))
    return book


class PackageWorkbook:
    """A workbook file read into memory; `apply` stages writes, `save` writes them."""

    def __init__(self, path: Path, data: bytes, *, seen: Identity | None = None) -> None:
        self.path = path
        self._file = WorkbookFile(path, seen)
        self._load(data, first=True)

    def _load(self, data: bytes, *, first: bool = False) -> None:
        """The package in `data`, checked (`first`: as opened, not as saved)."""
        shown = str(self.path)
        package = _open_package(shown, data)
        safety.check_members(package)
        # safe to decompress now: calamine parses the big dashboard on the other core
        # while this one checks every part's CRC
        ahead = read_ahead(package) if first else None
        kept = safety.check_crcs(package, keep=[ahead.part] if ahead is not None else [])
        book_map = read_workbook_map(package)
        fast = ahead.reader if ahead is not None else FastReader(data, date1904=book_map.date1904)
        self._package = package
        self._reader = PackageReader(shown, package, book_map, fast, kept)
        self._edit = StagedEdit(shown, package, book_map)

    # -- reading ---------------------------------------------------------------

    def sheet_names(self) -> list[str]:
        """Worksheets in tab order (chart, dialog and macro sheets excluded)."""
        return [sheet.name for sheet in self._edit.map.worksheets]

    def read_grid(self, sheet: str) -> Grid:
        ref = self._sheet(sheet)
        grid = self._reader.grid(ref, self._edit.content(ref.part))
        return marked_grid(grid, self.read(ref.part), path=str(self.path))

    def sheet_part(self, sheet: str) -> str:
        """Normalised name of the part that holds a worksheet ('xl/worksheets/sheet1.xml')."""
        return self._sheet(sheet).part

    @property
    def workbook_part(self) -> str:
        return self._edit.map.workbook_part

    def part_names(self) -> list[str]:
        """Normalised names of the package's parts, in order (as last read or saved)."""
        return self._package.part_names()

    def names(self) -> list[str]:
        """The part names a save would write: the package's, then those added."""
        return self._package.part_names() + [
            p for p in self._edit.added if not self._package.has(p)]

    def read(self, part: str) -> bytes:
        """A part's current content (staged writes included)."""
        written = self._edit.content(part)
        return written if written is not None else self._reader.held(part).data

    def relationships(self, part: str) -> list[Relationship]:
        return read_relationships(self._package, part)

    def _sheet(self, name: str) -> SheetRef:
        ref = self._edit.sheet(name)
        if ref is None:
            raise SheetNotFoundError(
                str(self.path),
                f"has no worksheet named {name!r}.",
                hint=f"Its worksheets are: {', '.join(self.sheet_names()) or 'none'}.",
            )
        return ref

    # -- writing ---------------------------------------------------------------

    def apply(self, plans: Sequence[WritePlan]) -> None:
        """Stage every planned write; all or nothing (a refused write stages none)."""
        edit = self._edit.copy()
        for plan in plans:
            ref = edit.sheet(plan.sheet) or edit.create_sheet(plan.sheet)
            if not plan.writes:
                continue
            written = edit.content(ref.part)
            if written is not None:
                edit.write(plan, ref, written, None)
                continue
            held = self._reader.held(ref.part)
            self._reader.forget(ref.part)  # superseded by what is written
            edit.write(plan, ref, held.data, held.layout)
        self._edit = edit

    def column_state(self, sheet: str) -> ColumnState:
        """Hidden and grouped columns of a worksheet, from its <cols>."""
        data = self.read(self.sheet_part(sheet))
        return column_state(data.decode("utf-8", "replace"), range(0, 16_384))

    def insert_month_column(self, plan: AddMonthPlan) -> None:
        """Stage the new month column and every reference it moves; `save` writes them."""
        # Imported here: column insertion pulls in openpyxl's formula tokenizer, which a
        # plain refresh never needs.
        from .insert.month_column import insert_month_parts

        self._sheet(plan.sheet)
        book_map = self._edit.map
        changed = insert_month_parts(self, book_map, plan, path=str(self.path),
                                     date1904=book_map.date1904)
        edit = self._edit.copy()
        for part, content in changed.items():
            edit.put(part, content)
        self._edit = edit

    # -- saving ----------------------------------------------------------------

    def changed_parts(self) -> list[str]:
        """Normalised names of the parts a save would rewrite or add."""
        return self._edit.changed_parts()

    def to_bytes(self) -> bytes:
        """The package as `save` would write it."""
        return package_bytes(self._package, *self._edit.to_save())

    def save(self, out_path: str | Path | None = None, *, backup: bool = True) -> Path:
        """Write the staged changes atomically; returns the path written (as given).

        In place (no `out_path`, or one naming this very file), the original as it was
        read is first written to `<name>.bak.xlsx` unless `backup` is False, and the save
        is refused if the file changed on disk since it was read (checked before the work
        and again right before the replace). A link is written through: the file it leads
        to is replaced in its own folder and the link stays a link. The workbook's lock is
        released afterwards.
        """
        target = Path(out_path) if out_path is not None else self.path
        in_place = out_path is None or platform_files.same_file(target, self.path)
        try:
            if in_place and not self.changed_parts():
                return target
            if not in_place:
                safety.check_out_path(target, self.path)
            written = self._file.write(target, self._package.data, self.to_bytes,
                                       in_place=in_place, backup=backup)
            if in_place:
                self._load(written)
        finally:
            self.close()
        return target

    def hold(self, lock: WorkbookLock) -> None:
        """Take the workbook's lock until `save` or `close`; if another run replaced the
        file since it was read, read it again."""
        self._file.hold(lock, self._package.data, self._load)

    def close(self) -> None:
        """Release the workbook's lock (taken by open_workbook for writing); idempotent."""
        self._file.release()

    def __enter__(self) -> PackageWorkbook:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _open_package(shown: str, data: bytes) -> OpcPackage:
    try:
        return OpcPackage.from_bytes(shown, data)
    except ZipLayoutError as exc:
        raise CorruptWorkbookError(
            shown, f"its zip structure is damaged ({exc}).",
            hint="Re-save it in Excel, or restore a backup.") from exc
    except (zipfile.BadZipFile, OSError, ValueError, KeyError) as exc:
        raise CorruptWorkbookError(
            shown, f"cannot be read as a zip package ({exc}).",
            hint="Re-save it in Excel, or restore a backup.") from exc
