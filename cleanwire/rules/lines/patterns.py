"""Boilerplate rules as records: patterns with macros and a position, read from TOML.

Each rule is a record in a TOML file (``cleanwire/data/boilerplate.toml`` for the
packaged ones, or the user's configuration): code, name, family, position, summary,
why, patterns and examples. This module reads and checks those records and compiles
their patterns; :mod:`cleanwire.rules.lines.remover` applies them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Iterable, Mapping

import regex

from ...datafiles import load_packaged_toml
from ...model import ChangeLog, Example, Rule, Stage
from . import prefilter
from .keys import LEAD, LEAD_CHARS, LEAD_KINDS, TRAIL

#: Where a line a rule matches counts as boilerplate (see :mod:`cleanwire.rules.lines`).
POSITIONS = ("anywhere", "leading", "trailing", "head")

#: A user pattern that runs longer than this (seconds) is treated as no match,
#: so one catastrophic pattern cannot stall a corpus run.
PATTERN_TIMEOUT = 0.05


class PatternError(ValueError):
    """A boilerplate pattern or rule record is invalid; the message names it."""


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
        from .remover import LineRemover

        return LineRemover((self,)).apply(text, log)

    def with_patterns(self, extra: Iterable[str], source: str) -> "PatternRule":
        return replace(self, patterns=self.patterns + tuple(extra), source=source)

    @classmethod
    def build_steps(cls, rules, options: Mapping) -> list:
        """The steps of the selected line rules: one :class:`LineRemover` for the
        pattern rules and the structure rules together (a line costs one scan and one
        match attempt however many rules are on, and the structure rules read the
        pattern rules' verdicts as evidence), then the run-on step, which judges the
        sentences of run-on lines by the same pattern rules.

        The structure and run-on rules share this builder, so the pipeline hands the
        three stages' selected rules over together.
        """
        from ..runon import RunOnRule
        from ..structure import StructureRule
        from ..structure.vocabulary import packaged
        from .remover import LineRemover, RemovalPolicy

        policy = RemovalPolicy(
            max_removed_share=options.get("max_removed_share", 0.5),
            max_line_length=options.get("max_line_length", 400),
            keep=tuple(options.get("keep", ())),
        )
        extra = options.get("structure")
        vocabulary = packaged().extended(extra, options.get("source", "configuration")) if extra else None
        phrase = [r for r in rules if isinstance(r, PatternRule)]
        shape = [r for r in rules if isinstance(r, StructureRule)]
        steps: list = []
        if phrase or shape:
            steps.append(LineRemover(phrase, policy, structure=shape, vocabulary=vocabulary))
        steps.extend(rule.configured_with(phrase, vocabulary) for rule in rules if isinstance(rule, RunOnRule))
        return steps


def compile_branches(branches: list[tuple[int, str]]) -> regex.Pattern:
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


def compile_pattern(rule_label: str, pattern: str, macros: Mapping[str, str], source: str) -> None:
    """Check one pattern compiles; raise :class:`PatternError` naming it otherwise."""
    try:
        regex.compile(expand_macros(pattern, macros), regex.IGNORECASE)
    except regex.error as exc:
        raise PatternError(f"{source}: {rule_label}: pattern {pattern!r} does not compile: {exc}") from None


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
    """The macros of the packaged rule file (``<<AGENCY>>``, ...)."""
    return dict(packaged_table().get("macros", {}))


def packaged_table() -> dict:
    """The packaged rule file, parsed."""
    return load_packaged_toml("boilerplate.toml")


def load_packaged_rules() -> list[PatternRule]:
    """The packaged rules, from ``cleanwire/data/boilerplate.toml``."""
    return rules_from_table(packaged_table(), "cleanwire/data/boilerplate.toml", check=False)
