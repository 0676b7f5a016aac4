"""Replacing a workbook file so that no moment leaves it half-written.

The new content goes to a temporary file in the same folder (same file system, so
`os.replace` is atomic), is flushed to disk, then replaces the target. A process
killed at any point leaves either the old file or the new one, plus at worst a
clearly named temporary file that the next save removes.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import stat
from pathlib import Path

TEMP_MARK = ".xl_addin-tmp-"


def backup_path(target: Path) -> Path:
    """'Dashboard.xlsx' -> 'Dashboard.bak.xlsx' (keeps the extension Excel opens)."""
    return target.with_name(f"{target.stem}.bak{target.suffix}")


def temp_path(target: Path) -> Path:
    """'.Dashboard.xlsx.xl_addin-tmp-<pid>-<random>' beside the target."""
    return target.with_name(f".{target.name}{TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}")


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_leftovers(target: Path) -> list[Path]:
    """Delete temporary files an interrupted save left for this target."""
    removed: list[Path] = []
    prefix = f".{target.name}{TEMP_MARK}"
    if not target.parent.is_dir():
        return removed
    for candidate in target.parent.iterdir():
        if not candidate.name.startswith(prefix):
            continue
        pid_text = candidate.name[len(prefix) :].split("-", 1)[0]
        if pid_text.isdigit() and _process_alive(int(pid_text)) and int(pid_text) != os.getpid():
            continue  # another save is running right now
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()
            removed.append(candidate)
    return removed


def _write_durably(path: Path, content: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
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


def replace_atomically(target: Path, content: bytes, *, backup: bool) -> Path | None:
    """Write `content` to `target` atomically; returns the backup made, if any."""
    remove_leftovers(target)
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644
    made_backup = None
    if backup and target.exists():
        made_backup = backup_path(target)
        staged_backup = temp_path(target)
        try:
            shutil.copyfile(target, staged_backup)
            shutil.copystat(target, staged_backup)
            staged_backup.replace(made_backup)
        finally:
            staged_backup.unlink(missing_ok=True)
    staged = temp_path(target)
    try:
        _write_durably(staged, content, mode)
        staged.chmod(mode)
        staged.replace(target)
    finally:
        staged.unlink(missing_ok=True)
    _sync_folder(target.parent)
    return made_backup
