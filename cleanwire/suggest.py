"""``cleanwire variants suggest PATH...``: mine a corpus for spelling-variant clusters.

Capitalised names are collected from the corpus with their counts, and names that
look like transliterations of each other are grouped: the same consonant skeleton
once common transliteration pairs are folded (``kh``/``k``, ``q``/``k``, ``ee``/``i``,
``w``/``v``, doubled letters, vowels), and a small edit distance on the folded
spelling. Each cluster is printed as a TOML line, most frequent spelling first, ready
to review and paste into ``cleanwire.toml``::

    [variants]
    # Sistan and Baluchistan 12, Siestan-o-Baluchistan 3, Sistan-Baluchestan 2
    "Sistan and Baluchistan" = ["Siestan-o-Baluchistan", "Sistan-Baluchestan"]

The grouping is deliberately strict, because a wrong entry rewrites a real name:
one name that only extends another (``Sharif``/``Sharifi``, ``Khan``/``Khanna``) is
never grouped with it, short single words are never grouped, and clusters that the
packaged tables already cover are left out unless ``--include-known`` is given.
Every suggestion still needs a human decision.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Iterator

import regex

from .rules.variants import PROTECTED, VariantConflict, default_table, name_key

#: Lower-case words that may sit inside a name: Arabic and Persian articles and
#: izafe, connectors, and the particles of European names.
_PARTICLES = "al|el|ul|ud|ur|us|ut|an|ad|ash|as|e|i|o|va|wa|and|bin|ibn|bint|de|du|da|di|von|van|der|ben"
_CAP = r"\p{Lu}[\p{L}\p{M}]*(?:['’ʼ][\p{L}\p{M}]+)*"
_SEP = r"(?:[ \u00a0]|[ \u00a0]?[-‐‑][ \u00a0]?)"
#: A run of capitalised words, possibly joined by particles.
NAME = regex.compile(rf"(?<![\p{{L}}\p{{M}}\p{{N}}@#/_.\-])(?:{_CAP})(?:{_SEP}(?:(?:{_PARTICLES}){_SEP})?{_CAP})*")
_INVISIBLE = regex.compile("[\u00ad\u200b\u2060\ufeff]")

#: Capitalised words that open sentences and titles rather than names.
STOPWORDS = frozenset(
    """a an the in on at by for from with without but and or nor if as it its he she they we you i
    this that these those his her their our my your after before when while where since during
    mr mrs ms dr sir prime president minister chief general gen col maj capt lt sgt justice
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december however meanwhile also according officials
    there here what who whom whose which why how not no yes all some many most several other
    read also watch""".split()
)

_TRANSLIT = [("kh", "k"), ("gh", "g"), ("ck", "k"), ("q", "k"), ("ph", "f"), ("w", "v"), ("y", "i"),
             ("ee", "i"), ("ie", "i"), ("oo", "u"), ("ou", "u")]
_DOUBLE = regex.compile(r"(.)\1+")
_VOWELS = regex.compile("[aeiou]")


def translit(name: str) -> str:
    """Fold a name's spelling so that transliteration variants come close.

    >>> translit("Tehreek-e-Insaf"), translit("Tehrik-i-Insaf")
    ('tehrikeinsaf', 'tehrikinsaf')
    >>> translit("Khamenei") == translit("Khamenehi".replace("h", "", 1))
    False
    """
    text = unicodedata.normalize("NFKD", "".join(name_key(name)))
    text = "".join(c for c in text if not unicodedata.combining(c))
    for old, new in _TRANSLIT:
        text = text.replace(old, new)
    return _DOUBLE.sub(r"\1", text)


def skeleton(folded: str) -> str:
    """The consonants of a folded name: names are only compared within one skeleton.

    >>> skeleton(translit("Sistan and Baluchistan")) == skeleton(translit("Siestan-o-Baluchestan"))
    True
    """
    return _VOWELS.sub("", folded)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance.

    >>> edit_distance("tehrikeinsaf", "tehrikinsaf")
    1
    """
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def related(a: str, b: str) -> bool:
    """Whether two folded spellings (same skeleton) are close enough to be one name.

    >>> related(translit("Sistan and Baluchistan"), translit("Seistan-Baluchestan"))
    True
    >>> related(translit("Sharifabad"), translit("Sharifabadi")), related(translit("Gaza"), translit("Giza"))
    (False, False)
    """
    if a == b:
        return True
    shorter = min(len(a), len(b))
    if shorter < 8 or a.startswith(b) or b.startswith(a) or a.endswith(b) or b.endswith(a):
        return False  # short names differ by one letter too often (Jordan, Jourdan)
    return edit_distance(a, b) <= (1 if shorter < 16 else 2)


def names_in(text: str) -> Iterator[str]:
    """The capitalised names of ``text``, sentence openers and possessives trimmed.

    >>> list(names_in("The Sistan-o-Baluchistan governor met Jaish al-Adl's envoy in Tehran."))
    ['Sistan-o-Baluchistan', 'Jaish al-Adl', 'Tehran']
    """
    text = _INVISIBLE.sub("", text)
    text = PROTECTED.sub(" ", text)
    for match in NAME.finditer(text):
        for name in _split_lists(_trim(match.group())):
            name = _trim(name)
            if name.endswith(("'s", "’s")):
                name = name[:-2]
            letters = [c for c in name if c.isalpha()]
            if not letters or all(c.isupper() for c in letters):
                continue  # acronyms and shouted headlines are case variants at best
            if name and name[0].isupper():
                yield name


def _trim(name: str) -> str:
    """Drop leading stop words: ``The Sistan Province`` -> ``Sistan Province``."""
    words = regex.split(rf"({_SEP})", name)
    while words and words[0].casefold() in STOPWORDS:
        words = words[2:]
    return "".join(words)


_CONNECTOR = regex.compile(rf"{_SEP}(?:and|o|va){_SEP}")
_HYPHENATED = regex.compile(r"[-‐‑](?:and|o|va)[-‐‑]")


def _split_lists(name: str) -> list[str]:
    """Split ``A and B`` into its parts unless both sides are single words.

    ``Sistan-o-Baluchistan`` is one name; ``Nawaz Sharif and Imran Khan`` and
    ``Quetta and Gwadar and Turbat`` are lists; ``Sistan and Baluchistan`` may be
    either, so both readings are counted.

    >>> _split_lists("Sistan-o-Baluchistan"), _split_lists("Nawaz Sharif and Imran Khan")
    (['Sistan-o-Baluchistan'], ['Nawaz Sharif', 'Imran Khan'])
    >>> _split_lists("Sistan and Baluchistan")
    ['Sistan and Baluchistan', 'Sistan', 'Baluchistan']
    """
    parts = _CONNECTOR.split(name)
    if len(parts) == 1:
        return [name]
    if len(parts) == 2 and all(len(regex.split(_SEP, part)) == 1 for part in parts):
        if _HYPHENATED.search(name):
            return [name]  # Sistan-o-Baluchistan
        return [name, *parts]  # Sistan and Baluchistan, or two places
    return parts


@dataclass
class Cluster:
    """Spellings judged to be one name: per spelling, its surface forms and counts."""

    spellings: dict[str, collections.Counter] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(sum(c.values()) for c in self.spellings.values())

    def ranked(self) -> list[tuple[str, int]]:
        """One surface form per spelling (its most frequent), most frequent first."""
        rows = []
        for surfaces in self.spellings.values():
            surface = max(surfaces.items(), key=lambda kv: (kv[1], kv[0]))[0]
            rows.append((surface, sum(surfaces.values())))
        return sorted(rows, key=lambda row: (-row[1], row[0]))


def count_names(texts: Iterable[str]) -> collections.Counter:
    """How often each capitalised name occurs."""
    counts: collections.Counter = collections.Counter()
    for text in texts:
        counts.update(names_in(text))
    return counts


def clusters(counts: collections.Counter, min_count: int = 2) -> list[Cluster]:
    """Group names that look like spellings of each other; biggest clusters first.

    >>> counts = collections.Counter({"Jaish al-Adl": 5, "Jaish-ul-Adl": 2, "JAISH AL-ADL": 1, "Tehran": 9})
    >>> [c.ranked() for c in clusters(counts)]
    [[('Jaish al-Adl', 6), ('Jaish-ul-Adl', 2)]]
    """
    # A spelling is a surface form up to case and the kind of blank: the separators
    # and connectors that differ between spellings are worth showing.
    by_key: dict[str, collections.Counter] = {}
    for surface, n in counts.items():
        if name_key(surface):
            by_key.setdefault(surface.replace("\u00a0", " ").casefold(), collections.Counter())[surface] += n
    blocks: dict[str, list[tuple[str, str]]] = {}
    for key in by_key:
        folded = translit(key)
        blocks.setdefault(skeleton(folded), []).append((key, folded))
    parent = {key: key for key in by_key}

    def find(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for members in blocks.values():
        for i, (key_a, folded_a) in enumerate(members):
            for key_b, folded_b in members[i + 1 :]:
                if related(folded_a, folded_b):
                    parent[find(key_a)] = find(key_b)
    groups: dict[str, Cluster] = {}
    for key, surfaces in by_key.items():
        groups.setdefault(find(key), Cluster()).spellings[key] = surfaces
    found = [c for c in groups.values() if len(c.spellings) > 1 and c.total >= min_count]
    return sorted(found, key=lambda c: (-c.total, c.ranked()[0][0]))


def _known(cluster: Cluster, table) -> bool:
    """Whether the packaged table already maps every spelling of the cluster to one form."""
    targets = set()
    for surface, _ in cluster.ranked():
        hits = list(table.find(surface))
        if len(hits) != 1 or hits[0][:2] != (0, len(surface)):
            return False
        targets.add(hits[0][2])
    return len(targets) == 1


def _toml_string(value: str) -> str:
    # A JSON string is a valid TOML basic string.
    return json.dumps(value, ensure_ascii=False)


def render(found: list[Cluster], header: str, section: str) -> str:
    """The clusters as a TOML table with a comment of counts above each line."""
    lines = [f"# {header}", "# Review every line: a cluster can join two different entities.", "", f"[{section}]"]
    for cluster in found:
        ranked = cluster.ranked()
        lines.append("# " + ", ".join(f"{surface} {n}" for surface, n in ranked))
        variants = ", ".join(_toml_string(surface) for surface, _ in ranked[1:])
        lines.append(f"{_toml_string(ranked[0][0])} = [{variants}]")
    return "\n".join(lines) + "\n"


def _read_texts(paths: list[str], field_name: str) -> Iterator[str]:
    """Texts of plain files, JSON Lines files (plain, gzip, xz or zstd) and folders.

    Folders are walked as the cleaning command walks them (``*.txt`` and the JSON Lines
    names, hidden and git-ignored paths skipped), and JSON Lines files are opened by
    the same reader, which recognises compression by content.
    """
    from .io import Skipped, read_text_file, walk
    from .jsonl import JSONL_INCLUDE, open_input

    for path in walk(paths, ("*.txt",) + tuple(JSONL_INCLUDE)):
        if isinstance(path, Skipped):
            continue
        if path == "-":
            yield sys.stdin.read()
        elif path.endswith(tuple(glob[1:] for glob in JSONL_INCLUDE)):
            stream = open_input(path)
            try:
                for number, line in enumerate(stream, 1):
                    if not line.strip():
                        continue
                    try:
                        record = json.loads(line)
                    except ValueError as exc:
                        raise ValueError(f"{path}:{number}: not valid JSON ({getattr(exc, 'msg', exc)})") from None
                    value = record.get(field_name) if isinstance(record, dict) else None
                    if isinstance(value, str):
                        yield value
            finally:
                stream.close()
        else:
            yield read_text_file(path)[1].text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleanwire variants",
        description="Work with spelling-variant tables.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    suggest = commands.add_parser(
        "suggest",
        help="mine a corpus for candidate variant clusters and print them as TOML",
        description="Mine a corpus for names spelt several ways and print them as a TOML table to review.",
    )
    suggest.add_argument("paths", nargs="+", metavar="PATH", help="text files, JSON Lines files (.jsonl, .jsonl.gz, .jsonl.xz, .jsonl.zst), folders of them, or '-'")
    suggest.add_argument("--min-count", type=int, default=2, metavar="N", help="only clusters seen at least N times (default 2)")
    suggest.add_argument("--field", default="text", help="field of .jsonl records to read (default: text)")
    suggest.add_argument("--include-known", action="store_true", help="also show clusters the packaged tables already cover")
    suggest.add_argument("--pyproject", action="store_true", help="print [tool.cleanwire.variants] instead of [variants]")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``cleanwire variants ...``; ``argv`` starts with the subcommand."""
    from .io import FileError

    args = build_parser().parse_args(argv)
    if args.min_count < 1:
        print("cleanwire variants suggest: --min-count must be at least 1", file=sys.stderr)
        return 2
    for path in args.paths:
        if path != "-" and not os.path.exists(path):
            print(f"cleanwire variants suggest: {path}: no such file or folder", file=sys.stderr)
            return 2
    try:
        counts = count_names(_read_texts(args.paths, args.field))
    except (OSError, UnicodeDecodeError, ValueError, FileError) as exc:
        print(f"cleanwire variants suggest: {exc}", file=sys.stderr)
        return 2
    found = clusters(counts, args.min_count)
    if not args.include_known:
        try:
            table = default_table()
        except VariantConflict as exc:  # pragma: no cover - packaged tables are tested
            print(f"cleanwire variants suggest: {exc}", file=sys.stderr)
            return 2
        found = [c for c in found if not _known(c, table)]
    header = f"{len(found)} candidate cluster{'s' * (len(found) != 1)} from {sum(counts.values())} names"
    section = "tool.cleanwire.variants" if args.pyproject else "variants"
    from .chars import escape_surrogates  # a name read from JSON may hold a lone surrogate

    sys.stdout.write(escape_surrogates(render(found, header, section)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
