"""Line keys: the text a boilerplate pattern is matched against.

A line's key is its words separated by single spaces (whitespace trimmed and folded,
no-break spaces included), so a pattern written with plain spaces matches
``ALSO READ:\\u00a0...``. Patterns may skip a run of leading bullets and dashes.
"""

from __future__ import annotations

from ...compiled import Lazy

#: Bullets, dashes and separators that may precede a boilerplate line, by kind: the
#: class item and the characters that stand for it. Whitespace comes with all of them.
#: See :func:`~cleanwire.rules.lines.patterns.branch_for` for how a pattern skips them.
LEAD_KINDS = (
    (r"\p{Pd}", "-‐‑‒–—―"),
    ("•", "•"), ("·", "·"), ("∙", "∙"), ("◦", "◦"), ("‣", "‣"), ("⁃", "⁃"), ("▪", "▪"), ("▫", "▫"),
    ("►", "►"), ("▶", "▶"), ("■", "■"), ("□", "□"), ("◆", "◆"), ("◇", "◇"), ("●", "●"), ("○", "○"),
    (r"\*", "*"), (">", ">"), ("»", "»"), (r"\|", "|"), ("~", "~"), ("=", "="), ("_", "_"),
)
LEAD_CHARS = "[" + "".join(kind for kind, _ in LEAD_KINDS) + r"\s]"
#: The whole run of them at the start of a line.
LEAD = LEAD_CHARS + "*+"

#: Trailing spaces and full stops a pattern need not match. Only the end of the line
#: follows, so taking all of them at once (possessive) matches the same lines.
TRAIL = r"[\s.]*+"


def line_key(line: str) -> str:
    """The text a pattern is matched against: whitespace trimmed and folded."""
    return " ".join(line.split())


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
