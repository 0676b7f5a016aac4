"""Big parts are deflated in chunks on every core: still one stream any zip reader reads."""

from __future__ import annotations

import random
import zlib

import pytest

from xl_addin.adapters.package import zip_io


@pytest.mark.parametrize("size", [0, 1, 5_000, 64_000, 100_003])
def test_chunked_deflate_inflates_to_the_content(size: int, monkeypatch: pytest.MonkeyPatch) -> (
    None
):
    monkeypatch.setattr(zip_io, "PARALLEL_ABOVE", 1_000)
    monkeypatch.setattr(zip_io, "CHUNK", 7_000)
    rng = random.Random(size)
    content = b"".join(b'<c r="A%d"><v>%d</v></c>' % (i, rng.randint(0, 999))
                       for i in range(size // 20))[:size]
    packed = zip_io._compress(content, 8)
    assert zlib.decompress(packed, -15) == content
    whole = zlib.compressobj(zip_io.COMPRESS_LEVEL, zlib.DEFLATED, -15)
    assert len(packed) <= (len(whole.compress(content) + whole.flush())) * 1.05 + 64
