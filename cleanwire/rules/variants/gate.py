"""A first look at a text, in C: may a variant table find, or rewrite, anything in it?

Most texts hold no name of the table, and most of the others hold only canonical
forms written as the table writes them (``Tehran``), which a rewrite leaves alone.
Telling that from the text's capitalised words, as the matcher does, costs a scan
of every character by the ``regex`` engine. The gate answers first, with one
Aho-Corasick scan of the text's UTF-8 bytes, and lets the matcher run only when the
answer is "maybe". It is sound, never a guess:

* Each word of a name, as the matcher reads it, is a word of the text (or the stem
  of a possessive one) as :func:`~.spelling.fold` writes it: apostrophes and soft
  hyphens dropped, then case-folded. Case folding works one character at a time, and only
  ASCII characters and a few others (``ß``, the Kelvin sign, ligatures:
  :func:`ascii_folds`) fold to ASCII ones; so, unless the text holds one of those
  few, every run of ASCII characters of a folded word is in the text's UTF-8 bytes
  once the dropped characters are deleted and ASCII letters lower-cased
  (:func:`scanned`, a few C calls). The scan looks for the runs of four characters
  or more of every spelling, and for those few characters; a spelling may occur
  only where all its runs do (the short ones are looked for by ``bytes`` search).
* A canonical form of ASCII words and single spaces (``Tehran``, ``Sistan and
  Baluchistan``) changes nothing where it is written as in the table, in capitals
  or capitalised (its *forms*). The first word of a match of it starts and ends
  with a letter that is no dropped character (unless ``ʼ``, a letter: a text that
  holds one goes to the matcher), so its folded form in the scanned text covers
  exactly its characters; where a form of the name starts there, the match reads
  the form's words, and is that form. Each form in the text (counted in its
  UTF-8) accounts for one occurrence of the first word in the scanned text, so
  when the forms account for all of them, no match of that canonical form changes
  anything.

A table with a spelling that has no ASCII character (a name in another script) sends
every text that is not pure ASCII to the matcher.
"""

from __future__ import annotations

import unicodedata
from typing import Mapping

import regex

from ..lines.gates import automaton
from .entries import Entry
from .spelling import DROPPED, match_case, name_key


#: The characters outside ASCII whose case folding writes an ASCII character, for
#: the Unicode version they were listed for (``tests/test_variants_gate.py`` checks
#: them against Python's own); another version works them out (:func:`ascii_folds`).
_ASCII_FOLDS = (
    "14.0.0",
    "\u00df\u0130\u0149\u017f\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e\u212a"
    "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06",
)


def ascii_folds() -> str:
    """The characters outside ASCII whose :meth:`str.casefold` holds an ASCII
    character (``ß`` -> ``ss``, the Kelvin sign -> ``k``), for this Python's Unicode
    version.

    >>> "\\u212a" in ascii_folds() and "\\u00e9" not in ascii_folds()
    True
    """
    version, chars = _ASCII_FOLDS
    if unicodedata.unidata_version == version:
        return chars
    from ... import cache

    return cache.cached("ascii-folds", unicodedata.unidata_version, _work_out_ascii_folds)


def _work_out_ascii_folds() -> str:
    return "".join(c for c in map(chr, range(0x80, 0x110000)) if _folds_to_ascii(c))


def _folds_to_ascii(char: str) -> bool:
    folded = char.casefold()
    return folded != char and any(c < "\x80" for c in folded)


#: Each dropped character, and the same as UTF-8.
_DROPPED_BYTES = tuple((c, c.encode("utf-8")) for c in DROPPED)


#: Dropped characters that are letters to the matcher: a word may start or end with
#: one, so a form found in the text may sit inside a longer matched word.
_LETTER_DROPS = "".join(c for c in DROPPED if regex.fullmatch(r"[\p{L}\p{M}\p{N}]", c))


#: The Aho-Corasick packages the gate scans with: only ``ahocorasick_rs`` (the ``fast``
#: extra), whose compiled DFA reads a news article's bytes in a fraction of the time
#: the matcher's scan for capitalised words takes. ``pyahocorasick`` reads them more
#: slowly than that scan: without ``ahocorasick_rs`` there is no gate.
SCANNERS = ("ahocorasick_rs",)


#: Runs at least this long are looked for by the scan; shorter ones occur in too
#: many words.
_LONG = 4


_ASCII_RUN = regex.compile(r"[\x00-\x7f]+")


#: How many of a thousand letters of English text are each letter: of a spelling
#: whose runs are all short (``al qaʻida``: ``al``, ``qa``, ``ida``), the scan looks
#: for the one least likely in a text, since each other run found is then looked for
#: by a search of the whole text (absent, by reading all of it).
_LETTER_SHARE = dict(
    zip("etaoinshrdlcumwfgypbvkjxqz", (127, 91, 82, 75, 70, 67, 63, 61, 60, 43, 40, 28, 28, 24, 24, 22, 20, 20, 19, 15, 10, 8, 2, 2, 1, 1))
)


def _likelihood(run: str) -> float:
    """How likely ``run`` is at a given place of an English text, by its letters alone.

    >>> _likelihood("qa") < _likelihood("ida") < _likelihood("al")
    True
    """
    share = 1.0
    for char in run:
        share *= _LETTER_SHARE.get(char, 10) / 1000
    return share


def scanned(text: str) -> bytes:
    """What the gate scans: ``text`` as UTF-8, without the characters :func:`fold`
    drops, ASCII letters lower-cased.

    >>> scanned("Sana'a and Baluch\\u00adistan’s KIEV")
    b'sanaa and baluchistans kiev'
    """
    return _scanned(text, text.encode("utf-8", "surrogatepass"))


def _scanned(text: str, encoded: bytes) -> bytes:
    """:func:`scanned`, given ``text`` as UTF-8."""
    data = encoded.lower()
    for char, dropped in _DROPPED_BYTES:
        if char in text:  # a search of the text is cheaper than one of its bytes
            data = data.replace(dropped, b"")
    return data


class Gate:
    """Which texts may hold a name of a table (see the module's description).

    ``may_find(text)`` is False when :meth:`VariantTable.find` finds nothing in
    ``text``; ``may_rewrite(text)`` is False when a rewrite leaves it as it is. True
    means "maybe": the matcher decides.
    """

    __slots__ = ("_scan", "_forms", "_needs", "_beyond_ascii")

    def __init__(self, owner: Mapping[tuple[str, ...], Entry]) -> None:
        """A gate for a table whose every spelling's key ``owner`` maps to its entry."""
        index: dict[str, int] = {}  # each literal, numbered in the order the scan knows them
        # For each literal, the canonical forms it is the first word of: the forms of
        # each (as UTF-8), and what it needs (as in _needs).
        self._forms: list[list[tuple[tuple[bytes, ...], frozenset[int], tuple[bytes, ...]]] | None] = []
        self._needs: list[list[tuple[frozenset[int], tuple[bytes, ...]]]] = []
        self._beyond_ascii = False

        def number(literal: str) -> int:
            found = index.get(literal)
            if found is None:
                found = index[literal] = len(index)
                self._forms.append(None)
                self._needs.append([])
            return found

        for key, entry in owner.items():
            runs = sorted({run for word in key for run in _ASCII_RUN.findall(word)}, key=lambda run: (-len(run), run))
            if not runs:
                self._beyond_ascii = True
                continue
            # Every run of the spelling must occur. The scan looks for the long ones;
            # short ones occur in so many words that they would only make it report
            # more. The spelling is looked at where its longest run occurs (a canonical
            # form the gate vouches for, where its first word does): if the others were
            # found too, the short ones are looked for in the scanned text.
            forms = _forms(entry.canonical, key)
            long = [run for run in runs if len(run) >= _LONG] or [min(runs, key=_likelihood)]
            if forms is not None and key[0] not in long:
                long.append(key[0])
            short = tuple(run.encode("ascii") for run in runs if not any(run in other for other in long))
            need = (frozenset(map(number, long)), short)
            if forms is not None:
                i = index[key[0]]
                self._forms[i] = (self._forms[i] or []) + [(tuple(form.encode("ascii") for form in forms), *need)]
                continue
            needs = self._needs[index[long[0]]]
            if need not in needs:
                needs.append(need)
        words = {literal.encode("ascii"): [i] for literal, i in index.items()}
        for char in ascii_folds():  # never an ASCII literal: these are not ASCII
            words[char.encode("utf-8")] = [len(self._forms)]
            self._forms.append(None)
            self._needs.append([(frozenset(), ())])
        self._scan = automaton(words, SCANNERS)

    def may_find(self, text: str) -> bool:
        return self._may(text, False)

    def may_rewrite(self, text: str) -> bool:
        return self._may(text, True)

    def _may(self, text: str, rewriting: bool) -> bool:
        scan = self._scan
        if scan is False or (self._beyond_ascii and not text.isascii()):
            return True
        encoded = text.encode("utf-8", "surrogatepass")
        data = _scanned(text, encoded)
        found = scan.occurrences(data)
        if not found:
            return False
        forms = self._forms
        needs = self._needs
        hit = set(found)
        exact = False
        for index in hit:
            written = forms[index]
            if written is not None:
                # The first word of canonical forms: one can only change text where it
                # is not written as one of its forms. Each form found accounts for one
                # occurrence (never more); when they account for all, none changes.
                for own, ids, short in written:
                    if not (ids <= hit and (not short or all(run in data for run in short))):
                        continue  # some word of the name is missing
                    if not rewriting:
                        return True
                    missing = found.count(index)
                    for form in own:
                        # A form is ASCII, whose bytes occur in UTF-8 only as those
                        # characters: counted in the bytes, as often as in the text,
                        # and several times faster when the text is not all ASCII.
                        missing -= encoded.count(form)
                        if not missing:
                            break
                    else:
                        return True
                    exact = True
            for ids, short in needs[index]:
                if ids <= hit and (not short or all(run in data for run in short)):
                    return True
        # Each occurrence of a canonical form's literal is one of its forms as a whole
        # word of the text, unless a dropped letter could be part of that word.
        return exact and any(char in text for char in _LETTER_DROPS)


def _forms(canonical: str, key: tuple[str, ...]) -> tuple[str, ...] | None:
    """The ways a canonical form with this ``key`` may be written that a rewrite leaves
    as they are (as in the table, in capitals, capitalised), if the gate can vouch for
    them; else None.

    That is a canonical form of ASCII words and single spaces (such a name, wherever
    it starts, is read as the words that follow there) whose first word is the first
    word of its key (no connector) and occurs once in it; for a longer name, at least
    :data:`_LONG` characters long.

    >>> _forms("Tehran", ("tehran",)), _forms("Sistan and Baluchistan", ("sistan", "baluchistan"))
    (('Tehran', 'TEHRAN'), ('Sistan and Baluchistan', 'SISTAN AND BALUCHISTAN'))
    >>> _forms("Al Jazeera", ("al", "jazeera")), _forms("Kiev", ("kyiv",))
    (None, None)
    """
    words = canonical.split(" ")
    first = words[0].lower()
    if not (canonical.isascii() and all(word.isalnum() for word in words)):
        return None
    if key != name_key(canonical) or key[0] != first or canonical.lower().count(first) != 1:
        return None
    if len(words) > 1 and len(first) < _LONG:
        return None
    capitalised = canonical[:1].upper() + canonical[1:]
    forms = dict.fromkeys((canonical, canonical.upper(), capitalised))
    return tuple(form for form in forms if match_case(form, canonical) == form)
