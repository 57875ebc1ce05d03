"""Reference implementations: the plain definitions the fast code is tested against.

Nothing in the package uses these; they are slow on purpose, written to be obviously
right, so that a test can compare an optimised matcher or the pipeline's loop with
the definition on many texts.
"""

from __future__ import annotations

from typing import Iterator

import regex

from cleanwire.pipeline import MAX_PASSES
from cleanwire.rules.lines import TRAIL, LineRemover, branch_for
from cleanwire.rules.variants import TOKEN, VariantTable, fold, match_case
from cleanwire.rules.variants.index import first_key
from cleanwire.rules.variants.spelling import CAPITALISED_WORD, continues_at, may_start


# --------------------------------------------------------------------------- pipeline


def plain_passes(cleaner, text: str) -> str:
    """What :meth:`Cleaner.clean` is defined to return: whole passes of every step, in
    order, repeated until a pass changes nothing (at most ``MAX_PASSES``)."""
    for _ in range(MAX_PASSES):
        new = text
        for step in cleaner._steps:
            new = step.apply(new)
        if new == text:
            return new
        text = new
    return text


# --------------------------------------------------------------------------- line stage


def compile_branches(branches: list[tuple[int, str]]) -> regex.Pattern:
    """One alternation of ``(rule index, pattern)`` branches, in order, one group per
    rule: what a line-stage matcher is defined to answer (it tries the branches one
    by one instead)."""
    groups: list[int] = []
    bodies: dict[int, list[str]] = {}
    for index, pattern in branches:
        if index not in bodies:
            bodies[index] = []
            groups.append(index)
        bodies[index].append(branch_for(pattern))
    alternation = "|".join(f"(?P<r{index}>{'|'.join(bodies[index])})" for index in groups)
    return regex.compile("(?:" + alternation + ")" + TRAIL, regex.IGNORECASE | regex.VERSION0)


def full_alternation(matcher) -> regex.Pattern:
    """One alternation of every branch of a line-stage matcher, in order, one group per rule."""
    pattern = matcher.__dict__.get("_reference")
    if pattern is None:
        pattern = matcher.__dict__["_reference"] = compile_branches(matcher._branches)
    return pattern


def reference_match(matcher, key: str) -> int | None:
    """The index of the rule whose pattern matches all of ``key``, by the full alternation."""
    m = full_alternation(matcher).fullmatch(key)
    return None if m is None else int(m.lastgroup[1:])


class ReferenceLineRemover(LineRemover):
    """A line remover that matches every line against the full alternation of its
    position group: no prefilter, no gate scan."""

    def _match(self, matcher, rules, key, folded=None, lead=None, hits=None):
        if matcher is None:
            return None
        m = full_alternation(matcher).fullmatch(key)
        return None if m is None else rules[int(m.lastgroup[1:])]


# --------------------------------------------------------------------------- variants


def reference_rewrite(table: VariantTable, text: str) -> str:
    """What :meth:`VariantTable.rewrite` returns, computed from the reference spans."""
    pieces, last = [], 0
    for start, end, canonical in reference_find(table, text):
        found = text[start:end]
        new = match_case(found, canonical)
        if new != found:
            pieces += [text[last:start], new]
            last = end
    return "".join(pieces + [text[last:]]) if pieces else text


def reference_find(table: VariantTable, text: str) -> Iterator[tuple[int, int, str]]:
    """:meth:`VariantTable.find` the straightforward way.

    The matcher as first written: it folds and looks up every capitalised word of
    the text, then chooses among the starts found with the same step as the table
    (:meth:`VariantTable._resolve`). The table's cached word look-up must find the same.

    >>> from cleanwire.rules.variants import Entry
    >>> list(reference_find(VariantTable([Entry("Kyiv", ("Kiev",))]), "Kiev's mayor, @Kiev"))
    [(0, 4, 'Kyiv')]
    """
    index = table._built()
    plain = index.plain.children
    joined = index.joined.children
    if not plain and not joined:
        return
    # Most texts hold no name of the table: decide that from the distinct
    # capitalised words alone, before walking the text.
    folds: dict[str, str] = {}
    words = set(CAPITALISED_WORD.findall(text))
    if index.particles is not None and not index.particle_next.isdisjoint(map(fold, words)):
        words.update(index.particles.findall(text))
    for word in words:
        folded = first_key(word, plain, joined)
        if folded is not None:
            folds[word] = folded
    if not folds:
        return
    # Visit only the occurrences of those words, and only where the name can go
    # on: most occurrences of a word that opens a multi-word name are not
    # followed by the rest of it ("The" without "Hague").
    size = len(text)
    found_at = []
    find = text.find
    for word, folded in folds.items():
        node = plain.get(folded)
        # When only multi-word names start with this word, an occurrence counts
        # only if the next word can continue one; most do not ("The" without
        # "Hague"), so that is checked first, and cheaply.
        if folded in joined or node is None or node.canonical is not None:
            children = None
        else:
            children = node.children
        length = len(word)
        i = find(word)
        while i >= 0:
            after = i + length
            following = text[after] if after < size else ""
            if not following.isalnum() and (children is None or continues_at(children, text, after, following)):
                # The whole word, not the start of a longer one (Sana for
                # Sana'a), at a place where a name may start.
                if TOKEN.match(text, i).end() == after and may_start(text, i):
                    found_at.append((i, after, word, folded))
            i = find(word, after)
    if found_at:
        # Choosing among the starts found is the same step as on the fast path.
        yield from table._resolve(text, found_at)


