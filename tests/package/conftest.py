"""Fixtures of the file-adapter tests, and the corpus fidelity summary at the end of a run."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
FIDELITY_SUMMARY: list[str] = []
"""Lines the corpus fidelity test leaves for the terminal summary."""


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FIDELITY_SUMMARY:
        terminalreporter.section("workbook fidelity over ../shared/corpus")
        for line in FIDELITY_SUMMARY:
            terminalreporter.write_line(line)


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (clone shared/ beside the repository)")
    return CORPUS
