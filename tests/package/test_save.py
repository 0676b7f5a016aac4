"""Saving: backup, atomic replace, interrupted saves, macro workbooks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from xl_addin.adapters.package import backup_path, open_workbook
from xl_addin.adapters.package.atomic_save import TEMP_MARK, remove_leftovers
from xl_addin.core.plan import CellWrite, WritePlan

from .builders import big_sheet_xml, dashboard, with_sheet_xml

PLAN = WritePlan("Early Help", (CellWrite(1, 3, 0.25, "0.0%", "good"),))


@pytest.fixture
def book_path(tmp_path: Path) -> Path:
    return dashboard(tmp_path / "Dashboard.xlsx")


def test_in_place_save_keeps_a_backup_of_the_original(book_path: Path) -> None:
    original = book_path.read_bytes()
    book = open_workbook(book_path)
    book.apply([PLAN])
    assert book.save() == book_path
    backup = book_path.with_name("Dashboard.bak.xlsx")
    assert backup_path(book_path) == backup
    assert backup.read_bytes() == original
    assert book_path.read_bytes() != original
    assert sorted(p.name for p in book_path.parent.iterdir()) == [
        ".Dashboard.xlsx.xl_addin-lock",  # the lock of workbook_lock.py, left for waiters
        "Dashboard.bak.xlsx",
        "Dashboard.xlsx",
    ]


def test_backup_can_be_turned_off_and_mode_is_kept(book_path: Path) -> None:
    book_path.chmod(0o640)
    book = open_workbook(book_path)
    book.apply([PLAN])
    book.save(backup=False)
    assert sorted(p.name for p in book_path.parent.iterdir()) == [
        ".Dashboard.xlsx.xl_addin-lock", "Dashboard.xlsx"]
    assert book_path.stat().st_mode & 0o777 == 0o640


def test_save_elsewhere_leaves_the_original_alone(book_path: Path, tmp_path: Path) -> None:
    original = book_path.read_bytes()
    book = open_workbook(book_path)
    book.apply([PLAN])
    out = tmp_path / "out" / "refreshed.xlsx"
    out.parent.mkdir()
    book.save(out)
    assert book_path.read_bytes() == original
    assert open_workbook(out).read_grid("Early Help").value(1, 3) == 0.25
    assert not backup_path(book_path).exists()


def test_nothing_to_write_writes_nothing(book_path: Path) -> None:
    stamp = book_path.stat().st_mtime_ns
    open_workbook(book_path).save()
    assert book_path.stat().st_mtime_ns == stamp
    assert not backup_path(book_path).exists()


def test_leftover_of_a_dead_save_is_removed(book_path: Path) -> None:
    dead = book_path.with_name(f".{book_path.name}{TEMP_MARK}999999999-0badf00d")
    dead.write_bytes(b"half a workbook")
    unrelated = book_path.with_name(".other.xlsx" + TEMP_MARK + "999999999-1")
    unrelated.write_bytes(b"x")
    assert remove_leftovers(book_path) == [dead]
    assert unrelated.exists()


_CHILD = """
import os, sys, time
from pathlib import Path
from xl_addin.adapters.package import open_workbook
from xl_addin.adapters.package.atomic_save import TEMP_MARK
from xl_addin.core.plan import CellWrite, WritePlan

target, point = Path(sys.argv[1]).resolve(), sys.argv[2]
original = target.read_bytes()
real_fsync, real_replace = os.fsync, os.replace


def stop_here(moment):
    print(moment, flush=True)  # the test kills this process while it sleeps here
    time.sleep(120)


def fsync(fd):
    # The new workbook, complete in its temporary file, about to be made durable and
    # then put in place: the middle of the save.
    name = os.readlink(f"/proc/self/fd/{fd}")
    if point == "mid-save" and TEMP_MARK in name and Path(name).read_bytes() != original:
        stop_here("mid-save")
    return real_fsync(fd)


def replace(src, dst, *args, **kwargs):
    real_replace(src, dst, *args, **kwargs)
    if point == "replaced" and Path(dst).resolve() == target:
        stop_here("replaced")


os.fsync, os.replace = fsync, replace
book = open_workbook(target)
book.apply([WritePlan("Early Help", tuple(
    CellWrite(r, 130, r / 7, "0.0%", "good" if r % 2 else "bad") for r in range(1, 3000)))])
book.save()
print("saved", flush=True)
"""


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc (Linux)")
@pytest.mark.parametrize("point", ["mid-save", "replaced"])
def test_killed_mid_save_leaves_the_original_intact(tmp_path: Path, point: str) -> None:
    """SIGKILL at a known moment of a save: the file is the old one or the new one, whole.

    The child stops itself at the moment named (the new workbook complete in its
    temporary file but not yet in place; or just after the replace) and says so; the
    kill lands there, so each run proves what that moment leaves. A next save cleans up.
    """
    source = dashboard(tmp_path / "source.xlsx")
    path = with_sheet_xml(source, tmp_path / "Big.xlsx", big_sheet_xml(3000, 130))
    original = path.read_bytes()
    with subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path), point], stdout=subprocess.PIPE, text=True
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == point, "the save never reached that moment"
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    leftovers = [p for p in tmp_path.iterdir() if TEMP_MARK in p.name]
    if point == "mid-save":
        assert path.read_bytes() == original
        assert len(leftovers) == 1, "the kill landed before the temporary file was written"
    else:
        assert path.read_bytes() != original and not leftovers
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
        assert open_workbook(path).read_grid("Early Help").value(1, 130) == pytest.approx(1 / 7)
    if point == "replaced":  # put in place right before the workbook (atomic_save.py)
        assert backup_path(path).read_bytes() == original
    else:  # staged after the new file, so not in place yet: the old backup, if any, stays
        assert not backup_path(path).exists()
    book = open_workbook(path)  # the next run works and leaves no temporary file behind
    book.apply([WritePlan("Early Help", (CellWrite(0, 131, "next run"),))])
    book.save(backup=False)
    assert not [p for p in tmp_path.iterdir() if TEMP_MARK in p.name]


def _with_ribbon(source: Path, target: Path) -> Path:
    """An .xlsm with a customUI14 ribbon part, related from the package."""
    ribbon = (
        b'<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui">'
        b'<ribbon><tabs><tab id="t" label="Refresh"/></tabs></ribbon></customUI>'
    )
    rel = (
        b'<Relationship Id="rIdUI" Type="http://schemas.microsoft.com/office/2007/relationships/'
        b'ui/extensibility" Target="customUI/customUI14.xml"/></Relationships>'
    )
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "_rels/.rels":
                data = data.replace(b"</Relationships>", rel)
            new.writestr(info, data)
        new.writestr("customUI/customUI14.xml", ribbon)
    return target


def test_xlsm_keeps_vba_and_ribbon_byte_identical(corpus: Path, tmp_path: Path) -> None:
    path = _with_ribbon(corpus / "XlsxWriter" / "macro04.xlsm", tmp_path / "Dashboard.xlsm")
    book = open_workbook(path)
    sheet = book.sheet_names()[0]
    book.apply([WritePlan(sheet, (CellWrite(20, 1, "refreshed", None, "good"),))])
    book.save()
    assert backup_path(path).name == "Dashboard.bak.xlsm"
    kept = (
        "xl/vbaProject.bin",
        "xl/vbaProjectSignature.bin",
        "xl/_rels/vbaProject.bin.rels",
        "customUI/customUI14.xml",
        "_rels/.rels",
        "[Content_Types].xml",
    )
    with zipfile.ZipFile(backup_path(path)) as old, zipfile.ZipFile(path) as new:
        assert old.namelist() == new.namelist()
        for name in kept:
            assert old.getinfo(name).CRC == new.getinfo(name).CRC
            assert old.read(name) == new.read(name)
    with path.open("rb") as handle, backup_path(path).open("rb") as before:
        # the raw compressed bytes of the VBA project are copied, not recompressed
        vba_old = _raw_member(before.read(), "xl/vbaProject.bin")
        vba_new = _raw_member(handle.read(), "xl/vbaProject.bin")
    assert vba_old == vba_new


def _raw_member(data: bytes, name: str) -> bytes:
    from xl_addin.adapters.package.zip_io import read_directory

    members, _ = read_directory(data)
    member = next(m for m in members if m.name == name)
    return data[member.local_offset : member.local_end]
