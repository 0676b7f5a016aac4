"""Compare a workbook before and after a refresh: what changed that should not have.

Used by the corpus fidelity test and the unit tests. Each finding is a short text;
an empty list means nothing was lost.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

from lxml import etree

from xl_addin.adapters.package.namespaces import MAIN
from xl_addin.adapters.package.read.sheet_reader import split_reference
from xl_addin.core.address import cell_address
from xl_addin.core.plan import CellWrite

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
_C, _ROW, _SHEET_DATA = f"{{{MAIN}}}c", f"{{{MAIN}}}row", f"{{{MAIN}}}sheetData"
STYLE_SECTIONS = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs")


def key(element: etree._Element) -> tuple[object, ...]:
    """Canonical identity of an element: tag, attributes, text, children, tails."""
    return (
        element.tag,
        tuple(sorted(element.attrib.items())),
        element.text or "",
        tuple(key(child) for child in element),
        element.tail or "" if element.getparent() is not None else "",
    )


def member_findings(
    before: bytes, after: bytes, allowed: set[str]
) -> tuple[list[str], dict[str, bytes], dict[str, bytes]]:
    """Members other than `allowed` must be identical, raw bytes included, in order."""
    findings = []
    old, new = zipfile.ZipFile(io.BytesIO(before)), zipfile.ZipFile(io.BytesIO(after))
    old_names, new_names = old.namelist(), new.namelist()
    if new_names[: len(old_names)] != old_names:
        findings.append("member names or order changed")
    changed_old, changed_new = {}, {}
    for info in old.infolist():
        if info.filename not in new_names:
            findings.append(f"{info.filename} missing")
            continue
        other = new.getinfo(info.filename)
        normal = info.filename.replace("\\", "/").lower()
        if normal in allowed:
            changed_old[normal] = old.read(info)
            changed_new[normal] = new.read(other)
            continue
        same = (
            info.CRC == other.CRC
            and info.compress_type == other.compress_type
            and info.compress_size == other.compress_size
            and old.read(info) == new.read(other)
        )
        if not same:
            findings.append(f"{info.filename} changed")
    for name in new_names[len(old_names) :]:
        changed_new[name.replace("\\", "/").lower()] = new.read(name)
    return findings, changed_old, changed_new


def appended_only(old: etree._Element, new: etree._Element) -> bool:
    """`new` is `old` with elements appended (at any depth), nothing else changed."""
    if old.tag != new.tag or dict(old.attrib) != dict(new.attrib) or len(new) < len(old):
        return False
    return all(
        key(a)[:-1] == key(b)[:-1] or appended_only(a, b) for a, b in zip(old, new, strict=False)
    )


def listing_findings(changed_old: dict[str, bytes], changed_new: dict[str, bytes]) -> list[str]:
    """Parts that list other parts (workbook, its rels, content types): append-only."""
    findings = []
    for part, before in changed_old.items():
        if part.endswith(("workbook.xml", "workbook.xml.rels", "[content_types].xml")):
            old = etree.fromstring(before, _PARSER)
            new = etree.fromstring(changed_new[part], _PARSER)
            if not appended_only(old, new):
                findings.append(f"{part}: an existing entry changed")
    return findings


def styles_findings(before: bytes, after: bytes) -> list[str]:
    """Every original style entry unchanged and in place; new ones only appended."""
    old, new = etree.fromstring(before, _PARSER), etree.fromstring(after, _PARSER)
    findings = []
    new_by_tag = {child.tag: child for child in new}
    for section in old:
        counterpart = new_by_tag.get(section.tag)
        if counterpart is None:
            findings.append(f"styles: {etree.QName(section).localname} missing")
            continue
        old_entries = [key(e) for e in section]
        new_entries = [key(e) for e in counterpart][: len(old_entries)]
        if _strip_last_tail(old_entries) != _strip_last_tail(new_entries):
            findings.append(f"styles: an entry of {etree.QName(section).localname} changed")
        extra = {k: v for k, v in section.attrib.items() if k != "count"}
        if extra != {k: v for k, v in counterpart.attrib.items() if k != "count"}:
            findings.append(f"styles: attributes of {etree.QName(section).localname} changed")
    return findings


def _strip_last_tail(entries: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """The last entry's tail may move when an entry is appended after it."""
    return [*entries[:-1], entries[-1][:-1]] if entries else entries


def _cells(
    root: etree._Element,
) -> tuple[dict[tuple[int, int], etree._Element], dict[int, etree._Element]]:
    cells: dict[tuple[int, int], etree._Element] = {}
    rows: dict[int, etree._Element] = {}
    sheet_data = root.find(_SHEET_DATA)
    row_index = -1
    for row in sheet_data.iter(_ROW) if sheet_data is not None else ():
        r = row.get("r")
        row_index = int(r) - 1 if r else row_index + 1
        rows[row_index] = row
        col = -1
        for cell in row.iter(_C):
            ref = cell.get("r")
            col = split_reference(ref)[1] if ref else col + 1
            cells[(row_index, col)] = cell
    return cells, rows


def _cell_key(cell: etree._Element) -> tuple[object, ...]:
    attributes = {k: v for k, v in cell.attrib.items() if k != "r"}
    return (tuple(sorted(attributes.items())), tuple(key(child) for child in cell))


def sheet_findings(before: bytes, after: bytes, writes: Iterable[CellWrite]) -> list[str]:
    """Only the written cells differ; everything outside <sheetData> is the same."""
    old, new = etree.fromstring(before, _PARSER), etree.fromstring(after, _PARSER)
    findings = []
    if old.nsmap != new.nsmap or dict(old.attrib) != dict(new.attrib):
        findings.append("sheet: root namespaces or attributes changed")
    outside_old = [key(e) for e in old if e.tag not in (_SHEET_DATA, f"{{{MAIN}}}dimension")]
    outside_new = [key(e) for e in new if e.tag not in (_SHEET_DATA, f"{{{MAIN}}}dimension")]
    if outside_old != outside_new:
        findings.append("sheet: an element outside sheetData changed")
    written = {(w.row, w.col): w for w in writes}
    old_cells, old_rows = _cells(old)
    new_cells, new_rows = _cells(new)
    for position, cell in old_cells.items():
        if position in written:
            continue
        other = new_cells.get(position)
        if other is None or _cell_key(cell) != _cell_key(other):
            findings.append(f"sheet: cell {cell_address(*position)} changed")
    for position in new_cells.keys() - old_cells.keys() - written.keys():
        findings.append(f"sheet: cell {cell_address(*position)} appeared")
    for index, row in old_rows.items():
        other = new_rows.get(index)
        ignored = ("r", "spans")
        if other is None or {k: v for k, v in row.attrib.items() if k not in ignored} != {
            k: v for k, v in other.attrib.items() if k not in ignored
        }:
            findings.append(f"sheet: row {index + 1} attributes changed")
    for position, write in written.items():
        cell = new_cells.get(position)
        if cell is None:
            findings.append(f"sheet: written cell {cell_address(*position)} missing")
        elif not _holds(cell, write):
            findings.append(f"sheet: written cell {cell_address(*position)} holds the wrong value")
    return findings


def _holds(cell: etree._Element, write: CellWrite) -> bool:
    if cell.find(f"{{{MAIN}}}f") is not None:
        return False
    value = cell.find(f"{{{MAIN}}}v")
    if write.value is None:
        return value is None and cell.find(f"{{{MAIN}}}is") is None
    if isinstance(write.value, str):
        texts = cell.findall(f"{{{MAIN}}}is/{{{MAIN}}}t")
        return (
            cell.get("t") == "inlineStr"
            and len(texts) == 1
            and bool(texts[0].text == write.value or (texts[0].text or "") == write.value)
        )
    return value is not None and float(value.text or "nan") == float(write.value)
