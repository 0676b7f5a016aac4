"""The Data checks sheet as an analyst opens it: read back from the saved file.

Widths, by hand from the sample's Aug-20 refresh (longest text + 2, at least 8, at most 40;
the two message columns at most 60, wrapped):
    A 'With a current figure' 21 -> 23    B '2020-09-03 14:05' / the format key, 16 -> 18
    C 'AC11' 4 -> 8                       D 'LSCB1' 5 -> 8
    E 'Latest month missing' 20 -> 22     F, G messages of up to 86 and 91 characters -> 60
Seven findings: the table is A12:G19. The copied-forward warning (row 13: 61 and 63
characters) and the benchmark warning (row 14: 86 and 91) take two lines at 60 a line, 30
points; the others fit one line and keep the default height.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from xl_addin.adapters.package import open_workbook
from xl_addin.core.sheets import DATA_CHECKS_SHEET
from xl_addin.service import refresh_workbook
from xl_addin.templates import SAMPLE_NAME, template_path

NOW = dt.datetime(2020, 9, 3, 14, 5)


def refreshed(path: Path, now: dt.datetime = NOW) -> Worksheet:
    book = open_workbook(path)
    refresh_workbook(book, now=now)
    book.save(backup=False)
    return load_workbook(path)[DATA_CHECKS_SHEET]


def sample(tmp_path: Path) -> Path:
    path = tmp_path / "dash.xlsx"
    shutil.copyfile(template_path(SAMPLE_NAME), path)
    return path


def cell_xfs(path: Path) -> int:
    styles = zipfile.ZipFile(path).read("xl/styles.xml").decode()
    found = re.search(r'<cellXfs count="(\d+)"', styles)
    assert found is not None
    return int(found.group(1))


def test_columns_fit_their_text_and_the_messages_wrap(tmp_path: Path) -> None:
    ws = refreshed(sample(tmp_path))
    widths = {letter: ws.column_dimensions[letter].width for letter in "ABCDEFG"}
    assert widths == {"A": 23, "B": 18, "C": 8, "D": 8, "E": 22, "F": 60, "G": 60}
    assert ws["F13"].alignment.wrap_text and ws["G13"].alignment.wrap_text
    assert not ws["E13"].alignment.wrap_text  # short columns do not wrap...
    assert ws["E13"].alignment.vertical == "top"  # ...but line up with a wrapped message
    assert ws.row_dimensions[13].height == ws.row_dimensions[14].height == 30
    assert ws.row_dimensions[15].height is None


def test_title_and_header_are_bold_the_header_stays_in_view_with_a_filter(
    tmp_path: Path,
) -> None:
    ws = refreshed(sample(tmp_path))
    assert ws["A1"].font.b
    assert [c.font.b for c in ws[12]] == [True] * 7
    assert [c.value for c in ws[12]] == ["Level", "Sheet", "Cell", "Ref", "Check",
                                         "What is wrong", "What to do"]
    assert not ws["A13"].font.b and not ws["B2"].font.b
    assert ws.freeze_panes == "A13"
    assert ws.auto_filter.ref == "A12:G19"


def test_the_filter_range_is_named_as_excel_names_it(tmp_path: Path) -> None:
    path = sample(tmp_path)
    refreshed(path)
    workbook_xml = zipfile.ZipFile(path).read("xl/workbook.xml").decode()
    # 'Data checks' is the third sheet: localSheetId 2
    assert ('<definedName name="_xlnm._FilterDatabase" localSheetId="2" hidden="1">'
            "'Data checks'!$A$12:$G$19</definedName>") in workbook_xml


def test_a_shorter_list_moves_the_filter_and_drops_old_heights_and_styles_do_not_grow(
    tmp_path: Path,
) -> None:
    path = sample(tmp_path)
    refreshed(path)
    # Type EH1c's 2020/21 target: its 'No target' warning goes, six findings stay
    # (copied forward, the benchmark warning and the four 'tbc' notes): A12:G18.
    wb = load_workbook(path)
    wb["Early Help"]["AQ5"] = 300
    wb.save(path)
    ws = refreshed(path, NOW + dt.timedelta(days=1))
    assert [ws.cell(r, 4).value for r in range(13, 20)] == [
        None, None, "LSCB1", "YO2", "FM011", "FM012", None]
    assert ws.auto_filter.ref == "A12:G18"
    assert ws.freeze_panes == "A13"
    assert ws.row_dimensions[13].height == ws.row_dimensions[14].height == 30
    assert all(ws.row_dimensions[r].height is None for r in range(15, 20))
    again = cell_xfs(path)
    refreshed(path, NOW + dt.timedelta(days=2))
    assert cell_xfs(path) == again  # bold, wrapped and top-aligned formats are reused
