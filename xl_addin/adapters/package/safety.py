"""Every reason to refuse a file, checked before we read it and again before we write.

Refusals happen before anything is written, so a refused workbook is left untouched.
"""

from __future__ import annotations

import itertools
import os
import stat
import zipfile
import zlib
from collections.abc import Callable, Collection
from pathlib import Path

from .errors import (
    CorruptWorkbookError,
    EncryptedWorkbookError,
    NotAWorkbookError,
    UnsafePackageError,
    UnsupportedFormatError,
    WorkbookLockedError,
    WorkbookReadOnlyError,
)
from .opc import OpcPackage
from .zip_io import normalise_name

MAX_TOTAL_UNCOMPRESSED = 1 << 30
"""1 GiB: far above any real dashboard, far below what would exhaust memory."""
MAX_COMPRESSION_RATIO = 200
"""Deflated XML rarely passes 100:1; zip bombs reach 1000:1."""
RATIO_CHECKED_ABOVE = 1 << 20
"""Small members may compress absurdly well (an empty sheet); only big ones are bombs."""
MAX_MEMBERS = 20_000

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_SAVE_AS_XLSX = "Open it in Excel and use File > Save As > Excel Workbook (*.xlsx)."


def check_file(path: Path, *, for_writing: bool) -> None:
    """Refuse, before reading it, a file we must not or cannot process."""
    shown = str(path)
    if not path.is_file():
        raise NotAWorkbookError(shown, "no such file.", hint="Check the path and file name.")
    suffix = path.suffix.lower()
    if suffix == ".xlsb":
        raise UnsupportedFormatError(
            shown,
            "is an Excel Binary Workbook (.xlsb), which cannot be edited safely.",
            hint=_SAVE_AS_XLSX,
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _CFB_MAGIC:
        _refuse_compound_file(path)
    if not head.startswith(_ZIP_MAGICS):
        raise NotAWorkbookError(
            shown,
            "is not an Excel workbook (not a zip package).",
            hint="Choose the .xlsx or .xlsm file of the dashboard.",
        )
    if for_writing:
        check_writable(path)


def _refuse_compound_file(path: Path) -> None:
    """A CFB (OLE) container is either an encrypted workbook or a legacy .xls."""
    if _ENCRYPTION_STREAM in path.read_bytes():
        raise EncryptedWorkbookError(
            str(path),
            "is password-protected (encrypted).",
            hint="Remove the password in Excel (File > Info > Protect Workbook > Encrypt "
            "with Password, clear it), save, and try again.",
        )
    raise UnsupportedFormatError(
        str(path), "is a legacy Excel 97-2003 workbook (.xls).", hint=_SAVE_AS_XLSX
    )


def owner_files(path: Path) -> list[Path]:
    """Where Excel puts its '~$' owner file while the workbook is open."""
    name = path.name
    candidates = [path.with_name("~$" + name)]
    if len(name) > 2:  # Office sometimes replaces the first two characters instead
        candidates.append(path.with_name("~$" + name[2:]))
    return candidates


def _writable(st_mode: int, path: Path) -> bool:
    # Root passes os.access on anything; a file whose write bits are all cleared was
    # made read-only on purpose, so honour that too.
    has_write_bit = bool(st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return has_write_bit and os.access(path, os.W_OK)


def check_writable(path: Path) -> None:
    """Refuse to write a workbook open in Excel, read-only, or in a read-only folder."""
    shown = str(path)
    if any(owner.exists() for owner in owner_files(path)):
        raise WorkbookLockedError(
            shown,
            "is open in Excel (its ~$ owner file exists).",
            hint="Close it in Excel first, then run the refresh again.",
        )
    if path.exists() and not _writable(path.stat().st_mode, path):
        raise WorkbookReadOnlyError(
            shown,
            "is read-only.",
            hint="Clear the read-only attribute, or write the result elsewhere (--out).",
        )
    folder = path.parent
    if not _writable(folder.stat().st_mode, folder):
        raise WorkbookReadOnlyError(
            shown,
            f"its folder {folder} is read-only, so it cannot be replaced safely.",
            hint="Copy the workbook to a folder you can write to, or write elsewhere (--out).",
        )


def check_package(
    package: OpcPackage, *, keep: Callable[[], Collection[str]] | None = None
) -> dict[str, bytes]:
    """Refuse zip bombs, overlapping or duplicate members and bad CRCs.

    `keep`, called once the members are known safe to decompress and before their CRCs
    are checked (by decompressing each), names parts to return decompressed rather than
    throw away (a big sheet read next: it is not decompressed twice).
    """
    shown = package.path
    members = package.members
    if len(members) > MAX_MEMBERS:
        raise UnsafePackageError(shown, f"holds {len(members)} parts.", hint="Not a workbook.")
    total = sum(m.file_size for m in members)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise UnsafePackageError(
            shown,
            f"would unpack to {total:,} bytes (limit {MAX_TOTAL_UNCOMPRESSED:,}).",
            hint="It looks like a zip bomb; it was not opened.",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_CHECKED_ABOVE and ratio > MAX_COMPRESSION_RATIO:
            raise UnsafePackageError(
                shown,
                f"part {member.name} is compressed {ratio:,.0f}:1.",
                hint="It looks like a zip bomb; it was not opened.",
            )
    if len(set(package.part_names())) != len(members):
        raise CorruptWorkbookError(
            shown, "holds two parts with the same name.", hint="Re-save it in Excel."
        )
    spans = sorted((m.local_offset, m.local_end) for m in members)
    if any(end > next_start for (_, end), (next_start, _) in itertools.pairwise(spans)):
        raise UnsafePackageError(
            shown, "has overlapping zip members.", hint="It looks like a zip bomb; not opened."
        )
    kept = set(keep()) if keep is not None else set()
    return _check_crcs(package, kept)


def _check_crcs(package: OpcPackage, keep: Collection[str]) -> dict[str, bytes]:
    kept: dict[str, bytes] = {}
    for member in package.members:
        part = normalise_name(member.name)
        try:
            if part in keep:
                kept[part] = package.read(part)  # zipfile checks the CRC of what it reads
                continue
            with package.open(member.name) as stream:
                while stream.read(1 << 20):
                    pass
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
            raise CorruptWorkbookError(
                package.path,
                f"part {member.name} is damaged ({exc}).",
                hint="Restore it from a backup, or open it in Excel and let it repair the file.",
            ) from exc
        except NotImplementedError as exc:  # deflate64, bzip2...: Excel never writes them
            raise UnsupportedFormatError(
                package.path,
                f"part {member.name} uses a compression Excel does not write.",
                hint="Re-save it in Excel.",
            ) from exc
    return kept
