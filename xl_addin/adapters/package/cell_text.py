"""Text of string items (<si>, <is>): plain or rich, with Excel's _xHHHH_ escapes decoded."""

from __future__ import annotations

import re

from lxml import etree

from .namespaces import q

_T = q("t")
_RPH = q("rPh")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def decode_escapes(text: str) -> str:
    """'_x000D_' -> '\\r' (Excel escapes control characters this way)."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def item_text(item: etree._Element) -> str:
    """All <t> runs of a string item, phonetic (<rPh>) runs excluded."""
    parts = []
    for t in item.iter(_T):
        parent = t.getparent()
        if parent is not None and parent.tag == _RPH:
            continue
        parts.append(t.text or "")
    return decode_escapes("".join(parts))
