"""Which part holds which sheet: workbook.xml and its relationships resolved."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ..errors import NotAWorkbookError, UnsupportedFormatError
from ..namespaces import MAIN, PACKAGE_REL, REL, STRICT_MAIN, q, rel_kind
from ..opc import OpcPackage, rels_part_for, resolve_target
from ..xml_parsing import parse_part

_SAVE_AS_XLSX = "Open it in Excel and use File > Save As > Excel Workbook (*.xlsx)."


@dataclass(frozen=True)
class Relationship:
    rel_id: str
    kind: str
    """Last segment of its type: 'worksheet', 'styles', 'sharedStrings'..."""
    target: str
    """Normalised part name, or the raw target when external."""
    external: bool


@dataclass(frozen=True)
class SheetRef:
    name: str
    sheet_id: int
    rel_id: str
    part: str
    kind: str
    """'worksheet', 'chartsheet', 'dialogsheet', 'xlMacrosheet'..."""


@dataclass(frozen=True)
class WorkbookMap:
    workbook_part: str
    sheets: tuple[SheetRef, ...]
    relationships: tuple[Relationship, ...]
    date1904: bool = False
    """Serial numbers count from 1904 (old Mac workbooks)."""

    @property
    def worksheets(self) -> list[SheetRef]:
        return [s for s in self.sheets if s.kind == "worksheet"]

    def part_of_kind(self, kind: str) -> str | None:
        found = [r.target for r in self.relationships if r.kind == kind and not r.external]
        return found[0] if found else None


def read_relationships(package: OpcPackage, source_part: str) -> list[Relationship]:
    """Relationships of a part ('' for the package itself); none when it has no rels part."""
    rels_part = "_rels/.rels" if not source_part else rels_part_for(source_part)
    if not package.has(rels_part):
        return []
    root = parse_part(package.read(rels_part), path=package.path, part=rels_part)
    found = []
    for rel in root.iter(f"{{{PACKAGE_REL}}}Relationship"):
        external = rel.get("TargetMode") == "External"
        target = rel.get("Target", "")
        found.append(
            Relationship(
                rel_id=rel.get("Id", ""),
                kind=rel_kind(rel.get("Type", "")),
                target=target if external else resolve_target(source_part or "/", target),
                external=external,
            )
        )
    return found


def find_workbook_part(package: OpcPackage) -> str:
    for rel in read_relationships(package, ""):
        if rel.kind == "officeDocument" and not rel.external and package.has(rel.target):
            return rel.target
    if package.has("xl/workbook.xml"):
        return "xl/workbook.xml"
    raise NotAWorkbookError(
        package.path,
        "is a zip package without a workbook in it.",
        hint="Choose the .xlsx or .xlsm file of the dashboard.",
    )


def read_workbook_map(package: OpcPackage) -> WorkbookMap:
    workbook_part = find_workbook_part(package)
    if workbook_part.endswith(".bin"):
        raise UnsupportedFormatError(
            package.path, "is an Excel Binary Workbook (.xlsb).", hint=_SAVE_AS_XLSX
        )
    root = parse_part(package.read(workbook_part), path=package.path, part=workbook_part)
    if etree.QName(root).namespace == STRICT_MAIN:
        raise UnsupportedFormatError(
            package.path,
            "is saved as Strict Open XML, which this tool does not edit.",
            hint=_SAVE_AS_XLSX + " (the ordinary format, not 'Strict Open XML').",
        )
    relationships = read_relationships(package, workbook_part)
    by_id = {r.rel_id: r for r in relationships}
    sheets = []
    for sheet in root.iter(q("sheet", MAIN)):
        rel = by_id.get(sheet.get(f"{{{REL}}}id", ""))
        if rel is None or rel.external:
            continue
        sheets.append(
            SheetRef(
                name=sheet.get("name", ""),
                sheet_id=int(sheet.get("sheetId", "0")),
                rel_id=rel.rel_id,
                part=rel.target,
                kind=rel.kind,
            )
        )
    properties = root.find(q("workbookPr", MAIN))
    date1904 = properties is not None and properties.get("date1904") in ("1", "true")
    return WorkbookMap(workbook_part, tuple(sheets), tuple(relationships), date1904)
