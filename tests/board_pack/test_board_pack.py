"""`xl-addin report` on the bundled sample: the PDF read back, the HTML's charts counted."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner

from xl_addin.cli import app
from xl_addin.templates import SAMPLE_NAME, template_path

runner = CliRunner()
REFS = ["EH1a", "EH1c", "EH1b", "EH14I", "CIN5", "LSCB1", "YO2", "FM011", "FM012"]


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("pack")
    book = folder / "dash.xlsx"
    shutil.copyfile(template_path(SAMPLE_NAME), book)
    before = book.read_bytes()
    pdf, page = folder / "pack.pdf", folder / "pack.html"
    result = runner.invoke(app, ["report", str(book), "--out", str(pdf), "--html", str(page)])
    assert result.exit_code == 0, result.output
    assert book.read_bytes() == before  # a report never writes the workbook
    return book, pdf, page


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def commentary(book: Path) -> dict[str, str]:
    ws = load_workbook(book)["Early Help"]
    return {str(ws.cell(r, 1).value): str(ws.cell(r, 47).value or "") for r in range(4, 14)
            if ws.cell(r, 1).value}


def figures_per_indicator(book: Path) -> dict[str, int]:
    """Numbers typed in each row's month columns (up to Aug-20), read with openpyxl."""
    ws = load_workbook(book)["Early Help"]
    header = [ws.cell(3, c).value for c in range(1, ws.max_column + 1)]
    months = [c for c, v in enumerate(header, start=1) if hasattr(v, "year")
              or re.fullmatch(r"[A-Z][a-z]{2}-\d\d", str(v or ""))]
    assert len(months) == 24, header  # Sep-18 .. Aug-20
    return {str(ws.cell(r, 1).value): sum(isinstance(ws.cell(r, c).value, int | float)
                                          for c in months)
            for r in range(4, 14) if ws.cell(r, 1).value}


def test_the_pdf_has_a_summary_a_page_per_indicator_and_the_checks(
    pack: tuple[Path, Path, Path]
) -> None:
    book, pdf, _ = pack
    pages = [_flat(p.extract_text()) for p in PdfReader(pdf).pages]
    # 1 summary + 9 indicators + 1 page of data checks (the sample has six findings).
    assert len(pages) == 11
    assert "board pack: Aug-20" in pages[0]
    assert "Special cause: improvement" in pages[0]
    assert "Appendix: data checks" in pages[-1]
    for ref, page in zip(REFS, pages[1:10], strict=True):
        assert f"{ref}: " in page, page[:40]
        words = _flat(commentary(book)[ref])[:60]
        assert words in page, (ref, words)
    # One chart per indicator page, each with its caption.
    assert sum(p.count("XmR chart of") for p in pages) == 9
    eh1b = pages[1 + REFS.index("EH1b")]
    assert "XmR chart of 24 points, Sep-18 to Aug-20." in eh1b
    assert "Special cause: improvement" in eh1b and "Hit and miss" in eh1b


def test_each_indicator_svg_has_one_point_per_period_with_a_figure(
    pack: tuple[Path, Path, Path]
) -> None:
    _, _, page = pack
    text = page.read_text(encoding="utf-8")
    # Self-contained: no script, no stylesheet or image fetched from anywhere.
    assert not re.search(r"<script|<link|<img|src=|href=.http", text)
    sections = re.findall(r"<section class='indicator' id='([^']+)'>(.*?)</section>", text,
                          flags=re.S)
    assert [ref for ref, _ in sections] == REFS
    ns = {"svg": "http://www.w3.org/2000/svg"}
    counted = {}
    for ref, body in sections:
        svg = ElementTree.fromstring(re.search(r"<svg.*?</svg>", body, flags=re.S)[0])
        groups = [g for g in svg.iter(f"{{{ns['svg']}}}g")
                  if "-points-" in (g.get("id") or "")]
        counted[ref] = sum(len(list(g.iter(f"{{{ns['svg']}}}use"))) for g in groups)
    # EH1b: 24 months typed Sep-18 .. Aug-20; EH1a has Feb-20 blank: 23.
    assert counted["EH1b"] == 24
    assert counted["EH1a"] == 23
    # Every indicator: one point per period with a figure, counted in the workbook itself.
    assert counted == figures_per_indicator(pack[0])
    ids = re.findall(r'id="([^"]+)"', text)
    assert len(ids) == len(set(ids))  # several charts on one page, no clashing ids


def test_the_cli_does_not_import_matplotlib_until_a_pack_is_drawn() -> None:
    import subprocess
    import sys

    code = ("import sys, xl_addin.cli, xl_addin.board_pack; "
            "print('matplotlib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"
