"""Stopping cleanly on Ctrl-C (SIGINT) and SIGTERM, with or without worker processes.

In the main process both signals become :class:`Interrupted`, an exception that
unwinds through the code that is writing: a temporary file is removed, an inode
rewrite puts the old bytes back, and no file is left half written.

An exception may only be raised where the code it lands in can unwind. Ours can;
the machinery of a process pool cannot: raised inside a fork's bookkeeping, a lock's
release or an object's finalizer, it is printed and dropped, the signal is lost, and
the pool is left with pipes half closed. So the main process never lets a signal
raise inside the pool's code (:func:`deferred`) or inside a finalizer: there the
signal is only recorded, and :func:`check` raises it at the next safe point, the
next file, batch or document, or a tenth of a second into a wait for a worker's
result (:func:`in_workers`).

Worker processes are never interrupted either. They ignore SIGINT (a terminal sends
it to the whole process group; the main process decides) and only record SIGTERM.
To stop them the main process sets a shared flag and shuts the pool down: each
worker finishes the item it is working on (a file is written whole or not at all),
refuses the tasks still queued for it, and exits the ordinary way, so none is left
running and no pipe is cut in the middle of a message.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections import deque
from typing import Callable, Iterable, Iterator

#: In the main process: the signal number of a stop not yet raised, or 0.
_PENDING = [0]
#: In the main process: how many :func:`deferred` blocks the main thread is inside.
_DEFERRED = [0]
#: In a worker process: the signal number that told it to stop, or 0.
_STOPPING = [0]
#: In a worker process: the pool's stop flag (a ``multiprocessing`` event).
_STOP_EVENT: list = [None]

#: Longest wait for a worker's result before a recorded stop is looked at (seconds).
POLL = 0.1


class Interrupted(BaseException):
    """The run was stopped by a signal; ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)

    @property
    def status(self) -> int:
        return 128 + self.signum


class Stopped(Exception):
    """Raised in a worker process for a task it refuses because the run is stopping."""

    def __init__(self, signum: int = 0) -> None:
        self.signum = signum
        super().__init__(signum)


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _in_finalizer(frame) -> bool:
    """Whether ``frame`` runs inside a ``__del__``, which would print and drop an exception."""
    while frame is not None:
        if frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


def _on_signal(signum, frame) -> None:
    if not _PENDING[0]:
        _PENDING[0] = signum
    if not _DEFERRED[0] and not _in_finalizer(frame):
        # Also recorded above: should it land somewhere else that swallows it (a
        # weak reference's callback), the next check() raises it again.
        raise Interrupted(_PENDING[0])


@contextlib.contextmanager
def signals_interrupt():
    """Within the block, SIGINT and SIGTERM raise :class:`Interrupted` (main thread only)."""
    if not _main_thread():
        yield
        return
    _PENDING[0] = 0
    _DEFERRED[0] = 0
    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _PENDING[0] = 0
        _DEFERRED[0] = 0


@contextlib.contextmanager
def deferred():
    """Within the block a signal is only recorded; :func:`check` raises it later.

    For code that must not see an exception it did not expect (the standard
    library's process pools). Other threads than the main one are not affected.
    """
    if not _main_thread():
        yield
        return
    _DEFERRED[0] += 1
    try:
        yield
    finally:
        _DEFERRED[0] -= 1


def pending() -> int:
    """The signal number of a recorded stop, or 0."""
    return _PENDING[0]


def check() -> None:
    """Raise :class:`Interrupted` for a signal recorded inside :func:`deferred`."""
    if _PENDING[0]:
        raise Interrupted(_PENDING[0])


# ------------------------------------------------------------- worker processes


def _worker_term(signum, frame) -> None:
    if not _STOPPING[0]:
        _STOPPING[0] = signum


def _start_worker(stop_event, initializer, initargs) -> None:
    # A forked worker inherits the main process's handlers (deferred at fork time,
    # so a signal that came before this point has only been recorded).
    _STOPPING[0] = _PENDING[0]
    _PENDING[0] = 0
    _DEFERRED[0] = 0
    _STOP_EVENT[0] = stop_event
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_term)
    if initializer is not None:
        initializer(*initargs)


def worker_check() -> None:
    """In a worker process, before each item: raise :class:`Stopped` when the run is stopping."""
    if not _STOPPING[0] and _STOP_EVENT[0] is not None and _STOP_EVENT[0].is_set():
        _STOPPING[0] = signal.SIGTERM
    if _STOPPING[0]:
        raise Stopped(_STOPPING[0])


def in_workers(
    fn: Callable,
    tasks: Iterable,
    jobs: int,
    initializer: Callable | None = None,
    initargs: tuple = (),
    payload: Callable | None = None,
) -> Iterator[tuple[object, object]]:
    """Yield ``(task, fn(task))`` for every task, in order, computed by ``jobs`` processes.

    With ``payload``, a worker computes ``fn(payload(task))``: only what it needs is
    sent to it. At most ``2 * jobs`` tasks are in flight, so memory stays bounded however many
    there are. ``fn`` should call :func:`worker_check` before each item of work.

    A signal (under :func:`signals_interrupt`) is raised as :class:`Interrupted` at
    the next task or within :data:`POLL` seconds of waiting; then, and whenever the
    loop is left early (an exception, the consumer closing the generator), the
    workers are stopped: each finishes its current item and exits, and all have
    exited when the exception goes on.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with deferred():
        stop_event = multiprocessing.Event()
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(stop_event, initializer, initargs))
    try:
        in_flight: deque = deque()
        for task in tasks:
            check()
            with deferred():  # may start a worker process
                in_flight.append((task, pool.submit(fn, task if payload is None else payload(task))))
            if len(in_flight) >= 2 * jobs:
                done, future = in_flight.popleft()
                yield done, _result(future)
        while in_flight:
            done, future = in_flight.popleft()
            yield done, _result(future)
    except BaseException:  # interrupted, a damaged input, or the consumer stopped
        _stop(pool, stop_event)
        raise
    with deferred():
        pool.shutdown(wait=True)
    check()


def _result(future):
    from concurrent.futures import wait

    with deferred():
        while not wait([future], timeout=POLL).done:
            check()
    check()
    try:
        return future.result()
    except Stopped as exc:  # a worker was sent SIGTERM by someone else: stop the same way
        raise Interrupted(exc.signum or signal.SIGTERM) from None


def _stop(pool, stop_event) -> None:
    """Stop a pool's workers and wait for them; nothing is raised into its machinery."""
    with deferred():
        stop_event.set()
        pool.shutdown(wait=True, cancel_futures=True)
