"""How the stages that judge whole lines become steps: ``lines``, ``structure`` and ``spans``.

The phrase rules (CW1xx-CW5xx) and the structure rules (CW7xx) decide in one
:class:`~cleanwire.rules.lines.LineRemover` step: one walk over the lines, one
removal budget, and the phrase rules' verdicts as the structure rules' evidence. The
run-on rule (CW751) then judges the sentences of run-on lines by the same selected
phrase rules. The stage registry names :func:`build` for the three stages
(:data:`cleanwire.stages.STAGES`), so the pipeline hands their selected rules over
together.
"""

from __future__ import annotations

from typing import Sequence

from ..model import Rule
from ..options import Options
from .lines import LineRemover, PatternRule, RemovalPolicy
from .runon import RunOnRule
from .structure import StructureRule, find_furniture
from .structure.vocabulary import packaged


def build(rules: Sequence[Rule], options: Options) -> list:
    """The steps of the selected rules of the line-judging stages, in order.

    Any other rule of those stages (one a user wrote in code) is a step of its own,
    after the line step.
    """
    policy = RemovalPolicy(
        max_removed_share=options.max_removed_share,
        max_line_length=options.max_line_length,
        keep=options.keep,
    )
    vocabulary = packaged().extended(options.structure, options.source) if options.structure else None
    phrase = [r for r in rules if isinstance(r, PatternRule)]
    shape = [r for r in rules if isinstance(r, StructureRule)]
    steps: list = []
    if phrase or shape:
        steps.append(LineRemover(phrase, policy, structure=shape, vocabulary=vocabulary, furniture=find_furniture))
    for rule in rules:
        if isinstance(rule, RunOnRule):
            steps.append(rule.configured_with(phrase, vocabulary))
        elif not isinstance(rule, (PatternRule, StructureRule)):
            steps.append(rule.configured(options))
    return steps
