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

from benchmarks.generate import FIRST_MONTH_COL, HEADER_ROW, generate
from benchmarks.libreoffice import recalc_seconds, soffice_available

SIZES = [(50, 36), (1000, 60), (10000, 120)]
HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
CLI = str(Path(sys.executable).parent / "xl-addin")


def timed_process(args: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak MiB, stdout) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {err[-2000:]}")
    return wall, usage.ru_maxrss / 1024, out


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


def startup() -> dict[str, float]:
    help_walls = [timed_process([CLI, "--help"])[0] for _ in range(5)]
    udf_walls = [timed_process([PYTHON, "-c", "import xl_addin"])[0] for _ in range(5)]
    bare = [timed_process([PYTHON, "-c", "pass"])[0] for _ in range(5)]
    return {"xl_addin_help": statistics.median(help_walls),
            "import_xl_addin": statistics.median(udf_walls),
            "python_alone": statistics.median(bare)}


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
        "startup": startup(),
        "sizes": [],
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for n, m in sizes:
            src = cache / f"dash_{n}x{m}.xlsx"
            if not src.exists():
                generate(src, n, m)
            formulas = cache / f"dash_{n}x{m}_formulas.xlsx"
            if not formulas.exists():
                generate(formulas, n, m, formulas=True)
            out = work / "out.xlsx"
            row: dict[str, Any] = {"indicators": n, "months": m,
                                   "file_mb": src.stat().st_size / 1e6}
            row["zip_copy"] = measure("zip_copy", src, out, args.repeats)
            row["calamine"] = measure("calamine", src, out, args.repeats)
            row["openpyxl"] = measure("openpyxl", src, out, args.repeats)
            row["refresh_split"] = measure("xl_addin", src, out, args.repeats)
            row["refresh_cli"] = measure_cli(src, out, args.repeats)
            row["verified_rows"] = verify(src, out, m)
            if soffice_available():
                row["libreoffice"] = recalc_seconds(formulas, work, args.repeats)
            results["sizes"].append(row)
            print_row(row)
    (HERE / "results.json").write_text(json.dumps(results, indent=2))
    print_report(results)


def print_row(row: dict[str, Any]) -> None:
    print(f"{row['indicators']} x {row['months']}: refresh {row['refresh_cli']['wall']:.2f}s "
          f"zip {row['zip_copy']['wall']:.2f}s openpyxl {row['openpyxl']['wall']:.2f}s",
          file=sys.stderr)


def print_report(results: dict[str, Any]) -> None:
    print(f"Measured {results['date']} on {results['machine']}; medians, seconds.\n")
    print("| indicators x months | file | zip copy | calamine read | openpyxl load+save "
          "| LibreOffice recalc | **xl-addin refresh** | read / compute / write | peak memory "
          "| vs zip copy | vs openpyxl | vs LibreOffice |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for row in results["sizes"]:
        refresh = row["refresh_cli"]["wall"]
        split = row["refresh_split"]
        lo = row.get("libreoffice", {}).get("wall")
        lo_text = f"{lo:.2f}" if lo else "n/a"
        print(f"| {row['indicators']:,} x {row['months']} | {row['file_mb']:.1f} MB "
              f"| {row['zip_copy']['wall']:.2f} | {row['calamine']['wall']:.2f} "
              f"| {row['openpyxl']['wall']:.2f} ({row['openpyxl']['peak_mib']:.0f} MiB) "
              f"| {lo_text} | **{refresh:.2f}** "
              f"| {split['read']:.2f} / {split['compute']:.2f} / {split['write']:.2f} "
              f"| {row['refresh_cli']['peak_mib']:.0f} MiB "
              f"| {refresh / row['zip_copy']['wall']:.2f}x "
              f"| {refresh / row['openpyxl']['wall']:.2f}x "
              f"| {refresh / lo:.2f}x |" if lo else "| n/a |")
    s = results["startup"]
    print(f"\nStart-up: `xl-addin --help` {s['xl_addin_help']:.2f}s, `import xl_addin` "
          f"{s['import_xl_addin']:.2f}s, bare Python {s['python_alone']:.2f}s.")


if __name__ == "__main__":
    main()
