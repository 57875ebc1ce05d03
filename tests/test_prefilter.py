"""The line-stage prefilter must never change which rule matches a line.

It only decides which patterns are worth trying, so every check here compares the
filtered matcher with the plain alternation of all patterns on many lines: real rule
examples, lines with leading bullets, case variants and generated prose.
"""

import random

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from cleanwire.newsgen import documents
from cleanwire.rules import ALL_RULES
from cleanwire.rules.lines import LineRemover, PatternRule, lead_length, line_key, prefilter
from cleanwire.rules.lines.keys import TRAIL_CHARS
from cleanwire.rules.lines.matcher import _MATCHERS, forget_shared

from .reference import full_alternation, reference_match


def _keys():
    keys = set()
    for rule in ALL_RULES:
        for example in rule.examples:
            for line in (example.input + "\n" + example.output).split("\n"):
                keys.add(line_key(line))
    rng = random.Random(7)
    words = "the said officials reported Reuters AFP follow us on read more also published updated 12 comments share this story photo via getty images all rights reserved contributed reporting by".split()
    for _ in range(400):
        keys.add(" ".join(rng.choice(words) for _ in range(rng.randint(1, 12))))
    base = sorted(k for k in keys if k)
    variants = []
    for key in base[::3]:
        variants.append(key.upper())
        variants.append(key.swapcase())
        variants.append(rng.choice(["- ", "• ", "| ", "> ", "— ", "--", "*", "=="]) + key)
        variants.append("(" + key + ")")
    return base + variants


KEYS = _keys()


@pytest.fixture(scope="module")
def remover():
    rules = [r for r in ALL_RULES if isinstance(r, PatternRule)]
    return LineRemover(rules)


@pytest.mark.parametrize("group", ["anywhere", "positional"])
def test_filtered_matching_equals_full_alternation(remover, group):
    matcher = getattr(remover, f"_{group}")
    full = full_alternation(matcher)
    for key in KEYS:
        m = full.fullmatch(key)
        expected = None if m is None else int(m.lastgroup[1:])
        assert matcher.match(key) == expected, (key, expected)


def test_prefilter_reads_common_pattern_shapes():
    facts = prefilter.facts(r"\(?also read\s*:\s*\S.*")
    assert facts.first == frozenset({"(", "a"})
    assert {"(also read:", "also read:", "also read "} <= set(facts.starts)
    assert all(s.startswith(("(also read", "also read")) for s in facts.starts)
    assert prefilter.facts(r".{0,200}\ball rights reserved\b").needs == (frozenset({"all rights reserved"}),)
    assert prefilter.facts(r"(?:read|see) more").first == frozenset({"r", "s"})
    assert prefilter.facts(r"\d+ comments?").first == frozenset({prefilter.DIGIT})


@pytest.mark.parametrize(
    "pattern, longest",
    [
        ("read more", 9),
        (r"(?:next|previous) (?:story|post)", 14),
        (r"\(?\d{1,3} comments?\)?", 14),
        (r"(?:also read|watch)\s?:", 11),
        (r"[a-z]{2,4}(?:[-/][a-z]{1,4}){1,4}", 24),
        (r"(?=\w)x\b", 1),
        (r"follow us on .*", None),
        (r"\w+ desk", None),
        (r"a\X", None),
    ],
)
def test_the_longest_match_is_read_off_the_pattern(pattern, longest):
    assert prefilter.read_facts(pattern).longest == longest


@pytest.mark.parametrize(
    "pattern, digit",
    [(r"updated:? \d{1,2}:\d\d", True), (r"(?:\d+ )?comments", False), (r"[0-9]{4} edition", True), (r"page (?:1|2)", True), (r"page (?:1|two)", False)],
)
def test_whether_every_match_holds_a_digit_is_read_off_the_pattern(pattern, digit):
    assert prefilter.read_facts(pattern).digit is digit


def _packaged_matches():
    """Each packaged line pattern with its prefilter facts and every test key it matches."""
    from .reference import compile_branches

    for rule in ALL_RULES:
        if not isinstance(rule, PatternRule):
            continue
        for pattern in rule.expanded():
            compiled = compile_branches([(0, pattern)])
            keys = [key for key in KEYS if compiled.fullmatch(key)]
            if keys:
                yield rule, pattern, prefilter.facts(pattern), keys


def test_no_pattern_said_to_need_a_digit_matches_a_key_without_one():
    checked = 0
    for rule, pattern, found, keys in _packaged_matches():
        if found.digit:
            for key in keys:
                checked += 1
                assert regex.search(r"\d", key), (rule.code, pattern, key)
    assert checked > 10


def test_no_match_is_longer_than_its_patterns_bound():
    # A branch matches all of a key but its leading bullets and trailing spaces and
    # full stops, so a key longer than that is never tried (GroupMatcher.match).
    checked = 0
    for rule, pattern, found, keys in _packaged_matches():
        if found.longest is not None:
            for key in keys:
                checked += 1
                assert len(key.rstrip(TRAIL_CHARS)) - lead_length(key) <= found.longest, (rule.code, pattern, key)
    assert checked > 100


@pytest.mark.parametrize(
    "pattern",
    [r"a{,3}b(?", r"(?x) a b", r"\1abc", r"a{2,x}", r"(?<name>a)", r"[[:alpha:]]+x", r"\L<words>"],
)
def test_unmodelled_syntax_means_always_try(pattern):
    facts = prefilter.facts(pattern)
    assert facts.first is None and facts.starts is None or facts == prefilter.facts(pattern)
    if facts.first is None:
        assert facts.starts is None


def test_whitespace_set_covers_the_engine():
    engine = regex.compile(r"\s")
    assert {c for c in map(chr, range(0x110000)) if engine.match(c)} <= prefilter.WHITESPACE


def test_case_insensitive_literals_fold_alike():
    # Every character the engine matches case-insensitively against an ASCII letter
    # must casefold to that letter, or the casefolded substring tests could miss it.
    letters = regex.compile("[a-z]", regex.IGNORECASE | regex.VERSION0)
    for c in map(chr, range(0x110000)):
        if letters.match(c):
            assert c.casefold()[:1] in "abcdefghijklmnopqrstuvwxyz", hex(ord(c))


def test_a_key_without_leading_bullets_matches_the_pattern_alone(remover):
    # On a key whose lead_length is 0, the matchers try each branch as the pattern
    # alone (compile_unled), without the leading run the alternation may skip. That
    # run is empty there only if every character the case-insensitive branches take
    # as a bullet is one lead_length, which is case-sensitive, counts too.
    from cleanwire.rules.lines.keys import LEAD_CHARS
    from cleanwire.rules.lines.patterns import compile_unled

    from .reference import compile_branches

    bullet = regex.compile(LEAD_CHARS, regex.IGNORECASE | regex.VERSION0)
    for c in map(chr, range(0x110000)):
        if bullet.match(c):
            assert lead_length(c) == 1, hex(ord(c))
    unled = [k for k in KEYS if k and lead_length(k) == 0]
    for _, pattern in remover._anywhere._branches[::4]:
        alone, branch = compile_unled(pattern), compile_branches([(0, pattern)])
        for key in unled:
            assert (alone.fullmatch(key) is None) == (branch.fullmatch(key) is None), (pattern, key)


def test_packaged_patterns_compile():
    # The packaged rules are loaded without compiling every pattern up front (it was
    # most of the start-up time), so this is where a broken packaged pattern shows.
    from cleanwire.rules.lines import compile_pattern, rules_from_table
    from cleanwire.rules.lines import packaged_table as _packaged_table

    table = _packaged_table()
    rules_from_table(table, "cleanwire/data/boilerplate.toml", check=True)
    for rule in ALL_RULES:
        if isinstance(rule, PatternRule):
            for pattern in rule.patterns:
                compile_pattern(rule.code, pattern, dict(rule.macros), rule.source)


@pytest.mark.parametrize("group", ["anywhere", "positional"])
def test_scanned_gates_give_the_full_alternation(remover, group):
    # The Aho-Corasick scan of each key's gate strings must rule out only branches
    # that cannot match it.
    matcher = getattr(remover, f"_{group}")
    full = full_alternation(matcher)
    for key in KEYS:
        m = full.fullmatch(key)
        expected = None if m is None else int(m.lastgroup[1:])
        folded = key.casefold()
        hits = matcher.scan(folded)
        assert hits is not None
        assert matcher.match(key, folded=folded, hits=hits) == expected, (key, expected)


def test_every_branch_with_literals_or_starting_strings_has_a_gate(remover):
    from cleanwire.rules.lines.gates import START as _START

    matcher = remover._anywhere
    gated = {i for ids in matcher._gate_of.values() for i in ids}
    opening_otherwise = 0
    for i, facts in enumerate(matcher._facts):
        if not facts.starts and facts.first is not None and not any(c.isalpha() for c in facts.first):
            # It can only open with a digit, a bracket or a symbol: it is tried on the
            # keys that open so (the scanned-gates test checks the answers), and a
            # literal of it (` of ` in `3 of 12`) would report lines of prose.
            assert i not in gated, matcher._branches[i][1]
            opening_otherwise += 1
        elif facts.starts or matcher._needs[i]:
            assert i in gated, matcher._branches[i][1]
    assert opening_otherwise
    # Starting strings only count at the start of a key.
    assert any(word.startswith(_START) for word in matcher._gate_of)


def test_no_packaged_pattern_is_gated_by_common_words_alone(remover):
    # A pattern is tried only on lines holding its gate. A gate made of prose's commonest
    # words (` from`, `this `) makes most lines of a story its candidates: a cost that
    # no output shows (a guard written before a group of alternatives once cost a
    # print-note pattern its starting strings this way, +11% a generated article).
    from cleanwire.rules.lines.gates import _COMMON_WORDS, START

    # The one allowed: CW104 matches credits in capitals (`... WITH AFP`) only.
    allowed = {"CW104"}
    for matcher in [remover._anywhere] + [m for _, m in remover._positions.values()]:
        rules = matcher.rules
        gates: dict[int, list[str]] = {}
        for word, ids in matcher._gate_of.items():
            for i in ids:
                gates.setdefault(i, []).append(word)
        for i, words in gates.items():
            code = rules[matcher._branches[i][0]].code
            # A line is a candidate when it holds any one of them.
            common = any(not w.startswith(START) and w.strip() in _COMMON_WORDS for w in words)
            # A branch whose every match holds a digit is not tried on a line without one.
            common = common and i not in matcher._digit
            assert not common or code in allowed, (code, sorted(words), matcher._branches[i][1][:80])


def _block(monkeypatch, *modules):
    import sys

    for name in modules:
        monkeypatch.setitem(sys.modules, name, None)  # import fails
    # Matchers are shared by the rules they hold: a remover built now must build its own.
    forget_shared()


def test_without_ahocorasick_the_scan_knows_nothing(monkeypatch):
    _block(monkeypatch, "ahocorasick_rs", "ahocorasick")
    fresh = LineRemover([r for r in ALL_RULES if isinstance(r, PatternRule)])
    assert fresh._anywhere.scan("also read: more") is None
    assert fresh.verdicts(["ALSO READ: A story", "", "The story, told in full, with a quote."]) == {
        0: next(r for r in ALL_RULES if r.code == "CW201")
    }


def test_scanning_all_keys_at_once_equals_scanning_each(remover):
    matcher = remover._anywhere
    folded = [key.casefold() for key in KEYS] + ["", "\x02also read: x", "x\x02"]
    found = matcher.scan_lines(folded)
    for i, key in enumerate(folded):
        assert found.get(i, set()) == matcher.scan(key), key


def test_every_packaged_pattern_has_a_gate():
    # A pattern the prefilter cannot read a first character or a needed literal from
    # is tried on every line of every text (an escape it does not know, such as
    # `\uFE0F`, or a character class where an alternation of literals would do).
    ungated = [
        (rule.code, pattern)
        for rule in ALL_RULES
        if isinstance(rule, PatternRule)
        for pattern in rule.expanded()
        if (found := prefilter.facts(pattern)).first is None and not found.needs
    ]
    assert ungated == []


def test_idle_keys_have_no_candidates(remover):
    matcher = remover._anywhere
    idle = 0
    for key in KEYS:
        folded = key.casefold()
        if lead_length(key) == 0 and not matcher.scan(folded) and matcher.idle(folded[0]):
            idle += 1
            assert matcher.candidates(key, 0, folded, hits=set()) == (), key
    assert idle > 100
    assert not matcher.idle("1")  # a pattern without a gate may open with a digit


def test_cached_facts_equal_reading_the_pattern():
    from cleanwire.rules.lines.patterns import packaged_facts

    packaged = packaged_facts()
    assert len(packaged) > 100
    for pattern, found in packaged.items():
        assert found == prefilter.read_facts(pattern), pattern
        assert prefilter.facts_from_json(prefilter.facts_to_json(found)) == found


def test_reading_is_the_same_in_every_process():
    # The cached facts are written by one process and read by others, so the reading
    # must not depend on the hash seed (set iteration order).
    import subprocess
    import sys

    probe = (
        "from cleanwire.rules import lines; from cleanwire.rules.lines import prefilter;"
        "print([prefilter.facts_to_json(prefilter.read_facts(p)) for r in lines.RULES for p in r.expanded()])"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": seed}
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


_PIECES = sorted({word for key in KEYS for word in key.split()} | {"•", "-", "|", "(", ")", ":", "\u00e9t\u00e9", "STRASSE"})
_REMOVER = LineRemover([r for r in ALL_RULES if isinstance(r, PatternRule)])
# Lines some boilerplate pattern that may stand anywhere matches.
_MATCHING = sorted(key for key in KEYS if reference_match(_REMOVER._anywhere, key) is not None)


@given(
    st.sampled_from(_MATCHING),
    st.lists(st.sampled_from(_PIECES), max_size=3),
    st.lists(st.sampled_from(_PIECES), max_size=3),
    st.sampled_from(["", "- ", "• ", "(", "| "]),
    st.sampled_from([str, str.upper, str.lower, str.title]),
)
def test_scanned_matching_equals_full_alternation_near_boilerplate(line, before, after, lead, case):
    # Boilerplate lines with words added around them, bullets and case changes: the
    # lines where a wrong gate would show.
    matcher = _REMOVER._anywhere
    key = line_key(lead + case(" ".join(before + [line] + after)))
    expected = reference_match(matcher, key)
    folded = key.casefold()
    found = matcher.scan_lines([folded]).get(0, set())
    assert matcher.match(key, folded=folded, hits=found) == expected


def test_cleaning_without_ahocorasick_gives_the_same_text(monkeypatch):
    from cleanwire import Cleaner

    texts = list(documents(80, 5))
    expected = [Cleaner().clean(t) for t in texts]
    _block(monkeypatch, "ahocorasick_rs", "ahocorasick")
    fallback = Cleaner()
    assert [fallback.clean(t) for t in texts] == expected
    lines = next(s for s in fallback._steps if isinstance(s, LineRemover))
    assert lines._anywhere._automaton is False  # the fallback really ran


@pytest.mark.parametrize("blocked", [(), ("ahocorasick_rs",), ("ahocorasick",)])
def test_every_automaton_package_finds_the_same_hits(monkeypatch, blocked):
    # The gate scan may run on either Aho-Corasick package; each must find the
    # branches of every gate string that occurs in a key, and assign each to its key
    # (the bytes scan counts lines in UTF-8 offsets: non-ASCII keys, lone surrogates).
    from cleanwire.rules.lines.gates import AUTOMATON_MODULES, START
    from cleanwire.rules.lines.gates import automaton as _automaton

    pytest.importorskip("ahocorasick_rs")
    pytest.importorskip("ahocorasick")
    words = _REMOVER._anywhere._gate_of
    _block(monkeypatch, *blocked)
    automaton = _automaton(words)
    used = next(name for name in AUTOMATON_MODULES if name not in blocked)
    assert (type(automaton).__name__ == "_DfaAutomaton") == (used == "ahocorasick_rs")

    def expected(key):
        return {b for word, ids in words.items() if word in START + key for b in ids}

    keys = [key.casefold() for key in KEYS] + [t.casefold() for t in documents(40, 9)]
    keys += ["also read: \u00e9t\u00e9 x", "caf\u00e9 \u2019 read more", "", "lone \ud800 also read", "\u00e9" * 5 + " follow us"]
    for key in keys:
        assert automaton.found(START + key) == expected(key), key[:80]
    lines = [line for t in keys for line in t.split("\n")]
    by_line = automaton.found_by_line(lines)
    assert by_line == {i: expected(line) for i, line in enumerate(lines) if expected(line)}


def _occurrences(text, word):
    at = text.find(word)
    while at != -1:
        yield at
        at = text.find(word, at + 1)


def test_short_texts_are_scanned_once_a_process_has_judged_enough_lines_one_by_one(monkeypatch):
    # A process cleaning one short text never builds the scan's automaton; one
    # cleaning title after title builds it once that pays, and judges the same.
    from cleanwire import Cleaner
    from cleanwire.rules.lines.matcher import GroupMatcher

    monkeypatch.setattr(GroupMatcher, "UNSCANNED_LINES", 40)
    titles = [f"Council approves budget number {n}" for n in range(30)]
    titles += ["Council approves budget\nALSO READ: Floods close road", "Council approves budget\nFollow us on X"]
    forget_shared()  # as in a new process: no matcher has judged a line yet
    one_by_one = Cleaner()
    lines = next(s for s in one_by_one._steps if isinstance(s, LineRemover))
    first = one_by_one.clean_field(titles[0])
    assert lines._anywhere._automaton is None  # one short text: judged line by line
    cleaned = [first] + [one_by_one.clean_field(t) for t in titles[1:]]
    assert lines._anywhere._automaton  # built once enough lines were judged one by one
    monkeypatch.setattr(GroupMatcher, "UNSCANNED_LINES", 10**9)
    forget_shared()
    never = Cleaner()
    assert [never.clean_field(t) for t in titles] == cleaned
    assert next(s for s in never._steps if isinstance(s, LineRemover))._anywhere._automaton is None
    assert cleaned[-2:] == ["Council approves budget", "Council approves budget"]


def test_the_line_and_run_on_stages_share_one_matcher_per_group():
    # Both stages match the same anywhere- and trailing-rules: one matcher each, whose
    # gate automaton is built once (tens of milliseconds and a few megabytes).
    from cleanwire import Cleaner
    from cleanwire.rules.runon import RunOnRule

    cleaner = Cleaner()
    lines = next(s for s in cleaner._steps if isinstance(s, LineRemover))
    anywhere, closing = next(s for s in cleaner._steps if isinstance(s, RunOnRule))._matchers
    assert anywhere._anywhere is lines._anywhere
    assert closing._positions["trailing"][1] is lines._positions["trailing"][1]


def test_a_shared_matcher_goes_with_the_last_step_that_holds_it():
    import gc

    only = [r for r in ALL_RULES if r.code == "CW201"]
    key = tuple(map(id, only))
    first, second = LineRemover(only), LineRemover(only)
    assert first._anywhere is second._anywhere and key in _MATCHERS
    del first, second
    gc.collect()
    assert key not in _MATCHERS  # a process that builds cleaners one after another keeps none of them
