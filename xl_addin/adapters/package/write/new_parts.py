"""Adding a part to the package: a new worksheet, or a styles part where none exists.

Only the three parts that list other parts change: workbook.xml (the new <sheet>),
its relationships, and [Content_Types].xml. docProps/app.xml is left alone: its
sheet titles are informative and Excel rewrites them on its next save.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from lxml import etree

from ..errors import InvalidSheetNameError
from ..namespaces import (
    CONTENT_TYPES,
    MAIN,
    PACKAGE_REL,
    REL,
    STYLES_CONTENT_TYPE,
    WORKSHEET_CONTENT_TYPE,
    q,
)
from ..xml_parsing import child_in_order, parse_part, serialise_like

EMPTY_WORKSHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="' + MAIN.encode() + b'" xmlns:r="' + REL.encode() + b'">'
    b'<dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
    b'<sheetFormatPr defaultRowHeight="15"/><sheetData/>'
    b'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    b"</worksheet>"
)
_FORBIDDEN_IN_NAME = re.compile(r"[\[\]:*?/\\]")
_MAX_NAME = 31


@dataclass
class PackageIndex:
    """The three listing parts, parsed once and edited in place."""

    path: str
    workbook_part: str
    workbook_xml: bytes
    rels_part: str
    rels_xml: bytes
    content_types_xml: bytes

    def __post_init__(self) -> None:
        self.workbook = parse_part(self.workbook_xml, path=self.path, part=self.workbook_part)
        self.rels = parse_part(self.rels_xml, path=self.path, part=self.rels_part)
        self.types = parse_part(self.content_types_xml, path=self.path, part="[Content_Types].xml")
        self.modified: set[str] = set()

    def serialised(self) -> dict[str, bytes]:
        """The listing parts that changed, re-serialised."""
        parts = {
            self.workbook_part: (self.workbook_xml, self.workbook),
            self.rels_part: (self.rels_xml, self.rels),
            "[content_types].xml": (self.content_types_xml, self.types),
        }
        return {
            part: serialise_like(original, root)
            for part, (original, root) in parts.items()
            if part in self.modified
        }

    def add_part(self, part: str, content_type: str, rel_type: str) -> str:
        """Register `part` (normalised name) as related to the workbook; returns its rId."""
        override = etree.SubElement(self.types, f"{{{CONTENT_TYPES}}}Override")
        override.set("PartName", "/" + part)
        override.set("ContentType", content_type)
        taken = {rel.get("Id") for rel in self.rels}
        number = len(taken) + 1
        while f"rId{number}" in taken:
            number += 1
        rel_id = f"rId{number}"
        rel = etree.SubElement(self.rels, f"{{{PACKAGE_REL}}}Relationship")
        rel.set("Id", rel_id)
        rel.set("Type", f"{REL}/{rel_type}")
        rel.set("Target", posixpath.relpath(part, posixpath.dirname(self.workbook_part)))
        self.modified |= {self.rels_part, "[content_types].xml"}
        return rel_id

    def add_sheet(self, name: str, rel_id: str) -> None:
        sheets = self.workbook.find(q("sheets"))
        if sheets is None:
            sheets = etree.SubElement(self.workbook, q("sheets"))
        ids = [int(s.get("sheetId", "0")) for s in sheets]
        sheet = etree.SubElement(sheets, q("sheet"))
        sheet.set("name", name)
        sheet.set("sheetId", str(max(ids, default=0) + 1))
        sheet.set(f"{{{REL}}}id", rel_id)
        self.modified.add(self.workbook_part)


def check_sheet_name(path: str, name: str, existing: list[str]) -> None:
    problem = ""
    if not name.strip():
        problem = "is empty"
    elif len(name) > _MAX_NAME:
        problem = f"is longer than {_MAX_NAME} characters"
    elif _FORBIDDEN_IN_NAME.search(name) or name.startswith("'") or name.endswith("'"):
        problem = "contains a character Excel does not allow ([ ] : * ? / \\ or edge quotes)"
    elif name.casefold() in {other.casefold() for other in existing}:
        problem = "is already used by another sheet (names ignore case)"
    if problem:
        raise InvalidSheetNameError(
            path,
            f"cannot create sheet {name!r}: its name {problem}.",
            hint="Choose another sheet name.",
        )


def free_part_name(taken: list[str], folder: str, stem: str) -> str:
    """'xl/worksheets/sheet7.xml': the first number not used by a part."""
    used = set(taken)
    number = 1
    while f"{folder}/{stem}{number}.xml" in used:
        number += 1
    return f"{folder}/{stem}{number}.xml"


def add_worksheet(index: PackageIndex, name: str, taken: list[str]) -> str:
    """Register a new worksheet; returns its part name (content: EMPTY_WORKSHEET)."""
    folder = posixpath.join(posixpath.dirname(index.workbook_part), "worksheets")
    part = free_part_name(taken, folder, "sheet")
    rel_id = index.add_part(part, WORKSHEET_CONTENT_TYPE, "worksheet")
    index.add_sheet(name, rel_id)
    return part


def add_styles(index: PackageIndex) -> str:
    part = posixpath.join(posixpath.dirname(index.workbook_part), "styles.xml")
    index.add_part(part, STYLES_CONTENT_TYPE, "styles")
    return part


_WORKBOOK_ORDER = (
    "fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
    "functionGroups", "externalReferences", "definedNames", "calcPr", "oleSize",
    "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing",
    "fileRecoveryPr", "webPublishObjects", "extLst",
)
FILTER_DATABASE = "_xlnm._FilterDatabase"
"""The hidden name by which Excel records a sheet's filter range (it writes one for
every sheet with an autoFilter)."""


def set_filter_database(index: PackageIndex, sheet: str, cells: str) -> None:
    """Record `cells` ('A12:G18') as `sheet`'s filter range in workbook.xml."""
    root = index.workbook
    ns = etree.QName(root).namespace or MAIN
    sheets = root.find(f"{{{ns}}}sheets")
    names = [s.get("name") for s in (sheets if sheets is not None else [])]
    if sheet not in names:
        return
    first, _, last = cells.partition(":")
    text = "'{}'!{}:{}".format(sheet.replace("'", "''"), _absolute(first), _absolute(last))
    local_id = str(names.index(sheet))
    defined = child_in_order(root, ns, "definedNames", _WORKBOOK_ORDER)
    for name in defined:
        if name.get("name") == FILTER_DATABASE and name.get("localSheetId") == local_id:
            if name.text != text:
                name.text = text
                index.modified.add(index.workbook_part)
            return
    entry = etree.SubElement(defined, f"{{{ns}}}definedName", name=FILTER_DATABASE,
                             localSheetId=local_id, hidden="1")
    entry.text = text
    index.modified.add(index.workbook_part)


def _absolute(cell: str) -> str:
    """'A12' -> '$A$12'."""
    letters = cell.rstrip("0123456789")
    return f"${letters}${cell[len(letters):]}"
