"""The packaged TOML data files, read fast.

The rule and variant tables are TOML, the format users write and extend. Parsing the
packaged ones with ``tomllib`` took about 60 ms of every process's start-up, which a
pre-commit run over a handful of files, or each worker of a parallel run, pays again.
So their parsed form also ships as JSON (``cleanwire/data/tables.json``, written by
``python -m cleanwire.docs``), which the standard library reads many times faster.

The snapshot is only a cache: each entry carries the SHA-256 of the TOML text it was
made from, and a file whose text no longer has that digest (edited in a checkout and
not regenerated) is parsed from TOML as before. So what is read is always what the
TOML file says; a stale snapshot costs speed, never correctness, and a test checks
that the committed one is current.
"""

from __future__ import annotations

import functools
import hashlib
import json
from importlib import resources

#: Version of the snapshot's layout; a snapshot of another version is ignored.
SNAPSHOT_FORMAT = 1

#: The snapshot of every packaged TOML file, beside them in ``cleanwire/data``.
SNAPSHOT = "tables.json"


def packaged_toml_files() -> list[str]:
    """Paths of the packaged TOML files, relative to ``cleanwire/data``, sorted.

    >>> "boilerplate.toml" in packaged_toml_files()
    True
    """
    root = resources.files("cleanwire.data")
    found = [p.name for p in root.iterdir() if p.name.endswith(".toml")]
    found += ["variants/" + p.name for p in root.joinpath("variants").iterdir() if p.name.endswith(".toml")]
    return sorted(found)


def read_packaged_text(name: str) -> str:
    """The text of a packaged data file (``name`` relative to ``cleanwire/data``)."""
    path = resources.files("cleanwire.data")
    for part in name.split("/"):
        path = path.joinpath(part)
    return path.read_text(encoding="utf-8")


def digest(text: str) -> str:
    """The digest a snapshot entry records for a TOML text: SHA-256 of its UTF-8 bytes.

    >>> digest("a = 1\\n") == hashlib.sha256(b"a = 1\\n").hexdigest()
    True
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_packaged_toml(name: str) -> dict:
    """A packaged TOML file, parsed: from the snapshot when it matches the file's text.

    Each call returns a new object, so a caller may change it. Raises
    ``tomllib.TOMLDecodeError`` like ``tomllib.loads`` when the file is not valid TOML.

    >>> import tomllib
    >>> load_packaged_toml("variants/places.toml") == tomllib.loads(read_packaged_text("variants/places.toml"))
    True
    """
    text = read_packaged_text(name)
    entry = _snapshot().get(name)
    if entry is not None and entry[0] == digest(text):
        return json.loads(entry[1])
    import tomllib

    return tomllib.loads(text)


@functools.lru_cache(maxsize=1)
def _snapshot() -> dict[str, tuple[str, str]]:
    """File name to (digest, parsed data as JSON text); empty when there is no usable snapshot."""
    try:
        data = json.loads(read_packaged_text(SNAPSHOT))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != SNAPSHOT_FORMAT:
        return {}
    files = data.get("files")
    if not isinstance(files, dict):
        return {}
    return {
        name: (entry["sha256"], entry["json"])
        for name, entry in files.items()
        if isinstance(entry, dict) and isinstance(entry.get("sha256"), str) and isinstance(entry.get("json"), str)
    }


def render_snapshot() -> str:
    """The snapshot of the packaged TOML files as they are now (what ``tables.json`` should hold).

    TOML values without a JSON form (dates and times) are not used by the packaged
    tables; one would make this raise rather than write a snapshot that reads back
    differently.
    """
    import tomllib

    files = {}
    for name in packaged_toml_files():
        text = read_packaged_text(name)
        data = tomllib.loads(text)
        if json.loads(json.dumps(data)) != data:
            raise ValueError(f"cleanwire/data/{name}: holds a value JSON cannot represent")
        # Each file's data is stored as JSON text inside the snapshot, so reading the
        # snapshot decodes only strings, a process that needs one table decodes only
        # that one, and each call gets a fresh object.
        files[name] = {"sha256": digest(text), "json": json.dumps(data, ensure_ascii=False, sort_keys=True)}
    # One file a line, so a regenerated snapshot shows which tables changed.
    lines = [f"{json.dumps(name)}: {json.dumps(entry, ensure_ascii=False)}" for name, entry in files.items()]
    return f'{{"format": {SNAPSHOT_FORMAT}, "files": {{\n' + ",\n".join(lines) + "\n}}\n"
