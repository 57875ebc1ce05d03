"""The fast default pipeline must clean every document exactly like the slow definition.

The reference runs the same configuration without the line-stage prefilter (every
line against the whole alternation of its position group) and without the fast pass
(full passes until nothing changes). ``benchmarks/equivalence.py`` runs the same
comparison on 2,000 generated articles; this is a sample of it.
"""

import pathlib
import sys

import pytest

from cleanwire import Cleaner

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "benchmarks"))

import equivalence  # noqa: E402
import generate  # noqa: E402


@pytest.fixture(scope="module")
def cleaners():
    fast = Cleaner()
    return fast, equivalence.reference_cleaner(fast)


def test_reference_is_the_slow_path(cleaners):
    fast, slow = cleaners
    assert fast._fast is not None and slow._fast is None
    assert [s.reference for s in slow._steps if hasattr(s, "reference")] == [True]


@pytest.mark.parametrize("seed", [0, 1])
def test_generated_articles_clean_alike(cleaners, seed):
    fast, slow = cleaners
    for index, text in enumerate(generate.documents(300, seed)):
        assert fast.clean(text) == slow.clean(text), (seed, index)


def test_corpus_inputs_clean_alike(cleaners):
    fast, slow = cleaners
    texts = equivalence.corpus_inputs()
    assert len(texts) > 50
    for text in texts:
        assert fast.clean(text) == slow.clean(text)


def test_generated_articles_exercise_removal(cleaners):
    # The comparison only means something if the documents carry boilerplate.
    fast, _ = cleaners
    texts = list(generate.documents(100, 0))
    assert sum(fast.clean(t) != t for t in texts) > 50


def test_edge_strip_covers_every_character_cw901_strips():
    from cleanwire import fastpass
    from cleanwire.rules import whitespace

    # Every character of the rule's class, each on its own line between two letters.
    text = "\n".join("a" + chr(i) + "a" for i in range(0x110000) if chr(i) not in "\n\r")
    inner = {m.group() for m in whitespace.EDGE_SPACE.finditer(text.replace("a", "\n"))}
    stripped = {c for run in inner for c in run}
    assert stripped <= set(fastpass._EDGE_CHARS)
    assert set(fastpass._EDGE_CHARS) <= stripped | {"\r"}


def test_edge_strip_equals_cw901_on_random_text():
    import random

    from cleanwire import fastpass
    from cleanwire.rules import whitespace

    rng = random.Random(5)
    alphabet = list(fastpass._EDGE_CHARS) + list("ab.\n\n\r") + ["\u200b", "\ufeff", "\x1c", "\u180e"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert fastpass.strip_line_edges(text) == whitespace.strip_line_edges(text), repr(text)


def test_inner_collapse_equals_cw902_on_random_text():
    import random

    from cleanwire import fastpass
    from cleanwire.rules import whitespace

    rng = random.Random(6)
    alphabet = list(fastpass._EDGE_CHARS) + list("ab.  \n\n\r") + ["\u200b", "\ufeff", "\x1c", "\x1f", "\u180e"]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        assert fastpass.collapse_inner_spaces(text) == whitespace.collapse_inner_spaces(text), repr(text)


def test_split_only_characters_are_the_information_separators():
    from cleanwire import fastpass

    assert {c for c in map(chr, range(0x110000)) if fastpass._SPLIT_ONLY.match(c)} == set("\x1c\x1d\x1e\x1f")
