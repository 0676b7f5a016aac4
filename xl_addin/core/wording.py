"""Numbers as an analyst reads them: '2,256', '6.8%', '-17%', '+1.2 pp', 'the 10% band'.

One place decides how each figure looks: the number formats the refresh gives the
sheet's cells are defined here, and the summary, the dry run, `explain` and the data
checks render a figure through the same format (`excel_text`), so a figure reads the
same in the terminal as in the workbook. Missing (None or NaN) reads 'n/a'.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from .vocab import NOT_AVAILABLE

CHANGE_FORMAT: Final = "+0%;-0%;0%"
"""A relative change (and a variance %): signed, so a rise reads '+5%' like a fall '-5%'."""
POINTS_FORMAT: Final = '+0.0" pp";-0.0" pp";0.0" pp"'
"""A change of a percentage indicator, in percentage points."""
LEVEL_FORMATS: Final = {"count": "#,##0", "rate": "#,##0.0", "percent": "0.0%"}
"""A figure on the indicator's own scale (latest, average, maximum, target)."""
SIGNED_LEVEL_FORMATS: Final = {"count": "+#,##0;-#,##0;0", "rate": "+#,##0.0;-#,##0.0;0.0"}
"""A difference on the indicator's scale (target variance)."""

_QUOTED = re.compile(r'"([^"]*)"|\\(.)|(\[[^\]]*\])|([^"\\\[]+)')
_DIGITS = re.compile(r"[0#?][0#?,]*(?:\.[0#?]*)?|\.[0#?]+")
_DATE_OR_TEXT = re.compile(r"[yYmMdDhHsS@]|AM/PM|A/P|E[+-]", re.IGNORECASE)


def is_missing(value: object) -> bool:
    """None, or a float NaN: how the results mark a figure or key that is not there."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _sections(fmt: str) -> list[str]:
    """The format's ';' sections, ignoring ';' inside quotes or after a backslash."""
    sections: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for ch in fmt:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            sections.append("".join(current))
            current = []
            continue
        current.append(ch)
    sections.append("".join(current))
    return sections


def _rounded(number: float, decimals: int) -> str:
    """Round half away from zero, as Excel does on the shown digits (0.125 -> 0.13)."""
    step = Decimal(1).scaleb(-decimals)
    return str(Decimal(repr(number)).quantize(step, rounding=ROUND_HALF_UP))


def _digits_text(number: float, placeholder: str) -> str:
    """`number` (not negative) under one run of digit placeholders like '#,##0.0'."""
    whole, _, fraction = placeholder.partition(".")
    text = _rounded(number, len(fraction))
    int_part, _, frac_part = text.partition(".")
    if "," in whole:
        int_part = f"{int(int_part):,}"
    min_int = whole.count("0")
    if int_part == "0" and min_int == 0:
        int_part = ""
    int_part = int_part.rjust(min_int, "0")
    optional = len(fraction) - fraction.count("0")  # '#' decimals drop trailing zeros
    while optional and frac_part.endswith("0"):
        frac_part, optional = frac_part[:-1], optional - 1
    return int_part + ("." + frac_part if fraction else "")


def _section_text(number: float, section: str) -> str | None:
    """`number` (already made positive where the section shows the sign) under a section."""
    pieces: list[str] = []
    plain: list[str] = []  # the unquoted parts, to find the digits and % in
    for quoted, escaped, bracket, other in _QUOTED.findall(section):
        if bracket:
            if not re.fullmatch(r"\[(?:black|blue|cyan|green|magenta|red|white|yellow|"
                                r"color\d+)\]", bracket, re.IGNORECASE):
                return None  # a condition or a locale code: not rendered here
            continue
        if quoted or escaped:
            pieces.append(quoted or escaped)
            continue
        if _DATE_OR_TEXT.search(other):
            return None
        plain.append(other)
        pieces.append("\0" + other)
    if "%" in "".join(plain):
        number *= 100
    done = False
    out: list[str] = []
    for piece in pieces:
        if not piece.startswith("\0"):
            out.append(piece)
            continue
        text = piece[1:].replace("_)", " ").replace("*", "")
        match = _DIGITS.search(text)
        if match and not done:
            text = text[:match.start()] + _digits_text(number, match.group()) + text[
                match.end():]
            done = True
        out.append(text)
    return "".join(out) if done else None


def excel_text(value: float, fmt: str | None) -> str | None:
    """`value` as Excel shows it under the number format `fmt` ('General' when None).

    Covers what a dashboard's figures use: sections for positive; negative; zero,
    quoted text, digit placeholders with thousands separators and decimals, and %.
    None for a format it does not render (dates, conditions, scientific): the caller
    then shows the number plainly rather than risk showing it wrong.
    """
    if fmt is None or fmt.strip().casefold() in ("general", ""):
        return general_text(value)
    sections = _sections(fmt)
    if len(sections) >= 3 and value == 0:
        return _section_text(0.0, sections[2])
    if value < 0 and len(sections) >= 2:
        return _section_text(-value, sections[1])
    text = _section_text(abs(value), sections[0])
    # One section: Excel puts the minus before any negative number, even one shown as 0.
    return "-" + text if text is not None and value < 0 else text


def general_text(value: float) -> str:
    """Excel's General format: whole numbers without a decimal point, others to about ten
    significant digits, no thousands separators."""
    if float(value).is_integer() and abs(value) < 1e11:
        return str(int(value))
    return f"{value:.10g}"


def level_text(value: float | None, unit: str, decimals: int | None = None) -> str:
    """A level on the indicator's scale as the sheet shows it ('2,256', '6.8%', '12.3');
    `decimals` asks for that many decimals instead."""
    if value is None or math.isnan(value):
        return NOT_AVAILABLE
    number = float(value)
    if decimals is not None:
        if unit == "percent":
            return f"{number:.{decimals}%}"
        return f"{number:,.{decimals}f}"
    return excel_text(number, LEVEL_FORMATS.get(unit, "General")) or general_text(number)


def change_text(value: float | None, unit: str) -> str:
    """A change as the sheet shows it, signed: relative ('+5%') for counts and rates,
    percentage points ('+1.2 pp') for percentages."""
    if value is None or math.isnan(value):
        return NOT_AVAILABLE
    number = float(value)
    if unit == "percent":
        return excel_text(number * 100, POINTS_FORMAT) or general_text(number * 100)
    return excel_text(number, CHANGE_FORMAT) or general_text(number)


def exact_change_text(value: float | None, unit: str) -> str:
    """A change to one decimal ('-9.6%'): for where the sheet's rounding hides a band."""
    if value is None or math.isnan(value):
        return NOT_AVAILABLE
    if unit == "percent":
        return f"{float(value) * 100:+.1f} pp"
    return f"{float(value):+.1%}"


def rounding_hides_band(value: float, threshold: float, unit: str) -> bool:
    """True when `change_text(value)` reads as on the band, or on its other side."""
    scale = 100.0
    decimals = 1 if unit == "percent" else 0
    shown = float(_rounded(abs(value) * scale, decimals))
    exact = abs(value) * scale
    band = threshold * scale
    exactly_on = math.isclose(exact, band, rel_tol=1e-9)
    return (math.isclose(shown, band) and not exactly_on) or (
        (shown >= band) != (exact >= band or exactly_on))


def difference_text(value: float | None, unit: str) -> str:
    """An absolute difference without sign: '30', '1.2 pp'."""
    if value is None or math.isnan(value):
        return NOT_AVAILABLE
    number = abs(float(value))
    if unit == "percent":  # the points format without its sign
        return excel_text(number * 100, '0.0" pp"') or f"{number * 100:g} pp"
    return level_text(number, unit)


def band_text(threshold: float, unit: str) -> str:
    """The arrow threshold: '10%' for relative changes, '1 pp' for percentages."""
    if unit == "percent":
        return f"{threshold * 100:g} pp"
    return f"{threshold * 100:g}%"
