"""A deterministic, realistic synthetic corpus of scraped news articles.

The benchmark (``benchmarks/run.py``) and the tests clean it. Every document is
generated from a seed, so a benchmark run on one machine can be repeated on another
and compared. The text imitates what a scraper hands a cleaner:

- news-like paragraphs (templated sentences over a varied vocabulary, quotes with
  curly quotation marks, numbers, place and agency names);
- about 5% boilerplate lines, drawn from every rule family: source tags and credit
  lines, cross-promotion, social and app prompts, syndication and print notes,
  timestamps, and page furniture, including positional ones (a masthead at the top,
  a wire sign-off at the bottom);
- whitespace noise: trailing and no-break spaces, doubled spaces, tabs, blank-line
  runs, Windows line endings, zero-width characters;
- about 1% of documents with mojibake (UTF-8 read as Windows-1252);
- spelling variants of place names that the packaged variant table rewrites.

Nothing here is copied from a real article: every sentence is assembled from the
word lists below.

Usage::

    python -m cleanwire.newsgen --docs 20000 -o corpus.jsonl
    python -m cleanwire.newsgen --docs 20000 --shards 8 -o shards/  # part-00000.jsonl.gz, ...
"""

from __future__ import annotations

import argparse
import gzip
import json
import pathlib
import random
from typing import Iterator

# --------------------------------------------------------------------------- prose

SUBJECTS = [
    "The finance ministry", "Officials in the capital", "The opposition leader", "Rescue teams",
    "The central bank", "A spokesperson for the company", "Local residents", "The court",
    "Health authorities", "The transport minister", "Police", "Farmers' unions", "The regulator",
    "The election commission", "A senior diplomat", "Exporters", "The city council",
    "Researchers at the state university", "The prime minister's office", "Union leaders",
    "The weather office", "Investors", "The airline", "Teachers' associations", "The navy",
    "Hospital staff", "The mayor", "Coast guard officers", "The football federation",
    "Lawmakers from the ruling coalition",
]
VERBS = [
    "said on Tuesday that", "warned that", "announced that", "confirmed on Monday that",
    "told reporters that", "insisted that", "argued in a statement that", "denied reports that",
    "acknowledged that", "estimated that", "noted late on Friday that", "suggested that",
    "reported that", "cautioned that", "predicted that",
]
CLAUSES = [
    "prices of staple goods would rise by {pct} per cent before the end of the quarter",
    "{num} families had been moved to relief camps as the river kept rising",
    "talks with the neighbouring province would resume after a pause of {num} days",
    "the new rail link between {place} and {place2} would open next spring",
    "the budget deficit had narrowed to {pct} per cent of output",
    "a committee would review the contract awarded last year",
    "power cuts in {place} had eased after repairs to a main transmission line",
    "the strike by dock workers had delayed {num} shipments",
    "the harvest was expected to be the largest in a decade",
    "investigators had recovered the flight recorder from the wreckage",
    "the water level at the reservoir stood at {num} feet",
    "the hearing was adjourned until the first week of next month",
    "exports of textiles had grown for the third straight month",
    "the curfew in parts of {place} would be relaxed from Thursday",
    "schools would stay closed until the heatwave passed",
    "the agreement covered trade, energy and the return of detained fishermen",
    "a vaccination drive would reach {num} villages by the end of the year",
    "the security forces had cleared the highway near {place}",
    "the fuel subsidy would be phased out over {num} months",
    "no decision had been taken on the proposed tariff increase",
]
TAILS = [
    "", "", "", " despite objections from the opposition", " according to figures released on Sunday",
    " in a brief statement", " after a meeting that lasted several hours", " citing security concerns",
    " amid growing public pressure", " without giving further details",
]
QUOTES = [
    "\u201cWe are doing everything we can,\u201d {who} said.",
    "\u201cThis is not the end of the matter,\u201d {who} told a press conference.",
    "\u201cThe numbers speak for themselves,\u201d said {who}.",
    "\u201cNobody expected the water to rise so fast,\u201d {who} said, standing outside the caf\u00e9.",
    "\u201cWe will not accept a deal that hurts our members,\u201d {who} said.",
]
WHO = [
    "a senior official", "the minister", "one resident", "a union spokesperson", "an analyst in the city",
    "the chief executive", "a police officer", "the head of the relief agency",
]
PLACES = [
    "Karachi", "Lahore", "Quetta", "Peshawar", "Mumbai", "Chennai", "Dhaka", "Colombo", "Kathmandu",
    "Tehran", "Mashhad", "Zahedan", "Kabul", "Herat", "Multan", "Sukkur", "Gwadar", "Chittagong",
]
# Spellings that the packaged variant table rewrites (cleanwire/data/variants/places.toml),
# and the canonical spelling, which is left alone.
VARIANT_SPELLINGS = [
    "Siestan-o-Baluchistan", "Sistan-Baluchestan", "Sistan va Baluchestan", "Seistan-Baluchistan",
    "Sistan and Baluchistan",
]
AGENCIES = ["AFP", "Reuters", "PTI", "ANI", "AP", "APP", "IANS", "Xinhua", "Anadolu Agency"]
OUTLETS = ["Daily Courier", "Morning Ledger", "Evening Gazette", "Valley Tribune", "Harbour Times"]

# --------------------------------------------------------------------------- boilerplate

#: One generator per family; each returns a line the packaged rules remove.
ANYWHERE_BOILERPLATE = {
    "source-tags": [
        lambda r: f"Source: {r.choice(AGENCIES)}",
        lambda r: f"\u2022 Source:{r.choice(AGENCIES)}",
        lambda r: "(With inputs from agencies)",
        lambda r: f"With {r.choice(AGENCIES)} inputs",
        lambda r: f"By {r.choice(['Web Desk', 'News Desk', 'Reuters', 'Our Correspondent'])}",
        lambda r: "(Reporting by A. Writer; Editing by B. Editor)",
    ],
    "cross-promotion": [
        lambda r: f"ALSO READ: {headline(r)}",
        lambda r: f"Also Read | {headline(r)}",
        lambda r: f"Read more: {headline(r)}",
        lambda r: "READ MORE",
        lambda r: f"WATCH: {headline(r)}",
        lambda r: "Related Stories",
        lambda r: "CLICK HERE FOR MORE BUSINESS NEWS",
    ],
    "social-prompts": [
        lambda r: "Follow us on Google News",
        lambda r: "JOIN OUR WHATSAPP CHANNEL",
        lambda r: "Subscribe to our newsletter",
        lambda r: f"Download the {r.choice(OUTLETS)} app",
        lambda r: "Facebook Twitter WhatsApp Email",
    ],
    "disclaimers": [
        lambda r: f"(This story has not been edited by {r.choice(OUTLETS)} staff and is auto-generated from a syndicated feed.)",
        lambda r: f"Published in {r.choice(OUTLETS)}, March {r.randint(1, 28)}th, 2025",
        lambda r: f"Updated about {r.randint(2, 23)} hours ago",
        lambda r: f"Last Updated {r.randint(1, 28)} January 2024, 0{r.randint(1, 9)}:{r.randint(10, 59)} IST",
        lambda r: f"\u00a9 2025 {r.choice(OUTLETS)}. All rights reserved.",
    ],
    "page-furniture": [
        lambda r: "ADVERTISEMENT",
        lambda r: "(adsbygoogle=window.adsbygoogle||[]).push({});",
        lambda r: f"{r.randint(2, 90)} Comments",
        lambda r: "View this post on Instagram",
        lambda r: f"Tags: {r.choice(PLACES).lower()}, politics, economy",
        lambda r: f"Photo: {r.choice(AGENCIES)}",
    ],
}
FAMILIES = sorted(ANYWHERE_BOILERPLATE)
LEADING_BOILERPLATE = [lambda r: f"{r.choice(OUTLETS).replace(' ', '')}.com"]
TRAILING_BOILERPLATE = [lambda r: "Reuter", lambda r: "More to follow", lambda r: f"({r.choice(['ANI', 'PTI', 'AFP'])})"]


def headline(r: random.Random) -> str:
    """A headline of the kind the promos of the corpus name (`Floods Close Port Link`)."""
    words = r.sample(
        ["Markets", "Rally", "Floods", "Budget", "Talks", "Stall", "Court", "Orders", "Probe", "Into",
         "New", "Port", "Deal", "Heatwave", "Grips", "Region", "Rail", "Link", "Opens", "Exports"],
        k=r.randint(3, 7),
    )
    return " ".join(words)


def _sentence(r: random.Random) -> str:
    if r.random() < 0.12:
        return r.choice(QUOTES).format(who=r.choice(WHO))
    clause = r.choice(CLAUSES).format(
        pct=f"{r.randint(1, 19)}.{r.randint(0, 9)}",
        num=f"{r.randint(2, 9000):,}",
        place=_place(r),
        place2=r.choice(PLACES),
    )
    return f"{r.choice(SUBJECTS)} {r.choice(VERBS)} {clause}{r.choice(TAILS)}."


def _place(r: random.Random) -> str:
    if r.random() < 0.03:
        return r.choice(VARIANT_SPELLINGS)
    return r.choice(PLACES)


def _paragraph(r: random.Random) -> str:
    return " ".join(_sentence(r) for _ in range(r.randint(1, 4)))


def _noisy(line: str, r: random.Random) -> str:
    """Add the whitespace debris an HTML-to-text step leaves in a line."""
    roll = r.random()
    if roll < 0.10:
        line += r.choice([" ", "  ", "\u00a0", "\t", " \u00a0"])
    elif roll < 0.16:
        words = line.split(" ")
        if len(words) > 3:
            k = r.randrange(1, len(words))
            words[k] = r.choice(["\u00a0", " ", "\t"]) + words[k]
        line = " ".join(words)
    elif roll < 0.18:
        line = r.choice(["  ", "\u00a0", "\u200b"]) + line
    return line


def _mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252: the commonest damage in scraped text."""
    return text.encode("utf-8").decode("cp1252", errors="replace")


def document(seed: int, index: int, boilerplate_share: float = 0.05) -> str:
    """The ``index``-th document of the corpus for ``seed``; same arguments, same text."""
    r = random.Random(seed * 1_000_003 + index)
    lines: list[str] = []
    paragraphs = [_paragraph(r) for _ in range(r.randint(4, 14))]
    for paragraph in paragraphs:
        lines.append(paragraph)
        if r.random() < 0.85:
            lines.append("")
    # Boilerplate: about ``boilerplate_share`` of the lines, from every family.
    budget = boilerplate_share * len(lines)
    count = int(budget) + (1 if r.random() < budget - int(budget) else 0)
    for _ in range(count):
        family = r.choice(FAMILIES)
        line = r.choice(ANYWHERE_BOILERPLATE[family])(r)
        lines.insert(r.randrange(1, len(lines) + 1), line)
    if r.random() < boilerplate_share * 2:
        lines.insert(0, r.choice(LEADING_BOILERPLATE)(r))
    if r.random() < boilerplate_share * 2:
        lines.append(r.choice(TRAILING_BOILERPLATE)(r))
    lines = [_noisy(line, r) for line in lines]
    if r.random() < 0.05:
        k = r.randrange(len(lines))
        lines[k:k] = [""] * r.randint(2, 4)
    newline = "\r\n" if r.random() < 0.05 else "\n"
    text = newline.join(lines) + newline
    if r.random() < 0.01:
        text = _mojibake(text)
    return text


def documents(count: int, seed: int = 0) -> Iterator[str]:
    """Yield ``count`` documents lazily, so a large corpus never sits in memory."""
    for index in range(count):
        yield document(seed, index)


def records(count: int, seed: int = 0, start: int = 0) -> Iterator[dict]:
    for index in range(start, start + count):
        yield {"id": f"doc-{seed}-{index:07d}", "url": f"https://news.example/{index}", "text": document(seed, index)}


def write_jsonl(path: pathlib.Path, count: int, seed: int = 0, start: int = 0) -> int:
    """Write ``count`` records as JSON lines (gzip if the name ends in .gz); return bytes of text."""
    path = pathlib.Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    total = 0
    with opener(path, "wt", encoding="utf-8", newline="\n") as out:
        for record in records(count, seed, start):
            total += len(record["text"].encode("utf-8"))
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return total


def write_shards(folder: pathlib.Path, count: int, shards: int, seed: int = 0, compress: bool = True) -> list[pathlib.Path]:
    """Split ``count`` records over ``shards`` files ``part-00000.jsonl[.gz]``, in order."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    per = -(-count // shards)
    for shard in range(shards):
        start = shard * per
        n = max(0, min(per, count - start))
        path = folder / (f"part-{shard:05d}.jsonl" + (".gz" if compress else ""))
        write_jsonl(path, n, seed, start)
        paths.append(path)
    return paths


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Write a deterministic synthetic news corpus as JSON lines.")
    parser.add_argument("--docs", type=int, default=5000, help="number of documents (default 5000, about 12 MB)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shards", type=int, default=0, help="write N gzip shards into the -o folder")
    parser.add_argument("-o", "--output", required=True, help="output .jsonl[.gz] file, or a folder with --shards")
    args = parser.parse_args(argv)
    if args.shards:
        paths = write_shards(pathlib.Path(args.output), args.docs, args.shards, args.seed)
        print(f"wrote {args.docs} documents in {len(paths)} shards to {args.output}")
    else:
        size = write_jsonl(pathlib.Path(args.output), args.docs, args.seed)
        print(f"wrote {args.docs} documents ({size / 1e6:.1f} MB of text) to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
