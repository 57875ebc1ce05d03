"""Line keys: the text a boilerplate pattern is matched against.

A line's key is its words separated by single spaces (whitespace trimmed and folded,
no-break spaces included), so a pattern written with plain spaces matches
``ALSO READ:\\u00a0...``, and with the typographic apostrophe read as the ASCII one,
so that ``don'?t miss`` matches ``Don’t Miss``. Patterns may skip a run of leading
bullets and dashes.
"""

from __future__ import annotations

import re

from ...chars import OTHER_SPACES, SPLIT_ONLY
from ...compiled import Lazy

#: Every character ``str.split()`` splits a line on, other than the plain space.
KEY_SPACES = OTHER_SPACES + SPLIT_ONLY

#: The typographic apostrophe, which a key reads as ``'``: patterns and word lists are
#: written with the ASCII one (``editor's picks``), and pages print ``’`` as often.
APOSTROPHE = "\u2019"

#: Every character a key changes other than the plain space: the spaces it folds and
#: the apostrophe it reads as ASCII.
KEY_FOLDS = KEY_SPACES + APOSTROPHE

#: Pictographs and arrows that social and app prompts open with (`📣 Follow us`,
#: `👉 Join our channel`, `➤ Read more`), with the joiner, variation selector and skin
#: tones that complete an emoji, as the body of a character class. By block, so that
#: `©`, `®` and `™`, which open notices, are not among them.
PICTOGRAPHS = r"\u2190-\u21ff\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d"

#: Bullets, dashes and separators that may precede a boilerplate line, by kind: the
#: class item and the characters that stand for it. Whitespace comes with all of them.
#: See :func:`~cleanwire.rules.lines.patterns.branch_for` for how a pattern skips them.
LEAD_KINDS = (
    (r"\p{Pd}", "-‐‑‒–—―"),
    ("•", "•"), ("·", "·"), ("∙", "∙"), ("◦", "◦"), ("‣", "‣"), ("⁃", "⁃"), ("▪", "▪"), ("▫", "▫"),
    ("►", "►"), ("▶", "▶"), ("■", "■"), ("□", "□"), ("◆", "◆"), ("◇", "◇"), ("●", "●"), ("○", "○"),
    (r"\*", "*"), (">", ">"), ("»", "»"), (r"\|", "|"), ("~", "~"), ("=", "="), ("_", "_"),
    (PICTOGRAPHS, "→⌚☎✅➤⬇📣👉🔔🔴🏻"),
)
#: The run a line's shape reads past (see :mod:`cleanwire.rules.structure.shapes`).
BULLET_CHARS = "[" + "".join(kind for kind, _ in LEAD_KINDS) + r"\s]"
#: Opening brackets are a kind too: a prompt printed in brackets
#: (`(Follow us on Google News)`, `[Also Read: ...]`) is the same prompt, and the
#: closing bracket is in :data:`TRAIL`. A pattern that needs its own bracket (`\(With
#: inputs from PTI\)`) is still tried on the whole line (see ``branch_for``).
LEAD_KINDS += ((r"\(", "("), (r"\[", "["))
LEAD_CHARS = "[" + "".join(kind for kind, _ in LEAD_KINDS) + r"\s]"
#: The whole run of them at the start of a line.
LEAD = LEAD_CHARS + "*+"

#: Trailing spaces, full stops, closing brackets and Markdown emphasis marks
#: (`**Source: PTI**`, whose opening marks the lead skips, as scrapers that write
#: Markdown print a label) a pattern need not match: the characters a key (whitespace
#: folded) may end with. Only the end of the line follows, so taking all of them at
#: once (possessive) matches the same lines.
TRAIL_CHARS = " .*_)]"
#: The pattern of that run, whitespace of any kind standing for the space.
TRAIL = "[\\s" + re.escape(TRAIL_CHARS.replace(" ", "")) + "]*+"


def line_key(line: str) -> str:
    """The text a pattern is matched against: whitespace trimmed and folded, the
    typographic apostrophe read as ASCII.

    A paragraph is mostly written with single plain spaces between its words; then
    only its edges need trimming (no printable character but the plain space is
    whitespace: a test checks it over all of Unicode), much faster than cutting it
    into words and joining them again.

    >>> line_key("  Don\u2019t\u00a0 Miss "), line_key("The\u00a0council  met.")
    ("Don't Miss", 'The council met.')
    """
    if "  " not in line and line.isprintable():
        key = line.strip(" ")
    else:
        key = " ".join(line.split())
    return key.replace(APOSTROPHE, "'") if APOSTROPHE in key else key


def line_keys(lines: list[str], limit: int | None, folds: frozenset[str] | None) -> list[str | None]:
    """:func:`line_key` of each of ``lines``, or None for a line whose key is surely
    longer than ``limit`` (see :func:`too_long`; with no ``limit``, every line's key).

    ``folds`` holds every character of :data:`KEY_FOLDS` the lines hold (a superset
    will do), or is None when not known. A line that holds none of them and no double
    space folds to itself with its edges trimmed: most lines of most texts, and
    splitting them into words only to join the words again was most of the cost of
    keying a text.

    >>> line_keys([" Read more ", "a  b", "word " * 30], 100, frozenset())
    ['Read more', 'a b', None]
    >>> line_keys(["a\u00a0 b", "a b "], 100, frozenset("\u00a0"))
    ['a b', 'a b']
    >>> line_keys(["Editor\u2019s Picks"], 100, frozenset("\u2019"))
    ["Editor's Picks"]
    """
    if folds is None:
        return [line_key(line) for line in lines]
    if APOSTROPHE in folds:
        keys = line_keys(lines, limit, folds - {APOSTROPHE})
        return [key.replace(APOSTROPHE, "'") if key is not None and APOSTROPHE in key else key for key in keys]
    spaces = folds
    # Substring tests, not a regular-expression search: this runs on every line of
    # every text, and ``in`` is several times faster than a search for the same.
    # The first other space is tested inline, the rest (seldom any) with ``any``.
    other = tuple(spaces)
    space, more = (other[0], other[1:]) if other else ("  ", ())
    return [
        None
        if limit is not None and len(line) > limit and too_long(line, limit, spaces)
        else " ".join(line.split())
        if "  " in line or space in line or (more and any(extra in line for extra in more))
        else line.strip(" ")
        for line in lines
    ]


_LEAD_RUN = Lazy(LEAD)


def lead_length(key: str) -> int:
    """Length of the run of bullets, dashes and spaces a pattern may skip.

    >>> lead_length("• Source: PTI")
    2
    """
    return _LEAD_RUN.match(key).end()


def too_long(line: str, limit: int, spaces: frozenset[str]) -> bool:
    """Whether the key of ``line`` is surely longer than ``limit``, without folding it.

    Folding shortens a line only by its whitespace at the edges and by all but one
    character of each run of whitespace inside it. ``spaces`` holds every whitespace
    character of ``line`` other than the plain space (or more). Without a double
    space or one of those, only the two edges can shrink; otherwise the key keeps at
    least every character that is not whitespace.

    >>> too_long("word " * 30, 100, frozenset()), too_long("word " * 30, 160, frozenset())
    (True, False)
    >>> too_long("word  " * 30, 100, frozenset()), too_long("word\u00a0" * 30, 130, frozenset("\u00a0"))
    (True, False)
    """
    room = len(line) - limit
    if room <= 2:
        return False
    if "  " not in line and not any(space in line for space in spaces):
        return True
    blanks = line.count(" ")
    if blanks >= room:
        return False
    for space in spaces:
        blanks += line.count(space)
        if blanks >= room:
            return False
    return True
