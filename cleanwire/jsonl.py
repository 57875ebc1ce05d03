"""JSON Lines mode: clean one field of every record of a JSONL stream (plain or compressed).

Records are processed as bytes, one line at a time, so memory stays flat however
large the file is. A record whose field needs no change is written back as the exact
bytes it was read as; a record that does change has only that field's value replaced
in the original line (:func:`splice`), so key order, spacing, number formatting and
escapes of every other field survive untouched.

orjson parses records when it is installed (``cleanwire[fast]``), the standard
``json`` module otherwise. With ``-j N`` batches of lines go to ``N`` worker processes
and come back in order; at most ``2 N`` batches are in flight, which keeps memory
bounded.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
import tempfile
from dataclasses import dataclass
from typing import IO, Iterator

from .chars import escape_surrogates

try:  # orjson is optional; json gives the same results, more slowly
    import orjson as _orjson
except ImportError:  # pragma: no cover - depends on the environment
    _orjson = None

BOM = b"\xef\xbb\xbf"

#: Files a directory walk picks up in JSON Lines mode (``--include`` replaces it).
JSONL_INCLUDE = ("*.jsonl", "*.jsonl.gz", "*.jsonl.xz", "*.jsonl.zst")

#: Lines per batch sent to a worker process, and the byte budget of one batch.
BATCH_LINES = 512
BATCH_BYTES = 1 << 20
#: Smaller batches for worker processes: the work is shared out more evenly (the last
#: batches do not leave a worker idle for long), and a batch costs little to send.
PARALLEL_BATCH_BYTES = 1 << 18

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_WS = re.compile(rb"[ \t\r\n]*")
_SCALAR = re.compile(rb"[^,}\]\s]+")
_NESTED = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.S)


class RecordError(ValueError):
    """A record cannot be cleaned; the message says why (the caller adds file:line)."""


# ------------------------------------------------------------------ JSON helpers


def loads(line: bytes):
    if _orjson is not None:
        try:
            return _orjson.loads(line)
        except _orjson.JSONDecodeError:
            pass  # json also accepts what orjson rejects (lone surrogate escapes)
    return json.loads(line)


def dumps(value) -> bytes:
    """Compact JSON, UTF-8, as one line.

    >>> dumps({"a": "é\\n"})
    b'{"a":"\\xc3\\xa9\\\\n"}'

    A lone surrogate (valid in a JSON string, not in UTF-8) is written as its escape,
    so the line stays valid UTF-8 and reads back as the same value:

    >>> dumps(["\\ud800"])
    b'["\\\\ud800"]'
    """
    if _orjson is not None:
        try:
            return _orjson.dumps(value)
        except TypeError:
            pass  # a lone surrogate: orjson refuses it
    return escape_surrogates(json.dumps(value, ensure_ascii=False, separators=(",", ":"))).encode("utf-8")


def _string_end(line: bytes, pos: int) -> int:
    """The offset just after the JSON string opening at ``pos`` (input already valid).

    A quote closes the string unless an odd run of backslashes escapes it. Finding
    the quotes with ``bytes.find`` skips a long text value many times faster than
    the string pattern, which steps through every escape sequence.

    >>> backslash = bytes([0x5C])
    >>> line = b'"a ' + 2 * backslash + b'" b'  # an escaped backslash, then the closing quote
    >>> _string_end(line, 0) == len(line) - 2
    True
    >>> line = b'"say ' + backslash + b'"hi' + backslash + b'"" ,'  # escaped quotes inside
    >>> _string_end(line, 0) == len(line) - 2
    True
    """
    at = line.find(b'"', pos + 1)
    while at != -1:
        before = at - 1
        while line[before] == 0x5C:  # a backslash
            before -= 1
        if (at - 1 - before) % 2 == 0:
            return at + 1
        at = line.find(b'"', at + 1)
    raise RecordError("unterminated string")


def _skip_value(line: bytes, pos: int) -> int:
    """The offset just after the JSON value starting at ``pos`` (input already valid)."""
    first = line[pos : pos + 1]
    if first == b'"':
        return _string_end(line, pos)
    if first in (b"{", b"["):
        depth = 0
        for m in _NESTED.finditer(line, pos):
            token = m.group()
            if token in (b"{", b"["):
                depth += 1
            elif token in (b"}", b"]"):
                depth -= 1
                if depth == 0:
                    return m.end()
        raise RecordError("unbalanced brackets")
    return _SCALAR.match(line, pos).end()


def value_span(line: bytes, key: str) -> tuple[int, int] | None:
    """Byte offsets of the value of top-level ``key`` in a JSON object line.

    The last occurrence wins, as it does for JSON parsers.

    >>> line = b'{"id": 7, "text": "A \\\\"quoted\\\\" line", "tags": ["text"]}'
    >>> start, end = value_span(line, "text"); line[start:end]
    b'"A \\\\"quoted\\\\" line"'
    >>> value_span(line, "missing") is None
    True
    """
    wanted = b'"' + key.encode("utf-8") + b'"'
    pos = _WS.match(line, 0).end()
    if line[pos : pos + 1] != b"{":
        return None
    pos = _WS.match(line, pos + 1).end()
    span = None
    while pos < len(line) and line[pos : pos + 1] != b"}":
        m = _STRING.match(line, pos)
        if m is None:
            raise RecordError("malformed object")
        name = m.group()
        pos = _WS.match(line, m.end()).end()
        pos = _WS.match(line, pos + 1).end()  # the colon
        end = _skip_value(line, pos)
        if name == wanted or (b"\\" in name and json.loads(name) == key):
            span = (pos, end)
        pos = _WS.match(line, end).end()
        if line[pos : pos + 1] == b",":
            pos = _WS.match(line, pos + 1).end()
    return span


def splice(line: bytes, key: str, value: bytes) -> bytes:
    """Set top-level ``key`` of a JSON object line to the encoded ``value``.

    Everything else in the line is kept byte for byte; a new key goes at the end.

    >>> splice(b'{"id": 1,  "text": "old"}\\n', "text", b'"new"')
    b'{"id": 1,  "text": "new"}\\n'
    >>> splice(b'{"id": 1}\\n', "audit", b'[]')
    b'{"id": 1, "audit": []}\\n'
    >>> splice(b'{"id":1}', "audit", b'[]')
    b'{"id":1,"audit":[]}'
    """
    span = value_span(line, key)
    if span is not None:
        return line[: span[0]] + value + line[span[1] :]
    body = line.rstrip()
    tail = line[len(body) :]
    close = body.rfind(b"}")
    inner = body[:close].rstrip()
    spaced = b'": ' in body  # follow the record's own style: {"a": 1} or {"a":1}
    comma = b"" if inner.endswith(b"{") else (b", " if spaced else b",")
    colon = b": " if spaced else b":"
    return inner + comma + dumps(key) + colon + value + body[close:] + tail


# ----------------------------------------------------------------- one record


@dataclass(frozen=True)
class Options:
    field: str = "text"
    audit_field: str | None = None
    explain: bool = False
    diff: bool = False


def clean_record(cleaner, line: bytes, opts: Options):
    """Clean one JSONL line.

    Returns ``None`` when the line is to be written as it is, or a tuple
    ``(status, new_line, changes, flags, old_text, new_text)`` with status
    ``"changed"``, ``"unchanged"`` (only when an audit field was added) or
    ``"skipped"`` (no such field, or null). Raises :class:`RecordError`.
    """
    if not line.strip():
        return None
    if line.startswith(BOM):
        # A byte-order mark opens the first line of some exported files: parse and
        # splice without it, and keep it in the output.
        result = clean_record(cleaner, line[len(BOM) :], opts)
        if result is None or result[1] is None:
            return result
        return (result[0], BOM + result[1]) + tuple(result[2:])
    try:
        record = loads(line)
    except ValueError as exc:
        raise RecordError(f"not valid JSON: {exc}") from None
    if not isinstance(record, dict):
        raise RecordError(f"a record must be a JSON object, not {type(record).__name__}")
    text = record.get(opts.field)
    if text is None:
        if opts.audit_field:
            return ("skipped", splice(line, opts.audit_field, b"[]"), [], [], None, None)
        return ("skipped", None, [], [], None, None)
    if not isinstance(text, str):
        raise RecordError(f"field {opts.field!r} is {_json_type(text)}, not a string")
    changes: list = []
    flags: list = []
    try:
        if opts.explain or opts.audit_field:
            result = cleaner.explain_field(text)
            cleaned = result.text
            changes = [c.as_dict() for c in result.changes]
            flags = list(result.flags)
        else:
            cleaned = cleaner.clean_field(text)
    except TimeoutError as exc:
        # A pattern past its safety limit (PatternTimeout): the record is kept, set
        # aside or refused like an invalid one, never half-cleaned.
        raise RecordError(f"cannot clean field {opts.field!r}: {exc}") from None
    status = "changed" if cleaned != text else "unchanged"
    if status == "unchanged" and not opts.audit_field:
        return None
    new = line
    if status == "changed":
        new = splice(new, opts.field, dumps(cleaned))
    if opts.audit_field:
        new = splice(new, opts.audit_field, dumps(changes))
    if not opts.diff:
        text = cleaned = None  # not needed: keep what crosses process boundaries small
    return (status, new, changes, flags, text, cleaned)


def _json_type(value) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", list: "an array", dict: "an object"}.get(
        type(value), type(value).__name__
    )


def clean_batch(cleaner, lines: list[bytes], opts: Options) -> list:
    """Clean a batch of lines; an error becomes ``("error", message)`` in place."""
    out = []
    for line in lines:
        try:
            out.append(clean_record(cleaner, line, opts))
        except RecordError as exc:
            out.append(("error", str(exc)))
    return out


_WORKER: list = []


def _init_worker(cleaner, opts) -> None:
    _WORKER[:] = [cleaner, opts]


def _work(lines: list[bytes]) -> list:
    from .stopping import worker_check

    worker_check()
    return clean_batch(_WORKER[0], lines, _WORKER[1])


def _batches(stream: IO[bytes], max_bytes: int = BATCH_BYTES) -> Iterator[list[bytes]]:
    batch: list[bytes] = []
    size = 0
    for line in stream:
        batch.append(line)
        size += len(line)
        if len(batch) >= BATCH_LINES or size >= max_bytes:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def clean_stream(cleaner, stream: IO[bytes], opts: Options, jobs: int = 1):
    """Yield ``(line, result)`` for every line of ``stream``, in order.

    ``result`` is what :func:`clean_record` returns, or ``("error", message)``.
    """
    if jobs <= 1:
        from .stopping import check

        for batch in _batches(stream):
            check()  # a signal recorded where it could not be raised
            yield from zip(batch, clean_batch(cleaner, batch, opts))
        return
    from contextlib import closing

    from .stopping import in_workers

    # Interrupted, a damaged input, or the consumer stopped: closing stops the workers.
    with closing(in_workers(_work, _batches(stream, PARALLEL_BATCH_BYTES), jobs, _init_worker, (cleaner, opts))) as done:
        for batch, results in done:
            yield from zip(batch, results)


# ------------------------------------------------------------------- file level


def open_input(path: str):
    """Open a JSONL input (``-``: standard input), decompressing gzip, xz or zstd as
    its first bytes say (:mod:`cleanwire.compress`)."""
    from .compress import open_read, reader_for_stream

    if path == "-":
        return reader_for_stream(sys.stdin.buffer, "<stdin>")
    return open_read(path)


class Sink:
    """Where cleaned lines go: a temporary file that replaces the target at the end.

    The temporary file sits beside the target; :meth:`commit` flushes it to disk and
    installs it as :func:`cleanwire.io.install_file` does (a new file gets the mode
    the umask allows; a rewritten one keeps its mode, owner and hard links, and only
    if it is still the file that was read: ``expect``).
    """

    def __init__(self, target: str | None, compress: str | None, expect=None, force: bool = False) -> None:
        self.target = target
        self.tmp = None
        self.expect = expect
        self.force = force
        if target is None or target == "-":
            self.handle = sys.stdout.buffer
            return
        if os.path.isdir(target):
            raise IsADirectoryError(21, "is a directory", target)
        real = os.path.realpath(target)
        fd, self.tmp = tempfile.mkstemp(prefix="." + os.path.basename(real) + ".", suffix=".cleanwire-tmp", dir=os.path.dirname(real) or ".")
        self.raw = os.fdopen(fd, "wb")
        try:
            from .compress import writer

            self.handle = writer(self.raw, compress, target)
        except BaseException:
            self.discard_raw()
            raise

    def discard_raw(self) -> None:
        self.raw.close()
        os.unlink(self.tmp)
        self.tmp = None

    def write(self, data: bytes) -> None:
        self.handle.write(data)

    def _close(self) -> None:
        if self.handle is not self.raw:
            self.handle.close()  # writes the compressed stream's trailer to raw
        self.raw.flush()
        os.fsync(self.raw.fileno())
        self.raw.close()

    def commit(self) -> None:
        if self.tmp is None:
            self.handle.flush()
            return
        from .io import install_file

        try:
            self._close()
            install_file(self.tmp, self.target, self.expect, self.force)
        except BaseException:
            self.discard()
            raise
        self.tmp = None

    def discard(self) -> None:
        if self.tmp is None:
            return
        try:
            if self.handle is not self.raw:
                self.handle.close()
            self.raw.close()
        except OSError:
            pass
        finally:
            try:
                os.unlink(self.tmp)
            except FileNotFoundError:
                pass
            self.tmp = None


def run_jsonl(args, cleaner, rep, configs=None) -> int:
    """``cleanwire --jsonl``: the command-line entry point of this mode.

    ``configs`` (:class:`cleanwire.cli.Configurations`), when given, chooses the
    cleaner of each file from its own configuration; otherwise ``cleaner`` cleans all.
    """
    from .console import Outcome, Tally, plural, progress, report_explanation, unified_diff

    from .compress import CorruptInput, MissingCodec, for_name
    from .io import FileError, NotRegularFile, Skipped, Stamp, check_writable, walk

    from .config import ConfigError

    include = [g for group in args.include or () for g in group] or JSONL_INCLUDE
    exclude = [g for group in args.exclude or () for g in group]
    try:
        paths = [p for p in walk(args.paths, include, exclude) if not isinstance(p, Skipped)]
        cleaners = [configs.for_path(p)[1] if configs is not None else cleaner for p in paths]
    except (FileError, ConfigError) as exc:
        rep.error(str(exc))
        return 2
    if args.output and (len(paths) != 1 or os.path.isdir(args.paths[0])):
        rep.error("-o/--output takes exactly one input file")
        return 2
    would = args.check or args.diff or args.explain
    lenient = bool(args.keep_invalid or args.rejects)
    rejects = None
    if args.rejects and not would:
        try:
            rejects = Sink(args.rejects, for_name(args.rejects))
        except OSError as exc:
            rep.error(str(exc) if isinstance(exc, MissingCodec) else f"{args.rejects}: cannot write: {exc.strerror or exc}")
            return 2
    opts = Options(args.field, args.audit_field, args.explain, args.diff)
    total = Tally()
    status = 0
    discarded = False  # a file's output was dropped because of bad records
    for path, cleaner in zip(paths, cleaners):
        name = "<stdin>" if path == "-" else path
        tally = Tally()
        stamp = None
        try:
            if path != "-":
                # Taken before reading: a write by anyone after this point is noticed.
                st = os.stat(path)
                if not stat.S_ISREG(st.st_mode):
                    raise NotRegularFile(path, st.st_mode)
                stamp = Stamp.of(st)
                if not (would or args.output):
                    check_writable(path, st, args.force)
            stream = open_input(path)
        except (FileError, CorruptInput, MissingCodec) as exc:
            rep.error(str(exc))
            status = 2
            continue
        except OSError as exc:
            rep.error(f"{path}: cannot read: {exc.strerror or exc}")
            status = 2
            continue
        try:
            if would:
                sink = None
            elif args.output:
                sink = Sink(args.output, for_name(args.output))
            elif path == "-":
                sink = Sink(None, None)
            else:
                sink = Sink(path, stream.kind, expect=stamp, force=args.force)
        except MissingCodec as exc:
            rep.error(str(exc))
            stream.close()
            status = 2
            continue
        except OSError as exc:
            target = args.output or path
            rep.error(f"{target}: cannot write: {exc.strerror or exc}")
            stream.close()
            status = 2
            continue
        size = None if path == "-" or stream.kind else os.path.getsize(path)
        bar = rep.bar = progress(size, "B", args.progress, args.quiet)
        offset = 0
        corrupt = None
        records = clean_stream(cleaner, stream, opts, args.jobs)
        try:
            for lineno, (line, result) in enumerate(records, 1):
                bar.update(len(line))
                if result is not None and result[0] == "error":
                    detail = result[1]
                    if detail.startswith("not valid JSON"):
                        try:
                            line.decode("utf-8")
                        except UnicodeDecodeError as exc:
                            detail = f"not valid UTF-8 at byte offset {offset + exc.start}"
                    offset += len(line)
                    if lenient:
                        # Passed on as read (kept) or set aside (rejected), and counted.
                        tally.invalid += 1
                        rep.note(f"warning: {name}:{lineno}: {detail}; {'kept unchanged' if args.keep_invalid else 'rejected'}")
                        if args.keep_invalid and sink is not None:
                            sink.write(line)
                        elif rejects is not None:
                            rejects.write(line if line.endswith(b"\n") else line + b"\n")
                        continue
                    tally.errors += 1
                    rep.error(f"{name}:{lineno}: {detail}")
                    continue
                offset += len(line)
                if result is None:
                    tally.unchanged += line.strip() != b""
                    if sink is not None:
                        sink.write(line)
                    continue
                kind, new, changes, flags, old_text, new_text = result
                if kind == "changed":
                    tally.changed += 1
                    rep.detail(f"{'would clean' if would else 'cleaned'} {name}:{lineno}")
                elif kind == "skipped":
                    tally.skipped += 1
                    rep.detail(f"skipped {name}:{lineno} (no {args.field!r} string)")
                else:
                    tally.unchanged += 1
                if args.explain:
                    outcome = Outcome(name, kind, changes=changes, flags=flags)
                    if args.format == "json":
                        if changes or flags:
                            rep.out(json.dumps({"path": name, "record": lineno, "changes": changes, "flags": flags}, ensure_ascii=False) + "\n")
                    else:
                        report_explanation(rep, outcome, "text", f"{name}:{lineno}")
                if args.diff and kind == "changed":
                    rep.out(unified_diff(old_text, new_text, f"{name}:{lineno}:{args.field}"))
                if sink is not None:
                    sink.write(line if new is None else new)
        except CorruptInput as exc:
            corrupt = exc  # this file's error; the other files go on
        except BaseException:
            if sink is not None:
                sink.discard()
            if rejects is not None:
                rejects.discard()
            raise
        finally:
            records.close()  # stops the workers at once if the loop was left early
            bar.close()
            rep.bar = None
            if path != "-":
                stream.close()
        if corrupt is not None:
            status = 2
            if sink is not None:
                sink.discard()
                rep.error(f"{corrupt}; {'nothing written' if args.output or path == '-' else 'left unchanged'}")
            else:
                rep.error(str(corrupt))
        elif sink is not None:
            if tally.errors:
                sink.discard()
                discarded = True
                rep.error(f"{name}: not written: {plural_errors(tally.errors)}")
            elif (args.output or path == "-" or tally.changed or (args.audit_field and (tally.unchanged or tally.skipped))
                  or (tally.invalid and rejects is not None)):
                try:
                    sink.commit()
                except FileError as exc:
                    rep.error(str(exc))
                    status = 2
                except OSError as exc:
                    rep.error(f"{args.output or path}: cannot write: {exc.strerror or exc}")
                    status = 2
            else:
                sink.discard()  # nothing changed: leave the file (and its mtime) alone
        if not args.quiet and len(paths) > 1:
            rep.note(f"{name}: {tally.summary(would or bool(tally.errors), 'record')}")
        for attr in ("changed", "unchanged", "skipped", "errors", "invalid"):
            setattr(total, attr, getattr(total, attr) + getattr(tally, attr))
    if rejects is not None:
        try:
            rejects.commit()
        except (FileError, OSError) as exc:
            rep.error(str(exc) if isinstance(exc, FileError) else f"{args.rejects}: cannot write: {exc.strerror or exc}")
            status = 2
        else:
            rep.note(f"{plural(total.invalid, 'invalid record')} written to {args.rejects}")
    elif lenient and total.invalid:
        rep.note(f"{plural(total.invalid, 'invalid record')} {'would be ' if would else ''}kept unchanged")
    rep.note(total.summary(would or discarded, "record"))
    if total.errors or status:
        return 2
    return 1 if (args.check or args.diff) and total.changed else 0


def plural_errors(n: int) -> str:
    return "1 record has an error" if n == 1 else f"{n} records have errors"
