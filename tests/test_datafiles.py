"""The snapshot of the packaged TOML files: current, exact, and only ever a cache."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from cleanwire import datafiles

PACKAGE_DATA = Path(__file__).resolve().parent.parent / "cleanwire" / "data"


def test_committed_snapshot_is_current():
    committed = (PACKAGE_DATA / datafiles.SNAPSHOT).read_text(encoding="utf-8")
    assert committed == datafiles.render_snapshot(), "cleanwire/data/tables.json is stale: run `python -m cleanwire.docs`"


def test_snapshot_covers_every_packaged_toml_file():
    on_disk = sorted(str(p.relative_to(PACKAGE_DATA)) for p in PACKAGE_DATA.rglob("*.toml"))
    assert datafiles.packaged_toml_files() == on_disk
    assert sorted(datafiles._snapshot()) == on_disk


@pytest.mark.parametrize("name", datafiles.packaged_toml_files())
def test_snapshot_reads_like_tomllib(name):
    assert name in datafiles._snapshot()
    assert datafiles.load_packaged_toml(name) == tomllib.loads(datafiles.read_packaged_text(name))


def test_a_file_edited_after_the_snapshot_is_read_from_its_toml(monkeypatch):
    # A snapshot entry whose digest does not match the file's text must not be used,
    # whatever it holds.
    name = "variants/places.toml"
    monkeypatch.setattr(datafiles, "_snapshot", lambda: {name: ("0" * 64, json.dumps({"stale": True}))})
    assert datafiles.load_packaged_toml(name) == tomllib.loads(datafiles.read_packaged_text(name))
    # With a matching digest the entry is used (which is what makes the digest the guard).
    text = datafiles.read_packaged_text(name)
    monkeypatch.setattr(datafiles, "_snapshot", lambda: {name: (datafiles.digest(text), json.dumps({"used": True}))})
    assert datafiles.load_packaged_toml(name) == {"used": True}


@pytest.mark.parametrize(
    "snapshot",
    ["not json", json.dumps({"format": datafiles.SNAPSHOT_FORMAT + 1, "files": {}}), json.dumps([1, 2]),
     json.dumps({"format": datafiles.SNAPSHOT_FORMAT, "files": {"boilerplate.toml": {"sha256": 1}}})],
)
def test_an_unusable_snapshot_is_ignored(monkeypatch, snapshot):
    real = datafiles.read_packaged_text
    monkeypatch.setattr(datafiles, "read_packaged_text", lambda name: snapshot if name == datafiles.SNAPSHOT else real(name))
    datafiles._snapshot.cache_clear()
    try:
        assert datafiles._snapshot() == {}
        expected = tomllib.loads(real("boilerplate.toml"))
        assert datafiles.load_packaged_toml("boilerplate.toml") == expected
    finally:
        datafiles._snapshot.cache_clear()


def test_each_call_returns_a_fresh_object():
    first = datafiles.load_packaged_toml("boilerplate.toml")
    first["rule"].clear()
    first["macros"]["AGENCY"] = "changed"
    again = datafiles.load_packaged_toml("boilerplate.toml")
    assert again["rule"] and again["macros"]["AGENCY"] != "changed"


@pytest.mark.parametrize("module", ["cleanwire.datafiles"])
def test_docstring_examples(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
