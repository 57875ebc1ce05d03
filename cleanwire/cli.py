"""The ``cleanwire`` command: clean files in place, check them, or filter a stream.

It behaves like black: ``cleanwire PATH ...`` rewrites what needs cleaning,
``--check`` and ``--diff`` write nothing and exit 1 when something would change, and
exit status 2 means a usage, configuration or I/O error. ``cleanwire -`` filters
standard input to standard output, and ``--jsonl`` cleans one field of every record
of a JSON Lines file.

Start-up is kept cheap: this module imports only the standard library, and the
pipeline, ftfy, tqdm and orjson load when a run needs them.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from typing import NamedTuple

from .console import Outcome, Reporter, Tally, progress, report_explanation, unified_diff

#: Subcommands that live in their own modules: name -> (module, keep the name in argv).
SUBCOMMANDS = {
    "variants": ("cleanwire.suggest", False),
    "eval": ("cleanwire.evaluate", False),
    "lint-rules": ("cleanwire.lint_rules", False),
    "report": ("cleanwire.report", False),
}


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, given the terminal's width: asked, argparse imports
    :mod:`shutil` to read it, and with it :mod:`bz2` and :mod:`lzma`, a few
    milliseconds of every run. The width is worked out as ``shutil`` does."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None, **more) -> None:
        if width is None:
            try:
                columns = int(os.environ["COLUMNS"])
            except (KeyError, ValueError):
                columns = 0
            if columns <= 0:
                try:
                    columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
                except (AttributeError, ValueError, OSError):
                    columns = 0
            width = (columns or 80) - 2
        super().__init__(prog, indent_increment, max_help_position, width, **more)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleanwire",
        formatter_class=_HelpFormatter,
        description="Clean scraped news text: remove boilerplate lines, repair encoding and "
        "whitespace, normalise spelling variants. Files are rewritten in place; '-' filters "
        "standard input to standard output.",
        epilog="Subcommands: 'cleanwire eval', 'cleanwire report', 'cleanwire variants suggest', 'cleanwire lint-rules' "
        "(each has its own --help). A file literally named like a subcommand is passed as ./eval. "
        "Exit status: 0 nothing to do or all done, 1 --check/--diff found changes, 2 error.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to clean, or '-' for standard input")
    mode = parser.add_argument_group("what to do")
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 if any file would change")
    mode.add_argument("--diff", action="store_true", help="write nothing; print a unified diff of what would change; exit 1 if any")
    mode.add_argument("--explain", action="store_true", help="write nothing; report every change: file, line, rule, what was removed or replaced")
    mode.add_argument("--format", choices=("text", "json"), default="text", help="format of --explain and --list-rules output (default: text)")
    mode.add_argument("--list-rules", action="store_true", help="list every rule (code, name, stage, summary) and exit")
    rules = parser.add_argument_group("rules")
    rules.add_argument("--select", type=_csv, action="append", metavar="CODES", help="comma-separated rule codes or prefixes to run (replaces the configured selection)")
    rules.add_argument("--ignore", type=_csv, action="append", metavar="CODES", help="comma-separated rule codes or prefixes not to run (replaces the configured list)")
    rules.add_argument("--extend-select", type=_csv, action="append", metavar="CODES", help="rule codes or prefixes to run on top of the selection")
    rules.add_argument("--config", metavar="PATH", help="configuration file for every input (default: for each file, the closest one found walking up from its folder)")
    rules.add_argument("--isolated", action="store_true", help="ignore configuration files")
    files = parser.add_argument_group("files")
    files.add_argument("--include", type=_csv, action="append", metavar="GLOBS", help="file globs to clean inside directories (default: *.txt,*.md)")
    files.add_argument("--exclude", type=_csv, action="append", metavar="GLOBS", help="file or directory globs to skip")
    files.add_argument("--filter-files", action="store_true", help="apply --include/--exclude to files named on the command line too")
    files.add_argument("--force", action="store_true", help="rewrite read-only files too")
    jsonl = parser.add_argument_group("JSON Lines")
    jsonl.add_argument("--jsonl", action="store_true", help="treat inputs as JSON Lines (.jsonl, plain or gzip, xz or zstd compressed) and clean one field of every record")
    jsonl.add_argument("--field", default="text", help="the field to clean (default: text)")
    jsonl.add_argument("-o", "--output", metavar="PATH", help="write the cleaned JSON Lines here ('-' for standard output) instead of in place")
    jsonl.add_argument("--audit-field", metavar="NAME", help="add the list of changes to each record under this field")
    lenient = jsonl.add_mutually_exclusive_group()
    lenient.add_argument("--keep-invalid", action="store_true", help="pass records that cannot be cleaned (bad JSON, a non-string field) through unchanged and count them, instead of writing nothing")
    lenient.add_argument("--rejects", metavar="PATH", help="write records that cannot be cleaned to PATH, leave them out of the output, and count them")
    run = parser.add_argument_group("running")
    run.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="worker processes (0: one per CPU; default: 1)")
    run.add_argument("--progress", choices=("auto", "always", "never"), default="auto", help="progress on stderr: auto shows it on a terminal for long runs")
    run.add_argument("-q", "--quiet", action="store_true", help="report errors only")
    run.add_argument("-v", "--verbose", action="store_true", help="list every file, including unchanged and skipped ones")
    run.add_argument("--version", action="version", version=f"cleanwire {_version()}")
    return parser


def _version() -> str:
    from . import __version__

    return __version__


def _flatten(values):
    if values is None:
        return None
    return [v for group in values for v in group]


# ----------------------------------------------------------------- progress bars


# ------------------------------------------------------------------ file runs


class Mode(NamedTuple):
    """What a file run does with each file."""

    write: bool = True
    diff: bool = False
    explain: bool = False
    force: bool = False  # rewrite read-only files


def process_file(cleaner, path: str, mode: Mode) -> Outcome:
    """Clean one file according to ``mode``; never raises for a bad file."""
    from .io import BinaryFile, FileError, NotRegularFile, decode, read_file, write_atomic

    try:
        raw, stamp = read_file(path)
        doc = decode(raw, path)
    except BinaryFile:
        return Outcome(path, "skipped", "binary file")
    except NotRegularFile as exc:
        return Outcome(path, "skipped", exc.reason)
    except FileError as exc:
        return Outcome(path, "error", str(exc))
    from .markdown import for_path

    target = for_path(cleaner, path)  # Markdown files: the prose only (docs/cli.md)
    try:
        if mode.explain:
            result = target.explain(doc.text)
            cleaned = result.text
        else:
            result, cleaned = None, target.clean(doc.text)
    except Exception as exc:  # a bug must not take the other files down with it
        return Outcome(path, "error", f"{path}: cannot clean: {type(exc).__name__}: {exc}")
    data = doc.encode(cleaned)
    outcome = Outcome(path, "unchanged" if data == raw else "changed")
    if result is not None:
        outcome.changes = [c.as_dict() for c in result.changes]
        outcome.flags = list(result.flags)
    if outcome.status == "changed":
        if mode.diff:  # of the bytes on disk, line endings and all, so that it applies
            outcome.diff = unified_diff(raw.decode("utf-8", "surrogatepass"), data.decode("utf-8", "surrogatepass"), path)
        if mode.write:
            try:
                write_atomic(path, data, expect=stamp, force=mode.force)
            except FileError as exc:
                return Outcome(path, "error", str(exc))
    return outcome


_WORKER: dict = {}


def _init_worker(cleaners: dict) -> None:
    _WORKER.clear()
    _WORKER.update(cleaners)


def _work(items: list) -> list[Outcome]:
    from .stopping import worker_check

    outcomes = []
    for path, mode, key in items:
        worker_check()  # between files: a stopping run leaves the rest untouched
        outcomes.append(process_file(_WORKER[key], path, mode))
    return outcomes


def run_files(cleaner, paths: list[str], mode: Mode, jobs: int, keys: list | None = None):
    """Yield an :class:`Outcome` per path, in order, using ``jobs`` processes.

    With ``keys`` (one per path), ``cleaner`` is a mapping from key to cleaner: each
    file is cleaned by the cleaner of its own configuration.
    """
    cleaners = cleaner if keys is not None else {None: cleaner}
    keys = keys if keys is not None else [None] * len(paths)
    if jobs <= 1 or len(paths) < 2:
        from .stopping import check

        for path, key in zip(paths, keys):
            check()  # a signal recorded where it could not be raised
            yield process_file(cleaners[key], path, mode)
        return
    from contextlib import closing

    from .stopping import in_workers

    used = {key: cleaners[key] for key in set(keys)}
    jobs = min(jobs, len(paths))
    chunk = max(1, min(64, len(paths) // (jobs * 4)))
    items = [(p, mode, k) for p, k in zip(paths, keys)]
    chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    # Interrupted, or the consumer stopped: closing stops the workers, none outlives the run.
    with closing(in_workers(_work, chunks, jobs, _init_worker, (used,))) as done:
        for _, outcomes in done:
            yield from outcomes


class Configurations:
    """The configuration of each file, found as ruff finds it: the closest one.

    For a file, the search starts in the file's own folder (for a directory given on
    the command line, in that directory) and walks up to the repository root, so a
    run gives the same result from any working directory, and a ``cleanwire.toml``
    in a subfolder governs the files under it. ``--config`` or ``--isolated`` give
    every file the same settings. Each configuration's cleaner is built once.
    """

    def __init__(self, args) -> None:
        self.args = args
        self._folders: dict[str, str | None] = {}
        self._built: dict = {}

    def key_for(self, path: str) -> str | None:
        """The configuration file that applies to ``path`` (``None``: the defaults)."""
        from .config import find_config

        if self.args.isolated:
            return None
        if self.args.config:
            return self.args.config
        folder = os.path.abspath(path if os.path.isdir(path) else (os.path.dirname(path) or "."))
        if folder not in self._folders:
            self._folders[folder] = find_config(folder)
        return self._folders[folder]

    def get(self, key: str | None):
        """``(Config, Cleaner)`` for a key; raises ``ConfigError``."""
        if key not in self._built:
            from .config import build_cleaner, load_config

            config = load_config(key)
            args = self.args
            with _start_up():
                cleaner = build_cleaner(config, _flatten(args.select), _flatten(args.ignore), _flatten(args.extend_select))
            self._built[key] = (config, cleaner)
        return self._built[key]

    def for_path(self, path: str):
        return self.get(self.key_for(path))


#: Whether this process has frozen what its first cleaner build made (see :func:`_start_up`).
_frozen = False


@contextlib.contextmanager
def _start_up():
    """Pause the cyclic garbage collector while a cleaner is built; freeze what the
    first build in the process made.

    Building the first cleaner imports the pipeline and reads the rule tables: tens of
    thousands of objects, nearly all of which live until the process ends. Collecting
    meanwhile only walks them again and again, and once built, every later collection
    would walk them too, the four at exit included. :func:`gc.freeze` leaves them out
    of all collections from then on: a twentieth of the instructions of
    ``cleanwire -`` on a short text. Done once per process (a test suite calls
    :func:`main` many times): later builds only pause the collector.
    """
    global _frozen
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
        if not _frozen:
            _frozen = True
            gc.freeze()
    finally:
        if collecting:
            gc.enable()


def clean_paths(args, configs: Configurations, rep: Reporter) -> int:
    from .config import ConfigError
    from .io import FileError, Skipped, walk

    would = args.check or args.diff or args.explain
    mode = Mode(write=not would, diff=args.diff, explain=args.explain, force=args.force)
    tally = Tally()
    paths: list[str] = []
    try:
        def settings(folder: str):
            # A walk takes include/exclude from the configuration closest to each folder.
            config, _ = configs.for_path(folder)
            return tuple(_flatten(args.include) or config.include), tuple(_flatten(args.exclude) or config.exclude)

        for given in args.paths:
            include, exclude = settings(given)
            for found in walk([given], include, exclude, args.filter_files, settings):
                if isinstance(found, Skipped):  # filtered out, or a link not followed: not counted
                    if found.warning:
                        rep.note(f"warning: skipped {found.path} ({found.reason})")
                    else:
                        rep.detail(f"skipped {found.path} ({found.reason})")
                else:
                    paths.append(found)
        for missing in [p for p in paths if not os.path.lexists(p)]:
            rep.error(f"{missing}: no such file or directory")
            return 2
        keys = [configs.key_for(p) for p in paths]
        cleaners = {key: configs.get(key)[1] for key in dict.fromkeys(keys)}
    except (FileError, ConfigError) as exc:
        rep.error(str(exc))
        return 2
    bar = rep.bar = progress(len(paths), "files", args.progress, args.quiet)
    outcomes = run_files(cleaners, paths, mode, args.jobs, keys)
    try:
        for outcome in outcomes:
            bar.update()
            if outcome.status == "error":
                tally.errors += 1
                rep.error(outcome.message)
                continue
            if outcome.status == "skipped":
                tally.skipped += 1
                rep.note(f"skipped {outcome.path} ({outcome.message})")
                continue
            if args.explain:
                report_explanation(rep, outcome, args.format)
            if outcome.diff:
                rep.out(outcome.diff)
            if outcome.status == "changed":
                tally.changed += 1
                rep.note(f"would clean {outcome.path}" if would else f"cleaned {outcome.path}")
            else:
                tally.unchanged += 1
                rep.detail(f"unchanged {outcome.path}")
    finally:
        outcomes.close()  # stops the workers at once if the loop was left early
        bar.close()
        rep.bar = None
    rep.note(tally.summary(would))
    if tally.errors:
        return 2
    return 1 if (args.check or args.diff) and tally.changed else 0


def clean_stdin(args, cleaner, rep: Reporter) -> int:
    from .io import FileError, decode

    data = sys.stdin.buffer.read()
    try:
        # A stream is text by declaration: no binary sniffing, just strict UTF-8.
        doc = decode(data, "<stdin>", check_binary=False)
    except FileError as exc:
        rep.error(str(exc))
        return 2
    try:
        result = cleaner.explain(doc.text) if args.explain else None
        cleaned = cleaner.clean(doc.text) if result is None else result.text
    except TimeoutError as exc:  # a pattern past its safety limit: nothing is half-cleaned
        rep.error(f"<stdin>: cannot clean: {exc}")
        return 2
    if result is not None:
        outcome = Outcome("-", "", changes=[c.as_dict() for c in result.changes], flags=list(result.flags))
        report_explanation(rep, outcome, args.format, "<stdin>")
    out = doc.encode(cleaned)
    changed = out != data
    if args.diff and changed:
        rep.out(unified_diff(data.decode("utf-8", "surrogatepass"), out.decode("utf-8", "surrogatepass"), "<stdin>"))
    if not (args.check or args.diff or args.explain):
        sys.stdout.flush()
        sys.stdout.buffer.write(out)
        sys.stdout.buffer.flush()
    return 1 if (args.check or args.diff) and changed else 0


def list_rules(cleaner, config, fmt: str, rep: Reporter) -> int:
    from .rules import ALL_RULES
    from .rules.lines import PatternError

    enabled = {r.code for r in cleaner.rules}
    try:
        custom = cleaner._custom_rules()
    except PatternError:  # already reported when the cleaner was built
        custom = []
    rules = sorted(list(ALL_RULES) + list(custom), key=lambda r: (r.stage, r.code))
    if fmt == "json":
        import json

        records = [
            {"code": r.code, "name": r.name, "stage": r.stage.label, "summary": r.summary, "enabled": r.code in enabled}
            for r in rules
        ]
        rep.out(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
        return 0
    width = max(len(r.name) for r in rules)
    for r in rules:
        off = "" if r.code in enabled else " (off)"
        rep.out(f"{r.code}  {r.name:<{width}}  {r.stage.label:<10}  {r.summary}{off}\n")
    return 0


# ------------------------------------------------------------------------- main


def run_subcommand(name: str, rest: list[str]) -> int:
    """Hand ``cleanwire NAME ...`` to the module that implements it."""
    import importlib

    module_name, keep = SUBCOMMANDS[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        print(f"cleanwire: error: the '{name}' command is not available in this installation", file=sys.stderr)
        return 2
    try:
        return int(module.main(([name] if keep else []) + rest) or 0)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    from .stopping import Interrupted, check, signals_interrupt

    try:
        with signals_interrupt():
            status = _main(argv)
            check()  # a signal recorded while a pool was stopping for another reason
            return status
    except Interrupted as exc:
        # Whatever was being written has been put back or removed on the way here.
        sys.stdout.flush()
        sys.stderr.write(f"cleanwire: interrupted by {exc}; files not yet cleaned are left as they were\n")
        return exc.status
    except BrokenPipeError:
        # The reader went away (``cleanwire - < big.txt | head``): stop quietly, and
        # keep the interpreter from complaining when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 2


def _main(argv: list[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:
        return run_subcommand(argv[0], argv[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors (status 2)
        return exc.code if isinstance(exc.code, int) else 0
    rep = Reporter(args.quiet, args.verbose)
    if not args.paths and not args.list_rules:
        parser.print_usage(sys.stderr)
        rep.err("cleanwire: error: no paths given (use '-' for standard input)")
        return 2
    if "-" in args.paths and len(args.paths) > 1:
        rep.error("'-' (standard input) cannot be combined with other paths")
        return 2
    if args.output and not args.jsonl:
        rep.error("-o/--output is only for --jsonl; plain files are cleaned in place")
        return 2
    if args.audit_field and not args.jsonl:
        rep.error("--audit-field is only for --jsonl")
        return 2
    if (args.keep_invalid or args.rejects) and not args.jsonl:
        rep.error("--keep-invalid and --rejects are only for --jsonl")
        return 2
    if args.audit_field and args.audit_field == args.field:
        rep.error(f"--audit-field {args.audit_field!r} is the field being cleaned: the change list would replace the text")
        return 2
    if args.output and args.output != "-" and os.path.isdir(args.output):
        rep.error(f"{args.output}: is a directory; -o/--output takes a file name")
        return 2
    if args.jobs < 0:
        rep.error("-j/--jobs must be 0 or more")
        return 2
    if args.jobs == 0:
        args.jobs = os.cpu_count() or 1

    from .config import ConfigError

    configs = Configurations(args)
    if args.paths and args.paths != ["-"] and not args.list_rules:
        if args.jsonl:
            from .jsonl import run_jsonl

            return run_jsonl(args, None, rep, configs)
        return clean_paths(args, configs, rep)
    try:
        # Standard input and --list-rules: the configuration of the working directory.
        config, cleaner = configs.for_path(".")
    except ConfigError as exc:
        rep.error(str(exc))
        return 2
    if args.list_rules:
        return list_rules(cleaner, config, args.format, rep)
    if args.jsonl:
        from .jsonl import run_jsonl

        return run_jsonl(args, cleaner, rep)
    return clean_stdin(args, cleaner, rep)
