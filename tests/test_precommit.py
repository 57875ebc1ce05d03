"""The pre-commit hooks, run for real by pre-commit against this checkout.

``test_try_repo_fixes_then_passes`` is the slow one (about 20 s): ``pre-commit
try-repo`` builds a virtualenv and pip-installs this checkout into it, once per run.
It needs pre-commit (in the ``test`` extra), git, and the package index for the
build; ``.ci/run`` provides all three. When the run fails and pip cannot reach the
index, the test is skipped with that reason instead of failing.

try-repo uses the checkout's HEAD plus its uncommitted changes to tracked files
(it commits them to a temporary shadow clone) and leaves untracked files out. A clean
checkout (CI, a fresh clone) is therefore used as it is; one with work in progress is
first copied, tracked and untracked files alike, into a scratch repository with one
commit, so that the test checks exactly the files on disk.
"""

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cleanwire import cli

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"

DIRTY = (
    "Source: PTI\n\nThe council met on Monday to approve the budget.\u00a0\n\n"
    "Members debated the plan for three hours.\n"
)
CLEAN = "The council met on Monday to approve the budget.\n\nMembers debated the plan for three hours.\n"

# A repository's README: code, nesting, a hard break and a table must survive; the
# promo line goes and the prose spaces are tidied.
README = (
    "# Tool\n\nRun it  like this:  \nthen read the output.\n\nALSO READ: Another story\n\n"
    "```sh\ntool --flag   value\n```\n\n    indented  code\n\n- item\n  - nested  item with `a  b`\n\n"
    "| a  | b |\n|----|---|\n"
)
README_CLEAN = (
    "# Tool\n\nRun it like this:  \nthen read the output.\n\n"
    "```sh\ntool --flag   value\n```\n\n    indented  code\n\n- item\n  - nested item with `a  b`\n\n"
    "| a  | b |\n|----|---|\n"
)


def hooks():
    yaml = pytest.importorskip("yaml")  # pre-commit depends on PyYAML
    return {h["id"]: h for h in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}


def test_manifest_declares_both_hooks():
    found = hooks()
    assert set(found) == {"cleanwire", "cleanwire-check"}
    for hook in found.values():
        assert hook["language"] == "python"
        assert hook["types"] == ["text"]
        assert shlex.split(hook["entry"])[0] == "cleanwire"
    assert {"--check", "--diff"} <= set(shlex.split(found["cleanwire-check"]["entry"]))
    for hook in found.values():
        # pre-commit refuses a hook whose minimum it does not meet, with a clear message
        assert tuple(int(n) for n in hook["minimum_pre_commit_version"].split(".")) >= (3, 0, 0)


@pytest.mark.parametrize("hook_id, status, written", [("cleanwire", 1, True), ("cleanwire-check", 1, False)])
def test_hook_entries_behave_as_pre_commit_calls_them(hook_id, status, written, tmp_path, monkeypatch, capsys):
    # pre-commit appends the staged file names to the entry; source code among them
    # must be left alone (include decides), the text file cleaned or reported.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "story.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "tool.py").write_text("x = 1   \n")
    (tmp_path / "README.md").write_text(README, encoding="utf-8")
    argv = shlex.split(hooks()[hook_id]["entry"])[1:] + ["story.txt", "tool.py", "README.md"]
    code = cli.main(argv)
    # The fix hook exits 0 itself; pre-commit fails the run because a file changed.
    assert code == (0 if written else status)
    assert (tmp_path / "story.txt").read_text(encoding="utf-8") == (CLEAN if written else DIRTY)
    assert (tmp_path / "tool.py").read_text() == "x = 1   \n"
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == (README_CLEAN if written else README)
    if not written:
        assert "-Source: PTI" in capsys.readouterr().out


def git(*args, cwd, env):
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def hook_repository(tmp_path, env) -> Path:
    """This checkout, or a committed snapshot of its working tree if it has changes."""
    status = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    if not status.stdout.strip():
        return ROOT
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout.split("\0")
    snapshot = tmp_path / "checkout"
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    git("init", "-q", ".", cwd=snapshot, env=env)
    git("add", ".", cwd=snapshot, env=env)
    git("commit", "-q", "-m", "snapshot", cwd=snapshot, env=env)
    return snapshot


def index_reachable(tmp_path, env) -> bool:
    """Whether pip can fetch a build requirement, as try-repo's install must."""
    probe = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(tmp_path / "probe"), "setuptools>=77"],
        env=env, capture_output=True, timeout=300,
    )
    return probe.returncode == 0


def test_try_repo_fixes_then_passes(tmp_path):
    """SLOW: pre-commit installs this checkout into a fresh environment, twice."""
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not (ROOT / ".git").exists():
        pytest.skip("this checkout is not a git repository; pre-commit try-repo needs one")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_AUTHOR_NAME="cleanwire test",
        GIT_AUTHOR_EMAIL="test@cleanwire.invalid",
        GIT_COMMITTER_NAME="cleanwire test",
        GIT_COMMITTER_EMAIL="test@cleanwire.invalid",
        PRE_COMMIT_HOME=env.get("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home")),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    repository = hook_repository(tmp_path, env)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    (scratch / "story.txt").write_text(DIRTY, encoding="utf-8")
    (scratch / "tool.py").write_text("x = 1   \n")
    (scratch / "README.md").write_text(README, encoding="utf-8")
    git("init", "-q", ".", cwd=scratch, env=env)
    git("add", ".", cwd=scratch, env=env)
    git("commit", "-q", "-m", "dirty story", cwd=scratch, env=env)

    def try_repo():
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(repository), "cleanwire", "--files", "story.txt", "tool.py", "README.md"],
            cwd=scratch,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    first = try_repo()
    if first.returncode != 1 and not index_reachable(tmp_path, env):
        pytest.skip("the package index is unreachable: pre-commit try-repo installs this checkout "
                    "with pip, which needs it (pip could not download setuptools)")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert (scratch / "story.txt").read_text(encoding="utf-8") == CLEAN
    assert (scratch / "tool.py").read_text() == "x = 1   \n"
    assert (scratch / "README.md").read_text(encoding="utf-8") == README_CLEAN
    second = try_repo()
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout
