"""Replacing a workbook file so that no moment leaves it half-written.

The new content goes to a temporary file in the same folder (same file system, so the
replace is atomic), is flushed to disk and given the old file's metadata, then replaces
the target. A process killed at any point leaves either the old file or the new one,
plus at worst a clearly named temporary file that the next save removes. The caller
holds the workbook's lock (workbook_lock.py), so every temporary file of this target
that exists then was left by a run that is over.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from . import platform_files

TEMP_MARK = ".xl_addin-tmp-"
NEW_FILE_MODE = 0o644


def backup_path(target: Path) -> Path:
    """'Dashboard.xlsx' -> 'Dashboard.bak.xlsx' (keeps the extension Excel opens)."""
    return target.with_name(f"{target.stem}.bak{target.suffix}")


def temp_path(target: Path) -> Path:
    """'.Dashboard.xlsx.xl_addin-tmp-<pid>-<random>' beside the target (the pid only
    says who left it)."""
    return target.with_name(f".{target.name}{TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}")


def remove_leftovers(target: Path) -> list[Path]:
    """Delete temporary files an interrupted save left for this target (call it with the
    target's lock held). One another program still holds open (Windows refuses to
    delete it) is left for a later run: new temporary files never reuse its name."""
    removed: list[Path] = []
    prefix = f".{target.name}{TEMP_MARK}"
    if not target.parent.is_dir():
        return removed
    for candidate in target.parent.iterdir():
        if not candidate.name.startswith(prefix):
            continue
        with contextlib.suppress(OSError):
            candidate.unlink()
            removed.append(candidate)
    return removed


def _write_durably(path: Path, content: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, NEW_FILE_MODE)
    try:
        view = memoryview(content)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _nothing() -> None:
    return None


def replace_atomically(
    target: Path, content: bytes, *, backup: bytes | None = None,
    before_replace: Callable[[], None] = _nothing,
) -> Path | None:
    """Write `content` to `target` (a real path: links already followed) atomically.

    With `backup`, those bytes (the workbook as it was read) become `<name>.bak.xlsx`
    first. `before_replace` runs once both files are staged, right before anything is
    replaced: the last moment to refuse. Returns the backup made, if any.
    """
    remove_leftovers(target)
    original = target.stat() if target.exists() else None
    staged: list[Path] = []
    try:
        new = _stage(target, content, original, staged)
        old = _stage(target, backup, original, staged) if backup is not None else None
        before_replace()
        made_backup = None
        if old is not None:
            made_backup = backup_path(target)
            platform_files.replace_file(old, made_backup)
        platform_files.replace_file(new, target)
    finally:
        for path in staged:
            with contextlib.suppress(OSError):  # held open by a scanner: removed next time
                path.unlink(missing_ok=True)
    _sync_folder(target.parent)
    return made_backup


def _stage(target: Path, content: bytes, original: os.stat_result | None,
           staged: list[Path]) -> Path:
    path = temp_path(target)
    staged.append(path)
    _write_durably(path, content)
    if original is not None:
        platform_files.keep_metadata(path, target, original)
    return path
