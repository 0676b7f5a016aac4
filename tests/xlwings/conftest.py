"""The remote engine, enabled for these tests only.

xlwings registers its remote engine at import time when a licence key is set.
XLWINGS_LICENSE_KEY=noncommercial selects xlwings PRO's PolyForm Noncommercial
terms (which cover public bodies); it is set here, per test, never globally, and
the desktop runtime never needs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import xlwings as xw
from xlwings import main as xw_main


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ribbon writes its log (and a web workbook's board pack) under the home folder."""
    monkeypatch.setenv("HOME", str(tmp_path))


@pytest.fixture
def remote_engine(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    engines = xw_main.engines
    added = "remote" not in engines.engines_by_name
    if added:
        from xlwings.pro import _xlremote

        engines.add(xw_main.Engine(impl=_xlremote.engine))
    yield
    if hasattr(xw.Book, "_mock_caller"):
        del xw.Book._mock_caller
    if added:
        engine = engines.engines_by_name.pop("remote")
        engines.engines = [e for e in engines.engines if e is not engine]


def actions(book: xw.Book) -> list[dict[str, Any]]:
    return list(book.json()["actions"])
