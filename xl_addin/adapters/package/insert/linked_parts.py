"""Parts outside the worksheets that point at a sheet's cells, after a column insert.

Defined names (print titles and areas included), chart series, tables, pivot
cache sources, drawing anchors, comments (and their VML notes) and the
calculation chain: each moves the same way Excel moves it, as text patches.
"""

from __future__ import annotations

import re

from ..read.sheet_reader import split_reference
from .ref_shift import Target, mentions_sheet, shift_col, shift_formula, shift_sqref
from .xml_text import attribute_pattern, element_pattern, rewrite_attributes, rewrite_elements

_DEFINED_NAME = element_pattern("definedName")
_CHART_FORMULA = element_pattern("f")
_TABLE_FORMULAS = element_pattern("calculatedColumnFormula", "totalsRowFormula")
_REF = attribute_pattern("ref")
_WORKSHEET_SOURCE = re.compile(r"<(?:[\w.-]+:)?worksheetSource\b[^>]*>")
_SHEET_ATTR = re.compile(r"""\ssheet\s*=\s*(["'])(.*?)\1""", re.S)
_ANCHOR = re.compile(r"<((?:[\w.-]+:)?(?:twoCellAnchor|oneCellAnchor))\b([^>]*)>(.*?)</\1\s*>",
                     re.S)
_MARKER = re.compile(r"(<((?:[\w.-]+:)?(?:from|to))\s*>.*?<((?:[\w.-]+:)?col)\s*>)(\d+)(</\3\s*>)",
                     re.S)
_EDIT_AS = re.compile(r"""\seditAs\s*=\s*["'](\w+)""")
_VML_COLUMN = re.compile(r"(<x:Column\s*>\s*)(\d+)(\s*</x:Column\s*>)")
_VML_ANCHOR = re.compile(r"(<x:Anchor\s*>)([^<]*)(</x:Anchor\s*>)")
_CALC_CELL = re.compile(r"<(?:[\w.-]+:)?c\b[^>]*>")
_R = re.compile(r"""(\sr\s*=\s*["'])([A-Za-z]+[0-9]+)(["'])""")
_I = re.compile(r"""\si\s*=\s*["'](\d+)""")


def shift_defined_names(text: str, sheet: str, at: int) -> str:
    if not mentions_sheet(text, sheet):
        return text
    return rewrite_elements(text, _DEFINED_NAME,
                            lambda f: shift_formula(f, at, Target(sheet, None)))


def shift_chart(text: str, sheet: str, at: int) -> str:
    if not mentions_sheet(text, sheet):
        return text
    return rewrite_elements(text, _CHART_FORMULA,
                            lambda f: shift_formula(f, at, Target(sheet, None)))


def table_span(text: str) -> tuple[int, int] | None:
    """First and last column of a table part's range."""
    found = _REF.search(text)
    if found is None:
        return None
    corners = [split_reference(c.replace("$", "")) for c in found.group(3).split(":")]
    return corners[0][1], corners[-1][1]


def shift_table(text: str, sheet: str, host: str | None, at: int, *, on_sheet: bool) -> str:
    """A table part: its ranges move when it sits right of the insert on `sheet`."""
    text = rewrite_elements(text, _TABLE_FORMULAS,
                            lambda f: shift_formula(f, at, Target(sheet, host)))
    if on_sheet:
        text = rewrite_attributes(text, _REF, lambda v: shift_sqref(v, at))
    return text


def shift_pivot_cache(text: str, sheet: str, at: int) -> str:
    def one(match: re.Match[str]) -> str:
        tag = match.group(0)
        named = _SHEET_ATTR.search(tag)
        if named is None or named.group(2).replace("&amp;", "&").lower() != sheet.lower():
            return tag
        return rewrite_attributes(tag, _REF, lambda v: shift_sqref(v, at))

    return _WORKSHEET_SOURCE.sub(one, text)


def shift_drawing(text: str, at: int) -> str:
    """Shapes and charts move with their cells ('move and size'), as Excel places them."""
    def anchor(match: re.Match[str]) -> str:
        edit = _EDIT_AS.search(match.group(2))
        mode = edit.group(1) if edit else "twoCell"
        if match.group(1).endswith("oneCellAnchor"):
            mode = "oneCell"
        if mode == "absolute":
            return match.group(0)
        body = match.group(3)
        starts = [int(m.group(4)) for m in _MARKER.finditer(body)]
        if mode == "oneCell" and (not starts or starts[0] < at):
            return match.group(0)

        def marker(m: re.Match[str]) -> str:
            return f"{m.group(1)}{shift_col(int(m.group(4)), at)}{m.group(5)}"

        new_body = _MARKER.sub(marker, body)
        return match.group(0) if new_body == body else match.group(0).replace(body, new_body, 1)

    return _ANCHOR.sub(anchor, text)


def shift_comments(text: str, at: int) -> str:
    return rewrite_attributes(text, _REF, lambda v: shift_sqref(v, at))


def shift_vml(text: str, at: int) -> str:
    """Note boxes: the cell they belong to (x:Column) and their anchor columns."""
    text = _VML_COLUMN.sub(lambda m: f"{m.group(1)}{shift_col(int(m.group(2)), at)}{m.group(3)}",
                           text)

    def anchor(m: re.Match[str]) -> str:
        numbers = [n.strip() for n in m.group(2).split(",")]
        if len(numbers) != 8 or not all(n.isdigit() for n in numbers):
            return m.group(0)
        for i in (0, 4):
            numbers[i] = str(shift_col(int(numbers[i]), at))
        return f"{m.group(1)}{', '.join(numbers)}{m.group(3)}"

    return _VML_ANCHOR.sub(anchor, text)


def shift_calc_chain(text: str, sheet_id: int, at: int) -> str:
    """Cells of the sheet in the calculation chain (an omitted i= repeats the previous one)."""
    current = [0]

    def one(match: re.Match[str]) -> str:
        tag = match.group(0)
        found = _I.search(tag)
        if found:
            current[0] = int(found.group(1))
        if current[0] != sheet_id:
            return tag
        r = _R.search(tag)
        if r is None:
            return tag
        row, col = split_reference(r.group(2))
        if col < at:
            return tag
        from xl_addin.core.address import cell_address

        return tag.replace(r.group(0), f"{r.group(1)}{cell_address(row, col + 1)}{r.group(3)}")

    return _CALC_CELL.sub(one, text)
