"""Properties of CW601 over generated text: idempotence, fixed points, locality."""

import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleanwire.rules.variants import PROTECTED, SPELLING_VARIANTS, default_table, match_case
from cleanwire.rules.variants.spelling import protected_spans

TABLE = default_table()
ENTRIES = sorted(TABLE.entries.values(), key=lambda e: e.canonical)
PAIRS = [(v, e.canonical) for e in ENTRIES for v in e.variants]
CANONICALS = [e.canonical for e in ENTRIES]

#: Filler that can neither start nor continue a name: lower-case words, digits,
#: punctuation and spaces, always ending and starting with a space.
FILLER = st.lists(
    st.one_of(
        st.sampled_from(["the", "said", "in", "and", "of", "a", "talks", "province", "on", "2024", ",", ".", "—", "«", "»"]),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüçşğ", min_size=1, max_size=8),
    ),
    max_size=6,
).map(lambda words: " " + " ".join(words) + " ")

#: Any text at all, with characters that matter to the matcher over-represented.
ANY_TEXT = st.lists(
    st.one_of(
        st.sampled_from(list("-'’ \u00a0\u00ad@#/.:_&\n")),
        st.sampled_from(["Sistan", "Baluchistan", "Shahbaz", "Sharif", "al", "Qaida", "Teheran", "o", "va", "and", "https://", "www."]),
        st.sampled_from([v for v, _ in PAIRS] + CANONICALS),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=30,
).map("".join)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def rule(text: str) -> str:
    return SPELLING_VARIANTS.apply(text)


@SETTINGS
@given(ANY_TEXT)
def test_idempotent_on_any_text(text):
    once = rule(text)
    assert rule(once) == once


@SETTINGS
@given(st.lists(st.tuples(FILLER, st.sampled_from(PAIRS)), min_size=1, max_size=4), FILLER)
def test_only_matched_spans_change(parts, tail):
    """Filler around known variants comes out byte for byte; variants become canonical."""
    text = "".join(filler + variant for filler, (variant, _) in parts) + tail
    expected = "".join(filler + match_case(variant, canonical) for filler, (variant, canonical) in parts) + tail
    assert rule(text) == expected


@SETTINGS
@given(st.lists(st.tuples(FILLER, st.sampled_from(CANONICALS)), min_size=1, max_size=4), FILLER)
def test_canonical_forms_are_fixed_points(parts, tail):
    text = "".join(filler + canonical for filler, canonical in parts) + tail
    assert rule(text) == text


@SETTINGS
@given(st.lists(st.tuples(FILLER, st.sampled_from(PAIRS)), min_size=1, max_size=4), FILLER)
def test_upper_case_copy_stays_upper_case(parts, tail):
    text = "".join(filler + variant.upper() for filler, (variant, _) in parts) + tail
    expected = "".join(filler + canonical.upper() for filler, (_, canonical) in parts) + tail
    assert rule(text) == expected


@SETTINGS
@given(ANY_TEXT)
def test_lines_are_never_added_or_removed(text):
    assert rule(text).count("\n") == text.count("\n")


@SETTINGS
@given(st.sampled_from(PAIRS), st.sampled_from(["https://example.com/", "@", "#", "www.example.com/", "mail.", "x."]))
def test_variants_inside_addresses_are_untouched(pair, prefix):
    variant, _ = pair
    text = f"see {prefix}{variant.replace(' ', '_')} now"
    assert rule(text) == text


@SETTINGS
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(list("aZ9 -'’`_@#/\\.&\u00ad\u0301")),
            # Characters both Unicode databases know: the regex engine may follow a
            # newer Unicode version than this Python.
            st.characters(blacklist_categories=("Cs",)).filter(lambda c: unicodedata.category(c) != "Cn"),
        ),
        max_size=4,
    )
)
def test_start_test_agrees_with_its_regex(prefix):
    """The fast start test in Python says what the documented lookbehind says."""
    import regex

    from cleanwire.rules.variants.spelling import NOT_AFTER, may_start

    text = prefix + "Kiev"
    assert may_start(text, len(prefix)) == (regex.compile(NOT_AFTER).match(text, len(prefix)) is not None)


@SETTINGS
@given(ANY_TEXT)
def test_a_table_finds_the_same_before_its_index_is_built(text):
    # Until a text holds a word that may open a name, a table answers without
    # building its index (may_hold_name): it must find what the index
    # finds, and leave the index unbuilt only when that is nothing.
    fresh = default_table()
    found = list(fresh.find(text))
    assert found == list(TABLE.find(text))
    if fresh._index is None:
        assert found == [] and TABLE.rewrite_spans(text).particles is False
    assert fresh.rewrite(text) == TABLE.rewrite(text)


def test_a_text_without_a_name_word_leaves_the_index_unbuilt():
    fresh = default_table()
    assert fresh.rewrite("One line of news from the Council, THE END.\n") == "One line of news from the Council, THE END.\n"
    assert fresh._index is None
    # A word that follows a particle (Qaida of al-Qaida) or a possessive opens the index.
    for text in ("Remarks on Qaida.", "Teheran's mayor."):
        fresh = default_table()
        fresh.rewrite(text)
        assert fresh._index is not None, text


def test_the_kept_summary_of_the_packaged_table_is_the_tables():
    # A process whose texts hold no name of the packaged table never builds it: it
    # reads what it needs from a summary kept in the user's cache.
    from cleanwire.rules.variants.rule import shared_summary

    openers, written = shared_summary()
    assert openers == TABLE.openers()
    assert written == "".join(sorted(TABLE.written_characters()))


#: Text rich in what protected spans are made of: marks, address parts, spaces.
PROTECTED_TEXT = st.lists(
    st.one_of(
        st.sampled_from(["@", "#", "/", "www.", "WwW.", "w.", "W.", "://", "http", "ftp", ".com", ".org/", "a.b"]),
        st.sampled_from([" ", "\n", "\t", "\u00a0", "\u2009", "\x1c", "_", "-", "+", ".", ":", "x", "Kiev", "é", "\u212a", "ſ"]),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=40,
).map("".join)


@SETTINGS
@given(PROTECTED_TEXT)
@example("See WWW.EXAMPLE.COM or write to @desk")
@example("a/b WwW.x")
@example("@x\nWWW.y and www.z\twww.q")
@example("desk@example.com,www.example.org/x  #tag")
def test_protected_spans_are_those_of_a_search_of_the_whole_text(text):
    marked = any(mark in text for mark in ("@", "#", "/", "www."))
    expected = [m.span() for m in PROTECTED.finditer(text)] if marked else []
    assert protected_spans(text) == expected
