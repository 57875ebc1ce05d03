"""A cache in the user's cache directory for what is slow to compute and rarely changes.

Parsing the packaged TOML tables and reading every packaged boilerplate pattern
(:mod:`cleanwire.rules.lines.prefilter`) costs most of a process's start-up, and a
pre-commit run over a handful of files, or each worker of a parallel run, would pay
it again. So the results are kept in files, as black keeps its cache: in
``$CLEANWIRE_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/cleanwire`` (``~/.cache/cleanwire``;
``~/Library/Caches/cleanwire`` on macOS, ``%LOCALAPPDATA%\\cleanwire\\Cache`` on
Windows), in a folder per cleanwire version.

Every entry is named by a digest of what it was computed from (the text of the TOML
file, say), so an edited file is never answered from an old entry: what is read is
always what the files say. The cache only saves time. When the directory cannot be
created or written (a read-only home, a sandbox), nothing is cached and nothing is
reported; a damaged entry is computed again.

>>> key = digest("a = 1\\n")
>>> len(key)
64
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Callable

try:
    # hashlib's BLAKE2, taken from the module hashlib itself takes it from: ``import
    # hashlib`` first loads the OpenSSL binding, a few milliseconds of every start.
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without the module
    from hashlib import blake2b

#: Bump when the layout of an entry changes.
FORMAT = 1


def digest(text: str) -> str:
    """The 256-bit BLAKE2b of ``text`` (UTF-8), as hexadecimal: the name of what is
    computed from it."""
    return blake2b(text.encode("utf-8"), digest_size=32).hexdigest()


def directory() -> Path:
    """The folder of this version's cache entries (it may not exist yet)."""
    from . import __version__

    override = os.environ.get("CLEANWIRE_CACHE_DIR")
    if override:
        base = Path(override)
    elif os.environ.get("XDG_CACHE_HOME"):
        base = Path(os.environ["XDG_CACHE_HOME"]) / "cleanwire"
    elif sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"]) / "cleanwire" / "Cache"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches" / "cleanwire"
    else:
        base = Path.home() / ".cache" / "cleanwire"
    return base / f"{__version__}-{FORMAT}"


def _path(kind: str, key: str) -> Path:
    return directory() / f"{kind}-{key}.json"


def load(kind: str, key: str):
    """The JSON value stored for ``kind`` and ``key``, or None when there is none (or it is unreadable)."""
    try:
        with open(_path(kind, key), encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def store(kind: str, key: str, value) -> None:
    """Store ``value`` (JSON data) for ``kind`` and ``key``; silently do nothing if that fails.

    The entry is written to a temporary file and renamed into place, so a reader in
    another process sees the whole entry or none.
    """
    import tempfile  # only a cold cache writes

    try:
        folder = directory()
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(value, handle, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, _path(kind, key))
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except (OSError, TypeError, ValueError):
        pass


def cached(kind: str, key: str, compute: Callable[[], object]):
    """The value stored for ``kind`` and ``key``, or ``compute()``, stored for next time."""
    value = load(kind, key)
    if value is None:
        value = compute()
        store(kind, key, value)
    return value
