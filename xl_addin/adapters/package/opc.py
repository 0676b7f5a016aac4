"""The package as a set of named parts, read from an in-memory copy of the file.

Holding the original bytes means the save copies exactly what was validated, even if
the file on disk changes meanwhile (the save refuses in that case).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field

from .zip_io import ZipMember, normalise_name, read_directory


@dataclass
class OpcPackage:
    """Parts by name; names compare as OPC does (case-insensitive, '/' or '\\')."""

    path: str
    data: bytes
    members: list[ZipMember]
    comment: bytes
    _zip: zipfile.ZipFile = field(repr=False)
    _by_name: dict[str, ZipMember] = field(repr=False)

    @classmethod
    def from_bytes(cls, path: str, data: bytes) -> OpcPackage:
        members, comment = read_directory(data)
        archive = zipfile.ZipFile(io.BytesIO(data))
        by_name = {normalise_name(m.name): m for m in members}
        return cls(path, data, members, comment, archive, by_name)

    def has(self, part: str) -> bool:
        return normalise_name(part) in self._by_name

    def member(self, part: str) -> ZipMember:
        return self._by_name[normalise_name(part)]

    def read(self, part: str) -> bytes:
        """Decompressed bytes of a part; zipfile checks the CRC."""
        return self._zip.read(self._zip_info(part))

    def open(self, part: str) -> io.BufferedIOBase:
        return self._zip.open(self._zip_info(part))  # type: ignore[return-value]

    def _zip_info(self, part: str) -> zipfile.ZipInfo:
        return self._zip.getinfo(self.member(part).name)

    def part_names(self) -> list[str]:
        """Normalised names of every part, in package order."""
        return [normalise_name(m.name) for m in self.members]


def rels_part_for(part: str) -> str:
    """'xl/workbook.xml' -> 'xl/_rels/workbook.xml.rels'."""
    folder, name = posixpath.split(normalise_name(part))
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve_target(source_part: str, target: str) -> str:
    """A relationship target made absolute (normalised) against its source part."""
    target = target.replace("\\", "/")
    if target.startswith("/"):
        return normalise_name(target)
    folder = posixpath.dirname(normalise_name(source_part))
    return normalise_name(posixpath.normpath(posixpath.join(folder, target)))
