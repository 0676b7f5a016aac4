"""The add-in's routes on xlwings Server, in-process: what Office.js would get back.

Book JSON is the sample (or generated dashboards) as xlwings' Office.js client sends
it (tests/xlwings/payload.py); the returned actions are replayed onto a model of the
cells (tests/xlwings/replay.py), so each test asserts what Excel would end up holding.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any
from xml.etree import ElementTree

import pytest

from tests.server.conftest import HAS_SERVER, MAX_BOOK_MB, NEEDS_EXTRA

if not HAS_SERVER:
    pytest.skip(NEEDS_EXTRA, allow_module_level=True)

import httpx
import xlwings as xw

from tests.xlwings.payload import book_json, generated_sheets, sample_sheets
from tests.xlwings.replay import replay
from xl_addin.adapters.xlwings_book import XlwingsBook
from xl_addin.service import plan_workbook_refresh

SCRIPT = "/xlwings/custom-scripts-call/"
# EH1b is row 6 of the sample; 'Change from prev. period' is AD (arrow) and AE (value).
EH1B_ARROW, EH1B_CHANGE = (0, 5, 29), (0, 5, 30)


def run(client: Any, script: str, payload: Any) -> httpx.Response:
    return client.post(SCRIPT + script, json=payload)


def alerts(actions: list[dict[str, Any]]) -> list[str]:
    return [a["args"][0] for a in actions if a["func"] == "alert"]


def test_refresh_of_the_sample_writes_eh1b_down_17_percent_and_tells_the_user(
        client: Any) -> None:
    response = run(client, "refresh", book_json(sample_sheets()))
    assert response.status_code == 200
    actions = response.json()["actions"]
    painted = replay(actions)
    assert painted.values[EH1B_ARROW] == "▼"
    assert painted.fills[EH1B_ARROW] == "#ffc7ce"  # Bad: higher is better and it fell
    assert painted.values[EH1B_CHANGE] == pytest.approx(280 / 339 - 1)  # -17.4%
    assert painted.formats[EH1B_CHANGE] == "+0%;-0%;0%"  # signed, like the variances
    assert 1 not in painted.touched, "the Settings sheet was written to"
    [message] = alerts(actions)
    # All 90 derived cells are blank in the sample, so all 90 change (as the ribbon says).
    assert message.startswith("Refreshed Aug-20 (9 indicators on 'Early Help'): changed 90 of "
                              "the 90 cells the refresh fills on 'Early Help' and ")


def test_refresh_writes_exactly_the_planned_dashboard_cells(client: Any) -> None:
    payload = book_json(sample_sheets())
    dashboard, _ = plan_workbook_refresh(XlwingsBook(xw.Book(json=payload))).plans
    painted = replay(run(client, "refresh", payload).json()["actions"])
    assert painted.touched[0] == {(w.row, w.col) for w in dashboard.writes}
    for w in dashboard.writes:
        assert painted.values[(0, w.row, w.col)] == w.value


def test_check_data_lists_findings_and_writes_nothing(client: Any) -> None:
    actions = run(client, "check_data", book_json(sample_sheets())).json()["actions"]
    assert [a["func"] for a in actions] == ["alert"]
    [message] = alerts(actions)
    assert "'Early Help'!AQ5: EH1c has no 2020/21 target" in message
    assert "Nothing was written" in message


def test_explain_uses_the_indicator_in_the_selected_row(client: Any) -> None:
    payload = book_json(sample_sheets())
    payload["book"]["selection"] = "C6"  # EH1b's row
    actions = run(client, "explain", payload).json()["actions"]
    [message] = alerts(actions)
    assert message.startswith("EH1b: ")
    assert "Aug-20 280 against Jul-20 339: -17%" in message  # -17.4%, as the sheet shows it
    assert [a["func"] for a in actions] == ["alert"]


def test_explain_without_an_indicator_selected_is_refused_in_one_line(client: Any) -> None:
    payload = book_json(sample_sheets())
    payload["book"]["selection"] = "A1"  # the title row
    response = run(client, "explain", payload)
    assert response.status_code == 422
    assert response.json() == {"detail": "Row 1 holds no indicator. Select a cell in an "
                                          "indicator's row on 'Early Help', then press Explain."}


def test_add_month_inserts_sep_20_after_aug_20(client: Any) -> None:
    actions = run(client, "add_month", book_json(sample_sheets())).json()["actions"]
    [insert] = [a for a in actions if a["func"] == "rangeInsert"]
    [header] = [a for a in actions if a["func"] == "setValues"]
    # Aug-20 is the last month column (AC); Sep-20 goes into AD, header row 3.
    assert insert["start_column"] == 29
    assert (header["start_row"], header["start_column"]) == (2, 29)
    assert alerts(actions)[0].startswith("Added Sep-20 in column AD of 'Early Help'")


# -- bad input: a 4xx with one line, never a 500, nothing written ------------------------

def refused(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    assert "\n" not in detail and "Traceback" not in detail
    assert "actions" not in response.json()
    return detail


def test_a_sheet_with_no_table_is_refused_with_what_was_looked_for(client: Any) -> None:
    detail = refused(run(client, "refresh", book_json({"Notes": [["hello"], ["world"]]})), 422)
    assert detail.startswith("no sheet holds a dashboard table (searched 'Notes').")


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe", b"[]", b"null", b"{}"])
def test_a_body_that_is_not_book_json_is_a_400(client: Any, body: bytes) -> None:
    response = client.post(SCRIPT + "refresh", content=body,
                           headers={"content-type": "application/json"})
    refused(response, 400)


@pytest.mark.parametrize(("damage", "what"), [
    (lambda p: p.pop("sheets"), "'sheets'"),
    (lambda p: p.update(sheets=[]), "'sheets'"),
    (lambda p: p["book"].pop("name"), "'book.name'"),
    (lambda p: p["book"].update(active_sheet_index=7), "active_sheet_index"),
    (lambda p: p["sheets"][0].update(values="A1"), "no table of values"),
    (lambda p: p["sheets"][1].pop("name"), "sheet 2 has no name"),
    (lambda p: p.pop("version"), "'version'"),
])
def test_a_damaged_book_names_what_is_wrong(client: Any, damage: Any, what: str) -> None:
    payload = book_json(sample_sheets())
    damage(payload)
    assert what in refused(run(client, "refresh", payload), 400)


def test_an_oversized_book_is_a_413_before_it_is_read(client: Any) -> None:
    payload = book_json(sample_sheets())
    payload["sheets"][0]["values"].append(["x" * (MAX_BOOK_MB * 1024 * 1024)])
    detail = refused(run(client, "refresh", payload), 413)
    assert f"({MAX_BOOK_MB} MB)" in detail


def test_an_unknown_script_is_a_404_naming_the_scripts(client: Any) -> None:
    detail = refused(run(client, "delete_everything", book_json(sample_sheets())), 404)
    assert detail == ("Unknown script 'delete_everything'; this add-in runs add_month, "
                      "check_data, explain, refresh.")


def test_an_unknown_function_is_a_404(client: Any) -> None:
    body = {"func_name": "EH_NOPE", "args": [], "caller_address": "Sheet1!A1",
            "version": xw.__version__, "client": "Office.js", "runtime": "1.4"}
    assert refused(client.post("/xlwings/custom-functions-call", json=body), 404) == (
        "Unknown function 'EH_NOPE'.")


# -- custom functions ---------------------------------------------------------------------

def call_function(client: Any, name: str, *args: Any) -> Any:
    body = {"func_name": name, "args": list(args), "caller_address": "Sheet1!B2",
            "version": xw.__version__, "client": "Office.js", "runtime": "1.4",
            "culture_info_name": "en-GB", "date_format": "dd/mm/yyyy"}
    response = client.post("/xlwings/custom-functions-call", json=body)
    assert response.status_code == 200, response.text
    return response.json()["result"]


NA = {"type": "Error", "errorType": "NotAvailable"}


def test_functions_are_listed_as_eh_dot_name(client: Any) -> None:
    meta = client.get("/xlwings/custom-functions-meta").json()["functions"]
    # Every EH_ function of udfs.py, the SPC ones included, and nothing else.
    assert {f["name"] for f in meta} == {"ARROW", "ASSURANCE", "AVG12", "CHANGE", "CHANGE_YEAR",
                                         "MAX12", "RAG", "SPC_LIMITS", "TARGET_VARIANCE",
                                         "VARIATION", "VERDICT"}
    manifest = client.get("/manifest").text
    # Excel puts the manifest's namespace in front: =EH.CHANGE(...)
    assert '<bt:String id="Functions.Namespace" DefaultValue="EH" />' in manifest


def test_change_spills_an_array_and_gives_a_real_na_where_a_value_is_missing(
        client: Any) -> None:
    # 280 against 339 is -17.4%; 120 against 100 is +20%; a blank previous is #N/A.
    result = call_function(client, "EH_CHANGE", [[280.0], [120.0], [50.0]],
                           [[339.0], [100.0], [""]])
    assert result[0][0] == pytest.approx(280 / 339 - 1)
    assert result[1][0] == pytest.approx(0.2)
    assert result[2][0] == NA


def test_arrow_and_rag_give_the_classic_words(client: Any) -> None:
    assert call_function(client, "EH_ARROW", [[-0.174]]) == [["▼"]]
    # 280 against a target of 250, higher is better: met, Green.
    assert call_function(client, "EH_RAG", [[280.0]], [[250.0]], [["higher"]]) == [["Green"]]


# -- task pane ----------------------------------------------------------------------------

def pane(client: Any, action: str, payload: Any) -> httpx.Response:
    return client.post(f"/eh/pane/{action}", data={"bookData": json.dumps(payload)})


def test_pane_check_lists_findings_with_cells_that_select_on_click(client: Any) -> None:
    response = pane(client, "check_data", book_json(sample_sheets()))
    assert response.status_code == 200
    cells = re.findall(r'class="[^"]*eh-cell[^"]*" data-sheet="([^"]+)" data-cell="([^"]+)"',
                       response.text)
    assert ("Early Help", "AQ5") in cells
    assert "EH1c has no 2020/21 target" in response.text


def test_pane_refresh_carries_the_actions_for_excel(client: Any) -> None:
    response = pane(client, "refresh", book_json(sample_sheets()))
    block = re.search(r'<script id="book-data" type="application/json">\s*(.*?)\s*</script>',
                      response.text, re.S)
    assert block is not None
    painted = replay(json.loads(block.group(1))["actions"])
    assert painted.values[EH1B_ARROW] == "▼"
    assert "changed 90 of the 90 cells the refresh fills" in response.text
    # The summary table: EH1b's row reads 280 (the reporting month's), the down arrow and
    # -17% (280 / 339 - 1 = -17.4%, as the sheet shows it) against the previous month.
    rows = re.findall(r"<tr>(.*?)</tr>", response.text, re.S)
    eh1b = next(re.findall(r"<td>(.*?)</td>", r) for r in rows if "<td>EH1b</td>" in r)
    assert eh1b[:3] == ["EH1b", "280", "▼ -17%"]


def test_pane_refusal_is_the_reason_alone(client: Any) -> None:
    response = pane(client, "refresh", book_json({"Notes": [["hello"]]}))
    assert response.status_code == 422
    assert "no sheet holds a dashboard table" in response.text
    assert "book-data" not in response.text


def test_manifest_has_the_five_buttons_and_the_task_pane(client: Any) -> None:
    manifest = client.get("/manifest").text
    labels = re.findall(r'<bt:String id="EH\.(\w+)\.Label" DefaultValue="([^"]+)" />', manifest)
    assert labels == [("Tab", "Early Help"), ("Group", "Dashboard"), ("refresh", "Refresh"),
                      ("add_month", "Add month"), ("check_data", "Check data"),
                      ("explain", "Explain"), ("board_pack", "Board pack"),
                      ("pane", "Task pane")]
    assert re.findall(r"<FunctionName>(.*?)</FunctionName>", manifest) == [
        "eh-refresh", "eh-add_month", "eh-check_data", "eh-explain", "eh-board_pack"]
    # Well-formed, and within Office's limits: resource ids up to 32 characters,
    # short strings up to 125, long strings up to 250.
    bt = "{http://schemas.microsoft.com/office/officeappbasictypes/1.0}"
    root = ElementTree.fromstring(manifest.encode())
    for element in root.iter(f"{bt}String"):
        assert len(element.get("id", "")) <= 32
    for kind, limit in (("ShortStrings", 125), ("LongStrings", 250)):
        for strings in root.iter(f"{bt}{kind}"):
            assert all(len(e.get("DefaultValue", "")) <= limit for e in strings)


# -- load: requests share no state ---------------------------------------------------------

def test_twenty_concurrent_refreshes_each_get_their_own_actions(
        server_app: Any, engines: None) -> None:
    payloads = [book_json(generated_sheets(3 + i, seed=i), name=f"team{i}.xlsx")
                for i in range(20)]
    expected = [plan_workbook_refresh(XlwingsBook(xw.Book(json=p))).plans[0] for p in payloads]

    async def all_at_once() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=server_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            return await asyncio.gather(*(http.post(SCRIPT + "refresh", json=p, timeout=120)
                                          for p in payloads))

    responses = asyncio.run(all_at_once())
    for i, (response, plan) in enumerate(zip(responses, expected, strict=True)):
        assert response.status_code == 200, (i, response.text)
        painted = replay(response.json()["actions"])
        assert painted.touched[0] == {(w.row, w.col) for w in plan.writes}, i
        for w in plan.writes:
            assert painted.values[(0, w.row, w.col)] == w.value, (i, w)
        [message] = alerts(response.json()["actions"])
        assert f"({3 + i} indicators on 'Early Help')" in message


def test_explain_follows_the_selected_row_when_a_ref_is_repeated(client: Any) -> None:
    sheets = sample_sheets()
    dashboard = sheets["Early Help"]
    dashboard[6][0] = dashboard[5][0]  # row 7 gets row 6's Ref (EH1b): a typing slip
    payload = book_json(sheets)
    payload["book"]["selection"] = "D7"
    actions = run(client, "explain", payload).json()["actions"]
    [message] = alerts(actions)
    # The indicator of row 7, by its own name, not row 6's.
    assert message.startswith(f"EH1b: {dashboard[6][1]} ('Early Help'!A7)")
