"""Inserting one column into a worksheet part, as Excel's Insert > Sheet Columns does.

Every cell at or right of the column moves right by one, and so do the sheet's
own references to them: formulas, shared and array formula ranges, merged cells,
conditional formats and data validations (x14 extensions included), hyperlinks,
the autofilter, selections, the frozen pane, <cols> and <dimension>. The new
column's cells take the style of their left neighbour ('format same as left');
the header cell gets its value. Other sheets only have their formulas' references
to this sheet moved (`shift_other_sheet`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from xl_addin.core.address import cell_address

from ..read.sheet_reader import split_reference
from ..sheet_layout import locate
from .ref_shift import Target, mentions_sheet, shift_area, shift_col, shift_formula, shift_sqref
from .shared_formulas import SharedGroup, unshared_formulas
from .sheet_columns import rewrite_cols
from .xml_text import (
    attribute_pattern,
    element_pattern,
    escape_attribute,
    escape_text,
    rewrite_attributes,
    rewrite_elements,
    unescape,
)

_BODY = r"""((?:[^>"'/]|"[^"]*"|'[^']*')*)"""
_AREA_ATTRS = attribute_pattern("ref", "sqref", "topLeftCell", "activeCell")
_FORMULA_ELEMENTS = element_pattern("f", "formula", "formula1", "formula2")
_SQREF_ELEMENTS = element_pattern("sqref")
_LOCATION = attribute_pattern("location")
_REF = attribute_pattern("ref")
_DATA_TABLE_REFS = attribute_pattern("r1", "r2")
_ATTR = re.compile(r"""(?<=\s)([\w:.-]+)\s*=\s*(["'])(.*?)\2""", re.S)
_X_SPLIT = re.compile(r"""(<(?:[\w.-]+:)?pane\b[^>]*?\sxSplit\s*=\s*["'])(\d+)(["'][^>]*>)""")
_AUTOFILTER = re.compile(r"<((?:[\w.-]+:)?autoFilter)\b[^>]*?(?:/>|>.*?</\1\s*>)", re.S)
_COL_ID = re.compile(r"""(\scolId\s*=\s*["'])(\d+)(["'])""")


@dataclass(frozen=True)
class NewColumn:
    """What the new column holds: the header cell's XML, and cells styled from the left."""

    at: int
    header_row: int
    header_xml: Callable[[int, str | None], str]
    """(row, style of the left neighbour or None) -> the header's <c> element."""


def _attrs(body: str) -> dict[str, str]:
    return {name: unescape(value) for name, _, value in _ATTR.findall(body)}


class _Cells:
    """Regular expressions for the sheet's prefix ('' or 'x:')."""

    def __init__(self, prefix: str) -> None:
        p = re.escape(prefix)
        self.prefix = prefix
        self.cell = re.compile(rf"<{p}c(?=[\s/>]){_BODY}(/>|>(.*?)</{p}c\s*>)", re.S)
        self.formula = re.compile(rf"<{p}f(?=[\s/>]){_BODY}(/>|>(.*?)</{p}f\s*>)", re.S)
        self.r_attr = re.compile(r"""(\sr\s*=\s*["'])([A-Za-z]+[0-9]+)(["'])""")
        self.spans = re.compile(r"""(\sspans\s*=\s*["'])([0-9: ]+)(["'])""")


def _shared_groups(rows: list[tuple[int, str]], cells: _Cells) -> dict[str, SharedGroup]:
    groups: dict[str, SharedGroup] = {}
    for _, row in rows:
        for cell in cells.cell.finditer(row):
            inner = cell.group(3) or ""
            f = cells.formula.search(inner)
            if f is None:
                continue
            attrs = _attrs(f.group(1))
            if attrs.get("t") != "shared" or "si" not in attrs:
                continue
            where = split_reference(_attrs(cell.group(1)).get("r", "A1"))
            group = groups.setdefault(attrs["si"], SharedGroup())
            group.members.append(where)
            if f.group(3) is not None and f.group(3).strip():
                group.master, group.text = where, unescape(f.group(3))
    return groups


def _rewrite_formula(f: re.Match[str], own: str | None, at: int, target: Target,
                     moves: bool) -> str:
    """One <f> element after the insert; `own`: its formula when its group is un-shared."""
    body, text = f.group(1), f.group(3)
    tag = re.match(r"<([\w.:-]+)", f.group(0))
    name = tag.group(1) if tag else "f"
    if own is not None:
        kept = {k: v for k, v in _attrs(body).items() if k not in ("t", "ref", "si")}
        extra = "".join(f' {k}="{escape_attribute(v)}"' for k, v in kept.items())
        return f"<{name}{extra}>{escape_text(own)}</{name}>"
    new_body = body
    if moves:
        new_body = rewrite_attributes(body, _REF, lambda v: shift_sqref(v, at))
        new_body = rewrite_attributes(new_body, _DATA_TABLE_REFS,
                                      lambda v: shift_area(v, at) or v)
    if text is None:
        return f"<{name}{new_body}/>" if new_body != body else f.group(0)
    old = unescape(text)
    new = shift_formula(old, at, target)
    if new == old and new_body == body:
        return f.group(0)
    return f"<{name}{new_body}>{escape_text(new) if new != old else text}</{name}>"


class _SheetShifter:
    def __init__(self, data: bytes, at: int, target: Target, moves: bool) -> None:
        self.data = data
        self.layout = locate(data)
        self.cells = _Cells(self.layout.prefix.decode())
        self.at = at
        self.target = target
        self.moves = moves
        self.rows = [(r.index, data[r.start : r.end].decode("utf-8")) for r in self.layout.rows]
        self.unshared: dict[tuple[int, int], str] = {}
        for group in _shared_groups(self.rows, self.cells).values():
            own = unshared_formulas(group, at, target, moves)
            if own:
                self.unshared.update(own)

    def cell(self, match: re.Match[str], row: int) -> tuple[str, int, str]:
        """(the cell after the insert, its old column, its style)."""
        body, inner = match.group(1), match.group(3)
        r = self.cells.r_attr.search(body)
        if r is None:  # positional cells: a new cell would silently renumber the rest
            raise ValueError(f"row {row + 1} has cells without an address")
        col = split_reference(r.group(2))[1]
        style = _attrs(body).get("s")
        text = match.group(0)
        if inner is not None and "<" in inner:
            own = self.unshared.get((row, col))
            new_inner = self.cells.formula.sub(
                lambda f: _rewrite_formula(f, own, self.at, self.target, self.moves), inner)
            if new_inner != inner:
                text = text.replace(inner, new_inner, 1)
        if self.moves and r is not None and col >= self.at:
            text = text.replace(r.group(0), f"{r.group(1)}{cell_address(row, col + 1)}"
                                f"{r.group(3)}", 1)
        return text, col, style or ""

    def row(self, index: int, text: str, new: NewColumn | None) -> str:
        pieces: list[str] = []
        last = 0
        added = False
        for match in self.cells.cell.finditer(text):
            rewritten, col, style = self.cell(match, index)
            pieces += [text[last : match.start()], rewritten]
            last = match.end()
            if new is not None and col == new.at - 1:
                added = self._add(pieces, index, style, new) or added
        if new is not None and index == new.header_row and not added:
            # no left neighbour in the header row: the header goes in column order
            return self.row_with_header(text, index, new)
        out = "".join(pieces) + text[last:]
        if added or self.moves:
            out = self._spans(out, added)
        return out

    def row_with_header(self, text: str, index: int, new: NewColumn) -> str:
        header = new.header_xml(index, None)
        out = []
        last = 0
        placed = False
        for match in self.cells.cell.finditer(text):
            rewritten, col, _ = self.cell(match, index)
            if not placed and col >= new.at:
                out.append(text[last : match.start()] + header)
                placed = True
            else:
                out.append(text[last : match.start()])
            out.append(rewritten)
            last = match.end()
        rest = text[last:]
        if not placed:
            close = rest.rfind("</")
            rest = rest[:close] + header + rest[close:] if close >= 0 else rest
        return self._spans("".join(out) + rest, True)

    def _add(self, pieces: list[str], index: int, style: str, new: NewColumn) -> bool:
        if index == new.header_row:
            pieces.append(new.header_xml(index, style or None))
            return True
        if style and style != "0":
            pieces.append(f'<{self.cells.prefix}c r="{cell_address(index, new.at)}" s="{style}"/>')
            return True
        return False

    def _spans(self, row: str, added: bool) -> str:
        head_end = row.find(">")
        head = row[:head_end]
        match = self.cells.spans.search(head)
        if match is None:
            return row
        ranges = []
        for token in match.group(2).split():
            low, _, high = token.partition(":")
            ranges.append((int(low) - 1, int(high or low) - 1))
        moved = [(shift_col(lo, self.at), shift_col(hi, self.at)) for lo, hi in ranges]
        if added and not any(lo <= self.at <= hi for lo, hi in moved):
            low = min([lo for lo, _ in moved] + [self.at])
            high = max([hi for _, hi in moved] + [self.at])
            moved = [(low, high)]
        text = " ".join(f"{lo + 1}:{hi + 1}" for lo, hi in moved)
        if text == match.group(2):
            return row
        new_head = head[: match.start(2)] + text + head[match.end(2) :]
        return new_head + row[head_end:]


def _shift_region(text: str, at: int, target: Target, moves: bool) -> str:
    """Everything outside <sheetData>: areas, formulas and (when moving) sqrefs."""
    text = rewrite_elements(text, _FORMULA_ELEMENTS, lambda f: shift_formula(f, at, target))
    text = rewrite_attributes(text, _LOCATION, lambda f: shift_formula(f, at, target))
    if not moves:
        return text
    text = _AUTOFILTER.sub(lambda m: _autofilter(m.group(0), at), text)
    text = rewrite_attributes(text, _AREA_ATTRS, lambda v: shift_sqref(v, at))
    text = rewrite_elements(text, _SQREF_ELEMENTS, lambda v: shift_sqref(v, at))
    return _X_SPLIT.sub(lambda m: _x_split(m, at), text)


def _autofilter(element: str, at: int) -> str:
    """Filter columns are numbered from the filter's first column: renumber those moved."""
    ref = re.search(r"""\sref\s*=\s*["']([^"']+)""", element)
    if ref is None:
        return element
    first = split_reference(ref.group(1).split(":")[0].replace("$", ""))[1]
    if first >= at:
        return element
    return _COL_ID.sub(
        lambda m: m.group(1) + str(int(m.group(2)) + (1 if first + int(m.group(2)) >= at else 0))
        + m.group(3), element)


def _x_split(match: re.Match[str], at: int) -> str:
    """Frozen columns: an insert inside them freezes one more."""
    if "frozen" not in match.group(0) or int(match.group(2)) <= at:
        return match.group(0)
    return f"{match.group(1)}{int(match.group(2)) + 1}{match.group(3)}"


def _grow_dimension(head: str, at: int) -> str:
    """The used range must reach the new column when cells were added there."""
    def grow(value: str) -> str:
        first, _, last = value.partition(":")
        last = last or first
        row, col = split_reference(last.replace("$", ""))
        if col >= at:
            return value
        return f"{first}:{cell_address(row, at)}"
    return rewrite_attributes(head, attribute_pattern("ref"), grow) if "dimension" in head \
        else head


def insert_column(data: bytes, sheet: str, new: NewColumn, *,
                  hide: int | None = None, hide_level: int = 0) -> bytes:
    """The worksheet part `data` (of `sheet`) with the column `new` inserted."""
    at = new.at
    shifter = _SheetShifter(data, at, Target(sheet, sheet), moves=True)
    layout = shifter.layout
    head = data[: layout.sheet_data_start].decode("utf-8")
    head = _shift_region(head, at, shifter.target, True)
    dimension = re.search(r"<(?:[\w.-]+:)?dimension\b[^>]*>", head)
    if dimension is not None:
        head = head[: dimension.start()] + _grow_dimension(dimension.group(0), at) + \
            head[dimension.end() :]
    head = rewrite_cols(head, at, hide, hide_level, shifter.cells.prefix)
    opening = data[layout.sheet_data_start : layout.sheet_data_head_end].decode("utf-8")
    header_row = f'<{shifter.cells.prefix}row r="{new.header_row + 1}">' \
        f"{new.header_xml(new.header_row, None)}</{shifter.cells.prefix}row>"
    if layout.sheet_data_close is None:  # '<sheetData/>': open it up around the header row
        opening = opening.rstrip(">").rstrip().rstrip("/") + ">"
        tail = _shift_region(data[layout.sheet_data_head_end :].decode("utf-8"), at,
                             shifter.target, True)
        return (head + opening + header_row + f"</{shifter.cells.prefix}sheetData>" + tail
                ).encode("utf-8")
    body = [opening]
    last = layout.sheet_data_head_end
    placed = False
    for span, (index, text) in zip(layout.rows, shifter.rows, strict=True):
        body.append(data[last : span.start].decode("utf-8"))
        if not placed and index > new.header_row:
            body.append(header_row)  # the header row did not exist
            placed = True
        row = text
        if span.self_closing and index == new.header_row:
            row = text.rstrip(">").rstrip().rstrip("/") + f"></{shifter.cells.prefix}row>"
        body.append(shifter.row(index, row, new))
        placed = placed or index == new.header_row
        last = span.end
    if not placed:
        body.append(header_row)
    tail = data[last:].decode("utf-8")
    close = layout.sheet_data_close - last
    tail = tail[:close] + _shift_region(tail[close:], at, shifter.target, True)
    return (head + "".join(body) + tail).encode("utf-8")


def shift_other_sheet(data: bytes, sheet: str, host: str, at: int) -> bytes:
    """Another worksheet's part with its references to `sheet` moved (unchanged if none)."""
    text = data.decode("utf-8")
    if not mentions_sheet(text, sheet) and not mentions_sheet(unescape(text), sheet):
        return data
    shifter = _SheetShifter(data, at, Target(sheet, host), moves=False)
    layout = shifter.layout
    if layout.sheet_data_close is None:
        return _shift_region(text, at, shifter.target, False).encode("utf-8")
    body = [data[: layout.sheet_data_head_end].decode("utf-8")]
    body[0] = _shift_region(body[0], at, shifter.target, False)
    last = layout.sheet_data_head_end
    for span, (index, row) in zip(layout.rows, shifter.rows, strict=True):
        body.append(data[last : span.start].decode("utf-8"))
        body.append(shifter.row(index, row, None) if not span.self_closing else row)
        last = span.end
    body.append(_shift_region(data[last:].decode("utf-8"), at, shifter.target, False))
    out = "".join(body).encode("utf-8")
    return data if out == data else out
