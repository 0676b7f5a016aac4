"""Shared formulas across a column insert: kept shared when they still can be.

A shared formula stores one master text; each member cell reads it moved by its
own offset. After an insert, that still holds when the master's shifted text,
moved to each member's new place, equals the member's own shifted formula. When
it does not (a relative reference crosses the inserted column for some members
but not others), the group is un-shared: every member gets its own formula.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.formula.translate import Translator, TranslatorError

from xl_addin.core.address import cell_address

from .ref_shift import FormulaShiftError, Target, shift_col, shift_formula


@dataclass
class SharedGroup:
    master: tuple[int, int] | None = None
    text: str = ""
    members: list[tuple[int, int]] = field(default_factory=list)


def _moved(formula: str, origin: tuple[int, int], dest: tuple[int, int]) -> str:
    if origin == dest:
        return formula
    try:
        text: str = Translator("=" + formula, origin=cell_address(*origin)).translate_formula(
            cell_address(*dest)
        )
    except (TranslatorError, ValueError, IndexError) as exc:
        raise FormulaShiftError(f"cannot move the shared formula {formula!r} ({exc})") from exc
    return text[1:] if text.startswith("=") else text


def unshared_formulas(
    group: SharedGroup, at: int, target: Target, moves_cells: bool
) -> dict[tuple[int, int], str] | None:
    """None when the group can stay shared; else each member's own formula (old position).

    `moves_cells`: the group sits on the sheet that gets the new column.
    """
    if group.master is None:
        return None
    origin = group.master

    def new_place(cell: tuple[int, int]) -> tuple[int, int]:
        return (cell[0], shift_col(cell[1], at)) if moves_cells else cell

    shifted_master = shift_formula(group.text, at, target)
    own: dict[tuple[int, int], str] = {}
    uniform = True
    for cell in group.members:
        mine = shift_formula(_moved(group.text, origin, cell), at, target)
        own[cell] = mine
        if uniform and _moved(shifted_master, new_place(origin), new_place(cell)) != mine:
            uniform = False
    return None if uniform else own
