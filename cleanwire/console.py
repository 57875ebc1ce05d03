"""What the command line prints: reports, outcomes and their tallies, diffs, explanations, progress.

Shared by the commands that clean files (:mod:`cleanwire.cli`) and JSON Lines
corpora (:mod:`cleanwire.jsonl`), so neither needs the other to report.
"""

from __future__ import annotations

import sys


#: Characters shown escaped in reports, because on a terminal they are invisible.
_INVISIBLE = {
    "\u00a0": "\\u00a0",
    "\u200b": "\\u200b",
    "\u2060": "\\u2060",
    "\u00ad": "\\u00ad",
    "\ufeff": "\\ufeff",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
    "\u0085": "\\u0085",
}


class Reporter:
    """Writes reports; flushes standard output first so the two streams interleave."""

    def __init__(self, quiet: bool = False, verbose: bool = False) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.bar = None  # a progress bar to lift out of the way of messages

    def out(self, text: str) -> None:
        # Reports quote text from records, which may hold a lone surrogate: written as
        # its escape, the report stays printable and its JSON valid.
        sys.stdout.write(printable(text))

    def err(self, text: str) -> None:
        sys.stdout.flush()
        if self.bar is not None:
            self.bar.clear()
        sys.stderr.write(printable(text) + "\n")
        sys.stderr.flush()
        if self.bar is not None:
            self.bar.refresh()

    def error(self, message: str) -> None:
        self.err(f"cleanwire: error: {message}")

    def note(self, message: str) -> None:
        if not self.quiet:
            self.err(message)

    def detail(self, message: str) -> None:
        if self.verbose and not self.quiet:
            self.err(message)


def printable(text: str) -> str:
    """``text`` with any lone surrogate written as its ``\\uXXXX`` escape (UTF-8 cannot hold one).

    >>> printable("a\\ud800b")
    'a\\\\ud800b'
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        from .chars import escape_surrogates

        return escape_surrogates(text)
    return text


def show(text: str) -> str:
    """Quote ``text`` for a report, with invisible characters spelled out.

    >>> print(show("Source:\\u00a0PTI"))
    "Source:\\u00a0PTI"
    """
    import json

    quoted = printable(json.dumps(text, ensure_ascii=False))
    for char, escape in _INVISIBLE.items():
        quoted = quoted.replace(char, escape)
    return quoted


def describe_change(change) -> str:
    """One change as a line of the ``--explain`` report.

    >>> from cleanwire.model import Change
    >>> describe_change(Change("CW101", "source-tag", 1, "Source: PTI", ""))
    'CW101 source-tag: removed "Source: PTI"'
    >>> describe_change(Change("CW701", "repeated-line", 9, "Budget passed", "", "repeats line 1"))
    'CW701 repeated-line: removed "Budget passed" (repeats line 1)'
    """
    head = f"{change.code} {change.name}: "
    note = f" ({change.note})" if getattr(change, "note", "") else ""
    if change.replacement == "":
        return head + "removed " + show(change.removed) + note
    return head + f"{show(change.removed)} -> {show(change.replacement)}" + note


def _diff_lines(text: str) -> list[str]:
    """Lines as ``patch`` sees them: split at ``\n`` only, ``\r`` kept with its line.

    >>> _diff_lines("a\\r\\nb\\x0cc\\nd")
    ['a\\r\\n', 'b\\x0cc\\n', 'd']
    """
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def unified_diff(old: str, new: str, name: str) -> str:
    """A unified diff of ``old`` to ``new`` that ``patch -p0`` and ``git apply -p0`` apply.

    The file names end at a tab, so a name with spaces survives; lines are compared
    as they are on disk (give the texts with their own line endings), and a missing
    final newline is marked as diff does.

    >>> print(unified_diff("Source: PTI\\nText.\\n", "Text.\\n", "a.txt").expandtabs(2), end="")
    --- a.txt (original)
    +++ a.txt (cleaned)
    @@ -1,2 +1 @@
    -Source: PTI
     Text.
    """
    import difflib

    lines = []
    for line in difflib.unified_diff(
        _diff_lines(old), _diff_lines(new), name + "\t(original)", name + "\t(cleaned)", lineterm="\n"
    ):
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        lines.append(line)
    return "".join(lines)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class Tally:
    """Counts for the summary line.

    (This module's records are plain classes: a dataclass costs every start, ``cleanwire -``
    included, the writing and compiling of methods no one here calls.)
    """

    __slots__ = ("changed", "unchanged", "skipped", "errors", "invalid")

    def __init__(self, changed: int = 0, unchanged: int = 0, skipped: int = 0, errors: int = 0, invalid: int = 0) -> None:
        self.changed = changed
        self.unchanged = unchanged
        self.skipped = skipped
        self.errors = errors
        self.invalid = invalid  # records kept or rejected by --keep-invalid/--rejects

    def summary(self, would: bool, noun: str = "file") -> str:
        """The summary line, black-style.

        >>> Tally(3, 12).summary(False)
        '3 files cleaned, 12 unchanged'
        >>> Tally(1, 0, 0, 1).summary(True)
        '1 file would be cleaned, 1 error'
        """
        parts = []
        if self.changed:
            parts.append(plural(self.changed, noun) + (" would be cleaned" if would else " cleaned"))
        if self.unchanged:
            parts.append(f"{self.unchanged} unchanged" if parts else f"{plural(self.unchanged, noun)} unchanged")
        if self.skipped:
            parts.append(f"{self.skipped} skipped" if parts else f"{plural(self.skipped, noun)} skipped")
        if self.invalid:
            parts.append(f"{self.invalid} invalid" if parts else f"{plural(self.invalid, noun)} invalid")
        if self.errors:
            parts.append(plural(self.errors, "error"))
        return ", ".join(parts) if parts else f"no {noun}s to clean"


class _Counter:
    """Plain counts on stderr when tqdm is not installed."""

    def __init__(self, total, unit: str) -> None:
        import time

        self.total, self.unit, self.n = total, unit, 0
        self._clock = time.monotonic
        self._last = self._clock()
        self._shown = False

    def update(self, n: int = 1) -> None:
        self.n += n
        now = self._clock()
        if now - self._last >= 0.5:
            self._last = now
            self._draw()

    def _draw(self) -> None:
        of = f"/{self.total}" if self.total else ""
        sys.stderr.write(f"\r{self.n}{of} {self.unit}")
        sys.stderr.flush()
        self._shown = True

    def refresh(self) -> None:
        if self._shown:
            self._draw()

    def clear(self) -> None:
        if self._shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()

    def close(self) -> None:
        self.clear()


class _NoProgress:
    def update(self, n: int = 1) -> None:
        pass

    def clear(self) -> None:
        pass

    def refresh(self) -> None:
        pass

    def close(self) -> None:
        pass


def progress(total, unit: str, setting: str, quiet: bool, stream=None):
    """A progress bar for a run of ``total`` units (``None`` if unknown).

    ``auto`` shows one only when stderr is a terminal, and only once the run has
    taken a second, so short runs stay quiet. tqdm draws it when installed
    (``pip install 'cleanwire[progress]'``); otherwise plain counts.
    """
    stream = stream or sys.stderr
    if quiet or setting == "never":
        return _NoProgress()
    if setting == "auto" and not _isatty(stream):
        return _NoProgress()
    try:
        from tqdm import tqdm
    except ImportError:
        return _Counter(total, unit)
    delay = 1.0 if setting == "auto" else 0.0
    # No monitor thread: worker processes are forked after the bar exists, and
    # forking a process that runs threads can deadlock the child.
    tqdm.monitor_interval = 0
    return tqdm(total=total, unit=unit, file=stream, delay=delay, leave=False, unit_scale=unit == "B")


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Outcome:
    """What happened to one file (sent back from worker processes)."""

    __slots__ = ("path", "status", "message", "diff", "changes", "flags")

    def __init__(
        self, path: str, status: str, message: str = "", diff: str = "", changes: list | None = None, flags: list | None = None
    ) -> None:
        self.path = path
        self.status = status  # changed | unchanged | skipped | error
        self.message = message
        self.diff = diff
        self.changes = [] if changes is None else changes
        self.flags = [] if flags is None else flags


def report_explanation(rep: Reporter, outcome: Outcome, fmt: str, label: str | None = None) -> None:
    """Print the changes of one document for ``--explain``."""
    label = label or outcome.path
    if fmt == "json":
        import json

        if outcome.changes or outcome.flags:
            record = {"path": outcome.path, "changes": outcome.changes, "flags": outcome.flags}
            rep.out(json.dumps(record, ensure_ascii=False) + "\n")
        return
    from .model import Change

    for change in outcome.changes:
        rep.out(f"{label}:{change['line']}: {describe_change(Change(**change))}\n")
    for flag in outcome.flags:
        rep.out(f"{label}: note: {flag}\n")
