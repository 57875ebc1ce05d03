"""The packaged TOML files are read through the user's cache, which only saves time."""

import json
import os
import tomllib

import pytest

from cleanwire import cache, datafiles


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLEANWIRE_CACHE_DIR", str(folder))
    return folder


def test_packaged_files_are_listed():
    from importlib import resources

    root = resources.files("cleanwire.data")
    on_disk = sorted(p.name for p in root.iterdir() if p.name.endswith(".toml"))
    on_disk += sorted("variants/" + p.name for p in root.joinpath("variants").iterdir() if p.name.endswith(".toml"))
    assert datafiles.packaged_toml_files() == sorted(on_disk)


@pytest.mark.parametrize("name", datafiles.packaged_toml_files())
def test_cold_and_warm_reads_are_what_tomllib_reads(name, cache_dir):
    expected = tomllib.loads(datafiles.read_packaged_text(name))
    assert datafiles.load_packaged_toml(name) == expected  # cold: parsed and stored
    assert list(cache_dir.rglob("toml-*.json"))
    assert datafiles.load_packaged_toml(name) == expected  # warm: from the cache


def test_the_cache_lives_in_a_folder_per_version(monkeypatch, tmp_path):
    import cleanwire

    monkeypatch.delenv("CLEANWIRE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.directory() == tmp_path / "cleanwire" / f"{cleanwire.__version__}-{cache.FORMAT}"
    monkeypatch.setenv("CLEANWIRE_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.directory().parent == tmp_path / "mine"


def test_an_entry_is_named_by_what_it_was_computed_from(cache_dir, monkeypatch):
    text = datafiles.read_packaged_text("boilerplate.toml")
    cache.store("toml", cache.digest(text), {"used": True})
    assert datafiles.load_packaged_toml("boilerplate.toml") == {"used": True}
    edited = text + "\n# an edit\n"
    monkeypatch.setattr(datafiles, "read_packaged_text", lambda name: edited)
    assert datafiles.load_packaged_toml("boilerplate.toml") == tomllib.loads(edited)


@pytest.mark.parametrize("damage", ["not json", "", json.dumps([1, 2])[:3]])
def test_a_damaged_entry_is_computed_again(cache_dir, damage):
    text = datafiles.read_packaged_text("variants/places.toml")
    datafiles.load_packaged_toml("variants/places.toml")
    (entry,) = cache_dir.rglob(f"toml-{cache.digest(text)}.json")
    entry.write_text(damage, encoding="utf-8")
    assert datafiles.load_packaged_toml("variants/places.toml") == tomllib.loads(text)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a directory this user cannot write")
def test_an_unwritable_cache_is_no_cache(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    monkeypatch.setenv("CLEANWIRE_CACHE_DIR", str(locked / "cache"))
    try:
        assert datafiles.load_packaged_toml("boilerplate.toml")["rule"]
        assert not (locked / "cache").exists()
    finally:
        locked.chmod(0o700)


def test_an_uncreatable_cache_is_no_cache(tmp_path, monkeypatch):
    # A file where the folder should be: works as root too.
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("CLEANWIRE_CACHE_DIR", str(blocker / "cache"))
    assert datafiles.load_packaged_toml("boilerplate.toml")["rule"]


def test_each_call_returns_a_fresh_object(cache_dir):
    first = datafiles.load_packaged_toml("boilerplate.toml")
    first["rule"].clear()
    first["macros"]["AGENCY"] = "changed"
    again = datafiles.load_packaged_toml("boilerplate.toml")
    assert again["rule"] and again["macros"]["AGENCY"] != "changed"


def test_a_cleaner_built_from_a_warm_cache_cleans_alike(cache_dir):
    import subprocess
    import sys

    probe = "import cleanwire; print(repr(cleanwire.clean('ALSO READ: x\\nA line of news about Siestan-o-Baluchistan.\\n')))"
    env = dict(os.environ, CLEANWIRE_CACHE_DIR=str(cache_dir))
    cold = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env).stdout
    assert any(cache_dir.rglob("facts-*.json")) and any(cache_dir.rglob("toml-*.json"))
    warm = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env).stdout
    assert cold == warm == repr("A line of news about Sistan and Baluchistan.\n") + "\n"


@pytest.mark.parametrize("module", ["cleanwire.datafiles", "cleanwire.cache"])
def test_docstring_examples(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
