"""Helpers for running cleanwire in engine workers: one Cleaner per process and configuration.

The Dask and datatrove adapters use them, and so can any other engine (see the Spark
recipe in docs/scale.md).
"""

from __future__ import annotations

import threading
from typing import Any, Mapping

from ..options import Options
from ..pipeline import Cleaner

_CLEANERS: dict[str, Cleaner] = {}
_LOCK = threading.Lock()
_BUILT = [0]


def cleaner_options(cleaner: Cleaner | None, options: Mapping[str, Any]) -> Options:
    """The options that rebuild ``cleaner`` (or a Cleaner from keyword ``options``), checked now.

    Building the Cleaner here, on the caller's side, makes a bad option fail before
    any work is sent to a cluster; only the frozen :class:`~cleanwire.options.Options`
    record travels to the workers.
    """
    if cleaner is not None and options:
        raise TypeError("pass either a Cleaner or Cleaner options, not both")
    if cleaner is None:
        cleaner = Cleaner(**options)
    return cleaner.options


def process_cleaner(options: Options) -> Cleaner:
    """The Cleaner for ``options`` in this process, built on first use and then reused.

    Engines ship tasks, not long-lived objects, to their workers; looking the Cleaner
    up here keeps rule compilation to once per worker process instead of once per
    task or per document.
    """
    key = options.key()
    cleaner = _CLEANERS.get(key)
    if cleaner is None:
        with _LOCK:
            cleaner = _CLEANERS.get(key)
            if cleaner is None:
                cleaner = Cleaner.from_options(options)
                _CLEANERS[key] = cleaner
                _BUILT[0] += 1
    return cleaner


def cleaners_built() -> int:
    """How many Cleaners this process has built for the adapters (for tests and logs)."""
    return _BUILT[0]
