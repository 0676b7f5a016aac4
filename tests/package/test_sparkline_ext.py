"""The x14:sparklineGroups writer over many shapes of worksheet tail (hypothesis): with or
without an extLst, other exts, someone else's groups, a prefixed main namespace. Their
bytes stay, ours are drawn once and replaced, never doubled."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from xl_addin.adapters.package.sparkline_ext import (
    SPARKLINE_EXT_URI,
    X14,
    XM,
    draw_sparklines,
    existing_groups,
    sparkline_marks,
)
from xl_addin.core.sparklines import Sparkline, SparklineGroup, SparklineLook, SparklinePlan

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CF_EXT = (b'<{p}ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="' + X14.encode()
          + b'"><x14:conditionalFormattings><x14:conditionalFormatting><x14:cfRule '
          b'type="dataBar" id="{{1}}"><x14:dataBar/></x14:cfRule><xm:sqref '
          b'xmlns:xm="' + XM.encode() + b'">C2:C4</xm:sqref></x14:conditionalFormatting>'
          b"</x14:conditionalFormattings></{p}ext>")
OTHER_EXT = b'<{p}ext uri="{{A8765BA9-456A-4dab-B4F3-ACF838C121DE}}"><x14:slicerList ' \
            b'xmlns:x14="' + X14.encode() + b'"/></{p}ext>'


def theirs(col: str, row: int) -> bytes:
    """A group as XlsxWriter writes one (another program's look)."""
    return (f'<x14:sparklineGroup displayEmptyCellsAs="gap" markers="1"><x14:colorSeries '
            f'rgb="FF376092"/><x14:sparklines><x14:sparkline><xm:f>Sheet1!A{row}:E{row}'
            f"</xm:f><xm:sqref>{col}{row}</xm:sqref></x14:sparkline></x14:sparklines>"
            f"</x14:sparklineGroup>").encode()


@st.composite
def sheets(draw: st.DrawFn) -> tuple[bytes, list[bytes]]:
    prefix = draw(st.sampled_from([b"", b"x:"]))
    decl = b'xmlns:x="' if prefix else b'xmlns="'
    foreign = [theirs(col, row) for col, row in draw(st.lists(
        st.tuples(st.sampled_from("JKL"), st.integers(2, 6)), max_size=3, unique=True))]
    exts = []
    if draw(st.booleans()):
        exts.append(CF_EXT.replace(b"{p}", prefix).replace(b"{{", b"{").replace(b"}}", b"}"))
    if foreign:
        exts.append(b"<" + prefix + b'ext uri="' + SPARKLINE_EXT_URI.encode() + b'" xmlns:x14="'
                    + X14.encode() + b'"><x14:sparklineGroups xmlns:xm="' + XM.encode() + b'">'
                    + b"".join(foreign) + b"</x14:sparklineGroups></" + prefix + b"ext>")
    if draw(st.booleans()):
        exts.append(OTHER_EXT.replace(b"{p}", prefix).replace(b"{{", b"{").replace(b"}}", b"}"))
    ext_list = (b"<" + prefix + b"extLst>" + b"".join(exts) + b"</" + prefix + b"extLst>"
                if exts else b"")
    merge = b"<" + prefix + b'mergeCells count="1"><' + prefix + b'mergeCell ref="A8:B8"/></' \
        + prefix + b"mergeCells>" if draw(st.booleans()) else b""
    p = prefix
    xml = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<' + p + b"worksheet "
           + decl + MAIN.encode() + b'"><' + p + b"sheetData><" + p + b'row r="1"><' + p
           + b'c r="A1"><' + p + b"v>1</" + p + b"v></" + p + b"c></" + p + b"row></" + p
           + b"sheetData>" + merge + ext_list + b"</" + p + b"worksheet>")
    return xml, foreign


def plan_for(rows: list[int], col: int = 9) -> SparklinePlan:
    lines = tuple(Sparkline(r, col, f"'Sheet 1'!$B${r + 1}:$H${r + 1}") for r in rows)
    return SparklinePlan("Sheet 1", 0, col, (SparklineGroup(SparklineLook(), lines),)
                         if lines else ())


rows_ = st.lists(st.integers(1, 5), min_size=1, max_size=5, unique=True).map(sorted)


@settings(max_examples=150, deadline=None)
@given(sheets(), rows_, rows_)
def test_drawn_once_replaced_in_place_and_theirs_kept(
    sheet: tuple[bytes, list[bytes]], first: list[int], second: list[int]
) -> None:
    xml, foreign = sheet
    once = draw_sparklines(xml, plan_for(first))
    assert draw_sparklines(once, plan_for(first)) == once  # idempotent
    again = draw_sparklines(once, plan_for(second))
    assert again == draw_sparklines(xml, plan_for(second))  # ours replaced, not doubled
    root = etree.fromstring(again)
    assert etree.QName(root[-1]).localname == "extLst"
    # their groups: the same bytes, in the same order
    kept = [g for g in foreign if g in again]
    assert kept == foreign
    assert [again.index(g) for g in kept] == sorted(again.index(g) for g in kept)
    # ours: exactly the planned cells, in one group of our look
    seen = existing_groups(again)
    assert sum(g.own for g in seen) == 1
    _, own = sparkline_marks(again)
    assert own == {(r, 9) for r in second}
    # everything before <extLst> (or </worksheet>) is untouched
    cut = xml.find(b"extLst")
    head = xml[:xml.rindex(b"<", 0, cut)] if cut >= 0 else xml[:xml.rindex(b"</")]
    assert again.startswith(head)


def test_no_plan_groups_and_nothing_of_ours_changes_nothing() -> None:
    xml = (b'<worksheet xmlns="' + MAIN.encode() + b'"><sheetData/>'
           b"</worksheet>")
    assert draw_sparklines(xml, plan_for([])) == xml


def test_our_last_groups_are_removed_when_the_plan_has_none() -> None:
    xml = (b'<worksheet xmlns="' + MAIN.encode() + b'"><sheetData/><extLst>' + OTHER_EXT
           .replace(b"{p}", b"").replace(b"{{", b"{").replace(b"}}", b"}") + b"</extLst>"
           b"</worksheet>")
    drawn = draw_sparklines(xml, plan_for([1, 2]))
    assert b"sparklineGroup " in drawn
    assert draw_sparklines(drawn, plan_for([])) == xml


def test_a_sparkline_extension_we_cannot_pair_up_is_a_damaged_workbook() -> None:
    import pytest

    from xl_addin.adapters.package.errors import CorruptWorkbookError
    from xl_addin.adapters.package.sparkline_ext import marked_grid
    from xl_addin.core.grid import Grid

    xml = (b'<worksheet xmlns="' + MAIN.encode() + b'"><sheetData/><extLst><ext uri="'
           + SPARKLINE_EXT_URI.encode() + b'"><x14:sparklineGroups xmlns:x14="' + X14.encode()
           + b'"><x14:sparklineGroup></x14:sparklineGroups></ext></extLst></worksheet>')
    with pytest.raises(CorruptWorkbookError, match="its sparklines cannot be read"):
        marked_grid(Grid("Dash", []), xml, path="book.xlsx")
    plain = b'<worksheet xmlns="' + MAIN.encode() + b'"><sheetData/></worksheet>'
    assert marked_grid(Grid("Dash", []), plain, path="book.xlsx") == Grid("Dash", [])
