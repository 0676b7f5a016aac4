"""Where the bundled workbooks live: the source checkout or the installed wheel."""

from __future__ import annotations

from pathlib import Path

from xl_addin.core.errors import XlAddinError

_HERE = Path(__file__).resolve().parent
_CANDIDATES = (_HERE.parent / "workbook_templates", _HERE / "_templates")

SAMPLE_NAME = "early_help_dashboard.xlsx"


def template_path(name: str) -> Path:
    for folder in _CANDIDATES:
        if (folder / name).is_file():
            return folder / name
    raise XlAddinError(f"The bundled workbook {name} is missing from this installation of "
                       "xl-addin.", hint="Reinstall xl-addin (pip install --force-reinstall "
                       "xl-addin), or give the path of your own workbook.")
