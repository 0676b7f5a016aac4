"""Which cells are formatted as percentages, dates or durations, from styles.xml and the
sheet bytes.

The core reads a figure formatted as a percentage (0.89 shown as 89%) as a percentage,
a number formatted as a duration (0.0052 shown as 07:32) as a duration, and a number
formatted as a date (44,044 shown as 01/08/2020) as no figure at all. A
cell's format is its style index (`s="N"`); styles.xml maps the index to a number
format. Only the few styles that show a percentage or a date are looked for in the
sheet's bytes, so a sheet without such cells costs one byte search per style.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from xl_addin.core.units import (
    BUILTIN_DURATION_FORMATS,
    BUILTIN_FORMAT_KINDS,
    FormatKind,
    number_format_kind,
)

from ..namespaces import q
from ..xml_parsing import parse_part
from .sheet_reader import split_reference

CellSet = frozenset[tuple[int, int]]

MAX_STYLED_CELLS = 50_000
"""Cells of one percent or date style looked at one by one, at most. A style on more
cells than that (a whole big sheet formatted as %) is not reported: the unit then comes
from the name, the typed figures and the settings."""


class StyleKinds(dict[int, FormatKind]):
    """{cell style index: 'percent', 'date' or 'duration'}, and in `codes` each duration
    style's format code ('mm:ss'), which the refresh writes a duration's change in."""

    def __init__(self) -> None:
        super().__init__()
        self.codes: dict[int, str] = {}


class StyledCells(NamedTuple):
    percent: CellSet
    date: CellSet
    durations: dict[tuple[int, int], str]
    """Cells in a duration style, with the style's format code."""


def style_kinds(styles_xml: bytes | None, *, path: str, part: str) -> StyleKinds:
    """{cell style index: 'percent', 'date' or 'duration'} for the styles that show one."""
    kinds = StyleKinds()
    if not styles_xml:
        return kinds
    root = parse_part(styles_xml, path=path, part=part)
    codes: dict[int, str] = {}
    formats = root.find(q("numFmts"))
    for fmt in formats if formats is not None else ():
        if isinstance(fmt.tag, str) and fmt.get("numFmtId", "").isdigit():
            codes[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode") or ""
    xfs = root.find(q("cellXfs"))
    entries = [xf for xf in (xfs if xfs is not None else ()) if isinstance(xf.tag, str)]
    for index, xf in enumerate(entries):
        raw = xf.get("numFmtId", "0")
        number = int(raw) if raw.isdigit() else 0
        kind = (number_format_kind(codes[number]) if number in codes
                else BUILTIN_FORMAT_KINDS.get(number))
        if kind is not None:
            kinds[index] = kind
        if kind == "duration":
            kinds.codes[index] = codes.get(number) or BUILTIN_DURATION_FORMATS[number]
    return kinds


def styled_cells(sheet_xml: bytes, kinds: Mapping[int, FormatKind]) -> StyledCells:
    """(percent cells, date cells, duration cells with their format code) holding a
    value, as absolute 0-based (row, col).

    Looks for ` s="N"` of each wanted style inside a `<c r="..."` start tag (a row's own
    `s` or text that happens to read so is not inside one); empty cells are skipped."""
    found: dict[FormatKind, set[tuple[int, int]]] = {"percent": set(), "date": set()}
    durations: dict[tuple[int, int], str] = {}
    codes = kinds.codes if isinstance(kinds, StyleKinds) else {}
    for style, kind in kinds.items():
        needle = b' s="%d"' % style
        if sheet_xml.count(needle) > MAX_STYLED_CELLS:
            continue
        at = sheet_xml.find(needle)
        while at >= 0:
            cell = _cell(sheet_xml, at, len(needle))
            if cell is not None and kind == "duration":
                durations[cell] = codes.get(style, "[h]:mm:ss")
            elif cell is not None:
                found[kind].add(cell)
            at = sheet_xml.find(needle, at + len(needle))
    return StyledCells(frozenset(found["percent"]), frozenset(found["date"]), durations)


def _cell(sheet_xml: bytes, at: int, size: int) -> tuple[int, int] | None:
    start = sheet_xml.rfind(b"<c ", 0, at)
    if start < 0 or sheet_xml.find(b">", start, at) >= 0:
        return None
    close = sheet_xml.find(b">", at + size)
    if close < 0 or sheet_xml[close - 1:close] == b"/":
        return None  # '<c r="F5" s="3"/>': formatted but empty
    ref_at = sheet_xml.find(b'r="', start, at)
    if ref_at < 0:
        return None
    end = sheet_xml.find(b'"', ref_at + 3, at)
    try:
        return split_reference(sheet_xml[ref_at + 3:end].decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return None
