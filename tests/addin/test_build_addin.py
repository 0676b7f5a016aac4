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
import xlwings.utils
import xmlschema
from lxml import etree
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from xl_addin.addin import (
    ACTIVE_CONF,
    CUSTOM_UI,
    CUSTOM_UI_NS,
    RUN_MAIN,
    WORKBOOK,
    build_addin,
    template_path,
)
from xl_addin.addin import ADDIN_FILE as ADDIN_NAME
from xl_addin.cli import app
from xl_addin.templates import template_path as bundled

ROOT = Path(__file__).resolve().parents[2]
VBA_PROJECT = "xl/vbaProject.bin"  # the part that holds xlwings' VBA module
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


def conf_as_xlwings_reads_it(path: Path) -> dict[str, object]:
    """The add-in's settings as xlwings 0.37.8's VBA sees them (GetConfigFromSheet): column
    A from A1 down to the first blank cell, each key upper-cased, its value in column B."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(ACTIVE_CONF).to_python()
    settings: dict[str, object] = {}
    for row in rows:
        if not row or row[0] in ("", None):
            break
        settings[str(row[0]).upper()] = row[1] if len(row) > 1 else ""
    return settings


def test_shipped_conf_turns_off_the_workbook_folder_and_names_both_environments() -> None:
    conf = conf_as_xlwings_reads_it(bundled(ADDIN_NAME))
    assert conf["ADD_WORKBOOK_TO_PYTHONPATH"] == "false"
    assert conf["UDF MODULES"] == "xl_addin.udfs"
    # The README's set-up makes these environments (Windows expands %VAR%, macOS a
    # leading $HOME: xlwings docs, "Making use of Environment Variables").
    assert conf["INTERPRETER_WIN"] == r"%USERPROFILE%\.xl_addin\venv\Scripts\python.exe"
    assert conf["INTERPRETER_MAC"] == "$HOME/.xl_addin/venv/bin/python"


def _first_statement(add_workbook: object, active: str, addin: str) -> str:
    # RunPython's PYTHONPATH argument: AddExcelDir; ActiveWorkbook.FullName;
    # ThisWorkbook.FullName; the three OneDrive/SharePoint settings; PYTHONPATH.
    return f"{add_workbook};{active};{addin};;;;"


def test_a_onedrive_address_fails_inside_xlwings_unless_the_setting_is_false(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With AutoSave on OneDrive, FullName is an https address (xlwings docs, "OneDrive
    # and SharePoint"); with the folder setting on, xlwings must map it to a synced
    # folder before our code is imported. None is synced here.
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("OneDrive", raising=False)
    monkeypatch.delenv("OneDriveConsumer", raising=False)
    monkeypatch.setattr(sys, "path", list(sys.path))
    url = "https://d.docs.live.net/4f1a2b3c4d5e6f70/Performance/dashboard.xlsx"
    addin = "C:/Users/analyst/AppData/Roaming/Microsoft/Excel/XLSTART/xl_addin.xlam"
    xlwings.utils.fullname_url_to_local_path.cache_clear()
    with pytest.raises(xlwings.XlwingsError,
                       match=r"^Couldn't find your local OneDrive file, see: xlwings\.org/error$"):
        xlwings.utils.prepare_sys_path(_first_statement("true", url, addin))
    before = list(sys.path)
    conf = conf_as_xlwings_reads_it(bundled(ADDIN_NAME))
    xlwings.utils.prepare_sys_path(_first_statement(conf["ADD_WORKBOOK_TO_PYTHONPATH"], url,
                                                    addin))
    assert [p for p in sys.path if p not in before] in ([], [""])  # "" is the empty PYTHONPATH


def test_a_stray_xl_addin_folder_beside_the_dashboard_does_not_shadow_the_package(
    tmp_path: Path,
) -> None:
    dashboards = tmp_path / "dashboards"
    (dashboards / "xl_addin").mkdir(parents=True)
    (dashboards / "xl_addin" / "__init__.py").write_text("STRAY = True\n", encoding="utf-8")
    book = str(dashboards / "dashboard.xlsx")
    addin = str(tmp_path / "XLSTART" / ADDIN_NAME)

    def imported(add_workbook: object) -> str:
        # What the ribbon's Python runs first, then the button's own import.
        code = ("import xlwings.utils; xlwings.utils.prepare_sys_path("
                f"{_first_statement(add_workbook, book, addin)!r}); "
                "import xl_addin; print(xl_addin.__file__)")
        return subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path,
                              capture_output=True, text=True).stdout.strip()

    assert imported("true") == str(dashboards / "xl_addin" / "__init__.py")
    conf = conf_as_xlwings_reads_it(bundled(ADDIN_NAME))
    assert imported(conf["ADD_WORKBOOK_TO_PYTHONPATH"]) == str(ROOT / "xl_addin" / "__init__.py")


def test_separate_interpreters_for_windows_and_macos(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, [
        "build-addin", "--out", str(tmp_path),
        "--interpreter-win", r"C:\Python311\pythonw.exe",
        "--interpreter-mac", "/Users/analyst/.venvs/xl/bin/python"])
    assert result.exit_code == 0, result.output
    conf = conf_as_xlwings_reads_it(tmp_path / ADDIN_NAME)
    assert conf["INTERPRETER_WIN"] == r"C:\Python311\pythonw.exe"
    assert conf["INTERPRETER_MAC"] == "/Users/analyst/.venvs/xl/bin/python"
    assert conf["ADD_WORKBOOK_TO_PYTHONPATH"] == "false"


@pytest.mark.parametrize(("platform", "executable", "key"), [
    ("win32", r"C:\Users\analyst\AppData\Local\Programs\Python\Python311\python.exe",
     "INTERPRETER_WIN"),
    ("darwin", "/Users/analyst/.xl_addin/venv/bin/python", "INTERPRETER_MAC"),
])
def test_by_default_the_python_that_builds_it_runs_it_on_its_own_system(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str, executable: str, key: str,
) -> None:
    # The build runs in the Python that has xl_addin; the other system gets the
    # README's environment.
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(sys, "executable", executable)
    result = CliRunner().invoke(app, ["build-addin", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    conf = conf_as_xlwings_reads_it(tmp_path / ADDIN_NAME)
    other = {"INTERPRETER_WIN": r"%USERPROFILE%\.xl_addin\venv\Scripts\python.exe",
             "INTERPRETER_MAC": "$HOME/.xl_addin/venv/bin/python"}
    assert conf[key] == executable
    assert [conf[k] for k in other if k != key] == [v for k, v in other.items() if k != key]


@pytest.mark.parametrize(("option", "value", "reason"), [
    # ExecuteWindows runs plain `python` from the PATH; anything else must pass FileExists.
    ("--interpreter-win", "python", "not a full path"),
    ("--interpreter-win", "py", "not a full path"),
    ("--interpreter-win", r"C:\Users\analyst\AppData\Local\Microsoft\WindowsApps\python.exe",
     "Microsoft Store shortcut"),
    # AppleScript's `do shell script` has no user PATH and does not expand `~`.
    ("--interpreter-mac", "python3", "not a full path"),
    ("--interpreter-mac", "~/.xl_addin/venv/bin/python", "not a full path"),
    ("--interpreter-mac", "/usr/bin/python3", "Apple's Python"),
])
def test_an_interpreter_excel_cannot_start_is_refused(
    tmp_path: Path, option: str, value: str, reason: str,
) -> None:
    result = CliRunner().invoke(app, ["build-addin", "--out", str(tmp_path), option, value])
    assert result.exit_code == 1
    assert reason in " ".join(result.output.split())  # rich wraps long lines
    assert not (tmp_path / ADDIN_NAME).exists()


@pytest.mark.parametrize("value", [
    r"%LOCALAPPDATA%\Programs\Python\Python312\python.exe", r"\\council\apps\py\python.exe"])
def test_windows_variables_and_shares_are_full_paths(tmp_path: Path, value: str) -> None:
    build_addin(tmp_path, interpreter_win=value)
    assert conf_as_xlwings_reads_it(tmp_path / ADDIN_NAME)["INTERPRETER_WIN"] == value


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


# -- the Board pack add-in: a second file, because the template's VBA has one callback -------

def test_board_pack_add_in_is_shipped_valid_and_shares_the_early_help_tab(
    tmp_path: Path
) -> None:
    from xl_addin.addin import ADDIN_FILES, SHARED_NS, build_addins

    refresh, pack = build_addins(tmp_path)
    assert pack.name == ADDIN_FILES["board_pack"] == "xl_addin.board_pack.xlam"
    assert pack.read_bytes() == bundled(pack.name).read_bytes(), (
        "workbook_templates/xl_addin.board_pack.xlam is stale: run xl-addin build-addin "
        "--out workbook_templates")
    # Everything but the ribbon is the Refresh add-in's: same VBA, same conf sheet.
    ours, refresh_parts = parts(pack), parts(refresh)
    assert {n for n in ours if ours[n] != refresh_parts[n]} == {CUSTOM_UI}
    schema = xmlschema.XMLSchema(str(SCHEMA), validation="lax")
    tabs = []
    for built_file in (refresh, pack):
        xml = parts(built_file)[CUSTOM_UI]
        schema.validate(xml.decode("utf-8"))
        root = etree.fromstring(xml)
        [tab] = root.iter(f"{{{CUSTOM_UI_NS}}}tab")
        prefix, local = str(tab.get("idQ")).split(":")
        tabs.append((root.nsmap[prefix], local, tab.get("label")))
        [button] = root.iter(f"{{{CUSTOM_UI_NS}}}button")
        assert button.get("onAction") == RUN_MAIN
    # One tab: the same qualified id in the same namespace, so Excel merges the groups.
    assert tabs == [(SHARED_NS, "xlAddinTab", "Early Help")] * 2
    [button] = etree.fromstring(parts(pack)[CUSTOM_UI]).iter(f"{{{CUSTOM_UI_NS}}}button")
    assert button.get("label") == "Board pack"
    assert "PDF beside it" in (button.get("supertip") or "")


def test_board_pack_button_runs_main_of_the_module_named_like_its_file() -> None:
    # RunMain takes the name up to its last dot: `import xl_addin.board_pack;
    # xl_addin.board_pack.main()`, importable without matplotlib or pandas loaded.
    name = "xl_addin.board_pack.xlam"
    module = name[:name.rindex(".")]
    assert module == "xl_addin.board_pack"
    code = (f"import sys, {module}; assert callable({module}.main); "
            "assert not {'matplotlib', 'pandas', 'xlwings'} & set(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
