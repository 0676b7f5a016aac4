"""The `xl-addin` command line: refresh, check and explain a closed workbook file.

Errors are translated here, once: a one-line reason on stderr and a non-zero exit.
Heavy imports (numpy, the file machinery) happen inside the commands, so that
`xl-addin --help` starts quickly.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from xl_addin.core.findings import Finding
    from xl_addin.core.periods import Month, Period
    from xl_addin.core.refresh import RefreshResult
    from xl_addin.core.results import Results
    from xl_addin.core.sheets import TableSelector

app = typer.Typer(
    help="Refresh the derived columns of a monthly performance dashboard workbook.",
    no_args_is_help=True,
    add_completion=False,
)
# Markup off: paths and cell text print as they are ('[shared]', '\\[', '[/]'); styles
# are given as rich Text (report.py prints everything the commands show).
out = Console(markup=False, highlight=False)
err = Console(stderr=True, markup=False, highlight=False)

EXIT_FAILED = 1
EXIT_CHECKS_FAILED = 1


@app.callback()
def _group() -> None:
    """Refresh the derived columns of a monthly performance dashboard workbook."""
    from xl_addin.report import use_replacement_characters

    use_replacement_characters()  # a cp1252 console or log file never stops a command


WorkbookArg = Annotated[
    Path | None,
    typer.Argument(help="The dashboard workbook (.xlsx or .xlsm). Default: a copy of the "
                   "bundled sample in the current folder."),
]
MonthOpt = Annotated[
    str | None, typer.Option("--month", help="Reporting month YYYY-MM (default: the latest "
                             "period with figures); a table of quarters or financial years "
                             "reports the one holding that month.")
]


SheetOpt = Annotated[
    str | None, typer.Option("--sheet", help="Take the dashboard table on this sheet "
                             "(default: the rule in docs/layouts.md picks one).")
]
TableOpt = Annotated[
    str | None, typer.Option("--table", help="Take the table whose header row starts at "
                             "this cell, e.g. A3 or \"'Monthly'!A3\" (when a sheet holds "
                             "several).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the layout, the findings and "
                                       "each indicator's figures as JSON (docs/json-output.md)"
                                       " instead of tables.")]


def _selector(sheet: str | None, table: str | None) -> TableSelector | None:
    from xl_addin.core.sheets import TableSelector

    return TableSelector(sheet=sheet, table=table) if sheet or table else None


def _print_json(document: object) -> None:
    import json

    from xl_addin.report import can_encode

    text = json.dumps(document, ensure_ascii=False, default=str)
    # a cp1252 or ascii log gets '\u25b2', never a '?' in place of the arrow
    out.print_json(text, ensure_ascii=not can_encode(text, out.encoding))


def _print_layout(result: RefreshResult) -> None:
    """The layout that was read, line by line, before anything else `check` says."""
    from xl_addin.core.describe import layout_lines
    from xl_addin.report import print_topics

    _say(out, "Layout read", "bold")
    print_topics(out, layout_lines(result.layout, result.table_choice), indent="  ")


def _print_choice(result: RefreshResult) -> None:
    """Which table was taken, when the workbook held several."""
    if result.tables_found > 1:
        _say(out, f"Table: {result.table_choice}")


def _sample_copy() -> Path:
    from xl_addin.templates import SAMPLE_NAME, template_path

    target = Path.cwd() / SAMPLE_NAME
    if not target.exists():
        shutil.copyfile(template_path(SAMPLE_NAME), target)
        _say(err, f"Copied the bundled sample to {target}")
    return target


def _say(console: Console, text: str, style: str | None = None) -> None:
    """Print plain text (never markup; the arrows as words where the output lacks them)."""
    from xl_addin.report import print_line

    print_line(console, text, style)


def _fail(error: Exception) -> typer.Exit:
    from rich.text import Text

    from xl_addin.report import for_output

    err.print(Text.assemble(("error:", "bold red"), " ", for_output(err)(str(error))),
              soft_wrap=True)
    return typer.Exit(EXIT_FAILED)


def _expected_errors() -> tuple[type[Exception], ...]:
    """What a user can cause (a bad file, a bad option), as opposed to a bug."""
    from zipfile import BadZipFile

    from xl_addin.core.errors import XlAddinError

    return (XlAddinError, ValueError, OSError, BadZipFile)


@contextmanager
def _translated() -> Iterator[None]:
    """Turn an expected error into a one-line reason and exit 1; never a traceback.
    The work inside runs with the cyclic garbage collector paused (see paused_gc)."""
    from xl_addin.service import paused_gc

    try:
        with paused_gc():
            yield
    except _expected_errors() as error:
        raise _fail(error) from None


def _month(text: str | None) -> Month | None:
    from xl_addin.core.periods import parse_month_option

    return parse_month_option(text) if text else None


def _print_table(title: str, columns: list[str], rows: list[list[str]],
                 style: Callable[[list[str]], str] | None = None) -> None:
    from xl_addin.report import print_table

    print_table(out, title, columns, rows, style)


def _print_findings(findings: tuple[Finding, ...], refs: dict[tuple[str, int], str],
                    title: str) -> None:
    from xl_addin.report import print_findings

    print_findings(out, findings, refs, title)


SUMMARY_SHOWN = 200
"""Indicators printed in the refresh summary unless --all: every figure is in the workbook,
and a terminal cannot show ten thousand rows anyway."""


def _print_summary(sheet: str, month: Period, results: Results, *, show_all: bool) -> None:
    from xl_addin.report import SUMMARY_COLUMNS, summary_rows

    shown = results if show_all else results.head(SUMMARY_SHOWN)
    _print_table(f"{sheet}: {month.label()} ({len(results)} indicators)", SUMMARY_COLUMNS,
                 summary_rows(shown, month))
    if len(shown) < len(results):
        _say(out, f"... and {len(results) - len(shown):,} more indicators: every figure is "
             "in the workbook (--all prints them here).")


@app.command()
def refresh(
    workbook: WorkbookArg = None,
    out_path: Annotated[Path | None, typer.Option("--out", help="Write the refreshed "
                                                  "workbook here instead of in place.")] = None,
    month: MonthOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List each cell that would change "
                                          "(old and new value) and write nothing.")] = False,
    backup: Annotated[bool, typer.Option("--backup/--no-backup", help="When writing in place, "
                                         "keep the original as <name>.bak.xlsx.")] = True,
    show_all: Annotated[bool, typer.Option("--all", help=f"Print every indicator in the "
                                           f"summary, not only the first {SUMMARY_SHOWN}.")]
    = False,
    sheet: SheetOpt = None,
    table: TableOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Recalculate changes, arrows, DoT, 12-month figures, benchmarks and target RAG.

    Also runs the data checks and rewrites the 'Data checks' sheet, with a
    'Last refreshed' stamp at its top.
    """
    from xl_addin.core.diff import ChangeCount
    from xl_addin.core.monthly import refs_by_row
    from xl_addin.files import open_file_workbook
    from xl_addin.report import count_text, print_changes
    from xl_addin.service import paused_gc, preview_refresh, refresh_and_count

    path = workbook if workbook is not None else _sample_copy()
    with _translated():
        chosen = _month(month)
        selector = _selector(sheet, table)
        book = open_file_workbook(path, for_writing=not dry_run)
        if dry_run:
            planned, changes = preview_refresh(book, chosen, table=selector)
            result = planned.result
            counted = ChangeCount.of(result.plan, changes)
        else:
            result, counted = refresh_and_count(book, chosen, table=selector)
            # The sample copy is ours to overwrite; an analyst's workbook keeps a backup.
            written = book.save(out_path, backup=backup and workbook is not None)

    if as_json:
        from xl_addin.core.describe import result_document

        document = result_document(result, "refresh", str(path))
        document["written_to"] = None if dry_run else str(written)
        if dry_run:
            document["would_change"] = len(changes)
        _print_json(document)
        return
    with paused_gc():  # printing allocates; a full collection over the workbook costs more
        _print_choice(result)
        _print_summary(result.layout.sheet, result.month, result.results,
                       show_all=show_all)
        _print_findings(result.findings, refs_by_row(result), "Data checks")
        if dry_run:
            print_changes(out, counted, changes)
            return
        _say(out, f"Changed {count_text(counted)}; wrote {written}")


@app.command()
def check(
    workbook: WorkbookArg = None,
    month: MonthOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when any error-level "
                                         "check fails (for scripts).")] = False,
    sheet: SheetOpt = None,
    table: TableOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check the figures before a refresh: say which cells look wrong and what to do.

    Nothing is written. Errors: duplicate Refs, month headers out of order, negative
    figures, percentages over 100. Warnings: outliers, a copied-forward month,
    missing latest figures, missing targets, old benchmarks, text in figure cells.
    """
    from xl_addin.core.monthly import refs_by_row
    from xl_addin.files import open_file_workbook
    from xl_addin.service import check_workbook

    path = workbook if workbook is not None else _sample_copy()
    with _translated():
        chosen = _month(month)
        result = check_workbook(open_file_workbook(path, for_writing=False), chosen,
                                _selector(sheet, table))
    if as_json:
        from xl_addin.core.describe import result_document

        _print_json(result_document(result, "check", str(path)))
    else:
        _print_layout(result)
        _print_findings(result.findings, refs_by_row(result),
                        f"Data checks: {result.layout.sheet}, {result.month.label()}")
    if strict and any(f.level == "error" for f in result.findings):
        _say(err, "--strict: error-level checks failed")
        raise typer.Exit(EXIT_CHECKS_FAILED)


@app.command()
def explain(
    args: Annotated[list[str], typer.Argument(
        metavar="[WORKBOOK] REF",
        help="The indicator's Ref or name (case does not matter), an unambiguous part of "
             "its name, or its row number, after the workbook if given. Default workbook: "
             "a copy of the bundled sample in the current folder.")],
    month: MonthOpt = None,
    sheet: SheetOpt = None,
    table: TableOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Explain one indicator: inputs, periods, settings and how each figure came out."""
    from xl_addin.core.explain import explain as explain_ref
    from xl_addin.files import open_file_workbook
    from xl_addin.service import check_workbook

    if len(args) > 2:
        raise _fail(ValueError(f"expected [WORKBOOK] REF, got {len(args)} arguments"))
    path = Path(args[0]) if len(args) == 2 else _sample_copy()
    with _translated():
        chosen = _month(month)
        result = check_workbook(open_file_workbook(path, for_writing=False), chosen,
                                _selector(sheet, table))
        explanation = explain_ref(result, args[-1])
    if as_json:
        from xl_addin.core.describe import result_document

        document = result_document(result, "explain", str(path))
        document["indicators"] = [i for i in document["indicators"]
                                  if i["row"] == explanation.row + 1]
        document["findings"] = [f for f in document["findings"]
                                if f["row"] == explanation.row + 1
                                and f["sheet"] == result.layout.sheet]
        document["explanation"] = [{"topic": t, "text": x} for t, x in explanation.lines]
        _print_json(document)
        return
    from xl_addin.report import print_explanation

    print_explanation(out, explanation)


@app.command("report")
def board_report(
    workbook: WorkbookArg = None,
    out_path: Annotated[Path | None, typer.Option(
        "--out", help="Write the board pack PDF here (default: WORKBOOK-board-pack.pdf)")] = None,
    html_path: Annotated[Path | None, typer.Option(
        "--html", help="Also write the pack as one self-contained HTML page")] = None,
    month: MonthOpt = None,
    sheet: SheetOpt = None,
    table: TableOpt = None,
) -> None:
    """Board pack: a summary, an SPC chart per indicator, the data checks (PDF, A4 landscape)."""
    from rich.progress import Progress

    from xl_addin.board_pack.render import write_html, write_pdf
    from xl_addin.board_pack.workbook import pack_for_workbook

    path = workbook or _sample_copy()
    pdf = out_path or path.with_name(f"{path.stem}-board-pack.pdf")
    with _translated():
        pack = pack_for_workbook(path, _month(month), _selector(sheet, table))
        steps = len(pack.panels) * (2 if html_path else 1)
        # A bar only where drawing takes a while (about 0.1 s a chart).
        with Progress(transient=True, console=err, disable=steps < 20) as bar:
            task = bar.add_task("Drawing charts", total=steps)
            pages = write_pdf(pack, pdf, lambda: bar.advance(task))
            if html_path:
                write_html(pack, html_path, lambda: bar.advance(task))
    out.print(f"Wrote {pages} pages ({len(pack.panels)} indicators, {pack.month}) to {pdf}",
              highlight=False)
    if html_path:
        out.print(f"Wrote the HTML pack to {html_path}", highlight=False)


@app.command("add-month")
def add_month(
    workbook: WorkbookArg = None,
    month: Annotated[str | None, typer.Option("--month", help="The month to add, YYYY-MM "
                                              "(default: the one after the latest).")] = None,
    out_path: Annotated[Path | None, typer.Option("--out", help="Write the workbook here "
                                                  "instead of in place.")] = None,
    backup: Annotated[bool, typer.Option("--backup/--no-backup", help="When writing in place, "
                                         "keep the original as <name>.bak.xlsx.")] = True,
    sheet: SheetOpt = None,
    table: TableOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Add the month even when the latest "
                                        "month's column is still empty.")] = False,
) -> None:
    """Add the next month's column after the latest month, formatted like it.

    Derived columns and everything right of it move one column right, with their
    formulas, merges, conditional formats, validations, names and charts; the
    oldest visible month is hidden (not deleted) so as many months show as before.
    """
    from xl_addin.core.address import column_letter
    from xl_addin.files import open_file_workbook
    from xl_addin.service import add_month as add

    path = workbook if workbook is not None else _sample_copy()
    with _translated():
        chosen = _month(month)
        book = open_file_workbook(path)
        plan = add(book, chosen, table=_selector(sheet, table), force=force)
        written = book.save(out_path, backup=backup and workbook is not None)
    _say(out, f"Added {plan.month.label()} in column {plan.column} of '{plan.sheet}' "
         f"(header {plan.column}{plan.header_row + 1}, formatted like "
         f"{plan.latest.label()}).")
    if plan.hide_col is not None:
        _say(out, f"Hid column {column_letter(plan.hide_col)} (the oldest visible month), so "
             f"{plan.visible_months} months still show.")
    _say(out, f"Wrote {written}")


@app.command("build-addin")
def build_addin(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write xl_addin.xlam "
                                          "into.")] = Path(),
    interpreter_win: Annotated[str | None, typer.Option(
        "--interpreter-win", help="Full path of the python.exe the ribbon button runs on "
        "Windows. Default: this Python when run on Windows, else "
        r"%USERPROFILE%\.xl_addin\venv\Scripts\python.exe.")] = None,
    interpreter_mac: Annotated[str | None, typer.Option(
        "--interpreter-mac", help="Full path of the python the ribbon button runs on macOS. "
        "Default: this Python when run on macOS, else $HOME/.xl_addin/venv/bin/python.")] = None,
) -> None:
    """Make the Excel ribbon add-in xl_addin.xlam from the installed xlwings template."""
    from xl_addin.addin import build_addin as build
    from xl_addin.addin import default_interpreters

    win, mac = default_interpreters(sys.platform, sys.executable)
    with _translated():
        target = build(out_dir, interpreter_win=interpreter_win or win,
                       interpreter_mac=interpreter_mac or mac)
    _say(out, f"Wrote {target}")
    _say(out, f"The Refresh button runs {interpreter_win or win} on Windows and "
         f"{interpreter_mac or mac} on macOS.")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on. Anything but 127.0.0.1 / "
                                      "localhost needs --certs.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    certs: Annotated[Path | None, typer.Option(
        "--certs", help="Folder with the HTTPS certificate and key (cert.pem and key.pem, "
        "or mkcert's NAME.pem and NAME-key.pem).")] = None,
) -> None:
    r"""Serve the add-in to Excel on Windows, macOS and the web (xlwings Server, Office.js).

    Needs the extra: pip install "xl-addin\[server]". Settings are environment
    variables (XLWINGS_LICENSE_KEY, XLWINGS_HOSTNAME, ...): see docs/server.md.
    """
    from importlib.util import find_spec

    if find_spec("xlwings_server") is None:
        # (rich markup: "\\[" prints a bracket)
        raise _fail(ValueError('the server needs the extra: pip install "xl-addin\\[server]" '
                               "(xlwings-server is not installed)"))
    from xl_addin.server.serve import serve as run

    with _translated():
        run(host, port, certs)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
