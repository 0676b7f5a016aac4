"""Which worksheets a refresh reads for the dashboard table, and in which order.

Shared by the service (which reads them one by one until a table is found) and the
file adapter (which starts parsing the first one early), so the two never disagree.
Kept free of numpy: the file adapter asks before a refresh has loaded anything.
"""

from __future__ import annotations

from typing import Final

from .settings import find_settings_sheet

DATA_CHECKS_SHEET: Final = "Data checks"


def dashboard_candidates(names: list[str]) -> list[str]:
    """Worksheets in tab order, but for the Settings sheet and the Data checks sheet."""
    skipped = {find_settings_sheet(names), DATA_CHECKS_SHEET}
    return [name for name in names if name not in skipped]
