"""CW7xx, stage ``structure``: page furniture recognised by its shape and place.

Phrase rules (CW1xx-CW5xx) know what boilerplate *says*. An unfamiliar site's
furniture says something no list foresaw, but it has the same *form* everywhere: a
section label above the headline, a stamp in a local date format, a run of headlines
after the story's last paragraph, a prompt to follow the site in new words. This stage
builds a small model of each document (:mod:`.document`: each line's shape, and the
head, body and tail zones) and runs one small finder per rule over it
(:mod:`.finders`). The lines the phrase rules matched in the same pass are evidence:
a `Read more` heading makes the headlines under it promotions.

Every removal carries its evidence (``--explain`` prints it), the removal budget and
``keep`` patterns apply as for phrase rules, and what a rule may remove depends on the
zone: inside the story only exact repeats, stamps with a time, record numbers, prompts
and lists under a list heading; labels, off-script lines and headline lists only above
or below it. Headlines, bylines, datelines, sub-headings, table rows and lines that
introduce a list are never taken by shape alone.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Callable, Mapping, NamedTuple, Sequence

from ...model import ChangeLog, Example, Rule, Stage
from . import finders
from .document import REPEAT_WORDS, Document, line_key, may_head_comment, prose_alone, prose_fold, shape_cache
from .vocabulary import Vocabulary, packaged

#: The stage repeats its finders when a removal moved the end of the body (a repeated
#: paragraph was the last one); a document settles within this many rounds.
MAX_ROUNDS = 3


@dataclass(frozen=True, eq=False, repr=False)
class StructureRule(Rule):
    """A rule of the structure stage: a finder over the document model."""

    finder: Callable | None = field(default=None, repr=False)
    #: ``plain_test(vocabulary, shape)``: whether the finder might take that line from
    #: a plain story (see :mod:`.finders`); it is asked about every line but the long
    #: paragraphs. :func:`.finders.never` says it takes nothing there. None: not
    #: known; every document is then modelled before the rules judge it.
    plain_test: Callable[[Vocabulary, object], bool] | None = field(default=None, repr=False)

    def find(self, doc: Document):
        return self.finder(doc)

    def apply(self, text: str, log: ChangeLog | None = None) -> str:
        # The rule alone: the same line step as the pipeline's, with no phrase rules.
        from ..lines import LineRemover

        return LineRemover((), structure=(self,), furniture=find_furniture).apply(text, log)


class Verdict(NamedTuple):
    """Why a line goes: the rule, its evidence, and the lines the evidence names (a
    named tuple: a page's removals each make one)."""

    rule: Rule
    note: str = ""
    refs: tuple[int, ...] = ()
    #: Where the line stood: ``head``, ``body`` or ``tail`` of the story.
    zone: str = "body"

    @property
    def outside_story(self) -> bool:
        """Removed above or below the story's paragraphs, which stay whole whatever
        goes there; the removal budget counts only what goes from inside."""
        return self.zone != "body"

    def explain(self, origin: Callable[[int], int]) -> str:
        """The evidence with each reference written as the input line it came from."""
        return self.note.format(*(origin(i) for i in self.refs))


def find_furniture(
    lines: Sequence[str],
    earlier: Mapping[int, Rule],
    rules: Sequence[StructureRule],
    vocabulary: Vocabulary | None = None,
    keys: Sequence | None = None,
) -> dict[int, Verdict]:
    """The lines the structure ``rules`` remove from ``lines``, with their evidence.

    ``earlier`` maps the lines the phrase rules remove in the same pass to their rule;
    ``keys``, when given, holds each line's key (None where not worked out).
    Rules run in order, each seeing the removals of those before it; when a round
    removed a line, the rules run again (a rule may have kept a line for one a later
    rule took), after the zones are recomputed if the line was in the body.
    A plain story (see :mod:`.finders`) is answered without the document model.
    """
    if not rules:
        return {}
    vocabulary = vocabulary or packaged()
    if _plain_story(lines, earlier, rules, vocabulary, keys):
        return {}
    return _judge(lines, earlier, rules, vocabulary, keys)


def _judge(lines, earlier, rules, vocabulary: Vocabulary, keys) -> dict[int, Verdict]:
    """:func:`find_furniture` by the document model, whatever the document."""
    doc = Document(lines, earlier, vocabulary, keys)
    rules = _in_order(tuple(rules))
    zones: dict[int, str] = {}
    for _ in range(MAX_ROUNDS):
        from_body = False  # whether this round removed a line of the body
        removed = False  # whether it removed any line
        for rule in rules:
            for i, note, refs in list(rule.find(doc)):
                if doc.present(i):
                    doc.remove(i, rule, note, refs)
                    zones[i] = zone = doc.zone(i)
                    from_body = from_body or zone == "body"
                    removed = True
        if not removed:
            break
        if from_body:
            doc.refresh()
    return {i: Verdict(rule, note, refs, zones[i]) for i, (rule, note, refs) in doc.removed.items()}


def _plain_story(lines, earlier, rules, vocabulary: Vocabulary, keys) -> bool:
    """Whether ``rules`` are sure to take nothing because the document is a plain
    story (see :mod:`.finders`): every line left reads as prose on its own, none of
    four or more words repeats another, no comment thread starts, and no rule's
    plain-story test picks a line. Most articles without furniture are plain
    stories; telling so costs a fraction of building the model, and stops at the
    first line that fails. A page of a single line is answered for the same way,
    prose or not.

    A line is asked only of the tests that pick lines of its length and whose text
    check (see :func:`.finders.plain_test`) does not rule it out; a line of prose
    that :func:`~.document.prose_fold` tells from its text needs no shape at all
    unless a test is asked.
    """
    tests = _plain_tests(tuple(rules))
    if tests is None:
        return False
    shape = shape_cache(vocabulary).shape
    texts = set()  # the folded texts of the lines of four or more words
    headers = 0  # lines that could head a reader comment
    read = False  # whether a line has been read
    alone = False  # whether that line does not read as prose (then it must stay alone)
    for i, text in enumerate(lines):
        if i in earlier:
            continue
        key = keys[i] if keys is not None and keys[i] is not None else line_key(text)
        if not key:
            continue
        if alone:
            return False
        told = prose_fold(key)
        if told is not None:
            # Longer than a comment's header and a repeat's least words (see the test
            # file): its shape is made only if a test is asked.
            folded, size = told
            found, text = None, key
        else:
            found = shape(key)
            if not prose_alone(found):
                # A page of one line (a headline, a record's title field) has no
                # prose, so it is all the story's body, as a plain story is: the same
                # tests answer for it. Unless the phrase rules took another line, which
                # may have been a list heading above it.
                if read or earlier:
                    return False
                alone = True
            size, text = found.size, found.bare
        read = True
        for words, check, test in tests:
            if size > words:
                break  # the tests are in order of the words they pick, most first
            if (check is None or check(vocabulary, text)) and test(vocabulary, found or shape(key)):
                return False
        if found is not None:
            if may_head_comment(found):
                headers += 1
                if headers == 2:
                    return False  # a thread would end the story's body
            if size < REPEAT_WORDS:
                continue
            folded = found.folded
        if folded in texts:
            return False
        texts.add(folded)
    return True


@functools.lru_cache(maxsize=16)
def _plain_tests(rules: tuple) -> tuple | None:
    """The plain-story tests of ``rules`` that can pick a line, as ``(words,
    text_check, test)`` (see :func:`.finders.plain_test`), most words first; None when
    a rule has none."""
    if any(rule.plain_test is None for rule in rules):
        return None
    tests = dict.fromkeys(rule.plain_test for rule in rules if rule.plain_test is not finders.never)
    declared = [(getattr(t, "words", finders.ANY_LENGTH), getattr(t, "text_check", None), t) for t in tests]
    return tuple(sorted(declared, key=lambda d: -d[0]))


@functools.lru_cache(maxsize=16)
def _in_order(rules: tuple) -> tuple:
    """``rules`` in the order of :data:`RULES` (another rule after them, by code)."""
    order = {rule.code: n for n, rule in enumerate(RULES)}
    return tuple(sorted(rules, key=lambda r: (order.get(r.code, len(order)), r.code)))


def _rule(code, name, finder, plain_test, summary, why, examples) -> StructureRule:
    return StructureRule(
        code=code,
        name=name,
        stage=Stage.STRUCTURE,
        family="structure",
        summary=summary,
        why=why,
        examples=tuple(Example(i, o) for i, o in examples),
        finder=finder,
        plain_test=plain_test,
    )


# A paragraph long enough to read as the body of a story, for the examples.
_P1 = "The council approved the new budget on Tuesday after a long debate about school funding and road repairs."
_P2 = "Members said the plan would be reviewed again in the spring, when the first figures for the year are in."

RULES: tuple[StructureRule, ...] = (
    _rule(
        "CW701",
        "repeated-line",
        finders.repeated_lines,
        finders.never,
        "A later copy of a line of four or more words that the page printed twice (a headline above and below the byline).",
        "Scraped pages repeat headlines, standfirsts and teasers in several page regions; the story needs each line once. The first copy stays.",
        [
            (f"Council approves new budget\nCouncil approves new budget\n{_P1}\n", f"Council approves new budget\n{_P1}\n"),
            (f"Yes\n{_P1}\nYes\n", f"Yes\n{_P1}\nYes\n"),
        ],
    ),
    _rule(
        "CW702",
        "page-stamp",
        finders.page_stamps,
        finders.stamp_shaped,
        "A date or time stamp on its own line, in any local format: `2021 Mar 19, 19:05, Kathmandu`, `Saturday 1440/9/20 - 2019/05/25`, `11:16 LOCAL TIME 08:16 GMT`.",
        "Publication stamps date the page, not the story. A stamp is read token by token (dates, times, zones, labels such as `Updated`), "
        "so formats no pattern lists are found; inside the story a bare date may be a timeline's sub-heading and is kept.",
        [
            (f"Council approves new budget\n2021 Mar 19, 19:05, Kathmandu\n{_P1}\n", f"Council approves new budget\n{_P1}\n"),
            (f"{_P1}\nMarch 3, 2024\n{_P2}\n", f"{_P1}\nMarch 3, 2024\n{_P2}\n"),
        ],
    ),
    _rule(
        "CW703",
        "page-id",
        finders.page_ids,
        finders.residue_shaped,
        "What markup leaves on a line of its own: record numbers (`News Code: 84422939`), slugs, bare links, `%%footer%%`, a lone dash.",
        "These lines name the page, not the story; none of them can be a sentence.",
        [
            (f"News Code: 84422939\n{_P1}\n%%footer%%\n", f"{_P1}\n"),
            (f"{_P1}\nThe death toll rose to 45.\n", f"{_P1}\nThe death toll rose to 45.\n"),
        ],
    ),
    _rule(
        "CW704",
        "call-to-action",
        finders.calls_to_action,
        finders.prompt_shaped,
        "A prompt in any wording, found by its cues: a verb such as follow, subscribe, download or click, a channel (app, newsletter, page, a platform), "
        "and a pointer to the site (`our`, `us`, an @handle, a link, `here`).",
        "Outlets word their prompts in endless ways that no phrase list can hold; the cue sets (cleanwire/data/structure.toml) find them. "
        "A reported sentence opens with its subject or carries a reporting verb, so it is not a prompt.",
        [
            (f"{_P1}\nGet the day's top stories in your inbox: sign up for our morning briefing newsletter\n", f"{_P1}\n"),
            (f"{_P1}\nHe urged residents to follow the advice on the app.\n", f"{_P1}\nHe urged residents to follow the advice on the app.\n"),
            (f"{_P1}\nWant the day's news in your inbox? Sign up for our free briefing.\n", f"{_P1}\n"),
            (f"{_P1}\nIs the app safe? Download figures suggest most users trust it.\n", f"{_P1}\nIs the app safe? Download figures suggest most users trust it.\n"),
        ],
    ),
    _rule(
        "CW705",
        "navigation-label",
        finders.page_labels,
        finders.never,
        "Section, site and navigation labels above or below the story: `Crime`, `Bangladesh`, `Home | World`, the site's name, a menu, a label the page repeats.",
        "Navigation scraped with the article ends up above the headline or under the last paragraph. A label is known from the vocabulary "
        "(cleanwire/data/structure.toml), from repetition, or as part of a menu run; inside the story a sub-heading is never touched.",
        [
            (f"Crime\nCouncil approves new budget\n\n{_P1}\n", f"Council approves new budget\n\n{_P1}\n"),
            (f"Council approves new budget\n{_P1}\nCrime\n{_P2}\n", f"Council approves new budget\n{_P1}\nCrime\n{_P2}\n"),
        ],
    ),
    _rule(
        "CW706",
        "off-script-line",
        finders.off_script_lines,
        finders.never,
        "A line above or below the story in another script than the story's (Urdu or Hindi headlines under an English story).",
        "Bilingual sites put links to their other editions around a story; inside the story a quotation in another script is content and stays.",
        [
            (f"{_P1}\n{_P2}\nبجٹ منظور کر لیا گیا\n", f"{_P1}\n{_P2}\n"),
            (f"{_P1}\nبجٹ منظور کر لیا گیا\n{_P2}\n", f"{_P1}\nبجٹ منظور کر لیا گیا\n{_P2}\n"),
        ],
    ),
    _rule(
        "CW707",
        "comment-thread",
        finders.comment_threads,
        finders.never,
        "A thread of reader comments after the story, from its first header (`1. reader said:`) to the end.",
        "Comments are readers' words, not the story's; a thread is recognised by two or more numbered or dated comment headers, "
        "or by a comments heading under the story over two comments signed by a name over their time, "
        "so a reporter's `The minister said:` does not start one.",
        [
            (
                f"{_P1}\n{_P2}\n1. reader said:\nWhat a waste of money.\n2. another said:\nAgreed.\n",
                f"{_P1}\n{_P2}\n",
            ),
            (
                f"{_P1}\n{_P2}\nComments (2)\nAli Khan\nMar 05, 2024 11:02pm\nToo little.\nSara\nMar 05, 2024 11:30pm\nGood step.\n",
                f"{_P1}\n{_P2}\n",
            ),
            (f"{_P1}\nThe minister said:\n{_P2}\n", f"{_P1}\nThe minister said:\n{_P2}\n"),
        ],
    ),
    _rule(
        "CW708",
        "story-list",
        finders.story_lists,
        finders.heading_shaped,
        "Lists of other stories: headlines under a list heading (`Read more`, `Related`), and headlines or cut teasers after the story's last paragraph.",
        "Related-story widgets are scraped as runs of headline-shaped lines. Two or more after the last paragraph, or one after other boilerplate there, "
        "are a list; a single short line that ends a story is kept, and so is a list the story introduces with a colon or a sub-heading of its own (`Squad`).",
        [
            (
                f"{_P1}\n{_P2}\nFloods close the coastal road\nMinister opens new bridge in the north\n",
                f"{_P1}\n{_P2}\n",
            ),
            (f"{_P1}\n{_P2}\nWhat happens next\n", f"{_P1}\n{_P2}\nWhat happens next\n"),
            (
                f"{_P1}\n{_P2}\nSquad\nBabar Azam (captain)\nShaheen Shah Afridi\n",
                f"{_P1}\n{_P2}\nSquad\nBabar Azam (captain)\nShaheen Shah Afridi\n",
            ),
        ],
    ),
    _rule(
        "CW709",
        "widget-count",
        finders.widget_counts,
        finders.never,
        "A reaction or share widget scraped one cell a line above or below the story: `Happy`, `0`, `Sad`, `0`, `Like`, `12`.",
        "Mood polls and share bars print a word and its count per cell; three or more such lines in a row, two of them words of the "
        "`widget_words` list, are the widget. Figures alone, and any line inside the story, stay: a table's cells are content.",
        [
            (f"{_P1}\n{_P2}\nHappy\n0\nSad\n2\nAngry\n0\n", f"{_P1}\n{_P2}\n"),
            (f"{_P1}\n{_P2}\nGoals\n2\nShots\n11\n", f"{_P1}\n{_P2}\nGoals\n2\nShots\n11\n"),
        ],
    ),
    _rule(
        "CW710",
        "appended-story",
        finders.appended_stories,
        finders.never,
        "Another story the page appended below this one (the next story, loaded as the reader scrolls): from its headline to the end.",
        "A page that loads the next story under the first is scraped as two stories. The second is known by the page's template printed again: "
        "a headline shaped as one, printed twice, with the same furniture (a stamp, the site's name) between the first story and it as between it "
        "and its own paragraphs. A headline printed twice inside a story is not enough, nor is one whose words the story above is about, "
        "nor a second story with more prose than the first (more likely the first story's own sections).",
        [
            (
                f"Council approves new budget\n{_P1}\n{_P2}\nUpdated 20 March 2024\nThe Courier\nFloods close the coastal road\nFloods close the coastal road\n"
                "Updated 20 March 2024\nThe Courier\nHeavy rain flooded the coastal road on Monday and officials said it would stay closed for a week.\n",
                f"Council approves new budget\n{_P1}\n{_P2}\nUpdated 20 March 2024\nThe Courier\n",
            ),
            (
                f"Council approves new budget\n{_P1}\nFloods close the coastal road\nFloods close the coastal road\n{_P2}\n",
                f"Council approves new budget\n{_P1}\nFloods close the coastal road\nFloods close the coastal road\n{_P2}\n",
            ),
        ],
    ),
)

__all__ = ["RULES", "StructureRule", "Verdict", "find_furniture"]
