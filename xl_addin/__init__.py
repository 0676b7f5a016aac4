"""xl_addin: refreshes the derived columns of a monthly performance dashboard.

`main()` is what the ribbon add-in (xl_addin.xlam) runs. It is imported lazily so
that `import xl_addin` (and `xl-addin --help`) loads neither xlwings nor pandas.
"""

from __future__ import annotations


def main() -> None:
    """Refresh the workbook open in Excel (the ribbon button's macro)."""
    from xl_addin.macro import main as run

    run()


def add_month(force: bool = False) -> None:
    """Add the next month's column to the workbook open in Excel (second ribbon button);
    `force=True` adds it even when the latest month's column is still empty."""
    from xl_addin.macro import add_month as run

    run(force=force)


__all__ = ["add_month", "main"]
