"""``cleanwire lint-rules [CONFIG]``: lint the packaged rules and a configuration's patterns.

The checks are :mod:`cleanwire.lint`'s; this command finds and reads the
configuration file (or a rule pack shaped like ``cleanwire/data/boilerplate.toml``)
and prints what they find. Exit 0 when nothing is found, 1 when something is, 2 on
an error.
"""

from __future__ import annotations

import argparse
import os
import sys

from .config import ConfigError, _settings, find_config, parse_config, read_toml
from .lint import Problem, lint_options, lint_packaged, lint_rule_records


def _lint_file(path: str) -> tuple[list[Problem], int]:
    """Problems in a configuration file or a rule pack, and how many patterns were checked."""
    from .rules.lines import packaged_macros

    shown = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else path
    document = read_toml(path, shown)
    if "rule" in document:  # a rule pack shaped like cleanwire/data/boilerplate.toml
        macros = {**packaged_macros(), **document.get("macros", {})}
        records = document["rule"]
        return lint_rule_records(records, shown, macros), sum(len(r.get("patterns", ())) for r in records)
    settings = _settings(path, document)
    if settings is None:
        raise ConfigError(f"{shown}: has no [tool.cleanwire] table")
    source = f"{shown}: [tool.cleanwire]" if os.path.basename(path) == "pyproject.toml" else shown
    # Check the file's shape (keys, types) without linting twice.
    options = parse_config(settings, source).cleaner
    count = sum(len(v) for v in options.patterns.values())
    count += sum(len(r.get("patterns", ())) for r in options.rules)
    count += len(options.keep)
    return lint_options(options, source), count


def main(argv: list[str] | None = None) -> int:
    """``cleanwire lint-rules [CONFIG]``: exit 0 if no problem, 1 if problems, 2 on an error."""
    parser = argparse.ArgumentParser(
        prog="cleanwire lint-rules",
        description="Check boilerplate patterns for regular-expression mistakes: the packaged rules, "
        "and the patterns, rules and keep list of a configuration file or rule pack.",
    )
    parser.add_argument("config", nargs="?", metavar="CONFIG", help="cleanwire.toml, pyproject.toml or a rule pack (default: the configuration that applies here)")
    parser.add_argument("--no-packaged", action="store_true", help="do not lint the packaged rules")
    args = parser.parse_args(argv)

    problems: list[Problem] = []
    checked = 0
    if not args.no_packaged:
        problems += lint_packaged()
        from .rules.lines import packaged_table as _packaged_table

        checked += sum(len(r.get("patterns", ())) for r in _packaged_table().get("rule", ()))
    path = args.config
    try:
        if path is None:
            path = find_config()
        if path is not None:
            if not os.path.isfile(path):
                raise ConfigError(f"{path}: file not found")
            found, count = _lint_file(path)
            problems += found
            checked += count
    except ConfigError as exc:
        print(f"cleanwire lint-rules: error: {exc}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    noun = "pattern" if checked == 1 else "patterns"
    if problems:
        print(f"Found {len(problems)} problem{'s' if len(problems) != 1 else ''} in {checked} {noun}.")
        return 1
    print(f"All {checked} {noun} passed.")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
