"""`explain` says which SPC rule fired on which points, on the bundled sample."""

from __future__ import annotations

from xl_addin.adapters.package.workbook import open_workbook
from xl_addin.core.explain import explain
from xl_addin.service import check_workbook
from xl_addin.templates import SAMPLE_NAME, template_path


def lines(ref: str) -> dict[str, str]:
    result = check_workbook(open_workbook(template_path(SAMPLE_NAME), for_writing=False))
    return dict(explain(result, ref).lines)


def test_eh1b_names_the_rules_and_the_months() -> None:
    said = lines("EH1b")
    # Worked by hand in tests/core/test_spc_table.py.
    assert said["SPC limits"] == (
        "24 points, Sep-18 to Aug-20; mean 219.4, process limits 154.2 to 284.6 "
        "(mean ± 2.66 × mean moving range 24.5).")
    assert said["SPC signals"] == (
        "Two of three points beyond two sigma (above): Jul-20, Aug-20; "
        "Outside the process limits (above): Jul-20.")
    assert said["SPC variation"].endswith("Special cause: improvement (higher is better).")
    assert said["SPC assurance"].startswith("Hit and miss: target 250 lies inside")


def test_a_short_series_says_why_there_are_no_limits() -> None:
    said = lines("FM011")
    assert said["SPC"].startswith("insufficient data: ")
    assert "at least 15" in said["SPC"]
