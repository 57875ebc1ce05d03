"""Every rule's documented examples are executable: the rule alone must produce them."""

import pytest

from cleanwire.rules import ALL_RULES

EXAMPLES = [(rule, i, ex) for rule in ALL_RULES for i, ex in enumerate(rule.examples)]


@pytest.mark.parametrize("rule,index,example", EXAMPLES, ids=[f"{r.code}-{i}" for r, i, _ in EXAMPLES])
def test_rule_example(rule, index, example):
    assert rule.apply(example.input) == example.output


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_rule_has_metadata_and_examples(rule):
    assert rule.code.startswith("CW") and len(rule.code) == 5 and rule.code[2:].isdigit()
    assert rule.name == rule.name.lower() and " " not in rule.name
    assert rule.summary and rule.why
    assert rule.examples, f"{rule.code} has no example"


def test_rule_codes_and_names_are_unique():
    assert len({r.code for r in ALL_RULES}) == len(ALL_RULES)
    assert len({r.name for r in ALL_RULES}) == len(ALL_RULES)
