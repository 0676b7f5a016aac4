"""The corpus fidelity summary after a run (the `corpus` fixture: tests/conftest.py)."""

from __future__ import annotations

import pytest

FIDELITY_SUMMARY: list[str] = []
"""Lines the corpus fidelity test leaves for the terminal summary."""


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FIDELITY_SUMMARY:
        terminalreporter.section("workbook fidelity over the corpus")
        for line in FIDELITY_SUMMARY:
            terminalreporter.write_line(line)

