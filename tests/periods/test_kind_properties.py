"""Property tests: in a table of quarters, financial years or weeks, each row's figures
are the plain arithmetic of its own cells (a straightforward reference, written here)."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from xl_addin.core.grid import Grid
from xl_addin.core.refresh import plan_refresh

from .books import record

HEADERS = {
    "quarter": [f"Q{(q % 4) + 1} {2015 + (q + 0) // 4}/{(16 + q // 4) % 100:02d}"
                for q in range(12)],
    "year": [f"{2010 + y}/{(11 + y) % 100:02d}" for y in range(12)],
    "week": [dt.date(2020, 1, 6) + dt.timedelta(weeks=w) for w in range(60)],
}
LAG = {"quarter": 4, "year": None, "week": 52}

figure = st.one_of(st.none(), st.integers(1, 1000).map(float))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(HEADERS)), st.data())
def test_rules_follow_the_table_kind(kind: str, data: st.DataObject) -> None:
    headers = HEADERS[kind]
    values = data.draw(st.lists(figure, min_size=len(headers), max_size=len(headers)))
    values[-1] = data.draw(st.integers(1, 1000).map(float))  # the reporting period
    grid = Grid("S", [["Ref", "Indicator", *headers], ["A1", "Number of visits", *values]])
    result = plan_refresh(grid)
    rec = record(result, "A1")
    current, previous = values[-1], values[-2]
    assert rec["current"] == current
    if previous is None:
        assert math.isnan(rec["change_previous"])
    else:
        assert math.isclose(rec["change_previous"], (current - previous) / previous)
    lag = LAG[kind]
    if lag is None:
        assert math.isnan(rec["year_ago"]) and math.isnan(rec["average"])
        return
    ago = values[-1 - lag] if lag < len(values) else None
    assert (math.isnan(rec["year_ago"]) if ago is None else rec["year_ago"] == ago)
    window = [v for v in values[-lag:] if v is not None]
    assert rec["periods_used"] == len(window)
    assert math.isclose(rec["average"], sum(window) / len(window))
    assert rec["maximum"] == max(window)
