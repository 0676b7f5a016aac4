"""The `xl-addin` command line: refresh, check and explain a closed workbook file.

Errors are translated here, once (`_translated`): the project's typed errors and the
specific I/O errors become a one-line reason on stderr; anything else is a bug, whose
traceback goes to the log file the message names. Exit codes: see EXIT_HELP. Output
whose reader has gone (`| head -1`) is dropped quietly (_Console); the exit code is the work's.
Heavy imports (numpy, the file machinery) happen inside the commands, so that
`xl-addin --help` starts quickly.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

if TYPE_CHECKING:
    from xl_addin.core.findings import Finding
    from xl_addin.core.periods import Month, Period
    from xl_addin.core.refresh import RefreshResult
    from xl_addin.core.results import Results
    from xl_addin.core.sheets import TableSelector

EXIT_FAILED = 1
"""Refused (the message says why and what to do) or failed."""
EXIT_USAGE = 2
"""A command, option or argument that is not valid (click's own code for usage errors)."""
EXIT_CHECKS_FAILED = 3
"""`check --strict` found error-level checks."""
EXIT_HELP = ("Exit codes: 0 done; 1 refused or failed (the message says why and what to "
             "do); 2 a usage error; 3 check --strict found errors.")




class _Console(Console):
    """A console that goes quiet when the reader of its output has gone (`xl-addin refresh
    | head -1`): the rest of its output is dropped and the command ends as it would have,
    0 once the workbook is written. rich's own handling exits 1 however the work went."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        _to_devnull(self.file)


def _to_devnull(stream: IO[str]) -> None:
    """The Python docs' way (signal module, 'Note on SIGPIPE'): point the stream's file at
    devnull so that the flush at exit does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        with suppress(OSError, ValueError):  # a stream without a file (CliRunner's)
            os.dup2(devnull, stream.fileno())
    finally:
        os.close(devnull)


def _closed_streams(error: OSError) -> list[IO[str]]:
    """stdout and/or stderr when `error` is a write to a pipe whose reader has gone:
    BrokenPipeError, or on Windows EINVAL; a stream that still cannot flush is one."""
    broken = isinstance(error, BrokenPipeError)
    if not broken and not (sys.platform == "win32" and error.errno == errno.EINVAL):
        return []
    closed = []
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            closed.append(stream)
    return closed or ([sys.stdout] if broken else [])


class _Commands(TyperGroup):
    """The commands; a write to a closed pipe that rich does not see (Windows' EINVAL, a
    plain print) after the work is done ends the command quietly with 0."""

    def invoke(self, ctx: Any) -> Any:  # click.Context (vendored by typer 0.28)
        try:
            return super().invoke(ctx)
        except OSError as error:
            closed = _closed_streams(error)
            if not closed:
                raise
            for stream in closed:
                _to_devnull(stream)
            raise typer.Exit(0) from None


app = typer.Typer(
    cls=_Commands,
    help="Refresh the derived columns of a monthly performance dashboard workbook.",
    epilog=EXIT_HELP,
    no_args_is_help=True,
    add_completion=False,
)
# Markup off: paths and cell text print as they are ('[shared]', '\\[', '[/]'); styles
# are given as rich Text (report.py prints everything the commands show).
out = _Console(markup=False, highlight=False)
err = _Console(stderr=True, markup=False, highlight=False)

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
    """--sheet and --table; a --table that is not a cell is a usage error (exit 2)."""
    from xl_addin.core.sheets import TableSelector

    selector = TableSelector(sheet=sheet, table=table) if sheet or table else None
    try:
        if selector is not None:
            selector.cell()
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--table") from None
    return selector


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


def _default_workbook() -> Path:
    """What the no-workbook forms work on: ./early_help_dashboard.xlsx, copied from the
    bundled sample when absent, reused when present. Either way the message says which
    file it is, and a write keeps its backup like any workbook's."""
    from xl_addin.templates import SAMPLE_NAME, template_path

    target = Path.cwd() / SAMPLE_NAME
    bundled = template_path(SAMPLE_NAME)
    if _copy_once(bundled, target):
        _say(err, f"Copied the bundled sample to {target}")
    elif target.read_bytes() == bundled.read_bytes():
        _say(err, f"Using {target} (a copy of the bundled sample)")
    else:
        _say(err, f"Using {target}, the copy of the bundled sample an earlier run made, changed "
              f"since (delete it to start again from the bundled sample)")
    return target


def _copy_once(source: Path, target: Path) -> bool:
    """Copy `source` to `target` unless it exists (under the target's lock, atomically, so
    two runs started together neither both copy nor read half a copy)."""
    from xl_addin.adapters.package.atomic_save import replace_atomically
    from xl_addin.adapters.package.errors import WorkbookReadOnlyError
    from xl_addin.adapters.package.safety import folder_writable
    from xl_addin.adapters.package.workbook_lock import WorkbookLock
    from xl_addin.core.errors import XlAddinError

    read_only_here = XlAddinError(
        f"The current folder {target.parent} is read-only, so the bundled sample cannot be "
        f"copied there.", hint="Run xl-addin from a folder you can write to (such as "
        "Documents), or give the path of a workbook.")
    if target.exists():
        return False
    if not folder_writable(target.parent):
        raise read_only_here
    try:
        with WorkbookLock(target, str(target)):
            if target.exists():
                return False
            replace_atomically(target, source.read_bytes())
    except (WorkbookReadOnlyError, PermissionError):
        raise read_only_here from None
    return True


def _say(console: Console, text: str, style: str | None = None) -> None:
    """Print plain text (never markup; the arrows as words where the output lacks them)."""
    from xl_addin.report import print_line

    print_line(console, text, style)


def _fail(error: Exception | str) -> typer.Exit:
    """One line on stderr, whatever the terminal's width; the text is never markup."""
    from rich.text import Text

    from xl_addin.report import for_output

    err.print(Text.assemble(("error:", "bold red"), " ", for_output(err)(str(error))),
              soft_wrap=True)
    return typer.Exit(EXIT_FAILED)


@contextmanager
def _translated(action: str) -> Iterator[None]:
    """Turn the reason a run stopped into one line and exit 1; never a traceback.

    The project's typed errors and specific I/O errors are the user's to fix; anything
    else is a bug of ours: its traceback goes to the log file and the line says where.
    The work inside runs with the cyclic garbage collector paused (see paused_gc)."""
    from typer.exceptions import TyperException

    from xl_addin.core.errors import XlAddinError
    from xl_addin.service import paused_gc

    try:
        with paused_gc():
            yield
    except (typer.Exit, typer.Abort, TyperException):  # exit codes and usage errors
        raise
    except XlAddinError as error:
        raise _fail(error) from None
    except OSError as error:
        if closed := _closed_streams(error):  # stopped before its end, nothing to tell
            for stream in closed:
                _to_devnull(stream)
            raise typer.Exit(EXIT_FAILED) from None
        raise _fail(_os_reason(error) or _bug(error, action)) from None
    except Exception as error:
        raise _fail(_bug(error, action)) from None


def _os_reason(error: OSError) -> str | None:
    """One sentence for an I/O error an analyst can meet and fix; None for any other."""
    import errno

    reasons = {
        errno.ENOENT: ("does not exist", "Check the path and file name."),
        errno.EACCES: ("cannot be opened (permission denied, or another program has it "
                       "open)", "Close it in any program using it, or choose a place you "
                       "can write to."),
        errno.EPERM: ("cannot be changed (not permitted)", "Choose a place you can write to."),
        errno.EEXIST: ("already exists", "Choose another name, or move that file away."),
        errno.EISDIR: ("is a folder", "Give the path of a file."),
        errno.ENOTDIR: ("is not in a folder (a part of the path is a file)",
                        "Check the path."),
        errno.ENOSPC: ("cannot be written: the disk is full", "Free some space, then try "
                       "again."),
        errno.EROFS: ("is on a read-only disk", "Copy the workbook somewhere you can write to."),
        errno.ENAMETOOLONG: ("has a name too long for this system", "Use a shorter path."),
    }
    if error.errno not in reasons:
        return None
    reason, hint = reasons[error.errno]
    where = error.filename if error.filename is not None else "a file"
    return f"{where}: {reason}. {hint}"


def _bug(error: Exception, action: str) -> str:
    """The line for an error we did not expect; its traceback goes to the log file."""
    from xl_addin.bug_log import log_path, record_bug

    logged = record_bug(error, action)
    where = (f"The details are in {logged}: please send that file, and the command you "
             f"ran, to the performance team who look after xl-addin." if logged else
             f"The log file {log_path()} could not be written: please send the command you "
             f"ran and this line to the performance team who look after xl-addin.")
    said = error.strerror if isinstance(error, OSError) and error.strerror else error
    return (f"Something unexpected went wrong while {action} ({type(error).__name__}: "
            f"{said}). This is a bug in xl-addin, not a fault in your workbook, which is "
            f"either as it was or completely written (saves are atomic). {where}")


def _shown(path: Path) -> str:
    """A written path as the user gave it, and the file written when it is a link."""
    return f"{path} (a link: wrote {path.resolve()})" if path.is_symlink() else str(path)


def _in_place(out_path: Path | None, workbook: Path) -> bool:
    """Whether the run replaces the workbook itself (no --out, or --out naming it, in
    any spelling a case-insensitive file system takes for it)."""
    from xl_addin.adapters.package.platform_files import same_file

    return out_path is None or same_file(out_path, workbook)


def _check_out(out_path: Path | None, workbook: Path) -> None:
    """Refuse a bad --out before any work is done."""
    from xl_addin.adapters.package.safety import check_out_path
    from xl_addin.core.errors import XlAddinError

    if out_path is None:
        return
    try:
        check_out_path(out_path, workbook)
    except XlAddinError as error:
        raise _fail(error) from None


def _month(text: str | None) -> Month | None:
    """--month as a month; a text that is not one is a usage error (exit 2)."""
    from xl_addin.core.periods import parse_month_option

    try:
        return parse_month_option(text) if text else None
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--month") from None


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
    from xl_addin.core.sparklines import drawn_text
    from xl_addin.files import open_file_workbook
    from xl_addin.report import count_text, print_changes
    from xl_addin.service import paused_gc, preview_refresh, refresh_and_count

    chosen = _month(month)
    selector = _selector(sheet, table)
    with _translated("refreshing"):
        path = workbook if workbook is not None else _default_workbook()
        _check_out(out_path, path)
        # With --out the workbook itself is only read: a read-only one can be refreshed
        # elsewhere, as the read-only refusal's hint says.
        book = open_file_workbook(path, for_writing=not dry_run and _in_place(out_path, path))
        if dry_run:
            planned, changes = preview_refresh(book, chosen, table=selector)
            result = planned.result
            counted = ChangeCount.of(result.plan, changes)
        else:
            result, counted = refresh_and_count(book, chosen, table=selector)
            written = book.save(out_path, backup=backup)

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
        drew = drawn_text(result.plan.sparklines)
        _say(out, f"Changed {count_text(counted)}{f'; drew {drew}' if drew else ''}; "
                  f"wrote {_shown(written)}")


@app.command()
def check(
    workbook: WorkbookArg = None,
    month: MonthOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 3 when any error-level "
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

    chosen = _month(month)
    selector = _selector(sheet, table)
    with _translated("checking"):
        path = workbook if workbook is not None else _default_workbook()
        result = check_workbook(open_file_workbook(path, for_writing=False), chosen, selector)
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
        raise typer.BadParameter(f"expected [WORKBOOK] REF, got {len(args)} arguments "
                                 f"(put a path with spaces in quotes).", param_hint="ARGS")
    chosen = _month(month)
    selector = _selector(sheet, table)
    with _translated("explaining"):
        path = Path(args[0]) if len(args) == 2 else _default_workbook()
        result = check_workbook(open_file_workbook(path, for_writing=False), chosen, selector)
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
    r"""Board pack: a summary, an SPC chart per indicator, the data checks (PDF, A4 landscape).

    Needs the extra: pip install "xl-addin\[pack]" (matplotlib draws the charts).
    """
    from importlib.util import find_spec

    if find_spec("matplotlib") is None:
        raise _fail('the board pack needs the extra: pip install "xl-addin[pack]" '
                    "(matplotlib, which draws its charts, is not installed)")
    from rich.progress import Progress

    from xl_addin.board_pack.render import write_html, write_pdf
    from xl_addin.board_pack.workbook import pack_for_workbook

    with _translated("writing the board pack"):
        path = workbook or _default_workbook()
        pdf = out_path or path.with_name(f"{path.stem}-board-pack.pdf")
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

    chosen = _month(month)
    selector = _selector(sheet, table)
    with _translated("adding the month"):
        path = workbook if workbook is not None else _default_workbook()
        _check_out(out_path, path)
        book = open_file_workbook(path, for_writing=_in_place(out_path, path))
        plan = add(book, chosen, table=selector, force=force)
        written = book.save(out_path, backup=backup)
    _say(out, f"Added {plan.month.label()} in column {plan.column} of '{plan.sheet}' "
         f"(header {plan.column}{plan.header_row + 1}, formatted like "
         f"{plan.latest.label()}).")
    if plan.hide_col is not None:
        _say(out, f"Hid column {column_letter(plan.hide_col)} (the oldest visible month), so "
             f"{plan.visible_months} months still show.")
    _say(out, f"Wrote {_shown(written)}")


@app.command("build-addin")
def build_addin(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write xl_addin.xlam "
                                          "and xl_addin.board_pack.xlam into.")] = Path(),
    interpreter_win: Annotated[str | None, typer.Option(
        "--interpreter-win", help="Full path of the python.exe the ribbon button runs on "
        "Windows. Default: this Python when run on Windows, else "
        r"%USERPROFILE%\.xl_addin\venv\Scripts\python.exe.")] = None,
    interpreter_mac: Annotated[str | None, typer.Option(
        "--interpreter-mac", help="Full path of the python the ribbon button runs on macOS. "
        "Default: this Python when run on macOS, else $HOME/.xl_addin/venv/bin/python.")] = None,
) -> None:
    """Make the Excel ribbon add-ins from the installed xlwings template: xl_addin.xlam
    (Refresh) and xl_addin.board_pack.xlam (Board pack), on one Early Help tab."""
    from xl_addin.addin import build_addins as build
    from xl_addin.addin import default_interpreters

    win, mac = default_interpreters(sys.platform, sys.executable)
    with _translated("building the add-in"):
        targets = build(out_dir, interpreter_win=interpreter_win or win,
                        interpreter_mac=interpreter_mac or mac)
    for target in targets:
        _say(out, f"Wrote {target}")
    _say(out, f"The buttons run {interpreter_win or win} on Windows and "
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
        raise _fail('the server needs the extra: pip install "xl-addin[server]" '
                    "(xlwings-server is not installed)")  # _fail prints it as it is
    from xl_addin.server.serve import serve as run

    with _translated("serving the add-in"):
        run(host, port, certs)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
