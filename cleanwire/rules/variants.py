"""CW6xx, stage ``inline``: rewrite spelling variants of proper nouns to one form.

Tables map a canonical form to its variants (``cleanwire/data/variants/*.toml``, plus
the user's own). A spelling is compared by its *key*: its words, case-folded, with
apostrophes and soft hyphens dropped and the connectors ``and``/``&``/``o``/``va``
left out. So one entry covers ``Sistan-Baluchestan``, ``Sistan Baluchestan``,
``SISTAN-BALUCHESTAN`` and ``Sistan\\u00adBaluchestan``, and an entry whose
spellings use a connector also covers ``Sistan-o-Baluchestan`` and ``Sistan va
Baluchestan``.

Matching is by token index, not by one giant alternation: the text's capitalised
words are looked up in a dictionary of first tokens, and only on a hit are the
following tokens compared. The cost therefore grows with the text, barely with the
table. Each table caches what it learnt about every word it met, so a text's words
are compared with what is known by set operations, and only new words cost Python
work (:class:`_WordCache`); ``tests/reference.py`` holds the plain matcher the tests
compare with. The longest entry wins, and an entry must match in full, so
``Shahbaz Sharif`` is rewritten while ``Shahbaz Taseer`` is left alone.

Policy, in short:

* a match starts with a capital letter (or a lower-case particle such as ``al-``
  that a table spelling starts with) and contains one; all-lower-case text is left
  alone, because lower-case names are mostly slugs, code or ordinary words;
* ALL CAPS stays ALL CAPS; otherwise the canonical form is written as in the table,
  except that a capital first letter is kept (``Al-Qaida`` opens a sentence);
* nothing inside a URL, e-mail address, ``@handle`` or ``#hashtag`` changes, and a
  match never starts inside a hyphenated or dotted word;
* text outside a match never changes, and canonical forms are fixed points.
"""

from __future__ import annotations

import bisect
import functools
import gc
import operator
import unicodedata
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Mapping, NamedTuple

import regex

from ..datafiles import load_packaged_toml, packaged_toml_files
from ..chars import NON_NAME_SPACES, char_class
from ..model import ALWAYS, ChangeLog, Edit, Example, Rule, Stage, View

_LETTERS = r"[\p{L}\p{M}\p{N}]"
#: Joins the pieces of one word: a soft hyphen (``Baluch\u00adistan``) or an
#: apostrophe (``Sana'a``, ``Khamene'i``, the possessive ``Kiev's``).
_INNER = r"(?:\u00ad+|['’`])"
_BODY = rf"{_LETTERS}+(?:{_INNER}{_LETTERS}+)*"

#: One word of a name.
TOKEN = regex.compile(_BODY)
#: Blanks that may stand between two words of one name (never a line break).
_BLANK = r"[ \t\u00a0\u2007\u2009\u202f\u00ad]"
#: What may stand between two words of one name: blanks, or a hyphen with optional
#: blanks around it; a word-final apostrophe too (Peoples' Party, Shia' al-Sudani).
SEPARATOR = regex.compile(rf"{_BLANK}*[-‐‑–]{_BLANK}*|(?<=\p{{L}})['’]{_BLANK}+|{_BLANK}+")
#: A connector between two words, for entries spelt with one:
#: ``Sistan-o-Baluchistan``, ``Sistan va Baluchestan``, ``Jammu & Kashmir``.
JOINER = regex.compile(
    rf"(?:{_BLANK}*[-‐‑]{_BLANK}*|{_BLANK}+)(?:and|o|va)(?:{_BLANK}*[-‐‑]{_BLANK}*|{_BLANK}+)|{_BLANK}*&{_BLANK}*",
    regex.IGNORECASE,
)
#: A separator and the word after it, in one match (group 1 is the word).
NEXT_WORD = regex.compile(rf"(?:{SEPARATOR.pattern})({_BODY})")
#: A connector and the word after it, in one match (group 1 is the word).
NEXT_JOINED = regex.compile(rf"(?:{JOINER.pattern})({_BODY})", regex.IGNORECASE)
#: Words that are dropped from keys because they are written as joiners.
CONNECTORS = frozenset({"and", "o", "va"})
_CONNECTOR_WORD = regex.compile(
    r"&|(?<![\p{L}\p{M}\p{N}'’`\u00ad])(?:and|o|va)(?![\p{L}\p{M}\p{N}'’`\u00ad])", regex.IGNORECASE
)

#: A name never starts right after these: inside a word, a path, a domain, a handle,
#: a hashtag, or after a hyphen or apostrophe that continues a word (``pro-Kiev``
#: stays as written; ``O'Brien`` is one word).
_NOT_AFTER = r"(?<![\p{L}\p{M}\p{N}_@#/\\.&\u00ad])(?<![\p{L}\p{M}\p{N}]['’`\-‐‑])"
#: The capitalised words of a text, where a name may start. What precedes a word
#: (:data:`_NOT_AFTER`) is tested later by :func:`_may_start`, only for the few
#: words that open a name of the table.
_CAPITALISED_WORD = regex.compile(rf"\p{{Lu}}[\p{{L}}\p{{M}}\p{{N}}]*(?:{_INNER}{_LETTERS}+)*")
#: The same words, each with the word after it (or ``""``): ``[("The", "Hague"),
#: ...]``. One scan tells which words that open only multi-word names are followed
#: by a word that can continue one. Any run of separator characters is taken
#: (cheaper than :data:`SEPARATOR`): where :data:`NEXT_WORD` finds a word, this
#: finds the same one, since no separator character is a letter.
_CAPITALISED_PAIR = regex.compile(
    rf"({_CAPITALISED_WORD.pattern})(?=[ \t\u00a0\u2007\u2009\u202f\u00ad\-‐‑–'’]+({_BODY})|)"
)
#: Characters the two Unicode databases in play (the ``regex`` engine's and
#: Python's ``unicodedata``, which :func:`_may_start` uses) might disagree about:
#: no character that one calls a letter, mark or digit and the other does not lies
#: below U+0530, in General Punctuation (U+2000-U+206F) or among the currency
#: signs (U+20A0-U+20CF); ``tests/test_variants_speedpath.py`` checks this. Without them,
#: every place a name may start is the start of one of the text's capitalised
#: words, so what matches on a line depends on that line alone.
#: Whitespace that no separator of a name accepts (line breaks aside).
_NON_SEPARATOR_SPACE = regex.compile(char_class(NON_NAME_SPACES))
_NON_NAME_SPACES = frozenset(NON_NAME_SPACES)
_UNICODE_VERSION_RISK = regex.compile(r"[^\x00-\u052f\u2000-\u206f\u20a0-\u20cf]")

#: Spans where nothing is rewritten.
PROTECTED = regex.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+"  # URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|[@#][\p{L}\p{M}\p{N}_]+"  # handles and hashtags
    r"|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S*",  # bare domains with a path
    regex.IGNORECASE,
)

_DROP = str.maketrans("", "", "\u00ad'’`ʼ")
#: A word of a name once apostrophes and soft hyphens are gone.
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_APOSTROPHES = "'’`"


class Rewrite(NamedTuple):
    """What :meth:`VariantTable.rewrite_spans` did to a text."""

    #: the rewritten text (the text itself when nothing changed)
    text: str
    #: the ``(start, end)`` of each replacement in ``text``
    written: tuple[tuple[int, int], ...]
    #: whether lower-case particles were looked for, which ties the text's lines together
    particles: bool


class VariantConflict(ValueError):
    """A variant table cannot be used: two entries clash, or one is malformed.

    The message names the entries involved and the table each comes from, so the
    command line can report it as a configuration error.
    """


#: The same error under the name that says what it covers.
VariantTableError = VariantConflict


def fold(word: str) -> str:
    """The comparable form of one word.

    >>> fold("Sana'a"), fold("Baluch\\u00adistan"), fold("STRASSE")
    ('sanaa', 'baluchistan', 'strasse')
    """
    if word.isascii() and word.isalnum():  # the common case: nothing to drop
        return word.casefold()
    return word.translate(_DROP).casefold()


@functools.lru_cache(maxsize=1 << 17)
def name_key(name: str) -> tuple[str, ...]:
    """The comparable form of a name: its folded words, connectors left out.

    >>> name_key("Sistan-o-Baluchistan")
    ('sistan', 'baluchistan')
    >>> name_key("Tehreek-e-Insaf")
    ('tehreek', 'e', 'insaf')
    """
    return tuple(w for w in _WORD.findall(fold(name)) if w not in CONNECTORS)


def has_connector(name: str) -> bool:
    """Whether a spelling joins its words with ``and``, ``&``, ``o`` or ``va``.

    >>> has_connector("Sistan and Baluchistan"), has_connector("Sistan-Baluchestan")
    (True, False)
    """
    return _CONNECTOR_WORD.search(name) is not None


def match_case(found: str, canonical: str) -> str:
    """Write ``canonical`` in the case style of ``found``.

    ALL CAPS stays ALL CAPS; a capital first letter stays capital; otherwise the
    canonical form is written as in the table.

    >>> match_case("SISTAN-BALUCHESTAN", "Sistan and Baluchistan")
    'SISTAN AND BALUCHISTAN'
    >>> match_case("Sistan-baluchestan", "Sistan and Baluchistan")
    'Sistan and Baluchistan'
    >>> match_case("Al Qaida", "al-Qaeda")
    'Al-Qaeda'
    """
    letters = [c for c in found if c.isupper() or c.islower()]  # cased letters only
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return canonical.upper()
    if found[:1].isupper() and canonical[:1].islower():
        return canonical[:1].upper() + canonical[1:]
    return canonical


@dataclass(frozen=True)
class Entry:
    """One entity: its canonical form, its variant spellings and why that form."""

    canonical: str
    variants: tuple[str, ...]
    kind: str = ""
    note: str = ""
    source: str = ""

    @property
    def label(self) -> str:
        return f"{self.canonical!r} ({self.source or 'table'})"


#: A word that opens this many names of a table, and no name on its own, is a shared
#: opener: ``North`` of ``North Waziristan``, ``North Carolina``, ...
SHARED_OPENER = 20
#: A table in which more names than this start with a shared opener reads a text's
#: capitalised words in pairs (see :class:`_Index`). In the packaged tables, 21 do;
#: in a generated 20,000-entry gazetteer, about 20,000.
PAIRS_OVER = 200


class _Index:
    """What matching needs, built from a table's entries."""

    __slots__ = ("plain", "joined", "particle_next", "particles", "words", "second", "pairs")

    def __init__(self, table: "VariantTable") -> None:
        # Two tries keyed by folded words: names whose words are only ever separated
        # by blanks or hyphens, and names spelt with a connector somewhere, whose
        # words may also be joined by "and", "&", "o" or "va".
        self.plain = _Node()
        self.joined = _Node()
        entries = table.entries.values()
        joins = {e.canonical: any(has_connector(s) for s in (e.canonical, *e.variants)) for e in entries}
        for key, entry in table._owner.items():
            node = self.joined if joins[entry.canonical] else self.plain
            for word in key:
                child = node.children.get(word)
                if child is None:
                    child = node.children[word] = _Node()
                node = child
            node.canonical = entry.canonical
        lower = [name_key(s) for e in entries for s in (e.canonical, *e.variants) if s[:1].islower()]
        # Lower-case particles (``al-Qaida``) may open a name too. They are common
        # inside ordinary words, so they are only looked for when a text holds a word
        # that follows one in the table (``Qaida``).
        self.particle_next = frozenset(key[1] for key in lower if len(key) > 1)
        particles = "|".join(regex.escape(p) for p in sorted({key[0] for key in lower}))
        self.particles = regex.compile(rf"{_NOT_AFTER}(?:{particles})(?=[-‐‑ \u00a0])") if particles else None
        self.words = _WordCache()
        # Every second word of a name whose first word is in no connector entry:
        # what _continues_at looks for, and what can make a one-word name longer.
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

    def learn(self, cache: "_WordCache", words: Iterable[str]) -> None:
        """Sort words not seen before into ``cache`` (see :class:`_WordCache`)."""
        plain = self.plain.children
        joined = self.joined.children
        for word in words:
            folded = _first_key(word, plain, joined)
            if fold(word) in self.particle_next:
                cache.openers.add(word)
            if folded is None:
                cache.known[word] = None
                continue
            node = plain.get(folded)
            # Only multi-word names start with this word: an occurrence counts only
            # where the next word can continue one.
            multi_only = folded not in joined and node is not None and node.canonical is None
            (cache.inert if _inert(word, folded, node, joined) else cache.active).add(word)
            if multi_only:
                cache.multi.add(word)
            elif node is not None and node.children and _inert(word, folded, node, joined, True):
                cache.quiet[word] = node.children
                cache.quiet_words.add(word)
            # Last: a thread that finds the word known must find the sets above
            # complete (tables are shared between threads).
            cache.known[word] = (folded, node.children if multi_only else None)

    def learn_next(self, cache: "_WordCache", words: Iterable[str]) -> None:
        """Record which of ``words`` may continue a multi-word name, and as which keys."""
        second = self.second
        for word in words:
            keys = {fold(word)}
            stem = _possessive_stem(word)
            if stem is not None:
                keys.add(fold(stem))
            keys &= second
            if keys:
                cache.next_hits.add(word)
            cache.next_known[word] = keys or None  # last, as in learn


class _Node:
    """A trie node: the names that continue with each next word, and the name
    that ends here, if any."""

    __slots__ = ("children", "canonical")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.canonical: str | None = None


class _WordCache:
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


def _inert(word: str, folded: str, node: "_Node | None", joined: dict, longer: bool = False) -> bool:
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
        and _possessive_stem(word) is None
        and match_case(word, node.canonical) == word
    )


def _check_entry(entry: Entry) -> None:
    if not isinstance(entry.canonical, str) or not name_key(entry.canonical):
        raise VariantConflict(f"{entry.source or 'table'}: canonical form {entry.canonical!r} has no letters")
    if "\n" in entry.canonical:
        raise VariantConflict(f"{entry.source or 'table'}: canonical form {entry.canonical!r} spans lines")
    for variant in entry.variants:
        if not isinstance(variant, str) or not name_key(variant):
            raise VariantConflict(f"variant {variant!r} of {entry.label} has no letters")


class VariantTable:
    """An index from variant spellings to canonical forms.

    >>> table = VariantTable([Entry("Shehbaz Sharif", ("Shahbaz Sharif",))])
    >>> table.rewrite("Shahbaz Sharif met Shahbaz Taseer.")
    'Shehbaz Sharif met Shahbaz Taseer.'
    """

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        # Building a large table creates many small objects that live as long as the
        # table; pausing the cyclic collector meanwhile halves the build time.
        paused = gc.isenabled()
        gc.disable()
        try:
            self._init(entries)
        finally:
            if paused:
                gc.enable()

    def _init(self, entries: Iterable[Entry]) -> None:
        self.entries: dict[str, Entry] = {}
        for entry in entries:
            _check_entry(entry)
            previous = self.entries.get(entry.canonical)
            if previous is not None:
                raise VariantConflict(f"{entry.label} is listed twice: also in {previous.source or 'table'}")
            self.entries[entry.canonical] = entry
        self._owner: dict[tuple[str, ...], Entry] = {}
        self._check()
        # The matching index is built on first use: a table that is only merged into
        # another (a user table on top of the packaged one) never needs its own.
        self._index: _Index | None = None
        self._written: frozenset[str] | None = None

    def __reduce__(self):
        return (VariantTable, (tuple(self.entries.values()),))

    def written_characters(self) -> frozenset[str]:
        """Every character a rewrite can write: those of each canonical form in the
        case styles :func:`match_case` writes it in. A rewrite replaces names by
        these and leaves every other character of the text as it was.

        >>> sorted(VariantTable([Entry("Kyiv", ("Kiev",))]).written_characters())
        ['I', 'K', 'V', 'Y', 'i', 'v', 'y']
        """
        written = self._written
        if written is None:
            chars: set[str] = set()
            for canonical in self.entries:
                chars.update(canonical, canonical.upper(), canonical[:1].upper())
            written = self._written = frozenset(chars)
        return written

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, canonical: str) -> bool:
        return canonical in self.entries

    def _check(self) -> None:
        """Map every key to its entry, raising :class:`VariantConflict` on a clash."""
        owner = self._owner
        # Canonical forms first, so that a variant that is another entry's canonical
        # form is reported as such.
        for entry in self.entries.values():
            key = name_key(entry.canonical)
            other = owner.get(key)
            if other is not None:
                raise VariantConflict(
                    f"canonical forms {other.label} and {entry.label} are the same name "
                    "up to case and separators"
                )
            owner[key] = entry
        canonical_keys = set(owner)
        for entry in self.entries.values():
            own = name_key(entry.canonical)
            for variant in entry.variants:
                key = name_key(variant)
                if key == own:
                    continue
                other = owner.get(key)
                if other is not None and other is not entry:
                    if key in canonical_keys:
                        raise VariantConflict(
                            f"variant {variant!r} of {entry.label} is the canonical form of another entry, {other.label}"
                        )
                    raise VariantConflict(f"variant {variant!r} is listed under both {other.label} and {entry.label}")
                owner[key] = entry

    def _built(self) -> "_Index":
        index = self._index
        if index is None:
            paused = gc.isenabled()
            gc.disable()
            try:
                # Two threads may both get here; they build equal indexes, and either
                # one is fine to keep.
                index = self._index = _Index(self)
            finally:
                if paused:
                    gc.enable()
        return index

    # -- combining --------------------------------------------------------------------

    def merged(self, other: "VariantTable") -> "VariantTable":
        """A table in which ``other``'s entries override this one's.

        An entry of ``other`` with the same canonical form adds its variants to this
        one's; a spelling that ``other`` claims is taken away from this table's
        entries; an entry whose canonical form ``other`` lists as a variant is dropped.

        >>> base = VariantTable([Entry("Kyiv", ("Kiev",))])
        >>> sorted(base.merged(VariantTable([Entry("Kiev", ("Kyiv",))])).entries)
        ['Kiev']
        """
        claimed = set()
        claimed_variants = set()
        for entry in other.entries.values():
            claimed.add(name_key(entry.canonical))
            for variant in entry.variants:
                claimed.add(name_key(variant))
                claimed_variants.add(name_key(variant))
        entries: dict[str, Entry] = {}
        by_key: dict[tuple[str, ...], str] = {}
        for entry in self.entries.values():
            key = name_key(entry.canonical)
            if key in claimed_variants:
                continue
            kept = tuple(v for v in entry.variants if name_key(v) not in claimed)
            entries[entry.canonical] = Entry(entry.canonical, kept, entry.kind, entry.note, entry.source)
            by_key[key] = entry.canonical
        for entry in other.entries.values():
            same = by_key.get(name_key(entry.canonical))
            mine = entries.pop(same) if same is not None else None
            if mine is not None:
                variants = tuple(dict.fromkeys(entry.variants + mine.variants))
                entry = Entry(entry.canonical, variants, entry.kind or mine.kind, entry.note or mine.note, entry.source)
            entries[entry.canonical] = entry
        return VariantTable(entries.values())

    # -- matching ---------------------------------------------------------------------

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Yield ``(start, end, canonical)`` for each name of the table in ``text``.

        >>> list(VariantTable([Entry("Kyiv", ("Kiev",))]).find("Kiev's mayor, @Kiev"))
        [(0, 4, 'Kyiv')]
        """
        return self._find(text, True)

    def _find(
        self, text: str, every: bool, particles_seen: list | None = None
    ) -> Iterator[tuple[int, int, str]]:
        """:meth:`find`; without ``every``, names that can only match their own
        unchanged canonical form (:class:`_WordCache`) are not looked at.

        Leaving them out changes no rewrite: such a match replaces a word by itself,
        and no other match can start inside that word. ``particles_seen`` gets an
        item when lower-case particles were looked for (a word of the text may
        follow one), which makes the text's lines depend on each other.
        """
        index = self._built()
        if not index.plain.children and not index.joined.children:
            return
        cache = index.words
        if len(cache.known) + len(cache.next_known) > cache.LIMIT:
            cache = index.words = _WordCache()
        # Most texts hold no name of the table: decide that from the distinct
        # capitalised words alone, by set operations against the words met before.
        pairs = _CAPITALISED_PAIR.findall(text) if index.pairs else None
        words = set(_CAPITALISED_WORD.findall(text)) if pairs is None else set(map(_first, pairs))
        unknown = words.difference(cache.known)
        if unknown:
            index.learn(cache, unknown)
        particles = None
        if index.particles is not None and not words.isdisjoint(cache.openers):
            if particles_seen is not None:
                particles_seen.append(True)
            particles = set(index.particles.findall(text))
            unknown = particles.difference(cache.known)
            if unknown:
                index.learn(cache, unknown)
            words |= particles
        starts = words & cache.active
        if every:
            starts |= words & cache.inert
        if not starts:
            return
        known = cache.known
        # Words that open only multi-word names ("The" of "The Hague") count only
        # where the next word continues one; with a table that holds many, most
        # capitalised words are such, and most of their occurrences are not
        # followed by the rest of a name.
        multi = starts & cache.multi
        if particles:
            # A particle (al-) is no capitalised word: the pairs say nothing of it.
            multi -= particles
        followers: tuple[str, ...] | None = None
        if pairs is not None:
            quiet = () if every else starts & cache.quiet_words
            if particles and quiet:
                quiet -= particles
            if multi or quiet:
                followers = _drop_unfollowed(cache, index, multi, quiet, starts, pairs)
                if not starts:
                    return
        # Visit only the occurrences of those words, and only where the name can go
        # on: most occurrences of a word that opens a multi-word name are not
        # followed by the rest of it ("The" without "Hague").
        size = len(text)
        found_at = []
        find = text.find
        for word in starts:
            folded, children = known[word]
            # Only a capitalised word's next word is among the pairs' (not a particle's).
            followed = followers is not None and children is not None and not (particles and word in particles)
            length = len(word)
            i = find(word)
            while i >= 0:
                after = i + length
                following = text[after] if after < size else ""
                if followed:
                    # The word after this one, if any, starts after the separator
                    # characters; it can continue a name only if it is one of the
                    # text's words that continue some name (a C-level test first).
                    j = after
                    while j < size and text[j] in _SEPARATOR_CHARS:
                        j += 1
                    if not text.startswith(followers, j):
                        i = find(word, after)
                        continue
                if not following.isalnum() and (children is None or _continues_at(children, text, after, following)):
                    # The whole word, not the start of a longer one (Sana for
                    # Sana'a), at a place where a name may start.
                    if TOKEN.match(text, i).end() == after and _may_start(text, i):
                        found_at.append((i, after, word, folded))
                i = find(word, after)
        if found_at:
            yield from self._resolve(text, found_at)

    def _resolve(self, text: str, found_at: list) -> Iterator[tuple[int, int, str]]:
        """The names that start at ``found_at`` (``(start, first_end, word, folded)``),
        left to right, each the longest the table knows, none overlapping."""
        found_at.sort()
        protected: list[tuple[int, int]] | None = None
        pos = 0
        for start, first_end, word, folded in found_at:
            if start < pos:
                continue
            hit = self._longest(text, first_end, word, folded)
            if hit is None:
                continue
            end, canonical = hit
            found = text[start:end]
            if not any(c.isupper() for c in found) or self._continues(text, end):
                continue
            if protected is None:
                protected = _protected_spans(text)
            if _overlaps(protected, start, end):
                continue
            pos = end
            yield start, end, canonical

    @staticmethod
    def _continues(text: str, end: int) -> bool:
        """Whether the name at ``text[:end]`` runs on into an address or identifier."""
        if end >= len(text):
            return False
        after = text[end]
        if after in "_@":
            return True
        return after == "." and end + 1 < len(text) and text[end + 1].isalnum()

    def _longest(self, text: str, first_end: int, word: str, folded: str) -> tuple[int, str] | None:
        """End and canonical form of the longest name of the table that starts with
        ``word`` (ending at ``first_end``)."""
        index = self._built()
        best = _walk(index.plain, text, first_end, word, folded, None)
        if folded in index.joined.children or _possessive_stem(word) is not None:
            other = _walk(index.joined, text, first_end, word, folded, NEXT_JOINED)
            if other is not None and (best is None or other[0] > best[0]):
                best = other
        return best

    def rewrite(self, text: str, on_change=None) -> str:
        """Replace every name found by its canonical form, in the found case style.

        ``on_change(start, found, new)`` is called for each replacement.

        >>> VariantTable([Entry("Kyiv", ("Kiev",))]).rewrite("KIEV and Kiev's mayor")
        "KYIV and Kyiv's mayor"
        """
        return self.rewrite_spans(text, on_change).text

    def rewrite_spans(self, text: str, on_change=None) -> "Rewrite":
        """:meth:`rewrite`, with what :meth:`settled` needs to know about it."""
        pieces = []
        last = 0
        written = []  # (start, end) of each replacement in the output
        size = 0
        particles_seen: list = []
        for start, end, canonical in self._find(text, False, particles_seen):
            found = text[start:end]
            new = match_case(found, canonical)
            if new == found:
                continue
            if on_change is not None:
                on_change(start, found, new)
            size += start - last
            written.append((size, size + len(new)))
            size += len(new)
            pieces.append(text[last:start])
            pieces.append(new)
            last = end
        if not pieces:
            return Rewrite(text, (), bool(particles_seen))
        pieces.append(text[last:])
        return Rewrite("".join(pieces), tuple(written), bool(particles_seen))

    def settled(self, rewrite: "Rewrite") -> bool:
        """Whether :meth:`rewrite` is known to leave the text of ``rewrite`` (what it
        returned) as it is, from a look at the lines it wrote in only. ``False`` means
        "not known", not "it would change".

        A name never crosses a line break, and what else the text holds cannot change
        what matches on a line, except through lower-case particles (a word on one
        line lets ``al-`` open names on every line; such texts are not judged here)
        and characters the two Unicode databases might disagree about
        (:data:`_UNICODE_VERSION_RISK`). The other lines were left as they were by
        the rewrite, so a second one leaves them too; it remains to look at the
        lines written in.

        >>> table = VariantTable([Entry("Kyiv", ("Kiev",))])
        >>> table.settled(table.rewrite_spans("Kiev said.\\nNothing else."))
        True
        """
        text = rewrite.text
        if not rewrite.written:
            return True
        if rewrite.particles or _UNICODE_VERSION_RISK.search(text):
            return False
        done = -1
        for start, _ in rewrite.written:
            first = text.rfind("\n", 0, start) + 1
            if first <= done:
                continue  # this line was looked at already
            done = text.find("\n", start)
            if done < 0:
                done = len(text)
            if not self._line_settled(text[first:done]):
                return False
        return True

    def _line_settled(self, line: str) -> bool:
        """Whether a rewrite of ``line`` alone changes nothing, without particles."""
        particles_seen: list = []
        for begin, end, canonical in self._find(line, False, particles_seen):
            found = line[begin:end]
            if match_case(found, canonical) != found:
                return False
        return not particles_seen

    def settled_after_tidy(self, before: str, after: str) -> bool:
        """Whether :meth:`rewrite` leaves ``after`` as it is, given that it leaves
        ``before`` as it is and that ``after`` is ``before`` with whitespace inside or
        at the ends of some lines changed (CW901, CW902). ``False`` means "not known".

        Names never cross a line break, so an unchanged line matches as it did,
        and only the changed lines need a look. What could make lines depend on
        each other is ruled out first: a lower-case particle anywhere in ``after``
        (a word on one line lets it open names on another), and characters the two
        Unicode databases might disagree about. Of the changed lines, only those
        that held whitespace a separator does not accept (an em space, say) need
        matching again: every other change (edge spaces stripped, a run of
        separator spaces made one space) happens where a separator, a line's edge
        or the space before a word already stood, and reads the same to a name. A
        name of ``before`` held no such run, or the rewrite would have changed it.

        >>> table = VariantTable([Entry("Kyiv", ("Kiev",))])
        >>> before = table.rewrite("Kiev  said.\\nNothing\\u00a0else.")
        >>> table.settled_after_tidy(before, "Kyiv said.\\nNothing else.")
        True
        """
        index = self._built()
        if index.particles is not None and index.particles.search(after):
            return False
        if _UNICODE_VERSION_RISK.search(after):
            return False
        old_lines, new_lines = before.split("\n"), after.split("\n")
        if len(old_lines) != len(new_lines):
            return False
        for old, line in zip(old_lines, new_lines):
            if old == line or _NON_SEPARATOR_SPACE.search(old) is None:
                continue
            if not self._line_settled(line):
                return False
        return True


_first = operator.itemgetter(0)
_second = operator.itemgetter(1)


def _drop_unfollowed(
    cache: "_WordCache", index: "_Index", multi: set, quiet: Iterable[str], starts: set, pairs: list
) -> tuple[str, ...]:
    """Remove from ``starts`` the words of ``multi`` and ``quiet`` (see
    :class:`_WordCache`) that no next word continues, and return the next words
    that continue some name (``()`` if none).

    ``pairs`` are the text's capitalised words with the word after each. Where a
    word of ``multi`` opens a name, it ends where a capitalised word of ``pairs``
    ends (the one it starts, or one it ends: the same letters run on to the same
    end), so the word after it is among the words of ``pairs``. A word of ``multi``
    whose names none of those continues cannot open a name in this text; a word of
    ``quiet`` can then only match itself, unchanged.
    """
    nexts = set(map(_second, pairs))
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


def _first_key(word: str, plain: dict, joined: dict) -> str | None:
    """The folded ``word`` if a name of the table may start with it, else ``None``."""
    folded = fold(word)
    if folded in plain or folded in joined:
        return folded
    stem = _possessive_stem(word)
    if stem is not None and (fold(stem) in plain or fold(stem) in joined):
        return folded
    return None


#: Characters that can follow the first word of a multi-word name.
_SEPARATOR_CHARS = frozenset(" \t\u00a0\u2007\u2009\u202f\u00ad-‐‑–'’")


def _continues_at(children: dict, text: str, pos: int, following: str) -> bool:
    """Whether the word after ``text[pos]`` is one of ``children`` (folded)."""
    if following not in _SEPARATOR_CHARS:
        return False
    token = NEXT_WORD.match(text, pos)
    if token is None:
        return False
    after = token.group(1)
    if (after.casefold() if after.isascii() and after.isalnum() else fold(after)) in children:
        return True
    stem = _possessive_stem(after)
    return stem is not None and fold(stem) in children


_NO_START_AFTER = frozenset("_@#/\\.&\u00ad")
_JOINS_WORDS = frozenset("'’`-‐‑")


def _continues_word(char: str) -> bool:
    """Whether ``char`` right after a word means the word goes on."""
    return char.isalnum() or unicodedata.category(char) in ("Mn", "Mc", "Me")


def _may_start(text: str, i: int) -> bool:
    """Whether a name may start at ``text[i]``, judging by what precedes it.

    The same test as the lookbehinds of :data:`_NOT_AFTER`, without a regex call.
    """
    if i == 0:
        return True
    before = text[i - 1]
    if before.isalnum() or before in _NO_START_AFTER or _continues_word(before):
        return False
    if before in _JOINS_WORDS and i >= 2 and (text[i - 2].isalnum() or _continues_word(text[i - 2])):
        return False
    return True


def _possessive_stem(word: str) -> str | None:
    """``Kiev`` for ``Kiev's``; ``None`` for a word without a possessive ending."""
    if word[-2:-1] in _APOSTROPHES and word[-1:] in "sS":
        return word[:-2]
    return None


def _walk(
    root: _Node, text: str, first_end: int, first: str, folded: str, joiner: regex.Pattern | None
) -> tuple[int, str] | None:
    """Follow the text's words down a trie from the word ``first``; the longest name found.

    A possessive ``'s`` may end a name (``Kiev's``, ``Shahbaz Sharif's``) and stays
    outside it.
    """
    node = root.children.get(folded)
    if node is None:
        stem = _possessive_stem(first)
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
            stem = _possessive_stem(word)
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


def _protected_spans(text: str) -> list[tuple[int, int]]:
    if not any(mark in text for mark in ("@", "#", "/", "www.")):
        return []
    return [m.span() for m in PROTECTED.finditer(text)]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(spans, (end,))
    return i > 0 and spans[i - 1][1] > start


# -- tables -------------------------------------------------------------------------

_RESERVED = ("entity", "kind", "description", "opt_in")


def entries_from_table(table: Mapping, source: str) -> list[Entry]:
    """Read entries from a parsed variants TOML document.

    Two shapes are accepted: ``[[entity]]`` records with ``canonical``, ``variants``,
    ``kind`` and ``note``; or plain keys ``"Canonical" = ["variant", ...]``.

    >>> entries_from_table({"Kyiv": ["Kiev"]}, "x.toml")
    [Entry(canonical='Kyiv', variants=('Kiev',), kind='', note='', source='x.toml')]
    """
    entries = []
    default_kind = table.get("kind", "")
    records = table.get("entity", [])
    if not isinstance(records, list):
        raise VariantConflict(f"{source}: 'entity' must be an array of tables ([[entity]])")
    for number, record in enumerate(records, 1):
        where = f"{source}: entity {number}"
        if not isinstance(record, dict) or not isinstance(record.get("canonical"), str):
            raise VariantConflict(f"{where}: needs a 'canonical' string")
        unknown = set(record) - {"canonical", "variants", "kind", "note"}
        if unknown:
            raise VariantConflict(f"{where} ({record['canonical']!r}): unknown keys {sorted(unknown)}")
        variants = record.get("variants", [])
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            raise VariantConflict(f"{where} ({record['canonical']!r}): 'variants' must be a list of strings")
        for key in ("kind", "note"):
            if not isinstance(record.get(key, ""), str):
                raise VariantConflict(f"{where} ({record['canonical']!r}): {key!r} must be a string")
        entries.append(
            Entry(record["canonical"], tuple(variants), record.get("kind", default_kind), record.get("note", ""), source)
        )
    for canonical, variants in table.items():
        if canonical in _RESERVED:
            continue
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            raise VariantConflict(f"{source}: {canonical!r} must map to a list of variant strings")
        entries.append(Entry(canonical, tuple(variants), default_kind, "", source))
    return entries


def table_from_mapping(mapping: Mapping[str, Iterable[str]], source: str = "configuration") -> VariantTable:
    """A table from ``{"Canonical": ["variant", ...]}``, as users write it."""
    entries = []
    for canonical, variants in mapping.items():
        if isinstance(variants, str):
            raise VariantConflict(f"{source}: {canonical!r} must map to a list of variants, not a string")
        entries.append(Entry(canonical, tuple(variants), "", "", source))
    return VariantTable(entries)


def packaged_table_names() -> list[str]:
    """Names of the packaged tables (``places``, ``contested``, ...)."""
    prefix = "variants/"
    return [name[len(prefix) : -len(".toml")] for name in packaged_toml_files() if name.startswith(prefix)]


def load_packaged_entries(name: str) -> tuple[list[Entry], bool]:
    """The entries of one packaged table, and whether it is opt-in."""
    known = packaged_table_names()
    if name not in known:
        raise VariantConflict(f"no packaged variant table {name!r}; known: {', '.join(known)}")
    source = f"cleanwire/data/variants/{name}.toml"
    try:
        table = load_packaged_toml(f"variants/{name}.toml")
    except ValueError as exc:  # tomllib.TOMLDecodeError
        raise VariantConflict(f"{source}: invalid TOML: {exc}") from None
    return entries_from_table(table, source), bool(table.get("opt_in", False))


def default_table() -> VariantTable:
    """Every packaged table that is not opt-in, as one table."""
    entries: list[Entry] = []
    for name in packaged_table_names():
        loaded, opt_in = load_packaged_entries(name)
        if not opt_in:
            entries.extend(loaded)
    return VariantTable(entries)


def opt_in_table(names: Iterable[str]) -> VariantTable:
    """The named packaged tables (opt-in or not), as one table."""
    entries: list[Entry] = []
    for name in names:
        entries.extend(load_packaged_entries(name)[0])
    return VariantTable(entries)


@dataclass(frozen=True, eq=False)
class VariantRule(Rule):
    """Rewrites the names of a :class:`VariantTable` (the packaged default if none)."""

    table: VariantTable | None = None

    def apply(self, text: str, log: ChangeLog | None = None) -> str:
        return self.run(text, log)[0]

    def run(self, text: str, log: ChangeLog | None = None, found: frozenset | None = None):
        table = self.table if self.table is not None else _default()
        # A rewrite can complete a longer name of the table (a variant that becomes
        # the first words of another entry); a second look makes the rule idempotent.
        for _ in range(3):
            if log is None:
                done = table.rewrite_spans(text)
            else:
                current = text
                done = table.rewrite_spans(
                    text, lambda start, found, new: log.add(self, log.line_at(current, start), found, new)
                )
            if done.text == text:
                return text, self.reads
            text = done.text
            if table.settled(done):
                return text, self.reads
        return text, None  # three rounds and still rewriting: the pipeline asks again

    def still_settled(self, edit: Edit, view: View) -> bool:
        """After an edit of whitespace only (line keys kept), the names read the same
        unless a whitespace character no separator of a name accepts turned into one
        that does (an em space into a plain space joins two words into a name)."""
        if View.KEYS not in edit.kept:
            return False
        if edit.found is not None and edit.found.isdisjoint(_NON_NAME_SPACES):
            return True
        table = self.table if self.table is not None else _default()
        return table.settled_after_tidy(edit.before, edit.after)

    def configured(self, options: Mapping) -> "VariantRule":
        """With the table the options ask for (``variants``, ``variant_tables``), and
        the characters a rewrite with it can write."""
        table = table_for(options) or self.table or _default()
        return replace(self, table=table, writes="".join(sorted(table.written_characters())))


def table_for(options: Mapping) -> VariantTable | None:
    """The table of ``options``: the packaged default, with the opt-in tables named by
    ``variant_tables`` and the user's ``variants`` on top; None when they name none."""
    user = options.get("variants")
    tables = options.get("variant_tables")
    if not user and not tables:
        return None
    table = _default()
    if tables:
        table = table.merged(opt_in_table(tables))
    if user:
        table = table.merged(table_from_mapping(user, options.get("source", "configuration")))
    return table


_DEFAULT: list[VariantTable] = []


def _default() -> VariantTable:
    # Built on first use and never mutated afterwards, so sharing it is thread-safe.
    if not _DEFAULT:
        _DEFAULT.append(default_table())
    return _DEFAULT[0]


SPELLING_VARIANTS = VariantRule(
    code="CW601",
    name="spelling-variants",
    stage=Stage.INLINE,
    family="variants",
    summary="Rewrite known spelling variants of proper nouns to one canonical form.",
    why="Wire copy spells the same place, party or person many ways; search, dedup and "
    "entity linking need one. Entries are specific: Pakistan's Balochistan is never "
    "rewritten to Iran's Sistan and Baluchistan.",
    examples=(
        Example("Strikes in Iran's Siestan-o-Baluchistan province.\n", "Strikes in Iran's Sistan and Baluchistan province.\n"),
        Example("Attacks in Pakistan's Balochistan province.\n", "Attacks in Pakistan's Balochistan province.\n"),
        Example("SISTAN-BALUCHESTAN\n", "SISTAN AND BALUCHISTAN\n"),
        Example("Shahbaz Sharif met Shahbaz Taseer.\n", "Shehbaz Sharif met Shahbaz Taseer.\n"),
        Example("See https://example.com/Jaish-ul-Adl and #JaishUlAdl\n", "See https://example.com/Jaish-ul-Adl and #JaishUlAdl\n"),
    ),
    data_driven=True,
    triggers=ALWAYS,  # the table's index gates it: most texts hold no word a name starts with
    hints=NON_NAME_SPACES,
    writes=None,  # until configured with its table
    # Names never cross a line break, and neither the whitespace at the ends of a
    # line nor empty lines change what matches.
    reads=View.TRIMMED,
    idempotent=False,  # it stops after three rounds (run() says when it is settled)
)

RULES = (SPELLING_VARIANTS,)
