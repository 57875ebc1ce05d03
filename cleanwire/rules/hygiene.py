"""CW0xx, stage ``hygiene``: one line-ending convention and no invisible debris.

These run first because every later rule reasons about lines and visible text.
"""

from __future__ import annotations

import regex

from ..chars import CONTROLS, INVISIBLES, MOJIBAKE_MARKS, NEL_BREAK, OTHER_BREAKS, SURROGATES, char_class, outside_mojibake
from ..compiled import Lazy
from ..model import Example, Stage, View
from .base import SubRule

#: Every sequence treated as a line break. ``\r\n`` is tried before ``\r``; U+0085 only
#: where it is not part of Latin-1 mojibake (see :data:`cleanwire.chars.NEL_BREAK`).
LINE_BREAK = Lazy("\r\n|[\r\u2028\u2029]|" + NEL_BREAK)

#: Removed outright (:data:`cleanwire.chars.INVISIBLES`): zero-width space, word joiner,
#: BOM/zero-width no-break space, soft hyphen, and the invisible separators U+180E and
#: U+2061-2064. ZWNJ (U+200C) and ZWJ (U+200D) are *kept*: Persian, Indic scripts and
#: emoji sequences need them.
INVISIBLE = Lazy(char_class(INVISIBLES) + "+")

#: A soft hyphen where it may instead be byte 0xAD of mojibake (``í`` is C3 AD, read as
#: Latin-1 ``Ã`` + U+00AD).
_SHY_IN_MOJIBAKE = Lazy("(?!" + outside_mojibake("\u00ad") + ")\u00ad")
_OTHER_INVISIBLE = Lazy(char_class(INVISIBLES.replace("\u00ad", "")))
_MARK_SET = frozenset(MOJIBAKE_MARKS)
_WORD = Lazy(r"\S*")

#: C0 controls other than tab and newline, and DEL. C1 controls (U+0080-U+009F) are
#: left for the encoding stage, because they are usually the remains of mojibake.
CONTROL = Lazy(char_class(CONTROLS) + "+")

#: A UTF-16 surrogate that is not half of a pair cannot be encoded to UTF-8.
LONE_SURROGATE = Lazy(char_class(SURROGATES))


def unify_line_endings(text: str) -> str:
    r"""Turn ``\r\n``, ``\r``, U+2028, U+2029 and U+0085 into ``\n``.

    >>> unify_line_endings("one\r\ntwo\rthree\u2028four\x85five")
    'one\ntwo\nthree\nfour\nfive'

    A U+0085 that is the last byte of ``ą`` read as Latin-1 is mojibake, not a break:

    >>> unify_line_endings("g\u0119\u015bl\u0105".encode("utf-8").decode("latin-1"))
    'gÄ\x99Å\x9blÄ\x85'
    """
    return LINE_BREAK.sub("\n", text)


def _kept_invisibles(match: regex.Match) -> str:
    """What stays of a run of invisible characters: soft hyphens that are mojibake bytes.

    A soft hyphen in a mojibake position is kept only if ftfy would repair its word;
    the encoding stage then turns it back into the letter it was part of.
    """
    run = match.group()
    if "\u00ad" not in run:
        return ""
    kept = []
    for offset, char in enumerate(run):
        if char != "\u00ad":
            continue
        text, at = _line_without_controls(match.string, match.start() + offset)
        if (_SHY_IN_MOJIBAKE.match(text, at) and _repairable_word(text, at)) or (
            at > 0 and text[at - 1] in _MARK_SET and _repairable_line(text, at)
        ):
            kept.append(char)
    return "".join(kept)


def _line_without_controls(text: str, at: int) -> tuple[str, int]:
    """The line of ``text`` around ``at`` as CW003 and CW004 leave it, and where ``at``
    is in it.

    A soft hyphen is judged by its neighbours; a control character between them and
    the hyphen (``â€œ\\x08\\xad``) must not change the verdict, nor may a lone
    surrogate that CW004 makes U+FFFD (a character of mojibake), so that CW002 gives
    the same text before or after either of them.

    >>> _line_without_controls("one\\nâ€œ\\x08\\xad two", 8)
    ('â€œ\\xad two', 3)
    >>> _line_without_controls("â€™\\ud800\\xad", 4)
    ('â€™\\ufffd\\xad', 4)
    """
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start : end if end != -1 else len(text)]
    if LONE_SURROGATE.search(line) is not None:
        line = LONE_SURROGATE.sub("\ufffd", line)  # one character for one: offsets hold
    elif CONTROL.search(line) is None:
        return text, at
    before = CONTROL.sub("", line[: at - start])
    return before + CONTROL.sub("", line[at - start :]), len(before)


def _repairable_line(text: str, at: int) -> bool:
    """Whether ftfy repairs the line around ``at``: a soft hyphen after a character of
    another code page's mojibake (``í`` is C3 AD, read as Windows-1250 ``Ă`` + U+00AD)
    needs the whole line for ftfy to see which code page it was."""
    from .encoding import fix_mojibake

    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = _OTHER_INVISIBLE.sub("", text[start : end if end != -1 else len(text)])
    return fix_mojibake(line) != line


def _repairable_word(text: str, at: int) -> bool:
    from .encoding import fix_mojibake  # ftfy loads only for text that needs it

    start = at
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    word = _OTHER_INVISIBLE.sub("", text[start : _WORD.match(text, at).end()])
    return fix_mojibake(word) != word


def remove_invisible_characters(text: str) -> str:
    """Delete zero-width spaces, word joiners, BOMs and soft hyphens; keep ZWNJ/ZWJ.

    >>> remove_invisible_characters("Sistan-Baluch\\u00adistan\\u200b")
    'Sistan-Baluchistan'

    A soft hyphen that is the last byte of ``í`` read as Latin-1 is left for the
    encoding stage to repair:

    >>> remove_invisible_characters("Mart\\u00c3\\u00adnez")
    'MartÃ\\xadnez'
    """
    return INVISIBLE.sub(_kept_invisibles, text)


def remove_control_characters(text: str) -> str:
    r"""Delete C0 control characters (except tab and newline) and DEL.

    >>> remove_control_characters("bell\x07 here")
    'bell here'
    """
    return CONTROL.sub("", text)


def replace_lone_surrogates(text: str) -> str:
    r"""Replace an unpaired surrogate with U+FFFD so the text can be written as UTF-8.

    >>> replace_lone_surrogates("bad \ud800 byte")
    'bad \ufffd byte'
    """
    return LONE_SURROGATE.sub("\ufffd", text)


LINE_ENDINGS = SubRule(
    code="CW001",
    name="line-endings",
    stage=Stage.HYGIENE,
    family="hygiene",
    summary="Unify \\r\\n, \\r, U+2028, U+2029 and U+0085 line breaks to \\n.",
    why="Scraped text mixes line-break conventions; every later rule works on lines, "
    "and ftfy is not idempotent on text that still holds a bare \\r.",
    examples=(Example("one\r\ntwo\rthree\n", "one\ntwo\nthree\n"),),
    pattern=LINE_BREAK,
    replace="\n",
    triggers=tuple(OTHER_BREAKS),
    writes="\n",
    reads=View.LINES,
    idempotent=True,
)

INVISIBLE_CHARACTERS = SubRule(
    code="CW002",
    name="invisible-characters",
    stage=Stage.HYGIENE,
    family="hygiene",
    summary="Remove zero-width spaces, word joiners, BOMs and soft hyphens (ZWNJ/ZWJ are kept).",
    why="Invisible characters split words for search and dedup (`Sistan-Baluch\u00adistan` "
    "with a soft hyphen does not equal `Sistan-Baluchistan`) and leave lines that look empty "
    "but are not. ZWNJ and ZWJ carry meaning in Persian, Indic scripts and emoji.",
    examples=(
        Example("Sistan-Baluch\u00adistan\n", "Sistan-Baluchistan\n"),
        Example("\u200b\nText\n", "\nText\n"),
        Example("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645\n", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645\n"),
    ),
    pattern=INVISIBLE,
    replace=_kept_invisibles,
    triggers=tuple(INVISIBLES),
    writes="",
    reads=View.LINES,
    idempotent=True,
)

CONTROL_CHARACTERS = SubRule(
    code="CW003",
    name="control-characters",
    stage=Stage.HYGIENE,
    family="hygiene",
    summary="Remove C0 control characters other than tab and newline, and DEL.",
    why="Control characters (a stray ETX, form feeds, escape codes) are never prose and "
    "break downstream tokenisers and JSON consumers.",
    examples=(Example("Markets closed\x03 higher.\n", "Markets closed higher.\n"),),
    pattern=CONTROL,
    replace="",
    triggers=tuple(CONTROLS),
    writes="",
    reads=View.LINES,
    idempotent=True,
)

LONE_SURROGATES = SubRule(
    code="CW004",
    name="lone-surrogates",
    stage=Stage.HYGIENE,
    family="hygiene",
    summary="Replace unpaired UTF-16 surrogates with U+FFFD.",
    why="A lone surrogate cannot be encoded as UTF-8, so writing the text would fail.",
    examples=(Example("bad \ud800 byte\n", "bad \ufffd byte\n"),),
    pattern=LONE_SURROGATE,
    replace="\ufffd",
    triggers=tuple(SURROGATES),
    writes="\ufffd",
    reads=View.LINES,
    idempotent=True,
)

RULES = (LINE_ENDINGS, INVISIBLE_CHARACTERS, CONTROL_CHARACTERS, LONE_SURROGATES)
