"""Text of string items (<si>, <is>): plain or rich, with Excel's _xHHHH_ escapes decoded."""

from __future__ import annotations

import re

from lxml import etree

from ..namespaces import q

_T = q("t")
_R = q("r")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _decoded(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    return match.group() if code in (0xFFFE, 0xFFFF) else chr(code)


def decode_escapes(text: str) -> str:
    """'_x000D_' -> '\\r' (Excel escapes control characters this way)."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(_decoded, text)


def _run_text(t: etree._Element) -> str:
    # Excel drops leading and trailing whitespace unless xml:space="preserve"
    text = t.text or ""
    return text if t.get(_XML_SPACE) == "preserve" else text.strip(" \t\r\n")


def item_text(item: etree._Element) -> str:
    """The text of a string item: its <t>, or its rich-text runs; phonetic runs excluded."""
    runs = [_run_text(t) for t in item.iterchildren(_T)]
    runs += [_run_text(t) for run in item.iterchildren(_R) for t in run.iterchildren(_T)]
    return decode_escapes("".join(runs))
