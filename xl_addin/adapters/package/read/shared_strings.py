"""The shared string table, read once per workbook. We never write it."""

from __future__ import annotations

import io

from ..cell_text import item_text
from ..namespaces import q
from ..opc import OpcPackage
from ..xml_parsing import iterparse_part, refuse_doctype

_SI = q("si")


def read_shared_strings(package: OpcPackage, part: str | None) -> list[str]:
    if part is None or not package.has(part):
        return []
    data = package.read(part)
    refuse_doctype(data, path=package.path, part=part)
    strings = []
    for _, item in iterparse_part(io.BytesIO(data), tag=_SI):
        strings.append(item_text(item))
        item.clear()
    return strings
