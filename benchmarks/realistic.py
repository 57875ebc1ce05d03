"""A boilerplate-dense benchmark corpus, built from the project's own corpus and generated prose.

Scraped news pages are denser in boilerplate than ``cleanwire.newsgen``'s articles
(about 5% of their lines): a page carries a masthead and navigation above the
headline, promos and ad markers between paragraphs, and share bars, tag lists and
sign-offs below the story, twenty short candidate lines or more. This corpus has
that shape. Its lines come from the project's own invented cases (``corpus/cases``,
``corpus/labelled``): each case is cleaned with ``Cleaner.explain`` to learn which of
its lines are boilerplate and where they stood (top, middle, bottom of the story),
which short lines are content that merely looks like boilerplate (headlines,
datelines, lookalikes), and which are paragraphs. Documents are then assembled from
those pools and from ``newsgen`` paragraphs, deterministically from a seed.

    python benchmarks/realistic.py --docs 3 --seed 1     # print three documents
"""

from __future__ import annotations

import argparse
import json
import pathlib
import random
from dataclasses import dataclass, field
from typing import Iterator

ROOT = pathlib.Path(__file__).resolve().parent.parent

#: A kept line shorter than this is a candidate line (headline, subhead, lookalike).
SHORT = 80


@dataclass
class Pools:
    """Lines harvested from the corpus, by role and place."""

    head: list[str] = field(default_factory=list)  # boilerplate above the story
    middle: list[str] = field(default_factory=list)  # boilerplate between paragraphs
    tail: list[str] = field(default_factory=list)  # boilerplate below the story
    short: list[str] = field(default_factory=list)  # short content lines
    paragraphs: list[str] = field(default_factory=list)  # long content lines


def _raw_texts(root: pathlib.Path) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "corpus" / "cases").glob("*/input.txt"))]
    for path in sorted((root / "corpus" / "labelled").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["raw"])
    return texts


def harvest(root: pathlib.Path = ROOT) -> Pools:
    """Sort the lines of the project's corpus into :class:`Pools` with the default cleaner."""
    from cleanwire import Cleaner

    cleaner = Cleaner(max_removed_share=1.0)
    line_codes = {r.code for r in cleaner.rules if r.stage.info.contract == "whole-lines"}
    pools = Pools()
    for text in _raw_texts(root):
        lines = text.replace("\r\n", "\n").split("\n")
        removed = {c.line - 1 for c in cleaner.explain(text).changes if c.code in line_codes}
        long_at = [i for i, line in enumerate(lines) if len(line.split()) >= 20]
        first, last = (long_at[0], long_at[-1]) if long_at else (len(lines), -1)
        for i, line in enumerate(lines):
            if not line.strip():
                continue
            if i in removed:
                (pools.head if i < first else pools.tail if i > last else pools.middle).append(line)
            elif len(line) < SHORT:
                pools.short.append(line)
            else:
                pools.paragraphs.append(line)
    return pools


def document(pools: Pools, r: random.Random) -> str:
    """One page: furniture above, a story with promos and subheads, furniture below."""
    from cleanwire import newsgen

    lines = [r.choice(pools.head) for _ in range(r.randint(2, 6))]
    lines += [r.choice(pools.short) for _ in range(r.randint(1, 3))]  # headline, dateline, byline
    for _ in range(r.randint(6, 14)):
        lines.append(r.choice(pools.paragraphs) if r.random() < 0.4 else newsgen._paragraph(r))
        lines.append("")
        if r.random() < 0.4:
            lines += [r.choice(pools.middle) for _ in range(r.randint(1, 2))]
            lines.append("")
        if r.random() < 0.2:
            lines.append(r.choice(pools.short))
    lines += [r.choice(pools.tail or pools.middle) for _ in range(r.randint(3, 8))]
    lines += [r.choice(pools.middle) for _ in range(r.randint(2, 6))]
    return "\n".join(lines) + "\n"


def documents(count: int, seed: int = 0, root: pathlib.Path = ROOT) -> Iterator[str]:
    """``count`` documents for ``seed``; the same arguments give the same texts."""
    pools = harvest(root)
    r = random.Random(seed)
    for _ in range(count):
        yield document(pools, r)


def describe(texts: list[str]) -> str:
    """Lines, short (candidate) lines and removed lines per document, on average."""
    from cleanwire import Cleaner

    cleaner = Cleaner()
    lines = sum(t.count("\n") for t in texts)
    short = sum(1 for t in texts for line in t.split("\n") if line.strip() and len(line) < SHORT)
    removed = sum(t.count("\n") - cleaner.clean(t).count("\n") for t in texts)
    n = len(texts)
    return f"{lines / n:.0f} lines, {short / n:.0f} short ones, {removed / n:.0f} fewer after cleaning, per document"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    texts = list(documents(args.docs, args.seed))
    for text in texts:
        print(text)
        print("-" * 72)
    print(describe(texts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
