"""Which rules commute, and why the documented order is right where they do not.

The registry orders rules by stage, then by code. Within a stage the code order is a
claim that the order does not matter, so every pair of same-stage rules must commute,
except the pairs listed in ORDER_DEPENDENT, whose tests show the order chosen is the
right one. Boilerplate rules are combined into one decision per line, so their order
cannot matter at all. Across stages, each reason given in ``Stage``'s docstring has a
test that fails in the other order.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cleanwire import Cleaner
from cleanwire.model import _ANY_BREAK, Stage
from cleanwire.rules import ALL_RULES, BY_CODE
from cleanwire.rules.lines import LineRemover, RemovalPolicy
from cleanwire.testing import news_documents, noisy_text

CLEANER = Cleaner()
LINE_RULES = [r for r in ALL_RULES if r.stage == Stage.LINES]
HYGIENE = [r for r in ALL_RULES if r.stage == Stage.HYGIENE]
WHITESPACE = [r for r in ALL_RULES if r.stage == Stage.WHITESPACE]

#: Same-stage pairs that do not commute, and why the earlier code must run first.
ORDER_DEPENDENT = {
    ("CW001", "CW002"): "an invisible character between \\r and \\n is a line of its own in every "
    "editor; removing it first would merge two lines into one and shift every line number",
    ("CW001", "CW003"): "the same for a control character between \\r and \\n",
    ("CW901", "CW903"): "a line of spaces is only blank once its spaces are stripped; collapsing "
    "blank runs first would leave a run of blank lines behind",
}

#: A witness for each order-dependent pair: the two orders give different text.
WITNESSES = {
    ("CW001", "CW002"): "a\r\u200b\nb",
    ("CW001", "CW003"): "a\r\x00\nb",
    ("CW901", "CW903"): "a\n \n\n\nb\n",
}

SAME_STAGE = [
    (a, b)
    for a, b in itertools.combinations([r for r in ALL_RULES if r.stage != Stage.LINES], 2)
    if a.stage == b.stage
]
INDEPENDENT = [(a, b) for a, b in SAME_STAGE if (a.code, b.code) not in ORDER_DEPENDENT]


def run(rules, text: str) -> str:
    for rule in rules:
        text = rule.apply(text)
    return text


def run_stages(stages, text: str, cleaner: Cleaner = CLEANER) -> str:
    """One pass of ``cleaner``'s steps, with its stages in the order given."""
    for stage in stages:
        for step in cleaner._steps:
            if getattr(step, "stage", Stage.LINES) == stage:
                text = step.apply(text)
    return text


DOCUMENTED = list(Stage)


# ------------------------------------------------------------------ within a stage


@pytest.mark.parametrize("pair", INDEPENDENT, ids=lambda p: f"{p[0].code}-{p[1].code}")
@given(raw=noisy_text())
@example("\u00e2\u20ac\u0153\x08\u00ad")  # a control between mojibake and a soft hyphen (CW002, CW003)
@example("\u00e2\u20ac\u2122\ud800\u00ad")  # a lone surrogate there, which CW004 makes U+FFFD (CW002, CW004)
def test_independent_rules_of_a_stage_commute(pair, raw):
    a, b = pair
    assert run([a, b], raw) == run([b, a], raw)


@pytest.mark.parametrize("codes", sorted(ORDER_DEPENDENT))
def test_order_dependent_pairs_really_depend_on_order(codes):
    a, b = (BY_CODE[c] for c in codes)
    witness = WITNESSES[codes]
    assert run([a, b], witness) != run([b, a], witness)
    assert [r.code for r in CLEANER.rules].index(a.code) < [r.code for r in CLEANER.rules].index(b.code)


@given(raw=noisy_text())
@example("a\r\u200b\nb\r\x00\nc")
def test_hygiene_keeps_the_lines_an_editor_shows(raw):
    """Line numbers in explain() count every break of the input; hygiene must not merge lines."""
    assert run(HYGIENE, raw).count("\n") == len(_ANY_BREAK.findall(raw))


def test_invisibles_removed_before_line_endings_would_shift_line_numbers():
    raw = "Intro.\r\u200b\nALSO READ: Elsewhere\nThe council met on Monday.\n"
    assert run(list(reversed(HYGIENE)), raw).count("\n") < len(_ANY_BREAK.findall(raw))
    (change,) = [c for c in CLEANER.explain(raw).changes if c.code == "CW201"]
    assert change.line == 3  # the line an editor shows it on


@given(raw=noisy_text())
@example("a\n \n\n\nb\n")
def test_whitespace_finish_in_documented_order_needs_one_application(raw):
    once = run(WHITESPACE, run(HYGIENE, raw))
    assert run(WHITESPACE, once) == once


def test_blank_lines_collapsed_before_edges_are_stripped_would_leave_a_blank_run():
    raw = "One.\n \n\n\nTwo.\n"
    assert run(WHITESPACE, raw) == "One.\n\nTwo.\n"
    assert run(list(reversed(WHITESPACE)), raw) == "One.\n\n\nTwo.\n"


def _shuffled(rules, seed: int):
    import random

    rules = list(rules)
    random.Random(seed).shuffle(rules)
    return rules


# Compiled once: building the combined pattern for each example would dominate the run.
REORDERED = [
    LineRemover(order, RemovalPolicy())
    for order in (list(reversed(LINE_RULES)), LINE_RULES[1::2] + LINE_RULES[::2], _shuffled(LINE_RULES, 5))
]
IN_ORDER = LineRemover(LINE_RULES, RemovalPolicy())


@given(doc=news_documents(), which=st.sampled_from(range(len(REORDERED))))
def test_order_of_boilerplate_rules_does_not_matter(doc, which):
    text = run(HYGIENE, doc.text)
    assert REORDERED[which].apply(text) == IN_ORDER.apply(text)


# ------------------------------------------------------------------ across stages


def test_line_endings_are_unified_before_lines_are_judged():
    # A bare \r hides a second line; judged as one line, the content would go with the promo.
    raw = "ALSO READ: Elsewhere\rThe council approved the budget on Monday.\nIt meets again in May.\nVoters were told.\n"
    assert CLEANER.clean(raw) == "The council approved the budget on Monday.\nIt meets again in May.\nVoters were told.\n"
    lines_first = [Stage.LINES, Stage.HYGIENE, Stage.ENCODING, Stage.INLINE, Stage.WHITESPACE]
    assert "council" not in run_stages(lines_first, raw)


def test_encoding_is_repaired_before_lines_are_judged():
    raw = "Photo â€” AFP\nFloods cut off the valley for a week.\n"
    assert CLEANER.clean(raw) == "Floods cut off the valley for a week.\n"
    lines_first = [Stage.HYGIENE, Stage.LINES, Stage.ENCODING, Stage.INLINE, Stage.WHITESPACE]
    assert run_stages(lines_first, raw) == "Photo — AFP\nFloods cut off the valley for a week.\n"


def test_invisible_characters_are_removed_before_encoding_is_repaired():
    raw = "It donâ€\u200b™t matter, the council said.\n"
    assert run_stages(DOCUMENTED, raw) == "It don’t matter, the council said.\n"
    encoding_first = [Stage.ENCODING, Stage.HYGIENE, Stage.LINES, Stage.INLINE, Stage.WHITESPACE]
    assert run_stages(encoding_first, raw) != run_stages(DOCUMENTED, raw)


def test_variants_are_rewritten_only_in_lines_that_survive():
    raw = "ALSO READ: Strikes in Siestan-o-Baluchistan\nThe council met on Monday to discuss the budget.\nIt will meet again.\n"
    result = CLEANER.explain(raw)
    assert [c.code for c in result.changes] == ["CW201"]  # no rewrite reported for a removed line
    inline_first = [Stage.HYGIENE, Stage.ENCODING, Stage.INLINE, Stage.LINES, Stage.WHITESPACE]
    assert run_stages(inline_first, raw) == result.text  # same text, but...
    assert BY_CODE["CW601"].apply(raw) != raw  # ...inline-first would have edited and reported a line about to go


@given(doc=news_documents(mojibake=False))
@example(doc=None)
def test_one_pass_in_documented_order_reaches_the_fixed_point(doc):
    # Without mojibake: a no-break space next to mojibake can keep ftfy from repairing
    # a word until the whitespace finish has made it a plain space, a real exposure
    # between stages that the pipeline's repeated passes exist for.
    raw = doc.text if doc is not None else "One.\n\nALSO READ: Elsewhere\n\nTwo.\n"
    assert run_stages(DOCUMENTED, raw) == CLEANER.clean(raw)


def test_whitespace_before_line_removal_would_need_a_second_pass():
    raw = "One.\n\nALSO READ: Elsewhere\n\nTwo.\n"
    whitespace_first = [Stage.HYGIENE, Stage.ENCODING, Stage.WHITESPACE, Stage.LINES, Stage.INLINE]
    once = run_stages(whitespace_first, raw)
    assert once != run_stages(whitespace_first, once)
    assert run_stages(DOCUMENTED, raw) == "One.\n\nTwo.\n"
