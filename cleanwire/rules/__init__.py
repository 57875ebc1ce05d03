"""The registry: every rule cleanwire knows, in pipeline order.

Each stage of :data:`cleanwire.stages.STAGES` names the module that lists its rules
in ``RULES``; this module only collects them. A module's rules must all belong to its
stage (a test checks it).
"""

from __future__ import annotations

import importlib

from ..model import Rule, Stage


def stage_rules(stage: Stage) -> tuple[Rule, ...]:
    """The packaged rules of ``stage``: the ``RULES`` of its module.

    >>> stage_rules(Stage.HYGIENE)[0].code
    'CW001'
    """
    return tuple(importlib.import_module(stage.info.module).RULES)


#: Every packaged rule, sorted by stage and then by code.
ALL_RULES: tuple[Rule, ...] = tuple(
    sorted((rule for stage in Stage for rule in stage_rules(stage)), key=lambda r: (r.stage, r.code))
)

BY_CODE: dict[str, Rule] = {r.code: r for r in ALL_RULES}


def get_rule(code: str) -> Rule:
    """The packaged rule with this code (``KeyError`` names unknown codes)."""
    try:
        return BY_CODE[code.upper()]
    except KeyError:
        raise KeyError(f"unknown rule code {code!r}") from None


def select_rules(rules, select=None, ignore=None, extend_select=None) -> list[Rule]:
    """Filter rules by code or code prefix, ruff-style.

    ``select`` keeps rules whose code starts with one of its prefixes; without it,
    the rules that are on by default are kept. ``extend_select`` adds rules on top of
    either. ``ignore`` then drops matching rules, unless a *more specific* select
    prefix names them: ``select=["CW"], ignore=["CW1"]`` drops the CW1xx family, while
    ``select=["CW101"], ignore=["CW1"]`` keeps CW101. On a tie, ignore wins.
    """

    def score(code: str, prefixes) -> int:
        return max((len(p) for p in prefixes or () if code.startswith(p.upper())), default=-1)

    chosen = []
    for rule in rules:
        if select is None:
            sel = 0 if rule.default else -1
        else:
            sel = score(rule.code, select)
        sel = max(sel, score(rule.code, extend_select))
        if sel >= 0 and sel > score(rule.code, ignore):
            chosen.append(rule)
    return chosen


__all__ = ["ALL_RULES", "BY_CODE", "Rule", "Stage", "get_rule", "select_rules", "stage_rules"]
