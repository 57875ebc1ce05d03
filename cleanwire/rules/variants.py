"""CW6xx, stage ``inline``: rewrite spelling variants of proper nouns to one form.

Tables map a canonical form to its variants (``cleanwire/data/variants/*.toml``, plus
the user's own). Matching is by token index, not by one giant alternation: each
capitalised word of the text is looked up in a dictionary of first tokens, and only
then are the following tokens compared. Separators between tokens (space, no-break
space, hyphen) are interchangeable, so one table entry covers ``Sistan-Baluchestan``
and ``Sistan Baluchestan``. The longest entry wins, so a multi-word entry never
rewrites part of a longer name it does not list.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Iterable, Mapping

import regex

from ..model import ChangeLog, Example, Rule, Stage

# A token: letters, marks and digits, with inner apostrophes (O'Brien, Shi'ite).
TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*")
# What may stand between two tokens of one name.
SEPARATOR = regex.compile(r"[ \u00a0\t]*[-‐‑–][ \u00a0\t]*|[ \u00a0\t]+")
# Where a name may start: an upper-case letter not preceded by a letter, digit or '.
START = regex.compile(r"(?<![\p{L}\p{M}\p{N}_'’@#./-])\p{Lu}")
# Spans where nothing is rewritten.
PROTECTED = regex.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[@#][\p{L}\p{M}\p{N}_]+"
)


class VariantConflict(ValueError):
    """Two table entries claim the same spelling; the message names both."""


def name_key(name: str) -> tuple[str, ...]:
    """The comparable form of a name: its tokens, case-folded.

    >>> name_key("Sistan-o-Baluchistan")
    ('sistan', 'o', 'baluchistan')
    """
    return tuple(t.casefold() for t in TOKEN.findall(name))


def match_case(found: str, canonical: str) -> str:
    """Write ``canonical`` in the case style of ``found``.

    >>> match_case("SISTAN-BALUCHESTAN", "Sistan and Baluchistan")
    'SISTAN AND BALUCHISTAN'
    >>> match_case("Sistan-Baluchestan", "Sistan and Baluchistan")
    'Sistan and Baluchistan'
    """
    letters = [c for c in found if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return canonical.upper()
    return canonical


@dataclass(frozen=True)
class Entry:
    canonical: str
    variants: tuple[str, ...]
    kind: str = ""
    note: str = ""
    source: str = ""


class VariantTable:
    """An index from variant spellings to canonical forms."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self.entries: dict[str, Entry] = {}
        for entry in entries:
            self.entries[entry.canonical] = entry
        self._index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._owner: dict[tuple[str, ...], Entry] = {}
        self._build()

    def __reduce__(self):
        return (VariantTable, (tuple(self.entries.values()),))

    def __len__(self) -> int:
        return len(self.entries)

    def _build(self) -> None:
        canon_keys = {name_key(e.canonical): e for e in self.entries.values()}
        for entry in self.entries.values():
            for variant in entry.variants:
                key = name_key(variant)
                if not key or key == name_key(entry.canonical):
                    continue
                other = self._owner.get(key)
                if other is not None and other.canonical != entry.canonical:
                    raise VariantConflict(
                        f"variant {variant!r} is listed under both {other.canonical!r} "
                        f"({other.source or 'table'}) and {entry.canonical!r} ({entry.source or 'table'})"
                    )
                if key in canon_keys and canon_keys[key].canonical != entry.canonical:
                    raise VariantConflict(
                        f"variant {variant!r} of {entry.canonical!r} ({entry.source or 'table'}) is the "
                        f"canonical form of another entry, {canon_keys[key].canonical!r} "
                        f"({canon_keys[key].source or 'table'})"
                    )
                self._owner[key] = entry
                self._index.setdefault(key[0], []).append((key, entry.canonical))
        for candidates in self._index.values():
            candidates.sort(key=lambda kc: -len(kc[0]))

    def merged(self, other: "VariantTable") -> "VariantTable":
        """A table with ``other``'s entries overriding this one's."""
        entries = dict(self.entries)
        overridden = {name_key(v) for e in other.entries.values() for v in e.variants}
        for canonical, entry in list(entries.items()):
            kept = tuple(v for v in entry.variants if name_key(v) not in overridden)
            entries[canonical] = Entry(entry.canonical, kept, entry.kind, entry.note, entry.source)
        entries.update(other.entries)
        return VariantTable(entries.values())

    def find(self, text: str):
        """Yield ``(start, end, canonical)`` for each variant in ``text``."""
        if not self._index:
            return
        protected = [m.span() for m in PROTECTED.finditer(text)] if ("@" in text or "#" in text or "/" in text or "www." in text) else []
        index = self._index
        pos = 0
        for start_match in START.finditer(text):
            start = start_match.start()
            if start < pos:
                continue
            first = TOKEN.match(text, start)
            if first is None:
                continue
            candidates = index.get(first.group().casefold())
            if candidates is None:
                continue
            hit = self._longest(text, first, candidates)
            if hit is None:
                continue
            end, canonical = hit
            if end < len(text) and (text[end].isalnum() or text[end] in "_"):
                continue
            if any(s < end and start < e for s, e in protected):
                continue
            pos = end
            yield start, end, canonical

    @staticmethod
    def _longest(text: str, first: regex.Match, candidates):
        for key, canonical in candidates:  # longest first
            end = first.end()
            ok = True
            for token in key[1:]:
                sep = SEPARATOR.match(text, end)
                if sep is None:
                    ok = False
                    break
                nxt = TOKEN.match(text, sep.end())
                if nxt is None or nxt.group().casefold() != token:
                    ok = False
                    break
                end = nxt.end()
            if ok:
                return end, canonical
        return None

    def rewrite(self, text: str, on_change=None) -> str:
        pieces = []
        last = 0
        for start, end, canonical in self.find(text):
            found = text[start:end]
            new = match_case(found, canonical)
            if new == found:
                continue
            if on_change is not None:
                on_change(start, found, new)
            pieces.append(text[last:start])
            pieces.append(new)
            last = end
        if not pieces:
            return text
        pieces.append(text[last:])
        return "".join(pieces)


def entries_from_table(table: Mapping, source: str) -> list[Entry]:
    """Read entries from a parsed variants TOML document.

    Two shapes are accepted: ``[[entity]]`` records with ``canonical``, ``variants``,
    ``kind`` and ``note``; or a plain table ``"Canonical" = ["variant", ...]``.
    """
    entries = []
    default_kind = table.get("kind", "")
    for record in table.get("entity", []):
        entries.append(
            Entry(
                record["canonical"],
                tuple(record.get("variants", ())),
                record.get("kind", default_kind),
                record.get("note", ""),
                source,
            )
        )
    for canonical, variants in table.items():
        if canonical in ("entity", "kind", "description", "opt_in"):
            continue
        if isinstance(variants, list):
            entries.append(Entry(canonical, tuple(variants), default_kind, "", source))
    return entries


def table_from_mapping(mapping: Mapping[str, Iterable[str]], source: str = "configuration") -> VariantTable:
    return VariantTable(Entry(c, tuple(v), "", "", source) for c, v in mapping.items())


def packaged_table_names() -> list[str]:
    folder = resources.files("cleanwire.data").joinpath("variants")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_packaged_entries(name: str) -> tuple[list[Entry], bool]:
    folder = resources.files("cleanwire.data").joinpath("variants")
    table = tomllib.loads(folder.joinpath(name + ".toml").read_text(encoding="utf-8"))
    return entries_from_table(table, f"cleanwire/data/variants/{name}.toml"), bool(table.get("opt_in", False))


def default_table() -> VariantTable:
    entries: list[Entry] = []
    for name in packaged_table_names():
        loaded, opt_in = load_packaged_entries(name)
        if not opt_in:
            entries.extend(loaded)
    return VariantTable(entries)


def opt_in_table(names: Iterable[str]) -> VariantTable:
    entries: list[Entry] = []
    for name in names:
        entries.extend(load_packaged_entries(name)[0])
    return VariantTable(entries)


@dataclass(frozen=True, eq=False)
class VariantRule(Rule):
    table: VariantTable | None = None

    def apply(self, text: str, log: ChangeLog | None = None) -> str:
        table = self.table if self.table is not None else _default()
        if log is None:
            return table.rewrite(text)
        return table.rewrite(text, lambda start, found, new: log.add(self, log.line_at(text, start), found, new))


_DEFAULT: list[VariantTable] = []


def _default() -> VariantTable:
    # Built on first use and never mutated afterwards, so sharing it is thread-safe.
    if not _DEFAULT:
        _DEFAULT.append(default_table())
    return _DEFAULT[0]


SPELLING_VARIANTS = VariantRule(
    code="CW601",
    name="spelling-variants",
    stage=Stage.INLINE,
    family="variants",
    summary="Rewrite known spelling variants of proper nouns to one canonical form.",
    why="Wire copy spells the same place, party or person many ways; search, dedup and "
    "entity linking need one. Entries are specific: Pakistan's Balochistan is never "
    "rewritten to Iran's Sistan and Baluchistan.",
    examples=(
        Example("Strikes in Iran's Siestan-o-Baluchistan province.\n", "Strikes in Iran's Sistan and Baluchistan province.\n"),
        Example("Attacks in Pakistan's Balochistan province.\n", "Attacks in Pakistan's Balochistan province.\n"),
        Example("SISTAN-BALUCHESTAN\n", "SISTAN AND BALUCHISTAN\n"),
    ),
    data_driven=True,
)

RULES = (SPELLING_VARIANTS,)
