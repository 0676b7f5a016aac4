"""The monthly board pack: a summary, an SPC chart panel per indicator and the data checks,
as an A4 landscape PDF and a self-contained HTML page (see docs/board-pack.md).

matplotlib is imported only when a pack is drawn, so `xl-addin --help` stays fast.
"""

from __future__ import annotations

from .model import BoardPack, Panel, build_pack

__all__ = ["BoardPack", "Panel", "build_pack"]
