"""Regular expressions compiled when first used.

The ``regex`` module compiles a pattern in Python: a few milliseconds for one of the
larger patterns, and the package defines dozens at the top of its modules. A process
that cleans one short text (``cleanwire -`` in an editor or a pre-commit hook) uses a
handful of them, so each is compiled on first use instead of at import.

>>> WORD = Lazy(r"\\w+")
>>> WORD.pattern
'\\\\w+'
>>> WORD.findall("two words")
['two', 'words']
"""

from __future__ import annotations

import re

import regex

#: The engines a pattern may be compiled with, by name: ``re`` compiles the simple
#: patterns faster and scans some classes faster; ``regex`` has Unicode properties.
ENGINES = {"regex": regex, "re": re}

#: The methods a stand-in takes over from its compiled pattern, so that calling them
#: costs no more than calling the pattern's own.
_METHODS = ("search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split", "splititer")


class Lazy:
    """A stand-in for ``regex.compile(pattern, flags)`` (or ``re.compile`` with
    ``engine="re"``) that compiles on first use.

    ``pattern`` and ``flags`` are there at once (other patterns are built from them);
    anything else compiles the pattern, after which its methods are the stand-in's own
    attributes. Two threads may both compile it: the result is the same.
    """

    def __init__(self, pattern: str, flags: int = 0, engine: str = "regex") -> None:
        self.pattern = pattern
        self.flags = flags
        self.engine = engine

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = ENGINES[self.engine].compile(self.pattern, self.flags)
        for method in _METHODS:
            if hasattr(compiled, method):
                setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __reduce__(self):
        return (Lazy, (self.pattern, self.flags, self.engine))

    def __repr__(self) -> str:
        return f"Lazy({self.pattern!r}, {self.flags!r}, {self.engine!r})"
