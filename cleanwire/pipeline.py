"""The pipeline: an ordered selection of rules, run until nothing changes.

A :class:`Cleaner` is built once from its options and is then immutable: what a call
may change is only caches (compiled patterns, the Aho-Corasick automaton, the words a
variant table has met), which any thread may fill and no result depends on. So one
instance can be shared by threads, pickled to worker processes (through its options;
caches are rebuilt there), and reused for millions of documents.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from .fastpass import FastPass
from .model import ChangeLog, Explanation, Rule, Stage
from .rules import ALL_RULES, select_rules
from .rules.boilerplate import LineRemover, PatternError, PatternRule, RemovalPolicy, rules_from_table, packaged_macros
from .rules.encoding import MojibakeRule
from .rules.variants import VariantRule, VariantTable, _default, opt_in_table, table_from_mapping

#: A pass of the pipeline is repeated until the text stops changing; every rule is
#: idempotent on its own, so a second pass only matters when one stage exposes work
#: for another (a removed line leaving two blank lines to merge). The bound keeps a
#: pathological input from looping.
MAX_PASSES = 4


class Cleaner:
    """A configured cleaning pipeline.

    >>> Cleaner().clean("ALSO READ: Another Story\\n\\nThe story.\\u00a0\\n")
    'The story.\\n'

    Options:

    ``select`` / ``ignore`` / ``extend_select``
        rule codes or code prefixes (``"CW1"``), as in ruff.
    ``patterns``
        extra patterns for packaged boilerplate rules: ``{"CW201": ["regex", ...]}``.
    ``rules``
        extra boilerplate rules, as records like those in ``data/boilerplate.toml``.
    ``keep``
        patterns for lines that no rule may remove.
    ``variants``
        extra spelling variants, ``{"Kyiv": ["Kiev"]}``; they override packaged ones.
    ``variant_tables``
        names of opt-in packaged variant tables to add (``"contested"``).
    ``max_removed_share`` / ``max_line_length``
        the removal budget (see :class:`~cleanwire.rules.boilerplate.RemovalPolicy`).
    ``ftfy``
        ftfy options that replace the conservative defaults of the mojibake rule
        (``{"unescape_html": True}``); see ``cleanwire.rules.encoding.FTFY_DEFAULTS``.
    """

    def __init__(
        self,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        extend_select: Sequence[str] | None = None,
        patterns: Mapping[str, Sequence[str]] | None = None,
        rules: Sequence[Mapping] | None = None,
        keep: Sequence[str] = (),
        variants: Mapping[str, Sequence[str]] | None = None,
        variant_tables: Sequence[str] = (),
        max_removed_share: float = 0.5,
        max_line_length: int = 400,
        source: str = "Cleaner()",
        ftfy: Mapping[str, object] | None = None,
    ) -> None:
        self._options = dict(
            select=list(select) if select is not None else None,
            ignore=list(ignore or ()),
            extend_select=list(extend_select or ()),
            patterns={k: list(v) for k, v in (patterns or {}).items()},
            rules=[dict(r) for r in rules or ()],
            keep=list(keep),
            variants={k: list(v) for k, v in (variants or {}).items()},
            variant_tables=list(variant_tables),
            max_removed_share=max_removed_share,
            max_line_length=max_line_length,
            source=source,
        )
        if ftfy:
            self._options["ftfy"] = dict(ftfy)
        if not 0 < max_removed_share <= 1:
            raise ValueError(f"max_removed_share must be in (0, 1], got {max_removed_share!r}")
        available = list(ALL_RULES) + self._custom_rules()
        self.rules: tuple[Rule, ...] = tuple(
            sorted(
                self._extend_patterns(select_rules(available, select, ignore, extend_select)),
                key=lambda r: (r.stage, r.code),
            )
        )
        self._steps = self._build_steps()
        # The fast pass gates ftfy on suspect sequences; user ftfy options may ask for
        # fixes on every line (uncurl_quotes, unescape_html), so they take the plain path.
        self._fast = None if self._options.get("ftfy") else FastPass.for_steps(self._steps)

    # -- construction ---------------------------------------------------------------

    def _custom_rules(self) -> list[PatternRule]:
        records = self._options["rules"]
        if not records:
            return []
        source = self._options["source"]
        custom = rules_from_table({"rule": records}, source, packaged_macros())
        known = {r.code for r in ALL_RULES}
        for rule in custom:
            if rule.code in known:
                raise PatternError(f"{source}: custom rule code {rule.code} is already used by a packaged rule")
        return custom

    def _extend_patterns(self, rules: list[Rule]) -> list[Rule]:
        extra = self._options["patterns"]
        if not extra:
            return rules
        by_code = {r.code: r for r in ALL_RULES}
        source = self._options["source"]
        for code in extra:
            rule = by_code.get(code.upper())
            if not isinstance(rule, PatternRule):
                raise PatternError(f"{source}: patterns for {code}: no boilerplate rule has that code")
            # Validate with the same macros the rule uses.
            rules_from_table({"rule": [{"code": rule.code, "name": rule.name, "patterns": extra[code]}]}, source, dict(rule.macros))
        return [
            r.with_patterns(extra[r.code], source) if r.code in extra and isinstance(r, PatternRule) else r
            for r in rules
        ]

    def _variant_table(self) -> VariantTable | None:
        user = self._options["variants"]
        tables = self._options["variant_tables"]
        if not user and not tables:
            return None
        table = _default()
        if tables:
            table = table.merged(opt_in_table(tables))
        if user:
            table = table.merged(table_from_mapping(user, self._options["source"]))
        return table

    def _build_steps(self) -> list:
        policy = RemovalPolicy(
            max_removed_share=self._options["max_removed_share"],
            max_line_length=self._options["max_line_length"],
            keep=tuple(self._options["keep"]),
        )
        steps: list = []
        line_rules = [r for r in self.rules if r.stage == Stage.LINES]
        table = self._variant_table()
        for rule in self.rules:
            if rule.stage == Stage.LINES:
                if rule is line_rules[0]:
                    steps.append(LineRemover(line_rules, policy))
            elif isinstance(rule, MojibakeRule) and self._options.get("ftfy"):
                steps.append(MojibakeRule(**{**_fields(rule), "ftfy_options": _ftfy_options(self._options["ftfy"])}))
            elif isinstance(rule, VariantRule) and table is not None:
                steps.append(VariantRule(**{**_fields(rule), "table": table}))
            else:
                steps.append(rule)
        return steps

    # -- use -----------------------------------------------------------------------

    def clean(self, text: str) -> str:
        """Return the cleaned text."""
        if not isinstance(text, str):
            raise TypeError(f"Cleaner.clean() takes str, not {type(text).__name__}")
        fast = self._fast
        for _ in range(MAX_PASSES):
            if fast is None:
                new, settled = self._pass(text, None), False
            else:
                # The fast pass proves most documents converged after one pass, which
                # saves the confirming pass (see cleanwire/fastpass.py).
                new, settled = fast.run(text)
            if new == text or settled:
                return new
            text = new
        return text

    def explain(self, text: str) -> Explanation:
        """Return the cleaned text with the list of changes that produced it."""
        if not isinstance(text, str):
            raise TypeError(f"Cleaner.explain() takes str, not {type(text).__name__}")
        log = ChangeLog()
        log.reset_lines(text)
        for _ in range(MAX_PASSES):
            new = self._pass(text, log)
            if new == text:
                break
            text = new
        return Explanation(text, tuple(log.changes), tuple(log.flags))

    def _pass(self, text: str, log: ChangeLog | None) -> str:
        for step in self._steps:
            text = step.apply(text, log)
        return text

    def clean_many(self, texts: Iterable[str]) -> Iterable[str]:
        """Clean an iterable of documents lazily, in order."""
        for text in texts:
            yield self.clean(text)

    # -- protocol ------------------------------------------------------------------

    @property
    def options(self) -> dict:
        return {k: v for k, v in self._options.items()}

    def __reduce__(self):
        return (_rebuild, (self._options,))

    def __repr__(self) -> str:
        return f"Cleaner({len(self.rules)} rules: {', '.join(r.code for r in self.rules)})"


def _rebuild(options: dict) -> Cleaner:
    return Cleaner(**options)


def _ftfy_options(options: Mapping[str, object]) -> tuple:
    from .rules.encoding import FTFY_DEFAULTS

    unknown = sorted(set(options) - set(FTFY_DEFAULTS) - {"explain"}) + [k for k in ("fix_line_breaks", "explain") if k in options]
    if unknown:
        raise ValueError(f"ftfy options not accepted: {', '.join(unknown)} (line breaks are unified before ftfy runs)")
    return tuple(sorted(options.items()))


def _fields(rule: Rule) -> dict:
    from dataclasses import fields

    return {f.name: getattr(rule, f.name) for f in fields(rule)}


_DEFAULT_CLEANER: list[Cleaner] = []


def default_cleaner() -> Cleaner:
    if not _DEFAULT_CLEANER:
        _DEFAULT_CLEANER.append(Cleaner())
    return _DEFAULT_CLEANER[0]


def clean(text: str) -> str:
    """Clean ``text`` with the default pipeline.

    >>> clean("• Source:JND\\n\\nPakistan struck targets in Siestan-o-Baluchistan.\\n")
    'Pakistan struck targets in Sistan and Baluchistan.\\n'
    """
    return default_cleaner().clean(text)


def explain(text: str) -> Explanation:
    """Clean ``text`` with the default pipeline and report every change."""
    return default_cleaner().explain(text)
