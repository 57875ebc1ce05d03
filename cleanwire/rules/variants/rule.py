"""CW601, the rule that rewrites spelling variants, and the table a configuration asks for."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from ...chars import NON_NAME_SPACES
from ...model import ALWAYS, ChangeLog, Edit, Example, Rule, Stage, View
from ...options import Options
from .files import default_table, opt_in_table, packaged_table_names, table_from_mapping
from .spelling import NON_NAME_SPACE_SET
from .table import VariantTable, may_hold_name


@dataclass(frozen=True, eq=False, repr=False)
class VariantRule(Rule):
    """Rewrites the names of a :class:`VariantTable` (the packaged default if none)."""

    table: VariantTable | None = None

    def apply(self, text: str, log: ChangeLog | None = None) -> str:
        return self.run(text, log)[0]

    def run(self, text: str, log: ChangeLog | None = None, found: frozenset | None = None):
        table = self.table
        if table is None:
            # The packaged table is built when a text first may hold one of its names.
            if not _SHARED and not may_hold_name(text, shared_summary()[0]):
                return text, self.reads
            table = shared_table()
        # A rewrite can complete a longer name of the table (a variant that becomes
        # the first words of another entry); a second look makes the rule idempotent.
        for _ in range(3):
            if log is None:
                done = table.rewrite_spans(text)
            else:
                current = text
                done = table.rewrite_spans(
                    text, lambda start, found, new: log.add(self, log.line_at(current, start), found, new)
                )
            if done.text == text:
                return text, self.reads
            text = done.text
            if table.settled(done):
                return text, self.reads
        return text, None  # three rounds and still rewriting: the pipeline asks again

    def still_settled(self, edit: Edit, view: View) -> bool:
        """After an edit of whitespace only (line keys kept), the names read the same
        unless a whitespace character no separator of a name accepts turned into one
        that does (an em space into a plain space joins two words into a name)."""
        if View.KEYS not in edit.kept:
            return False
        if edit.found is not None and edit.found.isdisjoint(NON_NAME_SPACE_SET):
            return True
        table = self.table if self.table is not None else shared_table()
        return table.settled_after_tidy(edit.before, edit.after)

    def configured(self, options: Options) -> "VariantRule":
        """With the table the options ask for (``variants``, ``variant_tables``), and
        the characters a rewrite with it can write."""
        table = table_for(options) or self.table
        if table is None:  # the packaged one (see run)
            return replace(self, writes=shared_summary()[1])
        return replace(self, table=table, writes="".join(sorted(table.written_characters())))


def table_for(options: Options) -> VariantTable | None:
    """The table of ``options``: the packaged default, with the opt-in tables named by
    ``variant_tables`` and the user's ``variants`` on top; None when they name none."""
    user = options.variants
    tables = options.variant_tables
    if not user and not tables:
        return None
    table = shared_table()
    if tables:
        table = table.merged(opt_in_table(tables))
    if user:
        table = table.merged(table_from_mapping(user, options.source))
    return table


_SHARED: list[VariantTable] = []


def shared_table() -> VariantTable:
    """The packaged default table, built on first use and shared by every cleaner.

    It is never changed afterwards (its index fills only caches), so sharing it is
    thread-safe.
    """
    if not _SHARED:
        _SHARED.append(default_table())
    return _SHARED[0]


#: Version of what :func:`shared_summary` keeps: kept summaries of another version are
#: not used. Bump it whenever what a summary holds or how it is worked out (the keys
#: of :func:`~cleanwire.rules.variants.spelling.name_key`) changes.
SUMMARY_FORMAT = 1


@functools.lru_cache(maxsize=1)
def shared_summary() -> tuple[frozenset[str], str]:
    """What a cleaner needs to know of the packaged default table before a text may
    hold one of its names: its :meth:`~VariantTable.openers`, and the characters a
    rewrite with it may write.

    Building the table (reading and keying its ~1,300 spellings) is most of the work
    a process does for a short text without a name in it, so the summary is kept in
    the user's cache (:mod:`cleanwire.cache`) under a digest of the tables' text, and
    a process whose texts hold no name of the table never builds it.
    """
    from ... import cache
    from ...datafiles import read_packaged_text

    names = packaged_table_names()
    key = cache.digest("\n".join([str(SUMMARY_FORMAT)] + [f"{n}\n{read_packaged_text(f'variants/{n}.toml')}" for n in names]))

    def compute() -> dict:
        table = shared_table()
        return {"openers": sorted(table.openers()), "written": "".join(sorted(table.written_characters()))}

    stored = cache.cached("variants", key, compute)
    try:
        return frozenset(stored["openers"]), str(stored["written"])
    except (KeyError, TypeError):  # a damaged entry: work it out again
        stored = compute()
        return frozenset(stored["openers"]), stored["written"]


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
        Example("Shahbaz Sharif met Shahbaz Taseer.\n", "Shehbaz Sharif met Shahbaz Taseer.\n"),
        Example("See https://example.com/Jaish-ul-Adl and #JaishUlAdl\n", "See https://example.com/Jaish-ul-Adl and #JaishUlAdl\n"),
    ),
    data_driven=True,
    triggers=ALWAYS,  # the table's index gates it: most texts hold no word a name starts with
    hints=NON_NAME_SPACES,
    writes=None,  # until configured with its table
    # Names never cross a line break, and neither the whitespace at the ends of a
    # line nor empty lines change what matches.
    reads=View.TRIMMED,
    idempotent=False,  # it stops after three rounds (run() says when it is settled)
)
