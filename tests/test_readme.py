"""The README's two commands are the ones users run first; keep them true."""

import doctest
import re
import subprocess
import sys

from .conftest import ROOT


def readme_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.*?)\n```", text, re.S)


def test_readme_opens_with_two_commands():
    commands = readme_commands()
    assert len(commands) >= 2
    assert "cleanwire - < corpus/cases/example-article/input.txt" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()


def test_readme_example_command_output(tmp_path):
    # The installed console script is what the first command runs; run the same
    # entry point on the same file and compare with the golden expectation.
    case = ROOT / "corpus" / "cases" / "example-article"
    done = subprocess.run(
        [sys.executable, "-m", "cleanwire", "-"],
        stdin=open(case / "input.txt", "rb"),
        capture_output=True,
        check=True,
    )
    assert done.stdout == (case / "expected.txt").read_bytes()


def test_readme_python_examples():
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False)
    assert result.attempted > 0 and result.failed == 0
