"""Native sparklines in a worksheet part: the x14:sparklineGroups extension.

Excel 2010 keeps sparklines in the worksheet's last child, ``<extLst>``, as
``<ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}"><x14:sparklineGroups>`` ([MS-XLSX]
2.6.x, CT_SparklineGroups; XlsxWriter's worksheet._write_ext_list_sparklines writes the
same). Only the bytes after ``</sheetData>`` are looked at, and only as spans: every
group, ext and byte we did not draw is copied as it was. A group the refresh drew is
known by its look (`core.sparklines.OWN_SIGNATURE`, all of it in one column) and is
replaced in place, so a second refresh writes the same bytes; any other group is kept,
and the core's plan already leaves its cells alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Final
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from xl_addin.core.address import parse_address
from xl_addin.core.grid import Grid
from xl_addin.core.sparklines import OWN_SIGNATURE, SparklineGroup, SparklinePlan

from .errors import CorruptWorkbookError
from .xml_parsing import safe_parser

SPARKLINE_EXT_URI: Final = "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}"
X14: Final = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM: Final = "http://schemas.microsoft.com/office/excel/2006/main"
_BEFORE_SPARKLINES: Final = frozenset({
    "{78C0D931-6437-407d-A8EE-F0AAD7539E65}",  # x14:conditionalFormattings
    "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}",  # x14:dataValidations
})
"""Exts Excel writes before the sparklines: a new sparkline ext goes after them."""

_TAG_BODY = rb"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_TOKEN = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<(/?)([\w.:-]+)(" + _TAG_BODY + rb")>", re.S)
_ROOT = re.compile(rb"<(?![?!])([\w.-]+:)?worksheet(?=[\s/>])(" + _TAG_BODY + rb")>", re.S)
_NS = re.compile(rb"""\sxmlns(?::([\w.-]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_URI = re.compile(rb"""\suri\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class SparklineExtError(ValueError):
    """The worksheet's tail (after <sheetData>) has tags we cannot pair up."""


@dataclass
class _Node:
    """An element of the sheet's tail as byte offsets into the whole part."""

    qname: bytes
    start: int
    head_end: int
    """One past the '>' of the start tag."""
    end: int = -1
    """One past the '>' of the end tag (head_end for a self-closing tag)."""
    children: list[_Node] = field(default_factory=list)
    namespaces: dict[bytes, bytes] = field(default_factory=dict)
    """Prefix (b'' for the default) -> namespace, as in scope inside this element."""

    @property
    def local(self) -> bytes:
        return self.qname.rsplit(b":", 1)[-1]

    @property
    def self_closing(self) -> bool:
        return self.end == self.head_end

    def close_start(self, data: bytes) -> int:
        """Where the end tag starts."""
        return data.rindex(b"</", self.head_end, self.end)

    def prefix_for(self, namespace: bytes) -> bytes | None:
        """The prefix bound to `namespace` here (b'x14:'), None when none is."""
        for prefix, uri in self.namespaces.items():
            if uri == namespace and prefix:
                return prefix + b":"
        return None


def _declared(head: bytes, inherited: dict[bytes, bytes]) -> dict[bytes, bytes]:
    found = {m.group(1) or b"": m.group(2) if m.group(2) is not None else m.group(3)
             for m in _NS.finditer(head)}
    return {**inherited, **found} if found else inherited


@dataclass(frozen=True)
class _Tail:
    """The worksheet root and its children after <sheetData>."""

    root: _Node
    prefix: bytes
    """The main namespace's prefix as the sheet uses it: b'' or b'x:'."""
    start: int
    """Where the children after <sheetData> start."""

    @property
    def ext_list(self) -> _Node | None:
        last = self.root.children[-1] if self.root.children else None
        return last if last is not None and last.local == b"extLst" else None


def _tail(data: bytes) -> _Tail:
    root_match = _ROOT.search(data)
    if root_match is None or root_match.group(2).rstrip().endswith(b"/"):
        raise SparklineExtError("no worksheet root element")
    prefix = root_match.group(1) or b""
    close = data.rfind(b"</" + prefix + b"worksheet")
    opening = re.compile(rb"<" + re.escape(prefix) + rb"sheetData(?=[\s/>])(" + _TAG_BODY
                         + rb")>", re.S).search(data, root_match.end())
    if close < 0 or opening is None:
        raise SparklineExtError("no <sheetData> or </worksheet>")
    if opening.group(1).rstrip().endswith(b"/"):  # <sheetData/>
        start = opening.end()
    else:
        end_tag = b"</" + prefix + b"sheetData>"
        start = data.rfind(end_tag, opening.end(), close) + len(end_tag)
        if start < len(end_tag):
            raise SparklineExtError("no </sheetData>")
    root = _Node(prefix + b"worksheet", root_match.start(), root_match.end(),
                 namespaces=_declared(root_match.group(2), {}))
    stack = [root]
    for token in _TOKEN.finditer(data, start, close):
        if token.group(2) is None:
            continue  # a comment, CDATA or processing instruction
        closing, qname, body = token.group(1), token.group(2), token.group(3)
        if closing:
            if len(stack) == 1 or stack[-1].qname != qname:
                raise SparklineExtError(f"unpaired </{qname.decode(errors='replace')}>")
            stack.pop().end = token.end()
            continue
        node = _Node(qname, token.start(), token.end(),
                     namespaces=_declared(body, stack[-1].namespaces))
        stack[-1].children.append(node)
        if body.rstrip().endswith(b"/"):
            node.end = token.end()
        else:
            stack.append(node)
    if len(stack) != 1:
        raise SparklineExtError(f"<{stack[-1].qname.decode(errors='replace')}> is not closed")
    root.end = close
    return _Tail(root, prefix, start)


def _sparkline_groups(data: bytes, tail: _Tail) -> tuple[_Node | None, _Node | None]:
    """The sparkline ext and its x14:sparklineGroups, when the sheet has them."""
    ext_list = tail.ext_list
    for ext in ext_list.children if ext_list is not None else ():
        if ext.local == b"ext" and _ext_uri(data, ext) == SPARKLINE_EXT_URI:
            groups = next((c for c in ext.children if c.local == b"sparklineGroups"), None)
            return ext, groups
    return None, None


# --- Reading ---------------------------------------------------------------------


@dataclass(frozen=True)
class GroupSeen:
    """One existing sparkline group: its byte span and the cells it draws in."""

    start: int
    end: int
    cells: tuple[tuple[int, int], ...]
    own: bool


def _group_element(data: bytes, node: _Node) -> etree._Element:
    declarations = b"".join(
        b" xmlns" + (b":" + p if p else b"") + b'="' + uri + b'"'
        for p, uri in node.namespaces.items())
    wrapped = b"<w" + declarations + b">" + data[node.start:node.end] + b"</w>"
    return etree.fromstring(wrapped, safe_parser())[0]


def _cells(sqref: str) -> Iterator[tuple[int, int]]:
    for part in sqref.split():
        first, _, last = part.partition(":")
        top, left = parse_address(first.replace("$", ""))
        bottom, right = parse_address(last.replace("$", "")) if last else (top, left)
        for row in range(top, bottom + 1):
            for col in range(left, right + 1):
                yield row, col


def _seen(data: bytes, node: _Node) -> GroupSeen:
    group = _group_element(data, node)
    found: dict[str, str] = {}
    cells: list[tuple[int, int]] = []
    for element in group.iter():
        local = etree.QName(element).localname
        if local in ("colorSeries", "colorLast"):
            found[local] = (element.get("rgb") or "").upper()
        elif local == "sqref" and element.text:
            cells.extend(_cells(element.text))
    weight = float(group.get("lineWeight", "0.75"))
    signature = (found.get("colorSeries"), found.get("colorLast"), weight)
    own = signature == OWN_SIGNATURE and len({c for _, c in cells}) == 1
    return GroupSeen(node.start, node.end, tuple(cells), own)


def existing_groups(data: bytes) -> tuple[GroupSeen, ...]:
    """The sheet's sparkline groups, in document order (none, cheaply, for most sheets)."""
    # Only the tail can hold them: a 40 MB sheet without any is not scanned end to end.
    if data.find(b"sparklineGroup", max(data.rfind(b"sheetData"), 0)) < 0:
        return ()
    tail = _tail(data)
    _, groups = _sparkline_groups(data, tail)
    if groups is None:
        return ()
    return tuple(_seen(data, g) for g in groups.children if g.local == b"sparklineGroup")


def sparkline_marks(data: bytes) -> tuple[frozenset[tuple[int, int]], frozenset[tuple[int, int]]]:
    """(cells with someone else's sparkline, cells with one the refresh drew)."""
    groups = existing_groups(data)
    return (frozenset(c for g in groups if not g.own for c in g.cells),
            frozenset(c for g in groups if g.own for c in g.cells))


def marked_grid(grid: Grid, data: bytes, *, path: str) -> Grid:
    """The sheet's grid with the cells that hold sparklines marked (the core decides
    from them what a bare 'Trend' column is, and never draws a second sparkline)."""
    try:
        foreign, own = sparkline_marks(data)
    except (SparklineExtError, etree.XMLSyntaxError, ValueError) as exc:
        raise CorruptWorkbookError(
            path, f"sheet {grid.sheet!r}: its sparklines cannot be read ({exc}).",
            hint="Re-save it in Excel.") from exc
    if not foreign and not own:
        return grid
    return replace(grid, sparkline_cells=foreign, own_sparkline_cells=own)


# --- Writing ---------------------------------------------------------------------


def _number(value: float) -> str:
    return f"{value:g}"


def group_xml(group: SparklineGroup, x14: bytes, xm: bytes) -> bytes:
    """One x14:sparklineGroup, children in schema order (colours, then sparklines)."""
    look = group.look
    flags = {"markers": look.markers, "high": look.high, "low": look.low,
             "last": look.last, "negative": look.negative}
    attributes = [f'lineWeight="{_number(look.line_weight)}"',
                  f'displayEmptyCellsAs="{look.empty_cells}"',
                  *(f'{name}="1"' for name, on in flags.items() if on)]
    if look.right_to_left:
        attributes.append('rightToLeft="1"')
    p, m = x14.decode(), xm.decode()
    colours = (("colorSeries", look.series), ("colorNegative", look.negative_colour),
               ("colorAxis", look.axis), ("colorMarkers", look.markers_colour),
               ("colorFirst", look.first_colour), ("colorLast", look.last_colour),
               ("colorHigh", look.high_colour), ("colorLow", look.low_colour))
    parts = [f"<{p}sparklineGroup {' '.join(attributes)}>",
             *(f"<{p}{name} rgb={quoteattr(rgb)}/>" for name, rgb in colours),
             f"<{p}sparklines>",
             *(f"<{p}sparkline><{m}f>{escape(s.source)}</{m}f>"
               f"<{m}sqref>{s.location}</{m}sqref></{p}sparkline>"
               for s in group.sparklines),
             f"</{p}sparklines></{p}sparklineGroup>"]
    return "".join(parts).encode()


def _groups_xml(plan: SparklinePlan, x14: bytes, xm: bytes) -> bytes:
    return b"".join(group_xml(g, x14, xm) for g in plan.groups)


def _new_ext(plan: SparklinePlan, main: bytes) -> bytes:
    return (b"<" + main + b'ext uri="' + SPARKLINE_EXT_URI.encode() + b'" xmlns:x14="'
            + X14.encode() + b'"><x14:sparklineGroups xmlns:xm="' + XM.encode() + b'">'
            + _groups_xml(plan, b"x14:", b"xm:") + b"</x14:sparklineGroups></" + main
            + b"ext>")


def _ours(seen: GroupSeen, plan: SparklinePlan) -> bool:
    return seen.own and all(col == plan.col for _, col in seen.cells)


def draw_sparklines(data: bytes, plan: SparklinePlan) -> bytes:
    """The worksheet part with the plan's sparklines drawn and the last refresh's
    removed; every other byte as it was."""
    tail = _tail(data)
    ext, groups = _sparkline_groups(data, tail)
    if groups is not None and groups.self_closing:
        if not plan.groups:
            return data
        head = data[groups.start:groups.head_end]
        opened = head[:head.rindex(b"/")].rstrip() + b"></" + groups.qname + b">"
        return draw_sparklines(data[:groups.start] + opened + data[groups.end:], plan)
    if groups is not None:
        return _redraw(data, plan, groups, ext)
    if ext is not None or not plan.groups:  # an ext without groups is not ours to fill
        return data
    main = tail.prefix
    ext_list = tail.ext_list
    new_ext = _new_ext(plan, main)
    if ext_list is None:
        at = tail.root.end
        return (data[:at] + b"<" + main + b"extLst>" + new_ext + b"</" + main + b"extLst>"
                + data[at:])
    if ext_list.self_closing:
        return (data[:ext_list.start] + b"<" + ext_list.qname + b">" + new_ext + b"</"
                + ext_list.qname + b">" + data[ext_list.end:])
    later = [e for e in ext_list.children if _ext_uri(data, e) not in _BEFORE_SPARKLINES]
    at = later[0].start if later else ext_list.close_start(data)
    return data[:at] + new_ext + data[at:]


def _redraw(data: bytes, plan: SparklinePlan, groups: _Node, ext: _Node | None) -> bytes:
    """Our earlier groups out, the new ones in where the first of them was."""
    x14 = groups.prefix_for(X14.encode())
    xm = groups.prefix_for(XM.encode())
    declare = b""
    if x14 is None:
        x14, declare = b"x14:", b' xmlns:x14="' + X14.encode() + b'"'
    if xm is None:
        xm, declare = b"xm:", declare + b' xmlns:xm="' + XM.encode() + b'"'
    new = _groups_xml(plan, x14, xm)
    if declare and new:  # the prefixes are declared on each new group itself
        new = re.sub(rb"<(" + re.escape(x14) + rb"sparklineGroup) ", rb"<\1" + declare + b" ",
                     new)
    seen = [_seen(data, g) for g in groups.children if g.local == b"sparklineGroup"]
    ours = [g for g in seen if _ours(g, plan)]
    if not ours:
        at = groups.close_start(data)
        return data[:at] + new + data[at:] if new else data
    kept_any = len(ours) < len(seen) or any(
        c.local != b"sparklineGroup" for c in groups.children)
    if not new and not kept_any and ext is not None:
        return _without_ext(data, ext)
    out = [data[:ours[0].start], new]
    for before, after in zip(ours, [*ours[1:], None], strict=True):
        out.append(data[before.end:after.start if after is not None else len(data)])
    return b"".join(out)


def _without_ext(data: bytes, ext: _Node) -> bytes:
    """The sparkline ext removed when nothing is left in it (only our old groups were)."""
    return data[:ext.start] + data[ext.end:]


def _ext_uri(data: bytes, ext: _Node) -> str:
    match = _URI.search(data, ext.start, ext.head_end)
    if match is None:
        return ""
    return (match.group(1) if match.group(1) is not None else match.group(2)).decode()
