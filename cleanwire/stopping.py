"""Stopping cleanly on Ctrl-C (SIGINT) and SIGTERM, with or without worker processes.

The main process turns both signals into :class:`Interrupted`, an exception that
unwinds through the code that is writing: a temporary file is removed, an inode
rewrite puts the old bytes back, and no file is left half written. Worker processes
ignore SIGINT (a terminal sends it to the whole process group; the main process
decides) and on SIGTERM unwind the same way and exit. When the main process is
interrupted it sends SIGTERM to its workers and waits for them, so none is left
running on its own.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading

_STOPPING = [False]  # set in a worker process by SIGTERM


class Interrupted(BaseException):
    """The run was stopped by a signal; ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)

    @property
    def status(self) -> int:
        return 128 + self.signum


def _raise(signum, frame) -> None:
    raise Interrupted(signum)


@contextlib.contextmanager
def signals_interrupt():
    """Within the block, SIGINT and SIGTERM raise :class:`Interrupted` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, _raise) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _worker_term(signum, frame) -> None:
    _STOPPING[0] = True
    raise SystemExit(128 + signum)


def worker_started() -> None:
    """Set up a worker process's signals (call from the pool's initializer)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_term)


def worker_check() -> None:
    """Exit a worker that was told to stop, before it starts another task."""
    if _STOPPING[0]:
        os._exit(143)


def stop_pool(pool, timeout: float = 10.0) -> None:
    """Stop a ``ProcessPoolExecutor``'s workers now: SIGTERM each, wait for each."""
    processes = list(getattr(pool, "_processes", {}).values())
    for process in processes:
        try:
            process.terminate()
        except (OSError, AttributeError):
            pass
    for process in processes:
        process.join(timeout)
        if process.is_alive():
            process.kill()
            process.join(timeout)
    pool.shutdown(wait=False, cancel_futures=True)
