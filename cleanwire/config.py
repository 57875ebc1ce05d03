"""Project configuration: ``[tool.cleanwire]`` in ``pyproject.toml`` or ``cleanwire.toml``.

The file that applies to a file is found as ruff finds its own, the closest one:
walking up from the file's folder (:func:`find_config`), the first folder holding ``cleanwire.toml``, ``.cleanwire.toml`` or a ``pyproject.toml``
with a ``[tool.cleanwire]`` table wins (in that order within a folder). The walk stops
at the root of the repository (the folder holding ``.git``), so a stray file above the
project never applies. ``--config PATH`` names one explicitly.

Every key is checked when the file loads. A misspelt key is an error that suggests the
closest valid one, a value of the wrong type names the key and what was expected, and
a regular expression that does not compile names the pattern and the file:

>>> parse_config({"selct": ["CW1"]}, "cleanwire.toml")
Traceback (most recent call last):
...
cleanwire.config.ConfigError: cleanwire.toml: unknown key 'selct' (did you mean 'select'?)
"""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from .io import DEFAULT_INCLUDE, folders_up_to_repository

CONFIG_FILES = ("cleanwire.toml", ".cleanwire.toml", "pyproject.toml")


class ConfigError(Exception):
    """The configuration is invalid; the message names the file and the key."""


@dataclass(frozen=True)
class Config:
    """A loaded configuration: file-walking settings and :class:`Cleaner` options."""

    path: str | None = None
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    cleaner: Mapping[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return self.path or "command line"


# ----------------------------------------------------------------- value checks


def _fail(source: str, key: str, expected: str, value: Any) -> ConfigError:
    return ConfigError(f"{source}: {key}: expected {expected}, got {value!r}")


def _strings(source: str, key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        # A single string is accepted where ruff accepts one: "CW1,CW2" or "CW1".
        return [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(source, key, "a list of strings", value)
    return list(value)


def _regexes(source: str, key: str, value: Any) -> list[str]:
    patterns = _strings(source, key, value) if not isinstance(value, str) else [value]
    import regex

    for pattern in patterns:
        try:
            regex.compile(pattern)
        except regex.error as exc:
            raise ConfigError(f"{source}: {key}: pattern {pattern!r} does not compile: {exc}") from None
    return patterns


def _pattern_table(source: str, key: str, value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise _fail(source, key, 'a table of rule code = ["regex", ...]', value)
    out = {}
    for code, patterns in value.items():
        if isinstance(patterns, str):
            patterns = [patterns]
        out[code.upper()] = _strings(source, f"{key}.{code}", patterns)
    return out


def _variant_table(source: str, key: str, value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise _fail(source, key, 'a table of "Canonical" = ["variant", ...]', value)
    return {canonical: _strings(source, f"{key}.{canonical!r}", v) for canonical, v in value.items()}


def _rule_records(source: str, key: str, value: Any) -> list[dict]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise _fail(source, key, "an array of rule tables ([[rules]])", value)
    return [dict(v) for v in value]


def _share(source: str, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise _fail(source, key, "a number greater than 0 and at most 1", value)
    return float(value)


def _positive_int(source: str, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise _fail(source, key, "a positive integer", value)
    return value


def _table_names(source: str, key: str, value: Any) -> list[str]:
    names = _strings(source, key, value)
    from .rules.variants import packaged_table_names

    known = packaged_table_names()
    for name in names:
        if name not in known:
            raise ConfigError(f"{source}: {key}: no packaged variant table {name!r}{_hint(name, known)}")
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


def _ftfy_table(source: str, key: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(source, key, "a table of ftfy options", value)
    out = {}
    for name, setting in value.items():
        check = FTFY_KEYS.get(name)
        if check is None:
            raise ConfigError(f"{source}: unknown key '{key}.{name}'{_hint(name, FTFY_KEYS, key + '.')}")
        out[name.replace("-", "_")] = check(source, f"{key}.{name}", setting)
    return out


def _structure_table(source: str, key: str, value: Any) -> dict[str, list[str]]:
    from .rules.structure.vocabulary import Vocabulary

    if not isinstance(value, dict):
        raise _fail(source, key, "a table of word lists (sections = [...], outlets = [...])", value)
    known = list(Vocabulary.__dataclass_fields__)
    out = {}
    for name, items in value.items():
        if name.replace("-", "_") not in known:
            raise ConfigError(f"{source}: unknown key '{key}.{name}'{_hint(name, known, key + '.')}")
        out[name.replace("-", "_")] = _strings(source, f"{key}.{name}", items)
    return out


#: Every key, its check, and the :class:`~cleanwire.Cleaner` option it sets (``None``
#: for keys that steer the file walk rather than the cleaner).
KEYS: dict[str, tuple[Callable, str | None]] = {
    "select": (_strings, "select"),
    "ignore": (_strings, "ignore"),
    "extend-select": (_strings, "extend_select"),
    "include": (_strings, None),
    "exclude": (_strings, None),
    "patterns": (_pattern_table, "patterns"),
    "rules": (_rule_records, "rules"),
    "keep": (_regexes, "keep"),
    "variants": (_variant_table, "variants"),
    "variant-tables": (_table_names, "variant_tables"),
    "max-removed-share": (_share, "max_removed_share"),
    "max-line-length": (_positive_int, "max_line_length"),
    "ftfy": (_ftfy_table, "ftfy"),
    "structure": (_structure_table, "structure"),
}


def _hint(word: str, choices, prefix: str = "") -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or nothing.

    >>> _hint("exlude", KEYS)
    " (did you mean 'exclude'?)"
    """
    close = difflib.get_close_matches(word.replace("_", "-"), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{prefix}{close[0]}'?)" if close else ""


def parse_config(table: Mapping[str, Any], source: str) -> Config:
    """Check a configuration table and turn it into a :class:`Config`.

    >>> cfg = parse_config({"ignore": ["CW6"], "max-line-length": 200}, "cleanwire.toml")
    >>> cfg.cleaner
    {'ignore': ['CW6'], 'max_line_length': 200, 'source': 'cleanwire.toml'}
    >>> parse_config({"max-removed-share": 2}, "pyproject.toml")
    Traceback (most recent call last):
    ...
    cleanwire.config.ConfigError: pyproject.toml: max-removed-share: expected a number greater than 0 and at most 1, got 2
    """
    if not isinstance(table, Mapping):
        raise ConfigError(f"{source}: expected a table of settings")
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    cleaner: dict[str, Any] = {}
    for key, value in table.items():
        entry = KEYS.get(key)
        if entry is None:
            raise ConfigError(f"{source}: unknown key {key!r}{_hint(key, KEYS)}")
        check, option = entry
        checked = check(source, key, value)
        if key == "include":
            include = tuple(checked)
        elif key == "exclude":
            exclude = tuple(checked)
        else:
            cleaner[option] = checked
    cleaner["source"] = source
    return Config(source if source != "command line" else None, include, exclude, cleaner)


# ------------------------------------------------------------------------ finding


def read_toml(path: str, shown: str | None = None) -> dict:
    shown = shown or path
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot read configuration: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: not valid TOML: {exc}") from None


def _settings(path: str, document: dict) -> dict | None:
    """The cleanwire table of a parsed file, or ``None`` if it has none."""
    if os.path.basename(path) == "pyproject.toml":
        tool = document.get("tool", {})
        return tool.get("cleanwire") if isinstance(tool, dict) else None
    return document


def find_config(start: str | None = None) -> str | None:
    """The configuration file that applies in ``start`` (default: the current folder).

    Walks up to the repository root (the folder holding ``.git``), or to the file
    system root outside a repository.
    """
    for folder in folders_up_to_repository(start or os.getcwd()):
        for name in CONFIG_FILES:
            path = os.path.join(folder, name)
            if not os.path.isfile(path):
                continue
            if name != "pyproject.toml":
                return path
            if _settings(path, read_toml(path)) is not None:
                return path
    return None


def load_config(path: str | None) -> Config:
    """Load and check the file at ``path``; ``None`` gives the defaults."""
    if path is None:
        return Config()
    if not os.path.isfile(path):
        raise ConfigError(f"{path}: configuration file not found")
    shown = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else path
    settings = _settings(path, read_toml(path, shown))
    if settings is None:
        if os.path.basename(path) == "pyproject.toml":
            raise ConfigError(f"{shown}: has no [tool.cleanwire] table")
        settings = {}
    source = f"{shown}: [tool.cleanwire]" if os.path.basename(path) == "pyproject.toml" else shown
    return parse_config(settings, source)


# ----------------------------------------------------------------------- building


def check_selectors(codes, known: set[str], source: str, key: str) -> None:
    """Every code or prefix must name at least one rule, as in ruff."""
    for code in codes or ():
        if not any(k.startswith(code.upper()) for k in known):
            raise ConfigError(f"{source}: {key}: {code!r} matches no rule code{_hint(code.upper(), sorted(known))}")


def build_cleaner(config: Config, select=None, ignore=None, extend_select=None):
    """The :class:`~cleanwire.Cleaner` a configuration describes.

    ``select``/``ignore``/``extend_select`` from the command line replace the file's.
    Every error building it (a bad pattern, a variant conflict, an unknown rule code)
    comes back as a :class:`ConfigError` that names the file.
    """
    from .pipeline import Cleaner
    from .rules import ALL_RULES
    from .rules.lines import PatternError
    from .rules.variants import VariantConflict

    options = dict(config.cleaner)
    source = config.source
    overrides = {"select": select, "ignore": ignore, "extend_select": extend_select}
    custom_codes = {str(r.get("code", "")).upper() for r in options.get("rules", ())}
    known = {r.code for r in ALL_RULES} | custom_codes
    for option, value in overrides.items():
        key = option.replace("_", "-")
        if value is not None:
            check_selectors(value, known, "command line", "--" + key)
            options[option] = value
        elif option in options:
            check_selectors(options[option], known, source, key)
    ftfy = options.pop("ftfy", None)
    if ftfy:
        options["ftfy"] = ftfy
    try:
        cleaner = Cleaner(**options)
    except VariantConflict as exc:
        raise ConfigError(f"{source}: variants: {exc}") from None
    except PatternError as exc:
        message = str(exc)
        raise ConfigError(message if message.startswith(source) else f"{source}: {message}") from None
    except ValueError as exc:
        raise ConfigError(f"{source}: {exc}") from None
    if options.get("patterns") or options.get("rules") or options.get("keep"):
        # A pattern can compile and still be wrong (``dawn.com``, ``[A-z]``, a branch
        # that matches prose); the rule-pack linter catches those before a corpus run.
        from .lint import lint_options

        problems = lint_options(options, source)
        if problems:
            more = f"\n(and {len(problems) - 1} more; run 'cleanwire lint-rules' to see all)" if len(problems) > 1 else ""
            raise ConfigError(f"{problems[0]}{more}")
    return cleaner
