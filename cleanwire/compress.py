"""Compressed corpora: gzip, xz and zstd, recognised by their first bytes.

Reading decides by content, not by name: a gzip file called ``.jsonl`` is still read
as gzip. Writing decides by the output's name (``.gz``, ``.xz``, ``.zst``), and a file
rewritten in place keeps the compression it had. gzip and xz come with Python; zstd
needs the ``zstandard`` package (the ``zstd`` extra).

A damaged stream (a truncated download, a corrupt block) raises
:class:`CorruptInput`, which names the file and the format, however deep in the
file the damage is; callers report it as that file's error and go on.

>>> import io
>>> detect(b"\\x1f\\x8b\\x08\\x00"), detect(b"\\xfd7zXZ\\x00\\x00"), detect(b"(\\xb5/\\xfd"), detect(b'{"a"')
('gzip', 'xz', 'zstd', None)
>>> for_name("part-0001.jsonl.zst"), for_name("part-0001.jsonl")
('zstd', None)
"""

from __future__ import annotations

import gzip
import io
import lzma
import zlib
from typing import IO

MAGIC = {"gzip": b"\x1f\x8b", "xz": b"\xfd7zXZ\x00", "zstd": b"\x28\xb5\x2f\xfd"}
SUFFIXES = {".gz": "gzip", ".xz": "xz", ".zst": "zstd", ".zstd": "zstd"}
#: The longest magic number: how many bytes :func:`detect` needs.
HEAD = max(len(m) for m in MAGIC.values())


class CorruptInput(OSError):
    """A compressed input is truncated or corrupt; the message names the file."""


class MissingCodec(OSError):
    """The input needs a package that is not installed; the message says which."""


def detect(head: bytes) -> str | None:
    """The compression whose magic number opens ``head``, or ``None``."""
    for kind, magic in MAGIC.items():
        if head.startswith(magic):
            return kind
    return None


def for_name(name: str) -> str | None:
    """The compression an output file's name asks for, or ``None``."""
    for suffix, kind in SUFFIXES.items():
        if name.endswith(suffix):
            return kind
    return None


def _zstandard(name: str):
    try:
        import zstandard
    except ImportError:
        raise MissingCodec(
            f"{name}: zstd-compressed, which needs the 'zstd' extra (pip install zstandard)"
        ) from None
    return zstandard


class _ZstdReader(io.RawIOBase):
    """Decompress a zstd stream of one or more frames; a cut-off frame is an error.

    ``zstandard``'s own stream reader returns what it has when the input ends in the
    middle of a frame; a truncated corpus must not pass for a shorter one.
    """

    def __init__(self, raw: IO[bytes], zstandard) -> None:
        self._raw = raw
        self._dctx = zstandard.ZstdDecompressor()
        self._obj = self._dctx.decompressobj()
        self._error = zstandard.ZstdError
        self._out = b""
        self._pos = 0
        self._in_frame = False
        self._done = False

    def readable(self) -> bool:
        return True

    def _feed(self, data: bytes) -> None:
        parts = []
        while data:
            parts.append(self._obj.decompress(data))
            self._in_frame = True
            if not self._obj.eof:
                break
            data = self._obj.unused_data
            self._obj = self._dctx.decompressobj()
            self._in_frame = False
        self._out = b"".join(parts)
        self._pos = 0

    def readinto(self, buffer) -> int:
        while self._pos >= len(self._out) and not self._done:
            chunk = self._raw.read(1 << 16)
            if not chunk:
                if self._in_frame:
                    raise EOFError("the zstd stream ends in the middle of a frame")
                self._done = True
                break
            try:
                self._feed(chunk)
            except self._error as exc:
                raise CorruptInput(str(exc)) from None
        n = min(len(buffer), len(self._out) - self._pos)
        buffer[:n] = self._out[self._pos : self._pos + n]
        self._pos += n
        return n

    def close(self) -> None:
        super().close()
        self._raw.close()


class Reader:
    """Lines of a (possibly compressed) binary stream; damage raises :class:`CorruptInput`.

    ``kind`` is the compression found (``None`` for plain bytes).
    """

    def __init__(self, raw: IO[bytes], name: str, kind: str | None, owns_raw: bool = True) -> None:
        self.name = name
        self.kind = kind
        self._raw = raw
        self._owns_raw = owns_raw
        if kind == "gzip":
            self.stream = gzip.GzipFile(fileobj=raw, mode="rb")
        elif kind == "xz":
            self.stream = lzma.LZMAFile(raw, mode="rb")
        elif kind == "zstd":
            self.stream = io.BufferedReader(_ZstdReader(raw, _zstandard(name)), 1 << 16)
        else:
            self.stream = raw

    def __iter__(self):
        try:
            yield from self.stream
        except (EOFError, gzip.BadGzipFile, lzma.LZMAError, zlib.error, CorruptInput) as exc:
            raise CorruptInput(f"{self.name}: corrupt or truncated {self.kind or 'input'}: {exc}") from None

    def read(self) -> bytes:
        return b"".join(self)

    def close(self) -> None:
        if self.stream is not self._raw:
            self.stream.close()
        if self._owns_raw:
            self._raw.close()


def open_read(path: str, name: str | None = None) -> Reader:
    """Open ``path`` for reading, decompressing by content."""
    raw = open(path, "rb")
    try:
        kind = detect(raw.read(HEAD))
        raw.seek(0)
        return Reader(raw, name or path, kind)
    except BaseException:
        raw.close()
        raise


def reader_for_stream(raw, name: str) -> Reader:
    """A :class:`Reader` over a stream that can ``peek`` (standard input); closing the
    reader leaves the stream open."""
    head = raw.peek(HEAD)[:HEAD] if hasattr(raw, "peek") else b""
    return Reader(raw, name, detect(head), owns_raw=False)


def writer(raw: IO[bytes], kind: str | None, name: str):
    """A binary writer compressing into ``raw`` as ``kind``; closing it finishes the
    stream but leaves ``raw`` open. Output is deterministic (no timestamps)."""
    if kind == "gzip":
        return gzip.GzipFile(filename="", fileobj=raw, mode="wb", compresslevel=6, mtime=0)
    if kind == "xz":
        return lzma.LZMAFile(raw, mode="wb", preset=6)
    if kind == "zstd":
        return _zstandard(name).ZstdCompressor(level=3).stream_writer(raw, closefd=False)
    return raw
