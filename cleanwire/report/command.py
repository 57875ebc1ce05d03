"""``cleanwire report``: read a corpus, explain every document, write the audit.

Inputs are read as the main command reads them (files and folders, or JSON Lines
with ``--jsonl``, compressed ones included), and each file is explained by the cleaner
its own configuration describes (:class:`cleanwire.cli.Configurations`), with
``--select``/``--ignore`` on top. ``--labels`` reads a labelled set instead, the
format ``cleanwire eval`` scores, and marks the lines the cleaner got wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from typing import Iterator

from .. import cli, console
from .collect import Collector, Document, Failure, explain_one, explained


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleanwire report",
        description="Write a self-contained HTML audit of what the cleaner removes from a corpus "
        "(or its figures as JSON). Nothing is cleaned or rewritten.",
    )
    parser.add_argument("paths", nargs="*", metavar="INPUT", help="files or folders, or JSON Lines files with --jsonl ('-' for standard input)")
    out = parser.add_argument_group("output")
    out.add_argument("-o", "--output", metavar="PATH", help="where to write (default: report.html, or standard output for --format json; '-' for standard output)")
    out.add_argument("--format", choices=("html", "json"), default="html", help="an HTML page (default) or the same figures as JSON")
    out.add_argument("--title", default="cleanwire report", help="the page's title")
    sample = parser.add_argument_group("sample")
    sample.add_argument("--sample", type=int, default=100, metavar="N", help="documents shown whole on the page, drawn at random (default: 100); the figures count every document")
    sample.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the sample (default: 0): the same corpus and seed give the same sample")
    sample.add_argument("--labels", action="append", metavar="LABELLED.jsonl", help="report on a labelled set (the format 'cleanwire eval' reads) and mark missed boilerplate and wrongly removed content")
    rules = parser.add_argument_group("rules")
    rules.add_argument("--select", type=cli._csv, action="append", metavar="CODES", help="comma-separated rule codes or prefixes to run (replaces the configured selection)")
    rules.add_argument("--ignore", type=cli._csv, action="append", metavar="CODES", help="comma-separated rule codes or prefixes not to run (replaces the configured list)")
    rules.add_argument("--extend-select", type=cli._csv, action="append", metavar="CODES", help="rule codes or prefixes to run on top of the selection")
    rules.add_argument("--config", metavar="PATH", help="configuration file for every input (default: for each file, the closest one found walking up from its folder)")
    rules.add_argument("--isolated", action="store_true", help="ignore configuration files")
    files = parser.add_argument_group("files")
    files.add_argument("--include", type=cli._csv, action="append", metavar="GLOBS", help="file globs to read inside folders (default: *.txt,*.md, or *.jsonl,*.jsonl.gz with --jsonl)")
    files.add_argument("--exclude", type=cli._csv, action="append", metavar="GLOBS", help="file or folder globs to skip")
    files.add_argument("--jsonl", action="store_true", help="read inputs as JSON Lines and report on one field of every record")
    files.add_argument("--field", default="text", help="the field to report on with --jsonl (default: text)")
    run = parser.add_argument_group("running")
    run.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="worker processes explaining documents (0: one per CPU; default: 1)")
    run.add_argument("--progress", choices=("auto", "always", "never"), default="auto", help="progress on stderr: auto shows it on a terminal for long runs")
    run.add_argument("-q", "--quiet", action="store_true", help="report errors only")
    return parser


@dataclass
class Counts:
    skipped: int = 0
    errors: int = 0


def text_documents(items, rep, counts: Counts, bar) -> Iterator[Document]:
    """Documents from text files (``(path, configuration key)`` pairs from a walk)."""
    from ..io import BinaryFile, FileError, decode, read_text_file

    for found, key in items:
        try:
            if found == "-":
                doc = decode(sys.stdin.buffer.read(), "<stdin>", check_binary=False)
                found = "<stdin>"
            else:
                _, doc = read_text_file(found)
        except BinaryFile:
            counts.skipped += 1
            rep.note(f"skipped {found} (binary file)")
            continue
        except FileError as exc:
            counts.errors += 1
            rep.error(str(exc))
            continue
        finally:
            bar.update()
        yield Document(found, found, doc.text, key)


def jsonl_documents(items, field: str, rep, counts: Counts, bar) -> Iterator[Document]:
    """Documents from one field of every record of JSON Lines files, compressed ones
    included (``(path, configuration key)`` pairs from a walk)."""
    from ..compress import CorruptInput, MissingCodec
    from ..jsonl import BOM, loads, open_input

    for path, key in items:
        name = "<stdin>" if path == "-" else path
        try:
            stream = open_input(path)
        except OSError as exc:
            counts.errors += 1
            rep.error(str(exc) if isinstance(exc, (CorruptInput, MissingCodec)) else f"{path}: cannot read: {exc.strerror or exc}")
            continue
        try:
            for lineno, line in enumerate(stream, 1):
                bar.update(len(line))
                if lineno == 1 and line.startswith(BOM):
                    line = line[len(BOM) :]
                if not line.strip():
                    continue
                try:
                    record = loads(line)
                except ValueError as exc:
                    counts.errors += 1
                    rep.error(f"{name}:{lineno}: not valid JSON: {exc}")
                    continue
                if not isinstance(record, dict):
                    counts.errors += 1
                    rep.error(f"{name}:{lineno}: a record must be a JSON object, not {type(record).__name__}")
                    continue
                value = record.get(field)
                if value is None:
                    counts.skipped += 1
                    continue
                if not isinstance(value, str):
                    counts.errors += 1
                    rep.error(f"{name}:{lineno}: field {field!r} is not a string")
                    continue
                ident = record.get("id")
                label = f"{name}:{lineno}"
                if isinstance(ident, (str, int)) and not isinstance(ident, bool):
                    label += f" ({ident})"
                yield Document(f"{name}:{lineno}", label, value, key, record=True)
        except OSError as exc:  # a truncated or corrupt compressed stream
            counts.errors += 1
            rep.error(str(exc) if isinstance(exc, CorruptInput) else f"{name}: cannot read: {exc}")
        finally:
            stream.close()


def _jsonl_size(paths) -> int | None:
    """Bytes to read, when every input is a plain file (a progress bar's total)."""
    from ..compress import HEAD, detect

    total = 0
    for path in paths:
        if path == "-" or not os.path.isfile(path):
            return None
        with open(path, "rb") as handle:
            if detect(handle.read(HEAD)):  # compressed: the bytes read are not the file's size
                return None
        total += os.path.getsize(path)
    return total


def _selection(args) -> str:
    parts = []
    for flag, values in (("--select", args.select), ("--ignore", args.ignore), ("--extend-select", args.extend_select)):
        codes = cli._flatten(values)
        if codes:
            parts.append(f"{flag} {','.join(codes)}")
    return " ".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Run ``cleanwire report``; exit 0 on success, 2 on a usage or input error."""
    parser = build_parser()
    args = parser.parse_args(argv)
    rep = console.Reporter(args.quiet)
    if args.labels and args.paths:
        rep.error("--labels reads its documents from the labelled file: give no other input")
        return 2
    if not args.paths and not args.labels:
        parser.print_usage(sys.stderr)
        rep.err("cleanwire report: error: no inputs given (use '-' for standard input)")
        return 2
    if args.sample < 0:
        rep.error("--sample must be 0 or more")
        return 2
    if args.jobs < 0:
        rep.error("-j/--jobs must be 0 or more")
        return 2
    jobs = args.jobs or os.cpu_count() or 1

    from ..config import ConfigError
    from ..io import FileError, Skipped, walk

    # Each file is explained by the cleaner of its own configuration, found as the
    # main command finds it (the closest one), unless --config or --isolated.
    configs = cli.Configurations(args)
    try:
        if args.labels:
            items = [(path, configs.key_for(path)) for path in args.labels]
        elif args.jsonl:
            from ..jsonl import JSONL_INCLUDE

            include = tuple(cli._flatten(args.include) or JSONL_INCLUDE)
            exclude = tuple(cli._flatten(args.exclude) or ())
            found = [p for p in walk(args.paths, include, exclude) if not isinstance(p, Skipped)]
            items = [(p, configs.key_for(p)) for p in found]
        else:
            def settings(folder: str):
                # A walk takes include/exclude from the configuration closest to each folder.
                config, _ = configs.for_path(folder)
                return tuple(cli._flatten(args.include) or config.include), tuple(cli._flatten(args.exclude) or config.exclude)

            items = []
            for given in args.paths:
                include, exclude = settings(given)
                found = walk([given], include, exclude, False, settings)
                items += [(p, configs.key_for(p)) for p in found if not isinstance(p, Skipped)]
        used = {key: configs.get(key) for key in dict.fromkeys(key for _, key in items)}
    except (FileError, ConfigError) as exc:
        rep.error(str(exc))
        return 2
    cleaners = {key: cleaner for key, (_, cleaner) in used.items()}
    if not cleaners:  # nothing to read: the rules are still those of the working directory's configuration
        try:
            cleaners = {None: configs.for_path(".")[1]}
        except ConfigError as exc:
            rep.error(str(exc))
            return 2

    collector = Collector(list(cleaners.values()), sample=args.sample, seed=args.seed)
    counts = Counts()
    labels_report = None
    if args.labels:
        from ..evaluate import LabelError, Report, load_records, score_record

        try:
            loaded = [(path, key, load_records(path)) for path, key in items]
        except LabelError as exc:
            rep.error(str(exc))
            return 2
        labels_report = Report()
        bar = rep.bar = console.progress(sum(len(records) for _, _, records in loaded), "documents", args.progress, args.quiet)
        try:
            for path, key, records in loaded:
                cleaner = cleaners[key]
                for record in records:
                    explanation = explain_one(cleaner, record.raw)
                    bar.update()
                    if isinstance(explanation, Failure):
                        rep.error(f"{path}: {record.id}: cannot clean: {explanation.message}")
                        score_record(record, cleaner, labels_report, collector.line_rules)  # counts the error
                        continue
                    before = len(labels_report.misses)
                    score_record(record, cleaner, labels_report, collector.line_rules, explanation)
                    misses = [(m.line, m.what, m.detail) for m in labels_report.misses[before:]]
                    collector.add(Document(f"{path}:{record.id}", record.id, record.raw, key), explanation, misses)
        finally:
            bar.close()
            rep.bar = None
        inputs = list(args.labels)
    else:
        if args.jsonl:
            bar = rep.bar = console.progress(_jsonl_size([p for p, _ in items]), "B", args.progress, args.quiet)
            documents = jsonl_documents(items, args.field, rep, counts, bar)
        else:
            bar = rep.bar = console.progress(len(items), "files", args.progress, args.quiet)
            documents = text_documents(items, rep, counts, bar)
        stream = explained(cleaners, documents, jobs)
        try:
            for doc, explanation in stream:
                if isinstance(explanation, Failure):
                    counts.errors += 1
                    rep.error(f"{doc.label}: cannot clean: {explanation.message}")
                    continue
                collector.add(doc, explanation)
        finally:
            stream.close()  # stops the workers at once if the loop was left early
            bar.close()
            rep.bar = None
        inputs = list(args.paths)
    collector.figures.skipped += counts.skipped
    collector.figures.errors += counts.errors + (labels_report.errors if labels_report else 0)

    from .summary import summarise

    meta = {
        "inputs": inputs,
        "field": args.field if args.jsonl else None,
        "configs": [config.path for config, _ in used.values() if config.path is not None],
        "selection": _selection(args),
    }
    data = summarise(collector, meta, labels_report)
    if args.format == "json":
        payload = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        from .page import render

        payload = render(collector, data, args.title)
    # A lone surrogate can only be inside a JSON string: written as its \\u escape it
    # reads back as the same string. The page has none (it shows them as marks).
    encoded = payload.encode("utf-8", "backslashreplace")
    target = args.output or ("-" if args.format == "json" else "report.html")
    if target == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(encoded)
        sys.stdout.buffer.flush()
    else:
        from ..io import FileError, write_atomic

        try:
            write_atomic(target, encoded)
        except FileError as exc:
            rep.error(str(exc))
            return 2
        f = collector.figures
        rep.note(
            f"wrote {target}: {console.plural(f.documents, 'document')}, {f.changed} changed, "
            f"{console.plural(f.lines_removed, 'line')} removed"
        )
    return 2 if collector.figures.errors else 0
