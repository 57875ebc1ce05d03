"""The pipeline: an ordered selection of rules, run until nothing changes.

A :class:`Cleaner` is built once from its options and is then immutable: what a call
may change is only caches (compiled patterns, the Aho-Corasick automaton, what a
variant table learnt about the words it met), which any thread may fill and no
result depends on. So one instance can be shared by threads, pickled to worker
processes (through its options; caches are rebuilt there), and reused for millions
of documents.

``clean`` and ``explain`` run the same loop (:meth:`Cleaner.run`); ``explain`` only
hands the steps a change log. The loop repeats the steps in order until none of them
has anything left to do (at most :data:`MAX_PASSES` rounds), and it skips a step
whenever that is already known:

- a step none of whose ``triggers`` occur in the text has nothing to do. One search
  of the text finds every trigger character of every step at once; an edit keeps
  that answer true by adding what the step that made it ``writes``, and literal
  triggers (``"  "``) are looked for when a step needs asking;
- a step that ran (or was skipped) stays done after a later edit that preserved the
  view it ``reads`` (:class:`~cleanwire.model.View`): CW902 folding spaces keeps every
  line key, so the line stage, which reads keys, need not run again; a step whose
  view was not preserved may prove itself done more cheaply than by running again
  (``still_settled``), or it runs again in the next round.

So a document costs one run of each step that has work to do, plus the steps a later
edit could have given new work; the result is the text that repeating whole passes
until nothing changes would give.
"""

from __future__ import annotations

import dataclasses
import importlib
import itertools
import re
from typing import Iterable, Mapping, Sequence

from .chars import char_class
from .model import ChangeLog, Edit, Explanation, Rule, kept_views
from .options import Options
from .rules import ALL_RULES, select_rules
from .rules.lines import PatternError, PatternRule, packaged_macros, rules_from_table

#: The steps are repeated until none has anything left to do; every rule is
#: idempotent on its own, so another round only matters when one step gives another
#: work (a removed line leaving two blank lines to merge). The bound keeps a
#: pathological input from looping.
MAX_PASSES = 4

_ABSENT = "absent"  # the proof of a step skipped because none of its triggers occur


class _Plan:
    """The steps of a cleaner with what the loop needs of each, computed once."""

    def __init__(self, steps: Sequence) -> None:
        self.steps = tuple(steps)
        interesting: set[str] = set()
        chars, literals, writes, keeps, hinted = [], [], [], [], []
        for step in self.steps:
            triggers = step.triggers
            single = frozenset(t for t in triggers or () if len(t) == 1)
            longer = tuple(t for t in triggers or () if len(t) > 1)
            if any(not t or t.strip("\n") == "" for t in triggers or ()):
                raise ValueError(f"{step!r}: a trigger must hold a character other than a line break")
            chars.append(single)
            literals.append(longer)
            interesting |= single | frozenset(step.hints)
            writes.append(None if step.writes is None else frozenset(step.writes))
            keeps.append(kept_views(step.preserves))
            hinted.append(bool(step.hints))
        self.gated = tuple(step.triggers is not None for step in self.steps)
        self.chars = tuple(chars)
        self.literals = tuple(literals)
        self.interesting = frozenset(interesting)
        self.writes = tuple(None if w is None else w & self.interesting for w in writes)
        self.keeps = tuple(keeps)
        self.hinted = tuple(hinted)
        self._search = re.compile(char_class("".join(self.interesting))).findall if self.interesting else None

    def find(self, text: str) -> frozenset:
        """Every character of interest to a step that ``text`` holds."""
        return frozenset(self._search(text)) if self._search is not None else frozenset()


def _holds(text: str, literal: str) -> bool:
    """Whether ``literal`` occurs in ``text``, with a line break read before and after it.

    >>> _holds("word ", " \\n"), _holds("word", " \\n")
    (True, False)
    """
    if literal in text:
        return True
    if literal[0] == "\n" and text.startswith(literal[1:]):
        return True
    return literal[-1] == "\n" and text.endswith(literal[:-1])


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
        the removal budget (see :class:`~cleanwire.rules.lines.RemovalPolicy`).
    ``structure``
        words to add to the structure stage's lists, ``{"outlets": ["The Courier"]}``
        (see ``cleanwire/data/structure.toml`` for the lists).
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
        structure: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self._setup(
            Options(
                select=select,
                ignore=ignore or (),
                extend_select=extend_select or (),
                patterns=patterns or {},
                rules=rules or (),
                keep=keep,
                variants=variants or {},
                variant_tables=variant_tables,
                max_removed_share=max_removed_share,
                max_line_length=max_line_length,
                source=source,
                ftfy=ftfy or None,
                structure=structure or {},
            )
        )

    @classmethod
    def from_options(cls, options: Options) -> "Cleaner":
        """The cleaner an :class:`~cleanwire.options.Options` record describes."""
        cleaner = cls.__new__(cls)
        cleaner._setup(options)
        return cleaner

    def _setup(self, options: Options) -> None:
        #: The options this cleaner was built from (a frozen record).
        self.options = options
        available = list(ALL_RULES) + self._custom_rules()
        self.rules: tuple[Rule, ...] = tuple(
            sorted(
                self._extend_patterns(select_rules(available, options.select, options.ignore, options.extend_select)),
                key=lambda r: (r.stage, r.code),
            )
        )
        self._plan = _Plan(build_steps(self.rules, options))

    # -- construction ---------------------------------------------------------------

    def _custom_rules(self) -> list[PatternRule]:
        records = self.options.rules
        if not records:
            return []
        source = self.options.source
        custom = rules_from_table({"rule": records}, source, packaged_macros())
        known = {r.code for r in ALL_RULES}
        for rule in custom:
            if rule.code in known:
                raise PatternError(
                    f"{source}: custom rule code {rule.code} is already used by a packaged rule "
                    "(codes CW800-CW899 are kept free for your own rules)"
                )
        return custom

    def _extend_patterns(self, rules: list[Rule]) -> list[Rule]:
        extra = self.options.patterns
        if not extra:
            return rules
        by_code = {r.code: r for r in ALL_RULES}
        source = self.options.source
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

    @property
    def _steps(self) -> tuple:
        return self._plan.steps

    # -- use -----------------------------------------------------------------------

    def clean(self, text: str) -> str:
        """Return the cleaned text."""
        if not isinstance(text, str):
            raise TypeError(f"Cleaner.clean() takes str, not {type(text).__name__}")
        return self.run(text, None)

    def explain(self, text: str) -> Explanation:
        """Return the cleaned text with the list of changes that produced it."""
        if not isinstance(text, str):
            raise TypeError(f"Cleaner.explain() takes str, not {type(text).__name__}")
        log = ChangeLog()
        log.reset_lines(text)
        text = self.run(text, log)
        return Explanation(text, tuple(log.changes), tuple(log.flags))

    def clean_field(self, text: str) -> str:
        """Clean one field of a record: :meth:`clean`, except that the text keeps its own ending.

        A file ends with exactly one newline (CW903); a field is not a file. A field
        that does not end with a line break is given none, so a field no rule
        changes comes back as it was; one that does ends with one newline. Blank-line
        runs are collapsed as in a file. JSON Lines, the datatrove step and the Dask
        adapter clean fields this way.

        >>> Cleaner().clean_field("The council met.")
        'The council met.'
        >>> Cleaner().clean_field("Source: PTI\\nThe council met.\\n\\n\\nIt adjourned.")
        'The council met.\\n\\nIt adjourned.'
        """
        if not isinstance(text, str):
            raise TypeError(f"Cleaner.clean_field() takes str, not {type(text).__name__}")
        if _ended(text):
            return self.run(text, None)
        return _unend(self.run(text + "\n", None))

    def explain_field(self, text: str) -> Explanation:
        """:meth:`explain` for one field of a record (see :meth:`clean_field`)."""
        if not isinstance(text, str):
            raise TypeError(f"Cleaner.explain_field() takes str, not {type(text).__name__}")
        if _ended(text):
            return self.explain(text)
        # Cleaned as the file it would be with a final newline, which adds no line:
        # the changes name the same lines.
        result = self.explain(text + "\n")
        return dataclasses.replace(result, text=_unend(result.text))

    def run(self, text: str, log: ChangeLog | None = None) -> str:
        """Run the steps in order, round after round, until none has anything left to do.

        ``proof[i]`` says why step ``i`` need not run on the current text: None (not
        known: it runs when its turn comes), ``_ABSENT`` (none of its triggers
        occur), or the view it is settled on. ``found`` holds every character of
        interest the current text holds (maybe more), or None until it is searched.
        """
        plan = self._plan
        steps = plan.steps
        count = len(steps)
        proof: list = [None] * count
        found: frozenset | None = None
        holds: dict[str, bool] = {}
        for _ in range(MAX_PASSES):
            for i in range(count):
                if proof[i] is not None:
                    continue
                step = steps[i]
                if plan.gated[i]:
                    if found is None:
                        found = plan.find(text)
                    if plan.chars[i].isdisjoint(found):
                        for literal in plan.literals[i]:
                            present = holds.get(literal)
                            if present is None:
                                present = holds[literal] = _holds(text, literal)
                            if present:
                                break
                        else:
                            proof[i] = _ABSENT
                            continue
                elif found is None and plan.hinted[i]:
                    found = plan.find(text)
                new, settled = step.run(text, log, found)
                if new is not text and new != text:
                    written = plan.writes[i]
                    after = None if found is None or written is None else found | written
                    kept = plan.keeps[i]
                    edit = None
                    for j in range(count):
                        held = proof[j]
                        if held is None or j == i:
                            continue
                        if held is _ABSENT:
                            if plan.literals[j] or written is None or not written.isdisjoint(plan.chars[j]):
                                proof[j] = None
                        elif held not in kept:
                            if edit is None:
                                edit = Edit(text, new, kept, after)
                            if not steps[j].still_settled(edit, held):
                                proof[j] = None
                    text = new
                    found = after
                    if holds:
                        holds = {}
                proof[i] = settled
            if None not in proof:
                break
        return text

    def clean_many(self, texts: Iterable[str]) -> Iterable[str]:
        """Clean an iterable of documents lazily, in order."""
        for text in texts:
            yield self.clean(text)

    # -- protocol ------------------------------------------------------------------

    def __reduce__(self):
        return (Cleaner.from_options, (self.options,))

    def __repr__(self) -> str:
        return f"Cleaner({len(self.rules)} rules: {', '.join(r.code for r in self.rules)})"


def _ended(text: str) -> bool:
    """Whether ``text`` is empty or ends with a line break (CW001 makes each a newline).

    U+0085 is left out: at the end of a text it is more often the byte of ``…`` read
    as Latin-1 than a line break, and before a newline the encoding stage reads it so.
    """
    return not text or text[-1] in "\n\r\u2028\u2029"


def _unend(text: str) -> str:
    """``text`` without the final newline a field was lent for cleaning."""
    return text[:-1] if text.endswith("\n") else text


def build_steps(rules: Sequence[Rule], options: Options) -> list:
    """The pipeline steps for ``rules`` (in pipeline order) under ``options``.

    A stage that names a step builder in the registry (:attr:`StageInfo.steps
    <cleanwire.stages.StageInfo>`) gets its rules made into steps by it, together with
    the rules of the stages next to it that name the same builder; every other rule is
    a step of its own, as its ``configured`` method makes it.
    """
    steps: list = []
    for builder, group in itertools.groupby(rules, key=lambda rule: rule.stage.info.steps):
        members = list(group)
        if builder:
            module, name = builder.split(":")
            steps.extend(getattr(importlib.import_module(module), name)(members, options))
        else:
            steps.extend(rule.configured(options) for rule in members)
    return steps


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
