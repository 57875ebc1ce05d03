"""Instructions per document, counted by valgrind: figures that load on the machine does not move.

    python benchmarks/instructions.py                      # generated and realistic corpora, clean and ftfy
    python benchmarks/instructions.py --corpus realistic --ignore CW7   # without the structure rules
    python benchmarks/instructions.py --docs 100 --rev HEAD~1          # the same, for another commit too

Wall-clock and CPU times on a shared machine drift by a third within the hour, and a
change worth 3% cannot be seen in them. The number of machine instructions a run
executes hardly moves: this script runs ``benchmarks/clean_pass.py`` under ``valgrind --tool=cachegrind
--cache-sim=no`` twice, once to build the cleaner and meet the warm-up documents only and
once to clean the measured documents as well, and prints the difference per document
(``PYTHONHASHSEED`` is fixed, so both runs take the same paths). Instructions are not
time: ftfy's regular-expression work runs more instructions per second than the
pipeline's Python, so the clean/ftfy ratio here is higher than ``benchmarks/run.py``'s.
Use it to compare two versions of the code, never to claim a speed target. ``--rev``
measures another commit of this repository beside the working tree, from a temporary
worktree, on the same documents: the working tree's code builds them once and hands
them to both.

Needs ``valgrind`` (Debian: ``apt install valgrind``); a run takes a minute or two.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent

#: Documents the driver cleans before it counts: they compile the patterns the corpus
#: needs and fill the caches, as a long run would have.
WARM = {"generated": 100, "realistic": 60}

#: The pass each count runs, from the working tree, with the checkout measured first
#: on the path.
DRIVER = ROOT / "benchmarks" / "clean_pass.py"


def documents(kind: str, docs: int) -> tuple[list[str], list[str]]:
    """The warm-up and the measured documents of ``kind``, built by this checkout's
    code: every checkout measured is handed the same ones. (The realistic corpus is
    made of the project's corpus cases as the cleaner of the day reads them, so a
    commit that adds a case or a rule would otherwise be measured on other pages.)"""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    sys.path.insert(0, str(ROOT))
    if kind == "generated":
        from cleanwire import newsgen

        return list(newsgen.documents(WARM[kind], 1)), list(newsgen.documents(docs, 0))
    import realistic

    return list(realistic.documents(WARM[kind], 1)), list(realistic.documents(docs, 0))


def _count(checkout: pathlib.Path, documents: pathlib.Path, kind: str, tool: str, docs: int, ignore: str) -> int:
    """Instructions of one run of the driver in ``checkout``."""
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=str(checkout))
    done = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, str(DRIVER), str(documents / f"{kind}.json"), "--tool", tool, "--count", str(docs), "--ignore", ignore],
        cwd=checkout, env=env, capture_output=True, text=True,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"valgrind run failed in {checkout} ({kind}, {tool}):\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def per_document(checkout: pathlib.Path, documents: pathlib.Path, kind: str, tool: str, docs: int, ignore: str) -> float:
    """Instructions per measured document: a run with them less a run without."""
    return (_count(checkout, documents, kind, tool, docs, ignore) - _count(checkout, documents, kind, tool, 0, ignore)) / docs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=("generated", "realistic", "both"), default="both")
    parser.add_argument("--docs", type=int, default=200, help="documents counted (default 200)")
    parser.add_argument("--ignore", default="", help="rule codes the cleaner leaves out, comma-separated (CW7,CW601)")
    parser.add_argument("--rev", help="another commit to measure beside the working tree")
    parser.add_argument("--no-ftfy", action="store_true", help="leave out ftfy's figure")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt install valgrind)", file=sys.stderr)
        return 2
    kinds = ("generated", "realistic") if args.corpus == "both" else (args.corpus,)
    with tempfile.TemporaryDirectory(prefix="cleanwire-instructions-") as tmp:
        documents_dir = pathlib.Path(tmp)
        for kind in kinds:
            (documents_dir / f"{kind}.json").write_text(json.dumps(documents(kind, args.docs)), encoding="utf-8")
        checkouts = [("working tree", ROOT)]
        if args.rev:
            other = pathlib.Path(tmp) / "rev"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(other), args.rev],
                           check=True, capture_output=True)
            checkouts.append((args.rev, other))
        try:
            for kind in kinds:
                ftfy = None if args.no_ftfy else per_document(ROOT, documents_dir, kind, "ftfy", args.docs, "")
                for name, checkout in checkouts:
                    clean = per_document(checkout, documents_dir, kind, "clean", args.docs, args.ignore)
                    ratio = f", ftfy / clean {ftfy / clean:.2f}" if ftfy else ""
                    print(f"{kind:10} {name:14} clean {clean / 1e6:6.3f} M instructions per document{ratio}")
                if ftfy:
                    print(f"{kind:10} {'ftfy':14} {ftfy / 1e6:6.3f} M instructions per document")
        finally:
            if args.rev:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(checkouts[1][1])],
                               capture_output=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
