"""The refresh's row rewrite, on bytes: no XML tree per row (lxml's is ten times slower,
docs/performance.md).

Rows as Excel writes them are rewritten cell by cell with byte slices; a written cell
comes out exactly as `sheet_writer`'s lxml path serialises it (checked against it by
tests/package/test_row_splice.py). `rewrite_row` returns None for any other row, and
the caller uses the lxml path, which handles every valid row and raises the typed errors.
"""

from __future__ import annotations

import bisect
import math
import operator
import re
from collections.abc import Iterable, Mapping

from xl_addin.core.address import column_letter
from xl_addin.core.plan import CellWrite

from ..cell_text import excel_escape, keeps_spaces, number_text
from ..namespaces import MAIN
from .styles import Styler

_ATTRIBUTE = re.compile(rb'\s*([\w.:-]+)="([^"<>&]*)"')
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]+)"')
_ODD_ROW = re.compile(rb'<(?:c(?! r=")|!|\?|extLst|[\w.-]+:)')
"""Anything but cells written as Excel does: bare or prefixed tags, comments, CDATA."""
_SIMPLE_CONTENT = re.compile(
    rb"(?:<v>[^<]*</v>|<v/>|<is>(?:<t(?:\s[^<>]*)?>[^<]*</t>|<t/>)</is>)?"
)
_ROW_NUMBER = re.compile(rb'\sr="[0-9]+"')
_SPANS = re.compile(rb'\sspans="([0-9:\s]*)"')
_DROPPED = (b"t", b"vm", b"cm")
_SLASH = ord("/")
DEFAULT_NAMESPACE = b' xmlns="' + MAIN.encode() + b'"'


def fast_path_applies(prefix: bytes, namespace_declarations: bytes) -> bool:
    """Unprefixed tags in the transitional main namespace (what Excel writes)."""
    return prefix == b"" and DEFAULT_NAMESPACE in namespace_declarations


def _attributes(body: bytes) -> list[tuple[bytes, bytes]] | None:
    """name/value pairs of a tag's attributes, or None when they are not plain."""
    pairs = []
    at = 0
    for match in _ATTRIBUTE.finditer(body):
        if match.start() != at:
            return None
        pairs.append((match.group(1), match.group(2)))
        at = match.end()
    return pairs if body[at:].strip() == b"" else None


def _escape_text(text: str) -> bytes:
    """Inline-string text as lxml serialises it, after Excel's own _xHHHH_ escaping."""
    text = excel_escape(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;").encode("utf-8")


def _content(write: CellWrite) -> tuple[bytes, bool] | None:
    """(the cell's children, is text); None for a number the caller must refuse."""
    value = write.value
    if isinstance(value, str):
        head = b'<t xml:space="preserve">' if keeps_spaces(value) else b"<t>"
        return b"<is>" + head + _escape_text(value) + b"</t></is>", True
    if value is None:
        return b"", False
    text = number_text(float(value))
    return None if text is None else (b"<v>" + text.encode() + b"</v>", False)


class _Columns(dict[bytes, int]):
    """Column letters -> 0-based index, computed once per distinct letters."""

    def __missing__(self, letters: bytes) -> int:
        col = 0
        for code in letters:
            col = col * 26 + code - 64
        self[letters] = col - 1
        return col - 1


_COLUMN_OF = _Columns()
_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)


_LETTERS = {col: column_letter(col).encode() for col in range(702)}  # A to ZZ


def _letters(col: int) -> bytes:
    return _LETTERS[col] if col in _LETTERS else column_letter(col).encode()


_EARLIER_PATTERNS = 256
_HEADS_KEPT = 4096


def _columns_before(col: int) -> bytes:
    """A regex matching the letters of exactly the columns left of `col` (0-based, >= 1),
    when followed by a digit: the names as long as `col`'s that sort before it, then the
    shorter ones. Atomic (no backtracking into it): a name as long is tried first."""
    letters = _letters(col)
    options = [
        letters[:i] + b"[A-%c]" % (code - 1) + b"[A-Z]" * (len(letters) - i - 1)
        for i, code in enumerate(letters)
        if code > ord("A")
    ]
    if len(letters) > 1:
        options.append(b"[A-Z]{1,%d}" % (len(letters) - 1))
    return b"(?>" + b"|".join(options) + b")"


def _row_head(head: bytes) -> tuple[int | None, list[tuple[int, int]] | None]:
    """The row's style (when it has customFormat; -1 when its attributes are not plain)
    and its `spans` as 0-based ranges (None when it has none, or not numbers: left as is)."""
    return _row_style(head), _span_ranges(head)


def _row_style(head: bytes) -> int | None:
    attrs = _attributes(head[len(b"<row") : -1])
    if attrs is None:
        return -1
    values = dict(attrs)
    if values.get(b"customFormat") in (b"1", b"true"):
        try:
            return int(values.get(b"s", b"0"))
        except ValueError:
            return -1
    return None


def _span_ranges(head: bytes) -> list[tuple[int, int]] | None:
    found = _SPANS.search(head)
    if found is None or not found.group(1).strip():
        return None
    ranges = []
    for token in found.group(1).split():
        low, _, high = token.partition(b":")
        if not low.isdigit() or not (high or low).isdigit():
            return None  # not numbers: lxml's path would fail the same way; leave it
        ranges.append((int(low) - 1, int(high or low) - 1))
    return ranges


class _Starts:
    """Where each cell of a row starts, found when asked (rewrites touch a few)."""

    def __init__(self, fragment: bytes, head_end: int, shape: tuple[bytes, ...],
                 number: bytes) -> None:
        self.fragment, self.head_end, self.shape, self.number = fragment, head_end, shape, number

    def __getitem__(self, i: int) -> int:
        # derived columns sit near the row's end: search from there
        return self.fragment.rfind(b'<c r="' + self.shape[i] + self.number + b'"', self.head_end)


class RowSplicer:
    """Rewrites rows on bytes; `rewrite_row` returns None to ask for the lxml path.

    `plain`: the sheet's <sheetData> was checked whole (`SheetLayout.plain`), so a row
    need not be searched for comments, CDATA, extLst or prefixed tags, and only its
    last cells, from the first written column on, are parsed (`_last_cells`).
    """

    def __init__(self, styler: Styler, column_styles: Mapping[int, int],
                 new_bytes: list[bytes] | None = None, *, plain: bool = False) -> None:
        self.styler = styler
        self.new_bytes = new_bytes
        self.column_styles = column_styles
        self.plain = plain
        self._texts: dict[str, tuple[bytes, bool]] = {}
        self._templates: dict[tuple[object, ...], tuple[bytes, bytes]] = {}
        self._replacing: dict[tuple[object, ...], tuple[bytes, bytes] | None] = {}
        self._shapes: dict[tuple[bytes, ...], list[int] | None] = {}
        self._earlier: dict[tuple[int, int], re.Pattern[bytes]] = {}
        self._heads: dict[bytes, tuple[int | None, list[tuple[int, int]] | None]] = {}

    def rewrite_row(self, fragment: bytes, head_end: int, writes: Mapping[int, CellWrite]) -> (
        bytes | None
    ):
        """`fragment` is the whole row ('<row ...>...</row>'); `head_end` ends its start tag.

        Only the written cells are looked at (by their reference); the rest of the row
        is checked with byte searches, so a row costs microseconds, not a parse.
        """
        head = fragment[:head_end]
        if head.endswith(b"/>") or not fragment.endswith(b"</row>"):
            return None  # an empty '<row/>' gains cells: leave it to the tree path
        numbered = _ROW_NUMBER.search(head)
        if numbered is None or (not self.plain and (
            # a colon or '<!', '<?', '<e': maybe a prefixed tag, comment, CDATA, extLst
            (b":" in fragment[head_end:] or b"<!" in fragment or b"<?" in fragment
             or b"<e" in fragment) and _ODD_ROW.search(fragment, head_end) is not None
        )):
            return None
        # rows' start tags differ mostly in their number: each other one is read once
        key = head[: numbered.start()] + head[numbered.end() :]
        known = self._heads.get(key)
        if known is None:
            known = _row_head(head)
            if len(self._heads) < _HEADS_KEPT:
                self._heads[key] = known
        row_style, ranges = known
        if row_style == -1:
            return None
        body_end = len(fragment) - len(b"</row>")
        number = str(next(iter(writes.values())).row + 1).encode()
        cells = (
            self._last_cells(fragment, head_end, body_end, number, min(writes), ranges)
            if self.plain else None
        ) or self._all_cells(fragment, head_end, body_end, number)
        if cells is None:
            return None
        existing, starts = cells
        copied = head_end
        pieces = [head]
        new_bytes = self.new_bytes
        # in column order the cells' places come in byte order: no sort needed
        for col in sorted(writes):
            write = writes[col]
            following = bisect.bisect_left(existing, col)
            if following < len(existing) and existing[following] == col:
                cell = self._rewritten(fragment, starts[following], body_end, write,
                                       _letters(col), number)
                if cell is None:
                    return None
                start, end, text = cell
            else:
                new = self._new_cell(write, number, row_style)
                if new is None:
                    return None
                text = new
                # before the next cell, as lxml's addprevious; else after the last cell
                # and its tail, as lxml's addnext
                start = end = starts[following] if following < len(existing) else body_end
            pieces += [fragment[copied:start], text]
            copied = end
            if new_bytes is not None:
                new_bytes.append(text)
        pieces.append(fragment[copied:])
        widened = _widened_spans(head, ranges, existing, writes)
        if widened is not head:
            pieces[0] = widened
            if new_bytes is not None:
                new_bytes.append(widened + b"</row>")
        return b"".join(pieces)

    def _all_cells(self, fragment: bytes, head_end: int, body_end: int, number: bytes) -> (
        tuple[list[int], _Starts] | None
    ):
        """Every cell's column, in order, and where each starts; None when a cell is not
        written '<c r="A1"', is numbered for another row, or the columns do not ascend."""
        refs = _CELL_REF.findall(fragment, head_end, body_end)
        if fragment.count(b"<c", head_end) != len(refs):
            return None  # a cell not written '<c r="A1"', or another tag starting '<c'
        if refs and set(map(_SECOND, refs)) != {number}:
            return None  # a cell numbered for another row: the tree path decides
        # rows of a dashboard share their columns: each shape is converted and checked once
        shape = tuple(map(_FIRST, refs))
        if shape in self._shapes:
            known = self._shapes[shape]
        else:
            columns = list(map(_COLUMN_OF.__getitem__, shape))
            known = self._shapes[shape] = (
                columns if all(map(operator.lt, columns, columns[1:])) else None)
        if known is None:
            return None  # out of order or repeated: the tree path decides
        return known, _Starts(fragment, head_end, shape, number)

    def _last_cells(  # noqa: PLR0917 - the row's bytes, where they are, what is written
        self, fragment: bytes, head_end: int, body_end: int, number: bytes, first_written: int,
        ranges: list[tuple[int, int]] | None,
    ) -> tuple[list[int], list[int]] | None:
        """The columns and starts of the row's last cells, found from its end back to the
        first cell left of every write; None to have `_all_cells` look at the whole row.

        Those cells must ascend and be numbered for the row. Each cell before them (left
        as it is) need only be '<c r="' with a column no further right than the first
        of them, and not left of `spans` (one regex search): then lxml, which keys cells
        by column, would put new cells in the same places and widen `spans` the same way.
        """
        if ranges is not None and len(ranges) > 1:
            return None  # several ranges: `_widened_spans` looks at every column
        low = ranges[0][0] if ranges is not None else 0
        columns: list[int] = []
        starts: list[int] = []
        end = body_end
        while (at := fragment.rfind(b'<c r="', head_end, end)) >= 0:
            found = _CELL_REF.match(fragment, at)
            if found is None or found.group(2) != number:
                return None
            col = _COLUMN_OF[found.group(1)]
            if columns and col >= columns[-1]:
                return None  # out of order or repeated
            columns.append(col)
            starts.append(at)
            if col < first_written:
                earlier = self._earlier_cells(low, col)
                if earlier is None or earlier.search(fragment, head_end, at) is not None:
                    return None
                break
            end = at
        columns.reverse()
        starts.reverse()
        return columns, starts

    def _earlier_cells(self, low: int, last: int) -> re.Pattern[bytes] | None:
        """A regex finding a cell tag that is not '<c r="' and a column from `low` to
        `last` (0-based) with a row number; None past a few hundred such bounds."""
        pattern = self._earlier.get((low, last))
        if pattern is None:
            if len(self._earlier) >= _EARLIER_PATTERNS:
                return None
            allowed = _columns_before(last + 1) + rb'[0-9]++"'
            if low > 0:
                allowed = rb"(?!" + _columns_before(low) + rb"[0-9])" + allowed
            pattern = self._earlier[low, last] = re.compile(rb'<c r="(?!' + allowed + rb")")
        return pattern

    def _new_cell(self, write: CellWrite, number: bytes, row_style: int | None) -> bytes | None:
        """A cell the row lacks, as lxml writes it: r, then s (its default or new), then t.

        The tag around the row number is rendered once per (column, default style,
        number format, tone, text or not) and reused: rows differ only in the number.
        """
        default = row_style if row_style is not None else self.column_styles.get(write.col, 0)
        content = self._content_of(write)
        if content is None:
            return None
        children, text = content
        key = (write.col, default, write.number_format, write.tone, text)
        template = self._templates.get(key)
        if template is None:
            style = self.styler(default, write.number_format, write.tone)
            tail = b'"'
            if default or style != default:
                tail += b' s="' + str(style).encode() + b'"'
            if text:
                tail += b' t="inlineStr"'
            template = self._templates[key] = (b'<c r="' + _letters(write.col), tail)
        head, tail = template
        if children:
            return b"".join((head, number, tail, b">", children, b"</c>"))
        return b"".join((head, number, tail, b"/>"))

    def _content_of(self, write: CellWrite) -> tuple[bytes, bool] | None:
        value = write.value
        if type(value) is float:  # the common case, inlined from _content
            if value.is_integer():
                if abs(value) < 1e15:
                    return b"<v>" + str(int(value)).encode() + b"</v>", False
            elif not math.isfinite(value):
                return None
            return b"<v>" + repr(value).encode() + b"</v>", False
        if isinstance(value, str):
            content = self._texts.get(value)
            if content is None:
                content = self._texts[value] = _content(write)  # type: ignore[assignment]
            return content
        return _content(write)

    def _rewritten(  # noqa: PLR0917 - the cell's place and its reference
        self, fragment: bytes, start: int, body_end: int, write: CellWrite, letters: bytes,
        number: bytes,
    ) -> tuple[int, int, bytes] | None:
        """An existing cell (its tag starts '<c r="{letters}{number}"' at `start`) replaced.

        Its new tag depends only on its other attributes and on what is written, so it
        is rendered once per (column, those attributes' bytes, format, tone, text or
        not) and reused: a monthly refresh replaces cells that all look alike.
        """
        # the tag's end, as _CELL finds it: a '<' before it fails _attributes below
        tag_end = fragment.find(b">", start, body_end) + 1
        if not tag_end:
            return None
        empty = fragment[tag_end - 2] == _SLASH
        if empty:
            end = tag_end
        else:
            close = fragment.find(b"</c>", tag_end, body_end)
            if close < 0 or _SIMPLE_CONTENT.fullmatch(fragment, tag_end, close) is None:
                return None  # a formula, rich value or extension: the tree path decides
            end = close + 4
        content = self._content_of(write)
        if content is None:
            return None
        children, text = content
        # the attributes after 'r="A1"'
        rest = fragment[start + len(letters) + len(number) + 7 : tag_end - 1 - empty]
        key = (letters, rest, write.number_format, write.tone, text)
        if key in self._replacing:
            template = self._replacing[key]
        else:
            template = self._replacing[key] = self._replacing_template(rest, write, text)
        if template is None:
            return None
        head, tail = template
        if children:
            return start, end, b"".join((head, letters, number, tail, b">", children, b"</c>"))
        return start, end, b"".join((head, letters, number, tail, b"/>"))

    def _replacing_template(self, rest: bytes, write: CellWrite, text: bool) -> (
        tuple[bytes, bytes] | None
    ):
        """('<c r="', the tag after the reference) as lxml writes it: the attributes in
        their order, t/vm/cm dropped, s set (or added when it changes), then t."""
        attrs = _attributes(rest)
        if attrs is None or any(k.startswith(b"xmlns") or k == b"r" for k, _ in attrs):
            return None
        kept = [(k, v) for k, v in attrs if k not in _DROPPED]
        try:
            current = int(dict(kept).get(b"s", b"0") or b"0")
        except ValueError:
            return None
        style = self.styler(current, write.number_format, write.tone)
        if any(k == b"s" for k, _ in kept):
            kept = [(k, str(style).encode() if k == b"s" else v) for k, v in kept]
        elif style != current:
            kept = [*kept, (b"s", str(style).encode())]
        if text:
            kept = [*kept, (b"t", b"inlineStr")]
        return b'<c r="', b'"' + b"".join(b" " + k + b'="' + v + b'"' for k, v in kept)


def _widened_spans(head: bytes, ranges: list[tuple[int, int]] | None, existing: list[int],
                   written: Iterable[int]) -> bytes:
    """The row's start tag with `spans` (read as `ranges`) widened to cover every cell, as
    lxml would set it (`existing`: the row's columns in ascending order; when only its
    last ones, those before lie within the first of them and the spans' start)."""
    if ranges is None:
        return head
    ends = [*existing[:1], *existing[-1:], *written]  # `existing` is ascending
    if len(ranges) == 1:
        if ranges[0][0] <= min(ends) and max(ends) <= ranges[0][1]:
            return head
    elif all(any(low <= c <= high for low, high in ranges) for c in [*existing, *ends]):
        return head
    everything = [c for r in ranges for c in r] + ends
    value = f"{min(everything) + 1}:{max(everything) + 1}".encode()
    found = _SPANS.search(head)
    assert found is not None  # ranges were read from it
    return head[: found.start(1)] + value + head[found.end(1) :]
