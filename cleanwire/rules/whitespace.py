"""CW9xx, stage ``whitespace``: the finish that leaves one tidy shape of text.

Runs last, so it also tidies the gaps that line removal and other rules leave.
Whitespace here is :data:`cleanwire.chars.HSPACE`: every character the regular
expression engine calls whitespace, except the line break.
"""

from __future__ import annotations

import re

from ..chars import HSPACE, OTHER_SPACES, char_class
from ..compiled import Lazy
from ..model import ALWAYS, ChangeLog, Example, Rule, Stage, View

_HSPACE = char_class(HSPACE)
#: What CW902 replaces with one space, inside a line: a run of two or more whitespace
#: characters between two other characters, or one that is not the plain space.
INNER_SPACE = Lazy(rf"(?<=\S){_HSPACE}{{2,}}(?=\S)|(?<=\S)(?:\t|(?! ){_HSPACE})(?=\S)")
_OTHER_SPACE = re.compile(char_class(OTHER_SPACES))
_OTHER_SPACE_SET = frozenset(OTHER_SPACES)
# Plain line breaks only: the standard engine finds the literal run faster, and
# written as a literal prefix (not ``\n{3,}``) it searches for it as a string, about
# four times faster on a page with many blank lines.
BLANK_RUN = re.compile(r"\n\n\n+")


def strip_line_edges(text: str, rule: Rule | None = None, log: ChangeLog | None = None) -> str:
    """Strip whitespace from both ends of every line (CW901), reporting to ``log``.

    >>> strip_line_edges("  The statement read.\\u00a0 \\n\\u00a0\\n")
    'The statement read.\\n\\n'
    """
    lines = text.split("\n")
    stripped = [line.strip(HSPACE) for line in lines]
    if stripped == lines:  # str.strip returns the line itself when it strips nothing
        return text
    if log is not None:
        offset = 0
        for line, new in zip(lines, stripped):
            if new != line:
                head = len(line) - len(line.lstrip(HSPACE))
                if head:
                    log.add(rule, log.line_at(text, offset), line[:head], "")
                tail = len(line.rstrip(HSPACE))
                if head < len(line) and tail < len(line):
                    log.add(rule, log.line_at(text, offset + tail), line[tail:], "")
            offset += len(line) + 1
    return "\n".join(stripped)


def _line_starts(text: str, needles) -> list[int]:
    """The start offsets of the lines of ``text`` holding one of ``needles``, in order.

    Each needle is looked for once per line at most: after a hit, the search goes on
    from the next line.

    >>> _line_starts("a  b\\nc d\\ne\\tf  g\\n", ["  ", "\\t"])
    [0, 9]
    """
    starts = set()
    for needle in needles:
        at = text.find(needle)
        while at != -1:
            starts.add(text.rfind("\n", 0, at) + 1)
            end = text.find("\n", at)
            if end == -1:
                break
            at = text.find(needle, end)
    return sorted(starts)


def collapse_inner_spaces(
    text: str, rule: Rule | None = None, log: ChangeLog | None = None, found: frozenset | None = None
) -> str:
    """Turn each run of whitespace inside a line into one space (CW902), reporting to ``log``.

    Only the lines that hold a double space or a whitespace character other than the
    plain space can change, so only they are matched. ``found``, when given, holds
    every such character the text may hold (a superset will do).

    >>> collapse_inner_spaces("read,\\u201d\\u00a0 the statement\\tsaid")
    'read,\\u201d the statement said'
    """
    others = _OTHER_SPACE_SET.intersection(_OTHER_SPACE.findall(text) if found is None else found)
    starts = _line_starts(text, ["  ", *others])
    pieces: list[str] = []
    last = 0
    for start in starts:
        end = text.find("\n", start)
        if end == -1:
            end = len(text)
        line = text[start:end]
        if log is None:
            new = INNER_SPACE.sub(" ", line)
        else:
            for m in INNER_SPACE.finditer(line):
                if m.group() != " ":
                    log.add(rule, log.line_at(text, start + m.start()), m.group(), " ")
            new = INNER_SPACE.sub(" ", line)
        if new != line:
            pieces.append(text[last:start])
            pieces.append(new)
            last = end
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def collapse_blank_lines(text: str) -> str:
    """Keep at most one blank line between paragraphs.

    >>> collapse_blank_lines("one\\n\\n\\n\\ntwo\\n")
    'one\\n\\ntwo\\n'
    """
    if "\n\n\n" not in text:  # a substring test is much cheaper than the substitution
        return text
    return BLANK_RUN.sub("\n\n", text)


def finish_document(text: str) -> str:
    """No leading blank lines and exactly one final newline (nothing for empty text).

    >>> finish_document("\\n\\nStory.\\n\\n")
    'Story.\\n'
    """
    body = text.strip("\n")
    return body + "\n" if body else ""


def tidy_ends(text: str) -> bool:
    """Whether ``text`` has no blank-line run, starts with no blank line and ends with one newline.

    >>> tidy_ends("One.\\n\\nTwo.\\n"), tidy_ends("One.\\n\\n"), tidy_ends("")
    (True, False, True)
    """
    if not text:
        return True
    return text[0] != "\n" and text[-1] == "\n" and text[-2:] != "\n\n" and "\n\n\n" not in text


class LineEdgesRule(Rule):
    """CW901: :func:`strip_line_edges`."""

    def apply(self, text: str, log: ChangeLog | None = None) -> str:
        return strip_line_edges(text, self, log)


class InnerSpacesRule(Rule):
    """CW902: :func:`collapse_inner_spaces`."""

    def apply(self, text: str, log: ChangeLog | None = None) -> str:
        return collapse_inner_spaces(text, self, log)

    def run(self, text: str, log: ChangeLog | None = None, found: frozenset | None = None):
        new = collapse_inner_spaces(text, self, log, found)
        return new, self.reads


class BlankLinesRule(Rule):
    """Collapses blank-line runs and trims the document's ends, keeping line origins."""

    def apply(self, text: str, log: ChangeLog | None = None) -> str:
        if tidy_ends(text):
            return text
        if log is None:
            return finish_document(collapse_blank_lines(text))
        lines = text.split("\n")
        keep: list[int] = []
        dropped: list[int] = []
        previous_blank = True  # drops blank lines at the top
        for i, line in enumerate(lines):
            blank = line == ""
            if blank and previous_blank:
                dropped.append(i)
            else:
                keep.append(i)
            previous_blank = blank
        while keep and lines[keep[-1]] == "":
            dropped.append(keep.pop())
        result = "\n".join(lines[i] for i in keep) + "\n" if keep else ""
        if result != text:
            # The final line of ``text`` is the empty string after its last newline;
            # dropping it is the normal end of a document, not a change to report.
            implicit_last = len(lines) - 1 if text.endswith("\n") else -1
            reported = [i for i in sorted(dropped) if i != implicit_last]
            for i in reported:
                log.add(self, log.origin(i), "\n", "")
            if not text.endswith("\n") and keep:
                log.add(self, log.origin(keep[-1]), "", "\n")
            log.drop_lines(dropped)
            # The string after the final newline is an empty line again.
            log.origins.append(log.origins[-1] if log.origins else 1)
        return result


LINE_EDGES = LineEdgesRule(
    code="CW901",
    name="line-edge-whitespace",
    stage=Stage.WHITESPACE,
    family="whitespace",
    summary="Strip spaces, tabs and no-break spaces from the start and end of every line.",
    why="Trailing and no-break spaces are invisible noise that breaks exact matching and "
    "dedup; a line of only spaces looks blank but is not, until it is stripped.",
    examples=(
        Example("The statement read.\u00a0 \n\u00a0\nNext.\n", "The statement read.\n\nNext.\n"),
        Example("    Indented wire copy\n", "Indented wire copy\n"),
    ),
    # A line starts or ends with whitespace: a plain space next to a line break (or
    # to an end of the text), or another whitespace character somewhere.
    triggers=tuple(OTHER_SPACES) + (" \n", "\n "),
    writes="",
    reads=View.EDGES,
    preserves=frozenset({View.TRIMMED}),
    idempotent=True,
)

INNER_SPACES = InnerSpacesRule(
    code="CW902",
    name="inner-whitespace",
    stage=Stage.WHITESPACE,
    family="whitespace",
    summary="Make each run of spaces, tabs or no-break spaces inside a line a single space.",
    why="Doubled and no-break spaces come from HTML layout, not from the writer; one plain "
    "space keeps words apart and makes text comparable.",
    examples=(
        Example("sacred,\u201d\u00a0 the statement read.\n", "sacred,\u201d the statement read.\n"),
        Example("Two  spaces\tand a tab.\n", "Two spaces and a tab.\n"),
    ),
    triggers=tuple(OTHER_SPACES) + ("  ",),
    writes=" ",
    reads=View.TRIMMED,
    # Only runs between two other characters change: the words of every line, and the
    # whitespace at its ends, stay as they were.
    preserves=frozenset({View.KEYS, View.EDGES}),
    idempotent=True,
)

BLANK_LINES = BlankLinesRule(
    code="CW903",
    name="blank-lines",
    stage=Stage.WHITESPACE,
    family="whitespace",
    summary="Collapse runs of blank lines to one, drop blank lines at the start, end with exactly one newline.",
    why="Removed lines and HTML spacing leave stacks of empty lines; one blank line is the "
    "paragraph break every consumer understands.",
    examples=(
        Example("\n\nFirst.\n\n\n\nSecond.\n\n", "First.\n\nSecond.\n"),
        Example("No final newline", "No final newline\n"),
    ),
    triggers=ALWAYS,  # its own test (tidy_ends) is one substring search
    writes="\n",
    reads=View.TEXT,
    preserves=frozenset({View.LINES}),
    idempotent=True,
)

RULES = (LINE_EDGES, INNER_SPACES, BLANK_LINES)
