"""cleanwire: turn scraped news and wire text into clean prose.

>>> import cleanwire
>>> cleanwire.clean("ALSO READ: Another Story\\n\\nThe story.\\u00a0\\n")
'The story.\\n'

Every change is made by a named rule with a stable code; ``Cleaner.explain`` reports
them. The heavy parts (rule compilation, ftfy) load on first use, so importing the
package is cheap.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Change", "Cleaner", "Explanation", "Rule", "Stage", "clean", "explain", "rules", "__version__"]


def __getattr__(name: str):
    if name in ("Cleaner", "clean", "explain"):
        from . import pipeline

        return getattr(pipeline, name)
    if name in ("Change", "Explanation", "Rule", "Stage"):
        from . import model

        return getattr(model, name)
    if name == "rules":
        from . import rules

        return rules
    raise AttributeError(f"module 'cleanwire' has no attribute {name!r}")
