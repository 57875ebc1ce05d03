"""CW9xx, stage ``whitespace``: the finish that leaves one tidy shape of text.

Runs last, so it also tidies the gaps that line removal and other rules leave.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from ..model import ChangeLog, Example, Rule, Stage
from .base import SubRule

# Horizontal whitespace: every Unicode space separator and tab, never a newline.
_HSPACE = r"[^\S\n\u200b\u200c\u200d\u2060\ufeff]"

EDGE_SPACE = regex.compile(rf"^{_HSPACE}+|{_HSPACE}+$", regex.MULTILINE)
INNER_SPACE = regex.compile(rf"(?<=\S){_HSPACE}{{2,}}(?=\S)|(?<=\S)(?:\t|(?! ){_HSPACE})(?=\S)")
# Plain line breaks only: the standard engine finds the literal run faster.
BLANK_RUN = re.compile(r"\n{3,}")


def strip_line_edges(text: str) -> str:
    """Strip spaces, tabs and no-break spaces from both ends of every line.

    >>> strip_line_edges("  The statement read.\\u00a0 \\n\\u00a0\\n")
    'The statement read.\\n\\n'
    """
    return EDGE_SPACE.sub("", text)


def collapse_inner_spaces(text: str) -> str:
    """Turn a run of spaces, tabs or no-break spaces inside a line into one space.

    >>> collapse_inner_spaces("read,\\u201d\\u00a0 the statement\\tsaid")
    'read,\\u201d the statement said'
    """
    return INNER_SPACE.sub(" ", text)


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


LINE_EDGES = SubRule(
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
    pattern=EDGE_SPACE,
    replace="",
)

INNER_SPACES = SubRule(
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
    pattern=INNER_SPACE,
    replace=" ",
)


@dataclass(frozen=True, eq=False)
class BlankLinesRule(Rule):
    """Collapses blank-line runs and trims the document's ends, keeping line origins."""

    def apply(self, text: str, log: ChangeLog | None = None) -> str:
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
)

RULES = (LINE_EDGES, INNER_SPACES, BLANK_LINES)
