"""The monthly board pack: a summary, an SPC chart panel per indicator and the data checks,
as an A4 landscape PDF and a self-contained HTML page (see docs/board-pack.md).

matplotlib is imported only when a pack is drawn, so `xl-addin --help` stays fast.
"""

from __future__ import annotations

from .model import BoardPack, Panel, build_pack


def main() -> None:
    """The Board pack ribbon button: xl_addin.board_pack.xlam runs this (its file name is
    the module, see addin.py). Writes the PDF beside the workbook open in Excel."""
    try:
        from xl_addin.macro import board_pack as run
    except Exception as error:
        from xl_addin.ribbon_errors import cannot_start

        cannot_start(error)
    run()


__all__ = ["BoardPack", "Panel", "build_pack", "main"]
