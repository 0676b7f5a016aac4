"""Ribbon failures that happen before Excel can show our message box.

xlwings 0.37.8's VBA shows what a failed RunPython wrote to stderr: on Windows
ExecuteWindows shows the stderr log when Python exits with a code other than 0
(ShowError); on macOS the CleanUp macro shows it, called back through an Apple
event. So these tests look at Python's exit code and stderr, as the VBA does, and
check that no traceback reaches the analyst.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import xlwings as xw

import xl_addin
from xl_addin.macro import calling_book
from xl_addin.ribbon_errors import log_path, osascript_alert

ROOT = Path(__file__).resolve().parents[2]


class AppleEventError(Exception):
    """Shaped like appscript's CommandError: the OS error number as `errornumber`.
    -1743 is errAEEventNotPermitted, what macOS answers when Automation access to
    Excel was refused (Apple, "Apple Event Manager result codes")."""

    def __init__(self, number: int) -> None:
        super().__init__(f"Command failed:\n\t\tOSERROR: {number}\n\t\tMESSAGE: Not "
                         "authorized to send Apple events to Microsoft Excel.")
        self.errornumber = number


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))


def ribbon_python(code: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Python run as RunPython runs it: `-c` with the button's statement, then the
    arguments ExecuteWindows adds (`--wb=<book name> --from_xl=1`)."""
    env = {**os.environ, "HOME": str(home), "USERPROFILE": str(home)}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                          text=True, env=env, cwd=home, check=False)


def test_no_reachable_workbook_is_a_message_and_exit_1_not_a_traceback(tmp_path: Path) -> None:
    # Outside Excel xlwings cannot find the calling workbook: Book.caller() raises.
    run = ribbon_python("import xl_addin; xl_addin.main()", tmp_path,
                        "--wb=dashboard.xlsx", "--from_xl=1")
    assert run.returncode == 1
    assert run.stderr.startswith("xl_addin could not reach the workbook you have open in "
                                 "Excel, so nothing was changed.")
    assert str(tmp_path / ".xl_addin" / "xl_addin.log") in run.stderr
    assert "Traceback" not in run.stderr
    log = (tmp_path / ".xl_addin" / "xl_addin.log").read_text(encoding="utf-8")
    assert "xw.Book.caller() failed" in log and "Traceback" in log


def test_the_board_pack_button_without_a_workbook_says_so_and_exits_1(tmp_path: Path) -> None:
    run = ribbon_python("import xl_addin.board_pack;xl_addin.board_pack.main()", tmp_path,
                        "--wb=dashboard.xlsx", "--from_xl=1")
    assert run.returncode == 1
    assert run.stderr.startswith("xl_addin could not reach the workbook you have open in "
                                 "Excel, so nothing was changed.")
    assert "Traceback" not in run.stderr


def test_xl_addin_that_cannot_import_its_parts_says_so_without_a_traceback(
    tmp_path: Path,
) -> None:
    # A broken numpy (a half-finished upgrade, a blocked DLL): importing it fails.
    run = ribbon_python("import sys; sys.modules['numpy'] = None; "
                        "import xl_addin; xl_addin.main()", tmp_path)
    assert run.returncode == 1
    assert run.stderr.startswith(f"xl_addin could not start in the Python at {sys.executable}")
    assert "(ModuleNotFoundError: import of numpy halted" in run.stderr
    assert "Traceback" not in run.stderr
    assert "Traceback" in (tmp_path / ".xl_addin" / "xl_addin.log").read_text(encoding="utf-8")


def _fake_osascript(folder: Path, record: Path) -> None:
    """An `osascript` on the PATH that writes its arguments to `record`."""
    folder.mkdir()
    script = folder / "osascript"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def _caller_raises(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    def caller() -> xw.Book:
        raise error

    monkeypatch.setattr(xw.Book, "caller", staticmethod(caller))


def test_a_refused_macos_automation_permission_is_an_alert_saying_where_to_allow_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    # Excel cannot be reached, so neither app.alert nor xlwings' CleanUp macro can
    # show anything: osascript's own alert does, sending Excel no Apple event.
    record = tmp_path / "osascript-args.txt"
    _fake_osascript(tmp_path / "bin", record)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(sys, "platform", "darwin")
    _caller_raises(monkeypatch, AppleEventError(-1743))
    with pytest.raises(SystemExit) as exit_:
        xl_addin.main()
    assert exit_.value.code == 1
    said = capsys.readouterr().err
    assert said.startswith("macOS did not allow Python to control Microsoft Excel")
    assert "System Settings > Privacy & Security > Automation" in said
    args = record.read_text(encoding="utf-8")
    assert args.startswith("-e\ndisplay alert \"Early Help dashboard\" message \"macOS did "
                           "not allow Python to control Microsoft Excel")
    assert args.rstrip().endswith("as critical")


def test_on_windows_the_same_failure_goes_to_stderr_for_xlwings_error_box(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    record = tmp_path / "osascript-args.txt"
    _fake_osascript(tmp_path / "bin", record)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(sys, "platform", "win32")
    # pywintypes.com_error for "Call was rejected by callee" (Excel busy).
    _caller_raises(monkeypatch, OSError(-2147418111, "Call was rejected by callee."))
    with pytest.raises(SystemExit) as exit_:
        xl_addin.main()
    assert exit_.value.code == 1
    assert capsys.readouterr().err.startswith("xl_addin could not reach the workbook")
    assert not record.exists(), "osascript is for macOS only"
    assert "Call was rejected by callee" in log_path().read_text(encoding="utf-8")


def test_macos_without_osascript_still_exits_with_the_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no osascript anywhere
    monkeypatch.setattr(sys, "platform", "darwin")
    _caller_raises(monkeypatch, AppleEventError(-1743))
    with pytest.raises(SystemExit):
        calling_book()
    assert capsys.readouterr().err.startswith("macOS did not allow Python")


def test_alert_text_is_quoted_for_applescript() -> None:
    argv = osascript_alert('Cell "K7" says C:\\data')
    assert argv == ["osascript", "-e", 'display alert "Early Help dashboard" message '
                    '"Cell \\"K7\\" says C:\\\\data" as critical']
