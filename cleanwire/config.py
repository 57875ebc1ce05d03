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

import os
from typing import Any, Mapping, NamedTuple

from .io import DEFAULT_INCLUDE, folders_up_to_repository
from .options import OPTION_KEYS, OptionError, Options, hint, strings

CONFIG_FILES = ("cleanwire.toml", ".cleanwire.toml", "pyproject.toml")


class ConfigError(Exception):
    """The configuration is invalid; the message names the file and the key."""


class Config(NamedTuple):
    """A loaded configuration: file-walking settings and the cleaner's :class:`Options`.

    (A named tuple: a frozen dataclass costs every start the writing and compiling of
    its methods.)
    """

    path: str | None = None
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    cleaner: Options = Options()  # immutable, so one default serves every Config

    @property
    def source(self) -> str:
        return self.path or "command line"


# ----------------------------------------------------------------- keys

#: The keys that steer which files are cleaned; every other key is an option of the
#: cleaner (:data:`cleanwire.options.OPTION_KEYS`, the fields of :class:`Options`).
WALK_KEYS = ("include", "exclude")

#: Every key a configuration table may hold.
KEYS = tuple(sorted((*WALK_KEYS, *OPTION_KEYS)))


def parse_config(table: Mapping[str, Any], source: str) -> Config:
    """Check a configuration table and turn it into a :class:`Config`.

    >>> cfg = parse_config({"ignore": ["CW6"], "max-line-length": 200}, "cleanwire.toml")
    >>> cfg.cleaner.ignore, cfg.cleaner.max_line_length, cfg.cleaner.source
    (('CW6',), 200, 'cleanwire.toml')
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
    try:
        for key, value in table.items():
            if key == "include":
                include = tuple(strings(source, key, value))
            elif key == "exclude":
                exclude = tuple(strings(source, key, value))
            elif key in OPTION_KEYS:
                cleaner[key] = value
            else:
                raise ConfigError(f"{source}: unknown key {key!r}{hint(key, KEYS)}")
        options = Options.from_table(cleaner, source)
    except OptionError as exc:
        raise ConfigError(str(exc)) from None
    return Config(source if source != "command line" else None, include, exclude, options)


# ------------------------------------------------------------------------ finding


def read_toml(path: str, shown: str | None = None) -> dict:
    import tomllib  # only a run that reads a configuration needs it

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
            raise ConfigError(f"{source}: {key}: {code!r} matches no rule code{hint(code.upper(), sorted(known))}")


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

    options = config.cleaner
    source = config.source
    overrides = {"select": select, "ignore": ignore, "extend_select": extend_select}
    custom_codes = {str(r.get("code", "")).upper() for r in options.rules}
    known = {r.code for r in ALL_RULES} | custom_codes
    for option, value in overrides.items():
        key = option.replace("_", "-")
        if value is not None:
            check_selectors(value, known, "command line", "--" + key)
            options = options.replace(**{option: tuple(value)})
        elif getattr(options, option):
            check_selectors(getattr(options, option), known, source, key)
    try:
        cleaner = Cleaner.from_options(options)
    except VariantConflict as exc:
        raise ConfigError(f"{source}: variants: {exc}") from None
    except PatternError as exc:
        message = str(exc)
        raise ConfigError(message if message.startswith(source) else f"{source}: {message}") from None
    except ValueError as exc:
        raise ConfigError(f"{source}: {exc}") from None
    if options.patterns or options.rules or options.keep:
        # A pattern can compile and still be wrong (``dawn.com``, ``[A-z]``, a branch
        # that matches prose); the rule-pack linter catches those before a corpus run.
        from .lint import lint_options

        problems = lint_options(options, source)
        if problems:
            more = f"\n(and {len(problems) - 1} more; run 'cleanwire lint-rules' to see all)" if len(problems) > 1 else ""
            raise ConfigError(f"{problems[0]}{more}")
    return cleaner
