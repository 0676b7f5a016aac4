"""Windows and macOS branches of the file adapter, run here with the platform switched.

No Windows or macOS machine runs these tests, so each branch runs on Linux with
`sys.platform` set to what those systems report, and the one system call that does not
exist here (ReplaceFileW, macOS copyfile) replaced by a stand-in that behaves as its
documentation says:

* ReplaceFileW: learn.microsoft.com/windows/win32/api/winbase/nf-winbase-replacefilew
  (nonzero on success; on failure GetLastError gives the code; ERROR_UNABLE_TO_MOVE_-
  REPLACEMENT 1176 without a backup name means "the replaced file no longer exists and
  the replacement file exists under its original name"; it keeps the replaced file's
  attributes, ACLs and streams).
* System error codes: ERROR_ACCESS_DENIED 5, ERROR_SHARING_VIOLATION 32
  (learn.microsoft.com/windows/win32/debug/system-error-codes--0-499-).
* FILE_ATTRIBUTE_READONLY "is not honored on directories"
  (learn.microsoft.com/windows/win32/fileio/file-attribute-constants).
* macOS copyfile(3): COPYFILE_ACL 1<<0, COPYFILE_XATTR 1<<2.
"""

from __future__ import annotations

import ast
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

import xl_addin
from xl_addin.adapters.package import (
    WorkbookLockedError,
    WorkbookReadOnlyError,
    backup_path,
    open_workbook,
)
from xl_addin.adapters.package import platform_files as pf
from xl_addin.core.plan import CellWrite, WritePlan

from .builders import dashboard

PLAN = WritePlan("Early Help", (CellWrite(1, 3, 0.25, "0.0%", "good"),))


def d2(path: Path) -> object:
    return openpyxl.load_workbook(path)["Early Help"]["D2"].value


class FakeReplaceFileW:
    """ReplaceFileW as documented, failing with the given codes first (one per call)."""

    def __init__(self, fail_with: list[int], *, on: Callable[[str], bool] = lambda _: True,
                 ) -> None:
        self.fail_with = list(fail_with)
        self.on = on
        self.calls: list[tuple[object, ...]] = []
        self.last_error = 0

    def __call__(self, replaced: str, replacement: str, backup: str | None, flags: int,  # noqa: PLR0917 (the API's own six)
                 exclude: object, reserved: object) -> int:
        self.calls.append((replaced, replacement, backup, flags, exclude, reserved))
        if self.fail_with and self.on(replaced):
            self.last_error = self.fail_with.pop(0)
            if self.last_error == pf.ERROR_UNABLE_TO_MOVE_REPLACEMENT:
                Path(replaced).unlink()  # documented state: replaced gone, replacement kept
            return 0
        Path(replacement).replace(replaced)
        return 1


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> FakeReplaceFileW:
    fake = FakeReplaceFileW([])
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(pf, "_replace_file_w", lambda: fake)
    monkeypatch.setattr(pf, "_last_error", lambda: fake.last_error)
    monkeypatch.setattr(pf, "_sleep", lambda seconds: None)  # the retries, without waiting
    return fake


def save(path: Path, out: Path | None = None) -> None:
    book = open_workbook(path, for_writing=out is None)
    book.apply([PLAN])
    book.save(out)


def test_windows_replaces_an_existing_workbook_with_replacefilew(
    tmp_path: Path, windows: FakeReplaceFileW
) -> None:
    path = dashboard(tmp_path / "Dashboard.xlsx")
    save(path)
    replaced = [call for call in windows.calls if call[0] == str(path)]
    assert len(replaced) == 1
    _, staged, backup, flags, *_ = replaced[0]
    assert backup is None and flags == pf.REPLACEFILE_IGNORE_MERGE_ERRORS
    assert Path(str(staged)).parent == tmp_path  # staged beside it: one volume, as required
    assert d2(path) == 0.25


def test_windows_out_to_a_new_file_is_a_plain_move(tmp_path: Path,
                                                   windows: FakeReplaceFileW) -> None:
    path = dashboard(tmp_path / "Dashboard.xlsx")
    save(path, tmp_path / "new.xlsx")
    assert windows.calls == []  # ReplaceFileW needs an existing file to replace
    assert d2(tmp_path / "new.xlsx") == 0.25


@pytest.mark.parametrize("code", [pf.ERROR_SHARING_VIOLATION, pf.ERROR_ACCESS_DENIED])
def test_windows_a_briefly_held_workbook_is_retried(
    tmp_path: Path, windows: FakeReplaceFileW, code: int
) -> None:
    """A scanner or OneDrive holding the file for a moment: two failures, then it works."""
    path = dashboard(tmp_path / "Dashboard.xlsx")
    windows.fail_with = [code, code]
    windows.on = lambda replaced: replaced == str(path)
    save(path)
    assert d2(path) == 0.25
    assert len([c for c in windows.calls if c[0] == str(path)]) == 3


def test_windows_a_backup_held_open_is_named_and_the_workbook_left_alone(
    tmp_path: Path, windows: FakeReplaceFileW
) -> None:
    """The .bak open in Excel to compare: every attempt fails; the message names the .bak,
    not the workbook, and the workbook is untouched."""
    path = dashboard(tmp_path / "Dashboard.xlsx")
    backup = backup_path(path)
    backup.write_bytes(b"last month's backup")
    before = path.read_bytes()
    windows.fail_with = [pf.ERROR_SHARING_VIOLATION] * 20
    windows.on = lambda replaced: replaced == str(backup)
    with pytest.raises(WorkbookLockedError) as caught:
        save(path)
    assert str(caught.value).startswith(f"{backup}: is held open by another program")
    assert f"{path} was not changed" in caught.value.hint
    assert len(windows.calls) == len(pf.RETRY_DELAYS) + 1
    assert path.read_bytes() == before
    assert backup.read_bytes() == b"last month's backup"
    assert not [p for p in tmp_path.iterdir() if ".xl_addin-tmp-" in p.name]


def test_windows_unable_to_move_replacement_is_completed_by_a_move(
    tmp_path: Path, windows: FakeReplaceFileW
) -> None:
    path = dashboard(tmp_path / "Dashboard.xlsx")
    windows.fail_with = [pf.ERROR_UNABLE_TO_MOVE_REPLACEMENT]
    windows.on = lambda replaced: replaced == str(path)
    save(path)
    assert d2(path) == 0.25


def test_windows_an_unsupported_replacefilew_falls_back_to_a_move(
    tmp_path: Path, windows: FakeReplaceFileW
) -> None:
    path = dashboard(tmp_path / "Dashboard.xlsx")
    windows.fail_with = [87]  # ERROR_INVALID_PARAMETER: both files keep their names
    windows.on = lambda replaced: replaced == str(path)
    save(path)
    assert d2(path) == 0.25


def test_windows_a_read_only_attribute_on_the_folder_does_not_refuse(
    tmp_path: Path, windows: FakeReplaceFileW
) -> None:
    """Documents, Desktop and the OneDrive root carry the attribute, which os.stat shows as
    a folder without write bits; Windows ignores it on folders, and so do we: we try."""
    folder = tmp_path / "Documents"
    folder.mkdir()
    path = dashboard(folder / "Dashboard.xlsx")
    folder.chmod(0o555)  # what os.stat reports there; as root here, the folder stays writable
    try:
        save(path)
        assert d2(path) == 0.25
    finally:
        folder.chmod(0o755)


def test_windows_a_folder_that_refuses_new_files_is_refused(
    tmp_path: Path, windows: FakeReplaceFileW, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = dashboard(tmp_path / "Dashboard.xlsx")
    monkeypatch.setattr(pf, "folder_accepts_files", lambda folder: False)
    with pytest.raises(Exception, match="is read-only"):
        save(path)


def test_linux_keeps_mode_owner_group_and_extended_attributes(tmp_path: Path) -> None:
    path = dashboard(tmp_path / "Dashboard.xlsx")
    path.chmod(0o640)
    try:
        os.setxattr(path, "user.xl_addin.test", b"tagged")
    except OSError:
        pytest.skip("this file system keeps no user extended attributes")
    can_chown = getattr(os, "geteuid", lambda: -1)() == 0  # only root may give a file away
    if can_chown:
        os.chown(path, 4321, 1234)
    save(path)
    info = path.stat()
    assert stat.S_IMODE(info.st_mode) == 0o640
    assert os.getxattr(path, "user.xl_addin.test") == b"tagged"
    if can_chown:
        assert (info.st_uid, info.st_gid) == (4321, 1234)
    assert d2(path) == 0.25


def test_macos_copies_extended_attributes_and_acl_with_copyfile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(pf, "_copyfile", lambda: lambda *args: calls.append(args) or 0)
    path = dashboard(tmp_path / "Dashboard.xlsx")
    path.chmod(0o600)
    save(path)
    assert len(calls) == 2  # the new workbook and the backup, each from the original
    for source, staged, state, flags in calls:
        assert source == os.fsencode(path) and state is None
        assert Path(os.fsdecode(staged)).name.startswith(".Dashboard.xlsx.xl_addin-tmp-")
        assert flags == pf.COPYFILE_XATTR | pf.COPYFILE_ACL == 0b101
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_sharing_violation_on_reading_says_another_program_has_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = dashboard(tmp_path / "Dashboard.xlsx")
    opener = Path.open

    def held(self: Path, mode: str = "r", *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self == path and mode in ("rb", "r+b"):
            raise pf.windows_error(pf.ERROR_SHARING_VIOLATION, str(self))
        return opener(self, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", held)
    with pytest.raises(WorkbookLockedError, match="open in another program"):
        open_workbook(path)


# -- calls that differ dangerously on Windows -----------------------------------------

DANGEROUS = {
    ("os", "kill"): "on Windows os.kill(pid, 0) terminates the process",
    ("os", "getuid"): "missing on Windows",
    ("os", "geteuid"): "missing on Windows",
    ("os", "getgid"): "missing on Windows",
    ("os", "getegid"): "missing on Windows",
    ("os", "fork"): "missing on Windows",
    ("signal", "SIGKILL"): "missing on Windows",
}
DANGEROUS_MODULES = {"fcntl", "pwd", "grp", "termios", "resource"}


def test_the_package_calls_nothing_that_differs_dangerously_on_windows() -> None:
    found: list[str] = []
    for source in sorted(Path(xl_addin.__file__).parent.rglob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                why = DANGEROUS.get((node.value.id, node.attr))
                if why:
                    found.append(f"{source.name}:{node.lineno} {node.value.id}.{node.attr}: {why}")
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{source.name}:{node.lineno} import {name}" for name in names
                      if name.split(".")[0] in DANGEROUS_MODULES]
    assert found == []


def test_the_dangerous_call_scan_finds_one(tmp_path: Path) -> None:
    """The scan above can fail: the same walk finds os.kill and fcntl in a sample."""
    sample = "import os\nimport fcntl\nos.kill(1, 0)\n"
    tree = ast.parse(sample)
    attrs = [(n.value.id, n.attr) for n in ast.walk(tree)
             if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)]
    imports = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert ("os", "kill") in attrs and DANGEROUS[("os", "kill")]
    assert "fcntl" in imports and "fcntl" in DANGEROUS_MODULES


def test_a_refused_rename_names_the_cause_for_the_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """POSIX: rename(2) refused is the folder's permissions; the workbook is untouched."""
    path = dashboard(tmp_path / "Dashboard.xlsx")
    before = path.read_bytes()
    rename = os.replace

    def refuse_onto_the_workbook(source: object, target: object) -> None:
        if Path(str(target)) == path:
            raise PermissionError(13, "Permission denied", str(source), None, str(target))
        rename(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", refuse_onto_the_workbook)
    with pytest.raises(WorkbookReadOnlyError, match=r"permission denied") as caught:
        save(path)
    assert str(caught.value).startswith(f"{path}: cannot be replaced")  # not the temp file
    assert "write elsewhere with --out" in caught.value.hint
    assert path.read_bytes() == before
