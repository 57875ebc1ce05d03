"""Cheap, exact pre-tests that tell which boilerplate patterns cannot match a line.

Trying a hundred-odd alternatives on every line of every document is most of the
cost of the line stage, and nearly every line is prose that none of them matches. So
each pattern is read once (by a small parser for the subset of regular-expression
syntax rule files use) to learn two things about *any* string it can match:

- which characters it can start with (``first``), when that is a small known set;
- otherwise, literal text it must contain (``needs``: every set in the list must have
  one of its strings present);
- strings every match starts with (``starts``), for text whose only whitespace is a
  plain space, as in the line keys the patterns are matched against;
- how many characters a match can hold at most (``longest``), when that is bounded:
  a longer line cannot match, however many of its words the pattern names (a prose
  paragraph that mentions the *next* article is no `Next article` link);
- whether every match holds a digit (``digit``): a date, a count, a code.

A line is then only tried against the patterns that pass these tests. The tests are
conservative: when the parser meets syntax it does not model, the pattern is simply
always tried. So the answer never changes, only the time it takes. Comparisons are
made on ``str.casefold`` of both sides, which is coarser than the case-insensitive
matching the patterns use, so a case variant can never be filtered out.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from ...chars import HSPACE, SPLIT_ONLY

ANY = None  # "any character": the first-character set is unknown or too large

#: Stands for "any decimal digit" in a first-character set (``\d``).
DIGIT = "\x00"

#: Every character ``\\s`` matches, and the separators ``str.split`` also splits on
#: (the test suite checks this set against the regex engine over all of Unicode).
WHITESPACE = frozenset(HSPACE + "\n" + SPLIT_ONLY)

#: Literals shorter than this are not worth a substring test.
MIN_LITERAL = 3

#: At most this many distinct starting strings are tracked for one pattern.
MAX_STARTS = 64

#: Starting strings are cut to this length: longer ones filter no better.
STARTS_LENGTH = 12


class Unsupported(Exception):
    """The pattern uses syntax the parser does not model; it is always tried."""


# Facts and _Node are named tuples rather than frozen dataclasses: a cleaner reads the
# facts of every packaged pattern when it is built, and a tuple is made in a fraction
# of the time (and its class defined in a fraction of the start-up time).


class Facts(NamedTuple):
    """What every match of a pattern has: possible first characters, needed literals."""

    first: frozenset[str] | None  # casefolded first characters; None means unknown
    needs: tuple[frozenset[str], ...]  # each set: one of its casefolded strings occurs
    starts: tuple[str, ...] | None = None  # every match starts with one of these
    longest: int | None = None  # no match is longer; None means unbounded or unknown
    digit: bool = False  # every match holds a decimal digit


class _Node(NamedTuple):
    first: frozenset[str] | None  # first characters of a non-empty match
    nullable: bool  # can match the empty string
    needs: tuple[frozenset[str], ...]  # required literal sets
    literal: str | None = None  # the node is exactly this literal text
    # Every match starts with one of these strings; ``True`` marks a string that is the
    # whole match, which the next item of a sequence may extend. None: unknown.
    pre: frozenset[tuple[str, bool]] | None = None
    # The most characters a match holds (``INFINITE``: no bound).
    longest: float = 1
    # Every match holds a decimal digit.
    digit: bool = False


_SIMPLE_ESCAPES = set(".^$*+?{}[]()|\\/-#&~ :;,'\"!@%=<>_`")
_ZERO_WIDTH = set("bBAZzG")
_CLASS_ESCAPES = set("dDsSwWpPX")


#: Version of what :func:`read_facts` returns: cached facts of another version are
#: not used. Bump it whenever the reading changes.
FACTS_FORMAT = 4

#: The length of a match no bound is known for.
INFINITE = float("inf")


@functools.lru_cache(maxsize=4096)
def facts(pattern: str) -> Facts:
    """:func:`read_facts`, remembered (the packaged patterns' facts are also kept in the
    user's cache: :func:`cleanwire.rules.lines.patterns.packaged_facts`).

    >>> facts(r"\\(?also read:") == read_facts(r"\\(?also read:")
    True
    """
    return read_facts(pattern)


def facts_to_json(found: Facts) -> dict:
    """``found`` as plain JSON data (sorted, so the table's text is stable).

    >>> facts_to_json(read_facts("read more"))
    {'first': ['r'], 'needs': [['read more']], 'starts': ['read more'], 'longest': 9, 'digit': False}
    """
    return {
        "first": None if found.first is None else sorted(found.first),
        "needs": [sorted(need) for need in found.needs],
        "starts": None if found.starts is None else list(found.starts),
        "longest": found.longest,
        "digit": found.digit,
    }


def facts_from_json(entry: dict) -> Facts:
    """The inverse of :func:`facts_to_json`."""
    return Facts(
        None if entry["first"] is None else frozenset(entry["first"]),
        tuple(frozenset(need) for need in entry["needs"]),
        None if entry["starts"] is None else tuple(entry["starts"]),
        entry.get("longest"),
        entry.get("digit", False),
    )


def read_facts(pattern: str) -> Facts:
    """Read ``pattern`` and return its :class:`Facts` (unknown for unmodelled syntax).

    >>> sorted(facts(r"\\(?also read:").first)
    ['(', 'a']
    >>> facts(r".{0,40}contributed").needs
    (frozenset({'contributed'}),)
    >>> facts(r"(?:next|previous) (?:story|post)").longest, facts(r"watch: .*").longest
    (14, None)
    >>> facts(r"updated:? \\d{1,2}:\\d\\d").digit, facts(r"(?:\\d+ )?comments").digit
    (True, False)
    """
    try:
        parser = _Parser(pattern)
        node = parser.alternation()
        if parser.pos != len(pattern):
            raise Unsupported(pattern)
    except (Unsupported, IndexError):
        return Facts(ANY, ())
    first = node.first
    if node.nullable:
        first = ANY  # an empty match starts with whatever follows
    # One literal set is enough to rule most lines out; testing every set costs more
    # than the match attempts it saves.
    usable = list({need for need in node.needs if all(map(_selective, need))})
    # Cheapest first: a set of few literals costs few substring tests.
    # (Ties are broken by the literals themselves, so the choice is the same in every
    # process, whatever the hash seed.)
    ranked = sorted(usable, key=lambda need: (len(need), -min(map(len, need)), sorted(need)))
    starts = None
    if node.pre is not None:
        cut = {text[:STARTS_LENGTH] for text, _ in node.pre}
        if "" not in cut:
            starts = tuple(sorted(cut))
    longest = None if node.longest == INFINITE else int(node.longest)
    return Facts(first, tuple(ranked[:MAX_NEEDS]), starts, longest, node.digit)


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.pos = 0

    def peek(self) -> str:
        return self.p[self.pos] if self.pos < len(self.p) else ""

    def alternation(self) -> _Node:
        branches = [self.concat()]
        while self.peek() == "|":
            self.pos += 1
            branches.append(self.concat())
        if len(branches) == 1:
            return branches[0]
        first: set[str] | None = set()
        for b in branches:
            if b.first is ANY or first is ANY:
                first = ANY
            else:
                first |= b.first
        needs: tuple[frozenset[str], ...] = ()
        best = [_best(b.needs) for b in branches]
        if all(best):
            needs = (frozenset().union(*best),)
        pre = None if any(b.pre is None for b in branches) else frozenset().union(*(b.pre for b in branches))
        return _Node(
            None if first is ANY else frozenset(first), any(b.nullable for b in branches), needs, None, pre,
            max(b.longest for b in branches),
            all(b.digit for b in branches),
        )

    def concat(self) -> _Node:
        items: list[_Node] = []
        while self.pos < len(self.p) and self.peek() not in "|)":
            run = _PLAIN.match(self.p, self.pos)
            if run is not None:
                # A run of ordinary characters is one literal, except a last
                # character that a quantifier applies to.
                text = run.group()
                if self.p[run.end() : run.end() + 1] in ("*", "+", "?", "{"):
                    text = text[:-1]
                if text:
                    self.pos += len(text)
                    items.append(_literal(text))
                    continue
            atom = self.atom()
            atom = self.quantified(atom)
            items.append(atom)
        # First characters: those of each item up to the first that cannot be empty.
        first: set[str] | None = set()
        nullable = True
        for item in items:
            if item.first is ANY:
                first = ANY
                nullable = nullable and item.nullable
                if not item.nullable:
                    break
                continue
            if first is not ANY:
                first |= item.first
            if not item.nullable:
                nullable = False
                break
        needs: list[frozenset[str]] = []
        run = ""
        for item in items:
            if item.literal is not None:
                run += item.literal
                continue
            if run:
                needs.append(frozenset({run}))
                run = ""
            needs.extend(item.needs)
        if run:
            needs.append(frozenset({run}))
        literal = "".join(i.literal for i in items) if items and all(i.literal is not None for i in items) else None
        pre = {("", True)}
        # Runs of plain characters extend the starting strings in one step: building a
        # set per character made reading the rule files a second slower.
        steps: list = []
        for item in items:
            if item.literal is not None and steps and isinstance(steps[-1], str):
                steps[-1] += item.literal
            elif item.literal is not None:
                steps.append(item.literal)
            else:
                steps.append(item.pre)
        for step in steps:
            if not any(whole for _, whole in pre):
                break
            if isinstance(step, str):
                pre = {(text + step, True) if whole else (text, False) for text, whole in pre}
                continue
            if step is None or len(pre) * len(step) > MAX_STARTS:
                pre = {(text, False) for text, _ in pre}
                break
            pre = {
                (text + more, more_whole) if whole else (text, False)
                for text, whole in pre
                for more, more_whole in step
            }
        return _Node(
            None if first is ANY else frozenset(first), nullable, tuple(needs), literal, frozenset(pre),
            sum(item.longest for item in items),
            any(item.digit for item in items),
        )

    def quantified(self, atom: _Node) -> _Node:
        c = self.peek()
        if c in ("?", "*", "+"):
            self.pos += 1
            low = 1 if c == "+" else 0
        elif c == "{":
            end = self.p.find("}", self.pos)
            if end < 0:
                raise Unsupported(self.p)
            body = self.p[self.pos + 1 : end]
            parts = body.split(",")
            if len(parts) > 2 or not all(x.isdigit() or (x == "" and len(parts) == 2) for x in parts):
                raise Unsupported(self.p)  # a literal brace or an odd form: not modelled
            self.pos = end + 1
            low = int(parts[0]) if parts[0] else 0
        else:
            return atom
        if c == "?":
            high = 1
        elif c in "*+" or (c == "{" and len(parts) == 2 and parts[1] == ""):
            high = INFINITE
        else:
            high = int(parts[-1])
        longest = 0 if high == 0 or atom.longest == 0 else atom.longest * high
        if self.peek() in ("?", "+"):  # lazy or possessive: same strings
            self.pos += 1
        pre = None if atom.pre is None else frozenset((text, False) for text, _ in atom.pre)
        if low == 0:
            if pre is not None:
                pre = pre | {("", True)}
                if c == "?":  # at most one copy: a whole copy may be extended
                    pre = atom.pre | {("", True)}
            return _Node(atom.first, True, (), None, pre, longest)
        needs = atom.needs or ((frozenset({atom.literal}),) if atom.literal else ())
        return _Node(atom.first, atom.nullable, needs, None, pre, longest, atom.digit)

    def atom(self) -> _Node:
        c = self.p[self.pos]
        if c == "(":
            return self.group()
        if c == "[":
            return self.char_class()
        if c == "\\":
            return self.escape()
        if c in "^$":
            self.pos += 1
            return _Node(frozenset(), True, (), None, _EMPTY, 0)
        if c == ".":
            self.pos += 1
            return _Node(ANY, False, ())
        if c in "*+?{":
            raise Unsupported(self.p)
        self.pos += 1
        return _literal(c)

    def group(self) -> _Node:
        self.pos += 1
        lookaround = False
        if self.p.startswith(("?:", "?>"), self.pos):  # an atomic group matches a subset: same facts hold
            self.pos += 2
        elif self.p.startswith("?P<", self.pos):
            end = self.p.index(">", self.pos)
            self.pos = end + 1
        elif self.p.startswith(("?=", "?!"), self.pos):
            self.pos += 2
            lookaround = True
        elif self.p.startswith(("?<=", "?<!"), self.pos):
            self.pos += 3
            lookaround = True
        elif self.p.startswith(("?-i:", "?i:"), self.pos):
            # Case scoped on or off: casefolded comparison covers both.
            self.pos = self.p.index(":", self.pos) + 1
        elif self.peek() == "?":
            raise Unsupported(self.p)  # inline flags, atomic groups, conditionals ...
        inner = self.alternation()
        if self.peek() != ")":
            raise Unsupported(self.p)
        self.pos += 1
        if lookaround:
            return _Node(frozenset(), True, (), None, _EMPTY, 0)
        return _Node(inner.first, inner.nullable, inner.needs, inner.literal, inner.pre, inner.longest, inner.digit)

    def char_class(self) -> _Node:
        start = self.pos
        self.pos += 1
        negated = self.peek() == "^"
        if negated:
            self.pos += 1
        chars: set[str] = set()
        self._last = ""
        simple = not negated
        first_item = True
        while True:
            c = self.p[self.pos]
            if c == "]" and not first_item:
                self.pos += 1
                break
            first_item = False
            if c == "[":
                if self.p.startswith("[:", self.pos):
                    end = self.p.index(":]", self.pos)
                    self.pos = end + 2
                    simple = False
                    self._last = ""
                    continue
                raise Unsupported(self.p)  # nested sets are not used in VERSION0
            if c == "\\":
                nxt = self.p[self.pos + 1]
                if nxt in _SIMPLE_ESCAPES:
                    chars.add(nxt)
                    self._last = nxt
                    self.pos += 2
                elif nxt in "pPN" and self.p[self.pos + 2] == "{":
                    self.pos = self.p.index("}", self.pos) + 1
                    simple = False
                    self._last = ""
                elif nxt in "xuU":
                    raise Unsupported(self.p)
                else:
                    self.pos += 2
                    simple = False
                    self._last = ""
                continue
            if c == "-" and self._last and self.p[self.pos + 1] != "]":
                low, high = self._last, self.p[self.pos + 1]
                if high in "\\[" or ord(high) - ord(low) > 256 or ord(high) < ord(low):
                    raise Unsupported(self.p)
                chars.update(chr(o) for o in range(ord(low), ord(high) + 1))
                self.pos += 2
                self._last = ""
                continue
            chars.add(c)
            self._last = c
            self.pos += 1
        if self.pos - start > 400:
            simple = False
        if not simple:
            return _Node(ANY, False, ())
        return _Node(
            frozenset(ch.casefold()[0] for ch in chars), False, (), None, frozenset((ch.casefold(), True) for ch in chars),
            1, all("0" <= ch <= "9" for ch in chars),
        )

    def escape(self) -> _Node:
        nxt = self.p[self.pos + 1]
        if nxt in _ZERO_WIDTH:
            self.pos += 2
            return _Node(frozenset(), True, (), None, _EMPTY, 0)
        if nxt == "d":
            self.pos += 2
            return _Node(frozenset({DIGIT}), False, (), None, None, 1, True)
        if nxt == "s":
            self.pos += 2
            # Lines are matched as keys, whose only whitespace is a plain space.
            return _Node(WHITESPACE, False, (), None, frozenset({(" ", True)}))
        if nxt in _CLASS_ESCAPES:
            if nxt in "pPNX" and self.pos + 2 < len(self.p) and self.p[self.pos + 2] == "{":
                self.pos = self.p.index("}", self.pos) + 1
            else:
                self.pos += 2
            # A grapheme cluster (\X) is a run of characters; every other class one.
            return _Node(ANY, False, (), None, None, INFINITE if nxt == "X" else 1)
        if nxt in _SIMPLE_ESCAPES:
            self.pos += 2
            return _literal(nxt)
        raise Unsupported(self.p)  # \n, \t, \x.., back references, ...


_EMPTY = frozenset({("", True)})

#: At most this many literal sets are tested for one pattern.
MAX_NEEDS = 3


#: Characters that stand for themselves in a pattern.
_PLAIN = re.compile(r"[^\\\[\](){}|.*+?^$]+")


def _literal(c: str) -> _Node:
    folded = c.casefold()
    return _Node(
        frozenset({folded[0]}), False, (), folded, frozenset({(folded, True)}), len(c), any("0" <= x <= "9" for x in c)
    )


def _selective(literal: str) -> bool:
    """Worth a substring test: long enough, or holding a character prose rarely has."""
    return len(literal) >= MIN_LITERAL or any(not (c.isalnum() or c.isspace()) for c in literal)


def _best(needs: tuple[frozenset[str], ...]) -> frozenset[str] | None:
    """The most selective literal set: the one whose shortest string is longest."""
    if not needs:
        return None
    return max(needs, key=lambda s: (min(len(x) for x in s), -len(s)))
