"""Native sparklines in real files: the bundled sample with a 'Sparkline' column, and a
workbook whose own sparklines (made by XlsxWriter, as a third-party writer would) must
come through a refresh byte for byte. Ranges are worked out by hand from the sheets."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from lxml import etree

from xl_addin.adapters.package import open_workbook
from xl_addin.adapters.package.sparkline_ext import SPARKLINE_EXT_URI, X14, XM
from xl_addin.core.plan import CellWrite, WritePlan
from xl_addin.service import add_month, refresh_and_count, refresh_workbook
from xl_addin.templates import SAMPLE_NAME, template_path

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main", "x14": X14, "xm": XM}
SHEET = "xl/worksheets/sheet1.xml"
_GROUP = re.compile(rb"<x14:sparklineGroup[ >].*?</x14:sparklineGroup>", re.S)


def sheet_xml(path: Path, part: str = SHEET) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(part)


def groups(xml: bytes) -> list[etree._Element]:
    return etree.fromstring(xml).findall(
        f"m:extLst/m:ext[@uri='{SPARKLINE_EXT_URI}']/x14:sparklineGroups/x14:sparklineGroup",
        NS)


def lines(group: etree._Element) -> dict[str, str]:
    """Location -> data range of each sparkline in a group."""
    return {s.findtext("xm:sqref", namespaces=NS): s.findtext("xm:f", namespaces=NS)
            for s in group.iterfind("x14:sparklines/x14:sparkline", NS)}


def refreshed(source: Path, out: Path) -> tuple[Path, list[str]]:
    with open_workbook(source) as book:
        result = refresh_workbook(book)
        book.save(out)
    return out, [f"{f.code} {f.address}" for f in result.findings]


@pytest.fixture
def sample_with_sparkline_column(tmp_path: Path) -> Path:
    """The sample with 'Sparkline' typed in AV3, right of Commentary (the header row)."""
    path = tmp_path / "sample.xlsx"
    shutil.copy(template_path(SAMPLE_NAME), path)
    with open_workbook(path) as book:
        book.apply([WritePlan("Early Help", (CellWrite(2, 47, "Sparkline"),))])
        book.save(tmp_path / "with_column.xlsx")
    return tmp_path / "with_column.xlsx"


def test_sample_gets_one_sparkline_per_indicator(sample_with_sparkline_column: Path,
                                                 tmp_path: Path) -> None:
    out, _ = refreshed(sample_with_sparkline_column, tmp_path / "out.xlsx")
    xml = sheet_xml(out)
    root = etree.fromstring(xml)
    assert etree.QName(root[-1]).localname == "extLst"  # the last child of <worksheet>
    found = groups(xml)
    # Months Sep-18..Aug-20 are F..AC; indicators on sheet rows 4-9 and 11-13 (row 10
    # is the 'Benefits' heading); rows 12 and 13 are quarterly ('per quarter' in their
    # names), so their line spans the empty months in a group of its own.
    assert [g.get("displayEmptyCellsAs") for g in found] == ["gap", "span"]
    assert lines(found[0]) == {f"AV{r}": f"'Early Help'!$F${r}:$AC${r}"
                               for r in (4, 5, 6, 7, 8, 9, 11)}
    assert lines(found[1]) == {"AV12": "'Early Help'!$F$12:$AC$12",
                               "AV13": "'Early Help'!$F$13:$AC$13"}
    first = found[0]
    assert {k: first.get(k) for k in ("high", "low", "last", "negative", "markers")} == {
        "high": "1", "low": "1", "last": "1", "negative": "1", "markers": None}
    colours = [etree.QName(c).localname for c in first if c.get("rgb")]
    assert colours == ["colorSeries", "colorNegative", "colorAxis", "colorMarkers",
                       "colorFirst", "colorLast", "colorHigh", "colorLow"]  # schema order
    # openpyxl opens it and reads the cells, but does not keep sparklines (it says so):
    # a workbook saved through openpyxl loses them, one through xl_addin does not
    with pytest.warns(UserWarning, match="Sparkline Group extension is not supported"):
        sheet = openpyxl.load_workbook(out)["Early Help"]
    assert sheet["AV3"].value == "Sparkline"
    assert sheet["AV4"].value is None  # nothing written into the cells themselves


def test_refreshing_again_writes_the_same_bytes(sample_with_sparkline_column: Path,
                                               tmp_path: Path) -> None:
    once, _ = refreshed(sample_with_sparkline_column, tmp_path / "once.xlsx")
    twice, _ = refreshed(once, tmp_path / "twice.xlsx")
    assert sheet_xml(twice) == sheet_xml(once)
    assert len(groups(sheet_xml(twice))) == 2


def test_after_add_month_the_next_refresh_replaces_its_group_over_the_new_month(
        sample_with_sparkline_column: Path, tmp_path: Path) -> None:
    once, _ = refreshed(sample_with_sparkline_column, tmp_path / "once.xlsx")
    with open_workbook(once) as book:
        assert add_month(book).column == "AD"  # Sep-20, before the derived columns
        book.save(tmp_path / "added.xlsx")
    # the insert moved the sparklines with their column (AV -> AW), ranges as they were
    moved = groups(sheet_xml(tmp_path / "added.xlsx"))
    assert lines(moved[0])["AW4"] == "'Early Help'!$F$4:$AC$4"
    again, _ = refreshed(tmp_path / "added.xlsx", tmp_path / "again.xlsx")
    found = groups(sheet_xml(again))
    assert len(found) == 2  # replaced, not doubled
    assert lines(found[0]) == {f"AW{r}": f"'Early Help'!$F${r}:$AD${r}"
                               for r in (4, 5, 6, 7, 8, 9, 11)}


def test_sample_without_a_sparkline_column_is_as_before(tmp_path: Path) -> None:
    path = tmp_path / "sample.xlsx"
    shutil.copy(template_path(SAMPLE_NAME), path)
    out, _ = refreshed(path, tmp_path / "out.xlsx")
    assert b"sparkline" not in sheet_xml(out).lower()


# --- Sparklines someone else made ---------------------------------------------------------


def xlsxwriter_dashboard(path: Path) -> Path:
    """Months C:H, DoT in I, 'Sparkline' in J, the analyst's own sparklines in K (one per
    row) and one of theirs already in J3."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Early Help")
    sheet.write_row(0, 0, ["Ref", "Indicator", "Jan-24", "Feb-24", "Mar-24", "Apr-24",
                           "May-24", "Jun-24", "DoT", "Sparkline", "Analyst trend"])
    figures = {"A1": [10, 12, 15, 14, 18, 20], "A2": [5, 4, 6, 5, 7, 6],
               "A3": [30, 28, 27, 25, 22, 21]}
    for row, (ref, values) in enumerate(figures.items(), start=1):
        sheet.write_row(row, 0, [ref, f"Indicator {ref}", *values])
        sheet.add_sparkline(row, 10, {"range": f"C{row + 1}:H{row + 1}", "markers": True,
                                      "series_color": "#1F77B4"})
    sheet.add_sparkline(2, 9, {"range": "C3:H3", "type": "column"})
    book.close()
    return path


def test_existing_sparklines_are_kept_byte_for_byte(tmp_path: Path) -> None:
    source = xlsxwriter_dashboard(tmp_path / "theirs.xlsx")
    before = sheet_xml(source)
    theirs = _GROUP.findall(before)
    assert len(theirs) == 4
    out, findings = refreshed(source, tmp_path / "out.xlsx")
    after = sheet_xml(out)
    kept = [g for g in _GROUP.findall(after) if g in theirs]
    assert kept == theirs  # every group of theirs, same bytes, same order
    added = [g for g in _GROUP.findall(after) if g not in theirs]
    assert len(added) == 1
    # J3 already has their column sparkline: no second one there, and it is reported
    assert lines(groups(after)[-1]) == {"J2": "'Early Help'!$C$2:$H$2",
                                        "J4": "'Early Help'!$C$4:$H$4"}
    assert "sparkline_kept 'Early Help'!J3" in findings
    # the rest of their extension is as it was: take our group out and the tail matches
    tail_before = before[before.index(b"<extLst>"):]
    tail_after = after[after.index(b"<extLst>"):]
    assert tail_after.replace(added[0], b"") == tail_before
    # the DoT arrows are written; nothing is written into the Sparkline cells
    with pytest.warns(UserWarning, match="Sparkline Group"):
        sheet = openpyxl.load_workbook(out)["Early Help"]
    # May -> Jun: 18 -> 20 is +11% (▲), 7 -> 6 is -14% (▼), 22 -> 21 is -4.5% (►)
    assert [sheet[f"I{r}"].value for r in (2, 3, 4)] == ["▲", "▼", "►"]
    assert [sheet[f"J{r}"].value for r in (2, 3, 4)] == [None, None, None]


def test_their_sparklines_survive_two_refreshes(tmp_path: Path) -> None:
    source = xlsxwriter_dashboard(tmp_path / "theirs.xlsx")
    once, _ = refreshed(source, tmp_path / "once.xlsx")
    twice, _ = refreshed(once, tmp_path / "twice.xlsx")
    assert sheet_xml(twice) == sheet_xml(once)


# --- LibreOffice opens them ----------------------------------------------------------------


@pytest.mark.libreoffice
def test_libreoffice_reads_the_sparklines_back(sample_with_sparkline_column: Path,
                                              tmp_path: Path) -> None:
    """LibreOffice (7.4+) imports x14 sparklines: saved again as .xlsx by LibreOffice, the
    sheet still has one per indicator over the same cells."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice tests: soffice not found (apt-get install libreoffice-calc-nogui)")
    out, _ = refreshed(sample_with_sparkline_column, tmp_path / "refreshed.xlsx")
    resaved = tmp_path / "lo"
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "xlsx", "--outdir", str(resaved), str(out)],
                   check=True, capture_output=True, timeout=180)
    xml = sheet_xml(resaved / "refreshed.xlsx")
    found = {loc: re.sub(r"[$']", "", f) for g in groups(xml) for loc, f in lines(g).items()}
    assert found == {f"AV{r}": f"Early Help!F{r}:AC{r}" for r in (4, 5, 6, 7, 8, 9, 11, 12, 13)}


# --- What the analyst is told ----------------------------------------------------------------


def test_the_command_line_says_how_many_sparklines_it_drew(
        sample_with_sparkline_column: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from xl_addin.cli import app

    out = tmp_path / "cli.xlsx"
    result = CliRunner().invoke(app, ["refresh", str(sample_with_sparkline_column), "--out",
                                      str(out)], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]
    assert "; drew 9 sparklines in column AV; wrote " in last
    assert len(groups(sheet_xml(out))) == 2


def test_the_ribbon_message_says_how_many_sparklines_it_drew(
        sample_with_sparkline_column: Path) -> None:
    from xl_addin.macro import summary

    with open_workbook(sample_with_sparkline_column) as book:
        text = summary(*refresh_and_count(book)).text
    first, drew = text.splitlines()[:2]
    # The sample's 90 derived cells are blank, so all 90 change.
    assert first.startswith("Refreshed Aug-20 (9 indicators on 'Early Help'): changed 90 of "
                            "the 90 cells")
    assert drew == "Drew 9 sparklines in column AV."
