"""JSON Lines mode: one field cleaned, every other byte kept, streaming, in order."""

import gzip
import json
import os
import subprocess
import sys

import pytest

from cleanwire import cli, jsonl
from cleanwire.pipeline import Cleaner

BODY = "The council met on Monday to approve the budget.\n\nMembers debated for three hours.\n"
DIRTY = "Source: PTI\n\n" + BODY

# Odd but valid formatting that a re-serialiser would change: spacing, key order,
# escapes, number formats, nested values containing the field name.
LINES = [
    b'{"id": 1,   "text": ' + json.dumps(DIRTY).encode() + b', "score": 1.50, "big": 12345678901234567890}\n',
    b'{"text":' + json.dumps(BODY).encode() + b',"meta":{"text":"x","e":"caf\\u00e9"}}\n',
    b"\n",
    b'{"id": 3, "text": null, "tags": ["text", {"a": "]}"}]}\r\n',
    b'{"id": 4, "title": "no text field"}\n',
    b'{"text": "ALSO READ: x\\n\\n' + json.dumps(BODY)[1:-1].encode() + b'", "id": 5}',
]


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"".join(LINES))
    return path


def expected_lines():
    first = LINES[0].replace(json.dumps(DIRTY).encode(), json.dumps(BODY, ensure_ascii=False).encode())
    last = b'{"text": ' + json.dumps(BODY).encode() + b', "id": 5}'
    return [first, LINES[1], LINES[2], LINES[3], LINES[4], last]


def test_cleans_one_field_and_keeps_every_other_byte(run, corpus, tmp_path):
    status, out, err = run("--jsonl", "--field", "text", "in.jsonl", "-o", "out.jsonl")
    assert status == 0
    assert err == "2 records cleaned, 1 unchanged, 2 skipped\n"
    assert (tmp_path / "out.jsonl").read_bytes() == b"".join(expected_lines())
    assert corpus.read_bytes() == b"".join(LINES)


def test_records_parse_to_the_cleaned_values(run, corpus, tmp_path):
    run("--jsonl", "in.jsonl", "-o", "out.jsonl")
    records = [json.loads(x) for x in (tmp_path / "out.jsonl").read_bytes().splitlines() if x.strip()]
    originals = [json.loads(x) for x in LINES if x.strip()]
    cleaner = Cleaner()
    for before, after in zip(originals, records):
        assert set(before) == set(after)
        for key in before:
            if key == "text" and isinstance(before[key], str):
                assert after[key] == cleaner.clean_field(before[key])
            else:
                assert after[key] == before[key]


def test_in_place_rewrites_only_when_something_changed(run, corpus, tmp_path):
    assert run("--jsonl", "in.jsonl")[0] == 0
    assert corpus.read_bytes() == b"".join(expected_lines())
    os.utime(corpus, (1_000_000, 1_000_000))
    status, _, err = run("--jsonl", "in.jsonl")
    assert err == "3 records unchanged, 2 skipped\n"
    assert os.stat(corpus).st_mtime == 1_000_000


def test_gzip_in_and_out(run, corpus, tmp_path):
    with gzip.open(tmp_path / "in.jsonl.gz", "wb") as handle:
        handle.write(corpus.read_bytes())
    assert run("--jsonl", "in.jsonl.gz", "-o", "out.jsonl.gz")[0] == 0
    assert gzip.decompress((tmp_path / "out.jsonl.gz").read_bytes()) == b"".join(expected_lines())
    assert run("--jsonl", "in.jsonl.gz", "-o", "plain.jsonl")[0] == 0
    assert (tmp_path / "plain.jsonl").read_bytes() == b"".join(expected_lines())
    assert run("--jsonl", "in.jsonl.gz")[0] == 0  # in place, stays compressed
    assert gzip.decompress((tmp_path / "in.jsonl.gz").read_bytes()) == b"".join(expected_lines())


def test_check_and_diff_per_record(run, corpus):
    status, out, err = run("--jsonl", "--check", "in.jsonl")
    assert (status, out) == (1, "")
    assert err == "2 records would be cleaned, 1 unchanged, 2 skipped\n"
    status, out, _ = run("--jsonl", "--diff", "in.jsonl")
    assert status == 1
    assert out.startswith("--- in.jsonl:1:text\t(original)\n+++ in.jsonl:1:text\t(cleaned)\n@@ -1,5 +1,3 @@\n-Source: PTI\n-\n")
    assert "--- in.jsonl:6:text\t(original)\n" in out
    assert corpus.read_bytes() == b"".join(LINES)
    run("--jsonl", "in.jsonl")
    assert run("--jsonl", "--check", "in.jsonl")[0] == 0


def test_explain_names_record_and_line(run, corpus):
    status, out, _ = run("--jsonl", "--explain", "in.jsonl")
    assert status == 0
    assert 'in.jsonl:1:1: CW101 source-tag: removed "Source: PTI"' in out.splitlines()
    assert 'in.jsonl:6:1: CW201 also-read: removed "ALSO READ: x"' in out.splitlines()
    status, out, _ = run("--jsonl", "--explain", "--format", "json", "in.jsonl")
    records = [json.loads(x) for x in out.splitlines()]
    assert [r["record"] for r in records] == [1, 6]
    assert records[0]["changes"][0]["code"] == "CW101"


def test_audit_field_adds_the_changes_to_each_record(run, corpus, tmp_path):
    assert run("--jsonl", "--audit-field", "cleanwire", "in.jsonl", "-o", "out.jsonl")[0] == 0
    out = (tmp_path / "out.jsonl").read_bytes().splitlines(keepends=True)
    records = [json.loads(x) for x in out if x.strip()]
    assert [len(r["cleanwire"]) > 0 for r in records] == [True, False, False, False, True]
    assert records[0]["cleanwire"][0] == {"code": "CW101", "name": "source-tag", "line": 1, "removed": "Source: PTI", "replacement": ""}
    assert out[1] == LINES[1][:-2] + b', "cleanwire": []}\n' or out[1] == LINES[1][:-2] + b',"cleanwire":[]}\n'
    assert out[3].endswith(b'"cleanwire": []}\r\n')
    # Running it again replaces the audit field rather than adding a second one.
    run("--jsonl", "--audit-field", "cleanwire", "out.jsonl")
    again = [json.loads(x) for x in (tmp_path / "out.jsonl").read_bytes().splitlines() if x.strip()]
    assert all(r["cleanwire"] == [] for r in again)
    assert all(x.count(b'"cleanwire"') == 1 for x in (tmp_path / "out.jsonl").read_bytes().splitlines() if x.strip())


@pytest.mark.parametrize(
    "line, message",
    [
        (b'{"text": 5}\n', "bad.jsonl:2: field 'text' is a number, not a string"),
        (b'{"text": ["a"]}\n', "bad.jsonl:2: field 'text' is an array, not a string"),
        (b'["text"]\n', "bad.jsonl:2: a record must be a JSON object, not list"),
        (b'{"text": "a",}\n', "bad.jsonl:2: not valid JSON"),
        (b'{"text": "caf\xe9"}\n', "bad.jsonl:2: not valid UTF-8 at byte offset 31"),
    ],
)
def test_bad_records_exit_2_and_write_nothing(run, tmp_path, line, message):
    good = b'{"text": "Fine."}\n'
    path = tmp_path / "bad.jsonl"
    path.write_bytes(good + line + b'{"text": "Source: PTI\\nBody text that stays here."}\n')
    status, _, err = run("--jsonl", "bad.jsonl")
    assert status == 2
    assert f"cleanwire: error: {message}" in err
    assert "bad.jsonl: not written" in err
    assert err.endswith("\n1 record would be cleaned, 1 unchanged, 1 error\n")  # nothing was written
    assert path.read_bytes() == good + line + b'{"text": "Source: PTI\\nBody text that stays here."}\n'
    assert run("--jsonl", "bad.jsonl", "-o", "out.jsonl")[0] == 2
    assert not (tmp_path / "out.jsonl").exists()
    assert [p for p in os.listdir(tmp_path) if "tmp" in p] == []


def test_usage_errors(run, corpus):
    status, _, err = run("--jsonl", "in.jsonl", "in.jsonl", "-o", "x.jsonl")
    assert status == 2 and "-o/--output takes exactly one input file" in err
    status, _, err = run("--jsonl", "missing.jsonl")
    assert status == 2 and "missing.jsonl: cannot read" in err


def test_parallel_output_is_identical_and_ordered(run, tmp_path, monkeypatch):
    monkeypatch.setattr(jsonl, "BATCH_LINES", 7)  # many batches from a small file
    lines = []
    for i in range(200):
        text = (f"Source: PTI\nStory {i} has a body line that stays.\n" if i % 2 else f"Story {i} is clean.\n")
        lines.append(json.dumps({"i": i, "text": text}).encode() + b"\n")
    (tmp_path / "big.jsonl").write_bytes(b"".join(lines))
    assert run("--jsonl", "big.jsonl", "-o", "one.jsonl")[0] == 0
    assert run("--jsonl", "-j", "2", "big.jsonl", "-o", "two.jsonl")[0] == 0
    one = (tmp_path / "one.jsonl").read_bytes()
    assert one == (tmp_path / "two.jsonl").read_bytes()
    assert [json.loads(x)["i"] for x in one.splitlines()] == list(range(200))
    assert one != b"".join(lines)


class CountingStream:
    """A line source that counts how far the consumer has read."""

    def __init__(self, n):
        self.n = n
        self.read = 0

    def __iter__(self):
        for i in range(self.n):
            self.read += 1
            yield json.dumps({"text": f"Line {i}.\n"}).encode() + b"\n"


@pytest.mark.parametrize("jobs", [1, 2])
def test_streaming_reads_only_a_bounded_window_ahead(jobs, monkeypatch):
    monkeypatch.setattr(jsonl, "BATCH_LINES", 10)
    stream = CountingStream(10_000)
    results = jsonl.clean_stream(Cleaner(), stream, jsonl.Options(), jobs)
    next(results)
    assert stream.read <= (2 * jobs + 1) * 10
    results.close()


def test_json_fallback_matches_orjson(monkeypatch, corpus):
    cleaner = Cleaner()
    with open(corpus, "rb") as handle:
        fast = [r for _, r in jsonl.clean_stream(cleaner, handle, jsonl.Options())]
    monkeypatch.setattr(jsonl, "_orjson", None)
    with open(corpus, "rb") as handle:
        slow = [r for _, r in jsonl.clean_stream(cleaner, handle, jsonl.Options())]
    assert fast == slow


def test_duplicate_keys_last_one_wins():
    line = b'{"text": "first", "text": "Source: PTI\\nSecond body line here."}\n'
    result = jsonl.clean_record(Cleaner(), line, jsonl.Options())
    assert result[1] == b'{"text": "first", "text": "Second body line here."}\n'


def test_stdin_to_stdout_in_a_real_process(corpus):
    done = subprocess.run(
        [sys.executable, "-m", "cleanwire", "--jsonl", "-"], input=corpus.read_bytes(), capture_output=True
    )
    assert done.returncode == 0
    assert done.stdout == b"".join(expected_lines())
    gz = subprocess.run(
        [sys.executable, "-m", "cleanwire", "--jsonl", "-q", "-"], input=gzip.compress(corpus.read_bytes()), capture_output=True
    )
    assert gz.stdout == b"".join(expected_lines())
    assert gz.stderr == b""


try:
    from hypothesis import given, settings, strategies as st
except ImportError:  # pragma: no cover - hypothesis is in the test extra
    given = None

if given is not None:
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=8,
    )

    @settings(max_examples=150, deadline=None)
    @given(
        record=st.dictionaries(st.text(max_size=6), json_values, max_size=5),
        old=st.text(),
        new=st.text(),
        ascii_only=st.booleans(),
        spaced=st.booleans(),
    )
    def test_splice_changes_only_the_field(record, old, new, ascii_only, spaced):
        record = {**record, "text": old}
        separators = (", ", ": ") if spaced else (",", ":")
        line = json.dumps(record, ensure_ascii=ascii_only, separators=separators).encode("utf-8", "surrogatepass")
        out = jsonl.splice(line, "text", jsonl.dumps(new))
        assert json.loads(out) == {**record, "text": new}
        start, end = jsonl.value_span(line, "text")
        assert out[:start] == line[:start]
        assert out[len(out) - (len(line) - end):] == line[end:]


def test_unwritable_output_is_an_error(run, corpus, tmp_path):
    status, _, err = run("--jsonl", "in.jsonl", "-o", "no/such/folder/out.jsonl")
    assert status == 2
    assert "cleanwire: error: no/such/folder/out.jsonl: cannot write: No such file or directory" in err
    assert corpus.read_bytes() == b"".join(LINES)


def test_leading_bom_is_kept(run, tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "Source: PTI\\nThe body stays here."}\n{"text": "Fine.\\n"}\n')
    assert run("--jsonl", "bom.jsonl")[0] == 0
    assert path.read_bytes() == b'\xef\xbb\xbf{"text": "The body stays here."}\n{"text": "Fine.\\n"}\n'


def test_directories_are_walked_for_jsonl_files(run, tmp_path):
    shards = tmp_path / "shards"
    shards.mkdir()
    (shards / "a.jsonl").write_bytes(LINES[0])
    (shards / "b.jsonl.gz").write_bytes(gzip.compress(LINES[0]))
    (shards / "notes.txt").write_text("Source: PTI\n")
    status, _, err = run("--jsonl", "--check", "shards")
    assert status == 1
    assert err == (
        "shards/a.jsonl: 1 record would be cleaned\n"
        "shards/b.jsonl.gz: 1 record would be cleaned\n"
        "2 records would be cleaned\n"
    )
    status, _, err = run("--jsonl", "shards", "-o", "out.jsonl")
    assert status == 2 and "-o/--output takes exactly one input file" in err


if given is not None:

    @settings(max_examples=400, deadline=None)
    @given(st.text(alphabet=st.sampled_from('ab"\\\n\u00e9\u2028/'), max_size=30), st.booleans(), st.text(max_size=4))
    def test_string_end_agrees_with_the_string_pattern(value, ascii_only, after):
        line = json.dumps(value, ensure_ascii=ascii_only).encode("utf-8") + b"," + json.dumps(after).encode()
        assert jsonl._string_end(line, 0) == jsonl._STRING.match(line, 0).end()


def test_a_field_keeps_its_own_ending(run, tmp_path):
    texts = [
        "The council met on Monday.",  # untouched: no final newline is added
        "Source: PTI\nThe council met on Monday.\n\n\n\nIt adjourned.",
        "The council met on Monday.\n\n\n",
    ]
    data = b"".join(json.dumps({"text": t}).encode() + b"\n" for t in texts)
    (tmp_path / "in.jsonl").write_bytes(data)
    status, out, err = run("--jsonl", "in.jsonl", "-o", "out.jsonl")
    assert (status, err) == (0, "2 records cleaned, 1 unchanged\n")
    written = (tmp_path / "out.jsonl").read_bytes()
    assert written.splitlines(keepends=True)[0] == data.splitlines(keepends=True)[0]  # byte for byte
    assert [json.loads(x)["text"] for x in written.splitlines()] == [
        "The council met on Monday.",
        "The council met on Monday.\n\nIt adjourned.",
        "The council met on Monday.\n",
    ]
    status, out, _ = run("--jsonl", "--explain", "--format", "json", "in.jsonl")
    assert [json.loads(x)["record"] for x in out.splitlines()] == [2, 3]
    status, out, _ = run("--jsonl", "--audit-field", "audit", "in.jsonl", "-o", "audited.jsonl")
    first = json.loads((tmp_path / "audited.jsonl").read_bytes().splitlines()[0])
    assert first == {"text": "The council met on Monday.", "audit": []}
    # A file is not a field: it still ends with exactly one newline.
    (tmp_path / "story.txt").write_text(texts[0], encoding="utf-8")
    assert run("story.txt")[0] == 0
    assert (tmp_path / "story.txt").read_text(encoding="utf-8") == texts[0] + "\n"
