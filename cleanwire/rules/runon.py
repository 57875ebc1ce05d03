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
from typing import Iterator

import regex

from ..chars import CLOSING_QUOTES, SPLIT_ONLY
from ..compiled import Lazy
from ..model import ChangeLog, Example, Rule, Stage, View
from .lines import PatternRule
from .lines.keys import PICTOGRAPHS, line_key
from .lines.patterns import reporting_verb
from .structure import shapes
from .structure.document import FUNCTION_WORDS, SHORT_SENTENCE_WORDS, describe
from .structure.finders import call_to_action, may_open_prompt
from .structure.vocabulary import Vocabulary, packaged

#: A run-on line is at least this long and holds at least RUN_ON_SHARE of the
#: document's text: a story glued into one line, not a long paragraph among others.
RUN_ON_CHARS = 600
RUN_ON_SHARE = 0.4


def _run_on_lines(lines: list[str], judged: set[int]) -> list[int]:
    """The lines not in ``judged`` that are run-on lines of the text ``lines`` make.

    The share is counted in characters other than whitespace: a later step that folds
    spaces or drops blank lines shortens the text, not what a line holds, and a line
    under the share must stay under it, or a second run over the output would judge it.

    >>> story = "The council met and agreed the budget. " * 20
    >>> _run_on_lines([story, "", "Short line."], set()), _run_on_lines([story, story, story], set())
    ([0], [])
    """
    long = [i for i, line in enumerate(lines) if len(line) >= RUN_ON_CHARS and i not in judged]
    if not long:
        return []
    least = RUN_ON_SHARE * sum(_visible(line) for line in lines)
    return [i for i in long if _visible(lines[i]) >= least]


def _visible(text: str) -> int:
    """How many characters of ``text`` are not whitespace."""
    return len("".join(text.split()))


#: How many words may stand between a sentence's first word and its reporting verb
#: where a glued prompt's end is looked for (`Shopkeepers in the old market said`).
_SUBJECT_WORDS = 5

#: A span longer than this is not boilerplate, whatever it matches.
MAX_SPAN_WORDS = 60

#: A label and the headline or value after it (`WATCH: ...`) run to at most this many
#: words; a longer one may have a story sentence glued to it.
MAX_LABEL_WORDS = 25

#: What follows a list label to a full stop, in at least this many words and with no
#: sentence opener inside, is a sentence of the story, not the label's headline.
SENTENCE_AFTER_LABEL = 16

#: ... when it holds at least this many function words (`the`, `of`, `and`, ...): a
#: run of tags, a stamp and a copyright line to the full stop of `Ltd.` holds none.
_SENTENCE_FUNCTION_WORDS = 3

#: Words after which a phrase goes on: a capitalised word that follows one of them
#: belongs to the same headline (`Floods and The Valley`), not to a new sentence.
_ACRONYM = Lazy(r"\p{Lu}{2,6}")
_OPEN_WORDS = frozenset("a an the and or of to in on at for with from by as into about than".split())

#: Words that open a clause inside a headline (`what Sitharaman said about taxes`):
#: a capitalised word and a reporting verb after one of them are no new sentence.
_CLAUSE_WORDS = frozenset("what how why when where who whom whose which that if whether while after before since because".split())

#: Where one sentence ends and the next begins: a full stop (or ? !) with any closing
#: quotes, then a space, then a capital, a digit, an opening quote or bracket before
#: one, any parenthesis (`said. (adsbygoogle ...)`), or a dash or pictographs before a
#: capital (`said. — AFP/File`, `said. 👉 Join our channel`).
SENTENCE_BREAK = Lazy(
    r"(?<=[.!?…][\"'”’)\]]*)\s+(?=[\"“‘\[]?[\p{Lu}\p{N}]|\(|(?:\p{Pd}+|[" + PICTOGRAPHS + r"]+)\s*\p{Lu})"
)

#: A word: a run of what ``str.split()`` does not split on, so that ``unit.split()``
#: gives the same words, much faster than the pattern (which only the words' ends
#: need), and a word is what a line key's words are.
_WORD_RUN = Lazy(r"[^\s" + SPLIT_ONLY + "]+")

#: Words that open a date in a sentence (`On 26 April 2024 the council ...`), not a stamp.
_DATE_PREPOSITIONS = frozenset("on at in from since by until till before after of".split())

#: Words a stamp runs to at most.
_MAX_STAMP_WORDS = 16


def _stamp_lead(unit: str, words: list[str], vocabulary: Vocabulary) -> int | None:
    """The length of the date stamp at the front of ``unit`` when a capitalised word
    follows it (`Updated 26 February 2021 Rescue teams ...`), else None. The stamp must
    be one on its own in a story too (a time, a weekday or a label such as `Updated`),
    name no place, and not open with a preposition (`On 26 April 2024 the ...`).
    ``words`` are the runs of :data:`_WORD_RUN` in ``unit``."""
    if not words or words[0].casefold().rstrip(".:,") in _DATE_PREPOSITIONS:
        return None
    # Cheap gates: the first word is a stamp's (a number, a month, a weekday, a
    # label). Most sentences open with a word no stamp knows (`The`, `Officials`),
    # which would be a place, told without the stamp's pattern.
    stamp_words, months = vocabulary.stamp_words, vocabulary.months
    if shapes.unknown_to_stamps(words[0], stamp_words, months):
        return None
    first = shapes.stamp_parts(words[0] + " 1", stamp_words, months)
    if first is None or "place" in first:
        return None
    best = None
    for i in range(1, min(len(words), _MAX_STAMP_WORDS + 1)):
        if not words[i][:1].isupper():
            continue
        head = " ".join(words[:i])  # the key of the text up to the end of word i - 1
        parts = shapes.stamp_parts(head, stamp_words, months)
        if parts is None:
            break  # no longer a stamp: a longer prefix will not be one either
        if "place" not in parts and shapes.is_stamp(head, stamp_words, True, months):
            best = i
    return None if best is None else _word_ends(unit)[best - 1]


def _time_tail(words: list[str], i: int, vocabulary: Vocabulary) -> bool:
    """Whether ``words[i]`` goes on the time before it rather than opening a sentence:
    a stamp word in capitals (`AM`, `IST`, `GMT`) after a figure or after another.

    >>> from cleanwire.rules.structure.vocabulary import packaged
    >>> words = "Published: Mar 12 2024 | 10:05 AM IST Get the app".split()
    >>> [_time_tail(words, i, packaged()) for i in (6, 7, 8)]
    [True, True, False]
    """
    word, before = words[i], words[i - 1]
    if not word.isupper() or word.casefold().rstrip(".,") not in vocabulary.stamp_words:
        return False
    return before[-1:].isdigit() or (before.isupper() and before.casefold().rstrip(".,") in vocabulary.stamp_words)


def _word_ends(unit: str) -> list[int]:
    """Where each run of :data:`_WORD_RUN` in ``unit`` ends."""
    return [m.end() for m in _WORD_RUN.finditer(unit)]


#: A dash-led credit after the last full stop of a run-on line: `said. — IANS`.
_TAIL_CREDIT = Lazy(r"[.!?\"”’)]\s+(?P<credit>[\p{Pd}]+\s*[^\s.!?][^.!?]{0,40})\s*$")

#: A sentence's end inside a span: a full stop, ? or ! before a space.
_SENTENCE_END = Lazy(r"[.!?…][\"'”’)]*\s")

_OPENING_QUOTES = "“\"‘'"  # a straight single quote opens many a pull quote too

def _capitalised(word: str) -> bool:
    """Whether a word opens with a capital or a digit, after any opening quote."""
    word = word.lstrip(_OPENING_QUOTES)
    return word[:1].isupper() or word[:1].isdigit()


def _opener_end(words: list, start: int, vocabulary: Vocabulary) -> int | None:
    """Where the text a label introduces ends: before the first sentence opener (or
    opening quotation) after ``start`` that follows a word closing a phrase; None when
    there is none. ``words`` are the runs of :data:`_WORD_RUN` in the unit.

    A capitalised word opens a sentence too when a reporting verb in lower case follows
    it within a few words (`Exporters warned`, `Shopkeepers in the old market said`)
    and the word before it is in lower case and opens no clause (:data:`_CLAUSE_WORDS`):
    a headline in title case capitalises its verbs, after a capitalised word it may be
    a name's second word (`PM Modi says ...`), and after `what` the subject of the
    headline's own clause (`what Sitharaman said about taxes`). Ending the label's text
    early keeps more, never less, of what follows.

    >>> from cleanwire.rules.structure.vocabulary import packaged
    >>> unit = "Also Read: Rates to stay on hold The board approved a dividend."
    >>> unit[: _opener_end(list(_WORD_RUN.finditer(unit)), 10, packaged())]
    'Also Read: Rates to stay on hold'
    >>> unit = "Also Read: Rupee hits record low Exporters warned of a hit to margins."
    >>> unit[: _opener_end(list(_WORD_RUN.finditer(unit)), 10, packaged())]
    'Also Read: Rupee hits record low'
    """
    texts = None  # the words as strings, made when a reporting verb is looked for
    for i in range(1, len(words)):
        previous, word = words[i - 1].group(), words[i].group()
        if words[i].start() <= start:
            continue
        if previous.casefold() in _OPEN_WORDS:
            continue
        closes = previous[-1:].islower() or previous[-1:].isdigit() or previous[-1:] in CLOSING_QUOTES or _ACRONYM.fullmatch(previous)
        opens = word[:1].isupper() and word.casefold() in vocabulary.openers
        if not opens and word[:1].isupper() and previous[:1].islower() and previous.casefold() not in _CLAUSE_WORDS:
            if texts is None:
                texts = [w.group() for w in words]
            opens = _reports_soon(texts, i, _SUBJECT_WORDS, lower=True)
        # A quotation opens a new sentence too: `... in International Law “Afghanistan is ...`.
        quotes = word[:1] in _OPENING_QUOTES and word[1:2].isupper() and not previous.endswith((":", ","))
        if closes and (opens or quotes):
            return words[i - 1].end()
    return None


def _title_end(unit: str, after: list, vocabulary: Vocabulary) -> int | None:
    """Where a title-case headline ends in ``unit``: before the last opener (or the
    last capitalised word) ahead of the first two words in lower case, the start of
    the story sentence glued to it. ``len(unit)`` when no such words follow; None
    when they do but no opener shows where the sentence starts, so that the
    headline's end cannot be told (the sentence is never taken with it).

    Two lower-case words that a title may hold (`Rise of the Machines`) are not
    such words.

    >>> from cleanwire.rules.structure.vocabulary import packaged
    >>> unit = "Sensex Ends Higher As Banks Rally The shares closed up."
    >>> unit[: _title_end(unit, list(_WORD_RUN.finditer(unit)), packaged())]
    'Sensex Ends Higher As Banks Rally'
    >>> unit = "Port Talks Stall Hospital staff said the power was back."
    >>> _title_end(unit, list(_WORD_RUN.finditer(unit)), packaged()) is None
    True
    """
    for j in range(1, len(after) - 1):
        first, second = after[j].group(), after[j + 1].group()
        if _capitalised(first) or _capitalised(second):
            continue
        # after[j] and after[j + 1] are in lower case: the sentence opened before.
        for k in range(j - 1, 0, -1):
            if after[k].group().casefold() in vocabulary.openers or not _capitalised(after[k - 1].group()):
                return after[k - 1].end()
        if first.casefold() in _OPEN_WORDS and second.casefold() in _OPEN_WORDS:
            continue  # `of the`: maybe a title's own small words
        return None
    return len(unit)


#: A label inside a sentence, after a caption the scraper glued before it:
#: `Floods in the valley Also Read: ...`. Only list headings count there.
_INNER_LABEL = Lazy(r"(?<=[\p{L}\p{N}.,!?\"”’)]\s+)\p{Lu}[\p{L} '’]{2,29}?\s*(?:[:|｜]|\s[-–—]\s)")

_PROMO_LABEL = Lazy(r"(?P<label>[\p{L} '’]{3,30}?)\s*(?:[:|｜]|\s[-–—]\s)\s*", regex.IGNORECASE)


def _outlet_end(after: list, vocabulary: Vocabulary) -> int | None:
    """Where an outlet or agency named by the first words of ``after`` (runs of
    :data:`_WORD_RUN`) ends, the longest name the vocabulary's ``outlets`` knows, of at
    most four words; None when they name none.

    >>> from cleanwire.rules.structure.vocabulary import packaged
    >>> unit = "Source: Agencies Heavy rain lashed the hills."
    >>> unit[: _outlet_end([w for w in _WORD_RUN.finditer(unit)][1:], packaged())]
    'Source: Agencies'
    >>> _outlet_end([w for w in _WORD_RUN.finditer("Source: the ministry said.")][1:], packaged()) is None
    True
    """
    for n in range(min(4, len(after) - 1), 0, -1):
        if " ".join(w.group() for w in after[:n]).casefold() in vocabulary.outlets:
            return after[n - 1].end()
    return None


def _credit_label(words: list[str], vocabulary: Vocabulary) -> bool:
    """Whether a sentence's ``words`` open with a credit label (`Source:`, `• Photo:`).

    >>> from cleanwire.rules.structure.vocabulary import packaged
    >>> _credit_label("• Source: PTI Monsoon".split(), packaged()), _credit_label("Advertisement The".split(), packaged())
    (True, False)
    """
    head = " ".join(words[:4])
    colon = head.find(":")
    if colon < 0:
        return False
    return shapes.strip_lead(head[:colon]).strip().casefold() in vocabulary.credit_labels


#: An aside in parentheses is read as one unit over at most this many more sentences.
_ASIDE_SENTENCES = 3


def sentence_spans(line: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``line``, the space after it left out.

    >>> line = "Rates rose. (With inputs from PTI) The bank said so."
    >>> [line[a:b] for a, b in sentence_spans(line)]
    ['Rates rose.', '(With inputs from PTI)', 'The bank said so.']
    >>> line = "Rates rose. (The writer is an economist. Views are personal.) The bank said so."
    >>> [line[a:b] for a, b in sentence_spans(line)][1]
    '(The writer is an economist. Views are personal.)'
    >>> line = "  (Video) Rates rose. The bank said so."
    >>> [line[a:b] for a, b in sentence_spans(line)]
    ['(Video)', 'Rates rose.', 'The bank said so.']
    """
    spans = []
    # From the first character that is no space: the rule reads keys, whose edges are
    # trimmed (an aside that opens the line is a unit whatever spaces precede it).
    start = _past_space(line, 0, len(line))
    if start == len(line):
        return []
    for m in SENTENCE_BREAK.finditer(line, start):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(line.rstrip())))
    # An aside in parentheses of several sentences is one unit, as it is one line on a
    # page: `(The writer is a former diplomat. Views are personal.)`.
    joined = []
    i = 0
    while i < len(spans):
        a, b = spans[i]
        if line[a] == "(" and ")" not in line[a:b]:
            for j in range(i + 1, min(i + 1 + _ASIDE_SENTENCES, len(spans))):
                end = spans[j][1]
                if ")" in line[spans[j][0] : end]:
                    if line[end - 1] == ")" or line[end - 2 : end] == ").":
                        b, i = end, j
                    break
        joined.append((a, b))
        i += 1
    spans = joined
    # A parenthesised aside glued to the front of a sentence is a unit of its own.
    out = []
    for a, b in spans:
        if line[a] == "(":
            close = line.find(")", a, b)
            # Any whitespace: the rule reads keys, in which a no-break space is a space.
            if close != -1 and close + 1 < b and line[close + 1].isspace():
                out.append((a, close + 1))
                a = _past_space(line, close + 1, b)
        if a < b:
            out.append((a, b))
    return out


def _past_space(line: str, i: int, end: int) -> int:
    """The index of the first character from ``i`` (before ``end``) that is no space of
    any kind: the rule reads keys, where a no-break space is a space.

    >>> _past_space("a \u00a0 b", 1, 5)
    4
    """
    while i < end and line[i].isspace():
        i += 1
    return i


def _reports(word: str) -> bool:
    """Whether ``word`` is a reporting verb (`said`, `told`), punctuation after it
    aside: a capitalised word before one opens a sentence, whatever subject it names.

    >>> _reports("said,"), _reports("Said"), _reports("sale")
    (True, True, False)
    """
    return reporting_verb().fullmatch(word.rstrip(",;:")) is not None


def _reports_soon(words: list[str], i: int, more: int, lower: bool = False, past: bool = False) -> bool:
    """Whether a reporting verb follows ``words[i]`` at once or within ``more`` more
    words, with no sentence ending before it (with ``lower``, a verb in lower case;
    with ``past``, one in the past tense: not `says`, `tells`, `warns`)."""
    for word in words[i + 1 : i + 2 + more]:
        if _reports(word) and not (lower and word[:1].isupper()) and not (past and word.rstrip(",;:").endswith("s")):
            return True
        if word[-1:] in ".!?":
            return False
    return False


def _sentence_openers(
    words: list[str], vocabulary: Vocabulary, after_figures: bool = False, after_open: bool = False, subject: int = 0
) -> Iterator[int]:
    """The positions ``i`` among the first words where ``words[i]`` may open the next
    sentence of a run-on line: a capitalised word of ``openers``, or one a reporting
    verb follows (`Engineers said`; with ``subject``, within that many more words:
    `Shopkeepers in the old market said`), or, with ``after_figures``, any
    capitalised word after a figure; after a word that leaves no phrase open (not
    `and`, `the`, ...; with ``after_open``, only after one that does).

    >>> from cleanwire.rules.structure.vocabulary import packaged
    >>> list(_sentence_openers("Hit the bell icon Engineers said it would open.".split(), packaged()))
    [4]
    >>> words = "Hit the bell Shopkeepers in the market said so.".split()
    >>> list(_sentence_openers(words, packaged())), list(_sentence_openers(words, packaged(), subject=4))
    ([], [3])
    """
    for i in range(1, min(len(words), MAX_LABEL_WORDS + 1)):
        previous, word = words[i - 1], words[i]
        if not word[:1].isupper():
            continue
        if not (
            word.casefold() in vocabulary.openers
            or (after_figures and previous[-1:].isdigit())
            or _reports_soon(words, i, subject)
        ):
            continue
        if (previous.casefold() in _OPEN_WORDS) == after_open:
            yield i


def _glued_end(unit: str, rule: Rule, vocabulary: Vocabulary, matcher) -> int | None:
    """Where a prompt that ``rule`` matched ends, when a story sentence is glued to it
    with no full stop: the first sentence opener (`The`, `Officials`, ...) after a word
    that closes a phrase, before which two or more words make a line a rule of the same
    family matches (`Join Courier on Telegram`, not a lone `Follow`). None when no such
    opener is found (the sentence is the prompt's alone).

    >>> from cleanwire.rules.runon import RULES
    >>> anywhere = RULES[0]._matchers[0]
    >>> unit = "Download our app for the latest news The company said sales rose."
    >>> rule = anywhere.verdicts([unit])[0]
    >>> unit[: _glued_end(unit, rule, packaged(), anywhere)]
    'Download our app for the latest news'
    """
    words = unit.split()
    # An opener after a word that leaves a phrase open is a weaker sign (`logged in
    # The company ...` or `for The Courier`), tried only when no other shows where the
    # prompt ends: otherwise the whole unit, story sentence and all, would go.
    for after_open in (False, True):
        # A subject of a few words is looked for here only: a wrong guess makes the
        # cut shorter (what goes must still be a line of the prompt's family), where
        # before a label's value it could make one word of a sentence go (`Related
        # News agencies reported ...` is no `Related` heading).
        for i in _sentence_openers(words, vocabulary, after_open=after_open, subject=_SUBJECT_WORDS):
            if i < 2 or words[i].isupper():
                continue  # one word is no prompt; `CLICK HERE FOR MORE NEWS` is one line in capitals
            if len(words) - i < SHORT_SENTENCE_WORDS:
                continue  # too few words left for a sentence: `... on The Courier.` is the prompt's own
            found = matcher.verdicts([" ".join(words[:i])]).get(0)
            if found is not None and found.family == rule.family:
                return _word_ends(unit)[i - 1]
    return None


@dataclass(frozen=True, eq=False, repr=False)
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
        cuts: list[tuple[int, int, str]] = []
        for n, (a, b) in enumerate(units):
            last = n == len(units) - 1
            rule = found.get(n)
            # A widget glued to the front of a sentence goes, and what follows it is
            # judged again as a sentence of its own (`— AFP/File An abridged version ...`).
            while a < b:
                cut = self._judge(line[a:b], rule, vocabulary, anywhere, closing, last)
                if cut is None:
                    break
                start, end, note, again = cut
                cuts.append((a + start, a + end, note))
                if not again:
                    break
                a = _past_space(line, a + end, b)
                key = " ".join(line[a:b].split())
                rule = anywhere.verdicts([key]).get(0) if len(key.split()) <= MAX_SPAN_WORDS else None
                if rule is None and last and key:
                    rule = closing.verdicts([key]).get(0)
        # What the cuts leave at the end of the line may close with a list of other
        # stories glued to the story (`... businesses. Related News Govt to ...`).
        end = len(line.rstrip())
        for a, b, _ in reversed(cuts):
            if b < end and line[b:end].strip():
                break
            end = min(end, a)
        text = line[:end].rstrip()
        unit_start = next((a for a, b in reversed(units) if a < len(text)), None)
        if unit_start is not None:
            heading = self._closing_list(text[unit_start:], vocabulary)
            if heading is not None:
                cuts.append((unit_start + heading[0], len(text), heading[1]))
        yield from sorted(cuts)

    def _judge(self, unit, rule, vocabulary, anywhere, closing, last):
        """The span of ``unit`` that goes, as ``(start, end, evidence, judge_the_rest)``,
        or None. ``rule`` is the phrase rule that matched the whole unit, if any."""
        key = " ".join(unit.split())
        short = len(key.split()) <= MAX_SPAN_WORDS
        # A label first (`Also Read:`, `WATCH:`, `Source:`): the pattern that
        # matched the sentence would also match the story sentence the scraper
        # glued to the label's headline, so the span must end where that starts.
        if short:
            promo = self._promo(unit, vocabulary, anywhere, matched=rule is not None, last=last)
            if promo is not None:
                # What follows the label's headline is judged as a sentence of its own.
                return (0, promo[0], promo[1], True) if promo[0] else None
            if rule is not None:
                # A prompt with no full stop is glued to the story sentence after it,
                # which a pattern's open end (`Download our app ... .{0,80}`) takes
                # too: when the words before a sentence opener make a line a phrase
                # rule matches, only they go, and the rest is judged on its own.
                end = _glued_end(unit, rule, vocabulary, anywhere)
                if end is not None:
                    return 0, end, f"a line that {rule.code} {rule.name} matches, glued to the sentence after it", True
                return 0, len(unit), f"a sentence that {rule.code} {rule.name} matches, inside a run-on line", False
        lead = self._lead(unit, vocabulary, anywhere)
        if lead is not None:
            return 0, lead[0], lead[1], True
        if not short:
            return None
        for m in _INNER_LABEL.finditer(unit, overlapped=True):
            label = line_key(unit[m.start() : m.end()].rstrip(" :|｜-–—"))
            if label.casefold() not in vocabulary.list_headings:
                continue
            promo = self._promo(unit[m.start() :], vocabulary, anywhere, last=last)
            if promo is not None and promo[0]:
                return m.start(), m.start() + promo[0], promo[1], False
        if last:
            tail = self._tail(unit, anywhere, closing)
            if tail is not None:
                return tail[0], len(unit), tail[1], False
        # Almost no sentence opens as a prompt may, which its text tells at once;
        # only one that does is described as a line.
        bare = key if key[:1].isalnum() else shapes.strip_lead(key)
        described = describe(0, key) if bare and may_open_prompt(vocabulary, bare) else None
        verb = call_to_action(vocabulary, described) if described is not None else None
        if verb is not None:
            return 0, len(unit), f"a prompt to {verb} a channel of the site, inside a run-on line", False
        return None

    @staticmethod
    def _promo(unit: str, vocabulary: Vocabulary, matcher, matched: bool = False, last: bool = False) -> tuple[int, str] | None:
        """A label and the headline or value it introduces at the start of a sentence:
        ``Also Read: Sensex ends higher The company said ...``, ``WATCH: Footage shows
        the blast Police said ...``, ``Source: IANS Officials said ...``.

        The label is a list heading (``Also Read``, ``Read more``), a short label whose
        sentence a phrase rule ``matched``, or one whose words up to the next sentence a
        phrase rule matches (``Source: IANS``). What it introduces ends where the next
        sentence visibly starts (a word of ``openers``, `The`, `He`, `Officials`, after
        a word in lower case or an acronym, unless that word leaves a phrase open, as
        `and` or `the` do)
        or with the sentence. A headline in title case with no opener after it runs
        to the end when ``unit`` is the ``last`` of the line and ends with no sentence
        mark: no story sentence follows it there. Returns the length of the span in
        ``unit`` (0 when its end cannot be told, so nothing may go) and the evidence;
        None when the sentence does not open with such a label.

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
        >>> unit = "Photo: UNB Dhaka Metropolitan Police said the roads would stay closed."
        >>> end, note = rule._promo(unit, v, anywhere)
        >>> unit[:end]
        'Photo: UNB'
        >>> rule._promo("Note: the figures are provisional The ministry said so.", v, anywhere) is None
        True
        >>> unit = "Read more: Budget 2024 What it means for taxpayers"
        >>> rule._promo(unit, v, anywhere), rule._promo(unit, v, anywhere, last=True)[0] == len(unit)
        ((0, ''), True)
        """
        m = _PROMO_LABEL.match(unit)
        if m is None:
            return None
        # Read as a line key reads it (`Don’t Miss` is `don't miss`).
        label = line_key(m.group("label"))
        # A list heading or a matched sentence is a label's for sure; any other label
        # only when what it introduces, up to the next sentence, is one (`Source: IANS`).
        sure = matched or label.casefold() in vocabulary.list_headings
        words = list(_WORD_RUN.finditer(unit))
        end = len(unit)
        after = [w for w in words if w.start() >= m.end()]
        title = len(after) >= 4 and all(_capitalised(w.group()) for w in after[:3])
        if title:
            # A headline in title case (`Sensex Ends Higher As Banks Rally The shares
            # closed ...`) capitalises its openers too: the story starts at the last
            # opener before the first two words in lower case.
            end = _title_end(unit, after, vocabulary)
            if end is None:
                # Names first and then lower case (`Delhi Metro Phase 4 corridor to open
                # by June The board ...`): an opener after a word that closes a phrase
                # still shows where the story starts; without one, nothing is known.
                end = _opener_end(words, m.end(), vocabulary)
                if end is None and last and unit.rstrip()[-1:] not in ".!?":
                    end = len(unit)
                elif end is None:
                    return (0, "") if sure else None
        else:
            end = _opener_end(words, m.end(), vocabulary) or end
        if end == len(unit) and label.casefold() in vocabulary.credit_labels:
            # No opener shows where a credit's value ends (`Source: Agencies Heavy rain
            # lashed ...`): a value that is an outlet or agency the vocabulary knows
            # ends there; any other is not known to end at all.
            named = _outlet_end(after, vocabulary)
            if named is not None:
                end = named
        if not sure and end == len(unit):
            return None
        if end == len(unit) and not title and unit.rstrip()[-1:] in ".!?" and after[0].group()[:1].isupper():
            # What follows the label runs to a full stop with no opener inside, and it
            # is a sentence of the story, or holds one: it is long as no headline is
            # (SENTENCE_AFTER_LABEL words) and written in sentences, with their function
            # words (not a run of tags, stamps and names), or it opens with a subject
            # and a reporting verb in the past tense (`Teachers said ...`; a headline
            # reports in the present: `Minister says ...`). Either the label lost its
            # headline (`Also Read: The company reported ...`) or a story sentence is
            # glued to the headline where no opener shows its start; only the label is
            # sure to be the page's, and only the label goes.
            texts = [w.group() for w in after]
            long = len(after) >= SENTENCE_AFTER_LABEL and sum(1 for t in texts if t.casefold() in FUNCTION_WORDS) >= _SENTENCE_FUNCTION_WORDS
            if long or (len(after) >= SHORT_SENTENCE_WORDS and _reports_soon(texts, 0, _SUBJECT_WORDS, lower=True, past=True)):
                return m.end(), f"a label ({label}) without the headline it introduced, inside a run-on line"
        if label.casefold() in vocabulary.credit_labels:
            # A credit's value is a name: it ends at the shortest one a phrase rule
            # accepts, and a capitalised story word after it stays.
            for word in words:
                if word.start() < m.end() or word.end() >= end:
                    continue
                if matcher.verdicts([" ".join(unit[: word.end()].split())]):
                    end = word.end()
                    break
        headline = unit[:end]
        # A label's headline is short; a longer span may hold a story sentence whose
        # start no opener shows, and a story sentence is never cut.
        if len(headline.split()) > MAX_LABEL_WORDS or not matcher.verdicts([" ".join(headline.split())]):
            return (0, "") if sure else None
        return end, f"a label ({label}) and what it introduces, inside a run-on line"

    @staticmethod
    def _lead(unit: str, vocabulary: Vocabulary, matcher) -> tuple[int, str] | None:
        """A widget line glued, with no full stop, to the front of a story sentence:
        ``Advertisement The mayor said ...``, ``Story continues below advertisement
        Officials said ...``. The words before the first sentence opener (`The`,
        `Officials`, ...) must make a whole line a phrase rule matches, and the opener
        must follow a word that closes a phrase, so `Supported by The Rockefeller
        Foundation` stays. Returns the length of the span and the evidence.

        >>> from cleanwire.rules.runon import RULES
        >>> rule = RULES[0]
        >>> anywhere = rule._matchers[0]
        >>> unit = "Advertisement The mayor said the vote was close."
        >>> end, note = rule._lead(unit, packaged(), anywhere)
        >>> unit[:end]
        'Advertisement'
        >>> rule._lead("Advertising The new campaign ran for a month.", packaged(), anywhere) is None
        True
        >>> unit = "Updated 26 February 2021 Rescue teams reached the village."
        >>> end, note = rule._lead(unit, packaged(), anywhere)
        >>> unit[:end]
        'Updated 26 February 2021'
        >>> rule._lead("On 26 April 2024 The council met again.", packaged(), anywhere) is None
        True
        """
        # The words as strings (joined, they are the key of the text they span): only
        # a span that goes needs to know where a word ends.
        words = unit.split()
        stamp = _stamp_lead(unit, words, vocabulary)
        if stamp is not None:
            return stamp, "a date stamp of the page, glued to the sentence after it"
        # A capitalised word opens the next sentence after a figure too: print notes
        # and stamps end in a date (`Published in The Courier, December 7th, 2026 Like
        # us on Facebook ...`).
        for i in _sentence_openers(words, vocabulary, after_figures=True):
            while i < len(words) and _time_tail(words, i, vocabulary):
                i += 1  # `10:05 AM IST`: the stamp goes on, and the word after it may open the sentence
            if i == len(words) or not _capitalised(words[i]):
                continue
            rule = matcher.verdicts([" ".join(words[:i])]).get(0)  # the key up to word i - 1
            if rule is not None:
                if _credit_label(words, vocabulary):
                    # A credit's value is a name: it ends at the shortest one the rules
                    # accept (`• Source: PTI Monsoon Session To Begin On ...` keeps the
                    # headline), as after a credit label in _promo.
                    for n in range(1, i):
                        shorter = matcher.verdicts([" ".join(words[:n])]).get(0)
                        if shorter is not None:
                            i, rule = n, shorter
                            break
                return _word_ends(unit)[i - 1], f"a line that {rule.code} {rule.name} matches, glued to the sentence after it"
        return None

    @staticmethod
    def _closing_list(unit: str, vocabulary: Vocabulary) -> tuple[int, str] | None:
        """A list of other stories glued to the end of a run-on line: a list heading of
        two or three capitalised words (`Related News`, `More Stories`) after which no
        sentence ends, only headlines run to the end. Returns where the heading starts
        and the evidence.

        >>> from cleanwire.rules.runon import RULES
        >>> unit = "Employers disagreed. Related News Govt to announce labour policy Unions threaten strike"
        >>> start, note = RULES[0]._closing_list(unit, packaged())
        >>> unit[start:]
        'Related News Govt to announce labour policy Unions threaten strike'
        """
        words = list(_WORD_RUN.finditer(unit))
        for i, word in enumerate(words):
            if not word.group()[:1].isupper():
                continue
            # Two or three capitalised words (`Related News`, `You May Also Like`): a
            # single word (`Popular`, `Latest`) may be a story's own.
            for n in (3, 2):
                group = words[i : i + n]
                phrase = " ".join(w.group() for w in group)
                if (
                    len(group) == n
                    and all(w.group()[:1].isupper() for w in group)
                    and phrase.casefold().rstrip(":|") in vocabulary.list_headings
                ):
                    start = word.start()
                    rest = unit[start:].rstrip()
                    if group[-1].group()[-1:] in ":|" or unit[group[-1].end() :].lstrip()[:1] in (":", "|"):
                        continue  # a label with its separator: what it introduces is _promo's
                    after = [w.group() for w in words[i + n :]]
                    # Headlines leave out most function words and the full stop; a
                    # sentence keeps both.
                    small = sum(1 for w in after if w.casefold() in FUNCTION_WORDS)
                    ended = rest[-1:] in ".!?" or _SENTENCE_END.search(rest)
                    if after and not ended and small * 4 < len(after):
                        return start, f"a list heading ({phrase}) and the headlines after it, at the end of a run-on line"
        return None

    @staticmethod
    def _tail(unit: str, anywhere, closing) -> tuple[int, str] | None:
        """A credit glued after the last sentence with a dash and no full stop of its
        own: ``... the ministry said. — IANS``. Returns where the credit starts in
        ``unit`` and the evidence.

        >>> from cleanwire.rules.runon import RULES
        >>> anywhere, closing = RULES[0]._matchers
        >>> unit = "The bank kept its rates unchanged. — IANS"
        >>> start, note = RULES[0]._tail(unit, anywhere, closing)
        >>> unit[start:]
        '— IANS'
        """
        m = _TAIL_CREDIT.search(unit)
        if m is None:
            return None
        key = " ".join(unit[m.start("credit") :].split())
        for matcher in (closing, anywhere):
            rule = matcher.verdicts([key]).get(0)
            if rule is not None:
                return m.start("credit"), f"a line that {rule.code} {rule.name} matches, glued to the last sentence"
        return None

    def apply(self, text: str, log: ChangeLog | None = None) -> str:
        if len(text) < RUN_ON_CHARS:
            return text
        lines = text.split("\n")
        changed = False
        judged: set[int] = set()
        while True:
            run_on = _run_on_lines(lines, judged)
            if not run_on:
                break
            for i in run_on:
                judged.add(i)
                line = lines[i]
                # A cut can join what it separated (a widget before a label, a label
                # before the story sentence after it) into a unit that is judged
                # differently; the line is judged again until nothing more goes, so
                # that a second run over the output finds nothing. Each cut shortens
                # the line, so this ends.
                while True:
                    found = list(self.spans(line))
                    cut = self._cut(line, found, i, log) if found else line
                    if len(cut) >= len(line):
                        break
                    lines[i] = line = cut
                    changed = True
            if not changed:
                break
            # The cuts shortened the text: another line may now hold the share of it
            # a run-on line holds, and a second run over the output would judge it.
        return "\n".join(lines) if changed else text

    def _cut(self, line: str, found, i: int, log: ChangeLog | None) -> str:
        """``line`` without the ``found`` spans and the whitespace after each."""
        pieces, last = [], 0
        for a, b, note in found:
            if log is not None:
                log.add(self, log.origin(i), line[a:b], "", note)
            pieces.append(line[last:a])
            # The space that followed the span goes with it.
            last = _past_space(line, b, len(line))
        pieces.append(line[last:])
        return "".join(pieces).rstrip() if last >= len(line.rstrip()) else "".join(pieces)


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
                _STORY + " WATCH: Footage shows the new plant Railway officials said it would open in May.\n",
                _STORY + " Railway officials said it would open in May.\n",
            ),
            Example(
                _STORY + " WATCH: Footage shows the new plant Railway officials hope it will open in May, after a delay of two years caused by a shortage of parts and a dispute over land.\n",
                _STORY + " Footage shows the new plant Railway officials hope it will open in May, after a delay of two years caused by a shortage of parts and a dispute over land.\n",
            ),
            Example(
                _STORY + " Read more: Gold prices hit a record as the dollar weakens Traders expect more gains this week.\n",
                _STORY + " Traders expect more gains this week.\n",
            ),
            Example(
                _STORY + " Analysts said the results were read as a sign of recovery.\n",
                _STORY + " Analysts said the results were read as a sign of recovery.\n",
            ),
        ),
    ),
)
