"""Boilerplate patterns: macros, positions, checking and compiling, and what is read of them.

A pattern is written for the whole key of a line (:mod:`.keys`), may use the macros
of its rule file (``<<AGENCY>>``), and is compiled as one branch of an alternation
that skips the leading bullets a line may carry (:func:`branch_for`). What
:mod:`.prefilter` reads of every packaged pattern is kept in the user's cache
(:func:`packaged_facts`).
"""

from __future__ import annotations

import functools
from typing import Mapping

import regex

from ...compiled import Lazy
from ...datafiles import load_packaged_toml
from . import prefilter
from .keys import LEAD, LEAD_CHARS, LEAD_KINDS, TRAIL

#: Where a line a rule matches counts as boilerplate (see :mod:`cleanwire.rules.lines`).
POSITIONS = ("anywhere", "leading", "trailing", "head")

#: The safety limit of one match of a line's key, in seconds. Every packaged pattern
#: matches in time linear in the line's length (:mod:`cleanwire.backtracking`), which
#: is microseconds for a line, so only a user pattern that backtracks catastrophically
#: comes near it. Reaching it raises :class:`PatternTimeout`: it is never read as "no
#: match", so no result depends on the machine's speed or load.
PATTERN_LIMIT = 5.0


class PatternError(ValueError):
    """A boilerplate pattern or rule record is invalid; the message names it."""


class PatternTimeout(TimeoutError):
    """A line pattern ran past :data:`PATTERN_LIMIT` on one line.

    The document is not cleaned (the caller keeps its text as it was); the message
    names the rules whose patterns were tried and the line. ``cleanwire lint-rules``
    finds the shape of pattern that does this.
    """

    def __init__(self, codes: tuple[str, ...], line: str, limit: float = PATTERN_LIMIT) -> None:
        super().__init__(tuple(codes), line, limit)
        self.codes = tuple(codes)
        self.line = line
        self.limit = limit

    def __str__(self) -> str:
        shown = self.line if len(self.line) <= 60 else self.line[:40] + f"... ({len(self.line)} characters)"
        return (
            f"a pattern of {', '.join(self.codes)} ran longer than {self.limit:g} s on the line {shown!r}: "
            "it backtracks catastrophically (run 'cleanwire lint-rules' to find it); the text was not cleaned"
        )


_MACRO = Lazy(r"<<([A-Z_]+)>>")
RULE_CODE = Lazy(r"CW\d{3}")


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


def compile_unled(pattern: str) -> regex.Pattern:
    """``pattern`` as the alternation of all the branches (``tests/reference.py``)
    matches it on a key that does not open with a bullet, dash, bracket or space
    (:func:`~cleanwire.rules.lines.keys.lead_length` 0).

    The run of leading bullets a branch may skip is empty on such a key, so the branch
    is the pattern itself and the trailing spaces and full stops: the same matches,
    from a smaller pattern that compiles in about half the time, and no test of which
    bullets the pattern may start with (:func:`compile_led` is for keys with some). A
    process that cleans a short text compiles the few patterns its lines need; most
    are matched this way.
    """
    return regex.compile("(?:" + pattern + ")" + TRAIL, regex.IGNORECASE | regex.VERSION0)


def compile_led(pattern: str) -> regex.Pattern:
    """``pattern`` as the alternation of all the branches matches it on a key that opens
    with bullets, dashes or brackets: one branch of the alternation, after the run it may
    skip (:func:`branch_for`). Trying the candidates' branches one by one, in order,
    finds the branch the alternation of them all would: the first that matches. Each
    branch is compiled once, where an alternation would be compiled again for every
    set of candidates a key leaves (tens of milliseconds each, with the wire lists)."""
    return regex.compile(branch_for(pattern) + TRAIL, regex.IGNORECASE | regex.VERSION0)


@functools.lru_cache(maxsize=None)
def _kind_class(kind: str) -> regex.Pattern:
    return regex.compile("[" + kind + "]")


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
    first = facts(pattern).first
    maybe = []
    for kind, chars in LEAD_KINDS:
        if first is not None:
            # The kind's own characters the pattern may start with, besides those
            # that stand for it (a block of pictographs has more than it lists).
            chars += "".join(sorted(c for c in first if c not in chars and _kind_class(kind).fullmatch(c)))
            if not any(c.casefold() in first for c in chars):
                continue
        maybe.append((kind, chars))
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


def compile_pattern(rule_label: str, pattern: str, macros: Mapping[str, str], source: str) -> None:
    """Check one pattern compiles; raise :class:`PatternError` naming it otherwise."""
    try:
        regex.compile(expand_macros(pattern, macros), regex.IGNORECASE)
    except regex.error as exc:
        raise PatternError(f"{source}: {rule_label}: pattern {pattern!r} does not compile: {exc}") from None


def packaged_macros() -> dict[str, str]:
    """The macros of the packaged rule file (``<<AGENCY>>``, ...)."""
    return dict(packaged_table().get("macros", {}))


@functools.lru_cache(maxsize=1)
def reporting_verb() -> regex.Pattern:
    """A reporting verb of the packaged rule file (its macro ``<<REPORTING_VERB>>``) as a
    whole word: a line that has one reports something. The phrase rules' guard
    ``<<NOT_REPORTED>>``, the prompt finder (CW704) and the report's review list read
    this one list.

    >>> bool(reporting_verb().search("Follow us, the minister urged.")), bool(reporting_verb().search("Follow us"))
    (True, False)
    """
    return regex.compile(
        r"\b(?:" + expand_macros("<<REPORTING_VERB>>", packaged_macros()) + r")\b", regex.IGNORECASE
    )


def packaged_table() -> dict:
    """The packaged rule file, parsed."""
    return load_packaged_toml("boilerplate.toml")


@functools.lru_cache(maxsize=1)
def packaged_facts() -> dict:
    """What :mod:`.prefilter` reads of every packaged pattern: read once, then kept in
    the user's cache (:mod:`cleanwire.cache`) under a digest of the rule file, because
    reading them all is most of the cost of building a cleaner."""
    from ... import cache
    from ...datafiles import read_packaged_text

    def read_all() -> dict:
        table = packaged_table()
        macros = table.get("macros", {})
        patterns = {expand_macros(p, macros) for record in table.get("rule", ()) for p in record.get("patterns", ())}
        return {p: prefilter.facts_to_json(prefilter.read_facts(p)) for p in sorted(patterns)}

    key = cache.digest(f"{prefilter.FACTS_FORMAT}\n{read_packaged_text('boilerplate.toml')}")
    stored = cache.cached("facts", key, read_all)
    try:
        return {pattern: prefilter.facts_from_json(entry) for pattern, entry in stored.items()}
    except (AttributeError, KeyError, TypeError):  # a damaged entry: read them again
        return {pattern: prefilter.facts_from_json(entry) for pattern, entry in read_all().items()}


def facts(pattern: str) -> "prefilter.Facts":
    """The prefilter's :class:`~cleanwire.rules.lines.prefilter.Facts` of ``pattern``:
    those of a packaged pattern from the cache, others read now.

    >>> facts(r"\\(?also read:") == prefilter.read_facts(r"\\(?also read:")
    True
    """
    known = packaged_facts().get(pattern)
    return known if known is not None else prefilter.facts(pattern)

