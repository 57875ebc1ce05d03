"""The pattern rule: a boilerplate rule described as data, and reading such rules from TOML.

Each rule is a record in a TOML file (``cleanwire/data/boilerplate.toml`` for the
packaged ones, or the user's configuration): code, name, family, position, summary,
why, patterns and examples. A rule alone applies through a :class:`LineRemover`;
in a pipeline, all the selected ones share one (:mod:`cleanwire.rules.linesteps`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Mapping

from ...model import ChangeLog, Example, Rule, Stage
from .patterns import POSITIONS, RULE_CODE, PatternError, compile_pattern, expand_macros, packaged_table
from .remover import LineRemover


@dataclass(frozen=True, eq=False, repr=False)
class PatternRule(Rule):
    """A boilerplate rule whose behaviour is its patterns and position."""

    patterns: tuple[str, ...] = ()
    position: str = "anywhere"
    macros: tuple[tuple[str, str], ...] = ()
    source: str = "cleanwire/data/boilerplate.toml"
    data_driven: bool = True
    #: Whether every pattern is known to match in time linear in the line's length:
    #: the packaged rules, each of which the test suite reads for backtracking shapes
    #: (tests/test_backtracking.py). The patterns of other rules, a user's, run under
    #: :data:`~cleanwire.rules.lines.patterns.PATTERN_LIMIT`.
    linear: bool = False
    #: Whether a match on the text's first line is kept when a paragraph follows it:
    #: the story's own headline, which a gallery or a video story opens with a label
    #: (`Photos: Spring festival draws thousands`), as a promo for one does.
    spares_headline: bool = False

    def expanded(self) -> list[str]:
        macros = dict(self.macros)
        return [expand_macros(p, macros) for p in self.patterns]

    def apply(self, text: str, log: ChangeLog | None = None) -> str:
        return LineRemover((self,)).apply(text, log)

    def with_patterns(self, extra: Iterable[str], source: str) -> "PatternRule":
        return replace(self, patterns=self.patterns + tuple(extra), source=source, linear=False)



def _examples(records) -> tuple[Example, ...]:
    return tuple(Example(e["input"], e["output"]) for e in records or ())


RULE_KEYS = {"code", "name", "family", "position", "summary", "why", "patterns", "examples", "default", "spares_headline"}


def rules_from_table(
    table: Mapping, source: str, macros: Mapping[str, str] | None = None, check: bool = True, linear: bool = False
) -> list[PatternRule]:
    """Build :class:`PatternRule` records from a parsed TOML document.

    The document has an optional ``[macros]`` table and a ``[[rule]]`` array.
    ``check=False`` skips compiling every pattern up front; only the packaged rules,
    which the test suite compiles, are loaded that way, because compiling them all
    was most of the command's start-up time. ``linear`` marks the rules so
    (:attr:`PatternRule.linear`): only the packaged ones.
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
        if not RULE_CODE.fullmatch(record["code"]):
            raise PatternError(f"{source}: rule code {record['code']!r} must be CW followed by three digits")
        position = record.get("position", "anywhere")
        if position not in POSITIONS:
            raise PatternError(
                f"{source}: rule {label}: position {position!r} is not one of {', '.join(POSITIONS)}"
            )
        spares = record.get("spares_headline", False)
        if not isinstance(spares, bool):
            raise PatternError(f"{source}: rule {label}: spares_headline must be true or false, not {spares!r}")
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
                linear=linear,
                spares_headline=spares,
            )
        )
    return rules


def load_packaged_rules() -> list[PatternRule]:
    """The packaged rules, from ``cleanwire/data/boilerplate.toml``."""
    return rules_from_table(packaged_table(), "cleanwire/data/boilerplate.toml", check=False, linear=True)
