"""Line shapes: small pure predicates the structure rules reason with.

Each takes the *key* of a line (whitespace trimmed and folded, as the phrase rules see
it) and answers one question about its form: how it ends, whether it is a date stamp,
a byline, a headline, a web address. None of them decides on its own that a line is
boilerplate; the rules combine them with the line's place in the document.
"""

from __future__ import annotations

import bisect
import functools
import re
from enum import Enum

import regex

from ...chars import CLOSING_QUOTES, FULL_STOPS, QUESTION_MARKS, SENTENCE_CLOSERS
from ...compiled import Lazy
from ..lines.keys import BULLET_CHARS

#: Bullets, dashes, separators and pictographs a line may open with: the run the
#: phrase rules skip, but for brackets (a bracketed line's shape is its own).
LEAD = Lazy(BULLET_CHARS + "+")

WORD = Lazy(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.&@_-]*")



class Ending(Enum):
    """How a line ends, which says much about what it is."""

    SENTENCE = "sentence"  # . ! ? (also before a closing quote): prose
    QUESTION = "question"  # ? alone is both a headline's and a sentence's end
    ELLIPSIS = "ellipsis"  # … or ...: a teaser cut by the page
    COMMA = "comma"  # , ; : the line was cut mid-sentence (or introduces what follows)
    COLON = "colon"
    OPEN = "open"  # a word: a headline, a label, or a wrapped line


# The members by plain names, as the rules read them: a look-up on the class goes
# through the enum's attribute hook, several times slower, and every line is asked.
SENTENCE = Ending.SENTENCE
QUESTION = Ending.QUESTION
ELLIPSIS = Ending.ELLIPSIS
COMMA = Ending.COMMA
COLON = Ending.COLON
OPEN = Ending.OPEN


_CUT_WORDS = frozenset(
    "a an the and or of to in on at for with from by as into about after over under than "
    "that which who whose its their his her our your my this these those is are was were "
    "be been has have had will would can could should may might".split()
)


def strip_lead(key: str) -> str:
    """The key without its leading bullets and dashes.

    >>> strip_lead("•  Share on Google+")
    'Share on Google+'
    """
    m = LEAD.match(key)
    return key[m.end():] if m else key


def ending(key: str) -> Ending:
    """How ``key`` ends.

    >>> [ending(k).value for k in ("He left.", "Who won?", "A crew and…", "Cut here,", "Key points:", "Headline")]
    ['sentence', 'question', 'ellipsis', 'comma', 'colon', 'open']
    >>> ending('He said, "We will win."').value
    'sentence'
    >>> ending("सरकार ने आज नई योजना की घोषणा की।").value, ending("政府今天宣布新的经济计划。").value
    ('sentence', 'sentence')
    """
    text = key.rstrip(SENTENCE_CLOSERS + " ")
    if not text:
        return OPEN
    last = text[-1]
    if last == "…" or text.endswith("..."):
        return ELLIPSIS
    if last in FULL_STOPS:
        return SENTENCE
    if last in QUESTION_MARKS:
        return QUESTION
    if last in ",;":
        return COMMA
    if last == ":":
        return COLON
    return OPEN


def ends_cut(key: str, end: Ending | None = None) -> bool:
    """Whether the line stops where no sentence or headline would: on a comma or a
    word such as ``in`` or ``the`` (a teaser the page cut to length). ``end`` is
    ``ending(key)``, when the caller has it.

    A comma inside closing quotation marks ends a quotation whose speaker the next
    line names (`"We will not back down,"` over `the minister said.`): a page that cuts
    a teaser to length seldom cuts it there.

    >>> ends_cut("Officials met at the ninth congress in"), ends_cut("Officials met in Dhaka")
    (True, False)
    >>> ends_cut("Talks resume in Doha,"), ends_cut('"We will not back down from our demands,"')
    (True, False)
    """
    if end is None:
        end = ending(key)
    if end is COMMA:
        return key.rstrip(" ")[-1:] not in CLOSING_QUOTES
    if end is ELLIPSIS:
        return True
    if end is not OPEN:
        return False
    words = key.rsplit(None, 1)
    last = words[-1].casefold() if words else ""
    return last in _CUT_WORDS


def words(key: str) -> list[str]:
    """The word tokens of a line; in Chinese and Japanese, which write no spaces, each
    two characters count as a word.

    >>> words("IHC, LHC dismiss petitions — 7 hours ago")
    ['IHC', 'LHC', 'dismiss', 'petitions', '7', 'hours', 'ago']
    >>> len(words("政府今天宣布新的经济计划"))
    6
    """
    # Split on spaces and trim the punctuation around each piece: what the WORD pattern
    # finds, at the speed of str.split (this runs on every line of every document).
    found = [t for t in (piece.strip(_PUNCTUATION) for piece in key.split()) if t]
    if key.isascii() or not has_cjk(key):
        return found
    tokens = []
    for token in found:
        if _CJK.search(token):
            tokens.extend(token[i : i + 2] for i in range(0, len(token), 2))
        else:
            tokens.append(token)
    return tokens


_CJK = Lazy(r"[\p{Han}\p{Hiragana}\p{Katakana}]")

#: Every Han, Hiragana and Katakana character is at U+2E80 or above (a test checks it
#: over all of Unicode); looking for that range is several times faster than looking
#: for the scripts. The standard library's engine starts a search sooner, ``regex``
#: scans a long text about twice as fast: each is used where it is the faster.
_FROM_CJK = Lazy("[^\x00-\u2e7f]", engine="re")
_FROM_CJK_IN_LONG = Lazy("[^\x00-\u2e7f]")

#: From this length on a text is looked through with ``regex``.
_LONG_SCAN = 100


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds Chinese or Japanese characters, which write no spaces.

    >>> has_cjk("政府 said"), has_cjk("café")
    (True, False)
    """
    found = (_FROM_CJK_IN_LONG if len(text) >= _LONG_SCAN else _FROM_CJK).search(text)
    return found is not None and _CJK.search(text) is not None


def count_words(key: str) -> int:
    """``len(words(key))`` for a key (words separated by single spaces), without
    making the words: the pieces between spaces, less those of punctuation only.

    >>> count_words("IHC, LHC dismiss petitions — 7 hours ago"), count_words("政府今天宣布新的经济计划"), count_words("")
    (7, 6, 0)
    """
    if not key:
        return 0
    if not key.isascii() and has_cjk(key):
        return len(words(key))
    return key.count(" ") + 1 - len(_PUNCTUATION_PIECE.findall(" " + key))

#: What may stand around a word: ASCII and typographic punctuation and symbols (a
#: short string: ``str.strip`` tests each character against all of it).
_PUNCTUATION = (
    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~¡¿«»·§¶©®°±×÷‐‑‒–—―‘’‚‛“”„•…‹›"
    "।॥۔،؟。、，：；！？「」『』（）"
)


#: A piece of a key between spaces made of punctuation only (no word in it), found
#: in the key behind a space. Opening with a plain space lets the engine skip from
#: one space to the next, where ``(?:^| )`` makes it try every character.
_PUNCTUATION_PIECE = re.compile(" [" + re.escape(_PUNCTUATION) + "]+(?= |$)")


def capitalised_share(tokens: list[str]) -> float:
    """Share of word tokens that start with a capital letter or a digit.

    >>> capitalised_share(["Gold", "prices", "plummet", "in", "Pakistan"])
    0.4
    """
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if t[0].isupper() or t[0].isdigit()) / len(tokens)


def is_upper(key: str) -> bool:
    """Whether every cased letter of ``key`` is upper case (and it has some).

    >>> is_upper("WHAT WE ARE SAYING"), is_upper("Crime"), is_upper("2019")
    (True, False, False)
    """
    return key.upper() == key and key.lower() != key


# ------------------------------------------------------------------- scripts

#: The first code point of each range of a script (ranges end where the next begins);
#: letters outside every listed range count as "Other".
_SCRIPT_STARTS = [
    (0x0000, "Latin"), (0x0370, "Greek"), (0x0400, "Cyrillic"), (0x0530, "Armenian"),
    (0x0590, "Hebrew"), (0x0600, "Arabic"), (0x0700, "Other"), (0x0750, "Arabic"),
    (0x0780, "Other"), (0x0900, "Devanagari"), (0x0980, "Bengali"), (0x0A00, "Gurmukhi"),
    (0x0A80, "Gujarati"), (0x0B00, "Oriya"), (0x0B80, "Tamil"), (0x0C00, "Telugu"),
    (0x0C80, "Kannada"), (0x0D00, "Malayalam"), (0x0D80, "Sinhala"), (0x0E00, "Thai"),
    (0x0E80, "Other"), (0x10A0, "Georgian"), (0x1100, "Hangul"), (0x1200, "Other"),
    (0x1E00, "Latin"), (0x1F00, "Greek"), (0x2000, "Other"), (0x3040, "Kana"),
    (0x3100, "Other"), (0x3400, "Han"), (0xA000, "Other"), (0xAC00, "Hangul"),
    (0xD7B0, "Other"), (0xF900, "Han"), (0xFB00, "Latin"), (0xFB1D, "Hebrew"),
    (0xFB50, "Arabic"), (0xFE00, "Other"), (0xFE70, "Arabic"), (0xFF00, "Other"),
]
_STARTS = [start for start, _ in _SCRIPT_STARTS]


def script_counts(text: str) -> dict[str, int]:
    """Letters of ``text`` counted by script.

    >>> script_counts("Gaza ग़ज़ा")
    {'Latin': 4, 'Devanagari': 2}
    """
    # The text less what is not a letter: one string, not a string per letter.
    letters = len(_NOT_LETTERS.sub("", text))
    if not letters:
        return {}
    if text.isascii():
        return {"Latin": letters}
    # Only letters outside the Latin script need looking up, one by one.
    others = _NON_LATIN.findall(text)
    counts: dict[str, int] = {"Latin": letters - len(others)} if letters > len(others) else {}
    for c in others:
        name = _SCRIPT_STARTS[bisect.bisect_right(_STARTS, ord(c)) - 1][1]
        counts[name] = counts.get(name, 0) + 1
    return counts


def has_non_latin(text: str) -> bool:
    """Whether ``text`` holds a letter of another script than Latin.

    >>> has_non_latin("“Café” — naïve"), has_non_latin("Gaza ग़ज़ा")
    (False, True)
    """
    return not text.isascii() and _MAYBE_NON_LATIN.search(text) is not None and _NON_LATIN.search(text) is not None


_NOT_LETTERS = Lazy(r"\P{L}++")
_NON_LATIN = Lazy(r"[^\P{L}\p{Latin}]")
#: Every letter of another script than Latin is outside ASCII, the Latin-1 and Latin
#: Extended ranges and the general punctuation (a test checks it over all of Unicode),
#: but for the micro sign; looking for those first is cheap in English text with its
#: curly quotes and accented names.
_MAYBE_NON_LATIN = Lazy("[^\x00-\xb4\xb6-\u024f\u2000-\u206f]", engine="re")


def main_script(counts: dict[str, int]) -> str | None:
    """The script with the most letters, or None for text without letters.

    >>> main_script({"Latin": 40, "Arabic": 12})
    'Latin'
    """
    return max(counts, key=counts.__getitem__) if counts else None


# ------------------------------------------------------------------ stamps

#: The months of the Gregorian calendar, in full and cut short, as one alternation.
MONTHS = (
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|"
    "sep|sept|september|oct|october|nov|november|dec|december"
)
_WEEKDAYS = "mon|monday|tue|tues|tuesday|wed|wednesday|thu|thur|thurs|thursday|fri|friday|sat|saturday|sun|sunday"

#: One token of a stamp, longest forms first. Named groups say what the token is.
_STAMP_TOKEN = Lazy(
    r"(?P<time>\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?)(?![\d])"
    r"|(?P<date>\d{4}[/.-]\d{1,2}[/.-]\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})(?!\d)"
    rf"|(?P<month>(?:{MONTHS})\.?)(?![\p{{L}}])"
    rf"|(?P<weekday>(?:{_WEEKDAYS})\.?)(?![\p{{L}}])"
    # A year may name its era: Bikram Sambat (`2080 BS`), Hijri (`1445 AH`), Solar Hijri.
    r"|(?P<year>(?:1[3-9]|2[01])\d{2}(?:\s?(?:b\.?s|a\.?h|s\.?h|a\.?d|c\.?e)\.?(?![\p{L}]))?)(?!\d)"
    r"|(?P<day>\d{1,2}(?:st|nd|rd|th)?)(?![\d\p{L}])"
    r"|(?P<word>[\p{L}][\p{L}.'’]*)"
    r"|(?P<number>\d+)"
    r"|(?P<sep>[^\p{L}\d]+)",
    regex.IGNORECASE,
)


_JOINERS = Lazy(r"[\s'’-]+")


@functools.lru_cache(maxsize=8)
def _month_phrases(months: frozenset[str]):
    """One pattern for the months of ``months`` written in several words, whatever
    spaces, hyphens or apostrophes join them; None when there are none."""
    multi = sorted((m for m in months if _JOINERS.search(m)), key=len, reverse=True)
    if not multi:
        return None
    forms = (r"[\s'’-]+".join(regex.escape(w) for w in _JOINERS.split(m) if w) for m in multi)
    return regex.compile(r"(?<![\p{L}])(?:" + "|".join(forms) + r")(?![\p{L}])", regex.IGNORECASE)


@functools.lru_cache(maxsize=8)
def _joined_months(months: frozenset[str]) -> frozenset[str]:
    return frozenset("".join(_JOINERS.split(m)) for m in months)


@functools.lru_cache(maxsize=8)
def _stamp_words_known(stamp_words: frozenset[str], months: frozenset[str]) -> frozenset[str]:
    """Every lower-case ASCII word :func:`stamp_parts` reads as part of a stamp: month
    and weekday names and their short forms, am/pm, the stamp words, the months of
    ``months`` (joined and each of their words)."""
    known = set(MONTHS.split("|")) | set(_WEEKDAYS.split("|")) | _MERIDIEM | stamp_words | months
    known |= _joined_months(months)
    for month in months:
        known.update(_JOINERS.split(month))
    return frozenset(word.casefold() for word in known)


def unknown_to_stamps(piece: str, stamp_words: frozenset[str], months: frozenset[str] = frozenset()) -> bool:
    """Whether ``piece`` (a run of characters between spaces) is a word of ASCII
    letters, after any opening punctuation, that no stamp reads as one of its parts (a
    month, a weekday, am or pm, a stamp word): :func:`stamp_parts` reads it as a place
    name if capitalised, and stops at it if not. The punctuation is a separator to the
    stamp pattern and such a word one of its tokens, so this tells without the pattern.

    >>> sw = frozenset({"updated"})
    >>> unknown_to_stamps("The", sw), unknown_to_stamps("“We", sw), unknown_to_stamps("Updated", sw)
    (True, True, False)
    >>> unknown_to_stamps("MARCH", sw), unknown_to_stamps("U.S.", sw), unknown_to_stamps("12", sw)
    (False, False, False)
    """
    word = piece.lstrip(_PUNCTUATION)
    return word.isascii() and word.isalpha() and word.lower() not in _stamp_words_known(stamp_words, months)


def _two_plain_words(key: str, known: frozenset[str]) -> bool:
    """Whether ``key`` holds two words that no stamp holds: ASCII words in lower case
    that are not in ``known``, each of which :func:`stamp_parts` would stop at (the
    first may name a place after a time, the second cannot). Read with ``str.split``,
    much faster than the tokens' pattern, which tries every month at every word.

    >>> known = _stamp_words_known(frozenset({"updated"}), frozenset())
    >>> _two_plain_words("He said 12 people were hurt.", known), _two_plain_words("Updated 12 March, 10:15 am", known)
    (True, False)
    """
    plain = 0
    for piece in key.split():
        word = piece.strip(_PUNCTUATION)
        # Only a word of ASCII letters is sure to be one token of the pattern (its
        # case folding is its lower case): any other piece is left to the tokens.
        if word.isascii() and word.isalpha() and word[0].islower() and word not in known:
            plain += 1
            if plain == 2:
                return True
    return False


def stamp_parts(key: str, stamp_words: frozenset[str], months: frozenset[str] = frozenset()) -> dict[str, int] | None:
    """Count the kinds of token in ``key`` if it could be a date or time stamp.

    Returns None as soon as the line holds a number that is no date part or more than
    two words that are neither stamp words nor capitalised (a place name).

    >>> sw = frozenset({"updated", "published", "gmt", "local", "time", "pm", "am"})
    >>> sorted(stamp_parts("2021 Mar 19, 19:05, Kathmandu", sw).items())
    [('day', 1), ('month', 1), ('place', 1), ('time', 1), ('year', 1)]
    >>> stamp_parts("Sales rose 12% in March 2024", sw) is None
    True
    >>> stamp_parts("(CW70: +24.2%; +24.6% at 19:34).", sw | {"at"}) is None
    True
    >>> sorted(stamp_parts("12 Rabi al-Awwal 1446", sw, frozenset({"rabi al-awwal"})).items())
    [('day', 1), ('month', 1), ('year', 1)]
    """
    if not has_digit(key):
        return None  # every stamp has a digit: most lines are ruled out at once
    if "%" in key:
        return None  # a share (`24.2%`) is no part of a date, whose figures it would read as days
    if _two_plain_words(key, _stamp_words_known(stamp_words, months)):
        return None  # a sentence with a figure in it (`He said 12 people were hurt.`)
    phrases = _month_phrases(months)
    if phrases is not None:
        # A month of two or three words (`Rabi al-Awwal`) becomes one token.
        key = phrases.sub(lambda m: "".join(_JOINERS.split(m.group())), key)
    counts: dict[str, int] = {}
    for m in _STAMP_TOKEN.finditer(key):
        kind = m.lastgroup
        if kind == "sep":
            continue
        if kind == "number":
            return None
        if kind == "word":
            word = m.group().casefold().rstrip(".")
            if word in _MERIDIEM:
                kind = "meridiem"
            elif word in months or (phrases is not None and word in _joined_months(months)):
                kind = "month"
            elif word in stamp_words or m.group().casefold() in stamp_words:
                kind = "label"
            elif m.group()[0].isupper() or (counts.get("time") and counts.get("place", 0) == 0):
                kind = "place"
            else:
                return None
        counts[kind] = counts.get(kind, 0) + 1
    if counts.get("place", 0) > 2:
        return None
    return counts


def has_digit(text: str) -> bool:
    """Whether ``text`` holds a decimal digit of any script.

    >>> has_digit("on 12 May"), has_digit("on \u0967\u0968 May"), has_digit("in May")
    (True, True, False)
    """
    return _DIGIT.search(text) is not None


def is_stamp(key: str, stamp_words: frozenset[str], strict: bool, months: frozenset[str] = frozenset()) -> bool:
    """Whether ``key`` is a date or time stamp and nothing else.

    A stamp has a time, or a date with a month and a day or year. ``strict`` (for
    lines inside a story, where a date alone may be a timeline's sub-heading) also
    asks for a time, a weekday or a label word such as ``Updated``.

    >>> sw = frozenset({"publish", "date", "updated", "local", "time", "gmt", "pm", "am"})
    >>> is_stamp("Publish Date : 18 January 2023 21:40 PM", sw, True)
    True
    >>> is_stamp("11:16 LOCAL TIME 08:16 GMT", sw, True), is_stamp("Saturday 1440/9/20 - 2019/05/25", sw, True)
    (True, True)
    >>> is_stamp("26 April 2024", sw, False), is_stamp("26 April 2024", sw, True)
    (True, False)
    >>> is_stamp("12:30 PM", sw, False)
    False
    >>> is_stamp("Poush 28, 2080", sw, False, frozenset({"poush"})), is_stamp("Tuesday, 22 Esfand 1402", sw, False, frozenset({"esfand"}))
    (True, True)
    >>> is_stamp("March 2024 Results", sw, False), is_stamp("Chapter 12", sw, False)
    (False, False)
    >>> is_stamp("Chaitra 1, 2080 BS", sw, False, frozenset({"chaitra"})), is_stamp("In 2024 Sharif won", sw, False)
    (True, False)
    """
    parts = stamp_parts(key, stamp_words, months)
    if not parts:
        return False
    has_time = "time" in parts
    dated = "date" in parts or ("month" in parts and ("day" in parts or "year" in parts))
    if not dated and not (has_time and ("label" in parts or "weekday" in parts or parts.get("time", 0) > 1)):
        return False  # a bare `12:30 PM` heads an entry of a live blog
    if parts.get("place") and not (has_time or "label" in parts or "weekday" in parts):
        return False  # `Karachi, March 3` may be a dateline before a paragraph
    if strict:
        return has_time or "weekday" in parts or "label" in parts
    return True


# ----------------------------------------------------------- other shapes

_MERIDIEM = frozenset({"am", "pm", "a.m", "p.m"})
_NUMBER = Lazy(r"\d+(?:[.,/-]\d+)*")
_DIGIT = Lazy(r"\d")

_URL = Lazy(r"(?:https?://|www\.)\S+", regex.IGNORECASE)
_LINK_LINE = Lazy(
    r"(?:(?:from|via|source|read (?:more|it) (?:at|on)|link|url)\s*:?\s+(?:\S+\s+){0,3})?(?:https?://|www\.)\S+",
    regex.IGNORECASE,
)
_SLUG = Lazy(r"[\p{L}\p{N}]+(?:[-_][\p{L}\p{N}]+){3,}")
_ID_LINE = Lazy(
    r"(?:[\p{L}]+ ){0,2}(?:id|code|no\.?|number|ref(?:erence)?)\s*[:#.]?\s*#?[\p{L}\p{N}-]*\d{3,}[\p{L}\p{N}-]*",
    regex.IGNORECASE,
)
_PLACEHOLDER = Lazy(r"(?:%%[\w-]+%%|\{\{\s*[\w.-]+\s*\}\}|\[\[[\w -]+\]\]|%[A-Z_]{3,}%)+")
_PUNCTUATION_ONLY = Lazy(r"[\p{Pd}•·∙◦‣⁃▪▫►▶■□◆◇●○|~_.,:;/\\]+")
_DATELINE = Lazy(
    r"(?:\p{Lu}[\p{Lu}\p{M} .'’/-]{1,40}|\p{Lu}[\p{L}\p{M}.'’-]+(?: \p{Lu}[\p{L}\p{M}.'’-]+){0,2})"
    # A hyphen inside a word joins it (`Israel-Gaza war`); a dateline's stands apart.
    r"(?:,\s*[^:]{1,40})?\s*(?:\([^)]{1,30}\))?\s*(?::|[–—]|(?<=\s)-|-(?!\w))"
)


def is_link_line(key: str) -> bool:
    """A web address alone, or with a short label such as ``from SAMAA``.

    >>> is_link_line("http://www.example.com/article-1-story"), is_link_line("from Courier https://ift.tt/3bW")
    (True, True)
    >>> is_link_line("Read the full report at https://example.org/report before Friday")
    False
    """
    # Every such line holds the `://` or the `www.` of its address.
    if "://" not in key and "www." not in key.casefold():
        return False
    return _LINK_LINE.fullmatch(key) is not None


def is_slug(key: str) -> bool:
    """A single token of four or more parts joined by hyphens or underscores: a file
    name or URL slug left by an embed.

    >>> is_slug("cabinet-decision-minister-briefing_aslOF479HB"), is_slug("Sistan-o-Baluchistan")
    (True, False)
    """
    return len(key) >= 12 and _SLUG.fullmatch(key) is not None


def is_id_line(key: str) -> bool:
    """A page's record number: ``News Code: 84422939``, ``Journalist ID: 1114``.

    >>> is_id_line("News Code: 84422939"), is_id_line("Journalist ID: 1114"), is_id_line("Death toll: 45")
    (True, True, False)
    """
    return has_digit(key) and _ID_LINE.fullmatch(key) is not None


def is_placeholder(key: str) -> bool:
    """A template variable the page never filled: ``%%footer%%``, ``{{ related }}``.

    >>> is_placeholder("%%footer%%"), is_placeholder("{{ share_bar }}"), is_placeholder("100%")
    (True, True, False)
    """
    if "%" not in key and "{" not in key and "[" not in key:
        return False
    return _PLACEHOLDER.fullmatch(key) is not None


def is_punctuation_only(key: str) -> bool:
    """A line of dashes, bullets, pipes or dots and nothing else (not ``* * *``).

    >>> is_punctuation_only("-"), is_punctuation_only("| |"), is_punctuation_only("* * *")
    (True, True, False)
    """
    if key[:1].isalnum():
        return False  # no letter or digit is one of the marks
    return _PUNCTUATION_ONLY.fullmatch(key.replace(" ", "")) is not None


def is_dateline_start(key: str) -> bool:
    """Whether a line opens with a dateline: ``KARACHI:``, ``Dhaka, Aug 6 (IANS) -``.

    >>> is_dateline_start("KARACHI:"), is_dateline_start("ISLAMABAD, Jan 1 (APP): The minister said")
    (True, True)
    >>> is_dateline_start("Read more: Markets"), is_dateline_start("Israel-Gaza war"), is_dateline_start("LAHORE- The court")
    (False, False, True)
    """
    m = _DATELINE.match(key)
    if m is None:
        return False
    head = m.group().split(",")[0].split("(")[0].strip(" :–—-")
    return head.isupper() or head.istitle() and len(head.split()) <= 3 and not head.casefold().startswith(("read", "also", "watch", "source", "photo", "tags", "topics"))


def table_like(key: str) -> bool:
    """A row of a table or scorecard: several numbers in columns.

    >>> table_like("Babar Azam c Smith b Starc 45 32 4 1"), table_like("Pakistan | 245/6 | 50 ov")
    (True, True)
    >>> table_like("Pakistan 245/6 (50 overs)"), table_like("5 cops suspended over escape of 2 convicts")
    (True, False)
    >>> table_like("Gold prices plummet in Pakistan")
    False
    >>> table_like("Usman Ali c Rafiq b Javed 34 (28)"), table_like("City 2 Rovers 1"), table_like("Multan 46 / 29")
    (True, True, True)
    >>> table_like("2. Petrol price to fall from June 1")
    False
    """
    numbers = _NUMBER.findall(key)
    if len(numbers) >= 3:
        return True
    if len(numbers) >= 2 and ("|" in key or "\t" in key):
        return True
    if len(numbers) >= 2 and _ENDS_IN_FIGURE.search(key) and not (len(numbers) == 2 and _LIST_NUMBER.match(key)):
        return True  # a row that ends in its figures: `Usman Ali b Javed 34 (28)`, `City 2 Rovers 1`
    # Mostly figures: a score (`Pakistan 245/6 (50 overs)`), a result, a price line.
    return bool(numbers) and len(_DIGIT.findall(key)) * 5 >= len(key) - key.count(" ")


_ENDS_IN_FIGURE = Lazy(r"\d\)?\s*$")
_LIST_NUMBER = Lazy(r"\d{1,2}[.)]\s")


_CREDIT_SOURCE = r"(?:AP|AFP|Reuters|PTI|ANI|IANS|SPA|WAM|APP|PID|EPA|EFE|Xinhua|AA|UNB|BSS|Getty Images|Shutterstock|Bloomberg)"
_CAPTION_CREDIT = Lazy(
    r"(?:"
    r"\((?:[^()]{0,50}\b(?:photo|file|pic|picture|image|courtesy|credit|screengrab|screenshot)\b[^()]{0,50}|" + _CREDIT_SOURCE + r"(?:\s*/\s*[^()]{1,30})?)\)"
    r"|\[(?:[^\[\]]{0,60}\b(?:photo|file|pic|image|courtesy|credit)\b[^\[\]]{0,60}|[^\[\]]{0,40}" + _CREDIT_SOURCE + r")\]"
    r"|[—–-]\s*[\p{L}. ]{1,40}/\s*(?:file|photo|files)"
    r"|[—–-]\s*" + _CREDIT_SOURCE + r"(?:\s*/\s*\w+)?"
    r"|\b(?:photo|image|picture|pic|credit)s?\s*:\s*[^.:]{1,60}"
    r"|\s/\s*\p{Lu}[\p{L}.'’ -]{1,40}/\s*" + _CREDIT_SOURCE +
    r"|\p{Lu}[\p{L}.'’-]+(?: \p{Lu}[\p{L}.'’-]+){1,2} / (?:The )?\p{Lu}[\p{L}.'’ -]{1,30}"
    r")\s*$",
    regex.IGNORECASE | regex.REVERSE,  # anchored at the end: matched from there leftwards
)


def has_photo_credit(key: str) -> bool:
    """Whether a line ends with a photo credit, as an image caption does.

    >>> has_photo_credit("Minister addresses a press conference in Islamabad. — PID/File")
    True
    >>> has_photo_credit("Children fish near a wreck on the Shire river [Reuters]")
    True
    >>> has_photo_credit("The museum traces the history of the force. Jane Roe / The Courier")
    True
    >>> has_photo_credit("The court adjourned the hearing till May 28.")
    False
    """
    # Credits end a caption: only its last stretch needs a look, and only when it
    # holds one of the marks every credit form has.
    tail = key[-100:]
    if not (tail[-1:] in ")]" or "/" in tail or ":" in tail or "—" in tail or "–" in tail or " - " in tail):
        return False
    return _CAPTION_CREDIT.search(tail) is not None


_HASHTAGS = Lazy(r"(?:#[\p{L}\p{N}_]++[\s,;|·•]*+){2,}")


def is_hashtag_line(key: str) -> bool:
    """A line of two or more hashtags and nothing else: a post's tag list.

    >>> is_hashtag_line("#Budget #Economy #Pakistan"), is_hashtag_line("#1 seed wins the final")
    (True, False)
    """
    return key[:1] == "#" and _HASHTAGS.fullmatch(key) is not None


_EMPTY_LABEL = Lazy(
    r"(?:by|source|photo|photos|image|credit|credits|tags?|topics?|author|posted by|written by|filed under|categor(?:y|ies)|location|edited by)"
    r"\s*[:|]+[\s:|,–—-]*",
    regex.IGNORECASE,
)


def is_empty_label(key: str) -> bool:
    """A field label with no value: ``By: |``, ``Tags:``, ``Source:``.

    >>> is_empty_label("By: |"), is_empty_label("Tags:"), is_empty_label("By: Amina Khan")
    (True, True, False)
    """
    return (":" in key or "|" in key) and _EMPTY_LABEL.fullmatch(key) is not None
