"""Every workbook of ../shared/corpus refreshed in place: nothing but the written cells changes.

For each workbook (copied to a temporary folder): place a small dashboard table
below the content of its first worksheet, save, refresh a few derived cells next to
it (tones, number formats, text starting with '='), save again, and compare with
the original: every other part byte-identical, styles only appended to, the sheet
different only in the written cells. Refused workbooks must be left untouched.
"""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from xl_addin.adapters.package import open_workbook
from xl_addin.adapters.package.opc import OpcPackage, rels_part_for
from xl_addin.adapters.package.read.workbook_map import read_workbook_map
from xl_addin.adapters.package.workbook import PackageWorkbook
from xl_addin.core.errors import WorkbookError
from xl_addin.core.plan import CellWrite, WritePlan

from .conftest import FIDELITY_SUMMARY
from .fidelity import listing_findings, member_findings, sheet_findings, styles_findings

MIN_PROCESSED = 0.98
_ROWS = (("Referrals", 120, 150, "higher"), ("Re-referrals", 0.25, 0.2, "lower"))


def _table(book: PackageWorkbook, sheet: str) -> tuple[WritePlan, WritePlan]:
    """A 3 x 4 table two rows below the content, and a refresh of derived cells beside it."""
    grid = book.read_grid(sheet)
    top = grid.last_row + 1 if grid.height else 0
    left = grid.first_col
    header = ("Indicator", "Mar 2025", "Apr 2025", "Polarity")
    place = [CellWrite(top, left + c, text) for c, text in enumerate(header)] + [
        CellWrite(top + r, left + c, value)
        for r, line in (
            (1, ("Referrals", 120, 150, "higher")),
            (2, ("Re-referrals", 0.25, 0.2, "lower")),
        )
        for c, value in enumerate(line)
    ]
    refresh = [
        CellWrite(top, left + 4, "Change"),
        CellWrite(top, left + 5, "=Commentary, not a formula"),
        CellWrite(top + 1, left + 4, 0.25, "0.0%", "good"),
        CellWrite(top + 1, left + 5, "▲", None, "good"),
        CellWrite(top + 2, left + 4, -0.05, "0.0%", "neutral"),
        CellWrite(top + 2, left + 5, None, None, "bad"),
    ]
    return WritePlan(sheet, tuple(place)), WritePlan(sheet, tuple(refresh))


def _refresh(path: Path) -> tuple[str, list[CellWrite]] | None:
    book = open_workbook(path)
    sheets = book.sheet_names()
    if not sheets:
        return None
    place, refresh = _table(book, sheets[0])
    book.apply([place])
    book.save()
    book = open_workbook(path)
    book.apply([refresh])
    book.save(backup=False)
    part = book.sheet_part(sheets[0])
    return part, [*place.writes, *refresh.writes]


def _lost(original: bytes, path: Path, part: str, writes: list[CellWrite]) -> list[str]:
    book = open_workbook(path, for_writing=False)
    saved = OpcPackage.from_bytes(str(path), path.read_bytes())
    styles_part = read_workbook_map(saved).part_of_kind("styles") or ""
    allowed = {part, styles_part}
    if len(book.part_names()) > len(zipfile.ZipFile(io.BytesIO(original)).namelist()):
        # a styles part was created: the parts that list parts may grow
        allowed |= {book.workbook_part, rels_part_for(book.workbook_part), "[content_types].xml"}
    findings, old, new = member_findings(original, path.read_bytes(), allowed)
    findings += listing_findings(old, new)
    if part in old and part in new:
        findings += sheet_findings(old[part], new[part], writes)
    if styles_part in old and styles_part in new:
        findings += styles_findings(old[styles_part], new[styles_part])
    read_back = book.read_grid(book.sheet_names()[0])
    for write in writes:
        shown = read_back.value(write.row, write.col)
        if write.value is not None and shown != write.value:
            findings.append(f"read back {write.row},{write.col}: {shown!r} != {write.value!r}")
    return findings


@pytest.mark.corpus
def test_every_corpus_workbook_keeps_everything(corpus: Path, tmp_path: Path) -> None:
    started = time.perf_counter()
    outcomes: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    lost: dict[str, list[str]] = {}
    files = sorted(p for p in corpus.rglob("*") if p.suffix.lower() in {".xlsx", ".xlsm"})
    for number, source in enumerate(files):
        folder = tmp_path / str(number)
        folder.mkdir()
        copy = folder / source.name
        shutil.copyfile(source, copy)
        original = copy.read_bytes()
        name = str(source.relative_to(corpus))
        try:
            result = _refresh(copy)
        except WorkbookError as exc:
            refused[type(exc).__name__] += 1
            outcomes["refused"] += 1
            if copy.read_bytes() != original or len(list(folder.iterdir())) != 1:
                lost[name] = ["refused but the file or its folder was touched"]
            continue
        if result is None:
            outcomes["no worksheet"] += 1
            continue
        findings = _lost(original, copy, *result)
        if findings:
            lost[name] = findings
        else:
            outcomes["kept everything"] += 1
        shutil.rmtree(folder)

    processed = outcomes["kept everything"] + len(lost)
    seconds = time.perf_counter() - started
    FIDELITY_SUMMARY.extend(
        [
            f"{len(files)} workbooks in {seconds:.1f} s: "
            f"{outcomes['kept everything']} kept everything, {outcomes['refused']} refused, "
            f"{len(lost)} lost something, {outcomes['no worksheet']} without a worksheet",
            "refused by reason: " + ", ".join(f"{k} {v}" for k, v in sorted(refused.items())),
            f"processed: {processed / len(files):.1%} (at least {MIN_PROCESSED:.0%} required)",
            *(f"LOST {name}: {'; '.join(found[:3])}" for name, found in sorted(lost.items())),
        ]
    )
    assert not lost, f"{len(lost)} workbooks lost something: {sorted(lost)[:10]}"
    assert processed >= MIN_PROCESSED * len(files)
