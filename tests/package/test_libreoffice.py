"""A refreshed workbook opened by a real spreadsheet program: LibreOffice finds the values.

Skipped with one line when `soffice` is not on the PATH. A test never installs
system packages: `.ci/run` installs LibreOffice under CI (as root, with apt-get).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from xl_addin.adapters.package import open_workbook
from xl_addin.core.plan import CellWrite, WritePlan

from .builders import dashboard

pytestmark = pytest.mark.libreoffice
_CSV_AS_SHOWN = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true"
"""Comma-separated, UTF-8, first sheet, cells formatted as shown (token 9)."""


@pytest.fixture(scope="module")
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip("LibreOffice tests: soffice not found (apt-get install libreoffice-calc-nogui)")
    return found


def _convert(soffice: str, source: Path, fmt: str, out: Path) -> Path:
    profile = out / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = out / f"{source.stem}.{fmt.split(':', maxsplit=1)[0]}"
    assert converted.exists(), f"LibreOffice did not write {converted}"
    return converted


def test_libreoffice_opens_recalculates_and_finds_written_values(
    soffice: str, tmp_path: Path
) -> None:
    path = dashboard(tmp_path / "Dashboard.xlsx")
    book = open_workbook(path)
    book.apply(
        [
            WritePlan(
                "Early Help",
                (
                    CellWrite(0, 3, "Change"),
                    CellWrite(1, 3, 0.25, "0.0%", "good"),
                    CellWrite(2, 3, -0.2, "0.0%", "bad"),
                    CellWrite(1, 4, "=not a formula", None, "neutral"),
                    CellWrite(12, 0, "added row"),
                ),
            )
        ]
    )
    book.save()
    out = tmp_path / "converted"
    out.mkdir()
    # csv of the first sheet; LibreOffice recalculates F2 (=C2-B2) on load
    with _convert(soffice, path, _CSV_AS_SHOWN, out).open(encoding="utf-8") as exported:
        rows = list(csv.reader(exported))
    assert rows[0][3] == "Change"
    assert rows[1][3] == "25.0%"
    assert rows[2][3] == "-20.0%"
    assert rows[1][4] == "=not a formula"
    assert rows[1][5] == "30"
    assert rows[12][0] == "added row"
