"""Matching one line's key against a group of boilerplate patterns, quickly.

A :class:`GroupMatcher` holds the patterns of one position group and matches a key
as their alternation would, trying only the patterns that :mod:`.prefilter` and the
gate scan (:mod:`.gates`) leave possible. The tests compare it with the plain
alternation (``tests/reference.py``).
"""

from __future__ import annotations

import functools
import weakref
from typing import NamedTuple

import regex

from ...compiled import Lazy
from . import prefilter
from .gates import START, automaton, fewest_literals, gate_literals, has_all
from .keys import TRAIL_CHARS, lead_length
from .patterns import PatternTimeout, compile_led, compile_unled, facts


_UNSET = object()

#: A decimal digit, as the patterns' ``\d`` reads one.
_DIGIT = Lazy(r"\d")


class Plan(NamedTuple):
    """The branches a key starting with certain characters may match, arranged for testing."""

    #: branches with nothing to test
    free: tuple[int, ...]
    #: the strings branches must start with, each mapped to those branches
    by_prefix: dict[str, tuple[int, ...]]
    #: the distinct lengths of those strings
    lengths: tuple[int, ...]
    #: the branches with starting strings, with the literals each needs
    prefixed: tuple[tuple[int, tuple], ...]
    #: the other branches, with the literals each needs
    others: tuple[tuple[int, tuple], ...]
    #: of those, the ones without a gate (None until the gates are chosen: see
    #: :meth:`GroupMatcher._gated_plan`)
    ungated: tuple[tuple[int, tuple], ...] | None = None
    #: the gated branches and the prefixed ones, to the literals they need (likewise)
    gated: dict[int, tuple] | None = None


#: The matchers in use, by the identities of their rules (a matcher holds its rules, so
#: an identity is not reused while its entry lives); an entry goes with the last step
#: that holds its matcher.
_MATCHERS: "weakref.WeakValueDictionary[tuple[int, ...], GroupMatcher]" = weakref.WeakValueDictionary()


def matcher_for(rules: tuple) -> "GroupMatcher":
    """The :class:`GroupMatcher` of ``rules``, one per group however many steps ask.

    The line stage and the run-on stage (CW751) both match the anywhere-rules; a
    matcher's gate automaton and compiled patterns take tens of milliseconds to build
    and a few megabytes to hold, and depend on the rules alone, so the two share one.
    Two threads may both build one: either serves.
    """
    key = tuple(map(id, rules))
    found = _MATCHERS.get(key)
    if found is None:
        found = _MATCHERS[key] = GroupMatcher(rules)
    return found


def forget_shared() -> None:
    """Let the steps built from now on build their own matchers, as in a new process.

    A matcher remembers its answer for the keys it has met; a measurement that wants a
    cleaner which has met nothing (``benchmarks/run.py``) asks for this first. Steps
    built before keep theirs.
    """
    _MATCHERS.clear()


class GroupMatcher:
    """Matches a key against one position group, trying only the patterns that can match.

    Equivalent to matching the alternation of all the rules' patterns in order (the
    reference in ``tests/reference.py``): a pattern that
    :func:`~cleanwire.rules.lines.prefilter.facts` proves cannot match the key is left out of
    the alternation, and leaving out alternatives that cannot match does not change
    which one matches. Most prose lines leave nothing to try, so they cost a dictionary
    look-up and a few substring tests instead of a hundred failed match attempts.
    """

    CACHE_SIZE = 512

    def __init__(self, rules: list) -> None:
        self.rules = rules
        #: Whether a pattern of the group may backtrack without bound, so that its
        #: matches need a time limit (reading the clock costs a few microseconds a
        #: match): not when every rule is proven linear.
        self.limited = not all(getattr(rule, "linear", False) for rule in rules)
        self._branches = [(index, p) for index, rule in enumerate(rules) for p in rule.expanded()]
        self._facts = [facts(p) for _, p in self._branches]
        #: The literal sets each branch needs, fewest literals first, worked out for a
        #: branch when a plan first holds it (:meth:`_need`), and for every branch when
        #: the gates are chosen: a text of a few lines needs a few branches' only.
        self._needs: list[tuple | None] = [None] * len(self._facts)
        #: The longest key each branch can match, leading bullets and trailing spaces
        #: and full stops aside (None: no bound).
        self._longest = [f.longest for f in self._facts]
        #: The branches whose every match holds a digit.
        self._digit = frozenset(i for i, f in enumerate(self._facts) if f.digit)
        self._by_first: dict[str, list[int]] = {}
        self._any_first: list[int] = []
        for i, f in enumerate(self._facts):
            if f.first is None:
                self._any_first.append(i)
            else:
                for c in f.first:
                    self._by_first.setdefault(c, []).append(i)
        self._automaton = None  # built on first use (see scan)
        self._unscanned = 0  # lines judged without a scan so far (see scan_pays)
        self._idle: dict[str, bool] = {}
        self._plans: dict[str, Plan] = {}
        self._gated_plans: dict[str, Plan] = {}
        #: Each branch alone, for keys without leading bullets (see compile_unled), and
        #: after the bullets it may skip, for keys with some (see compile_led).
        self._single: list[regex.Pattern | None] = [None] * len(self._branches)
        self._led: list[regex.Pattern | None] = [None] * len(self._branches)
        self._matched: dict[str, int | None] = {}

    def _need(self, i: int) -> tuple:
        """The literal sets branch ``i`` needs, fewest literals first (:func:`fewest_literals`)."""
        need = self._needs[i]
        if need is None:
            need = self._needs[i] = fewest_literals(self._facts[i].needs)
        return need

    @functools.cached_property
    def _gates(self) -> tuple[dict[str, list[int]], frozenset[int]]:
        """The gate strings, each to the branches it stands for, and the gated branches
        without starting strings (:func:`gate_literals`).

        Chosen when first asked for, by the scan or by a plan for scanned keys: a
        process that only cleans texts of a few lines never scans (see
        :mod:`cleanwire.rules.lines.remover`), and choosing them means reading every
        branch's literals.
        """
        return gate_literals(self._facts, [self._need(i) for i in range(len(self._facts))])

    @property
    def _gate_of(self) -> dict[str, list[int]]:
        return self._gates[0]

    @property
    def _gated(self) -> frozenset[int]:
        return self._gates[1]

    def _plan(self, head: str) -> Plan:
        """The branches a key starting with one of ``head`` may match, arranged for
        testing without a scan (``ungated`` and ``gated`` are None)."""
        found = self._plans.get(head)
        if found is not None:
            return found
        ids = set(self._any_first)
        for c in head:
            ids.update(self._by_first.get(c, ()))
        facts = self._facts
        need = self._need
        ordered = sorted(ids)
        free = tuple(i for i in ordered if not facts[i].needs and not facts[i].starts)
        prefixed = tuple((i, need(i)) for i in ordered if facts[i].starts)
        by_prefix: dict[str, list[int]] = {}
        for i in ordered:
            for start in facts[i].starts or ():
                by_prefix.setdefault(start, []).append(i)
        lengths = tuple(sorted({len(s) for s in by_prefix}))
        others = tuple((i, need(i)) for i in ordered if facts[i].needs and not facts[i].starts)
        found = Plan(free, {k: tuple(v) for k, v in by_prefix.items()}, lengths, prefixed, others)
        if len(self._plans) < self.CACHE_SIZE:
            self._plans[head] = found
        return found

    def _gated_plan(self, head: str) -> Plan:
        """:meth:`_plan`, with the branches the scan answers for (``gated``) apart from
        those it does not (``ungated``): the plan for a key that was scanned."""
        found = self._gated_plans.get(head)
        if found is not None:
            return found
        found = self._plan(head)
        gated_ids = self._gated
        ungated = tuple((i, n) for i, n in found.others if i not in gated_ids)
        gated = {i: n for i, n in found.others if i in gated_ids}
        gated.update(found.prefixed)  # a scan finds prefixed branches by their gate too
        found = found._replace(ungated=ungated, gated=gated)
        if len(self._gated_plans) < self.CACHE_SIZE:
            self._gated_plans[head] = found
        return found

    def scan(self, folded: str) -> set[int] | None:
        """Branches whose gate literal occurs in ``folded``, or whose starting string opens it.

        ``folded`` is a casefolded key. A branch that may start anywhere is only worth
        trying on a key that contains one literal of each of its needed sets; one set
        per branch is its *gate* (:func:`~cleanwire.rules.lines.gates.gate_literals`). A branch with starting
        strings is only worth trying on a key that opens with one. One Aho-Corasick
        scan in C finds both, where testing them with ``in`` and ``startswith`` is a
        hundred-odd calls in Python; a branch of either kind that is missing from the
        result cannot match the key (without leading bullets: ``lead`` 0). Returns
        None (nothing known) when the ``ahocorasick`` package is not installed.
        """
        automaton = self._gate_automaton()
        if automaton is None:
            return None
        return automaton.found(START + folded)

    def scan_lines(self, folded_keys: list[str]) -> dict[int, set[int]] | None:
        """:meth:`scan` of every key at once: line index to the branches found there.

        One scan of all the keys, each behind :data:`~cleanwire.rules.lines.gates.START` and on a line of its own
        (no gate string holds a line break, so none is found across two keys), costs
        one call where a scan per key costs one each. Lines where nothing is found are
        left out. None when the ``ahocorasick`` package is not installed.
        """
        automaton = self._gate_automaton()
        if automaton is None:
            return None
        return automaton.found_by_line(folded_keys)

    #: Texts of at least this many lines are scanned for gate strings in one go (see
    #: :meth:`scan_lines`); shorter ones too once the group has judged
    #: :data:`UNSCANNED_LINES` lines without: see :meth:`scan_pays`.
    SCAN_FROM = 8
    UNSCANNED_LINES = 2000

    def scan_pays(self, lines: int) -> bool:
        """Whether a text of ``lines`` lines is cheaper to scan (:meth:`scan_lines`)
        than to judge line by line.

        A scan costs less than the candidates of even one line, once the automaton is
        built; building it costs tens of milliseconds. So a text of a few lines is
        judged line by line until the group has judged :data:`UNSCANNED_LINES`
        lines that way (a process that cleans one short file, or one text given on the
        command line, never builds it), and scanned from then on (a process that
        cleans records field by field, a title after a title). Both ways choose the
        same patterns.
        """
        if lines >= self.SCAN_FROM or self._automaton is not None:
            return True
        self._unscanned += lines
        return self._unscanned >= self.UNSCANNED_LINES

    def _gate_automaton(self):
        """The automaton of the gate strings, built on first use; None without ``ahocorasick``."""
        if self._automaton is None:
            self._automaton = automaton(self._gate_of)
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
            plan = self._gated_plan(head)
            answer = not plan.free and not plan.ungated
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
        free, by_prefix, lengths, prefixed, others, ungated, gated = (
            self._plan(head) if hits is None else self._gated_plan(head)
        )
        if not prefixed and not others:
            return free
        if folded is None:
            folded = key.casefold()
        chosen = list(free)
        # Known for every branch of the plan, and for all once the gates are chosen.
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
                    if i in gated and i not in tested and has_all(folded, needs[i]):
                        chosen.append(i)
            else:
                for i in hits:
                    if i in gated and has_all(folded, needs[i]):
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
                    if has_all(folded, needs[i]):
                        chosen.append(i)
        # has_all, inlined: this loop runs for every line and every group.
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
        ``hits`` (:meth:`scan`) when it has them. A match that runs past ``timeout``
        seconds raises :class:`~cleanwire.rules.lines.PatternTimeout`.

        The answer depends on the key alone, so it is kept for the next time a short key
        comes (:attr:`MATCHED_KEPT` keys at most): scraped pages of a site repeat their
        furniture lines, and those are the lines that cost matching.
        """
        matched = self._matched
        found = matched.get(key, _UNSET)
        if found is not _UNSET:
            return found
        found = self._match(key, timeout, folded, lead, hits)
        if len(key) < self.KEPT_LENGTH:
            if len(matched) >= self.MATCHED_KEPT:
                matched = self._matched = {}
            matched[key] = found
        return found

    #: How many keys' answers :meth:`match` keeps; past that it forgets them all at once.
    MATCHED_KEPT = 1 << 12
    #: Only keys shorter than this are kept: longer ones are paragraphs (the first and
    #: last lines of documents, which the positional walks ask about), seldom repeated.
    KEPT_LENGTH = 150

    def _match(self, key: str, timeout, folded, lead, hits) -> int | None:
        if lead is None:
            lead = lead_length(key)
        ids = self.candidates(key, lead, folded, hits)
        if not ids:
            return None
        # A branch matches all of the key but its leading bullets (at most ``lead``
        # characters) and what the alternation lets trail (spaces, full stops, closing
        # brackets): a key longer than that cannot match a branch of bounded length.
        size = len(key.rstrip(TRAIL_CHARS)) - lead
        longest = self._longest
        ids = tuple(i for i in ids if longest[i] is None or size <= longest[i])
        # A date, a count or a code is not in a key without a digit.
        if self._digit and not self._digit.isdisjoint(ids) and _DIGIT.search(key) is None:
            ids = tuple(i for i in ids if i not in self._digit)
        if not ids:
            return None
        # The first branch, in order, that matches wins, exactly as in the alternation:
        # after the leading bullets it may skip on a key that opens with some, else the
        # branch alone.
        compiled, compile_branch = (self._led, compile_led) if lead else (self._single, compile_unled)
        try:
            for i in ids:
                pattern = compiled[i]
                if pattern is None:
                    pattern = compiled[i] = compile_branch(self._branches[i][1])
                if pattern.fullmatch(key, timeout=timeout) is not None:
                    return self._branches[i][0]
        except TimeoutError:
            codes = dict.fromkeys(self.rules[self._branches[i][0]].code for i in ids)
            raise PatternTimeout(tuple(codes), key, timeout) from None
        return None
