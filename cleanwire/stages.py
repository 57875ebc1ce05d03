"""The stages of the pipeline, in the order they run: the one list that says so.

Every rule belongs to one stage, and the stages always run in the order of
:data:`STAGES`. The pipeline (:mod:`cleanwire.pipeline`), the rule registry
(:mod:`cleanwire.rules`), the generated rules page (:mod:`cleanwire.docs`) and the
stage-contract tests read this list, and :class:`cleanwire.model.Stage` is built from
it, so a new stage is one entry here and one module that lists its rules in
``RULES``; its position in the list is its place in the order (stage numbers follow
the list, so they may change when a stage is inserted: name stages, never number
them).

>>> STAGES[0].label, STAGES[-1].label
('hygiene', 'whitespace')

This module imports nothing from cleanwire, so that the rule model can be built on it.
"""

from __future__ import annotations

from typing import NamedTuple

#: What a rule of a stage may change, checked on arbitrary text by the property tests
#: (:func:`cleanwire.testing.check_stage_contract`):
#:
#: ``invisible``
#:     only whitespace and invisible characters;
#: ``repair``
#:     only lines with a non-ASCII character, and never the number of lines;
#: ``whole-lines``
#:     only by deleting whole lines; the lines it keeps stay byte-identical;
#: ``inline``
#:     only inside lines: never adds or removes a line break;
#: ``sentences``
#:     only by cutting spans out of lines: every line keeps its place, and what stays
#:     of it is its own text in order, with nothing added.
CONTRACTS = ("invisible", "repair", "whole-lines", "inline", "sentences")


class StageInfo(NamedTuple):
    """One stage: its name, the module of its rules, its codes, its contract, why it sits
    where it does, and how its rules become the pipeline's steps.

    ``steps`` names a function (``"module:name"``) that turns the stage's selected rules
    into steps, ``steps(rules, options) -> list``; consecutive stages that name the
    same function are handed over together, so their rules can share one step (the
    phrase and structure rules decide in one walk over the lines). Empty: each rule is
    a step of its own (:meth:`cleanwire.model.Rule.configured`).

    (A named tuple rather than a frozen dataclass: the registry is built at every
    start, and a named tuple's class is defined in a fraction of the time.)
    """

    label: str
    module: str
    codes: str
    contract: str
    why: str
    steps: str = ""


#: How the phrase, structure and run-on rules become steps (:func:`cleanwire.rules.linesteps.build`).
_LINE_STEPS = "cleanwire.rules.linesteps:build"


STAGES: tuple[StageInfo, ...] = (
    StageInfo(
        "hygiene",
        "cleanwire.rules.hygiene",
        "CW00x",
        "invisible",
        "Line endings are unified and invisible characters removed first, so that every later rule sees "
        "one kind of line break and no hidden characters inside words.",
    ),
    StageInfo(
        "encoding",
        "cleanwire.rules.encoding",
        "CW01x",
        "repair",
        "Mojibake is repaired before any pattern is matched: a damaged `ALSO READ:Â ` would not match "
        "the promo rule.",
    ),
    StageInfo(
        "lines",
        "cleanwire.rules.lines",
        "CW1xx-CW5xx",
        "whole-lines",
        "Whole lines of boilerplate are removed. A rule here never edits a line it keeps, and the removal "
        "budget and `keep` patterns guard against gutting a document (see [design](design.md)). A rule's "
        "*position* says where a matching line counts: `anywhere`; `leading`, only in the block of "
        "matching lines at the top; `trailing`, only in the block at the bottom; `head`, only above the "
        "first line of prose.",
        steps=_LINE_STEPS,
    ),
    StageInfo(
        "structure",
        "cleanwire.rules.structure",
        "CW7xx",
        "whole-lines",
        "Whole lines of page furniture are removed, recognised by their shape and place in the document "
        "rather than by what they say: labels above the headline, stamps in local formats, lists of other "
        "stories after the last paragraph, prompts found by cue (see [structure](structure.md)). The stage "
        "decides over the same lines as the phrase rules, in the same step and under the same budget, and "
        "reads their verdicts as evidence.",
        steps=_LINE_STEPS,
    ),
    StageInfo(
        "spans",
        "cleanwire.rules.runon",
        "CW75x",
        "sentences",
        "Run-on lines, a whole story glued into one line, are judged sentence by sentence with the same "
        "phrase rules and prompt cues as lines, after the line stages have done their work and before "
        "spelling variants are rewritten in what stays.",
        steps=_LINE_STEPS,
    ),
    StageInfo(
        "inline",
        "cleanwire.rules.variants",
        "CW6xx",
        "inline",
        "Spelling variants are rewritten only in the lines that survived removal.",
    ),
    StageInfo(
        "whitespace",
        "cleanwire.rules.whitespace",
        "CW9xx",
        "invisible",
        "The finish runs last, so it also tidies the gaps earlier stages leave.",
    ),
)
