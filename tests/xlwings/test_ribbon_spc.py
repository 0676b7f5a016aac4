"""The ribbon paints Variation and Assurance in the Making Data Count colours (remote engine)."""

from __future__ import annotations

from typing import Any

import pytest
import xlwings as xw

import xl_addin

from .conftest import actions
from .payload import book_json, sample_with_headers
from .replay import replay

pytestmark = pytest.mark.usefixtures("remote_engine")



def with_spc_columns() -> dict[str, Any]:
    return book_json(sample_with_headers("Variation", "Assurance"))  # columns AV and AW


def test_ribbon_writes_variation_and_assurance_with_their_fills() -> None:
    book = xw.Book(json=with_spc_columns())
    book.set_mock_caller()
    xl_addin.main()
    painted = replay(actions(book))
    # EH1b is sheet row 6 (index 5); worked by hand in tests/core/test_spc_table.py.
    variation, assurance = (0, 5, 47), (0, 5, 48)
    assert painted.values[variation] == "Special cause: improvement"
    assert painted.fills[variation] == "#9dc3e6"
    assert painted.values[assurance] == "Hit and miss"
    assert painted.fills[assurance] == "#d9d9d9"
