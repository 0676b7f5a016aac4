"""References moved the way Excel moves them when a column is inserted (pure text).

Excel's rule for inserting column k: a reference to a column >= k moves right by
one; a range whose start < k <= end grows by one; a range ending at k - 1 does not
grow. Both ends of a range follow the single-cell rule independently, which is
exactly that. Formulas are split with openpyxl's Tokenizer so that only range
operands are touched (never text inside strings); the operands are then patched
in the original text at their own positions, so spacing and line breaks stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from xl_addin.core.address import column_index, column_letter

LAST_COL: Final = 16_383
LAST_ROW: Final = 1_048_576
_CELL: Final = re.compile(r"^(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)$")
_COL: Final = re.compile(r"^(\$?)([A-Za-z]{1,3})$")
_ROW: Final = re.compile(r"^\$?[0-9]+$")
_SPACE: Final = re.compile(r"\s+")
_SPILL: Final = re.compile(r"(?<=[A-Za-z0-9_$\])])#(?![A-Za-z])")
_SPILL_STAND_IN: Final = "\u00a4"
"""The Tokenizer predates dynamic arrays: 'A1#' is read with '#' stood in by a letter-like
character of the same length, so positions in the original still match."""


class FormulaShiftError(ValueError):
    """A formula could not be read, so its references cannot be moved safely."""


def shift_col(col: int, at: int) -> int:
    """The column a reference to `col` points at after inserting column `at`."""
    return col + 1 if col >= at else col


def shift_span(first: int, last: int, at: int) -> tuple[int, int]:
    """A column span after the insert: it grows when `at` falls inside it."""
    return shift_col(first, at), shift_col(last, at)


def _valid_col(letters: str) -> int | None:
    index = column_index(letters)
    return index if 0 <= index <= LAST_COL else None


def _shift_cell(text: str, at: int, *, is_end: bool) -> str | None:
    """'$AD$5' -> '$AE$5' for at <= 29; None when `text` is not a cell reference."""
    match = _CELL.match(text)
    if match is None:
        return None
    dollar_col, letters, dollar_row, row = match.groups()
    col = _valid_col(letters)
    if col is None or not 1 <= int(row) <= LAST_ROW:
        return None
    moved = shift_col(col, at)
    if moved > LAST_COL:
        if not is_end:
            return "#REF!"
        moved = LAST_COL  # a range reaching the last column keeps ending there
    return f"{dollar_col}{column_letter(moved)}{dollar_row}{row}"


def _shift_col_ref(text: str, at: int, *, is_end: bool) -> str | None:
    match = _COL.match(text)
    if match is None:
        return None
    col = _valid_col(match.group(2))
    if col is None:
        return None
    moved = shift_col(col, at)
    if moved > LAST_COL:
        if not is_end:
            return "#REF!"
        moved = LAST_COL
    return f"{match.group(1)}{column_letter(moved)}"


def shift_area(text: str, at: int) -> str | None:
    """An A1 area without sheet ('F4:AC13', 'F:F', '3:3', '$B$2'); None when it is none."""
    spill = "#" if text.endswith("#") else ""
    body = text[: -1] if spill else text
    first, sep, last = body.partition(":")
    if not sep:
        moved = _shift_cell(first, at, is_end=False)
        return None if moved is None else moved + spill if moved != "#REF!" else moved
    if _ROW.match(first) and _ROW.match(last):
        return text  # whole rows: a column insert does not touch them
    for shifter in (_shift_cell, _shift_col_ref):
        start = shifter(first, at, is_end=False)
        end = shifter(last, at, is_end=True)
        if start is not None and end is not None:
            return "#REF!" if start == "#REF!" else f"{start}:{end}{spill}"
    return None


def shift_sqref(sqref: str, at: int) -> str:
    """A space-separated list of areas (sqref, ref attributes) after the insert."""
    parts = sqref.split(" ")
    moved = [shift_area(p, at) if p else p for p in parts]
    return " ".join(m if m is not None else p for m, p in zip(moved, parts, strict=True))


@dataclass(frozen=True)
class Target:
    """The sheet whose columns move; `host` is the sheet the formula lives on (None: a
    workbook-level place such as a defined name or a chart, where refs are qualified)."""

    sheet: str
    host: str | None

    def applies(self, sheet: str | None) -> bool:
        if sheet is None:
            return self.host is not None and self.host.lower() == self.sheet.lower()
        return sheet.lower() == self.sheet.lower()


def _split_sheet(operand: str) -> tuple[str, str | None, str] | None:
    """(prefix as written, sheet name or None, area); None for external or 3-D refs."""
    bang = operand.rfind("!")
    if bang < 0:
        return "", None, operand
    prefix, area = operand[: bang + 1], operand[bang + 1 :]
    raw = prefix[:-1]
    if raw.startswith("'") and raw.endswith("'") and len(raw) >= 2:
        name = raw[1:-1].replace("''", "'")
    else:
        name = raw
    if "[" in name or ":" in name:
        return None  # another workbook, or a 3-D reference over several sheets
    return prefix, name, area


def shift_operand(operand: str, at: int, target: Target) -> str:
    """One range operand of a formula after the insert (unchanged when it is not ours)."""
    split = _split_sheet(operand)
    if split is None:
        return operand
    prefix, sheet, area = split
    if not target.applies(sheet):
        return operand
    moved = shift_area(area, at)
    return operand if moved is None else prefix + moved


def _operand_spans(formula: str) -> list[tuple[int, int]]:
    """Where each range operand sits in `formula` (which has no leading '=')."""
    # openpyxl is imported only when a formula is shifted (add-month), not on every refresh.
    from openpyxl.formula.tokenizer import Token, Tokenizer, TokenizerError

    prepared = _SPILL.sub(_SPILL_STAND_IN, formula)
    try:
        tokens = Tokenizer("=" + prepared).items
    except (TokenizerError, IndexError, ValueError) as exc:
        raise FormulaShiftError(f"cannot read the formula {formula!r} ({exc})") from exc
    spans = []
    at = 0
    for token in tokens:
        if token.type == Token.WSPACE:
            space = _SPACE.match(prepared, at)
            at = space.end() if space else at
            continue
        found = prepared.find(token.value, at)
        if found < 0:
            raise FormulaShiftError(f"cannot follow the formula {formula!r}")
        end = found + len(token.value)
        if token.type == Token.OPERAND and token.subtype == Token.RANGE:
            spans.append((found, end))
        at = end
    return spans


def shift_formula(formula: str, at: int, target: Target) -> str:
    """A formula (without '=') with the references to `target.sheet` moved."""
    if not formula or not any(ch.isdigit() or ch == ":" for ch in formula):
        return formula
    pieces = []
    last = 0
    for start, end in _operand_spans(formula):
        operand = formula[start:end]
        moved = shift_operand(operand, at, target)
        if moved != operand:
            pieces += [formula[last:start], moved]
            last = end
    if not pieces:
        return formula
    pieces.append(formula[last:])
    return "".join(pieces)


def mentions_sheet(text: str, sheet: str) -> bool:
    """Could `text` refer to `sheet` by name? (a cheap test before tokenising)."""
    lowered = text.lower()
    name = sheet.lower()
    return name in lowered or name.replace("'", "''") in lowered

