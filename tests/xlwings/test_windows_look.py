"""The Windows-only step of the Data checks look: the filter and the frozen rows through
Excel's object model (xlwings has neither for desktop engines). No Windows Excel runs here,
so a recorder stands in for the COM objects; the names and order are those documented for
Worksheet.AutoFilterMode, Range.AutoFilter() and Window.SplitRow / FreezePanes
(learn.microsoft.com, Excel VBA reference)."""

from __future__ import annotations

from typing import Any

from xl_addin.adapters.xlwings_book import _freeze_and_filter_windows
from xl_addin.core.plan import SheetLook

LOOK = SheetLook((8.0,) * 7, header_row=11, last_row=17, columns=7)


class Recorder:
    """Records attribute sets and calls as 'Name=value' and 'Name(args)'."""

    def __init__(self, log: list[str], name: str = "", **attributes: Any) -> None:
        object.__setattr__(self, "_log", log)
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_attributes", attributes)

    def __getattr__(self, name: str) -> Any:
        attributes = object.__getattribute__(self, "_attributes")
        if name in attributes:
            return attributes[name]
        return Recorder(self._log, name)

    def __setattr__(self, name: str, value: Any) -> None:
        self._log.append(f"{name}={value}")

    def __call__(self, *args: Any) -> Any:
        self._log.append(f"{self._name}({', '.join(map(str, args))})")
        return Recorder(self._log, self._name)


def test_windows_sets_the_filter_on_the_table_freezes_to_the_header_and_shows_back() -> None:
    log: list[str] = []
    shown = Recorder(log, activate=lambda: log.append("shown.activate()"))
    window = Recorder(log)
    book = Recorder(log, sheets=Recorder(log, active=shown),
                    app=Recorder(log, api=Recorder(log, ActiveWindow=window)))
    api = Recorder(log, AutoFilterMode=True,
                   Range=lambda ref: Recorder(log, AutoFilter=lambda: log.append(
                       f"Range({ref}).AutoFilter()")))
    sheet = Recorder(log, api=api, book=book, name="Data checks",
                     activate=lambda: log.append("sheet.activate()"))
    _freeze_and_filter_windows(sheet, LOOK)  # type: ignore[arg-type]
    assert log == ["AutoFilterMode=False", "Range(A12:G18).AutoFilter()", "sheet.activate()",
                   "FreezePanes=False", "SplitColumn=0", "SplitRow=12", "FreezePanes=True",
                   "shown.activate()"]


def test_a_failure_there_is_logged_not_raised(caplog: Any) -> None:
    class Broken:
        name = "Data checks"

        @property
        def api(self) -> Any:
            raise OSError("(-2147352567, 'Exception occurred.')")

    _freeze_and_filter_windows(Broken(), LOOK)  # type: ignore[arg-type]
    assert "could not set the filter or freeze panes on 'Data checks'" in caplog.text
