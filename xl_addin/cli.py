"""The `xl-addin` command line: the headless refresh of a closed workbook file.

Errors are translated here, once: a one-line reason on stderr and a non-zero exit.
Heavy imports (pandas, the file machinery) happen inside the commands, so that
`xl-addin --help` starts quickly.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(
    help="Refresh the derived columns of a monthly performance dashboard workbook.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)

EXIT_FAILED = 1


@app.callback()
def _group() -> None:
    """Refresh the derived columns of a monthly performance dashboard workbook."""


WorkbookArg = Annotated[
    Path | None,
    typer.Argument(help="The dashboard workbook (.xlsx or .xlsm). Default: a copy of the "
                   "bundled sample in the current folder."),
]
MonthOpt = Annotated[
    str | None, typer.Option("--month", help="Reporting month YYYY-MM (default: the latest "
                             "month with figures).")
]


def _sample_copy() -> Path:
    from xl_addin.templates import SAMPLE_NAME, template_path

    target = Path.cwd() / SAMPLE_NAME
    if not target.exists():
        shutil.copyfile(template_path(SAMPLE_NAME), target)
        err.print(f"Copied the bundled sample to {target}")
    return target


def _fail(error: Exception) -> typer.Exit:
    err.print(f"[bold red]error:[/] {error}", highlight=False)
    return typer.Exit(EXIT_FAILED)


@app.command()
def refresh(
    workbook: WorkbookArg = None,
    out_path: Annotated[Path | None, typer.Option("--out", help="Write the refreshed "
                                                  "workbook here instead of in place.")] = None,
    month: MonthOpt = None,
) -> None:
    """Recalculate changes, arrows, DoT, 12-month figures, benchmarks and target RAG."""
    from rich.table import Table

    from xl_addin.core.errors import XlAddinError
    from xl_addin.core.periods import parse_month_option
    from xl_addin.files import open_file_workbook
    from xl_addin.report import SUMMARY_COLUMNS, summary_rows
    from xl_addin.service import refresh_workbook

    path = workbook if workbook is not None else _sample_copy()
    try:
        chosen = parse_month_option(month) if month else None
        book = open_file_workbook(path)
        result = refresh_workbook(book, chosen)
        written = book.save(out_path)
    except (XlAddinError, ValueError, OSError) as error:
        raise _fail(error) from None

    table = Table(title=f"{result.layout.sheet}: {result.month.label()} "
                  f"({len(result.results)} indicators)")
    for name in SUMMARY_COLUMNS:
        table.add_column(name)
    for row in summary_rows(result.results):
        table.add_row(*row)
    out.print(table)
    for finding in result.findings:
        err.print(f"[yellow]{finding.level}:[/] {finding}", highlight=False)
    out.print(f"Wrote {len(result.plan)} cells to {written}", highlight=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
