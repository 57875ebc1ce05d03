"""A newcomer's first minutes: the documented commands work as written from the root.

cleanwire is installed from a checkout, so no page may tell people to install it from
a package index, every ```sh command must name files that exist from the repository
root, and the README must say how to get the `cleanwire` its examples call.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PAGES = [ROOT / "README.md", ROOT / "CONTRIBUTING.md"] + sorted((ROOT / "docs").glob("*.md"))
SH = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)


def sh_commands():
    for page in PAGES:
        for block in SH.findall(page.read_text(encoding="utf-8")):
            for line in block.splitlines():
                line = line.split("#", 1)[0].strip()
                if line:
                    yield pytest.param(page, line, id=f"{page.relative_to(ROOT)}: {line[:60]}")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_installs_cleanwire_from_an_index(page):
    text = page.read_text(encoding="utf-8")
    wrong = re.findall(r"pip install(?:\s+-\S+)*\s+['\"]?cleanwire\b", text)
    assert not wrong, f"{page.name}: cleanwire is installed from the checkout (pip install -e '.[extra]'): {wrong}"


@pytest.mark.parametrize("page,command", list(sh_commands()))
def test_sh_commands_name_files_that_exist_from_the_root(page, command):
    for part in re.split(r"&&|\|\||;|\|", command):
        words = shlex.split(part.replace("<", " < ").replace(">", " > "))
        for before, word in zip([""] + words, words):
            if before in (">", "-o") or word.startswith((".venv/", "-", "'", "http")) or "://" in word:
                continue
            if "/" in word and re.search(r"\.(py|txt|md|jsonl|toml|json)$", word) and "*" not in word:
                assert (ROOT / word).exists(), f"{page.name}: `{command}` names {word}, which is not in the repository"


def test_readme_says_how_to_get_the_command_its_examples_call():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_example = text.index("```console")
    assert ". .venv/bin/activate" in text[:first_example]


def test_quick_start_installs_into_a_virtual_environment():
    (first,) = SH.findall((ROOT / "docs" / "index.md").read_text(encoding="utf-8"))[:1]
    assert "python3 -m venv .venv" in first and ". .venv/bin/activate" in first


def test_readme_first_command_runs_as_written_from_the_root():
    """The run part of the README's first command, with this environment as `.venv`."""
    first = SH.findall((ROOT / "README.md").read_text(encoding="utf-8"))[0].strip()
    run = first.split("&&")[-1].strip()
    assert run.startswith(".venv/bin/cleanwire")
    bin_dir = Path(sys.executable).parent
    done = subprocess.run(["bash", "-c", run.replace(".venv/bin/", f"{bin_dir}/", 1)], cwd=ROOT, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (ROOT / "corpus" / "cases" / "example-article" / "expected.txt").read_bytes()
