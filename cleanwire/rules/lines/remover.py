"""Removing boilerplate lines: every selected pattern rule in one walk over a text.

:class:`LineRemover` decides which lines go (a rule's position says where a matching
line counts), keeps what the removal budget and ``keep`` patterns protect, and is the
line stage's one pipeline step.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

import regex

from ...chars import FULL_STOPS, QUESTION_MARKS, SENTENCE_CLOSERS
from ...compiled import Lazy
from ...model import ALWAYS, ChangeLog, Edit, Rule, Step, View
from .keys import KEY_FOLDS, lead_length, line_key, line_keys
from .matcher import GroupMatcher, matcher_for
from .patterns import PATTERN_LIMIT, POSITIONS

#: A line of this many words or more is prose: ``head`` rules act only above the first.
PROSE_WORDS = 20

#: In a text without such a line (a brief in short paragraphs, a timeline, a table of
#: results), the head ends at the first sentence of this many words or more: its
#: dates, figures and names below it are the story's, not the page header's.
SENTENCE_WORDS = 5



def head_end(lines: Iterable[tuple[int, str, int]], default: int) -> int:
    """Where the head of a page ends, given its ``(index, text, words)`` in order:
    the first line of PROSE_WORDS words or more; in a text with none, the first
    line of SENTENCE_WORDS words or more that ends as a sentence does; else
    ``default``.

    >>> brief = ["Final score", "Pakistan beat India in the final.", "3", "A long paragraph " * 7]
    >>> head_end([(i, t, len(t.split())) for i, t in enumerate(brief)], 4), head_end([(i, t, len(t.split())) for i, t in enumerate(brief[:3])], 3)
    (3, 1)
    """
    fallback = None
    for i, text, words in lines:
        if words >= PROSE_WORDS:
            return i
        if fallback is None and words >= SENTENCE_WORDS and text.rstrip(_CLOSERS)[-1:] in _SENTENCE_ENDS:
            fallback = i
    return default if fallback is None else fallback


#: What ends a sentence, and what may close it after its mark (with spaces).
_SENTENCE_ENDS = FULL_STOPS + QUESTION_MARKS
_CLOSERS = SENTENCE_CLOSERS + " "

_KEY_FOLDS = frozenset(KEY_FOLDS)


#: How often the positional walks may go on past lines the structure rules removed
#: within one run; beyond it, the run reports itself unsettled and runs again.
_WALK_ROUNDS = 3


@dataclass(frozen=True)
class RemovalPolicy:
    """Guards against gutting a document.

    If the selected rules would remove more than ``max_removed_share`` of a document's
    non-blank lines *and* of its non-blank characters, nothing is removed and the
    explanation carries a flag. Lines longer than ``max_line_length`` characters are
    never candidates. Lines matching a ``keep`` pattern are never removed.
    """

    max_removed_share: float = 0.5
    max_line_length: int = 400
    keep: tuple[str, ...] = ()


#: A headline a label opens: the label, a colon or a bar, and three words or more.
_TITLED = Lazy(r"[^:|｜]{1,40}[:|｜]\s*\S+(?:\s+\S+){2,}")


def _spared_headline(rule, keys: list, i: int) -> bool:
    """Whether ``rule``, which matched line ``i``, spares it (``spares_headline``) as
    the story's own headline: a label and a title (:data:`_TITLED`: `Photos: Festival
    draws thousands`, not a bare `Watch the video:`), on the text's first line, with a
    paragraph of :data:`PROSE_WORDS` words or more as the next non-blank line.
    (``keys[j]`` is None for a line too long to be keyed: a paragraph.)

    >>> from types import SimpleNamespace
    >>> sparing = SimpleNamespace(spares_headline=True)
    >>> _spared_headline(sparing, ["Photos: Festival draws thousands", "", "word " * 25], 0)
    True
    >>> _spared_headline(sparing, ["Watch the video:", "", "word " * 25], 0)
    False
    >>> _spared_headline(sparing, ["Story", "Photos: Festival draws thousands", "word " * 25], 1)
    False
    """
    if not getattr(rule, "spares_headline", False):
        return False
    if keys[i] is None or not _TITLED.fullmatch(keys[i]):
        return False
    if any(key is None or key for key in keys[:i]):
        return False
    below = next((j for j in range(i + 1, len(keys)) if keys[j] is None or keys[j]), None)
    if below is None:
        return False
    key = keys[below]
    return key is None or key.count(" ") + 1 >= PROSE_WORDS


class LineRemover(Step):
    """Applies a set of :class:`~cleanwire.rules.lines.rule.PatternRule` to a text in one pass over its lines.

    As a pipeline step it gates itself (one scan of all its gate strings finds the
    lines worth matching, see :class:`~cleanwire.rules.lines.matcher.GroupMatcher`), so it runs on every text. What
    it decides depends on the line keys alone, and once it removed nothing, it
    removes nothing from any text with the same keys.
    """

    triggers = ALWAYS
    #: What a line's key folds other than the plain space: lines surely too long to be
    #: candidates then need no key, and lines without any fold cheaply (see
    #: :func:`~cleanwire.rules.lines.keys.line_keys`).
    hints = KEY_FOLDS
    writes = ""  # it only deletes lines
    reads = View.KEYS

    def __init__(
        self,
        rules: Iterable[Rule],
        policy: RemovalPolicy | None = None,
        structure: Iterable = (),
        vocabulary=None,
        furniture: Callable | None = None,
    ) -> None:
        self.rules = tuple(rules)
        self.policy = policy or RemovalPolicy()
        #: The structure stage's rules (CW7xx): they decide over the same lines, with
        #: the phrase rules' verdicts as evidence, under the same budget.
        self.structure = tuple(structure)
        #: Their word lists (None: the packaged ones).
        self.vocabulary = vocabulary
        #: What finds the lines they remove (:func:`cleanwire.rules.structure.find_furniture`),
        #: handed in by whoever builds the step, so the line stage needs no other stage.
        self.furniture = furniture
        if self.structure and furniture is None:
            raise ValueError("structure rules need the furniture finder that applies them")
        by_position: dict[str, list[Rule]] = {p: [] for p in POSITIONS}
        for rule in self.rules:
            by_position[rule.position].append(rule)
        self._anywhere_rules = by_position["anywhere"]
        self._anywhere = matcher_for(tuple(self._anywhere_rules)) if self._anywhere_rules else None
        self._positional_rules = by_position["leading"] + by_position["trailing"] + by_position["head"]
        # One matcher per position: a line can match rules of several positions (a
        # bare agency name is a sign-off at the end and a byline at the top), and
        # each position must see its own rule, not the first positional rule that
        # matches.
        self._positions = {
            position: (by_position[position], matcher_for(tuple(by_position[position])))
            for position in ("leading", "trailing", "head")
            if by_position[position]
        }
        self._keep = (
            regex.compile("|".join(f"(?:{k})" for k in self.policy.keep), regex.IGNORECASE)
            if self.policy.keep
            else None
        )

    def __reduce__(self):
        return (type(self), (self.rules, self.policy, self.structure, self.vocabulary, self.furniture))

    @functools.cached_property
    def _positional(self) -> "GroupMatcher | None":
        """All positional rules in one matcher, which the prefilter tests compare with
        the full alternation; removal itself uses the per-position matchers (built
        when first asked for: cleaning never does)."""
        return GroupMatcher(self._positional_rules) if self._positional_rules else None

    @property
    def code(self) -> str:
        """The codes of the rules it runs, as a range (``CW101-CW708``), for reports."""
        codes = sorted(rule.code for rule in self.rules + self.structure)
        return codes[0] if len(codes) == 1 else f"{codes[0]}-{codes[-1]}"

    def _match(
        self, matcher: "GroupMatcher | None", rules, key: str, folded: str | None = None, lead=None, hits=None
    ):
        if matcher is None:
            return None
        # A match past the safety limit raises (PatternTimeout): read as "no match",
        # it would make the result depend on the machine's load. Patterns proven
        # linear need no limit.
        limit = PATTERN_LIMIT if matcher.limited else None
        index = matcher.match(key, timeout=limit, folded=folded, lead=lead, hits=hits)
        return None if index is None else rules[index]

    def verdicts(self, lines: list[str]) -> dict[int, Rule]:
        """Map the index of each line to remove to the rule that removes it."""
        return self._verdicts(lines)[0]

    def _verdicts(
        self, lines: list[str], folds: frozenset[str] | None = None
    ) -> tuple[dict[int, Rule], set[int]]:
        """The lines to remove, and the lines whose removal could let a rerun remove more.

        Positional rules are only tried on the lines where they can act: from the top
        down to the first line that is not in the leading block, from the bottom up to
        the first line that is not in the trailing block, and above the first prose
        line. The lines where those walks stop, and the first prose line, are the
        second result: if one of them is removed after all (by another position),
        running the remover again could reach further.

        ``folds``, when given, holds every character of the lines a key changes other
        than the plain space (a superset will do); it lets lines whose key is sure to
        be too long skip building it, and most others fold cheaply (see
        :func:`~cleanwire.rules.lines.keys.line_keys`).
        """
        limit = self.policy.max_line_length
        removed: dict[int, Rule] = {}
        keys: dict[int, tuple[str, str, int]] = {}
        blank: set[int] = set()
        anywhere, anywhere_rules = self._anywhere, self._anywhere_rules
        keep = self._keep
        # A line too long to be a candidate needs no key: most of a document's text is
        # in such lines, and folding and scanning them was most of the cost. The
        # structure stage reads every line, so with it each line is keyed here, where
        # ``folds`` makes most keys cheap; only candidates are folded and scanned.
        all_keys = line_keys(lines, None if self.structure else limit, folds)
        # str.lower is str.casefold on ASCII text, and much faster.
        all_folded = [
            "" if key is None or len(key) > limit else key.lower() if key.isascii() else key.casefold()
            for key in all_keys
        ]
        found = anywhere.scan_lines(all_folded) if anywhere is not None and anywhere.scan_pays(len(lines)) else None
        nothing: frozenset[int] = frozenset()
        for i, key in enumerate(all_keys):
            if key is None:
                continue
            if not key:
                blank.add(i)
                continue
            if len(key) > limit:
                continue
            if keep is not None and keep.search(key):
                continue
            folded = all_folded[i]
            # No bullet, dash or space is a letter or digit.
            lead = 0 if key[0].isalnum() else lead_length(key)
            if found is not None:
                hits = found.get(i, nothing)
                if not hits and not lead and anywhere.idle(folded[0]):
                    keys[i] = (key, folded, lead)
                    continue
                rule = self._match(anywhere, anywhere_rules, key, folded, lead, hits)
            else:
                rule = self._match(anywhere, anywhere_rules, key, folded, lead)
            if rule is not None and not _spared_headline(rule, all_keys, i):
                removed[i] = rule
                continue
            keys[i] = (key, folded, lead)
        watch: set[int] = set()
        if self._positions:
            self._resolve_positions(lines, all_keys, removed, keys, blank, watch)
        if self.structure:
            # The structure stage settles itself (its rounds) and its model reads the
            # lines the phrase rules removed as absent, so a rerun over the output sees
            # the same model. A line it removes is often where a positional walk
            # stopped (a section label above a `Source:` line): the walks then go on
            # past it here, and the structure rules judge again with what they found,
            # rather than the whole stage running again over the output.
            # A walk passes over the lines the structure rules took; if they take
            # fewer once the walk's removals are evidence (a repeat of a line a walk
            # then removed is no repeat), the walk must go over those lines again.
            by_phrase = removed
            passed: set[int] = set()  # the structure rules' lines the last walk passed
            for _ in range(_WALK_ROUNDS):
                furniture = self._furniture(lines, by_phrase, all_keys)
                removed = {**by_phrase, **furniture}
                taken = list(furniture)
                if not self._positions or (watch.isdisjoint(taken) and passed.issubset(furniture)):
                    break
                passed = set(taken)
                walked: set[int] = set()
                self._resolve_positions(lines, all_keys, removed, keys, blank, walked)
                further = {i: removed[i] for i in removed if i not in by_phrase and i not in taken}
                watch = walked
                if not further:
                    break
                by_phrase = {**by_phrase, **further}
        return removed, watch

    def _furniture(self, lines: list[str], by_phrase: dict[int, Rule], all_keys: list) -> dict:
        """The structure rules' verdicts, given the phrase rules' (``by_phrase``), on the
        lines the policy lets go (not too long, no ``keep`` pattern)."""
        limit, keep = self.policy.max_line_length, self._keep
        found = {}
        for i, verdict in self.furniture(lines, by_phrase, self.structure, self.vocabulary, all_keys).items():
            key = all_keys[i] if all_keys[i] is not None else line_key(lines[i])
            if len(key) <= limit and (keep is None or not keep.search(key)):
                found[i] = verdict
        return found

    def _resolve_positions(self, lines, all_keys, removed, keys, blank, watch) -> None:
        n = len(all_keys)

        def match(i: int, position: str):
            entry = keys.get(i)
            if entry is None:
                return None
            rules, matcher = self._positions[position]
            rule = self._match(matcher, rules, *entry)
            return None if rule is not None and _spared_headline(rule, all_keys, i) else rule

        for order, position in ((range(n), "leading"), (range(n - 1, -1, -1), "trailing")):
            if position not in self._positions:
                continue
            for i in order:
                if i in blank or i in removed:
                    continue
                rule = match(i, position)
                if rule is not None:
                    removed[i] = rule
                    continue
                watch.add(i)
                break
        if "head" in self._positions:
            # A line removed in this pass is no prose line, however long: counting it
            # would spare the head lines below it until the next pass, out of sight of
            # this pass's removal budget.
            # A key's words are separated by single spaces.
            first_prose = head_end(
                (
                    (i, key, key.count(" ") + 1) if key is not None else (i, lines[i], len(lines[i].split()))
                    for i, key in enumerate(all_keys)
                    if i not in removed and (key is None or key)
                ),
                n,
            )
            watch.add(first_prose)
            for i in range(first_prose):
                if i in blank or i in removed:
                    continue
                rule = match(i, "head")
                if rule is not None:
                    removed[i] = rule

    def apply(self, text: str, log: ChangeLog | None = None) -> str:
        lines = text.split("\n")
        removed = self.verdicts(lines)
        if not removed:
            return text
        return self._remove(text, lines, removed, log)[0]

    def run(self, text: str, log: ChangeLog | None = None, found: frozenset | None = None):
        """``apply``, and the view on which a second run is sure to remove nothing.

        A second run over the output, or over any text with the same line keys,
        removes nothing when this run removed nothing, or when it removed every line
        an anywhere-rule matched and none of the lines where the positional walks
        stopped (see :meth:`_verdicts`): the walks then stop at the same lines again.
        It could remove more when a stopping line was removed by another position
        (None: not known), or when the budget refused the removal: a later edit may
        change the shares (settled on this very text only). ``found`` lets long lines
        skip their key (see :meth:`_verdicts`).
        """
        lines = text.split("\n")
        folds = None if found is None else found & _KEY_FOLDS
        removed, watch = self._verdicts(lines, folds)
        if not removed:
            return text, View.KEYS
        new, whole = self._remove(text, lines, removed, log)
        if new is text:
            return text, View.TEXT
        return new, View.KEYS if whole and watch.isdisjoint(removed) else None

    def still_settled(self, edit: Edit, view: View) -> bool:
        """After an edit inside some lines (a spelling rewrite), only the edited lines
        need another look (:meth:`settled_after_edit`)."""
        if view is not View.KEYS:
            return False
        return self.settled_after_edit(edit.before.split("\n"), edit.after.split("\n"))

    def settled_after_edit(self, before: list[str], after: list[str]) -> bool:
        """Whether a run over ``after`` removes nothing, given that a run over ``before``
        removes nothing and ``after`` differs from it only inside some of its lines.

        This is how a rewrite of spelling variants is confirmed without running the
        whole stage again. With nothing removable in ``before``, its leading walk
        stopped at the first non-blank line, its trailing walk at the last, and no
        line above the first prose line is a head line. Unless an edit makes a line
        blank or not blank, or shortens the first prose line below prose length (then
        the stage runs in full), the walks stop at the same lines again; so only an
        edited line can have come to match: a rule that may stand anywhere, or the
        position of one of those lines. The structure rules then have no phrase rule's
        removal for evidence; they judge the whole of ``after`` again, since a rewrite
        can change a line's shape (its words, how it reads).
        """
        if len(before) != len(after):
            return not self.verdicts(after)
        edited = [i for i, (old, new) in enumerate(zip(before, after)) if old != new]
        if not edited:
            return True
        if any(not before[i].strip() or not after[i].strip() for i in edited):
            return not self.verdicts(after)
        nonblank = [i for i, line in enumerate(after) if line.strip()]
        positions = self._positions
        prose = len(before)
        if "head" in positions:
            prose = head_end(((i, line, len(line.split())) for i, line in enumerate(before)), len(before))
            if prose != head_end(((i, line, len(line.split())) for i, line in enumerate(after)), len(after)):
                return not self.verdicts(after)  # the head ends elsewhere
        limit, keep = self.policy.max_line_length, self._keep
        for i in edited:
            key = line_key(after[i])
            if len(key) > limit or (keep is not None and keep.search(key)):
                continue
            folded = key.casefold()
            lead = lead_length(key)
            if self._anywhere is not None:
                hits = self._anywhere.scan(folded)
                if self._match(self._anywhere, self._anywhere_rules, key, folded, lead, hits) is not None:
                    return False
            here = []
            if i == nonblank[0]:
                here.append("leading")
            if i == nonblank[-1]:
                here.append("trailing")
            if i < prose:
                here.append("head")
            for position in here:
                if position in positions:
                    rules, matcher = positions[position]
                    if self._match(matcher, rules, key, folded, lead) is not None:
                        return False
        return not self.structure or not self._furniture(after, {}, [line_key(line) for line in after])

    def _remove(
        self, text: str, lines: list[str], removed: Mapping[int, object], log: ChangeLog | None
    ) -> tuple[str, bool]:
        """The text without the ``removed`` lines, and whether all of them went (the
        budget may keep them all, or keep the structure rules' share)."""
        total = len(removed)
        if self._over_budget(lines, removed):
            # Shape evidence is weaker than a phrase: without it the phrase rules'
            # removals alone may fit the budget.
            by_phrase = {i: r for i, r in removed.items() if isinstance(r, Rule)}
            fallback = 0 < len(by_phrase) < len(removed) and not self._over_budget(lines, by_phrase)
            if log is not None:
                log.flags.append(
                    f"removal budget: rules matched {len(removed)} of "
                    f"{sum(1 for line in lines if line.strip())} non-blank lines; "
                    + ("the structure rules' removals were dropped" if fallback else "the document was left as it was")
                )
            if not fallback:
                return text, False
            removed = by_phrase
        if log is not None:
            for i in sorted(removed):
                verdict = removed[i]
                if isinstance(verdict, Rule):
                    log.add(verdict, log.origin(i), lines[i], "")
                else:
                    log.add(verdict.rule, log.origin(i), lines[i], "", verdict.explain(log.origin))
            log.drop_lines(removed)
        return "\n".join(line for i, line in enumerate(lines) if i not in removed), len(removed) == total

    def _over_budget(self, lines: list[str], removed: Mapping[int, object]) -> bool:
        share = self.policy.max_removed_share
        if share >= 1:
            return False
        # Lines the structure rules take above or below the story do not count: the
        # story's paragraphs stay whole whatever goes there.
        inside = [i for i, r in removed.items() if not getattr(r, "outside_story", False)]
        if not inside:
            return False
        nonblank = [i for i, line in enumerate(lines) if line.strip()]
        # Both shares must be over: the share of characters is only counted when
        # the share of lines is, which it seldom is.
        if len(inside) / max(1, len(nonblank)) <= share:
            return False
        total_chars = sum(len(lines[i].strip()) for i in nonblank)
        removed_chars = sum(len(lines[i].strip()) for i in inside)
        return removed_chars / max(1, total_chars) > share
