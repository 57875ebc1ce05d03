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
