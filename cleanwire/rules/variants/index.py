"""The index a variant table matches with: word tries, and what it learnt of the words it met.

The text's capitalised words are looked up in a dictionary of first words, and only on
a hit are the following words compared, so the cost grows with the text and barely
with the table. :class:`WordCache` remembers what the index says of each word met,
so a text's words are compared with what is known by set operations and only new
words cost Python work; it is a cache: no result depends on what it holds.
"""

from __future__ import annotations

import operator
from typing import Iterable, Mapping

import regex

from ...compiled import Lazy
from .entries import Entry
from .spelling import NEXT_WORD, NOT_AFTER, SEPARATOR, fold, has_connector, match_case, name_key, possessive_stem


#: A word that opens this many names of a table, and no name on its own, is a shared
#: opener: ``North`` of ``North Waziristan``, ``North Carolina``, ...
SHARED_OPENER = 20


#: A table in which more names than this start with a shared opener reads a text's
#: capitalised words in pairs (see :class:`Index`). In the packaged tables, 21 do;
#: in a generated 20,000-entry gazetteer, about 20,000.
PAIRS_OVER = 200


class Index:
    """What matching needs, built from a table's entries."""

    __slots__ = ("plain", "joined", "particle_next", "particles", "words", "second", "pairs")

    def __init__(self, entries: Iterable[Entry], owner: Mapping[tuple[str, ...], Entry]) -> None:
        """An index of ``entries``, whose every spelling's key ``owner`` maps to its entry."""
        # Two tries keyed by folded words: names whose words are only ever separated
        # by blanks or hyphens, and names spelt with a connector somewhere, whose
        # words may also be joined by "and", "&", "o" or "va".
        self.plain = Node()
        self.joined = Node()
        entries = list(entries)
        # One search per entry: a line break between spellings reads as the end of
        # one and the start of the next, so a connector is found in the whole as in a part.
        joins = {e.canonical: has_connector("\n".join((e.canonical, *e.variants))) for e in entries}
        for key, entry in owner.items():
            node = self.joined if joins[entry.canonical] else self.plain
            for word in key:
                child = node.children.get(word)
                if child is None:
                    child = node.children[word] = Node()
                node = child
            node.canonical = entry.canonical
        lower = lower_case_keys(entries)
        # Lower-case particles (``al-Qaida``) may open a name too. They are common
        # inside ordinary words, so they are only looked for when a text holds a word
        # that follows one in the table (``Qaida``).
        self.particle_next = frozenset(key[1] for key in lower if len(key) > 1)
        particles = "|".join(regex.escape(p) for p in sorted({key[0] for key in lower}))
        # Compiled on first use: only a text with a word that follows a particle needs it.
        # Whatever separates the words of a name (:data:`~.spelling.SEPARATOR`: any
        # blank, a hyphen or dash, an apostrophe) may follow a particle: a tab or a thin
        # space after one is a space to the matcher, as CW902 makes it.
        self.particles = Lazy(rf"{NOT_AFTER}(?:{particles})(?={SEPARATOR.pattern})") if particles else None
        self.words = WordCache()
        # Every second word of a name whose first word is in no connector entry:
        # what continues_at looks for, and what can make a one-word name longer.
        self.second = frozenset(
            key for first, node in self.plain.children.items() if first not in self.joined.children for key in node.children
        )
        # Whether to read each capitalised word with the word after it. Either way
        # gives the same result; reading pairs costs a slower scan and saves a look
        # at the word after each occurrence of a word that opens only longer names.
        # That pays in a table shaped like a large gazetteer, where many names open
        # with the same few words (New, North, Al, The), which are common in text.
        self.pairs = (
            sum(
                len(node.children)
                for word, node in self.plain.children.items()
                if node.canonical is None and word not in self.joined.children and len(node.children) >= SHARED_OPENER
            )
            > PAIRS_OVER
        )

    def learn(self, cache: "WordCache", words: Iterable[str]) -> None:
        """Sort words not seen before into ``cache`` (see :class:`WordCache`)."""
        plain = self.plain.children
        joined = self.joined.children
        for word in words:
            folded = first_key(word, plain, joined)
            if fold(word) in self.particle_next:
                cache.openers.add(word)
            if folded is None:
                cache.known[word] = None
                continue
            node = plain.get(folded)
            # Only multi-word names start with this word: an occurrence counts only
            # where the next word can continue one.
            multi_only = folded not in joined and node is not None and node.canonical is None
            (cache.inert if inert(word, folded, node, joined) else cache.active).add(word)
            if multi_only:
                cache.multi.add(word)
            elif node is not None and node.children and inert(word, folded, node, joined, True):
                cache.quiet[word] = node.children
                cache.quiet_words.add(word)
            # Last: a thread that finds the word known must find the sets above
            # complete (tables are shared between threads).
            cache.known[word] = (folded, node.children if multi_only else None)

    def learn_next(self, cache: "WordCache", words: Iterable[str]) -> None:
        """Record which of ``words`` may continue a multi-word name, and as which keys."""
        second = self.second
        for word in words:
            keys = {fold(word)}
            stem = possessive_stem(word)
            if stem is not None:
                keys.add(fold(stem))
            keys &= second
            if keys:
                cache.next_hits.add(word)
            cache.next_known[word] = keys or None  # last, as in learn


def lower_case_keys(entries: Iterable[Entry]) -> list[tuple[str, ...]]:
    """The keys of the spellings that start with a lower-case letter (``al-Qaida``):
    the first word of each is a particle."""
    return [name_key(s) for e in entries for s in (e.canonical, *e.variants) if s[:1].islower()]


class Node:
    """A trie node: the names that continue with each next word, and the name
    that ends here, if any."""

    __slots__ = ("children", "canonical")

    def __init__(self) -> None:
        self.children: dict[str, Node] = {}
        self.canonical: str | None = None


class WordCache:
    """What the index says about each capitalised word met so far.

    A document's words are looked up with set operations in C, so only words never
    seen before cost Python work: most documents repeat the words of earlier ones.

    ``known`` maps every word met to ``(folded, children)`` when a name of the table
    may start with it (``children`` set when only multi-word names do, so the next
    word must continue one), or to ``None``. ``active`` holds the words that may
    start a rewrite (``multi`` those of them that open only multi-word names);
    ``inert`` those that can only ever match themselves: a
    single-word name written exactly as its canonical form (``Tehran``, ``TEHRAN``),
    found by :meth:`VariantTable.find` but skipped by :meth:`VariantTable.rewrite`.
    ``quiet`` maps the active words that are such a name but also open longer names
    (``Tehran`` of ``Tehran Times``) to those names' next words: skipped too where no
    word that could continue one follows a capitalised word of the text.
    ``openers`` holds the words that may follow a lower-case particle (``Qaida``).
    ``next_known`` and ``next_hits`` say the same of words that follow a capitalised
    word: which keys of a multi-word name they may continue.

    A full cache is replaced by an empty one, never cleared in place, so a lookup
    that holds the old one stays consistent.
    """

    __slots__ = ("known", "active", "inert", "multi", "quiet", "quiet_words", "openers", "next_known", "next_hits")

    #: Words remembered before the cache starts over (a few megabytes).
    LIMIT = 1 << 15

    def __init__(self) -> None:
        self.known: dict[str, tuple[str, dict | None] | None] = {}
        self.active: set[str] = set()
        self.inert: set[str] = set()
        self.multi: set[str] = set()
        self.quiet: dict[str, dict] = {}
        self.quiet_words: set[str] = set()
        self.openers: set[str] = set()
        self.next_known: dict[str, set[str] | None] = {}
        self.next_hits: set[str] = set()


def inert(word: str, folded: str, node: "Node | None", joined: dict, longer: bool = False) -> bool:
    """Whether ``word`` can only match as itself, the unchanged canonical form.

    That is a one-word name with no longer name starting with it (with ``longer``:
    unless a longer one follows), in no connector entry, without a possessive
    ending, and already in the case style the canonical form would be written in.
    """
    return (
        node is not None
        and node.canonical is not None
        and (longer or not node.children)
        and folded not in joined
        and possessive_stem(word) is None
        and match_case(word, node.canonical) == word
    )


first_of = operator.itemgetter(0)


second_of = operator.itemgetter(1)


def drop_unfollowed(
    cache: "WordCache", index: "Index", multi: set, quiet: Iterable[str], starts: set, pairs: list
) -> tuple[str, ...]:
    """Remove from ``starts`` the words of ``multi`` and ``quiet`` (see
    :class:`WordCache`) that no next word continues, and return the next words
    that continue some name (``()`` if none).

    ``pairs`` are the text's capitalised words with the word after each. Where a
    word of ``multi`` opens a name, it ends where a capitalised word of ``pairs``
    ends (the one it starts, or one it ends: the same letters run on to the same
    end), so the word after it is among the words of ``pairs``. A word of ``multi``
    whose names none of those continues cannot open a name in this text; a word of
    ``quiet`` can then only match itself, unchanged.
    """
    nexts = set(map(second_of, pairs))
    unknown = nexts.difference(cache.next_known)
    if unknown:
        index.learn_next(cache, unknown)
    hits = nexts & cache.next_hits
    if not hits:
        starts.difference_update(multi)
        starts.difference_update(quiet)
        return ()
    continuing: set[str] = set()
    for word in hits:
        continuing |= cache.next_known[word]
    known = cache.known
    for word in multi:
        if known[word][1].keys().isdisjoint(continuing):
            starts.discard(word)
    for word in quiet:
        if cache.quiet[word].keys().isdisjoint(continuing):
            starts.discard(word)
    return tuple(hits)


def first_key(word: str, plain: dict, joined: dict) -> str | None:
    """The folded ``word`` if a name of the table may start with it, else ``None``."""
    folded = fold(word)
    if folded in plain or folded in joined:
        return folded
    stem = possessive_stem(word)
    if stem is not None and (fold(stem) in plain or fold(stem) in joined):
        return folded
    return None


def walk(
    root: Node, text: str, first_end: int, first: str, folded: str, joiner: regex.Pattern | None
) -> tuple[int, str] | None:
    """Follow the text's words down a trie from the word ``first``; the longest name found.

    A possessive ``'s`` may end a name (``Kiev's``, ``Shahbaz Sharif's``) and stays
    outside it.
    """
    node = root.children.get(folded)
    if node is None:
        stem = possessive_stem(first)
        stemmed = root.children.get(fold(stem)) if stem is not None else None
        if stemmed is not None and stemmed.canonical is not None:
            return first_end - 2, stemmed.canonical
        return None
    pos = first_end
    best = (pos, node.canonical) if node.canonical is not None else None
    while node.children:
        step = None
        for gap in (joiner, NEXT_WORD) if joiner is not None else (NEXT_WORD,):
            token = gap.match(text, pos)
            if token is None:
                continue
            word = token.group(1)
            child = node.children.get(fold(word))
            if child is not None:
                step = (child, token.end())
                break
            stem = possessive_stem(word)
            if stem is not None:
                child = node.children.get(fold(stem))
                if child is not None and child.canonical is not None:
                    return token.end() - 2, child.canonical
        if step is None:
            break
        node, pos = step
        if node.canonical is not None:
            best = (pos, node.canonical)
    return best
