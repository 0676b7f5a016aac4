"""`check` shows the layout it read; `--json` on check, refresh and explain; `--sheet`/`--table`."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from typer.testing import CliRunner

from tests.layouts.books import write_book
from xl_addin.cli import app
from xl_addin.templates import SAMPLE_NAME, template_path

runner = CliRunner(env={"COLUMNS": "250"})


def sample(tmp_path: Path) -> Path:
    book = tmp_path / "dash.xlsx"
    shutil.copyfile(template_path(SAMPLE_NAME), book)
    return book


def two_tables(tmp_path: Path) -> Path:
    return write_book(tmp_path / "two.xlsx", {
        "Dashboard": [
            ["Ref", "Indicator", "Jul-20", "Aug-20", "DoT"],
            ["A1", "Referrals", 100, 120],
            [],
            ["Measure", "Jun-20", "Jul-20", "Aug-20", "Difference from previous month"],
            ["Benefits"],
            ["Claimants", 10, 20, 25],
            ["Households", 40, 50, 40],
        ],
    })


def test_check_begins_with_the_layout_it_read(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(sample(tmp_path))])
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.index("Layout read") < text.index("Data checks")
    assert "Table: 'Early Help'!A3, header row 3, 9 indicator rows" in text
    assert "Rows: Ref in A, indicator names in B" in text
    assert "Periods: 24 monthly (Sep-18 to Aug-20) in F:AC" in text
    assert ("Derived: AD+AE 'Change from prev. period': change from the previous period "
            "(arrow and change)") in text
    assert "Target: AQ 'Target 20-21' (for 2020/21)" in text
    assert "Benchmark: AM 'SE region' (region)" in text


def test_check_lists_headings_and_says_which_table_and_why(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(two_tables(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "Chosen: 'Dashboard'!A4 (monthly, 2 indicators with an Aug-20 figure) chosen of 2" \
        in result.output
    assert "Headings: row 5 'Benefits' (nothing written)" in result.output
    assert "no Ref column, so rows are keyed by name" in result.output


def test_table_option_takes_the_other_table(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(two_tables(tmp_path)), "--table", "A1",
                                 "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["layout"]["table_cell"] == "'Dashboard'!A1"
    assert document["layout"]["chosen_because"] == "'Dashboard'!A1 as asked"


def test_sheet_option_names_a_missing_sheet(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(two_tables(tmp_path)), "--sheet", "Nope"])
    assert result.exit_code == 1
    assert "no sheet named 'Nope'" in result.output


def test_check_json_has_the_layout_findings_and_figures(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(sample(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["version"] == 1 and document["command"] == "check"
    assert document["reporting_period"] == "Aug-20"
    layout = document["layout"]
    assert (layout["sheet"], layout["header_row"], layout["ref_column"]) == (
        "Early Help", 3, "A")
    assert layout["periods"]["first"] == "Sep-18" and layout["periods"]["count"] == 24
    assert {d["role"] for d in layout["derived"]} >= {"change_previous", "rag", "dot"}
    eh1b = next(i for i in document["indicators"] if i["ref"] == "EH1b")
    # The seed's Aug-20 280 against Jul-20 339: -17.4%, written as -59/339 in AE.
    assert (eh1b["read"]["current"], eh1b["read"]["previous"]) == (280, 339)
    assert eh1b["written"]["AE6"] == -59 / 339
    assert eh1b["written"]["AD6"] == "▼"
    assert all({"level", "cell", "message", "hint", "check"} <= set(f)
               for f in document["findings"])


def test_refresh_json_says_where_it_wrote(tmp_path: Path) -> None:
    path = sample(tmp_path)
    out = tmp_path / "out.xlsx"
    result = runner.invoke(app, ["refresh", str(path), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["command"] == "refresh" and document["written_to"] == str(out)
    assert out.exists()


def test_explain_json_is_about_one_indicator(tmp_path: Path) -> None:
    result = runner.invoke(app, ["explain", str(two_tables(tmp_path)), "claim", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert [i["name"] for i in document["indicators"]] == ["Claimants"]
    # 25 against 20: +25% in the 'Difference from previous month' column E6.
    assert document["indicators"][0]["written"] == {"E6": 0.25}
    topics = [line["topic"] for line in document["explanation"]]
    assert "Change from previous month" in topics


def test_every_json_field_is_documented(tmp_path: Path) -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "json-output.md").read_text(
        encoding="utf-8")
    result = runner.invoke(app, ["check", str(sample(tmp_path)), "--json"])
    document = json.loads(result.output)
    layout, indicator = document["layout"], document["indicators"][0]
    keys = {*document, *layout, *layout["periods"], *layout["periods"]["columns"][0],
            *layout["derived"][0], *layout["targets"][0], *layout["benchmarks"][0],
            *indicator, *indicator["settings"], *indicator["read"],
            *document["findings"][0]}
    keys -= {"england", "region", "neighbours"}  # 'one entry per benchmark kind'
    undocumented = sorted(k for k in keys if not re.search(rf"[`{{, \"]{k}[`}},\"]", doc))
    assert undocumented == []
