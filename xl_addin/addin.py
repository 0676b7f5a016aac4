"""Building xl_addin.xlam from the xlwings ribbon add-in template.

The template (`quickstart_addin_ribbon.xlam` inside the installed xlwings) holds
the VBA that runs `import <file name>; <file name>.main()` from its ribbon
button (`RibbonMyAddin.RunMain`). That is its only callback, and it cannot tell one
button from another, so each button that runs something else is a second add-in
file whose name is the module to run: `xl_addin.board_pack.xlam` runs
`import xl_addin.board_pack; xl_addin.board_pack.main()` (the name up to its last
dot). Both put their group on one **Early Help** tab, shared through a qualified
id (`idQ`) in one namespace. We copy every part unchanged, byte for byte,
and rewrite only three: the ribbon (customUI/customUI.xml), the settings sheet
and the workbook part (to switch that sheet on: xlwings reads `myaddin.conf`,
and ignores `_myaddin.conf`). The VBA, and so the add-in, is tied to the xlwings
version it came from.

How xlwings 0.37.8's VBA (module `xlwings`, PROJECT_NAME "myaddin") reads the
settings sheet, which decides what we write into it:
- `GetConfigFromSheet` reads column A from A1 down to the first blank cell (End
  xlDown), upper-cases each key and takes column B as its value, so an added key
  must extend that unbroken block;
- `GetConfig` looks in the active workbook's `myaddin.conf` sheet first, then in
  the add-in's own, then `myaddin.conf` beside the workbook, then
  `~/.myaddin/myaddin.conf`: an analyst's workbook can still override any key;
- `RunPython` takes `INTERPRETER_WIN` on Windows and `INTERPRETER_MAC` on macOS,
  and only when that is empty the legacy `INTERPRETER`, defaulting to `python`.
  Windows accepts `%VAR%` in the value, macOS a leading `$HOME` (and
  `$APPLICATIONS`, `$DOCUMENTS`, `$DESKTOP`, `$DOWNLOADS`, `$TMPDIR`);
- `ADD_WORKBOOK_TO_PYTHONPATH` (default "true") makes Python's first statement,
  `xlwings.utils.prepare_sys_path`, put the workbook's folder on sys.path. For a
  workbook on OneDrive or SharePoint its FullName is an https address, which
  xlwings must map to a synced folder and fails on before `xl_addin` is imported;
  and an `xl_addin` folder beside the dashboards would shadow the package. The
  add-in needs neither, so we write "false" (text: the Python side compares
  `args[0].lower() == "true"`).
"""

from __future__ import annotations

import importlib.util
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Final, Literal

from lxml import etree

from xl_addin.core.errors import WorkbookError

ADDIN_FILE: Final = "xl_addin.xlam"
TEMPLATE_FILE: Final = "quickstart_addin_ribbon.xlam"
CUSTOM_UI: Final = "customUI/customUI.xml"
WORKBOOK: Final = "xl/workbook.xml"
SHARED_STRINGS: Final = "xl/sharedStrings.xml"
CUSTOM_UI_NS: Final = "http://schemas.microsoft.com/office/2006/01/customui"
SHEET_NS: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
# The template's VBA (module xlwings) says PROJECT_NAME = "myaddin".
INACTIVE_CONF: Final = "_myaddin.conf"
ACTIVE_CONF: Final = "myaddin.conf"
RUN_MAIN: Final = "RibbonMyAddin.RunMain"
UDF_MODULES: Final = "xl_addin.udfs"

INTERPRETER_WIN: Final = "Interpreter_Win"
INTERPRETER_MAC: Final = "Interpreter_Mac"
ADD_WORKBOOK_TO_PYTHONPATH: Final = "ADD_WORKBOOK_TO_PYTHONPATH"
VENV_WIN: Final = r"%USERPROFILE%\.xl_addin\venv\Scripts\python.exe"
"""Where the README's Windows set-up makes the environment (the add-in's default)."""
VENV_MAC: Final = "$HOME/.xl_addin/venv/bin/python"
"""Where the README's macOS set-up makes the environment (the add-in's default)."""
MAC_FOLDER_VARIABLES: Final = ("$HOME", "$APPLICATIONS", "$DOCUMENTS", "$DESKTOP",
                               "$DOWNLOADS", "$TMPDIR")
"""The only variables xlwings' VBA expands on macOS (GetMacDir), and only at the start."""

AddinKind = Literal["refresh", "board_pack"]
ADDIN_FILES: Final[dict[AddinKind, str]] = {"refresh": ADDIN_FILE,
                                            "board_pack": "xl_addin.board_pack.xlam"}
"""Each add-in file; its name without '.xlam' is the module whose main() it runs."""
SHARED_NS: Final = "urn:xl-addin:ribbon"
"""The namespace of the qualified tab id both add-ins use, so they share one tab."""
TAB_LABEL: Final = "Early Help"
SCREEN_TIP: Final = "Refresh calculations"
SUPER_TIP: Final = (
    "Recalculates the derived columns of the Early Help dashboard in the workbook you "
    "have open: change from the previous period and from the same period last year, "
    "DoT, 12-month average and maximum, benchmarks, variance to target and RAG. "
    "Monthly figures and commentary are never changed."
)


def template_path() -> Path:
    """The ribbon add-in template inside the installed xlwings package."""
    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        raise WorkbookError(TEMPLATE_FILE, "xlwings is not installed.",
                            hint="Install xl_addin with its dependencies (pip install xl-addin).")
    return Path(spec.origin).parent / TEMPLATE_FILE


BOARD_PACK_TIP: Final = "Board pack (PDF)"
BOARD_PACK_SUPER_TIP: Final = (
    "Writes the monthly board pack of the workbook you have open as a PDF beside it (A4 "
    "landscape): a summary, an SPC chart and the figures of each indicator with its "
    "commentary, and the data checks. The workbook is not changed."
)
_BUTTONS: Final[dict[AddinKind, tuple[str, str, str, str, str, str]]] = {
    # kind: (group id, group label, button id, label, icon, tips)
    "refresh": ("xlAddinDashboard", "Dashboard", "xlAddinRefresh", "Refresh calculations",
                "CalculateNow", SCREEN_TIP),
    "board_pack": ("xlAddinBoardPack", "Board pack", "xlAddinBoardPackPdf", "Board pack",
                   "FileSaveAsPdfOrXps", BOARD_PACK_TIP),
}


def custom_ui_xml(kind: AddinKind = "refresh") -> bytes:
    """The ribbon of one add-in file: its group, with one large button running its
    main(), on the Early Help tab that every xl_addin add-in shares."""
    group_id, group_label, button_id, label, icon, tip = _BUTTONS[kind]
    root = etree.Element(f"{{{CUSTOM_UI_NS}}}customUI",
                         nsmap={None: CUSTOM_UI_NS, "x": SHARED_NS})  # type: ignore[dict-item]
    ribbon = etree.SubElement(root, f"{{{CUSTOM_UI_NS}}}ribbon")
    tabs = etree.SubElement(ribbon, f"{{{CUSTOM_UI_NS}}}tabs")
    tab = etree.SubElement(tabs, f"{{{CUSTOM_UI_NS}}}tab", idQ="x:xlAddinTab", label=TAB_LABEL)
    group = etree.SubElement(tab, f"{{{CUSTOM_UI_NS}}}group", id=group_id, label=group_label)
    etree.SubElement(
        group, f"{{{CUSTOM_UI_NS}}}button", id=button_id, label=label, size="large",
        imageMso=icon, onAction=RUN_MAIN, screentip=tip,
        supertip=SUPER_TIP if kind == "refresh" else BOARD_PACK_SUPER_TIP,
    )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True,
                          pretty_print=True)


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _activate_settings(workbook_xml: bytes) -> tuple[bytes, str]:
    """Rename the settings sheet so xlwings reads it; return its relationship id."""
    root = _xml(workbook_xml)
    for sheet in root.iter(f"{{{SHEET_NS}}}sheet"):
        if sheet.get("name") in (INACTIVE_CONF, ACTIVE_CONF):
            sheet.set("name", ACTIVE_CONF)
            return _serialise(root), str(sheet.get(f"{{{REL_NS}}}id"))
    raise WorkbookError(WORKBOOK, f"the template has no {INACTIVE_CONF!r} settings sheet.",
                        hint="Reinstall xlwings; its add-in template looks changed.")


def _sheet_part(rels_xml: bytes, rel_id: str) -> str:
    for rel in _xml(rels_xml).iter(f"{{{PKG_REL_NS}}}Relationship"):
        if rel.get("Id") == rel_id:
            return "xl/" + str(rel.get("Target")).lstrip("/").removeprefix("xl/")
    raise WorkbookError(WORKBOOK, f"relationship {rel_id} of the settings sheet is missing.",
                        hint="Reinstall xlwings; its add-in template looks changed.")


def _shared_strings(data: bytes) -> list[str]:
    return ["".join(str(t) for t in si.itertext())
            for si in _xml(data).iter(f"{{{SHEET_NS}}}si")]


def _inline_cell(row: etree._Element, ref: str, text: str, style: str | None) -> None:
    cell = etree.SubElement(row, f"{{{SHEET_NS}}}c", r=ref, t="inlineStr")
    if style is not None:
        cell.set("s", style)
    etree.SubElement(etree.SubElement(cell, f"{{{SHEET_NS}}}is"), f"{{{SHEET_NS}}}t").text = text


def _key_rows(sheet_data: etree._Element, strings: list[str]) -> list[tuple[str, etree._Element]]:
    """The unbroken block of keys in column A from row 1, as xlwings' VBA reads it."""
    block: list[tuple[str, etree._Element]] = []
    for number, row in enumerate(sheet_data.iterfind(f"{{{SHEET_NS}}}row"), start=1):
        key_cell = row.find(f"{{{SHEET_NS}}}c[@r='A{number}']")
        if row.get("r") != str(number) or key_cell is None or key_cell.get("t") != "s":
            break
        block.append((strings[int(key_cell.findtext(f"{{{SHEET_NS}}}v") or -1)], row))
    return block


def _set_settings(sheet_xml: bytes, strings: list[str], settings: Mapping[str, str]) -> bytes:
    """Put each value in column B next to its key in column A (inline strings); a key
    the template lacks gets a new row right below the block, so xlwings still reads it."""
    root = _xml(sheet_xml)
    sheet_data = root.find(f"{{{SHEET_NS}}}sheetData")
    if sheet_data is None:
        raise WorkbookError("settings sheet", "the template's settings sheet has no cells.",
                            hint="Reinstall xlwings; its add-in template looks changed.")
    block = _key_rows(sheet_data, strings)
    if not block:
        raise WorkbookError("settings sheet", "the template's settings sheet has no keys in A1.",
                            hint="Reinstall xlwings; its add-in template looks changed.")
    first_key = block[0][1].find(f"{{{SHEET_NS}}}c")
    style = first_key.get("s") if first_key is not None else None
    rows = dict(block)
    for key, value in settings.items():
        row = rows.get(key)
        if row is None:
            number = len(rows) + 1
            if sheet_data.find(f"{{{SHEET_NS}}}row[@r='{number}']") is not None:
                raise WorkbookError("settings sheet", f"row {number} of the template's "
                                    f"settings sheet is taken; {key} cannot follow the keys.",
                                    hint="Reinstall xlwings; its add-in template looks "
                                    "changed.")
            above = list(rows.values())[-1]
            row = etree.Element(f"{{{SHEET_NS}}}row", r=str(number))
            if above.get("ht") is not None:
                row.set("ht", str(above.get("ht")))
            above.addnext(row)
            _inline_cell(row, f"A{number}", key, style)
            rows[key] = row
        for cell in row.findall(f"{{{SHEET_NS}}}c")[1:]:
            row.remove(cell)
        _inline_cell(row, f"B{row.get('r')}", value, style)
        row.set("spans", "1:2")
    return _serialise(root)


def windows_interpreter(path: str) -> str:
    """`path` if the add-in's VBA on Windows can start it; else a WorkbookError saying why.

    xlwings' ExecuteWindows runs `python`/`pythonw` from the PATH (on a new Windows,
    the Microsoft Store stub) and anything else only if FileExists finds it, so
    nothing but a full path (a drive, a share or a %VARIABLE% first) is accepted.
    """
    text = path.strip().strip('"')
    if not re.match(r"(?:[A-Za-z]:[\\/]|\\\\|%[^%\\/]+%)", text):
        raise WorkbookError(ADDIN_FILE, f"the Windows interpreter {path!r} is not a full path.",
                            hint="Give the full path of python.exe, e.g. from: py -c \"import "
                            "sys; print(sys.executable)\" (not 'python': on Windows it may be "
                            "the Microsoft Store stub).")
    if re.search(r"[\\/]Microsoft[\\/]WindowsApps[\\/]python[0-9.]*\.exe$", text, re.I):
        raise WorkbookError(ADDIN_FILE, f"{path!r} is the Microsoft Store shortcut, which "
                            "opens the Store when no Store Python is installed.",
                            hint="Give the real python.exe, e.g. from: py -c \"import sys; "
                            "print(sys.executable)\".")
    return text


def mac_interpreter(path: str) -> str:
    """`path` if the add-in's VBA on macOS can start it; else a WorkbookError saying why.

    Excel runs it through AppleScript's `do shell script`, whose PATH is
    /usr/bin:/bin:/usr/sbin:/sbin and which expands no `~`: only a full path, or one
    of the folder variables xlwings expands at the start (MAC_FOLDER_VARIABLES), works.
    """
    text = path.strip()
    if not (text.startswith("/") or text.split("/", 1)[0] in MAC_FOLDER_VARIABLES):
        raise WorkbookError(ADDIN_FILE, f"the macOS interpreter {path!r} is not a full path.",
                            hint=f"Give the full path, e.g. {VENV_MAC} (Excel starts Python "
                            "without your Terminal's PATH, and does not expand '~').")
    if text in ("/usr/bin/python3", "/usr/bin/python"):
        raise WorkbookError(ADDIN_FILE, f"{text} is Apple's Python (3.9, or the stub that "
                            "installs it), older than the 3.11 xl_addin needs.",
                            hint=f"Make the virtual environment of the README and give "
                            f"{VENV_MAC}.")
    return text


def default_interpreters(platform: str, executable: str) -> tuple[str, str]:
    """(Windows, macOS) interpreters when none is given: the Python running the build on
    its own system (it has xl_addin, or the build would not run), the README's virtual
    environment on the other."""
    win = executable if platform.startswith("win") and executable else VENV_WIN
    mac = executable if platform == "darwin" and executable else VENV_MAC
    return win, mac


def _check_out_dir(out_dir: Path) -> None:
    """`--out` is the folder to write into: refuse a file, or a path through a file."""
    for folder in (out_dir, *out_dir.parents):
        if folder.exists() and not folder.is_dir():
            raise WorkbookError(
                str(out_dir), f"{folder} is a file, not a folder." if folder != out_dir
                else "is a file, not a folder.",
                hint=f"Give the folder to write {ADDIN_FILE} into (--out), for example "
                f"{folder.resolve().parent}.")


def build_addins(out_dir: Path, template: Path | None = None, *,
                 interpreter_win: str = VENV_WIN, interpreter_mac: str = VENV_MAC) -> list[Path]:
    """Every add-in file (Refresh, then Board pack) into `out_dir`."""
    return [build_addin(out_dir, template, interpreter_win=interpreter_win,
                        interpreter_mac=interpreter_mac, kind=kind) for kind in ADDIN_FILES]


def build_addin(out_dir: Path, template: Path | None = None, *,
                interpreter_win: str = VENV_WIN, interpreter_mac: str = VENV_MAC,
                kind: AddinKind = "refresh") -> Path:
    """Write one add-in file (xl_addin.xlam by default) into `out_dir`; the same inputs
    give the same bytes.

    The interpreters are the Python the ribbon button runs on each system; the
    defaults are the virtual environments the README's set-up makes.
    """
    source = template or template_path()
    settings = {
        INTERPRETER_WIN: windows_interpreter(interpreter_win),
        INTERPRETER_MAC: mac_interpreter(interpreter_mac),
        "UDF Modules": UDF_MODULES,
        ADD_WORKBOOK_TO_PYTHONPATH: "false",
    }
    try:
        with zipfile.ZipFile(source) as zin:
            parts = {info.filename: zin.read(info) for info in zin.infolist()}
            infos = zin.infolist()
    except (OSError, zipfile.BadZipFile) as error:
        raise WorkbookError(str(source), f"cannot read the add-in template ({error}).",
                            hint="Reinstall xlwings.") from None
    workbook, rel_id = _activate_settings(parts[WORKBOOK])
    sheet = _sheet_part(parts["xl/_rels/workbook.xml.rels"], rel_id)
    changed = {
        CUSTOM_UI: custom_ui_xml(kind),
        WORKBOOK: workbook,
        sheet: _set_settings(parts[sheet], _shared_strings(parts[SHARED_STRINGS]), settings),
    }
    _check_out_dir(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / ADDIN_FILES[kind]
    with zipfile.ZipFile(target, "w") as zout:
        for info in infos:
            # Same names, order, timestamps and compression as the template.
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            copy.create_system = info.create_system
            zout.writestr(copy, changed.get(info.filename, parts[info.filename]))
    return target
