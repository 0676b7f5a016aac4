"""A big sheet part is staged deflated only (no second copy) and saved from that stream."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from xl_addin.adapters.package import open_workbook, zip_io
from xl_addin.adapters.package.write import staged_edit
from xl_addin.core.plan import CellWrite, WritePlan

from .builders import dashboard

SHEET = "Early Help"
WRITES = (CellWrite(1, 3, 0.25), CellWrite(2, 3, -0.2), CellWrite(1, 4, "▲ up"),
          CellWrite(40, 6, 7.0))


def _written(path: Path, out: Path) -> tuple[bytes, bytes, bool]:
    book = open_workbook(path)
    book.apply([WritePlan(SHEET, WRITES)])
    held = book._edit.replaced.get(book.sheet_part(SHEET))
    streamed = isinstance(held, zip_io.DeflatedPart) and held.kept is None
    staged = book.read(book.sheet_part(SHEET))
    book.save(out, backup=False)
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        return staged, archive.read(book.sheet_part(SHEET)), streamed


@pytest.mark.parametrize("big", [False, True])
def test_streamed_part_reads_back_and_saves_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, big: bool
) -> None:
    path = dashboard(tmp_path / "dashboard.xlsx")
    plain_staged, plain_saved, plain_streamed = _written(path, tmp_path / "plain.xlsx")
    monkeypatch.setattr(staged_edit, "STREAM_ABOVE", 100)
    monkeypatch.setattr(zip_io, "CHUNK", 300)
    if big:  # staged as its deflate stream only, inflated again when read
        monkeypatch.setattr(staged_edit, "WELL_FORMED_CHECK_BELOW", 200)
    streamed_staged, streamed_saved, streamed = _written(path, tmp_path / "streamed.xlsx")
    assert not plain_streamed
    assert streamed is big  # only a part past the whole-part check drops its content
    assert streamed_staged == plain_staged == plain_saved == streamed_saved
    assert open_workbook(tmp_path / "streamed.xlsx").read_grid(SHEET).value(40, 6) == 7.0
