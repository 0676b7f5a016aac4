"""The byte-level row splicer writes what the lxml row editor writes.

Every worksheet of the corpus (and a generated dashboard) gets the same writes twice,
once through `write_cells` as it is and once with the splicer switched off: the same
XML for the corpus (the splicer keeps untouched cells' bytes where lxml normalises
them), the same bytes for the dashboard. Rows the splicer declines go to lxml.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from xl_addin.adapters.package.sheet_layout import SheetLayoutError, locate
from xl_addin.adapters.package.write import sheet_writer
from xl_addin.adapters.package.write.row_splice import RowSplicer, _columns_before
from xl_addin.core.address import column_letter
from xl_addin.core.errors import CellError
from xl_addin.core.plan import CellWrite

VALUES = ("▲", "n/a", 0.1, -0.0999999, 12.0, 1e20, None, "  a <b> & c\r\n", "_x0041_ =x")


def _styler(current: int, number_format: str | None, tone: str | None) -> int:
    return current + (3 if number_format else 0) + (5 if tone else 0)


def _writes(data: bytes) -> list[CellWrite]:
    """Writes over existing cells, between them and past them, in a few rows."""
    layout = locate(data)
    writes = []
    for k, row in enumerate(layout.rows[:: max(1, len(layout.rows) // 12)][:12]):
        for j, col in enumerate((0, 1, 2, 4, 7, 30)):
            value = VALUES[(k + j) % len(VALUES)]
            writes.append(CellWrite(row.index, col + k % 3, value,
                                    "0%" if j % 2 else None, "good" if j % 3 == 0 else None))
    return writes


def _both(data: bytes, writes: list[CellWrite], monkeypatch: pytest.MonkeyPatch) -> (
    tuple[bytes | str, bytes | str]
):
    def run() -> bytes | str:
        try:
            return sheet_writer.write_cells(data, "Sheet", writes, _styler)
        # A refusal: both paths must refuse alike, with a typed error (a malformed cell
        # reference such as r="$A2" is a SheetLayoutError).
        except (CellError, SheetLayoutError, etree.XMLSyntaxError) as exc:
            return type(exc).__name__

    fast = run()
    with monkeypatch.context() as patch:
        patch.setattr(sheet_writer, "fast_path_applies", lambda *_: False)
        slow = run()
    return fast, slow


def _canonical(result: bytes | str) -> bytes | str:
    if isinstance(result, str):
        return result
    return etree.tostring(etree.fromstring(result), method="c14n")


def _corpus_sheets(corpus: Path) -> Iterator[tuple[str, bytes]]:
    for path in sorted(corpus.rglob("*.xls[xm]")):
        try:
            with zipfile.ZipFile(path) as archive:
                names = [n for n in archive.namelist()
                         if n.startswith("xl/worksheets/sheet") and n.endswith(".xml")]
                for name in names[:2]:
                    yield f"{path.name}:{name}", archive.read(name)
        except (zipfile.BadZipFile, OSError, KeyError):
            continue


def test_splicer_and_lxml_agree_on_every_corpus_sheet(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compared = 0
    for label, data in _corpus_sheets(corpus):
        try:
            writes = _writes(data)
        except SheetLayoutError:
            continue
        if not writes:
            continue
        fast, slow = _both(data, writes, monkeypatch)
        # The splicer keeps untouched cells' bytes ('&#26102;' stays so; lxml writes the
        # character): the same XML, compared canonically.
        assert _canonical(fast) == _canonical(slow), label
        compared += 1
    assert compared > 500


def test_splicer_handles_a_generated_dashboard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks.generate import generate

    path = generate(tmp_path / "d.xlsx", 40, 24)
    with zipfile.ZipFile(path) as archive:
        data = archive.read("xl/worksheets/sheet1.xml")
    writes = [CellWrite(r, c, VALUES[(r + c) % len(VALUES)], "0%" if c % 2 else None,
                        "bad" if c % 3 == 0 else None)
              for r in range(3, 43) for c in range(29, 45)]
    fast, slow = _both(data, writes, monkeypatch)
    assert isinstance(fast, bytes) and fast == slow


@pytest.mark.parametrize("row", [
    b'<row r="2"><c r="A2"><f>1+1</f><v>2</v></c></row>',  # a formula: lxml path refuses
    b'<row r="2"><c r="A2" t="inlineStr"><is><r><t>rich</t></r></is></c></row>',
    b'<row r="2"><c r="A2"/><!-- note --></row>',
    b'<row r="2"><c><v>1</v></c></row>',  # no reference
    b'<row r="2"><c r="B2"/><c r="A2"/></row>',  # out of order
    b'<row r="2"><c r="A3"/></row>',  # numbered for another row
    b'<row><c r="A2"/></row>',  # row without a number
    b'<row r="2" spans="1:1"><c r="A2"/><extLst/></row>',
])
def test_unusual_rows_are_left_to_the_tree_path(row: bytes) -> None:
    splicer = RowSplicer(_styler, {})
    head_end = row.index(b">") + 1
    assert splicer.rewrite_row(row, head_end, {0: CellWrite(1, 0, 1.0)}) is None


def test_a_plain_row_is_spliced_cell_by_cell() -> None:
    row = b'<row r="2" spans="1:3"><c r="A2" t="s"><v>0</v></c><c r="C2" s="4"><v>7</v></c></row>'
    splicer = RowSplicer(_styler, {1: 9})
    out = splicer.rewrite_row(row, row.index(b">") + 1, {
        1: CellWrite(1, 1, "n/a", None, "good"),
        2: CellWrite(1, 2, 0.5, "0%", None),
        4: CellWrite(1, 4, None)})
    assert out == (b'<row r="2" spans="1:5"><c r="A2" t="s"><v>0</v></c>'
                   b'<c r="B2" s="14" t="inlineStr"><is><t>n/a</t></is></c>'
                   b'<c r="C2" s="7"><v>0.5</v></c><c r="E2"/></row>')


# -- rows generated at random: the splicer (whole-row or last-cells path) against lxml ----

_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CELL_FORMS = (
    b'<c r="{ref}"/>',
    b'<c r="{ref}"><v>1.5</v></c>',
    b'<c r="{ref}" s="2"><v>7</v></c>',
    b'<c r="{ref}" t="s"><v>0</v></c>',
    b'<c r="{ref}" s="1" t="inlineStr"><is><t>x</t></is></c>',
    b'<c r="{ref}"><f>1+1</f><v>2</v></c>',
    b'<c r="{ref}" t="e"><v>#N/A</v></c>',
    b'<c r="{ref}" s="x"><v>3</v></c>',  # a style that is no number: a typed refusal
)
_SPANS_FORMS = (b"", b' spans="1:30"', b' spans="3:9"', b' spans="2:4 6:40"', b' spans="x"')
"""spans="x" is left as it is by both paths."""


@st.composite
def _rows(draw: st.DrawFn) -> tuple[bytes, list[CellWrite]]:
    """A sheet of a few rows (cells mostly in order, sometimes not, sometimes numbered
    for another row or with an odd reference) and writes into them."""
    rows, writes = [], []
    for number in sorted(draw(st.sets(st.integers(1, 6), min_size=1, max_size=3))):
        columns = draw(st.lists(st.integers(0, 40), max_size=12))
        if draw(st.booleans()):
            columns = sorted(set(columns))
        cells = []
        for col in columns:
            ref = column_letter(col).encode() + str(
                number if draw(st.integers(0, 9)) else number + 1).encode()
            if not draw(st.integers(0, 30)):
                ref = draw(st.sampled_from([b"$" + ref, ref.lower(), b"A", b" " + ref]))
            cells.append(draw(st.sampled_from(_CELL_FORMS)).replace(b"{ref}", ref))
        style = draw(st.sampled_from([b"", b' s="4" customFormat="1"', b' s="x" customFormat="1"']))
        head = (b'<row r="%d"' % number + style + draw(st.sampled_from(_SPANS_FORMS)) + b">")
        rows.append(head + b"".join(cells) + b"</row>")
        for col in draw(st.sets(st.integers(0, 45), min_size=1, max_size=5)):
            value = draw(st.sampled_from(VALUES))
            writes.append(CellWrite(number - 1, col, value, draw(st.sampled_from([None, "0%"])),
                                    draw(st.sampled_from([None, "good"]))))
    if draw(st.integers(0, 5)) == 0:  # not plain: the splicer checks every row itself
        rows.insert(0, b"<!-- a comment -->")
    sheet = (b'<worksheet xmlns="' + _MAIN + b'"><dimension ref="A1:B2"/><sheetData>'
             + b"".join(rows) + b"</sheetData></worksheet>")
    return sheet, writes


def _written(data: bytes, writes: list[CellWrite], *, splice: bool) -> bytes | str:
    with mock.patch.object(sheet_writer, "fast_path_applies",
                           sheet_writer.fast_path_applies if splice else lambda *_: False):
        try:
            return sheet_writer.write_cells(data, "Sheet", writes, _styler)
        # A refusal: both paths must refuse alike, with a typed error (a malformed cell
        # reference such as r="$A2" is a SheetLayoutError).
        except (CellError, SheetLayoutError, etree.XMLSyntaxError) as exc:
            return type(exc).__name__


@settings(max_examples=400, deadline=None)
@given(_rows())
def test_splicer_and_lxml_agree_on_generated_rows(case: tuple[bytes, list[CellWrite]]) -> None:
    """Byte for byte, not after canonicalisation: the splice must be what lxml writes."""
    data, writes = case
    assert _written(data, writes, splice=True) == _written(data, writes, splice=False)


def _dashboard_row(cells: list[tuple[int, bytes]], number: int = 5, spans: bytes = b"1:30") -> (
    bytes
):
    return (b'<row r="%d" spans="%s">' % (number, spans) + b"".join(
        b'<c r="%s%d"%s' % (column_letter(col).encode(), number, rest) for col, rest in cells)
        + b"</row>")


def test_only_a_rows_last_cells_are_parsed_when_the_sheet_is_plain() -> None:
    row = _dashboard_row([(0, b' t="s"><v>1</v></c>'), (1, b"><v>2</v></c>"),
                          (2, b"><v>3</v></c>"), (9, b' t="s"><v>4</v></c>')])
    splicer = RowSplicer(_styler, {}, plain=True)
    cells = splicer._last_cells(row, row.index(b">") + 1, len(row) - 6, b"5", 5, [(0, 29)])
    assert cells is not None
    assert cells[0] == [2, 9]  # the cell left of the first write, and those after it
    assert [row[at : at + 9] for at in cells[1]] == [b'<c r="C5"', b'<c r="J5"']
    out = splicer.rewrite_row(row, row.index(b">") + 1, {5: CellWrite(4, 5, 1.0),
                                                          9: CellWrite(4, 9, "x")})
    assert out == row.replace(b'<c r="J5"', b'<c r="F5"><v>1</v></c><c r="J5"').replace(
        b'<c r="J5" t="s"><v>4</v></c>', b'<c r="J5" t="inlineStr"><is><t>x</t></is></c>')


@pytest.mark.parametrize(("earlier", "spliced"), [
    ([(7, b"/>"), (2, b"/>")], False),  # a cell further right than the one before the writes
    ([(0, b"/>")], False),  # left of spans="2:30", which a write at column 41 widens
    ([(2, b"/>"), (2, b"/>")], True),  # the same column twice: lxml keys them by column too
    ([(2, b"/>"), (1, b"/>")], True),  # out of order, but left of every write and of D
])
def test_cells_before_the_written_ones_are_checked_against_lxml(
    earlier: list[tuple[int, bytes]], spliced: bool,
) -> None:
    row = _dashboard_row([*earlier, (3, b"/>")], spans=b"2:30")
    sheet = b'<worksheet xmlns="' + _MAIN + b'"><sheetData>' + row + b"</sheetData></worksheet>"
    writes = [CellWrite(4, 5, 1.0), CellWrite(4, 40, 2.0)]
    splicer = RowSplicer(_styler, {}, plain=True)
    head_end = row.index(b">") + 1
    last = splicer._last_cells(row, head_end, len(row) - 6, b"5", 5, [(1, 29)])
    assert (last is not None) == spliced
    assert _written(sheet, writes, splice=True) == _written(sheet, writes, splice=False)


@given(st.integers(1, 16_384), st.integers(0, 16_383))
def test_columns_before_matches_exactly_the_columns_left_of_a_column(bound: int, col: int) -> (
    None
):
    pattern = re.compile(_columns_before(bound))
    assert (pattern.fullmatch(column_letter(col).encode()) is not None) == (col < bound)


@given(st.integers(0, 800), st.integers(0, 800),
       st.lists(st.tuples(st.integers(0, 1000), st.sampled_from([b"7", b"12", b"", b"x", b"7 "])),
                max_size=6))
def test_the_check_of_earlier_cells_flags_exactly_the_cells_out_of_bounds(
    low: int, last: int, cells: list[tuple[int, bytes]],
) -> None:
    pattern = RowSplicer(_styler, {})._earlier_cells(low, last)
    assert pattern is not None
    row = b"".join(b'<c r="' + column_letter(col).encode() + digits + b'"><v>1</v></c>'
                   for col, digits in cells)
    fine = all(low <= col <= last and digits.isdigit() for col, digits in cells)
    assert (pattern.search(row) is None) == fine
