"""The rule-pack linter: each check catches its mistake and spares correct patterns."""

from __future__ import annotations

import doctest

import pytest

import cleanwire.lint
from cleanwire.lint import Problem, lint_options, lint_packaged, lint_patterns
from cleanwire.lint_rules import main


def codes(patterns, **kw):
    return [p.code for p in lint_patterns(patterns, **kw)]


@pytest.mark.parametrize(
    "pattern, code",
    [
        ("(unclosed", "CWL001"),
        ("<<NO_SUCH_MACRO>> news", "CWL001"),
        (r"visit dawn.com for more", "CWL002"),
        (r"Reuters (AP)", "CWL002"),
        (r"also read | .*", "CWL002"),
        (r"price in US$ now", "CWL002"),
        (r"see ^ above", "CWL002"),
        (r"^source: .*|credit: .*", "CWL003"),
        (r"source: .*|credit: .*$", "CWL003"),
        (r"[A-z]+ news", "CWL004"),
        (r"[0-z]{3} code", "CWL004"),
        (r"(a|aa)+b", "CWL005"),
        (r"(.*?,){11}P", "CWL005"),
        (r"(?:\w+ ?)+!", "CWL005"),
        (r"\w+\s*\w+ promo", "CWL005"),
        (r"image credit:.{0,80}", "CWL005"),
        (r"with inputs from (?:[A-Z]\w*(?:\s*and\s*)?)+", "CWL005"),
        (r".*", "CWL006"),
        (r"(?:the )?.*\bsaid\b.*", "CWL006"),
        (r"(\w+) \1", "CWL007"),
        (r"(?P<r0>promo) .*", "CWL007"),
    ],
)
def test_each_mistake_is_caught(pattern, code):
    found = lint_patterns([pattern])
    assert code in [p.code for p in found]
    assert all(p.pattern == pattern for p in found)


@pytest.mark.parametrize(
    "pattern",
    [
        r"also read\s*[:|]\s*\S.*",
        r"visit dawn\.com for more",
        r"reuters \(ap\)",
        r"reuters \((ap|afp)\)",
        r"(?:photo|image) credit",
        r"^(?:source|credit): .*$",
        r"[A-Za-z0-9]+ news",
        r"\d{1,3} min read",
        r"colou?r supplement",
        r"(?:read|see) more(?: here)?",
        r"price in US\$ now",
        r"sources?\s*[:|]\s*[^\s:;!?]++(?: [^\s:;!?]++){0,5}",
        r"image credit:.{0,80}+",
        r"(?:\w++ ?)+!",
        r"(?P<label>promo)\s*:\s*(?P=label)?.{1,80}",
        r"[-–—] ?afp",
        r"(?:_taboola|googletag)\.push.*",
    ],
)
def test_correct_patterns_pass(pattern):
    assert lint_patterns([pattern]) == []


def test_keep_patterns_are_searched_not_matched_whole():
    # A keep pattern may match part of a line, so prose-like keep patterns are fine...
    assert codes([r"\bsaid\b"], keep=True) == []
    # ...but an anchor on one branch only protects every line containing the other.
    assert codes([r"^also read: other$|exclusive"], keep=True) == ["CWL003"]


def test_macros_are_expanded_before_linting():
    assert codes([r"<<AGENCY>> news"], macros={"AGENCY": r"pti|ani"}) == []
    assert codes([r"<<SITE>> news"], macros={"SITE": r"dawn.com"}) == ["CWL002"]


def test_a_guard_before_an_alternation_must_cover_every_alternative():
    # The guard is part of the first alternative only, as an anchor would be, so the
    # second one matches a reported sentence the guard was written to keep.
    guard = {"NOT_REPORTED": r"(?!.{0,400}\bsaid\b)"}
    assert codes([r"<<NOT_REPORTED>>follow us on x\b.{0,40}+|join us on x\b.{0,40}+"], macros=guard) == ["CWL003"]
    assert codes([r"<<NOT_REPORTED>>(?:follow us on x\b.{0,40}+|join us on x\b.{0,40}+)"], macros=guard) == []
    assert codes([r"<<NOT_REPORTED>>follow us on x\b.{0,40}+|<<NOT_REPORTED>>join us on x\b.{0,40}+"], macros=guard) == []


def test_problem_names_where_the_pattern_comes_from():
    (problem,) = lint_patterns([r"[A-z] line"], where="cleanwire.toml: patterns.CW201")
    text = str(problem)
    assert text.startswith("cleanwire.toml: patterns.CW201: CWL004 ")
    assert "[A-z]" in text and "[A-Za-z]" in text


def test_packaged_rules_pass_the_linter():
    assert lint_packaged() == []


def test_catastrophic_pattern_is_reported_quickly(monkeypatch):
    # Quickly: by reading the pattern, without running it on the lines that make it
    # backtrack (that takes seconds). How long it takes is for benchmarks to time;
    # that it never runs the pattern does not depend on how busy the machine is.
    def timed(*args, **kwargs):
        raise AssertionError("the pattern was run to find out")

    monkeypatch.setattr(cleanwire.lint, "_timing_problem", timed)
    found = lint_patterns([r"(a|aa)+b"])
    assert [p.code for p in found] == ["CWL005"]
    # The message names the repeat and says how to fix it.
    assert "(a|aa)+" in found[0].message and "possessive" in found[0].message


def test_backtracking_the_reader_cannot_see_is_still_timed():
    # A back-reference is not read (no shape is found), so the adversarial lines run;
    # two ways to match ``a`` inside a repeat take seconds on a run of thirty of them.
    found = lint_patterns([r"(?:a|a(?P<q>)(?P=q))+b"])
    assert [p.code for p in found] == ["CWL005"]
    assert "took longer than" in found[0].message


def test_lint_options_covers_patterns_rules_and_keep():
    options = {
        "patterns": {"CW201": [r"more from dawn.com.*"]},
        "rules": [{"code": "CW801", "name": "promo", "patterns": [r"[A-z]+ promo"]}],
        "keep": [r"^keep me$|me too"],
    }
    found = lint_options(options, "cleanwire.toml")
    assert [(p.where, p.code) for p in found] == [
        ("cleanwire.toml: patterns.CW201", "CWL002"),
        ("cleanwire.toml: rules: CW801", "CWL004"),
        ("cleanwire.toml: keep", "CWL003"),
    ]


def test_main_on_a_clean_and_a_bad_configuration(tmp_path, capsys):
    good = tmp_path / "cleanwire.toml"
    good.write_text('keep = ["^exclusive:"]\n[patterns]\nCW201 = ["more from our partners\\\\s*:.*"]\n', encoding="utf-8")
    assert main([str(good)]) == 0
    out = capsys.readouterr().out
    assert out.strip().startswith("All ") and "patterns passed" in out

    bad = tmp_path / "bad.toml"
    bad.write_text('[patterns]\nCW201 = ["more on dawn.com.*", "[A-z]+ extra"]\n', encoding="utf-8")
    assert main([str(bad), "--no-packaged"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("bad.toml: patterns.CW201: CWL002 'n.c': an unescaped . matches any character; write \\. to match a full stop: 'more on dawn.com.*'")
    assert "CWL004" in out[1]
    assert out[-1] == "Found 2 problems in 2 patterns."


def test_main_on_a_rule_pack(tmp_path, capsys):
    pack = tmp_path / "pack.toml"
    pack.write_text(
        '[macros]\nOUTLET = "daily courier|evening post"\n'
        '[[rule]]\ncode = "CW801"\nname = "outlet-promo"\npatterns = ["more from (?:<<OUTLET>>)\\\\s*:.*", "^(?:<<OUTLET>>) app|download"]\n',
        encoding="utf-8",
    )
    assert main([str(pack), "--no-packaged"]) == 1
    out = capsys.readouterr().out
    assert "CW801: CWL003" in out and "Found 1 problem in 2 patterns." in out


def test_main_reports_unreadable_files(tmp_path, capsys):
    assert main([str(tmp_path / "missing.toml"), "--no-packaged"]) == 2
    assert "missing.toml" in capsys.readouterr().err
    broken = tmp_path / "broken.toml"
    broken.write_text("patterns = [", encoding="utf-8")
    assert main([str(broken), "--no-packaged"]) == 2
    assert "broken.toml: not valid TOML" in capsys.readouterr().err


def test_cli_dispatches_lint_rules(capsys):
    from cleanwire.cli import main as cli_main

    assert cli_main(["lint-rules", "--no-packaged", "--help"]) == 0
    assert "lint-rules" in capsys.readouterr().out


def test_docstring_examples():
    result = doctest.testmod(cleanwire.lint)
    assert result.attempted > 0 and result.failed == 0


def test_problem_is_a_value():
    assert Problem("CWL004", "[A-z]", "m") == Problem("CWL004", "[A-z]", "m")
