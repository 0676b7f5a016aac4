"""The one setting the corpus tests read: where the third-party workbook corpus is.

`XL_ADDIN_CORPUS` names the folder (a relative path is taken from the repository
root); unset, it is `../shared/corpus` beside the repository. When the folder is not
there every corpus test is skipped from the one `corpus` fixture below, and the
skips are reported at that fixture, so pytest's summary shows one line for all of
them (pytest would otherwise name each test). Under CI (`CI=true`) a missing corpus fails
the tests instead: CI always runs them (`.ci/run` checks it first as well).
"""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS_ENV = "XL_ADDIN_CORPUS"
DEFAULT_CORPUS = "../shared/corpus"


_SKIPPED = "corpus tests: no corpus at {} (set {} to the folder of third-party workbooks)"


def corpus_dir() -> Path:
    """The corpus folder the setting names (it may not exist)."""
    setting = os.environ.get(CORPUS_ENV) or DEFAULT_CORPUS
    path = Path(setting).expanduser()
    return (path if path.is_absolute() else ROOT / path).resolve()


@pytest.fixture(scope="session")
def corpus() -> Path:
    folder = corpus_dir()
    if not folder.is_dir():
        reason = _SKIPPED.format(folder, CORPUS_ENV)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + "; CI must run them", pytrace=False)
        pytest.skip(reason)
    return folder


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[
    None, pytest.TestReport, pytest.TestReport
]:
    """Every corpus skip at one place (this file), so the summary folds them into one line."""
    report = yield
    missing = "Skipped: " + _SKIPPED.format(corpus_dir(), CORPUS_ENV)
    if report.skipped and isinstance(report.longrepr, tuple) and report.longrepr[2] == missing:
        report.longrepr = (__file__, None, missing)  # type: ignore[assignment]
    return report
