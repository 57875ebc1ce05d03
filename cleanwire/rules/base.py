"""Building blocks shared by the rule families."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import regex

from ..model import ChangeLog, Rule


@dataclass(frozen=True, eq=False, repr=False)
class SubRule(Rule):
    """A rule that is one compiled substitution over the whole text.

    ``replace`` maps a match to its replacement. Whole-text substitution keeps the
    common case (nothing to do) at C speed; line numbers are only computed when a
    change log asks for them.
    """

    pattern: regex.Pattern | None = None
    replace: Callable[[regex.Match], str] | str = ""

    def apply(self, text: str, log: ChangeLog | None = None) -> str:
        pattern = self.pattern
        if log is None:
            return pattern.sub(self.replace, text)
        matches = list(pattern.finditer(text))
        if not matches:
            return text
        pieces = []
        last = 0
        for m in matches:
            new = self.replace(m) if callable(self.replace) else m.expand(self.replace)
            if new != m.group(0):
                log.add(self, log.line_at(text, m.start()), m.group(0), new)
            pieces.append(text[last : m.start()])
            pieces.append(new)
            last = m.end()
        pieces.append(text[last:])
        return "".join(pieces)
