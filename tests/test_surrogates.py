"""A lone surrogate is valid in a JSON string but not in UTF-8: every JSON line and report
that carries one writes it as its ``\\uXXXX`` escape, so strict readers accept the output
and it reads back as the same value."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cleanwire.jsonl import dumps

RECORD = '{"id": 1, "text": "Source: PTI\\nA line \\ud800 here.\\n"}\n'


def strict(data: bytes):
    """Parse ``data`` as a strict reader does: UTF-8 first, then JSON."""
    return json.loads(data.decode("utf-8"))


@pytest.fixture
def record(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(RECORD, encoding="ascii")
    return path


def test_audit_field_is_valid_utf8(run, record, tmp_path):
    status, _, err = run("--jsonl", "--audit-field", "audit", str(record), "-o", str(tmp_path / "out.jsonl"))
    assert status == 0, err
    out = strict((tmp_path / "out.jsonl").read_bytes())
    assert {"code": "CW004", "name": "lone-surrogates", "line": 2, "removed": "\ud800", "replacement": "\ufffd"} in out["audit"]


def test_text_field_keeps_the_surrogate_as_an_escape(run, record, tmp_path):
    # CW004 (which replaces lone surrogates) is not selected, so the text keeps it.
    status, _, err = run("--jsonl", "--select", "CW1", str(record), "-o", str(tmp_path / "out.jsonl"))
    assert status == 0, err
    data = (tmp_path / "out.jsonl").read_bytes()
    assert b"\\ud800" in data
    assert strict(data)["text"] == "A line \ud800 here.\n"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_explain_prints_the_escape(run, record, fmt):
    status, out, err = run("--jsonl", "--explain", "--format", fmt, str(record))
    assert status == 0, err
    assert "\\ud800" in out
    out.encode("utf-8")  # printable
    if fmt == "json":
        (line,) = [line for line in out.splitlines() if line.startswith("{")]
        assert strict(line.encode())["changes"][0]["removed"] == "\ud800"


def test_diff_of_a_record_is_printable(run, record):
    status, out, err = run("--jsonl", "--diff", "--select", "CW1", str(record))
    assert status == 1, err
    assert "\\ud800" in out and "Source: PTI" in out


def test_explain_in_a_real_process_with_a_strict_stdout(tmp_path, record):
    # A real standard output encodes strictly: the report must not stop with a
    # UnicodeEncodeError traceback.
    done = subprocess.run(
        [sys.executable, "-m", "cleanwire", "--jsonl", "--explain", str(record)],
        capture_output=True,
        env={"PYTHONIOENCODING": "utf-8:strict", "PATH": ""},
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b"\\ud800" in done.stdout and b"Traceback" not in done.stderr


def test_dumps_writes_the_escape_with_and_without_orjson(monkeypatch):
    import cleanwire.jsonl as jsonl

    value = {"a": "x\ud800y", "b": "\udfff\\"}
    expected = b'{"a":"x\\ud800y","b":"\\udfff\\\\"}'
    assert dumps(value) == expected
    monkeypatch.setattr(jsonl, "_orjson", None)
    assert jsonl.dumps(value) == expected
    assert strict(expected) == value


def test_escape_leaves_other_text_alone():
    from cleanwire.chars import escape_surrogates

    text = 'plain "quoted" \\ é 😀'
    assert escape_surrogates(text) is text
