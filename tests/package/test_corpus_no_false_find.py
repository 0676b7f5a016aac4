"""A false find is as bad as a miss: no sheet of ../shared/corpus is a dashboard.

The corpus workbooks (charts, tables, pivots, dates; see SOURCES.md) hold month
headers, ID columns and numbers, but none is a performance dashboard. Looser header
wording must not turn any of their sheets into one, and the nearly-found reader
must get through every sheet without an error.
"""

from __future__ import annotations

from pathlib import Path

from xl_addin.adapters.package import open_workbook
from xl_addin.core.errors import WorkbookError
from xl_addin.core.layout import detect_layouts, nearly_found


def test_no_corpus_sheet_is_taken_for_a_dashboard(corpus: Path) -> None:
    read = 0
    found: list[str] = []
    for path in sorted(corpus.rglob("*.xls[xm]")):
        try:
            book = open_workbook(path, for_writing=False)
            names = book.sheet_names()
        except (WorkbookError, OSError, ValueError):
            continue  # the broken-on-purpose files: refused elsewhere
        for name in names:
            try:
                grid = book.read_grid(name)
            except (WorkbookError, OSError, ValueError):
                continue
            read += 1
            found += [f"{path.name}: {layout.anchor}" for layout in detect_layouts(grid)]
            nearly_found(grid)  # never raises
    assert read > 1000, "the corpus should give over a thousand sheets"
    assert found == []
