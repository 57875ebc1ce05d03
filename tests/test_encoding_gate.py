"""The encoding stage finds what ftfy repairs, in every code page, and leaves clean text to itself."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleanwire
from cleanwire.chars import MOJIBAKE_MARKS
from cleanwire.rules.encoding import detector, suspect
from cleanwire.testing import clean_text

# Sentences written for these tests, damaged the way each family of mojibake is made:
# UTF-8 bytes read with the wrong code page.
FAMILIES = [
    ("windows-1251", "Правительство объявило о новых мерах поддержки.", "cp1251"),
    ("windows-1250", "Město oznámilo nové jízdní řády pro léto.", "cp1250"),
    ("iso-8859-2", "Ministerstvo zveřejnilo údaje o příjmech.", "iso8859_2"),
    ("code page 437", "Vláda schválila rozpočet na příští rok.", "cp437"),
    ("MacRoman", "Le ministère a annoncé une réforme des retraites.", "mac_roman"),
    ("MacRoman, German", "Die Straße bleibt bis Freitag gesperrt.", "mac_roman"),
    ("windows-1252", "Les élèves ont réussi l’examen à Liège.", "cp1252"),
]


@pytest.mark.parametrize("label, text, codec", FAMILIES, ids=[f[0] for f in FAMILIES])
def test_each_family_is_repaired(label, text, codec):
    damaged = text.encode("utf-8").decode(codec)
    assert damaged != text
    assert cleanwire.clean(damaged + "\n") == text + "\n"


def test_double_mojibake_is_repaired():
    text = "Les élèves ont réussi l’examen."
    twice = text.encode("utf-8").decode("cp1252").encode("utf-8").decode("cp1252")
    assert cleanwire.clean(twice + "\n") == text + "\n"
    # Windows-1252 mojibake, then read again as Windows-1251.
    pounds = "The fee was £5.2bn this year."
    mixed = pounds.encode("utf-8").decode("cp1252").encode("utf-8").decode("cp1251")
    assert cleanwire.clean(mixed + "\n") == pounds + "\n"


def test_c1_controls_that_are_windows_1252_are_repaired_not_broken_into_lines():
    # Windows-1252 text read as Latin-1: the quotes, the dash and the ellipsis become
    # C1 controls, U+0085 among them, which is also NEL, a line break.
    text = "It’s a “test” of sorts — indeed…"
    assert cleanwire.clean(text.encode("cp1252").decode("latin-1") + "\n") == text + "\n"
    # An ellipsis before a space is no line break either.
    assert cleanwire.clean("Le ministre a parlé\x85 puis il est parti.\n") == "Le ministre a parlé… puis il est parti.\n"
    # A NEL between two lines of text still is one.
    assert cleanwire.clean("First line.\x85Second line.\n") == "First line.\nSecond line.\n"


def test_a_soft_hyphen_that_is_a_windows_1250_byte_is_kept_for_the_repair():
    # í is C3 AD: Windows-1250 reads it as Ă and a soft hyphen, which the hygiene stage
    # removes everywhere else.
    text = "Napíšte nám, kde je nemocnice."
    assert cleanwire.clean(text.encode("utf-8").decode("cp1250") + "\n") == text + "\n"
    assert cleanwire.clean("Zusammen\u00adarbeit\n") == "Zusammenarbeit\n"


def test_the_gate_is_ftfys_detector():
    bad = detector()
    rng = random.Random(4)
    samples = [text.encode("utf-8").decode(codec) for _, text, codec in FAMILIES]
    samples += ["café, £5 and “quotes”", "Привет, мир", "Ελλάδα", "naïve façade", "x × 2 ½"]
    samples += ["".join(rng.choice(MOJIBAKE_MARKS + "aé ’“”") for _ in range(12)) for _ in range(500)]
    for text in samples:
        assert suspect(text) == bool(bad.search(text)), text


def _non_marks() -> str:
    """Characters of the detector's own classes that are not marks, and a few others."""
    marks = set(MOJIBAKE_MARKS)
    pool = set("aAzZ .,?!'-\t0") | set("\xa0\xad\xb7\xb4\u2013\u2014\u2015\u2026\u2019\u2018\u201a\u201c\u201e\u2022\u2039\u203a\xab\xbb\xa1\xbf\u201d\u2122\uf8ff\u0384\u0385")
    pool |= set("БДЖЯбджяЁЏАЕОαβγωΑΔΩΆΈΪ")
    return "".join(sorted(pool - marks))


def test_every_sequence_the_detector_flags_holds_a_mark():
    # All strings of up to three characters from everything but the marks: if the
    # detector flagged one, a text could hold mojibake the gate never looks at.
    bad = detector()
    alphabet = _non_marks()
    for size in (1, 2, 3):
        for chars in itertools.product(alphabet, repeat=size):
            text = "".join(chars)
            assert bad.search(text) is None, repr(text)


@settings(max_examples=300)
@given(st.text(alphabet=_non_marks(), min_size=4, max_size=12))
def test_longer_strings_without_marks_are_never_flagged(text):
    assert detector().search(text) is None


@given(raw=clean_text())
def test_clean_text_never_reaches_ftfy(raw):
    for line in raw.split("\n"):
        assert not suspect(line), line


def test_clean_documents_never_call_ftfy(monkeypatch, root):
    import ftfy

    from cleanwire import newsgen
    from cleanwire.rules import encoding

    def refuse(*args, **kwargs):
        raise AssertionError("clean text reached ftfy")

    monkeypatch.setattr(ftfy, "fix_text", refuse)
    encoding._ftfy.cache_clear()
    try:
        texts = [p.read_text(encoding="utf-8") for p in sorted((root / "corpus" / "cases").glob("*/expected.txt"))]
        texts += [d for d in newsgen.documents(300, seed=11) if not any(c in d for c in "ÃÂâ")]
        cleaner = cleanwire.Cleaner()
        for text in texts:
            cleaner.clean(text)
    finally:
        encoding._ftfy.cache_clear()


def test_a_mark_between_ascii_characters_is_judged_as_the_detector_does():
    # suspect() judges a mark whose neighbours are ASCII by a small pattern read off
    # the detector's branches (only a C1 control, œ, Ã and Â can be flagged there).
    # Every mark, in every context of up to two ASCII characters before it and one
    # after, from characters standing for each ASCII class the detector tells apart.
    bad = detector()
    ascii_classes = "aZ.? \t0_-"
    befores = [""] + list(ascii_classes) + [a + b for a in ascii_classes for b in ascii_classes]
    afters = [""] + list(ascii_classes)
    for mark in MOJIBAKE_MARKS:
        for before in befores:
            for after in afters:
                text = before + mark + after
                assert suspect(text) == (bad.search(text) is not None), repr(text)


@given(st.text(alphabet="ab .\n" + MOJIBAKE_MARKS[::7] + "’“", max_size=40))
def test_lines_with_marks_are_found_either_way(text):
    from cleanwire.rules.encoding import _lines_with_marks

    expected = [i for i, line in enumerate(text.split("\n")) if any(c in MOJIBAKE_MARKS for c in line)]
    present = set(text) & set(MOJIBAKE_MARKS)
    assert _lines_with_marks(text) == expected
    assert _lines_with_marks(text, present) == expected
    assert _lines_with_marks(text, present | {"\u00e9", "\u00a3"}) == expected


@pytest.mark.parametrize("seed", range(3))
def test_the_rule_said_settled_after_an_edit_of_other_lines_is(seed):
    from cleanwire.model import Edit, View, kept_views

    from cleanwire.rules.encoding import MOJIBAKE

    rng = random.Random(seed)
    pieces = ["café", "CafÃ© society", "donâ€™t", "plain words", "naïve", "", "Ã© here", "£5 and “quotes”"]
    said = 0
    for _ in range(300):
        before = "\n".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        before, view = MOJIBAKE.run(before)
        assert view is View.LINES
        lines = before.split("\n")
        i = rng.randrange(len(lines))
        lines[i] = rng.choice(pieces + [lines[i].upper(), lines[i] + " x"])
        if rng.random() < 0.3:
            del lines[rng.randrange(len(lines))]
        after = "\n".join(lines)
        for found in (None, frozenset(after), frozenset(after) | {"\u00e9"}):
            if MOJIBAKE.still_settled(Edit(before, after, frozenset(), found), view):
                said += 1
                assert MOJIBAKE.apply(after) == after, (before, after)
    assert said > 100
