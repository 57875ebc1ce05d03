"""Extending cleanwire as CONTRIBUTING.md says: a line rule, a code rule, a stage.

Each test makes the change the guide describes, with the snippet the guide shows (the
fenced block after an ``<!-- extending: ... -->`` comment), in a scratch copy of the
package, and runs the copy in a fresh interpreter. It checks that the new rule runs
on a text that needs it, and that it is gated: on a text without its triggers it is
never even tried. So the guide cannot drift from what the code needs, and a rule
added the documented way cannot silently run on every text.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib

import pytest

from .conftest import ROOT

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def snippet(where: str) -> str:
    """The fenced block that follows ``<!-- extending: {where} -->`` in the guide."""
    m = re.search(r"<!-- extending: " + re.escape(where) + r" -->\n```\w*\n(.*?)^```", GUIDE, re.S | re.M)
    assert m, f"CONTRIBUTING.md has no snippet marked `extending: {where}`"
    return m.group(1)


@pytest.fixture
def package(tmp_path):
    """A scratch copy of the package, and a function that runs Python code against it."""
    copy = tmp_path / "src" / "cleanwire"
    shutil.copytree(ROOT / "cleanwire", copy, ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(copy.parent)}  # the suite's cache: entries are named by content
    env["PYTHONDONTWRITEBYTECODE"] = "1"

    def run(code: str):
        prologue = f"import cleanwire, json\nassert cleanwire.__file__.startswith({str(copy)!r}), cleanwire.__file__\n"
        done = subprocess.run(
            [sys.executable, "-c", prologue + textwrap.dedent(code)], capture_output=True, text=True, env=env, cwd=tmp_path
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    return copy, run


#: Runs in the copy: ``RULE`` is set before it. Counts how often the rule is called
#: on each text (``apply``, which the pipeline reaches through ``run``), and what
#: ``clean`` makes of it.
COUNT_CALLS = """
from cleanwire import Cleaner
from cleanwire.rules import get_rule

rule = get_rule(RULE)
calls = []
plain = type(rule).apply
object.__setattr__(rule, "apply", lambda text, log=None: calls.append(text) or plain(rule, text, log))
cleaner = Cleaner()
assert rule in cleaner.rules
found = {}
for name, text in TEXTS.items():
    before = len(calls)
    cleaned = cleaner.clean(text)
    found[name] = {"calls": len(calls) - before, "clean": cleaned}
print(json.dumps(found))
"""

#: A page with many short lines (so other boilerplate patterns are tried) and none of
#: the new rules' triggers.
BUSY_PAGE = (
    "Home | World | Business\n"
    "ALSO READ: Markets close higher\n"
    "Floods cut off three coastal villages\n\n"
    "Rescue teams reached three villages on the southern coast on Tuesday after two days of heavy rain "
    "washed away the only road linking them to the district town.\n\n"
    "Follow us on Facebook\n"
    "District officials said about 1,200 people had been moved to schools on higher ground.\n\n"
    "Watch the video\n"
    "Share this article\n"
)


#: Runs in the copy: ``RULE`` and ``RECORD`` (None for a packaged rule) are set
#: before it. Counts every attempt to match the rule's patterns against a line.
COUNT_TRIES = """
from cleanwire import Cleaner
from cleanwire.rules.lines import matcher

cleaner = Cleaner() if RECORD is None else Cleaner(rules=[RECORD])
(rule,) = [r for r in cleaner.rules if r.code == RULE]
ours = set(rule.expanded())
tried = []
compile_led_plain = matcher.compile_led

class Counted:
    def __init__(self, pattern):
        self.pattern = pattern

    def fullmatch(self, *args, **kwargs):
        tried.append(args[0])
        return self.pattern.fullmatch(*args, **kwargs)

def compile_led(pattern):  # a line with leading bullets tries the pattern after them
    compiled = compile_led_plain(pattern)
    return Counted(compiled) if pattern in ours else compiled

compile_unled_plain = matcher.compile_unled

def compile_unled(pattern):  # a line without leading bullets tries the pattern alone
    compiled = compile_unled_plain(pattern)
    return Counted(compiled) if pattern in ours else compiled

matcher.compile_led = compile_led
matcher.compile_unled = compile_unled
found = {}
for name, text in TEXTS.items():
    before = len(tried)
    explained = cleaner.explain(text)
    found[name] = {"tried": tried[before:], "codes": [c.code for c in explained.changes], "text": explained.text}
print(json.dumps(found))
"""


@pytest.mark.parametrize("where", ["packaged", "configuration"])
def test_a_line_rule_is_one_toml_record(package, where):
    """A record in ``cleanwire/data/boilerplate.toml``, or the same record in a user's
    configuration (``Cleaner(rules=...)``, ``[tool.cleanwire]``), with a code of its own."""
    copy, run = package
    record = snippet("append to cleanwire/data/boilerplate.toml")
    if where == "packaged":
        code = re.search(r'^code = "(CW\d{3})"', record, re.M).group(1)
        with open(copy / "data" / "boilerplate.toml", "a", encoding="utf-8") as handle:
            handle.write("\n" + record)
        parsed = None
    else:
        parsed = tomllib.loads(record)["rule"][0]
        code = parsed["code"] = "CW801"
    promo = "Floods hit the coast\n\nRescue teams reached three villages on Tuesday.\n\nTune in to Coast FM at 7pm\n"
    found = run(f"RULE = {code!r}\nRECORD = {parsed!r}\nTEXTS = {{'promo': {promo!r}, 'busy': {BUSY_PAGE!r}}}\n" + COUNT_TRIES)
    assert code in found["promo"]["codes"] and "Tune in" not in found["promo"]["text"]
    assert found["promo"]["tried"] == ["Tune in to Coast FM at 7pm"]
    # The line stage's gate scan leaves the pattern untried on a page without one
    # of its starting strings, while the other rules run there.
    assert found["busy"]["tried"] == [] and code not in found["busy"]["codes"]
    assert "ALSO READ" not in found["busy"]["text"]


def test_a_code_rule_is_its_module_only(package):
    copy, run = package
    source = snippet("add to the RULES of cleanwire/rules/hygiene.py")
    name = [n.targets[0].id for n in ast.parse(source).body if isinstance(n, ast.Assign)][-1]
    code = re.search(r'code="(CW\d{3})"', source).group(1)
    module = copy / "rules" / "hygiene.py"
    text = module.read_text(encoding="utf-8")
    head, sep, tail = text.rpartition("\nRULES = (")
    assert sep, "hygiene.py has no RULES"
    module.write_text(head + "\n" + source + sep + tail.replace(")", f", {name})", 1), encoding="utf-8")
    found = run(
        f"RULE = {code!r}\nTEXTS = {{'marked': 'Prices rose \\u2066\\u202a12%\\u202c\\u2069 in May.\\n', 'busy': {BUSY_PAGE!r}}}\n"
        + COUNT_CALLS
    )
    assert found["marked"] == {"calls": 1, "clean": "Prices rose 12% in May.\n"}
    assert found["busy"]["calls"] == 0


def test_a_stage_is_one_registry_entry_and_one_module(package):
    copy, run = package
    entry = snippet('insert into STAGES of cleanwire/stages.py before "whitespace"')
    module = snippet("new module cleanwire/rules/references.py")
    code = re.search(r'code="(CW\d{3})"', module).group(1)
    stages = copy / "stages.py"
    text = stages.read_text(encoding="utf-8")
    anchor = '    StageInfo(\n        "whitespace",'
    assert text.count(anchor) == 1
    stages.write_text(text.replace(anchor, entry + anchor), encoding="utf-8")
    (copy / "rules" / "references.py").write_text(module, encoding="utf-8")
    found = run(
        f"RULE = {code!r}\nTEXTS = {{'marked': 'Dhaka is the capital[3] of Bangladesh.\\n', 'busy': {BUSY_PAGE!r}}}\n"
        + COUNT_CALLS
        + """
from cleanwire.model import Stage
order = [stage.label for stage in Stage]
assert order[-2:] == ["references", "whitespace"], order
assert rule.stage is Stage.REFERENCES
"""
    )
    assert found["marked"] == {"calls": 1, "clean": "Dhaka is the capital of Bangladesh.\n"}
    assert found["busy"]["calls"] == 0
