"""What each structure rule finds: one small generator per rule over a :class:`Document`.

A finder yields ``(line index, evidence, references)``: the line to remove, a short
note saying why (shown by ``--explain``; ``{0}`` in it stands for the input line
number of the first reference), and the indices it refers to. Finders only read the
document; the stage removes what they find, in rule order, so a later finder sees the
removals of an earlier one.

Beside each finder stands its *plain-story test*. A plain story is a document in
which every line reads as prose on its own, no line of four or more words repeats
another and no comment thread starts: it is the story's body from its first line to
its last, with no head and no tail. Most rules take nothing from one (they declare
:func:`never`); the others declare a test of one line's shape that says whether they
might take it there, declared with :func:`plain_test`: the most words a line it
picks has, and maybe a look at the line's opening that rules most lines out. A line
of prose longer than a test's words is not asked about (:func:`~.document.prose_fold`
tells such lines from their text alone), so the long paragraphs, which no rule takes
from the body but as a repeat, cost no test at all. Most articles without furniture
are plain stories, and the stage answers for them without building the document
model (see :func:`cleanwire.rules.structure.find_furniture`), as it does for a page
of a single line: with no prose, all of it is the story's body.
"""

from __future__ import annotations

import functools
import sys
from typing import Callable, Iterator

import regex

from ...chars import FULL_STOPS, QUESTION_MARKS, SENTENCE_CLOSERS
from ...compiled import Lazy
from ..lines.patterns import reporting_verb
from . import shapes
from .document import FUNCTION_WORDS, Document, Line, copies, given, opens_with_field, remembered
from .shapes import COLON, COMMA, OPEN, QUESTION, SENTENCE

Found = Iterator[tuple[int, str, tuple[int, ...]]]

#: A short label: at most this many words.
LABEL_WORDS = 4

#: Lines with more words than this are never a headline in a list of other stories.
HEADLINE_WORDS = 22


@given
def _picked(doc: Document) -> list[Line]:
    """The lines, present or not, that a finder may pick by their text alone (see
    :func:`_may_pick`). The finders' walks over the lines as given go over these:
    most of a page's lines are paragraphs that none of them picks."""
    v = doc.vocabulary
    return [line for line in doc.info.values() if _may_pick(v, line)]


@remembered
def _may_pick(v, line: Line) -> bool:
    """Whether a finder may pick ``line`` by its text alone: a stamp, markup residue, a
    prompt, a list heading (the plain-story tests that pick lines) or a widget word."""
    return (
        stamp_shaped(v, line)
        or residue_shaped(v, line)
        or prompt_shaped(v, line)
        or heading_shaped(v, line)
        or _widget_word(v, line)
    )


def plain_test(words: int, text_check: Callable[[object, str], bool] | None = None):
    """Declare a rule's plain-story test: ``test(vocabulary, line)`` picks lines of
    at most ``words`` words, and of those only lines for which ``text_check(vocabulary,
    text)``, when given, is true (``text``: the line's text without leading bullets,
    its shape's ``bare``). A text check is a look at the text that rules most lines
    out, cheaper than the test: how the line opens, a character it must hold.

    The declared test checks the size itself, so what it declares is what it does;
    the stage reads ``words`` and ``text_check`` to leave a line out without asking
    the test, and a line of prose without its shape (see
    :func:`cleanwire.rules.structure.find_furniture`).

    >>> @plain_test(words=3)
    ... def shouty(v, line):
    ...     return line.key.isupper()
    >>> shouty.words, shouty.text_check
    (3, None)
    """

    def declare(test):
        @functools.wraps(test)
        def picks(v, line: Line) -> bool:
            return line.size <= words and test(v, line)

        picks.words = words
        picks.text_check = text_check
        return picks

    return declare


#: What the stage reads of a test declared otherwise (a function of a user's rule):
#: it may pick a line of any length, whatever its opening.
ANY_LENGTH = sys.maxsize


# ----------------------------------------------------------------- CW701 repeated-line


def repeated_lines(doc: Document) -> Found:
    """Later copies of a line of four or more words (the page printed it twice).

    The first copy stays: a headline repeated above the story keeps its first place.
    """
    found = []
    ticker: set[int] | None = None
    for group in copies(doc):
        present = [line.index for line in group if doc.present(line.index)]
        for i in present[1:]:
            # A ticker's copy of the story's headline goes with the ticker (CW708); the
            # headline under it is the story's own.
            if ticker is None:
                ticker = set(head_ticker(doc)[1])
            if present[0] not in ticker:
                found.append((i, "repeats line {0}", (present[0],)))
    yield from sorted(found)


def head_ticker(doc: Document) -> tuple[int | None, list[int]]:
    """A ticker of other stories above the story's headline: a list heading in the head
    (`Latest:`, `Breaking News`) and two or more headline-shaped lines right under it,
    line after line, with another headline-shaped line between them and the story (the
    story's own), or a run of :data:`TICKER_RUN` or more whose last line is the story's
    headline. Returns the heading's index and the items' (None and [] if none).
    """
    first = doc.first_body
    if first is None:
        return None, []
    for h in _list_headings(doc):
        if h >= first:
            break
        # A heading the phrase rules took (`Trending`) still heads its ticker.
        heading = doc.info.get(h) or doc.gone.get(h)
        if heading is None or heading.size > 4 or h in doc.removed:
            continue
        items: list[int] = []
        i = h + 1
        while i < first:
            below = doc.info.get(i)
            if below is None and not doc.lines[i].strip():
                i += 1  # a blank line
                continue
            # Items another rule took already (a headline the page repeats) still
            # belong to the ticker.
            if below is None or not headline_like(below) or doc.protected(below):
                break
            items.append(i)
            i += 1
        headlines = [l for l in doc.present_lines("head") if l.index >= i and headline_like(l) and not doc.protected(l)]
        if len(items) >= 2 and headlines:
            return h, items
        if len(items) >= TICKER_RUN and not headlines:
            # The story's headline follows the ticker's last item with nothing between:
            # the last of the run is the story's own.
            return h, items[:-1]
    return None, []


#: A run of at least this many headline-shaped lines under a list heading in the head,
#: with nothing between it and the story, is a ticker and the story's headline.
TICKER_RUN = 4


# -------------------------------------------------------------------- CW702 page-stamp


def page_stamps(doc: Document) -> Found:
    """Date and time stamps on a line of their own, in any local format.

    Inside the story only a stamp with a time, a weekday or a label (`Updated`)
    counts: a bare date there may be a timeline's sub-heading. Below the story, the
    dates of a list the story introduces (`Timeline` over dates and events) stay.
    """
    v = doc.vocabulary
    introduced = None  # the lines of the story's own lists below it, once asked
    for line in _stamps(doc):
        i = line.index
        if not doc.present(i):
            continue
        zone = doc.zone(i)
        # (A strict stamp is a stamp.)
        if zone == "body" and not _strict_stamp(v, line):
            continue
        if zone == "tail":
            if introduced is None:
                introduced = _introduced(doc, doc.present_lines("tail")) | _dated_entries(doc) | _closing_list(doc)
            if i in introduced:
                continue
        yield i, "a date or time stamp on a line of its own", ()


def _dated_entries(doc: Document) -> set[int]:
    """The lines of the entries a story ends with, as a forecast or a diary prints
    them: the lines right under the last paragraph (none removed between, no gap)
    alternate a date and one line of text (`Tuesday, March 5` over `Hot and humid,
    39°C`). A list of other stories under a removed heading, or headlines each over
    its date, is no such run."""
    if doc.last_body is None:
        return set()
    stamps = {line.index for line in _stamps(doc)}
    run = []
    last = doc.last_body
    for line in doc.present_lines("tail"):
        if not doc.adjacent(last, line.index) or doc.gone_between(last, line.index):
            break
        run.append(line.index)
        last = line.index
    dated = [i in stamps for i in run]
    if len(run) < 2 or not dated[0] or any(dated[n] == dated[n + 1] for n in range(len(run) - 1)):
        return set()
    return set(run)


def _closing_list(doc: Document) -> set[int]:
    """The lines of the list a story ends with: the run of lines right under the last
    paragraph (gaps allowed, nothing removed between), when either

    - they open with the same bullet, two or more, and that bullet also marks a list
      inside the story's body (`The measures include:` over `• Lower duties on
      pulses`), or each item is written as the story's sentences are
      (:func:`_sentence_grammar`);
    - or they are the rows of a box of facts, two or more (:func:`_fact_row`: `Policy
      rate: 15%`, `Depth: 150 km`), half or more of them with a figure, and two or
      more, half or more, no page stamp or field (`Date: 12/01/2024`, `Category:
      Politics` are the page's);
    - or, three or more, they share a form no list of other stories' headlines has:
      each opens with a date (`Feb 17: Lahore vs Karachi`, a schedule) or ends with
      the same place after a comma (`Lady Reading Hospital, Peshawar`) or with a role
      or an age (`Ali Raza, chairman`, :func:`_same_place`);
    - or, bulleted, numbered or bare, three or more, no item capitalising a word past
      its first (`Drink plenty of water`, `Avoid going out at noon`), numbered from 1
      or announced by the story (:func:`_announced`): the steps or tips the story
      gives. Headlines of other stories name people, places and bodies.

    A list of other stories below an article comes under a heading, which a phrase
    rule has removed, and its headlines name someone or drop the small words.

    >>> from cleanwire.rules.structure.vocabulary import packaged
    >>> page = ["Prices rose again in May, the bureau said on Monday.", "", "• Fuel stays unchanged until March", "• Tariffs go up in April"]
    >>> sorted(_closing_list(Document(page, {}, packaged())))
    []
    >>> body = ["• Duties on pulses fall", "The cuts came into force on Monday, officials said."]
    >>> sorted(_closing_list(Document(page[:1] + body + page[1:], {}, packaged())))
    [4, 5]
    >>> tips = ["1. Drink plenty of water", "2. Avoid going out at noon", "3. Wear light cotton clothes"]
    >>> sorted(_closing_list(Document(page[:2] + tips, {}, packaged())))
    [2, 3, 4]
    >>> bare = [tip[3:] for tip in tips]
    >>> sorted(_closing_list(Document(page[:2] + bare, {}, packaged())))
    []
    >>> sorted(_closing_list(Document(["Three tips to beat the heat"] + page[:2] + bare, {}, packaged())))
    [3, 4, 5]
    >>> sorted(_closing_list(Document(["Heat closes schools in five districts"] + page[:2] + bare, {}, packaged())))
    []
    >>> sorted(_closing_list(Document(page[:2] + ["Magnitude: 5.8", "Epicentre: Hindu Kush region", "Time: 10:35 pm"], {}, packaged())))
    [2, 3, 4]
    >>> sorted(_closing_list(Document(page[:2] + ["Date: 12/01/2024", "Time: 10:15 AM"], {}, packaged())))
    []
    >>> places = ["Lady Reading Hospital, Peshawar", "Khyber Teaching Hospital, Peshawar", "Civil Hospital, Peshawar"]
    >>> sorted(_closing_list(Document(page[:2] + places, {}, packaged())))
    [2, 3, 4]
    >>> names = ["Ali Raza, chairman", "Nadia Bibi, secretary", "Imran Shah, 45"]
    >>> sorted(_closing_list(Document(page[:2] + names, {}, packaged())))
    [2, 3, 4]
    >>> games = ["Feb 17: Lahore vs Karachi", "Feb 18: Multan vs Quetta", "Feb 19: Peshawar vs Islamabad"]
    >>> sorted(_closing_list(Document(page[:2] + games, {}, packaged())))
    [2, 3, 4]
    """
    if doc.last_body is None:
        return set()
    run: list[Line] = []
    last = doc.last_body
    for line in doc.present_lines("tail"):
        if doc.gone_between(last, line.index):
            break
        run.append(line)
        last = line.index
    marks = {_bullet(line) for line in run}
    if len(run) >= 2 and len(marks) == 1 and "" not in marks:
        mark = marks.pop()
        if any(_bullet(line) == mark for line in doc.present_lines("body")) or all(_sentence_grammar(line) for line in run):
            return {line.index for line in run}
    if len(run) >= 2 and all(_fact_row(line) for line in run):
        figures = sum(1 for line in run if shapes.has_digit(line.bare.split(":", 1)[1]))
        stamps = {line.index for line in _stamps(doc)}
        own = sum(1 for line in run if line.index not in stamps and not opens_with_field(doc.vocabulary, line))
        if 2 * figures >= len(run) and own >= 2 and 2 * own >= len(run):
            return {line.index for line in run}
    if len(run) >= 3 and (all(_DATED_ITEM.match(line.bare) for line in run) or _same_place(run)):
        return {line.index for line in run}
    if len(run) >= 3 and all(_plain_item(line) for line in run):
        numbers = [line.tokens[0] for line in run]
        if numbers == [str(n) for n in range(1, len(run) + 1)] or _announced(doc, len(run)):
            return {line.index for line in run}
    return set()


def _announced(doc: Document, items: int) -> bool:
    """Whether the story announces the list of ``items`` lines below its last
    paragraph: the paragraph's last sentence opens as a list's lead-in does
    (`list_intros`: `Here is what doctors advise.`), or the headline names what it
    lists (`list_nouns`: `Tips to stay safe in the heat`) or counts as many of
    something (`Five tips to beat the heat` over five; `Heat closes schools in three
    districts` counts no list)."""
    v = doc.vocabulary
    sentence = _SENTENCE_BREAK.split(doc.info[doc.last_body].bare)[-1]
    words = shapes.words(sentence)[:3]
    if any(" ".join(words[:n]).casefold() in v.list_intros for n in range(1, len(words) + 1)):
        return True
    head = doc.present_lines("head")
    if not head:
        return False
    if any(t.casefold() in v.list_nouns for t in head[0].tokens):
        return True
    counted = _COUNTED.search(head[0].bare)
    return counted is not None and _COUNTS.get(counted.group(1).casefold(), counted.group(1)) == str(items)


#: Where one sentence of a paragraph ends and the next starts: its mark, maybe a
#: closing quote or bracket, then space.
_SENTENCE_BREAK = Lazy(
    "(?<=[" + regex.escape(FULL_STOPS + QUESTION_MARKS) + "][" + regex.escape(SENTENCE_CLOSERS) + r"]?)\s+"
)

#: A count of what a headline lists: `Five tips`, `10 ways`, `7 healthy foods`.
_COUNTED = Lazy(r"(?i)\b(\d{1,2}|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?:[\w'’-]+ )?[\w'’-]+s\b")

#: The counts a headline spells out, as figures.
_COUNTS = {word: str(n) for n, word in enumerate("three four five six seven eight nine ten eleven twelve".split(), 3)}


def _same_place(run: list[Line]) -> bool:
    """Whether every line of ``run`` ends with a few words after a comma (at most
    three) that are the same place or body (`…, Peshawar`), or that are each a role or
    an age, in lower case or figures (`Ali Raza, chairman`, `Nadia Bibi, 28`): a
    list of names. A headline seldom has such a tail, and no list of them all."""
    tails = [line.bare.rpartition(", ")[2] if ", " in line.bare else "" for line in run]
    if not all(1 <= len(tail.split()) <= 3 for tail in tails):
        return False
    if len({tail.casefold() for tail in tails}) == 1:
        return True
    return all(tail[:1].islower() or tail[:1].isdigit() for tail in tails)


#: An item of a list that opens with its date: `Feb 17: …`, `17 February – …`,
#: `March 3, 2021: …`.
_DATED_ITEM = Lazy(
    r"(?:(?:" + shapes.MONTHS + r")\.? \d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)? (?:" + shapes.MONTHS + r")\.?)"
    r"(?:,? \d{4})?\s*(?::|[–—-] |\|)",
    regex.IGNORECASE,
)


def _fact_row(line: Line) -> bool:
    """A row of a box of facts: a label of at most three words, a colon, and a short
    value: a figure (`15%`, `$11.2 billion`) or at most four words (`Hindu Kush
    region, Afghanistan`). A headline after a topic says more (`Budget 2024: What it
    means for you`)."""
    label, colon, value = line.bare.partition(": ")
    if not colon or not 1 <= len(label.split()) <= 3 or ":" in label:
        return False
    words = value.split()
    return bool(words) and (len(words) <= 4 or (value[:1].isdigit() and len(words) <= 6))


def _plain_item(line: Line) -> bool:
    """Whether a line of a list capitalises no word past its first, a number before it
    left out (`2. Avoid going out at noon`; `I` is no name, nor is an abbreviation in
    capitals: `Drink ORS if you feel dizzy`).

    >>> from cleanwire.rules.structure.vocabulary import packaged
    >>> doc = Document(["2. Drink ORS if you feel dizzy", "Minister visits Lahore"], {}, packaged())
    >>> [_plain_item(doc.info[i]) for i in range(2)]
    [True, False]
    """
    tokens = line.tokens
    if tokens and _ITEM_NUMBER.fullmatch(tokens[0]):
        tokens = tokens[1:]
    return bool(tokens) and not any(t[:1].isupper() and not t.isupper() for t in tokens[1:])


#: The number of a numbered list's item: `2.`, `2)`, `(2)`.
_ITEM_NUMBER = Lazy(r"\(?\d{1,2}[.)]?")


def _bullet(line: Line) -> str:
    """The bullet a line opens with (`•`, `-`), spaces left out; empty for none."""
    return "".join(line.key[: len(line.key) - len(line.bare)].split())


#: Small words a sentence keeps and a headline drops: the function words, with the
#: verbs that help another.
_SENTENCE_WORDS = FUNCTION_WORDS | frozenset("will would can could should may might must not being".split())


def _sentence_grammar(line: Line) -> bool:
    """Whether a line keeps the small words a headline drops: at least three of them
    (`Bank rates are expected to remain on hold`, not `Bank rates to stay on hold`)."""
    return sum(1 for t in line.tokens if t.casefold() in _SENTENCE_WORDS) >= 3


@given
def _stamps(doc: Document) -> list[Line]:
    """The lines that read as a stamp, present or not."""
    v = doc.vocabulary
    return [line for line in _picked(doc) if stamp_shaped(v, line)]


def may_be_stamp(_, text: str) -> bool:
    """Whether ``text`` holds a digit, as every stamp does (see
    :func:`~.shapes.stamp_parts`): most sentences hold none.

    >>> may_be_stamp(None, "Updated 12 March"), may_be_stamp(None, "Officials said so.")
    (True, False)
    """
    return shapes.has_digit(text)


@plain_test(words=24, text_check=may_be_stamp)
def stamp_shaped(v, line: Line) -> bool:
    """Plain-story test of :func:`page_stamps` (and what it looks for anywhere)."""
    return _stamp(v, line)


@remembered
def _stamp(v, line: Line) -> bool:
    return shapes.is_stamp(line.bare, v.stamp_words, False, v.months)


@remembered
def _strict_stamp(v, line: Line) -> bool:
    return shapes.is_stamp(line.bare, v.stamp_words, True, v.months)


# ----------------------------------------------------------------------- CW703 page-id


def page_ids(doc: Document) -> Found:
    """Record numbers, slugs, bare links, unfilled template variables and lines of
    bare punctuation: what a page's markup leaves as a line of its own."""
    for line, note in _page_id_lines(doc):
        if not doc.present(line.index):
            continue
        if note is not None:
            yield line.index, note, ()
        elif doc.zone(line.index) != "body":
            # `1234**9876`, `00-1123/7`: a code of the page's own markup; inside the
            # story a line of figures may be a table's cell, and stays.
            yield line.index, "a code of figures and marks outside the story", ()


@given
def _page_id_lines(doc: Document) -> list[tuple[Line, str | None]]:
    """The lines, present or not, that are markup residue (with what :func:`_page_id`
    says they are) or a code of figures (None)."""
    v = doc.vocabulary
    return [(line, _page_id(v, line)) for line in _picked(doc) if residue_shaped(v, line)]


@plain_test(words=12)
def residue_shaped(v, line: Line) -> bool:
    """Whether ``line`` is markup residue or a code of figures: the plain-story test
    of :func:`page_ids`."""
    if len(line.bare) > 250:
        return False
    return _page_id(v, line) is not None or _CODE_LINE.fullmatch(line.bare) is not None


#: Figures joined by marks, five digits or more, no letter.
_CODE_LINE = Lazy(r"(?=(?:\D*\d){5})\d++(?:[^\p{L}\d\s]++\d++)++")


@remembered
def _page_id(v, line: Line) -> str | None:
    """What markup residue ``line`` is, or None."""
    bare = line.bare
    if shapes.is_id_line(bare):
        return "a record number of the page"
    if shapes.is_link_line(bare):
        return "a web address on a line of its own"
    if shapes.is_placeholder(bare):
        return "an unfilled template variable"
    if " " not in bare and shapes.is_slug(bare):
        return "a file name or URL slug"
    if shapes.is_punctuation_only(line.key):
        return "a line of punctuation only"
    if shapes.is_empty_label(bare):
        return "a label the page left without a value"
    if shapes.is_hashtag_line(bare):
        return "a line of hashtags"
    return None


# ---------------------------------------------------------------- CW704 call-to-action

#: A prompt is a line of at most this many words.
MAX_PROMPT_WORDS = 45

_HANDLE = Lazy(r"(?<!\w)@\w{2,}|https?://|www\.")


@remembered
def call_to_action(v, line: Line) -> str | None:
    """The prompt ``line`` makes (``follow``, ``download``), or None when it is not one;
    ``v`` is the stage's :class:`~.vocabulary.Vocabulary`.

    A prompt opens with a verb of the cue list, possibly after a lead-in (`For the
    latest news,`), names a channel (app, newsletter, page, a platform), and points at
    the outlet (`our`, `us`, an @handle, a link, `here`). A reported sentence (`He
    urged residents to follow the advice on the app`) opens with its subject, and a
    reporting verb or a quotation mark rules a line out.
    """
    if line.size > MAX_PROMPT_WORDS or line.size < 2:
        return None
    text = line.bare
    if not may_open_prompt(v, text):
        return None
    question = _lead_question(text)
    folded = " ".join(t.casefold() for t in line.tokens)
    tokens = folded.split()
    verb = _opening_verb(tokens, v)
    if verb is None and question is not None:
        # The prompt is the sentence after the question: its channel and what points
        # at the site must be there too (`Is the app safe? Download figures say so`).
        tokens = [t.casefold() for t in shapes.words(question)]
        verb = _opening_verb(tokens, v)
    if verb is None or any(" ".join(tokens[i : i + 2]) in v.not_prompts for i in range(len(tokens) - 1)):
        return None
    if reporting_verb().search(text) or not any(c in v.channels for c in _phrases(tokens)):
        return None
    # What points at the outlet: `our`, `us`, a link or @handle; or, in a short line,
    # a platform it publishes on (`Follow the Courier on WhatsApp`).
    pointed = (
        _HANDLE.search(text)
        or any(p in v.pointers for p in _phrases(tokens))
        or (line.size <= 20 and any(p in v.platforms for p in _phrases(tokens)))
    )
    return verb if pointed else None


def may_open_prompt(v, text: str) -> bool:
    """Whether ``text`` (a line without leading bullets) opens as a prompt may: with a
    verb of the cue list, or with a short question after which one opens the next
    sentence (`Want the news in your inbox? Sign up for ...`); never with a quotation
    mark. The first word decides first: almost no line opens so, and telling that
    needs nothing but the text.

    >>> from cleanwire.rules.structure.vocabulary import packaged
    >>> may_open_prompt(packaged(), "Follow us on X"), may_open_prompt(packaged(), "Officials said so")
    (True, False)
    """
    if text[:1] in "\"“‘'":
        return False
    if _first_word(text) in v.cue_openers:
        return True
    question = _lead_question(text)
    return question is not None and _first_word(question) in v.cue_openers


#: A prompt may open with a question of at most this many words.
QUESTION_WORDS = 12


def _first_word(text: str) -> str:
    words = text.split(None, 1)
    return words[0].strip(",.:;!?—–-|").casefold() if words else ""


def _lead_question(text: str) -> str | None:
    """What follows a short question that opens ``text``, or None.

    >>> _lead_question("Want the day's news in your inbox? Sign up for our briefing.")
    'Sign up for our briefing.'
    >>> _lead_question("Sign up for our briefing.") is None
    True
    """
    mark = text.find("?")
    if mark < 0 or text.count(" ", 0, mark) >= QUESTION_WORDS:
        return None
    rest = text[mark + 1 :].lstrip(" \"”’)")
    return rest or None


def _phrases(tokens: list[str], longest: int = 3):
    for n in range(1, longest + 1):
        for i in range(len(tokens) - n + 1):
            yield " ".join(tokens[i : i + n])


def _opening_verb(tokens: list[str], v) -> str | None:
    """The cue verb that opens the prompt: at the start, or within a dozen words after
    a lead-in such as `For the latest news` or `If you want`."""

    def verb_at(i: int) -> str | None:
        for n in (3, 2, 1):
            phrase = " ".join(tokens[i : i + n])
            if len(tokens[i : i + n]) == n and phrase in v.imperatives:
                return phrase
        return None

    found = verb_at(0)
    if found:
        return found
    for n in (4, 3, 2, 1):
        if " ".join(tokens[:n]) in v.lead_ins:
            for i in range(n, min(len(tokens), n + 12)):
                found = verb_at(i)
                if found:
                    return found
            return None
    return None


def calls_to_action(doc: Document) -> Found:
    """Prompts in any wording: follow, subscribe, download, join, click, found by cue."""
    for line, verb in _prompts(doc):
        if doc.present(line.index):
            yield line.index, f"a prompt to {verb} a channel of the site", ()


@given
def _prompts(doc: Document) -> list[tuple[Line, str]]:
    """The lines that are prompts, present or not, with their verbs."""
    v = doc.vocabulary
    found = []
    for line in _picked(doc):
        if line.size <= MAX_PROMPT_WORDS:
            verb = call_to_action(v, line)
            if verb is not None:
                found.append((line, verb))
    return found


@plain_test(words=MAX_PROMPT_WORDS, text_check=may_open_prompt)
def prompt_shaped(v, line: Line) -> bool:
    """Plain-story test of :func:`calls_to_action`: the line is a prompt."""
    return call_to_action(v, line) is not None


# -------------------------------------------------------------------- CW705 page-label


def _segments(folded: str) -> list[str]:
    return [s for s in _SEGMENT_SPLIT.split(folded) if s]


#: The marks a menu's items are cut by, other than spaces and commas (a list in a
#: sentence is cut by commas).
_MENU_MARKS = "|/»›>•·"

#: Where a label line splits into its items: a menu's marks, commas and semicolons,
#: a spaced dash, or a run of spaces.
_SEGMENT_SPLIT = Lazy(r"\s*(?:[" + regex.escape(_MENU_MARKS) + r",;]|\s[-–—]\s|\s{2,})\s*")


def label_kind(doc: Document, line: Line) -> str | None:
    """What kind of page label ``line`` is, from the vocabulary, or None."""
    return None if line.prose else _label_kind(doc.vocabulary, line)


@remembered
def _label_kind(v, line: Line) -> str | None:
    """:func:`label_kind` of a line that does not read as prose."""
    if line.size == 0 or line.end in (SENTENCE, COLON):
        return None
    tokens = [t.casefold() for t in line.tokens]
    if len(tokens) >= 3 and sum(1 for t in tokens if not t.isascii()) >= 2:
        # `English हिन्दी Hindi বাংলা Bengali …`: language names, some glued to their
        # own script's name.
        names = sum(1 for t in tokens if t in v.languages or any(t.endswith(n) for n in v.languages if len(n) > 4))
        if names >= 3 and all(t in v.languages or not t.isascii() for t in tokens):
            return "an edition switcher"
    parts = _segments(line.folded)
    # A menu cut by bars or bullets may run long (`UAE | Gulf | World | Business | ...`);
    # any other label line is short.
    marked = len(parts) >= MENU_ITEMS and any(mark in line.bare for mark in _MENU_MARKS)
    if line.size > (_LABEL_MAX if marked else 8):
        return None
    least = BREADCRUMB_ITEMS if tokens[0] == "home" else MENU_ITEMS
    if len(parts) == 1 and line.size >= least:
        # A menu scraped with single spaces (or tabs, folded to spaces) between its
        # items: `Home News Business Sports`, `About Us Contact Us Careers`.
        parts = _labels_covering(parts[0], v.labels, least) or parts
    if parts and all(p in v.labels for p in parts):
        if all(p in v.outlets for p in parts):
            return "the site's name"
        if all(p in v.languages for p in parts):
            return "an edition switcher"
        return "a section or navigation label"
    if marked and all(len(p.split()) <= 3 and not any(c.isdigit() for c in p) for p in parts):
        # A site's menu names some sections a vocabulary cannot list (`Classifieds`,
        # `Pravasi`): three in four known labels make the line a menu.
        if sum(1 for p in parts if p in v.labels) * 4 >= len(parts) * 3:
            return "a section or navigation label"
    if len(parts) == 2 and parts[1] in v.regions and len(parts[0].split()) <= 2 and line.size <= 4:
        return "a location label"
    field, colon, value = line.folded.partition(":")
    if colon and field.strip() in v.field_labels and value.strip() and all(p in v.labels for p in _segments(value.strip())):
        return "a section field"
    if len(parts) >= 2 and parts[0] in v.sections and line.size <= LABEL_WORDS and all(len(p.split()) <= 2 for p in parts):
        return "a navigation link"
    if (
        line.size <= LABEL_WORDS
        and tokens[-1] in v.languages
        and tokens[0] not in v.languages
        and all(t[:1].isupper() for t in line.tokens)
    ):
        return "the site's name with its edition"
    return None


#: A line of single words is a menu only with at least this many labels in it: two or
#: three label words may be a headline (`World Cup Cricket`).
MENU_ITEMS = 4

#: A breadcrumb scraped without its separators opens with `Home`, which no headline of
#: label words does: three labels are enough there (`Home News Pakistan`).
BREADCRUMB_ITEMS = 3


def _labels_covering(text: str, labels: frozenset[str], least: int = MENU_ITEMS) -> list[str] | None:
    """``text`` cut into labels of one to three words each, or None when it cannot be
    cut so, or has fewer than ``least`` of them.

    >>> v = frozenset({"home", "news", "about us", "contact us", "careers"})
    >>> _labels_covering("home news about us contact us careers", v)
    ['home', 'news', 'about us', 'contact us', 'careers']
    >>> _labels_covering("home news from the capital", v) is None
    True
    """
    words = text.split()
    # best[i]: a covering of words[:i] with the fewest labels, or None.
    best: list[list[str] | None] = [[]] + [None] * len(words)
    for i in range(1, len(words) + 1):
        for n in (3, 2, 1):
            if i - n >= 0 and best[i - n] is not None:
                phrase = " ".join(words[i - n : i])
                if phrase in labels and (best[i] is None or len(best[i - n]) + 1 < len(best[i])):
                    best[i] = best[i - n] + [phrase]
    found = best[-1]
    return found if found is not None and len(found) >= least else None


_TITLE_SPLIT = Lazy(r"\s+(?:[|｜]|[-–—:])\s+")


def _page_titles(doc: Document, lines: list[Line]) -> dict[int, int]:
    """Those of ``lines`` that are the page's ``<title>``: another line's text, a
    separator and a short site name (`Budget passed | The Courier`); mapped to that
    other present line."""
    marked = [line for line in lines if line.size <= HEADLINE_WORDS + LABEL_WORDS and _title_marked(None, line)]
    if not marked:
        return {}
    by_text = {folded: line.index for line, folded in _present_short(doc) if 3 <= line.size <= HEADLINE_WORDS}
    found = {}
    for line in marked:
        parts = _TITLE_SPLIT.split(line.folded)
        if len(parts) < 2 or len(parts[-1].split()) > LABEL_WORDS:
            continue
        headline = " - ".join(parts[:-1]) if len(parts) > 2 else parts[0]
        other = by_text.get(headline) if headline in by_text else by_text.get(parts[0])
        if other is not None and other != line.index:
            found[line.index] = other
    return found


@remembered
def _title_marked(_, line: Line) -> bool:
    """Whether ``line`` holds a separator a page title puts before the site's name."""
    return any(mark in line.key for mark in (" | ", " - ", " – ", " — ", ": ", "｜"))


#: The most words a label line (a language switcher, a breadcrumb) can have.
_LABEL_MAX = 24


@given
def _short_lines(doc: Document) -> list[tuple[Line, str]]:
    """The lines of at most :data:`_LABEL_MAX` words, present or not, with their
    folded texts."""
    return [(line, line.folded) for line in doc.info.values() if line.size <= _LABEL_MAX]


@given
def _short_counts(doc: Document) -> dict[str, int]:
    """How many of :func:`_short_lines` have each folded text."""
    counts: dict[str, int] = {}
    for _, folded in _short_lines(doc):
        counts[folded] = counts.get(folded, 0) + 1
    return counts


def _present_short(doc: Document) -> list[tuple[Line, str]]:
    """:func:`_short_lines` still present."""
    removed = doc.removed
    return [(line, folded) for line, folded in _short_lines(doc) if line.index not in removed]


def _heads_first_paragraph(doc: Document, line: Line) -> bool:
    """Whether ``line`` stands right above the story's first paragraph, with nothing
    but blank lines between them."""
    first = doc.first_body
    return first is not None and line.index < first and all(not doc.present(i) for i in range(line.index + 1, first))


def _menu_item(line: Line) -> bool:
    return not line.prose and _menu_shaped(None, line)


@remembered
def _menu_shaped(_, line: Line) -> bool:
    return (
        1 <= line.size <= 7
        and line.end in (OPEN,)
        and not any(c.isdigit() for c in line.bare)
        and (shapes.is_upper(line.bare) or shapes.capitalised_share(line.tokens) == 1.0)
    )


def page_labels(doc: Document) -> Found:
    """Section, site and navigation labels above or below the story.

    A label is known from the vocabulary (`Crime`, `Bangladesh`, `Home | World`, the
    site's name), from repetition (a short line the page prints twice or more outside
    the story), or as part of a menu (four or more short capitalised lines in a row
    above the story).
    """
    # Only short lines can be labels: long ones are neither counted nor looked up.
    counts = _short_counts(doc)
    if doc.removed:
        counts = counts.copy()
        for i in doc.removed:
            line = doc.info[i]
            if line.size <= _LABEL_MAX:
                counts[line.folded] -= 1
    outside = doc.present_lines("head") + doc.present_lines("tail")
    inside = None  # the short lines' texts inside the story, when first asked for
    if max(counts.values(), default=0) >= 2:
        for line, folded in _present_short(doc):
            # Inside the story a known label counts only when the page repeats it: a
            # lone `Reuters` between paragraphs may be a quote or a table cell.
            if counts[folded] >= 2 and doc.zone(line.index) == "body" and not doc.protected(line):
                kind = label_kind(doc, line)
                if kind is not None:
                    yield line.index, f"{kind}, printed {counts[folded]} times", ()
    titles = _page_titles(doc, outside)
    # A story whose own sub-headings are label words (a briefing's `Business` and
    # `Sport`, a press review's newspaper names) may print its first one right above
    # its first paragraph, where a section label would stand.
    def headed() -> bool:
        return any(
            not line.prose and line.size <= 8 and counts.get(line.folded) == 1 and label_kind(doc, line) is not None
            for line in doc.present_lines("body")
        )

    for line in outside:
        if doc.protected(line):
            continue
        kind = label_kind(doc, line)
        if line.index in titles:
            yield line.index, "the page's title: the headline of line {0} with the site's name", (titles[line.index],)
        elif kind is not None:
            if _heads_first_paragraph(doc, line) and headed():
                continue
            yield line.index, f"{kind} outside the story", ()
        elif line.size <= LABEL_WORDS and counts[line.folded] >= 2 and not line.prose and line.end is not COLON:
            if inside is None:
                inside = {folded for other, folded in _present_short(doc) if doc.zone(other.index) == "body"}
            if line.folded in inside:
                continue
            yield line.index, f"a short line the page repeats {counts[line.folded]} times outside the story", ()
    yield from _tag_runs(doc)
    # Menus: runs of short capitalised lines in the head.
    run: list[Line] = []
    for line in doc.present_lines("head") + [None]:
        item = line is not None and _menu_item(line) and not doc.protected(line)
        if item and (not run or doc.adjacent(run[-1].index, line.index)):
            run.append(line)
            continue
        short = sum(1 for item in run if item.size <= 2)
        if len(run) >= 4 and short * 2 >= len(run):
            for item in run:
                yield item.index, f"one of {len(run)} menu lines above the story", ()
        run = [line] if item else []


#: Topic tags printed under the story without a heading: at least this many lines in a row.
TAG_RUN = 3


def _tag_runs(doc: Document) -> Found:
    """Topic tags under the story with no heading over them: :data:`TAG_RUN` or more
    lines of one to three words (no figure, no full stop) one after another, one of them
    a label the vocabulary knows (`Karachi`, `Transport`, `Sindh`). The others go with
    it, a place name among them; a run the story leads in to stays (see
    :func:`_introduced`), and so does a run with no known label (the story's own
    closing list of names or places)."""
    tail = doc.present_lines("tail")
    if len(tail) < TAG_RUN:
        return
    run: list[Line] = []
    for line in tail + [None]:
        item = line is not None and _topic_shaped(None, line) and line.end is not COLON and not doc.is_byline(line)
        # Line after line, or one a paragraph as the page prints its text: with no other
        # line between, present or removed.
        if item and (not run or not doc.gone_between(run[-1].index, line.index)):
            run.append(line)
            continue
        if len(run) >= TAG_RUN:
            known = next((tag for tag in run if label_kind(doc, tag) is not None), None)
            # Tags follow the last paragraph or other furniture. Under a line of the
            # story's own that is neither (`Cities on the new routes`), after a last
            # paragraph that leads in to a list (`Here are the districts affected`), or
            # opening with three words (`Countries taking part`), the run is the
            # story's list.
            lead = run[0]
            above = _line_above(doc, lead.index)
            if (
                known is not None
                and (lead is known or lead.size <= 2)
                and (above is None or not doc.present(above) or doc.info[above].prose)
                and lead.index not in _introduced(doc, tail)
            ):
                for tag in run:
                    # A known label that reads as a dateline is left by the loop over
                    # labels: among tags it is a tag.
                    if label_kind(doc, tag) is None or doc.protected(tag):
                        yield tag.index, f"one of {len(run)} topic tags under the story, with the label on line {{0}}", (known.index,)
        run = [line] if item else []


def _line_above(doc: Document, i: int) -> int | None:
    """The nearest non-blank line above line ``i``, present or removed, or None."""
    lines = doc.lines
    return next((j for j in range(i - 1, -1, -1) if lines[j].strip()), None)


# --------------------------------------------------------------- CW706 off-script-line


def never(v, line: Line) -> bool:
    """Plain-story test of a rule that takes nothing from a plain story: lines above
    or below the story (:func:`page_labels`, :func:`off_script_lines`,
    :func:`widget_counts`), repeats (:func:`repeated_lines`), a comment thread
    (:func:`comment_threads`)."""
    return False


def off_script_lines(doc: Document) -> Found:
    """Lines above or below the story in another script than the story's own
    (Urdu or Hindi headlines of other stories under an English one)."""
    candidates = [
        line
        for line in doc.present_lines("head") + doc.present_lines("tail")
        if not line.prose and line.size <= HEADLINE_WORDS and line.end not in (SENTENCE, QUESTION)
    ]  # a sentence, however short, may be a quotation
    if not candidates:
        return
    # Latin lines around a Latin story, the common case, need no counting.
    if not any(_non_latin(None, line) for line in doc.present_lines("body")[:3]) and not any(
        _non_latin(None, line) for line in candidates
    ):
        return
    main = doc.main_script
    if main is None:
        return
    for line in candidates:
        if doc.protected(line) and not _dated_head_line(doc, line):
            continue
        counts = _script_counts(None, line)
        letters = sum(counts.values())
        if letters < 3:
            continue
        other = letters - counts.get(main, 0)
        if other * 2 > letters:
            script = shapes.main_script({k: n for k, n in counts.items() if k != main})
            yield line.index, f"a {script} line outside a {main}-script story", ()


@remembered
def _non_latin(_, line: Line) -> bool:
    return shapes.has_non_latin(line.bare)


@remembered
def _script_counts(_, line: Line) -> dict[str, int]:
    """:func:`.shapes.script_counts` of the line (a dict the callers only read)."""
    return shapes.script_counts(line.bare)


def _dated_head_line(doc: Document, line: Line) -> bool:
    """A line above the story that only its figures protect, as a table row: a date
    in another script (`بدھ 15 مئی 2024`) above an English headline. Below the story
    such a line may be a row of the story's own table, and stays."""
    return (
        doc.zone(line.index) == "head"
        and not doc.is_byline(line)
        and line.end is not COLON
        and not (line.size <= 4 and shapes.is_dateline_start(line.bare))
    )


# ---------------------------------------------------------------- CW707 comment-thread


def comment_threads(doc: Document) -> Found:
    """A thread of reader comments after the story: from the first comment header
    (`1. probono said:`) to the end."""
    start = doc.comment_start()
    if start is None:
        return
    for line in doc.present_lines():
        if line.index >= start:
            yield line.index, "part of the reader comments that start on line {0}", (start,)


# ----------------------------------------------------------------- CW709 widget-count

#: A bare count (`0`, `12`, `1.2K`) or rank (`3.`) on a line of its own.
_COUNT = Lazy(r"\d{1,3}(?:[,.]\d{3})*+(?:[.,]\d)?[kKmM]?")
_RANK = Lazy(r"\d{1,2}[.)]?")


def widget_counts(doc: Document) -> Found:
    """Reaction and share widgets above or below the story, scraped one cell a line:
    `Happy`, `0`, `Sad`, `0`, or `Like`, `12`, `Share`, `3`. A run of three or more
    adjacent lines, each a count or a word of ``widget_words`` (with or without its
    count), at least two of them such words. A column of figures alone, or a table's
    cells, is no such run."""
    v = doc.vocabulary
    if len(_widget_words(doc)) < 2:
        return  # most pages print no widget words at all
    outside = doc.present_lines("head") + doc.present_lines("tail")
    if not outside:
        return
    # Cells the phrase rules took already (`Share`, a counter) still belong to the run.
    first, last = doc.first_body, doc.last_body
    gone = [Line(i, shape) for i, shape in doc.gone.items() if first is None or i < first or i > last]
    run: list[Line] = []
    for line in sorted(outside + gone, key=lambda line: line.index) + [None]:
        if line is not None and (not run or doc.adjacent(run[-1].index, line.index)) and _widget_cell(v, line):
            run.append(line)
            continue
        words = sum(1 for cell in run if _widget_cell(v, cell) == "word")
        if len(run) >= 3 and words >= 2:
            for cell in run:
                if doc.present(cell.index):
                    yield cell.index, f"a cell of a reaction or share widget of {len(run)} lines", ()
        run = [line] if line is not None and _widget_cell(v, line) else []


@given
def _widget_words(doc: Document) -> list[int]:
    """The lines, present or gone, that are words of a widget's cells."""
    v = doc.vocabulary
    found = [line.index for line in _picked(doc) if _widget_word(v, line)]
    return found + [i for i, shape in doc.gone.items() if _widget_word(v, shape)]


def _widget_word(v, line: Line) -> bool:
    return line.size <= 3 and _widget_cell(v, line) == "word"


@remembered
def _widget_cell(v, line: Line) -> str | None:
    """``word`` for a widget word (`Happy`, `Like 12`), ``count`` for a bare count."""
    if line.size > 3:
        return None
    if _COUNT.fullmatch(line.bare):
        return "count"
    folded = line.folded
    head = folded.rstrip(" 0123456789,.():kKmM")
    return "word" if head in v.widget_words else None


# -------------------------------------------------------------------- CW708 story-list


def headline_like(line: Line) -> bool:
    """A line shaped like a headline or a cut teaser: a few words, no full stop."""
    return not line.prose and _headline_shaped(None, line)


@remembered
def _topic_shaped(_, line: Line) -> bool:
    """A topic or tag under a list heading (`Income tax`, `NBR`, `elections`, `IPL
    2024`): one to three words, no full stop, no figure but a year after a word (a
    score or a count is a table's cell).

    >>> from cleanwire.rules.structure.document import Document
    >>> from cleanwire.rules.structure.vocabulary import packaged
    >>> doc = Document(["IPL 2024", "Budget", "Goals 2", "2024 Budget"], {}, packaged())
    >>> [_topic_shaped(None, doc.info[i]) for i in range(4)]
    [True, True, False, False]
    """
    if not (1 <= line.size <= 3 and line.end is OPEN and line.bare[:1].isalpha()):
        return False
    bare = line.bare
    if not any(c.isdigit() for c in bare):
        return True
    return _TOPIC_YEAR.fullmatch(bare) is not None


#: A topic named with its year: words, then a year of this century or the last.
_TOPIC_YEAR = Lazy(r"\p{L}[\p{L}&'’.-]*(?: \p{L}[\p{L}&'’.-]*)? (?:19|20)\d\d")


def _topic_row(line: Line) -> bool:
    """Topics printed on one line, cut by bars, each one to four words opening with a
    letter (`IPL 2024 | Lok Sabha Elections | Budget 2024`): a table row's cells are
    figures, so a row that reads as one is taken only as the first line still present
    under a list heading (once the lines above it in the list are gone, the rules
    run again).

    >>> from cleanwire.rules.structure.document import Document
    >>> from cleanwire.rules.structure.vocabulary import packaged
    >>> rows = ["IPL 2024 | Lok Sabha Elections | Budget 2024", "Pakistan | 245/6 | 50 ov"]
    >>> doc = Document(rows, {}, packaged())
    >>> [_topic_row(doc.info[i]) for i in range(2)]
    [True, False]
    """
    if line.end is not OPEN or "|" not in line.bare:
        return False
    cells = [c.strip() for c in line.bare.split("|")]
    return len(cells) >= 2 and all(c[:1].isalpha() and 1 <= len(c.split()) <= 4 for c in cells)


def _teaser(line: Line) -> bool:
    """A line that reads as prose but ends with no sentence mark, no longer than a long
    headline's double, and reports no one's words: first under a list heading (`ALSO
    READ:`; the first still present, as the rules run again once the lines above it in
    the list are gone) it is the title or standfirst of the story the heading points
    to, which a paragraph of the story, ending with its full stop or reporting what
    someone said, is not."""
    return line.end is OPEN and line.size <= HEADLINE_WORDS * 2 and reporting_verb().search(line.bare) is None


@remembered
def _headline_shaped(_, line: Line) -> bool:
    if not 3 <= line.size <= HEADLINE_WORDS * 2:
        return False
    if line.bare.count(", ") + line.bare.count("; ") >= 3:
        return False  # a list of names or items (a team's line-up), not a headline
    if shapes.ends_cut(line.bare):
        return True
    if line.size > HEADLINE_WORDS or line.end in (SENTENCE, COLON, COMMA):
        return False
    first = line.bare[:1]
    return first.isupper() or first.isdigit() or first in "\"'“‘"


def _introduced(doc: Document, lines: list[Line]) -> set[int]:
    """Lines that follow a lead-in ending in a colon (`Key facts:`), or a sub-heading
    of its own (`Squad`, `New appointments`), without a gap: the list the story itself
    introduces (a team's players, the new office holders). A heading of a list of
    other stories is a list heading, which its finder or a phrase rule has taken.
    A removed line is a gap too: a share button or a stamp's label between two lines
    says the second is no item of the first's list."""
    found: set[int] = set()
    lead = None
    stamp_words = doc.vocabulary.stamp_words
    for line in lines:
        if line.end is COLON and _stamp_label(stamp_words, line.tokens):
            # `Published On:` over `Mar 5, 2024`: the page's stamp, split from its label.
            lead = None
        elif lead is not None and doc.adjacent(lead, line.index) and not doc.gone_between(lead, line.index):
            found.add(line.index)
            lead = line.index
        elif line.end is COLON or _sub_heading(line) or _question_heading(line):
            lead = line.index
        elif _list_intro(doc.vocabulary, line):
            found.add(line.index)  # the lead-in is the story's, as its list is
            lead = line.index
        else:
            lead = None
    return found


def _stamp_label(stamp_words: frozenset[str], tokens: list[str]) -> bool:
    """Whether a line's words are a stamp's label alone (`Published On`, `Last Updated`)."""
    return bool(tokens) and all(t.casefold() in stamp_words for t in tokens)


@remembered
def _list_intro(v, line: Line) -> bool:
    """A line that opens as a story introduces a list (`list_intros`: `Here are the
    main points of the budget`), or ends so (`list_intro_ends`: `The dead were
    identified as`)."""
    tokens = line.tokens
    if len(tokens) >= 3 and line.end is OPEN:
        last = [t.casefold() for t in tokens[-2:]]
        if last[-1] in v.list_intro_ends or " ".join(last) in v.list_intro_ends:
            return True
    words = [t.casefold() for t in tokens[:4]]
    if words[:1] == ["the"]:
        words = words[1:]  # `The key takeaways from the meeting`
    return any(" ".join(words[:n]) in v.list_intros for n in range(1, min(len(words), 3) + 1))


#: A sub-heading that introduces the story's own list has at most this many words.
SUB_HEADING_WORDS = 3


def _sub_heading(line: Line) -> bool:
    """A short capitalised line of words alone, with no closing punctuation, that is
    no headline and opens with no function word (`Squad`, `Key players`; not a
    category label such as `In "Business"`)."""
    return (
        not line.prose
        and line.size <= SUB_HEADING_WORDS
        and line.end is OPEN
        and line.bare[:1].isupper()
        and _SUB_HEADING.fullmatch(line.bare) is not None
        and line.tokens[0].casefold() not in FUNCTION_WORDS
        and not headline_like(line)
    )


def _question_heading(line: Line) -> bool:
    """An explainer's sub-heading: a question word and at most three more words
    (`What happens next`, `Why it matters`, `How it works?`). A headline of another
    story that opens so says more (`What we know about the budget so far`).

    >>> from cleanwire.rules.structure.document import Document
    >>> from cleanwire.rules.structure.vocabulary import packaged
    >>> doc = Document(["What happens next", "What we know about the budget so far"], {}, packaged())
    >>> [_question_heading(doc.info[i]) for i in range(2)]
    [True, False]
    """
    return (
        not line.prose
        and 2 <= line.size <= SUB_HEADING_WORDS + 1
        and line.end in (OPEN, QUESTION)
        and line.tokens[0].casefold() in _QUESTION_WORDS
    )


#: The words an explainer's sub-heading opens with.
_QUESTION_WORDS = frozenset({"what", "what's", "why", "how", "who", "when", "where", "which"})


#: Words and the joiners of a sub-heading's words, nothing else.
_SUB_HEADING = Lazy(r"\p{L}[\p{L}\p{N}'’&-]*+(?: [\p{L}\p{N}'’&-]++)*+")


@remembered
def _list_heading_line(v, line: Line) -> bool:
    return _is_list_heading(v, line.folded)


def _is_list_heading(v, folded: str) -> bool:
    """A heading of a list of other stories: one of ``list_headings``, or one of
    ``list_heading_starts`` with a name after it (`More from The Courier`)."""
    folded = folded.rstrip(" .:|»>–—-")
    if folded in v.list_headings:
        return True
    words = folded.split()
    return len(words) <= 5 and any(" ".join(words[:n]) in v.list_heading_starts for n in (1, 2, 3) if n < len(words))


@plain_test(words=6)
def heading_shaped(v, line: Line) -> bool:
    """Whether the line heads a list of other stories: the plain-story test of
    :func:`story_lists` (in a plain story, a heading the phrase rules removed has no
    headline under it, and there is no tail to hold a list)."""
    return _list_heading_line(v, line)


@given
def _list_headings(doc: Document) -> list[int]:
    """The lines, present or gone, that head a list of other stories: a heading the
    phrase rules removed (`Read more:`) still says what follows it."""
    v, lines = doc.vocabulary, doc.lines
    found = [line.index for line in _picked(doc) if heading_shaped(v, line)]
    # A heading is short: of the lines the phrase rules removed, longer ones are not read.
    found += [i for i, shape in doc.gone.items() if len(lines[i]) <= 60 and _list_heading_line(v, shape)]
    return sorted(found)


def story_lists(doc: Document) -> Found:
    """Lists of other stories: headline-shaped lines under a list heading, and the
    headlines and teasers that follow the story's last paragraph."""
    removed = doc.removed
    # A heading an earlier rule took (`Tags:` as a label without a value) still heads
    # the list under it.
    heading_at = _list_headings(doc)
    taken: set[int] = set()
    heading, ticker = head_ticker(doc)
    if ticker:
        for i in [heading] + ticker:
            if doc.present(i):
                taken.add(i)
                yield i, "a ticker of other stories above the story's headline (line {0})", (ticker[-1] + 1,)
    for h in heading_at:
        if doc.zone(h) == "head":
            continue  # the story's own headline and standfirst sit there; never take them by a heading
        if h in doc.info and h not in removed:
            taken.add(h)
            yield h, "a heading that opens a list of other stories", ()
        first = True  # whether no line under the heading has been read yet
        for line in doc.present_after(h):
            if line.index in taken:
                continue
            if _RANK.fullmatch(line.bare):
                # `Most Read` lists number their headlines: `1`, `2.`, each on its own line.
                taken.add(line.index)
                yield line.index, "a rank in the list under the heading on line {0}", (h,)
                continue
            # A topic named with its year (`IPL 2024`) reads as a table row alone.
            if doc.protected(line) and not (first and _topic_row(line)) and not _TOPIC_YEAR.fullmatch(line.bare):
                break
            if line.prose and first and _teaser(line):
                note = "the teaser of another story under the list heading on line {0}"
            elif line.prose or not (headline_like(line) or _topic_shaped(None, line)):
                break
            else:
                note = "a headline under the list heading on line {0}"
            first = False
            taken.add(line.index)
            yield line.index, note, (h,)
    if doc.last_body is None:
        return
    tail = [line for line in doc.present_lines("tail") if line.index not in taken]
    introduced = _introduced(doc, tail) | _dated_entries(doc) | _closing_list(doc) if tail else set()
    items = [
        line
        for line in tail
        if headline_like(line) and not doc.protected(line) and line.index not in introduced and not _question_heading(line)
    ]
    if len(items) >= 2:
        for line in items:
            yield line.index, f"one of {len(items)} headline-shaped lines after the story's last paragraph (line {{0}})", (doc.last_body,)
        listed = {line.index for line in items}
        for before, line, after in zip([None] + tail[:-1], tail, tail[1:] + [None]):
            if _RANK.fullmatch(line.bare) and any(
                other is not None and other.index in listed and doc.adjacent(min(line.index, other.index), max(line.index, other.index))
                for other in (before, after)
            ):
                yield line.index, "the rank of a headline in the list after the story's last paragraph (line {0})", (doc.last_body,)
    elif items:
        line = items[0]
        before = doc.gone_between(doc.last_body, line.index)
        if before:
            yield line.index, "a headline-shaped line after the boilerplate of line {0}, below the story", (before[0],)


# --------------------------------------------------------------- CW710 appended-story


def appended_stories(doc: Document) -> Found:
    """Another story the page appended below the story, from its headline (see
    :meth:`~.document.Document.appended_start`) to the end of the page."""
    start = doc.appended_start()
    if start is None:
        return
    for line in doc.present_after(start - 1):
        yield line.index, "part of another story the page appended below this one, from its headline on line {0}", (start,)

