"""SPC for every indicator of a table: each row's own series, ending at its current period.

A monthly row's series is every month up to the reporting month; a quarterly row's is
every third column ending at its current quarter (so three months of one quarter never
count as three points). Missing figures are left out of the chart, not taken as zero.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .periods import Month
from .results import Column, Results, object_array
from .spc import SpcOptions, SpcResult, analyse
from .spc_settings import SpcSettings, options_for
from .table import TableData

SETTINGS_COLUMN = "spc_settings"
"""The results column holding each row's SpcSettings (present when Settings sets any)."""


def indicator_series(data: TableData, i: int, end: Month | None) -> tuple[
    npt.NDArray[np.float64], list[Month]
]:
    """Row i's figures, oldest first, up to `end`, and the period of each."""
    pos = data.position(end) if end is not None else None
    if pos is None:
        return np.zeros(0), []
    step = int(data.steps[i])
    cols = np.arange(pos, -1, -step)[::-1]
    return data.values[i, cols], [data.axis[c] for c in cols.tolist()]


def chart_for(data: TableData, results: Results, i: int,
              options: SpcOptions | None = None) -> tuple[SpcResult, list[Month]]:
    """Row i's XmR chart, and the period of each of its points. Without `options`, the
    row's own settings from the Settings sheet (its baseline and step changes are
    periods, found among the periods that have a figure)."""
    values, periods = indicator_series(data, i, results["current_month"][i])
    if options is None and SETTINGS_COLUMN in results:
        with_figure = np.flatnonzero(np.isfinite(values)).tolist()
        options = options_for(results[SETTINGS_COLUMN][i], [periods[j] for j in with_figure])
    target = float(results["target"][i]) if "target" in results else None
    result = analyse(values, results["polarity"][i], target, options)
    return result, [periods[p] for p in result.positions.tolist()]


def spc_columns(data: TableData, results: Results,
                options: SpcOptions | None = None) -> dict[str, Column]:
    """The 'variation' and 'assurance' columns of the results (one chart per row)."""
    charts = [chart_for(data, results, i, options)[0] for i in range(len(results))]
    return {
        "variation": object_array([c.variation for c in charts]),
        "assurance": object_array([c.assurance for c in charts]),
    }


def settings_of(results: Results) -> dict[str, SpcSettings]:
    """The SPC settings a refresh used, by Ref (to compute another month the same way)."""
    if SETTINGS_COLUMN not in results:
        return {}
    pairs = zip(results["ref"].tolist(), results[SETTINGS_COLUMN].tolist(), strict=True)
    return {str(ref): s for ref, s in pairs if s is not None}
