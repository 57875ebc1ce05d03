"""Where a line pattern can backtrack: read its shape, find text it can split many ways.

``regex``, like ``re``, matches by trying the ways a pattern can match a line one
after another. A pattern that can match the same text in many ways makes a line that
fails near its end cost all of them: ``(?:\\w+ ?)+!`` on fifty letters tries more ways
than there are atoms in the world, and ``\\w+\\w+!`` tries every split of the word. So
a pattern is *linear* when no text has two ways through it that meet again, and this
module finds the two shapes that break that:

``nested``
    a repetition whose passes can divide the same text differently, so the ways
    multiply with every pass: ``(?:a|aa)+``, ``(?:\\w+\\s?)+``, or a name repeated
    with an ``and`` between names that a name itself can contain (``AandAand…``);
``adjacent``
    two repetitions next to each other (or with only optional parts between them)
    over characters both accept, so every split of a run between them is tried:
    ``\\w+\\w*``, ``.{0,200}\\s*``, ``[^:]{1,80} ?.{0,40}``.

It reads the pattern into the positions of its characters and the positions that can
follow each one (a Glushkov automaton over a sample of characters, one of every class
that matters), and looks for two runs through the positions that read the same
characters, part, and meet again. Possessive repeats (``*+``, ``++``, ``{m,n}+``) and
atomic groups (``(?>…)``) never give back what they took, so runs that would part
inside one are not counted; that is how a flagged pattern is fixed without changing
what it matches, when the part it makes possessive is never given back in a match.

:func:`worst_lines` writes the lines that make a pattern work hardest: the text that
leads into each repetition, then runs of what that repetition accepts, up to a line's
length, ending so that the match fails. ``benchmarks/adversarial.py`` times every
packaged rule on them, and ``cleanwire lint-rules`` runs them as a last check.

Repeats of up to :data:`UNROLL` passes are read as that many copies; longer ones as
repeats without a bound, which can only find more shapes, never fewer. Lookarounds,
word boundaries and anchors match no characters and are read as empty.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Iterable

import regex

#: Characters every pattern is read against: ASCII, and one or more of every kind of
#: character scraped news holds (no-break space, curly quotes, dashes, bullets,
#: letters with accents, other scripts). Characters the pattern itself names are
#: added to these.
BASE_SAMPLE = (
    "".join(chr(c) for c in range(0x20, 0x7F))
    + "\t\u00a0\u00ad\u200b"
    + "‘’“”«»‹›–—―‐‑•·∙◦‣⁃▪▫►▶■□◆◇●○…©®™€£｜→"
    + "éÉèàÀçÇñÑüÜöÖäÄßøØåÅæ"
    + "ЖжДдΩωΣσ中文ابت١٢"
    + "\u2603"
)

#: A bounded repeat of at most this many passes is read as that many copies.
UNROLL = 4

#: Patterns with more character positions than this are not read (none of the
#: packaged ones comes close; the dynamic check still runs on them).
MAX_POSITIONS = 6000

#: Pairs of positions visited at most when looking for ``nested`` shapes.
MAX_PAIRS = 400_000

#: Two adjacent repeats are reported when the splits of a run between them can cost
#: more than this many attempts (a repeat of at most 40 characters beside another is
#: 1,600 at worst, cheap; one without a bound beside ``.{0,80}`` is 32,000, about a
#: millisecond on a line that fails).
SPLITS = 20_000

#: :func:`worst_lines` starts runs at this many positions of each repetition at most.
PER_LOOP = 3

#: The longest line cleanwire matches a pattern against (``max_line_length``).
LINE_LIMIT = 400


class Unreadable(ValueError):
    """The pattern uses syntax this reader does not model (a back-reference, ...)."""


@dataclass(frozen=True)
class Finding:
    """One shape that makes a pattern backtrack: ``kind`` and a message with a fix hint."""

    kind: str  # "nested" or "adjacent"
    message: str
    #: A word the two runs both read: repeated, it makes the engine try many ways.
    pump: str = ""
    #: Text that leads from the start of the pattern into the repetition.
    lead_in: str = ""


# --------------------------------------------------------------------------- reading


@dataclass(eq=False)
class _Node:
    kind: str  # "set", "seq", "alt", "repeat", "atomic", "empty"
    start: int
    end: int
    mask: int = 0  # "set": the sample characters it matches, as bits
    items: tuple = ()
    low: int = 0
    high: int | None = None
    mode: str = "greedy"  # repeat: greedy, lazy, possessive


_ZERO_WIDTH_ESCAPES = set("AZzGmM")

#: Marks, among the groups a step skips, a word boundary the step crosses (``\b``) or
#: a place that is not one (``\B``): they decide what the step can read next.
_BOUNDARY, _NOT_BOUNDARY = -1, -2
_FLAG_LETTERS = set("aiLmsuxwbefprV0123456789-")


class _Sample:
    """The characters a pattern is read against, and each one's bit."""

    def __init__(self, pattern: str) -> None:
        chars = dict.fromkeys(BASE_SAMPLE)
        for c in pattern:
            if not c.isascii():
                for variant in (c, c.lower(), c.upper(), c.casefold()):
                    if len(variant) == 1:
                        chars[variant] = None
        self.chars = list(chars)
        self.key = "".join(self.chars)
        self.all = (1 << len(self.chars)) - 1
        self._by_fold: dict[str, int] = {}
        self._exact: dict[str, int] = {}
        for i, c in enumerate(self.chars):
            self._by_fold[c.casefold()] = self._by_fold.get(c.casefold(), 0) | 1 << i
            self._by_fold.setdefault(c, 0)
            self._by_fold[c] |= 1 << i
            self._exact[c] = 1 << i
        self.word = self.members(r"\w", False, 0)
        self.lower = self.members(r"[^\p{Lu}]", False, 0)

    def members(self, source: str, icase: bool, flags: int) -> int:
        """The sample characters that ``source`` (one character class, escape or character) matches."""
        if len(source) == 1 and source != "." or len(source) == 2 and source[0] == "\\" and not source[1].isalnum():
            # A plain character: itself, and its other cases when case is ignored.
            c = source[-1]
            found = self._by_fold.get(c.casefold() if icase else c, 0)
            if not icase:
                return found & self._exact.get(c, 0)
            return found
        key = (source, (regex.IGNORECASE if icase else 0) | flags, self.key)
        mask = _MASKS.get(key)
        if mask is None:
            found = _matcher(source, key[1])
            mask = 0
            for i, c in enumerate(self.chars):
                if found(c):
                    mask |= 1 << i
            _MASKS[key] = mask
        return mask

    def pick(self, mask: int, prefer: str = "a e 1.") -> str:
        """A character of ``mask``: the first of ``prefer`` it holds, else a lower-case one if any."""
        for c in prefer:
            bit = self._exact.get(c, 0)
            if mask & bit:
                return c
        lower = mask & self.lower or mask
        low = lower & -lower
        return self.chars[low.bit_length() - 1]


#: Masks of character classes already read, by source, flags and sample.
_MASKS: dict[tuple[str, int, str], int] = {}


@functools.lru_cache(maxsize=4096)
def _matcher(source: str, flags: int):
    compiled = regex.compile(source, flags)

    @functools.lru_cache(maxsize=None)
    def found(c: str) -> bool:
        return compiled.fullmatch(c) is not None

    return found


class _Reader:
    """Recursive descent over the pattern syntax line patterns use."""

    def __init__(self, pattern: str, icase: bool, sample: _Sample, flags: int) -> None:
        self.p = pattern
        self.pos = 0
        self.sample = sample
        self.flags = flags  # VERSION flags, passed on when a leaf is compiled alone
        self.icase = icase

    def read(self) -> _Node:
        node = self.alternation(self.icase)
        if self.pos != len(self.p):
            raise Unreadable(f"unbalanced ')' at {self.pos}")
        return node

    def peek(self, n: int = 1) -> str:
        return self.p[self.pos : self.pos + n]

    def alternation(self, icase: bool) -> _Node:
        start = self.pos
        branches = [self.sequence(icase)]
        while self.peek() == "|":
            self.pos += 1
            branches.append(self.sequence(icase))
        if len(branches) == 1:
            return branches[0]
        return _Node("alt", start, self.pos, items=tuple(branches))

    def sequence(self, icase: bool) -> _Node:
        start = self.pos
        items = []
        while self.pos < len(self.p) and self.peek() not in "|)":
            if self.p.startswith("(?", self.pos) and self._global_flags():
                icase = self.icase
                continue
            atom = self.atom(icase)
            items.append(self.quantified(atom))
        if len(items) == 1:
            return items[0]
        return _Node("seq", start, self.pos, items=tuple(items))

    def _global_flags(self) -> bool:
        """Read ``(?i)``-style flags that apply from here on; False if not such a group."""
        m = regex.match(r"\(\?([a-zA-Z0-9-]*)\)", self.p[self.pos :])
        if m is None or not m.group(1):
            return False
        letters = m.group(1)
        if "x" in letters.split("-")[0]:
            raise Unreadable("verbose patterns are not read")
        on, _, off = letters.partition("-")
        if "i" in on:
            self.icase = True
        if "i" in off:
            self.icase = False
        self.pos += m.end()
        return True

    def quantified(self, atom: _Node) -> _Node:
        c = self.peek()
        if c == "*":
            low, high, size = 0, None, 1
        elif c == "+":
            low, high, size = 1, None, 1
        elif c == "?":
            low, high, size = 0, 1, 1
        elif c == "{":
            m = regex.match(r"\{(\d*)(,?)(\d*)\}", self.p[self.pos :])
            if m is None or (not m.group(1) and not m.group(3)):
                return atom  # a literal brace
            low = int(m.group(1) or 0)
            high = low if not m.group(2) else (int(m.group(3)) if m.group(3) else None)
            size = m.end()
        else:
            return atom
        self.pos += size
        mode = "greedy"
        if self.peek() == "?":
            mode = "lazy"
            self.pos += 1
        elif self.peek() == "+":
            mode = "possessive"
            self.pos += 1
        if self.peek() and self.peek() in "*+?" or regex.match(r"\{\d*,?\d*\}", self.p[self.pos :]):
            node = _Node("repeat", atom.start, self.pos, items=(atom,), low=low, high=high, mode=mode)
            return self.quantified(node)
        return _Node("repeat", atom.start, self.pos, items=(atom,), low=low, high=high, mode=mode)

    def leaf(self, start: int, icase: bool) -> _Node:
        return _Node("set", start, self.pos, mask=self.sample.members(self.p[start : self.pos], icase, self.flags))

    def atom(self, icase: bool) -> _Node:
        start = self.pos
        c = self.p[self.pos]
        if c == "(":
            return self.group(icase)
        if c == "[":
            self.pos = _class_end(self.p, self.pos)
            return self.leaf(start, icase)
        if c == "\\":
            return self.escape(icase)
        if c in "^$":
            self.pos += 1
            return _Node("empty", start, self.pos)
        if c in "*+?":
            raise Unreadable(f"nothing to repeat at {self.pos}")
        self.pos += 1
        return self.leaf(start, icase)

    def escape(self, icase: bool) -> _Node:
        start = self.pos
        if self.pos + 1 >= len(self.p):
            raise Unreadable("trailing backslash")
        nxt = self.p[self.pos + 1]
        if nxt in _ZERO_WIDTH_ESCAPES:
            self.pos += 2
            return _Node("empty", start, self.pos)
        if nxt in "bB":
            self.pos += 2
            return _Node("boundary" if nxt == "b" else "inside", start, self.pos)
        if nxt.isdigit() and nxt != "0" or nxt in "gKX":
            raise Unreadable(f"\\{nxt} is not read")
        if nxt in "pPN" and self.p[self.pos + 2 : self.pos + 3] == "{":
            self.pos = self.p.index("}", self.pos) + 1
        elif nxt in "pP":
            self.pos += 3
        elif nxt == "x" and self.p[self.pos + 2 : self.pos + 3] == "{":
            self.pos = self.p.index("}", self.pos) + 1
        elif nxt == "x":
            self.pos += 4
        elif nxt == "u":
            self.pos += 6
        elif nxt == "U":
            self.pos += 10
        elif nxt == "0":
            m = regex.match(r"\\0[0-7]{0,2}", self.p[self.pos :])
            self.pos += m.end()
        else:
            self.pos += 2
        return self.leaf(start, icase)

    def group(self, icase: bool) -> _Node:
        start = self.pos
        self.pos += 1
        kind = "group"
        if self.peek() == "?":
            rest = self.p[self.pos :]
            if rest.startswith(("?:", "?|")):
                self.pos += 2
            elif rest.startswith("?P<") or rest.startswith("?<") and not rest.startswith(("?<=", "?<!")):
                self.pos = self.p.index(">", self.pos) + 1
            elif rest.startswith(("?=", "?!")):
                self.pos += 2
                kind = "look"
            elif rest.startswith(("?<=", "?<!")):
                self.pos += 3
                kind = "look"
            elif rest.startswith("?>"):
                self.pos += 2
                kind = "atomic"
            elif rest.startswith("?#"):
                self.pos = self.p.index(")", self.pos) + 1
                return _Node("empty", start, self.pos)
            else:
                m = regex.match(r"\?([a-zA-Z0-9]*)(?:-([a-zA-Z0-9]*))?:", rest)
                if m is None:
                    raise Unreadable(f"group syntax at {start} is not read")
                if "x" in (m.group(1) or ""):
                    raise Unreadable("verbose patterns are not read")
                if "i" in (m.group(1) or ""):
                    icase = True
                if "i" in (m.group(2) or ""):
                    icase = False
                self.pos += m.end()
        saved = self.icase
        inner = self.alternation(icase)
        self.icase = saved
        if self.peek() != ")":
            raise Unreadable(f"missing ) for the group at {start}")
        self.pos += 1
        if kind == "look":
            return _Node("empty", start, self.pos)
        if kind == "atomic":
            return _Node("atomic", start, self.pos, items=(inner,))
        return _Node("seq", start, self.pos, items=(inner,))


def _class_end(pattern: str, i: int) -> int:
    """Index just past the character class starting at ``pattern[i] == '['``."""
    j = i + 1
    if pattern[j : j + 1] == "^":
        j += 1
    if pattern[j : j + 1] == "]":
        j += 1
    depth = 1
    while j < len(pattern):
        c = pattern[j]
        if c == "\\":
            j += 2
            continue
        if c == "[" and pattern[j + 1 : j + 2] == ":":
            end = pattern.find(":]", j + 2)
            j = end + 2 if end != -1 else j + 1
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    raise Unreadable("unterminated character class")


# --------------------------------------------------------------------------- positions


@dataclass
class _Frag:
    """What a piece of pattern contributes: its first and last positions, and whether it can be empty.

    ``first`` and ``last`` map a position to the atomic groups a step through it skips
    (a possessive repeat that matched nothing), which decide what that step can read.
    """

    first: dict[int, frozenset[int]]
    last: dict[int, frozenset[int]]
    nullable: bool
    skips: frozenset[int] = frozenset()  # atomic groups an empty match passes over


_NONE: frozenset[int] = frozenset()


class _Automaton:
    """Positions of a pattern's character sets and the steps between them."""

    def __init__(self, node: _Node, sample: _Sample, source: str) -> None:
        self.sample = sample
        self.source = source
        self.masks: list[int] = []
        self.spans: list[tuple[int, int]] = []
        self.groups: list[frozenset[int]] = []  # enclosing atomic groups
        # Enclosing repeats (start, end, most passes, mode), outermost first.
        self.loops: list[tuple[tuple[int, int, int | None, str], ...]] = []
        self.follow: list[dict[tuple[int, int], frozenset[int]]] = []  # (q, route) -> groups skipped
        self.restrict: dict[int, int] = {}  # atomic group -> characters it never gives up
        self._atomic_count = 0
        self._routes = 0
        self._groups_now: frozenset[int] = _NONE
        self._loops_now: tuple[tuple[int, int, int | None, str], ...] = ()
        self._steps: dict[int, list] = {}
        self._reached: dict[int, tuple[int | None, str]] | None = None
        whole = self.build(node)
        self.start = whole.first
        self.final = whole.last
        self.nullable = whole.nullable

    def position(self, node: _Node) -> _Frag:
        p = len(self.masks)
        if p >= MAX_POSITIONS:
            raise Unreadable("too large to read")
        self.masks.append(node.mask)
        self.spans.append((node.start, node.end))
        self.groups.append(self._groups_now)
        self.loops.append(self._loops_now)
        self.follow.append({})
        return _Frag({p: _NONE}, {p: _NONE}, False)

    def link(self, last: dict[int, frozenset[int]], first: dict[int, frozenset[int]], route: int = 0) -> None:
        """Add the steps from every position of ``last`` to every one of ``first``.

        ``route`` tells steps between the same two positions apart when they come from
        different places in the pattern (carrying on inside a repeat, or starting its
        next pass): the engine tries each, so two runs taking one each have parted.
        """
        for p, skip_p in last.items():
            out = self.follow[p]
            for q, skip_q in first.items():
                skip = skip_p | skip_q
                key = (q, route)
                out[key] = out[key] & skip if key in out else skip  # fewer skips: the step is freer

    def build(self, node: _Node) -> _Frag:
        kind = node.kind
        if kind == "set":
            return self.position(node)
        if kind == "empty":
            return _Frag({}, {}, True)
        if kind in ("boundary", "inside"):
            return _Frag({}, {}, True, frozenset({_BOUNDARY if kind == "boundary" else _NOT_BOUNDARY}))
        if kind == "seq":
            return self.concat([lambda n=n: self.build(n) for n in node.items])
        if kind == "alt":
            parts = [self.build(n) for n in node.items]
            first: dict[int, frozenset[int]] = {}
            last: dict[int, frozenset[int]] = {}
            for part in parts:
                first.update(part.first)
                last.update(part.last)
            nulls = [part for part in parts if part.nullable]
            skips = _NONE if not nulls else frozenset.intersection(*(part.skips for part in nulls))
            return _Frag(first, last, bool(nulls), skips)
        if kind == "atomic":
            return self.atomic(lambda: self.build(node.items[0]), None)
        if kind == "repeat":
            if node.mode == "possessive":
                body = node.items[0]
                whole = None
                if body.kind == "set" and node.high is None:
                    whole = body.mask
                return self.atomic(lambda: self.repeat(node), whole)
            return self.repeat(node)
        raise AssertionError(kind)

    def atomic(self, build, restrict: int | None) -> _Frag:
        a = self._atomic_count
        self._atomic_count += 1
        if restrict is not None:
            self.restrict[a] = restrict
        saved = self._groups_now
        self._groups_now = saved | {a}
        try:
            frag = build()
        finally:
            self._groups_now = saved
        if frag.nullable:
            frag.skips = frag.skips | {a}
            frag.first = {q: s for q, s in frag.first.items()}
        return frag

    def concat(self, builders) -> _Frag:
        first: dict[int, frozenset[int]] = {}
        last: dict[int, frozenset[int]] = {}
        nullable = True
        skips = _NONE
        for build in builders:
            part = build()
            self.link(last, part.first)
            if nullable:
                for q, s in part.first.items():
                    first[q] = s | skips
            if part.nullable:
                last = {p: s | part.skips for p, s in last.items()}
                last.update(part.last)
                skips = skips | part.skips
            else:
                last = dict(part.last)
                nullable = False
                skips = _NONE
        return _Frag(first, last, nullable, skips if nullable else _NONE)

    def repeat(self, node: _Node) -> _Frag:
        body, low, high = node.items[0], node.low, node.high
        if high == 0:
            return _Frag({}, {}, True)
        if high is not None and (high <= UNROLL or (low == high and high <= 2 * UNROLL)):
            # Exact copies: low required ones, then high - low optional ones, nested.
            def optional_tail(count: int):
                if count == 0:
                    return _Frag({}, {}, True)
                return self.optional(lambda: self.concat([lambda: self.build(body), lambda: optional_tail(count - 1)]))

            builders = [lambda: self.build(body) for _ in range(low)]
            builders.append(lambda: optional_tail(high - low))
            return self.concat(builders)
        # A loop: one copy that can repeat (and be skipped if low == 0).
        saved = self._loops_now
        self._loops_now = saved + ((node.start, node.end, high, node.mode),)
        try:
            frag = self.build(body)
        finally:
            self._loops_now = saved
        self._routes += 1
        self.link(frag.last, frag.first, self._routes)
        if low == 0 and not frag.nullable:
            return _Frag(frag.first, frag.last, True, _NONE)
        return frag

    def optional(self, build) -> _Frag:
        frag = build()
        return _Frag(frag.first, frag.last, True, frag.skips if frag.nullable else _NONE)

    # ------------------------------------------------------------------ steps

    def label(self, p: int | None, q: int, skips: frozenset[int]) -> int:
        """The characters a step from ``p`` (None: the start) into ``q`` can read."""
        mask = self.masks[q]
        left = (self.groups[p] - self.groups[q]) if p is not None else _NONE
        for a in left | skips:
            if a < 0:
                if p is not None:
                    word = self.sample.word
                    before = self.masks[p]
                    if before & word == before:  # after a word character
                        mask &= ~word if a == _BOUNDARY else word
                    elif not before & word:
                        mask &= word if a == _BOUNDARY else ~word
                continue
            whole = self.restrict.get(a)
            if whole is not None:
                mask &= ~whole
        return mask

    def steps(self, p: int) -> list[tuple[int, int, frozenset[int]]]:
        """``(q, characters, skips)`` of every step from ``p``, one per route."""
        found = self._steps.get(p)
        if found is None:
            found = self._steps[p] = [(q, self.label(p, q, s), s) for (q, _), s in self.follow[p].items()]
        return found

    def reached(self) -> dict[int, tuple[int | None, str]]:
        """Every position a match can reach, with the one before it on a shortest way there and the character read."""
        if self._reached is None:
            from collections import deque

            prev: dict[int, tuple[int | None, str]] = {}
            queue = deque()
            for q, s in self.start.items():
                mask = self.label(None, q, s)
                if mask and q not in prev:
                    prev[q] = (None, self.sample.pick(mask))
                    queue.append(q)
            while queue:
                p = queue.popleft()
                for q, mask, _ in self.steps(p):
                    if mask and q not in prev:
                        prev[q] = (p, self.sample.pick(mask))
                        queue.append(q)
            self._reached = prev
        return self._reached

    def loops_at(self, p: int) -> int:
        """The characters ``p`` can read again right after itself (0: it cannot)."""
        mask = 0
        for q, label, _ in self.steps(p):
            if q == p:
                mask |= label
        return mask

    def parting_allowed(self, p: int, q: int, sq: frozenset[int], r: int, sr: frozenset[int]) -> bool:
        """Whether two runs at ``p`` can step to ``q`` and ``r`` (q != r) on one character.

        An atomic group decides alone where it ends: two runs inside one (or entering
        it together, or one entering and one skipping it) cannot part there.
        """
        gp, gq, gr = self.groups[p], self.groups[q], self.groups[r]
        if gp & (gq | gr):
            return False
        if (gq & gr) - gp:
            return False
        if (gq - gp) & sr or (gr - gp) & sq:
            return False
        return True

    def text(self, p: int) -> str:
        start, end = self.spans[p]
        return self.source[start:end]


# --------------------------------------------------------------------------- shapes


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(c: str) -> str:
    return repr(c)


def _takes_the_rest(aut: _Automaton, p: int, anything: int) -> bool:
    """Whether ``p`` is a greedy repeat without bound of any character that may end the match.

    Such a repeat (``.*`` at the end) takes the rest of the line on its first try and
    the match ends there, so nothing after it ever makes it give characters back.
    """
    loops = aut.loops[p]
    return (
        bool(loops)
        and loops[-1][2] is None
        and loops[-1][3] == "greedy"
        and aut.masks[p] & anything == anything
        and p in aut.final
    )


def _adjacent(aut: _Automaton, folded: bool, limit: int, trail_from: int | None = None) -> list[Finding]:
    """Two repeats in a row over shared characters whose splits cost more than :data:`SPLITS`.

    Each split of a run between them costs a new attempt at what follows, so two
    repeats of at most ``m`` and ``n`` characters cost about ``m * n`` steps on a
    line that fails; a repeat without a bound counts as ``limit``, the longest line.
    With ``folded`` the text is a line key, whose whitespace comes one character at a
    time, so a run of whitespace is no run at all.
    """
    found = []
    seen = set()
    blank = aut.sample.members(r"\s", False, 0) if folded else 0
    anything = aut.sample.members(".", False, 0)
    for p in range(len(aut.masks)):
        loop_p = aut.loops_at(p)
        if not loop_p or _takes_the_rest(aut, p, anything):
            continue
        self_skips = next(s for q, _, s in aut.steps(p) if q == p)
        for q, label, sq in aut.steps(p):
            if q == p:
                continue
            common = loop_p & label & aut.loops_at(q) & ~blank
            if not common or not aut.parting_allowed(p, p, self_skips, q, sq):
                continue
            if _passes(aut, p, limit) * _passes(aut, q, limit) <= SPLITS:
                continue
            key = (aut.spans[p], aut.spans[q])
            if key in seen:
                continue
            seen.add(key)
            c = aut.sample.pick(common)
            left = _loop_text(aut, p)
            right = _loop_text(aut, q)
            if trail_from is not None and aut.spans[q][0] >= trail_from:
                message = (
                    f"the repeat {_short(left)!r} can end the pattern and matches {_shown(c)}, as do the "
                    "spaces and full stops cleanwire lets a line end with, so a line ending in a long run "
                    "of them is tried at every split; make it possessive "
                    f"({_possessive_hint(left)}): at the end of a pattern that matches the same lines"
                )
            else:
                message = (
                    f"the repeats {_short(left)!r} and {_short(right)!r} follow each other and both match "
                    f"{_shown(c)}, so every split of a run of such characters between them is tried; "
                    f"make the first possessive ({_possessive_hint(left)}) if it never has to give characters "
                    "back, or put a character only one of them matches between them"
                )
            found.append(Finding("adjacent", message, pump=c, lead_in=_lead_in(aut, p)))
    return found


def _loop_text(aut: _Automaton, p: int) -> str:
    """The innermost repeat around position ``p`` as written, or the position itself."""
    loops = aut.loops[p]
    if loops:
        start, end = loops[-1][:2]
        return aut.source[start:end]
    return aut.text(p)


def _passes(aut: _Automaton, p: int, limit: int) -> int:
    """How many characters the innermost repeat around ``p`` can take, at most ``limit``."""
    loops = aut.loops[p]
    if not loops or loops[-1][2] is None:
        return limit
    return min(loops[-1][2], limit)


def _possessive_hint(text: str) -> str:
    for quantifier in ("*", "+", "}"):
        if text.endswith(quantifier):
            return f"{_short(text, 40)}+"
    if text.endswith("?") and len(text) > 1 and text[-2] in "*+}":
        return f"{_short(text[:-1], 40)}+"
    return f"(?>{_short(text, 40)})"


def _nested(aut: _Automaton) -> list[Finding]:
    """Two runs that start together at a position, part, and come back to it together.

    Searches the graph of the pairs of positions two runs reading the same characters
    can be at. Two runs at one position part when they take different steps (to
    different positions, or to one position by different routes). A strongly
    connected part of the graph that holds a pair of equal positions and a parting
    step means the runs can part and meet again as often as the text allows: the
    ways to match double with every pass.
    """
    n = len(aut.masks)
    # Runs that part and meet again at ``p`` stay on a cycle through ``p``: only pairs
    # of positions of one strongly connected part of the automaton need a look.
    part = _components(aut)

    def successors(pair: tuple[int, int]) -> list[tuple[tuple[int, int], bool]]:
        p, q = pair
        home = part[p]
        out = []
        if p == q:
            steps = [step for step in aut.steps(p) if step[1] and part[step[0]] == home]
            for i, (a, la, sa) in enumerate(steps):
                out.append(((a, a), False))
                for b, lb, sb in steps[i + 1 :]:
                    if la & lb and aut.parting_allowed(p, a, sa, b, sb):
                        out.append(((min(a, b), max(a, b)), True))
        else:
            for a, la, _ in aut.steps(p):
                if not la or part[a] != home:
                    continue
                for b, lb, _ in aut.steps(q):
                    if la & lb and part[b] == home:
                        out.append(((min(a, b), max(a, b)), False))
        return out

    index: dict[tuple[int, int], int] = {}
    low: dict[tuple[int, int], int] = {}
    on_stack: set[tuple[int, int]] = set()
    stack: list[tuple[int, int]] = []
    edges: dict[tuple[int, int], list] = {}
    findings: list[Finding] = []
    reported: set = set()
    counter = 0
    for root in range(n):
        if (root, root) in index or part[root] < 0:
            continue
        work = [((root, root), 0)]
        while work:
            pair, i = work.pop()
            if i == 0:
                if len(index) > MAX_PAIRS:
                    return findings
                index[pair] = low[pair] = counter
                counter += 1
                stack.append(pair)
                on_stack.add(pair)
                edges[pair] = successors(pair)
            out = edges[pair]
            descended = False
            while i < len(out):
                nxt = out[i][0]
                i += 1
                if nxt not in index:
                    work.append((pair, i))
                    work.append((nxt, 0))
                    descended = True
                    break
                if nxt in on_stack:
                    low[pair] = min(low[pair], index[nxt])
            if descended:
                continue
            if low[pair] == index[pair]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == pair:
                        break
                finding = _mixed(aut, component, edges, reported)
                if finding is not None:
                    findings.append(finding)
                for member in component:
                    del edges[member]
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[pair])
    return findings


def _components(aut: _Automaton) -> list[int]:
    """For every position, the strongly connected part of the automaton it is in; -1 off every cycle."""
    n = len(aut.masks)
    index = [-1] * n
    low = [0] * n
    part = [-1] * n
    on_stack = [False] * n
    stack: list[int] = []
    counter = 0
    parts = 0
    nexts = [[q for q, label, _ in aut.steps(p) if label] for p in range(n)]
    for root in range(n):
        if index[root] >= 0:
            continue
        work = [(root, 0)]
        while work:
            p, i = work.pop()
            if i == 0:
                index[p] = low[p] = counter
                counter += 1
                stack.append(p)
                on_stack[p] = True
            out = nexts[p]
            descended = False
            while i < len(out):
                q = out[i]
                i += 1
                if index[q] < 0:
                    work.append((p, i))
                    work.append((q, 0))
                    descended = True
                    break
                if on_stack[q]:
                    low[p] = min(low[p], index[q])
            if descended:
                continue
            if low[p] == index[p]:
                members = []
                while True:
                    top = stack.pop()
                    on_stack[top] = False
                    members.append(top)
                    if top == p:
                        break
                cyclic = len(members) > 1 or p in out
                for member in members:
                    part[member] = parts if cyclic else -1
                parts += 1
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[p])
    return part


def _mixed(aut: _Automaton, component, edges, reported) -> Finding | None:
    """A finding if ``component`` holds an equal pair and a parting step inside it."""
    members = set(component)
    equal = [pair for pair in component if pair[0] == pair[1]]
    if not equal:
        return None
    parting = next(
        ((pair, nxt) for pair in equal for nxt, marked in edges[pair] if marked and nxt in members), None
    )
    if parting is None:
        return None
    (p, _), (a, b) = parting
    loop = _enclosing_loop(aut, [p, a, b])
    if loop in reported:
        return None
    reported.add(loop)
    word = _pump(aut, p, members)
    left, right = aut.text(a), aut.text(b)
    shown = _short(aut.source[loop[0] : loop[1]]) if loop else _short(aut.source)
    via = f" (through {_short(left, 30)!r} or {_short(right, 30)!r})" if left != right else ""
    example = (word * (1 + 12 // max(1, len(word))))[:24] if word else ""
    return Finding(
        "nested",
        f"the repeat {shown!r} can match text such as {example!r} in more than one way on each pass{via}, "
        "so the ways multiply with every pass; make the inner part possessive or atomic (*+, ++, (?>...)), "
        "or require a separator that only one way can match",
        pump=word,
        lead_in=_lead_in(aut, p),
    )


def _enclosing_loop(aut: _Automaton, positions: list[int]) -> tuple[int, int] | None:
    common = None
    for p in positions:
        loops = aut.loops[p]
        common = list(loops) if common is None else [x for x, y in zip(common, loops) if x == y]
    return common[0][:2] if common else None


def _pump(aut: _Automaton, p: int, members: set) -> str:
    """The characters two runs read from position ``p`` that part and meet at ``p`` again."""
    from collections import deque

    start = ((p, p), False)
    goal = ((p, p), True)
    prev: dict = {start: None}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        if state == goal:
            chars = []
            while prev[state] is not None:
                state, c = prev[state]
                chars.append(c)
            return "".join(reversed(chars))
        (x, y), parted = state
        if x == y:
            steps = aut.steps(x)
            moves = []
            for i, (a, la, sa) in enumerate(steps):
                moves.append((a, a, la, False))
                for b, lb, sb in steps[i + 1 :]:
                    if aut.parting_allowed(x, a, sa, b, sb):
                        moves.append((a, b, la & lb, True))
        else:
            moves = [(a, b, la & lb, False) for a, la, _ in aut.steps(x) for b, lb, _ in aut.steps(y)]
        for a, b, both, parts in moves:
            pair = (min(a, b), max(a, b))
            nxt = (pair, parted or parts)
            if both and pair in members and nxt not in prev:
                prev[nxt] = (state, aut.sample.pick(both))
                queue.append(nxt)
    return ""


def _lead_in(aut: _Automaton, target: int) -> str:
    """The shortest text from the start of the pattern to position ``target``, inclusive ("" if none)."""
    prev = aut.reached()
    if target not in prev:
        return ""
    chars = []
    at: int | None = target
    while at is not None:
        at, c = prev[at]
        chars.append(c)
    return "".join(reversed(chars))


# --------------------------------------------------------------------------- entry points

def wrapped(pattern: str) -> str:
    """A line pattern as cleanwire matches a line key with it (``cleanwire.rules.lines``):
    after the run of leading bullets it skips, and with the trailing spaces and full stops."""
    from .rules.lines import TRAIL, branch_for

    return branch_for(pattern) + TRAIL


@functools.lru_cache(maxsize=1024)
def _automaton(pattern: str, icase: bool, version: int) -> _Automaton:
    sample = _Sample(pattern)
    node = _Reader(pattern, icase, sample, version).read()
    return _Automaton(node, sample, pattern)


def findings(
    pattern: str, *, icase: bool = True, version: int = regex.VERSION0, folded: bool = False, limit: int = LINE_LIMIT
) -> list[Finding]:
    """The shapes that make ``pattern`` backtrack, as it is written (not wrapped).

    Raises :class:`Unreadable` for syntax the reader does not model.

    >>> [f.kind for f in findings(r"(?:a|aa)+b")]
    ['nested']
    >>> [f.kind for f in findings(r"\\w+\\w*!")]
    ['adjacent']
    >>> findings(r"\\w++\\w*!"), findings(r"(?:\\w+ )*\\w+!"), findings(r"also read: .*")
    ([], [], [])
    """
    aut = _automaton(pattern, icase, version)
    return _nested(aut) + _adjacent(aut, folded, limit)


def line_findings(pattern: str, limit: int = LINE_LIMIT) -> list[Finding]:
    """:func:`findings` of a boilerplate pattern as cleanwire runs it on a line key.

    >>> [f.kind for f in line_findings(r"(?:©|\\(c\\))\\s*.{0,150}")]
    ['adjacent']
    >>> line_findings(r"(?:©|\\(c\\))\\s*.{0,150}+")
    []
    """
    from .rules.lines import TRAIL

    source = wrapped(pattern)
    aut = _automaton(source, True, regex.VERSION0)
    return _nested(aut) + _adjacent(aut, True, limit, trail_from=len(source) - len(TRAIL))


def worst_lines(pattern: str, limit: int = 400, wrap: bool = True) -> list[str]:
    """Lines that make ``pattern`` work hardest, each at most ``limit`` characters.

    For every repetition: the text that leads into it, then runs of characters it
    accepts (choosing, at every step, a character another way could take too), up to
    ``limit``, then an ending that makes the match fail. For every shape
    :func:`findings` reports, its own lead-in and the word that makes the ways
    multiply. Unreadable patterns give no lines.

    >>> lines = worst_lines(r"with inputs from \\w+(?: \\w+)*", limit=40)
    >>> all(len(line) <= 40 for line in lines), any(line.startswith("with inputs from ") for line in lines)
    (True, True)
    """
    pumps: list[tuple[str, str]] = []
    for source in [wrapped(pattern) if wrap else pattern]:
        try:
            aut = _automaton(source, True, regex.VERSION0)
        except Unreadable:
            continue
        pumps += _pumps(aut, wrap, limit)
    lines = []
    seen = set()
    for lead, pump in pumps:
        if not pump:
            continue
        room = max(0, limit - len(lead) - 1)
        body = lead + (pump * (room // len(pump) + 1))[:room]
        for ending in ("\u2603", "!", ":"):
            line = (body + ending)[:limit]
            if line not in seen:
                seen.add(line)
                lines.append(line)
    return lines


def _pumps(aut: _Automaton, folded: bool, limit: int) -> list[tuple[str, str]]:
    """(lead-in, word to repeat) for every shape found and every repetition of ``aut``."""
    shapes = _nested(aut) + _adjacent(aut, folded, limit)
    pumps: list[tuple[str, str]] = [(f.lead_in, f.pump) for f in shapes if f.pump]
    # Every repetition, through a few of its positions (an alternation of words inside
    # one has a position per letter; a few of them show what a run of it costs).
    per_loop: dict = {}
    for p in range(len(aut.masks)):
        if aut.loops[p]:
            loop = aut.loops[p][-1][:2]
        elif aut.loops_at(p):
            loop = aut.spans[p]
        else:
            continue
        taken = per_loop.setdefault(loop, [])
        if len(taken) >= PER_LOOP:
            continue
        lead = _lead_in(aut, p)
        word = _cycle(aut, p) if lead else ""
        if word:
            taken.append(p)
            pumps.append((lead[:-1], word))
    return pumps


def _cycle(aut: _Automaton, target: int) -> str:
    """The characters of a shortest way from position ``target`` back to itself."""
    from collections import deque

    prev: dict[int, tuple[int, str]] = {}
    queue = deque()
    for q, mask, _ in aut.steps(target):
        if mask and q not in prev:
            prev[q] = (target, _ambiguous_pick(aut, target, q, mask))
            queue.append(q)
    while queue:
        p = queue.popleft()
        if p == target:
            chars = []
            at = p
            while True:
                back, c = prev[at]
                chars.append(c)
                if back == target:
                    break
                at = back
            return "".join(reversed(chars))
        for q, mask, _ in aut.steps(p):
            if mask and q not in prev:
                prev[q] = (p, _ambiguous_pick(aut, p, q, mask))
                queue.append(q)
    return ""


def _ambiguous_pick(aut: _Automaton, p: int, q: int, mask: int) -> str:
    """A character of ``mask`` that another step from ``p`` could read too, if any."""
    others = 0
    for r, other, _ in aut.steps(p):
        if r != q:
            others |= other
    both = mask & others
    return aut.sample.pick(both or mask)

