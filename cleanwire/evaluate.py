"""Line-level scoring of a cleaner on a labelled set: ``cleanwire eval LABELLED.jsonl``.

A labelled set is a JSON Lines file, one document per line (the format is described
in ``docs/quality.md``). Each document's ``raw`` text is cleaned with the configured
:class:`~cleanwire.pipeline.Cleaner`, and every input line is classified:

* a **boilerplate** line (``boilerplate_line_numbers``) should be gone;
* a **content** line should survive, possibly repaired (whitespace, spelling);
* a **soft** line (``maybe_lines``, ``artifact_lines``) may go either way.

A line survives when it can be found in the output: the input and output lines are
aligned in order (so a repeated line is matched once), and an input line is paired
with an output line that equals it after :func:`normalise`, or nearly equals it (a
repaired spelling), or contains it (a reflowed paragraph). Removals are attributed to
rule codes with :meth:`Cleaner.explain`, which reports the input line of each change.

The figures: boilerplate recall, precision, content loss, lookalikes lost, clean
documents touched (a clean document that lost a content line), inline spans removed
(run-on documents), and breakdowns by kind of boilerplate and by rule.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import regex

#: Characters a reader cannot see; the cleaner may remove them, so they do not count.
_INVISIBLE = regex.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")

#: How alike an input line and an output line must be to count as the same line
#: after repair (a respelled name, a repaired quote).
SIMILARITY = 0.8

#: An unaligned input line at least this long still counts as kept when the output
#: contains it, e.g. inside a paragraph the cleaner re-joined.
MIN_CONTAINED = 20

#: Share of a run-on fragment's words that must survive for it to count as kept.
FRAGMENT_WORDS = 0.8

SOFT_FIELDS = ("maybe_lines", "artifact_lines")


class LabelError(ValueError):
    """A labelled set cannot be read; the message names the file, line and field."""


def normalise(text: str) -> str:
    """The form in which input and output lines are compared.

    Compatibility forms are unified, invisible characters dropped, runs of whitespace
    folded and case folded, so that whitespace and encoding repair are not mistaken
    for removal.

    >>> normalise("\\u00a0ALSO\\u200b READ:  Elsewhere ")
    'also read: elsewhere'
    >>> normalise("\\u00a0 \\u200b")
    ''
    """
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text))
    return " ".join(text.split()).casefold()


def similar(a: str, b: str) -> bool:
    """Whether two normalised lines are the same line, allowing small repairs.

    >>> similar("talks in siestan-o-baluchistan resumed.", "talks in sistan and baluchistan resumed.")
    True
    >>> similar("read more", "the story")
    False
    """
    if a == b:
        return True
    if abs(len(a) - len(b)) > max(8, len(a) // 4):
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= SIMILARITY and matcher.quick_ratio() >= SIMILARITY and matcher.ratio() >= SIMILARITY


def align_lines(before: Sequence[str], after: Sequence[str]) -> list[int | None]:
    """For each line of ``before``, the index of the line of ``after`` it became.

    Both are lists of normalised lines. ``None`` marks a blank line of ``before`` and
    a line that did not survive. Alignment keeps order, so when a line occurs twice
    and the cleaner removed one copy, only one is paired.

    >>> align_lines(["a", "read more", "b", "", "b"], ["a", "b", "b"])
    [0, None, 1, None, 2]
    >>> align_lines(["story with kiev in it", "x"], ["story with kyiv in it"])
    [0, None]
    """
    left = [i for i, line in enumerate(before) if line]
    right = [j for j, line in enumerate(after) if line]
    a = [before[i] for i in left]
    b = [after[j] for j in right]
    fates: list[int | None] = [None] * len(before)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(i2 - i1):
                fates[left[i1 + offset]] = right[j1 + offset]
        elif tag == "replace":
            j = j1
            for i in range(i1, i2):
                for k in range(j, j2):
                    if similar(a[i], b[k]):
                        fates[left[i]] = right[k]
                        j = k + 1
                        break
    return fates


def fragment_survives(fragment: str, output: str, output_words: Counter) -> bool:
    """Whether a normalised piece of a run-on line is still in the normalised output.

    >>> out = "the minister spoke. the vote is today."
    >>> fragment_survives("the vote is today.", out, Counter(out.split()))
    True
    >>> fragment_survives("a line the cleaner dropped entirely", out, Counter(out.split()))
    False
    """
    if fragment in output:
        return True
    words = Counter(fragment.split())
    if not words:
        return True
    found = sum(min(count, output_words[word]) for word, count in words.items())
    return found / sum(words.values()) >= FRAGMENT_WORDS


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Span:
    """Inline boilerplate inside a line of a run-on document."""

    line: int | None
    text: str
    kind: str


@dataclass
class Record:
    """One labelled document, with labels resolved to 0-based line indices."""

    id: str
    raw: str
    lines: list[str]
    boilerplate: set[int]
    kinds: dict[int, str]
    maybe: set[int]
    artifacts: set[int]
    lookalikes: set[int]
    spans: list[Span]
    category: str
    structure: str
    outlet: str = ""


def _fail(where: str, problem: str) -> LabelError:
    return LabelError(f"{where}: {problem}")


def _line_index(value, lines: list[str], where: str, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(where, f"{name}: line number {value!r} is not an integer")
    if not 0 <= value < len(lines):
        raise _fail(where, f"{name}: line {value} is out of range (the text has {len(lines)} lines, numbered from 0)")
    return value


def _labelled_lines(entries, lines: list[str], where: str, name: str) -> set[int]:
    """Resolve entries given as ``{"line": n, "text": ...}``, a bare number or a bare text."""
    if entries is None:
        return set()
    if not isinstance(entries, list):
        raise _fail(where, f"{name} must be a list, not {type(entries).__name__}")
    found: set[int] = set()
    for entry in entries:
        if isinstance(entry, dict) and "line" in entry:
            found.add(_line_index(entry["line"], lines, where, name))
        elif isinstance(entry, int) and not isinstance(entry, bool):
            found.add(_line_index(entry, lines, where, name))
        else:
            text = entry.get("text") if isinstance(entry, dict) else entry
            if not isinstance(text, str):
                raise _fail(where, f"{name}: entry {entry!r} has neither a line number nor a text")
            key = normalise(text)
            if key:
                matches = {i for i, line in enumerate(lines) if normalise(line) == key}
            else:
                # A line of only spaces or invisible characters (what artifact_lines
                # labels): the line written exactly so, or else any such line.
                matches = {i for i, line in enumerate(lines) if line == text} or {
                    i for i, line in enumerate(lines) if line and not normalise(line)
                }
            if not matches:
                raise _fail(where, f"{name}: text {text[:60]!r} is not a line of raw")
            found |= matches
    return found


def _kinds(entries, lines: list[str], where: str) -> dict[int, str]:
    if entries is None:
        return {}
    if isinstance(entries, dict):  # {"3": "cross_promo"}
        pairs = []
        for key, kind in entries.items():
            try:
                pairs.append((int(key), kind))
            except ValueError:
                raise _fail(where, f"boilerplate_kinds: key {key!r} is not a line number") from None
    elif isinstance(entries, list):
        pairs = []
        for entry in entries:
            if not isinstance(entry, dict) or "line" not in entry or "kind" not in entry:
                raise _fail(where, f"boilerplate_kinds: entry {entry!r} needs 'line' and 'kind'")
            pairs.append((entry["line"], entry["kind"]))
    else:
        raise _fail(where, "boilerplate_kinds must be a list of {line, kind} or a mapping")
    return {_line_index(line, lines, where, "boilerplate_kinds"): str(kind) for line, kind in pairs}


def _spans(entries, lines: list[str], where: str) -> list[Span]:
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise _fail(where, "boilerplate_spans must be a list")
    spans = []
    for entry in entries:
        if isinstance(entry, str):
            entry = {"text": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str) or not entry["text"].strip():
            raise _fail(where, f"boilerplate_spans: entry {entry!r} needs a non-empty 'text'")
        line = entry.get("line")
        if line is not None:
            _line_index(line, lines, where, "boilerplate_spans")
            if normalise(entry["text"]) not in normalise(lines[line]):
                raise _fail(where, f"boilerplate_spans: {entry['text'][:60]!r} is not in line {line}")
        else:
            holders = [i for i, text in enumerate(lines) if normalise(entry["text"]) in normalise(text)]
            if not holders:
                raise _fail(where, f"boilerplate_spans: {entry['text'][:60]!r} is not in raw")
            line = holders[0]
        spans.append(Span(line, entry["text"], str(entry.get("kind", "unlabelled"))))
    return spans


def parse_record(data, where: str) -> Record:
    """Check one decoded JSON object and resolve its labels to line indices."""
    if not isinstance(data, dict):
        raise _fail(where, f"expected a JSON object, got {type(data).__name__}")
    raw = data.get("raw")
    if not isinstance(raw, str):
        raise _fail(where, "missing field 'raw' (the text as scraped)" if raw is None else "'raw' must be a string")
    lines = raw.split("\n")
    numbers = data.get("boilerplate_line_numbers", [])
    if not isinstance(numbers, list):
        raise _fail(where, "boilerplate_line_numbers must be a list of 0-based line numbers")
    boilerplate = {_line_index(n, lines, where, "boilerplate_line_numbers") for n in numbers}
    kinds = _kinds(data.get("boilerplate_kinds"), lines, where)
    stray = sorted(set(kinds) - boilerplate)
    if stray:
        raise _fail(where, f"boilerplate_kinds: line {stray[0]} is not in boilerplate_line_numbers")
    return Record(
        id=str(data.get("id", where)),
        raw=raw,
        lines=lines,
        boilerplate=boilerplate,
        kinds=kinds,
        maybe=_labelled_lines(data.get("maybe_lines"), lines, where, "maybe_lines"),
        artifacts=_labelled_lines(data.get("artifact_lines"), lines, where, "artifact_lines"),
        lookalikes=_labelled_lines(data.get("lookalike_lines"), lines, where, "lookalike_lines"),
        spans=_spans(data.get("boilerplate_spans"), lines, where),
        category=str(data.get("category") or ("clean" if not boilerplate and not data.get("boilerplate_spans") else "boilerplate")),
        structure=str(data.get("structure") or "lines"),
        outlet=outlet_name(data, where),
    )


def outlet_name(data: Mapping, where: str = "") -> str:
    """The outlet a record comes from: its ``outlet`` field up to any parenthesis, or
    else its ``id`` without a trailing number.

    >>> outlet_name({"outlet": "The Courier (courier.example, UK)"}), outlet_name({"id": "courier-03"})
    ('The Courier', 'courier')
    """
    named = data.get("outlet")
    if isinstance(named, str) and named.strip():
        return named.split(" (")[0].strip()
    return regex.sub(r"-\d+$", "", str(data.get("id", where)))


def load_records(path: str | Path) -> list[Record]:
    """Read a labelled JSON Lines file; :class:`LabelError` names the file and line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LabelError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LabelError(f"{path}: not valid UTF-8 at byte {exc.start}") from None
    records = []
    seen: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            decoded = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _fail(where, f"invalid JSON: {exc.msg} (column {exc.colno})") from None
        record = parse_record(decoded, where)
        if record.id in seen:
            raise _fail(where, f"id {record.id!r} is already used at {seen[record.id]}")
        seen[record.id] = where
        records.append(record)
    if not records:
        raise LabelError(f"{path}: no labelled documents")
    return records


# --------------------------------------------------------------------------- scoring


@dataclass
class Tally:
    """A count of items and how many of them the cleaner removed."""

    total: int = 0
    removed: int = 0

    def add(self, removed: bool) -> None:
        self.total += 1
        self.removed += bool(removed)

    @property
    def kept(self) -> int:
        return self.total - self.removed


@dataclass
class RuleTally:
    """What one rule removed, by label of the line."""

    boilerplate: int = 0
    content: int = 0
    lookalike: int = 0
    soft: int = 0
    changes: int = 0


@dataclass(frozen=True)
class Miss:
    """A line the cleaner got wrong: boilerplate kept, content lost, or a crash."""

    id: str
    line: int | None  # 0-based, as in the labels
    what: str  # MISSED, LOST, SPAN, ERROR
    detail: str  # kind of the missed boilerplate, or the rule that removed content
    text: str

    def as_dict(self) -> dict:
        return {"id": self.id, "line": self.line, "what": self.what, "detail": self.detail, "text": self.text}


@dataclass
class Report:
    """The figures of one evaluation."""

    documents: int = 0
    boilerplate: Tally = field(default_factory=Tally)
    content: Tally = field(default_factory=Tally)
    lookalikes: Tally = field(default_factory=Tally)
    soft: Tally = field(default_factory=Tally)
    spans: Tally = field(default_factory=Tally)
    clean_docs: Tally = field(default_factory=Tally)  # removed = touched
    kinds: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    #: Per outlet: its boilerplate lines and its content lines.
    outlets: dict[str, tuple[Tally, Tally]] = field(default_factory=lambda: defaultdict(lambda: (Tally(), Tally())))
    rules: dict[str, RuleTally] = field(default_factory=lambda: defaultdict(RuleTally))
    misses: list[Miss] = field(default_factory=list)
    budget_flags: int = 0
    errors: int = 0

    # A ratio with nothing to count is ``None`` (shown as ``-``), not a flattering 1.0.

    @property
    def recall(self) -> float | None:
        """Share of boilerplate lines removed."""
        return _ratio(self.boilerplate.removed, self.boilerplate.total)

    @property
    def precision(self) -> float | None:
        """Share of removed labelled lines that were boilerplate (soft lines left out)."""
        return _ratio(self.boilerplate.removed, self.boilerplate.removed + self.content.removed)

    @property
    def content_loss(self) -> float | None:
        """Share of content lines removed."""
        return _ratio(self.content.removed, self.content.total)

    @property
    def span_recall(self) -> float | None:
        """Share of inline boilerplate spans removed."""
        return _ratio(self.spans.removed, self.spans.total)

    def as_dict(self) -> dict:
        """The report as plain data (what ``--format json`` prints)."""
        return {
            "documents": self.documents,
            "recall": _round(self.recall, 4),
            "precision": _round(self.precision, 4),
            "content_loss": _round(self.content_loss, 5),
            "span_recall": _round(self.span_recall, 4),
            "boilerplate_lines": _tally(self.boilerplate),
            "content_lines": _tally(self.content),
            "lookalike_lines": _tally(self.lookalikes),
            "soft_lines": _tally(self.soft),
            "spans": _tally(self.spans),
            "clean_documents": {"total": self.clean_docs.total, "touched": self.clean_docs.removed},
            "budget_flags": self.budget_flags,
            "errors": self.errors,
            "kinds": {kind: _tally(t) for kind, t in sorted(self.kinds.items())},
            "outlets": {
                name: {"boilerplate_lines": _tally(bp), "content_lines": _tally(content)}
                for name, (bp, content) in sorted(self.outlets.items())
            },
            "rules": {code: vars(t).copy() for code, t in sorted(self.rules.items())},
            "misses": [m.as_dict() for m in self.misses],
        }


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _figure(value: float | None) -> str:
    return "    -" if value is None else f"{value:.3f}"


def _tally(t: Tally) -> dict:
    return {"total": t.total, "removed": t.removed}


def removals_by_line(explanation, line_rules: set[str]) -> dict[int, str]:
    """Map 0-based input lines to the code of the rule that removed them.

    A line-stage rule wins over other changes reported on the same line (a line can
    lose a no-break space to one rule and then be removed by another).
    """
    found: dict[int, str] = {}
    for change in explanation.changes:
        index = change.line - 1
        if change.code in line_rules and change.replacement == "":
            found[index] = change.code
        elif index not in found or found[index] not in line_rules:
            found.setdefault(index, change.code)
    return found


def surviving_lines(lines: Sequence[str], output: str) -> list[int | None]:
    """For each input line, the output line it became (``None``: removed or blank).

    Lines are aligned in order first. A line left over still survives when an output
    line contains it, as when a cleaner re-joins a broken paragraph: a long line may
    be found in any output line, a short one only joined to a neighbour it followed
    or preceded.

    >>> surviving_lines(["Read more", "The committee met on Tuesday morning", "and agreed."],
    ...                 "The committee met on Tuesday morning and agreed.\\n")
    [None, 0, 0]
    >>> surviving_lines(["Story.", "Read more", "More."], "Story.\\nMore.\\n")
    [0, None, 1]
    """
    before = [normalise(line) for line in lines]
    after = [normalise(line) for line in output.split("\n")]
    fates = align_lines(before, after)
    for i, key in enumerate(before):
        if fates[i] is not None or not key:
            continue
        if len(key) >= MIN_CONTAINED:
            fates[i] = next((j for j, line in enumerate(after) if key in line), None)
        elif i > 0 and fates[i - 1] is not None and f"{before[i - 1]} {key}" in after[fates[i - 1]]:
            fates[i] = fates[i - 1]
        elif i + 1 < len(before) and fates[i + 1] is not None and f"{key} {before[i + 1]}" in after[fates[i + 1]]:
            fates[i] = fates[i + 1]
    return fates


def score_record(record: Record, cleaner, report: Report, line_rules: set[str], explanation=None) -> None:
    """Clean one document and add what happened to every line to ``report``.

    ``explanation`` is ``cleaner.explain(record.raw)`` when the caller has it already.
    """
    report.documents += 1
    before = (report.boilerplate.total, report.boilerplate.removed, report.content.total, report.content.removed)
    try:
        _score(record, cleaner, report, line_rules, explanation)
    finally:
        bp, content = report.outlets[record.outlet or record.id]
        bp.total += report.boilerplate.total - before[0]
        bp.removed += report.boilerplate.removed - before[1]
        content.total += report.content.total - before[2]
        content.removed += report.content.removed - before[3]


def _score(record: Record, cleaner, report: Report, line_rules: set[str], explanation) -> None:
    if explanation is None:
        try:
            explanation = cleaner.explain(record.raw)
        except Exception as exc:  # a crash is counted, and the run goes on
            report.errors += 1
            report.misses.append(Miss(record.id, None, "ERROR", type(exc).__name__, str(exc)[:200]))
            return
    for change in explanation.changes:
        report.rules[change.code].changes += 1
    if explanation.flags:
        report.budget_flags += 1
    output = explanation.text
    fates = surviving_lines(record.lines, output)
    culprits = removals_by_line(explanation, line_rules)
    spans_by_line = defaultdict(list)
    for span in record.spans:
        spans_by_line[span.line].append(span)
    out_lines = output.split("\n")
    lost_content = False
    for i, line in enumerate(record.lines):
        if not normalise(line):
            continue
        rule = culprits.get(i, "unattributed")
        if i in spans_by_line and i not in record.boilerplate:
            partner = normalise(out_lines[fates[i]]) if fates[i] is not None else None
            lost_content |= _score_run_on_line(record, i, spans_by_line[i], partner, output, rule, report)
        else:
            lost_content |= _score_line(record, i, fates[i] is not None, rule, report)
    if record.category == "clean":
        report.clean_docs.add(lost_content)


def _score_line(record: Record, i: int, kept: bool, rule: str, report: Report) -> bool:
    """Count one labelled line; return whether it was content that got lost."""
    text = record.lines[i].strip()
    if i in record.boilerplate:
        kind = record.kinds.get(i, "unlabelled")
        report.boilerplate.add(not kept)
        report.kinds[kind].add(not kept)
        if kept:
            report.misses.append(Miss(record.id, i, "MISSED", kind, text))
        else:
            report.rules[rule].boilerplate += 1
        return False
    if i in record.maybe or i in record.artifacts:
        report.soft.add(not kept)
        report.rules[rule].soft += not kept
        return False
    return _count_content(record, i, kept, rule, report)


def _count_content(record: Record, i: int, kept: bool, rule: str, report: Report) -> bool:
    lookalike = i in record.lookalikes
    report.content.add(not kept)
    if lookalike:
        report.lookalikes.add(not kept)
    if kept:
        return False
    report.rules[rule].content += 1
    report.rules[rule].lookalike += lookalike
    report.misses.append(Miss(record.id, i, "LOOKALIKE" if lookalike else "LOST", rule, record.lines[i].strip()))
    return True


def _score_run_on_line(record: Record, i: int, spans, partner: str | None, output: str, rule: str, report: Report) -> bool:
    """Score a line holding inline boilerplate; return whether content was lost.

    Each span counts as removed when the output no longer holds it (looked for in the
    output line this line became, or anywhere if it was removed or rewritten), and the
    line's content, the text between the spans, must survive.
    """
    blob = normalise(output)
    where = partner if partner is not None else blob
    pieces = [normalise(record.lines[i])]
    for span in spans:
        needle = normalise(span.text)
        gone = needle not in where
        report.spans.add(gone)
        report.kinds[span.kind].add(gone)
        if not gone:
            report.misses.append(Miss(record.id, i, "SPAN", span.kind, span.text.strip()))
        pieces = [part.strip() for piece in pieces for part in piece.split(needle)]
    pieces = [piece for piece in pieces if regex.search(r"\w", piece)]
    if not pieces:
        return False
    words = Counter(blob.split())
    kept = all(fragment_survives(piece, blob, words) for piece in pieces)
    return _count_content(record, i, kept, rule, report)


def evaluate(records: Iterable[Record], cleaner=None) -> Report:
    """Score ``cleaner`` (the default pipeline if ``None``) on labelled records.

    >>> record = parse_record({"raw": "The story.\\nALSO READ: Elsewhere\\nIt goes on.",
    ...                        "boilerplate_line_numbers": [1]}, "example")
    >>> report = evaluate([record])
    >>> report.recall, report.content_loss, dict(report.rules)["CW201"].boilerplate
    (1.0, 0.0, 1)
    """
    from .pipeline import Cleaner

    cleaner = cleaner if cleaner is not None else Cleaner()
    # Rules of every stage that removes whole lines (the line stage, and any other
    # stage with that contract).
    line_rules = {rule.code for rule in getattr(cleaner, "rules", ()) if rule.stage.info.contract == "whole-lines"}
    report = Report()
    for record in records:
        score_record(record, cleaner, report, line_rules)
    return report


# --------------------------------------------------------------------------- output


def _count(n: int, noun: str) -> str:
    """
    >>> _count(1, "document"), _count(2, "soft line")
    ('1 document', '2 soft lines')
    """
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _fraction(part: int, whole: int) -> str:
    return f"{part}/{whole}"


def set_name(paths: Sequence[str]) -> str:
    """How the report names what it scored.

    >>> set_name(["dev.jsonl"]), set_name(["a.jsonl", "b.jsonl"])
    ('dev.jsonl', '2 files')
    """
    return paths[0] if len(paths) == 1 else f"{len(paths)} files"


def format_report(report: Report, name: str, show: int = 10, by_outlet: bool = False) -> str:
    """The report as the aligned text ``cleanwire eval`` prints (``by_outlet``: with a
    table of recall and content loss per outlet)."""
    out = [
        f"{name}: {_count(report.documents, 'document')}, {_count(report.boilerplate.total, 'boilerplate line')}, "
        f"{_count(report.content.total, 'content line')}, {_count(report.soft.total, 'soft line')}",
        f"  boilerplate recall   {_figure(report.recall)}  {_fraction(report.boilerplate.removed, report.boilerplate.total)} removed",
        f"  precision            {_figure(report.precision)}",
        f"  content loss         {_figure(report.content_loss)}  {_fraction(report.content.removed, report.content.total)} removed",
        f"  lookalikes lost      {_fraction(report.lookalikes.removed, report.lookalikes.total)}",
        f"  clean docs touched   {_fraction(report.clean_docs.removed, report.clean_docs.total)}",
        f"  soft lines removed   {_fraction(report.soft.removed, report.soft.total)}",
    ]
    if report.spans.total:
        out.append(
            f"  inline spans removed {_fraction(report.spans.removed, report.spans.total)}"
        )
    if report.budget_flags:
        out.append(f"  budget kept          {report.budget_flags} document(s) unchanged by the removal budget")
    if report.errors:
        out.append(f"  errors               {report.errors}")
    if report.kinds:
        out.append("")
        out.append(f"  {'kind':<24}{'removed':>9}")
        for kind, t in sorted(report.kinds.items(), key=lambda kv: (-kv[1].total, kv[0])):
            out.append(f"  {kind:<24}{_fraction(t.removed, t.total):>9}")
    if by_outlet and report.outlets:
        out.append("")
        out.append(f"  {'outlet':<32}{'recall':>8}{'removed':>10}{'content lost':>14}")
        for outlet, (bp, content) in sorted(report.outlets.items(), key=lambda kv: kv[0].casefold()):
            label = outlet if len(outlet) <= 31 else outlet[:30] + "…"
            out.append(
                f"  {label:<32}{_figure(_ratio(bp.removed, bp.total)):>8}{_fraction(bp.removed, bp.total):>10}"
                f"{_fraction(content.removed, content.total):>14}"
            )
    removers = {code: t for code, t in report.rules.items() if t.boilerplate or t.content or t.soft}
    if removers:
        out.append("")
        out.append(f"  {'rule':<14}{'boilerplate':>12}{'content':>9}{'soft':>6}")
        for code, t in sorted(removers.items()):
            out.append(f"  {code:<14}{t.boilerplate:>12}{t.content:>9}{t.soft:>6}")
    shown = report.misses[: max(0, show)]
    if shown:
        out.append("")
        out.append(f"  misses ({len(shown)} of {len(report.misses)}):")
        for miss in shown:
            where = f"{miss.id}:{miss.line}" if miss.line is not None else miss.id
            text = miss.text if len(miss.text) <= 72 else miss.text[:71] + "…"
            out.append(f"  {where}  {miss.what} {miss.detail}  {text}")
    elif report.misses:
        out.append(f"  {len(report.misses)} misses (--show N lists them)")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- command line


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleanwire eval",
        description="Score the configured cleaner on a labelled JSON Lines set (see docs/quality.md).",
    )
    parser.add_argument("labelled", nargs="+", metavar="LABELLED.jsonl", help="labelled documents, one JSON object a line")
    parser.add_argument("--show", type=int, default=10, metavar="N", help="list up to N misses (default 10)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("--by-outlet", action="store_true", help="add a table of recall and content loss per outlet")
    parser.add_argument("--config", metavar="PATH", help="configuration file (default: found by walking up from the current directory)")
    parser.add_argument("--isolated", action="store_true", help="ignore configuration files: score the default rules")
    parser.add_argument("--select", action="append", metavar="CODES", help="comma-separated rule codes or prefixes to run")
    parser.add_argument("--ignore", action="append", metavar="CODES", help="comma-separated rule codes or prefixes not to run")
    return parser


def _codes(values: list[str] | None) -> list[str] | None:
    """Codes from repeatable, comma-separated flags.

    >>> _codes(["CW1, cw2", "CW305"]), _codes(None)
    (['CW1', 'CW2', 'CW305'], None)
    """
    if values is None:
        return None
    return [code.strip().upper() for value in values for code in value.split(",") if code.strip()]


def build_cleaner(config: str | None, select: list[str] | None, ignore: list[str] | None, isolated: bool = False):
    """The cleaner ``cleanwire eval`` scores: the project's configuration (found as
    ``cleanwire`` finds it, or ``--config PATH``), with ``--select``/``--ignore`` on top."""
    from . import config as settings

    if isolated:
        path = None
    else:
        path = config if config is not None else settings.find_config()
    return settings.build_cleaner(settings.load_config(path), select=select, ignore=ignore)


def main(argv: list[str] | None = None) -> int:
    """Run ``cleanwire eval``; exit 0 on success, 2 on a usage or input error."""
    from .config import ConfigError

    args = build_parser().parse_args(argv)
    try:
        cleaner = build_cleaner(args.config, _codes(args.select), _codes(args.ignore), args.isolated)
        loaded = [(path, load_records(path)) for path in args.labelled]
    except (LabelError, ConfigError) as exc:
        print(f"cleanwire eval: {exc}", file=sys.stderr)
        return 2
    records = [record for _, batch in loaded for record in batch]
    report = evaluate(records, cleaner)
    from .chars import escape_surrogates  # a labelled line may hold a lone surrogate

    if args.format == "json":
        sys.stdout.write(escape_surrogates(json.dumps(report.as_dict(), ensure_ascii=False, indent=2)) + "\n")
    else:
        sys.stdout.write(escape_surrogates(format_report(report, set_name(args.labelled), args.show, by_outlet=args.by_outlet)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
