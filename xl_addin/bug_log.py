"""Where a bug's traceback goes: ~/.xl_addin/xl_addin.log, for the ribbon and the CLI alike.

An analyst sees one sentence saying that it is a bug and where this file is; the
maintainers get the traceback.
"""

from __future__ import annotations

import datetime as dt
import platform
import sys
import traceback
from pathlib import Path

from xl_addin.ribbon_errors import log_path  # one home for the log file (stdlib only)

__all__ = ["log_path", "record_bug"]


def record_bug(error: BaseException, action: str) -> Path | None:
    """Append `error`'s traceback to the log file; the file, or None if it cannot be written."""
    path = log_path()
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    lines = [
        f"{stamp} ERROR xl_addin {_version()} (Python {platform.python_version()}, "
        f"{platform.platform()}) while {action}: {' '.join(sys.argv)}\n",
        *traceback.format_exception(error),
    ]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.writelines(lines)
    except OSError:
        return None
    return path


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("xl-addin")
    except PackageNotFoundError:
        return "(not installed)"
