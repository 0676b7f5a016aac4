"""Every reason to refuse a file, checked before we read it and again before we write.

Refusals happen before anything is written, so a refused workbook is left untouched.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import stat
import zipfile
import zlib
from collections.abc import Collection
from pathlib import Path

from xl_addin.core.errors import WorkbookError

from . import platform_files
from .errors import (
    CorruptWorkbookError,
    EncryptedWorkbookError,
    NotAWorkbookError,
    OutputPathError,
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
    _check_link(path)
    if path.is_dir():
        raise NotAWorkbookError(shown, "is a folder, not a workbook.",
                                hint="Give the path of the .xlsx or .xlsm file.")
    if not path.is_file():
        raise NotAWorkbookError(shown, "no such file.", hint="Check the path and file name.")
    suffix = path.suffix.lower()
    if suffix == ".xlsb":
        raise UnsupportedFormatError(
            shown,
            "is an Excel Binary Workbook (.xlsb), which cannot be edited safely.",
            hint=_SAVE_AS_XLSX,
        )
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except PermissionError as error:
        raise cannot_read(path, error) from None
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


def cannot_read(path: Path, error: PermissionError) -> WorkbookError:
    """Why a workbook cannot be opened for reading: another program (Windows) or rights."""
    if platform_files.held_by_another_program(error):
        return WorkbookLockedError(
            str(path), "is open in another program, which does not let it be read.",
            hint="Close it in Excel (or whatever has it open) and try again.")
    return WorkbookReadOnlyError(
        str(path), "cannot be read (permission denied).",
        hint="Ask for read access to it, or copy it somewhere you can read it.")


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


def real_path(path: Path) -> Path:
    """The file a path names, links followed (a link is refreshed through, never replaced)."""
    try:
        return path.resolve(strict=path.is_symlink())
    except (OSError, RuntimeError) as error:  # RuntimeError: a link loop before Python 3.13
        raise NotAWorkbookError(
            str(path), "is a link that leads back to itself or to nothing.",
            hint="Give the workbook's own path instead of the link.") from error


def _check_link(path: Path) -> None:
    if path.is_symlink() and not path.exists():
        raise NotAWorkbookError(
            str(path), f"is a link to {path.readlink()}, which does not exist.",
            hint="Give the workbook's own path, or mend the link.")
    real_path(path)


def owner_files(path: Path) -> list[Path]:
    """Where Excel puts its '~$' owner file while the workbook is open."""
    name = path.name
    candidates = [path.with_name("~$" + name)]
    if len(name) > 2:  # Office sometimes replaces the first two characters instead
        candidates.append(path.with_name("~$" + name[2:]))
    return candidates


def _owner_file(path: Path) -> Path | None:
    """The '~$' owner file of the workbook, beside the link or beside the real file."""
    places = [path] if not path.is_symlink() else [path, real_path(path)]
    return next((owner for place in places for owner in owner_files(place)
                 if owner.exists()), None)


def owner_of(owner: Path) -> str:
    """'Jane Smith, since 29 Nov 2026 14:02': who Excel wrote in the owner file and when.

    Excel writes the user name as a length byte and that many characters; the format is
    not documented, so anything odd gives just the time."""
    try:
        head = owner.read_bytes()[:54]
        since = dt.datetime.fromtimestamp(owner.stat().st_mtime).strftime("%d %b %Y %H:%M")
    except OSError:
        return ""
    size = head[0] if head else 0
    name = head[1:1 + size].decode("cp1252", "replace").strip() if 0 < size < 54 else ""
    return f"{name}, since {since}" if name.isprintable() and name else f"since {since}"


def _locked_by_excel(path: Path, owner: Path) -> WorkbookLockedError:
    who = owner_of(owner)
    return WorkbookLockedError(
        str(path),
        f"is open in Excel: its owner file {owner.name} is in {owner.parent}"
        f"{f' ({who})' if who else ''}.",
        hint=f"Close it in Excel, then try again. If nobody has it open (Excel crashed, or "
        f"the laptop slept with it open), that owner file is stale: delete the hidden file "
        f"{owner.name} from that folder, then try again. Windows will not let you delete "
        f"it while Excel really has the workbook open.",
    )


def _writable(st_mode: int, path: Path) -> bool:
    # Root passes os.access on anything; a file whose write bits are all cleared was
    # made read-only on purpose, so honour that too.
    has_write_bit = bool(st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return has_write_bit and os.access(path, os.W_OK)


def _open_for_writing(path: Path) -> None:
    """Try the file: on Windows another program that has it open refuses us here."""
    try:
        with path.open("r+b"):
            pass
    except PermissionError as error:
        if platform_files.held_by_another_program(error):
            raise WorkbookLockedError(
                str(path), "is open in another program, which does not let it be changed.",
                hint="Close it in Excel (or whatever has it open) and try again.") from None
        raise WorkbookReadOnlyError(
            str(path), "cannot be written (permission denied).",
            hint="Ask for write access, or write the result elsewhere with --out.") from None


def folder_writable(folder: Path) -> bool:
    """Decided by trying. POSIX permission bits still count: root ignores them, and
    clearing them is deliberate. Windows' read-only attribute on a folder means nothing
    (see platform_files.folder_accepts_files), so there only the try counts."""
    if not platform_files.on_windows() and not _writable(folder.stat().st_mode, folder):
        return False
    return platform_files.folder_accepts_files(folder)


def check_writable(path: Path) -> None:
    """Refuse to write a workbook open in Excel, read-only, or in a read-only folder.

    `path` may be a link: the file it leads to is the one replaced, in its own folder."""
    shown = str(path)
    owner = _owner_file(path)
    if owner is not None:
        raise _locked_by_excel(path, owner)
    real = real_path(path)
    if real.exists():
        info = real.stat()
        if not _writable(info.st_mode, real):
            raise WorkbookReadOnlyError(
                shown,
                "is read-only.",
                hint="Clear the read-only attribute, or write the result elsewhere (--out).",
            )
        if info.st_nlink > 1:
            raise WorkbookReadOnlyError(
                shown,
                f"has {info.st_nlink} names (hard links); replacing it would leave the "
                f"others with the old content.",
                hint="Write the result elsewhere with --out, or refresh a copy.",
            )
        _open_for_writing(real)
    folder = real.parent
    if not folder_writable(folder):
        raise WorkbookReadOnlyError(
            shown,
            f"its folder {folder} is read-only, so it cannot be replaced safely.",
            hint="Copy the workbook to a folder you can write to, or write elsewhere (--out).",
        )


def check_out_path(out: Path, source: Path) -> None:
    """Refuse an `--out` that cannot receive this workbook, before any work is done."""
    shown = str(out)
    if out.is_dir():
        raise OutputPathError(
            shown, "is a folder.",
            hint=f"Give a file name for the new workbook, such as {out / source.name}.")
    folder = real_path(out).parent if out.is_symlink() else out.parent
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise OutputPathError(
            shown, f"the folder {folder} {what}.",
            hint="Create the folder first, or choose another --out.")
    if out.suffix.lower() != source.suffix.lower():
        raise OutputPathError(
            shown, f"ends in {out.suffix or 'no extension'}, but the workbook is a "
            f"{source.suffix} file; Excel refuses to open a workbook saved under another "
            f"type's extension.",
            hint=f"Give a name ending in {source.suffix}.")


def check_members(package: OpcPackage) -> None:
    """Refuse zip bombs and overlapping or duplicate members (from the zip directory
    only: after this, the members are safe to decompress, see `check_crcs`)."""
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


def check_crcs(package: OpcPackage, keep: Collection[str] = ()) -> dict[str, bytes]:
    """Refuse a damaged part (every member is decompressed); the parts in `keep` are
    returned decompressed rather than thrown away (a big sheet read next)."""
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
