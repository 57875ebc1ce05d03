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

import tomllib
from dataclasses import dataclass, replace
from importlib import resources
from typing import Iterable, Mapping

import regex

from ..model import ChangeLog, Example, Rule, Stage

POSITIONS = ("anywhere", "leading", "trailing", "head")

#: Bullets, dashes and separators that may precede a boilerplate line.
LEAD = r"[\p{Pd}•·∙◦‣⁃▪▫►▶■□◆◇●○*>»|~=_\s]*"

#: A user pattern that runs longer than this (seconds) is treated as no match,
#: so one catastrophic pattern cannot stall a corpus run.
PATTERN_TIMEOUT = 0.05

PROSE_WORDS = 20


class PatternError(ValueError):
    """A boilerplate pattern or rule record is invalid; the message names it."""


def line_key(line: str) -> str:
    """The text a pattern is matched against: whitespace trimmed and folded."""
    return " ".join(line.split())


def expand_macros(pattern: str, macros: Mapping[str, str]) -> str:
    """Replace ``<<NAME>>`` with the macro's pattern, wrapped in a group."""

    def sub(m: regex.Match) -> str:
        name = m.group(1)
        if name not in macros:
            raise PatternError(f"unknown macro <<{name}>> in pattern {pattern!r}")
        return "(?:" + macros[name] + ")"

    previous = None
    while previous != pattern:  # macros may use macros
        previous, pattern = pattern, regex.sub(r"<<([A-Z_]+)>>", sub, pattern)
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


def _compile_group(rules: list[PatternRule]) -> regex.Pattern | None:
    if not rules:
        return None
    branches = []
    for index, rule in enumerate(rules):
        body = "|".join(f"(?:{p})" for p in rule.expanded())
        branches.append(f"(?P<r{index}>{body})")
    return regex.compile(
        LEAD + "(?:" + "|".join(branches) + r")[\s.]*",
        regex.IGNORECASE | regex.VERSION0,
    )


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


class LineRemover:
    """Applies a set of :class:`PatternRule` to a text in one pass over its lines."""

    def __init__(self, rules: Iterable[PatternRule], policy: RemovalPolicy | None = None) -> None:
        self.rules = tuple(rules)
        self.policy = policy or RemovalPolicy()
        by_position: dict[str, list[PatternRule]] = {p: [] for p in POSITIONS}
        for rule in self.rules:
            by_position[rule.position].append(rule)
        self._anywhere_rules = by_position["anywhere"]
        self._anywhere = _compile_group(by_position["anywhere"])
        self._positional_rules = by_position["leading"] + by_position["trailing"] + by_position["head"]
        self._positional = _compile_group(self._positional_rules)
        self._keep = (
            regex.compile("|".join(f"(?:{k})" for k in self.policy.keep), regex.IGNORECASE)
            if self.policy.keep
            else None
        )

    def __reduce__(self):
        return (LineRemover, (self.rules, self.policy))

    def _match(self, pattern: regex.Pattern | None, rules, key: str):
        if pattern is None:
            return None
        try:
            m = pattern.fullmatch(key, timeout=PATTERN_TIMEOUT)
        except TimeoutError:
            return None
        if m is None:
            return None
        return rules[int(m.lastgroup[1:])]

    def verdicts(self, lines: list[str]) -> dict[int, PatternRule]:
        """Map the index of each line to remove to the rule that removes it."""
        limit = self.policy.max_line_length
        removed: dict[int, PatternRule] = {}
        candidates: dict[int, PatternRule] = {}
        blank: set[int] = set()
        for i, line in enumerate(lines):
            key = line_key(line)
            if not key:
                blank.add(i)
                continue
            if len(key) > limit:
                continue
            if self._keep is not None and self._keep.search(key):
                continue
            rule = self._match(self._anywhere, self._anywhere_rules, key)
            if rule is not None:
                removed[i] = rule
                continue
            rule = self._match(self._positional, self._positional_rules, key)
            if rule is not None:
                candidates[i] = rule
        if candidates:
            self._resolve_positions(lines, removed, candidates, blank)
        return removed

    @staticmethod
    def _resolve_positions(lines, removed, candidates, blank) -> None:
        n = len(lines)
        for order in (range(n), range(n - 1, -1, -1)):
            position = "leading" if order.step == 1 else "trailing"
            for i in order:
                if i in blank or i in removed:
                    continue
                rule = candidates.get(i)
                if rule is not None and rule.position == position:
                    removed[i] = rule
                    continue
                break
        heads = [i for i, r in candidates.items() if r.position == "head" and i not in removed]
        if heads:
            first_prose = next(
                (i for i, line in enumerate(lines) if len(line.split()) >= PROSE_WORDS), n
            )
            for i in heads:
                if i < first_prose:
                    removed[i] = candidates[i]

    def apply(self, text: str, log: ChangeLog | None = None) -> str:
        lines = text.split("\n")
        removed = self.verdicts(lines)
        if not removed:
            return text
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


def rules_from_table(table: Mapping, source: str, macros: Mapping[str, str] | None = None) -> list[PatternRule]:
    """Build :class:`PatternRule` records from a parsed TOML document.

    The document has an optional ``[macros]`` table and a ``[[rule]]`` array.
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
        if not regex.fullmatch(r"CW\d{3}", record["code"]):
            raise PatternError(f"{source}: rule code {record['code']!r} must be CW followed by three digits")
        position = record.get("position", "anywhere")
        if position not in POSITIONS:
            raise PatternError(
                f"{source}: rule {label}: position {position!r} is not one of {', '.join(POSITIONS)}"
            )
        for pattern in record["patterns"]:
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
    data = resources.files("cleanwire.data").joinpath("boilerplate.toml").read_text(encoding="utf-8")
    return tomllib.loads(data)


def load_packaged_rules() -> list[PatternRule]:
    return rules_from_table(_packaged_table(), "cleanwire/data/boilerplate.toml")


RULES = tuple(load_packaged_rules())

