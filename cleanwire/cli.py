"""Command line: ``cleanwire -`` reads stdin and writes the cleaned text to stdout."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cleanwire", description="Clean scraped news text.")
    parser.add_argument("paths", nargs="*", help="'-' for standard input")
    parser.add_argument("--list-rules", action="store_true", help="list rules and exit")
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    from .pipeline import Cleaner
    from .rules import ALL_RULES

    if args.list_rules:
        for rule in ALL_RULES:
            print(f"{rule.code}  {rule.name:<24} {rule.summary}")
        return 0
    if args.paths != ["-"]:
        print("cleanwire: only '-' (stdin) is supported so far", file=sys.stderr)
        return 2
    data = sys.stdin.buffer.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        print(f"cleanwire: <stdin>: not valid UTF-8 at byte {exc.start}", file=sys.stderr)
        return 2
    sys.stdout.buffer.write(Cleaner().clean(text).encode("utf-8"))
    return 0
