"""add-month on the bundled sample, headless: read back with openpyxl, bytes compared."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.package.fidelity import member_findings
from xl_addin.adapters.package import open_workbook
from xl_addin.cli import app
from xl_addin.core.periods import Month
from xl_addin.core.plan import CellWrite, WritePlan
from xl_addin.service import add_month, refresh_workbook
from xl_addin.templates import SAMPLE_NAME, template_path

SHEET = "Early Help"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    target = tmp_path / SAMPLE_NAME
    shutil.copyfile(template_path(SAMPLE_NAME), target)
    return target


def added(path: Path, out: Path) -> Path:
    book = open_workbook(path)
    plan = add_month(book)
    assert (plan.column, plan.month, plan.hide_col) == ("AD", Month(2020, 9), 22)
    book.save(out)
    return out


def visible_months(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[str]:
    hidden = {c for d in ws.column_dimensions.values() if d.hidden and d.min
              for c in range(d.min, (d.max or d.min) + 1)}
    return [ws.cell(3, col).value.strftime("%b-%y") for col in range(6, ws.max_column + 1)
            if isinstance(ws.cell(3, col).value, dt.datetime) and col not in hidden]


def test_sample_gets_sep_20_after_aug_20_and_keeps_everything_else(
    sample: Path, tmp_path: Path
) -> None:
    before = openpyxl.load_workbook(sample)
    out = added(sample, tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(out)
    ws, old = wb[SHEET], before[SHEET]
    assert ws["AD3"].value == dt.datetime(2020, 9, 1)
    assert ws["AD3"].number_format == old["AC3"].number_format == "mmm-yy"
    assert list(ws["AD3"]._style) == list(old["AC3"]._style)  # same xf: fill, font, border
    for row in range(4, 14):  # the data rows take Aug-20's formats, and no values
        assert ws.cell(row, 30).value is None
        new_style, old_style = ws.cell(row, 30)._style, old.cell(row, 29)._style
        assert list(new_style or []) == list(old_style or [])
    # derived columns moved one right with their values and merges
    for row in range(1, 14):
        for col in range(30, old.max_column + 1):
            assert ws.cell(row, col + 1).value == old.cell(row, col).value, (row, col)
    assert ws["AE3"].value == "Change from prev. period"
    assert {str(r) for r in ws.merged_cells.ranges} == {
        "AE3:AF3", "AG3:AH3", "AM2:AO2", "AP2:AR2", "AS2:AU2"}
    # references ending at Aug-20 do not grow, as in Excel
    assert [str(r.sqref) for r in ws.conditional_formatting] == ["F4:AC13"]
    assert wb.defined_names["DashboardMonths"].attr_text == "'Early Help'!$F$3:$AC$3"
    # the oldest visible month is hidden and joins the group; as many months show
    assert ws.column_dimensions["W"].hidden and ws.column_dimensions["W"].outline_level == 1
    assert visible_months(old) == ["Feb-20", "Mar-20", "Apr-20", "May-20", "Jun-20",
                                   "Jul-20", "Aug-20"]
    assert visible_months(ws) == ["Mar-20", "Apr-20", "May-20", "Jun-20", "Jul-20",
                                  "Aug-20", "Sep-20"]
    assert wb["Settings"].data_validations.dataValidation[0].sqref == \
        before["Settings"].data_validations.dataValidation[0].sqref


def test_only_the_dashboard_sheet_part_changes(sample: Path, tmp_path: Path) -> None:
    out = added(sample, tmp_path / "out.xlsx")
    findings, changed, _ = member_findings(sample.read_bytes(), out.read_bytes(),
                                           {"xl/worksheets/sheet1.xml"})
    assert findings == [] and set(changed) == {"xl/worksheets/sheet1.xml"}


def test_refresh_finds_the_table_and_reports_sep_20_against_aug_20(sample: Path) -> None:
    book = open_workbook(sample)
    add_month(book)
    eh1b = 5  # row 6
    book.apply([WritePlan(SHEET, (CellWrite(eh1b, 29, 300.0),))])
    result = refresh_workbook(book)
    assert result.month == Month(2020, 9)
    change = {(w.row, w.col): w.value for w in result.plan.writes}
    assert change[(eh1b, 31)] == pytest.approx(300 / 280 - 1)  # 'Change' value now in AF
    assert change[(eh1b, 30)] == "►"
    book.save()
    assert openpyxl.load_workbook(sample)[SHEET]["AF6"].value == pytest.approx(300 / 280 - 1)


def test_formulas_names_and_charts_pointing_right_of_the_insert_move(
    sample: Path, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(sample)
    wb["Settings"]["H4"] = "='Early Help'!AH5"
    wb[SHEET]["AW5"] = "=SUM(AD5:AE5)+AC5"
    wb.defined_names["Targets"] = openpyxl.workbook.defined_name.DefinedName(
        "Targets", attr_text="'Early Help'!$AM$4:$AO$13")
    wb.save(sample)
    out = added(sample, tmp_path / "out.xlsx")
    after = openpyxl.load_workbook(out)
    assert after["Settings"]["H4"].value == "='Early Help'!AI5"
    assert after[SHEET]["AX5"].value == "=SUM(AE5:AF5)+AC5"
    assert after.defined_names["Targets"].attr_text == "'Early Help'!$AN$4:$AP$13"


def test_chart_series_keep_pointing_at_the_months(sample: Path, tmp_path: Path) -> None:
    out = added(sample, tmp_path / "out.xlsx")
    import zipfile

    chart = zipfile.ZipFile(out).read("xl/charts/chart1.xml").decode()
    assert "<f>'Early Help'!$W$6:$AC$6</f>" in chart  # ends at Aug-20: unchanged, as Excel


def test_cli_add_month_prints_what_it_did_and_refuses_a_skipped_month(sample: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["add-month", str(sample), "--no-backup"])
    assert result.exit_code == 0, result.output
    assert "Added Sep-20 in column AD" in result.output
    assert "Hid column W" in result.output
    result = runner.invoke(app, ["add-month", str(sample), "--month", "2021-01"])
    assert result.exit_code == 1
    assert "the month after Sep-20 is Oct-20" in result.output


def test_cli_add_month_refuses_while_the_latest_month_is_empty_and_force_adds_another(
    sample: Path,
) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["add-month", str(sample), "--no-backup"]).exit_code == 0
    before = sample.read_bytes()
    result = runner.invoke(app, ["add-month", str(sample), "--no-backup"])
    assert result.exit_code == 1
    # Sep-20 went in column AD (header row 3) and has no figures yet.
    assert "Sep-20 (column AD, header AD3) is still empty" in " ".join(result.output.split())
    assert sample.read_bytes() == before
    forced = runner.invoke(app, ["add-month", str(sample), "--no-backup", "--force"])
    assert forced.exit_code == 0, forced.output
    assert "Added Oct-20 in column AE" in forced.output
