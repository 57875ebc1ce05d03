"""The rule model: stages, rules, examples, the changes a rule reports, and what a
rule tells the pipeline about when it has work to do.

Every change the pipeline makes is attributed to exactly one rule, identified by a
stable code (``CW`` + three digits, grouped by family) and a kebab-case name.
"""

from __future__ import annotations

import bisect
import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from .chars import NEL_BREAK
from .compiled import Lazy
from .stages import STAGES, StageInfo

if TYPE_CHECKING:  # for annotations only: the options module reads nothing of the model
    from .options import Options

_ANY_BREAK = Lazy("\r\n|[\n\r\u2028\u2029]|" + NEL_BREAK)


class _StageBase(enum.IntEnum):
    @property
    def label(self) -> str:
        """The stage's name as written in docs and options: ``"lines"``."""
        return self.name.lower()

    @property
    def info(self) -> StageInfo:
        """The registry entry of the stage (:data:`cleanwire.stages.STAGES`)."""
        return STAGES[self.value - 1]


#: The stages, in the order they run, built from :data:`cleanwire.stages.STAGES`:
#: ``Stage.HYGIENE``, ``Stage.ENCODING``, ``Stage.LINES``, ``Stage.STRUCTURE``,
#: ``Stage.INLINE``, ``Stage.WHITESPACE``. Compare and sort stages; do not rely on their numbers, which
#: follow the registry and change when a stage is inserted.
Stage = _StageBase(
    "Stage", [(info.label.upper(), number) for number, info in enumerate(STAGES, 1)], module=__name__, qualname="Stage"
)
Stage.__doc__ = """The fixed order in which rule families run (see :mod:`cleanwire.stages`).

The order matters: line endings must be unified before anything splits lines,
encoding repair must precede pattern matching (a mojibake ``ALSO READ:Â `` would
not match), spelling variants are rewritten only in lines that survive removal,
and the whitespace finish tidies whatever gaps the earlier stages left.
"""


class Example(NamedTuple):
    """An input and the output the rule alone turns it into.

    The test suite runs every example through its rule, and ``rules.md`` shows them,
    so the documentation cannot drift from the behaviour. (A named tuple: every start
    makes the packaged rules' few hundred examples, and a tuple is made faster than a
    frozen dataclass.)
    """

    input: str
    output: str


class Change(NamedTuple):
    """One attributed edit: which rule, where in the input, what went, what came, and
    (for rules that decide from context) the evidence.

    (A named tuple: a frozen dataclass costs every start the writing and compiling of
    its methods.)
    """

    code: str
    name: str
    line: int  # 1-based line of the input text
    removed: str
    replacement: str
    note: str = ""

    def as_dict(self) -> dict:
        found = {
            "code": self.code,
            "name": self.name,
            "line": self.line,
            "removed": self.removed,
            "replacement": self.replacement,
        }
        if self.note:
            found["note"] = self.note
        return found


@dataclass(frozen=True)
class Explanation:
    """The cleaned text and the changes that produced it, in pipeline order."""

    text: str
    changes: tuple[Change, ...]
    flags: tuple[str, ...] = ()

    def __iter__(self):  # allows ``text, changes = cleaner.explain(raw)``
        yield self.text
        yield self.changes


class ChangeLog:
    """Collects changes during one ``explain`` call and maps offsets to input lines.

    ``origins[i]`` is the 1-based input line that line ``i`` of the current text came
    from. Rules that delete lines report it with :meth:`drop_lines`, so later rules
    still report input line numbers.
    """

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.flags: list[str] = []
        self.origins: list[int] = []
        self._starts: list[int] = []
        self._starts_of: str | None = None

    def reset_lines(self, text: str) -> None:
        self.origins = list(range(1, len(_ANY_BREAK.findall(text)) + 2))
        self._starts_of = None

    def line_at(self, text: str, offset: int) -> int:
        """Input line of character ``offset`` in ``text`` (the current text)."""
        if self._starts_of is not text:
            # Count every kind of break so that line-ending repair itself, which runs
            # before breaks are unified, reports the lines an editor would show.
            self._starts = [0] + [m.end() for m in _ANY_BREAK.finditer(text)]
            self._starts_of = text
        index = bisect.bisect_right(self._starts, offset) - 1
        return self.origin(index)

    def origin(self, index: int) -> int:
        if 0 <= index < len(self.origins):
            return self.origins[index]
        return self.origins[-1] if self.origins else 1

    def drop_lines(self, indices) -> None:
        gone = set(indices)
        self.origins = [o for i, o in enumerate(self.origins) if i not in gone]
        self._starts_of = None

    def add(self, rule: "Rule", line: int, removed: str, replacement: str, note: str = "") -> None:
        self.changes.append(Change(rule.code, rule.name, line, removed, replacement, note))


# --------------------------------------------------------------------------- steps

#: The ``triggers`` of a rule that runs on every text: it gates itself inside
#: ``apply`` (the line stage scans all its patterns at once, the variant tables look
#: words up), or no cheap test could say it has nothing to do.
ALWAYS = None


class View(enum.Enum):
    """A view of a text: what a rule's verdict depends on, and what an edit keeps.

    A rule *reads* a view when two texts that look the same through it get the same
    verdict: either the rule changes neither or it changes both. An edit *preserves*
    a view when the text looks the same through it before and after. So after an edit,
    a rule that was known to leave the text alone still does if the edit preserved a
    view that determines the one the rule reads; the pipeline then need not ask it
    again (see :mod:`cleanwire.pipeline`).

    >>> View.LINES.determines(View.KEYS), View.KEYS.determines(View.LINES)
    (True, False)
    """

    #: the whole text
    TEXT = "text"
    #: the lines that are not empty, exactly, in order (empty lines may come and go)
    LINES = "lines"
    #: the lines that are not blank, each without the whitespace at its ends
    TRIMMED = "trimmed"
    #: each line's *key*: its words separated by single spaces (blank lines left out)
    KEYS = "keys"
    #: the whitespace at the start and at the end of each line that is not empty
    EDGES = "edges"

    def determines(self, other: "View") -> bool:
        """Whether two texts that look the same through this view also do through ``other``."""
        return other in _DETERMINES[self]


_DETERMINES = {
    View.TEXT: frozenset(View),
    View.LINES: frozenset({View.LINES, View.TRIMMED, View.KEYS, View.EDGES}),
    View.TRIMMED: frozenset({View.TRIMMED, View.KEYS}),
    View.KEYS: frozenset({View.KEYS}),
    View.EDGES: frozenset({View.EDGES}),
}


def kept_views(preserves) -> frozenset:
    """Every view an edit that preserves ``preserves`` keeps.

    >>> sorted(view.value for view in kept_views({View.TRIMMED}))
    ['keys', 'trimmed']
    """
    return frozenset().union(*(_DETERMINES[view] for view in preserves)) if preserves else frozenset()


class Edit(NamedTuple):
    """A change another step made to the text, as a step's :meth:`Step.still_settled` sees it.

    ``kept`` holds the views the change preserved (:func:`kept_views`); ``found``, when
    not None, every character of interest to the pipeline's steps that ``after`` may
    hold (a superset of those it holds).
    """

    before: str
    after: str
    kept: frozenset
    found: frozenset | None


class Step:
    """What the pipeline runs: one rule, or several run as one (the line stage).

    Besides ``apply``, a step tells the pipeline when it has work to do, so that a
    document costs only the steps that change it, and a changed document is not run
    through every step again just to find that nothing more changes:

    ``triggers``
        characters or short literals at least one of which is in every text the step
        would change (``ALWAYS``, None, when it cannot say). A literal that starts or
        ends with ``\\n`` also counts at the start or end of the text: ``" \\n"`` is
        there when a line, the last included, ends with a space.
    ``hints``
        characters the step wants to know about (the ``found`` argument of :meth:`run`)
        without being gated by them.
    ``writes``
        every character the step's edits may add to a text (None: any), so that what
        the pipeline found in a text stays true after an edit without searching again.
    ``reads``
        the :class:`View` the step's verdict depends on: once it left a text alone, it
        leaves alone every text that looks the same through that view.
    ``preserves``
        the views the step's edits never change.
    ``idempotent``
        whether the step's output is always one it leaves alone (property tests check
        this of every packaged rule). When False, a changed text is given to the step
        again, and kept when it comes back the same.
    """

    triggers: tuple[str, ...] | None = ALWAYS
    hints: str = ""
    writes: str | None = None
    reads: View = View.TEXT
    preserves: frozenset = frozenset()
    idempotent: bool = False

    def apply(self, text: str, log: "ChangeLog | None" = None) -> str:  # pragma: no cover
        raise NotImplementedError

    def run(self, text: str, log: "ChangeLog | None" = None, found: frozenset | None = None) -> tuple[str, View | None]:
        """Apply the step as the pipeline does: the new text, and the view it is now
        known to be settled on (None: not known; the pipeline asks the step again).

        ``found`` is None or holds every character of the step's ``triggers`` and
        ``hints`` that ``text`` holds (and maybe more): a step may use it to skip a
        search of its own.
        """
        new = self.apply(text, log)
        if new is text or new == text:
            return text, self.reads
        return new, self.reads if self.idempotent else None

    def still_settled(self, edit: Edit, view: View) -> bool:
        """Whether the step, settled on ``edit.before`` through ``view``, is also settled
        on ``edit.after``, when the edit did not preserve ``view``.

        The cheaper proof a step may give instead of being run again; by default
        there is none (False), and the pipeline runs the step again.
        """
        return False


@dataclass(frozen=True, eq=False, repr=False)
class Rule(Step):
    """A named, documented transformation.

    Subclasses implement :meth:`apply`, which must be pure: it returns the new text
    and, when ``log`` is given, reports each edit to it. The fields after ``default``
    are what the rule tells the pipeline about when it has work to do (see
    :class:`Step`); the defaults are safe for any rule, and a rule that declares
    ``triggers`` is skipped on every text without one.
    """

    code: str
    name: str
    stage: Stage
    summary: str
    why: str = ""
    examples: tuple[Example, ...] = ()
    default: bool = True
    family: str = ""
    data_driven: bool = field(default=False)
    triggers: tuple[str, ...] | None = ALWAYS
    hints: str = ""
    writes: str | None = None
    reads: View = View.TEXT
    preserves: frozenset = frozenset()
    idempotent: bool = False

    def apply(self, text: str, log: ChangeLog | None = None) -> str:  # pragma: no cover
        raise NotImplementedError

    def configured(self, options: "Options") -> "Step":
        """The rule as a pipeline with ``options`` (:class:`~cleanwire.options.Options`) runs it.

        Most rules take no options and return themselves.
        """
        return self

    def __repr__(self) -> str:
        # Every rule class says ``repr=False``, so that a generated ``__repr__`` (all
        # fields, patterns and examples included) does not replace this one; each
        # would also cost start-up time to generate.
        return f"<Rule {self.code} {self.name}>"
