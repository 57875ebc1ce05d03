"""Documentation that cannot rot.

* ``docs/rules.md`` and the figures in ``docs/quality.md`` are what
  ``python -m cleanwire.docs`` generates from the code.
* Every example in ``README.md`` and ``docs/*.md`` runs: ```python blocks as doctest
  (one namespace per page, in page order), ```console blocks by bash in a fresh
  temporary folder, where each ``$ `` line is a command and the lines below it are its
  exact combined stdout and stderr. The test environment's ``bin`` folder comes first
  on ``PATH``, so ``cleanwire`` and ``python`` are the ones under test.
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from cleanwire import docs as gen

from .conftest import ROOT

PAGES = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
SEPARATOR = "\x1e--cleanwire-docs-command-done--\x1e"


def page_id(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def blocks(page: Path, language: str):
    """(line number, body) of each fenced block of ``language`` in ``page``."""
    text = page.read_text(encoding="utf-8")
    for m in FENCE.finditer(text):
        if m.group(1) == language:
            yield text.count("\n", 0, m.start()) + 1, m.group(2)


def console_blocks():
    for page in PAGES:
        for line, body in blocks(page, "console"):
            yield pytest.param(page, line, body, id=f"{page_id(page)}:{line}")


def parse_console(body: str) -> list[tuple[str, str]]:
    """Split a console block into (command, expected output) pairs.

    A command ending in a backslash continues on the next line.

    >>> parse_console("$ echo hi\\nhi\\n$ printf 'a\\\\n' \\\\\\n  > f\\n$ true\\n")
    [('echo hi', 'hi'), ("printf 'a\\\\n' \\\\\\n  > f", ''), ('true', '')]
    """
    steps: list[tuple[str, list[str]]] = []
    lines = body.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("$ "):
            command = [line[2:]]
            while command[-1].endswith("\\") and i + 1 < len(lines):
                i += 1
                command.append(lines[i])
            steps.append(("\n".join(command), []))
        elif steps:
            steps[-1][1].append(line)
        elif line.strip():
            raise ValueError(f"output before the first command: {line!r}")
        i += 1
    return [(command, "\n".join(out).rstrip("\n")) for command, out in steps]


def run_console(steps, cwd: Path) -> list[str]:
    """Run the commands in one bash process; return each one's combined output."""
    script = ["exec 2>&1"]
    for command, _ in steps:
        script.append(command)
        script.append(f"printf '%s' '{SEPARATOR}'")
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.update(LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8", NO_COLOR="1", COLUMNS="80", TERM="dumb")
    for name in ("PYTHONPATH", "VIRTUAL_ENV_PROMPT", "FORCE_COLOR"):
        env.pop(name, None)
    # The script is a file outside the example's folder, and standard input is empty,
    # so a command that reads stdin cannot swallow the commands after it.
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "example.sh"
        path.write_text("\n".join(script) + "\n", encoding="utf-8")
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", str(path)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            cwd=cwd,
            env=env,
            timeout=120,
        )
    outputs = [out.rstrip("\n") for out in done.stdout.split(SEPARATOR)][: len(steps)]
    return outputs + [""] * (len(steps) - len(outputs))


# ------------------------------------------------------------------- generated pages


def test_rules_page_is_up_to_date():
    committed = (ROOT / gen.RULES_PAGE).read_text(encoding="utf-8")
    assert committed == gen.render_rules(), "docs/rules.md is stale: run `python -m cleanwire.docs`"


def test_quality_figures_are_up_to_date():
    page = (ROOT / gen.QUALITY_PAGE).read_text(encoding="utf-8")
    expected = gen.render_quality(page, gen.labelled_figures(ROOT))
    assert page == expected, "docs/quality.md figures are stale: run `python -m cleanwire.docs`"


def test_rules_page_lists_every_rule():
    from cleanwire.rules import ALL_RULES

    text = (ROOT / gen.RULES_PAGE).read_text(encoding="utf-8")
    for rule in ALL_RULES:
        assert f"### {rule.code} {rule.name}\n" in text
        assert rule.summary in text


def test_docs_check_flags_a_stale_page(tmp_path, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "rules.md").write_text("# Rules\n\nold\n", encoding="utf-8")
    assert gen.main(["--check", "--root", str(tmp_path)]) == 1
    assert "would regenerate" in capsys.readouterr().err
    assert (tmp_path / "docs" / "rules.md").read_text(encoding="utf-8") == "# Rules\n\nold\n"
    assert gen.main(["--root", str(tmp_path)]) == 0
    assert gen.main(["--check", "--root", str(tmp_path)]) == 0
    assert gen.main(["--check", "--root", str(tmp_path / "nowhere")]) == 2


def test_generator_docstrings():
    result = doctest.testmod(gen)
    assert result.attempted > 0 and result.failed == 0


# ------------------------------------------------------------------- executed examples


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_python_examples(page, tmp_path, monkeypatch):
    sources = [body for _, body in blocks(page, "python") if ">>>" in body]
    if not sources:
        pytest.skip("no doctest examples")
    monkeypatch.chdir(tmp_path)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    globs: dict = {"__name__": "__docs__"}
    for line, body in blocks(page, "python"):
        if ">>>" not in body:
            continue
        test = parser.get_doctest(body, globs, f"{page_id(page)}:{line}", str(page), line)
        runner.run(test, clear_globs=False)
        globs = test.globs  # DocTest copies its namespace; carry it to the next block
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} doctest example(s) failed in {page_id(page)} (see output above)"


@pytest.mark.parametrize("page,line,body", list(console_blocks()))
def test_console_examples(page, line, body, tmp_path):
    steps = parse_console(body)
    assert steps, "a console block needs at least one `$ ` command"
    outputs = run_console(steps, tmp_path)
    for (command, expected), actual in zip(steps, outputs):
        assert actual == expected, f"{page_id(page)}:{line}: `$ {command}` printed:\n{actual}"


def test_parse_console():
    runner = doctest.DocTestRunner()
    for test in doctest.DocTestFinder().find(parse_console, globs={"parse_console": parse_console}):
        runner.run(test)
    assert runner.summarize(verbose=False) == (0, 1)
    assert parse_console("$ a\n1\n2\n\n$ b\n") == [("a", "1\n2"), ("b", "")]
    with pytest.raises(ValueError):
        parse_console("stray\n$ a\n")


def test_console_runner_sees_failures(tmp_path):
    steps = parse_console("$ echo one\none\n$ echo two >&2; false; echo \"exit $?\"\ntwo\nexit 1\n")
    assert run_console(steps, tmp_path) == ["one", "two\nexit 1"]
    assert run_console(parse_console("$ echo wrong\nright\n"), tmp_path) == ["wrong"]
    # a command reading standard input gets nothing, and the block goes on
    assert run_console(parse_console("$ cat\n$ echo after\nafter\n$ ls -A\n"), tmp_path) == ["", "after", ""]


# ------------------------------------------------------------------- structure


REQUIRED = ["index", "rules", "configuration", "cli", "pre-commit", "variants", "testing", "scale",
            "performance", "design", "quality"]


@pytest.mark.parametrize("name", REQUIRED)
def test_page_exists_and_is_linked_from_readme(name):
    assert (ROOT / "docs" / f"{name}.md").exists(), f"docs/{name}.md is missing"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"(docs/{name}.md)" in readme, f"README.md does not link docs/{name}.md"


def test_relative_links_between_pages_resolve():
    broken = []
    for page in PAGES + [ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md"]:
        text = page.read_text(encoding="utf-8")
        text = FENCE.sub("", text)
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if "://" in target or target.startswith("mailto:"):
                continue
            if not (page.parent / target).exists():
                broken.append(f"{page_id(page)} -> {target}")
    assert not broken, broken
