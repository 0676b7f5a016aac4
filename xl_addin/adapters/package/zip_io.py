"""The zip container: read its directory, and write a copy that changes only some parts.

Untouched members are copied as raw bytes (local header, compressed data, data
descriptor, and their central-directory record), so they stay byte-identical,
compressed or not, with the same names and order. Python's `zipfile` is used only
to decompress and CRC-check members; it cannot copy a member without recompressing.
"""

from __future__ import annotations

import io
import itertools
import os
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

_LOCAL_SIG = b"PK\x03\x04"
_CENTRAL_SIG = b"PK\x01\x02"
_END_SIG = b"PK\x05\x06"
_DESCRIPTOR_SIG = b"PK\x07\x08"
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
_CENTRAL_HEADER = struct.Struct("<4sHHHHHHIIIHHHHHII")
_END_RECORD = struct.Struct("<4sHHHHIIH")
_ZIP64_EXTRA_ID = 0x0001
_HAS_DESCRIPTOR = 0x08
_UTF8_NAME = 0x800


class ZipLayoutError(ValueError):
    """The container's directory is inconsistent (the caller turns it into a typed error)."""


@dataclass(frozen=True)
class ZipMember:
    """One member as the central directory describes it, plus where its bytes lie."""

    name: str
    central_record: bytes
    local_offset: int
    local_end: int
    """One past its last byte: local header, data and data descriptor."""
    compress_type: int
    compress_size: int
    file_size: int
    dos_time: int
    dos_date: int


def normalise_name(name: str) -> str:
    """Part name as OPC compares them: '/' separators, no leading '/', case-insensitive."""
    return name.replace("\\", "/").lstrip("/").lower()


def read_directory(data: bytes) -> tuple[list[ZipMember], bytes]:
    """Members in central-directory order, and the archive comment."""
    end_at = data.rfind(_END_SIG, max(0, len(data) - 65_557))
    if end_at < 0:
        raise ZipLayoutError("no end-of-central-directory record")
    _, _, _, _, count, cd_size, cd_offset, comment_len = _END_RECORD.unpack_from(data, end_at)
    comment = data[end_at + _END_RECORD.size : end_at + _END_RECORD.size + comment_len]
    if cd_offset == 0xFFFFFFFF or count == 0xFFFF:
        raise ZipLayoutError("zip64 archives are not workbooks Excel writes at this size")

    members: list[ZipMember] = []
    pos = cd_offset
    for _ in range(count):
        if data[pos : pos + 4] != _CENTRAL_SIG:
            raise ZipLayoutError(f"broken central directory at byte {pos}")
        fields = _CENTRAL_HEADER.unpack_from(data, pos)
        flags, method, dos_time, dos_date = fields[3], fields[4], fields[5], fields[6]
        csize, usize, name_len, extra_len, comment_len = fields[8:13]
        offset = fields[16]
        size = _CENTRAL_HEADER.size + name_len + extra_len + comment_len
        raw_name = data[pos + _CENTRAL_HEADER.size : pos + _CENTRAL_HEADER.size + name_len]
        name = raw_name.decode("utf-8" if flags & _UTF8_NAME else "cp437")
        if 0xFFFFFFFF in (csize, usize, offset):
            raise ZipLayoutError(f"member {name} uses zip64 sizes")
        members.append(
            ZipMember(
                name=name,
                central_record=data[pos : pos + size],
                local_offset=offset,
                local_end=_local_end(data, offset, csize, flags),
                compress_type=method,
                compress_size=csize,
                file_size=usize,
                dos_time=dos_time,
                dos_date=dos_date,
            )
        )
        pos += size
    if pos != cd_offset + cd_size:
        raise ZipLayoutError("central directory size does not match its records")
    return members, comment


def _local_end(data: bytes, offset: int, compress_size: int, flags: int) -> int:
    if data[offset : offset + 4] != _LOCAL_SIG:
        raise ZipLayoutError(f"no local header at byte {offset}")
    fields = _LOCAL_HEADER.unpack_from(data, offset)
    name_len, extra_len = int(fields[9]), int(fields[10])
    data_end: int = offset + _LOCAL_HEADER.size + name_len + extra_len + compress_size
    if not flags & _HAS_DESCRIPTOR:
        return data_end
    has_signature = data[data_end : data_end + 4] == _DESCRIPTOR_SIG
    return data_end + (16 if has_signature else 12)


def _without_zip64(extra: bytes) -> bytes:
    """Drop zip64 blocks from an extra field (sizes we rewrite must not be contradicted)."""
    kept = bytearray()
    pos = 0
    while pos + 4 <= len(extra):
        block_id, length = struct.unpack_from("<HH", extra, pos)
        block = extra[pos : pos + 4 + length]
        if block_id != _ZIP64_EXTRA_ID:
            kept += block
        pos += 4 + length
    return bytes(kept)


COMPRESS_LEVEL = 6
"""zlib's default, close to what Excel writes: a refreshed file keeps its size."""
PARALLEL_ABOVE = 4 << 20
CHUNK = 2 << 20
_WINDOW = 32 << 10


def _deflate_chunk(content: bytes, start: int, end: int, last: bool) -> bytes:
    """Raw deflate of content[start:end], primed with the 32 KiB before it (as pigz does),
    ending on a byte boundary (sync flush) so that the chunks concatenate."""
    view = memoryview(content)
    if start:
        packer = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15,
                                  zdict=view[max(0, start - _WINDOW):start])
    else:
        packer = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    body = packer.compress(view[start:end])
    return body + packer.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


def _compress(content: bytes, method: int) -> bytes:
    if method == zipfile.ZIP_STORED:
        return content
    workers = os.cpu_count() or 1
    if len(content) <= PARALLEL_ABOVE or workers < 2:
        return _deflate_chunk(content, 0, len(content), True)
    # zlib releases the GIL while it compresses: a big sheet part is deflated in
    # chunks on every core, one valid deflate stream (the chunks end byte-aligned).
    bounds = [*range(0, len(content), CHUNK), len(content)]
    spans = list(itertools.pairwise(bounds))
    with ThreadPoolExecutor(max_workers=min(workers, len(spans))) as pool:
        parts = pool.map(lambda span: _deflate_chunk(content, span[0], span[1],
                                                     span[1] == len(content)), spans)
        return b"".join(parts)


class StreamingDeflate:
    """Content written piece by piece and deflated in 2 MiB chunks while it is written.

    The writer of a big sheet part is Python work holding the GIL; zlib releases it,
    so each finished chunk is deflated on another core while the next one is built
    (primed with the 32 KiB before it and sync-flushed, as `_compress` does). With
    `keep`, `finish` also returns the content; without it nothing but the deflate
    stream is kept (`finish` returns a `DeflatedPart`, which inflates it again if the
    content is ever read), so a big sheet part is not held twice.
    """

    def __init__(self, *, keep: bool = True) -> None:
        self._keep = keep
        self._chunks: list[bytes] = []
        self._pending: list[bytes | memoryview] = []
        self._size = 0
        self._total = 0
        self._tail = b""
        self._crc = 0
        self._futures: list[Future[bytes]] = []
        self._pool = ThreadPoolExecutor(max_workers=max(1, (os.cpu_count() or 1)))

    def write(self, piece: bytes | memoryview) -> None:
        if piece:
            self._pending.append(piece)
            self._size += len(piece)
            if self._size >= CHUNK:
                self._flush(last=False)

    def _flush(self, *, last: bool) -> None:
        chunk = b"".join(self._pending)
        self._pending, self._size = [], 0
        self._total += len(chunk)
        if self._keep:
            self._chunks.append(chunk)
        self._crc = zlib.crc32(chunk, self._crc)
        self._futures.append(self._pool.submit(_deflate_after, self._tail, chunk, last))
        self._tail = chunk[-_WINDOW:] if len(chunk) >= _WINDOW else (self._tail + chunk)[-_WINDOW:]

    def finish(self) -> DeflatedPart:
        """The written part (deflating goes on in the background)."""
        self._flush(last=True)
        self._pool.shutdown(wait=False)
        content = b"".join(self._chunks) if self._keep else None
        self._chunks = []
        return DeflatedPart(self._futures, self._crc, self._total, content)

    def cancel(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pending, self._futures, self._chunks = [], [], []


class DeflatedPart:
    """A written part held as its raw deflate stream (and its content when kept).

    `content()` gives the bytes: the kept ones, or the stream inflated again (each
    call; a refresh never reads a part back after writing it).
    """

    def __init__(self, futures: list[Future[bytes]], crc: int, size: int,
                 content: bytes | None) -> None:
        self._futures = futures
        self._stream: bytes | None = None
        self.crc = crc
        self.size = size
        self.kept = content

    def packed(self) -> tuple[bytes, int]:
        """(raw deflate stream, CRC-32) of the content."""
        if self._stream is None:
            self._stream = b"".join(f.result() for f in self._futures)
            self._futures = []
        return self._stream, self.crc

    def content(self) -> bytes:
        if self.kept is not None:
            return self.kept
        inflater = zlib.decompressobj(-15)
        data = inflater.decompress(self.packed()[0]) + inflater.flush()
        if len(data) != self.size or zlib.crc32(data) != self.crc:  # pragma: no cover
            raise ValueError("a staged part does not inflate to what was written")
        return data


def _deflate_after(before: bytes, chunk: bytes, last: bool) -> bytes:
    if before:
        packer = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15, zdict=before)
    else:
        packer = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    body = packer.compress(chunk)
    return body + packer.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


def _fresh_entry(
    template: ZipMember,
    name: bytes,
    content: bytes | DeflatedPart,
    offset: int,
    *,
    keep_comment: bool = True,
) -> tuple[bytes, bytes]:
    """Local entry and central record for new content, keeping the template's metadata.

    A `DeflatedPart` is written from its deflate stream, not deflated again.
    """
    method = template.compress_type if template.compress_type == zipfile.ZIP_STORED else 8
    if isinstance(content, DeflatedPart):
        size = content.size
        if method == zipfile.ZIP_DEFLATED:
            packed, crc = content.packed()
        else:
            content = content.content()
            packed, crc = content, zlib.crc32(content)
    else:
        size = len(content)
        packed = _compress(content, method)
        crc = zlib.crc32(content)
    fields = list(_CENTRAL_HEADER.unpack_from(template.central_record))
    old_name_len, old_extra_len, comment_len = fields[10], fields[11], fields[12]
    old_extra = template.central_record[
        _CENTRAL_HEADER.size + old_name_len : _CENTRAL_HEADER.size + old_name_len + old_extra_len
    ]
    comment = template.central_record[_CENTRAL_HEADER.size + old_name_len + old_extra_len :]
    if not keep_comment:
        comment, comment_len = b"", 0
    extra = _without_zip64(old_extra)
    flags = fields[3] & ~_HAS_DESCRIPTOR
    if any(b > 0x7F for b in name):
        flags |= _UTF8_NAME
    version_needed = fields[2]
    local = (
        _LOCAL_HEADER.pack(
            _LOCAL_SIG,
            version_needed,
            flags,
            method,
            fields[5],
            fields[6],
            crc,
            len(packed),
            size,
            len(name),
            0,
        )
        + name
        + packed
    )
    fields[3], fields[4], fields[7], fields[8], fields[9] = (
        flags,
        method,
        crc,
        len(packed),
        size,
    )
    fields[10], fields[11], fields[12], fields[16] = len(name), len(extra), comment_len, offset
    central = _CENTRAL_HEADER.pack(*fields) + name + extra + comment
    return local, central


def write_package(
    source: bytes,
    *,
    members: list[ZipMember],
    comment: bytes,
    replaced: Mapping[str, bytes | DeflatedPart],
    added: Iterable[tuple[str, bytes]],
    out: io.BufferedIOBase | io.BytesIO,
) -> None:
    """Write `source`'s members in order: raw copies, except `replaced` (by stored name).

    Replaced content may be a `DeflatedPart` (already deflated while it was written).

    `added` members go after the existing ones, with the metadata of the first member.
    """
    directory: list[bytes] = []
    offset = 0
    for member in members:
        if member.name in replaced:
            name = member.central_record[
                _CENTRAL_HEADER.size : _CENTRAL_HEADER.size
                + _CENTRAL_HEADER.unpack_from(member.central_record)[10]
            ]
            local, central = _fresh_entry(member, name, replaced[member.name], offset)
        else:
            local = source[member.local_offset : member.local_end]
            central = (
                member.central_record[:42] + struct.pack("<I", offset) + member.central_record[46:]
            )
        out.write(local)
        directory.append(central)
        offset += len(local)
    template = members[0]
    for added_name, content in added:
        local, central = _fresh_entry(
            template, added_name.encode("utf-8"), content, offset, keep_comment=False
        )
        out.write(local)
        directory.append(central)
        offset += len(local)
    cd_bytes = b"".join(directory)
    out.write(cd_bytes)
    out.write(
        _END_RECORD.pack(
            _END_SIG, 0, 0, len(directory), len(directory), len(cd_bytes), offset, len(comment)
        )
        + comment
    )
