"""The task pane's Board pack: the PDF made on the server and offered by a short-lived link."""

from __future__ import annotations

import io
import json
import os
import re
import time
from typing import Any

import pytest

from tests.server.conftest import HAS_SERVER, NEEDS_EXTRA

if not HAS_SERVER:
    pytest.skip(NEEDS_EXTRA, allow_module_level=True)

from pypdf import PdfReader

from tests.xlwings.payload import book_json, sample_sheets

REFS = ["EH1a", "EH1c", "EH1b", "EH14I", "CIN5", "LSCB1", "YO2", "FM011", "FM012"]


@pytest.fixture(autouse=True)
def _packs(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XL_ADDIN_PACK_DIR", str(tmp_path / "packs"))


def pane_pack(client: Any, payload: Any) -> Any:
    return client.post("/eh/pane/board_pack", data={"bookData": json.dumps(payload)})


def link(text: str) -> str:
    found = re.search(r'class="[^"]*eh-download[^"]*" href="([^"]+)"', text)
    assert found is not None, text
    return found.group(1)


def test_the_pane_offers_the_pdf_and_writes_nothing_to_the_workbook(client: Any) -> None:
    response = pane_pack(client, book_json(sample_sheets()))
    assert response.status_code == 200, response.text
    assert ("The board pack for Aug-20 (9 indicators, 11 pages) is ready: download "
            "early_help_dashboard board pack Aug-20.pdf from the task pane within 15 "
            "minutes.") in response.text
    block = re.search(r'<script id="book-data" type="application/json">\s*(.*?)\s*</script>',
                      response.text, re.S)
    assert block is not None and json.loads(block.group(1))["actions"] == []
    pdf = client.get(link(response.text))
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == (
        "attachment; filename*=utf-8''early_help_dashboard%20board%20pack%20Aug-20.pdf")
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages]
    assert len(pages) == 11
    for ref, page in zip(REFS, pages[1:10], strict=True):
        assert f"{ref}: " in page


def test_an_unknown_or_expired_link_is_a_404_saying_to_press_again(client: Any,
                                                                    tmp_path: Any) -> None:
    response = pane_pack(client, book_json(sample_sheets()))
    href = link(response.text)
    token = href.rstrip("/").rsplit("/", 1)[-1]
    folder = tmp_path / "packs" / token
    old = time.time() - 16 * 60  # past the 15 minutes a link lasts
    os.utime(folder, (old, old))
    expired = client.get(href)
    assert expired.status_code == 404
    assert "press Board pack again" in expired.json()["detail"]
    assert client.get("/eh/pack/" + "A" * 43).status_code == 404
    assert client.get("/eh/pack/..%2F..%2Fetc").status_code == 404


def test_a_book_without_a_table_is_refused_with_no_link(client: Any) -> None:
    response = pane_pack(client, book_json({"Notes": [["hello"]]}))
    assert response.status_code == 422
    assert "no sheet holds a dashboard table" in response.text
    assert "eh-download" not in response.text


def test_the_task_pane_has_the_board_pack_button(client: Any) -> None:
    pane = client.get("/taskpane.html").text
    assert 'id="eh-board_pack"' in pane
