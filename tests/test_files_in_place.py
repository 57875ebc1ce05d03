"""Files rewritten in place the careful way: races, owners, links, modes, special files.

Each test sets up what another process or an unusual file system entry would do,
and checks that cleanwire leaves the file as it found it or rewrites it whole.
"""

from __future__ import annotations

import gzip
import os
import stat

import pytest

from cleanwire import config as config_module
from cleanwire import io

DIRTY = "Source: PTI\nThe council met on Monday to approve the budget.\n"
CLEAN = "The council met on Monday to approve the budget.\n"


class Racing:
    """A cleaner that lets ``action`` run while a document is being cleaned."""

    def __init__(self, inner, action):
        self.inner, self.action, self.rules = inner, action, inner.rules

    def clean(self, text):
        self.action()
        return self.inner.clean(text)

    def explain(self, text):
        self.action()
        return self.inner.explain(text)

    def clean_field(self, text):
        self.action()
        return self.inner.clean_field(text)

    def explain_field(self, text):
        self.action()
        return self.inner.explain_field(text)


@pytest.fixture
def racing(monkeypatch):
    """Make the next run's cleaner call ``action`` before each document."""
    real = config_module.build_cleaner

    def install(action):
        monkeypatch.setattr(config_module, "build_cleaner", lambda *a, **k: Racing(real(*a, **k), action))

    return install


def leftovers(folder):
    return sorted(name for name in os.listdir(folder) if "cleanwire" in name)


# ------------------------------------------------------------------ races


def test_file_deleted_while_cleaned_is_not_recreated(run, tmp_path, racing):
    story = tmp_path / "story.txt"
    story.write_text(DIRTY)
    racing(lambda: story.exists() and story.unlink())
    status, _, err = run("story.txt")
    assert status == 2
    assert "story.txt: deleted while it was being cleaned; not recreated" in err
    assert not story.exists()
    assert leftovers(tmp_path) == []


def test_text_appended_while_cleaned_is_kept(run, tmp_path, racing):
    story = tmp_path / "story.txt"
    story.write_text(DIRTY)

    def append():
        with open(story, "a") as handle:
            handle.write("A line written by another program.\n")

    racing(append)
    status, _, err = run("story.txt")
    assert status == 2
    assert "story.txt: modified by another process while it was being cleaned; left as it is" in err
    assert story.read_text() == DIRTY + "A line written by another program.\n"
    assert leftovers(tmp_path) == []


def test_file_replaced_while_cleaned_is_left(run, tmp_path, racing):
    story = tmp_path / "story.txt"
    story.write_text(DIRTY)

    def replace():
        (tmp_path / "other").write_text(DIRTY)
        os.replace(tmp_path / "other", story)

    racing(replace)
    status, _, err = run("story.txt")
    assert status == 2 and "replaced by another process" in err
    assert story.read_text() == DIRTY


def test_jsonl_rewritten_in_place_only_if_unchanged_on_disk(run, tmp_path, racing):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"text": "Source: PTI\\nBody.\\n"}\n')

    def append():
        with open(corpus, "a") as handle:
            handle.write('{"text": "Late record.\\n"}\n')

    racing(append)
    status, _, err = run("--jsonl", "corpus.jsonl")
    assert status == 2
    assert "corpus.jsonl: modified by another process" in err
    assert corpus.read_text().endswith('{"text": "Late record.\\n"}\n')
    assert leftovers(tmp_path) == []


# --------------------------------------------------------- owners, links, modes


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="changing a file's owner needs root")
def test_owner_and_group_are_kept_when_root_rewrites(run, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(DIRTY)
    os.chown(story, 4321, 4322)
    assert run("story.txt")[0] == 0
    st = os.stat(story)
    assert (st.st_uid, st.st_gid) == (4321, 4322)
    assert story.read_text() == CLEAN


def test_hard_links_keep_sharing_the_new_text(run, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(DIRTY)
    other = tmp_path / "other-name.txt"
    os.link(story, other)
    inode = os.stat(story).st_ino
    status, _, _ = run("story.txt")
    assert status == 0
    assert other.read_text() == CLEAN and story.read_text() == CLEAN
    assert os.stat(story).st_ino == inode and os.stat(story).st_nlink == 2
    assert leftovers(tmp_path) == []


def test_hard_linked_jsonl_keeps_its_links(run, tmp_path):
    corpus = tmp_path / "corpus.jsonl.gz"
    corpus.write_bytes(gzip.compress(b'{"text": "Source: PTI\\nBody.\\n"}\n'))
    os.link(corpus, tmp_path / "mirror.jsonl.gz")
    assert run("--jsonl", "corpus.jsonl.gz")[0] == 0
    assert gzip.decompress((tmp_path / "mirror.jsonl.gz").read_bytes()) == b'{"text": "Body.\\n"}\n'
    assert leftovers(tmp_path) == []


def test_failed_inode_rewrite_puts_the_old_bytes_back(tmp_path, monkeypatch):
    story = tmp_path / "story.txt"
    story.write_bytes(b"old text, longer than the new one\n" * 3)
    os.link(story, tmp_path / "link.txt")
    real_copy = io._copy
    calls = []

    def copy(src, dst):
        calls.append(src.name)
        if len(calls) == 2:  # the new content: half of it, then a full disk
            dst.write(b"new ")
            raise OSError(28, "No space left on device")
        real_copy(src, dst)

    monkeypatch.setattr(io, "_copy", copy)
    with pytest.raises(io.FileError, match="story.txt: cannot write: No space left on device"):
        io.write_atomic(story, b"new\n")
    assert story.read_bytes() == b"old text, longer than the new one\n" * 3
    assert leftovers(tmp_path) == []


def test_read_only_file_is_an_error_unless_forced(run, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(DIRTY)
    os.chmod(story, 0o444)
    status, _, err = run("story.txt")
    assert status == 2
    assert "story.txt: read-only file; left unchanged (--force rewrites it)" in err
    assert story.read_text() == DIRTY
    assert run("--check", "story.txt")[0] == 1  # reporting needs no write access
    assert run("--force", "story.txt")[0] == 0
    assert story.read_text() == CLEAN
    assert stat.S_IMODE(os.stat(story).st_mode) == 0o444


def test_fifo_named_on_the_command_line_is_skipped(run, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "story.txt").write_text(DIRTY)
    status, _, err = run("pipe.txt", "story.txt")  # would block forever if it were opened
    assert status == 0
    assert "skipped pipe.txt (a FIFO, not a regular file)" in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert (tmp_path / "story.txt").read_text() == CLEAN


def test_new_output_file_honours_the_umask(run, tmp_path):
    (tmp_path / "corpus.jsonl").write_text('{"text": "Source: PTI\\nBody.\\n"}\n')
    old = os.umask(0o022)
    try:
        assert run("--jsonl", "corpus.jsonl", "-o", "out.jsonl")[0] == 0
        os.umask(0o027)
        assert run("--jsonl", "corpus.jsonl", "-o", "private.jsonl")[0] == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "out.jsonl").st_mode) == 0o644
    assert stat.S_IMODE(os.stat(tmp_path / "private.jsonl").st_mode) == 0o640


def test_output_to_a_directory_is_a_clean_error(run, tmp_path):
    (tmp_path / "corpus.jsonl").write_text('{"text": "Source: PTI\\nBody.\\n"}\n')
    (tmp_path / "out").mkdir()
    status, out, err = run("--jsonl", "corpus.jsonl", "-o", "out")
    assert status == 2
    assert err.strip() == "cleanwire: error: out: is a directory; -o/--output takes a file name"
    assert sorted(os.listdir(tmp_path)) == ["corpus.jsonl", "out"] and os.listdir(tmp_path / "out") == []


def test_audit_field_may_not_overwrite_the_cleaned_field(run, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"text": "Source: PTI\\nBody.\\n"}\n')
    status, _, err = run("--jsonl", "--audit-field", "text", "--field", "text", "corpus.jsonl")
    assert status == 2
    assert "--audit-field 'text' is the field being cleaned" in err
    assert corpus.read_text() == '{"text": "Source: PTI\\nBody.\\n"}\n'


def test_jsonl_output_is_flushed_to_disk_before_the_rename(run, tmp_path, monkeypatch):
    (tmp_path / "corpus.jsonl").write_text('{"text": "Source: PTI\\nBody.\\n"}\n')
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}"))), real_fsync(fd)))
    monkeypatch.setattr(os, "replace", lambda a, b: (events.append(("replace", os.fspath(a))), real_replace(a, b)))
    assert run("--jsonl", "corpus.jsonl", "-o", "clean.jsonl")[0] == 0
    replaced = [e for e in events if e[0] == "replace"]
    assert len(replaced) == 1
    tmp = replaced[0][1]
    assert ("fsync", os.path.realpath(tmp)) in events[: events.index(replaced[0])]


# ----------------------------------------------------------------- symlinks


def test_symlink_loop_in_a_walked_folder_is_skipped_with_a_warning(run, tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "story.txt").write_text(DIRTY)
    os.symlink("loop.txt", tmp_path / "news" / "loop.txt")
    status, _, err = run("news")
    assert status == 0
    assert "warning: skipped news/loop.txt (symbolic link loop)" in err
    assert (tmp_path / "news" / "story.txt").read_text() == CLEAN


def test_symlink_out_of_the_tree_is_not_followed(run, tmp_path):
    (tmp_path / "news").mkdir()
    outside = tmp_path / "elsewhere.txt"
    outside.write_text(DIRTY)
    os.symlink(outside, tmp_path / "news" / "linked.txt")
    inside = tmp_path / "news" / "story.txt"
    inside.write_text(DIRTY)
    os.symlink("story.txt", tmp_path / "news" / "alias.txt")
    status, _, err = run("-v", "news")
    assert status == 0
    assert outside.read_text() == DIRTY
    assert "skipped news/linked.txt (symbolic link to outside the tree, not followed)" in err
    assert inside.read_text() == CLEAN and os.path.islink(tmp_path / "news" / "alias.txt")
