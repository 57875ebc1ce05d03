"""CW75x, stage ``spans``: boilerplate inside run-on text.

Some scrapers glue a story's paragraphs into one line, and the promo, credit and
widget lines with them: `... the ministry said. (With inputs from PTI)` or `... rose 3
per cent. Also Read: Sensex ends higher The company said ...`. Whole-line rules cannot
touch such a line without losing the story. This stage splits a run-on line at its
sentence boundaries and applies the same judgements to each sentence as the line
stages apply to a line: the selected phrase rules, and the cue sets of prompts. It
removes only spans that are clearly delimited: a whole sentence, a parenthesised
aside, the tail after the last full stop, or a label (`Also Read:`, `WATCH:`,
`Source:`) with the headline or name it introduces, ending where the next sentence
visibly starts. A story sentence is never cut.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Iterator, Sequence

import regex

from ..model import ChangeLog, Example, Rule, Stage, View
from .lines import PatternRule
from .structure.document import describe
from .structure.finders import call_to_action
from .structure.vocabulary import Vocabulary, packaged

#: A run-on line is at least this long and holds at least RUN_ON_SHARE of the
#: document's text: a story glued into one line, not a long paragraph among others.
RUN_ON_CHARS = 600
RUN_ON_SHARE = 0.4

#: A span longer than this is not boilerplate, whatever it matches.
MAX_SPAN_WORDS = 60

#: A label and the headline or value after it (`WATCH: ...`) run to at most this many
#: words; a longer one may have a story sentence glued to it.
MAX_LABEL_WORDS = 25

#: Words after which a phrase goes on: a capitalised word that follows one of them
#: belongs to the same headline (`Floods and The Valley`), not to a new sentence.
_ACRONYM = regex.compile(r"\p{Lu}{2,6}")
_OPEN_WORDS = frozenset("a an the and or of to in on at for with from by as into about than".split())

#: Where one sentence ends and the next begins: a full stop (or ? !) with any closing
#: quotes, then a space, then a capital, a digit or an opening quote or bracket.
SENTENCE_BREAK = regex.compile(r"(?<=[.!?…][\"'”’)\]]*)\s+(?=[\"“‘(\[]?[\p{Lu}\p{N}])")

_WORD_RUN = regex.compile(r"\S+")

_PROMO_LABEL = regex.compile(r"(?P<label>[\p{L} ']{3,30}?)\s*(?:[:|｜]|\s[-–—]\s)\s*", regex.IGNORECASE)


def sentence_spans(line: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``line``, the space after it left out.

    >>> line = "Rates rose. (With inputs from PTI) The bank said so."
    >>> [line[a:b] for a, b in sentence_spans(line)]
    ['Rates rose.', '(With inputs from PTI)', 'The bank said so.']
    """
    spans = []
    start = 0
    for m in SENTENCE_BREAK.finditer(line):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(line.rstrip())))
    # A parenthesised aside glued to the front of a sentence is a unit of its own.
    out = []
    for a, b in spans:
        if line[a] == "(":
            close = line.find(")", a, b)
            if close != -1 and close + 1 < b and line[close + 1] == " ":
                out.append((a, close + 1))
                a = close + 2
        if a < b:
            out.append((a, b))
    return out


@dataclass(frozen=True, eq=False)
class RunOnRule(Rule):
    """Removes boilerplate sentences from run-on lines (see the module docstring)."""

    #: The phrase rules a sentence is judged by: the pipeline passes the selected ones;
    #: None (the rule alone) means the packaged defaults.
    phrase: tuple | None = field(default=None, repr=False)
    vocabulary: Vocabulary | None = field(default=None, repr=False)
    # It gates itself (a text shorter than a run-on line is left at once), only cuts,
    # and judges sentences by their words: spaces folded later change nothing.
    writes: str | None = ""
    reads: View = View.KEYS
    idempotent: bool = True

    def configured_with(self, phrase, vocabulary) -> "RunOnRule":
        """The rule judging by the ``phrase`` rules a cleaner selected."""
        from dataclasses import replace

        return replace(self, phrase=tuple(phrase), vocabulary=vocabulary)

    @functools.cached_property
    def _matchers(self):
        """The phrase rules as two line matchers: those that count anywhere, and those
        that also count at the end (for the last sentence). Built once per rule: a
        cache, which no result depends on."""
        from .lines import RULES as PACKAGED
        from .lines import LineRemover, RemovalPolicy

        rules = self.phrase if self.phrase is not None else tuple(r for r in PACKAGED if isinstance(r, PatternRule) and r.default)
        policy = RemovalPolicy(max_removed_share=1.0)
        anywhere = LineRemover([r for r in rules if r.position == "anywhere"], policy)
        closing = LineRemover([r for r in rules if r.position == "trailing"], policy)
        return anywhere, closing

    def spans(self, line: str) -> Iterator[tuple[int, int, str]]:
        """``(start, end, evidence)`` of each boilerplate span of a run-on ``line``."""
        if len(line) < RUN_ON_CHARS:
            return
        units = sentence_spans(line)
        if len(units) < 3:
            return
        anywhere, closing = self._matchers
        vocabulary = self.vocabulary or packaged()
        keys = [" ".join(line[a:b].split()) for a, b in units]
        keys = [key if len(key.split()) <= MAX_SPAN_WORDS else "" for key in keys]
        # One scan of all the sentences; the last one may also close the story.
        found = anywhere.verdicts(keys)
        if keys[-1] and len(units) - 1 not in found:
            closing_rule = closing.verdicts([keys[-1]]).get(0)
            if closing_rule is not None:
                found[len(units) - 1] = closing_rule
        for n, (a, b) in enumerate(units):
            unit, key = line[a:b], keys[n]
            if not key:
                continue
            # A label first (`Also Read:`, `WATCH:`, `Source:`): the pattern that
            # matched the sentence would also match the story sentence the scraper
            # glued to the label's headline, so the span must end where that starts.
            rule = found.get(n)
            promo = self._promo(unit, vocabulary, anywhere, matched=rule is not None)
            if promo is not None:
                if promo[0]:
                    yield a, a + promo[0], promo[1]
                continue
            if rule is not None:
                yield a, b, f"a sentence that {rule.code} {rule.name} matches, inside a run-on line"
                continue
            described = describe(0, key)
            verb = call_to_action(vocabulary, described) if described is not None else None
            if verb is not None:
                yield a, b, f"a prompt to {verb} a channel of the site, inside a run-on line"

    @staticmethod
    def _promo(unit: str, vocabulary: Vocabulary, matcher, matched: bool = False) -> tuple[int, str] | None:
        """A label and the headline or value it introduces at the start of a sentence:
        ``Also Read: Sensex ends higher The company said ...``, ``WATCH: Footage shows
        the blast Police said ...``, ``Source: IANS Officials said ...``.

        The label is a list heading (``Also Read``, ``Read more``), a short label whose
        sentence a phrase rule ``matched``, or one whose words up to the next sentence a
        phrase rule matches (``Source: IANS``). What it introduces ends where the next
        sentence visibly starts (a word of ``openers``, `The`, `He`, `Officials`, after
        a word in lower case or an acronym, unless that word leaves a phrase open, as
        `and` or `the` do)
        or with the sentence. Returns the length of the span in ``unit`` (0 when its
        end cannot be told, so nothing may go) and the evidence; None when the sentence
        does not open with such a label.

        >>> from cleanwire.rules.runon import RULES
        >>> rule, v = RULES[0], packaged()
        >>> anywhere = rule._matchers[0]
        >>> unit = "WATCH: Footage shows the blast Police said two people were hurt."
        >>> end, note = rule._promo(unit, v, anywhere, matched=True)
        >>> unit[:end]
        'WATCH: Footage shows the blast'
        >>> unit = "Source: IANS Officials said the road would reopen on Monday."
        >>> end, note = rule._promo(unit, v, anywhere)
        >>> unit[:end]
        'Source: IANS'
        >>> rule._promo("Note: the figures are provisional The ministry said so.", v, anywhere) is None
        True
        """
        m = _PROMO_LABEL.match(unit)
        if m is None:
            return None
        label = m.group("label").strip()
        # A list heading or a matched sentence is a label's for sure; any other label
        # only when what it introduces, up to the next sentence, is one (`Source: IANS`).
        sure = matched or label.casefold() in vocabulary.list_headings
        words = list(_WORD_RUN.finditer(unit))
        end = len(unit)
        for i in range(1, len(words)):
            previous, word = words[i - 1].group(), words[i].group()
            if words[i].start() <= m.end():
                continue
            if (
                word[:1].isupper()
                and word.casefold() in vocabulary.openers
                and (previous[-1:].islower() or previous[-1:].isdigit() or _ACRONYM.fullmatch(previous))
                and previous.casefold() not in _OPEN_WORDS
            ):
                end = words[i - 1].end()
                break
        if not sure and end == len(unit):
            return None
        headline = unit[:end]
        # A label's headline is short; a longer span may hold a story sentence whose
        # start no opener shows, and a story sentence is never cut.
        if len(headline.split()) > MAX_LABEL_WORDS or not matcher.verdicts([" ".join(headline.split())]):
            return (0, "") if sure else None
        return end, f"a label ({label}) and what it introduces, inside a run-on line"

    def apply(self, text: str, log: ChangeLog | None = None) -> str:
        if len(text) < RUN_ON_CHARS:
            return text
        lines = text.split("\n")
        changed = False
        least = max(RUN_ON_CHARS, RUN_ON_SHARE * len(text))
        for i, line in enumerate(lines):
            if len(line) < least:
                continue
            found = list(self.spans(line))
            if not found:
                continue
            pieces, last = [], 0
            for a, b, note in found:
                if log is not None:
                    log.add(self, log.origin(i), line[a:b], "", note)
                pieces.append(line[last:a])
                last = b
                # The space that followed the span goes with it.
                while last < len(line) and line[last] == " ":
                    last += 1
            pieces.append(line[last:])
            new = "".join(pieces).rstrip(" ") if last >= len(line.rstrip(" ")) else "".join(pieces)
            lines[i] = new
            changed = True
        return "\n".join(lines) if changed else text


_STORY = (
    "The company reported a net profit of Rs 1,200 crore for the quarter, up 12 per cent from a year ago. "
    "Revenue from operations rose 8 per cent to Rs 9,400 crore, helped by strong demand in its home market. "
    "The board also approved an interim dividend of Rs 5 per share for shareholders on the record date. "
    "Analysts had expected a smaller rise in profit because of higher costs for raw materials and freight. "
    "The company said it would open two new plants next year and hire about 3,000 workers across the region. "
    "Its shares have gained 18 per cent since January, against a 9 per cent rise in the benchmark index."
)

RULES: tuple[Rule, ...] = (
    RunOnRule(
        code="CW751",
        name="run-on-boilerplate",
        stage=Stage.SPANS,
        family="structure",
        summary="A promo, credit or prompt glued into a run-on line: a sentence the phrase rules or the prompt cues recognise, "
        "or a label (`Also Read:`, `WATCH:`, `Source:`) with the headline or name it introduces.",
        why="Scrapers that join paragraphs into one line carry the page's boilerplate into the middle of the story. "
        "Sentences are judged one by one, as lines are, and only clearly delimited spans go: never part of a story sentence.",
        examples=(
            Example(_STORY + " (With inputs from PTI)\n", _STORY + "\n"),
            Example(
                _STORY + " Also Read: Sensex ends higher as banks rally The shares closed 2 per cent up on Friday.\n",
                _STORY + " The shares closed 2 per cent up on Friday.\n",
            ),
            Example(
                "Source: IANS " + _STORY + " WATCH: Footage shows the new plant Officials said it would open in May.\n",
                _STORY + " Officials said it would open in May.\n",
            ),
            Example(
                _STORY + " WATCH: Footage shows the new plant Railway officials said it would open in May, after a delay of two years caused by a shortage of parts and a dispute over land.\n",
                _STORY + " WATCH: Footage shows the new plant Railway officials said it would open in May, after a delay of two years caused by a shortage of parts and a dispute over land.\n",
            ),
            Example(
                _STORY + " Analysts said the results were read as a sign of recovery.\n",
                _STORY + " Analysts said the results were read as a sign of recovery.\n",
            ),
        ),
    ),
)
