"""How a name is spelt in text: its words and separators, its key, its case, and
where a name may start and stop.

>>> name_key("Sistan-o-Baluchistan"), match_case("SISTAN-BALUCHESTAN", "Sistan and Baluchistan")
(('sistan', 'baluchistan'), 'SISTAN AND BALUCHISTAN')
"""

from __future__ import annotations

import bisect
import functools
import unicodedata

import regex

from ...chars import NON_NAME_SPACES, char_class
from ...compiled import Lazy


_LETTERS = r"[\p{L}\p{M}\p{N}]"


#: Joins the pieces of one word: a soft hyphen (``Baluch\u00adistan``) or an
#: apostrophe (``Sana'a``, ``Khamene'i``, the possessive ``Kiev's``).
_INNER = r"(?:\u00ad+|['’`])"


_BODY = rf"{_LETTERS}+(?:{_INNER}{_LETTERS}+)*"


#: One word of a name.
TOKEN = Lazy(_BODY)


#: Blanks that may stand between two words of one name (never a line break).
BLANK = r"[ \t\u00a0\u2007\u2009\u202f\u00ad]"


#: What may stand between two words of one name: blanks, or a hyphen with optional
#: blanks around it; a word-final apostrophe too (Peoples' Party, Shia' al-Sudani).
SEPARATOR = Lazy(rf"{BLANK}*[-‐‑–]{BLANK}*|(?<=\p{{L}})['’]{BLANK}+|{BLANK}+")


#: A connector between two words, for entries spelt with one:
#: ``Sistan-o-Baluchistan``, ``Sistan va Baluchestan``, ``Jammu & Kashmir``.
JOINER = Lazy(
    rf"(?:{BLANK}*[-‐‑]{BLANK}*|{BLANK}+)(?:and|o|va)(?:{BLANK}*[-‐‑]{BLANK}*|{BLANK}+)|{BLANK}*&{BLANK}*",
    regex.IGNORECASE,
)


#: A separator and the word after it, in one match (group 1 is the word).
NEXT_WORD = Lazy(rf"(?:{SEPARATOR.pattern})({_BODY})")


#: A connector and the word after it, in one match (group 1 is the word).
NEXT_JOINED = Lazy(rf"(?:{JOINER.pattern})({_BODY})", regex.IGNORECASE)


#: Words that are dropped from keys because they are written as joiners.
CONNECTORS = frozenset({"and", "o", "va"})


_CONNECTOR_WORD = Lazy(
    r"&|(?<![\p{L}\p{M}\p{N}'’`\u00ad])(?:and|o|va)(?![\p{L}\p{M}\p{N}'’`\u00ad])", regex.IGNORECASE
)


#: A name never starts right after these: inside a word, a path, a domain, a handle,
#: a hashtag, or after a hyphen or apostrophe that continues a word (``pro-Kiev``
#: stays as written; ``O'Brien`` is one word).
NOT_AFTER = r"(?<![\p{L}\p{M}\p{N}_@#/\\.&\u00ad])(?<![\p{L}\p{M}\p{N}]['’`\-‐‑])"


#: The capitalised words of a text, where a name may start. What precedes a word
#: (:data:`NOT_AFTER`) is tested later by :func:`may_start`, only for the few
#: words that open a name of the table.
CAPITALISED_WORD = Lazy(rf"\p{{Lu}}[\p{{L}}\p{{M}}\p{{N}}]*(?:{_INNER}{_LETTERS}+)*")


#: The same words, each with the word after it (or ``""``): ``[("The", "Hague"),
#: ...]``. One scan tells which words that open only multi-word names are followed
#: by a word that can continue one. Any run of separator characters is taken
#: (cheaper than :data:`SEPARATOR`): where :data:`NEXT_WORD` finds a word, this
#: finds the same one, since no separator character is a letter.
CAPITALISED_PAIR = Lazy(
    rf"({CAPITALISED_WORD.pattern})(?=[ \t\u00a0\u2007\u2009\u202f\u00ad\-‐‑–'’]+({_BODY})|)"
)


#: Characters the two Unicode databases in play (the ``regex`` engine's and
#: Python's ``unicodedata``, which :func:`may_start` uses) might disagree about:
#: no character that one calls a letter, mark or digit and the other does not lies
#: below U+0530, in General Punctuation (U+2000-U+206F) or among the currency
#: signs (U+20A0-U+20CF); ``tests/test_variants_speedpath.py`` checks this. Without them,
#: every place a name may start is the start of one of the text's capitalised
#: words, so what matches on a line depends on that line alone.
#: Whitespace that no separator of a name accepts (line breaks aside).
NON_SEPARATOR_SPACE = Lazy(char_class(NON_NAME_SPACES))


NON_NAME_SPACE_SET = frozenset(NON_NAME_SPACES)


UNICODE_VERSION_RISK = Lazy(r"[^\x00-\u052f\u2000-\u206f\u20a0-\u20cf]")


#: Spans where nothing is rewritten.
PROTECTED = Lazy(
    r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+"  # URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|[@#][\p{L}\p{M}\p{N}_]+"  # handles and hashtags
    r"|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S*",  # bare domains with a path
    regex.IGNORECASE,
)


#: The characters :func:`fold` drops: soft hyphens and apostrophes.
DROPPED = "\u00ad'’`ʼ"


_DROP = str.maketrans("", "", DROPPED)


#: A word of a name once apostrophes and soft hyphens are gone.
_WORD = Lazy(r"[\p{L}\p{M}\p{N}]+")
#: The same in an ASCII name, where letters, marks and numbers are these: the
#: standard engine finds them at a fraction of the cost of Unicode properties, and
#: every packaged table's ~1,200 spellings are keyed when a cleaner is built.
_ASCII_WORD = Lazy(r"[A-Za-z0-9]+", engine="re")


_APOSTROPHES = "'’`"


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
    folded = fold(name)
    words = _ASCII_WORD.findall(folded) if folded.isascii() else _WORD.findall(folded)
    if CONNECTORS.isdisjoint(words):
        return tuple(words)
    return tuple([w for w in words if w not in CONNECTORS])


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


#: Characters that can follow the first word of a multi-word name.
SEPARATOR_CHARS = frozenset(" \t\u00a0\u2007\u2009\u202f\u00ad-‐‑–'’")


def continues_at(children: dict, text: str, pos: int, following: str) -> bool:
    """Whether the word after ``text[pos]`` is one of ``children`` (folded)."""
    if following not in SEPARATOR_CHARS:
        return False
    token = NEXT_WORD.match(text, pos)
    if token is None:
        return False
    after = token.group(1)
    if (after.casefold() if after.isascii() and after.isalnum() else fold(after)) in children:
        return True
    stem = possessive_stem(after)
    return stem is not None and fold(stem) in children


_NO_START_AFTER = frozenset("_@#/\\.&\u00ad")


_JOINS_WORDS = frozenset("'’`-‐‑")


def continues_word(char: str) -> bool:
    """Whether ``char`` right after a word means the word goes on."""
    return char.isalnum() or unicodedata.category(char) in ("Mn", "Mc", "Me")


def may_start(text: str, i: int) -> bool:
    """Whether a name may start at ``text[i]``, judging by what precedes it.

    The same test as the lookbehinds of :data:`NOT_AFTER`, without a regex call.
    """
    if i == 0:
        return True
    before = text[i - 1]
    if before.isalnum() or before in _NO_START_AFTER or continues_word(before):
        return False
    if before in _JOINS_WORDS and i >= 2 and (text[i - 2].isalnum() or continues_word(text[i - 2])):
        return False
    return True


def possessive_stem(word: str) -> str | None:
    """``Kiev`` for ``Kiev's``; ``None`` for a word without a possessive ending."""
    if word[-2:-1] in _APOSTROPHES and word[-1:] in "sS":
        return word[:-2]
    return None


#: What every match of :data:`PROTECTED` holds: ``@``, ``#``, ``/`` or ``www.`` in any
#: case, which holds ``w.`` or ``W.``.
_PROTECTED_MARKS = ("@", "#", "/", "w.", "W.")


def protected_spans(text: str) -> list[tuple[int, int]]:
    """The spans of :data:`PROTECTED` in ``text``, in order.

    A match holds no space or line break and holds one of :data:`_PROTECTED_MARKS`,
    so it lies in a piece of the text between two of those that holds a mark, and
    each such piece is matched on its own: the spans are those of a search of the
    whole text, at the cost of a search of a few words (that search costs about a
    microsecond a character: its character classes try every start in a word).

    >>> protected_spans("Write to desk@example.com or see www.example.org/x, not @ home")
    [(9, 25), (33, 51)]
    """
    if not any(mark in text for mark in ("@", "#", "/", "www.")):
        return []
    find, rfind = text.find, text.rfind
    starts = set()
    for mark in _PROTECTED_MARKS:
        i = find(mark)
        while i >= 0:
            starts.add(max(rfind(" ", 0, i), rfind("\n", 0, i)) + 1)
            i = find(mark, i + 1)
    spans = []
    size = len(text)
    for start in sorted(starts):
        ends = [end for end in (find(" ", start), find("\n", start)) if end >= 0]
        spans.extend(m.span() for m in PROTECTED.finditer(text, start, min(ends, default=size)))
    return spans


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(spans, (end,))
    return i > 0 and spans[i - 1][1] > start
