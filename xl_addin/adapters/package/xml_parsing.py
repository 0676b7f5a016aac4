"""Parsing package XML without ever expanding entities or fetching anything.

Excel never writes a DOCTYPE in a package part, so any DOCTYPE is refused outright
rather than parsed carefully: that closes billion-laughs and external-entity attacks.
"""

from __future__ import annotations

import re
from typing import IO, Any

from lxml import etree

from .errors import CorruptWorkbookError, UnsafePackageError

_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def safe_parser(*, strip_cdata: bool = True) -> etree.XMLParser:
    """An lxml parser that resolves no entity, loads no DTD and touches no network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=True,  # big sheets are legitimate; bombs are stopped by zip limits
        strip_cdata=strip_cdata,
        remove_comments=False,
    )


def refuse_doctype(data: bytes, *, path: str, part: str) -> None:
    """Raise when the prologue (before the root element) declares a DTD or entity."""
    first = _FIRST_ELEMENT.search(data)
    prologue = data[: first.start()] if first else data
    if _DECLARATION.search(prologue) or (
        # a UTF-16 part hides the declaration from the byte search above
        data[:2] in (b"\xff\xfe", b"\xfe\xff") and b"D\x00O\x00C\x00T\x00Y\x00P\x00E" in data
    ):
        raise UnsafePackageError(
            path,
            f"part {part} declares a DTD or XML entities, which Excel never writes.",
            hint="The file may be crafted to attack XML readers; it was not opened.",
        )


def parse_part(data: bytes, *, path: str, part: str) -> etree._Element:
    """Parse a whole package part into a tree (keeping CDATA and comments as they are)."""
    refuse_doctype(data, path=path, part=part)
    try:
        root = etree.fromstring(data, safe_parser(strip_cdata=False))
    except etree.XMLSyntaxError as exc:
        raise CorruptWorkbookError(
            path,
            f"part {part} is not well-formed XML ({exc}).",
            hint="Open and re-save the workbook in Excel to repair it.",
        ) from exc
    if root.getroottree().docinfo.internalDTD is not None:
        raise UnsafePackageError(path, f"part {part} declares a DTD.", hint="It was not opened.")
    return root


def iterparse_part(
    source: IO[bytes], *, tag: str | tuple[str, ...]
) -> etree.iterparse[tuple[str, etree._Element]]:
    """Stream a part's elements (`end` events) with the same protections as `parse_part`.

    The caller checks the prologue with `refuse_doctype` first.
    """
    return etree.iterparse(
        source,
        events=("end",),
        tag=tag,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
    )


def serialise_like(original: bytes, root: etree._Element) -> bytes:
    """`root` re-serialised, behind the original's own prologue (declaration, BOM).

    Keeps `standalone="yes"` and quoting exactly as the source had them; only UTF-8
    parts (all Excel writes) keep their prologue, others are re-declared by lxml.
    """
    first = _FIRST_ELEMENT.search(original)
    prologue = original[: first.start()] if first else b""
    declared = re.search(rb"""encoding\s*=\s*["']([^"']+)""", prologue)
    if declared is None or declared.group(1).lower() in (b"utf-8", b"utf8"):
        return prologue + etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    tree = root.getroottree()
    encoding: Any = tree.docinfo.encoding
    text: bytes = etree.tostring(
        tree, xml_declaration=True, encoding=encoding, standalone=bool(tree.docinfo.standalone)
    )
    return text


def child_in_order(root: etree._Element, ns: str, name: str,
                   order: tuple[str, ...]) -> etree._Element:
    """The child `name` of `root`, created where its schema sequence `order` puts it.

    Excel refuses a part whose children are out of the schema's order, so a new
    element goes before the first existing child that the sequence puts after it."""
    tag = f"{{{ns}}}{name}"
    found = root.find(tag)
    if found is not None:
        return found
    element = etree.Element(tag)
    later = set(order[order.index(name) + 1:])
    for child in root:
        if isinstance(child.tag, str) and etree.QName(child).localname in later:
            child.addprevious(element)
            break
    else:
        root.append(element)
    return element
