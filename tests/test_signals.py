"""SIGTERM and Ctrl-C during a parallel run: workers stop, temporary files go, inputs stay.

These run the command in a child process, wait until it is busy (its temporary
file exists and its workers are running), then signal it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finding worker processes needs /proc")


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def temporary_files(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.endswith(".cleanwire-tmp")]


def start(args, cwd, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "cleanwire", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def wait_until(condition, proc, limit=60.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.02)
    return False


@pytest.fixture
def big_corpus(tmp_path):
    record = b'{"id": %d, "text": "Source: PTI\\nThe council met on Monday to approve the budget for %d.\\u00a0\\n\\nALSO READ: Other news\\n' + b"Members debated the plan. " * 30 + b'\\n"}\n'
    data = b"".join(record % (i, i) for i in range(40000))
    path = tmp_path / "big.jsonl"
    path.write_bytes(data)
    return path, data


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT"])
def test_jsonl_run_stops_cleanly(big_corpus, tmp_path, how):
    path, data = big_corpus
    proc = start(["--jsonl", "-j", "2", path.name], tmp_path, start_new_session=True)
    busy = wait_until(lambda: temporary_files(tmp_path) and len(children(proc.pid)) >= 2, proc)
    if not busy:
        out, err = proc.communicate(timeout=120)
        pytest.skip(f"the run ended before it could be interrupted: {err.decode()[-300:]}")
    workers = children(proc.pid)
    if how == "SIGTERM":
        proc.send_signal(signal.SIGTERM)
    else:  # Ctrl-C on a terminal reaches the whole process group
        os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + getattr(signal, how)
    lines = err.decode().splitlines()
    assert lines == [f"cleanwire: interrupted by {how}; files not yet cleaned are left as they were"]
    assert temporary_files(tmp_path) == []
    assert path.read_bytes() == data
    assert not [pid for pid in workers if alive(pid)]


def test_file_run_stops_cleanly(tmp_path):
    story = "Source: PTI\nThe council met on Monday.\u00a0\n\nALSO READ: Other news\n" + "Members debated the plan. " * 200 + "\n"
    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(3000):
        (folder / f"{i:04}.txt").write_text(story)
    proc = start(["-j", "2", "news"], tmp_path)
    busy = wait_until(lambda: len(children(proc.pid)) >= 2 and any(
        (folder / f"{i:04}.txt").stat().st_size < len(story) for i in range(0, 3000, 50)), proc)
    if not busy:
        proc.communicate(timeout=300)
        pytest.skip("the run ended before it could be interrupted")
    workers = children(proc.pid)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 143
    assert err.decode().splitlines()[-1] == "cleanwire: interrupted by SIGTERM; files not yet cleaned are left as they were"
    assert "Traceback" not in err.decode()
    assert temporary_files(folder) == []
    assert not [pid for pid in workers if alive(pid)]
    cleaned = sum((folder / f"{i:04}.txt").read_text() != story for i in range(3000))
    assert 0 < cleaned < 3000  # each file is either cleaned whole or untouched
    for i in range(3000):
        text = (folder / f"{i:04}.txt").read_text()
        assert text == story or not text.startswith("Source")


# A signal can arrive at any instruction. The runs below make it arrive at the worst
# ones on purpose, every time: while the pool forks a worker (inside the fork's
# bookkeeping, where an exception is printed and dropped), and while a finalizer runs
# (where an exception is dropped too), in a worker or, without workers, in the main
# process. The run must stop all the same, with the one line and nothing else.

FORKING = """
import os, signal, sys
armed = [True]
def signal_once():
    if armed[0]:
        armed[0] = False
        signal.raise_signal(signal.SIGTERM)
os.register_at_fork(after_in_parent=signal_once)
from cleanwire.cli import main
sys.exit(main(sys.argv[1:]))
"""

FINALIZING = """
import os, signal, sys
import cleanwire.stopping
parent = os.getpid()
class Finalizer:
    def __del__(self):
        signal.raise_signal(signal.SIGTERM)
check = cleanwire.stopping.worker_check
def worker_check():  # a worker calls it before each item of work
    if os.getpid() != parent:
        Finalizer()  # finalized at once, and signalled meanwhile
    check()
cleanwire.stopping.worker_check = worker_check
from cleanwire.cli import main
sys.exit(main(sys.argv[1:]))
"""

FINALIZING_ALONE = """
import signal, sys
from cleanwire.pipeline import Cleaner
armed = [True]
class Finalizer:
    def __del__(self):
        if armed[0]:
            armed[0] = False
            signal.raise_signal(signal.SIGTERM)
run = Cleaner.run
def finalizing(self, *args):  # without workers, the cleaning runs in this process
    Finalizer()  # finalized at once, and signalled meanwhile
    return run(self, *args)
Cleaner.run = finalizing
from cleanwire.cli import main
sys.exit(main(sys.argv[1:]))
"""

STORY = "Source: PTI\nThe council met on Monday.\u00a0\n\nALSO READ: Other news\n" + "Members debated the plan. " * 20 + "\n"


@pytest.fixture
def inputs(tmp_path):
    import json

    with open(tmp_path / "in.jsonl", "w", encoding="utf-8") as f:
        for i in range(3000):  # several batches for each worker
            f.write(json.dumps({"id": i, "text": STORY}) + "\n")
    (tmp_path / "news").mkdir()
    for i in range(40):
        (tmp_path / "news" / f"{i:02}.txt").write_text(STORY, encoding="utf-8")
    return tmp_path


RUNS = {
    "jsonl": ["--jsonl", "in.jsonl"],
    "files": ["news"],
    "report": ["report", "--jsonl", "in.jsonl", "-o", "out.html"],
}


@pytest.mark.parametrize("script, jobs", [("FORKING", "2"), ("FINALIZING", "2"), ("FINALIZING_ALONE", "1")])
@pytest.mark.parametrize("run", sorted(RUNS))
def test_a_signal_at_an_awkward_moment_stops_the_run(inputs, script, jobs, run):
    before = {path: path.read_bytes() for path in inputs.rglob("*") if path.is_file()}
    proc = subprocess.run([sys.executable, "-c", globals()[script], *RUNS[run], "-j", jobs], cwd=inputs,
                          capture_output=True, timeout=120)
    *reported, last = proc.stderr.decode().splitlines()
    assert last == "cleanwire: interrupted by SIGTERM; files not yet cleaned are left as they were"
    assert all(line.startswith("cleaned news/") for line in reported) and (run == "files" or not reported)
    assert proc.returncode == 143
    assert temporary_files(inputs) == [] and temporary_files(inputs / "news") == []
    assert not (inputs / "out.html").exists()
    if run != "files":  # files cleaned before the stop are cleaned whole: see test_file_run_stops_cleanly
        assert {path: path.read_bytes() for path in inputs.rglob("*") if path.is_file()} == before
