"""The worst-case line generator of benchmarks/adversarial.py, run small on every packaged rule.

The benchmark times each rule on its worst lines at full length; this test runs the
same lines at a third of it with a bound no linear pattern comes near (half a second
for one line, where a linear pattern takes well under a millisecond), so a pattern
that backtracks catastrophically fails the suite without a timing-sensitive test.
"""

from __future__ import annotations

import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "benchmarks"))

import adversarial  # noqa: E402  (benchmarks/ is not a package)

from cleanwire.rules.lines import RULES  # noqa: E402

GENEROUS = 0.5  # seconds for one line


def test_no_packaged_rule_stalls_on_its_worst_lines():
    slow = []
    for rule in RULES:
        keys = adversarial.rule_lines(rule, limit=140)
        assert keys, rule.code
        _, _, stopped = adversarial.time_rule(rule, keys, timeout=GENEROUS)
        if stopped:
            slow.append(rule.code)
    assert slow == []


def test_a_flawed_rule_is_caught():
    from dataclasses import replace

    (credit,) = [r for r in RULES if r.code == "CW102"]
    # The credit pattern as it was: a name may contain the `and` between two names.
    flawed = replace(
        credit,
        patterns=(r"with inputs? from [A-Z][a-z]*(?: [A-Z][a-z]*){0,4}(?:\s*(?:,|and|&)\s*[A-Z][a-z]*(?: [A-Z][a-z]*){0,4}){0,5}",),
    )
    from .reference import compile_branches as _compile_branches

    compiled = _compile_branches([(0, p) for p in flawed.expanded()])
    with pytest.raises(TimeoutError):
        for key in adversarial.rule_lines(flawed, limit=200):
            compiled.fullmatch(key, timeout=GENEROUS)


def test_the_table_lists_every_rule(capsys):
    assert adversarial.main(["--limit", "60", "--rule", "CW101", "--rule", "cw509"]) == 0
    out = capsys.readouterr().out
    assert "CW101" in out and "CW509" in out and "s/MB" in out
