"""The saving half of a workbook: the file on disk, its lock, and the package written.

A save replaces the file atomically (`atomic_save`), keeps the original as a backup, and
is refused if the file changed on disk since it was read.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

from xl_addin.core.errors import WorkbookError

from . import atomic_save, platform_files, safety
from .errors import (
    NotAWorkbookError,
    WorkbookChangedError,
    WorkbookLockedError,
    WorkbookReadOnlyError,
)
from .opc import OpcPackage
from .workbook_lock import WorkbookLock
from .zip_io import DeflatedPart, write_package

Identity = tuple[int, ...]
"""A file's device, file number, size and modification time."""


def read_file(path: Path) -> tuple[bytes, Identity]:
    """The file's bytes and its identity as read."""
    try:
        with path.open("rb") as handle:
            return handle.read(), identity(os.fstat(handle.fileno()))
    except FileNotFoundError:
        raise NotAWorkbookError(str(path), "no such file (it was moved or deleted).",
                                hint="Check the path and file name.") from None
    except PermissionError as error:
        raise safety.cannot_read(path, error) from None


def identity(info: os.stat_result) -> Identity:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def package_bytes(package: OpcPackage, replaced: dict[str, bytes | DeflatedPart],
                  added: dict[str, bytes]) -> bytes:
    """The package with parts replaced and added; every other part copied as stored."""
    out = io.BytesIO()
    write_package(
        package.data,
        members=package.members,
        comment=package.comment,
        replaced={package.member(part).name: content for part, content in replaced.items()},
        added=added.items(),
        out=out,
    )
    return out.getvalue()


class WorkbookFile:
    """The file a workbook was read from: what it was when read, and its lock."""

    def __init__(self, path: Path, seen: Identity | None) -> None:
        self.path = path
        self.seen = seen
        self._lock: WorkbookLock | None = None

    def hold(self, lock: WorkbookLock, original: bytes, reread: Callable[[bytes], None]) -> None:
        """Take the workbook's lock until `release`; if another run replaced the file since
        it was read, read it again (under the lock, so from now on it is ours)."""
        lock.acquire()
        self._lock = lock
        try:
            try:
                self.check_unchanged(original)
            except WorkbookChangedError:
                data, self.seen = read_file(self.path)
                reread(data)
        except BaseException:
            self.release()
            raise

    def release(self) -> None:
        """Release the workbook's lock, if held; idempotent."""
        if self._lock is not None:
            self._lock.release()

    def check_unchanged(self, original: bytes) -> None:
        """Refuse if the file on disk is no longer the one read: compared by identity
        first (cheap), then by content (a file re-saved unchanged passes)."""
        real = safety.real_path(self.path)
        try:
            now = real.stat()
            if self.seen is not None and identity(now) == self.seen:
                return
            if real.read_bytes() == original:
                self.seen = identity(now)
                return
        except FileNotFoundError:
            pass
        raise WorkbookChangedError(
            str(self.path),
            "changed on disk after it was read (saved from Excel, or by another program).",
            hint="Nothing was written. Run the command again on the saved file.",
        )

    def write(self, target: Path, original: bytes, content: Callable[[], bytes], *,
              in_place: bool, backup: bool) -> bytes:
        """Replace `target` with `content()` under the workbook's lock; in place, the
        original is kept as a backup (unless not `backup`) and the file must be unchanged
        since it was read. Returns what was written."""
        real = safety.real_path(self.path if in_place else target)
        lock = self._lock if in_place and self._lock is not None else WorkbookLock(
            real, str(target))
        with lock:
            safety.check_writable(self.path if in_place else target)

            def check() -> None:
                if in_place:
                    self.check_unchanged(original)

            check()
            written = content()
            try:
                atomic_save.replace_atomically(
                    real, written, backup=original if backup and in_place else None,
                    before_replace=check)
            except platform_files.HeldByAnotherProgramError as exc:
                raise WorkbookLockedError(
                    str(exc.filename),
                    f"is held open by another program (Excel, a preview pane, antivirus or "
                    f"OneDrive), so it could not be replaced (tried for "
                    f"{sum(platform_files.RETRY_DELAYS):g} s).",
                    hint=f"Close it there and try again; {target} was not changed.",
                ) from None
            except PermissionError as exc:
                raise _not_replaced(exc, target) from None
            if in_place:
                self.seen = identity(real.stat())
        return written


def _not_replaced(error: PermissionError, target: Path) -> WorkbookError:
    """A replace the system refused: on Windows a program holds the file; elsewhere the
    folder's permissions forbid it."""
    shown = str(error.filename2 or error.filename or target)  # rename(2) names both
    if platform_files.on_windows():
        return WorkbookLockedError(
            shown, "cannot be replaced (another program has it open).",
            hint=f"Close it in Excel (or any program using it) and try again; {target} was "
            "not changed.")
    return WorkbookReadOnlyError(
        shown, "cannot be replaced (permission denied).",
        hint=f"Ask for write access to its folder, or write elsewhere with --out; {target} "
        "was not changed.")
