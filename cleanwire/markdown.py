"""Markdown files: clean the prose, leave the structure as it is.

The news pipeline treats text as lines of prose. Markdown is more than that: code
blocks whose spacing is their meaning, inline code, nested lists carried by their
indentation, hard line breaks made of two trailing spaces, tables, front matter. Run
through the pipeline, ``return  1`` would lose a space, a nested list would flatten
and ``Siestan-o-Baluchistan`` would be rewritten inside code. So a Markdown file is
cleaned like a formatter treats one:

- these parts are kept byte for byte: front matter (``---`` or ``+++``), fenced code
  (backticks or tildes), lines indented by four columns or more (indented code, and
  anything nested that deep), tables, HTML blocks, headings, thematic breaks
  (``***``, ``---``), block quotes and link reference definitions;
- inside the remaining prose lines, these are kept too: inline code (a span wrapped
  over a line break too, piece by piece), autolinks and
  inline HTML, link destinations ``](…)``, bare URLs, the indentation of a line
  (nested list items) and the two trailing spaces of a hard line break;
- everything else goes through the same :class:`~cleanwire.Cleaner` as a text file:
  boilerplate lines are removed, whitespace is repaired, variants are rewritten.

It works by substitution: each kept part becomes one private-use character (a whole
block becomes a line of its own), the resulting text is cleaned, and the characters
are put back. A rule never sees a kept part, so it cannot change one; a line made of
boilerplate still goes whole. If a placeholder did not come back exactly once (no
rule is known to do that), the file is left as it was and the explanation says so.

>>> from cleanwire import Cleaner
>>> md = MarkdownCleaner(Cleaner())
>>> print(md.clean("# Notes\\n\\nALSO READ: Another story\\n\\nKeep  `return  1`  as it is.\\n\\n    code  stays\\n"), end="")
# Notes
<BLANKLINE>
Keep `return  1` as it is.
<BLANKLINE>
    code  stays
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Change, Explanation

#: File name endings cleaned as Markdown.
SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")


def is_markdown(path: str) -> bool:
    """Whether ``path`` names a Markdown file, by its ending (case-insensitive).

    >>> is_markdown("docs/README.md"), is_markdown("notes.MARKDOWN"), is_markdown("story.txt")
    (True, True, False)
    """
    return path.lower().endswith(SUFFIXES)


def for_path(cleaner, path: str):
    """The cleaner for a file: ``cleaner`` itself, or a :class:`MarkdownCleaner` around it."""
    return MarkdownCleaner(cleaner) if is_markdown(path) else cleaner


# --------------------------------------------------------------------------- blocks

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_INDENTED = re.compile(r"(?: {4}| {0,3}\t)")
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_THEMATIC = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_QUOTE = re.compile(r" {0,3}>")
_HTML = re.compile(r" {0,3}<(?:[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)|/[A-Za-z]|!--|\?|![A-Z])")
_REFERENCE = re.compile(r" {0,3}\[[^\]]+\]:")
_TABLE_RULE = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
#: Line breaks other than ``\n``: a prose line holding one is kept as it is, so that
#: the cleaner's line numbers stay those of the file.
_OTHER_BREAKS = re.compile("[\r\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e]")


@dataclass
class Segment:
    """A run of lines of a Markdown text: ``kept`` as they are, or prose to clean."""

    kept: bool
    start: int  # index of the first line
    lines: list[str]


def segments(text: str) -> list[Segment]:
    """Split ``text`` (lines separated by ``\\n``) into kept blocks and prose lines, in order.

    >>> [(s.kept, s.lines) for s in segments("Prose.\\n```\\ncode\\n```\\n\\n| a |\\n|---|\\n")]
    [(False, ['Prose.']), (True, ['```', 'code', '```']), (False, ['']), (True, ['| a |', '|---|']), (False, [''])]
    """
    lines = text.split("\n")
    kinds = _classify(lines)
    found: list[Segment] = []
    for i, (line, kept) in enumerate(zip(lines, kinds)):
        if found and found[-1].kept == kept:
            found[-1].lines.append(line)  # kept lines next to each other form one block
        else:
            found.append(Segment(kept, i, [line]))
    return found


def _classify(lines: list[str]) -> list[bool]:
    """For every line, whether it is kept as it is (True) or prose (False)."""
    n = len(lines)
    kept = [False] * n
    i = 0
    # Front matter: only at the very top.
    if n and lines[0].rstrip() in ("---", "+++"):
        closing = ("---", "...") if lines[0].rstrip() == "---" else ("+++",)
        for j in range(1, n):
            if lines[j].rstrip() in closing:
                for k in range(j + 1):
                    kept[k] = True
                i = j + 1
                break
    blank_before = True
    while i < n:
        line = lines[i]
        fence = _FENCE.match(line)
        if fence and fence.group(1)[0] == "`" and "`" in line[fence.end() :]:
            fence = None  # a backtick fence's info string holds no backtick: inline code
        if fence:
            mark = fence.group(1)
            closing = re.compile(" {0,3}" + re.escape(mark[0]) + "{" + str(len(mark)) + r",}[ \t]*$")
            j = i + 1
            while j < n and not closing.match(lines[j]):
                j += 1
            end = min(j, n - 1)
            for k in range(i, end + 1):
                kept[k] = True
            i = end + 1
            blank_before = False
            continue
        if not line.strip():
            blank_before = True
            i += 1
            continue
        if _HTML.match(line):
            # An HTML block runs to the next blank line; a comment, to its end.
            j = i
            if line.lstrip().startswith("<!--"):
                first = line.split("<!--", 1)[1]
                if "-->" not in first:
                    j += 1
                    while j < n and "-->" not in lines[j]:
                        j += 1
                j = min(j + 1, n)
            else:
                while j < n and lines[j].strip():
                    j += 1
            for k in range(i, j):
                kept[k] = True
            i = j
            blank_before = False
            continue
        if "|" in line and i + 1 < n and _TABLE_RULE.match(lines[i + 1]) and "-" in lines[i + 1]:
            j = i
            while j < n and lines[j].strip() and ("|" in lines[j] or j == i + 1):
                kept[j] = True
                j += 1
            i = j
            blank_before = False
            continue
        if (
            _INDENTED.match(line)
            or _HEADING.match(line)
            or _THEMATIC.match(line)
            or _QUOTE.match(line)
            or _REFERENCE.match(line)
            or line.lstrip().startswith("|")
            or _OTHER_BREAKS.search(line)
            or (not blank_before and _SETEXT.match(line))
        ):
            kept[i] = True
        blank_before = False
        i += 1
    return kept


# --------------------------------------------------------------------------- inline parts

#: Parts of a prose line kept as they are: a code span (a run of backticks and the next
#: run of as many), an autolink or inline HTML tag, a link destination, a bare URL.
_INLINE = re.compile(
    r"(?P<ticks>`+)(?:(?!(?P=ticks)).)+?(?P=ticks)(?!`)"
    r"|<(?:[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*|[^<>\s@]+@[^<>\s]+|/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?)>"
    r"|\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)"
    r"|\b(?:https?|ftp)://[^\s<>()\[\]`]+"
)
_LEADING = re.compile(r"[ \t]+")
_HARD_BREAK = re.compile(r" {2,}$")

#: First characters of the ranges tried for placeholders (Supplementary Private Use
#: Areas A and B): one not already in the text is used.
_PLACEHOLDER_BASES = (0xF0000, 0x100000)
_PLACEHOLDER_SPAN = 0xFFFD


class _Placeholders:
    """One private-use character per kept part, and back."""

    def __init__(self, text: str) -> None:
        for base in _PLACEHOLDER_BASES:
            first, last = chr(base), chr(base + _PLACEHOLDER_SPAN - 1)
            if not any(first <= c <= last for c in text):
                break
        else:
            raise _Unsafe("the text already holds characters of both private-use planes")
        self.base = base
        self.parts: list[str] = []
        self.pattern = re.compile(f"[{chr(base)}-{chr(base + _PLACEHOLDER_SPAN - 1)}]")

    def add(self, part: str) -> str:
        if len(self.parts) >= _PLACEHOLDER_SPAN:
            raise _Unsafe("too many kept parts")
        self.parts.append(part)
        return chr(self.base + len(self.parts) - 1)

    def restore(self, text: str) -> str:
        return self.pattern.sub(lambda m: self.parts[ord(m.group()) - self.base], text)


class _Unsafe(Exception):
    pass


def _protect_line(
    line: str, next_is_prose_text: bool, marks: _Placeholders, breaks: dict, number: int, pieces=()
) -> str:
    """``line`` with its indentation, inline code and links, and hard break replaced by placeholders.

    ``breaks`` collects the placeholder of each hard break and its line ``number``;
    ``pieces`` are the ranges of the line, after its indentation, that belong to code
    spans running over a line break (:func:`_spans_over_breaks`).
    """
    head = ""
    lead = _LEADING.match(line)
    if lead:
        head = marks.add(lead.group())
        line = line[lead.end() :]
    for start, end in reversed(pieces):
        line = line[:start] + marks.add(line[start:end]) + line[end:]
    tail = ""
    if next_is_prose_text:
        brk = _HARD_BREAK.search(line)
        if brk and line.strip():
            tail = marks.add(brk.group())
            breaks[tail] = number
            line = line[: brk.start()]
    line = _INLINE.sub(lambda m: marks.add(m.group()), line)
    return head + line + tail


_TICKS = re.compile(r"`+")
#: A line that opens a list item: a code span does not run into it from the item before.
_ITEM = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


def _spans_over_breaks(lines: list[str]) -> dict[int, list[tuple[int, int]]]:
    """The code spans of prose ``lines`` that run over a line break, cut at the breaks:
    for each line (by index), the ranges of its text after the indentation that such
    spans cover. A paragraph wrapped inside inline code (```Input:`` at the end of a
    line, ``Agencies``` at the start of the next) is one code span, as CommonMark reads
    it; read line by line, its backticks paired wrongly and text was taken for code
    and code for text. A span runs on within a paragraph only: not past a blank line
    or into a line that opens a list item.

    >>> _spans_over_breaks(["See `Input:", "  Agencies` and `x`."])
    {0: [(4, 11)], 1: [(0, 9)]}
    """
    found: dict[int, list[tuple[int, int]]] = {}
    group: list[tuple[int, str]] = []

    def close_group() -> None:
        if len(group) > 1:
            _cut_spans(group, found)
        group.clear()

    for k, line in enumerate(lines):
        text = line.lstrip(" \t")
        if not text or _ITEM.match(text):
            close_group()
        if text:
            group.append((k, text))
    close_group()
    return found


def _cut_spans(group: list[tuple[int, str]], found: dict) -> None:
    """Add to ``found`` the pieces of the code spans of one paragraph (``(index, text)``
    lines) that run over a line break."""
    joined = "\n".join(text for _, text in group)
    offsets = [0]
    for _, text in group:
        offsets.append(offsets[-1] + len(text) + 1)
    pos = 0
    while True:
        opening = _TICKS.search(joined, pos)
        if opening is None:
            return
        closing = next((m for m in _TICKS.finditer(joined, opening.end()) if len(m.group()) == len(opening.group())), None)
        if closing is None:
            pos = opening.end()  # backticks that open no span are text
            continue
        start, end = opening.start(), closing.end()
        if "\n" in joined[start:end]:
            for n, (k, text) in enumerate(group):
                a, b = max(start, offsets[n]), min(end, offsets[n] + len(text))
                if a < b:
                    found.setdefault(k, []).append((a - offsets[n], b - offsets[n]))
        pos = end


def _drop_stranded_breaks(text: str, breaks: dict, marks: _Placeholders, changes: list) -> str:
    """Remove a hard break the cleaning left before a blank line or the end: it breaks nothing there."""
    if not breaks:
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line and line[-1] in breaks and (i + 1 == len(lines) or not lines[i + 1].strip()):
            number = breaks[line[-1]]
            changes.append(Change("CW901", "line-edge-whitespace", number, marks.restore(line[-1]), ""))
            lines[i] = line[:-1]
    return "\n".join(lines)


# --------------------------------------------------------------------------- cleaning


class MarkdownCleaner:
    """A :class:`~cleanwire.Cleaner` for Markdown: the same rules, on the prose only.

    ``clean`` and ``explain`` take and give text as the cleaner's do; the changes of
    ``explain`` name the lines of the Markdown text.
    """

    def __init__(self, cleaner) -> None:
        self.cleaner = cleaner

    def clean(self, text: str) -> str:
        return self.explain(text, log=False).text

    def explain(self, text: str, log: bool = True) -> Explanation:
        try:
            prose, origins, marks, blocks, breaks = _substitute(text)
        except _Unsafe as exc:
            return Explanation(text, (), (f"markdown: {exc}; the file was left as it was",))
        if log:
            result = self.cleaner.explain(prose)
            cleaned, changes, flags = result.text, result.changes, result.flags
        else:
            cleaned, changes, flags = self.cleaner.clean(prose), (), ()
        counts: dict[str, int] = {}
        for c in marks.pattern.findall(cleaned):
            counts[c] = counts.get(c, 0) + 1
        lost = [b for b in blocks if counts.get(b, 0) != 1]
        if lost or any(n > 1 for n in counts.values()):
            note = "markdown: a kept part did not come back once; the file was left as it was"
            return Explanation(text, (), tuple(flags) + (note,))
        mapped = [
            Change(
                c.code,
                c.name,
                origins[c.line - 1] if 0 < c.line <= len(origins) else c.line,
                marks.restore(c.removed),
                marks.restore(c.replacement),
            )
            for c in changes
        ]
        cleaned = _drop_stranded_breaks(cleaned, breaks, marks, mapped)
        return Explanation(marks.restore(cleaned), tuple(mapped) if log else (), tuple(flags))


def _substitute(text: str):
    """The prose text to clean, the file line of each of its lines, the placeholders, those of
    blocks, and those of hard breaks with their lines."""
    marks = _Placeholders(text)
    breaks: dict[str, int] = {}
    parts: list[str] = []
    origins: list[int] = []
    blocks: list[str] = []
    found = segments(text)
    for index, seg in enumerate(found):
        if seg.kept:
            mark = marks.add("\n".join(seg.lines))
            blocks.append(mark)
            parts.append(mark)
            origins.append(seg.start + 1)
            continue
        pieces = _spans_over_breaks(seg.lines)
        for k, line in enumerate(seg.lines):
            following = seg.lines[k + 1] if k + 1 < len(seg.lines) else ""
            parts.append(_protect_line(line, bool(following.strip()), marks, breaks, seg.start + k + 1, pieces.get(k, ())))
            origins.append(seg.start + k + 1)
    return "\n".join(parts), origins, marks, blocks, breaks
