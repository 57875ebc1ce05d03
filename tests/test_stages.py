"""The stage registry is the one place that orders the stages and names their modules."""

import importlib

import pytest

from cleanwire.model import Stage
from cleanwire.rules import ALL_RULES, stage_rules
from cleanwire.stages import CONTRACTS, STAGES


def test_stage_enum_follows_the_registry():
    assert [stage.label for stage in Stage] == [info.label for info in STAGES]
    assert [stage.info for stage in Stage] == list(STAGES)
    assert len({info.label for info in STAGES}) == len(STAGES)


@pytest.mark.parametrize("info", STAGES, ids=lambda info: info.label)
def test_each_stage_names_a_module_of_its_own_rules(info):
    stage = Stage[info.label.upper()]
    assert info.contract in CONTRACTS
    rules = importlib.import_module(info.module).RULES
    assert rules, f"{info.module} lists no rules"
    assert all(rule.stage is stage for rule in rules), f"{info.module} lists a rule of another stage"
    assert stage_rules(stage) == tuple(rules)


def test_every_packaged_rule_comes_from_the_module_of_its_stage():
    listed = {rule.code for stage in Stage for rule in stage_rules(stage)}
    assert listed == {rule.code for rule in ALL_RULES}
    assert [rule.stage for rule in ALL_RULES] == sorted(rule.stage for rule in ALL_RULES)


def test_stages_pickle_by_name():
    import pickle

    assert all(pickle.loads(pickle.dumps(stage)) is stage for stage in Stage)


@pytest.mark.parametrize("info", [info for info in STAGES if info.steps], ids=lambda info: info.label)
def test_a_named_step_builder_exists(info):
    module, name = info.steps.split(":")
    assert callable(getattr(importlib.import_module(module), name))
