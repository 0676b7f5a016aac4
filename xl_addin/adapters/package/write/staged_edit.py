"""The writing half of a workbook: parts written but not saved yet.

`PackageWorkbook.apply` writes into a `copy` of the staged edit and keeps it only when
every plan was written: a refused write leaves the edit as it was.
"""

from __future__ import annotations

import copy
import zipfile

from lxml import etree

from xl_addin.core.plan import WritePlan

from ..errors import CorruptWorkbookError
from ..opc import OpcPackage, rels_part_for
from ..read.workbook_map import SheetRef, WorkbookMap
from ..sheet_layout import SheetLayout, SheetLayoutError
from ..sparkline_ext import draw_sparklines
from ..xml_parsing import refuse_doctype
from ..zip_io import DeflatedPart, StreamingDeflate
from .new_parts import (
    EMPTY_WORKSHEET,
    PackageIndex,
    add_styles,
    add_worksheet,
    check_sheet_name,
    set_filter_database,
)
from .sheet_look import apply_look
from .sheet_writer import SplicedXmlError, check_well_formed, stream_cells, write_cells
from .styles import MINIMAL_STYLES, StyleBook

STREAM_ABOVE = 1 << 20
"""A sheet part bigger than this is deflated while it is written."""
WELL_FORMED_CHECK_BELOW = 16 << 20
"""A written part up to this size is re-parsed whole; a bigger one only on the bytes the
splicer wrote (`sheet_writer._SplicedCheck`), and staged deflated only (not held twice)."""


class StagedEdit:
    """Parts replaced and added, the styles and workbook parts they need, and the map
    with the sheets added."""

    def __init__(self, shown: str, package: OpcPackage, book_map: WorkbookMap) -> None:
        self.shown = shown
        self.package = package
        self.map = book_map
        self.replaced: dict[str, bytes | DeflatedPart] = {}
        self.added: dict[str, bytes] = {}
        self.styles_part = book_map.part_of_kind("styles")
        self._styles: StyleBook | None = None
        self._index: PackageIndex | None = None

    def copy(self) -> StagedEdit:
        """A copy to write into: parts are shared (never changed in place), the styles
        and workbook parts, which writes change in place, are copied."""
        twin = copy.copy(self)
        twin.replaced, twin.added = dict(self.replaced), dict(self.added)
        twin._styles, twin._index = copy.deepcopy(self._styles), copy.deepcopy(self._index)
        return twin

    def content(self, part: str) -> bytes | None:
        """A part as written, if it was."""
        written = self.replaced.get(part, self.added.get(part))
        return written.content() if isinstance(written, DeflatedPart) else written

    def put(self, part: str, content: bytes) -> None:
        """Stage a part written elsewhere (the month column's); checked well-formed."""
        if len(content) <= WELL_FORMED_CHECK_BELOW:
            try:
                check_well_formed(content)
            except SplicedXmlError as exc:  # pragma: no cover - would be a bug of ours
                raise _malformed(self.shown, part, exc) from exc
        self._stage(part, content)

    def _stage(self, part: str, written: bytes | DeflatedPart) -> None:
        if part in self.added:
            self.added[part] = written.content() if isinstance(written, DeflatedPart) else written
        else:
            self.replaced[part] = written

    def sheet(self, name: str) -> SheetRef | None:
        return next((ref for ref in self.map.worksheets if ref.name == name), None)

    def create_sheet(self, name: str) -> SheetRef:
        check_sheet_name(self.shown, name, [s.name for s in self.map.sheets])
        taken = self.package.part_names() + list(self.added)
        part = add_worksheet(self._package_index(), name, taken)
        self.added[part] = EMPTY_WORKSHEET
        new = SheetRef(name=name, sheet_id=0, rel_id="", part=part, kind="worksheet")
        self.map = WorkbookMap(self.map.workbook_part, (*self.map.sheets, new),
                               self.map.relationships, self.map.date1904)
        return new

    def write(self, plan: WritePlan, ref: SheetRef, current: bytes,
              layout: SheetLayout | None) -> None:
        """Stage `plan`'s writes to `current`, the part's bytes (`layout`: its rows, if
        located already)."""
        refuse_doctype(current, path=self.shown, part=ref.part)
        big = len(current) > WELL_FORMED_CHECK_BELOW
        sink = (StreamingDeflate(keep=not big)
                if len(current) > STREAM_ABOVE and ref.part not in self.added
                and self.package.member(ref.part).compress_type == zipfile.ZIP_DEFLATED
                else None)
        new_bytes: list[bytes] | None = [] if big else None
        try:
            written = self._spliced(plan, ref, current, layout, sink, new_bytes)
        except BaseException:
            if sink is not None:
                sink.cancel()
            raise
        if plan.look is not None:  # a sheet of ours (Data checks): small, parsed whole
            written = apply_look(
                written.content() if isinstance(written, DeflatedPart) else written,
                plan.look, self._style_book())
            set_filter_database(self._package_index(), plan.sheet, plan.look.filter_range)
        if plan.sparklines is not None:  # the sheet's extLst, at its very end
            written = draw_sparklines(
                written.content() if isinstance(written, DeflatedPart) else written,
                plan.sparklines)
        self._stage(ref.part, written)

    def _spliced(  # noqa: PLR0917 - `write`'s arguments, and where the bytes go
        self, plan: WritePlan, ref: SheetRef, current: bytes, layout: SheetLayout | None,
        sink: StreamingDeflate | None, new_bytes: list[bytes] | None,
    ) -> bytes | DeflatedPart:
        styles = self._style_book()
        try:
            written: bytes | DeflatedPart
            if sink is not None:
                written = stream_cells(current, plan.sheet, plan.writes, styles.xf_for, sink,
                                       new_bytes, layout=layout)
            else:
                written = write_cells(current, plan.sheet, plan.writes, styles.xf_for,
                                      new_bytes, layout=layout)
            if new_bytes is None:  # a part this small is re-parsed whole
                check_well_formed(
                    written.content() if isinstance(written, DeflatedPart) else written)
        except (SheetLayoutError, etree.XMLSyntaxError) as exc:
            raise CorruptWorkbookError(
                self.shown, f"sheet {plan.sheet!r}: {exc}.", hint="Re-save it in Excel."
            ) from exc
        except SplicedXmlError as exc:  # pragma: no cover - would be a bug of ours
            raise _malformed(self.shown, ref.part, exc) from exc
        return written

    def _style_book(self) -> StyleBook:
        if self._styles is None:
            if self.styles_part is None or not self.package.has(self.styles_part):
                self.styles_part = add_styles(self._package_index())
                self._styles = StyleBook(MINIMAL_STYLES, path=self.shown, part=self.styles_part)
                self._styles.changed = True
            else:
                self._styles = StyleBook(self.package.read(self.styles_part), path=self.shown,
                                         part=self.styles_part)
        return self._styles

    def _package_index(self) -> PackageIndex:
        if self._index is None:
            workbook_part = self.map.workbook_part
            rels_part = rels_part_for(workbook_part)
            self._index = PackageIndex(
                self.shown, workbook_part, self.package.read(workbook_part), rels_part,
                self.package.read(rels_part), self.package.read("[Content_Types].xml"))
        return self._index

    def changed_parts(self) -> list[str]:
        """Normalised names of the parts a save would rewrite or add."""
        changed = list(self.replaced)
        if self._styles is not None and self._styles.changed:
            changed.append(self.styles_part or "")
        if self._index is not None:
            changed += sorted(self._index.modified)
        return changed + list(self.added)

    def to_save(self) -> tuple[dict[str, bytes | DeflatedPart], dict[str, bytes]]:
        """(parts replaced, parts added), the styles and workbook parts serialised."""
        replaced: dict[str, bytes | DeflatedPart] = dict(self.replaced)
        if self._index is not None:
            replaced.update(self._index.serialised())
        added = dict(self.added)
        if self._styles is not None and self._styles.changed and self.styles_part:
            if self.package.has(self.styles_part):
                replaced[self.styles_part] = self._styles.to_bytes()
            else:
                added[self.styles_part] = self._styles.to_bytes()
        return replaced, added


def _malformed(path: str, part: str, exc: Exception) -> CorruptWorkbookError:
    return CorruptWorkbookError(
        path,
        f"writing sheet part {part} produced malformed XML ({exc}); nothing saved.",
        hint="Please report this with the workbook.",
    )
