"""The word lists of the structure stage, read from ``cleanwire/data/structure.toml``.

The lists are data so that users can extend them for their own sites (a section name
of their outlet, their outlet's name) without touching code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields, replace
from typing import Mapping, Sequence

from ...datafiles import load_packaged_toml

#: The lists a vocabulary holds; ``cues`` lists are kept under their own names.
LISTS = (
    "sections", "regions", "languages", "outlets", "byline_words", "stamp_words", "months", "field_labels",
    "list_headings", "list_heading_starts", "openers", "credit_labels", "widget_words", "list_intros",
    "list_intro_ends", "list_nouns",
)
CUE_LISTS = ("imperatives", "lead_ins", "channels", "pointers", "platforms", "not_prompts")


def _folded(items) -> frozenset[str]:
    return frozenset(" ".join(str(item).split()).casefold() for item in items)


@dataclass(frozen=True)
class Vocabulary:
    """Case-folded word lists; every entry is a whole phrase to match."""

    sections: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    outlets: frozenset[str] = frozenset()
    byline_words: frozenset[str] = frozenset()
    stamp_words: frozenset[str] = frozenset()
    months: frozenset[str] = frozenset()
    field_labels: frozenset[str] = frozenset()
    list_headings: frozenset[str] = frozenset()
    list_heading_starts: frozenset[str] = frozenset()
    openers: frozenset[str] = frozenset()
    credit_labels: frozenset[str] = frozenset()
    widget_words: frozenset[str] = frozenset()
    list_intros: frozenset[str] = frozenset()
    list_intro_ends: frozenset[str] = frozenset()
    list_nouns: frozenset[str] = frozenset()
    imperatives: frozenset[str] = frozenset()
    lead_ins: frozenset[str] = frozenset()
    channels: frozenset[str] = frozenset()
    pointers: frozenset[str] = frozenset()
    platforms: frozenset[str] = frozenset()
    not_prompts: frozenset[str] = frozenset()

    @functools.cached_property
    def cue_openers(self) -> frozenset[str]:
        """The first words a prompt can open with (of a cue verb or a lead-in)."""
        return frozenset(phrase.split()[0] for phrase in self.imperatives | self.lead_ins)

    @functools.cached_property
    def labels(self) -> frozenset[str]:
        """Everything a page prints as a bare label: sections, regions, languages, outlets."""
        return self.sections | self.regions | self.languages | self.outlets

    def extended(self, extra: Mapping[str, Sequence[str]], source: str = "configuration") -> "Vocabulary":
        """This vocabulary with the entries of ``extra`` added to the named lists.

        >>> v = packaged().extended({"outlets": ["The Coast Courier"]})
        >>> "the coast courier" in v.outlets
        True
        """
        known = {f.name for f in fields(self)}
        changes = {}
        for name, items in extra.items():
            if name not in known:
                raise ValueError(f"{source}: unknown structure list {name!r} (known: {', '.join(sorted(known))})")
            if isinstance(items, str) or not all(isinstance(i, str) for i in items):
                raise ValueError(f"{source}: structure list {name!r} must be a list of strings")
            changes[name] = getattr(self, name) | _folded(items)
        return replace(self, **changes)


def from_table(table: Mapping) -> Vocabulary:
    """Build a vocabulary from the parsed TOML layout of ``structure.toml``."""
    values = {name: _folded(table.get(name, ())) for name in LISTS}
    cues = table.get("cues", {})
    values.update({name: _folded(cues.get(name, ())) for name in CUE_LISTS})
    return Vocabulary(**values)


@functools.lru_cache(maxsize=1)
def packaged() -> Vocabulary:
    """The packaged vocabulary (read once per process)."""
    return from_table(load_packaged_toml("structure.toml"))
