"""The cell formats of styles.xml: new ones appended, existing ones never touched.

A refreshed cell gets a copy of its own format with the number format and the
Good / Neutral / Bad fill swapped in (the fill alone carries the tone, as in live
Excel, where a font colour per cell would cost a call per cell). Identical fonts,
fills and formats are reused, so refreshing again (even with other tones) does not
grow the stylesheet.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Final

from lxml import etree

from xl_addin.core.vocab import SPC_FILL, Tone

from ..namespaces import MAIN, q
from ..xml_parsing import parse_part, serialise_like

TONE_FILLS: Final[dict[Tone, str]] = {
    "good": "FFC6EFCE",
    "neutral": "FFFFEB9C",
    "bad": "FFFFC7CE",
    **{tone: "FF" + colour.lstrip("#").upper() for tone, colour in SPC_FILL.items()},
}
"""The fills of Excel's Good / Neutral / Bad cell styles, and the Making Data Count
colours of the Variation and Assurance columns, as ARGB."""
_OUR_FILLS = set(TONE_FILLS.values())
_EARLIER_FONT_COLOURS = {"FF006100", "FF9C5700", "FF9C0006"}
"""Font colours of Excel's Good / Neutral / Bad styles, which refreshes before
version 0.2 set with the fill; a refresh now takes them off again."""

BUILTIN_FORMATS: Final[dict[str, int]] = {
    "General": 0,
    "0": 1,
    "0.00": 2,
    "#,##0": 3,
    "#,##0.00": 4,
    "0%": 9,
    "0.00%": 10,
    "0.00E+00": 11,
    "# ?/?": 12,
    "# ??/??": 13,
    "mm-dd-yy": 14,
    "d-mmm-yy": 15,
    "d-mmm": 16,
    "mmm-yy": 17,
    "h:mm AM/PM": 18,
    "h:mm:ss AM/PM": 19,
    "h:mm": 20,
    "h:mm:ss": 21,
    "m/d/yy h:mm": 22,
    "#,##0 ;(#,##0)": 37,
    "#,##0 ;[Red](#,##0)": 38,
    "#,##0.00;(#,##0.00)": 39,
    "#,##0.00;[Red](#,##0.00)": 40,
    "mm:ss": 45,
    "[h]:mm:ss": 46,
    "mmss.0": 47,
    "##0.0E+0": 48,
    "@": 49,
}
FIRST_CUSTOM_FORMAT_ID: Final = 164

_SECTIONS = (
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
)
MINIMAL_STYLES: Final = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<styleSheet xmlns="' + MAIN.encode() + b'">'
    b'<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    b'<fills count="2"><fill><patternFill patternType="none"/></fill>'
    b'<fill><patternFill patternType="gray125"/></fill></fills>'
    b'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    b'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    b'<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    b'<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    b"</styleSheet>"
)
"""What Excel itself assumes when a package has no styles part."""

_Key = tuple[object, ...]


def _key(element: etree._Element) -> _Key:
    """Structural identity of an entry, blind to prefixes and attribute order."""
    return (
        element.tag,
        tuple(sorted(element.attrib.items())),
        (element.text or "").strip(),
        tuple(_key(child) for child in element if isinstance(child.tag, str)),
    )


Styler = Callable[[int, str | None, Tone | None], int]
"""(current xf index, number format or None, tone or None) -> xf index to use."""


class StyleBook:
    """styles.xml, parsed once; `xf_for` is the writer's Styler."""

    def __init__(self, data: bytes, *, path: str, part: str) -> None:
        self._original = data
        self.root = parse_part(data, path=path, part=part)
        self.changed = False
        self._derived: dict[tuple[int, str | None, Tone | None], int] = {}
        self._keys: dict[str, dict[_Key, int]] = {}

    def to_bytes(self) -> bytes:
        return serialise_like(self._original, self.root) if self.changed else self._original

    def xf_for(self, current: int, number_format: str | None, tone: Tone | None) -> int:
        """Index of a cell format like `current`, with this number format and tone."""
        wanted = (current, number_format, tone)
        if wanted not in self._derived:
            self._derived[wanted] = self._derive(current, number_format, tone)
        return self._derived[wanted]

    def _derive(self, current: int, number_format: str | None, tone: Tone | None) -> int:
        xfs = self._section("cellXfs")
        if current < len(xfs):
            base = xfs[current]
        else:
            base = etree.Element(q("xf"), numFmtId="0", fontId="0", fillId="0", borderId="0")
        xf = copy.deepcopy(base)
        if number_format is not None:
            xf.set("numFmtId", str(self._number_format_id(number_format)))
            xf.set("applyNumberFormat", "1")
        font_id = int(xf.get("fontId", "0"))
        fill_id = int(xf.get("fillId", "0"))
        fonts, fills = self._section("fonts"), self._section("fills")
        font = fonts[font_id] if font_id < len(fonts) else etree.Element(q("font"))
        fill = fills[fill_id] if fill_id < len(fills) else None
        new_font, new_fill = _toned(font, fill, tone)
        if new_font is not None:
            xf.set("fontId", str(self._index_of("fonts", new_font)))
            xf.set("applyFont", "1")
        if new_fill is not None:
            xf.set("fillId", str(self._index_of("fills", new_fill)))
            xf.set("applyFill", "1")
        if current < len(xfs) and _key(xf) == _key(base):
            return current
        return self._index_of("cellXfs", xf)

    def emphasised(self, current: int, *, bold: bool = False, wrap: bool = False,
                   top: bool = False) -> int:
        """Index of a cell format like `current`, bold, wrapping its text and/or aligned to
        the top (so a row with a wrapped message reads from its first line across);
        `current` when it already is."""
        if not (bold or wrap or top):
            return current
        xfs = self._section("cellXfs")
        base = xfs[current] if current < len(xfs) else etree.Element(
            q("xf"), numFmtId="0", fontId="0", fillId="0", borderId="0")
        xf = copy.deepcopy(base)
        xf.tail = None
        if bold:
            fonts = self._section("fonts")
            font_id = int(xf.get("fontId", "0"))
            font = copy.deepcopy(fonts[font_id] if font_id < len(fonts)
                                 else etree.Element(q("font")))
            font.tail = None
            if font.find(q("b")) is None:
                font.insert(0, etree.Element(q("b")))  # <b> comes first in CT_Font
            xf.set("fontId", str(self._index_of("fonts", font)))
            xf.set("applyFont", "1")
        if wrap or top:
            alignment = xf.find(q("alignment"))
            if alignment is None:
                alignment = etree.Element(q("alignment"))
                xf.insert(0, alignment)  # before <protection> and <extLst>
            if wrap:
                alignment.set("wrapText", "1")
            if top:
                alignment.set("vertical", "top")
            xf.set("applyAlignment", "1")
        if current < len(xfs) and _key(xf) == _key(base):
            return current
        return self._index_of("cellXfs", xf)

    def _number_format_id(self, code: str) -> int:
        formats = self._section("numFmts")
        ids = []
        for existing in formats:
            ids.append(int(existing.get("numFmtId", "0")))
            if existing.get("formatCode") == code:
                return ids[-1]
        if code in BUILTIN_FORMATS:
            return BUILTIN_FORMATS[code]
        new_id = max([FIRST_CUSTOM_FORMAT_ID - 1, *ids]) + 1
        self._append("numFmts", etree.Element(q("numFmt"), numFmtId=str(new_id), formatCode=code))
        return new_id

    def _index_of(self, section: str, entry: etree._Element) -> int:
        """Index of an identical entry, appending `entry` when there is none."""
        keys = self._keys.get(section)
        if keys is None:
            keys = {}
            for index, existing in enumerate(self._section(section)):
                keys.setdefault(_key(existing), index)
            self._keys[section] = keys
        found = keys.get(_key(entry))
        if found is not None:
            return found
        index = self._append(section, entry)
        keys[_key(entry)] = index
        return index

    def _append(self, section: str, entry: etree._Element) -> int:
        container = self._section(section)
        entries = [child for child in container if isinstance(child.tag, str)]
        if entries:
            entries[-1].addnext(entry)
        else:
            container.insert(0, entry)
        entry.tail = None
        container.set("count", str(len(entries) + 1))
        self.changed = True
        return len(entries)

    def _section(self, name: str) -> etree._Element:
        """The section element (created empty, in schema order, when absent)."""
        found = self.root.find(q(name))
        if found is not None:
            return found
        section = etree.Element(q(name), count="0")
        later = _SECTIONS[_SECTIONS.index(name) + 1 :]
        for child in self.root:
            if isinstance(child.tag, str) and etree.QName(child).localname in later:
                child.addprevious(section)
                break
        else:
            self.root.append(section)
        self.changed = True
        return section


def _toned(
    font: etree._Element, fill: etree._Element | None, tone: Tone | None
) -> tuple[etree._Element | None, etree._Element | None]:
    """Font and fill for the tone (None each when the current one already fits).

    A tone sets the fill only. No tone removes only the fills a refresh sets: a user's
    own fill on a plain cell stays, as does a user's font colour on any cell.
    """
    new_font = _without_colour(font) if _font_colour(font) in _EARLIER_FONT_COLOURS else None
    if tone is not None:
        return new_font, _solid_fill(TONE_FILLS[tone])
    new_fill = _no_fill() if fill is not None and _fill_colour(fill) in _OUR_FILLS else None
    return new_font, new_fill


def _font_colour(font: etree._Element) -> str | None:
    colour = font.find(q("color"))
    return (colour.get("rgb") or "").upper() if colour is not None else None


def _fill_colour(fill: etree._Element) -> str | None:
    colour = fill.find(f"{q('patternFill')}/{q('fgColor')}")
    return (colour.get("rgb") or "").upper() if colour is not None else None


def _without_colour(font: etree._Element) -> etree._Element:
    """A copy of `font` with no colour of its own (automatic)."""
    new = copy.deepcopy(font)
    new.tail = None
    for colour in new.findall(q("color")):
        new.remove(colour)
    return new


def _solid_fill(rgb: str) -> etree._Element:
    fill = etree.Element(q("fill"))
    pattern = etree.SubElement(fill, q("patternFill"), patternType="solid")
    etree.SubElement(pattern, q("fgColor"), rgb=rgb)
    etree.SubElement(pattern, q("bgColor"), indexed="64")
    return fill


def _no_fill() -> etree._Element:
    fill = etree.Element(q("fill"))
    etree.SubElement(fill, q("patternFill"), patternType="none")
    return fill
