"""The benchmark harness runs end to end at a tiny size (the benchmark itself is not a test)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.generate import generate
from benchmarks.measure import calamine_read, xl_addin_refresh, zip_copy
from benchmarks.run import verify, verify_in_child


def test_generate_refresh_and_verify_a_tiny_dashboard(tmp_path: Path) -> None:
    src = generate(tmp_path / "dash.xlsx", 20, 24)
    formulas = generate(tmp_path / "dash_formulas.xlsx", 20, 24, formulas=True)
    assert formulas.stat().st_size > src.stat().st_size
    out = tmp_path / "out.xlsx"
    phases = xl_addin_refresh(src, out)
    assert phases["cells_written"] == 20 * 10  # the ten derived cells of each row
    assert set(phases) >= {"import", "read", "compute", "write", "total"}
    assert verify(src, out, 24) == 20
    assert verify_in_child(src, out, 24) == 20  # the run's parent stays small (run.py)
    assert zip_copy(src, tmp_path / "copy.xlsx")["total"] > 0
    assert calamine_read(src, out)["cells"] > 20 * 24
