"""One measured operation per call, each run in a fresh subprocess by run.py.

`python -m benchmarks.measure OP FILE [OUT]` prints one JSON line: the wall time of
each phase and the process's peak memory. Running every operation in its own
process makes peak memory honest and keeps imports out of the timings' way.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import shutil
import sys
import time
import zipfile
from pathlib import Path
from typing import Any


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def zip_copy(src: Path, out: Path) -> dict[str, float]:
    """Decompress and recompress every member: the floor for any tool that rewrites."""
    start = time.perf_counter()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
    return {"total": time.perf_counter() - start}


def openpyxl_load_save(src: Path, out: Path) -> dict[str, float]:
    start = time.perf_counter()
    from openpyxl import load_workbook

    book = load_workbook(src)
    loaded = time.perf_counter()
    book.save(out)
    return {"total": time.perf_counter() - start, "read": loaded - start,
            "write": time.perf_counter() - loaded}


def calamine_read(src: Path, out: Path) -> dict[str, float]:
    start = time.perf_counter()
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(src))
    cells = sum(len(row) for name in book.sheet_names
                for row in book.get_sheet_by_name(name).to_python())
    return {"total": time.perf_counter() - start, "cells": cells}


def xl_addin_refresh(src: Path, out: Path) -> dict[str, float]:
    """The refresh as `xl-addin refresh` runs it (data checks and their sheet included),
    timed phase by phase: read (open + locate the sheets), compute (plan + checks),
    write (apply the plans + save)."""
    start = time.perf_counter()
    from xl_addin.core.monthly import plan_monthly_refresh
    from xl_addin.files import open_file_workbook
    from xl_addin.service import locate_dashboard

    imported = time.perf_counter()
    book = open_file_workbook(src)
    sheets = locate_dashboard(book)
    read = time.perf_counter()
    planned = plan_monthly_refresh(sheets.dashboard, sheets.settings, sheets.checks,
                                   dt.datetime.now(), layout=sheets.layout)
    computed = time.perf_counter()
    book.apply(planned.plans)
    book.save(out, backup=False)
    written = time.perf_counter()
    return {"total": written - start, "import": imported - start, "read": read - imported,
            "compute": computed - read, "write": written - computed,
            "cells_written": len(planned.result.plan)}


def xlwings_calls(indicators: int) -> dict[str, Any]:
    """Remote-engine actions of a ribbon refresh, by kind (no Excel needed): the first
    refresh of a workbook, then the monthly one (the workbook as the first left it)."""
    import os
    from collections import Counter

    os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"  # this process only
    import xlwings as xw
    from xlwings import main as xw_main

    if "remote" not in xw_main.engines.engines_by_name:
        from xlwings.pro import _xlremote

        xw_main.engines.add(xw_main.Engine(impl=_xlremote.engine))
    import xl_addin
    from tests.xlwings.payload import after_actions, book_json, generated_sheets

    def ribbon(sheets: dict[str, Any]) -> tuple[float, list[dict[str, Any]]]:
        book = xw.Book(json=book_json(sheets))
        book.set_mock_caller()
        start = time.perf_counter()
        xl_addin.main()
        return time.perf_counter() - start, list(book.json()["actions"])

    sheets = generated_sheets(indicators)
    first_time, first = ribbon(sheets)
    second_time, second = ribbon(after_actions(sheets, first))
    result: dict[str, Any] = {}
    for label, elapsed, recorded in (("first", first_time, first),
                                     ("monthly", second_time, second)):
        counts = Counter(action["func"] for action in recorded)
        result[label] = {"total": elapsed, "calls": sum(counts.values()), **counts}
    return result


OPERATIONS = {
    "zip_copy": zip_copy,
    "openpyxl": openpyxl_load_save,
    "calamine": calamine_read,
    "xl_addin": xl_addin_refresh,
}


def main() -> None:
    op, src = sys.argv[1], Path(sys.argv[2])
    out = Path(sys.argv[3]) if len(sys.argv) > 3 else src.with_suffix(".out.xlsx")
    if op == "copy":
        shutil.copyfile(src, out)
        return
    if op == "xlwings_calls":
        result = xlwings_calls(int(sys.argv[2]))
        result["peak_mib"] = peak_mib()
        print(json.dumps(result))
        return
    result = OPERATIONS[op](src, out)
    result["peak_mib"] = peak_mib()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
