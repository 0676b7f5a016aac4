"""One xl-addin run at a time may replace a workbook: an OS-level lock held from read to replace.

The lock is the operating system's (flock on macOS and Linux, LockFileEx on Windows,
through the `filelock` library) on a small hidden file beside the workbook,
`.<name>.xl_addin-lock`. The system releases it when the process ends, however it ends,
so a crash never leaves a stale lock, and no process id is ever looked up. Excel does
not know about it: the `~$` owner file and the on-disk check right before the replace
cover Excel.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from filelock import FileLock, Timeout

from .errors import WorkbookBusyError, WorkbookReadOnlyError

LOCK_MARK = ".xl_addin-lock"
LOCK_WAIT_SECONDS = 5.0
"""How long a second run waits for the first (longer than a council-sized refresh)
before it refuses."""


def lock_path(real: Path) -> Path:
    """'.Dashboard.xlsx.xl_addin-lock' beside the workbook (links already followed)."""
    return real.with_name(f".{real.name}{LOCK_MARK}")


class WorkbookLock:
    """The right to replace one workbook file; `shown` is the path the user gave."""

    def __init__(self, real: Path, shown: str) -> None:
        self.real = real
        self._shown = shown
        # mode 0o666: colleagues writing to the same shared folder must be able to lock too.
        # One lock object per file in a process, counting its holders: this process never
        # waits for itself (the on-disk check still guards two books of one file).
        self._lock = FileLock(lock_path(real), mode=0o666, thread_local=False,
                              is_singleton=True)
        self.held = False

    def acquire(self) -> None:
        """Take the lock, waiting up to LOCK_WAIT_SECONDS for another run to finish."""
        if self.held:
            return
        try:
            self._lock.acquire(timeout=LOCK_WAIT_SECONDS)
            self.held = True
        except Timeout:
            raise WorkbookBusyError(
                self._shown,
                f"another xl-addin run is refreshing it or adding a month to it "
                f"(waited {LOCK_WAIT_SECONDS:g} s).",
                hint="Wait for that run to finish, then try again; nothing was changed.",
            ) from None
        except OSError as error:
            raise WorkbookReadOnlyError(
                self._shown,
                f"its folder {self.real.parent} does not let xl-addin create its lock file "
                f"({error.strerror or error}).",
                hint="Copy the workbook to a folder you can write to, or write the result "
                "elsewhere with --out.",
            ) from None

    def release(self) -> None:
        if self.held:
            self.held = False
            self._lock.release()

    def __enter__(self) -> WorkbookLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 _trace: TracebackType | None) -> None:
        self.release()
