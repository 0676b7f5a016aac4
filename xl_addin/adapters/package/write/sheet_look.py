"""A sheet's look (core.plan.SheetLook) written into its worksheet part.

Only for a sheet xl_addin owns (the Data checks sheet, a few hundred rows): the part is
parsed whole, and each refresh sets again its column widths, frozen rows, filter range
and the bold and wrapped cells, so they follow the table as it grows or shrinks. Where
they go in the part follows the schema's order of a worksheet's children (ECMA-376
Part 1, 18.3.1.99 CT_Worksheet); Excel refuses a part whose children are out of order.
"""

from __future__ import annotations

from lxml import etree

from xl_addin.core.address import cell_address
from xl_addin.core.plan import SheetLook

from ..read.sheet_reader import split_reference
from ..xml_parsing import child_in_order, safe_parser, serialise_like
from .styles import StyleBook

_ORDER = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
    "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
    "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting",
    "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
    "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags",
    "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects",
    "controls", "webPublishItems", "tableParts", "extLst",
)


def apply_look(data: bytes, look: SheetLook, styles: StyleBook) -> bytes:
    """The worksheet part `data` with `look` applied; cells and values are untouched."""
    root = etree.fromstring(data, safe_parser(strip_cdata=False))
    ns = etree.QName(root).namespace or ""
    _set_widths(root, ns, look.column_widths)
    _freeze_rows(root, ns, look.header_row + 1)
    autofilter = _child(root, ns, "autoFilter")
    autofilter.attrib.clear()  # a filter the analyst set is dropped with the old range
    for criteria in list(autofilter):
        autofilter.remove(criteria)
    autofilter.set("ref", look.filter_range)
    _style_cells(root, ns, look, styles)
    return serialise_like(data, root)


def _tag(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}" if ns else name


def _child(root: etree._Element, ns: str, name: str) -> etree._Element:
    """The child `name` of the worksheet, created in its schema place when missing."""
    return child_in_order(root, ns, name, _ORDER)


def _set_widths(root: etree._Element, ns: str, widths: tuple[float, ...]) -> None:
    cols = _child(root, ns, "cols")
    for col in list(cols):
        cols.remove(col)
    for index, width in enumerate(widths, start=1):
        etree.SubElement(cols, _tag(ns, "col"), min=str(index), max=str(index),
                         width=f"{width:g}", customWidth="1")


def _freeze_rows(root: etree._Element, ns: str, rows: int) -> None:
    """Rows 1..`rows` stay in view as the rest scrolls (View > Freeze Panes)."""
    views = _child(root, ns, "sheetViews")
    view = views.find(_tag(ns, "sheetView"))
    if view is None:
        view = etree.SubElement(views, _tag(ns, "sheetView"), workbookViewId="0")
    for old in [*view.findall(_tag(ns, "pane")), *view.findall(_tag(ns, "selection"))]:
        view.remove(old)
    below = cell_address(rows, 0)
    pane = etree.Element(_tag(ns, "pane"), ySplit=str(rows), topLeftCell=below,
                         activePane="bottomLeft", state="frozen")
    view.insert(0, pane)
    pane.addnext(etree.Element(_tag(ns, "selection"), pane="bottomLeft", activeCell=below,
                               sqref=below))


LINE_HEIGHT = 15.0
"""Points a line of 11-point Calibri takes (the default row height)."""


def _style_cells(root: etree._Element, ns: str, look: SheetLook, styles: StyleBook) -> None:
    bold, wrap = set(look.bold_rows), set(look.wrap_columns)
    lines = dict(look.row_lines)
    data = root.find(_tag(ns, "sheetData"))
    if data is None:
        return
    for row in data.iterfind(_tag(ns, "row")):
        index = int(row.get("r", "0")) - 1
        in_table = look.header_row < index <= look.last_row
        if index > look.header_row:  # a height from an earlier, longer list goes
            for attribute in ("ht", "customHeight"):
                if attribute in row.attrib:
                    del row.attrib[attribute]
            if index in lines:  # not custom: Excel fits it again when the text changes
                row.set("ht", f"{lines[index] * LINE_HEIGHT:g}")
        if index not in bold and not in_table:
            continue
        for cell in row.iterfind(_tag(ns, "c")):
            col = split_reference(cell.get("r", "A1"))[1]
            current = int(cell.get("s", "0") or "0")
            style = styles.emphasised(current, bold=index in bold,
                                      wrap=in_table and col in wrap, top=in_table)
            if style != current:
                cell.set("s", str(style))
