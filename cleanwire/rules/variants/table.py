"""A variant table: its entries, checked for clashes, and finding and rewriting names in a text."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Iterable, Iterator, NamedTuple

from .entries import Entry, VariantConflict, check_entry
from .index import Index, WordCache, drop_unfollowed, first_of, lower_case_keys, walk
from .spelling import (
    CAPITALISED_PAIR,
    CAPITALISED_WORD,
    NEXT_JOINED,
    NON_SEPARATOR_SPACE,
    SEPARATOR_CHARS,
    TOKEN,
    UNICODE_VERSION_RISK,
    continues_at,
    fold,
    match_case,
    may_start,
    name_key,
    overlaps,
    possessive_stem,
    protected_spans,
)

if TYPE_CHECKING:
    from .gate import Gate


class Rewrite(NamedTuple):
    """What :meth:`VariantTable.rewrite_spans` did to a text."""

    #: the rewritten text (the text itself when nothing changed)
    text: str
    #: the ``(start, end)`` of each replacement in ``text``
    written: tuple[tuple[int, int], ...]
    #: whether lower-case particles were looked for, which ties the text's lines together
    particles: bool


def may_hold_name(text: str, openers: frozenset[str]) -> bool:
    """Whether ``text`` may hold a name of a table with these :meth:`~VariantTable.openers`,
    as far as its capitalised words tell: False when none of them, folded (or without
    a possessive ending), is one.

    A name starts with a capitalised word that opens one, or after a lower-case
    particle, which the matcher only looks for in a text that holds a word following
    one in the table: such a text holds nothing a table would find, and that is known
    without its index, or without the table at all when its openers are known
    (:func:`cleanwire.rules.variants.files.default_openers`). Building them is most of
    the work a process does for a short text with no name in it.

    >>> may_hold_name("Kiev's mayor", frozenset({"kiev"})), may_hold_name("The mayor", frozenset({"kiev"}))
    (True, False)
    """
    for word in set(CAPITALISED_WORD.findall(text)):
        if fold(word) in openers:
            return True
        stem = possessive_stem(word)
        if stem is not None and fold(stem) in openers:
            return True
    return False


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
            check_entry(entry)
            previous = self.entries.get(entry.canonical)
            if previous is not None:
                raise VariantConflict(f"{entry.label} is listed twice: also in {previous.source or 'table'}")
            self.entries[entry.canonical] = entry
        self._owner: dict[tuple[str, ...], Entry] = {}
        self._check()
        # The matching index is built on first use: a table that is only merged into
        # another (a user table on top of the packaged one) never needs its own.
        self._index: Index | None = None
        self._gate: "Gate | None" = None
        self._openers: frozenset[str] | None = None
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

    def openers(self) -> frozenset[str]:
        """The folded words a name of the table starts with, and those that follow a
        lower-case particle in one (see :func:`may_hold_name`).

        >>> sorted(VariantTable([Entry("al-Qaeda", ("al-Qaida",)), Entry("Kyiv", ("Kiev",))]).openers())
        ['al', 'kiev', 'kyiv', 'qaeda', 'qaida']
        """
        openers = self._openers
        if openers is None:
            # What Index.learn reads: the first words of the tries, and the words
            # after a particle (see Index.particle_next).
            found = {key[0] for key in self._owner}
            found.update(key[1] for key in lower_case_keys(self.entries.values()) if len(key) > 1)
            openers = self._openers = frozenset(found)
        return openers

    #: Texts shorter than this skip the gate: the matcher's scan of them costs less
    #: than the gate's fixed cost, and a process that only cleans short texts (one
    #: command line) never builds it.
    GATE_FROM = 256

    #: A table with more spellings than this has no gate. Such a table is a
    #: gazetteer whose words occur in most texts, so the gate would seldom keep one
    #: from the matcher, and its automaton would take seconds to build.
    GATE_MAX_SPELLINGS = 5000

    def _gated_out(self, text: str, rewriting: bool) -> bool:
        """Whether the table's :class:`~cleanwire.rules.variants.gate.Gate` says that
        :meth:`find` (or, with ``rewriting``, :meth:`rewrite`) finds nothing in ``text``.

        Most texts hold no name, or only canonical forms written as the table writes
        them; one scan in C tells, where the matcher's scan for capitalised words
        (the ``regex`` engine stepping every character) is most of its cost. The
        gate is sound: when it lets a text through, the matcher runs as before.
        """
        if len(text) < self.GATE_FROM or len(self._owner) > self.GATE_MAX_SPELLINGS:
            return False
        gate = self._gate_built()
        return not (gate.may_rewrite(text) if rewriting else gate.may_find(text))

    def _gate_built(self) -> "Gate":
        gate = self._gate
        if gate is None:
            from .gate import Gate  # only a process that meets a long text needs it

            # Two threads may both build one; they are equal, and either is fine to keep.
            gate = self._gate = Gate(self._owner)
        return gate

    def _built(self) -> "Index":
        index = self._index
        if index is None:
            paused = gc.isenabled()
            gc.disable()
            try:
                # Two threads may both get here; they build equal indexes, and either
                # one is fine to keep.
                index = self._index = Index(self.entries.values(), self._owner)
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
        if self._gated_out(text, False):
            return iter(())
        return self._find(text, True)

    def _find(
        self, text: str, every: bool, particles_seen: list | None = None
    ) -> Iterator[tuple[int, int, str]]:
        """:meth:`find`; without ``every``, names that can only match their own
        unchanged canonical form (:class:`WordCache`) are not looked at.

        Leaving them out changes no rewrite: such a match replaces a word by itself,
        and no other match can start inside that word. ``particles_seen`` gets an
        item when lower-case particles were looked for (a word of the text may
        follow one), which makes the text's lines depend on each other.
        """
        index = self._index
        if index is None:
            # Most texts hold no name: known without building the index.
            if not may_hold_name(text, self.openers()):
                return
            index = self._built()
        if not index.plain.children and not index.joined.children:
            return
        cache = index.words
        if len(cache.known) + len(cache.next_known) > cache.LIMIT:
            cache = index.words = WordCache()
        # Most texts hold no name of the table: decide that from the distinct
        # capitalised words alone, by set operations against the words met before.
        pairs = CAPITALISED_PAIR.findall(text) if index.pairs else None
        words = set(CAPITALISED_WORD.findall(text)) if pairs is None else set(map(first_of, pairs))
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
                followers = drop_unfollowed(cache, index, multi, quiet, starts, pairs)
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
                    while j < size and text[j] in SEPARATOR_CHARS:
                        j += 1
                    if not text.startswith(followers, j):
                        i = find(word, after)
                        continue
                if not following.isalnum() and (children is None or continues_at(children, text, after, following)):
                    # The whole word, not the start of a longer one (Sana for
                    # Sana'a), at a place where a name may start.
                    if TOKEN.match(text, i).end() == after and may_start(text, i):
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
                protected = protected_spans(text)
            if overlaps(protected, start, end):
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
        best = walk(index.plain, text, first_end, word, folded, None)
        if folded in index.joined.children or possessive_stem(word) is not None:
            other = walk(index.joined, text, first_end, word, folded, NEXT_JOINED)
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
        if self._gated_out(text, True):
            # Nothing is written, so whether particles were looked for tells nothing.
            return Rewrite(text, (), False)
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
        (:data:`UNICODE_VERSION_RISK`). The other lines were left as they were by
        the rewrite, so a second one leaves them too; it remains to look at the
        lines written in.

        >>> table = VariantTable([Entry("Kyiv", ("Kiev",))])
        >>> table.settled(table.rewrite_spans("Kiev said.\\nNothing else."))
        True
        """
        text = rewrite.text
        if not rewrite.written:
            return True
        if rewrite.particles or UNICODE_VERSION_RISK.search(text):
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
        if UNICODE_VERSION_RISK.search(after):
            return False
        old_lines, new_lines = before.split("\n"), after.split("\n")
        if len(old_lines) != len(new_lines):
            return False
        for old, line in zip(old_lines, new_lines):
            if old == line or NON_SEPARATOR_SPACE.search(old) is None:
                continue
            if not self._line_settled(line):
                return False
        return True
