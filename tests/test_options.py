"""One record, Options, is the schema of Cleaner(...), [tool.cleanwire] and the workers."""

import dataclasses
import inspect
import pickle

import pytest

from cleanwire import Cleaner
from cleanwire.config import KEYS, WALK_KEYS, parse_config
from cleanwire.options import OPTION_KEYS, OptionError, Options

from .conftest import ROOT

FIELDS = [f.name for f in dataclasses.fields(Options)]


def test_cleaner_takes_every_option_as_a_keyword():
    assert list(inspect.signature(Cleaner.__init__).parameters)[1:] == FIELDS


def test_every_option_but_the_source_is_a_configuration_key():
    assert sorted(OPTION_KEYS.values()) == sorted(f for f in FIELDS if f != "source")
    assert set(KEYS) == set(OPTION_KEYS) | set(WALK_KEYS)
    assert all(key == name.replace("_", "-") for key, name in OPTION_KEYS.items())


def test_every_configuration_key_is_documented():
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for key in KEYS:
        assert f"| `{key}` |" in page, key


def test_keywords_a_file_and_a_record_give_the_same_options():
    kwargs = Cleaner(ignore=["CW6"], keep=[r"^photo: afp$"], variants={"Kyiv": ["Kiev"]}, max_line_length=200).options
    table = parse_config(
        {"ignore": "CW6", "keep": [r"^photo: afp$"], "variants": {"Kyiv": ["Kiev"]}, "max-line-length": 200}, "Cleaner()"
    ).cleaner
    assert kwargs == table
    assert Cleaner.from_options(kwargs).options == kwargs
    assert Options(**kwargs.as_dict()) == kwargs
    assert kwargs.key() == table.key()


def test_the_record_is_frozen_and_pickles():
    options = Options(ignore=["CW6"], ftfy={"uncurl_quotes": True})
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.ignore = ()
    assert pickle.loads(pickle.dumps(options)) == options
    clone = pickle.loads(pickle.dumps(Cleaner.from_options(options)))
    assert clone.options == options
    assert clone.clean("It\u2019s \u201cfine\u201d.\n") == "It's \"fine\".\n"


def test_values_are_checked_once_whatever_sets_them():
    with pytest.raises(ValueError, match="max_removed_share"):
        Options(max_removed_share=2)
    with pytest.raises(OptionError, match="unknown key 'max-line-lenght' \\(did you mean 'max-line-length'\\?\\)"):
        Options.from_table({"max-line-lenght": 3}, "cleanwire.toml")
    with pytest.raises(TypeError, match="string"):
        Options(ignore="CW6")
