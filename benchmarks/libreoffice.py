"""LibreOffice headless recalculation of a dashboard built with native formulas.

LibreOffice recalculates an .xlsx on load only when told to: a private profile sets
Calc's `OOXMLRecalcMode` to 0 (always). The time includes LibreOffice's start-up,
which is also measured on its own (a one-cell workbook).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import time
from pathlib import Path

REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop>
</item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop>
</item>
</oor:items>
"""


def soffice_available() -> bool:
    return shutil.which("soffice") is not None


def make_profile(folder: Path) -> str:
    user = folder / "lo_profile" / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(REGISTRY, encoding="utf-8")
    return (folder / "lo_profile").as_uri()


def convert(src: Path, outdir: Path, profile: str, to: str = "xlsx") -> Path:
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", to, "--outdir", str(outdir), str(src)],
        check=True, capture_output=True, timeout=600,
    )
    return outdir / f"{src.stem}.{to.split(':', maxsplit=1)[0]}"


def recalc_seconds(src: Path, work: Path, repeats: int) -> dict[str, float]:
    profile = make_profile(work)
    outdir = work / "lo_out"
    outdir.mkdir(exist_ok=True)
    convert(src, outdir, profile)  # first run initialises the profile; not counted
    walls = []
    for _ in range(repeats):
        start = time.perf_counter()
        convert(src, outdir, profile)
        walls.append(time.perf_counter() - start)
    return {"wall": statistics.median(walls)}
