"""Links, the workbook lock, the on-disk check right before the replace, leftovers, --out.

Real files, real links, and (for the lock) a real second process.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from xl_addin.adapters.package import (
    NotAWorkbookError,
    PackageWorkbook,
    WorkbookChangedError,
    WorkbookReadOnlyError,
    backup_path,
    open_workbook,
    workbook_lock,
)
from xl_addin.adapters.package.atomic_save import TEMP_MARK, remove_leftovers
from xl_addin.adapters.package.errors import OutputPathError, WorkbookBusyError
from xl_addin.adapters.package.workbook_lock import lock_path
from xl_addin.core.plan import CellWrite, WritePlan

from .builders import dashboard

PLAN = WritePlan("Early Help", (CellWrite(1, 3, 0.25, "0.0%", "good"),))


def refreshed(path: Path, out: Path | None = None) -> Path:
    book = open_workbook(path, for_writing=out is None)
    book.apply([PLAN])
    return book.save(out)


def d2(path: Path) -> object:
    return openpyxl.load_workbook(path)["Early Help"]["D2"].value


# -- links ----------------------------------------------------------------------------

def test_a_link_is_refreshed_through_and_stays_a_link(tmp_path: Path) -> None:
    real = dashboard(tmp_path / "real.xlsx")
    original = real.read_bytes()
    link = tmp_path / "link.xlsx"
    link.symlink_to("real.xlsx")
    assert refreshed(link) == link
    assert link.is_symlink() and link.readlink() == Path("real.xlsx")
    assert d2(real) == 0.25
    # the backup is the file as it was read, beside the file it backs up
    assert (tmp_path / "real.bak.xlsx").read_bytes() == original
    assert not (tmp_path / "link.bak.xlsx").exists()
    assert not [p for p in tmp_path.iterdir() if TEMP_MARK in p.name]


def test_a_link_to_another_folder_replaces_the_file_in_its_own_folder(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    mine = tmp_path / "mine"
    shared.mkdir()
    mine.mkdir()
    real = dashboard(shared / "Dashboard.xlsx")
    inode = real.stat().st_ino
    link = mine / "Dashboard.xlsx"
    link.symlink_to(real)
    refreshed(link)
    assert link.is_symlink() and link.resolve() == real
    assert d2(real) == 0.25
    assert real.stat().st_ino != inode  # replaced (atomically), not written into
    assert sorted(p.name for p in mine.iterdir()) == ["Dashboard.xlsx"]
    assert sorted(p.name for p in shared.iterdir()) == [
        ".Dashboard.xlsx.xl_addin-lock", "Dashboard.bak.xlsx", "Dashboard.xlsx"]


def test_a_link_into_a_read_only_folder_is_refused_naming_that_folder(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    real = dashboard(shared / "Dashboard.xlsx")
    link = tmp_path / "Dashboard.xlsx"
    link.symlink_to(real)
    before = real.read_bytes()
    shared.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(WorkbookReadOnlyError, match="shared is read-only"):
            open_workbook(link)
    finally:
        shared.chmod(0o755)
    assert link.is_symlink() and real.read_bytes() == before


def test_a_dangling_link_and_a_link_loop_are_refused_with_a_reason(tmp_path: Path) -> None:
    dangling = tmp_path / "gone.xlsx"
    dangling.symlink_to(tmp_path / "moved.xlsx")
    with pytest.raises(NotAWorkbookError, match=r"is a link to .*moved.xlsx, which does not"):
        open_workbook(dangling)
    loop = tmp_path / "loop.xlsx"
    loop.symlink_to(loop)
    with pytest.raises(NotAWorkbookError, match="link"):
        open_workbook(loop)


def test_a_hard_linked_workbook_is_not_replaced_under_its_other_name(tmp_path: Path) -> None:
    real = dashboard(tmp_path / "Dashboard.xlsx")
    os.link(real, tmp_path / "Copy for the board.xlsx")
    with pytest.raises(WorkbookReadOnlyError, match="2 names"):
        open_workbook(real)
    refreshed(real, tmp_path / "out.xlsx")  # reading it and writing elsewhere is fine
    assert d2(tmp_path / "out.xlsx") == 0.25


def test_out_naming_the_same_file_another_way_is_an_in_place_save(tmp_path: Path) -> None:
    """On macOS and Windows `dashboard.xlsx` IS `Dashboard.xlsx` (case-insensitive file
    systems); this file system is case-sensitive, so a second name of the same file (a
    link, spelt differently) stands in for it: same device and file number."""
    real = dashboard(tmp_path / "Dashboard.xlsx")
    original = real.read_bytes()
    alias = tmp_path / "dashboard.xlsx"
    alias.symlink_to(real.name)
    book = open_workbook(real)
    book.apply([PLAN])
    book.save(alias)
    assert backup_path(real).read_bytes() == original  # in place: the backup is made
    assert alias.is_symlink() and d2(real) == 0.25
    # ... and the on-disk check applies, as to any in-place save
    book = open_workbook(real)
    book.apply([WritePlan("Early Help", (CellWrite(1, 3, 0.5),))])
    edited = openpyxl.load_workbook(real)
    edited["Settings"]["B1"] = 0.1
    edited.save(real)
    with pytest.raises(WorkbookChangedError):
        book.save(alias)


# -- the on-disk check, right before the replace ------------------------------------------

def test_a_change_on_disk_during_the_save_is_caught_right_before_the_replace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = dashboard(tmp_path / "Dashboard.xlsx")
    book = open_workbook(path)
    book.apply([PLAN])
    serialise = PackageWorkbook.to_bytes

    def saved_from_excel_meanwhile(self: PackageWorkbook) -> bytes:
        content = serialise(self)  # the first check has passed by now
        edited = openpyxl.load_workbook(path)
        edited["Settings"]["B1"] = "typed in Excel"
        edited.save(path)
        return content

    monkeypatch.setattr(PackageWorkbook, "to_bytes", saved_from_excel_meanwhile)
    with pytest.raises(WorkbookChangedError, match="changed on disk"):
        book.save()
    assert openpyxl.load_workbook(path)["Settings"]["B1"].value == "typed in Excel"
    assert not backup_path(path).exists()  # refused before the backup was put in place
    assert not [p for p in tmp_path.iterdir() if TEMP_MARK in p.name]


def test_a_file_saved_again_unchanged_is_not_a_change(tmp_path: Path) -> None:
    path = dashboard(tmp_path / "Dashboard.xlsx")
    original = path.read_bytes()
    book = open_workbook(path)
    book.apply([PLAN])
    copy = tmp_path / "copy"
    copy.write_bytes(original)
    copy.replace(path)  # a new file (new number, new time) with the same bytes
    book.save()
    assert d2(path) == 0.25 and backup_path(path).read_bytes() == original


# -- the lock ---------------------------------------------------------------------------

_HOLDER = """
import sys, time
from xl_addin.adapters.package import open_workbook
book = open_workbook(sys.argv[1])   # takes the workbook's lock, as a refresh does
print("holding", flush=True)
sys.stdin.readline()                # until the test says so
"""


def test_a_second_run_waits_then_refuses_while_another_holds_the_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = dashboard(tmp_path / "Dashboard.xlsx")
    before = path.read_bytes()
    monkeypatch.setattr(workbook_lock, "LOCK_WAIT_SECONDS", 0.2)
    with subprocess.Popen([sys.executable, "-c", _HOLDER, str(path)], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True) as holder:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(WorkbookBusyError) as caught:
            open_workbook(path)
        assert "another xl-addin run" in str(caught.value)
        assert "nothing was changed" in caught.value.hint
        open_workbook(path, for_writing=False).read_grid("Early Help")  # reading is free
        holder.stdin.write("done\n")
        holder.stdin.flush()
    assert path.read_bytes() == before
    refreshed(path)  # the holder has ended: the lock went with it
    assert d2(path) == 0.25


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    path = dashboard(tmp_path / "Dashboard.xlsx")
    with subprocess.Popen([sys.executable, "-c", _HOLDER, str(path)], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True) as holder:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "holding"
        holder.kill()
    assert lock_path(path).exists()  # the file stays; the OS lock on it went with the process
    refreshed(path)
    assert d2(path) == 0.25


def test_the_lock_is_released_after_the_save_and_on_close(tmp_path: Path) -> None:
    path = dashboard(tmp_path / "Dashboard.xlsx")
    book = open_workbook(path)
    book.apply([PLAN])
    book.save()
    code = ("import sys; from xl_addin.adapters.package import workbook_lock as w; "
            "from pathlib import Path; p = Path(sys.argv[1]); w.LOCK_WAIT_SECONDS = 0.1; "
            "w.WorkbookLock(p, str(p)).acquire(); print('free')")
    assert _run(code, path) == "free"
    with open_workbook(path):
        assert "another xl-addin run" in _run(code, path, check=False)
    assert _run(code, path) == "free"


def _run(code: str, path: Path, *, check: bool = True) -> str:
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, check=check)
    return (done.stdout + done.stderr).strip()


# -- leftovers --------------------------------------------------------------------------

def test_leftovers_are_removed_whatever_process_id_they_carry(tmp_path: Path) -> None:
    """With the lock held, any temporary file of this target is a dead run's: no process
    is asked whether it lives (on Windows that question, os.kill(pid, 0), kills it)."""
    path = dashboard(tmp_path / "Dashboard.xlsx")
    alive = path.with_name(f".{path.name}{TEMP_MARK}{os.getppid()}-0badf00d")
    alive.write_bytes(b"half a workbook")
    assert remove_leftovers(path) == [alive]


def test_a_leftover_another_program_holds_open_does_not_block_the_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to delete a file another program has open (ERROR_SHARING_VIOLATION,
    32); a leftover temp file held by a scanner must not stop later saves."""
    path = dashboard(tmp_path / "Dashboard.xlsx")
    held = path.with_name(f".{path.name}{TEMP_MARK}123-held")
    held.write_bytes(b"half a workbook")
    unlink = Path.unlink

    def refuse_the_held_one(self: Path, missing_ok: bool = False) -> None:
        if self == held:
            error = PermissionError(13, "The process cannot access the file", str(self))
            error.winerror = 32  # type: ignore[attr-defined]
            raise error
        unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse_the_held_one)
    refreshed(path)
    monkeypatch.undo()
    assert d2(path) == 0.25
    assert [p for p in tmp_path.iterdir() if TEMP_MARK in p.name] == [held]
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None


# -- --out ------------------------------------------------------------------------------

@pytest.mark.parametrize(("out", "says"), [
    ("missing/new.xlsx", "missing does not exist"),
    ("folder", "is a folder"),
    ("a file/new.xlsx", "is a file, not a folder"),
    ("new.xlsm", "ends in .xlsm"),
])
def test_an_out_that_cannot_take_the_workbook_is_refused_before_writing(
    tmp_path: Path, out: str, says: str
) -> None:
    path = dashboard(tmp_path / "Dashboard.xlsx")
    (tmp_path / "folder").mkdir()
    (tmp_path / "a file").write_text("x")
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(OutputPathError, match=says):
        refreshed(path, tmp_path / out)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_out_from_a_read_only_workbook_is_allowed(tmp_path: Path) -> None:
    path = dashboard(tmp_path / "Dashboard.xlsx")
    path.chmod(stat.S_IRUSR)
    refreshed(path, tmp_path / "new.xlsx")
    assert d2(tmp_path / "new.xlsx") == 0.25
    assert d2(path) is None


def test_a_file_replaced_between_the_read_and_the_lock_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another run that finished while this one waited for the lock: this run works on
    the file that run wrote, not on the bytes it read before waiting."""
    path = dashboard(tmp_path / "Dashboard.xlsx")
    acquire = workbook_lock.WorkbookLock.acquire

    def another_run_finishes_first(self: workbook_lock.WorkbookLock) -> None:
        other = openpyxl.load_workbook(path)
        other["Settings"]["B1"] = "written by the other run"
        other.save(tmp_path / "other.xlsx")
        (tmp_path / "other.xlsx").replace(path)
        acquire(self)

    monkeypatch.setattr(workbook_lock.WorkbookLock, "acquire", another_run_finishes_first)
    book = open_workbook(path)
    monkeypatch.undo()
    assert book.read_grid("Settings").value(0, 1) == "written by the other run"
    book.apply([PLAN])
    book.save()  # no "changed on disk": the bytes held are the file's
    assert openpyxl.load_workbook(path)["Settings"]["B1"].value == "written by the other run"
    assert d2(path) == 0.25


def test_out_in_another_case_on_a_case_insensitive_file_system_is_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """macOS (APFS, HFS+) and Windows (NTFS) fold case: `dashboard.xlsx` names the file
    `Dashboard.xlsx`, one file (one device and file number). This file system does not
    fold case, so its stat does here, for this folder, as theirs does."""
    real = dashboard(tmp_path / "Dashboard.xlsx")
    original = real.read_bytes()
    stat_of = os.stat

    def folded(path: object, *args: object, **kwargs: object) -> os.stat_result:
        name = Path(os.fsdecode(path))  # type: ignore[arg-type]
        if name.parent == tmp_path and name.name.lower() == real.name.lower():
            name = real
        return stat_of(name, *args, **kwargs)  # type: ignore[arg-type]

    book = open_workbook(real)
    book.apply([PLAN])
    monkeypatch.setattr(os, "stat", folded)
    book.save(tmp_path / "dashboard.xlsx")
    monkeypatch.undo()
    assert backup_path(real).read_bytes() == original  # in place: backed up and checked
    assert d2(real) == 0.25
    assert not (tmp_path / "dashboard.xlsx").exists()  # no second file beside it
