"""Golden cases: every corpus/cases/<name>/input.txt must clean to expected.txt."""

import pytest

from cleanwire import clean

from .conftest import CORPUS

CASES = sorted(p for p in CORPUS.iterdir() if (p / "input.txt").exists())


def read(path):
    return path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_case(case):
    assert clean(read(case / "input.txt")) == read(case / "expected.txt")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_expected_is_a_fixed_point(case):
    expected = read(case / "expected.txt")
    assert clean(expected) == expected


def _glued(text):
    return " ".join(text.split()) + "\n"


RUN_ON_CASES = [c for c in CASES if len(_glued(read(c / "input.txt"))) >= 600]


@pytest.mark.parametrize("case", RUN_ON_CASES, ids=[c.name for c in RUN_ON_CASES])
def test_corpus_case_glued_into_one_line_keeps_its_story(case):
    # The same page as a scraper that joins paragraphs would give it: the run-on rule
    # may leave boilerplate, but every line the case keeps (of five words or more,
    # the sentences the rule could be tempted to take with a promo) must survive.
    out = " ".join(clean(_glued(read(case / "input.txt"))).split())
    kept = [" ".join(line.split()) for line in read(case / "expected.txt").split("\n")]
    assert [line for line in kept if len(line.split()) >= 5 and line not in out] == []
