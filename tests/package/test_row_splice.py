"""The byte-level row splicer writes what the lxml row editor writes.

Every worksheet of the corpus (and a generated dashboard) gets the same writes twice,
once through `write_cells` as it is and once with the splicer switched off: the same
XML for the corpus (the splicer keeps untouched cells' bytes where lxml normalises
them), the same bytes for the dashboard. Rows the splicer declines go to lxml.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from xl_addin.adapters.package import sheet_writer
from xl_addin.adapters.package.row_splice import RowSplicer
from xl_addin.adapters.package.sheet_layout import SheetLayoutError, locate
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
        except (CellError, SheetLayoutError) as exc:
            return type(exc).__name__
        except Exception as exc:  # lxml syntax errors: both paths must agree
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
