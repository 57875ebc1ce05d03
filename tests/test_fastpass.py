"""``Cleaner.clean`` skips the confirming pass only when it provably changes nothing.

Every check compares the fast path with the plain definition: repeat full passes
until the text stops changing.
"""

import random

import pytest
import regex

from cleanwire import Cleaner
from cleanwire import fastpass
from cleanwire.pipeline import MAX_PASSES
from cleanwire.rules import ALL_RULES


def plain_clean(cleaner, text):
    for _ in range(MAX_PASSES):
        new = cleaner._pass(text, None)
        if new == text:
            return new
        text = new
    return text


PIECES = [
    "The council met on Tuesday and agreed the new budget after a long debate about schools and roads.",
    "Officials said strikes hit Siestan-o-Baluchistan overnight.",
    "Talks in Sistan\u2009Baluchestan resumed.",
    "Trade with Sistan \u00a0-\u00a0Baluchestan grew.",
    "ALSO READ: Another Story",
    "Reuter",
    "More to follow",
    "Example.com",
    "0",
    "Source: PTI",
    "  indented\u00a0line\t with  gaps  ",
    "\u200bzero width\u00ad here",
    "donâ€™t panic, cafÃ© owners said",
    "ADVERTISEMENT",
    "",
    "",
    "\r",
    "A headline",
]


def documents(count, seed):
    rng = random.Random(seed)
    examples = [e.input for r in ALL_RULES for e in r.examples]
    for _ in range(count):
        lines = [rng.choice(PIECES) for _ in range(rng.randint(1, 10))]
        if rng.random() < 0.5:
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(examples).rstrip("\n"))
        yield rng.choice(["\n", "\r\n", "\n\n"]).join(lines) + rng.choice(["", "\n", "\n\n", " "])


CLEANERS = [
    Cleaner(),
    Cleaner(variants={"Kyiv": ["Kiev"], "Sistan Baluchestan Province": ["Sistan Baluchestan Provinse"]}),
    Cleaner(ignore=["CW9"]),
    Cleaner(select=["CW2", "CW9", "CW6"]),
    Cleaner(max_removed_share=0.2),
]


@pytest.mark.parametrize("index", range(len(CLEANERS)))
def test_fast_clean_equals_repeated_passes(index):
    cleaner = CLEANERS[index]
    assert cleaner._fast is not None
    for text in documents(400, seed=index):
        assert cleaner.clean(text) == plain_clean(cleaner, text), text


def test_examples_of_every_rule_agree():
    cleaner = Cleaner(select=["CW"])
    for rule in ALL_RULES:
        for example in rule.examples:
            assert cleaner.clean(example.input) == plain_clean(cleaner, example.input)


def test_clean_stays_idempotent():
    cleaner = Cleaner()
    for text in documents(300, seed=99):
        once = cleaner.clean(text)
        assert cleaner.clean(once) == once


def test_unknown_step_falls_back_to_confirming_passes():
    class Upper:
        def apply(self, text, log=None):
            return text.upper()

    cleaner = Cleaner()
    assert fastpass.FastPass.for_steps(list(cleaner._steps) + [Upper()]) is None


def test_space_sets_cover_the_regex_engine():
    engine = regex.compile(r"[^\S\n]")
    spaces = {c for c in map(chr, range(0x110000)) if engine.match(c)}
    assert spaces <= set(fastpass._SPACES)


def test_trigger_sets_cover_the_rules_they_stand_for():
    # A step is skipped when its trigger characters are absent, so every match of
    # its pattern must contain one of them, whatever the rule files say today.
    import re as stdlib_re

    from cleanwire.rules.encoding import SUSPECT

    # One long text per context holds every code point in that context.
    contexts = ["{}", "a{}b", "\n{}\n", "\u00c4{}", "{}\u00a9", "{}\u2019", "\r{}"]
    texts = ["".join(context.format(chr(i)) for i in range(0x110000)) for context in contexts]
    for rule, chars in fastpass._HYGIENE_TRIGGERS.items():
        trigger = stdlib_re.compile(f"[{chars}]")
        for text in texts:
            for m in rule.pattern.finditer(text):
                assert trigger.search(m.group()), (rule.code, m.group())
    for text in texts:
        for m in SUSPECT.finditer(text):
            assert not fastpass._SUSPECT_CHARS.isdisjoint(m.group()), m.group()


def test_one_trigger_search_stands_for_every_class_it_replaces():
    # The pass decides every gate from the set of trigger characters found in one
    # search; each set must hold exactly the characters of the class it replaces.
    import re as stdlib_re

    everything = "".join(map(chr, range(0x110000)))

    def chars(pattern):
        return frozenset(stdlib_re.findall(pattern, everything))

    assert chars(fastpass._ANY_TRIGGER) == fastpass._ANY_TRIGGER_CHARS
    assert chars("[\u0080-\u009f\u00c2-\u00f4]") == fastpass._SUSPECT_CHARS
    assert chars(fastpass._OTHER_SPACE) == fastpass._OTHER_SPACE_CHARS
    assert chars("[^\\S\n \u00a0\t]") == fastpass._UNUSUAL_SPACE_CHARS
    assert chars(fastpass._SPLIT_ONLY) == fastpass._SPLIT_ONLY_CHARS
    for chars_of_rule in fastpass._HYGIENE_TRIGGERS.values():
        expanded = fastpass._expand(chars_of_rule)
        assert chars(stdlib_re.compile(f"[{chars_of_rule}]")) == expanded
        assert expanded <= fastpass._ANY_TRIGGER_CHARS
    assert fastpass._SUSPECT_CHARS | fastpass._OTHER_SPACE_CHARS <= fastpass._ANY_TRIGGER_CHARS


@pytest.mark.parametrize("seed", range(3))
def test_collapsing_only_marked_lines_equals_the_rule(seed):
    from cleanwire.rules import whitespace

    rng = random.Random(seed)
    pieces = ["word", "x", " ", "  ", "\u00a0", "\t", "\u2009", "\u3000 ", "\n", "\n  ", " \n", "\u001c", "é"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert fastpass.collapse_inner_spaces(text) == whitespace.INNER_SPACES.apply(text), repr(text)


def test_suspect_among_found_characters_equals_the_pattern():
    from cleanwire.rules.encoding import SUSPECT

    def found(text):
        return frozenset(fastpass._ANY_TRIGGER.findall(text))

    followers = "".join(map(chr, range(0x3000)))
    for lead in ["\u00c2", "\u00c3", "\u00e2", "\u00f4", "\u00c1", "\u00f5", "a"]:
        for follower in followers:
            text = "x" + lead + follower
            assert fastpass._suspect_among(text, found(text)) == (SUSPECT.search(text) is not None), repr(text)
    rng = random.Random(5)
    pieces = ["\u00c3", "\u00a9", "\u00e2", "\u20ac", "\u2122", "\u0093", "é", "a", " ", "\n", "\u00a0"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert fastpass._suspect_among(text, found(text)) == (SUSPECT.search(text) is not None), repr(text)


@pytest.mark.parametrize("seed", range(6))
def test_settled_after_edit_equals_running_the_line_stage(seed):
    # After a rewrite of some lines, the line stage is confirmed from the edited
    # lines alone; the answer must equal running the whole stage on the edited text.
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import generate

    from cleanwire.rules.boilerplate import LineRemover

    remover = next(s for s in Cleaner()._steps if isinstance(s, LineRemover))
    rng = random.Random(seed)
    edits = [
        "ALSO READ: a story", "Reuters", "follow us on Twitter", "Sistan and Baluchistan", "word",
        "The minister said the talks would resume next week in the capital after a pause of several days",
        "", "(With inputs from agencies)", "Tehreek-e-Insaf", "More to follow", "Example.com", "PTI", "0",
    ]
    checked = 0
    for text in generate.documents(150, seed):
        text, ok = remover.apply_settled(text)
        if not ok:
            continue
        before = text.split("\n")
        after = list(before)
        nonblank = [i for i, line in enumerate(after) if line.strip()]
        for _ in range(rng.randint(1, 3)):
            # Edit anywhere, and often the first or last line or the head.
            i = rng.choice([rng.randrange(len(after)), nonblank[0], nonblank[-1], rng.choice(nonblank[:4])])
            if rng.random() < 0.3:
                after[i] = rng.choice(edits)
                continue
            words = after[i].split(" ")
            words[rng.randrange(len(words))] = rng.choice(edits)
            after[i] = " ".join(words)
        assert remover.settled_after_edit(before, after) == (not remover.verdicts(after)), after
        checked += 1
    assert checked > 100


def test_settled_after_edit_sees_a_line_made_blank():
    from cleanwire.rules.boilerplate import LineRemover

    remover = next(s for s in Cleaner()._steps if isinstance(s, LineRemover))
    prose = "The court ruled on Friday that the " + "long " * 20 + "case could go ahead, lawyers said."
    before = [prose, "", "More to follow", "", "Karachi"]
    assert not remover.verdicts(before)  # a closing marker only counts at the end
    after = [prose, "", "More to follow", "", ""]
    assert remover.verdicts(after)  # now it closes the text
    assert remover.settled_after_edit(before, after) is False


def test_two_line_removers_and_a_rewrite_settle_like_repeated_passes():
    # Cleaner builds one line remover; a pass with two (a custom arrangement of the
    # steps) must still confirm a rewrite correctly.
    from cleanwire.rules.boilerplate import LineRemover

    cleaner = Cleaner(variants={"Kyiv": ["Kiev"]})
    steps = list(cleaner._steps)
    at = next(i for i, s in enumerate(steps) if isinstance(s, LineRemover))
    first = LineRemover([r for r in steps[at].rules if r.code.startswith("CW2")])
    second = LineRemover([r for r in steps[at].rules if not r.code.startswith("CW2")])
    steps[at : at + 1] = [first, second]
    fast = fastpass.FastPass.for_steps(steps)
    assert fast is not None and len(fast._lines) == 2

    def plain(text):
        for _ in range(MAX_PASSES):
            new = text
            for step in steps:
                new = step.apply(new)
            if new == text:
                return new
            text = new
        return text

    def quick(text):
        for _ in range(MAX_PASSES):
            new, settled = fast.run(text)
            if new == text or settled:
                return new
            text = new
        return text

    texts = [t + "\nTalks in Kiev resumed.\n" for t in documents(200, seed=7)]
    for text in texts:
        assert quick(text) == plain(text), text


# ------------------------------------------------- lines too long to need a key

from hypothesis import given, settings, strategies as st  # noqa: E402

_LINE_PIECES = st.sampled_from(["word", "ALSO", "READ:", "x", " ", "  ", "\u00a0", "\t", "\u2009", "\u3000", "\u001c", "é", "."])


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE_PIECES, max_size=60).map("".join), st.integers(0, 120), st.booleans())
def test_too_long_never_says_so_of_a_key_within_the_limit(line, limit, superset):
    from cleanwire.rules.boilerplate import _too_long, line_key

    spaces = frozenset(c for c in line if c.isspace() and c != " ")
    if superset:
        spaces |= fastpass._OTHER_SPACE_CHARS
    if _too_long(line, limit, spaces):
        assert len(line_key(line)) > limit
    elif "  " not in line and not spaces and len(line) > limit + 2:
        raise AssertionError("a line of single spaces well over the limit must be seen as too long")


def _near_limit_documents(count, seed):
    """Documents whose lines straddle a small length limit, with prose and boilerplate."""
    rng = random.Random(seed)
    words = ["The", "council", "said", "on", "Friday", "Reuters", "ALSO", "READ:", "story", "PTI", "More", "to", "follow"]
    spaces = [" ", " ", " ", "  ", "\u00a0", "\t", " \u00a0 "]
    fixed = ["ALSO READ: Another story", "Reuters", "More to follow", "Source: PTI", "", "", "By Staff Reporter"]
    for _ in range(count):
        lines = []
        for _ in range(rng.randint(1, 9)):
            if rng.random() < 0.4:
                lines.append(rng.choice(fixed))
            else:
                n = rng.randint(1, 26)
                lines.append("".join(rng.choice(words) + rng.choice(spaces) for _ in range(n)).strip(" "))
        yield "\n".join(lines)


@pytest.mark.parametrize("limit", [20, 60, 130, 400])
def test_line_stage_with_known_spaces_equals_the_plain_stage(limit):
    from cleanwire.rules.boilerplate import LineRemover, RemovalPolicy

    base = next(s for s in Cleaner()._steps if isinstance(s, LineRemover))
    remover = LineRemover(base.rules, RemovalPolicy(max_line_length=limit))
    checked = 0
    for text in _near_limit_documents(400, seed=limit):
        spaces = frozenset(fastpass._ANY_TRIGGER.findall(text)) & fastpass._OTHER_SPACE_CHARS
        expected = remover.apply_settled(text)
        assert remover.apply_settled(text, spaces) == expected, text
        checked += expected[0] != text
    assert checked > 20  # the documents do exercise removal


def test_no_hygiene_step_writes_what_another_acts_on():
    # The fast pass skips a hygiene step none of whose characters the input holds,
    # which is only exact if no hygiene step writes a character one acts on.
    from cleanwire.rules.hygiene import LINE_ENDINGS

    triggers = frozenset().union(*(fastpass._expand(chars) for chars in fastpass._HYGIENE_TRIGGERS.values()))
    rng = random.Random(3)
    alphabet = sorted(triggers) + ["a", "\u00c3", "\n", " "]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        for step in fastpass._HYGIENE_TRIGGERS:
            out = step.apply(text)
            written = set(out) - set(text)
            assert not written & triggers, (step.code, repr(text), repr(out))
            if step is not LINE_ENDINGS:
                assert written <= {"\ufffd"}, (step.code, repr(text))


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.sampled_from(["word", "x", " ", "  ", "\u00a0", "\t", "\u2009", "\u3000", "\n", "é", "\u200b"]), max_size=40).map("".join),
    st.booleans(),
)
def test_tidy_lines_equals_the_two_rules_in_order(text, superset):
    from cleanwire.rules import whitespace

    other = frozenset(c for c in text if c.isspace() and c not in " \n")
    if superset:
        other |= fastpass._OTHER_SPACE_CHARS - fastpass._SPLIT_ONLY_CHARS
    expected = whitespace.INNER_SPACES.apply(whitespace.LINE_EDGES.apply(text))
    assert fastpass.tidy_lines(text, other) == expected


def test_fastpass_docstring_examples():
    import doctest

    result = doctest.testmod(fastpass)
    assert result.attempted > 0 and result.failed == 0


# -------------------------------------- a rewrite confirmed after the whitespace steps

_NAMES = [
    "Tehrik-i-Insaf", "Tehreek-e-Insaf", "Siestan-o-Baluchistan", "Jaish ul Adel", "Jaish al-Adl",
    "Hashd al-Shabi", "al-Shabi", "Harakat\tal-Nujabaa", "Kiev", "Kyiv", "Jeish\u00a0al-Adl", "al\tNujaba",
    "Jaish\u3000ul\u3000Adel", "Tehrik\u2003e Insaf", "Siestan-o-\u3000Baluchistan",
]
_FILLER = ["said", "the", "talks", "in", "Tuesday", "and", "al", "Al", "Harakat", "Hashd", "Jaish"]
_GAPS = [" ", " ", " ", "  ", "\u00a0", "\t", " \u00a0", "\u2009", "\u3000", "\u2003"]


def _variant_documents(count, seed):
    rng = random.Random(seed)
    for _ in range(count):
        lines = []
        for _ in range(rng.randint(1, 6)):
            words = [rng.choice(_NAMES if rng.random() < 0.3 else _FILLER) for _ in range(rng.randint(1, 9))]
            line = "".join(w + rng.choice(_GAPS) for w in words)
            lines.append(rng.choice(["", " ", "\u00a0"]) + line.rstrip(" ") + rng.choice(["", " ", "\t"]))
        yield "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(3))
def test_rewrites_confirmed_after_tidying_equal_repeated_passes(seed):
    cleaner = Cleaner(variants={"Kyiv": ["Kiev"]})
    for text in _variant_documents(400, seed):
        assert cleaner.clean(text) == plain_clean(cleaner, text), repr(text)


@pytest.mark.parametrize("seed", range(3))
def test_settled_after_tidy_is_never_wrong(seed):
    from cleanwire.rules.variants import _default

    table = _default()
    said_settled = 0
    for text in _variant_documents(400, seed + 10):
        before = text
        for _ in range(3):
            new = table.rewrite(before)
            if new == before or table.settled(new):
                before = new
                break
            before = new
        else:
            continue
        other = frozenset(c for c in before if c.isspace() and c not in " \n")
        after = fastpass.tidy_lines(before, other)
        if table.settled_after_tidy(before, after):
            said_settled += 1
            assert table.rewrite(after) == after, repr(before)
    assert said_settled > 20


def test_non_separator_spaces_are_the_whitespace_separators_refuse():
    from cleanwire.rules.variants import _BLANK, _NON_SEPARATOR_SPACE

    blank = regex.compile(_BLANK)
    space = regex.compile(r"\s")
    for c in map(chr, range(0x110000)):
        expected = bool(space.match(c)) and c != "\n" and not blank.match(c)
        assert bool(_NON_SEPARATOR_SPACE.match(c)) == expected, hex(ord(c))


@pytest.mark.parametrize("seed", range(2))
def test_a_rewrite_writes_only_the_tables_characters(seed):
    # After a rewrite the fast pass widens its set of the text's trigger characters
    # by the table's written characters instead of searching the text again.
    from cleanwire.rules.variants import VariantTable, _default, table_from_mapping

    tables = [_default(), _default().merged(table_from_mapping({"KYÏV": ["Kiev"], "Ḿünchen": ["Munich"]}))]
    rewrites = 0
    for table in tables:
        for text in list(_variant_documents(200, seed)) + ["Kiev and Munich, KIEV and MUNICH, kiev.\n"]:
            out = table.rewrite(text)
            if out != text:
                rewrites += 1
                assert set(out) - set(text) <= table.written_characters(), repr(text)
    assert rewrites > 50
