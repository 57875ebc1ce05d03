"""CW01x, stage ``encoding``: repair mojibake with ftfy, conservatively and cheaply.

ftfy is by far the slowest step of the pipeline, and almost every scraped article is
already correctly decoded. So ftfy runs only on the lines where its own detector of
mojibake (the expression behind ``ftfy.badness.is_bad``) finds a suspect sequence:
UTF-8 read as Windows-1252 or Latin-1, but also as Windows-1250, -1251, -1253, -1257,
MacRoman or code page 437, twice over, or C1 controls. Even the detector is too slow
to run over all text (a few MB/s), so it only looks around the characters every
such sequence holds (:data:`~cleanwire.chars.MOJIBAKE_MARKS`), and a text with none of
them is never looked at: clean English text costs one character search.

ftfy is configured to repair encoding damage only: curly quotes, dashes, ellipses,
ligatures, full-width characters and Unicode normalisation are left as the author
wrote them, because they are not damage.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
import re
from functools import lru_cache

from ..chars import (
    C1_CONTROLS,
    MOJIBAKE_CONTINUATIONS,
    MOJIBAKE_LEADS,
    MOJIBAKE_MARKS,
    OTHER_BREAKS,
    char_class,
    outside_mojibake,
)
from ..compiled import Lazy
from ..model import ALWAYS, ChangeLog, Edit, Example, Rule, Stage, View

# A UTF-8 lead byte read as Latin-1/cp1252 (Â..ô) followed by a continuation byte read
# the same way (U+0080..U+00BF or the cp1252 characters that sit on 0x80..0x9F), or a
# bare C1 control: what Windows-1252 mojibake leaves. No longer the gate (see
# :func:`suspect`); it counts what is left of such damage after a repair.
SUSPECT = Lazy(char_class(MOJIBAKE_LEADS) + char_class(MOJIBAKE_CONTINUATIONS) + "|" + char_class(C1_CONTROLS))

# The standard library's engine scans a long character class about ten times faster.
_MARKS = re.compile(char_class(MOJIBAKE_MARKS))
_MARK_SET = frozenset(MOJIBAKE_MARKS)

#: The longest sequence the detector flags is seven characters, so one that holds the
#: mark at ``i`` lies within ``REACH`` characters of it on either side.
REACH = 8


@lru_cache(maxsize=1)
def detector():
    """ftfy's detector of mojibake: the compiled expression behind ``ftfy.badness.is_bad``.

    ``import ftfy`` takes about 0.1 s (its formatting helpers), and the detector is
    needed whenever a text holds an accented letter or a currency sign, so its module,
    which needs only the standard library, is loaded on its own; if that ever fails
    (a future ftfy), it is imported the ordinary way.
    """
    try:
        import importlib.util
        import os

        spec = importlib.util.find_spec("ftfy")
        path = os.path.join(os.path.dirname(spec.origin), "badness.py")
        alone = importlib.util.spec_from_file_location("cleanwire._ftfy_badness", path)
        module = importlib.util.module_from_spec(alone)
        alone.loader.exec_module(module)
        return module.BADNESS_RE
    except Exception:  # pragma: no cover - depends on the installed ftfy
        from ftfy.badness import BADNESS_RE

        return BADNESS_RE


#: What the detector flags in a sequence whose only non-ASCII character is the mark:
#: a C1 control, ``œ`` before anything but a letter, and ``Ã`` or ``Â`` before a space
#: where Windows-1252 mojibake of ``à`` or of a no-break space leaves them. Read off
#: the detector's branches: every other branch needs two non-ASCII characters side by
#: side (its character classes hold no ASCII), so a mark between two ASCII characters
#: can only be flagged by one of these (``tests/test_encoding_gate.py`` compares them
#: with the detector in every ASCII context).
_LONE_MARK = re.compile(r"[\x80-\x9f]|[Œœ][^A-Za-z]|[a-z]\s?[ÃÂ] |^[ÃÂ] |[a-z.,?!]Â ")


def suspect(line: str) -> bool:
    """Whether ftfy's detector flags a sequence of ``line``, looking only around its marks.

    Equivalent to ``ftfy.badness.is_bad(line)`` (every flagged sequence holds a mark)
    and as cheap as one character search on a line without a mark. A mark between two
    ASCII characters (``café.``), the common case, is judged by :data:`_LONE_MARK`;
    only a mark next to another non-ASCII character takes the detector, whose search
    costs tens of microseconds.

    >>> suspect("donâ€™t"), suspect("вЂњB-вЂњ Rating"), suspect("café, £5 and “quotes”")
    (True, True, False)
    """
    found = None
    end = len(line) - 1
    for m in _MARKS.finditer(line):
        at = m.start()
        if (at == 0 or line[at - 1] < "\x80") and (at == end or line[at + 1] < "\x80"):
            if _LONE_MARK.search(line, max(0, at - 2), at + 2):
                return True
            continue
        if found is None:
            found = detector()
        if found.search(line, max(0, at - REACH), at + REACH + 1):
            return True
    return False


def _lines_with_marks(text: str, marks=None) -> list[int]:
    """The indices of the lines of ``text`` that hold a mark, in order.

    ``marks``, when given, holds every mark ``text`` may hold (a superset will do):
    each is then found with ``str.find``, much faster than a search of the class.

    >>> _lines_with_marks("plain\\ncafé\\nplain\\nnaïve café"), _lines_with_marks("plain\\ncafé", {"é", "£"})
    ([1, 3], [1])
    """
    found = []
    line = last = 0
    for start in sorted(_marked_lines(text, marks)):
        line += text.count("\n", last, start)
        last = start
        found.append(line)
    return found


def _marked_lines(text: str, marks=None) -> dict[int, int]:
    """Where each line of ``text`` that holds a mark starts, mapped to where it ends
    (``marks`` as for :func:`_lines_with_marks`).

    >>> _marked_lines("plain\\ncafé\\nnaïve café"), _marked_lines("café", {"é"})
    ({6: 10, 11: 21}, {0: 4})
    """
    spans: dict[int, int] = {}
    if marks is None:
        search = _MARKS.search
        m = search(text)
        while m is not None:
            at = m.start()
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            if end < 0:
                spans[start] = len(text)
                break
            spans[start] = end
            m = search(text, end)
    else:
        find = text.find
        for mark in marks:
            at = find(mark)
            while at >= 0:
                start = text.rfind("\n", 0, at) + 1
                end = find("\n", at)
                if end < 0:
                    spans[start] = len(text)
                    break
                spans[start] = end
                at = find(mark, end)
    return spans


def any_mark(text: str) -> bool:
    """Whether ``text`` holds a character that a suspect sequence needs."""
    return _MARKS.search(text) is not None


#: A no-break space that is not the byte 0xA0 of mojibake (``à`` is C3 A0).
_LONE_NBSP = Lazy(outside_mojibake("\u00a0"))

_LINE_BREAKS = Lazy(char_class("\n" + OTHER_BREAKS))


#: The conservative ftfy configuration: repair encoding damage only.
FTFY_DEFAULTS = dict(
    unescape_html=False,
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

#: Options that change text which is not mojibake. When a user turns one on, the
#: cheap suspect-sequence gate no longer decides which lines ftfy sees: every line
#: must get the fix, or it would apply to some lines and not others.
UNGATED = ("unescape_html", "fix_latin_ligatures", "fix_character_width", "uncurl_quotes", "remove_control_chars", "normalization")


@lru_cache(maxsize=8)
def _ftfy(overrides: tuple = ()):
    import ftfy  # imported lazily: it is the heaviest import and often not needed

    return ftfy.fix_text, ftfy.TextFixerConfig(**{**FTFY_DEFAULTS, **dict(overrides)})


def needs_every_line(overrides: tuple) -> bool:
    """Whether ftfy ``overrides`` enable a fix beyond encoding repair.

    >>> needs_every_line((("uncurl_quotes", True),)), needs_every_line((("fix_encoding", True),))
    (True, False)
    """
    return any(key in UNGATED and value != FTFY_DEFAULTS[key] for key, value in overrides)


def fix_mojibake(line: str, overrides: tuple = ()) -> str:
    """Repair text that was UTF-8 decoded as Windows-1252 or Latin-1.

    >>> fix_mojibake("donâ€™t")
    'don’t'

    A repair that would introduce a line break is refused, so that one input line
    stays one output line. ``overrides`` are ftfy options, as ``(name, value)`` pairs.
    """
    if not needs_every_line(overrides) and not suspect(line):
        return line
    # One repair can expose another (a no-break space decoded in the first makes the
    # second possible); repeating to a fixed point keeps the rule idempotent.
    for _ in range(3):
        fixed = _fix_once(line, overrides)
        if fixed == line:
            break
        line = fixed
    return line


def _fix_once(line: str, overrides: tuple) -> str:
    fix_text, config = _ftfy(overrides)
    fixed = fix_text(line, config)
    if SUSPECT.search(fixed) and _LONE_NBSP.search(line):
        # A no-break space that is not itself mojibake (an &nbsp; entity, decoded after
        # the charset) reads to ftfy as a stray byte 0xA0 and stops the repair of its
        # neighbours. The whitespace stage makes it a plain space anyway.
        spaced = _LONE_NBSP.sub(" ", line)
        retry = fix_text(spaced, config)
        # Only when ftfy then repairs something: the spaces alone are not a repair.
        if retry != spaced and len(SUSPECT.findall(retry)) < len(SUSPECT.findall(fixed)):
            fixed = retry
    if _LINE_BREAKS.search(fixed):
        return line
    return fixed


@dataclass(frozen=True, eq=False, repr=False)
class MojibakeRule(Rule):
    #: ftfy options that differ from :data:`FTFY_DEFAULTS`, as sorted pairs.
    ftfy_options: tuple = ()

    def apply(self, text: str, log: ChangeLog | None = None) -> str:
        return self.run(text, log)[0]

    def run(self, text: str, log: ChangeLog | None = None, found: frozenset | None = None):
        every_line = needs_every_line(self.ftfy_options)
        if not every_line and not (any_mark(text) if found is None else not _MARK_SET.isdisjoint(found)):
            return text, self.reads
        lines = text.split("\n")
        changed = False
        marks = None if found is None else _MARK_SET.intersection(found)
        for i in range(len(lines)) if every_line else _lines_with_marks(text, marks):
            line = lines[i]
            if not every_line and not suspect(line):
                continue
            fixed = fix_mojibake(line, self.ftfy_options)
            if fixed != line:
                if log is not None:
                    log.add(self, log.origin(i), line, fixed)
                lines[i] = fixed
                changed = True
        return ("\n".join(lines) if changed else text), self.reads

    def still_settled(self, edit: Edit, view: View) -> bool:
        """After an edit of other lines: the rule judges each line alone, so a line it
        left alone before the edit it leaves alone after; only new lines with a mark
        would need a look."""
        if view is not View.LINES or needs_every_line(self.ftfy_options):
            return False
        if edit.found is None:
            marks = None
        else:
            marks = _MARK_SET.intersection(edit.found)
            if not marks:
                return True
        after = edit.after
        # Only a line with a mark can need a repair; most edits leave none that was
        # not there before (a removed line, folded spaces), and only those are looked
        # for among the lines of the text before, as whole lines.
        marked = _marked_lines(after, marks)
        if not marked:
            return True
        before = "\n" + edit.before + "\n"
        return all("\n" + after[start:end] + "\n" in before for start, end in marked.items())

    def configured(self, options) -> "MojibakeRule":
        """With the ``ftfy`` option: ftfy options that replace the conservative defaults.

        Options that fix more than encoding damage (``uncurl_quotes``) apply to every
        line, so the rule then runs on every text, ungated.
        """
        overrides = options.ftfy
        if not overrides:
            return self
        pairs = ftfy_overrides(overrides)
        return replace(self, ftfy_options=pairs, triggers=ALWAYS if needs_every_line(pairs) else self.triggers)


def ftfy_overrides(options) -> tuple:
    """``options`` (ftfy settings by name) as the sorted pairs a rule keeps, checked.

    >>> ftfy_overrides({"uncurl_quotes": True})
    (('uncurl_quotes', True),)
    """
    unknown = sorted(set(options) - set(FTFY_DEFAULTS) - {"explain"}) + [k for k in ("fix_line_breaks", "explain") if k in options]
    if unknown:
        raise ValueError(f"ftfy options not accepted: {', '.join(unknown)} (line breaks are unified before ftfy runs)")
    return tuple(sorted(options.items()))


MOJIBAKE = MojibakeRule(
    code="CW010",
    name="mojibake",
    stage=Stage.ENCODING,
    family="encoding",
    summary="Repair UTF-8 text that was mis-decoded as another encoding: Windows-1252/Latin-1, -1250, -1251, MacRoman, code page 437 (ftfy).",
    why="Scrapers that guess the wrong charset turn `’` into `â€™` and `é` into `Ã©`; the damage "
    "hides words from search and breaks boilerplate patterns. Only lines in which ftfy's own "
    "detector finds a suspect sequence are handed to ftfy, which is configured to leave "
    "quotes, dashes, ligatures and widths alone.",
    examples=(
        Example("It donâ€™t matter.\n", "It don’t matter.\n"),
        Example("CafÃ© society\n", "Café society\n"),
        Example("“Curly” quotes and — dashes stay.\n", "“Curly” quotes and — dashes stay.\n"),
    ),
    triggers=tuple(MOJIBAKE_MARKS),
    writes=None,  # ftfy may write any character
    reads=View.LINES,
    idempotent=True,
)

RULES = (MOJIBAKE,)
