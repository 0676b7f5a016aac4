"""OOXML namespaces and relationship types we look for."""

from __future__ import annotations

from typing import Final

MAIN: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_MAIN: Final = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES: Final = "http://schemas.openxmlformats.org/package/2006/content-types"

WORKSHEET_CONTENT_TYPE: Final = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
)
STYLES_CONTENT_TYPE: Final = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
)


def q(local: str, ns: str = MAIN) -> str:
    """Clark name: q('c') -> '{main}c'."""
    return f"{{{ns}}}{local}"


def rel_kind(rel_type: str) -> str:
    """The last segment of a relationship type: '.../worksheet' -> 'worksheet'."""
    return rel_type.rstrip("/").rsplit("/", 1)[-1]
