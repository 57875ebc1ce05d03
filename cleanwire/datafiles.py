"""The packaged TOML data files, read fast.

The rule and variant tables are TOML, the format users write and extend. Parsing the
packaged ones with ``tomllib`` took about 60 ms of every process's start-up, which a
pre-commit run over a handful of files, or each worker of a parallel run, pays again.
So their parsed form is kept in the user's cache directory (:mod:`cleanwire.cache`),
as JSON, which the standard library reads many times faster, named by the SHA-256
of the TOML text it was made from: an edited file is parsed again, so what is read is
always what the TOML file says.
"""

from __future__ import annotations

import os

from . import cache

#: The folder of the packaged data files (read as plain files: ``importlib.resources``
#: would cost a dozen milliseconds of imports at every start).
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def packaged_toml_files() -> list[str]:
    """Paths of the packaged TOML files, relative to ``cleanwire/data``, sorted.

    >>> "boilerplate.toml" in packaged_toml_files()
    True
    """
    found = [name for name in os.listdir(DATA) if name.endswith(".toml")]
    found += ["variants/" + name for name in os.listdir(os.path.join(DATA, "variants")) if name.endswith(".toml")]
    return sorted(found)


def read_packaged_text(name: str) -> str:
    """The text of a packaged data file (``name`` relative to ``cleanwire/data``)."""
    with open(os.path.join(DATA, *name.split("/")), encoding="utf-8") as handle:
        return handle.read()


def load_packaged_toml(name: str) -> dict:
    """A packaged TOML file, parsed: from the cache when it holds this text's parse.

    Each call returns a new object, so a caller may change it. Raises
    ``tomllib.TOMLDecodeError`` like ``tomllib.loads`` when the file is not valid TOML.

    >>> import tomllib
    >>> load_packaged_toml("variants/places.toml") == tomllib.loads(read_packaged_text("variants/places.toml"))
    True
    """
    text = read_packaged_text(name)
    return cache.cached("toml", cache.digest(text), lambda: _parse(text))


def _parse(text: str) -> dict:
    import tomllib

    return tomllib.loads(text)
