"""Every error an analyst can meet is one line saying what to do; a bug says where its log is.

Walks every typed error of the package through the CLI, and every way the CLI exits,
on real files (a real second process holds the lock; real read-only files and folders).
"""

from __future__ import annotations

import ast
import errno
import importlib
import pkgutil
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner, Result

import xl_addin
from xl_addin import cli
from xl_addin.adapters.package import workbook_lock
from xl_addin.cli import app
from xl_addin.core.errors import CellError, WorkbookError, XlAddinError
from xl_addin.templates import SAMPLE_NAME, template_path

runner = CliRunner(env={"COLUMNS": "60"})  # narrow: the error must still be one line


def typed_errors() -> list[type[XlAddinError]]:
    for module in pkgutil.walk_packages(xl_addin.__path__, "xl_addin."):
        if not module.name.startswith("xl_addin.server"):  # needs an xlwings licence key
            importlib.import_module(module.name)

    def below(cls: type[XlAddinError]) -> Iterator[type[XlAddinError]]:
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    return sorted({XlAddinError, *below(XlAddinError)}, key=lambda c: c.__name__)


def instance(cls: type[XlAddinError]) -> XlAddinError:
    if issubclass(cls, CellError):
        return cls("Early Help", 5, 3, "holds something odd.", hint="Do this about it.")
    if issubclass(cls, WorkbookError):
        return cls("C:\\Users\\me\\[shared]\\dash.xlsx", "cannot be used.", hint="Do this.")
    return cls("Something cannot be done.", hint="Do this about it.")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of our own (the bug log goes there) and a working folder."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return home


def sample(folder: Path, name: str = "dash.xlsx") -> Path:
    book = folder / name
    shutil.copyfile(template_path(SAMPLE_NAME), book)
    return book


def one_line_error(result: Result) -> str:
    """The run exited 1 with one line on stderr, no traceback, no Errno; the line."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "Errno" not in result.output
    lines = [line for line in result.stderr.splitlines()
             if not line.startswith(("Using ", "Copied "))]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


# -- every typed error ----------------------------------------------------------------------

@pytest.mark.parametrize("cls", typed_errors(), ids=lambda c: c.__name__)
def test_every_typed_error_is_one_line_with_its_hint(
    cls: type[XlAddinError], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = instance(cls)

    def refuse(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr("xl_addin.service.check_workbook", refuse)
    line = one_line_error(runner.invoke(app, ["check", str(sample(home))]))
    assert line == f"error: {error.message} {error.hint}"  # markup-free: [shared] survives
    assert not (home / ".xl_addin" / "xl_addin.log").exists()  # not a bug: nothing logged


def test_every_typed_error_the_package_raises_says_what_to_do() -> None:
    """Each `raise SomeTypedError(...)` in the package passes a hint: the 'what to do'."""
    names = {cls.__name__ for cls in typed_errors()}
    missing = []
    for source in sorted(Path(xl_addin.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in names and not any(k.arg == "hint" for k in node.keywords):
                missing.append(f"{source.name}:{node.lineno} {name}")
    assert missing == []
    assert len(names) >= 20  # the walk did find the package's errors


# -- bugs -----------------------------------------------------------------------------------

def test_a_bug_says_it_is_one_and_where_its_traceback_is(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        return {}["latest"]  # type: ignore[no-any-return]

    monkeypatch.setattr("xl_addin.service.refresh_and_count", broken)
    book = sample(home)
    before = book.read_bytes()
    line = one_line_error(runner.invoke(app, ["refresh", str(book)]))
    log = home / ".xl_addin" / "xl_addin.log"
    assert "Something unexpected went wrong while refreshing (KeyError: 'latest')" in line
    assert "This is a bug in xl-addin, not a fault in your workbook" in line
    assert f"The details are in {log}: please send that file" in line
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "KeyError: 'latest'" in text
    assert "refresh" in text.splitlines()[0]  # the command that was run
    assert book.read_bytes() == before


def test_a_value_error_is_a_bug_not_the_users_mistake(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("a results column of 3 rows for 9 indicators")

    monkeypatch.setattr("xl_addin.service.check_workbook", broken)
    line = one_line_error(runner.invoke(app, ["check", str(sample(home))]))
    assert "This is a bug in xl-addin" in line and "ValueError" in line


@pytest.mark.parametrize(("error", "says"), [
    (PermissionError(errno.EACCES, "Permission denied", "dash.xlsx"),
     "error: dash.xlsx: cannot be opened (permission denied, or another program has it "
     "open). Close it in any program using it, or choose a place you can write to."),
    (FileNotFoundError(errno.ENOENT, "No such file or directory", "x/y.xlsx"),
     "error: x/y.xlsx: does not exist. Check the path and file name."),
    (OSError(errno.ENOSPC, "No space left on device", "dash.xlsx"),
     "error: dash.xlsx: cannot be written: the disk is full. Free some space, then try again."),
])
def test_specific_io_errors_are_one_sentence_without_errno(
    home: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, says: str
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr("xl_addin.service.check_workbook", fail)
    assert one_line_error(runner.invoke(app, ["check", str(sample(home))])) == says


def test_an_io_error_nobody_can_fix_is_logged_as_a_bug(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr("xl_addin.service.check_workbook", fail)
    line = one_line_error(runner.invoke(app, ["check", str(sample(home))]))
    assert "This is a bug in xl-addin" in line
    assert "OSError" in (home / ".xl_addin" / "xl_addin.log").read_text(encoding="utf-8")


# -- every way the CLI exits ------------------------------------------------------------

def test_exit_0_done(home: Path) -> None:
    result = runner.invoke(app, ["refresh", str(sample(home))])
    assert result.exit_code == 0 and "wrote" in result.output.lower()


@pytest.mark.parametrize(("args", "says"), [
    (["refresh", "missing.xlsx"], "missing.xlsx: no such file. Check the path"),
    (["refresh", "notes.xlsx"], "is not an Excel workbook"),
    (["refresh", "a folder"], "a folder: is a folder, not a workbook."),
    (["refresh", "dash.xlsx", "--out", "nowhere/new.xlsx"],
     "nowhere/new.xlsx: the folder nowhere does not exist. Create the folder first"),
    (["refresh", "dash.xlsx", "--out", "a folder"],
     "a folder: is a folder. Give a file name for the new workbook, such as "
     "a folder/dash.xlsx."),
    (["refresh", "dash.xlsx", "--out", "notes.xlsx/new.xlsx"], "is a file, not a folder"),
    (["refresh", "dash.xlsx", "--out", "new.xlsm"], "Give a name ending in .xlsx."),
    (["add-month", "dash.xlsx", "--out", "nowhere/new.xlsx"], "does not exist"),
    (["build-addin", "--out", "notes.xlsx"],
     "notes.xlsx: is a file, not a folder. Give the folder to write xl_addin.xlam into"),
    (["explain", "dash.xlsx", "EH99"], "no indicator with Ref or name 'EH99'"),
    (["refresh", "empty.xlsx"], "no sheet holds a dashboard table"),
    (["check", "dash.xlsx", "--month", "2031-01"], "Jan-31 is not a month column"),
])
def test_exit_1_refused_is_one_line(home: Path, args: list[str], says: str) -> None:
    work = Path.cwd()
    sample(work)
    (work / "notes.xlsx").write_text("not a workbook")
    (work / "a folder").mkdir()
    empty = Workbook()
    empty.save(work / "empty.xlsx")
    line = one_line_error(runner.invoke(app, args))
    assert says in line


def test_exit_1_a_stale_owner_file_says_how_to_tell_and_what_to_do(home: Path) -> None:
    book = sample(Path.cwd())
    owner = book.with_name("~$dash.xlsx")
    owner.write_bytes(bytes([10]) + b"Jane Smith" + b" " * 43 + b"\x00" * 111)
    line = one_line_error(runner.invoke(app, ["add-month", str(book)]))
    assert "is open in Excel: its owner file ~$dash.xlsx is in" in line
    assert "(Jane Smith, since " in line
    assert "Close it in Excel, then try again. If nobody has it open" in line
    assert "that owner file is stale: delete the hidden file ~$dash.xlsx" in line
    assert "Windows will not let you delete it while Excel really has the workbook open" in line
    owner.unlink()  # ... and once it is gone, the same command works
    assert runner.invoke(app, ["add-month", str(book)]).exit_code == 0


def test_exit_1_read_only_file_and_folder(home: Path) -> None:
    folder = Path.cwd() / "locked"
    folder.mkdir()
    book = sample(folder)
    book.chmod(stat.S_IRUSR)
    assert "is read-only" in one_line_error(runner.invoke(app, ["refresh", str(book)]))
    # ... but refreshing it elsewhere works, as the hint says
    assert runner.invoke(app, ["refresh", str(book), "--out", "new.xlsx"]).exit_code == 0
    book.chmod(0o644)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        line = one_line_error(runner.invoke(app, ["refresh", str(book)]))
    finally:
        folder.chmod(0o755)
    assert f"its folder {folder} is read-only" in line


def test_exit_1_a_read_only_working_folder_for_the_sample(home: Path) -> None:
    work = Path.cwd()
    work.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        line = one_line_error(runner.invoke(app, ["check"]))
    finally:
        work.chmod(0o755)
    assert f"The current folder {work} is read-only, so the bundled sample cannot" in line


_HOLDER = """
import sys
from xl_addin.adapters.package import open_workbook
book = open_workbook(sys.argv[1])
print("holding", flush=True)
sys.stdin.readline()
"""


def test_exit_1_another_run_holds_the_workbook(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = sample(Path.cwd())
    monkeypatch.setattr(workbook_lock, "LOCK_WAIT_SECONDS", 0.2)
    with subprocess.Popen([sys.executable, "-c", _HOLDER, str(book)], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True) as holder:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "holding"
        line = one_line_error(runner.invoke(app, ["add-month", str(book)]))
        holder.stdin.write("done\n")
        holder.stdin.flush()
    assert "another xl-addin run is refreshing it or adding a month to it" in line
    assert "Wait for that run to finish, then try again; nothing was changed." in line


@pytest.mark.parametrize("args", [
    ["refresh", "dash.xlsx", "--month", "August"],
    ["explain", "dash.xlsx", "EH1b", "extra"],
    ["refresh", "--no-such-option"],
    ["no-such-command"],
])
def test_exit_2_usage(home: Path, args: list[str]) -> None:
    sample(Path.cwd())
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "Usage:" in result.output


def test_exit_3_check_strict_found_errors(home: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Ref", "Indicator", "Jul-20", "Aug-20", "DoT"])
    ws.append(["A1", "Number of plans", 50, -4])  # a negative count: an error-level check
    wb.save(Path.cwd() / "bad.xlsx")
    assert runner.invoke(app, ["check", "bad.xlsx"]).exit_code == 0
    strict = runner.invoke(app, ["check", "bad.xlsx", "--strict"])
    assert strict.exit_code == 3 and "negative" in strict.output


def test_the_exit_codes_are_in_the_help() -> None:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["--help"])
    assert "Exit codes: 0 done; 1 refused or failed" in result.output
    assert (cli.EXIT_FAILED, cli.EXIT_USAGE, cli.EXIT_CHECKS_FAILED) == (1, 2, 3)


def test_exit_2_a_table_option_that_is_not_a_cell(home: Path) -> None:
    sample(Path.cwd())
    result = runner.invoke(app, ["check", "dash.xlsx", "--table", "not a cell"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "--table" in result.output


def test_report_without_matplotlib_says_which_extra_to_install(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A None entry in sys.modules is how Python marks a module that cannot be imported.
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    line = one_line_error(runner.invoke(app, ["report", str(sample(home))]))
    assert line == ('error: the board pack needs the extra: pip install "xl-addin[pack]" '
                    "(matplotlib, which draws its charts, is not installed)")
    assert not list(home.glob("*.pdf"))
