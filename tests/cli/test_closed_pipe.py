"""`xl-addin refresh | head -1`: once the reader of the output has gone, the command goes
quiet and ends as the work ended (0 with the workbook written), never with a traceback.

Real processes: the pipe's read end is closed before the command writes anything, so its
first write fails, every time (no race with how fast `head` exits).
"""

from __future__ import annotations

import errno
import io
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from xl_addin import cli
from xl_addin.templates import SAMPLE_NAME, template_path

RUN = "from xl_addin.cli import app; app()"
EH1B_CHANGE = "AE6"  # 'Early Help'!AE6: EH1b's change from the previous period


def run(args: list[str], cwd: Path, *, close: tuple[str, ...]) -> tuple[int, str]:
    """Run xl-addin with the read end of the named pipes closed at once; exit code and
    whatever reached an open stderr."""
    with subprocess.Popen([sys.executable, "-c", RUN, *args], cwd=cwd,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        if "stdout" in close:
            process.stdout.close()
        if "stderr" in close:
            process.stderr.close()
        said = "" if "stderr" in close else process.stderr.read().decode()
        if "stdout" not in close:
            process.stdout.read()
        return process.wait(timeout=120), said


def eh1b_change(book: Path) -> object:
    return load_workbook(book)["Early Help"][EH1B_CHANGE].value


@pytest.mark.parametrize("close", [("stdout",), ("stderr",), ("stdout", "stderr")])
def test_refresh_into_a_closed_pipe_saves_and_exits_0_quietly(tmp_path: Path,
                                                              close: tuple[str, ...]) -> None:
    code, said = run(["refresh"], tmp_path, close=close)  # the sample's copy: a note on stderr
    assert code == 0, said
    assert "Traceback" not in said and "Broken pipe" not in said
    # (280 - 339) / 339: Aug-20 against Jul-20, written although nobody read the summary
    assert eh1b_change(tmp_path / SAMPLE_NAME) == pytest.approx(280 / 339 - 1)


def test_json_and_check_into_a_closed_pipe_exit_as_their_work_did(tmp_path: Path) -> None:
    book = tmp_path / "dash.xlsx"
    book.write_bytes(template_path(SAMPLE_NAME).read_bytes())
    assert run(["refresh", str(book), "--json"], tmp_path, close=("stdout",)) == (0, "")
    assert eh1b_change(book) == pytest.approx(280 / 339 - 1)
    assert run(["check", str(book)], tmp_path, close=("stdout",)) == (0, "")


def test_a_refusal_into_a_closed_stdout_still_says_why_on_stderr(tmp_path: Path) -> None:
    code, said = run(["refresh", "missing.xlsx"], tmp_path, close=("stdout",))
    assert code == 1 and said.startswith("error: missing.xlsx: no such file.")


class _ClosedPipe(io.StringIO):
    """A stream whose reader has gone, as Windows reports it: EINVAL on every flush."""

    def flush(self) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")


def test_windows_einval_from_a_closed_pipe_is_a_closed_pipe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    closed, open_ = _ClosedPipe(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", closed)
    monkeypatch.setattr(sys, "stderr", open_)
    einval = OSError(errno.EINVAL, "Invalid argument")
    monkeypatch.setattr(sys, "platform", "win32")
    assert cli._closed_streams(einval) == [closed]
    assert cli._closed_streams(BrokenPipeError(errno.EPIPE, "Broken pipe")) == [closed]
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert cli._closed_streams(einval) == []  # EINVAL of something else: not ours to hide
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(sys, "stdout", closed)
    assert cli._closed_streams(einval) == []  # EINVAL elsewhere is never a closed pipe
