"""cleanwire in a repository: diffs that apply, ignore files, configuration per file."""

from __future__ import annotations

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
