"""Dask's clean_jsonl on fsspec URLs: remote-style paths, storage options, bytes kept.

These use the threaded scheduler, because fsspec's memory:// file system lives in
one process.
"""

from __future__ import annotations

import gzip
import os

import pytest

dask = pytest.importorskip("dask")
fsspec = pytest.importorskip("fsspec")

from fsspec.implementations.memory import MemoryFileSystem  # noqa: E402

from cleanwire.integrations import dask as cw_dask  # noqa: E402

CRLF = b'{"id": 1, "text": "Source: PTI\\nBody.\\n"}\r\n{"id": 2,  "text": "Plain.\\n"}\r\n{"id": 3}\r\n'
CRLF_CLEANED = b'{"id": 1, "text": "Body.\\n"}\r\n{"id": 2,  "text": "Plain.\\n"}\r\n{"id": 3}\r\n'


@pytest.fixture
def memory():
    fs = fsspec.filesystem("memory")
    fs.store.clear()
    fs.pseudo_dirs.clear()
    fs.pseudo_dirs.append("")
    yield fs
    fs.store.clear()


@pytest.fixture(autouse=True)
def threads():
    with dask.config.set(scheduler="threads"):
        yield


def test_memory_urls_in_and_out(memory, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    memory.pipe("/raw/part-0.jsonl", CRLF)
    memory.pipe("/raw/part-1.jsonl.gz", gzip.compress(CRLF))
    outputs = cw_dask.clean_jsonl("memory://raw/", "memory://clean/", compress=False)
    assert outputs == ["memory:///clean/part-0.jsonl", "memory:///clean/part-1.jsonl"]
    assert memory.cat("/clean/part-0.jsonl") == CRLF_CLEANED  # \r\n kept, byte for byte
    assert memory.cat("/clean/part-1.jsonl") == CRLF_CLEANED
    assert os.listdir(tmp_path) == []  # nothing written to a local folder named 'memory:'


def test_glob_url_and_gzip_output(memory):
    memory.pipe("/raw/a.jsonl", CRLF)
    memory.pipe("/raw/b.jsonl", CRLF)
    memory.pipe("/raw/skip.txt", b"not a shard")
    outputs = cw_dask.clean_jsonl("memory://raw/*.jsonl", "memory://out")
    assert [o.rsplit("/", 1)[1] for o in outputs] == ["a.jsonl.gz", "b.jsonl.gz"]
    assert gzip.decompress(memory.cat("/out/a.jsonl.gz")) == CRLF_CLEANED


def test_file_urls(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "p.jsonl").write_bytes(CRLF)
    outputs = cw_dask.clean_jsonl(f"file://{tmp_path}/raw/p.jsonl", f"file://{tmp_path}/clean", compress=False)
    assert outputs == [f"{tmp_path}/clean/p.jsonl"]
    assert (tmp_path / "clean" / "p.jsonl").read_bytes() == CRLF_CLEANED


class RecordingFS(MemoryFileSystem):
    protocol = "cwtest"
    seen: list = []

    def __init__(self, *args, **kwargs):
        RecordingFS.seen.append(kwargs)
        super().__init__(*args, **kwargs)

    @classmethod
    def _strip_protocol(cls, path):
        if path.startswith("cwtest://"):
            path = "memory://" + path[len("cwtest://"):]
        return super()._strip_protocol(path)


def test_storage_options_reach_the_file_system(memory):
    fsspec.register_implementation("cwtest", RecordingFS, clobber=True)
    RecordingFS.seen = []
    memory.pipe("/raw/p.jsonl", CRLF)
    cw_dask.clean_jsonl("cwtest://raw/p.jsonl", "cwtest://clean", compress=False,
                        storage_options={"token": "abc", "skip_instance_cache": True})
    assert RecordingFS.seen and all(kw.get("token") == "abc" for kw in RecordingFS.seen)
    assert memory.cat("/clean/p.jsonl") == CRLF_CLEANED


def test_invalid_utf8_names_the_shard_and_line(memory):
    memory.pipe("/raw/p.jsonl", b'{"text": "fine"}\n{"text": "caf\xe9"}\n')
    with pytest.raises(ValueError, match=r"^memory:///raw/p.jsonl:2: not valid UTF-8 at byte 13 of the line$"):
        cw_dask.clean_jsonl("memory://raw/p.jsonl", "memory://clean")


def test_missing_input_is_named(memory):
    with pytest.raises(FileNotFoundError, match="no JSONL shards match"):
        cw_dask.clean_jsonl("memory://nothing/*.jsonl", "memory://clean")
