"""Check that the fast default pipeline gives exactly the output of the slow definition.

    python benchmarks/equivalence.py              # 2,000 generated articles + corpus/
    python benchmarks/equivalence.py --docs 200   # quicker

The *reference* cleaner is the same configuration run the plain way: every line
matched against the whole alternation of each boilerplate position group (no
prefilter), and full passes repeated until the text stops changing (no fast pass).
Every speed-up of the line stage and the fast pass must leave each output identical;
this script cleans every generated document and every corpus input both ways and
prints the documents that differ. ``tests/test_equivalence.py`` runs a sample of it.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/ is not a package)


def reference_cleaner(cleaner):
    """A copy of ``cleaner`` that runs the slow definition: no prefilter, no fast pass."""
    from cleanwire.pipeline import _rebuild
    from cleanwire.rules.boilerplate import LineRemover

    slow = _rebuild(cleaner.options)
    slow._steps = [
        LineRemover(step.rules, step.policy, reference=True) if isinstance(step, LineRemover) else step
        for step in slow._steps
    ]
    slow._fast = None
    return slow


def corpus_inputs(root: pathlib.Path = HERE.parent / "corpus") -> list[str]:
    """Every text input of the repository's corpus (case inputs and JSONL records)."""
    import json

    texts = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("input.txt"))]
    for path in sorted(root.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                texts.extend(v for v in record.values() if isinstance(v, str) and "\n" in v)
    return texts


def differences(cleaner, texts) -> list[int]:
    """Indices of the texts the fast and the reference cleaner clean differently."""
    slow = reference_cleaner(cleaner)
    return [i for i, text in enumerate(texts) if cleaner.clean(text) != slow.clean(text)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="generated documents (default 2000)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    import cleanwire

    texts = list(generate.documents(args.docs, args.seed)) + corpus_inputs()
    bad = differences(cleanwire.Cleaner(), texts)
    print(f"{len(texts)} documents ({args.docs} generated), {len(bad)} differ from the reference")
    for i in bad[:20]:
        print(f"  document {i}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
