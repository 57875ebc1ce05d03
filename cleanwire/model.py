"""The rule model: stages, rules, examples and the changes a rule reports.

Every change the pipeline makes is attributed to exactly one rule, identified by a
stable code (``CW`` + three digits, grouped by family) and a kebab-case name.
"""

from __future__ import annotations

import bisect
import enum
from dataclasses import dataclass, field

import regex

from .stages import STAGES, StageInfo

#: What a UTF-8 continuation byte (0x80-0xBF) becomes when read as Latin-1 or Windows-1252.
MOJIBAKE_CONTINUATION = (
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def outside_mojibake(char: str) -> str:
    """A pattern for ``char`` (U+0080-U+00BF) where it cannot be a byte of mojibake.

    Text decoded as Latin-1 or Windows-1252 turns each UTF-8 continuation byte into a
    character of U+0080-U+00BF. Some of those mean something on their own: U+0085 is a
    line break (NEL), U+00AD a soft hyphen. The pattern does not match them where they
    complete a UTF-8 sequence with their neighbours: after a lead byte, after a lead and
    a continuation, or between a lead and a continuation.

    >>> bool(regex.search(outside_mojibake("\u0085"), "one\x85two"))
    True
    >>> bool(regex.search(outside_mojibake("\u0085"), "ą".encode("utf-8").decode("latin-1")))
    False
    """
    c = regex.escape(char)
    cont = MOJIBAKE_CONTINUATION
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
#: nothing to repair; left alone, ftfy restores the character.
NEL_BREAK = outside_mojibake("\u0085")

_ANY_BREAK = regex.compile("\r\n|[\n\r\u2028\u2029]|" + NEL_BREAK)


class _StageBase(enum.IntEnum):
    @property
    def label(self) -> str:
        """The stage's name as written in docs and options: ``"lines"``."""
        return self.name.lower()

    @property
    def info(self) -> StageInfo:
        """The registry entry of the stage (:data:`cleanwire.stages.STAGES`)."""
        return STAGES[self.value - 1]


#: The stages, in the order they run, built from :data:`cleanwire.stages.STAGES`:
#: ``Stage.HYGIENE``, ``Stage.ENCODING``, ``Stage.LINES``, ``Stage.INLINE``,
#: ``Stage.WHITESPACE``. Compare and sort stages; do not rely on their numbers, which
#: follow the registry and change when a stage is inserted.
Stage = _StageBase(
    "Stage", [(info.label.upper(), number) for number, info in enumerate(STAGES, 1)], module=__name__, qualname="Stage"
)
Stage.__doc__ = """The fixed order in which rule families run (see :mod:`cleanwire.stages`).

The order matters: line endings must be unified before anything splits lines,
encoding repair must precede pattern matching (a mojibake ``ALSO READ:Â `` would
not match), spelling variants are rewritten only in lines that survive removal,
and the whitespace finish tidies whatever gaps the earlier stages left.
"""


@dataclass(frozen=True)
class Example:
    """An input and the output the rule alone turns it into.

    The test suite runs every example through its rule, and ``rules.md`` shows them,
    so the documentation cannot drift from the behaviour.
    """

    input: str
    output: str


@dataclass(frozen=True)
class Change:
    """One attributed edit: which rule, where in the input, what went, what came."""

    code: str
    name: str
    line: int  # 1-based line of the input text
    removed: str
    replacement: str

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "line": self.line,
            "removed": self.removed,
            "replacement": self.replacement,
        }


@dataclass(frozen=True)
class Explanation:
    """The cleaned text and the changes that produced it, in pipeline order."""

    text: str
    changes: tuple[Change, ...]
    flags: tuple[str, ...] = ()

    def __iter__(self):  # allows ``text, changes = cleaner.explain(raw)``
        yield self.text
        yield self.changes


class ChangeLog:
    """Collects changes during one ``explain`` call and maps offsets to input lines.

    ``origins[i]`` is the 1-based input line that line ``i`` of the current text came
    from. Rules that delete lines report it with :meth:`drop_lines`, so later rules
    still report input line numbers.
    """

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.flags: list[str] = []
        self.origins: list[int] = []
        self._starts: list[int] = []
        self._starts_of: str | None = None

    def reset_lines(self, text: str) -> None:
        self.origins = list(range(1, len(_ANY_BREAK.findall(text)) + 2))
        self._starts_of = None

    def line_at(self, text: str, offset: int) -> int:
        """Input line of character ``offset`` in ``text`` (the current text)."""
        if self._starts_of is not text:
            # Count every kind of break so that line-ending repair itself, which runs
            # before breaks are unified, reports the lines an editor would show.
            self._starts = [0] + [m.end() for m in _ANY_BREAK.finditer(text)]
            self._starts_of = text
        index = bisect.bisect_right(self._starts, offset) - 1
        return self.origin(index)

    def origin(self, index: int) -> int:
        if 0 <= index < len(self.origins):
            return self.origins[index]
        return self.origins[-1] if self.origins else 1

    def drop_lines(self, indices) -> None:
        gone = set(indices)
        self.origins = [o for i, o in enumerate(self.origins) if i not in gone]
        self._starts_of = None

    def add(self, rule: "Rule", line: int, removed: str, replacement: str) -> None:
        self.changes.append(Change(rule.code, rule.name, line, removed, replacement))


@dataclass(frozen=True, eq=False)
class Rule:
    """A named, documented transformation.

    Subclasses implement :meth:`apply`, which must be pure: it returns the new text
    and, when ``log`` is given, reports each edit to it.
    """

    code: str
    name: str
    stage: Stage
    summary: str
    why: str = ""
    examples: tuple[Example, ...] = ()
    default: bool = True
    family: str = ""
    data_driven: bool = field(default=False)

    def apply(self, text: str, log: ChangeLog | None = None) -> str:  # pragma: no cover
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<Rule {self.code} {self.name}>"
