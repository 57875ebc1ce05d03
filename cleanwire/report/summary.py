"""The figures of a report as plain data: what ``--format json`` writes and the page shows.

Both outputs are built from this one dictionary, so the page and the JSON cannot
disagree.
"""

from __future__ import annotations

from .collect import Collector, share

#: Version of the JSON layout; bumped when a field changes meaning or goes away.
FORMAT_VERSION = 1


def summarise(collector: Collector, meta: dict, labels=None) -> dict:
    """The report's figures; ``meta`` says what was read and with which rules.

    ``labels`` is a :class:`cleanwire.evaluate.Report` when the corpus was labelled.
    """
    f = collector.figures
    rules = []
    for code in sorted(f.rules):
        t = f.rules[code]
        if not t.changes:
            continue
        rules.append(
            {
                "code": code,
                "name": collector.name(code),
                "family": collector.family(code),
                "changes": t.changes,
                "lines_removed": t.lines_removed,
                "characters_removed": t.characters_removed,
                "documents": t.documents,
                "examples": [
                    {"document": e.doc.label, "anchor": e.doc.anchor, "line": e.line, "text": e.text}
                    for e in collector.examples(code)
                ],
            }
        )
    families = [
        {
            "family": name,
            "changes": t.changes,
            "lines_removed": t.lines_removed,
            "characters_removed": t.characters_removed,
            "documents": t.documents,
        }
        for name, t in sorted(f.families.items())
        if t.changes
    ]
    data = {
        "version": FORMAT_VERSION,
        **meta,
        "documents": f.documents,
        "documents_changed": f.changed,
        "documents_changed_share": share(f.changed, f.documents),
        "documents_budget_kept": f.budget_kept,
        "lines": f.lines,
        "lines_removed": f.lines_removed,
        "lines_removed_share": share(f.lines_removed, f.lines),
        "characters": f.characters,
        "characters_removed": f.characters_removed,
        "characters_removed_share": share(f.characters_removed, f.characters),
        "changes": f.changes,
        "skipped": f.skipped,
        "errors": f.errors,
        "rules": rules,
        "families": families,
        "review": [
            {
                "document": r.doc.label,
                "anchor": r.doc.anchor,
                "line": r.line,
                "rule": r.code,
                "reasons": list(r.reasons),
                "text": r.text,
            }
            for r in collector.review()
        ],
        "budget": [{"document": r.doc.label, "anchor": r.doc.anchor, "note": r.text} for r in collector.budget()],
        "sample": {
            "size": collector.sample_size,
            "seed": collector.seed,
            "documents": [d.label for d in collector.sample()],
        },
    }
    if labels is not None:
        figures = labels.as_dict()
        figures["missed_boilerplate"] = sum(1 for m in labels.misses if m.what in ("MISSED", "SPAN"))
        figures["wrongly_removed"] = sum(1 for m in labels.misses if m.what in ("LOST", "LOOKALIKE"))
        data["labels"] = figures
    return data
