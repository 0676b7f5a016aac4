"""The no-workbook forms (`xl-addin explain EH1b`, `check`, `refresh`, `add-month`) never
change a file silently: they say which copy of the bundled sample they use, and a write
keeps its backup like any workbook's."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from xl_addin.cli import app
from xl_addin.templates import SAMPLE_NAME, template_path

runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_first_run_copies_the_sample_and_says_so(work: Path) -> None:
    result = runner.invoke(app, ["explain", "EH1b"])
    assert result.exit_code == 0, result.output
    copy = work / SAMPLE_NAME
    assert result.stderr == f"Copied the bundled sample to {copy}\n"
    assert copy.read_bytes() == template_path(SAMPLE_NAME).read_bytes()
    again = runner.invoke(app, ["check"])
    assert again.stderr.startswith(f"Using {copy} (a copy of the bundled sample)\n")


def test_a_changed_copy_is_named_and_a_write_keeps_its_backup(work: Path) -> None:
    copy = work / SAMPLE_NAME
    assert runner.invoke(app, ["add-month"]).exit_code == 0  # copies, adds Sep-20
    added = copy.read_bytes()
    backup = work / "early_help_dashboard.bak.xlsx"
    assert backup.read_bytes() == template_path(SAMPLE_NAME).read_bytes()
    # a second month on the changed copy (--force: Sep-20 is still empty)
    result = runner.invoke(app, ["add-month", "--force"])
    assert result.exit_code == 0, result.output
    assert (f"Using {copy}, the copy of the bundled sample an earlier run made, changed "
            f"since (delete it to start again from the bundled sample)") in result.stderr
    assert "Added Oct-20" in result.stdout
    assert backup.read_bytes() == added  # the copy as it was before this run
    copy.unlink()  # as the message says: deleting it starts again from the sample
    assert "Copied the bundled sample" in runner.invoke(app, ["explain", "EH1b"]).stderr


def test_refresh_through_a_link_says_which_file_it_wrote(work: Path) -> None:
    real = work / "shared" / "Dashboard.xlsx"
    real.parent.mkdir()
    real.write_bytes(template_path(SAMPLE_NAME).read_bytes())
    link = work / "Dashboard.xlsx"
    link.symlink_to(real)
    result = runner.invoke(app, ["refresh", str(link)])
    assert result.exit_code == 0, result.output
    assert f"{link} (a link: wrote {real})" in " ".join(result.stdout.split())
    assert link.is_symlink()
