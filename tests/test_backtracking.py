"""Reading a pattern's shape: the two ways it can backtrack, found, fixed, and not imagined."""

from __future__ import annotations

import doctest

import pytest
import cleanwire.backtracking
from cleanwire.backtracking import findings, line_findings, worst_lines
from cleanwire.rules.lines import RULES, line_key


def kinds(pattern, **kw):
    return sorted({f.kind for f in findings(pattern, **kw)})


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:a|aa)+b",
        r"(?:\w+\s?)+!",
        r"(a+)+b",
        r"(?:x|[a-z])*y",
        r"(.*?,){11}P",
        # names separated by an `and` a name can itself contain: AandAand...
        r"with inputs from [A-Z][a-z]*(?:\s*and\s*[A-Z][a-z]*)*",
    ],
)
def test_nested_repeats_are_found(pattern):
    assert "nested" in kinds(pattern)


@pytest.mark.parametrize("pattern", [r"\w+\w*!", r"\w+\s*\w+!", r".*\s*x", r"[^:]+.{0,300}:"])
def test_adjacent_repeats_are_found(pattern):
    assert kinds(pattern) == ["adjacent"]


@pytest.mark.parametrize(
    "pattern",
    [
        r"\w++\w*!",  # possessive: the first never gives a character back
        r"(?>\w+)\w*!",  # atomic group: the same
        r"(?:\w+ )*\w+!",  # a space separates the words: one way only
        r"(?:\w++\s?)+!",
        r"also read\s*:\s*\S.*",  # a last `.*` takes the rest at once
        r"[^,]{0,40}[^.]{0,40}!",  # both bounded: 1,600 splits at most
        r"@\w+\b.{0,200}",  # the word boundary decides where the word ends
        r".{0,200}\bfoo\b.{0,80}",
        r"sources?\s*[:|]\s*[^\s:;!?]+(?: [^\s:;!?]+){0,5}",
    ],
)
def test_linear_shapes_are_not_reported(pattern):
    assert findings(pattern) == []


def test_line_keys_have_no_runs_of_whitespace():
    # `\s*\s*` splits a run of spaces many ways, but a line key has one space at most.
    assert kinds(r"a\s*\s*b") == ["adjacent"]
    assert findings(r"a\s*\s*b", folded=True) == []


def test_a_run_before_the_trailing_full_stops_is_reported_as_such():
    (found,) = line_findings(r"image credit:.{0,80}")
    assert "full stops" in found.message and ".{0,80}+" in found.message
    assert line_findings(r"image credit:.{0,80}+") == []


def test_messages_name_the_repeat_and_a_fix():
    (found,) = findings(r"(?:a|aa)+b")
    assert "(?:a|aa)+" in found.message and "possessive" in found.message
    (found,) = findings(r"\w+\s*\w+!")
    assert "'\\\\w+'" in found.message and "\\w++" in found.message


def test_unreadable_syntax_is_reported_as_such():
    with pytest.raises(cleanwire.backtracking.Unreadable):
        findings(r"(\w)\1+")


def test_every_packaged_pattern_is_linear():
    # What lets the packaged rules match without a time limit (PatternRule.linear).
    assert RULES and all(rule.linear for rule in RULES)
    for rule in RULES:
        for pattern in rule.expanded():
            assert line_findings(pattern) == [], (rule.code, pattern)


def test_worst_lines_lead_into_each_repeat_and_stop_at_the_limit():
    lines = worst_lines(r"with inputs from \w+(?: \w+)*", limit=60)
    assert lines and all(len(line) <= 60 for line in lines)
    assert any(line.lower().startswith("with inputs from ") and len(line) == 60 for line in lines)


def test_docstring_examples():
    result = doctest.testmod(cleanwire.backtracking)
    assert result.attempted > 0 and result.failed == 0
