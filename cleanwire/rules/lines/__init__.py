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

The package, by concern: :mod:`.keys` (what a pattern sees of a line),
:mod:`.patterns` (macros, compiling, what is read of a pattern), :mod:`.prefilter` and
:mod:`.gates` (which patterns are worth trying on a line), :mod:`.matcher` (matching a
key against a group of patterns), :mod:`.remover` (the step that removes lines),
:mod:`.rule` (the pattern rule and its TOML records).
"""

from __future__ import annotations

from .gates import AUTOMATON_MODULES
from .keys import LEAD, LEAD_CHARS, LEAD_KINDS, TRAIL, lead_length, line_key
from .patterns import (
    PATTERN_LIMIT,
    POSITIONS,
    PatternError,
    PatternTimeout,
    branch_for,
    compile_pattern,
    expand_macros,
    packaged_macros,
    packaged_table,
)
from .remover import PROSE_WORDS, LineRemover, RemovalPolicy
from .rule import PatternRule, load_packaged_rules, rules_from_table

RULES = tuple(load_packaged_rules())

# Errors are reported under the package users import them from.
PatternError.__module__ = __name__
PatternTimeout.__module__ = __name__

__all__ = [
    "AUTOMATON_MODULES",
    "LEAD",
    "LEAD_CHARS",
    "LEAD_KINDS",
    "PATTERN_LIMIT",
    "POSITIONS",
    "PROSE_WORDS",
    "RULES",
    "LineRemover",
    "PatternError",
    "PatternTimeout",
    "PatternRule",
    "RemovalPolicy",
    "TRAIL",
    "branch_for",
    "compile_pattern",
    "expand_macros",
    "lead_length",
    "line_key",
    "load_packaged_rules",
    "packaged_macros",
    "packaged_table",
    "rules_from_table",
]
