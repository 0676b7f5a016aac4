"""xl_addin: refreshes the derived columns of a monthly performance dashboard.

`main()` is what the ribbon add-in (xl_addin.xlam) runs. It is imported lazily so
that `import xl_addin` (and `xl-addin --help`) loads neither xlwings nor pandas;
when that import fails (a broken numpy or xlwings), the analyst gets a message
box saying so rather than a traceback (ribbon_errors.cannot_start).
"""

from __future__ import annotations


def main() -> None:
    """Refresh the workbook open in Excel (the ribbon button's macro)."""
    try:
        from xl_addin.macro import main as run
    except Exception as error:
        from xl_addin.ribbon_errors import cannot_start

        cannot_start(error)
    run()


def add_month(force: bool = False) -> None:
    """Add the next month's column to the workbook open in Excel (second ribbon button);
    `force=True` adds it even when the latest month's column is still empty."""
    try:
        from xl_addin.macro import add_month as run
    except Exception as error:
        from xl_addin.ribbon_errors import cannot_start

        cannot_start(error)
    run(force=force)


__all__ = ["add_month", "main"]
