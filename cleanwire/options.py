"""The options of a cleaner, as one frozen record: the single schema of every way to set them.

``Cleaner(select=..., keep=...)`` takes them as keyword arguments, a configuration
file's ``[tool.cleanwire]`` table as kebab-case keys (``max-line-length``), and
engine workers receive the record itself (:mod:`cleanwire.integrations.workers`). All
three read :class:`Options`: a new option is one field here, with its default, the
check of a value read from a file, and a line of help.

>>> Options(ignore=["CW6"], max_line_length=200).ignore
('CW6',)
>>> Options.from_table({"ignore": "CW6, CW2", "max-line-length": 200}, "cleanwire.toml").ignore
('CW6', 'CW2')
>>> Options.from_table({"max-removed-share": 2}, "pyproject.toml")
Traceback (most recent call last):
...
cleanwire.options.OptionError: pyproject.toml: max-removed-share: expected a number greater than 0 and at most 1, got 2
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from typing import Any, Callable, Mapping


class OptionError(ValueError):
    """An option's value is invalid; the message names where it was set and the key."""


def hint(word: str, choices, prefix: str = "") -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or nothing.

    >>> hint("exlude", ["include", "exclude"])
    " (did you mean 'exclude'?)"
    """
    import difflib  # only a mistake needs it

    close = difflib.get_close_matches(word.replace("_", "-"), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{prefix}{close[0]}'?)" if close else ""


# ----------------------------------------------------------------- value checks
#
# Each takes where the value was set (a file, ``[tool.cleanwire]``), the key as written
# there, and the value as read; it returns the value as the option holds it, or raises
# OptionError naming the source and the key.


def _fail(source: str, key: str, expected: str, value: Any) -> OptionError:
    return OptionError(f"{source}: {key}: expected {expected}, got {value!r}")


def strings(source: str, key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        # A single string is accepted where ruff accepts one: "CW1,CW2" or "CW1".
        return [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(source, key, "a list of strings", value)
    return list(value)


def regexes(source: str, key: str, value: Any) -> list[str]:
    patterns = strings(source, key, value) if not isinstance(value, str) else [value]
    import regex

    for pattern in patterns:
        try:
            regex.compile(pattern)
        except regex.error as exc:
            raise OptionError(f"{source}: {key}: pattern {pattern!r} does not compile: {exc}") from None
    return patterns


def pattern_table(source: str, key: str, value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise _fail(source, key, 'a table of rule code = ["regex", ...]', value)
    out = {}
    for code, patterns in value.items():
        if isinstance(patterns, str):
            patterns = [patterns]
        out[code.upper()] = strings(source, f"{key}.{code}", patterns)
    return out


def variant_table(source: str, key: str, value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise _fail(source, key, 'a table of "Canonical" = ["variant", ...]', value)
    return {canonical: strings(source, f"{key}.{canonical!r}", v) for canonical, v in value.items()}


def rule_records(source: str, key: str, value: Any) -> list[dict]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise _fail(source, key, "an array of rule tables ([[rules]])", value)
    return [dict(v) for v in value]


def share(source: str, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise _fail(source, key, "a number greater than 0 and at most 1", value)
    return float(value)


def positive_int(source: str, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise _fail(source, key, "a positive integer", value)
    return value


def table_names(source: str, key: str, value: Any) -> list[str]:
    names = strings(source, key, value)
    from .rules.variants import packaged_table_names

    known = packaged_table_names()
    for name in names:
        if name not in known:
            raise OptionError(f"{source}: {key}: no packaged variant table {name!r}{hint(name, known)}")
    return names


# ftfy options a user may set, with their checks. fix_line_breaks and explain are not
# offered: the pipeline unifies line breaks itself, before ftfy, to stay idempotent.
def _bool(source: str, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _fail(source, key, "true or false", value)
    return value


def _normalization(source: str, key: str, value: Any):
    if value is False or value == "none":
        return None
    if value in ("NFC", "NFKC", "NFD", "NFKD"):
        return value
    raise _fail(source, key, '"NFC", "NFKC", "NFD", "NFKD" or "none"', value)


def _unescape(source: str, key: str, value: Any):
    if isinstance(value, bool) or value == "auto":
        return value
    raise _fail(source, key, 'true, false or "auto"', value)


FTFY_KEYS: dict[str, Callable] = {
    "unescape-html": _unescape,
    "remove-terminal-escapes": _bool,
    "fix-encoding": _bool,
    "restore-byte-a0": _bool,
    "replace-lossy-sequences": _bool,
    "decode-inconsistent-utf8": _bool,
    "fix-c1-controls": _bool,
    "fix-latin-ligatures": _bool,
    "fix-character-width": _bool,
    "uncurl-quotes": _bool,
    "fix-surrogates": _bool,
    "remove-control-chars": _bool,
    "normalization": _normalization,
}


def ftfy_table(source: str, key: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(source, key, "a table of ftfy options", value)
    out = {}
    for name, setting in value.items():
        check = FTFY_KEYS.get(name)
        if check is None:
            raise OptionError(f"{source}: unknown key '{key}.{name}'{hint(name, FTFY_KEYS, key + '.')}")
        out[name.replace("-", "_")] = check(source, f"{key}.{name}", setting)
    return out


def structure_table(source: str, key: str, value: Any) -> dict[str, list[str]]:
    from .rules.structure.vocabulary import Vocabulary

    if not isinstance(value, dict):
        raise _fail(source, key, "a table of word lists (sections = [...], outlets = [...])", value)
    known = list(Vocabulary.__dataclass_fields__)
    out = {}
    for name, items in value.items():
        if name.replace("-", "_") not in known:
            raise OptionError(f"{source}: unknown key '{key}.{name}'{hint(name, known, key + '.')}")
        out[name.replace("-", "_")] = strings(source, f"{key}.{name}", items)
    return out


# ----------------------------------------------------------------- the record


def _option(default, check: Callable | None, help: str):
    """A field of :class:`Options`: its default, the check of a value read from a file
    (None: not settable from a file), and its help."""
    if isinstance(default, dict):
        return field(default_factory=dict, metadata={"check": check, "help": help})
    return field(default=default, metadata={"check": check, "help": help})


def _tuple(value) -> tuple:
    if isinstance(value, str):
        raise TypeError(f"expected a sequence of strings, got the string {value!r}")
    return tuple(value)


@dataclass(frozen=True)
class Options:
    """Everything that configures a :class:`~cleanwire.Cleaner`.

    Sequences are kept as tuples and tables as dicts of tuples, whatever they were
    given as, so two records of the same options are equal.
    """

    select: tuple[str, ...] | None = _option(None, strings, "rule codes or prefixes to run, replacing the default selection")
    ignore: tuple[str, ...] = _option((), strings, "rule codes or prefixes not to run")
    extend_select: tuple[str, ...] = _option((), strings, "rule codes or prefixes to run on top of the selection")
    patterns: Mapping[str, tuple[str, ...]] = _option({}, pattern_table, "extra patterns for packaged boilerplate rules, by code")
    rules: tuple[Mapping, ...] = _option((), rule_records, "extra boilerplate rules, as records like those of data/boilerplate.toml")
    keep: tuple[str, ...] = _option((), regexes, "patterns of lines no rule may remove")
    variants: Mapping[str, tuple[str, ...]] = _option({}, variant_table, "extra spelling variants: canonical form to variants")
    variant_tables: tuple[str, ...] = _option((), table_names, "opt-in packaged variant tables to add")
    max_removed_share: float = _option(0.5, share, "the removal budget: the largest share of a document's lines and characters removed")
    max_line_length: int = _option(400, positive_int, "lines longer than this are never removed")
    source: str = _option("Cleaner()", None, "where the options were set, for messages")
    ftfy: Mapping[str, Any] | None = _option(None, ftfy_table, "ftfy options replacing the mojibake rule's conservative defaults")
    structure: Mapping[str, tuple[str, ...]] = _option({}, structure_table, "words to add to the structure stage's lists, by list")

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        if self.select is not None:
            set_(self, "select", _tuple(self.select))
        for name in ("ignore", "extend_select", "keep", "variant_tables"):
            set_(self, name, _tuple(getattr(self, name) or ()))
        set_(self, "rules", tuple(dict(r) for r in self.rules or ()))
        for name in ("patterns", "variants", "structure"):
            set_(self, name, {k: _tuple(v) if not isinstance(v, str) else (v,) for k, v in (getattr(self, name) or {}).items()})
        if self.ftfy is not None:
            set_(self, "ftfy", dict(self.ftfy) or None)
        if not 0 < self.max_removed_share <= 1:
            raise ValueError(f"max_removed_share must be in (0, 1], got {self.max_removed_share!r}")

    @classmethod
    def from_table(cls, table: Mapping[str, Any], source: str) -> "Options":
        """The options a configuration table sets (kebab-case keys), each checked.

        Keys that are not options raise :class:`OptionError` with the closest key.
        """
        if not isinstance(table, Mapping):
            raise OptionError(f"{source}: expected a table of settings")
        values: dict[str, Any] = {}
        for key, value in table.items():
            name = OPTION_KEYS.get(key)
            if name is None:
                raise OptionError(f"{source}: unknown key {key!r}{hint(key, OPTION_KEYS)}")
            values[name] = _CHECKS[name](source, key, value)
        return cls(**values, source=source)

    def replace(self, **changes) -> "Options":
        """A copy with ``changes``."""
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """The options that differ from the defaults, as plain data (``Cleaner(**options.as_dict())``)."""
        default = Options()
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value != getattr(default, f.name):
                if isinstance(value, tuple):
                    value = list(value)
                elif isinstance(value, dict):
                    value = {k: list(v) if isinstance(v, tuple) else v for k, v in value.items()}
                out[f.name] = value
        return out

    def key(self) -> str:
        """The options as one canonical string: equal options, equal keys."""
        return json.dumps(self.as_dict(), sort_keys=True, default=str)


#: The configuration key of each option that a file may set: its name in kebab case.
OPTION_KEYS: dict[str, str] = {
    f.name.replace("_", "-"): f.name for f in fields(Options) if f.metadata.get("check") is not None
}
_CHECKS: dict[str, Callable] = {f.name: f.metadata["check"] for f in fields(Options) if f.metadata.get("check") is not None}
