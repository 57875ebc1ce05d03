"""The structure stage's plain stories: documents it answers for without its model.

A plain story (every line reads as prose on its own, none repeats another, no comment
thread, no line a rule's plain-story test picks) must lose nothing to the model: the
model, asked about it, removes nothing. Each test a rule declares must be needed: a
plain-looking line its finder takes makes the document not plain.
"""

from __future__ import annotations

import dataclasses
import pathlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleanwire import Cleaner, newsgen
from cleanwire.rules.lines import LineRemover, PatternRule
from cleanwire.rules.structure import RULES, _judge, _plain_story, _plain_tests, find_furniture, finders
from cleanwire.rules.structure.document import (
    COMMENT_HEADER_WORDS,
    LONG_PROSE_WORDS,
    OPENING_QUOTES,
    REPEAT_WORDS,
    Shape,
    ShapeCache,
    line_key,
    prose_fold,
    reads_as_prose,
)
from cleanwire.rules.structure.vocabulary import packaged
from cleanwire.testing import prose_lines

VOCABULARY = packaged()
CASES = pathlib.Path(__file__).resolve().parent.parent / "corpus" / "cases"

P1 = "The council approved the new budget on Tuesday after a long debate about school funding and road repairs."
P2 = "Members said the plan would be reviewed again in the spring, when the first figures for the year are in."

#: For each rule with a test: a line that reads as prose and that its finder takes
#: from the middle of a story.
PROSE_FURNITURE = {
    "CW702": "Updated 12 March 2024 10:15 GMT.",
    "CW703": "From the city desk https://www.example.com/budget.",
    "CW704": "Follow us on Twitter for the latest news.",
    "CW708": "More stories from the Courier.",
}


def _plain(lines, earlier=None, rules=RULES) -> bool:
    return _plain_story(lines, earlier or {}, rules, VOCABULARY, None)


def _codes(lines, earlier=None, rules=RULES) -> dict[int, str]:
    return {i: v.rule.code for i, v in _judge(lines, earlier or {}, rules, VOCABULARY, None).items()}


def test_every_packaged_rule_declares_a_plain_story_test():
    assert all(rule.plain_test is not None for rule in RULES)
    assert {rule.code for rule in RULES if rule.plain_test is not finders.never} == set(PROSE_FURNITURE)


@pytest.mark.parametrize("code", sorted(PROSE_FURNITURE))
def test_each_rules_test_is_needed(code):
    line = PROSE_FURNITURE[code]
    lines = [P1, line, P2]
    assert reads_as_prose(Shape(line_key(line)))
    assert _codes(lines) == {1: code}
    assert not _plain(lines)
    # Without the rule's test the document would pass for plain: the test carries it.
    blind = tuple(dataclasses.replace(r, plain_test=finders.never) if r.code == code else r for r in RULES)
    assert _plain(lines, rules=blind)


def test_a_repeated_paragraph_is_no_plain_story():
    lines = [P1, P2, P1]
    assert _codes(lines) == {2: "CW701"}
    assert not _plain(lines)


def test_a_comment_thread_of_prose_lines_is_no_plain_story():
    lines = [
        P1,
        "zafarov says: March 3, 2019 at 5:12 p.m.",
        "I agree with the council on this one and hope it works.",
        "amina says: March 4, 2019 at 9:40 a.m.",
        P2,
    ]
    assert all(reads_as_prose(Shape(line)) for line in lines)
    assert set(_codes(lines).values()) == {"CW707"}
    assert not _plain(lines)


def test_a_rule_without_a_test_makes_every_document_modelled():
    own = dataclasses.replace(RULES[0], code="CW799", name="own-rule", plain_test=None)
    assert _plain_tests((*RULES, own)) is None
    assert _plain([P1, P2])
    assert not _plain([P1, P2], rules=(*RULES, own))


def test_a_plain_story_loses_nothing_to_the_model():
    # The stage as the line step asks it: with the lines the phrase rules took.
    asked = []

    def checked(lines, earlier, rules, vocabulary, keys):
        vocabulary = vocabulary or VOCABULARY
        plain = _plain_story(lines, earlier, rules, vocabulary, keys)
        asked.append((plain, {i: v.rule.code for i, v in _judge(lines, earlier, rules, vocabulary, keys).items()}))
        return find_furniture(lines, earlier, rules, vocabulary, keys)

    phrase = [rule for rule in Cleaner().rules if isinstance(rule, PatternRule)]
    remover = LineRemover(phrase, structure=RULES, furniture=checked)
    texts = [case.read_text(encoding="utf-8") for case in sorted(CASES.glob("*/input.txt"))]
    for text in texts + list(newsgen.documents(300, 5)):
        remover.apply(text)
    assert all(found == {} for plain, found in asked if plain)
    assert sum(plain for plain, _ in asked) >= 200  # most generated articles are plain stories
    assert sum(bool(found) for _, found in asked) >= 50  # and the corpus has furniture to find


_LINES = st.sampled_from(
    [P1, P2, "Crime", "Floods close the coastal road", "By Staff Reporter", "", "-", "Read more:"]
    + list(PROSE_FURNITURE.values())
)


@given(
    body=st.lists(st.one_of(prose_lines(["latin"], min_words=4), _LINES), min_size=1, max_size=8),
    gone=st.sets(st.integers(0, 7), max_size=3),
)
def test_a_plain_story_loses_nothing_to_the_model_whatever_the_lines(body, gone):
    earlier = {i: RULES[0] for i in gone if i < len(body)}
    if _plain(body, earlier):
        assert _codes(body, earlier) == {}


# --------------------------------------------------------------- a page of one line

#: Single lines that do not read as prose: headlines, titles of records, and lines
#: that some rule takes from a page of their own.
_ONE_LINE = [
    "Council approves new budget", "COUNCIL APPROVES NEW BUDGET", "By Staff Reporter", "ISLAMABAD:", "(AFP)",
    "Crime", "Home | World", "Council approves new budget | The Courier", "Budget: what changes for you",
    "Updated 12 March 2024 10:15 GMT", "March 3, 2024", "News Code: 84422939", "%%footer%%", "-",
    "Follow us on Twitter", "Read more", "Related Stories", "بجٹ منظور کر لیا گیا", "zafarov says:", "Happy", "12",
]


def test_a_page_of_one_line_is_answered_for_without_the_model():
    # A headline, or a title field of a record: all of the page is its story.
    assert _plain(["Council approves new budget"])
    assert _plain(["", "Council approves new budget", ""])
    assert not _plain(["Council approves new budget", P1])
    assert not _plain([P1, "Council approves new budget"])


@pytest.mark.parametrize(
    "line, code",
    [("Updated 12 March 2024 10:15 GMT", "CW702"), ("News Code: 84422939", "CW703"), ("Follow us on Twitter", "CW704"), ("Read more", "CW708")],
)
def test_a_page_of_one_line_a_rule_takes_is_no_plain_story(line, code):
    assert _codes([line]) == {0: code}
    assert not _plain([line])


def test_a_line_under_a_heading_the_phrase_rules_took_is_modelled():
    # The heading says what follows it, even once it is gone: a list of one headline.
    lines, earlier = ["Read more:", "Floods close the coastal road"], {0: RULES[0]}
    assert _codes(lines, earlier) == {1: "CW708"}
    assert not _plain(lines, earlier)


@given(
    line=st.one_of(st.sampled_from(_ONE_LINE), prose_lines(["latin", "urdu"], min_words=1, max_words=8)),
    above=st.sampled_from([None, "Read more:", "Also Read", "Source: PTI", "Latest:"]),
)
def test_a_page_of_one_line_loses_nothing_to_the_model(line, above):
    lines, earlier = ([line], {}) if above is None else ([above, line], {0: RULES[0]})
    if _plain(lines, earlier):
        assert _codes(lines, earlier) == {}


_WORDS = st.sampled_from(
    ["the", "council", "said", "Minister", "café", "naïve", "2024", "a-b", "x/y", "—", "政府", "(AP)", "in"]
    + ["our", "us", "app", "newsletter", "WhatsApp", "channel", "latest", "news", "@courier", "here"]
)


@given(
    lead=st.sampled_from(
        ["", "• ", "“", "‘", '"', "« ", "1 ", "A ", "Follow ", "Download ", "Subscribe to ", "Want more? Join "]
        + ["“Follow ", "“Download "]
    ),
    words=st.lists(_WORDS, min_size=LONG_PROSE_WORDS - 5, max_size=2 * LONG_PROSE_WORDS + 20),
    end=st.sampled_from([".", "", ",", "…", "?", " in", " — AFP/File", " [Reuters]", ".”", ":"]),
)
def test_a_line_of_prose_is_told_as_its_shape_tells_it(lead, words, end):
    key = line_key(lead + " ".join(words) + end)
    told = prose_fold(key)
    if told is None:
        return
    folded, size = told
    shape = Shape(key)
    assert (shape.size, shape.folded) == (size, folded)
    assert reads_as_prose(shape)
    # Longer than what the stage asks of every line besides the rules' tests.
    assert size > COMMENT_HEADER_WORDS and size >= REPEAT_WORDS
    for words_picked, check, test in _plain_tests(RULES):
        if size > words_picked or (check is not None and not check(VOCABULARY, key)):
            assert not test(VOCABULARY, shape)


_SHORT_WORDS = st.sampled_from(
    ["the", "council", "said", "Updated", "March", "Tuesday", "GMT", "PM", "12:30", "2024", "१२", "#", "—", "(AP)"]
    + ["Follow", "us", "on", "WhatsApp", "ID:", "12345", "www.example.com", "a-b-c-d-e", "{{title}}", "|", "Read", "more"]
)


_STAMPS = st.builds(
    "{} {} {} {}".format,
    st.sampled_from(["", "Updated", "Published:", "Last Updated", "Tuesday,", "Posted on"]),
    st.sampled_from(["12 May", "May 20,", "१२ May", "Poush 28,", "", "2024-05-12"]),
    st.sampled_from(["2024", "", "1402", "२०२४"]),
    st.sampled_from(["", "10:15 GMT", "4:05 PM", "09:40 IST", "१०:१५"]),
)


@given(
    lead=st.sampled_from(["", "• ", "— ", "“", "1 ", "Want more? "]),
    words=st.one_of(st.lists(_SHORT_WORDS, min_size=1, max_size=30), st.lists(_STAMPS, min_size=1, max_size=1)),
    end=st.sampled_from(["", ".", ":", "?", " IST", " …"]),
)
def test_a_text_check_never_rules_out_a_line_its_test_picks(lead, words, end):
    # The stage skips a test whose text check says no, for every line, shaped or not.
    key = line_key(lead + " ".join(words) + end)
    if not key:
        return
    shape = Shape(key)
    for _, check, test in _plain_tests(RULES):
        if check is not None and not check(VOCABULARY, shape.bare):
            assert not test(VOCABULARY, shape), (check.__name__, key)


def test_the_stamp_test_is_checked_by_its_text():
    stamp = Shape("Updated 12 March 2024, 10:15 GMT")
    assert finders.stamp_shaped(VOCABULARY, stamp)
    assert finders.stamp_shaped.text_check(VOCABULARY, stamp.bare)
    assert not finders.stamp_shaped.text_check(VOCABULARY, "Updated on a Tuesday in March")


def test_a_shape_reads_a_line_opening_with_a_quotation_mark_whole():
    # prose_fold reads such a line as its text, so its shape must not strip the mark
    # as a bullet: then both count, fold and end it alike.
    for mark in OPENING_QUOTES:
        key = mark + "We will stay, the head of the union told reporters."
        assert Shape(key).bare == key


def test_a_test_picks_no_line_longer_than_it_declares():
    prompt = "Follow us on WhatsApp for the latest news from the Courier."
    shape = Shape(prompt)
    assert finders.prompt_shaped(VOCABULARY, shape)
    longer = Shape(prompt[:-1] + " and" + " more" * (finders.prompt_shaped.words - shape.size) + ".")
    assert longer.size == finders.prompt_shaped.words + 1
    assert not finders.prompt_shaped(VOCABULARY, longer)
    assert all(words < LONG_PROSE_WORDS * 2 for words, _, _ in _plain_tests(RULES))


def test_lines_of_prose_need_no_shape(monkeypatch):
    shaped = []
    original = ShapeCache.shape
    monkeypatch.setattr(ShapeCache, "shape", lambda cache, key: shaped.append(key) or original(cache, key))
    medium = "The council said on Tuesday that the new budget would fund schools, clinics and road repairs across the whole district for the next two financial years."
    assert LONG_PROSE_WORDS <= Shape(medium).size <= finders.MAX_PROMPT_WORDS
    assert _plain([P1 * 3, medium, P2 * 3])
    assert shaped == []
    # A line that opens as a prompt may is read in full.
    prompt = "Follow us on WhatsApp and read the latest news about the council, its budget, its schools and its roads here."
    assert not _plain([P1 * 3, prompt, P2 * 3])
    assert shaped == [prompt]
