"""`xl-addin build-addin`: the ribbon add-in made from xlwings' template."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import xlwings
import xmlschema
from lxml import etree
from typer.testing import CliRunner

from xl_addin.addin import (
    CUSTOM_UI,
    CUSTOM_UI_NS,
    RUN_MAIN,
    VBA_PROJECT,
    WORKBOOK,
    build_addin,
    template_path,
)
from xl_addin.cli import app
from xl_addin.templates import ADDIN_NAME
from xl_addin.templates import template_path as bundled

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "tests" / "data" / "schemas" / "customUI.xsd"  # vendored: see SOURCES.md
SETTINGS_SHEET = "xl/worksheets/sheet1.xml"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_addin(tmp_path_factory.mktemp("addin"))


def test_rebuilding_gives_the_shipped_add_in(built: Path) -> None:
    shipped = bundled(ADDIN_NAME)
    assert parts(built)[CUSTOM_UI] == parts(shipped)[CUSTOM_UI]
    assert built.read_bytes() == shipped.read_bytes(), (
        "workbook_templates/xl_addin.xlam is stale: run xl-addin build-addin "
        "--out workbook_templates")


def test_shipped_add_in_matches_the_installed_xlwings() -> None:
    # The VBA calls xlwings' DLL and Python side of its own version: a different
    # xlwings needs a rebuilt add-in (and the pin in pyproject.toml moved with it).
    assert parts(bundled(ADDIN_NAME))[VBA_PROJECT] == parts(template_path())[VBA_PROJECT], (
        f"xl_addin.xlam was built from another xlwings than the installed {xlwings.__version__}")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [d for d in pyproject["project"]["dependencies"] if d.startswith("xlwings")]
    assert pins == [f"xlwings=={xlwings.__version__}"]


def test_every_part_but_ribbon_settings_and_sheet_name_is_byte_identical(built: Path) -> None:
    ours, theirs = parts(built), parts(template_path())
    assert list(ours) == list(theirs)
    changed = {name for name in ours if ours[name] != theirs[name]}
    assert changed == {CUSTOM_UI, WORKBOOK, SETTINGS_SHEET}
    assert ours[VBA_PROJECT] == theirs[VBA_PROJECT]


def test_ribbon_is_well_formed_and_valid_against_microsofts_schema(built: Path) -> None:
    xml = parts(built)[CUSTOM_UI]
    root = etree.fromstring(xml)  # well-formed, or this raises
    schema = xmlschema.XMLSchema(str(SCHEMA), validation="lax")
    schema.validate(xml.decode("utf-8"))
    buttons = root.findall(f".//{{{CUSTOM_UI_NS}}}button")
    assert len(buttons) == 1
    button = buttons[0]
    assert button.get("label") == "Refresh calculations" and button.get("size") == "large"
    assert button.get("onAction") == RUN_MAIN
    assert "Recalculates" in (button.get("supertip") or "")
    tab = root.find(f".//{{{CUSTOM_UI_NS}}}tab")
    assert tab is not None and tab.get("label") == "Early Help"


def test_schema_check_catches_a_misspelt_attribute(built: Path) -> None:
    xml = parts(built)[CUSTOM_UI].decode("utf-8").replace(' label="Dashboard"',
                                                          ' lable="Dashboard"')
    schema = xmlschema.XMLSchema(str(SCHEMA), validation="lax")
    assert not schema.is_valid(xml)


def test_settings_sheet_is_active_and_names_the_udf_module(built: Path) -> None:
    book = etree.fromstring(parts(built)[WORKBOOK])
    assert [s.get("name") for s in book.iterfind(".//m:sheet", NS)] == ["myaddin.conf"]
    sheet = etree.fromstring(parts(built)[SETTINGS_SHEET])
    cell = sheet.find(".//m:c[@r='B6']", NS)
    assert cell is not None and cell.findtext("m:is/m:t", namespaces=NS) == "xl_addin.udfs"
    # A6 is the shared string 'UDF Modules' in the template.
    strings = etree.fromstring(parts(built)["xl/sharedStrings.xml"])
    index = int(sheet.findtext(".//m:c[@r='A6']/m:v", namespaces=NS) or -1)
    assert "".join(strings.findall("m:si", NS)[index].itertext()) == "UDF Modules"


def test_interpreter_option_fills_both_interpreter_settings(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build-addin", "--out", str(tmp_path),
                                      "--interpreter", r"C:\Python311\pythonw.exe"])
    assert result.exit_code == 0, result.output
    sheet = parts(tmp_path / ADDIN_NAME)[SETTINGS_SHEET].decode("utf-8")
    assert sheet.count(r"C:\Python311\pythonw.exe") == 2


def test_ribbon_runs_main_of_the_module_named_like_the_file() -> None:
    # RunMain imports the add-in's file name: xl_addin.xlam -> `import xl_addin; xl_addin.main()`.
    assert Path(ADDIN_NAME).stem == "xl_addin"
    code = "import sys, xl_addin; assert callable(xl_addin.main); " \
           "assert 'xlwings' not in sys.modules and 'pandas' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_desktop_runtime_does_not_use_xlwings_pro() -> None:
    for module in ("macro.py", "udfs.py", "addin.py", "adapters/xlwings_book.py"):
        source = (ROOT / "xl_addin" / module).read_text(encoding="utf-8")
        assert not re.search(r"xlwings\.pro|from xlwings import pro", source), module
