"""One pipeline pass without a change log, and a proof that no further pass is needed.

``Cleaner.clean`` repeats passes until the text stops changing. Run naively, every
document that changed costs a second full pass just to confirm that nothing more
changes. This module runs a pass that also reports whether the next pass is *certain*
to change nothing, so that pass can be skipped; the result is the same text.

Why a pass usually settles, step by step (each step is idempotent on its own):

- hygiene (CW001-CW004) and encoding (CW010) leave a text alone when none of their
  trigger characters occur in it, which is checked on the pass's output directly
  (unless the pass's input had none and nothing since could have written one);
- the line stage decides from line *keys* (whitespace folded); whitespace steps do
  not change keys, and it reports itself when it could act again
  (:meth:`~cleanwire.rules.boilerplate.LineRemover.apply_settled`);
- spelling variants can change keys, so a pass in which they changed anything is
  confirmed on its output by the two steps that could still act: the line stage's
  verdicts (a boilerplate rule matching a rewritten line) and the variant rule itself
  (it stops after three rounds, so it is not always at its fixed point), instead of
  a whole confirming pass;
  whitespace repair could join a name split by an unusual space, so that is confirmed
  the slow way, by a full pass;
- the whitespace steps never re-enable each other.

Any step this module does not know (a rule added later, a custom step) makes the
pipeline fall back to confirming by a full pass, as before.

The same triggers also let a pass skip steps that have nothing to do, with a
substring test or a single character-class search instead of a substitution.
"""

from __future__ import annotations

import re
from typing import Sequence

from .rules import hygiene, whitespace
from .rules.boilerplate import LineRemover
from .rules.encoding import _CP1252_HIGH, MojibakeRule
from .rules.variants import VariantRule

# Characters each hygiene rule acts on (the classes of its pattern; CW001 acts on
# "\r\n" and "\r", both of which contain "\r").
_HYGIENE_TRIGGERS = {
    hygiene.LINE_ENDINGS: "\r\u2028\u2029\u0085",
    hygiene.INVISIBLE_CHARACTERS: "\u200b\u2060\ufeff\u00ad\u180e\u2061-\u2064",
    hygiene.CONTROL_CHARACTERS: "\x00-\x08\x0b\x0c\x0e-\x1f\x7f",
    hygiene.LONE_SURROGATES: "\ud800-\udfff",
}

# Every character the regex engine's ``\s`` matches (Unicode White_Space ends at
# U+3000; tests/test_fastpass.py checks this against the engine over all of Unicode).
_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c != "\n")
# Horizontal whitespace other than the plain space.
_OTHER_SPACE = re.compile("[" + re.escape(_SPACES.replace(" ", "")) + "]")
_SPACE_SET = frozenset(_SPACES)
# What CW901 strips at the edges of a line: every character of its class (a test
# checks over all of Unicode that none lies outside this string).
_EDGE_CHARS = "".join(c for c in _SPACES if whitespace.EDGE_SPACE.fullmatch(c))
# Characters str.split() splits on that are not whitespace to the regex engine (the
# information separators U+001C-U+001F): with one of them, CW902 runs as written.
_SPLIT_ONLY = re.compile("[" + re.escape("".join(c for c in _SPACES if c not in _EDGE_CHARS)) + "]")


def _character_class(chars) -> str:
    """A character class of ``chars``, as ranges (the engine searches ranges faster).

    >>> _character_class("abcx\\n")
    '[\\\\U0000000a\\\\U00000061-\\\\U00000063\\\\U00000078]'
    """
    codes = sorted(map(ord, chars))
    parts = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        parts.append(f"\\U{codes[i]:08x}" if i == j else f"\\U{codes[i]:08x}-\\U{codes[j]:08x}")
        i = j + 1
    return "[" + "".join(parts) + "]"


def _expand(ranges: str) -> frozenset[str]:
    """The characters of a character-class body made of single characters and ``a-b`` ranges.

    >>> sorted(_expand("a-cx"))
    ['a', 'b', 'c', 'x']
    """
    chars = set()
    i = 0
    while i < len(ranges):
        if i + 2 < len(ranges) and ranges[i + 1] == "-":
            chars.update(map(chr, range(ord(ranges[i]), ord(ranges[i + 2]) + 1)))
            i += 3
        else:
            chars.add(ranges[i])
            i += 1
    return frozenset(chars)


# Every suspect sequence contains one of these (a test checks the encoding rule's
# pattern over all of Unicode).
_SUSPECT_CHARS = _expand("\u0080-\u009f\u00c2-\u00f4")
_OTHER_SPACE_CHARS = frozenset(_SPACES.replace(" ", ""))
# Whitespace that spelling-variant separators do not accept but CW902 turns into a
# plain space, which could join the two halves of a name.
_UNUSUAL_SPACE_CHARS = _OTHER_SPACE_CHARS - {"\u00a0", "\t"}
_SPLIT_ONLY_CHARS = frozenset(c for c in _SPACES if c not in _EDGE_CHARS)
# Every character any gate of a pass asks about, in one class: one search of a
# document (findall) answers them all, where a search per question costs a full
# scan each for the many documents in which the answer is no.
_ANY_TRIGGER_CHARS = (
    frozenset().union(*map(_expand, _HYGIENE_TRIGGERS.values())) | _SUSPECT_CHARS | _OTHER_SPACE_CHARS
)
_ANY_TRIGGER = re.compile(_character_class(_ANY_TRIGGER_CHARS))


_C1_CHARS = _expand("\u0080-\u009f")
_LEAD_CHARS = _expand("\u00c2-\u00f4")
# What may follow a lead character in a suspect sequence (the second class of
# SUSPECT; a test checks both definitions agree).
_FOLLOW_CHARS = _expand("\u0080-\u00bf" + _CP1252_HIGH)


def _suspect_among(text: str, found: frozenset) -> bool:
    """``SUSPECT.search(text)``, given every trigger character of ``text`` (``found``).

    A C1 control is suspect by itself; a lead character is suspect before a
    continuation character. Finding each lead character present with ``str.find``
    is several times faster than the regex scan of the whole text.

    >>> _suspect_among("caf\u00c3\u00a9 and \u00c3 alone", frozenset("\u00c3\u00a9"))
    True
    >>> _suspect_among("caf\u00e9", frozenset("\u00e9"))
    False
    """
    if not found.isdisjoint(_C1_CHARS):
        return True
    for lead in found & _LEAD_CHARS:
        at = text.find(lead)
        while at != -1:
            if text[at + 1 : at + 2] in _FOLLOW_CHARS:
                return True
            at = text.find(lead, at + 1)
    return False


class FastPass:
    """Runs one pass of a known pipeline and tells whether the next is a no-op."""

    def __init__(self, steps: Sequence) -> None:
        self.steps = tuple(steps)
        # Each hygiene step with the characters it acts on: a step none of whose
        # characters occur is skipped. Hygiene steps only delete characters or write
        # line breaks and U+FFFD, which no hygiene step acts on, so one step cannot
        # give another something to do.
        self._hygiene_steps = [(s, _expand(_HYGIENE_TRIGGERS[s])) for s in steps if s in _HYGIENE_TRIGGERS]
        self._hygiene_chars = frozenset().union(*(chars for _, chars in self._hygiene_steps))
        self._encoding = [s for s in steps if isinstance(s, MojibakeRule)]
        self._lines = [s for s in steps if isinstance(s, LineRemover)]
        self._variants = [s for s in steps if isinstance(s, VariantRule)]
        self._edges = whitespace.LINE_EDGES in steps
        self._inner = whitespace.INNER_SPACES in steps
        self._blank = whitespace.BLANK_LINES in steps

    @classmethod
    def for_steps(cls, steps: Sequence) -> "FastPass | None":
        """A fast pass for ``steps``, or None when a step is not one this module knows."""
        known = set(_HYGIENE_TRIGGERS) | {whitespace.LINE_EDGES, whitespace.INNER_SPACES, whitespace.BLANK_LINES}
        for step in steps:
            if step in known:
                continue
            if isinstance(step, MojibakeRule) and step.code == "CW010" and type(step) is MojibakeRule:
                continue
            if type(step) in (LineRemover, VariantRule):
                continue
            return None
        if len(steps) != len(set(map(id, steps))):
            return None
        return cls(steps)

    def run(self, text: str) -> tuple[str, bool]:
        """Return the pass's output and True when another pass would return it unchanged."""
        settled = True
        # Which trigger characters the input holds, in one scan. The steps up to the
        # variant rule only remove characters or write plain spaces and newlines,
        # except ftfy, so until ftfy or a variant rewrite runs, a character absent
        # from the input is absent from the text.
        found = _ANY_TRIGGER.findall(text)
        found = frozenset(found) if found else frozenset()
        hygiene = not self._hygiene_chars.isdisjoint(found)
        if hygiene:
            for step, chars in self._hygiene_steps:
                if not chars.isdisjoint(found):
                    text = step.apply(text)
        # _suspect(text), in two steps: whether a suspect character occurs at all is
        # needed again at the end.
        suspect_chars = bool(self._encoding) and not _SUSPECT_CHARS.isdisjoint(found)
        encoding = suspect_chars and _suspect_among(text, found)
        if encoding:
            for step in self._encoding:
                text = step.apply(text)
        # The whitespace characters the text may hold, for the line stage; unknown
        # after ftfy, which may write new ones.
        spaces = None if encoding else found & _OTHER_SPACE_CHARS
        for step in self._lines:
            text, ok = step.apply_settled(text, spaces)
            settled = settled and ok
        rewritten = False
        before_variants = text
        for step in self._variants:
            new = step.apply(text)
            if new != text:
                rewritten = True
            text = new
        after_variants = text
        if encoding:
            found = frozenset(_ANY_TRIGGER.findall(text))  # ftfy may write any character
        elif rewritten:
            # A rewrite writes only characters of the table's canonical forms, so
            # adding those keeps ``found`` a superset of the text's trigger
            # characters, which is all that its uses below need.
            for step in self._variants:
                found = found | (step.written_characters() & _ANY_TRIGGER_CHARS)
        other = found & _OTHER_SPACE_CHARS
        other_space = bool(other)
        split_only = not _SPLIT_ONLY_CHARS.isdisjoint(found)
        unusual = self._variants and not _UNUSUAL_SPACE_CHARS.isdisjoint(found)
        tidied = None  # the text after CW901 and CW902, when they ran
        if self._edges and self._inner and not split_only:
            # CW901 then CW902, in one walk over the lines.
            if _edge_space_possible(text, other_space) or "  " in text:
                new = tidy_lines(text, other)
                if unusual and new != text:
                    settled = False  # a name split by such a space may now be whole
                text = new
            tidied = text
        else:
            if self._edges and _edge_space_possible(text, other_space):
                text = strip_line_edges(text)
            if self._inner and ("  " in text or other_space):
                new = collapse_inner_spaces(text, split_only)
                if unusual and new != text:
                    settled = False
                text = new
        if self._blank:
            text = whitespace.BLANK_LINES.apply(text)
        # The steps after hygiene and the encoding check only remove characters or write
        # plain spaces and newlines, except ftfy and a variant rewrite: without those,
        # characters that were absent before are still absent, and the searches for
        # them need not be repeated.
        # ``found`` holds every trigger character of the text by now (searched again
        # after ftfy, widened by what a rewrite can write), so only those need
        # looking for.
        if (
            settled
            and self._hygiene_chars
            and (hygiene or encoding or rewritten)
            and any(char in text for char in found & self._hygiene_chars)
        ):
            settled = False
        if settled and (suspect_chars or rewritten) and self._encoding and _suspect_among(text, found):
            settled = False
        if settled and rewritten:
            # A next pass would find hygiene, encoding and whitespace with nothing to
            # do (above), so it returns this output exactly when its line stage removes
            # nothing and the variant rule rewrites nothing.
            # Whitespace steps since the rewrite kept every key and dropped only blank
            # lines, which no line-stage verdict depends on; the line stage removed
            # nothing from the text before the rewrite (settled), so only the lines
            # the rewrite edited need another look (LineRemover.settled_after_edit).
            if len(self._lines) == 1:
                before, after = before_variants.split("\n"), after_variants.split("\n")
                lines_settled = self._lines[0].settled_after_edit(before, after)
            else:  # one remover's output need not be settled for another
                lines = text.split("\n")
                lines_settled = not any(step.verdicts(lines) for step in self._lines)
            if not lines_settled:
                settled = False
            elif (
                len(self._variants) == 1
                and tidied is not None
                and self._variants[0].settled_after_tidy(after_variants, tidied)
            ):
                # The variant rule settled its own output; the whitespace steps since
                # changed only spaces inside lines (and CW903 only blank lines, which
                # hold no name), so only the lines they changed need a look.
                settled = True
            else:
                settled = all(step.apply(text) == text for step in self._variants)
        return text, settled


def strip_line_edges(text: str) -> str:
    """CW901 as a strip of each line: the same result as its substitution, 14x faster.

    The substitution tries its ``$`` branch after every space between two words; a
    strip only looks at the ends of each line.

    >>> strip_line_edges("  The statement read.\\u00a0 \\n\\u00a0\\nNext.")
    'The statement read.\\n\\nNext.'
    """
    return "\n".join([line.strip(_EDGE_CHARS) for line in text.split("\n")])


def tidy_lines(text: str, other: frozenset[str]) -> str:
    """CW901 then CW902, as one walk over the lines: each line's words, one space apart.

    ``other`` holds every whitespace character of ``text`` other than the plain space
    and the line break (a superset will do), none of them one of U+001C-U+001F,
    which ``str.split`` splits on and the rules do not. A line with neither a double
    space nor one of those has at most one space at each end and single spaces
    inside, so stripping it is enough; only other lines are split and joined.

    >>> tidy_lines(" read,\\u00a0 the statement\\tsaid \\nNext  one \\n", frozenset("\\u00a0\\t"))
    'read, the statement said\\nNext one\\n'
    """
    lines = text.split("\n")
    if not other:
        return "\n".join([" ".join(line.split()) if "  " in line else line.strip(" ") for line in lines])
    if len(other) == 1:
        (space,) = other
        return "\n".join(
            [" ".join(line.split()) if "  " in line or space in line else line.strip(" ") for line in lines]
        )
    if len(other) == 2:
        first, second = other
        return "\n".join(
            [
                " ".join(line.split()) if "  " in line or first in line or second in line else line.strip(" ")
                for line in lines
            ]
        )
    search = _OTHER_SPACE.search
    return "\n".join([" ".join(line.split()) if "  " in line or search(line) else line.strip(" ") for line in lines])


def collapse_inner_spaces(text: str, split_only: bool | None = None) -> str:
    """CW902 as a split and join of each line's words: the same result as its substitution.

    Spaces at the edges of a line stay as they are (the rule only joins two words);
    every run of spaces between two words becomes one plain space. Only lines with a
    run of spaces or a space other than the plain one are touched. ``split_only``
    says whether the text holds one of U+001C-U+001F (searched when not given).

    >>> collapse_inner_spaces(" read,\\u00a0 the statement\\tsaid \\nNext")
    ' read, the statement said \\nNext'
    """
    if split_only is None:
        split_only = _SPLIT_ONLY.search(text) is not None
    if split_only:
        return whitespace.INNER_SPACES.apply(text)
    # The lines to touch: those with a run of plain spaces (``"  "``, a fast
    # substring search) or another space character (a run of spaces with a
    # character other than the plain space contains one).
    marks = [m.start() for m in _OTHER_SPACE.finditer(text)]
    at = text.find("  ")
    while at != -1:
        marks.append(at)
        at = text.find("\n", at)
        if at == -1:
            break
        at = text.find("  ", at)
    if not marks:
        return text
    marks.sort()
    lines = text.split("\n")
    line = last = 0
    done = -1
    for at in marks:
        line += text.count("\n", last, at)
        last = at
        if line != done:
            done = line
            lines[line] = _collapse_line(lines[line])
    return "\n".join(lines)


def _collapse_line(line: str) -> str:
    core = line.strip(_EDGE_CHARS)
    if not core:
        return line
    head = len(line) - len(line.lstrip(_EDGE_CHARS))
    tail = len(line.rstrip(_EDGE_CHARS))
    return line[:head] + " ".join(core.split()) + line[tail:]


def _edge_space_possible(text: str, other_space: bool | None = None) -> bool:
    """Cheap test: could CW901 find space at the edge of a line?

    ``other_space`` says whether the text holds a space other than the plain one
    (searched when not given).
    """
    if not text:
        return False
    if text[0] in _SPACE_SET or text[-1] in _SPACE_SET:
        return True
    if " \n" in text or "\n " in text:
        return True
    if other_space is None:
        other_space = _OTHER_SPACE.search(text) is not None
    return other_space
