"""``cleanwire report``: a self-contained HTML audit of what the cleaner removes.

:mod:`.collect` walks the corpus and keeps counters and a bounded sample,
:mod:`.summary` turns them into the figures (what ``--format json`` writes),
:mod:`.page` builds the HTML page, and :mod:`.command` is the command line.
"""

from .command import main

__all__ = ["main"]
