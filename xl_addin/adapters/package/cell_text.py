"""Cell text as Excel stores it: _xHHHH_ escapes both ways, and the text of string items."""

from __future__ import annotations

import math
import re

from lxml import etree

from .namespaces import q

_T = q("t")
_R = q("r")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_LITERAL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def excel_escape(text: str) -> str:
    """Text as Excel stores it: a literal '_xHHHH_' protected, control characters escaped."""
    text = _LITERAL_ESCAPE.sub(r"_x005F_\1", text)
    return _NOT_XML_CHAR.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _decoded(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    return match.group() if code in (0xFFFE, 0xFFFF) else chr(code)


def decode_escapes(text: str) -> str:
    """'_x000D_' -> '\\r' (Excel escapes control characters this way)."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(_decoded, text)


def keeps_spaces(text: str) -> bool:
    """Whether text needs xml:space="preserve" for Excel to keep it as typed."""
    return text != text.strip() or "\n" in text or "  " in text


def number_text(number: float) -> str | None:
    """A number as a cell's <v> stores it (whole numbers without '.0'); None for inf and
    NaN, which no cell can hold."""
    if not math.isfinite(number):
        return None
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


def _run_text(t: etree._Element) -> str:
    # Excel drops leading and trailing whitespace unless xml:space="preserve"
    text = t.text or ""
    return text if t.get(_XML_SPACE) == "preserve" else text.strip(" \t\r\n")


def item_text(item: etree._Element) -> str:
    """The text of a string item: its <t>, or its rich-text runs; phonetic runs excluded."""
    runs = [_run_text(t) for t in item.iterchildren(_T)]
    runs += [_run_text(t) for run in item.iterchildren(_R) for t in run.iterchildren(_T)]
    return decode_escapes("".join(runs))
