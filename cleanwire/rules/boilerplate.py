"""CW1xx-CW5xx, stage ``lines``: remove boilerplate lines, described as data.

Each boilerplate rule is a record in a TOML file (``cleanwire/data/boilerplate.toml``
for the packaged ones): code, name, summary, why, a position, regular expressions and
examples. The patterns of all selected rules are compiled into one alternation per
position, so a line costs one match attempt however many rules are on.

Matching happens on a *key* of each line: surrounding whitespace stripped and every
run of whitespace (no-break spaces included) folded to one space, so a pattern written
with plain spaces matches ``ALSO READ:\\u00a0...``. Leading bullets and dashes
(``•``, ``-``, ``|``, ``>``) are skipped before the pattern. Matching is
case-insensitive and must cover the whole line: a rule never removes part of a line,
and never edits a line it keeps.

Positions:

``anywhere``
    the line is boilerplate wherever it stands.
``leading``
    only inside the leading block: every non-blank line above it is removed too.
``trailing``
    only inside the trailing block: every non-blank line below it is removed too
    (a bare ``Reuter`` sign-off, ``More to follow``).
``head``
    only above the first prose line (a line of 20 words or more), where page
    furniture such as a comment counter sits.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Iterable, Mapping

import regex

from ..datafiles import load_packaged_toml
from ..chars import OTHER_SPACES
from ..model import ALWAYS, ChangeLog, Edit, Example, Rule, Stage, Step, View
from . import prefilter

POSITIONS = ("anywhere", "leading", "trailing", "head")

#: Bullets, dashes and separators that may precede a boilerplate line, by kind: the
#: class item and the characters that stand for it. Whitespace comes with all of them.
#: See :func:`branch_for` for how a pattern skips them.
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

#: A user pattern that runs longer than this (seconds) is treated as no match,
#: so one catastrophic pattern cannot stall a corpus run.
PATTERN_TIMEOUT = 0.05

PROSE_WORDS = 20


class PatternError(ValueError):
    """A boilerplate pattern or rule record is invalid; the message names it."""


def line_key(line: str) -> str:
    """The text a pattern is matched against: whitespace trimmed and folded."""
    return " ".join(line.split())


_MACRO = regex.compile(r"<<([A-Z_]+)>>")
_RULE_CODE = regex.compile(r"CW\d{3}")


def expand_macros(pattern: str, macros: Mapping[str, str]) -> str:
    """Replace ``<<NAME>>`` with the macro's pattern, wrapped in a group.

    >>> expand_macros("by <<AGENCY>>", {"AGENCY": "pti|ani"})
    'by (?:pti|ani)'
    """

    def sub(m: regex.Match) -> str:
        name = m.group(1)
        if name not in macros:
            raise PatternError(f"unknown macro <<{name}>> in pattern {pattern!r}")
        return "(?:" + macros[name] + ")"

    previous = None
    while previous != pattern and "<<" in pattern:  # macros may use macros
        previous, pattern = pattern, _MACRO.sub(sub, pattern)
    return pattern


@dataclass(frozen=True, eq=False)
class PatternRule(Rule):
    """A boilerplate rule whose behaviour is its patterns and position."""

    patterns: tuple[str, ...] = ()
    position: str = "anywhere"
    macros: tuple[tuple[str, str], ...] = ()
    source: str = "cleanwire/data/boilerplate.toml"
    data_driven: bool = True

    def expanded(self) -> list[str]:
        macros = dict(self.macros)
        return [expand_macros(p, macros) for p in self.patterns]

    def apply(self, text: str, log: ChangeLog | None = None) -> str:
        return LineRemover((self,)).apply(text, log)

    def with_patterns(self, extra: Iterable[str], source: str) -> "PatternRule":
        return replace(self, patterns=self.patterns + tuple(extra), source=source)

    @classmethod
    def build_steps(cls, rules, options: Mapping) -> list:
        """One :class:`LineRemover` for all the selected pattern rules: a line costs one
        scan and one match attempt however many rules are on."""
        policy = RemovalPolicy(
            max_removed_share=options.get("max_removed_share", 0.5),
            max_line_length=options.get("max_line_length", 400),
            keep=tuple(options.get("keep", ())),
        )
        return [LineRemover(rules, policy)]


def _compile_branches(branches: list[tuple[int, str]]) -> regex.Pattern:
    """One alternation of ``(rule index, pattern)`` branches, in order, one group per rule."""
    groups: list[str] = []
    bodies: dict[int, list[str]] = {}
    for index, pattern in branches:
        if index not in bodies:
            bodies[index] = []
            groups.append(index)
        bodies[index].append(branch_for(pattern))
    alternation = "|".join(f"(?P<r{index}>{'|'.join(bodies[index])})" for index in groups)
    return regex.compile("(?:" + alternation + ")" + TRAIL, regex.IGNORECASE | regex.VERSION0)


@functools.lru_cache(maxsize=4096)
def branch_for(pattern: str) -> str:
    """``pattern`` as one branch of a line alternation, after the leading bullets it may skip.

    Every run of leading bullets, dashes and spaces is taken whole and never given
    back, so a pattern is tried where the run ends and not after every split of it
    (which is quadratic on a line of bullets). A pattern that can itself start with
    some kind of bullet is also tried after only the other kinds, and on the whole
    line: ``-- the desk --`` matches its own dashes, with or without a bullet before
    them, and ``.{0,80} comments faq`` may take the bullets into its run.

    >>> branch_for("also read: .*") == LEAD + "(?:also read: .*)"
    True
    >>> branch_for("-- the desk --").startswith("(?:" + LEAD + "|(?=")
    True
    """
    first = prefilter.facts(pattern).first
    maybe = [(kind, chars) for kind, chars in LEAD_KINDS if first is None or any(c.casefold() in first for c in chars)]
    body = "(?:" + pattern + ")"
    if maybe:
        compiled = regex.compile(body, regex.IGNORECASE | regex.VERSION0)
        starts = {kind for kind, chars in maybe if any(compiled.fullmatch(c, partial=True) for c in chars)}
    else:
        starts = set()
    if not starts:
        return LEAD + body
    others = "".join(kind for kind, _ in LEAD_KINDS if kind not in starts)
    # The second and third tries differ from the first only on a line that starts
    # with a bullet: elsewhere the lookahead spares the pattern two more attempts.
    return f"(?:{LEAD}|(?={LEAD_CHARS})(?:[{others}\\s]*+|)){body}"


_LEAD_RUN = regex.compile(LEAD)
_OTHER_SPACES = frozenset(OTHER_SPACES)


def lead_length(key: str) -> int:
    """Length of the run of bullets, dashes and spaces a pattern may skip.

    >>> lead_length("• Source: PTI")
    2
    """
    return _LEAD_RUN.match(key).end()


def _too_long(line: str, limit: int, spaces: frozenset[str]) -> bool:
    """Whether the key of ``line`` is surely longer than ``limit``, without folding it.

    Folding shortens a line only by its whitespace at the edges and by all but one
    character of each run of whitespace inside it. ``spaces`` holds every whitespace
    character of ``line`` other than the plain space (or more). Without a double
    space or one of those, only the two edges can shrink; otherwise the key keeps at
    least every character that is not whitespace.

    >>> _too_long("word " * 30, 100, frozenset()), _too_long("word " * 30, 160, frozenset())
    (True, False)
    >>> _too_long("word  " * 30, 100, frozenset()), _too_long("word\u00a0" * 30, 130, frozenset("\u00a0"))
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


def _fewest_literals(needs) -> tuple[tuple[str, ...], ...]:
    """``needs`` with every literal dropped that contains another of its set.

    A set is satisfied when one of its literals occurs, and a literal that contains
    another cannot occur without it, so the shorter one alone decides the set; the
    set's substring tests shrink without changing its answer.

    >>> _fewest_literals([frozenset({"play", "play video", "replay", "pause"})])
    (('play', 'pause'),)
    """
    reduced = []
    for need in needs:
        kept = [x for x in need if not any(y != x and y in x for y in need)]
        reduced.append(tuple(sorted(kept, key=lambda x: (len(x), x), reverse=False)))
    return tuple(reduced)


def _has_all(folded: str, needs) -> bool:
    """Whether ``folded`` contains one literal of every set in ``needs``."""
    for need in needs:
        for literal in need:
            if literal in folded:
                break
        else:
            return False
    return True


class _GroupMatcher:
    """Matches a key against one position group, trying only the patterns that can match.

    Equivalent to matching the alternation of all the rules' patterns in order (the
    reference in ``tests/reference.py``): a pattern that
    :func:`~cleanwire.rules.prefilter.facts` proves cannot match the key is left out of
    the alternation, and leaving out alternatives that cannot match does not change
    which one matches. Most prose lines leave nothing to try, so they cost a dictionary
    look-up and a few substring tests instead of a hundred failed match attempts.
    """

    CACHE_SIZE = 512

    def __init__(self, rules: list[PatternRule]) -> None:
        self.rules = rules
        self._branches = [(index, p) for index, rule in enumerate(rules) for p in rule.expanded()]
        self._facts = [prefilter.facts(p) for _, p in self._branches]
        self._needs = [_fewest_literals(f.needs) for f in self._facts]
        self._by_first: dict[str, list[int]] = {}
        self._any_first: list[int] = []
        for i, f in enumerate(self._facts):
            if f.first is None:
                self._any_first.append(i)
            else:
                for c in f.first:
                    self._by_first.setdefault(c, []).append(i)
        self._gate_of, self._gated = _gate_literals(self._facts, self._needs)
        self._automaton = None  # built on first use (see scan)
        self._idle: dict[str, bool] = {}
        self._plans: dict[str, tuple] = {}
        self._compiled: dict[tuple[int, ...], regex.Pattern] = {}
        self._single: list[regex.Pattern | None] = [None] * len(self._branches)

    def _plan(self, head: str):
        """The branches a key starting with one of ``head`` may match, arranged for testing.

        Returns ``(free, by_prefix, lengths, prefixed, others, ungated, gated)``:
        branches with nothing to test; the strings branches must start with, each
        mapped to those branches, and the distinct lengths of those strings; the
        branches with starting strings and the literals they need; the other branches
        with the literals they need; of those, the ones without a gate; and a
        dictionary of the gated ones and the prefixed ones to the literals they need.
        """
        found = self._plans.get(head)
        if found is not None:
            return found
        ids = set(self._any_first)
        for c in head:
            ids.update(self._by_first.get(c, ()))
        facts = self._facts
        ordered = sorted(ids)
        free = tuple(i for i in ordered if not facts[i].needs and not facts[i].starts)
        prefixed = tuple((i, self._needs[i]) for i in ordered if facts[i].starts)
        by_prefix: dict[str, list[int]] = {}
        for i in ordered:
            for start in facts[i].starts or ():
                by_prefix.setdefault(start, []).append(i)
        lengths = tuple(sorted({len(s) for s in by_prefix}))
        others = tuple((i, self._needs[i]) for i in ordered if facts[i].needs and not facts[i].starts)
        ungated = tuple((i, n) for i, n in others if i not in self._gated)
        gated = {i: n for i, n in others if i in self._gated}
        gated.update(prefixed)  # a scan finds prefixed branches by their gate too
        found = (free, {k: tuple(v) for k, v in by_prefix.items()}, lengths, prefixed, others, ungated, gated)
        if len(self._plans) < self.CACHE_SIZE:
            self._plans[head] = found
        return found

    def scan(self, folded: str) -> set[int] | None:
        """Branches whose gate literal occurs in ``folded``, or whose starting string opens it.

        ``folded`` is a casefolded key. A branch that may start anywhere is only worth
        trying on a key that contains one literal of each of its needed sets; one set
        per branch is its *gate* (:func:`_gate_literals`). A branch with starting
        strings is only worth trying on a key that opens with one. One Aho-Corasick
        scan in C finds both, where testing them with ``in`` and ``startswith`` is a
        hundred-odd calls in Python; a branch of either kind that is missing from the
        result cannot match the key (without leading bullets: ``lead`` 0). Returns
        None (nothing known) when the ``ahocorasick`` package is not installed.
        """
        automaton = self._gate_automaton()
        if automaton is None:
            return None
        found: set[int] = set()
        for _, ids in automaton.iter(_START + folded):
            found.update(ids)
        return found

    def scan_lines(self, folded_keys: list[str]) -> dict[int, set[int]] | None:
        """:meth:`scan` of every key at once: line index to the branches found there.

        One scan of all the keys, each behind :data:`_START` and on a line of its own
        (no gate string holds a line break, so none is found across two keys), costs
        one call where a scan per key costs one each. Lines where nothing is found are
        left out. None when the ``ahocorasick`` package is not installed.
        """
        automaton = self._gate_automaton()
        if automaton is None:
            return None
        found: dict[int, set[int]] = {}
        joined = _START + _NEXT_KEY.join(folded_keys)
        line = last = 0
        for end, ids in automaton.iter(joined):
            # Hits come in order of their end, and none spans a line break.
            line += joined.count("\n", last, end)
            last = end
            seen = found.get(line)
            if seen is None:
                found[line] = set(ids)
            else:
                seen.update(ids)
        return found

    def _gate_automaton(self):
        """The automaton of the gate strings, built on first use; None without ``ahocorasick``."""
        if self._automaton is None:
            self._automaton = _automaton(self._gate_of)
        return self._automaton or None

    def idle(self, first: str) -> bool:
        """Whether a key opening with ``first`` (no leading bullets), in which
        :meth:`scan` found nothing, has no branch left to try.

        True when every branch such a key may match has a gate: what is left to try
        then is only what the scan found.
        """
        answer = self._idle.get(first)
        if answer is None:
            head = first + prefilter.DIGIT if first.isdecimal() else first
            free, _, _, _, _, ungated, _ = self._plan(head)
            answer = not free and not ungated
            if len(self._idle) < self.CACHE_SIZE:
                self._idle[first] = answer
        return answer

    def candidates(
        self, key: str, lead: int, folded: str | None = None, hits: set[int] | None = None
    ) -> tuple[int, ...]:
        """Indices of the branches that may match ``key``, in order.

        ``lead`` is the length of the run of leading bullets and spaces the
        alternation may skip, so a branch starts at one of ``key[: lead + 1]``;
        ``folded`` is ``key.casefold()`` when the caller has it; ``hits`` is
        :meth:`scan` of ``folded`` when the caller has it.
        """
        head = key[: lead + 1]
        if lead == 0:
            head = head.casefold()[:1]
            if head.isdecimal():
                head += prefilter.DIGIT
        else:
            chars = {c.casefold()[:1] for c in head}
            if any(c.isdecimal() for c in chars):
                chars.add(prefilter.DIGIT)
            head = "".join(sorted(chars))
        free, by_prefix, lengths, prefixed, others, ungated, gated = self._plan(head)
        if not prefixed and not others:
            return free
        if folded is None:
            folded = key.casefold()
        chosen = list(free)
        needs = self._needs
        if hits is not None:
            # The scan found which gated branches have their gate literal and which
            # prefixed branches their starting string: the rest cannot match.
            others = ungated
            if lead:
                # A prefixed branch may start after some of the leading bullets,
                # where the scan does not look for its starting strings.
                others = others + prefixed
                tested = {i for i, _ in prefixed}
                for i in hits:
                    if i in gated and i not in tested and _has_all(folded, needs[i]):
                        chosen.append(i)
            else:
                for i in hits:
                    if i in gated and _has_all(folded, needs[i]):
                        chosen.append(i)
        elif prefixed:
            if lead:
                # A branch may start after some of the leading bullets: test only
                # the literals it needs.
                others = others + prefixed
            else:
                # ``folded.startswith(s)`` for every starting string, as a few
                # dictionary look-ups of the key's prefixes.
                started: set[int] = set()
                for length in lengths:
                    ids = by_prefix.get(folded[:length])
                    if ids is not None:
                        started.update(ids)
                for i in started:
                    if _has_all(folded, needs[i]):
                        chosen.append(i)
        # _has_all, inlined: this loop runs for every line and every group.
        for i, need_sets in others:
            for need in need_sets:
                for literal in need:
                    if literal in folded:
                        break
                else:
                    break
            else:
                chosen.append(i)
        if len(chosen) > len(free):
            chosen.sort()
        return tuple(chosen)

    def match(
        self,
        key: str,
        timeout: float | None = None,
        folded: str | None = None,
        lead: int | None = None,
        hits: set[int] | None = None,
    ) -> int | None:
        """The index of the rule whose pattern matches all of ``key``, or None.

        ``folded`` and ``lead`` (``key.casefold()`` and :func:`lead_length`) may be
        passed when the caller matches the same key against several groups, and
        ``hits`` (:meth:`scan`) when it has them. Raises
        ``TimeoutError`` like :meth:`regex.Pattern.fullmatch`.
        """
        if lead is None:
            lead = lead_length(key)
        ids = self.candidates(key, lead, folded, hits)
        if not ids:
            return None
        if lead:
            # The alternation may skip a different number of leading bullets for
            # different branches; only the combined pattern settles which one wins.
            m = self._combined(ids).fullmatch(key, timeout=timeout)
            return None if m is None else int(m.lastgroup[1:])
        # No leading bullets: the first branch, in order, that matches wins, exactly
        # as in the alternation.
        for i in ids:
            pattern = self._single[i]
            if pattern is None:
                pattern = self._single[i] = _compile_branches([self._branches[i]])
            if pattern.fullmatch(key, timeout=timeout) is not None:
                return self._branches[i][0]
        return None

    def _combined(self, ids: tuple[int, ...]) -> regex.Pattern:
        compiled = self._compiled.get(ids)
        if compiled is None:
            compiled = _compile_branches([self._branches[i] for i in ids])
            if len(self._compiled) >= self.CACHE_SIZE:
                self._compiled.clear()
            self._compiled[ids] = compiled
        return compiled


#: Put before a key for :meth:`_GroupMatcher.scan`, so that a starting string, stored
#: after it, is found only at the start of the key. Another occurrence of the
#: character inside a key only adds candidates, which cannot change a result.
_START = "\x02"
_NEXT_KEY = "\n" + _START

#: Words so common in prose that a literal made of one of them tells little; a gate
#: avoids them when the branch needs something rarer.
_COMMON_WORDS = frozenset(
    "a an and are as at be but by for from has have he in is it its of on or our said "
    "she that the their they this to was we were will with you your".split()
)

#: Starting strings shorter than this open too many lines to make a good gate.
_SHORT_START = 3


def _rarity(literals) -> tuple[int, int]:
    """How seldom one of ``literals`` occurs in prose, roughly: higher is rarer.

    >>> _rarity({" on "}) < _rarity({"follow", "join"}) < _rarity({"newsletter"})
    True
    """
    return (min(0 if x.strip() in _COMMON_WORDS else len(x.strip()) for x in literals), -len(literals))


def _gate_literals(facts, needs) -> tuple[dict[str, list[int]], frozenset[int]]:
    """Choose a *gate* for each branch: strings one of which every match contains.

    A branch is gated by its starting strings (stored after :data:`_START`, so they
    only count at the start of a key) unless they are very short, otherwise by the
    rarest of its needed literal sets. Returns the gate strings, each mapped to the
    branches it stands for, and the branches without starting strings that have a
    gate. A branch with neither starting strings nor needed literals has no gate.

    >>> from cleanwire.rules.prefilter import facts as read
    >>> found = [read(r".{0,40}\\b(?:follow|join) us on (?:x|instagram)"), read(r"read more:? .*")]
    >>> words, gated = _gate_literals(found, [_fewest_literals(f.needs) for f in found])
    >>> sorted(words.items()), gated
    ([('\\x02read more ', [1]), ('\\x02read more: ', [1]), (' us on ', [0])], frozenset({0}))
    """
    words: dict[str, list[int]] = {}
    gated = set()
    for i, (fact, need) in enumerate(zip(facts, needs)):
        usable = [literals for literals in need if all(x and "\n" not in x for x in literals)]
        chosen = max(usable, key=_rarity) if usable else None
        if fact.starts and (chosen is None or min(map(len, fact.starts)) >= _SHORT_START):
            for start in fact.starts:
                words.setdefault(_START + start, []).append(i)
            continue
        if chosen is None:
            continue  # keys hold no line break; such a branch stays ungated
        if not fact.starts:
            gated.add(i)
        for literal in chosen:
            words.setdefault(literal, []).append(i)
    return words, frozenset(gated)


#: The Aho-Corasick packages a gate scan can use, fastest first: ``ahocorasick_rs``
#: (the ``fast`` extra; a compiled DFA, about 2.5x faster on news text) and
#: ``pyahocorasick`` (a dependency on CPython). Both find every occurrence of every
#: gate string, so the scan's result does not depend on which one runs.
AUTOMATON_MODULES = ("ahocorasick_rs", "ahocorasick")


def _automaton(words: Mapping[str, list[int]]):
    """An Aho-Corasick automaton mapping each gate string to its branches.

    Its ``iter(text)`` yields ``(end, branches)`` for every occurrence of a gate
    string, ``end`` the index of its last character, in order of ``end``. False
    when there is nothing to find or none of :data:`AUTOMATON_MODULES` is installed.
    """
    if not words:
        return False
    for name in AUTOMATON_MODULES:
        try:
            module = __import__(name)
        except ImportError:
            continue
        if name == "ahocorasick_rs":
            try:
                return _DfaAutomaton(module, words)
            except (UnicodeEncodeError, ValueError, TypeError):  # a gate string it cannot take
                continue
        automaton = module.Automaton()
        for word, ids in words.items():
            automaton.add_word(word, tuple(sorted(set(ids))))
        automaton.make_automaton()
        return automaton
    return False


class _DfaAutomaton:
    """``ahocorasick_rs`` behind the interface of ``pyahocorasick``'s ``Automaton.iter``."""

    def __init__(self, module, words: Mapping[str, list[int]]) -> None:
        self._branches = [tuple(sorted(set(ids))) for ids in words.values()]
        self._search = module.AhoCorasick(
            list(words), matchkind=module.MatchKind.Standard, implementation=module.Implementation.DFA
        ).find_matches_as_indexes

    def iter(self, text: str):
        branches = self._branches
        try:
            found = self._search(text, overlapping=True)
        except UnicodeEncodeError:
            # Lone surrogates (kept when CW004 is off) cannot cross into Rust. A
            # stand-in of the same length keeps every offset; no gate string holds a
            # surrogate, so no hit is lost (one holding U+FFFD could only gain one,
            # and an extra hit only adds a pattern to try).
            found = self._search(_LONE_SURROGATE.sub("\ufffd", text), overlapping=True)
        # Reported by start; the scan counts line breaks in order of the end.
        found.sort(key=_end_of)
        for index, _, end in found:
            yield end - 1, branches[index]


_LONE_SURROGATE = regex.compile("[\ud800-\udfff]")


def _end_of(match: tuple[int, int, int]) -> int:
    return match[2]


def compile_pattern(rule_label: str, pattern: str, macros: Mapping[str, str], source: str) -> None:
    """Check one pattern compiles; raise :class:`PatternError` naming it otherwise."""
    try:
        regex.compile(expand_macros(pattern, macros), regex.IGNORECASE)
    except regex.error as exc:
        raise PatternError(f"{source}: {rule_label}: pattern {pattern!r} does not compile: {exc}") from None


@dataclass(frozen=True)
class RemovalPolicy:
    """Guards against gutting a document.

    If the selected rules would remove more than ``max_removed_share`` of a document's
    non-blank lines *and* of its non-blank characters, nothing is removed and the
    explanation carries a flag. Lines longer than ``max_line_length`` characters are
    never candidates. Lines matching a ``keep`` pattern are never removed.
    """

    max_removed_share: float = 0.5
    max_line_length: int = 400
    keep: tuple[str, ...] = ()


class LineRemover(Step):
    """Applies a set of :class:`PatternRule` to a text in one pass over its lines.

    As a pipeline step it gates itself (one scan of all its gate strings finds the
    lines worth matching, see :class:`_GroupMatcher`), so it runs on every text. What
    it decides depends on the line keys alone, and once it removed nothing, it
    removes nothing from any text with the same keys.
    """

    triggers = ALWAYS
    #: The whitespace characters of a text other than the plain space: lines surely
    #: too long to be candidates then need no key (see :func:`_too_long`).
    hints = OTHER_SPACES
    writes = ""  # it only deletes lines
    reads = View.KEYS

    def __init__(self, rules: Iterable[PatternRule], policy: RemovalPolicy | None = None) -> None:
        self.rules = tuple(rules)
        self.policy = policy or RemovalPolicy()
        by_position: dict[str, list[PatternRule]] = {p: [] for p in POSITIONS}
        for rule in self.rules:
            by_position[rule.position].append(rule)
        self._anywhere_rules = by_position["anywhere"]
        self._anywhere = _GroupMatcher(self._anywhere_rules) if self._anywhere_rules else None
        # All positional rules in one matcher, which the prefilter tests compare with
        # the full alternation; removal itself uses the per-position matchers below.
        self._positional_rules = by_position["leading"] + by_position["trailing"] + by_position["head"]
        self._positional = _GroupMatcher(self._positional_rules) if self._positional_rules else None
        # One matcher per position: a line can match rules of several positions (a
        # bare agency name is a sign-off at the end and a byline at the top), and
        # each position must see its own rule, not the first positional rule that
        # matches.
        self._positions = {
            position: (by_position[position], _GroupMatcher(by_position[position]))
            for position in ("leading", "trailing", "head")
            if by_position[position]
        }
        self._keep = (
            regex.compile("|".join(f"(?:{k})" for k in self.policy.keep), regex.IGNORECASE)
            if self.policy.keep
            else None
        )

    def __reduce__(self):
        return (type(self), (self.rules, self.policy))

    @property
    def code(self) -> str:
        """The codes of the rules it runs, as a range (``CW101-CW512``), for reports."""
        codes = sorted(rule.code for rule in self.rules)
        return codes[0] if len(codes) == 1 else f"{codes[0]}-{codes[-1]}"

    def _match(
        self, matcher: "_GroupMatcher | None", rules, key: str, folded: str | None = None, lead=None, hits=None
    ):
        if matcher is None:
            return None
        try:
            index = matcher.match(key, timeout=PATTERN_TIMEOUT, folded=folded, lead=lead, hits=hits)
        except TimeoutError:
            return None
        return None if index is None else rules[index]

    def verdicts(self, lines: list[str]) -> dict[int, PatternRule]:
        """Map the index of each line to remove to the rule that removes it."""
        return self._verdicts(lines)[0]

    def _verdicts(
        self, lines: list[str], spaces: frozenset[str] | None = None
    ) -> tuple[dict[int, PatternRule], set[int]]:
        """The lines to remove, and the lines whose removal could let a rerun remove more.

        Positional rules are only tried on the lines where they can act: from the top
        down to the first line that is not in the leading block, from the bottom up to
        the first line that is not in the trailing block, and above the first prose
        line. The lines where those walks stop, and the first prose line, are the
        second result: if one of them is removed after all (by another position),
        running the remover again could reach further.

        ``spaces``, when given, holds every whitespace character of the lines other
        than the plain space (a superset will do); it lets lines whose key is sure to
        be too long skip building it (see :func:`_too_long`).
        """
        limit = self.policy.max_line_length
        removed: dict[int, PatternRule] = {}
        keys: dict[int, tuple[str, str, int]] = {}
        blank: set[int] = set()
        anywhere, anywhere_rules = self._anywhere, self._anywhere_rules
        keep = self._keep
        if spaces is None:
            all_keys: list[str | None] = [" ".join(line.split()) for line in lines]  # line_key of each line
        else:
            # A line too long to be a candidate needs no key: most of a document's
            # text is in such lines, and folding and scanning them was most of the cost.
            all_keys = [
                None if len(line) > limit and _too_long(line, limit, spaces) else " ".join(line.split())
                for line in lines
            ]
        # str.lower is str.casefold on ASCII text, and much faster.
        all_folded = [
            "" if key is None else key.lower() if key.isascii() else key.casefold() for key in all_keys
        ]
        found = None if anywhere is None else anywhere.scan_lines(all_folded)
        nothing: frozenset[int] = frozenset()
        for i, key in enumerate(all_keys):
            if key is None:
                continue
            if not key:
                blank.add(i)
                continue
            if len(key) > limit:
                continue
            if keep is not None and keep.search(key):
                continue
            folded = all_folded[i]
            # No bullet, dash or space is a letter or digit.
            lead = 0 if key[0].isalnum() else lead_length(key)
            if found is not None:
                hits = found.get(i, nothing)
                if not hits and not lead and anywhere.idle(folded[0]):
                    keys[i] = (key, folded, lead)
                    continue
                rule = self._match(anywhere, anywhere_rules, key, folded, lead, hits)
            else:
                rule = self._match(anywhere, anywhere_rules, key, folded, lead)
            if rule is not None:
                removed[i] = rule
                continue
            keys[i] = (key, folded, lead)
        watch: set[int] = set()
        if self._positions:
            self._resolve_positions(lines, all_keys, removed, keys, blank, watch)
        return removed, watch

    def _resolve_positions(self, lines, all_keys, removed, keys, blank, watch) -> None:
        n = len(all_keys)

        def match(i: int, position: str):
            entry = keys.get(i)
            if entry is None:
                return None
            rules, matcher = self._positions[position]
            return self._match(matcher, rules, *entry)

        for order, position in ((range(n), "leading"), (range(n - 1, -1, -1), "trailing")):
            if position not in self._positions:
                continue
            for i in order:
                if i in blank or i in removed:
                    continue
                rule = match(i, position)
                if rule is not None:
                    removed[i] = rule
                    continue
                watch.add(i)
                break
        if "head" in self._positions:
            # A line removed in this pass is no prose line, however long: counting it
            # would spare the head lines below it until the next pass, out of sight of
            # this pass's removal budget.
            # A key's words are separated by single spaces.
            first_prose = next(
                (
                    i
                    for i, key in enumerate(all_keys)
                    if i not in removed
                    and (key.count(" ") >= PROSE_WORDS - 1 if key is not None else len(lines[i].split()) >= PROSE_WORDS)
                ),
                n,
            )
            watch.add(first_prose)
            for i in range(first_prose):
                if i in blank or i in removed:
                    continue
                rule = match(i, "head")
                if rule is not None:
                    removed[i] = rule

    def apply(self, text: str, log: ChangeLog | None = None) -> str:
        lines = text.split("\n")
        removed = self.verdicts(lines)
        if not removed:
            return text
        return self._remove(text, lines, removed, log)

    def run(self, text: str, log: ChangeLog | None = None, found: frozenset | None = None):
        """``apply``, and the view on which a second run is sure to remove nothing.

        A second run over the output, or over any text with the same line keys,
        removes nothing when this run removed nothing, or when it removed every line
        an anywhere-rule matched and none of the lines where the positional walks
        stopped (see :meth:`_verdicts`): the walks then stop at the same lines again.
        It could remove more when a stopping line was removed by another position
        (None: not known), or when the budget refused the removal: a later edit may
        change the shares (settled on this very text only). ``found`` lets long lines
        skip their key (see :meth:`_verdicts`).
        """
        lines = text.split("\n")
        spaces = None if found is None else found & _OTHER_SPACES
        removed, watch = self._verdicts(lines, spaces)
        if not removed:
            return text, View.KEYS
        new = self._remove(text, lines, removed, log)
        if new is text:
            return text, View.TEXT
        return new, View.KEYS if watch.isdisjoint(removed) else None

    def still_settled(self, edit: Edit, view: View) -> bool:
        """After an edit inside some lines (a spelling rewrite), only the edited lines
        need another look (:meth:`settled_after_edit`)."""
        if view is not View.KEYS:
            return False
        return self.settled_after_edit(edit.before.split("\n"), edit.after.split("\n"))

    def settled_after_edit(self, before: list[str], after: list[str]) -> bool:
        """Whether a run over ``after`` removes nothing, given that a run over ``before``
        removes nothing and ``after`` differs from it only inside some of its lines.

        This is how a rewrite of spelling variants is confirmed without running the
        whole stage again. With nothing removable in ``before``, its leading walk
        stopped at the first non-blank line, its trailing walk at the last, and no
        line above the first prose line is a head line. Unless an edit makes a line
        blank or not blank, or shortens the first prose line below prose length (then
        the stage runs in full), the walks stop at the same lines again; so only an
        edited line can have come to match: a rule that may stand anywhere, or the
        position of one of those lines.
        """
        if len(before) != len(after):
            return not self.verdicts(after)
        edited = [i for i, (old, new) in enumerate(zip(before, after)) if old != new]
        if not edited:
            return True
        if any(not before[i].strip() or not after[i].strip() for i in edited):
            return not self.verdicts(after)
        nonblank = [i for i, line in enumerate(after) if line.strip()]
        positions = self._positions
        prose = len(before)
        if "head" in positions:
            prose = next((i for i, line in enumerate(before) if len(line.split()) >= PROSE_WORDS), len(before))
            if prose in edited and len(after[prose].split()) < PROSE_WORDS:
                return not self.verdicts(after)  # the head reaches further down
        limit, keep = self.policy.max_line_length, self._keep
        for i in edited:
            key = line_key(after[i])
            if len(key) > limit or (keep is not None and keep.search(key)):
                continue
            folded = key.casefold()
            lead = lead_length(key)
            if self._anywhere is not None:
                hits = self._anywhere.scan(folded)
                if self._match(self._anywhere, self._anywhere_rules, key, folded, lead, hits) is not None:
                    return False
            here = []
            if i == nonblank[0]:
                here.append("leading")
            if i == nonblank[-1]:
                here.append("trailing")
            if i < prose and len(key.split()) < PROSE_WORDS:
                here.append("head")
            for position in here:
                if position in positions:
                    rules, matcher = positions[position]
                    if self._match(matcher, rules, key, folded, lead) is not None:
                        return False
        return True

    def _remove(self, text: str, lines: list[str], removed: Mapping[int, PatternRule], log: ChangeLog | None) -> str:
        if self._over_budget(lines, removed):
            if log is not None:
                log.flags.append(
                    f"removal budget: rules matched {len(removed)} of "
                    f"{sum(1 for line in lines if line.strip())} non-blank lines; "
                    "the document was left as it was"
                )
            return text
        if log is not None:
            for i in sorted(removed):
                log.add(removed[i], log.origin(i), lines[i], "")
            log.drop_lines(removed)
        return "\n".join(line for i, line in enumerate(lines) if i not in removed)

    def _over_budget(self, lines: list[str], removed: Mapping[int, PatternRule]) -> bool:
        share = self.policy.max_removed_share
        if share >= 1:
            return False
        nonblank = [i for i, line in enumerate(lines) if line.strip()]
        lines_share = len(removed) / max(1, len(nonblank))
        total_chars = sum(len(lines[i].strip()) for i in nonblank)
        removed_chars = sum(len(lines[i].strip()) for i in removed)
        chars_share = removed_chars / max(1, total_chars)
        return lines_share > share and chars_share > share


# --------------------------------------------------------------------------- loading


def _examples(records) -> tuple[Example, ...]:
    return tuple(Example(e["input"], e["output"]) for e in records or ())


RULE_KEYS = {"code", "name", "family", "position", "summary", "why", "patterns", "examples", "default"}


def rules_from_table(
    table: Mapping, source: str, macros: Mapping[str, str] | None = None, check: bool = True
) -> list[PatternRule]:
    """Build :class:`PatternRule` records from a parsed TOML document.

    The document has an optional ``[macros]`` table and a ``[[rule]]`` array.
    ``check=False`` skips compiling every pattern up front; only the packaged rules,
    which the test suite compiles, are loaded that way, because compiling them all
    was most of the command's start-up time.
    """
    all_macros = dict(macros or {})
    all_macros.update(table.get("macros", {}))
    rules = []
    for record in table.get("rule", []):
        label = record.get("code", "?")
        unknown = set(record) - RULE_KEYS
        if unknown:
            raise PatternError(f"{source}: rule {label}: unknown key(s) {', '.join(sorted(unknown))}")
        for required in ("code", "name", "patterns"):
            if required not in record:
                raise PatternError(f"{source}: rule {label}: missing key {required!r}")
        if not _RULE_CODE.fullmatch(record["code"]):
            raise PatternError(f"{source}: rule code {record['code']!r} must be CW followed by three digits")
        position = record.get("position", "anywhere")
        if position not in POSITIONS:
            raise PatternError(
                f"{source}: rule {label}: position {position!r} is not one of {', '.join(POSITIONS)}"
            )
        for pattern in record["patterns"]:
            if check:
                compile_pattern(f"rule {label}", pattern, all_macros, source)
        rules.append(
            PatternRule(
                code=record["code"],
                name=record["name"],
                stage=Stage.LINES,
                family=record.get("family", "custom"),
                summary=record.get("summary", ""),
                why=record.get("why", ""),
                examples=_examples(record.get("examples")),
                default=record.get("default", True),
                patterns=tuple(record["patterns"]),
                position=position,
                macros=tuple(sorted(all_macros.items())),
                source=source,
            )
        )
    return rules


def packaged_macros() -> dict[str, str]:
    return dict(_packaged_table().get("macros", {}))


def _packaged_table() -> dict:
    return load_packaged_toml("boilerplate.toml")


def load_packaged_rules() -> list[PatternRule]:
    return rules_from_table(_packaged_table(), "cleanwire/data/boilerplate.toml", check=False)


RULES = tuple(load_packaged_rules())

