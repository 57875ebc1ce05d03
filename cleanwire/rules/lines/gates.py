"""The gate scan: which boilerplate patterns are worth trying on which line.

Every pattern gets a *gate*: strings one of which each of its matches contains (its
starting strings, or the rarest literals it needs, as :mod:`.prefilter` reads them).
One Aho-Corasick scan of all of a document's keys finds every gate string, so a line
is only matched against the patterns whose gate it holds.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from typing import Iterable, Mapping


def fewest_literals(needs) -> tuple[tuple[str, ...], ...]:
    """``needs`` with every literal dropped that contains another of its set.

    A set is satisfied when one of its literals occurs, and a literal that contains
    another cannot occur without it, so the shorter one alone decides the set; the
    set's substring tests shrink without changing its answer.

    >>> fewest_literals([frozenset({"play", "play video", "replay", "pause"})])
    (('play', 'pause'),)
    """
    reduced = []
    for need in needs:
        # Shortest first: a literal that contains a dropped one also contains the kept
        # literal that dropped it, so only the kept ones need testing.
        kept: list[str] = []
        for x in sorted(need, key=lambda x: (len(x), x)):
            if not any(y in x for y in kept):
                kept.append(x)
        reduced.append(tuple(kept))
    return tuple(reduced)


def has_all(folded: str, needs) -> bool:
    """Whether ``folded`` contains one literal of every set in ``needs``."""
    for need in needs:
        for literal in need:
            if literal in folded:
                break
        else:
            return False
    return True


#: Put before a key for a scan (:meth:`~cleanwire.rules.lines.matcher.GroupMatcher.scan`), so that a starting string, stored
#: after it, is found only at the start of the key. Another occurrence of the
#: character inside a key only adds candidates, which cannot change a result.
START = "\x02"
NEXT_KEY = "\n" + START
# The same, for the scan of UTF-8 bytes.
_START_BYTES = START.encode()
_NEXT_KEY_BYTES = NEXT_KEY.encode()

#: Words so common in prose that a literal made of one of them tells little; a gate
#: avoids them when the branch needs something rarer.
_COMMON_WORDS = frozenset(
    "a an and are as at be but by for from has have he in is it its of on or our said "
    "she that the their they this to was we were will with you your".split()
)

#: Starting strings shorter than this open too many lines to make a good gate.
_SHORT_START = 3


def _rarity(literals) -> tuple[int, int]:
    """How seldom one of ``literals`` occurs in prose, roughly: higher is rarer.

    >>> _rarity({" on "}) < _rarity({"follow", "join"}) < _rarity({"newsletter"})
    True
    """
    return (min(0 if x.strip() in _COMMON_WORDS else len(x.strip()) for x in literals), -len(literals))


def gate_literals(facts, needs) -> tuple[dict[str, list[int]], frozenset[int]]:
    """Choose a *gate* for each branch: strings one of which every match contains.

    A branch is gated by its starting strings (stored after :data:`START`, so they
    only count at the start of a key) unless they are very short, otherwise by the
    rarest of its needed literal sets. Returns the gate strings, each mapped to the
    branches it stands for, and the branches without starting strings that have a
    gate. A branch with neither starting strings nor needed literals has no gate,
    nor has one that can only open with a character that is no letter (the matcher
    tries it on the keys that open with one of its first characters).

    >>> from cleanwire.rules.lines.prefilter import facts as read
    >>> found = [read(r".{0,40}\\b(?:follow|join) us on (?:x|instagram)"), read(r"read more:? .*"), read(r"\\d+ of \\d+")]
    >>> words, gated = gate_literals(found, [fewest_literals(f.needs) for f in found])
    >>> sorted(words.items()), gated
    ([('\\x02read more ', [1]), ('\\x02read more: ', [1]), (' us on ', [0])], frozenset({0}))
    """
    words: dict[str, list[int]] = {}
    gated = set()
    for i, (fact, need) in enumerate(zip(facts, needs)):
        usable = [literals for literals in need if all(x and "\n" not in x for x in literals)]
        chosen = max(usable, key=_rarity) if usable else None
        if fact.starts and (chosen is None or min(map(len, fact.starts)) >= _SHORT_START):
            for start in fact.starts:
                words.setdefault(START + start, []).append(i)
            continue
        if chosen is None:
            continue  # keys hold no line break; such a branch stays ungated
        if not fact.starts and fact.first is not None and not any(c.isalpha() for c in fact.first):
            # It opens with a digit, a bracket or a symbol, as few lines of prose do:
            # tried only on the keys that open so, it costs less than the lines its
            # literal would report (` of ` in `3 of 12`, `next` in a pager's `1 2 3 Next`).
            continue
        if not fact.starts:
            gated.add(i)
        for literal in chosen:
            words.setdefault(literal, []).append(i)
    return words, frozenset(gated)


#: The Aho-Corasick packages a gate scan can use, fastest first: ``ahocorasick_rs``
#: (the ``fast`` extra; a compiled DFA, about 2.5x faster on news text) and
#: ``pyahocorasick`` (a dependency on CPython). Both find every occurrence of every
#: gate string, so the scan's result does not depend on which one runs.
AUTOMATON_MODULES = ("ahocorasick_rs", "ahocorasick")


def automaton(words: Mapping[str, list[int]], modules: tuple[str, ...] = AUTOMATON_MODULES):
    """An Aho-Corasick automaton of the gate strings, each mapped to its branches.

    It answers two questions, each with one scan in C: ``found(text)``, the branches
    of every gate string that occurs in ``text``; and ``found_by_line(keys)``, the
    same for each of ``keys`` at once (a dictionary from the index of each key in
    which something is found). No gate string holds a line break. False when there
    is nothing to find or none of ``modules`` (:data:`AUTOMATON_MODULES`) is installed.

    Gate strings given as ``bytes`` are looked for in ``bytes`` texts (``found`` and
    :meth:`~_Automaton.occurrences` only).
    """
    if not words:
        return False
    for name in modules:
        try:
            module = __import__(name)
        except ImportError:
            continue
        if name == "ahocorasick_rs":
            try:
                return _DfaAutomaton(module, words)
            except (UnicodeEncodeError, ValueError, TypeError):  # a gate string it cannot take
                continue
        return _TrieAutomaton(module, words)
    return False


class _Automaton:
    """What both packages share: the branches of each gate string, and keys joined
    into one text to scan, one key a line."""

    def __init__(self, words: Mapping[str, list[int]]) -> None:
        self._branches = [tuple(sorted(set(ids))) for ids in words.values()]

    def found(self, text: str) -> set[int]:
        branches = self._branches
        found: set[int] = set()
        for index, _ in self._hits(text):
            found.update(branches[index])
        return found

    def occurrences(self, text) -> list[int]:
        """The index (in the order given) of the gate string of every occurrence in
        ``text``, overlapping ones included."""
        return [index for index, _ in self._hits(text)]

    def found_by_line(self, keys: list[str]) -> dict[int, set[int]]:
        text, starts = self._joined(keys)
        branches = self._branches
        found: dict[int, set[int]] = {}
        # A hit belongs to the last line that starts at or before its end: one
        # bisection in C per hit, in whatever order the package reports them.
        for index, end in self._hits(text):
            line = bisect_right(starts, end) - 1
            seen = found.get(line)
            if seen is None:
                found[line] = set(branches[index])
            else:
                seen.update(branches[index])
        return found

    def _hits(self, text) -> Iterable[tuple[int, int]]:
        """``(gate string index, offset of its last unit)`` of every occurrence."""
        raise NotImplementedError

    def _joined(self, keys: list[str]) -> tuple[object, list[int]]:
        """The keys as one text to scan, each behind :data:`START` on a line of its own,
        and the offset where each key's line starts."""
        starts = list(itertools.accumulate((len(key) + 2 for key in keys[:-1]), initial=0))
        return START + NEXT_KEY.join(keys), starts


class _DfaAutomaton(_Automaton):
    """``ahocorasick_rs`` (a compiled DFA) over UTF-8 bytes.

    Scanning ``str`` makes the package map every offset from bytes to characters,
    which on text that is not pure ASCII (nearly every scraped page: curly quotes,
    no-break spaces) cost more than the scan itself; scanning the UTF-8 bytes for
    the gate strings' UTF-8 bytes finds the same occurrences (UTF-8 is
    self-synchronising) and reports byte offsets, which are all the line count needs.
    """

    def __init__(self, module, words: Mapping[str, list[int]]) -> None:
        super().__init__(words)
        self._search = module.BytesAhoCorasick(
            [word if isinstance(word, bytes) else word.encode("utf-8") for word in words],
            matchkind=module.MatchKind.Standard,
            implementation=module.Implementation.DFA,
        ).find_matches_as_indexes

    def _hits(self, text):
        return [(index, end - 1) for index, _, end in self._search(_utf8(text), overlapping=True)]

    def occurrences(self, text) -> list[int]:
        # The variant gate's scan of every text: without the offsets it does not need.
        return [index for index, _, _ in self._search(_utf8(text), overlapping=True)]

    def _joined(self, keys: list[str]) -> tuple[object, list[int]]:
        encoded = [key.encode("utf-8", "surrogatepass") for key in keys]
        starts = list(itertools.accumulate((len(key) + 2 for key in encoded[:-1]), initial=0))
        return _START_BYTES + _NEXT_KEY_BYTES.join(encoded), starts


def _utf8(text):
    """``text`` as UTF-8 bytes (bytes as they are). Lone surrogates (kept when CW004 is
    off) pass as their own bytes: no gate string holds one, so none is found in them
    or across them."""
    return text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text


class _TrieAutomaton(_Automaton):
    """``pyahocorasick``, over the text's characters."""

    def __init__(self, module, words: Mapping[str, list[int]]) -> None:
        super().__init__(words)
        built = module.Automaton()
        for index, word in enumerate(words):
            # Bytes are scanned as the characters of the same codes (see _hits).
            built.add_word(word.decode("latin-1") if isinstance(word, bytes) else word, index)
        built.make_automaton()
        self._iter = built.iter

    def _hits(self, text):
        if isinstance(text, bytes):
            text = text.decode("latin-1")
        return [(index, end) for end, index in self._iter(text)]
