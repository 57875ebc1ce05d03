"""One measured pass over documents, in a process of its own.

    python benchmarks/clean_pass.py DOCUMENTS.json [--tool ftfy] [--count N] [--ignore CW70,CW601]

``DOCUMENTS.json`` holds ``[warm, docs]``. The cleaner (or ``ftfy.fix_text``) first
meets the warm-up documents, then cleans the first ``N`` measured ones (all by
default); the script prints the CPU seconds of that pass. ``benchmarks/run.py
--by-rule`` times it with and without a rule; ``benchmarks/instructions.py`` runs it
under valgrind, in each checkout it compares, and counts instructions instead.
"""

from __future__ import annotations

import argparse
import json
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("documents", help="a JSON file of [warm-up documents, measured documents]")
    parser.add_argument("--tool", choices=("clean", "ftfy"), default="clean")
    parser.add_argument("--count", type=int, help="measured documents to clean (default: all)")
    parser.add_argument("--ignore", default="", help="rule codes the cleaner leaves out, comma-separated")
    args = parser.parse_args(argv)
    with open(args.documents, encoding="utf-8") as f:
        warm, docs = json.load(f)
    if args.tool == "ftfy":
        import ftfy

        work = ftfy.fix_text
    else:
        from cleanwire import Cleaner

        work = Cleaner(ignore=[code for code in args.ignore.split(",") if code] or None).clean
    for doc in warm:
        work(doc)
    start = time.process_time()
    for doc in docs[: args.count]:
        work(doc)
    print(time.process_time() - start)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
