"""Every file the adapter must refuse, each with a typed error naming the file and the fix."""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from xl_addin.adapters.package import (
    CorruptWorkbookError,
    EncryptedWorkbookError,
    NotAWorkbookError,
    UnsafePackageError,
    UnsupportedFormatError,
    WorkbookChangedError,
    WorkbookLockedError,
    WorkbookReadOnlyError,
    open_workbook,
)
from xl_addin.core.errors import WorkbookError
from xl_addin.core.plan import CellWrite, WritePlan

from .builders import dashboard, with_sheet_xml

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _refused(path: Path, error: type[WorkbookError], *, hint: str) -> WorkbookError:
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(error) as caught:
        open_workbook(path)
    assert str(path) in str(caught.value)
    assert hint.lower() in caught.value.hint.lower()
    if before is not None:
        assert path.read_bytes() == before
    return caught.value


def test_encrypted_workbook(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "pass_protected.xlsx"
    path.write_bytes((corpus / "calamine" / "pass_protected.xlsx").read_bytes())
    _refused(path, EncryptedWorkbookError, hint="remove the password")


def test_bad_crc(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "issue252.xlsx"
    path.write_bytes((corpus / "calamine" / "issue252.xlsx").read_bytes())
    error = _refused(path, CorruptWorkbookError, hint="backup")
    assert "CRC" in error.message


def test_strict_ooxml(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "strict.xlsx"
    path.write_bytes((corpus / "calamine" / "strict_iso_paths.xlsx").read_bytes())
    _refused(path, UnsupportedFormatError, hint="save as")


def test_legacy_xls_compound_file(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(CFB_MAGIC + b"\x00" * 4096)
    _refused(path, UnsupportedFormatError, hint="Excel Workbook (*.xlsx)")


def test_xlsb(tmp_path: Path) -> None:
    path = tmp_path / "binary.xlsb"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.bin", b"\x00")
    _refused(path, UnsupportedFormatError, hint="Excel Workbook (*.xlsx)")


@pytest.mark.parametrize("content", [b"Indicator,Mar\nReferrals,1\n", b""])
def test_not_a_zip(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "data.xlsx"
    path.write_bytes(content)
    _refused(path, NotAWorkbookError, hint=".xlsx")


def test_missing_file(tmp_path: Path) -> None:
    _refused(tmp_path / "nowhere.xlsx", NotAWorkbookError, hint="path")


def test_zip_without_workbook(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    _refused(path, NotAWorkbookError, hint=".xlsx")


def test_zip_bomb_by_ratio(tmp_path: Path) -> None:
    source = dashboard(tmp_path / "source.xlsx")
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, old.read(info))
        new.writestr("xl/media/padding.bin", b"\x00" * (64 << 20))  # 64 MiB -> ~64 KiB
    _refused(path, UnsafePackageError, hint="zip bomb")


def test_zip_bomb_by_declared_size(tmp_path: Path) -> None:
    """A central directory claiming more than 1 GiB is refused without inflating anything."""
    source = dashboard(tmp_path / "source.xlsx")
    data = bytearray(source.read_bytes())
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24 : cd + 28] = (0xF0000000).to_bytes(4, "little")  # uncompressed size
    path = tmp_path / "huge.xlsx"
    path.write_bytes(bytes(data))
    _refused(path, UnsafePackageError, hint="zip bomb")


@pytest.mark.parametrize(
    "prologue",
    [
        b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>',
        b'<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    ],
)
def test_xml_entities_are_refused(tmp_path: Path, prologue: bytes) -> None:
    source = dashboard(tmp_path / "source.xlsx")
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + prologue
        + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    path = with_sheet_xml(source, tmp_path / "xxe.xlsx", sheet)
    book = open_workbook(path)
    with pytest.raises(UnsafePackageError, match="DTD"):
        book.read_grid("Early Help")
    with pytest.raises(UnsafePackageError, match="DTD"):
        book.apply([WritePlan("Early Help", (CellWrite(0, 1, 1.0),))])


@pytest.fixture
def book_path(tmp_path: Path) -> Path:
    return dashboard(tmp_path / "Dashboard.xlsx")


def test_open_in_excel(book_path: Path) -> None:
    (book_path.parent / "~$Dashboard.xlsx").write_bytes(b"owner")
    _refused(book_path, WorkbookLockedError, hint="close it in excel")
    # reading is still allowed
    assert open_workbook(book_path, for_writing=False).sheet_names()[0] == "Early Help"


def test_opened_in_excel_after_reading(book_path: Path) -> None:
    book = open_workbook(book_path)
    book.apply([WritePlan("Early Help", (CellWrite(1, 3, 1.0),))])
    (book_path.parent / "~$Dashboard.xlsx").write_bytes(b"owner")
    before = book_path.read_bytes()
    with pytest.raises(WorkbookLockedError):
        book.save()
    assert book_path.read_bytes() == before


@pytest.fixture
def read_only(book_path: Path) -> Iterator[Path]:
    mode = book_path.stat().st_mode
    book_path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    yield book_path
    book_path.chmod(mode)


def test_read_only_file(read_only: Path) -> None:
    _refused(read_only, WorkbookReadOnlyError, hint="read-only")


def test_read_only_folder(book_path: Path) -> None:
    folder = book_path.parent
    mode = folder.stat().st_mode
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        _refused(book_path, WorkbookReadOnlyError, hint="folder")
    finally:
        folder.chmod(mode)


def test_file_changed_on_disk_since_reading(book_path: Path) -> None:
    book = open_workbook(book_path)
    book.apply([WritePlan("Early Help", (CellWrite(1, 3, 1.0),))])
    edited = openpyxl.load_workbook(book_path)  # the user saves a change meanwhile
    edited["Settings"]["B1"] = 0.1
    edited.save(book_path)
    newer = book_path.read_bytes()
    with pytest.raises(WorkbookChangedError):
        book.save()
    assert book_path.read_bytes() == newer
