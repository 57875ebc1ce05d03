"""A table's entries: one entity each, with its canonical form and variant spellings."""

from __future__ import annotations

from typing import NamedTuple

from .spelling import name_key


class VariantConflict(ValueError):
    """A variant table cannot be used: two entries clash, or one is malformed.

    The message names the entries involved and the table each comes from, so the
    command line can report it as a configuration error.
    """


#: The same error under the name that says what it covers.
VariantTableError = VariantConflict


class Entry(NamedTuple):
    """One entity: its canonical form, its variant spellings and why that form.

    A named tuple rather than a frozen dataclass: every start builds the packaged
    tables' few hundred entries, and a tuple is made in a fraction of the time.
    """

    canonical: str
    variants: tuple[str, ...]
    kind: str = ""
    note: str = ""
    source: str = ""

    @property
    def label(self) -> str:
        return f"{self.canonical!r} ({self.source or 'table'})"


def check_entry(entry: Entry) -> None:
    if not isinstance(entry.canonical, str) or not name_key(entry.canonical):
        raise VariantConflict(f"{entry.source or 'table'}: canonical form {entry.canonical!r} has no letters")
    if "\n" in entry.canonical:
        raise VariantConflict(f"{entry.source or 'table'}: canonical form {entry.canonical!r} spans lines")
    for variant in entry.variants:
        if not isinstance(variant, str) or not name_key(variant):
            raise VariantConflict(f"variant {variant!r} of {entry.label} has no letters")
