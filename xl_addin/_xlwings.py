"""xlwings, imported without pandas: `from xl_addin._xlwings import xw`.

xlwings imports pandas whenever it is installed (0.2-0.3 s, a third of a ribbon
refresh, which starts a fresh Python for every click), only to offer DataFrame
conversions that xl_addin never uses. So the first import of xlwings here hides
pandas from it. Nothing else changes: `import pandas` works as usual afterwards,
and when pandas or xlwings is already loaded (the UDF server imports xlwings
first) this is a plain import.

Only the ribbon macro uses it: Excel starts a fresh Python for each click, so no one
else in that process wants DataFrames from xlwings. The UDF module imports xlwings
plainly: it may share a process (the UDF server, a notebook) with code that does.
"""

from __future__ import annotations

import sys


def _import_xlwings_without_pandas() -> None:
    if "xlwings" in sys.modules or "pandas" in sys.modules:
        return
    sys.modules["pandas"] = None  # type: ignore[assignment]  # `import pandas` raises ImportError
    try:
        import xlwings  # noqa: F401
    finally:
        if sys.modules.get("pandas", 0) is None:
            del sys.modules["pandas"]


_import_xlwings_without_pandas()

import xlwings as xw  # noqa: E402

__all__ = ["xw"]
