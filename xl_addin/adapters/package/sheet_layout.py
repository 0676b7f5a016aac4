"""Where things are in a worksheet part's bytes: the root, <dimension>, <sheetData>, rows.

The writer splices new bytes into these spans and copies every other byte, so the
parts of the sheet it does not write stay byte-identical (not merely equivalent).
Rows are found with byte searches over <sheetData>; when the sheet holds comments or
CDATA (where a '<row' could hide) a tokenizer that skips them is used. `plain` says
whether <sheetData> holds nothing but rows of cells as Excel writes them, which lets
the row splicer look at the end of a row only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TAG_BODY = rb"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_ROOT = re.compile(rb"<(?![?!])([\w.-]+:)?[\w.-]+(" + _TAG_BODY + rb")>", re.S)
_NS_DECLARATION = re.compile(rb"""\sxmlns(?::[\w.-]+)?\s*=\s*(?:"[^"]*"|'[^']*')""")
_R_ATTRIBUTE = re.compile(rb"""\sr\s*=\s*["']([^"']*)["']""")


class SheetLayoutError(ValueError):
    """The worksheet has no <sheetData>, or tags we cannot pair up."""


@dataclass(frozen=True)
class RowSpan:
    index: int
    """0-based row, from r= or counted from the previous row."""
    start: int
    head_end: int
    """One past the '>' of the start tag."""
    end: int
    has_r: bool
    self_closing: bool


@dataclass(frozen=True)
class SheetLayout:
    prefix: bytes
    """Prefix of the main namespace as the sheet uses it: b'' or b'x:'."""
    namespace_declarations: bytes
    """The root's (and <sheetData>'s) xmlns attributes, to parse a row out of context."""
    sheet_data_start: int
    sheet_data_head_end: int
    sheet_data_close: int | None
    """Start of '</sheetData>'; None when written '<sheetData/>'."""
    rows: tuple[RowSpan, ...]
    dimension: tuple[int, int] | None
    """Byte span of the value of <dimension ref="...">."""
    dimension_ref: str | None
    plain: bool = False
    """<sheetData> (unprefixed) holds no comment, CDATA, processing instruction, extLst or
    prefixed tag, and every tag starting '<c' is a cell's '<c r="' (`_holds_plain_rows`)."""


def _tag(prefix: bytes, name: bytes) -> bytes:
    return re.escape(prefix) + name


def locate(data: bytes) -> SheetLayout:
    root = _ROOT.search(data)
    if root is None:
        raise SheetLayoutError("no root element")
    prefix = root.group(1) or b""
    sheet_data = re.compile(
        rb"<" + _tag(prefix, b"sheetData") + rb"(?=[\s/>])(" + _TAG_BODY + rb")>", re.S
    ).search(data, root.end())
    if sheet_data is None:
        raise SheetLayoutError("no <sheetData>")
    declarations = b"".join(_NS_DECLARATION.findall(root.group(2))) + b"".join(
        _NS_DECLARATION.findall(sheet_data.group(1))
    )
    dimension, dimension_ref = _find_dimension(data, prefix, root.end(), sheet_data.start())
    if sheet_data.group(1).rstrip().endswith(b"/"):
        return SheetLayout(
            prefix,
            declarations,
            sheet_data.start(),
            sheet_data.end(),
            None,
            (),
            dimension,
            dimension_ref,
        )
    close = data.find(b"</" + prefix + b"sheetData>", sheet_data.end())
    if close < 0:
        raise SheetLayoutError("<sheetData> is not closed")
    rows = _find_rows(data, prefix, sheet_data.end(), close)
    return SheetLayout(
        prefix,
        declarations,
        sheet_data.start(),
        sheet_data.end(),
        close,
        rows,
        dimension,
        dimension_ref,
        plain=not prefix and _holds_plain_rows(data, sheet_data.end(), close, len(rows)),
    )


_NOT_A_CELL = re.compile(rb'<c(?! r=")')
"""'<c>', '<c/>', '<c\tr=...', but also '<color' of a rich text run: conservative."""
_PREFIXED_TAG = re.compile(rb"""</?[^\s<>/="']+:""")
_MORE_COLONS_LOOKED_AT = 4096


def _holds_plain_rows(data: bytes, start: int, end: int, rows: int) -> bool:
    """No '<!' (comment, CDATA), '<?', 'extLst', prefixed tag or '<c' other than '<c r="'
    in data[start:end]: what `row_splice` otherwise checks row by row.

    A few byte searches (rare single bytes first: '!' and '?' seldom occur at all), one
    regex for '<c', and a look at each ':' for a prefixed tag (a dashboard's colons are
    mostly its rows' spans="1:141"; past a few thousand more, one regex search instead).
    """
    for mark, needle in ((b"!", b"<!"), (b"?", b"<?")):
        if data.find(mark, start, end) >= 0 and data.find(needle, start, end) >= 0:
            return False
    if data.find(b"extLst", start, end) >= 0 or _NOT_A_CELL.search(data, start, end):
        return False
    at = data.find(b":", start, end)
    for _ in range(rows + _MORE_COLONS_LOOKED_AT):
        if at < 0:
            return True
        tag = data.rfind(b"<", start, at)
        if tag >= 0 and _PREFIXED_TAG.match(data, tag, at + 1):
            return False
        at = data.find(b":", at + 1, end)
    if at < 0:
        return True
    return _PREFIXED_TAG.search(data, max(start, data.rfind(b"<", start, at)), end) is None


def _find_dimension(
    data: bytes, prefix: bytes, start: int, end: int
) -> tuple[tuple[int, int] | None, str | None]:
    found = re.compile(
        rb"<" + _tag(prefix, b"dimension") + rb"(?=[\s/>])(" + _TAG_BODY + rb")>", re.S
    ).search(data, start, end)
    if found is None:
        return None, None
    ref = re.search(rb"""\sref\s*=\s*["']([^"']*)["']""", found.group(1))
    if ref is None:
        return None, None
    at = found.start(1)
    return (at + ref.start(1), at + ref.end(1)), ref.group(1).decode()


def _row_index(head: bytes, previous: int) -> tuple[int, bool]:
    """The row's 0-based index and whether it has r; SheetLayoutError when r is not a
    whole number ('', 'x', '1.0'): the caller reads such a sheet another way, or refuses
    to write it."""
    found = _R_ATTRIBUTE.search(head)
    if found is None:
        return previous + 1, False
    number = found.group(1).strip(b" \t\r\n")
    if not number.isdigit():  # bytes.isdigit: ASCII digits only
        raise SheetLayoutError(f"row number {found.group(1).decode('utf-8', 'replace')!r} "
                               "is not a whole number")
    return int(number) - 1, True


def _find_rows_quickly(data: bytes, prefix: bytes, start: int, end: int) -> (
    tuple[RowSpan, ...] | None
):
    """The rows by byte searches (no regex over the cells), or None when a row is not
    plain: the caller then uses the tokenizer, which also reports the errors.

    Each row's end is the first '</row>' after its start tag, and the next row usually
    starts right there. Every '<row' must start a row found (none nested in another)
    and no '</row>' may lie between rows (unpaired): one count and the gaps checked.
    """
    opening, closing = b"<" + prefix + b"row", b"</" + prefix + b"row>"
    head = re.compile(re.escape(opening) + rb"(?=[\s/>])(" + _TAG_BODY + rb")>", re.S)
    rows: list[RowSpan] = []
    previous = -1
    copied = start  # the end of the last row (or <sheetData>'s start tag)
    at = data.find(opening, start, end)
    while at >= 0:
        if at > copied and data.find(closing, copied, at) >= 0:
            return None  # an unpaired </row> between rows
        found = head.match(data, at, end)
        if found is None:
            return None
        body = found.group(1)
        index, has_r = _row_index(body, previous)
        previous = index
        if body.endswith(b"/") or body.rstrip().endswith(b"/"):
            copied = found.end()
            rows.append(RowSpan(index, at, copied, copied, has_r, True))
        else:
            close = data.find(closing, found.end(), end)
            if close < 0:
                return None  # unclosed
            copied = close + len(closing)
            rows.append(RowSpan(index, at, found.end(), copied, has_r, False))
        at = copied if data.startswith(opening, copied) else data.find(opening, copied, end)
    if data.find(closing, copied, end) >= 0 or data.count(opening, start, end) != len(rows):
        return None  # an unpaired </row> after the rows, or a <row> nested in another
    return tuple(rows)


def _find_rows(data: bytes, prefix: bytes, start: int, end: int) -> tuple[RowSpan, ...]:
    careful = data.find(b"<!--", start, end) >= 0 or data.find(b"<![CDATA[", start, end) >= 0
    if not careful and (quick := _find_rows_quickly(data, prefix, start, end)) is not None:
        return quick
    row_open = _tag(prefix, b"row") + rb"(?=[\s/>])"
    if careful:
        pattern = re.compile(
            rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<(/?)("
            + row_open
            + rb")?("
            + _TAG_BODY
            + rb")>",
            re.S,
        )
    else:
        pattern = re.compile(rb"<(/?)(" + row_open + rb")(" + _TAG_BODY + rb")>", re.S)
    rows: list[RowSpan] = []
    previous = -1
    open_row: tuple[int, int, int, bool] | None = None
    for match in pattern.finditer(data, start, end):
        if match.group(2) is None:  # a comment, CDATA or a tag other than <row>
            continue
        closing, body = match.group(1), match.group(3)
        if closing:
            if open_row is None:
                raise SheetLayoutError("unpaired </row>")
            index, row_start, head_end, has_r = open_row
            rows.append(RowSpan(index, row_start, head_end, match.end(), has_r, False))
            open_row = None
            continue
        if open_row is not None:
            raise SheetLayoutError("nested <row>")
        index, has_r = _row_index(body, previous)
        previous = index
        if body.rstrip().endswith(b"/"):
            rows.append(RowSpan(index, match.start(), match.end(), match.end(), has_r, True))
        else:
            open_row = (index, match.start(), match.end(), has_r)
    if open_row is not None:
        raise SheetLayoutError("unclosed <row>")
    return tuple(rows)
