"""A worksheet's <cols>: which columns are hidden or grouped, and the block after an insert.

<col min max ...> spans (1-based, inclusive) carry width, style, hidden and
outlineLevel for runs of columns. An insert shifts and grows them as Excel does,
gives the new column its left neighbour's settings (Excel's 'format same as
left'), and one month column is hidden, split out of its span if need be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xl_addin.core.add_month import ColumnState

from .ref_shift import LAST_COL, shift_span

_COLS = re.compile(r"<([\w.-]+:)?cols(?=[\s>/])[^>]*?(?:/>|>.*?</\1?cols\s*>)", re.S)
_COL = re.compile(r"<(?:[\w.-]+:)?col(?=[\s/>])((?:[^>\"'/]|\"[^\"]*\"|'[^']*')*)"
                  r"(?:/>|>\s*</(?:[\w.-]+:)?col\s*>)", re.S)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(["'])(.*?)\2""", re.S)
_DEFAULT_WIDTH = re.compile(
    r"""<(?:[\w.-]+:)?sheetFormatPr\b[^>]*?\sdefaultColWidth\s*=\s*["']([^"']+)""")
EXCEL_DEFAULT_WIDTH = "9.140625"
"""Width Excel stores for a default column in Calibri 11 (8.43 characters plus padding)."""


@dataclass
class ColSpan:
    first: int
    last: int
    attrs: dict[str, str]


def _spans(block: str) -> list[ColSpan]:
    spans = []
    for match in _COL.finditer(block):
        attrs = {name: value for name, _, value in _ATTR.findall(match.group(1))}
        first = int(attrs.pop("min", "1")) - 1
        last = int(attrs.pop("max", str(first + 1))) - 1
        spans.append(ColSpan(first, min(last, LAST_COL), attrs))
    return spans


def _on(attrs: dict[str, str], name: str) -> bool:
    return attrs.get(name, "0") in ("1", "true")


def column_state(sheet_part: str, columns: range) -> ColumnState:
    """Hidden columns and outline levels among `columns` (the ones the caller asks about)."""
    found = _COLS.search(sheet_part)
    hidden: set[int] = set()
    outline: dict[int, int] = {}
    if found is None:
        return ColumnState()
    for span in _spans(found.group(0)):
        for col in range(max(span.first, columns.start), min(span.last + 1, columns.stop)):
            if _on(span.attrs, "hidden"):
                hidden.add(col)
            level = int(span.attrs.get("outlineLevel", "0") or "0")
            if level:
                outline[col] = level
    return ColumnState(frozenset(hidden), outline)


def _split_out(spans: list[ColSpan], col: int) -> ColSpan | None:
    """The span holding only `col`, split out of a wider one; None when no span covers it."""
    for i, span in enumerate(spans):
        if span.first <= col <= span.last:
            pieces = []
            if span.first < col:
                pieces.append(ColSpan(span.first, col - 1, dict(span.attrs)))
            alone = ColSpan(col, col, dict(span.attrs))
            pieces.append(alone)
            if col < span.last:
                pieces.append(ColSpan(col + 1, span.last, dict(span.attrs)))
            spans[i : i + 1] = pieces
            return alone
    return None


def _serialise(prefix: str, opening: str, spans: list[ColSpan]) -> str:
    parts = [opening]
    for span in sorted(spans, key=lambda s: s.first):
        attrs = {"min": str(span.first + 1), "max": str(span.last + 1), **span.attrs}
        text = " ".join(f'{k}="{v}"' for k, v in attrs.items())
        parts.append(f"<{prefix}col {text}/>")
    parts.append(f"</{prefix}cols>")
    return "".join(parts)


def rewrite_cols(sheet_head: str, at: int, hide: int | None, level: int, prefix: str) -> str:
    """The part of the sheet before <sheetData> with its <cols> after inserting column `at`.

    `hide` (left of `at`) is hidden with outline level `level` (0: keep its own).
    """
    found = _COLS.search(sheet_head)
    spans = _spans(found.group(0)) if found else []
    shifted = []
    for span in spans:
        first, last = shift_span(span.first, span.last, at)
        if first > LAST_COL:
            continue
        shifted.append(ColSpan(first, min(last, LAST_COL), span.attrs))
    if not any(s.first <= at <= s.last for s in shifted):
        left = next((s for s in shifted if s.first <= at - 1 <= s.last), None)
        if left is not None:
            attrs = {k: v for k, v in left.attrs.items() if k not in ("hidden", "collapsed")}
            shifted.append(ColSpan(at, at, attrs))
    if hide is not None:
        alone = _split_out(shifted, hide)
        if alone is None:
            width = _DEFAULT_WIDTH.search(sheet_head)
            alone = ColSpan(hide, hide, {"width": width.group(1) if width else
                                         EXCEL_DEFAULT_WIDTH})
            shifted.append(alone)
        alone.attrs["hidden"] = "1"
        if level:
            alone.attrs["outlineLevel"] = str(level)
    if not shifted and found is None:
        return sheet_head
    if found is None:
        # <cols> comes right before <sheetData>, which is where the head ends
        return sheet_head + _serialise(prefix, f"<{prefix}cols>", shifted)
    block = found.group(0)
    opening = re.match(r"<[^>]*?>", block)
    head = opening.group(0) if opening else f"<{prefix}cols>"
    if head.endswith("/>"):
        head = head[:-2] + ">"
    if not shifted:
        return sheet_head[: found.start()] + sheet_head[found.end() :]
    block = _serialise(prefix, head, shifted)
    return sheet_head[: found.start()] + block + sheet_head[found.end() :]
