"""PackageWorkbook: the file adapter behind WorkbookPort.

Reads from an in-memory copy of the validated file, stages writes part by part,
and on save writes a package in which every part it did not change is a raw copy.
"""

from __future__ import annotations

import copy
import io
import os
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from lxml import etree

from xl_addin.core.add_month import AddMonthPlan, ColumnState
from xl_addin.core.errors import WorkbookError
from xl_addin.core.grid import Grid
from xl_addin.core.plan import WritePlan
from xl_addin.core.sheets import dashboard_candidates
from xl_addin.core.units import FormatKind

from . import atomic_save, platform_files, safety
from .errors import (
    CorruptWorkbookError,
    NotAWorkbookError,
    SheetNotFoundError,
    WorkbookChangedError,
    WorkbookLockedError,
    WorkbookReadOnlyError,
)
from .insert.sheet_columns import column_state
from .opc import OpcPackage, rels_part_for
from .read.fast_reader import FastReader, has_excel_layout
from .read.number_formats import style_kinds, styled_cells
from .read.shared_strings import read_shared_strings
from .read.sheet_reader import read_grid_streaming
from .read.workbook_map import (
    Relationship,
    SheetRef,
    WorkbookMap,
    read_relationships,
    read_workbook_map,
)
from .sheet_layout import SheetLayout, SheetLayoutError, locate
from .workbook_lock import WorkbookLock
from .write.new_parts import (
    EMPTY_WORKSHEET,
    PackageIndex,
    add_styles,
    add_worksheet,
    check_sheet_name,
    set_filter_database,
)
from .write.sheet_look import apply_look
from .write.sheet_writer import SplicedXmlError, check_well_formed, stream_cells, write_cells
from .write.styles import MINIMAL_STYLES, StyleBook
from .xml_parsing import refuse_doctype
from .zip_io import DeflatedPart, StreamingDeflate, ZipLayoutError, write_package


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
    data, seen = _read(target)
    book = PackageWorkbook(target, data, seen=seen)
    if for_writing:  # locked once the file is known to be a workbook: a refusal leaves no trace
        book.hold(WorkbookLock(safety.real_path(target), str(target)))
    return book


def _read(path: Path) -> tuple[bytes, tuple[int, ...]]:
    """The file's bytes and its identity (device, file number, size, time) as read."""
    try:
        with path.open("rb") as handle:
            return handle.read(), _identity(os.fstat(handle.fileno()))
    except FileNotFoundError:
        raise NotAWorkbookError(str(path), "no such file (it was moved or deleted).",
                                hint="Check the path and file name.") from None
    except PermissionError as error:
        raise safety.cannot_read(path, error) from None


def _identity(info: os.stat_result) -> tuple[int, ...]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


class PackageWorkbook:
    """A workbook file read into memory; `apply` stages writes, `save` writes them."""

    def __init__(self, path: Path, data: bytes, *, seen: tuple[int, ...] | None = None) -> None:
        self.path = path
        self._lock: WorkbookLock | None = None
        self._seen = seen
        """The file's identity when its bytes were read (see `_check_unchanged`)."""
        self._load(data, read_ahead=True)

    def _load(self, data: bytes, *, read_ahead: bool = False) -> None:
        """The package in `data`, checked; with `read_ahead`, calamine starts parsing the
        worksheet a refresh reads first, if big, while the CRCs are checked (`_read_ahead`)."""
        shown = str(self.path)
        try:
            package = OpcPackage.from_bytes(shown, data)
        except ZipLayoutError as exc:
            raise CorruptWorkbookError(
                shown,
                f"its zip structure is damaged ({exc}).",
                hint="Re-save it in Excel, or restore a backup.",
            ) from exc
        except (zipfile.BadZipFile, OSError, ValueError, KeyError) as exc:
            raise CorruptWorkbookError(
                shown,
                f"cannot be read as a zip package ({exc}).",
                hint="Re-save it in Excel, or restore a backup.",
            ) from exc
        early: list[FastReader] = []
        kept = safety.check_package(
            package, keep=lambda: _read_ahead(package, early) if read_ahead else ())
        self._package = package
        self._map: WorkbookMap = read_workbook_map(package)
        self._shared: list[str] | None = None
        self._fast = early[0] if early else FastReader(data, date1904=self._map.date1904)
        self._staged: dict[str, bytes | DeflatedPart] = {}
        """Replaced parts; a big sheet part is held deflated (see `_apply_plan`)."""
        self._added: dict[str, bytes] = {}
        self._styles: StyleBook | None = None
        self._styles_part = self._map.part_of_kind("styles")
        self._kinds: dict[int, FormatKind] | None = None
        self._index: PackageIndex | None = None
        self._recent: dict[str, bytes] = kept
        """Parts decompressed from the package, newest last: read_grid then apply need them
        (a refresh reads the dashboard, then the settings and Data checks sheets)."""
        self._layouts: dict[str, tuple[bytes, SheetLayout]] = {}
        """Where the rows are in a part of `_recent`, located while calamine read it (on
        another core) for `apply` to reuse; only for the very bytes held there."""

    # -- reading ---------------------------------------------------------------

    def sheet_names(self) -> list[str]:
        """Worksheets in tab order (chart, dialog and macro sheets excluded)."""
        return [sheet.name for sheet in self._map.worksheets]

    def read_grid(self, sheet: str) -> Grid:
        grid = self._read_grid(sheet)
        # Both readers give dates as serial numbers: the core needs their date system.
        return replace(grid, date1904=True) if self._map.date1904 else grid

    def _read_grid(self, sheet: str) -> Grid:
        ref = self._sheet(sheet)
        if ref.part not in self._staged and ref.part not in self._added:
            styled: list[tuple[frozenset[tuple[int, int]], frozenset[tuple[int, int]]]] = []
            fast = self._fast.read(ref.name, lambda: self._part_bytes(ref.part),
                                   lambda data: self._inspect(ref.part, data, styled))
            if fast is not None:
                if styled and (styled[0][0] or styled[0][1]):
                    fast = replace(fast, percent_cells=styled[0][0], date_cells=styled[0][1])
                return fast
        data = self._part_bytes(ref.part)
        return read_grid_streaming(
            data,
            ref.name,
            self._shared_strings(),
            path=str(self.path),
            part=ref.part,
            date1904=self._map.date1904,
            kinds=self._style_kinds(),
        )

    def _style_kinds(self) -> dict[int, FormatKind]:
        """The cell styles that show a percentage or a date (read once)."""
        if self._kinds is None:
            part = self._styles_part
            data = (self._package.read(part) if part is not None and self._package.has(part)
                    else None)
            self._kinds = style_kinds(data, path=str(self.path), part=part or "")
        return self._kinds

    def _inspect(self, part: str, data: bytes,
                 styled: list[tuple[frozenset[tuple[int, int]], frozenset[tuple[int, int]]]]
                 ) -> bool:
        """The fast reader's check, and the cells formatted as percentages or dates, found
        in the bytes while calamine parses them on the other core."""
        if not self._has_excel_layout(part, data):
            return False
        styled.append(styled_cells(data, self._style_kinds()))
        return True

    def _has_excel_layout(self, part: str, data: bytes) -> bool:
        """The fast reader's check, done with the part's rows located for `apply`."""
        try:
            layout = locate(data)
        except SheetLayoutError:  # reported by `apply`, if it writes there
            return has_excel_layout(data)
        if self._recent.get(part) is data:  # held anyway: the layout is valid while it is
            self._layouts[part] = (data, layout)
        return has_excel_layout(data, layout)

    def _located(self, part: str, data: bytes) -> SheetLayout | None:
        """The layout `read_grid` found for these very bytes, if it did."""
        cached = self._layouts.get(part)
        return cached[1] if cached is not None and cached[0] is data else None

    def sheet_part(self, sheet: str) -> str:
        """Normalised name of the part that holds a worksheet ('xl/worksheets/sheet1.xml')."""
        return self._sheet(sheet).part

    @property
    def workbook_part(self) -> str:
        return self._map.workbook_part

    @property
    def styles_part(self) -> str | None:
        return self._styles_part

    def part_names(self) -> list[str]:
        """Normalised names of the package's parts, in order (as last read or saved)."""
        return self._package.part_names()

    def _shared_strings(self) -> list[str]:
        if self._shared is None:
            self._shared = read_shared_strings(
                self._package, self._map.part_of_kind("sharedStrings")
            )
        return self._shared

    def _sheet(self, name: str) -> SheetRef:
        for ref in self._map.worksheets:
            if ref.name == name:
                return ref
        raise SheetNotFoundError(
            str(self.path),
            f"has no worksheet named {name!r}.",
            hint=f"Its worksheets are: {', '.join(self.sheet_names()) or 'none'}.",
        )

    def _part_bytes(self, part: str) -> bytes:
        if part in self._staged:
            staged = self._staged[part]
            return staged.content() if isinstance(staged, DeflatedPart) else staged
        if part in self._added:
            return self._added[part]
        data = self._recent.get(part)
        if data is None:
            data = self._package.read(part)
            self._recent[part] = data
            total = sum(map(len, self._recent.values()))
            for old in list(self._recent)[:-1]:  # the oldest go first, never the newest
                if total <= KEEP_DECOMPRESSED:
                    break
                total -= len(self._recent.pop(old))
                self._layouts.pop(old, None)
        return data

    # -- writing ---------------------------------------------------------------

    def apply(self, plans: Sequence[WritePlan]) -> None:
        """Stage every planned write; all or nothing (a refused write stages none)."""
        saved = (
            dict(self._staged),
            dict(self._added),
            copy.deepcopy(self._styles),
            self._styles_part,
            copy.deepcopy(self._index),
            self._map,
        )
        try:
            for plan in plans:
                self._apply_plan(plan)
        except BaseException:
            (self._staged, self._added, self._styles, self._styles_part, self._index, self._map) = (
                saved
            )
            raise

    def _apply_plan(self, plan: WritePlan) -> None:
        if plan.sheet not in self.sheet_names():
            self._create_sheet(plan.sheet)
        if not plan.writes:
            return
        ref = self._sheet(plan.sheet)
        styles = self._style_book()
        current = self._part_bytes(ref.part)
        layout = self._located(ref.part, current)
        self._recent.pop(ref.part, None)  # about to be superseded by what we write
        self._layouts.pop(ref.part, None)
        refuse_doctype(current, path=str(self.path), part=ref.part)
        # a big part is deflated while it is written and staged in that form only (the
        # 38 MB of a 10,000-row dashboard are not held twice); past
        # WELL_FORMED_CHECK_BELOW only the bytes the splicer wrote are re-parsed
        big = len(current) > WELL_FORMED_CHECK_BELOW
        sink = (
            StreamingDeflate(keep=not big)
            if len(current) > STREAM_ABOVE
            and ref.part not in self._added
            and self._package.member(ref.part).compress_type == zipfile.ZIP_DEFLATED
            else None
        )
        new_bytes: list[bytes] | None = [] if big else None
        written: bytes | DeflatedPart
        try:
            if sink is not None:
                written = stream_cells(current, plan.sheet, plan.writes, styles.xf_for,
                                       sink, new_bytes, layout=layout)
            else:
                written = write_cells(current, plan.sheet, plan.writes, styles.xf_for,
                                      new_bytes, layout=layout)
            del current  # the splice is done: the original part need not be held any more
            if not big:
                check_well_formed(
                    written.content() if isinstance(written, DeflatedPart) else written)
        except (SheetLayoutError, etree.XMLSyntaxError) as exc:
            if sink is not None:
                sink.cancel()
            raise CorruptWorkbookError(
                str(self.path), f"sheet {plan.sheet!r}: {exc}.", hint="Re-save it in Excel."
            ) from exc
        except SplicedXmlError as exc:  # pragma: no cover - would be a bug of ours
            if sink is not None:
                sink.cancel()
            raise _malformed(str(self.path), ref.part, exc) from exc
        except BaseException:
            if sink is not None:
                sink.cancel()
            raise
        if plan.look is not None:  # a sheet of ours (Data checks): small, parsed whole
            written = apply_look(
                written.content() if isinstance(written, DeflatedPart) else written,
                plan.look, styles)
            set_filter_database(self._package_index(), plan.sheet, plan.look.filter_range)
        if ref.part in self._added:
            self._added[ref.part] = (
                written.content() if isinstance(written, DeflatedPart) else written)
        else:
            self._staged[ref.part] = written

    def _style_book(self) -> StyleBook:
        if self._styles is None:
            if self._styles_part is None or not self._package.has(self._styles_part):
                self._styles_part = add_styles(self._package_index())
                self._styles = StyleBook(
                    MINIMAL_STYLES, path=str(self.path), part=self._styles_part
                )
                self._styles.changed = True
            else:
                self._styles = StyleBook(
                    self._package.read(self._styles_part),
                    path=str(self.path),
                    part=self._styles_part,
                )
        return self._styles

    def _package_index(self) -> PackageIndex:
        if self._index is None:
            workbook_part = self._map.workbook_part
            rels_part = rels_part_for(workbook_part)
            self._index = PackageIndex(
                str(self.path),
                workbook_part,
                self._package.read(workbook_part),
                rels_part,
                self._package.read(rels_part),
                self._package.read("[Content_Types].xml"),
            )
        return self._index

    def _create_sheet(self, name: str) -> None:
        check_sheet_name(str(self.path), name, [s.name for s in self._map.sheets])
        taken = self._package.part_names() + list(self._added)
        part = add_worksheet(self._package_index(), name, taken)
        self._added[part] = EMPTY_WORKSHEET
        self._map = read_workbook_map_with(self._map, name, part)

    # -- adding a month column (see month_column.py) ---------------------------

    def column_state(self, sheet: str) -> ColumnState:
        """Hidden and grouped columns of a worksheet, from its <cols>."""
        data = self._part_bytes(self._sheet(sheet).part)
        return column_state(data.decode("utf-8", "replace"), range(0, 16_384))

    def insert_month_column(self, plan: AddMonthPlan) -> None:
        """Stage the new month column and every reference it moves; `save` writes them."""
        # Imported here: column insertion pulls in openpyxl's formula tokenizer, which a
        # plain refresh never needs (0.1 s of start-up).
        from .insert.month_column import insert_month_parts

        self._sheet(plan.sheet)
        changed = insert_month_parts(self, self._map, plan, path=str(self.path),
                                     date1904=self._map.date1904)
        for part, content in changed.items():
            _check_well_formed(content, path=str(self.path), part=part)
        for part, content in changed.items():
            if part in self._added:
                self._added[part] = content
            else:
                self._staged[part] = content

    def read(self, part: str) -> bytes:
        """A part's current content (staged writes included)."""
        return self._part_bytes(part)

    def names(self) -> list[str]:
        return self._package.part_names() + [p for p in self._added if not self._package.has(p)]

    def relationships(self, part: str) -> list[Relationship]:
        return read_relationships(self._package, part)

    def changed_parts(self) -> list[str]:
        """Normalised names of the parts a save would rewrite or add."""
        changed = list(self._staged)
        if self._styles is not None and self._styles.changed:
            changed.append(self._styles_part or "")
        if self._index is not None:
            changed += sorted(self._index.modified)
        return changed + list(self._added)

    def to_bytes(self) -> bytes:
        """The package as `save` would write it."""
        replaced: dict[str, bytes | DeflatedPart] = dict(self._staged)
        if self._index is not None:
            replaced.update(self._index.serialised())
        added = dict(self._added)
        if self._styles is not None and self._styles.changed and self._styles_part:
            if self._package.has(self._styles_part):
                replaced[self._styles_part] = self._styles.to_bytes()
            else:
                added[self._styles_part] = self._styles.to_bytes()
        by_stored_name = {
            self._package.member(part).name: content for part, content in replaced.items()
        }
        out = io.BytesIO()
        write_package(
            self._package.data,
            members=self._package.members,
            comment=self._package.comment,
            replaced=by_stored_name,
            added=added.items(),
            out=out,
        )
        return out.getvalue()

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
            self._write(target, in_place=in_place, backup=backup)
        finally:
            self.close()
        return target

    def _write(self, target: Path, *, in_place: bool, backup: bool) -> None:
        real = safety.real_path(self.path if in_place else target)
        lock = self._lock if in_place and self._lock is not None else WorkbookLock(
            real, str(target))
        with lock:
            safety.check_writable(self.path if in_place else target)
            check = self._check_unchanged if in_place else _nothing
            check()
            content = self.to_bytes()
            try:
                atomic_save.replace_atomically(
                    real, content, backup=self._package.data if backup and in_place else None,
                    before_replace=check)
            except platform_files.HeldByAnotherProgramError as exc:
                raise WorkbookLockedError(
                    str(exc.filename),
                    f"is held open by another program (Excel, a preview pane, antivirus or "
                    f"OneDrive), so it could not be replaced (tried for "
                    f"{sum(platform_files.RETRY_DELAYS):g} s).",
                    hint=f"Close it there and try again; {target} was not changed.",
                ) from None
            except PermissionError as exc:
                raise _not_replaced(exc, target) from None
            if in_place:
                self._load(content)
                self._seen = _identity(real.stat())

    def _check_unchanged(self) -> None:
        """Refuse if the file on disk is no longer the one read: compared by identity
        first (cheap), then by content (a file re-saved unchanged passes)."""
        real = safety.real_path(self.path)
        try:
            now = real.stat()
            if self._seen is not None and _identity(now) == self._seen:
                return
            if real.read_bytes() == self._package.data:
                self._seen = _identity(now)
                return
        except FileNotFoundError:
            pass
        raise WorkbookChangedError(
            str(self.path),
            "changed on disk after it was read (saved from Excel, or by another program).",
            hint="Nothing was written. Run the command again on the saved file.",
        )

    def hold(self, lock: WorkbookLock) -> None:
        """Take the workbook's lock until `save` or `close`; if another run replaced the
        file since it was read, read it again (under the lock, so from now on it is ours)."""
        lock.acquire()
        self._lock = lock
        try:
            try:
                self._check_unchanged()
            except WorkbookChangedError:
                data, self._seen = _read(self.path)
                self._load(data)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Release the workbook's lock (taken by open_workbook for writing); idempotent."""
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> PackageWorkbook:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _nothing() -> None:
    return None


def _not_replaced(error: PermissionError, target: Path) -> WorkbookError:
    """A replace the system refused: on Windows a program holds the file; elsewhere the
    folder's permissions forbid it."""
    shown = str(error.filename2 or error.filename or target)  # rename(2) names both
    if platform_files.on_windows():
        return WorkbookLockedError(
            shown, "cannot be replaced (another program has it open).",
            hint=f"Close it in Excel (or any program using it) and try again; {target} was "
            "not changed.")
    return WorkbookReadOnlyError(
        shown, "cannot be replaced (permission denied).",
        hint=f"Ask for write access to its folder, or write elsewhere with --out; {target} "
        "was not changed.")


def _read_ahead(package: OpcPackage, readers: list[FastReader]) -> list[str]:
    """Have calamine start on the worksheet a refresh reads first (`read_first`), if it
    is big: its parse (0.6 s at 10,000 x 120) then overlaps the CRC checks. Returns its
    part, to keep decompressed once its CRC is checked. Never raises: on any doubt,
    nothing is started and the checks that follow report the fault as they would have."""
    try:
        book_map = read_workbook_map(package)
        if not any(package.has(ref.part)
                   and package.member(ref.part).file_size >= READ_AHEAD_ABOVE
                   for ref in book_map.worksheets):
            return []  # no sheet is big
        first = read_first(book_map.worksheets)
        if (first is None or not package.has(first.part)
                or package.member(first.part).file_size < READ_AHEAD_ABOVE):
            return []
        reader = FastReader(package.data, date1904=book_map.date1904)
        reader.prefetch(first.name)
    except Exception:  # a best effort: the checks that follow decide
        return []
    readers.append(reader)
    return [first.part]


def read_first(worksheets: Sequence[SheetRef]) -> SheetRef | None:
    """The worksheet a refresh reads first (`core.sheets.dashboard_candidates`, as
    `service.locate_dashboard` reads them), which usually holds the dashboard."""
    first = dashboard_candidates([ref.name for ref in worksheets])[:1]
    return next((ref for ref in worksheets if ref.name in first), None)


def read_workbook_map_with(book_map: WorkbookMap, name: str, part: str) -> WorkbookMap:
    """The map with a just-added worksheet appended (its rId is not needed later)."""
    new = SheetRef(name=name, sheet_id=0, rel_id="", part=part, kind="worksheet")
    return WorkbookMap(
        book_map.workbook_part, (*book_map.sheets, new), book_map.relationships, book_map.date1904
    )


WELL_FORMED_CHECK_BELOW = 16 << 20
"""Written sheets up to 16 MB are re-parsed whole, bigger ones on the bytes the splicer
wrote (`sheet_writer._check_spliced`): a splicing fault must never reach the file."""
KEEP_DECOMPRESSED = 64 << 20
"""Decompressed parts kept for reuse up to this total (the newest one always)."""
READ_AHEAD_ABOVE = 2 << 20
"""The worksheet a refresh reads first is parsed by calamine as the file is opened when its
part is this big (uncompressed)."""
STREAM_ABOVE = 1 << 20
"""Sheet parts bigger than this are deflated while they are written."""


def _malformed(path: str, part: str, exc: Exception) -> CorruptWorkbookError:
    return CorruptWorkbookError(
        path,
        f"writing sheet part {part} produced malformed XML ({exc}); nothing saved.",
        hint="Please report this with the workbook.",
    )


def _check_well_formed(data: bytes, *, path: str, part: str) -> None:
    if len(data) > WELL_FORMED_CHECK_BELOW:
        return
    try:
        check_well_formed(data)
    except SplicedXmlError as exc:  # pragma: no cover - would be a bug of ours
        raise _malformed(path, part, exc) from exc
