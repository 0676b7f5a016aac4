"""Building xl_addin.xlam from the xlwings ribbon add-in template.

The template (`quickstart_addin_ribbon.xlam` inside the installed xlwings) holds
the VBA that runs `import <file name>; <file name>.main()` from its ribbon
button (`RibbonMyAddin.RunMain`). We copy every part unchanged, byte for byte,
and rewrite only three: the ribbon (customUI/customUI.xml), the settings sheet
(so that `UDF Modules` is xl_addin.udfs) and the workbook part (to switch that
sheet on: xlwings reads `myaddin.conf`, and ignores `_myaddin.conf`). The VBA,
and so the add-in, is tied to the xlwings version it came from.
"""

from __future__ import annotations

import importlib.util
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from lxml import etree

from xl_addin.core.errors import WorkbookError

ADDIN_FILE: Final = "xl_addin.xlam"
TEMPLATE_FILE: Final = "quickstart_addin_ribbon.xlam"
CUSTOM_UI: Final = "customUI/customUI.xml"
WORKBOOK: Final = "xl/workbook.xml"
SHARED_STRINGS: Final = "xl/sharedStrings.xml"
VBA_PROJECT: Final = "xl/vbaProject.bin"
CUSTOM_UI_NS: Final = "http://schemas.microsoft.com/office/2006/01/customui"
SHEET_NS: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
# The template's VBA (module xlwings) says PROJECT_NAME = "myaddin".
INACTIVE_CONF: Final = "_myaddin.conf"
ACTIVE_CONF: Final = "myaddin.conf"
RUN_MAIN: Final = "RibbonMyAddin.RunMain"
UDF_MODULES: Final = "xl_addin.udfs"

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


def custom_ui_xml() -> bytes:
    """The ribbon: one tab, one group, one large button that runs main()."""
    root = etree.Element(f"{{{CUSTOM_UI_NS}}}customUI",
                         nsmap={None: CUSTOM_UI_NS})  # type: ignore[dict-item]
    ribbon = etree.SubElement(root, f"{{{CUSTOM_UI_NS}}}ribbon")
    tabs = etree.SubElement(ribbon, f"{{{CUSTOM_UI_NS}}}tabs")
    tab = etree.SubElement(tabs, f"{{{CUSTOM_UI_NS}}}tab", id="xlAddinTab", label=TAB_LABEL)
    group = etree.SubElement(tab, f"{{{CUSTOM_UI_NS}}}group", id="xlAddinDashboard",
                             label="Dashboard")
    etree.SubElement(
        group, f"{{{CUSTOM_UI_NS}}}button", id="xlAddinRefresh", label="Refresh calculations",
        size="large", imageMso="CalculateNow", onAction=RUN_MAIN, screentip=SCREEN_TIP,
        supertip=SUPER_TIP,
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


def _set_settings(sheet_xml: bytes, strings: list[str], settings: Mapping[str, str]) -> bytes:
    """Put each value in column B next to its key in column A (inline strings)."""
    root = _xml(sheet_xml)
    left = dict(settings)
    for row in root.iter(f"{{{SHEET_NS}}}row"):
        cells = row.findall(f"{{{SHEET_NS}}}c")
        key_cell = next((c for c in cells if str(c.get("r", "")).startswith("A")), None)
        if key_cell is None or key_cell.get("t") != "s":
            continue
        key = strings[int(key_cell.findtext(f"{{{SHEET_NS}}}v") or -1)]
        if key not in left:
            continue
        for cell in cells:
            if cell is not key_cell:
                row.remove(cell)
        value = etree.SubElement(row, f"{{{SHEET_NS}}}c", r=f"B{row.get('r')}", t="inlineStr")
        if key_cell.get("s") is not None:
            value.set("s", str(key_cell.get("s")))
        etree.SubElement(etree.SubElement(value, f"{{{SHEET_NS}}}is"),
                         f"{{{SHEET_NS}}}t").text = left.pop(key)
        row.set("spans", "1:2")
    if left:
        raise WorkbookError("settings sheet", f"the template has no {', '.join(left)} setting.",
                            hint="Reinstall xlwings; its add-in template looks changed.")
    return _serialise(root)


def _check_out_dir(out_dir: Path) -> None:
    """`--out` is the folder to write into: refuse a file, or a path through a file."""
    for folder in (out_dir, *out_dir.parents):
        if folder.exists() and not folder.is_dir():
            raise WorkbookError(
                str(out_dir), f"{folder} is a file, not a folder." if folder != out_dir
                else "is a file, not a folder.",
                hint=f"Give the folder to write {ADDIN_FILE} into (--out), for example "
                f"{folder.resolve().parent}.")


def build_addin(out_dir: Path, template: Path | None = None,
                extra_settings: Mapping[str, str] | None = None) -> Path:
    """Write xl_addin.xlam into `out_dir`; the same inputs give the same bytes."""
    source = template or template_path()
    settings = {"UDF Modules": UDF_MODULES, **(extra_settings or {})}
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
        CUSTOM_UI: custom_ui_xml(),
        WORKBOOK: workbook,
        sheet: _set_settings(parts[sheet], _shared_strings(parts[SHARED_STRINGS]), settings),
    }
    _check_out_dir(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / ADDIN_FILE
    with zipfile.ZipFile(target, "w") as zout:
        for info in infos:
            # Same names, order, timestamps and compression as the template.
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            copy.create_system = info.create_system
            zout.writestr(copy, changed.get(info.filename, parts[info.filename]))
    return target
