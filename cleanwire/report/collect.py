"""The corpus walk of ``cleanwire report``: figures for every document, a bounded sample.

Every document goes through :meth:`Cleaner.explain`, and what it reports is folded
into counters (:class:`Figures`) as the documents stream past. Only a bounded,
deterministic selection of documents is kept whole for the page:

* a **sample** of ``sample`` documents: those whose hash (of the seed and the
  document's place in the corpus) is smallest, so the same corpus and seed always give
  the same sample, whatever the order the documents are read in;
* a few **examples per rule**, chosen the same way among the lines each rule removed;
* the removals most worth a **review** (long lines, reporting verbs, quotations,
  removals between kept lines of the story) and documents left whole by the **removal
  budget**, the highest scores first;
* with labels, the documents the cleaner got wrong.

So memory depends on the size of that selection, never on the number of documents.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
from dataclasses import dataclass, field
from typing import Iterable, Iterator

import regex

from ..model import NEL_BREAK, Change
from ..rules.lines.patterns import reporting_verb

#: Line breaks as :class:`~cleanwire.model.ChangeLog` counts them, so that line ``n``
#: of a change is ``split_lines(text)[n - 1]``.
_BREAK = regex.compile("\r\n|[\n\r\u2028\u2029]|" + NEL_BREAK)

#: A removed line at least this long deserves a look.
LONG_LINE = 100

#: Quotation marks (straight, curly, guillemets, low-9).
QUOTES = regex.compile("[\"\u201c\u201d\u201e\u00ab\u00bb]|(?<!\\w)['\u2018][^'\u2019]{3,}['\u2019](?!\\w)")

#: A line of at least this many words, removed between kept lines, may be story.
PROSE_WORDS = 6

#: Examples of removed lines kept for each rule.
EXAMPLES_PER_RULE = 5

#: Entries of the review list (and of the list of documents the budget left whole).
REVIEW_SIZE = 50


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` numbered as :meth:`Cleaner.explain` numbers them (from 1).

    >>> split_lines("one\\r\\ntwo\\nthree")
    ['one', 'two', 'three']
    >>> split_lines("end\\n")
    ['end', '']
    """
    return _BREAK.split(text)


def stable_hash(*parts: object) -> int:
    """A 64-bit hash of ``parts`` that is the same in every process and on every run.

    >>> stable_hash(0, "a.jsonl:3") == stable_hash(0, "a.jsonl:3") != stable_hash(1, "a.jsonl:3")
    True
    """
    data = "\x00".join(str(p) for p in parts).encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


@dataclass(frozen=True)
class Document:
    """One document of the corpus: where it is, how to name it, and its text.

    ``key`` is unique in the run and stable across runs (the path, or the path and the
    record's line number); the sample is drawn from its hash.
    """

    key: str
    label: str
    text: str
    config: str | None = None  # which configuration's cleaner explains it (see explained())
    record: bool = False  # a field of a record: it keeps its own ending (Cleaner.explain_field)


@dataclass
class Audited:
    """A document kept for the page, with what :meth:`Cleaner.explain` said of it."""

    number: int  # position in the corpus, from 0
    key: str
    label: str
    text: str
    output_length: int
    changes: tuple[Change, ...]
    flags: tuple[str, ...]
    removed: dict[int, Change]  # 1-based input line -> the line rule that removed it
    misses: list = field(default_factory=list)  # (0-based label line, what, detail) with labels

    @property
    def anchor(self) -> str:
        return f"doc-{self.number}"

    @property
    def changed(self) -> bool:
        return bool(self.changes)


@dataclass
class RuleFigures:
    """What one rule did over the whole corpus."""

    changes: int = 0
    lines_removed: int = 0
    characters_removed: int = 0
    documents: int = 0


@dataclass
class Figures:
    """Counts over every document of the run (never sampled)."""

    documents: int = 0
    changed: int = 0
    budget_kept: int = 0
    lines: int = 0  # non-blank input lines
    lines_removed: int = 0
    characters: int = 0
    characters_removed: int = 0
    changes: int = 0
    skipped: int = 0
    errors: int = 0
    rules: dict[str, RuleFigures] = field(default_factory=dict)
    families: dict[str, RuleFigures] = field(default_factory=dict)


@dataclass(frozen=True)
class Example:
    """A removed line shown under its rule."""

    doc: Audited
    line: int  # 1-based
    text: str


@dataclass(frozen=True)
class Review:
    """A removal (or a budget refusal) worth a human look, and why."""

    doc: Audited
    line: int | None  # 1-based; None for a whole-document note
    text: str
    code: str
    reasons: tuple[str, ...]
    score: int


class Bounded:
    """The ``size`` items with the highest priority seen so far (a min-heap)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._heap: list = []
        self._tie = itertools.count()

    def offer(self, priority: tuple, item) -> None:
        if self.size <= 0:
            return
        entry = (priority, next(self._tie), item)
        if len(self._heap) < self.size:
            heapq.heappush(self._heap, entry)
        elif priority > self._heap[0][0]:
            heapq.heapreplace(self._heap, entry)

    def items(self) -> list:
        """Highest priority first."""
        return [item for _, _, item in sorted(self._heap, key=lambda e: e[0], reverse=True)]

    def __len__(self) -> int:
        return len(self._heap)


def review_reasons(lines: list[str], index: int, kept: list[bool]) -> tuple[str, ...]:
    """Why the removal of ``lines[index]`` deserves a look (empty: it does not).

    >>> lines = ["Headline", "The minister said the plan was fair.", "More story."]
    >>> review_reasons(lines, 1, [True, False, True])
    ('reporting verb', 'inside the story')
    >>> review_reasons(["ALSO READ: Elsewhere", "Story."], 0, [False, True])
    ()
    >>> review_reasons(["Story.", "Advertisement", "More story."], 1, [True, False, True])
    ()
    """
    line = lines[index]
    reasons = []
    if len(line.strip()) >= LONG_LINE:
        reasons.append("long line")
    # A reporting verb marks reported speech: a line holding one is often part of the story.
    if reporting_verb().search(line):
        reasons.append("reporting verb")
    if QUOTES.search(line):
        reasons.append("quotation")
    if len(line.split()) >= PROSE_WORDS:
        before = any(kept[i] and lines[i].strip() for i in range(index))
        after = any(kept[i] and lines[i].strip() for i in range(index + 1, len(lines)))
        if before and after:
            reasons.append("inside the story")
    return tuple(reasons)


#: How much each reason weighs in the order of the review list.
WEIGHTS = {"reporting verb": 3, "quotation": 2, "long line": 2, "inside the story": 1, "removal budget": 3}


class Collector:
    """Folds explained documents into :class:`Figures` and a bounded selection."""

    def __init__(self, cleaners, sample: int = 100, seed: int = 0, examples: int = EXAMPLES_PER_RULE, review: int = REVIEW_SIZE) -> None:
        """``cleaners``: the cleaner, or every cleaner of the run (one per configuration)."""
        cleaners = [cleaners] if hasattr(cleaners, "rules") else list(cleaners)
        rules = [rule for cleaner in cleaners for rule in cleaner.rules]
        self.seed = seed
        self.sample_size = sample
        self.figures = Figures()
        self.rules = {rule.code: rule for rule in rules}
        self.line_rules = {rule.code for rule in rules if rule.stage.info.contract == "whole-lines"}
        self._sample = Bounded(sample)
        self._examples_size = examples
        self._examples: dict[str, Bounded] = {}
        self._review = Bounded(review)
        self._budget = Bounded(review)
        self._labelled = Bounded(max(sample, review))
        self._number = 0
        for rule in rules:
            self.figures.rules.setdefault(rule.code, RuleFigures())
            self.figures.families.setdefault(self.family(rule.code), RuleFigures())

    def family(self, code: str) -> str:
        rule = self.rules.get(code)
        return (rule.family if rule is not None and rule.family else "other").replace(" ", "-")

    def name(self, code: str) -> str:
        rule = self.rules.get(code)
        return rule.name if rule is not None else code

    def add(self, doc: Document, explanation, misses: list | None = None) -> Audited:
        """Count one document and offer it to the selection."""
        f = self.figures
        number = self._number
        self._number += 1
        lines = split_lines(doc.text)
        removed: dict[int, Change] = {}
        for change in explanation.changes:
            if change.code in self.line_rules and change.replacement == "":
                removed[change.line] = change
        audited = Audited(
            number, doc.key, doc.label, doc.text, len(explanation.text), tuple(explanation.changes),
            tuple(explanation.flags), removed, list(misses or ()),
        )
        f.documents += 1
        f.changed += explanation.text != doc.text
        f.budget_kept += bool(explanation.flags)
        f.lines += sum(1 for line in lines if line.strip())
        f.characters += len(doc.text)
        f.changes += len(explanation.changes)
        seen_rules: set[str] = set()
        for change in explanation.changes:
            tally = f.rules.setdefault(change.code, RuleFigures())
            family = f.families.setdefault(self.family(change.code), RuleFigures())
            gone = max(0, len(change.removed) - len(change.replacement))
            for t in (tally, family):
                t.changes += 1
                t.characters_removed += gone
            f.characters_removed += gone
            seen_rules.add(change.code)
        for code in seen_rules:
            f.rules[code].documents += 1
        for family in {self.family(code) for code in seen_rules}:
            f.families[family].documents += 1
        kept = [i + 1 not in removed for i in range(len(lines))]
        for line, change in removed.items():
            index = line - 1
            if not 0 <= index < len(lines) or not lines[index].strip():
                continue
            f.lines_removed += 1
            f.rules[change.code].lines_removed += 1
            f.families[self.family(change.code)].lines_removed += 1
            bucket = self._examples.setdefault(change.code, Bounded(self._examples_size))
            bucket.offer((-stable_hash(self.seed, change.code, doc.key, line),), Example(audited, line, lines[index]))
            reasons = review_reasons(lines, index, kept)
            if reasons:
                score = sum(WEIGHTS[r] for r in reasons)
                item = Review(audited, line, lines[index], change.code, reasons, score)
                self._review.offer((score, -stable_hash(self.seed, "review", doc.key, line)), item)
        for flag in explanation.flags:
            item = Review(audited, None, flag, "", ("removal budget",), WEIGHTS["removal budget"])
            self._budget.offer((-stable_hash(self.seed, "budget", doc.key),), item)
        if misses:
            self._labelled.offer((len(misses), -stable_hash(self.seed, "labels", doc.key)), audited)
        self._sample.offer((-stable_hash(self.seed, doc.key),), audited)
        return audited

    # -- the selection, once every document has been seen -----------------------------

    def sample(self) -> list[Audited]:
        return sorted(self._sample.items(), key=lambda d: d.number)

    def examples(self, code: str) -> list[Example]:
        bucket = self._examples.get(code)
        if bucket is None:
            return []
        return sorted(bucket.items(), key=lambda e: (e.doc.number, e.line))

    def review(self) -> list[Review]:
        return self._review.items()

    def budget(self) -> list[Review]:
        return sorted(self._budget.items(), key=lambda r: r.doc.number)

    def labelled(self) -> list[Audited]:
        return sorted(self._labelled.items(), key=lambda d: d.number)

    def shown(self) -> list[Audited]:
        """Every document the page shows whole: the sample and every one another part links to."""
        docs: dict[int, Audited] = {d.number: d for d in self.sample()}
        for bucket in self._examples.values():
            for example in bucket.items():
                docs.setdefault(example.doc.number, example.doc)
        for item in self.review() + self.budget():
            docs.setdefault(item.doc.number, item.doc)
        for doc in self.labelled():
            docs.setdefault(doc.number, doc)
        return [docs[n] for n in sorted(docs)]


@dataclass(frozen=True)
class Failure:
    """The cleaner raised on a document: counted as an error, and the run goes on."""

    message: str


def explain_one(cleaner, text: str, record: bool = False):
    """``cleaner.explain(text)`` (``explain_field`` for a record's field), or a
    :class:`Failure` if it raises."""
    try:
        return cleaner.explain_field(text) if record else cleaner.explain(text)
    except Exception as exc:  # a bug must not take the rest of the corpus down with it
        return Failure(f"{type(exc).__name__}: {exc}")


def explained(cleaners, documents: Iterable[Document], jobs: int = 1) -> Iterator[tuple[Document, object]]:
    """Yield ``(document, explanation)`` in order; the explanation is a :class:`Failure`
    when the cleaner raised.

    ``cleaners`` maps a document's ``config`` to its cleaner (a single cleaner serves
    every document). With ``jobs > 1`` batches of documents are explained by worker
    processes; at most ``2 * jobs`` batches are in flight, so memory stays bounded.
    """
    if not isinstance(cleaners, dict):
        cleaners = _Every(cleaners)
    if jobs <= 1:
        from ..stopping import check

        for doc in documents:
            check()  # a signal recorded where it could not be raised
            yield doc, explain_one(cleaners[doc.config], doc.text, doc.record)
        return
    from contextlib import closing

    from ..stopping import in_workers

    def payload(batch: list[Document]) -> list[tuple[str | None, str, bool]]:
        return [(d.config, d.text, d.record) for d in batch]

    # Interrupted, or the consumer stopped: closing stops the workers, none outlives the run.
    with closing(in_workers(_explain_batch, _batches(documents), jobs, _init_worker, (cleaners,), payload)) as done:
        for batch, explanations in done:
            yield from zip(batch, explanations)


class _Every(dict):
    """One cleaner for every configuration key."""

    def __init__(self, cleaner) -> None:
        super().__init__()
        self.cleaner = cleaner

    def __missing__(self, key):
        return self.cleaner

    def __reduce__(self):
        return (_Every, (self.cleaner,))


#: Documents per batch for worker processes, and the characters a batch may hold.
BATCH_DOCUMENTS = 256
BATCH_CHARACTERS = 1 << 20

_WORKER: dict = {}


def _init_worker(cleaners) -> None:
    _WORKER["cleaners"] = cleaners


def _explain_batch(items: list[tuple[str | None, str, bool]]) -> list:
    from ..stopping import worker_check

    cleaners = _WORKER["cleaners"]
    explanations = []
    for key, text, record in items:
        worker_check()  # a stopping run does not wait for the rest of the batch
        explanations.append(explain_one(cleaners[key], text, record))
    return explanations


def _batches(documents: Iterable[Document]) -> Iterator[list[Document]]:
    batch: list[Document] = []
    size = 0
    for doc in documents:
        batch.append(doc)
        size += len(doc.text)
        if len(batch) >= BATCH_DOCUMENTS or size >= BATCH_CHARACTERS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def share(part: int, whole: int) -> float | None:
    """``part / whole`` rounded for reports, ``None`` when there is nothing to count.

    >>> share(1, 3), share(0, 0)
    (0.3333, None)
    """
    return round(part / whole, 4) if whole else None
