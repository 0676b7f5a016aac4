"""Small in-memory dashboards for the checks and explain tests."""

from __future__ import annotations

from xl_addin.core.grid import CellValue, Grid
from xl_addin.core.periods import Month

FIRST = Month(2019, 7)
MONTHS = [FIRST.shift(i).label() for i in range(14)]  # Jul-19 .. Aug-20
TAIL: list[CellValue] = ["Change from prev. period", None, "% change from same period py",
                         None, "DoT", "12-mnth avg", "12-mnth max.", "England", "Target 19-20",
                         "Target 20-21", "Variance to target", "RAG"]
SETTINGS_HEADER: list[CellValue] = ["Ref", "Polarity", "Unit", "Frequency", "Threshold",
                                    "Tolerance"]


def header(months: list[CellValue] | None = None, tail: list[CellValue] | None = None) -> (
    list[CellValue]
):
    return ["Ref", "Indicator", *(MONTHS if months is None else months),
            *(TAIL if tail is None else tail)]


def line(ref: CellValue, name: str, values: list[CellValue], *,
         at: dict[str, CellValue] | None = None,
         head: list[CellValue] | None = None) -> list[CellValue]:
    """A data row; `at` fills other columns by their header text."""
    cols = head or header()
    out: list[CellValue] = [ref, name, *values]
    out += [None] * (len(cols) - len(out))
    for key, value in (at or {}).items():
        out[cols.index(key)] = value
    return out


def steady(level: float = 100.0, n: int = 14) -> list[CellValue]:
    """A gently varying series, never an outlier."""
    wiggle = [0, 3, -2, 4, -3, 1, 2, -1, 3, -2, 0, 2, -3, 1]
    return [level + wiggle[i % len(wiggle)] for i in range(n)]


def grid(*rows: list[CellValue], head: list[CellValue] | None = None,
         sheet: str = "Early Help") -> Grid:
    return Grid(sheet, [head or header(), *rows])


def settings(*rows: list[CellValue]) -> Grid:
    return Grid("Settings", [SETTINGS_HEADER, *rows])
