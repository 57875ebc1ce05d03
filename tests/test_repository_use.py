"""cleanwire in a repository: diffs that apply, ignore files, configuration per file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

DIRTY = "Source: PTI\nThe council met on Monday to approve the budget.\u00a0\n\n\nMembers spoke.\n"


def cleanwire(*args, cwd, env=None):
    return subprocess.run([sys.executable, "-m", "cleanwire", *args], cwd=cwd, capture_output=True, env=env)


# ----------------------------------------------------------------------- diffs


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("tool", ["patch", "git"])
def test_diff_applies_with_patch_and_git_apply(tmp_path, tool, newline):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")
    name = "my story.txt"
    (tmp_path / name).write_bytes(DIRTY.replace("\n", newline).encode())
    (tmp_path / "other.txt").write_bytes(("Plain text.\nSource: ANI" + "\n").replace("\n", newline).encode())
    reference = tmp_path / "reference"
    reference.mkdir()
    for each in (name, "other.txt"):
        shutil.copy(tmp_path / each, reference / each)
    assert cleanwire("-q", name, "other.txt", cwd=reference).returncode == 0
    diff = cleanwire("--diff", "-q", name, "other.txt", cwd=tmp_path)
    assert diff.returncode == 1
    if tool == "patch":
        done = subprocess.run(["patch", "-p0", "--binary"], input=diff.stdout, cwd=tmp_path, capture_output=True)
    else:
        subprocess.run(["git", "init", "-q", "."], cwd=tmp_path, check=True)
        done = subprocess.run(["git", "apply", "-p0", "-"], input=diff.stdout, cwd=tmp_path, capture_output=True)
    assert done.returncode == 0, done.stdout + done.stderr
    for each in (name, "other.txt"):
        assert (tmp_path / each).read_bytes() == (reference / each).read_bytes()


def test_diff_of_a_crlf_file_shows_its_own_line_endings(run, tmp_path):
    (tmp_path / "a.txt").write_bytes(b"Source: PTI\r\nText.\r\n")
    status, out, _ = run("--diff", "-q", "a.txt")
    assert status == 1
    assert out == "--- a.txt\t(original)\n+++ a.txt\t(cleaned)\n@@ -1,2 +1 @@\n-Source: PTI\r\n Text.\r\n"


# ------------------------------------------------------------------ ignore files


@pytest.fixture
def repository(tmp_path, monkeypatch):
    """A git repository, with HOME and XDG_CONFIG_HOME inside the test so that the
    user's own git configuration and global excludes are never read."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    home = tmp_path / "home"
    (home / ".config" / "git").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_CONFIG_GLOBAL"):
        monkeypatch.delenv(name, raising=False)
    repo = tmp_path / "repo"
    (repo / "news" / "sub").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    for name in ("a.txt", "b.txt", "c.txt", "d.txt", "kept.txt", "sub/e.txt"):
        (repo / "news" / name).write_text(DIRTY)
    return repo, home


def would_clean(run, *paths):
    status, _, err = run("--check", *paths)
    return sorted(line.split(" ", 2)[2] for line in err.splitlines() if line.startswith("would clean "))


def test_the_three_ignore_sources_of_git_apply(run, repository, monkeypatch):
    repo, home = repository
    (repo / ".gitignore").write_text("a.txt\n*.txt\n!kept.txt\n!e.txt\n!d.txt\n!c.txt\n!b.txt\n")
    (repo / ".git" / "info" / "exclude").write_text("b.txt\n")
    (home / ".config" / "git" / "ignore").write_text("c.txt\n")
    monkeypatch.chdir(repo)
    # .gitignore's own negations override the weaker sources, as in git
    assert would_clean(run, "news") == ["news/b.txt", "news/c.txt", "news/d.txt", "news/kept.txt", "news/sub/e.txt"]
    (repo / ".gitignore").write_text("a.txt\n")
    assert would_clean(run, "news") == ["news/d.txt", "news/kept.txt", "news/sub/e.txt"]
    (repo / "news" / "sub" / ".gitignore").write_text("e.txt\n")
    assert would_clean(run, "news") == ["news/d.txt", "news/kept.txt"]


def test_core_excludes_file_is_honoured(run, repository, monkeypatch):
    repo, home = repository
    (home / "my-excludes").write_text("d.txt\nsub/\n")
    subprocess.run(["git", "config", "--global", "core.excludesFile", "~/my-excludes"], check=True)
    monkeypatch.chdir(repo)
    assert would_clean(run, "news") == ["news/a.txt", "news/b.txt", "news/c.txt", "news/kept.txt"]


def test_what_git_reports_as_ignored_is_what_is_skipped(run, repository, monkeypatch):
    repo, home = repository
    (repo / ".gitignore").write_text("/news/a.txt\nsub/*.txt\n")
    (repo / ".git" / "info" / "exclude").write_text("b.txt\n")
    (home / ".config" / "git" / "ignore").write_text("c.txt\n")
    monkeypatch.chdir(repo)
    listed = subprocess.run(["git", "ls-files", "--others", "--exclude-standard", "news"],
                            capture_output=True, text=True, check=True).stdout.split()
    assert would_clean(run, "news") == sorted(listed)


# ------------------------------------------------------------ configuration per file

SOURCE_ONLY = "Source: PTI\nThe council met on Monday.\n"


@pytest.fixture
def project(tmp_path):
    """proj/ ignores CW1 (source tags); proj/wire/ has its own file that selects only CW9."""
    proj = tmp_path / "proj"
    (proj / ".git").mkdir(parents=True)
    (proj / "sub").mkdir()
    (proj / "wire").mkdir()
    (proj / "cleanwire.toml").write_text('ignore = ["CW1"]\n')
    (proj / "wire" / "cleanwire.toml").write_text('select = ["CW9"]\n')
    for name in ("sub/story.txt", "wire/story.txt", "story.txt"):
        (proj / name).write_text(SOURCE_ONLY)
    return proj


@pytest.mark.parametrize("where", [".", "proj", "proj/sub"])
def test_the_same_file_gets_the_same_result_from_anywhere(tmp_path, project, where):
    target = os.path.relpath(project / "sub" / "story.txt", tmp_path / where)
    done = cleanwire("--check", target, cwd=tmp_path / where)
    assert done.returncode == 0, done.stderr  # CW1 is ignored by proj/cleanwire.toml


def test_a_configuration_in_a_subfolder_governs_the_files_under_it(run, tmp_path, project):
    (project / "wire" / "story.txt").write_text(SOURCE_ONLY + "Trailing space. \n")
    status, _, err = run("--check", "-v", "proj")
    assert status == 1
    assert "unchanged proj/story.txt" in err and "unchanged proj/sub/story.txt" in err
    assert "would clean proj/wire/story.txt" in err
    assert run("proj", "-q")[0] == 0
    # wire/ runs CW9 only: the trailing space goes, the source tag stays
    assert (project / "wire" / "story.txt").read_text() == SOURCE_ONLY + "Trailing space.\n"


def test_jsonl_files_use_their_own_configuration(run, tmp_path, project):
    (project / "sub" / "c.jsonl").write_text('{"text": "Source: PTI\\nBody.\\n"}\n')
    assert run("--jsonl", "--check", "proj/sub/c.jsonl")[0] == 0
    assert run("--jsonl", "--check", "--isolated", "proj/sub/c.jsonl")[0] == 1


def test_config_option_and_isolated_apply_to_every_file(run, tmp_path, project):
    assert run("--check", "--isolated", "proj/sub/story.txt")[0] == 1
    assert run("--check", "--config", "proj/wire/cleanwire.toml", "proj/sub/story.txt")[0] == 0


def test_a_subfolder_configuration_decides_what_a_walk_takes_under_it(run, tmp_path, project):
    (project / "wire" / "cleanwire.toml").write_text('exclude = ["drafts"]\ninclude = ["*.txt", "*.rst"]\n')
    (project / "wire" / "drafts").mkdir()
    (project / "wire" / "drafts" / "d.txt").write_text(SOURCE_ONLY)
    (project / "wire" / "notes.rst").write_text(SOURCE_ONLY)
    (project / "notes.rst").write_text(SOURCE_ONLY)
    status, _, err = run("--check", "proj")
    assert sorted(line for line in err.splitlines() if line.startswith("would clean")) == [
        "would clean proj/wire/notes.rst", "would clean proj/wire/story.txt"]
