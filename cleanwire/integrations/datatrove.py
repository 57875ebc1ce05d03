"""A datatrove pipeline step that cleans each document's text with cleanwire.

.. code-block:: python

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleanwire.integrations.datatrove import CleanwireFormatter

    LocalPipelineExecutor(
        pipeline=[
            JsonlReader("raw/"),
            CleanwireFormatter(ignore=["CW9"]),
            JsonlWriter("clean/"),
        ],
        tasks=8,
    ).run()

:class:`CleanwireFormatter` is a datatrove formatter: it takes a
:class:`~cleanwire.Cleaner` or a Cleaner's keyword options. Only the options are
pickled with the pipeline; each worker process builds the Cleaner once, on its first
document. A document's text is cleaned as a field
(:meth:`~cleanwire.Cleaner.clean_field`): it keeps its own ending, so one without a
final newline is given none. Besides datatrove's usual counters it records how many
documents changed (``changed``), and, with ``drop_empty=True``, drops documents that
cleaning emptied (``dropped_empty``) instead of passing on empty text.

Install with ``pip install 'cleanwire[datatrove]'``.
"""

from __future__ import annotations

from typing import Any

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.formatters.base import BaseFormatter
from datatrove.utils.typeshelper import StatHints

from ..pipeline import Cleaner
from .workers import cleaner_options, process_cleaner

__all__ = ["CleanwireFormatter"]


class CleanwireFormatter(BaseFormatter):
    """Clean ``doc.text`` of every document with a cleanwire pipeline."""

    name = "cleanwire"

    def __init__(self, cleaner: Cleaner | None = None, drop_empty: bool = False, **options: Any) -> None:
        super().__init__()
        self.options = cleaner_options(cleaner, options)
        self.drop_empty = drop_empty

    @property
    def cleaner(self) -> Cleaner:
        return process_cleaner(self.options)

    def format(self, text: str) -> str:
        """The cleaned text; a document's text keeps its own ending (see :meth:`Cleaner.clean_field`)."""
        return self.cleaner.clean_field(text)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        cleaner = self.cleaner
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                cleaned = cleaner.clean_field(doc.text)
            if cleaned != doc.text:
                self.stat_update("changed")
            doc.text = cleaned
            if self.drop_empty and not cleaned:
                self.stat_update("dropped_empty")
                continue
            yield doc
