"""What the ribbon does when Excel itself cannot show the message box.

The ribbon's messages are `app.alert` boxes (macro.py), which need the workbook
Excel called us from. When there is none to talk to (xlwings cannot reach the
calling workbook, macOS refuses Python's Apple events, the box itself fails, or
xl_addin cannot even be imported) the message goes where xlwings 0.37.8's VBA
shows it instead, and never as a traceback:

- Windows: RunPython (ExecuteWindows) sends Python's stderr to a log file and,
  when Python exits with a code other than 0, shows that file in a message box
  (ShowError). So the text goes to stderr and Python exits with 1.
- macOS: stderr goes to ~/Library/Containers/com.microsoft.Excel/Data/xlwings.log,
  which the VBA macro CleanUp shows when Python exits (xlwings._xlmac runs it
  from an atexit hook) - through an Apple event to Excel. When macOS refuses
  those, CleanUp cannot run either, so the text is also shown by `osascript`'s
  own `display alert`, which sends no Apple event to Excel.

The traceback of anything unexpected goes to `log_path()`. Imports here are the
standard library only, so this works when xlwings or numpy cannot be imported.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path
from typing import Final, NoReturn

TITLE: Final = "Early Help dashboard"
APPLE_EVENTS_REFUSED: Final = -1743
"""errAEEventNotPermitted: the user (or a policy) did not allow this process to control
Excel under System Settings > Privacy & Security > Automation."""
ALERT_SECONDS: Final = 600
"""How long the fallback alert on macOS may stay open before Python gives up on it."""

log = logging.getLogger("xl_addin.macro")


def log_path() -> Path:
    """Where the ribbon logs errors: ~/.xl_addin/xl_addin.log."""
    return Path.home() / ".xl_addin" / "xl_addin.log"


def log_to_file() -> None:
    """Send xl_addin's log records to `log_path()`; nothing if it cannot be made."""
    path = log_path()
    root = logging.getLogger("xl_addin")
    for handler in [h for h in root.handlers if isinstance(h, logging.FileHandler)]:
        if handler.baseFilename == str(path.absolute()):
            return
        root.removeHandler(handler)  # the home folder changed (tests do that)
        handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        file_handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return  # no log file is better than no refresh
    file_handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(file_handler)
    root.setLevel(logging.INFO)


def apple_events_refused(error: BaseException) -> bool:
    """True when macOS refused to let this process control Excel (error -1743).

    appscript's CommandError and aem's EventError carry the OS error number as
    `errornumber`; their text says "-1743" too.
    """
    number = getattr(error, "errornumber", None)
    return number == APPLE_EVENTS_REFUSED or str(APPLE_EVENTS_REFUSED) in str(error)


def caller_message(error: BaseException) -> str:
    """What to tell the analyst when xlwings cannot reach the workbook that called us."""
    if apple_events_refused(error):
        return ("macOS did not allow Python to control Microsoft Excel, so nothing was "
                "changed.\n\nOpen System Settings > Privacy & Security > Automation, turn "
                "on Microsoft Excel under Python (or under the app listed there), then "
                "click the button again.")
    return ("xl_addin could not reach the workbook you have open in Excel, so nothing was "
            "changed.\n\nClick into the dashboard workbook and click the button again. If "
            "it happens again, please send the log file to the performance team: "
            f"{log_path()}")


def startup_message(error: BaseException) -> str:
    """What to tell the analyst when xl_addin cannot be imported in full."""
    return (f"xl_addin could not start in the Python at {sys.executable} "
            f"({type(error).__name__}: {error}), so nothing was changed.\n\n"
            "Install xl_addin into that Python again (see the README's Excel set-up), or "
            f"send the log file to the performance team: {log_path()}")


def osascript_alert(text: str) -> list[str]:
    """The command that shows `text` in a macOS alert without Excel's help."""
    def quoted(value: str) -> str:  # an AppleScript string literal
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return ["osascript", "-e",
            f"display alert {quoted(TITLE)} message {quoted(text)} as critical"]


def tell_without_excel(text: str, *, refused: bool = False) -> NoReturn:
    """Show `text` where xlwings' VBA shows a failed RunPython, then exit with 1.

    `refused`: macOS refused Apple events, so Excel cannot show it either.
    """
    print(text, file=sys.stderr)
    if refused and sys.platform == "darwin":
        try:
            subprocess.run(osascript_alert(text), check=False, timeout=ALERT_SECONDS,
                           capture_output=True)
        except (OSError, subprocess.SubprocessError):
            log.exception("could not show the alert through osascript")
    raise SystemExit(1)


def cannot_start(error: BaseException) -> NoReturn:
    """xl_addin's ribbon modules could not be imported: log why and tell the analyst."""
    log_to_file()
    log.error("xl_addin could not start", exc_info=error)
    tell_without_excel(startup_message(error))
