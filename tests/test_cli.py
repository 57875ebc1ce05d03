"""The command line on real files: cleaning in place, --check, --diff, --explain, errors."""

import json
import os
import stat
import subprocess
import sys

import pytest

from cleanwire import cli, console

DIRTY = (
    "Source: PTI\n\nThe council met on Monday to approve the budget.\u00a0\n\n"
    "Members debated the plan for three hours.\n\nALSO READ: Another story\n"
)
CLEAN = "The council met on Monday to approve the budget.\n\nMembers debated the plan for three hours.\n"


def write(path, text, mode="w"):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def test_cleans_files_in_place_and_reports(run, tmp_path):
    dirty = write(tmp_path / "a.txt", DIRTY)
    clean = write(tmp_path / "b.txt", CLEAN)
    status, out, err = run("a.txt", "b.txt")
    assert status == 0
    assert out == ""
    assert dirty.read_text(encoding="utf-8") == CLEAN
    assert clean.read_text(encoding="utf-8") == CLEAN
    assert err == "cleaned a.txt\n1 file cleaned, 1 unchanged\n"


def test_quiet_and_verbose(run, tmp_path):
    write(tmp_path / "a.txt", DIRTY)
    write(tmp_path / "b.txt", CLEAN)
    assert run("-q", "a.txt", "b.txt") == (0, "", "")
    write(tmp_path / "a.txt", DIRTY)
    status, out, err = run("-v", ".")
    assert err == "cleaned a.txt\nunchanged b.txt\n1 file cleaned, 1 unchanged\n"


def test_unchanged_file_is_not_rewritten(run, tmp_path):
    path = write(tmp_path / "b.txt", CLEAN)
    os.utime(path, (1_000_000, 1_000_000))
    assert run("b.txt")[0] == 0
    assert os.stat(path).st_mtime == 1_000_000


def test_rewrite_keeps_mode_line_endings_and_bom(run, tmp_path):
    crlf = write(tmp_path / "w.txt", DIRTY.replace("\n", "\r\n"))
    bom = write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + DIRTY.encode())
    os.chmod(crlf, 0o600)
    assert run("w.txt", "bom.txt")[0] == 0
    assert crlf.read_bytes() == CLEAN.replace("\n", "\r\n").encode()
    assert stat.S_IMODE(os.stat(crlf).st_mode) == 0o600
    assert bom.read_bytes() == b"\xef\xbb\xbf" + CLEAN.encode()


def test_check_writes_nothing_and_exits_1(run, tmp_path):
    path = write(tmp_path / "a.txt", DIRTY)
    write(tmp_path / "b.txt", CLEAN)
    status, out, err = run("--check", ".")
    assert status == 1
    assert out == ""
    assert err == "would clean a.txt\n1 file would be cleaned, 1 unchanged\n"
    assert path.read_text(encoding="utf-8") == DIRTY
    path.write_text(CLEAN, encoding="utf-8")
    assert run("--check", ".") == (0, "", "2 files unchanged\n")


def test_diff_prints_unified_diff_and_writes_nothing(run, tmp_path):
    path = write(tmp_path / "a.txt", "Source: PTI\nThe council met.\n")
    status, out, err = run("--diff", "a.txt")
    assert status == 1
    assert out == "--- a.txt\t(original)\n+++ a.txt\t(cleaned)\n@@ -1,2 +1 @@\n-Source: PTI\n The council met.\n"
    assert path.read_text() == "Source: PTI\nThe council met.\n"
    assert run("--diff", "--isolated", "--ignore", "CW1", "a.txt")[:2] == (0, "")


def test_diff_marks_missing_final_newline(run, tmp_path):
    write(tmp_path / "a.txt", "Text.")
    status, out, _ = run("--diff", "a.txt")
    assert status == 1
    assert out.endswith("-Text.\n\\ No newline at end of file\n+Text.\n")


def test_explain_text_and_json(run, tmp_path):
    path = write(tmp_path / "a.txt", "Source: PTI\nStrikes hit Siestan-o-Baluchistan.\u00a0\n")
    status, out, _ = run("--explain", "a.txt")
    assert status == 0
    assert out.splitlines() == [  # in pipeline order: line removal, inline, whitespace
        'a.txt:1: CW101 source-tag: removed "Source: PTI"',
        'a.txt:2: CW601 spelling-variants: "Siestan-o-Baluchistan" -> "Sistan and Baluchistan"',
        'a.txt:2: CW901 line-edge-whitespace: removed "\\u00a0"',
    ]
    assert path.read_text(encoding="utf-8").startswith("Source: PTI")  # --explain writes nothing
    status, out, _ = run("--explain", "--format", "json", "a.txt")
    record = json.loads(out)
    assert record["path"] == "a.txt"
    assert {c["code"] for c in record["changes"]} == {"CW101", "CW901", "CW601"}
    assert {"code": "CW101", "name": "source-tag", "line": 1, "removed": "Source: PTI", "replacement": ""} in record["changes"]


def test_invalid_utf8_exits_2_names_offset_and_others_still_processed(run, tmp_path):
    bad_bytes = b"Good start\n\xe2\x80 broken\n"
    bad = write(tmp_path / "bad.txt", bad_bytes)
    good = write(tmp_path / "good.txt", DIRTY)
    status, _, err = run("bad.txt", "good.txt")
    assert status == 2
    assert "cleanwire: error: bad.txt: not valid UTF-8 at byte offset 11 (0xe2); left unchanged\n" in err
    assert bad.read_bytes() == bad_bytes
    assert good.read_text(encoding="utf-8") == CLEAN
    assert err.endswith("1 file cleaned, 1 error\n")


def test_binary_file_is_skipped_with_notice(run, tmp_path):
    blob = write(tmp_path / "data.txt", b"\x00\x01\x02binary")
    status, _, err = run("data.txt")
    assert status == 0
    assert err == "skipped data.txt (binary file)\n1 file skipped\n"
    assert blob.read_bytes() == b"\x00\x01\x02binary"


def test_missing_file_is_an_error(run):
    status, _, err = run("nope.txt")
    assert status == 2
    assert "nope.txt: no such file or directory" in err


def test_directories_walked_with_globs_gitignore_and_hidden(run, tmp_path):
    write(tmp_path / "docs" / "a.md", DIRTY)
    write(tmp_path / "docs" / "b.rst", DIRTY)
    write(tmp_path / "out" / "c.txt", DIRTY)
    write(tmp_path / ".cache" / "d.txt", DIRTY)
    write(tmp_path / "e.txt", DIRTY)
    write(tmp_path / ".gitignore", "out/\n")
    status, _, err = run(".")
    assert err == "cleaned e.txt\ncleaned docs/a.md\n2 files cleaned\n"  # files of a folder, then its folders
    assert (tmp_path / "out" / "c.txt").read_text(encoding="utf-8") == DIRTY
    assert (tmp_path / ".cache" / "d.txt").read_text(encoding="utf-8") == DIRTY
    status, _, err = run("--include", "*.rst", "--exclude", "e.txt", ".")
    assert err == "cleaned docs/b.rst\n1 file cleaned\n"


def test_filter_files_applies_include_to_named_files(run, tmp_path):
    write(tmp_path / "code.py", "x = 1  \n")
    write(tmp_path / "a.txt", DIRTY)
    status, _, err = run("--filter-files", "code.py", "a.txt")
    assert (tmp_path / "code.py").read_text() == "x = 1  \n"
    assert err == "cleaned a.txt\n1 file cleaned\n"


def test_select_and_ignore_by_prefix(run, tmp_path):
    path = write(tmp_path / "a.txt", DIRTY)
    run("--select", "CW1", "a.txt")
    assert path.read_text(encoding="utf-8") == DIRTY.replace("Source: PTI\n", "")
    write(tmp_path / "b.txt", DIRTY)
    run("--ignore", "CW1,CW9", "b.txt")
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == DIRTY.replace("ALSO READ: Another story\n", "")


def test_unknown_rule_code_is_a_usage_error(run, tmp_path):
    write(tmp_path / "a.txt", DIRTY)
    status, _, err = run("--select", "CX1", "a.txt")
    assert status == 2
    assert err == "cleanwire: error: command line: --select: 'CX1' matches no rule code\n"
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == DIRTY


def test_list_rules_text_and_json(run):
    status, out, _ = run("--list-rules", "--ignore", "CW2")
    assert status == 0
    lines = out.splitlines()
    from cleanwire.rules import ALL_RULES

    assert len(lines) == len(ALL_RULES)
    row = next(line for line in lines if line.startswith("CW101 "))
    assert row.split()[:3] == ["CW101", "source-tag", "lines"]
    assert next(line for line in lines if line.startswith("CW201 ")).endswith("(off)")
    status, out, _ = run("--list-rules", "--format", "json")
    records = json.loads(out)
    assert {"code", "name", "stage", "summary", "enabled"} <= set(records[0])
    assert [r["code"] for r in records] == [r.code for r in ALL_RULES]


@pytest.mark.parametrize(
    "argv",
    [
        ["--no-such-flag", "a.txt"],
        [],
        ["-", "a.txt"],
        ["-o", "out.txt", "a.txt"],
        ["--audit-field", "x", "a.txt"],
        ["-j", "-1", "a.txt"],
        ["--format", "xml", "a.txt"],
    ],
)
def test_usage_errors_exit_2(run, argv):
    status, out, err = run(*argv)
    assert status == 2
    assert "error" in err


def test_help_and_version_exit_0(run):
    status, out, _ = run("--help")
    assert status == 0 and "--check" in out and "--jsonl" in out
    status, out, _ = run("--version")
    assert status == 0 and out.startswith("cleanwire ")


def test_parallel_jobs_match_serial(run, tmp_path):
    texts = [DIRTY if i % 3 else CLEAN for i in range(30)]
    for i, text in enumerate(texts):
        write(tmp_path / "one" / f"{i:02d}.txt", text)
        write(tmp_path / "two" / f"{i:02d}.txt", text)
    s1, _, err1 = run("-v", "one")
    s2, _, err2 = run("-v", "-j", "2", "two")
    assert s1 == s2 == 0
    assert err1.replace("one/", "") == err2.replace("two/", "")
    for i in range(30):
        assert (tmp_path / "one" / f"{i:02d}.txt").read_bytes() == (tmp_path / "two" / f"{i:02d}.txt").read_bytes()


def test_progress_always_draws_a_bar_on_stderr(run, tmp_path):
    pytest.importorskip("tqdm")
    write(tmp_path / "a.txt", DIRTY)
    status, _, err = run("--progress", "always", "a.txt")
    assert status == 0
    assert "files" in err and "|" in err  # tqdm's bar


def test_progress_auto_only_on_a_terminal(monkeypatch):
    import io

    assert isinstance(console.progress(10, "files", "auto", False, io.StringIO()), console._NoProgress)
    assert isinstance(console.progress(10, "files", "always", True, io.StringIO()), console._NoProgress)

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    bar = console.progress(10, "files", "auto", False, Terminal())
    assert not isinstance(bar, console._NoProgress)
    bar.close()
    monkeypatch.setitem(sys.modules, "tqdm", None)  # the extra is not installed
    counter = console.progress(10, "files", "auto", False, Terminal())
    assert isinstance(counter, console._Counter)


def test_plain_counts_without_tqdm(monkeypatch, capsys):
    counter = console._Counter(3, "files")
    now = [counter._last]  # the counter's clock, moved by hand: a stalled machine moves the real one
    counter._clock = lambda: now[0]
    now[0] += 0.4
    counter.update()  # too soon to draw
    counter.refresh()  # nothing drawn yet, so nothing to redraw
    assert capsys.readouterr().err == ""
    now[0] += 0.2  # over half a second since it was made
    counter.update()
    assert capsys.readouterr().err == "\r2/3 files"
    counter.clear()
    counter.refresh()
    assert capsys.readouterr().err == "\r\033[K\r2/3 files"


def test_messages_lift_the_progress_bar(run, tmp_path, monkeypatch):
    pytest.importorskip("tqdm")
    for i in range(3):
        write(tmp_path / f"{i}.txt", DIRTY)
    status, _, err = run("--progress", "always", ".")
    assert status == 0
    # Each report line starts on a cleared line rather than after a drawn bar.
    for name in ("0.txt", "1.txt", "2.txt"):
        line = next(x for x in err.split("\n") if x.endswith("cleaned " + name))
        assert line.split("\r")[-1] == "cleaned " + name


def test_subcommand_dispatch(run, monkeypatch, tmp_path):
    seen = []

    class Fake:
        @staticmethod
        def main(argv):
            seen.append(argv)
            return 3

    monkeypatch.setitem(sys.modules, "cleanwire.fake_eval", Fake)
    monkeypatch.setitem(cli.SUBCOMMANDS, "eval", ("cleanwire.fake_eval", False))
    assert run("eval", "x.jsonl", "--show", "3")[0] == 3
    assert seen == [["x.jsonl", "--show", "3"]]
    monkeypatch.setitem(cli.SUBCOMMANDS, "eval", ("cleanwire.not_installed_module", False))
    status, _, err = run("eval", "x.jsonl")
    assert status == 2
    assert "the 'eval' command is not available" in err


def test_file_named_like_a_subcommand(run, tmp_path):
    write(tmp_path / "eval", DIRTY)
    assert run("./eval")[0] == 0
    assert (tmp_path / "eval").read_text(encoding="utf-8") == CLEAN


# ---------------------------------------------------------------- real processes


def cleanwire(*argv, stdin=b"", cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "cleanwire", *argv], input=stdin, capture_output=True, cwd=cwd
    )


def test_stdin_to_stdout():
    done = cleanwire("-", stdin=DIRTY.encode())
    assert done.returncode == 0
    assert done.stdout == CLEAN.encode()
    assert done.stderr == b""


def test_stdin_check_and_invalid_utf8():
    assert cleanwire("--check", "-", stdin=DIRTY.encode()).returncode == 1
    assert cleanwire("--check", "-", stdin=CLEAN.encode()).returncode == 0
    done = cleanwire("-", stdin=b"ok\n\xff\n")
    assert done.returncode == 2
    assert done.stdout == b""
    assert b"<stdin>: not valid UTF-8 at byte offset 3" in done.stderr


def test_console_script_usage_error_exits_2(tmp_path):
    exe = os.path.join(os.path.dirname(sys.executable), "cleanwire")
    if not os.path.exists(exe):
        pytest.skip("console script not installed")
    done = subprocess.run([exe, "--bogus"], capture_output=True, cwd=tmp_path)
    assert done.returncode == 2
    assert b"usage: cleanwire" in done.stderr


def test_help_imports_nothing_heavy():
    code = (
        "import sys\n"
        "from cleanwire.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('ftfy', 'tqdm', 'orjson', 'regex', 'cleanwire.pipeline', 'cleanwire.rules')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_cleaning_stdin_with_a_warm_cache_imports_no_file_writing_or_openssl(tmp_path):
    # What a two-line text in an editor or a hook needs, and no more: writing files
    # (tempfile, shutil), the OpenSSL binding (hashlib) and compression are for other runs.
    code = (
        "import sys\n"
        "from cleanwire.cli import main\n"
        "status = main(['--isolated', '-'])\n"
        "unused = ('tempfile', 'shutil', 'hashlib', '_hashlib', 'bz2', 'lzma', 'random')\n"
        "print(status, sorted(m for m in unused if m in sys.modules))\n"
    )
    env = dict(os.environ, CLEANWIRE_CACHE_DIR=str(tmp_path / "cache"))
    text = "ALSO READ: x\nOne line of news.\n"
    for _ in range(2):  # the first run fills the cache (and may write files to do so)
        done = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip().splitlines()[-1] == "0 []"


def test_failed_write_leaves_file_whole_and_run_goes_on(run, tmp_path, monkeypatch):
    from cleanwire import io as cwio

    first = write(tmp_path / "a.txt", DIRTY)
    second = write(tmp_path / "b.txt", DIRTY)
    real_replace = os.replace

    def replace(src, dst):
        if dst.endswith("a.txt"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(cwio.os, "replace", replace)
    status, _, err = run("a.txt", "b.txt")
    assert status == 2
    assert "cleanwire: error: a.txt: cannot write: No space left on device\n" in err
    assert first.read_text(encoding="utf-8") == DIRTY
    assert second.read_text(encoding="utf-8") == CLEAN
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "b.txt"]
