"""The document model of the structure stage: what each line looks like and where it stands.

One walk over the lines the phrase rules have already folded builds it: per line its
words, how it ends, whether it reads as prose; and the document's zones. The *body*
runs from the first paragraph of prose to the last; above it is the *head* (headline,
labels, stamps, bylines), below it the *tail* (sign-offs, lists of other stories,
comment forms). Wire copy hard-wrapped at about 70 columns is recognised as
paragraphs, not as a stack of short lines. Lines the phrase rules removed stay in the
model as evidence: a `Read more` heading says that the headlines under it are
promotions, even though the heading itself is gone.
"""

from __future__ import annotations

import bisect
import operator
import weakref
from typing import Collection, Sequence

import regex

from ...compiled import Lazy
from ..lines.keys import line_key  # the phrase rules' key: the stage reads lines as they do
from . import shapes
from .shapes import COLON, COMMA, ELLIPSIS, OPEN, QUESTION, SENTENCE
from .vocabulary import Vocabulary

#: A line of at least this many words is prose even without a final full stop (a
#: paragraph whose end the scraper lost).
LONG_PROSE_WORDS = 25

#: Lines of at least this many words may repeat in a story only by accident of the page.
REPEAT_WORDS = 4

#: A line of at least this many words without a full stop is prose when a quarter of
#: its words are function words (headlines drop most of them).
MEDIUM_PROSE_WORDS = 16

FUNCTION_WORDS = frozenset(
    "a an the of in on at to for with from by and or but that which who was were is are "
    "has have had been be it its their his her this these those as after before".split()
)

#: A sentence of fewer words (`He left.`) does not make a line a paragraph.
SHORT_SENTENCE_WORDS = 5


#: A line at least this long is counted in words by its spaces alone; shorter lines
#: are tokenised, since every finder that looks at words looks at short lines.
LONG_LINE = 150


#: Wire copy is hard-wrapped at about 70 columns; no line of a wrapped paragraph but
#: its last is longer than this.
WRAP_WIDTH = 90


class Shape:
    """What one line's text looks like, wherever it stands: the facts the rules read
    that depend only on the text (and the word lists).

    ``key`` is the line with its whitespace folded (as the phrase rules match it),
    ``bare`` the key without leading bullets and dashes, ``folded`` that case-folded
    for look-ups. The word tokens are worked out when a finder first asks, and the
    finders keep other such facts in ``memo`` (see :func:`remembered`). Pages of one
    site print the same labels, stamps and prompts again and again, so a document
    shares the shapes of the texts the pages before it held (:func:`shape_cache`).
    """

    __slots__ = ("key", "bare", "end", "bullet", "size", "_tokens", "_folded", "_signature", "memo")

    def __init__(self, key: str) -> None:
        self.key = key
        self.bare = bare = key if key[0].isalnum() else shapes.strip_lead(key)
        self.end = shapes.ending(bare)
        self.bullet = bare != key
        self._folded = self._signature = None
        self.memo: dict[str, object] = {}
        self._tokens = None
        if len(bare) >= LONG_LINE and (bare.isascii() or not shapes.has_cjk(bare)):
            self.size = bare.count(" ") + 1
        else:
            self.size = shapes.count_words(bare)

    @property
    def shape(self) -> "Shape":
        """The shape itself: a fact that depends on the text alone (:func:`remembered`,
        :func:`prose_alone`) is asked of a shape as of a :class:`Line`."""
        return self

    @property
    def tokens(self) -> list[str]:
        if self._tokens is None:
            self._tokens = shapes.words(self.bare)
        return self._tokens

    @property
    def folded(self) -> str:
        found = self._folded
        if found is None:
            bare = self.bare
            found = self._folded = (bare.lower() if bare.isascii() else bare.casefold()).rstrip(FOLDED_TRAIL)
        return found

    @property
    def signature(self) -> str:
        """``folded[:16]``, worked out from the first 20 characters of a long line alone
        (case folding never shortens a character), so that lines can be sorted into
        those that may be equal without folding all of them: equal ``folded``, equal
        signature."""
        found = self._signature
        if found is None:
            if self._folded is not None or len(self.bare) <= 40:
                found = self.folded[:16]
            else:
                head = self.bare[:20]
                found = (head.lower() if head.isascii() else head.casefold())[:16]
                # A fold that ends in what ``folded`` strips may be cut short there.
                if found[-1] in FOLDED_TRAIL:
                    found = self.folded[:16]
            self._signature = found
        return found


#: What ``folded`` strips from the end of a line: final punctuation and separators.
FOLDED_TRAIL = " .:|»>–—-"


class Line:
    """One non-blank line of a document: its :class:`Shape` (the fields of which it
    repeats, for speed), where it stands, and whether it reads as prose there (a line
    of a hard-wrapped paragraph does, whatever its shape)."""

    __slots__ = ("index", "shape", "key", "bare", "end", "size", "prose")

    def __init__(self, index: int, shape: Shape) -> None:
        self.index = index
        self.shape = shape
        self.key = shape.key
        self.bare = shape.bare
        self.end = shape.end
        self.size = shape.size
        self.prose = False

    @property
    def tokens(self) -> list[str]:
        return self.shape.tokens

    @property
    def folded(self) -> str:
        return self.shape.folded


#: A line's index, the order of the lists of lines a :class:`Document` keeps.
_INDEX = operator.attrgetter("index")


class ShapeCache:
    """The shapes of the lines a vocabulary has judged, by key.

    Pages of one site repeat their labels, stamps, prompts and menus, so most short
    lines of a corpus are read once. Long lines (paragraphs) are seldom repeated
    across documents, but the stage often judges a document again right after (once
    a rewrite or a removal changed a few of its lines): only the last few of them
    are kept. Both stores are bounded: when full they start again, which costs a
    re-reading, never a different result.
    """

    LIMIT = 8192
    #: How many long lines are kept.
    RECENT = 128

    __slots__ = ("_shapes", "_recent")

    def __init__(self) -> None:
        self._shapes: dict[str, Shape] = {}
        self._recent: dict[str, Shape] = {}

    def shape(self, key: str) -> Shape:
        if len(key) < LONG_LINE:
            found = self._shapes.get(key)
            if found is None:
                if len(self._shapes) >= self.LIMIT:
                    self._shapes = {}
                found = self._shapes[key] = Shape(key)
        else:
            found = self._recent.get(key)
            if found is None:
                if len(self._recent) >= self.RECENT:
                    self._recent = {}
                found = self._recent[key] = Shape(key)
        return found


#: One cache per vocabulary (equal vocabularies share one): the facts kept in a
#: shape may depend on the word lists.
_CACHES: "weakref.WeakKeyDictionary[Vocabulary, ShapeCache]" = weakref.WeakKeyDictionary()


#: The vocabulary last asked about and its cache: finding a vocabulary among the
#: others compares all its word lists, and a process mostly uses one.
_LAST: tuple = (None, None)


def shape_cache(vocabulary: Vocabulary) -> ShapeCache:
    """The :class:`ShapeCache` of the lines judged with ``vocabulary``."""
    global _LAST
    last, cache = _LAST
    if last is vocabulary:
        return cache
    cache = _CACHES.get(vocabulary)
    if cache is None:
        cache = _CACHES.setdefault(vocabulary, ShapeCache())
    _LAST = (vocabulary, cache)
    return cache


_MISSING = object()


def remembered(function):
    """Keep ``function(vocabulary_or_document, line)``'s result in the line's shape.

    Only for a fact that depends on nothing but the line's text and the word lists
    (never on the line's neighbours, its zone or whether it reads as prose in this
    document): shapes are shared by the documents one vocabulary judges.
    """
    name = function.__name__

    def wrapper(owner, line: Line):
        # Not try/except KeyError: most lines of a story are read once, and raising
        # costs more than the look-up.
        memo = line.shape.memo
        found = memo.get(name, _MISSING)
        if found is _MISSING:
            found = memo[name] = function(owner, line)
        return found

    wrapper.__name__ = name
    wrapper.__doc__ = function.__doc__
    wrapper.__wrapped__ = function
    return wrapper


def given(function):
    """Keep ``function(document)``'s result in the document, worked out when a finder
    first asks.

    Only for a fact about the lines as the document was given (their texts, which
    of them the phrase rules removed), never one that the rules' removals or the
    zones change: the finders read it in every round.
    """
    name = function.__name__

    def wrapper(doc: "Document"):
        facts = doc.facts
        found = facts.get(name, _MISSING)
        if found is _MISSING:
            found = facts[name] = function(doc)
        return found

    wrapper.__name__ = name
    wrapper.__doc__ = function.__doc__
    wrapper.__wrapped__ = function
    return wrapper


def describe(index: int, line: str) -> Line | None:
    """The :class:`Line` of ``line``, or None for a blank line."""
    key = line_key(line)
    return Line(index, Shape(key)) if key else None


def reads_as_prose(line: Line) -> bool:
    """Whether a line on its own is a paragraph of the story.

    >>> reads_as_prose(describe(0, "The court adjourned the hearing till May 28."))
    True
    >>> reads_as_prose(describe(0, "Gold prices plummet in Pakistan, global markets"))
    False
    >>> reads_as_prose(describe(0, "For the first time, a flight carrying an all-female crew and…"))
    False
    >>> reads_as_prose(describe(0, "Rescue workers carry a boy through the flooded street in the old town. (AP Photo)"))
    False
    """
    n, end = line.size, line.end
    # (Only a line that ends open can be cut on a word: most end with a full stop.)
    if end is ELLIPSIS or end is COMMA or (end is OPEN and shapes.ends_cut(line.bare, end)):
        return n >= 2 * LONG_PROSE_WORDS
    if shapes.has_photo_credit(line.bare):
        return False  # an image caption: it says nothing about where the story runs
    if n >= LONG_PROSE_WORDS:
        return True
    if n >= MEDIUM_PROSE_WORDS and end is OPEN:
        # A paragraph that lost its full stop: as long as a long headline, but written
        # in sentences, with the function words headlines leave out.
        small = sum(1 for t in line.tokens if t.casefold() in FUNCTION_WORDS)
        if small * 4 >= n:
            return True
    if end is SENTENCE:
        return n >= SHORT_SENTENCE_WORDS
    if end is QUESTION:
        return n >= 12
    return False


#: Quotation marks a line of prose may open with. No bullet or dash is among them, so
#: a shape reads such a line whole (its ``bare`` is its key), as :func:`prose_fold` does.
OPENING_QUOTES = "\"'“‘«„‚"


def prose_fold(key: str) -> tuple[str, int] | None:
    """The folded text (as its :class:`Shape` folds it) and the number of words of a
    line that reads as prose on its own, told from its text alone; None for any other
    line, and for a line too short, not opening with a letter, a digit or a quotation
    mark (:data:`OPENING_QUOTES`: a quote opens many a paragraph), or holding Chinese or
    Japanese (then ask its shape).

    That is a line of at least :data:`LONG_LINE` characters (counted in words by its
    spaces) and :data:`LONG_PROSE_WORDS` words, without a photo credit, and of twice
    as many words unless it ends as a sentence or a headline may (:func:`reads_as_prose`).
    Most of a document's text is in such lines; telling one costs a few string
    methods, not a shape (a test checks the answers against the shape's).

    >>> prose_fold("Officials said " * 25 + "More.") == ("officials said " * 25 + "more", 51)
    True
    >>> prose_fold("Officials said the talks would resume.") is None
    True
    """
    if len(key) < LONG_LINE or not (key[0].isalnum() or key[0] in OPENING_QUOTES):
        return None
    size = key.count(" ") + 1
    if size < LONG_PROSE_WORDS:
        return None
    plain = key.isascii()
    if (not plain and shapes.has_cjk(key)) or shapes.has_photo_credit(key):
        return None
    if size < 2 * LONG_PROSE_WORDS:
        end = shapes.ending(key)
        if end is ELLIPSIS or end is COMMA or (end is OPEN and shapes.ends_cut(key, end)):
            return None
    return (key.lower() if plain else key.casefold()).rstrip(FOLDED_TRAIL), size


def prose_alone(line: "Line | Shape") -> bool:
    """:func:`reads_as_prose`, kept in the line's shape (it depends on the text alone)."""
    memo = line.shape.memo
    prose = memo.get("prose", _MISSING)
    if prose is _MISSING:
        prose = memo["prose"] = reads_as_prose(line)
    return prose


class Document:
    """The lines of one document, what each looks like, and its zones.

    ``earlier`` holds the index of each line that an earlier stage removed (a mapping
    to the rule that removed it will do; only its keys are read). Rules remove lines
    with :meth:`remove`; after a round of rules, :meth:`refresh` recomputes the zones
    over the lines left.
    """

    def __init__(
        self, lines: Sequence[str], earlier: Collection[int], vocabulary: Vocabulary, keys: Sequence | None = None
    ) -> None:
        self.lines = lines
        self.earlier = earlier
        self.vocabulary = vocabulary
        self.keys = keys
        self.removed: dict[int, tuple] = {}
        self.info: dict[int, Line] = {}
        #: The shapes of the non-blank lines an earlier stage removed, by index:
        #: evidence for the finders (shared as those of present lines are).
        self.gone: dict[int, Shape] = {}
        #: Facts about the lines as given, which removals do not change (see :func:`given`).
        self.facts: dict[str, object] = {}
        # blanks[i]: how many blank lines stand before line i. Two lines are adjacent
        # when none stands between them; removed lines do not count either way, so
        # the model of the text after the removals is this one.
        self._blanks = blanks = [0]
        info, gone = self.info, self.gone
        shape = shape_cache(vocabulary).shape
        count = 0
        # The line stage folded the keys already, where it could.
        for i, key in enumerate(keys if keys is not None else [None] * len(lines)):
            if key is None:
                key = line_key(lines[i])
            if i in earlier:
                if key:
                    gone[i] = shape(key)
            elif key:
                info[i] = Line(i, shape(key))
            else:
                count += 1
            blanks.append(count)
        self._main_script: str | None = None
        #: The lines :meth:`_mark_wrapped` made prose that do not read as prose alone.
        self._wrapped: list[Line] = []
        for line in info.values():
            line.prose = prose_alone(line)
        self.refresh()

    # -- zones ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Recompute prose lines and the zones over the lines still present."""
        removed = self.removed
        alive = [line for i, line in self.info.items() if i not in removed] if removed else list(self.info.values())
        self._alive = alive
        self._present: dict[str | None, list[Line]] = {None: alive}
        # Each line's prose alone was set once; only the wrapped paragraphs' lines
        # are marked again, over the lines left.
        for line in self._wrapped:
            line.prose = False
        self._wrapped = []
        self._mark_wrapped(alive)
        # A thread of reader comments ends the story's body, and so does another story
        # the page appended below it: neither is the story, whatever prose it holds.
        cut = self.comment_start()
        appended = self.appended_start()
        if appended is not None and (cut is None or appended < cut):
            cut = appended
        end = len(self.lines) if cut is None else cut
        # The body runs from the first prose line to the last one above the comments:
        # each is found from its own end of the page.
        self.first_body = next((line.index for line in alive if line.prose), None)
        if self.first_body is not None and self.first_body >= end:
            self.first_body = None
        self.last_body = next((line.index for line in reversed(alive) if line.prose and line.index < end), None)

    @property
    def alive(self) -> list[int]:
        """The indices of the non-blank lines present at the last :meth:`refresh`."""
        return [line.index for line in self._alive]

    def _mark_wrapped(self, alive: list[Line]) -> None:
        """Mark the lines of hard-wrapped paragraphs as prose.

        A run of lines with no blank line between them is one wrapped paragraph when
        the text flows across the breaks: at least a third of its lines continue a
        sentence in lower case, and together they make a paragraph's worth of words.
        A list of headlines, each starting with a capital, never qualifies.
        """
        blanks = self._blanks
        run: list[Line] = []
        # The blank lines before the last line of the run, and whether it is short.
        group, short = -1, False
        for line in alive:
            # Hard-wrapped lines are short: a longer line ends its paragraph, so the
            # lines after it start another run (paragraphs the page printed without a
            # blank line between are not one wrapped paragraph).
            here = blanks[line.index]
            if short and here == group:
                run.append(line)
            else:
                if len(run) >= 2:
                    self._mark_paragraph(run)
                run = [line]
            group, short = here, len(line.key) <= WRAP_WIDTH
        if len(run) >= 2:
            self._mark_paragraph(run)

    def _mark_paragraph(self, run: list[Line]) -> None:
        """Mark a run of adjacent lines as prose if it reads as one wrapped paragraph."""
        v = self.vocabulary
        # A line of a word or two that ends no sentence continues none either: a tag
        # (`politics`) between headlines, not the tail of a wrapped sentence.
        flowing = sum(
            1 for line in run[1:] if (line.size > 2 or line.end is SENTENCE) and _continues(line, v.stamp_words, v.months)
        )
        if flowing * 3 >= len(run) - 1 and sum(line.size for line in run) >= 15:
            for line in run:
                if not line.prose:
                    line.prose = True
                    self._wrapped.append(line)

    def adjacent(self, a: int, b: int) -> bool:
        """Whether no blank line stands between lines ``a`` < ``b`` (removed lines
        between them do not count)."""
        return self._blanks[b] == self._blanks[a + 1]

    def zone(self, i: int) -> str:
        """``head``, ``body`` or ``tail``; a document without prose is all body."""
        if self.first_body is None:
            return "body"
        if i < self.first_body:
            return "head"
        if i > self.last_body:
            return "tail"
        return "body"

    # -- what the rules ask -----------------------------------------------------------

    def present(self, i: int) -> bool:
        return i in self.info and i not in self.removed

    def present_lines(self, zone: str | None = None) -> list[Line]:
        """The lines still present, of one zone or all, in order (a list the finders
        share until the next removal)."""
        found = self._present.get(zone)
        if found is None:
            present = self._present.get(None)
            if present is None:
                removed = self.removed
                present = self._present[None] = [line for line in self._alive if line.index not in removed]
            if zone is None:
                return present
            if self.first_body is None:
                found = present if zone == "body" else []
            else:
                # The zones are runs of lines in order: each is a slice of the lines present.
                start = bisect.bisect_left(present, self.first_body, key=_INDEX)
                if zone == "head":
                    found = present[:start]
                else:
                    end = bisect.bisect_right(present, self.last_body, start, key=_INDEX)
                    found = present[end:] if zone == "tail" else present[start:end]
            self._present[zone] = found
        return found

    def present_after(self, i: int) -> list[Line]:
        """The lines still present below line ``i``, in order."""
        present = self.present_lines()
        return present[bisect.bisect_right(present, i, key=_INDEX) :]

    def remove(self, i: int, rule, note: str, refs: tuple[int, ...] = ()) -> None:
        self.removed[i] = (rule, note, refs)
        self._present = {}

    def gone_between(self, start: int, end: int) -> list[int]:
        """Indices in ``(start, end)`` removed by an earlier stage or by a rule so far."""
        return [i for i in range(start + 1, end) if i in self.earlier or i in self.removed]

    @property
    def main_script(self) -> str | None:
        """The script most letters of the body are written in."""
        if self._main_script is None:
            counts: dict[str, int] = {}
            for line in self.present_lines("body"):
                if line.bare.isascii():
                    counts["Latin"] = counts.get("Latin", 0) + len(line.bare)  # close enough to its letters
                    continue
                for name, n in shapes.script_counts(line.bare).items():
                    counts[name] = counts.get(name, 0) + n
            self._main_script = shapes.main_script(counts) or ""
        return self._main_script or None

    def comment_start(self) -> int | None:
        """The first line of a reader-comment thread, when the page has one: two
        comment headers (`amina says:`), or a comments heading over two comments
        signed by name and time (:func:`_headed_thread`)."""
        headers = _comment_headers(self)
        if len(headers) < 2:
            return _headed_thread(self)  # (None on most pages)
        removed = self.removed
        headers = [i for i in headers if i not in removed]
        return headers[0] if len(headers) >= 2 else _headed_thread(self)

    def appended_start(self) -> int | None:
        """The headline of another story the page appended below this one, when it
        has one (see :func:`_appended`)."""
        return _appended(self)

    def _dated_below(self, i: int) -> bool:
        """Whether line ``i`` is a comment header whose date and time the page printed
        on the next line (`Omar says:` over `May 18, 2024 at 10:14 am`), as blog themes
        do. The stamp is read as printed, even once a rule has removed it; a reporter's
        `The minister said:` over a bare date is no comment header.
        """
        key = self.info[i].key
        if not _COMMENT_NAME.fullmatch(key) or key.split(None, 1)[0].casefold() in FUNCTION_WORDS:
            return False
        below = next((line for line in self.lines[i + 1 : i + 3] if line.strip()), None)
        if below is None:
            return False
        return _timed_stamp(self.vocabulary, " ".join(below.split()))

    def is_byline(self, line: Line) -> bool:
        """A byline or desk credit (`By Staff Reporter`, `TBS Report`): content."""
        return _byline(self.vocabulary, line)

    def protected(self, line: Line) -> bool:
        """Lines no shape rule may take: bylines, datelines, table rows, lead-ins."""
        return _protected(self.vocabulary, line)


@remembered
def _byline(vocabulary: Vocabulary, line: Line) -> bool:
    """:meth:`Document.is_byline`."""
    folded = [t.casefold() for t in line.tokens]
    if not folded or len(folded) > 8:
        return False
    if folded[0] == "by" or (line.bare[:2] == "By" and len(folded) <= 2):
        return True  # `By Staff Reporter`, `Byadmin`
    if len(folded) > 4:
        return False
    words = vocabulary.byline_words
    text = " ".join(folded)
    return any(w in words for w in folded) or any(" " in w and w in text for w in words)


def opens_with_field(vocabulary: Vocabulary, line: Line) -> bool:
    """Whether a line opens with a label of the page's fields or stamps (`Category:`,
    `Updated:`), not a place."""
    head = line.folded.split(":", 1)[0].strip()
    return head in vocabulary.field_labels or head in vocabulary.stamp_words


@remembered
def _protected(vocabulary: Vocabulary, line: Line) -> bool:
    """:meth:`Document.protected`."""
    return (
        _byline(vocabulary, line)
        or (line.size <= 4 and shapes.is_dateline_start(line.bare) and not opens_with_field(vocabulary, line))
        or shapes.table_like(line.bare)
        or line.end is COLON
    )


@given
def copies(doc: Document) -> list[list[Line]]:
    """The lines of four or more words that the page printed more than once, present or
    not, in groups of equal text, each group in order."""
    # Lines are first sorted by a signature equal lines share, so that only lines
    # that may be equal are folded whole (most are paragraphs, folded for nothing).
    first: dict[str, Line] = {}
    alike: dict[str, list[Line]] = {}  # the lines of each signature that more than one has
    for line in doc.info.values():
        if line.size >= REPEAT_WORDS:
            signature = line.shape.signature
            other = first.setdefault(signature, line)
            if other is not line:
                alike.setdefault(signature, [other]).append(line)
    found = []
    for lines in alike.values():
        same: dict[str, list[Line]] = {}
        for line in lines:
            same.setdefault(line.folded, []).append(line)
        found += [group for group in same.values() if len(group) >= 2]
    return found


#: How far below its first copy a page prints a headline again (non-blank lines), and
#: how many lines of furniture it prints between one story and the next.
_COPY_WITHIN = 3
_FURNITURE_RUN = 8

#: A line of the furniture both stories share has at most this many words: a stamp, the
#: site's name, a section label.
_FURNITURE_WORDS = 6


@given
def _appended(doc: Document) -> int | None:
    """The headline of another story that the page appended below the story (a page
    that loads the next story as the reader scrolls), or None.

    That is a line shaped like a headline (no prose, no full stop) below the story's
    prose, which the page prints again within the next :data:`_COPY_WITHIN` lines (a
    story page prints its title twice), where the furniture the page printed between
    the story and that headline (a stamp, the site's name) is printed again between
    the copy and the prose under it: the page's template for a story, a second time.
    A headline printed twice inside a story, or a repeat with no such furniture around
    it, is not one (CW701 takes the copy alone); nor is a heading whose furniture the
    page also printed between the story's own paragraphs (a live page's blocks), nor
    one whose words the story above is about (:func:`_new_subject`), nor one over more
    prose than the story above holds (:func:`_prose_words`).
    """
    lines = doc.lines
    nonblank: list[int] | None = None
    for group in sorted(copies(doc), key=lambda g: g[0].index):
        for head, copy in zip(group, group[1:]):
            if head.prose or copy.prose or head.end not in (OPEN, QUESTION):
                continue
            if nonblank is None:
                nonblank = [i for i, text in enumerate(lines) if text.strip()]
            at = bisect.bisect_left(nonblank, head.index)
            if copy.index not in nonblank[at + 1 : at + 1 + _COPY_WITHIN]:
                continue
            above = _furniture_run(doc, reversed(nonblank[:at]))
            below = _furniture_run(doc, nonblank[bisect.bisect_right(nonblank, copy.index) :])
            if not above or not below:
                continue
            shared = {key for key in set(above) & set(below) if key and key != head.folded and key.count(" ") < _FURNITURE_WORDS}
            # Furniture printed between the story's own paragraphs too (a live page's
            # stamp under each entry) marks blocks of one story, not a second story.
            story = nonblank[: at - len(above)]
            if (
                shared
                and shared.isdisjoint(_story_texts(doc, story))
                and _new_subject(doc, head, story)
                and _prose_words(doc, nonblank[at:]) <= _prose_words(doc, story)
            ):
                return head.index
    return None


def _prose_words(doc: Document, indices: list[int]) -> int:
    """How many words the lines at ``indices`` that read as prose hold. A second story
    with more than the first is more likely the first's own sections: taking it would
    take most of the page's text on the evidence of its furniture alone."""
    info = doc.info
    return sum(line.size for line in (info.get(i) for i in indices) if line is not None and line.prose)


def _content_words(line: "Line | Shape") -> set[str]:
    """The words of a line that carry its subject: four letters or more, no function word."""
    return {w for w in (t.casefold() for t in line.tokens) if len(w) >= 4 and w not in FUNCTION_WORDS}


def _new_subject(doc: Document, head: Line, story: list[int]) -> bool:
    """Whether the headline ``head`` names another subject than the story's paragraphs
    (the lines at ``story``) are about: fewer than half of its words that carry a
    subject (two at least) occur in them. A heading of the story's own section repeats
    the story's words (`However changes can be made`); the next story's headline, as
    pages append it, mostly does not (`Saudi Arabia announces more deaths` under a story
    of a drone attack)."""
    words = _content_words(head)
    if len(words) < 2:
        return False
    seen: set[str] = set()
    info = doc.info
    for i in story:
        line = info.get(i)
        if line is not None and line.prose:
            seen |= _content_words(line) & words
    return 2 * len(seen) < len(words)


def _story_texts(doc: Document, indices: list[int]) -> set[str]:
    """The folded texts of the lines at ``indices`` from the first that reads as prose
    on, present or removed: the story above a candidate's furniture."""
    info, gone = doc.info, doc.gone
    found: set[str] = set()
    started = False
    for i in indices:
        line = info.get(i)
        if not started:
            started = line is not None and line.prose
        if started:
            shape = line if line is not None else gone.get(i)
            if shape is not None:
                found.add(shape.folded)
    return found


def _furniture_run(doc: Document, order) -> list[str] | None:
    """The folded texts of the non-blank lines in ``order`` up to the first that reads
    as prose (the lines the phrase rules removed among them), or None when none comes
    within :data:`_FURNITURE_RUN` lines."""
    run = []
    info, gone = doc.info, doc.gone
    for i in order:
        line = info.get(i)
        if line is not None and line.prose:
            return run
        if len(run) == _FURNITURE_RUN:
            return None
        run.append(line.folded if line is not None else gone[i].folded if i in gone else "")
    return None


@given
def _comment_headers(doc: Document) -> list[int]:
    """The lines that read as the header of a reader comment, present or not."""
    return [i for i, line in doc.info.items() if may_head_comment(line) and (_comment_header(None, line) or doc._dated_below(i))]


#: The heading of a page's reader comments: `Comments`, `Comments (12)`, `12 Comments`.
_COMMENTS_HEADING = Lazy(r"(?:\d{1,6} )?(?:reader(?:s'|s’)? )?comments?(?: \(\d{1,6}\))?\s*:?", regex.IGNORECASE)

#: A commenter's name as a thread prints it over the comment's time: up to four
#: words, no sentence punctuation.
_COMMENTER = Lazy(r"[\p{L}@][\w.@'’-]{0,30}(?: [\w.@'’-]{1,30}){0,3}")

#: How far below the heading the first comment's name may stand (non-blank lines).
_FIRST_COMMENT_WITHIN = 3


@given
def _headed_thread(doc: Document) -> int | None:
    """The line of a comments heading below the story's first paragraph that two
    comments follow, each signed by a name over its date and time (`Ali Khan` over
    `Mar 05, 2024 11:02pm`), the first of them at once: there the thread starts. A
    heading alone, or names over dates without one, start nothing.
    """
    lines = doc.lines
    for i, text in enumerate(lines):
        if "omment" not in text or len(text) > 40 or not _COMMENTS_HEADING.fullmatch(line_key(text)):
            continue
        if not any(line.prose for j, line in doc.info.items() if j < i):
            continue  # above the story: a link to the comments, not the thread
        below = [(j, line_key(lines[j])) for j in range(i + 1, len(lines)) if lines[j].strip()]
        signed = [n for n in range(len(below) - 1) if _signed(doc, below[n][1], below[n + 1][1])]
        if len(signed) >= 2 and signed[0] < _FIRST_COMMENT_WITHIN:
            return i
    return None


def _signed(doc: Document, name: str, below: str) -> bool:
    """Whether ``name`` reads as a commenter's name over ``below``, a stamp with a time."""
    if not _COMMENTER.fullmatch(name) or name.split(" ", 1)[0].casefold() in FUNCTION_WORDS:
        return False
    return _timed_stamp(doc.vocabulary, below)


def _timed_stamp(vocabulary: Vocabulary, key: str) -> bool:
    """Whether ``key`` is a date or time stamp with a time, as a comment's is."""
    words = vocabulary.stamp_words
    return shapes.is_stamp(key, words, False) and "time" in (shapes.stamp_parts(key, words) or {})


#: A reader comment's header (`amina says: March 4, 2019 at 9:40 a.m.`) has at most
#: this many words; a line of prose :func:`prose_fold` tells has more.
COMMENT_HEADER_WORDS = 10


def may_head_comment(line: Line) -> bool:
    """Whether ``line`` is short enough and has the words to be a comment's header."""
    return line.size <= COMMENT_HEADER_WORDS and _comment_words(None, line)


@remembered
def _comment_words(_, line: Line) -> bool:
    return _maybe_comment(line.key)


@remembered
def _comment_header(_, line: Line) -> bool:
    return _COMMENT_HEADER.fullmatch(line.key) is not None


def _maybe_comment(key: str) -> bool:
    folded = key.casefold()
    return "said" in folded or "says" in folded or "wrote" in folded or "writes" in folded or "comment" in folded or "replied" in folded


def _continues(line: Line, stamp_words: frozenset[str], months: frozenset[str] = frozenset()) -> bool:
    """Whether a line continues the sentence of the line above it: it opens in lower
    case, or with a figure (`1,200 people were ...`) that is neither the number of a
    list item (`2. Petrol price ...`) nor a date stamp (`12 Rabi al-Awwal 1446`).

    >>> sw, months = frozenset(), frozenset({"rabi al-awwal"})
    >>> [_continues(describe(0, t), sw, months) for t in ("and the rest were", "1,200 people were moved", "2. Petrol price to fall", "12 Rabi al-Awwal 1446")]
    [True, True, False, False]
    """
    first = line.bare[:1]
    if first.islower():
        return True
    return first.isdigit() and line.size > 3 and not _LIST_NUMBER.match(line.bare) and not shapes.is_stamp(line.bare, stamp_words, False, months)


#: The number of an item of a numbered list: `1. `, `2) `.
_LIST_NUMBER = Lazy(r"\d{1,2}[.)]\s")


#: A commenter's name and `says:` alone on a line, the date printed under it.
_COMMENT_NAME = Lazy(r"[\w.@'’-]{2,30}(?: [\w.@'’-]{1,30}){0,2} (?:said|says|wrote|writes|commented|replied)\s*:", regex.IGNORECASE)

#: A reader comment's header: numbered (`1. probono said:`) or followed by its date
#: (`zafarov says: March 3, 2019 at 5:12 pm`). A reporter's `The minister said:` is
#: neither, and a thread needs two headers.
_COMMENT_HEADER = Lazy(
    r"\d{1,3}[.)]\s*[\w.@'’-]{2,30}(?: [\w.@'’-]{1,30}){0,2} (?:said|says|wrote|writes|commented|replied)\s*:?"
    r"|[\w.@'’-]{2,30}(?: [\w.@'’-]{1,30}){0,2} (?:said|says|wrote|writes|commented|replied)\s*:?"
    r"\s*(?:on\s+)?\p{L}{3,9}\.? \d{1,2},? \d{4}(?:,? (?:at )?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)?",
    regex.IGNORECASE,
)
