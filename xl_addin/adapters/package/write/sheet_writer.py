"""Planned cell writes applied to a worksheet part, changing nothing else in it.

Only the rows that receive a write are re-serialised: on bytes for rows as Excel
writes them (`row_splice`), else through lxml, from a fragment parsed with the
sheet's namespace declarations. Every other byte of the part,
including formulas, cached values, merges, conditional formats, data validations
and extLst, is copied as it was. Text goes in as inline strings, never as formulas.
"""

from __future__ import annotations

import bisect
import heapq
import operator
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol
from xml.parsers import expat

from lxml import etree

from xl_addin.core.address import cell_address, parse_address
from xl_addin.core.errors import CellError, FormulaCellError
from xl_addin.core.plan import CellWrite

from ..cell_text import excel_escape, keeps_spaces, number_text
from ..namespaces import q
from ..read.sheet_reader import split_reference
from ..sheet_layout import RowSpan, SheetLayout, SheetLayoutError, locate
from ..xml_parsing import safe_parser
from ..zip_io import DeflatedPart
from .row_splice import RowSplicer, fast_path_applies
from .styles import Styler

_WRAPPER = b"xl_addin_fragment"
_ROW, _C, _F, _V, _IS, _T = q("row"), q("c"), q("f"), q("v"), q("is"), q("t")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_A1 = re.compile(r"[A-Za-z]{1,3}[0-9]{1,7}")
_COLS = re.compile(rb"<([\w.-]+:)?cols[\s>].*?</\1?cols>", re.S)


class Sink(Protocol):
    """Where the written part goes, piece by piece (`zip_io.StreamingDeflate`)."""

    def write(self, piece: bytes | memoryview) -> None: ...

    def finish(self) -> DeflatedPart: ...


def write_cells(
    data: bytes,
    sheet: str,
    writes: Sequence[CellWrite],
    styler: Styler,
    new_bytes: list[bytes] | None = None,
    *,
    layout: SheetLayout | None = None,
) -> bytes:
    """The sheet part with `writes` applied (the last write to a cell wins).

    `new_bytes`, when given, collects every byte string the row splicer wrote that was
    not copied from `data` (new cells and row start tags), and they are checked
    (`_SplicedCheck`). Rows rewritten through lxml are serialised by it, well-formed
    by construction. `layout`, when given, is `locate(data)` already done.
    """
    if not writes:
        return data
    ordered, check = _ordered_edits(data, sheet, writes, styler, new_bytes, layout=layout)
    result = _splice(data, ordered)
    if check is not None:
        check.flush(last=True)
    return result


def stream_cells(  # noqa: PLR0917 - write_cells' arguments and the sink
    data: bytes,
    sheet: str,
    writes: Sequence[CellWrite],
    styler: Styler,
    sink: Sink,
    new_bytes: list[bytes] | None = None,
    *,
    layout: SheetLayout | None = None,
) -> DeflatedPart:
    """As `write_cells`, the part written into `sink` in order as rows are rewritten (so
    it is deflated meanwhile); no second copy of the part is built here."""
    if not writes:
        sink.write(data)
        return sink.finish()
    ordered, check = _ordered_edits(data, sheet, writes, styler, new_bytes, layout=layout)
    view = memoryview(data)
    at = 0
    for start, end, replacement in ordered:
        sink.write(view[at:start])
        sink.write(replacement)
        at = end
    sink.write(view[at:])
    del view
    result = sink.finish()
    if check is not None:
        check.flush(last=True)
    return result


def _ordered_edits(
    data: bytes,
    sheet: str,
    writes: Sequence[CellWrite],
    styler: Styler,
    new_bytes: list[bytes] | None,
    *,
    layout: SheetLayout | None = None,
) -> tuple[Iterator[tuple[int, int, bytes]], _SplicedCheck | None]:
    """Every (start, end, replacement) of the part in byte order, rows rewritten lazily."""
    if layout is None:
        layout = locate(data)
    by_row: dict[int, dict[int, CellWrite]] = {}
    for write in writes:
        by_row.setdefault(write.row, {})[write.col] = write
    column_styles = _column_styles(data, layout)
    editor = _RowEditor(layout, sheet, styler, column_styles)
    splicer = (
        RowSplicer(styler, column_styles, new_bytes, plain=layout.plain)
        if fast_path_applies(layout.prefix, layout.namespace_declarations)
        else None
    )
    existing = {row.index: row for row in layout.rows}
    check = _SplicedCheck(layout, new_bytes) if new_bytes is not None else None

    edits: list[tuple[int, int, bytes]] = []
    if any(not row.has_r for row in layout.rows):
        # new rows would shift rows numbered by position: give every row its number
        edits += [
            _add_row_number(row, layout.prefix)
            for row in layout.rows
            if not row.has_r and row.index not in by_row
        ]
    new_rows = [
        (index, editor.create(index, by_row[index])) for index in sorted(by_row)
        if index not in existing
    ]
    edits += _insert_rows(data, layout, new_rows)
    edits += _grow_dimension(layout, writes)
    edits.sort(key=_SPAN)

    def rewritten_rows() -> Iterator[tuple[int, int, bytes]]:
        for index in sorted(by_row):
            row = existing.get(index)
            if row is None:
                continue
            fragment = data[row.start : row.end]
            spliced = (
                splicer.rewrite_row(fragment, row.head_end - row.start, by_row[index])
                if splicer is not None
                else None
            )
            if spliced is None:  # anything unusual: the lxml path, which handles every row
                spliced = editor.rewrite(fragment, index, by_row[index])
            if check is not None:
                check.flush()
            yield row.start, row.end, spliced

    # both sequences are in byte order; on a tie the fixed edits go first, as sorted() did
    return heapq.merge(edits, rewritten_rows(), key=_SPAN), check


_SPAN = operator.itemgetter(0, 1)


class SplicedXmlError(ValueError):
    """Bytes the splicer wrote are not well-formed XML (a bug of ours, never the file's)."""


class _SplicedCheck:
    """Checks the bytes a splice wrote instead of re-parsing the whole part.

    Sufficient when the part was well-formed: every other byte is copied unchanged,
    and each piece is a whole element put where an element was (a new cell before a
    `<c r="` or `</row>` of a row checked free of comments, CDATA and processing
    instructions, a cell over a whole cell, a row's start tag over its start tag;
    `row_splice` guarantees those positions). So if each piece is well-formed element
    content in the sheet's namespaces, so is the result. The pieces are fed to one
    expat parser as rows are written, far cheaper than re-parsing a big part.
    """

    def __init__(self, layout: SheetLayout, pieces: list[bytes]) -> None:
        self.pieces = pieces
        self._parser = expat.ParserCreate(namespace_separator=" ")
        self._feed(b"<" + _WRAPPER + layout.namespace_declarations + b">", last=False)

    def _feed(self, data: bytes, *, last: bool) -> None:
        try:
            self._parser.Parse(data, last)
        except expat.ExpatError as exc:
            raise SplicedXmlError(str(exc)) from exc

    def flush(self, *, last: bool = False) -> None:
        if len(self.pieces) > 2000 or last:
            data = b"".join(self.pieces)
            self.pieces.clear()
            self._feed(data + (b"</" + _WRAPPER + b">" if last else b""), last=last)


def check_well_formed(data: bytes) -> None:
    """The whole part parsed with expat, namespaces resolved; raises SplicedXmlError."""
    _parse_with_expat(data)


def _parse_with_expat(document: bytes) -> None:
    """expat answers in a tenth of lxml's time; lxml (the judge before) confirms a fault,
    so an encoding expat lacks (a part declared windows-1252) is not refused."""
    parser = expat.ParserCreate(namespace_separator=" ")
    try:
        parser.Parse(document, True)
    except expat.ExpatError:
        try:
            etree.fromstring(document, safe_parser())
        except etree.XMLSyntaxError as exc:
            raise SplicedXmlError(str(exc)) from exc


def _splice(data: bytes, edits: Iterable[tuple[int, int, bytes]]) -> bytes:
    view = memoryview(data)  # slices of a view copy nothing before the join
    pieces: list[bytes | memoryview] = []
    at = 0
    for start, end, replacement in edits:
        pieces += [view[at:start], replacement]
        at = end
    pieces.append(view[at:])
    return b"".join(pieces)


def _add_row_number(row: RowSpan, prefix: bytes) -> tuple[int, int, bytes]:
    at = row.start + len(b"<" + prefix + b"row")
    return at, at, f' r="{row.index + 1}"'.encode()


def _insert_rows(
    data: bytes, layout: SheetLayout, new_rows: list[tuple[int, bytes]]
) -> list[tuple[int, int, bytes]]:
    if not new_rows:
        return []
    if layout.sheet_data_close is None:  # '<sheetData/>': open it up around the rows
        start, head_end = layout.sheet_data_start, layout.sheet_data_head_end
        opening = data[start:head_end].rstrip(b">").rstrip().rstrip(b"/") + b">"
        rows = b"".join(row for _, row in new_rows)
        return [(start, head_end, opening + rows + b"</" + layout.prefix + b"sheetData>")]
    indices = [row.index for row in layout.rows]  # rows are in ascending order
    edits = []
    for index, row_bytes in new_rows:
        following = bisect.bisect_right(indices, index)
        at = layout.rows[following].start if following < len(indices) else layout.sheet_data_close
        edits.append((at, at, row_bytes))
    return edits


def _grow_dimension(
    layout: SheetLayout, writes: Sequence[CellWrite]
) -> list[tuple[int, int, bytes]]:
    if layout.dimension is None or not layout.dimension_ref:
        return []
    corners = [parse_address(part) for part in layout.dimension_ref.replace("$", "").split(":")]
    top = min(r for r, _ in corners)
    left = min(c for _, c in corners)
    bottom = max(r for r, _ in corners)
    right = max(c for _, c in corners)
    empty = layout.dimension_ref == "A1" and not layout.rows
    rows = [w.row for w in writes]
    cols = [w.col for w in writes]
    if empty:
        top, left, bottom, right = min(rows), min(cols), max(rows), max(cols)
    else:
        top, left = min(top, *rows), min(left, *cols)
        bottom, right = max(bottom, *rows), max(right, *cols)
    ref = cell_address(top, left)
    if (top, left) != (bottom, right):
        ref += ":" + cell_address(bottom, right)
    if ref == layout.dimension_ref:
        return []
    start, end = layout.dimension
    return [(start, end, ref.encode())]


def _column_styles(data: bytes, layout: SheetLayout) -> dict[int, int]:
    """Style index per 0-based column from <cols>, for cells we create."""
    found = _COLS.search(data, 0, layout.sheet_data_start)
    if found is None:
        return {}
    cols = etree.fromstring(_wrap(layout, found.group()), safe_parser(strip_cdata=False))[0]
    styles: dict[int, int] = {}
    for col in cols:
        style = col.get("style")
        if style is None:
            continue
        low = _whole(col.get("min", "1"), "a column range (<col min>)")
        high = _whole(col.get("max", "1"), "a column range (<col max>)")
        for index in range(low - 1, min(high, 16384)):
            styles[index] = _whole(style, "a column style (<col style>)")
    return styles


def _wrap(layout: SheetLayout, fragment: bytes) -> bytes:
    return (
        b"<" + _WRAPPER + layout.namespace_declarations + b">" + fragment + b"</" + _WRAPPER + b">"
    )


def _unwrap(wrapper: etree._Element) -> bytes:
    text = etree.tostring(wrapper, encoding="UTF-8", xml_declaration=False)
    return text[text.index(b">") + 1 : text.rindex(b"</")]


class _RowEditor:
    def __init__(
        self, layout: SheetLayout, sheet: str, styler: Styler, column_styles: dict[int, int]
    ) -> None:
        self.layout = layout
        self.sheet = sheet
        self.styler = styler
        self.column_styles = column_styles

    def rewrite(self, fragment: bytes, index: int, writes: dict[int, CellWrite]) -> bytes:
        wrapper = etree.fromstring(_wrap(self.layout, fragment), safe_parser(strip_cdata=False))
        self._apply(wrapper[0], index, writes)
        return _unwrap(wrapper)

    def create(self, index: int, writes: dict[int, CellWrite]) -> bytes:
        wrapper = etree.fromstring(_wrap(self.layout, b""), safe_parser())
        row = etree.SubElement(wrapper, _ROW)
        row.set("r", str(index + 1))
        self._apply(row, index, writes)
        return _unwrap(wrapper)

    def _apply(self, row: etree._Element, index: int, writes: dict[int, CellWrite]) -> None:
        if row.get("r") is None:
            row.set("r", str(index + 1))
        cells = _cells_by_column(row, index)
        row_style = (_whole(row.get("s", "0"), f"row {index + 1}'s style")
                     if row.get("customFormat") in ("1", "true") else None)
        for col in sorted(writes):
            cell = cells.get(col)
            if cell is None:
                cell = _new_cell(row, cells, index, col)
                default = row_style if row_style is not None else self.column_styles.get(col, 0)
                if default:
                    cell.set("s", str(default))
            self._set(cell, writes[col])
        _widen_spans(row, [*cells, *writes])

    def _set(self, cell: etree._Element, write: CellWrite) -> None:
        if cell.find(_F) is not None:
            raise FormulaCellError(
                self.sheet,
                write.row,
                write.col,
                "holds a formula, which is never overwritten.",
                hint="Move the formula out of the refreshed columns, or clear it.",
            )
        for child in [*cell.findall(_V), *cell.findall(_IS)]:
            cell.remove(child)
        for attribute in ("t", "vm", "cm"):  # vm/cm point at rich values of the old content
            if attribute in cell.attrib:
                del cell.attrib[attribute]
        current = _whole(cell.get("s", "0") or "0", f"cell {cell.get('r')}'s style")
        style = self.styler(current, write.number_format, write.tone)
        if style != current or "s" in cell.attrib:
            cell.set("s", str(style))
        if isinstance(write.value, str):
            cell.set("t", "inlineStr")
            cell.insert(0, _inline_string(write.value))
        elif write.value is not None:
            value = etree.Element(_V)
            value.text = _number_text(self.sheet, write)
            cell.insert(0, value)


def _cells_by_column(row: etree._Element, index: int) -> dict[int, etree._Element]:
    cells: dict[int, etree._Element] = {}
    col = -1
    children = list(row.iterchildren(_C))
    numbered = all(cell.get("r") for cell in children)
    for cell in children:
        ref = cell.get("r")
        col = _column_of(ref, index) if ref else col + 1
        if not numbered:  # a cell we insert would shift cells numbered by position
            cell.set("r", cell_address(index, col))
        cells[col] = cell
    return cells


def _whole(text: str, what: str) -> int:
    """A style index or column number; SheetLayoutError naming `what` when it is not one."""
    try:
        return int(text)
    except ValueError:
        raise SheetLayoutError(f"{what} is {text!r}, not a whole number") from None


def _column_of(ref: str, index: int) -> int:
    """The 0-based column of a cell's `r`; SheetLayoutError when it is not an A1 reference
    ('$A2' would otherwise be read as a column and a row number, wrongly)."""
    if _A1.fullmatch(ref) is None:
        raise SheetLayoutError(
            f"row {index + 1} holds a cell numbered {ref!r}, which is not a cell reference")
    return split_reference(ref)[1]


def _new_cell(
    row: etree._Element, cells: dict[int, etree._Element], index: int, col: int
) -> etree._Element:
    cell = etree.Element(_C)
    cell.set("r", cell_address(index, col))
    following = [c for c in sorted(cells) if c > col]
    if following:
        cells[following[0]].addprevious(cell)
    elif cells:
        cells[max(cells)].addnext(cell)
    else:
        row.insert(0, cell)
    cells[col] = cell
    return cell


def _widen_spans(row: etree._Element, cols: Sequence[int | CellWrite]) -> None:
    spans = row.get("spans")
    if not spans:
        return
    wanted = [c if isinstance(c, int) else c.col for c in cols]
    ranges = []
    for token in spans.split():
        low, _, high = token.partition(":")
        if not low.isdigit() or not (high or low).isdigit():
            return  # not numbers: left as they are, as `row_splice` leaves them
        ranges.append((int(low) - 1, int(high or low) - 1))
    if all(any(low <= c <= high for low, high in ranges) for c in wanted):
        return
    everything = [c for r in ranges for c in r] + wanted
    row.set("spans", f"{min(everything) + 1}:{max(everything) + 1}")


def _inline_string(text: str) -> etree._Element:
    item = etree.Element(_IS)
    t = etree.SubElement(item, _T)
    t.text = excel_escape(text)
    if keeps_spaces(text):
        t.set(_XML_SPACE, "preserve")
    return item


def _number_text(sheet: str, write: CellWrite) -> str:
    text = number_text(float(write.value))  # type: ignore[arg-type]
    if text is None:
        raise CellError(
            sheet,
            write.row,
            write.col,
            f"cannot store {write.value} in a cell.",
            hint="Write a text marker such as 'n/a' instead.",
        )
    return text
