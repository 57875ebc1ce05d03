"""How fast the encoding stage decides that a text needs no repair, gate by gate.

    python benchmarks/encoding_gate.py              # 3,000 generated articles
    python benchmarks/encoding_gate.py --docs 500

Almost every article is correctly decoded, so the cost of the encoding stage is the
cost of its gate. Three gates on the same documents, in MB/s:

- ``windows-1252 regex``: the former gate, a regular expression for the byte pairs
  that UTF-8 read as Windows-1252 or Latin-1 leaves (it misses every other code page);
- ``ftfy is_bad``: ftfy's own detector (``ftfy.badness.is_bad``) over the whole text,
  which finds every code page ftfy repairs but reads every character;
- ``marks + detector``: the gate in use, ftfy's detector run only around the
  characters every suspect sequence holds (``cleanwire.chars.MOJIBAKE_MARKS``), so
  a text without them costs one character search.

It also counts the documents each gate sends on, which must agree for the last two.
"""

from __future__ import annotations

import argparse
import sys
import time


def rate(gate, docs, megabytes: float, rounds: int = 3) -> tuple[float, int]:
    best = 0.0
    hits = 0
    for _ in range(rounds):
        start = time.process_time()
        hits = sum(1 for doc in docs if gate(doc))
        best = max(best, megabytes / max(time.process_time() - start, 1e-9))
    return best, hits


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Time the encoding stage's gates on generated articles.")
    parser.add_argument("--docs", type=int, default=3000)
    args = parser.parse_args(argv)

    from ftfy.badness import is_bad

    from cleanwire import newsgen
    from cleanwire.rules.encoding import SUSPECT, suspect

    docs = list(newsgen.documents(args.docs, seed=1))
    megabytes = sum(len(d.encode("utf-8")) for d in docs) / 1e6

    def marks_and_detector(doc: str) -> bool:
        return any(suspect(line) for line in doc.split("\n"))

    def whole(doc: str) -> bool:
        return any(is_bad(line) for line in doc.split("\n"))

    gates = [("windows-1252 regex", SUSPECT.search), ("ftfy is_bad", whole), ("marks + detector", marks_and_detector)]
    print(f"{len(docs)} generated articles, {megabytes:.1f} MB (CPU time, best of 3)")
    print(f"{'gate':<20} {'MB/s':>8} {'documents sent on':>18}")
    for name, gate in gates:
        mbs, hits = rate(gate, docs, megabytes)
        print(f"{name:<20} {mbs:8.1f} {hits:18d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
