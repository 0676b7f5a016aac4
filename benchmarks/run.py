"""Benchmark: `xl-addin refresh` against the floor (a zip copy) and the alternatives.

    uv run python -m benchmarks.run            # all three sizes
    uv run python -m benchmarks.run --quick    # 50 x 36 and 1,000 x 60 only

For each dashboard size (indicators x months) it measures, as medians of several
runs in fresh processes: the refresh through the CLI (wall time, peak memory) and
its read / compute / write split; openpyxl load + save; python-calamine reading all
values; a plain zip copy; LibreOffice's headless recalculation of the same
dashboard with native formulas. It checks the refresh's written values while it
measures, and reports start-up times. Results: a Markdown table on stdout and
benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.generate import FIRST_MONTH_COL, HEADER_ROW
from benchmarks.libreoffice import recalc_seconds, soffice_available

SIZES = [(50, 36), (1000, 60), (10000, 120)]
HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
CLI = str(Path(sys.executable).parent / "xl-addin")


CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""Children may cache bytecode, as on an analyst's machine (without .pyc files every
import compiles its source: +1 s for the CLI)."""
SCALING = [(1000, 120), (2000, 120), (5000, 120), (10000, 120)]
CALL_COUNTS = [10, 10000]


def timed_process(args: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak MiB, stdout) of one child process.

    Output goes to temporary files, not pipes: a child printing more than a pipe holds
    would block until read, and os.wait4 (for the child's own peak memory) reads nothing.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err, env=CHILD_ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed: "
                               f"{err.read().decode('utf-8', 'replace')[-2000:]}")
    return wall, usage.ru_maxrss / 1024, stdout


def generate_in_child(src: Path, indicators: int, months: int, *, formulas: bool = False) -> None:
    """`generate`, in a child: see `verify_in_child`."""
    timed_process([PYTHON, "-m", "benchmarks.generate", str(indicators), str(months), str(src),
                   *(["--formulas"] if formulas else [])])


def verify_in_child(src: Path, out: Path, months: int) -> int:
    """`verify`, in a child. Linux carries a process's peak memory across fork and exec
    into the program it runs, so every child measured after this process grew would
    report this process's peak (verify's calamine rows made a 230 MiB refresh read 374)."""
    code = (f"from pathlib import Path; from benchmarks.run import verify; "
            f"print(verify(Path({str(src)!r}), Path({str(out)!r}), {months}))")
    return int(timed_process([PYTHON, "-c", code])[2].strip().splitlines()[-1])


def measure(op: str, src: Path, out: Path, repeats: int) -> dict[str, Any]:
    runs = []
    for _ in range(repeats):
        wall, _, stdout = timed_process([PYTHON, "-m", "benchmarks.measure", op, str(src),
                                            str(out)])
        record = json.loads(stdout.strip().splitlines()[-1])
        record["wall"] = wall
        runs.append(record)
    keys = [k for k in runs[0] if isinstance(runs[0][k], int | float)]
    return {k: statistics.median(r[k] for r in runs) for k in keys}


def measure_cli(src: Path, out: Path, repeats: int) -> dict[str, float]:
    walls, peaks = [], []
    for _ in range(repeats):
        wall, peak, _ = timed_process([CLI, "refresh", str(src), "--out", str(out)])
        walls.append(wall)
        peaks.append(peak)
    return {"wall": statistics.median(walls), "peak_mib": max(peaks)}


def verify(src: Path, out: Path, months: int, sample: int = 200) -> int:
    """Recompute a sample of rows by hand (no xl_addin code) and compare with the file."""
    from python_calamine import CalamineWorkbook

    def rows(path: Path) -> list[list[Any]]:
        return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Early Help").to_python()

    before, after = rows(src), rows(out)
    last = FIRST_MONTH_COL + months - 1
    after_col = last + 1
    checked = 0
    step = max(1, (len(before) - HEADER_ROW - 1) // sample)
    for r in range(HEADER_ROW + 1, len(before), step):
        cur, prev = before[r][last], before[r][last - 1]
        window = [v for v in before[r][last - 11:last + 1] if isinstance(v, float | int)]
        arrow, change = after[r][after_col], after[r][after_col + 1]
        if isinstance(cur, float | int) and isinstance(prev, float | int) and prev != 0:
            expected = (cur - prev) / abs(prev)
            assert abs(change - expected) < 1e-12, (r, change, expected)
            want = "▲" if expected >= 0.1 else "▼" if expected <= -0.1 else "►"
            assert arrow == want, (r, arrow, want)
        else:
            assert (arrow, change) == ("•", "n/a"), (r, arrow, change)
        average = after[r][after_col + 5]
        assert abs(average - sum(window) / len(window)) < 1e-9, (r, average)
        assert after[r][after_col + 15] == before[r][after_col + 15]  # commentary untouched
        checked += 1
    return checked


def startup(repeats: int = 5) -> dict[str, Any]:
    """Start-up walls (warm, bytecode cached), and which heavy modules each entry loads."""
    timed_process([CLI, "--help"])  # writes the bytecode caches once

    def median(args: list[str]) -> float:
        return statistics.median(timed_process(args)[0] for _ in range(repeats))

    probe = ("import sys, {m}; print(','.join(n for n in ('pandas', 'numpy', 'lxml', "
             "'python_calamine', 'xlwings') if n in sys.modules))")
    loaded = {m: timed_process([PYTHON, "-c", probe.format(m=m)])[2].strip()
              for m in ("xl_addin", "xl_addin.cli", "xl_addin.udfs", "xl_addin.macro")}
    return {
        "python_alone": median([PYTHON, "-c", "pass"]),
        "xl_addin_help": median([CLI, "--help"]),
        "import_xl_addin": median([PYTHON, "-c", "import xl_addin"]),
        "import_udfs": median([PYTHON, "-c", "import xl_addin.udfs"]),
        "import_macro": median([PYTHON, "-c", "import xl_addin.macro"]),
        "loaded": loaded,
    }


def call_counts(indicators: int) -> dict[str, Any]:
    _, _, stdout = timed_process([PYTHON, "-m", "benchmarks.measure", "xlwings_calls",
                                  str(indicators)])
    return dict(json.loads(stdout.strip().splitlines()[-1]))


def scaling(cache: Path, work: Path, repeats: int) -> list[dict[str, Any]]:
    """The refresh (in-process phases) at growing sizes: time per million cells."""
    rows = []
    for n, m in SCALING:
        src = cache / f"dash_{n}x{m}.xlsx"
        if not src.exists():
            generate_in_child(src, n, m)
        split = measure("xl_addin", src, work / "scale.xlsx", repeats)
        cells = n * m
        rows.append({"indicators": n, "months": m, "cells": cells, **split,
                     "s_per_million": (split["total"] - split["import"]) / cells * 1e6})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    sizes = SIZES[:2] if args.quick else SIZES
    cache = HERE / ".cache"
    cache.mkdir(exist_ok=True)
    results: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                   f"Python {platform.python_version()}",
        "repeats": args.repeats,
        "startup": startup(),
        "sizes": [],
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for n, m in sizes:
            src = cache / f"dash_{n}x{m}.xlsx"
            if not src.exists():
                generate_in_child(src, n, m)
            formulas = cache / f"dash_{n}x{m}_formulas.xlsx"
            if not formulas.exists():
                generate_in_child(formulas, n, m, formulas=True)
            out = work / "out.xlsx"
            row: dict[str, Any] = {"indicators": n, "months": m,
                                   "file_mb": src.stat().st_size / 1e6}
            row["zip_copy"] = measure("zip_copy", src, out, args.repeats)
            row["calamine"] = measure("calamine", src, out, args.repeats)
            row["openpyxl"] = measure("openpyxl", src, out, args.repeats)
            row["refresh_split"] = measure("xl_addin", src, out, args.repeats)
            row["refresh_cli"] = measure_cli(src, out, args.repeats)
            row["verified_rows"] = verify_in_child(src, out, m)
            # the usual monthly run: the derived cells (and Data checks) already exist, so
            # the splicer replaces cells instead of inserting them
            first = work / "first.xlsx"
            first.write_bytes(out.read_bytes())
            second = work / "second.xlsx"
            row["second_split"] = measure("xl_addin", first, second, args.repeats)
            row["second_cli"] = measure_cli(first, second, args.repeats)
            row["verified_rows"] += verify_in_child(src, second, m)
            if soffice_available():
                row["libreoffice"] = recalc_seconds(formulas, work, args.repeats)
            results["sizes"].append(row)
            print_row(row)
        results["calls"] = {n: call_counts(n) for n in CALL_COUNTS}
        if not args.quick:
            results["scaling"] = scaling(cache, work, args.repeats)
    (HERE / "results.json").write_text(json.dumps(results, indent=2))
    print_report(results)


def print_row(row: dict[str, Any]) -> None:
    print(f"{row['indicators']} x {row['months']}: refresh {row['refresh_cli']['wall']:.2f}s "
          f"second {row['second_cli']['wall']:.2f}s "
          f"zip {row['zip_copy']['wall']:.2f}s openpyxl {row['openpyxl']['wall']:.2f}s",
          file=sys.stderr)


def _ratio(a: float, b: float | None) -> str:
    return f"{a / b:.2f}x" if b else "n/a"


def print_report(results: dict[str, Any]) -> None:
    print(f"Measured {results['date']} on {results['machine']}; medians of "
          f"{results['repeats']} runs, each in a fresh process; seconds.\n")
    print("| indicators x months | file | zip copy | calamine read | openpyxl load+save "
          "| LibreOffice recalc | **xl-addin refresh** | read / compute / write | peak memory "
          "| second refresh (cells replaced) | read / compute / write | peak memory "
          "| vs zip copy | vs openpyxl | vs LibreOffice |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for row in results["sizes"]:
        refresh = row["refresh_cli"]["wall"]
        split = row["refresh_split"]
        second = row["second_split"]
        lo = row.get("libreoffice", {}).get("wall")
        lo_text = f"{lo:.2f}" if lo else "n/a"
        print(f"| {row['indicators']:,} x {row['months']} | {row['file_mb']:.1f} MB "
              f"| {row['zip_copy']['wall']:.2f} | {row['calamine']['wall']:.2f} "
              f"| {row['openpyxl']['wall']:.2f} ({row['openpyxl']['peak_mib']:.0f} MiB) "
              f"| {lo_text} | **{refresh:.2f}** "
              f"| {split['read']:.2f} / {split['compute']:.2f} / {split['write']:.2f} "
              f"| {row['refresh_cli']['peak_mib']:.0f} MiB "
              f"| **{row['second_cli']['wall']:.2f}** | {second['read']:.2f} / "
              f"{second['compute']:.2f} / {second['write']:.2f} "
              f"| {row['second_cli']['peak_mib']:.0f} MiB "
              f"| {_ratio(refresh, row['zip_copy']['wall'])} "
              f"| {_ratio(refresh, row['openpyxl']['wall'])} | {_ratio(refresh, lo)} |")
    print("\nRefresh values (first and second refresh) checked against a hand computation: "
          + ", ".join(f"{r['verified_rows']} rows at {r['indicators']:,}" for r in
                      results["sizes"]) + ".")
    s = results["startup"]
    print(f"\nStart-up (warm): bare Python {s['python_alone']:.2f}s, `xl-addin --help` "
          f"{s['xl_addin_help']:.2f}s, `import xl_addin` {s['import_xl_addin']:.2f}s, "
          f"`import xl_addin.udfs` {s['import_udfs']:.2f}s, `import xl_addin.macro` "
          f"{s['import_macro']:.2f}s.")
    for module, loaded in s["loaded"].items():
        print(f"- `{module}` loads: {loaded or 'none of pandas, numpy, lxml, calamine, xlwings'}")
    if results.get("scaling"):
        print("\n| refresh at | cells | import | read | compute | write | total - import "
              "| s per million cells |")
        print("|---|---|---|---|---|---|---|---|")
        for r in results["scaling"]:
            print(f"| {r['indicators']:,} x {r['months']} | {r['cells']:,} | {r['import']:.2f} "
                  f"| {r['read']:.2f} | {r['compute']:.2f} | {r['write']:.2f} "
                  f"| {r['total'] - r['import']:.2f} | {r['s_per_million']:.2f} |")
    if results.get("calls"):
        runs = [(n, label, c) for n, both in results["calls"].items()
                for label, c in both.items() if isinstance(c, dict)]
        kinds = sorted({k for _, _, c in runs for k in c if k not in ("total", "calls")})
        print("\n| ribbon refresh (remote engine) | all calls | " + " | ".join(kinds) + " |")
        print("|---|---|" + "---|" * len(kinds))
        for n, label, c in runs:
            print(f"| {int(n):,} indicators, {label} | {c['calls']:,} | "
                  + " | ".join(f"{c.get(k, 0):,}" for k in kinds) + " |")

if __name__ == "__main__":
    main()
