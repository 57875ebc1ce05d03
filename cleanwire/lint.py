"""The rule-pack linter: catch patterns that compile but do not mean what they say.

A boilerplate pattern is a regular expression, and the mistakes people make writing
one rarely stop it compiling: ``dawn.com`` also matches ``dawnXcom``, ``Reuters (AP)``
never matches the brackets, ``^Source:|Credit:`` anchors only its first branch,
``[A-z]`` also matches ``[\\]^_`` and the backtick, and ``(a|aa)+`` can take seconds on
one line. Each check has a stable code:

``CWL001`` the pattern does not compile.
``CWL002`` a regex metacharacter that is clearly meant literally: ``.`` between letters
           (``dawn.com``), ``$`` or ``^`` inside a phrase, a group of plain words used
           as brackets (``(AP)``), `` | `` used as a separator.
``CWL003`` an alternation anchored or guarded (a lookahead before it) only on its first (or
           last) branch.
``CWL004`` a character range across letter case or from digits to letters (``[A-z]``).
``CWL005`` catastrophic backtracking: the pattern can match the same text in many
           ways (nested or adjacent repeats over shared characters, found by reading
           the pattern: see :mod:`cleanwire.backtracking`), or, as a last check, an
           adversarial line of at most 400 characters took far longer than any linear
           pattern does. The message names the repeats and how to fix them.
``CWL006`` the pattern matches ordinary prose, so it would remove real content.
``CWL007`` a numbered back-reference or a group name of the form ``r<digits>``: line
           patterns are combined into one expression, where numbers and those names
           refer to other groups.

>>> [p.code for p in lint_patterns([r"dawn.com", r"[A-z]+ news", r"also read\\s*:.*"])]
['CWL002', 'CWL004']

``cleanwire lint-rules [CONFIG]`` (:mod:`cleanwire.lint_rules`) runs it on the
packaged rules and on the patterns, rules and ``keep`` list of a configuration file;
the configuration loader runs it too, so a bad user pattern is an error when the file
loads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

import regex

#: cleanwire never matches a line longer than this by default (``max-line-length``).
LINE_LIMIT = 400

_PROSE = (
    "The minister said on Tuesday that the talks would resume next week.",
    "Prices rose 3.5% in March, the statistics bureau said in a statement.",
    "\u201cWe will rebuild,\u201d she told reporters outside the court.",
    "Officials in the northern district reported heavy rain and closed 12 schools.",
)

_QUANTIFIER_START = "*+?{"


@dataclass(frozen=True)
class Problem:
    """One finding: a stable code, the pattern, what is wrong, and where the pattern comes from."""

    code: str
    pattern: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        return f"{prefix}{self.code} {self.message}: {self.pattern!r}"


# --------------------------------------------------------------------------- scanning


@dataclass
class _Scan:
    """What a single left-to-right pass over a pattern finds."""

    branches: list[str]  # top-level alternatives
    problems: list[tuple[str, str]]  # (code, message)
    atoms: set[str]  # characters the pattern can match, for adversarial lines
    words: set[str]  # literal words in the pattern


def _class_end(pattern: str, i: int) -> int:
    """Index just past the character class starting at ``pattern[i] == '['``."""
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    depth = 1
    while j < len(pattern):
        c = pattern[j]
        if c == "\\":
            j += 2
            continue
        if c == "[" and j + 1 < len(pattern) and pattern[j + 1] == ":":  # [:alpha:]
            end = pattern.find(":]", j + 2)
            j = end + 2 if end != -1 else j + 1
            continue
        if c == "]":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return len(pattern)


def _class_problems(body: str) -> tuple[list[tuple[str, str]], set[str]]:
    """Ranges such as ``A-z`` in a character class body, and a few of its members."""
    problems = []
    members: set[str] = set()
    chars: list[tuple[str, bool]] = []  # (character, escaped)
    i = 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            esc = body[i + 1]
            members.update({"w": "a", "d": "1", "s": " "}.get(esc.lower(), esc if not esc.isalnum() else ""))
            chars.append((esc, True))
            i += 2
            continue
        chars.append((body[i], False))
        i += 1
    for k, (c, escaped) in enumerate(chars):
        if not escaped and c not in "^-":
            members.add(c)
        if c == "-" and not escaped and 0 < k < len(chars) - 1:
            (lo, lo_esc), (hi, hi_esc) = chars[k - 1], chars[k + 1]
            if lo_esc or hi_esc or not (lo.isascii() and hi.isascii() and lo.isalnum() and hi.isalnum()):
                continue
            span = [chr(o) for o in range(ord(lo), ord(hi) + 1)]
            odd = [s for s in span if not s.isalnum()]
            if odd:
                problems.append(
                    (
                        "CWL004",
                        f"the range [{lo}-{hi}] also matches {''.join(odd)!r}; "
                        "write separate ranges such as [A-Za-z] or [0-9a-z]",
                    )
                )
    return problems, members


def _scan(pattern: str) -> _Scan:
    problems: list[tuple[str, str]] = []
    atoms: set[str] = set()
    words: set[str] = set()
    branch_starts = [0]
    groups: list[tuple[int, bool]] = []  # (index of '(', capturing)
    n = len(pattern)
    i = 0
    word = ""

    def prev_char(k: int) -> str:
        return pattern[k - 1] if k > 0 else ""

    while i < n:
        c = pattern[i]
        if c.isalpha():
            word += c
        else:
            if len(word) >= 3:
                words.add(word)
            word = ""
        if c == "\\" and i + 1 < n:
            esc = pattern[i + 1]
            if esc.isdigit() and esc != "0":
                problems.append(
                    (
                        "CWL007",
                        f"the numbered back-reference \\{esc} refers to another group once "
                        "patterns are combined; name the group, (?P<word>...), and use (?P=word)",
                    )
                )
            atoms.add({"w": "a", "d": "1", "s": " ", "b": "", "B": "", "S": "a", "W": "!", "D": "a"}.get(esc, esc if not esc.isalnum() else ""))
            i += 2
            continue
        if c == "[":
            end = _class_end(pattern, i)
            found, members = _class_problems(pattern[i + 1 : end - 1])
            problems.extend(found)
            atoms.update(sorted(members)[:6])
            i = end
            continue
        if c == "(":
            capturing = not pattern.startswith("(?", i)
            if pattern.startswith("(?P<", i) or pattern.startswith("(?<", i) and not pattern.startswith(("(?<=", "(?<!"), i):
                start = i + (4 if pattern.startswith("(?P<", i) else 3)
                name = pattern[start : pattern.find(">", start)]
                if regex.fullmatch(r"r\d+", name):
                    problems.append(("CWL007", f"the group name {name!r} is reserved for cleanwire's own groups"))
            groups.append((i, capturing))
        elif c == ")":
            if groups:
                start, capturing = groups.pop()
                body = pattern[start + 1 : i]
                after = pattern[i + 1 : i + 2]
                escaped_brackets = pattern[start - 2 : start] == "\\(" and pattern[i + 1 : i + 3] == "\\)"
                if (
                    capturing
                    and regex.fullmatch(r"[A-Za-z][A-Za-z0-9 ]*", body)
                    and (not after or after not in _QUANTIFIER_START)
                    and not escaped_brackets
                ):
                    problems.append(
                        (
                            "CWL002",
                            f"({body}) is a group, so the brackets themselves are not matched; "
                            f"write \\({body}\\) to match them",
                        )
                    )
        elif c == "|":
            if not groups:
                branch_starts.append(i + 1)
            if prev_char(i) == " " and pattern[i + 1 : i + 2] == " ":
                problems.append(
                    (
                        "CWL002",
                        "' | ' looks like a literal separator, but | separates alternatives; write \\| to match it",
                    )
                )
        elif c == ".":
            before, after = prev_char(i), pattern[i + 1 : i + 2]
            if before.isalnum() and after.isalnum():
                problems.append(
                    (
                        "CWL002",
                        f"'{before}.{after}': an unescaped . matches any character; write \\. to match a full stop",
                    )
                )
            atoms.add("a")
        elif c == "$":
            rest = pattern[i + 1 :]
            if rest and rest[0] not in ")|":
                problems.append(
                    ("CWL002", "$ inside a pattern is an end anchor, so nothing can follow it; write \\$ to match a dollar sign")
                )
        elif c == "^":
            if i > 0 and prev_char(i) not in "(|:" and not pattern.startswith("(?", i - 2):
                problems.append(
                    ("CWL002", "^ inside a pattern is a start anchor, so nothing can precede it; write \\^ to match a caret")
                )
        elif c == "{":
            bound = regex.match(r"\{\d*,?\d*\}", pattern[i:])
            if bound:  # a repeat count, not characters to match
                i += len(bound.group())
                continue
            atoms.add(c)
        elif c not in "*+?":
            atoms.add(c)
        i += 1
    if len(word) >= 3:
        words.add(word)
    branches = [pattern[s : e - 1] for s, e in zip(branch_starts, branch_starts[1:] + [n + 1])]
    atoms.discard("")
    return _Scan(branches, problems, atoms, words)


def _anchor_problems(branches: list[str]) -> list[tuple[str, str]]:
    """An anchor on the first or last of several top-level alternatives only.

    >>> _anchor_problems(["^source: .*", "credit: .*"])
    [('CWL003', "the anchor in '^source: .*' applies to that alternative only; group the alternatives: ^(?:...|...)$")]
    >>> [code for code, _ in _anchor_problems(["(?!.*said)follow .*", "join .*"])]
    ['CWL003']
    """
    if len(branches) < 2:
        return []
    starts = [b.startswith(("^", r"\A")) for b in branches]
    ends = [b.endswith("$") and not b.endswith(r"\$") or b.endswith((r"\Z", r"\z")) for b in branches]
    problems = []
    for flags in (starts, ends):
        if any(flags) and not all(flags):
            anchored = branches[flags.index(True)]
            problems.append(
                (
                    "CWL003",
                    f"the anchor in {anchored!r} applies to that alternative only; "
                    "group the alternatives: ^(?:...|...)$",
                )
            )
    # A guard written before the alternatives (`<<NOT_REPORTED>>a .*|b .*`) is part of
    # the first one only, as an anchor is: the others match reported sentences too.
    guard = _leading_lookaround(branches[0])
    if guard and not all(b.startswith(guard) for b in branches[1:]):
        problems.append(
            (
                "CWL003",
                f"the lookaround at the start ({guard[:24]}...) applies to the first alternative only; "
                "repeat it before each one: (?!...)a|(?!...)b (which keeps each alternative's "
                "starting strings for the prefilter's gate, where a group around them may lose them)",
            )
        )
    return problems


def _leading_lookaround(branch: str) -> str:
    """The lookahead or lookbehind group ``branch`` opens with (also inside a group of
    its own, as a macro expands), or "".

    >>> _leading_lookaround("(?!.{0,9}said)a .*"), _leading_lookaround("(?:(?!said))a"), _leading_lookaround("(?:a|b)")
    ('(?!.{0,9}said)', '(?:(?!said))', '')
    """
    group = _first_group(branch)
    if group.startswith(("(?!", "(?=", "(?<!", "(?<=")):
        return group
    if group.startswith("(?:") and _first_group(group[3:-1]) == group[3:-1] and _leading_lookaround(group[3:-1]):
        return group
    return ""


#: A balanced group: escapes, character classes (whose brackets and parentheses are
#: literal) and nested groups, read by recursion.
_GROUP = regex.compile(r"\((?:\\.|\[\^?\]?(?:\\.|[^\]\\])*+\]|[^()\\\[]++|(?R))*+\)")


def _first_group(text: str) -> str:
    """The balanced group ``text`` starts with, or "" when it starts with none.

    >>> _first_group(r"(?:a[(]|\\)b)c|d"), _first_group("a(b)")
    ('(?:a[(]|\\\\)b)', '')
    """
    found = _GROUP.match(text)
    return found.group() if found else ""


# --------------------------------------------------------------------------- running


def _adversarial_lines(scan: _Scan) -> list[str]:
    """Long lines built from the pattern's own characters and words, with a bad ending."""
    atoms = sorted(scan.atoms | {"a", " ", "1"})[:40]
    units = list(atoms)
    units += [a + b for a in atoms[:12] for b in atoms[:12] if a != b][:60]
    units += [w + " " for w in sorted(scan.words)[:20]]
    units += [w + sep for w in sorted(scan.words)[:8] for sep in (", ", ": ", "-")]
    lines = []
    for unit in units:
        for size in (40, LINE_LIMIT):
            body = (unit * (size // max(1, len(unit)) + 1))[:size]
            lines.append(body + "\u2603")
            lines.append(body[: size - 1] + "!")
    return lines


def _compiled(pattern: str) -> regex.Pattern:
    """The pattern as cleanwire runs it on a line (see ``cleanwire.rules.lines``)."""
    from .rules.lines.patterns import compile_led

    return compile_led(pattern)


#: An adversarial line that takes longer than this (seconds) to match is reported. A
#: linear pattern takes well under a millisecond on a 400-character line.
SLOW_LINE = 0.05


def _shape_problem(pattern: str, keep: bool) -> tuple[str, str] | None:
    """CWL005 from reading the pattern: the first shape that makes it backtrack."""
    from .backtracking import Unreadable, findings, line_findings

    try:
        found = findings(pattern, folded=True) if keep else line_findings(pattern)
    except Unreadable:
        return None
    if not found:
        return None
    return ("CWL005", f"backtracks catastrophically: {found[0].message}")


def _timing_problem(pattern: str, scan: _Scan, keep: bool) -> tuple[str, str] | None:
    from .backtracking import worst_lines

    compiled = regex.compile(pattern, regex.IGNORECASE) if keep else _compiled(pattern)
    run = compiled.search if keep else compiled.fullmatch
    from .rules.lines import line_key

    # Patterns only ever see line keys, whose whitespace is folded to single spaces.
    lines = dict.fromkeys(map(line_key, _adversarial_lines(scan) + worst_lines(pattern, limit=LINE_LIMIT, wrap=not keep)))
    for line in lines:
        try:
            run(line, timeout=SLOW_LINE)
        except TimeoutError:
            shown = line if len(line) <= 40 else f"{line[:20]!r}... ({len(line)} characters)"
            return (
                "CWL005",
                f"backtracks catastrophically: matching {shown} took longer than {SLOW_LINE} s, "
                "where a linear pattern takes under a millisecond (nested or overlapping repeats?)",
            )
    return None


def lint_patterns(
    patterns: Iterable[str],
    *,
    macros: Mapping[str, str] | None = None,
    keep: bool = False,
    where: str = "",
) -> list[Problem]:
    """Lint boilerplate patterns (or, with ``keep=True``, protect patterns).

    ``macros`` expands ``<<NAME>>`` references first, as the rule loader does.
    Patterns are checked in order and each problem names its pattern.

    >>> for p in lint_patterns([r"^source: .*|credit: .*", r"(a|aa)+b", r"\\w+\\s*\\w+ promo"]): print(p.code)
    CWL003
    CWL005
    CWL005
    >>> lint_patterns([r"also read\\s*:.*", r"(?:photo|image) credit"])
    []
    """
    from .rules.lines import PatternError, expand_macros

    problems: list[Problem] = []
    for pattern in patterns:
        try:
            expanded = expand_macros(pattern, macros or {})
            regex.compile(expanded, regex.IGNORECASE)
        except (regex.error, PatternError) as exc:
            problems.append(Problem("CWL001", pattern, f"does not compile: {exc}", where))
            continue
        scan = _scan(expanded)
        found = scan.problems + _anchor_problems(scan.branches)
        if not keep and not found:
            compiled = _compiled(expanded)
            hit = next((s for s in _PROSE if compiled.fullmatch(s, timeout=0.5)), None)
            if hit is not None:
                found.append(("CWL006", f"matches ordinary prose such as {hit!r}, so it would remove real content"))
        shape = _shape_problem(expanded, keep)
        if shape is None:
            shape = _timing_problem(expanded, scan, keep)
        if shape is not None:
            found.append(shape)
        seen = set()
        for code, message in found:
            if (code, message) not in seen:
                seen.add((code, message))
                problems.append(Problem(code, pattern, message, where))
    return problems


def lint_rule_records(records: Iterable[Mapping], source: str, macros: Mapping[str, str] | None = None) -> list[Problem]:
    """Lint the patterns of rule records (``[[rule]]`` tables), naming file and rule."""
    problems = []
    for record in records:
        label = record.get("code", "?")
        problems += lint_patterns(record.get("patterns", ()), macros=macros, where=f"{source}: {label}")
    return problems


def lint_options(options, source: str) -> list[Problem]:
    """Lint the user patterns of :class:`~cleanwire.options.Options` (``patterns``,
    ``rules``, ``keep``; a mapping of them will do)."""
    from .rules import BY_CODE
    from .rules.lines import packaged_macros

    get = options.get if isinstance(options, Mapping) else lambda name: getattr(options, name)
    macros = packaged_macros()
    problems = []
    for code, patterns in (get("patterns") or {}).items():
        rule = BY_CODE.get(code.upper())
        rule_macros = dict(getattr(rule, "macros", ())) or macros
        problems += lint_patterns(patterns, macros=rule_macros, where=f"{source}: patterns.{code}")
    problems += lint_rule_records(get("rules") or (), f"{source}: rules", macros)
    problems += lint_patterns(get("keep") or (), keep=True, where=f"{source}: keep")
    return problems


def lint_packaged() -> list[Problem]:
    """Lint every packaged boilerplate rule."""
    from .rules.lines import packaged_table as _packaged_table

    table = _packaged_table()
    return lint_rule_records(table.get("rule", ()), "cleanwire/data/boilerplate.toml", table.get("macros", {}))
