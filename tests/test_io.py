"""File handling: strict decoding, style preservation, atomic writes, directory walks."""

import os
import stat

import pytest

from cleanwire import io
from cleanwire.io import BinaryFile, FileError, Skipped, decode, walk, write_atomic


def test_decode_keeps_bom_and_crlf_and_encode_restores_them():
    raw = b"\xef\xbb\xbfOne\r\nTwo\r\n"
    doc = decode(raw, "a.txt")
    assert doc.text == "One\nTwo\n"
    assert doc.bom and doc.newline == "\r\n"
    assert doc.encode(doc.text) == raw
    assert doc.encode("One\n") == b"\xef\xbb\xbfOne\r\n"


def test_decode_lf_file_has_no_bom():
    doc = decode("Café\n".encode(), "a.txt")
    assert (doc.text, doc.bom, doc.newline) == ("Café\n", False, "\n")


def test_invalid_utf8_names_file_and_byte_offset():
    with pytest.raises(FileError, match=r"^bad\.txt: not valid UTF-8 at byte offset 6 \(0xff\)"):
        decode(b"Hello \xff world\n", "bad.txt")


def test_invalid_utf8_offset_counts_the_bom():
    with pytest.raises(FileError, match="byte offset 5 "):
        decode(b"\xef\xbb\xbfab\xc3(", "b.txt")


def test_nul_byte_means_binary():
    with pytest.raises(BinaryFile, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00", "x.png")
    assert decode(b"a\x00b", "stdin", check_binary=False).text == "a\x00b"


def test_write_atomic_keeps_mode_and_leaves_no_temp_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"old\n")
    os.chmod(path, 0o640)
    write_atomic(path, b"new\n")
    assert path.read_bytes() == b"new\n"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert os.listdir(tmp_path) == ["a.txt"]


def test_write_atomic_follows_symlinks(tmp_path):
    target = tmp_path / "real.txt"
    target.write_bytes(b"old\n")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_atomic(link, b"new\n")
    assert link.is_symlink()
    assert target.read_bytes() == b"new\n"


def test_write_atomic_failure_leaves_original(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_bytes(b"original\n")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(io.os, "replace", broken_replace)
    with pytest.raises(FileError, match="a.txt: cannot write: No space left on device"):
        write_atomic(path, b"new\n")
    assert path.read_bytes() == b"original\n"
    assert os.listdir(tmp_path) == ["a.txt"]


def make_tree(root):
    files = {
        "a.txt": "a",
        "b.md": "b",
        "c.py": "c",
        "notes/d.txt": "d",
        "notes/deep/e.txt": "e",
        ".hidden/f.txt": "f",
        ".g.txt": "g",
        "build/h.txt": "h",
        "keep/i.txt": "i",
        "keep/skip.txt": "j",
        "drafts/k.txt": "k",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (root / ".gitignore").write_text("# build output\nbuild/\n*.log\n")
    (root / "keep" / ".gitignore").write_text("skip.txt\n")


def found(paths, **kw):
    return [p for p in walk(paths, **kw) if not isinstance(p, Skipped)]


def test_walk_defaults(tmp_path, monkeypatch):
    make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert found(["."]) == [
        "a.txt",
        "b.md",
        os.path.join("drafts", "k.txt"),
        os.path.join("keep", "i.txt"),
        os.path.join("notes", "d.txt"),
        os.path.join("notes", "deep", "e.txt"),
    ]


def test_walk_include_and_exclude_globs(tmp_path, monkeypatch):
    make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert found(["."], include=["*.py"]) == ["c.py"]
    got = found(["."], exclude=["drafts", "notes/deep/*", "*.md"])
    assert got == ["a.txt", os.path.join("keep", "i.txt"), os.path.join("notes", "d.txt")]


def test_explicit_files_are_taken_as_given_unless_filtered(tmp_path, monkeypatch):
    make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert found(["c.py", "build/h.txt"]) == ["c.py", "build/h.txt"]
    results = list(walk(["c.py", "a.txt", "drafts/k.txt"], exclude=["drafts/*"], filter_files=True))
    assert results == [Skipped("c.py", "not matched by include"), "a.txt", Skipped("drafts/k.txt", "excluded")]
    # An excluded folder excludes the files in it when they are named one by one.
    results = list(walk(["./drafts/k.txt", "notes/deep/e.txt"], exclude=["drafts", "deep"], filter_files=True))
    assert results == [Skipped("./drafts/k.txt", "excluded"), Skipped("notes/deep/e.txt", "excluded")]


def test_gitignore_of_parent_repository_applies(tmp_path):
    make_tree(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("notes/deep/\n")
    assert found([str(tmp_path / "notes")]) == [str(tmp_path / "notes" / "d.txt")]


def test_gitignore_negation_and_anchors():
    ignore = io.GitIgnore().add_patterns("r", "*.txt\n!keep.txt\n/top.md\ndocs/**/draft*\n".splitlines())

    def ig(rel, is_dir=False):
        return ignore.ignored(os.path.join("r", rel), is_dir)

    assert ig("a.txt") and ig("x/b.txt")
    assert not ig("keep.txt")
    assert ig("top.md") and not ig("sub/top.md")
    assert ig("docs/a/b/draft1.md") and not ig("docs/a/final.md")


def test_unreadable_directory_is_an_error(tmp_path):
    with pytest.raises(FileError, match="cannot list directory"):
        list(io._walk_dir(str(tmp_path / "missing"), ("*.txt",), ()))


@pytest.mark.parametrize("module", ["cleanwire.io", "cleanwire.config", "cleanwire.console", "cleanwire.jsonl"])
def test_docstring_examples(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


def test_walk_does_not_follow_symlinked_folders(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("a")
    (tmp_path / "real" / "loop").symlink_to(tmp_path / "real")
    assert found([str(tmp_path)]) == [str(tmp_path / "real" / "a.txt")]
