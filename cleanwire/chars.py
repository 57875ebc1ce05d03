"""Character classes the rules share, each defined once.

Every class is a string of its characters, so it serves as a set
(``frozenset(HSPACE)``), as the argument of ``str.strip`` (``line.strip(HSPACE)``), as
the ``triggers`` of a rule (``tuple(INVISIBLES)``) and, through :func:`char_class`,
as a regular-expression class. ``tests/test_chars.py`` checks each class against the
regular-expression engine over all of Unicode where a rule's pattern relies on it.

>>> char_class("abcx")
'[a-cx]'
>>> "\\u00a0" in HSPACE and " " not in OTHER_SPACES
True
"""

from __future__ import annotations

import re


def span(first: str, last: str) -> str:
    """Every character from ``first`` to ``last``, inclusive.

    >>> span("a", "e")
    'abcde'
    """
    return "".join(map(chr, range(ord(first), ord(last) + 1)))


def char_class(chars: str) -> str:
    """A regular-expression class of ``chars``, written as ranges (escaped where needed).

    >>> char_class("0123456789.")
    '[\\\\.0-9]'
    """
    codes = sorted(set(map(ord, chars)))
    parts = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        first, last = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        parts.append(first if i == j else f"{first}-{last}" if j > i + 1 else first + last)
        i = j + 1
    return "[" + "".join(parts) + "]"


# ----------------------------------------------------------------- sentence ends

#: What ends a sentence in the scripts news is written in: Latin, Devanagari (danda),
#: Urdu, Chinese and Japanese, Armenian, Ethiopic.
FULL_STOPS = ".!।॥۔。！｡։።"

#: Question marks, in the same scripts: a headline's end as well as a sentence's.
QUESTION_MARKS = "?？؟"

#: Closing quotes and brackets that may follow the punctuation that ends a sentence.
SENTENCE_CLOSERS = "\"'”’»)]"

#: Closing quotation marks: a comma before one ends a quotation whose speaker follows
#: (`"We will not back down,"`), where a sentence goes on, not where a page cut it.
CLOSING_QUOTES = "\"'”’»"


# ----------------------------------------------------------------- breaks and spaces

#: Line breaks other than ``\n``: what CW001 turns into ``\n`` (U+0085 only where it is
#: not a byte of mojibake, see :data:`NEL_BREAK`).
OTHER_BREAKS = "\r\u2028\u2029\u0085"

#: Whitespace inside a line: every character the regular-expression engine's ``\s``
#: matches (Unicode White_Space) except ``\n``. What CW901 strips from the ends of a
#: line and CW902 folds inside one. ``str.isspace`` also says yes to U+001C-U+001F,
#: which are not here (see :data:`SPLIT_ONLY`).
HSPACE = (
    "\t\x0b\x0c\r \x85\xa0\u1680" + span("\u2000", "\u200a") + "\u2028\u2029\u202f\u205f\u3000"
)

#: :data:`HSPACE` without the plain space: the whitespace a tidy line does not hold.
OTHER_SPACES = HSPACE.replace(" ", "")

#: What ``str.split()`` splits on that the regular-expression engine does not call
#: whitespace: the information separators. A line key treats them as spaces.
SPLIT_ONLY = "\x1c\x1d\x1e\x1f"

#: Spaces that may stand between two words of one name (:mod:`cleanwire.rules.variants`);
#: a run of them reads as one separator.
NAME_BLANKS = " \t\u00a0\u2007\u2009\u202f"

#: Whitespace that no separator of a name accepts (line breaks aside): where CW902
#: turns one into a plain space, two words may come to read as one name.
NON_NAME_SPACES = "".join(c for c in OTHER_SPACES if c not in NAME_BLANKS)

# ----------------------------------------------------------------- invisible debris

#: Removed by CW002: zero-width space, word joiner, BOM, soft hyphen, the invisible
#: separators U+180E and U+2061-U+2064. ZWNJ and ZWJ (:data:`JOINERS`) are not here.
INVISIBLES = "\u00ad\u180e\u200b\u2060\u2061\u2062\u2063\u2064\ufeff"

#: Zero-width non-joiner and joiner: Persian, Indic scripts and emoji need them.
JOINERS = "\u200c\u200d"

#: Removed by CW003: C0 controls other than tab and newline, and DEL. (C1 controls are
#: mojibake evidence, left for the encoding stage.)
CONTROLS = span("\x00", "\x08") + "\x0b\x0c" + span("\x0e", "\x1f") + "\x7f"

#: UTF-16 surrogates; one not half of a pair cannot be written as UTF-8 (CW004).
SURROGATES = span("\ud800", "\udfff")

_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_surrogates(text: str) -> str:
    """``text`` with every surrogate code point written as its JSON escape, ``\\uXXXX``.

    A JSON string may hold a lone surrogate (``"\\ud800"``), but UTF-8 cannot encode
    one; written as its escape it stays valid JSON that reads back as the same string,
    and a report line stays printable. Text without one comes back as it is.

    >>> escape_surrogates('{"a":"x\\ud800y"}')
    '{"a":"x\\\\ud800y"}'
    >>> escape_surrogates("plain") == "plain"
    True
    """
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda m: "\\u%04x" % ord(m.group()), text)

# ----------------------------------------------------------------- mojibake

#: C1 controls: clean text never holds them; mis-decoded UTF-8 often does.
C1_CONTROLS = span("\x80", "\x9f")

#: The characters a UTF-8 lead byte (0xC2-0xF4) becomes when read as Latin-1.
MOJIBAKE_LEADS = span("\xc2", "\xf4")

#: The characters Windows-1252 puts on the bytes 0x80-0x9F.
CP1252_HIGH = (
    "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    + span("\u2018", "\u201a")
    + span("\u201c", "\u201e")
    + span("\u2020", "\u2022")
    + "\u2026\u2030\u2039\u203a\u20ac\u2122"
)

#: What a UTF-8 continuation byte (0x80-0xBF) becomes when read as Latin-1 or Windows-1252.
MOJIBAKE_CONTINUATIONS = span("\x80", "\xbf") + CP1252_HIGH

#: Characters every sequence ftfy's mojibake detector flags holds at least one of:
#: what UTF-8 bytes become when read as Windows-1252, Latin-1, Windows-1250, -1251,
#: -1253, -1257, MacRoman or code page 437. C1 controls; the Latin-1 symbols and
#: letters (not the no-break space, soft hyphen, middle dot, acute accent, guillemets
#: and inverted marks, which only ever sit beside one of these); Latin Extended-A; the
#: odd symbols (``ƒ ˆ ˇ ˘ ˛ ˜ † ‡ ‰ ⌐ ◊ �``), math and number signs, currency signs
#: and box drawing of those code pages; ``Ґ ґ ﬁ ﬂ``; and the Cyrillic and Greek capitals
#: that start a Windows-1251 or -1253 sequence (``Ђ В Г Р С Β Γ Ξ Ο``). Text without
#: any of them needs no look at all; ``tests/test_encoding_gate.py`` checks the set
#: against the detector itself.
MOJIBAKE_MARKS = (
    C1_CONTROLS
    + "".join(c for c in span("\xa2", "\xff") if c not in "\xab\xad\xb4\xb7\xbb\xbf")
    + span("\u0100", "\u017f")
    + "\u0192\u02c6\u02c7\u02d8\u02db\u02dc\u02dd\u2020\u2021\u2030\u2310\u25ca\ufffd"
    + "\u2044\u2116\u2202\u2206\u220f\u2211\u221a\u221e\u2229\u222b\u2248\u2260\u2261\u2264\u2265"
    + "\u20a7\u20ac"
    + span("\u2500", "\u259f")
    + "\u0490\u0491\ufb01\ufb02"
    + "\u0402\u0412\u0413\u0420\u0421\u0392\u0393\u039e\u039f"
)

_CONTINUATION = char_class(MOJIBAKE_CONTINUATIONS)


def outside_mojibake(char: str) -> str:
    """A pattern for ``char`` (U+0080-U+00BF) where it cannot be a byte of mojibake.

    Text decoded as Latin-1 or Windows-1252 turns each UTF-8 continuation byte into a
    character of U+0080-U+00BF. Some of those mean something on their own: U+0085 is a
    line break (NEL), U+00AD a soft hyphen. The pattern does not match them where they
    complete a UTF-8 sequence with their neighbours: after a lead byte, after a lead and
    a continuation, or between a lead and a continuation.

    >>> import regex
    >>> bool(regex.search(outside_mojibake("\\u0085"), "one\\x85two"))
    True
    >>> bool(regex.search(outside_mojibake("\\u0085"), "ą".encode("utf-8").decode("latin-1")))
    False
    """
    c = re.escape(char)
    cont = _CONTINUATION
    return (
        "(?<![\u00c2-\u00df])"  # after a two-byte lead
        f"(?<![\u00e0-\u00f4]{cont})"  # second byte of three or four
        f"(?<![\u00f0-\u00f4]{cont}{cont})"  # third byte of four
        f"{c}"
        f"(?!(?<=[\u00e0-\u00f4]{c}){cont})"  # first continuation of three or four
    )


#: U+0085 (NEL) as a line break, except where it is the byte 0x85 of a UTF-8 sequence
#: that was decoded as Latin-1: ``ą`` (C4 85) becomes ``Ä`` + U+0085, ``х`` (D1 85)
#: ``Ñ`` + U+0085. Read as a break, it would split the word and leave the encoding stage
#: nothing to repair; left alone, ftfy restores the character. Nor is it a break where
#: it is the byte 0x85 of Windows-1252 (``…``) read as Latin-1: before a space, where
#: a line break would start a line with one (``parlé\x85 Tu sais``), or on a line that
#: holds another C1 control, the mark of Windows-1252 read as Latin-1
#: (``\x93quoted\x94 and so on\x85``).
NEL_BREAK = (
    outside_mojibake("\u0085")
    + "(?![\\s\x80-\x9f])"
    + "(?<![\x80-\x84\x86-\x9f][^\n\r\u2028\u2029\x85]*\x85)"
    + "(?![^\n\r\u2028\u2029\x85]*[\x80-\x84\x86-\x9f])"
)
