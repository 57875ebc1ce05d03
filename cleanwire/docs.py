"""Generated documentation: ``python -m cleanwire.docs [--check]``.

Some files are written from the code rather than by hand, so they cannot drift from
it:

* ``docs/rules.md``, every rule from its own metadata (code, name, stage, family,
  position, summary, why, examples, where its behaviour is defined);
* the figures block of ``docs/quality.md``, the output of ``cleanwire eval`` on the
  project's labelled set ``corpus/labelled/*.jsonl``;
* two caches that ship with the package and make start-up fast:
  ``cleanwire/data/prefilter.json`` (what the prefilter reads from each packaged
  pattern) and ``cleanwire/data/tables.json`` (the packaged TOML files, parsed).

Run from the root of a checkout. ``--check`` writes nothing and exits 1 when a
committed file differs from what would be generated (the test suite runs it too).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .model import Rule, Stage

RULES_PAGE = Path("docs") / "rules.md"
QUALITY_PAGE = Path("docs") / "quality.md"
FACTS_FILE = "prefilter.json"  # cleanwire.rules.prefilter.FACTS_TABLE
SNAPSHOT_FILE = "tables.json"  # cleanwire.datafiles.SNAPSHOT
LABELLED = "corpus/labelled/*.jsonl"

#: Why each stage sits where it does; shown above its rules.
STAGE_NOTES = {
    Stage.HYGIENE: "Line endings are unified and invisible characters removed first, so that "
    "every later rule sees one kind of line break and no hidden characters inside words.",
    Stage.ENCODING: "Mojibake is repaired before any pattern is matched: a damaged "
    "`ALSO READ:Â ` would not match the promo rule.",
    Stage.LINES: "Whole lines of boilerplate are removed. A rule here never edits a line it "
    "keeps, and the removal budget and `keep` patterns guard against gutting a document "
    "(see [design](design.md)). A rule's *position* says where a matching line counts: "
    "`anywhere`; `leading`, only in the block of matching lines at the top; `trailing`, only in "
    "the block at the bottom; `head`, only above the first line of prose.",
    Stage.INLINE: "Spelling variants are rewritten only in the lines that survived removal.",
    Stage.WHITESPACE: "The finish runs last, so it also tidies the gaps earlier stages leave.",
}

MARK_BEGIN = "<!-- begin: cleanwire eval corpus/labelled/*.jsonl (python -m cleanwire.docs) -->"
MARK_END = "<!-- end: cleanwire eval -->"


def defined_in(rule: Rule) -> str:
    """Where a rule's behaviour lives: its data file, or the module that defines it.

    >>> from cleanwire.rules import get_rule
    >>> defined_in(get_rule("CW201"))
    'cleanwire/data/boilerplate.toml'
    >>> defined_in(get_rule("CW901"))
    'cleanwire/rules/whitespace.py'
    """
    source = getattr(rule, "source", None)
    if source:
        return source
    if rule.family == "variants":
        return "cleanwire/data/variants/*.toml"
    from . import rules as registry

    for name in ("hygiene", "encoding", "boilerplate", "variants", "whitespace"):
        module = getattr(registry, name, None)
        if module is not None and rule in getattr(module, "RULES", ()):
            return f"cleanwire/rules/{name}.py"
    return "cleanwire/rules/"


def anchor(rule: Rule) -> str:
    """The Markdown anchor of a rule's heading.

    >>> from cleanwire.rules import get_rule
    >>> anchor(get_rule("CW101"))
    'cw101-source-tag'
    """
    return f"{rule.code.lower()}-{rule.name}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _rule_section(rule: Rule) -> list[str]:
    facts = [f"stage `{rule.stage.label}`", f"family `{rule.family or '-'}`"]
    position = getattr(rule, "position", None)
    if position:
        facts.append(f"position `{position}`")
    facts.append("on by default" if rule.default else "opt-in (`--extend-select " + rule.code + "`)")
    facts.append(f"defined in `{defined_in(rule)}`")
    out = [f"### {rule.code} {rule.name}", "", rule.summary, ""]
    if rule.why:
        out += [f"**Why.** {rule.why}", ""]
    out += ["; ".join(facts[:1]).capitalize() + "; " + "; ".join(facts[1:]) + ".", ""]
    if rule.examples:
        out += ["```python"]
        for example in rule.examples:
            out.append(f">>> get_rule({rule.code!r}).apply({example.input!r})")
            out.append(repr(example.output))
        out += ["", "```", ""]
    patterns = getattr(rule, "patterns", ())
    if patterns:
        out += [
            "<details><summary>Patterns</summary>",
            "",
            "Matched against the whole line, case-insensitively, after leading bullets; "
            "`<<NAME>>` is a macro from the rule file.",
            "",
            "```text",
            *patterns,
            "```",
            "",
            "</details>",
            "",
        ]
    return out


def render_rules(rules=None) -> str:
    """The text of ``docs/rules.md`` for ``rules`` (default: every packaged rule)."""
    if rules is None:
        from .rules import ALL_RULES as rules
    rules = sorted(rules, key=lambda r: (r.stage, r.code))
    out = [
        "# Rules",
        "",
        "<!-- Generated by `python -m cleanwire.docs` from the rules' own metadata. Do not edit: "
        "change the rule and regenerate. -->",
        "",
        f"cleanwire has {len(rules)} rules in {len({r.stage for r in rules})} stages, run in the order below. "
        "Every change the pipeline makes is reported with the code of the rule that made it "
        "(`cleanwire --explain`, `Cleaner.explain`). Rules are selected or ignored by code or prefix, "
        "as in ruff: `--ignore CW2` turns off all cross-promotion rules (see [configuration](configuration.md)).",
        "",
        "The examples show what each rule does **on its own**; they are executed by the test suite. "
        "They use:",
        "",
        "```python",
        ">>> from cleanwire.rules import get_rule",
        "",
        "```",
        "",
        "| Code | Name | Stage | Summary |",
        "| --- | --- | --- | --- |",
    ]
    for rule in rules:
        out.append(f"| [{rule.code}](#{anchor(rule)}) | {rule.name} | {rule.stage.label} | {_cell(rule.summary)} |")
    out.append("")
    for stage in Stage:
        chosen = [r for r in rules if r.stage == stage]
        if not chosen:
            continue
        out += [f"## Stage {stage.value}: {stage.label}", "", STAGE_NOTES.get(stage, ""), ""]
        for rule in chosen:
            out += _rule_section(rule)
    return "\n".join(out).rstrip("\n") + "\n"


def labelled_figures(root: Path) -> str:
    """What ``cleanwire eval corpus/labelled/*.jsonl --show 50`` prints with the default
    rules (whatever configuration the checkout itself has)."""
    from .evaluate import evaluate, format_report, load_records, set_name
    from .pipeline import Cleaner

    paths = sorted(p.relative_to(root).as_posix() for p in root.glob(LABELLED))
    if not paths:
        raise SystemExit(f"cleanwire.docs: no labelled set matches {LABELLED} in {root}")
    records = [record for path in paths for record in load_records(root / path)]
    return format_report(evaluate(records, Cleaner()), set_name(paths), show=50)


def render_quality(page: str, figures: str) -> str:
    """``page`` with the block between the eval markers replaced by ``figures``.

    >>> page = f"Intro\\n{MARK_BEGIN}\\nold\\n{MARK_END}\\nMore\\n"
    >>> render_quality(page, "new figures\\n").splitlines()[1:6]
    ['<!-- begin: cleanwire eval corpus/labelled/*.jsonl (python -m cleanwire.docs) -->', '```text', 'new figures', '```', '<!-- end: cleanwire eval -->']
    """
    start = page.find(MARK_BEGIN)
    end = page.find(MARK_END)
    if start < 0 or end < start:
        raise ValueError(f"{QUALITY_PAGE}: the markers {MARK_BEGIN!r} and {MARK_END!r} are missing")
    block = f"{MARK_BEGIN}\n```text\n{figures.rstrip()}\n```\n"
    return page[:start] + block + page[end:]


def render_facts_table() -> str:
    """The packaged table of prefilter facts for every packaged boilerplate pattern.

    Reading the patterns is most of the cost of building a cleaner, and they only
    change with the rule file, so their facts ship with the package
    (``cleanwire/data/prefilter.json``); patterns missing from it are read at run time.
    """
    import json

    from .rules import prefilter
    from .rules.boilerplate import RULES

    table = {}
    for rule in RULES:
        for pattern in rule.expanded():
            table[pattern] = prefilter.facts_to_json(prefilter.read_facts(pattern))
    # One pattern a line, so a change to a rule shows as a small diff.
    entries = [f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}" for k, v in sorted(table.items())]
    return f'{{"format": {prefilter.FACTS_FORMAT}, "facts": {{\n' + ",\n".join(entries) + "\n}}\n"


def generated(root: Path) -> dict[Path, str]:
    """Every generated file under ``root`` and the text it should hold."""
    pages = {root / RULES_PAGE: render_rules()}
    package = root / "cleanwire" / "data"
    if package.is_dir():
        from .datafiles import render_snapshot

        pages[package / FACTS_FILE] = render_facts_table()
        pages[package / SNAPSHOT_FILE] = render_snapshot()
    quality = root / QUALITY_PAGE
    if quality.exists():
        pages[quality] = render_quality(quality.read_text(encoding="utf-8"), labelled_figures(root))
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cleanwire.docs", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a generated file is stale")
    parser.add_argument("--root", default=".", help="root of the checkout (default: the current folder)")
    args = parser.parse_args(argv)
    root = Path(args.root)
    if not (root / "docs").is_dir():
        print(f"cleanwire.docs: {root / 'docs'} is not a folder; run from the root of a checkout", file=sys.stderr)
        return 2
    stale = []
    for path, text in generated(root).items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
    for path in stale:
        print(f"{'would regenerate' if args.check else 'regenerated'} {path}", file=sys.stderr)
    if args.check and stale:
        print("run `python -m cleanwire.docs` to update", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
