"""Data warnings and check results that name the cell they are about."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .address import qualified_address

Level = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    """Something an analyst should look at: where, what is wrong, what to do."""

    level: Level
    sheet: str
    row: int
    col: int
    message: str
    hint: str = ""
    code: str = "data"

    @property
    def address(self) -> str:
        return qualified_address(self.sheet, self.row, self.col)

    def __str__(self) -> str:
        text = f"{self.address}: {self.message}"
        return f"{text}. {self.hint}" if self.hint else text
