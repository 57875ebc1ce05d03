"""CW6xx, stage ``inline``: rewrite spelling variants of proper nouns to one form.

Tables map a canonical form to its variants (``cleanwire/data/variants/*.toml``, plus
the user's own). A spelling is compared by its *key*: its words, case-folded, with
apostrophes and soft hyphens dropped and the connectors ``and``/``&``/``o``/``va``
left out. So one entry covers ``Sistan-Baluchestan``, ``Sistan Baluchestan``,
``SISTAN-BALUCHESTAN`` and ``Sistan\\u00adBaluchestan``, and an entry whose
spellings use a connector also covers ``Sistan-o-Baluchestan`` and ``Sistan va
Baluchestan``.

Matching is by token index, not by one giant alternation: the text's capitalised
words are looked up in a dictionary of first tokens, and only on a hit are the
following tokens compared. The cost therefore grows with the text, barely with the
table. Each table caches what it learnt about every word it met, so a text's words
are compared with what is known by set operations, and only new words cost Python
work (:class:`~cleanwire.rules.variants.index.WordCache`); ``tests/reference.py``
holds the plain matcher the tests compare with. The longest entry wins, and an entry must match in full, so
``Shahbaz Sharif`` is rewritten while ``Shahbaz Taseer`` is left alone.

Policy, in short:

* a match starts with a capital letter (or a lower-case particle such as ``al-``
  that a table spelling starts with) and contains one; all-lower-case text is left
  alone, because lower-case names are mostly slugs, code or ordinary words;
* ALL CAPS stays ALL CAPS; otherwise the canonical form is written as in the table,
  except that a capital first letter is kept (``Al-Qaida`` opens a sentence);
* nothing inside a URL, e-mail address, ``@handle`` or ``#hashtag`` changes, and a
  match never starts inside a hyphenated or dotted word;
* text outside a match never changes, and canonical forms are fixed points.

The package, by concern: :mod:`.spelling` (words, separators, keys, case, where a
name may start), :mod:`.entries` (one entity), :mod:`.index` (the word tries and the
word cache), :mod:`.table` (a table: checking, merging, finding, rewriting),
:mod:`.files` (tables from TOML and mappings), :mod:`.rule` (CW601).
"""

from __future__ import annotations

from .entries import Entry, VariantConflict, VariantTableError
from .files import (
    default_table,
    entries_from_table,
    load_packaged_entries,
    opt_in_table,
    packaged_table_names,
    table_from_mapping,
)
from .rule import SPELLING_VARIANTS, VariantRule, shared_table, table_for
from .spelling import NEXT_WORD, PROTECTED, SEPARATOR, TOKEN, fold, has_connector, match_case, name_key
from .table import Rewrite, VariantTable

RULES = (SPELLING_VARIANTS,)

# Errors are reported under the package users import them from.
VariantConflict.__module__ = __name__

__all__ = [
    "NEXT_WORD",
    "PROTECTED",
    "RULES",
    "SEPARATOR",
    "SPELLING_VARIANTS",
    "TOKEN",
    "Entry",
    "Rewrite",
    "VariantConflict",
    "VariantRule",
    "VariantTable",
    "VariantTableError",
    "default_table",
    "entries_from_table",
    "fold",
    "has_connector",
    "load_packaged_entries",
    "match_case",
    "name_key",
    "opt_in_table",
    "packaged_table_names",
    "shared_table",
    "table_for",
    "table_from_mapping",
]
