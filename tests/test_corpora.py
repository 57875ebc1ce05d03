"""JSON Lines corpora as they come: compressed three ways, damaged, with bad records."""

from __future__ import annotations

import gzip
import lzma
import os
import sys

import pytest

zstandard = pytest.importorskip("zstandard")

RECORDS = b'{"id": 1, "text": "Source: PTI\\nThe council met.\\n"}\n{"id": 2, "text": "Already clean.\\n"}\n'
CLEANED = b'{"id": 1, "text": "The council met.\\n"}\n{"id": 2, "text": "Already clean.\\n"}\n'

COMPRESS = {
    "gz": gzip.compress,
    "xz": lzma.compress,
    "zst": lambda data: zstandard.ZstdCompressor().compress(data),
}
DECOMPRESS = {
    "gz": gzip.decompress,
    "xz": lzma.decompress,
    "zst": lambda data: zstandard.ZstdDecompressor().decompressobj().decompress(data),
}


@pytest.mark.parametrize("suffix", ["gz", "xz", "zst"])
def test_compressed_shards_are_read_and_rewritten_in_their_format(run, tmp_path, suffix):
    shard = tmp_path / f"part-0.jsonl.{suffix}"
    shard.write_bytes(COMPRESS[suffix](RECORDS))
    status, _, err = run("--jsonl", "--check", shard.name)
    assert (status, err) == (1, "1 record would be cleaned, 1 unchanged\n")
    status, _, err = run("--jsonl", shard.name)
    assert status == 0, err
    assert DECOMPRESS[suffix](shard.read_bytes()) == CLEANED
    assert shard.read_bytes()[:4] == COMPRESS[suffix](b"x")[:4]  # same format as before


@pytest.mark.parametrize("suffix", ["gz", "xz", "zst"])
def test_output_compression_follows_the_output_name(run, tmp_path, suffix):
    (tmp_path / "corpus.jsonl").write_bytes(RECORDS)
    assert run("--jsonl", "corpus.jsonl", "-o", f"clean.jsonl.{suffix}")[0] == 0
    assert DECOMPRESS[suffix]((tmp_path / f"clean.jsonl.{suffix}").read_bytes()) == CLEANED


def test_a_folder_of_zstd_and_xz_shards_is_walked(run, tmp_path):
    (tmp_path / "shards").mkdir()
    (tmp_path / "shards" / "a.jsonl.zst").write_bytes(COMPRESS["zst"](RECORDS))
    (tmp_path / "shards" / "b.jsonl.xz").write_bytes(COMPRESS["xz"](RECORDS))
    status, _, err = run("--jsonl", "--check", "shards")
    assert status == 1
    assert err.splitlines()[-1] == "2 records would be cleaned, 2 unchanged"


def test_zstd_from_standard_input(tmp_path):
    import subprocess

    done = subprocess.run([sys.executable, "-m", "cleanwire", "--jsonl", "-", "-q"],
                          input=COMPRESS["zst"](RECORDS), capture_output=True, check=True)
    assert done.stdout == CLEANED


@pytest.mark.parametrize("damage", ["truncated", "corrupt"])
@pytest.mark.parametrize("suffix", ["gz", "xz", "zst"])
def test_damaged_shard_is_that_files_error_and_the_others_go_on(run, tmp_path, suffix, damage):
    big = b"".join(b'{"id": %d, "text": "Source: PTI\\nRecord %d of the shard.\\n"}\n' % (i, i) for i in range(3000))
    data = COMPRESS[suffix](big)
    if damage == "truncated":
        data = data[: len(data) // 2]
    else:
        middle = len(data) // 2
        data = data[:middle] + bytes(b ^ 0x5A for b in data[middle : middle + 64]) + data[middle + 64 :]
    (tmp_path / f"a.jsonl.{suffix}").write_bytes(data)
    (tmp_path / "b.jsonl").write_bytes(RECORDS)
    status, _, err = run("--jsonl", f"a.jsonl.{suffix}", "b.jsonl")
    assert status == 2
    kind = {"gz": "gzip", "xz": "xz", "zst": "zstd"}[suffix]
    assert f"cleanwire: error: a.jsonl.{suffix}: corrupt or truncated {kind}: " in err
    assert "left unchanged" in err and "Traceback" not in err
    assert (tmp_path / f"a.jsonl.{suffix}").read_bytes() == data
    assert (tmp_path / "b.jsonl").read_bytes() == CLEANED  # the file after it was still cleaned
    assert not [n for n in os.listdir(tmp_path) if "cleanwire" in n]


def test_zstd_without_the_package_names_the_extra(run, tmp_path, monkeypatch):
    (tmp_path / "a.jsonl.zst").write_bytes(COMPRESS["zst"](RECORDS))
    monkeypatch.setitem(sys.modules, "zstandard", None)
    status, _, err = run("--jsonl", "a.jsonl.zst")
    assert status == 2
    assert "a.jsonl.zst: zstd-compressed, which needs the 'zstd' extra (pip install zstandard)" in err
    assert "not valid UTF-8" not in err


# ------------------------------------------------------------- bad records

MIXED = (
    b'{"id": 1, "text": "Source: PTI\\nThe council met.\\n"}\n'
    b'{"id": 2, "text": 42}\n'
    b'not json at all\n'
    b'{"id": 4, "text": "Plain.\\n"}\n'
)


def test_strict_by_default_one_bad_record_writes_nothing(run, tmp_path):
    (tmp_path / "c.jsonl").write_bytes(MIXED)
    status, _, err = run("--jsonl", "c.jsonl")
    assert status == 2 and "c.jsonl: not written: 2 records have errors" in err
    assert (tmp_path / "c.jsonl").read_bytes() == MIXED


def test_keep_invalid_passes_bad_records_through_and_counts_them(run, tmp_path):
    (tmp_path / "c.jsonl").write_bytes(MIXED)
    status, _, err = run("--jsonl", "--keep-invalid", "c.jsonl", "-o", "out.jsonl")
    assert status == 0, err
    assert "warning: c.jsonl:2: field 'text' is a number, not a string; kept unchanged" in err
    assert "c.jsonl:3: not valid JSON" in err
    assert err.splitlines()[-2:] == ["2 invalid records kept unchanged", "1 record cleaned, 1 unchanged, 2 invalid"]
    assert (tmp_path / "out.jsonl").read_bytes() == MIXED.replace(b"Source: PTI\\n", b"")


def test_rejects_file_takes_the_bad_records(run, tmp_path):
    (tmp_path / "c.jsonl").write_bytes(MIXED)
    status, _, err = run("--jsonl", "--rejects", "rejects.jsonl", "c.jsonl")
    assert status == 0, err
    assert "2 invalid records written to rejects.jsonl" in err
    assert (tmp_path / "rejects.jsonl").read_bytes() == b'{"id": 2, "text": 42}\nnot json at all\n'
    assert (tmp_path / "c.jsonl").read_bytes() == (
        b'{"id": 1, "text": "The council met.\\n"}\n{"id": 4, "text": "Plain.\\n"}\n'
    )


def test_lenient_options_need_jsonl_and_exclude_each_other(run, tmp_path):
    (tmp_path / "a.txt").write_text("x\n")
    status, _, err = run("--keep-invalid", "a.txt")
    assert status == 2 and "--keep-invalid and --rejects are only for --jsonl" in err
    status, _, err = run("--jsonl", "--keep-invalid", "--rejects", "r.jsonl", "a.txt")
    assert status == 2 and "not allowed with argument" in err
