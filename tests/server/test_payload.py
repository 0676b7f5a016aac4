"""payload.py: any JSON is either accepted as Book JSON or refused with a reason.

Pure (no xlwings Server needed). Through the app, a damaged sample payload is a
4xx or a refresh, never a 500 (test_routes.py has the app; here hypothesis damages).
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.server.conftest import HAS_SERVER
from tests.xlwings.payload import book_json, sample_sheets
from xl_addin.server.payload import BadPayloadError, check_book, check_function_call

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=20,
)
SAMPLE = book_json(sample_sheets())


@given(JSON)
def test_any_json_is_accepted_or_refused_with_a_reason(value: Any) -> None:
    for check in (check_book, check_function_call):
        try:
            check(value)
        except BadPayloadError as error:
            assert str(error) and "\n" not in str(error)


def test_the_clients_book_json_is_accepted() -> None:
    assert check_book(copy.deepcopy(SAMPLE))["book"]["name"] == "early_help_dashboard.xlsx"


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path into the payload's top levels (not into the cell values)."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key != "values":
                found += paths(inner, (*prefix, key))
    elif isinstance(value, list) and len(prefix) < 3:
        for i, inner in enumerate(value):
            found += paths(inner, (*prefix, i))
    return found


PATHS = paths(SAMPLE) + [("sheets", 0, "values", row, col) for row in (0, 2, 5)
                         for col in (0, 2, 29)]
"""Plus a few cells: the title, a header and EH1b's row."""


def damaged(path: tuple[Any, ...], replacement: Any, delete: bool) -> Any:
    payload = copy.deepcopy(SAMPLE)
    *parents, last = path
    target = payload
    for key in parents:
        target = target[key]
    if delete and isinstance(target, dict):
        del target[last]
    else:
        target[last] = replacement
    return payload


@pytest.mark.skipif(not HAS_SERVER, reason="xlwings Server not installed")
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PATHS), replacement=JSON, delete=st.booleans())
def test_a_damaged_book_is_never_a_500(client: Any, path: tuple[Any, ...], replacement: Any,
                                       delete: bool) -> None:
    body = json.dumps(damaged(path, replacement, delete))
    response = client.post("/xlwings/custom-scripts-call/refresh", content=body,
                           headers={"content-type": "application/json"})
    assert response.status_code in (200, 400, 422), (path, response.text)
    if response.status_code != 200:
        detail = response.json()["detail"]
        assert detail and "\n" not in detail
