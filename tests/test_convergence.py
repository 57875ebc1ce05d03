"""The pipeline's loop skips a step only when the step's own declarations prove it idle.

Every rule declares when it has work to do (``triggers``), what it may add to a text
(``writes``), what its verdict depends on (``reads``) and what its edits keep
(``preserves``); see :class:`cleanwire.model.Step`. The loop trusts them, so each is
checked here on arbitrary text, and the loop itself is compared with its definition:
whole passes of every step, repeated until one changes nothing.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanwire import Cleaner
from cleanwire.chars import HSPACE, NAME_BLANKS, char_class
from cleanwire.model import ALWAYS, ChangeLog, Edit, View, kept_views
from cleanwire.newsgen import documents as generated_documents
from cleanwire.pipeline import _holds, build_steps
from cleanwire.rules import ALL_RULES, BY_CODE
from cleanwire.rules.lines import LineRemover
from cleanwire.testing import HARD_CASES, news_documents, noisy_text

from .conftest import CORPUS
from .reference import plain_passes

#: Every packaged rule's triggers, or ALWAYS for the rules that gate themselves.
#: Written out here so that a change to a rule's gate is a visible, reviewed change.
OTHER_SPACES = "\t\x0b\x0c\r\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
EXPECTED_TRIGGERS = {
    "CW001": set("\r\u2028\u2029\u0085"),
    "CW002": set("\u00ad\u180e\u200b\u2060\u2061\u2062\u2063\u2064\ufeff"),
    "CW003": set("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f"),
    "CW004": {chr(c) for c in range(0xD800, 0xE000)},
    # C1 controls, Latin-1 symbols and letters, Latin Extended-A, and the other code
    # pages' odd symbols, signs, box drawing and Cyrillic/Greek capitals (chars.py).
    "CW010": {chr(c) for c in [*range(0x80, 0xA0), *range(0xA2, 0x100), *range(0x100, 0x180), *range(0x2500, 0x25A0)]}
    - set("\xab\xad\xb4\xb7\xbb\xbf")
    | set("ƒˆˇ˘˛˜˝†‡‰⌐◊\ufffd⁄№∂∆∏∑√∞∩∫≈≠≡≤≥₧€Ґґﬁﬂ" "ЂВГРС" "ΒΓΞΟ"),
    # The structure stage decides in the line stage's step, over the same lines; its
    # rules are gated with it. The run-on rule gates itself: a text shorter than a
    # run-on line is left at once.
    **{code: ALWAYS for code in ("CW701", "CW702", "CW703", "CW704", "CW705", "CW706", "CW707", "CW708", "CW709", "CW710")},
    "CW751": ALWAYS,
    "CW601": ALWAYS,  # the table's index: most texts hold no word a name starts with
    "CW901": set(OTHER_SPACES) | {" \n", "\n "},
    "CW902": set(OTHER_SPACES) | {"  "},
    "CW903": ALWAYS,  # its own test is one substring search (tidy_ends)
}
LINE_STAGE = "CW1xx-CW5xx"  # every pattern rule: ALWAYS, gated by the line stage's own scan


def test_every_packaged_rule_declares_its_triggers():
    for rule in ALL_RULES:
        if rule.stage.label == "lines":
            assert rule.triggers is ALWAYS, f"{rule.code}: {LINE_STAGE} rules are gated by the line stage"
            continue
        expected = EXPECTED_TRIGGERS[rule.code]
        if expected is ALWAYS:
            assert rule.triggers is ALWAYS, rule.code
        else:
            assert rule.triggers is not ALWAYS and set(rule.triggers) == expected, rule.code
    assert set(EXPECTED_TRIGGERS) == {r.code for r in ALL_RULES if r.stage.label != "lines"}


def test_other_spaces_are_the_engines_whitespace():
    import regex

    engine = set(regex.findall(r"\s", "".join(map(chr, range(0x110000)))))
    assert set(OTHER_SPACES) == engine - {" ", "\n"}
    assert set(HSPACE) == engine - {"\n"}


def test_no_gated_pattern_matches_without_a_trigger():
    # The hygiene rules and the encoding rule's suspect sequences, over every code
    # point their classes could hold, in a few contexts, once their trigger
    # characters are taken out: a match there would be a text the gate skips
    # although the rule would change it.
    from cleanwire.rules.encoding import detector

    codes = [*range(0x3100), *range(0xD800, 0xE000), *range(0xFE00, 0x10000)]
    contexts = ["{}", "a{}b", "\n{}\n", "\u00c4{}", "{}\u00a9", "\r{}"]
    texts = ["".join(context.format(chr(i)) for i in codes) for context in contexts]
    gated = [(r.code, r.pattern, r.triggers) for r in ALL_RULES if r.stage.label == "hygiene"]
    gated.append(("CW010", detector(), BY_CODE["CW010"].triggers))
    for code, pattern, triggers in gated:
        drop = re.compile(char_class("".join(triggers)))
        for text in texts:
            assert pattern.search(drop.sub("", text)) is None, code


# ------------------------------------------------------------------ declarations

RULES = [r for r in ALL_RULES if r.stage.label != "lines"]
STEPS = build_steps(list(ALL_RULES), Cleaner().options)  # the default configuration's steps
IDS = [getattr(step, "code", "?") for step in STEPS]


def _absent(step, text: str) -> bool:
    return step.triggers is not ALWAYS and not any(
        (t in text) if len(t) == 1 else _holds(text, t) for t in step.triggers
    )


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
@given(raw=noisy_text())
def test_a_rule_without_its_triggers_leaves_the_text_alone(rule, raw):
    # Most noisy texts hold a trigger; strip the single-character ones to reach texts
    # without any, which is where the gate decides.
    if rule.triggers is ALWAYS:
        return
    chars = {t for t in rule.triggers if len(t) == 1}
    for text in (raw, "".join(c for c in raw if c not in chars)):
        if _absent(rule, text):
            assert rule.apply(text) == text, (rule.code, text)


@pytest.mark.parametrize("step", STEPS, ids=IDS)
@given(raw=noisy_text())
def test_a_step_writes_only_what_it_declares(step, raw):
    if step.writes is None:
        return
    out = step.apply(raw)
    assert set(out) - set(raw) <= set(step.writes), (step, raw, out)


def view_of(view: View, text: str):
    """``text`` as seen through ``view`` (the definitions of :class:`View`)."""
    lines = text.split("\n")
    if view is View.TEXT:
        return text
    if view is View.LINES:
        return [line for line in lines if line]
    if view is View.TRIMMED:
        return [t for t in (line.strip(HSPACE) for line in lines) if t]
    if view is View.KEYS:
        return [k for k in (" ".join(line.split()) for line in lines) if k]
    if view is View.EDGES:
        return [(line[: len(line) - len(line.lstrip(HSPACE))], line[len(line.rstrip(HSPACE)) :]) for line in lines if line]
    raise AssertionError(view)


@pytest.mark.parametrize("step", STEPS, ids=IDS)
@given(raw=noisy_text())
def test_a_step_keeps_every_view_it_declares_it_preserves(step, raw):
    out = step.apply(raw)
    for view in kept_views(step.preserves):
        assert view_of(view, out) == view_of(view, raw), (step, view, raw, out)


def perturb(text: str, keep: View, rng: random.Random) -> str:
    """``text`` changed at random in a way that keeps the view ``keep``."""
    lines = text.split("\n")
    out = []
    for line in lines:
        if keep in (View.KEYS, View.TRIMMED) and rng.random() < 0.5:
            line = rng.choice(["", " ", "\u00a0", "\t "]) + line + rng.choice(["", " ", "\u2003"])
        if keep in (View.KEYS, View.EDGES) and " " in line.strip(HSPACE) and rng.random() < 0.5:
            core = line.strip(HSPACE)
            head = line[: len(line) - len(line.lstrip(HSPACE))]
            tail = line[len(line.rstrip(HSPACE)) :]
            line = head + core.replace(" ", rng.choice(["  ", "\u00a0", " \t", "\u3000"]), 1) + tail
        out.append(line)
        if rng.random() < 0.2:
            out.append("")
    return "\n".join(out)


@pytest.mark.parametrize("step", STEPS, ids=IDS)
@given(raw=noisy_text(), seed=st.integers(0, 1000))
def test_a_settled_step_stays_settled_on_every_text_with_the_same_view(step, raw, seed):
    out, view = step.run(raw)
    if view is None or view is View.TEXT:
        return
    assert step.apply(out) == out, (step, raw)
    other = perturb(out, view, random.Random(seed))
    assert view_of(view, other) == view_of(view, out)
    assert step.apply(other) == other, (step, view, other)


def test_views_determine_what_they_say():
    rng = random.Random(3)
    texts = [t for t in generated_documents(40, 2)]
    for text in texts:
        for view in View:
            other = perturb(text, view, rng) if view is not View.TEXT else text
            for coarser in View:
                if view.determines(coarser):
                    assert view_of(coarser, other) == view_of(coarser, text), (view, coarser)


# ------------------------------------------------------------------ cheaper proofs

_NAMES = [
    "Tehrik-i-Insaf", "Tehreek-e-Insaf", "Siestan-o-Baluchistan", "Jaish ul Adel", "Jaish al-Adl",
    "Hashd al-Shabi", "al-Shabi", "Harakat\tal-Nujabaa", "Kiev", "Kyiv", "Jeish\u00a0al-Adl", "al\tNujaba",
    "Jaish\u3000ul\u3000Adel", "Tehrik\u2003e Insaf", "Siestan-o-\u3000Baluchistan",
]
_FILLER = ["said", "the", "talks", "in", "Tuesday", "and", "al", "Al", "Harakat", "Hashd", "Jaish"]
_GAPS = [" ", " ", " ", "  ", "\u00a0", "\t", " \u00a0", "\u2009", "\u3000", "\u2003"]


def _variant_documents(count, seed):
    rng = random.Random(seed)
    for _ in range(count):
        lines = []
        for _ in range(rng.randint(1, 6)):
            words = [rng.choice(_NAMES if rng.random() < 0.3 else _FILLER) for _ in range(rng.randint(1, 9))]
            line = "".join(w + rng.choice(_GAPS) for w in words)
            lines.append(rng.choice(["", " ", "\u00a0"]) + line.rstrip(" ") + rng.choice(["", " ", "\t"]))
        yield "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(3))
def test_a_rewrite_said_settled_after_folding_spaces_is(seed):
    cleaner = Cleaner(variants={"Kyiv": ["Kiev"]})
    rule = next(s for s in cleaner._steps if getattr(s, "code", "") == "CW601")
    fold = BY_CODE["CW902"]
    said = 0
    for text in _variant_documents(300, seed):
        before, view = rule.run(text)
        if view is None:
            continue
        after = fold.apply(before)
        if after == before:
            continue
        found = frozenset(c for c in before + " " if c in HSPACE or c in NAME_BLANKS)
        for known in (found, None):
            if rule.still_settled(Edit(before, after, kept_views(fold.preserves), known), view):
                said += 1
                assert rule.apply(after) == after, repr(before)
    assert said > 20


@pytest.mark.parametrize("seed", range(4))
def test_a_line_stage_said_settled_after_a_rewrite_is(seed):
    remover = next(s for s in Cleaner()._steps if isinstance(s, LineRemover))
    rng = random.Random(seed)
    edits = [
        "ALSO READ: a story", "Reuters", "follow us on Twitter", "Sistan and Baluchistan", "word",
        "The minister said the talks would resume next week in the capital after a pause of several days",
        "", "(With inputs from agencies)", "Tehreek-e-Insaf", "More to follow", "Example.com", "PTI", "0",
    ]
    checked = 0
    for text in generated_documents(120, seed):
        before, view = remover.run(text)
        if view is not View.KEYS:
            continue
        lines = before.split("\n")
        nonblank = [i for i, line in enumerate(lines) if line.strip()]
        for _ in range(rng.randint(1, 3)):
            i = rng.choice([rng.randrange(len(lines)), nonblank[0], nonblank[-1], rng.choice(nonblank[:4])])
            if rng.random() < 0.3:
                lines[i] = rng.choice(edits)
            else:
                words = lines[i].split(" ")
                words[rng.randrange(len(words))] = rng.choice(edits)
                lines[i] = " ".join(words)
        after = "\n".join(lines)
        said = remover.still_settled(Edit(before, after, frozenset(), None), view)
        assert said == (remover.apply(after) == after), after
        checked += 1
    assert checked > 80


# ------------------------------------------------------------------ the loop

PIECES = [
    "The council met on Tuesday and agreed the new budget after a long debate about schools and roads.",
    "Officials said strikes hit Siestan-o-Baluchistan overnight.",
    "Talks in Sistan\u2009Baluchestan resumed.",
    "Trade with Sistan \u00a0-\u00a0Baluchestan grew.",
    "ALSO READ: Another Story", "Reuter", "More to follow", "Example.com", "0", "Source: PTI",
    "  indented\u00a0line\t with  gaps  ", "\u200bzero width\u00ad here", "donâ€™t panic, cafÃ© owners said",
    "ADVERTISEMENT", "", "", "\r", "A headline", "Kiev\u3000Region", "\x0c", "x\u2028y",
]


def _pieced_documents(count, seed):
    rng = random.Random(seed)
    examples = [e.input for r in ALL_RULES for e in r.examples]
    for _ in range(count):
        lines = [rng.choice(PIECES) for _ in range(rng.randint(1, 10))]
        if rng.random() < 0.5:
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(examples).rstrip("\n"))
        yield rng.choice(["\n", "\r\n", "\n\n"]).join(lines) + rng.choice(["", "\n", "\n\n", " "])


CLEANERS = [
    Cleaner(),
    Cleaner(variants={"Kyiv": ["Kiev"], "Kyiv Oblast": ["Kiev Region"]}),
    Cleaner(ignore=["CW9"]),
    Cleaner(select=["CW2", "CW9", "CW6"]),
    Cleaner(max_removed_share=0.2),
    Cleaner(select=["CW"]),
    Cleaner(ftfy={"uncurl_quotes": True}),
]


@pytest.mark.parametrize("index", range(len(CLEANERS)))
def test_the_loop_gives_what_whole_passes_give(index):
    cleaner = CLEANERS[index]
    texts = list(_pieced_documents(250, seed=index)) + list(generated_documents(40, seed=index))
    for text in texts:
        once = cleaner.clean(text)
        assert once == plain_passes(cleaner, text), repr(text)
        assert cleaner.explain(text).text == once


def test_the_loop_gives_what_whole_passes_give_on_the_corpus():
    cleaner = Cleaner()
    inputs = sorted(CORPUS.rglob("input.txt"))
    assert len(inputs) > 20
    for path in inputs:
        text = path.read_text(encoding="utf-8")
        assert cleaner.clean(text) == plain_passes(cleaner, text), path


@settings(max_examples=150, deadline=None)
@given(raw=noisy_text())
def test_the_loop_gives_what_whole_passes_give_on_noise(raw):
    for cleaner in CLEANERS[:2]:
        assert cleaner.clean(raw) == plain_passes(cleaner, raw)


@settings(max_examples=60, deadline=None)
@given(doc=news_documents())
def test_the_loop_gives_what_whole_passes_give_on_news(doc):
    assert CLEANERS[0].clean(doc.text) == plain_passes(CLEANERS[0], doc.text)


def test_clean_and_explain_run_the_same_loop():
    for text in HARD_CASES:
        log = ChangeLog()
        log.reset_lines(text)
        assert Cleaner().run(text, log) == Cleaner().clean(text) == Cleaner().explain(text).text
