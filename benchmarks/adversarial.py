"""Worst-case lines for every line rule: how long its patterns take on text made to hurt.

    python benchmarks/adversarial.py                # every packaged rule, 400-character lines
    python benchmarks/adversarial.py --rule CW102   # one rule
    python benchmarks/adversarial.py --limit 120    # shorter lines, quicker

For every pattern of every boilerplate rule, :func:`cleanwire.backtracking.worst_lines`
writes the lines that make it work hardest: the text that leads into each of its
repetitions (a literal prefix such as ``with inputs from``), then a run of what that
repetition accepts (choosing at each step a character some other part of the pattern
could take too), up to the longest line cleanwire matches (``max_line_length``, 400),
ending in a character that makes the match fail. Each line is folded into the key a
pattern really sees (``line_key``), matched against the whole rule as the line stage
runs it (the leading-bullet run, every pattern of the rule, the trailing run), and
timed. The table lists seconds per MB of such lines for every rule, slowest first.

A pattern that backtracks catastrophically takes seconds on one line; a linear one
takes well under a millisecond, as ordinary text does (about 0.2 s per MB for the
whole pipeline). The target is at most 5 s per MB for the worst rule. A line that runs
past ``--timeout`` seconds is stopped and the rule marked; ``tests/test_adversarial.py``
runs the same generator on short lines with a generous bound, so a pattern with this
flaw fails the test suite without a timing-sensitive test.
"""

from __future__ import annotations

import argparse
import sys
import time

TARGET = 5.0  # seconds per MB, the worst rule


def rule_lines(rule, limit: int) -> list[str]:
    """The distinct line keys that stress ``rule``, from every one of its patterns."""
    from cleanwire.backtracking import worst_lines
    from cleanwire.rules.lines import line_key

    keys = []
    seen = set()
    for pattern in rule.expanded():
        for line in worst_lines(pattern, limit=limit):
            key = line_key(line)
            if key and key not in seen:
                seen.add(key)
                keys.append(key)
    return keys


def time_rule(rule, keys: list[str], timeout: float) -> tuple[float, int, bool]:
    """Seconds to match ``keys`` against the rule as the line stage does, bytes, and whether one timed out."""
    from cleanwire.rules.lines.patterns import compile_led

    # Each branch after the leading bullets it may skip, tried in order until one
    # matches: the line stage's path for a key that opens with bullets, which runs the
    # larger patterns.
    branches = [compile_led(p) for p in rule.expanded()]
    size = sum(len(k.encode("utf-8")) for k in keys)
    stopped = False
    start = time.perf_counter()
    for key in keys:
        try:
            for branch in branches:
                if branch.fullmatch(key, timeout=timeout) is not None:
                    break
        except TimeoutError:
            stopped = True
    return time.perf_counter() - start, size, stopped


def measure(rules, limit: int, timeout: float) -> list[dict]:
    rows = []
    for rule in rules:
        keys = rule_lines(rule, limit)
        if not keys:
            continue
        seconds, size, stopped = time_rule(rule, keys, timeout)
        rows.append(
            {
                "code": rule.code,
                "name": rule.name,
                "lines": len(keys),
                "bytes": size,
                "seconds": seconds,
                "s_per_mb": seconds / (size / 1e6),
                "timed_out": stopped,
            }
        )
    rows.sort(key=lambda row: -row["s_per_mb"])
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Time every line rule on lines built to make it backtrack.")
    parser.add_argument("--limit", type=int, default=400, help="longest line (default 400, cleanwire's max-line-length)")
    parser.add_argument("--rule", action="append", help="only this rule code (repeatable)")
    parser.add_argument("--timeout", type=float, default=2.0, help="stop a line after this many seconds (default 2)")
    parser.add_argument("--top", type=int, default=15, help="rows to print (default 15)")
    args = parser.parse_args(argv)

    from cleanwire.rules.lines import RULES

    rules = [r for r in RULES if not args.rule or r.code in {c.upper() for c in args.rule}]
    start = time.perf_counter()
    rows = measure(rules, args.limit, args.timeout)
    elapsed = time.perf_counter() - start
    total_lines = sum(r["lines"] for r in rows)
    total_mb = sum(r["bytes"] for r in rows) / 1e6
    print(f"{len(rows)} rules, {total_lines} worst-case lines of at most {args.limit} characters ({total_mb:.2f} MB), {elapsed:.1f} s in all")
    print(f"{'rule':<7} {'name':<24} {'lines':>6} {'s/MB':>8}")
    for row in rows[: args.top]:
        mark = "  timed out" if row["timed_out"] else ""
        print(f"{row['code']:<7} {row['name']:<24} {row['lines']:>6} {row['s_per_mb']:>8.3f}{mark}")
    worst = rows[0] if rows else None
    if worst is not None:
        held = worst["s_per_mb"] < TARGET and not any(r["timed_out"] for r in rows)
        print(f"worst: {worst['code']} at {worst['s_per_mb']:.3f} s/MB (target < {TARGET:g} s/MB): {'held' if held else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
