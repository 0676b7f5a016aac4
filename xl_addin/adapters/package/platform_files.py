"""What Windows and macOS do differently to a file we replace, in one place.

Each branch follows the platform's documented behaviour (cited where it is used) and is
tested on Linux with the platform switched (tests/package/test_platform_files.py).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path

# Windows system error codes (learn.microsoft.com, "System Error Codes (0-499)", "(1000-1299)").
ERROR_ACCESS_DENIED = 5
"""Also what Windows gives for a file that a scanner or sync client holds, or that is
pending deletion."""
ERROR_SHARING_VIOLATION = 32
ERROR_LOCK_VIOLATION = 33
ERROR_UNABLE_TO_REMOVE_REPLACED = 1175
ERROR_UNABLE_TO_MOVE_REPLACEMENT = 1176
HELD_CODES = frozenset({ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION,
                        ERROR_UNABLE_TO_REMOVE_REPLACED})
REPLACEFILE_IGNORE_MERGE_ERRORS = 0x2

RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8, 1.0)
"""Waits between attempts at a replace another program blocks (2.55 s in all): an antivirus
scan, OneDrive, the search indexer or the preview pane let go within a second or two."""
_sleep = time.sleep  # tests replace it: the retry logic is checked without waiting

# macOS <copyfile.h>: copy the extended attributes and the access control list.
COPYFILE_ACL = 1 << 0
COPYFILE_XATTR = 1 << 2


def on_windows() -> bool:
    return sys.platform == "win32"


def on_macos() -> bool:
    return sys.platform == "darwin"


class HeldByAnotherProgramError(PermissionError):
    """A replace that still failed after the retries; `filename` is the file held."""


def held_by_another_program(error: OSError) -> bool:
    """A Windows sharing violation or access denial: another program has the file open."""
    return getattr(error, "winerror", None) in HELD_CODES


def replace_file(staged: Path, target: Path) -> None:
    """Move `staged` over `target`, retrying briefly while another program holds either.

    On Windows an existing target is replaced with ReplaceFileW, which keeps its
    attributes, ACL (so its owner's and colleagues' permissions on a share), creation
    time and alternate data streams; `os.replace` (MoveFileEx) would give the file the
    new one's. Elsewhere `os.replace` (rename(2)) is atomic and `keep_metadata` has
    already given the staged file the target's own metadata.
    """
    for delay in (*RETRY_DELAYS, None):
        try:
            if on_windows() and target.exists():
                _replace_keeping_identity(target, staged)
            else:
                staged.replace(target)
            return
        except OSError as error:
            if not held_by_another_program(error):
                raise
            if delay is None:
                held = HeldByAnotherProgramError(error.errno, "held by another program",
                                                 str(target))
                raise held from error
        _sleep(delay)


def _replace_keeping_identity(target: Path, staged: Path) -> None:
    """ReplaceFileW(target, staged, no backup, IGNORE_MERGE_ERRORS); see its documentation
    (learn.microsoft.com/windows/win32/api/winbase/nf-winbase-replacefilew)."""
    if _replace_file_w()(str(target), str(staged), None, REPLACEFILE_IGNORE_MERGE_ERRORS,
                         None, None):
        return
    code = _last_error()
    if code == ERROR_UNABLE_TO_MOVE_REPLACEMENT:
        # Documented: without a backup name, the target is gone and the replacement still
        # has its own name; moving it into place completes the replace.
        staged.replace(target)
        return
    if code in HELD_CODES:
        raise windows_error(code, str(target))
    # Any other code (a network file system without the call, say): both files keep their
    # names, so the plain rename still does the job, without the metadata merge.
    staged.replace(target)


def windows_error(code: int, filename: str) -> OSError:
    """An OSError carrying `winerror` as Windows' own would (ctypes.WinError exists only
    on Windows)."""
    error = PermissionError(13, f"Windows error {code}", filename)
    error.winerror = code  # type: ignore[attr-defined]
    return error


def _replace_file_w() -> Callable[..., int]:
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        function = ctypes.WinDLL("kernel32", use_last_error=True).ReplaceFileW
        function.argtypes = [wintypes.LPCWSTR, wintypes.LPCWSTR, wintypes.LPCWSTR,
                             wintypes.DWORD, wintypes.LPVOID, wintypes.LPVOID]
        function.restype = wintypes.BOOL
        return function  # type: ignore[no-any-return]
    raise OSError("ReplaceFileW exists only on Windows")


def _last_error() -> int:
    if sys.platform == "win32":
        import ctypes

        return ctypes.get_last_error()
    return 0


# -- metadata of the file we replace (POSIX; Windows' ReplaceFileW merges its own) ------

def keep_metadata(staged: Path, original: Path, original_stat: os.stat_result) -> None:
    """Give `staged` the permissions, owner and extended attributes of `original`."""
    if on_windows():
        return
    staged.chmod(stat.S_IMODE(original_stat.st_mode))
    _keep_owner(staged, original_stat)
    if on_macos():
        _copy_macos_xattrs(original, staged)
    else:
        _copy_xattrs(original, staged)


def _keep_owner(staged: Path, original_stat: os.stat_result) -> None:
    # Only root may give a file away; anyone may set a group they belong to.
    chown = getattr(os, "chown", None)
    if chown is None:
        return
    for uid in (original_stat.st_uid, -1):
        with contextlib.suppress(PermissionError):
            chown(staged, uid, original_stat.st_gid)
            return


def _copy_xattrs(original: Path, staged: Path) -> None:
    """Linux: user tags, SELinux labels, a sync client's markers."""
    listxattr = getattr(os, "listxattr", None)
    if listxattr is None:
        return
    try:
        names = listxattr(original)
    except OSError:  # the file system has none
        return
    for name in names:
        with contextlib.suppress(OSError):  # some (security.*) need privileges: keep the rest
            os.setxattr(staged, name, os.getxattr(original, name))


def _copy_macos_xattrs(original: Path, staged: Path) -> None:
    """macOS: Finder tags and comments, iCloud and quarantine markers, the ACL; Python's
    os has no xattr calls there, so copyfile(3) with COPYFILE_XATTR | COPYFILE_ACL."""
    with contextlib.suppress(OSError, AttributeError):
        _copyfile()(os.fsencode(original), os.fsencode(staged), None,
                    COPYFILE_XATTR | COPYFILE_ACL)


def _copyfile() -> Callable[..., int]:
    import ctypes
    import ctypes.util

    function = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).copyfile
    function.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_uint32]
    function.restype = ctypes.c_int
    return function


# -- which file, and can we write there ----------------------------------------------

def same_file(first: Path, second: Path) -> bool:
    """Whether two paths name one file: by identity (device and file number), so
    `dashboard.xlsx` is `Dashboard.xlsx` on a case-insensitive file system (macOS,
    Windows) and a link is the file it leads to."""
    try:
        return first.samefile(second)
    except OSError:  # one of them does not exist: they cannot be one file
        return False


def folder_accepts_files(folder: Path) -> bool:
    """Whether a new file can be created in `folder`, found by creating (and removing) one.

    Folder attribute bits cannot say: Windows marks Documents, Desktop and the OneDrive
    root read-only to flag them as customised, and does not honour that attribute on
    folders (learn.microsoft.com, "File Attribute Constants": FILE_ATTRIBUTE_READONLY
    "is not honored on directories").
    """
    probe = folder / f".xl_addin-probe-{secrets.token_hex(4)}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return False
    os.close(fd)
    with contextlib.suppress(OSError):
        probe.unlink()
    return True
