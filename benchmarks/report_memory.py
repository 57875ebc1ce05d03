"""Memory and time of ``cleanwire report`` as the corpus grows: is memory flat?

    python benchmarks/report_memory.py                   # 1,000, 10,000 and 100,000 records
    python benchmarks/report_memory.py --docs 20000 -j 2 # quicker

It writes generated JSON Lines corpora (benchmarks/generate.py: invented articles with
boilerplate, whitespace noise, mojibake and spelling variants) of growing size, runs
``cleanwire report --jsonl`` on each as a separate process, both to an HTML page and
to ``--format json``, and prints the wall time and the peak resident memory of each
run (the largest process of the run, from ``wait4``). The report keeps counters and a
bounded sample, so the peak should not grow with the number of records; the last
column gives it relative to the smallest corpus. Not a pass/fail test.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402


def measured(cmd: list[str]) -> tuple[float, float, int, str]:
    """Run ``cmd``; return wall seconds, peak RSS in MiB, exit status and stderr."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), err.decode("utf-8", "replace")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000, help="records of the largest corpus (default 100,000)")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="worker processes of the report (default 1)")
    parser.add_argument("--sample", type=int, default=100, help="--sample of the report (default 100)")
    parser.add_argument("--formats", default="html", help="comma-separated report formats to measure (default: html; json is the same walk)")
    parser.add_argument("--keep", metavar="DIR", help="write corpora and reports here and keep them")
    args = parser.parse_args(argv)
    sizes = sorted({max(1, args.docs // 100), max(1, args.docs // 10), args.docs})
    work = pathlib.Path(args.keep or tempfile.mkdtemp(prefix="cleanwire-report-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"cleanwire report on generated JSON Lines; -j {args.jobs}, --sample {args.sample}; python {sys.version.split()[0]}")
    print(f"{'records':>9} {'MB text':>8} {'format':>6} {'seconds':>8} {'peak RSS':>10} {'vs smallest':>11} {'output':>9}")
    baseline: dict[str, float] = {}
    for size in sizes:
        corpus = work / f"corpus-{size}.jsonl"
        if not corpus.exists():
            megabytes = generate.write_jsonl(corpus, size) / 1e6
        else:
            megabytes = sum(len(generate.document(0, i).encode("utf-8")) for i in range(size)) / 1e6
        for fmt in args.formats.split(","):
            out = work / f"report-{size}.{fmt}"
            cmd = [sys.executable, "-m", "cleanwire", "report", "--jsonl", str(corpus), "--isolated", "-q",
                   "--progress", "never", "-j", str(args.jobs), "--sample", str(args.sample), "--format", fmt, "-o", str(out)]
            seconds, peak, status, err = measured(cmd)
            if status != 0:
                print(f"report failed ({status}): {err.strip()}", file=sys.stderr)
                return 1
            baseline.setdefault(fmt, peak)
            ratio = peak / baseline[fmt]
            print(f"{size:>9,} {megabytes:>8.1f} {fmt:>6} {seconds:>8.1f} {peak:>7.1f} MiB {ratio:>10.2f}x {out.stat().st_size / 1e6:>6.2f} MB")
    if not args.keep:
        for path in work.iterdir():
            path.unlink()
        work.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
