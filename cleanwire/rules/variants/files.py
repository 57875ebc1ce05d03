"""Variant tables from files and mappings: the packaged TOML tables and the user's own."""

from __future__ import annotations

from typing import Iterable, Mapping

from ...datafiles import load_packaged_toml, packaged_toml_files
from .entries import Entry, VariantConflict
from .table import VariantTable


_RESERVED = ("entity", "kind", "description", "opt_in")


def entries_from_table(table: Mapping, source: str) -> list[Entry]:
    """Read entries from a parsed variants TOML document.

    Two shapes are accepted: ``[[entity]]`` records with ``canonical``, ``variants``,
    ``kind`` and ``note``; or plain keys ``"Canonical" = ["variant", ...]``.

    >>> entries_from_table({"Kyiv": ["Kiev"]}, "x.toml")
    [Entry(canonical='Kyiv', variants=('Kiev',), kind='', note='', source='x.toml')]
    """
    entries = []
    default_kind = table.get("kind", "")
    records = table.get("entity", [])
    if not isinstance(records, list):
        raise VariantConflict(f"{source}: 'entity' must be an array of tables ([[entity]])")
    for number, record in enumerate(records, 1):
        where = f"{source}: entity {number}"
        if not isinstance(record, dict) or not isinstance(record.get("canonical"), str):
            raise VariantConflict(f"{where}: needs a 'canonical' string")
        unknown = set(record) - {"canonical", "variants", "kind", "note"}
        if unknown:
            raise VariantConflict(f"{where} ({record['canonical']!r}): unknown keys {sorted(unknown)}")
        variants = record.get("variants", [])
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            raise VariantConflict(f"{where} ({record['canonical']!r}): 'variants' must be a list of strings")
        for key in ("kind", "note"):
            if not isinstance(record.get(key, ""), str):
                raise VariantConflict(f"{where} ({record['canonical']!r}): {key!r} must be a string")
        entries.append(
            Entry(record["canonical"], tuple(variants), record.get("kind", default_kind), record.get("note", ""), source)
        )
    for canonical, variants in table.items():
        if canonical in _RESERVED:
            continue
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            raise VariantConflict(f"{source}: {canonical!r} must map to a list of variant strings")
        entries.append(Entry(canonical, tuple(variants), default_kind, "", source))
    return entries


def table_from_mapping(mapping: Mapping[str, Iterable[str]], source: str = "configuration") -> VariantTable:
    """A table from ``{"Canonical": ["variant", ...]}``, as users write it."""
    entries = []
    for canonical, variants in mapping.items():
        if isinstance(variants, str):
            raise VariantConflict(f"{source}: {canonical!r} must map to a list of variants, not a string")
        entries.append(Entry(canonical, tuple(variants), "", "", source))
    return VariantTable(entries)


def packaged_table_names() -> list[str]:
    """Names of the packaged tables (``places``, ``contested``, ...)."""
    prefix = "variants/"
    return [name[len(prefix) : -len(".toml")] for name in packaged_toml_files() if name.startswith(prefix)]


def load_packaged_entries(name: str) -> tuple[list[Entry], bool]:
    """The entries of one packaged table, and whether it is opt-in."""
    known = packaged_table_names()
    if name not in known:
        raise VariantConflict(f"no packaged variant table {name!r}; known: {', '.join(known)}")
    source = f"cleanwire/data/variants/{name}.toml"
    try:
        table = load_packaged_toml(f"variants/{name}.toml")
    except ValueError as exc:  # tomllib.TOMLDecodeError
        raise VariantConflict(f"{source}: invalid TOML: {exc}") from None
    return entries_from_table(table, source), bool(table.get("opt_in", False))


def default_table() -> VariantTable:
    """Every packaged table that is not opt-in, as one table."""
    entries: list[Entry] = []
    for name in packaged_table_names():
        loaded, opt_in = load_packaged_entries(name)
        if not opt_in:
            entries.extend(loaded)
    return VariantTable(entries)


def opt_in_table(names: Iterable[str]) -> VariantTable:
    """The named packaged tables (opt-in or not), as one table."""
    entries: list[Entry] = []
    for name in names:
        entries.extend(load_packaged_entries(name)[0])
    return VariantTable(entries)
